"""A thin command line over the library: the exit code comes from the report.

0 valid, 1 invalid data, 2 unusable input (bad descriptor, unknown resource, unsafe path).
"""

from __future__ import annotations

import json
import sys
from collections import defaultdict
from typing import Any

import click

from .citation import write_citation
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
