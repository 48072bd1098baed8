from __future__ import annotations

import importlib.util
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.fixtures import tiny

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture
def tiny_package(tmp_path: Path) -> Path:
    """A fresh, valid copy of the tiny package; tests break it as they need."""
    return tiny.build(tmp_path / "tiny")


def spark_missing() -> str | None:
    """Why the Spark engine cannot run here, or None."""
    if importlib.util.find_spec("pyspark") is None:
        return "pyspark is not installed (pip install '.[spark]')"
    if not os.environ.get("JAVA_HOME") and shutil.which("java") is None:
        return "java not found: install Debian's openjdk-17-jre-headless (make java)"
    return None


@pytest.fixture(scope="session")
def spark_master() -> Iterator[str]:
    """The URL of a standalone Spark cluster (tests/spark_cluster.py) started once for the
    session: skipped when pyspark or Java is missing, except in CI (CI=true), where that fails.
    Drivers in this process and in its subprocesses bind to 127.0.0.1 and take the cluster's
    driver defaults."""
    missing = spark_missing()
    if missing:
        if os.environ.get("CI"):
            pytest.fail(missing)
        pytest.skip(missing)
    from tests.spark_cluster import standalone_cluster

    with (
        tempfile.TemporaryDirectory(prefix="sg2022-cluster-") as folder,
        standalone_cluster(Path(folder) / "cluster") as cluster,
        pytest.MonkeyPatch.context() as env,
    ):
        env.setenv("SPARK_LOCAL_IP", "127.0.0.1")
        env.setenv("SPARK_CONF_DIR", str(cluster.conf_dir))
        yield cluster.master
