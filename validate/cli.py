"""A thin command line over the library: the exit code comes from the report.

0 valid, 1 invalid data, 2 unusable input (bad descriptor, unknown resource, unsafe path).
"""

from __future__ import annotations

import json
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

import click

from .citation import write_citation
from .diff import Diff, diff
from .load import InvalidPackageError
from .release import build_release
from .releases import check_version, record_release
from .report import Issue, PackageError, Report
from .run import validate_package
from .stamp import stamp

EXIT_VALID, EXIT_INVALID, EXIT_UNUSABLE, EXIT_BUG = 0, 1, 2, 3


class DefaultCommandGroup(click.Group):
    """`python -m validate [PATH]` runs `check`; named subcommands run as usual."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if not args or (args[0] not in self.commands and args[0] not in ("--help", "-h")):
            args = ["check", *args]
        return super().parse_args(ctx, args)


@click.group(cls=DefaultCommandGroup, context_settings={"help_option_names": ["-h", "--help"]})
def main() -> None:
    """Validate the security-guarantees-2022 data package, or a fork of it."""


def render_text(report: Report) -> str:
    lines = []
    by_table: dict[str, list[Issue]] = defaultdict(list)
    for issue in sorted(report.issues, key=Issue.sort_key):
        by_table[issue.table or "(package)"].append(issue)
    for table, issues in by_table.items():
        lines.append(click.style(f"{table}", bold=True) + f"  {len(issues)} issue(s)")
        by_code: dict[str, list[Issue]] = defaultdict(list)
        for issue in issues:
            by_code[issue.code].append(issue)
        for code, group in sorted(by_code.items()):
            lines.append("  " + click.style(code, fg="red") + f" ({len(group)})")
            for issue in group:
                where = ", ".join(
                    p for p in (f"row {issue.row}" if issue.row else "", issue.column or "") if p
                )
                value = f"  [value: {issue.value!r}]" if issue.value is not None else ""
                lines.append(f"    {where + ': ' if where else ''}{issue.message}{value}")
    opinion = report.second_opinion
    if opinion:
        verdict = "agrees" if opinion["valid"] or not report.valid else "disagrees"
        lines.append(
            f"second opinion: {opinion['engine']} ({opinion['scope']}): "
            f"{'valid' if opinion['valid'] else str(len(opinion['errors'])) + ' error(s)'}; {verdict}"
        )
    if report.valid:
        lines.append(click.style("valid", fg="green", bold=True) + f": {report.package}")
    else:
        lines.append(
            click.style("invalid", fg="red", bold=True)
            + f": {len(report.issues)} issue(s) in {len(by_table)} table(s): {', '.join(report.codes())}"
        )
    return "\n".join(lines)


def fail(code: str, message: str, exit_code: int = EXIT_UNUSABLE) -> None:
    click.echo(click.style("error", fg="red", bold=True) + f" [{code}]: {message}", err=True)
    sys.exit(exit_code)


@main.command()
@click.argument("path", required=False)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="text for people (grouped, coloured on a terminal); json for machines (the API's report).",
)
@click.option(
    "--no-second-opinion", is_flag=True, help="Skip frictionless's spec-conformance pass."
)
def check(path: str | None, fmt: str, no_second_opinion: bool) -> None:
    """Validate PATH (a datapackage.json or its folder; default: the bundled package)."""
    progress = (
        (lambda m: click.echo(f"… {m}", err=True))
        if sys.stderr.isatty() and fmt == "text"
        else None
    )
    try:
        report = validate_package(path, second=not no_second_opinion, progress=progress)
    except PackageError as exc:
        fail(exc.code, exc.message)
        return
    except Exception as exc:  # a bug in the validator: say so plainly, still no traceback
        fail("internal-error", f"{type(exc).__name__}: {exc} (please report this)", EXIT_BUG)
        return
    payload: Any = report.to_dict()
    click.echo(
        json.dumps(payload, ensure_ascii=False, indent=2) if fmt == "json" else render_text(report)
    )
    sys.exit(EXIT_VALID if report.valid else EXIT_INVALID)


@main.command("stamp")
@click.argument("path", required=False)
def stamp_command(path: str | None) -> None:
    """Record each file's bytes and SHA-256 in PATH's datapackage.json (after editing a fork)."""
    try:
        changed = stamp(path)
    except PackageError as exc:
        fail(exc.code, exc.message)
        return
    click.echo(f"stamped {len(changed)} resource(s){': ' + ', '.join(changed) if changed else ''}")


@main.command("citation")
def citation_command() -> None:
    """Rewrite CITATION.cff from the bundled datapackage.json (title, version, licence)."""
    click.echo(f"wrote {write_citation()}")


def render_diff(result: Diff, limit: int) -> str:
    lines = [f"{result.old_version} -> {result.new_version}: {len(result.changes)} change(s)"]
    by_table: dict[str, list] = defaultdict(list)
    for change in result.changes:
        by_table[change.table].append(change)
    for table, changes in sorted(by_table.items()):
        lines.append(click.style(table, bold=True) + f"  {len(changes)} change(s)")
        for change in changes[:limit]:
            cell = f": {change.old!r} -> {change.new!r}" if change.kind == "cell-changed" else ""
            lines.append(f"  {change.level:<5} {change.kind:<22} {change.detail}{cell}")
        if len(changes) > limit:
            lines.append(f"  … and {len(changes) - limit} more (--limit, or --format json)")
    verdict = (
        click.style("ok", fg="green") if result.version_ok else click.style("too low", fg="red")
    )
    lines.append(
        f"bump needed: {result.level}; version {result.new_version} (at least "
        f"{result.required_version}): {verdict}"
    )
    return "\n".join(lines)


@main.command("diff")
@click.argument("old")
@click.argument("new", default=".")
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
@click.option("--limit", default=50, show_default=True, help="Changes shown per table in text.")
def diff_command(old: str, new: str, fmt: str, limit: int) -> None:
    """Compare OLD and NEW (package folders or git refs): schema, rows by key, semver bump.

    Exits 1 when NEW's version is lower than the bump requires.
    """
    try:
        result = diff(old, new)
    except PackageError as exc:
        fail(exc.code, exc.message)
        return
    if fmt == "json":
        click.echo(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
    else:
        click.echo(render_diff(result, limit))
    sys.exit(EXIT_VALID if result.version_ok else EXIT_INVALID)


@main.command("version-check")
def version_check_command() -> None:
    """Check the bundled version against the last release and CHANGELOG.md."""
    try:
        problems, result = check_version()
    except PackageError as exc:
        fail(exc.code, exc.message)
        return
    for problem in problems:
        click.echo(click.style("version", fg="red", bold=True) + f": {problem}", err=True)
    if problems:
        sys.exit(EXIT_INVALID)
    if result is None:
        since = "no release yet"
    elif result.level == "none":
        since = f"no changes since release {result.old_version}"
    else:
        since = f"{result.level} changes since release {result.old_version}"
    click.echo(f"version ok ({since})")


@main.command("release")
@click.option("--out", default="dist", show_default=True, type=click.Path(path_type=Path))
@click.option("--record", is_flag=True, help="Also record this version in releases/.")
def release_command(out: Path, record: bool) -> None:
    """Build dist/: package zip with SHA256SUMS, Parquet per table, SQLite with keys."""
    try:
        problems, _ = check_version()
        if problems:
            for problem in problems:
                click.echo(click.style("version", fg="red", bold=True) + f": {problem}", err=True)
            sys.exit(EXIT_INVALID)
        files = build_release(None, out, progress=lambda m: click.echo(f"… {m}", err=True))
    except PackageError as exc:
        fail(exc.code, exc.message)
        return
    except InvalidPackageError as exc:
        fail("invalid-package", str(exc), EXIT_INVALID)
        return
    for path in files:
        click.echo(str(path))
    if record:
        entry = record_release()
        click.echo(f"recorded release {entry['version']} in releases/")
