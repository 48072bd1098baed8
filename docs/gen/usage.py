"""How to load and validate: the README's own sections, and the validator's code registry.

The README's pandas recipes are tested against the loader (tests/test_readme.py), so the site
shows those same sections instead of a second copy that could go stale. The issue codes and
the command's help come from validate/ itself.
"""

from __future__ import annotations

import re
import textwrap

import click
from click.testing import CliRunner

from security_guarantees_2022.cli import main as cli_main
from security_guarantees_2022.core import issue_codes
from security_guarantees_2022.core.error_messages import MESSAGES
from security_guarantees_2022.core.report import code_link

from .common import ROOT, DocsError, esc

README = ROOT / "README.md"
VALIDATOR_PAGE = ROOT / "docs" / "validator.md"  # the tools' manual, moved out of the README


def readme_section(heading: str, path=README) -> str:
    """The body of one `## heading` section of the README, its sub-headings pushed down."""
    text = path.read_text(encoding="utf-8")
    match = re.search(rf"^## {re.escape(heading)}\n(.*?)(?=^## |\Z)", text, flags=re.M | re.S)
    if not match:
        raise DocsError(f"{path.name} has no section '## {heading}', which the home page shows")
    body = match.group(1).strip()
    return re.sub(r"^(#{3,5}) ", r"#\1 ", body, flags=re.M)


def issue_codes_markdown() -> str:
    """Every registered code: family, exit code, meaning, and the message the report prints
    (an unusable-input code's messages, one per case, folded under their count)."""
    rows = []
    for registry, exit_code in ((issue_codes.UNUSABLE, 2), (issue_codes.FINDINGS, 1)):
        for code, spec in registry.items():
            message = messages_markdown(code, spec.message)
            rows.append(
                f'<tr id="{esc(code_link(code).split("#")[1])}"><td><code>{esc(code)}</code></td>'
                f"<td>{esc(spec.family)}</td><td>{esc(spec.exit or str(exit_code))}</td><td>{esc(spec.meaning)}</td>"
                f"<td>{message}</td></tr>"
            )
    return (
        '<div class="sg-scroll"><table class="sg-data" data-sortable><thead><tr>'
        '<th>code</th><th>family</th><th data-type="integer">exit</th><th>meaning</th>'
        f"<th>message</th></tr></thead><tbody>{''.join(rows)}</tbody></table></div>"
    )


def messages_markdown(code: str, own: str) -> str:
    """The code's own template, and the template of each case of it (error_messages)."""
    templates = ([] if own == "{detail}" else [own]) + [
        template for (of, _case), template in MESSAGES.items() if of == code
    ]
    items = [f"<code>{esc(t)}</code>" for t in templates]
    if len(items) <= 1:
        return "".join(items)
    listed = "".join(f"<li>{item}</li>" for item in items)
    return f"<details><summary>{len(items)} messages</summary><ul>{listed}</ul></details>"


def command_help(*args: str) -> str:
    """The command's own --help text, as a reader would see it."""
    result = CliRunner().invoke(
        cli_main, [*args, "--help"], prog_name="security-guarantees-2022", color=False
    )
    if result.exit_code != 0:
        raise DocsError(
            f"`security-guarantees-2022 {' '.join(args)} --help` failed: {result.output}"
        )
    text = click.unstyle(result.output).rstrip()
    if not args and isinstance(cli_main, click.Group):
        text = text.split("\nCommands:", 1)[0].rstrip() + "\n\n" + commands_in_full(cli_main)
    return "```text\n" + text + "\n```"


def commands_in_full(group: click.Group) -> str:
    """The group's command list with each summary whole (click cuts them short with '...')."""
    names = sorted(group.commands)
    width = max(len(n) for n in names) + 2
    lines = ["Commands:"]
    for name in names:
        command = group.commands[name]
        summary = " ".join((command.help or "").split("\n\n", 1)[0].split())
        lines += textwrap.wrap(
            summary,
            width=96,
            initial_indent=f"  {name:<{width}}",
            subsequent_indent=" " * (width + 2),
        )
    return "\n".join(lines)
