"""Reports as text for people: summary first, details capped, nothing that can drive a terminal.

The JSON report is always complete; the text report leads with what a reader needs (how many
issues of which kind in which table) and shows at most `limit` issues of each code per table.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Collection
from typing import TYPE_CHECKING, Any

import click

from .core.report import Issue, Report, code_link

if TYPE_CHECKING:
    from .release.diff import Diff

# Characters that reorder or hide text on a terminal ("Trojan Source"): the bidirectional
# embeddings, overrides and isolates, the invisible direction marks, and the line and paragraph
# separators. Shown escaped like the control characters.
HIDING = "\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069"
_UNPRINTABLE = re.compile(f"[\\x00-\\x1f\\x7f-\\x9f\\ud800-\\udfff{HIDING}]")
_JSON_ESCAPED = re.compile(f"[\\x7f-\\x9f\\ud800-\\udfff{HIDING}]")


def printable(text: object) -> str:
    """Text safe for a terminal: control characters (an escape sequence in a path) and the
    characters that reorder or hide text (bidirectional overrides) shown escaped."""
    return _UNPRINTABLE.sub(
        lambda m: (
            f"\\x{ord(m.group()):02x}" if ord(m.group()) < 0x100 else f"\\u{ord(m.group()):04x}"
        ),
        str(text),
    )


def json_text(payload: Any) -> str:
    """JSON with every control character escaped (json leaves DEL and C1 raw), the characters
    that reorder or hide text too, and lone surrogates, so that the text encodes as UTF-8."""
    text = json.dumps(payload, ensure_ascii=False, indent=2)
    return _JSON_ESCAPED.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def _grouped(issues: list[Issue]) -> dict[str, dict[str, list[Issue]]]:
    tables: dict[str, dict[str, list[Issue]]] = defaultdict(lambda: defaultdict(list))
    for issue in sorted(issues, key=Issue.sort_key):
        tables[issue.table or "(package)"][issue.code].append(issue)
    return tables


def _issue_line(issue: Issue) -> str:
    where = ", ".join(p for p in (f"row {issue.row}" if issue.row else "", issue.column or "") if p)
    value = f"  [value: {issue.value!r}]" if issue.value is not None else ""
    return "    " + printable(f"{where + ': ' if where else ''}{issue.message}{value}")


def render_text(
    report: Report,
    *,
    limit: int | None = None,
    codes: Collection[str] = (),
    tables: Collection[str] = (),
) -> str:
    """Verdict and counts first, then each table's issues by code, `limit` of each at most."""
    grouped = _grouped(report.issues)
    lines = [_verdict(report, len(grouped))]
    for table, by_code in grouped.items():
        counts = " · ".join(f"{code} {len(group):,}" for code, group in sorted(by_code.items()))
        lines.append(f"  {printable(table)}  {sum(map(len, by_code.values())):,}: {counts}")
    lines += _opinion(report)
    lines.append(_declared(report))
    hidden = 0
    for table, by_code in grouped.items():
        if tables and table not in tables:
            hidden += sum(map(len, by_code.values()))
            continue
        shown_table = False
        for code, group in sorted(by_code.items()):
            if codes and code not in codes:
                hidden += len(group)
                continue
            if not shown_table:
                lines.append(click.style(printable(table), bold=True))
                shown_table = True
            lines.append(
                "  " + click.style(code, fg="red") + f" ({len(group):,})  docs: {code_link(code)}"
            )
            shown = group if limit is None else group[:limit]
            lines += [_issue_line(issue) for issue in shown]
            if len(group) > len(shown):
                lines.append(f"    … and {len(group) - len(shown):,} more (--limit, --format json)")
    if hidden:
        lines.append(f"({hidden:,} issue(s) not shown: filtered by --code or --table)")
    return "\n".join(lines)


def _verdict(report: Report, table_count: int) -> str:
    if report.valid:
        return click.style("valid", fg="green", bold=True) + f": {printable(report.package)}"
    return (
        click.style("invalid", fg="red", bold=True)
        + f": {len(report.issues):,} issue(s) in {table_count} table(s) of "
        + f"{printable(report.package)}: {', '.join(report.codes())}"
    )


def _declared(report: Report) -> str:
    """Which domain rules ran: spans and dates are checked only where a schema declares them."""
    if not report.declared_checks:
        return "declared rules: none (spans and dates are checked where a schema's `checks` says)"
    parts = (f"{rule} ({len(tables)})" for rule, tables in sorted(report.declared_checks.items()))
    return "declared rules: " + " · ".join(printable(p) for p in parts)


def _opinion(report: Report) -> list[str]:
    opinion = report.second_opinion
    if not opinion:
        return ["second opinion: not asked for (--second-opinion runs frictionless too)"]
    scope = printable(opinion["scope"])
    if opinion["valid"] is None:
        return [f"second opinion: {opinion['engine']} ({scope})"]
    verdict = "agrees" if opinion["valid"] or not report.valid else "disagrees"
    found = "valid" if opinion["valid"] else f"{len(opinion['errors'])} error(s)"
    return [f"second opinion: {opinion['engine']} ({scope}): {found}; {verdict}"]


def render_diff(result: Diff, limit: int) -> str:
    lines = [
        printable(f"{result.old_version} -> {result.new_version}: {len(result.changes)} change(s)")
    ]
    by_table: dict[str, list[Any]] = defaultdict(list)
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
