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


def require_spark() -> None:
    """Skip the test when pyspark or Java is missing, except in CI (CI=true), where that fails."""
    missing = None
    if importlib.util.find_spec("pyspark") is None:
        missing = "pyspark is not installed (pip install '.[spark]')"
    elif not os.environ.get("JAVA_HOME") and shutil.which("java") is None:
        missing = "java not found: install Debian's openjdk-17-jre-headless (make java)"
    if missing and os.environ.get("CI"):
        pytest.fail(missing)
    if missing:
        pytest.skip(missing)


@pytest.fixture(scope="session")
def spark_master() -> Iterator[str]:
    """The URL of a standalone Spark cluster (tests/spark_cluster.py) started once for the
    session. Drivers in this process and in its subprocesses bind to 127.0.0.1 and take the
    cluster's driver defaults."""
    require_spark()
    from tests.spark_cluster import standalone_cluster

    with (
        tempfile.TemporaryDirectory(prefix="sg2022-cluster-") as folder,
        standalone_cluster(Path(folder) / "cluster") as cluster,
        pytest.MonkeyPatch.context() as env,
    ):
        env.setenv("SPARK_LOCAL_IP", "127.0.0.1")
        env.setenv("SPARK_CONF_DIR", str(cluster.conf_dir))
        yield cluster.master
