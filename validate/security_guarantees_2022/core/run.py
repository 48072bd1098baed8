"""Validation as a library call: one Report with every issue, built from the checks.

Each table is read once; its bytes are hashed on a worker thread while polars parses the same
bytes (what is validated is what was hashed), and the tables are screened meanwhile; the span check
runs on another thread beside the other checks (polars, numpy and hashlib release the GIL), and
frictionless's second opinion runs in its own process meanwhile.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

import polars as pl

from ..checks import CELL_CHECK, FILE_CHECKS, Rule, Use, rule_uses
from . import interrupt
from .context import Context, FileScan, first_bad_utf8, read_whole, scan_bytes, scan_file
from .descriptor import Resource, load_package
from .exact import reading_issues
from .report import Issue, PackageError, Report
from .screen import screen
from .tables import TableReadError, check_header, check_lines, read_table_text

MAX_EXPLAINED_ROWS = 20_000  # flagged rows of one table that are explained cell by cell
MAX_PER_CODE = 10_000  # issues of one code in one table that are listed


def validate_package(
    path: str | Path | None = None,
    *,
    second: bool = True,
    progress: Callable[[str], None] | None = None,
    streaming: bool = False,
    batch_rows: int | None = None,
) -> Report:
    """Validate a package (the bundled one by default). Raises PackageError for unusable input."""
    return run_checks(
        path, second=second, progress=progress, streaming=streaming, batch_rows=batch_rows
    )[0]


def run_checks(
    path: str | Path | None = None,
    *,
    second: bool = True,
    progress: Callable[[str], None] | None = None,
    engine: Engine | None = None,
    streaming: bool = False,
    batch_rows: int | None = None,
    engine_name: str = "default",
) -> tuple[Report, Context]:
    """The report plus the typed tables it was built from (the loader reuses them).

    `engine` runs the checks into the collector (default: the local polars engine below;
    validate/security_guarantees_2022/spark/ gives another); the second opinion and the caps are the same for every one.
    `streaming` picks the local engine's bounded-memory mode (validate/security_guarantees_2022/core/stream.py), which
    reads `batch_rows` rows at a time; its context then holds only the columns checks needed.
    `engine_name` (default, streaming, spark) is the engine whose unimplemented properties are
    refused when the package is loaded (validate/security_guarantees_2022/core/properties.py).
    """
    say = progress or (lambda _message: None)
    if streaming and engine is None:
        from .stream import DEFAULT_BATCH_ROWS, streaming_engine

        engine = streaming_engine(DEFAULT_BATCH_ROWS if batch_rows is None else batch_rows)
    package = load_package(path, "streaming" if streaming else engine_name)
    for res in package.tables.values():  # a hostile header is refused before any read
        if res.path.is_file():
            check_header(res)
    ctx = Context(package)
    report = Report(package=str(package.descriptor_path), declared_checks=package.declared_checks())
    opinion = None
    try:
        if second:  # frictionless's process and its helpers are imported only when asked for
            from . import second_opinion

            opinion = second_opinion.start(package)
        interrupt.pause("checks")
        _own_checks(ctx, report, say, engine or _run_checks_into)
        if opinion is not None:
            say("waiting for frictionless's second opinion")
            report.second_opinion = opinion.result()
            report.issues.extend(_disagreements(report))
    finally:
        if opinion is not None:
            opinion.cancel()
    return report, ctx


class CappedIssues(list[Issue]):
    """The report's issues, at most MAX_PER_CODE per table and code; the rest are counted.

    Memory stays in proportion to what a reader can use, whatever a broken file holds; one
    `issues-truncated` issue per capped table and code says how many were left out.
    """

    def __init__(self) -> None:
        super().__init__()
        self.counts: Counter[tuple[str | None, str]] = Counter()

    def extend(self, issues: Iterable[Issue]) -> None:
        for issue in issues:
            key = (issue.table, issue.code)
            self.counts[key] += 1
            if self.counts[key] <= MAX_PER_CODE or issue.code == "issues-truncated":
                self.append(issue)

    def absorb(self, other: CappedIssues) -> None:
        """Take another collector's issues and its counts of those it left out."""
        self.extend(other)
        for key, count in other.counts.items():
            self.counts[key] += count - min(count, MAX_PER_CODE)

    def summaries(self) -> list[Issue]:
        return [
            Issue.of(
                "issues-truncated",
                table,
                value=code,
                count=count - MAX_PER_CODE,
                what=f"{code} issues are not listed",
                limit=MAX_PER_CODE,
                per="per code and table",
            )
            for (table, code), count in sorted(self.counts.items(), key=str)
            if count > MAX_PER_CODE and code != "issues-truncated"
        ]


Engine = Callable[[Context, "CappedIssues", Callable[[str], None]], None]


def _own_checks(ctx: Context, report: Report, say: Callable[[str], None], engine: Engine) -> None:
    found = CappedIssues()
    engine(ctx, found, say)
    reading_issues(ctx.readings.values(), found)
    report.issues.extend(found)
    report.issues.extend(found.summaries())


def _run_checks_into(ctx: Context, report: CappedIssues, say: Callable[[str], None]) -> None:
    package = ctx.package
    with ThreadPoolExecutor(max_workers=1) as pool, ThreadPoolExecutor(max_workers=1) as lane:
        scans: dict[str, Future[FileScan]] = {
            name: pool.submit(scan_file, res.path, check_utf8=True)
            for name, res in package.resources.items()
            if not res.is_table
        }
        for name, res in package.tables.items():
            data = _read_table_bytes(res)
            if data is None:
                scans[name] = pool.submit(FileScan, exists=False)
                continue
            # hashed on the pool's thread while polars parses the very same bytes
            scans[name] = pool.submit(scan_bytes, data)
            say(f"reading and screening {res.relpath}")
            report.extend(_read_and_screen(ctx, res, data, scans[name]))
            del data
        ctx.scans = {name: scans[name].result() for name in package.resources}
        for check in FILE_CHECKS:
            report.extend(check(ctx))
        report.extend(CELL_CHECK(ctx))
        uses = [(rule, use) for rule, use in rule_uses(package) if use.table in ctx.typed]
        say("checking spans and sources (on a second thread)")
        beside = lane.submit(_collected, ctx, [(r, u) for r, u in uses if r.lane])
        for rule, use in uses:
            if not rule.lane:
                say(f"checking {rule.name} in {use.table}")
                report.extend(rule.polars(ctx, use))
        say("waiting for the span check")
        report.absorb(beside.result())


def _collected(ctx: Context, uses: list[tuple[Rule, Use]]) -> CappedIssues:
    found = CappedIssues()
    for rule, use in uses:
        found.extend(rule.polars(ctx, use))
    return found


def _read_table_bytes(res: Resource) -> bytes | None:
    """A table's bytes, read once (None: missing or not a regular file, as scan_file says); a
    file with a line past the limit is refused before it is held (`too-large`)."""
    try:
        check_lines(res)
        return read_whole(res.path)
    except (FileNotFoundError, NotADirectoryError):
        return None
    except PackageError as exc:
        if exc.code != "not-a-file":
            raise
        return None
    except OSError as exc:
        raise PackageError(
            "missing-file", f"{res.relpath} cannot be read: {exc.strerror}"
        ) from None


def _read_and_screen(
    ctx: Context, res: Resource, data: bytes, scan: Future[FileScan]
) -> list[Issue]:
    """Read one table from its bytes, screen it, and explain what the screen flags; keep it
    typed in ctx."""
    try:
        text, ctx.readings[res.name] = read_table_text(res, scan=scan.result, data=data)
    except TableReadError as exc:
        return [read_error_issue(res, exc, data)]
    typed, flagged = screen(res, text)
    ctx.typed[res.name] = typed
    count = flagged.height
    flagged = flagged.head(MAX_EXPLAINED_ROWS)  # explaining each row costs; a count is enough
    ctx.flagged[res.name] = flagged
    return explained(res, flagged, text.columns, count)


def explained(res: Resource, flagged: pl.DataFrame, columns: list[str], count: int) -> list[Issue]:
    """The schema's issues in the flagged rows (at most MAX_EXPLAINED_ROWS of the `count`) and in
    the header `columns`; one issues-truncated issue counts the rows left unexplained."""
    if flagged.is_empty() and res.schema is not None and res.schema.header_fits(columns):
        return []
    from .schema_checks import schema_issues  # pandera: imported only when there is work for it

    rows = flagged.get_column("__row").to_list()
    issues = list(schema_issues(res, flagged.drop("__row"), rows))
    unexplained = max(0, count - MAX_EXPLAINED_ROWS)
    if unexplained:
        issues.append(unexplained_issue(res.name, unexplained))
    return issues


def read_error_issue(res: Resource, exc: TableReadError, data: bytes | None = None) -> Issue:
    """A table that cannot be read: not UTF-8, or not CSV (both engines report it so)."""
    bad_at = first_bad_utf8(res.path if data is None else data)
    if bad_at is not None:
        return Issue.of("encoding", res.name, file=res.relpath, offset=bad_at)
    return Issue.of("malformed-csv", res.name, reason=exc)


def unexplained_issue(name: str, unexplained: int) -> Issue:
    return Issue.of(
        "issues-truncated",
        name,
        value=str(unexplained),
        count=unexplained,
        what="rows break a schema or hygiene rule and are not explained",
        limit=MAX_EXPLAINED_ROWS,
        per="rows are explained per table",
    )


def _disagreements(report: Report) -> list[Issue]:
    """frictionless errors in tables where the validator itself found nothing."""
    tables_with_issues = {i.table for i in report.issues}
    return [
        Issue.of(
            "second-opinion",
            error["table"],
            kind=error["type"],
            detail=error["message"],
            row=error["row"],
        )
        for error in report.second_opinion["errors"]
        if error["table"] not in tables_with_issues
    ]
