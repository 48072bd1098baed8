"""Validation as a library call: one Report with every issue, built from the checks.

The chosen engine (engines/default.py unless told otherwise) runs the checks into one capped
collector; frictionless's second opinion runs in its own process meanwhile, and the caps and
the second opinion are the same for every engine.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ..core import interrupt
from ..core.capped import CappedIssues
from ..core.context import Context
from ..core.descriptor import load_package
from ..core.exact import reading_issues
from ..core.report import Issue, Report
from ..core.tables import check_header
from .default import default_engine
from .shared import Engine


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

    `engine` runs the checks into the collector (default: engines/default.py;
    validate/security_guarantees_2022/spark/ gives another); the second opinion and the caps are the same for every one.
    `streaming` picks the local engine's bounded-memory mode (validate/security_guarantees_2022/engines/streaming.py), which
    reads `batch_rows` rows at a time; its context then holds only the columns checks needed.
    `engine_name` (default, streaming, spark) is the engine whose unimplemented properties are
    refused when the package is loaded (validate/security_guarantees_2022/core/properties.py).
    """
    say = progress or (lambda _message: None)
    if streaming and engine is None:
        from .streaming import DEFAULT_BATCH_ROWS, streaming_engine

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
            from ..core import second_opinion

            opinion = second_opinion.start(package)
        interrupt.pause("checks")
        _own_checks(ctx, report, say, engine or default_engine)
        if opinion is not None:
            say("waiting for frictionless's second opinion")
            report.second_opinion = opinion.result()
            report.issues.extend(_disagreements(report))
    finally:
        if opinion is not None:
            opinion.cancel()
    return report, ctx


def _own_checks(ctx: Context, report: Report, say: Callable[[str], None], engine: Engine) -> None:
    found = CappedIssues()
    engine(ctx, found, say)
    reading_issues(ctx.readings.values(), found)
    report.issues.extend(found)
    report.issues.extend(found.summaries())


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
