"""A Spark session that makes no network connection of its own in local mode."""

from __future__ import annotations

import os
import shutil
import sys
import warnings
from pathlib import Path
from typing import TYPE_CHECKING

from ..core.report import PackageError

if TYPE_CHECKING:
    from pyspark.sql import SparkSession


LOG_CONFIG = Path(__file__).with_name("log4j2.properties")  # Spark's log: errors only


def is_local(master: str) -> bool:
    return master == "local" or master.startswith("local[")


def spark_session(master: str) -> SparkSession:
    """A session at `master`; a local one binds to 127.0.0.1 and runs no web UI.

    Missing pyspark or Java is `engine-unavailable`, never a traceback.
    """
    # pyspark warns about pandas 3 on import; the engine uses no pandas API of Spark's
    warnings.filterwarnings("ignore", category=FutureWarning, module=r"pyspark(\.|$)")
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        raise PackageError(
            "engine-unavailable",
            "the Spark engine needs pyspark: pip install 'security-guarantees-2022[spark]' "
            "(and a Java runtime, e.g. Debian's openjdk-17-jre-headless)",
        ) from None
    if not os.environ.get("JAVA_HOME") and shutil.which("java") is None:
        raise PackageError(
            "engine-unavailable",
            "the Spark engine needs a Java runtime (e.g. Debian's openjdk-17-jre-headless) "
            "on PATH or in JAVA_HOME",
        )
    # the executors' Python is this one, so they import the same validator
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    builder = (
        SparkSession.builder.master(master)
        .appName("security-guarantees-2022")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config(
            "spark.sql.ansi.enabled", "false"
        )  # a cell that does not parse is null, as in polars
        .config("spark.sql.session.timeZone", "UTC")
        .config(
            "spark.sql.legacy.timeParserPolicy", "CORRECTED"
        )  # 2021-02-30 is null, not an error
        .config("spark.sql.adaptive.enabled", "true")
        .config(
            "spark.driver.extraJavaOptions", f"-Dlog4j2.configurationFile={LOG_CONFIG.as_uri()}"
        )
    )
    if is_local(master):
        os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
        builder = (
            builder.config("spark.driver.host", "127.0.0.1")
            .config("spark.driver.bindAddress", "127.0.0.1")
            .config("spark.sql.shuffle.partitions", str(2 * (os.cpu_count() or 1)))
            .config("spark.driver.memory", os.environ.get("SG2022_SPARK_MEMORY", "4g"))
        )
    try:
        spark = builder.getOrCreate()
    except Exception as exc:  # the JVM did not start: no usable Java, or the master is unreachable
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise PackageError(
            "engine-unavailable", f"Spark did not start at {master}: {first}"
        ) from None
    spark.sparkContext.setLogLevel("ERROR")
    return spark
