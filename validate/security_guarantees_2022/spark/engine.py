"""The Spark engine's run: the same stages as the default engine (engines/default.py), each a Spark job.

Files are scanned (size, SHA-256, BOM, line ends, UTF-8) one Spark task per file, by the local
engine's own `scan_file`; the file-level checks (integrity, BOM, CRLF, encoding) then run on those
scans exactly as in the local engine. Tables are read and screened by Spark (validate/security_guarantees_2022/spark/
tables.py) and the registered rules (validate/security_guarantees_2022/checks/registry.py) run as their Spark bodies,
joins and windows (validate/security_guarantees_2022/spark/checks.py); a rule without one is refused (`unsupported-rule`).
Spark's own reads of the files are not hashed: each file's identity (inode, size, mtime, ctime)
is taken before the scan and compared after the last check, and a change fails the run with
`changed-while-reading` (a change is detected, not prevented).
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable, Iterable
from pathlib import Path

from pyspark.sql import SparkSession

from ..checks import FILE_CHECKS, rule_uses
from ..checks.registry import spark_bodies
from ..core import interrupt
from ..core.capped import MAX_PER_CODE, CappedIssues
from ..core.context import Context
from ..core.descriptor import Package
from ..core.report import Issue
from ..core.scans import FileScan, Identity, changed_while_reading, scan_file
from .checks import Found, Tables
from .columns import refuse_unsupported
from .tables import ROW, read_table

SMALL_BYTES = 64 << 20
# For a small package: one shuffle partition, no adaptive re-planning after every stage and no
# whole-stage code generation (compiling code for each table's rules costs more than it saves).
SMALL_PACKAGE = {
    "spark.sql.shuffle.partitions": "1",
    "spark.sql.adaptive.enabled": "false",
    "spark.sql.codegen.wholeStage": "false",
}


class SparkEngine:
    """Runs every stage and registered rule of the local engine on `spark` (any master)."""

    def __init__(self, spark: SparkSession) -> None:
        self.spark = spark

    def __call__(self, ctx: Context, found: CappedIssues, say: Callable[[str], None]) -> None:
        package = ctx.package
        bodies = spark_bodies(rule_uses(package))  # a rule without one is refused before any work
        refuse_unsupported(package)  # and so is a property this engine does not read
        identity_before = identities(package)
        say("scanning and hashing the files (one Spark task per file)")
        scans = scan_files(self.spark, package)
        interrupt.pause("spark-scanned")
        # a table's UTF-8 is reported by its read, as in the local engine
        ctx.scans = {
            name: dataclasses.replace(scan, bad_utf8_at=None) if res.is_table else scan
            for name, res in package.resources.items()
            for scan in [scans[name]]
        }
        t = Tables(self.spark, package, {})
        small = sum(s.size for s in scans.values()) < SMALL_BYTES
        saved = {key: self.spark.conf.get(key, None) for key in SMALL_PACKAGE}
        if small:  # a few MB: the cost is in scheduling many stages, not in the data
            for key, value in SMALL_PACKAGE.items():
                self.spark.conf.set(key, value)
        try:
            for name, res in package.tables.items():
                if res.path.is_file():
                    say(f"reading and screening {res.relpath} (Spark)")
                    table, issues = read_table(self.spark, res, scans[name], ctx.readings)
                    found.extend(sorted(issues, key=Issue.sort_key))
                    if table is not None:
                        t.read[name] = table
            for check in FILE_CHECKS:
                found.extend(check(ctx))
            for body, rule, use in bodies:
                if use.table in t.read:
                    say(f"checking {rule.name} in {use.table} (Spark)")
                    self._collect(found, body(t, use))
            unchanged_since(package, identity_before, scans)
        finally:
            for key, before in saved.items():
                if before is None:
                    self.spark.conf.unset(key)
                else:
                    self.spark.conf.set(key, before)
            for table in t.read.values():
                table.text.unpersist()
                table.typed.unpersist()

    @staticmethod
    def _collect(found: CappedIssues, each: Iterable[Found | Issue]) -> None:
        """Each rule's rows, at most MAX_PER_CODE of them (by row) to the driver; the rest counted.
        An Issue (a body that found it on the driver) is taken as it is."""
        for f in each:
            if isinstance(f, Issue):
                found.extend([f])
                continue
            rows = f.rows.orderBy(ROW).limit(MAX_PER_CODE + 1).collect()
            found.extend(f.issue(r.asDict()) for r in rows[:MAX_PER_CODE])
            if len(rows) > MAX_PER_CODE:
                found.counts[(f.table, f.code)] += f.rows.count() - MAX_PER_CODE


def identities(package: Package) -> dict[str, Identity | None]:
    """Each resource file's identity (inode, size, mtime, ctime) on the driver, or None."""
    found: dict[str, Identity | None] = {}
    for name, res in package.resources.items():
        try:
            st = os.stat(res.path)
        except OSError:
            found[name] = None
            continue
        found[name] = (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)
    return found


def unchanged_since(
    package: Package, before: dict[str, Identity | None], scans: dict[str, FileScan]
) -> None:
    """Spark's executors read the files themselves, so what they parse is not what the scan
    hashed: each file must keep the identity it had before the scan (and the scan's size) until
    every check has run, or the run fails with `changed-while-reading`."""
    after = identities(package)
    for name, res in package.resources.items():
        was, now, scan = before[name], after[name], scans[name]
        size_differs = scan.exists and was is not None and was[2] != scan.size
        if was != now or size_differs:
            raise changed_while_reading(res.relpath, "its inode, size or times changed")


def scan_files(spark: SparkSession, package: Package) -> dict[str, FileScan]:
    """Every resource's FileScan, one Spark task per file."""
    items = [(name, str(res.path)) for name, res in package.resources.items()]
    tasks = spark.sparkContext.parallelize(items, max(1, len(items)))
    scans = tasks.map(lambda item: (item[0], _scan_for_spark(item[1]))).collect()
    return dict(scans)


def _scan_for_spark(path: str) -> FileScan:
    """A table's UTF-8 too (Spark's reader replaces bad bytes) and its blank lines (it skips them)."""
    return scan_file(Path(path), check_utf8=True, find_blank_lines=True)
