"""The Spark engine: the validator's checks as Spark DataFrame operations, for packages beyond
one machine.

`security-guarantees-2022 PATH --engine spark --spark-master URL` runs it. The rules come from the
same declarations the local (polars) engine reads: the Table Schemas' types, constraints and
keys (validate/security_guarantees_2022/core/descriptor.py, validate/security_guarantees_2022/core/rules.py) and the rule registry
(validate/security_guarantees_2022/checks/registry.py), whose rules' Spark bodies it runs (a rule without one is refused,
`unsupported-rule`); each issue is worded by the same function the local engine calls, so the
two reports agree issue for issue. pyspark is an optional extra (`pip install '.[spark]'`); it is
imported only when this engine is asked for, and its absence is a coded error.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ..core.report import Report

DEFAULT_MASTER = "local[*]"


def validate_with_spark(
    path: str | Path | None = None,
    *,
    master: str = DEFAULT_MASTER,
    second: bool = False,
    progress: Callable[[str], None] | None = None,
) -> Report:
    """security_guarantees_2022.validate_package, with the checks run by Spark at `master` (a Spark master URL)."""
    from ..core import interrupt
    from ..core.descriptor import load_package
    from ..engines.run import run_checks
    from .session import spark_run

    load_package(path, "spark")  # what Spark does not implement is refused before it starts
    say = progress or (lambda _message: None)
    say(f"starting Spark ({master})")
    # first: a missing pyspark is a coded error, not an ImportError; the session, its JVM and
    # its temporary folders end with the block, whichever way it ends
    with spark_run(master) as spark:
        interrupt.pause("spark-started")
        from .engine import SparkEngine

        return run_checks(
            path, second=second, progress=progress, engine=SparkEngine(spark), engine_name="spark"
        )[0]
