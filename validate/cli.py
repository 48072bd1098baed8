"""A thin command line over the library: the exit code comes from the report.

0 valid, 1 invalid data, 2 unusable input (bad descriptor, unknown resource, unsafe path).
"""

from __future__ import annotations

import json
import os
import re
import sys
import traceback
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, NoReturn

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
DEBUG_VARIABLE = "SG2022_DEBUG"  # set to 1 to see the traceback behind an internal error
_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff]")
_C1 = re.compile(r"[\x7f-\x9f]")


def printable(text: object) -> str:
    """Text safe for a terminal: control characters (an escape sequence in a path) shown escaped."""
    return _UNPRINTABLE.sub(
        lambda m: (
            f"\\x{ord(m.group()):02x}" if ord(m.group()) < 0x100 else f"\\u{ord(m.group()):04x}"
        ),
        str(text),
    )


def json_text(payload: Any) -> str:
    """JSON with every control character escaped (json leaves DEL and C1 raw)."""
    text = json.dumps(payload, ensure_ascii=False, indent=2)
    return _C1.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


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
        lines.append(click.style(printable(table), bold=True) + f"  {len(issues)} issue(s)")
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
                text = f"{where + ': ' if where else ''}{issue.message}{value}"
                lines.append(f"    {printable(text)}")
    opinion = report.second_opinion
    if opinion and opinion["valid"] is None:
        lines.append(f"second opinion: {opinion['engine']} ({printable(opinion['scope'])})")
    elif opinion:
        verdict = "agrees" if opinion["valid"] or not report.valid else "disagrees"
        lines.append(
            f"second opinion: {opinion['engine']} ({printable(opinion['scope'])}): "
            f"{'valid' if opinion['valid'] else str(len(opinion['errors'])) + ' error(s)'}; {verdict}"
        )
    if report.valid:
        lines.append(click.style("valid", fg="green", bold=True) + f": {printable(report.package)}")
    else:
        lines.append(
            click.style("invalid", fg="red", bold=True)
            + f": {len(report.issues)} issue(s) in {len(by_table)} table(s): {', '.join(report.codes())}"
        )
    return "\n".join(lines)


def fail(code: str, message: str, exit_code: int = EXIT_UNUSABLE) -> NoReturn:
    click.echo(
        click.style("error", fg="red", bold=True) + f" [{code}]: {printable(message)}", err=True
    )
    sys.exit(exit_code)


@contextmanager
def reported_errors() -> Iterator[None]:
    """Every command's errors as one coded line and an exit code, never a traceback.

    Unusable input exits 2, an invalid package 1, and anything else is a bug in the tool: exit 3
    with `internal-error` (the traceback is shown when SG2022_DEBUG=1).
    """
    try:
        yield
    except PackageError as exc:
        fail(exc.code, exc.message)
    except InvalidPackageError as exc:
        fail("invalid-package", str(exc), EXIT_INVALID)
    except (KeyboardInterrupt, SystemExit, click.exceptions.Exit, click.ClickException):
        raise
    except MemoryError:
        fail("internal-error", "out of memory", EXIT_BUG)
    except Exception as exc:
        if os.environ.get(DEBUG_VARIABLE) == "1":
            traceback.print_exc()
        fail(
            "internal-error",
            f"{type(exc).__name__}: {exc} (please report this; {DEBUG_VARIABLE}=1 shows where)",
            EXIT_BUG,
        )


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
    with reported_errors():
        report = validate_package(path, second=not no_second_opinion, progress=progress)
    payload: Any = report.to_dict()
    click.echo(json_text(payload) if fmt == "json" else render_text(report))
    sys.exit(EXIT_VALID if report.valid else EXIT_INVALID)


@main.command("stamp")
@click.argument("path", required=False)
def stamp_command(path: str | None) -> None:
    """Record each file's bytes and SHA-256 in PATH's datapackage.json (after editing a fork)."""
    with reported_errors():
        changed = stamp(path)
    click.echo(f"stamped {len(changed)} resource(s){': ' + ', '.join(changed) if changed else ''}")


@main.command("citation")
def citation_command() -> None:
    """Rewrite CITATION.cff from the bundled datapackage.json (title, version, licence)."""
    with reported_errors():
        written = write_citation()
    click.echo(f"wrote {printable(written)}")


def render_diff(result: Diff, limit: int) -> str:
    lines = [
        printable(f"{result.old_version} -> {result.new_version}: {len(result.changes)} change(s)")
    ]
    by_table: dict[str, list] = defaultdict(list)
    for change in result.changes:
        by_table[change.table].append(change)
    for table, changes in sorted(by_table.items()):
        lines.append(click.style(printable(table), bold=True) + f"  {len(changes)} change(s)")
        for change in changes[:limit]:
            cell = f": {change.old!r} -> {change.new!r}" if change.kind == "cell-changed" else ""
            lines.append(printable(f"  {change.level:<5} {change.kind:<22} {change.detail}{cell}"))
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
    with reported_errors():
        result = diff(old, new)
    if fmt == "json":
        click.echo(json_text(result.to_dict()))
    else:
        click.echo(render_diff(result, limit))
    sys.exit(EXIT_VALID if result.version_ok else EXIT_INVALID)


@main.command("version-check")
def version_check_command() -> None:
    """Check the bundled version against the last release and CHANGELOG.md."""
    with reported_errors():
        problems, result = check_version()
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
    with reported_errors():
        problems, _ = check_version()
        if problems:
            for problem in problems:
                click.echo(click.style("version", fg="red", bold=True) + f": {problem}", err=True)
            sys.exit(EXIT_INVALID)
        files = build_release(None, out, progress=lambda m: click.echo(f"… {m}", err=True))
        for path in files:
            click.echo(printable(path))
        if record:
            entry = record_release()
            click.echo(f"recorded release {entry['version']} in releases/")
