"""Validation as a library call: one Report with every issue, built from the checks."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from . import second_opinion
from .checks import FILE_CHECKS, TABLE_CHECKS
from .context import Context, scan_file
from .descriptor import load_package
from .report import Issue, Report
from .schema_checks import schema_issues
from .tables import TableReadError, cast_frame, read_text_frame


def validate_package(
    path: str | Path | None = None,
    *,
    second: bool = True,
    progress: Callable[[str], None] | None = None,
) -> Report:
    """Validate a package (the bundled one by default). Raises PackageError for unusable input."""
    return run_checks(path, second=second, progress=progress)[0]


def run_checks(
    path: str | Path | None = None,
    *,
    second: bool = True,
    progress: Callable[[str], None] | None = None,
) -> tuple[Report, Context]:
    """The report plus the typed tables it was built from (the loader reuses them)."""
    say = progress or (lambda _message: None)
    package = load_package(path)
    ctx = Context(package)
    report = Report(package=str(package.root / "datapackage.json"))
    for name, res in package.resources.items():
        say(f"scanning {res.relpath}")
        ctx.scans[name] = scan_file(res.path)
    for check in FILE_CHECKS:
        report.issues.extend(check(ctx))
    for name, res in package.tables.items():
        scan = ctx.scans[name]
        if not scan.exists or scan.bad_utf8_at is not None:
            continue
        say(f"checking {name}")
        try:
            text = read_text_frame(res)
        except TableReadError as exc:
            report.issues.append(Issue("malformed-csv", name, f"cannot be read as CSV: {exc}"))
            continue
        report.issues.extend(schema_issues(res, text))
        ctx.text[name] = text
        ctx.typed[name] = cast_frame(res, text)
    say("checking keys, codes, spans and dates")
    for check in TABLE_CHECKS:
        report.issues.extend(check(ctx))
    if second:
        say("asking frictionless for a second opinion")
        report.second_opinion = second_opinion.run(package)
        tables_with_issues = {i.table for i in report.issues}
        for error in report.second_opinion["errors"]:
            if error["table"] not in tables_with_issues:
                report.issues.append(
                    Issue(
                        "second-opinion",
                        error["table"],
                        f"frictionless reports {error['type']}: {error['message']}",
                        row=error["row"],
                    )
                )
    return report, ctx
