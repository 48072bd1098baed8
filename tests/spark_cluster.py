"""A Spark standalone cluster on this machine for the Spark tests: a master and a worker, each a
process of its own started from the pyspark distribution's `bin/spark-class`, so that the tests
run the cluster's code path (executors that read the files, Python workers for the UDFs, every
closure serialised) and not only `local[N]`.

Everything binds to 127.0.0.1 on free ports; the processes' logs, work and temporary folders are
in one folder, removed with the processes ended when the block ends, however it ends.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import NamedTuple

START_SECONDS = 120  # for the master to answer and the worker to register with it
STOP_SECONDS = 20  # for each process to end at SIGTERM, before SIGKILL
# What the worker offers its executors: room for two drivers' executors at once (2 cores and 2g
# each; the machine has 2 cores and 24 GiB), since a test's own session stays up while the
# command line it runs is a second driver. Each driver takes at most 2 cores (spark.cores.max),
# or the first would hold them all and the second wait for ever.
WORKER_CORES = "4"
WORKER_MEMORY = "4g"
DAEMON_MEMORY = "512m"  # each of the master's and the worker's own JVMs
# A driver's defaults (spark-submit reads them from SPARK_CONF_DIR): a few shuffle partitions for
# packages of this size (Spark's 200 make each run several times slower), and room for 100k rows.
DRIVER_DEFAULTS = {
    "spark.sql.shuffle.partitions": "4",
    "spark.cores.max": "2",
    "spark.driver.memory": "2g",
    "spark.executor.memory": "2g",
}


class Cluster(NamedTuple):
    master: str  # spark://127.0.0.1:PORT
    conf_dir: Path  # SPARK_CONF_DIR for a driver: its spark-defaults.conf holds DRIVER_DEFAULTS


def free_port() -> int:
    """A port nothing listens on now (the OS picks it; a race with another process is unlikely)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def spark_class() -> Path:
    import pyspark

    return Path(pyspark.__file__).parent / "bin" / "spark-class"


def _alive_workers(ui_port: int) -> int:
    """How many workers the master counts as ALIVE, from its web UI's JSON (0 while it starts)."""
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{ui_port}/json/", timeout=2) as answer:
            state = json.load(answer)
    except (OSError, ValueError):
        return 0
    return sum(1 for worker in state.get("workers", []) if worker.get("state") == "ALIVE")


def _tail(path: Path) -> str:
    with suppress(OSError):
        return path.read_text(encoding="utf-8", errors="replace")[-3000:]
    return ""


def _end(process: subprocess.Popen[bytes]) -> None:
    """SIGTERM the process's own group (a worker takes its executors with it), then SIGKILL."""
    for sig in (signal.SIGTERM, signal.SIGKILL):
        with suppress(ProcessLookupError):
            os.killpg(process.pid, sig)
        try:
            process.wait(STOP_SECONDS)
            return
        except subprocess.TimeoutExpired:
            continue


@contextmanager
def standalone_cluster(root: Path) -> Iterator[Cluster]:
    """A master and one worker, their files under `root` (made here, removed at the end)."""
    root.mkdir(parents=True)
    for name in ("conf", "logs", "work", "local", "tmp"):
        (root / name).mkdir()
    defaults = "".join(f"{key} {value}\n" for key, value in DRIVER_DEFAULTS.items())
    (root / "conf" / "spark-defaults.conf").write_text(defaults, encoding="utf-8")
    java = f"-Djava.io.tmpdir={root / 'tmp'} -XX:-UsePerfData"
    env = {
        **os.environ,
        "SPARK_LOCAL_IP": "127.0.0.1",
        "SPARK_LOCAL_DIRS": str(root / "local"),
        "SPARK_DAEMON_MEMORY": DAEMON_MEMORY,
        "SPARK_DAEMON_JAVA_OPTS": java,
        "SPARK_LOG_DIR": str(root / "logs"),
        "SPARK_PID_DIR": str(root),
        "TMPDIR": str(root / "tmp"),  # the executors' Python workers inherit it
    }
    env.pop("SPARK_HOME", None)  # spark-class finds the distribution it belongs to
    port, ui_port = free_port(), free_port()
    master_url = f"spark://127.0.0.1:{port}"
    master = ["--port", str(port), "--webui-port", str(ui_port)]
    worker = ["--port", str(free_port()), "--webui-port", str(free_port())]
    worker += ["--cores", WORKER_CORES, "--memory", WORKER_MEMORY, "--work-dir", str(root / "work")]
    commands = {
        "master": ["org.apache.spark.deploy.master.Master", "--host", "127.0.0.1", *master],
        "worker": [
            "org.apache.spark.deploy.worker.Worker",
            "--host",
            "127.0.0.1",
            *worker,
            master_url,
        ],
    }
    processes: list[subprocess.Popen[bytes]] = []
    try:
        for name, args in commands.items():
            with (root / "logs" / f"{name}.log").open("wb") as log:
                processes.append(
                    subprocess.Popen(
                        [str(spark_class()), *args],
                        stdin=subprocess.DEVNULL,
                        stdout=log,
                        stderr=subprocess.STDOUT,
                        env=env,
                        cwd=root,
                        start_new_session=True,  # a group of its own, ended as one
                    )
                )
        deadline = time.monotonic() + START_SECONDS
        while _alive_workers(ui_port) < 1:
            ended = [p for p in processes if p.poll() is not None]
            if ended or time.monotonic() > deadline:
                logs = "\n".join(_tail(root / "logs" / f"{n}.log") for n in commands)
                raise RuntimeError(f"the standalone Spark cluster did not start:\n{logs}")
            time.sleep(0.5)
        yield Cluster(master_url, root / "conf")
    finally:
        for process in reversed(processes):  # the worker first, then the master
            _end(process)
        shutil.rmtree(root, ignore_errors=True)
