"""A Spark session that makes no network connection of its own in local mode, and, run through
`spark_run`, leaves nothing behind: no JVM and no temporary folder, whichever way the run ends."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import threading
import warnings
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..core import interrupt, scratch
from ..core.report import PackageError

if TYPE_CHECKING:
    from pyspark.sql import SparkSession


LOG_CONFIG = Path(__file__).with_name("log4j2.properties")  # Spark's log: errors only
STOP_SECONDS = 30  # for spark.stop(); the JVM is ended after it regardless
END_SECONDS = 10  # for the JVM to end at end of input, then at SIGTERM, before SIGKILL


def is_local(master: str) -> bool:
    return master == "local" or master.startswith("local[")


def spark_session(master: str, local_dir: Path | None = None) -> SparkSession:
    """A session at `master`; a local one binds to 127.0.0.1 and runs no web UI.

    With `local_dir`, everything the driver JVM writes locally (spark.local.dir, java.io.tmpdir)
    goes there. Missing pyspark or Java is `engine-unavailable`, never a traceback.
    """
    # pyspark warns about pandas 3 on import; the engine uses no pandas API of Spark's
    warnings.filterwarnings("ignore", category=FutureWarning, module=r"pyspark(\.|$)")
    try:
        from pyspark import SparkConf, SparkContext
        from pyspark.sql import SparkSession
    except ImportError:
        raise PackageError.of("engine-unavailable", "no-pyspark") from None
    if not os.environ.get("JAVA_HOME") and shutil.which("java") is None:
        raise PackageError.of("engine-unavailable", "no-java")
    # the executors' Python is this one, so they import the same validator
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    java_options = f"-Dlog4j2.configurationFile={LOG_CONFIG.as_uri()}"
    options = {
        "spark.master": master,
        "spark.app.name": "security-guarantees-2022",
        "spark.ui.enabled": "false",
        "spark.ui.showConsoleProgress": "false",
        "spark.sql.ansi.enabled": "false",  # a cell that does not parse is null, as in polars
        "spark.sql.session.timeZone": "UTC",
        "spark.sql.legacy.timeParserPolicy": "CORRECTED",  # 2021-02-30 is null, not an error
        "spark.sql.adaptive.enabled": "true",
    }
    if local_dir is not None:
        # no hsperfdata file in /tmp either
        java_options += f" -Djava.io.tmpdir={local_dir} -XX:-UsePerfData"
        options["spark.local.dir"] = str(local_dir)
        options["spark.sql.warehouse.dir"] = str(local_dir / "warehouse")
    options["spark.driver.extraJavaOptions"] = java_options
    if is_local(master):
        os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
        options["spark.driver.host"] = "127.0.0.1"
        options["spark.driver.bindAddress"] = "127.0.0.1"
        options["spark.sql.shuffle.partitions"] = str(2 * (os.cpu_count() or 1))
        options["spark.driver.memory"] = os.environ.get("SG2022_SPARK_MEMORY", "4g")
    conf = SparkConf().setAll(list(options.items()))
    try:
        # The JVM is started first, on its own, with no signal taken while it starts: once it
        # runs, it is known (scratch.started), so whatever stops the run next also ends it.
        with interrupt.deferred():
            SparkContext._ensure_initialized(conf=conf)
            process = gateway_process()
            if process is not None:
                scratch.started(process)
        spark = SparkSession.builder.config(conf=conf).getOrCreate()
    except Exception as exc:  # the JVM did not start: no usable Java, or the master is unreachable
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise PackageError.of(
            "engine-unavailable", "not-started", master=master, reason=first
        ) from None
    spark.sparkContext.setLogLevel("ERROR")
    return spark


def gateway_process() -> subprocess.Popen[Any] | None:
    """The driver JVM pyspark started in this process (its py4j gateway), if any."""
    try:
        from pyspark import SparkContext
    except ImportError:  # spark_session says so, with a code
        return None

    gateway = SparkContext._gateway
    process = getattr(gateway, "proc", None) if gateway is not None else None
    return process if isinstance(process, subprocess.Popen) else None


@contextmanager
def spark_run(master: str) -> Iterator[SparkSession]:
    """A session at `master` whose every local file is in one scratch folder (validate/security_guarantees_2022/core/
    scratch.py): Spark's spark.local.dir (spark-*, blockmgr-*), the JVM's java.io.tmpdir, and
    the temporary files of pyspark and its Python workers (TMPDIR). When the block ends —
    normally, by an error or by a signal — the session is stopped, the JVM this run started is
    ended (told to, then killed if it lingers), and the folder is removed."""
    with scratch.scratch_folder("spark") as folder:
        local, temp = folder / "local", folder / "tmp"
        local.mkdir()
        temp.mkdir()
        ours = gateway_process() is None  # a JVM already running is someone else's to end
        saved_env = {key: os.environ.get(key) for key in ("TMPDIR", "SPARK_LOCAL_DIRS")}
        saved_tempdir = tempfile.tempdir
        os.environ["TMPDIR"] = str(temp)  # inherited by the JVM and the Python workers
        os.environ["SPARK_LOCAL_DIRS"] = str(local)  # it would override spark.local.dir
        tempfile.tempdir = str(temp)  # pyspark's own temporary files in this process
        spark = None
        try:
            spark = spark_session(master, local)
            tempfile.tempdir = saved_tempdir
            yield spark
        finally:
            tempfile.tempdir = saved_tempdir
            for key, value in saved_env.items():
                if value is None:
                    os.environ.pop(key, None)
                else:
                    os.environ[key] = value
            try:
                if spark is not None:
                    stop_session(spark)
            finally:
                if ours:  # a signal now waits until the JVM is gone (at most 2 × END_SECONDS)
                    with interrupt.deferred():
                        end_gateway()


def stop_session(spark: SparkSession) -> None:
    """spark.stop(), in a thread of its own (the main thread's py4j connection may have been cut
    mid-call by a signal) and for at most STOP_SECONDS: the JVM is ended after it regardless."""
    stopper = threading.Thread(target=lambda: _quietly(spark.stop), daemon=True)
    stopper.start()
    stopper.join(STOP_SECONDS)


def _quietly(call: Any) -> None:
    with suppress(Exception):
        call()


def end_gateway() -> None:
    """End the driver JVM pyspark started: close its stdin (it exits at end of input), then
    SIGTERM, then SIGKILL; and forget it, so a later session starts a new one."""
    process = gateway_process()
    if process is None:
        return
    from pyspark import SparkContext

    gateway = SparkContext._gateway
    SparkContext._gateway = None
    SparkContext._jvm = None
    with suppress(OSError):
        if process.stdin is not None:
            process.stdin.close()
    try:
        process.wait(END_SECONDS)
    except subprocess.TimeoutExpired:
        with suppress(OSError):
            process.terminate()
        try:
            process.wait(END_SECONDS)
        except subprocess.TimeoutExpired:
            with suppress(OSError):
                process.kill()
            process.wait()
    scratch.ended(process)
    if gateway is not None:
        _quietly(gateway.close)
