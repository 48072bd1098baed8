"""The annotation method page: guidelines, agreement figures and adjudication notes.

These files are written by the annotators under annotation/. Each is shown as it is; a missing
file is said to be missing, and no figure is ever made up here.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from .common import ROOT, esc

ANNOTATION = ROOT / "annotation"
GUIDELINES, AGREEMENT, ADJUDICATION = "guidelines.md", "agreement.json", "adjudication.md"


def missing(name: str) -> str:
    return (
        f'!!! warning "Not available yet"\n'
        f"    `annotation/{name}` is not in this build, so this section is empty. "
        "Nothing is shown in its place."
    )


def demoted(markdown: str, levels: int = 1) -> str:
    """Headings pushed down so an included file's title sits under this page's own."""
    out, fenced = [], False
    for line in markdown.splitlines():
        if line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
        if not fenced and re.match(r"#{1,5} ", line):
            line = "#" * levels + line
        out.append(line)
    return "\n".join(out)


def markdown_file(name: str, folder: Path = ANNOTATION) -> str:
    """The file as written; its own title becomes a source line, as the page names the section."""
    path = folder / name
    if not path.is_file():
        return missing(name)
    text = path.read_text(encoding="utf-8").lstrip("\n")
    title = re.match(r"# (.+)\n", text)
    source = f"*From `annotation/{name}`"
    if title:
        text = text[title.end() :]
        source += f": {title.group(1).strip()}"
    return source + "*\n\n" + demoted(text)


def _cell(value: Any) -> str:
    if value is None:
        return '<span title="null: undefined for these data">—</span>'
    if isinstance(value, bool | int | float):
        return esc(json.dumps(value))  # exactly as the JSON has it: 1.0 stays 1.0
    if isinstance(value, dict | list):
        return f"<code>{esc(json.dumps(value, ensure_ascii=False))}</code>"
    return esc(value)


def figures_table(title: str, figures: dict[str, Any]) -> str:
    """One table: a row per measure, columns the union of the measures' keys, values as given."""
    scalars = {k: v for k, v in figures.items() if not isinstance(v, dict)}
    nested = {k: v for k, v in figures.items() if isinstance(v, dict)}
    columns: list[str] = []
    for value in nested.values():
        columns += [c for c in value if c not in columns]
    rows = [
        f"<tr><td><code>{esc(name)}</code></td>"
        + "".join(f"<td>{_cell(value.get(c)) if c in value else ''}</td>" for c in columns)
        + "</tr>"
        for name, value in nested.items()
    ]
    head = "<th>measure</th>" + "".join(f"<th>{esc(c)}</th>" for c in columns)
    tables = []
    if rows:
        tables.append(
            f'<div class="sg-scroll" role="region" tabindex="0" aria-label="{esc(title)}">'
            f'<table class="sg-enum"><thead><tr>{head}</tr></thead>'
            f"<tbody>{''.join(rows)}</tbody></table></div>"
        )
    if scalars:
        # A single number is a count of its own, not one of the columns above: its own table.
        single = "".join(
            f"<tr><td><code>{esc(name)}</code></td><td>{_cell(value)}</td></tr>"
            for name, value in scalars.items()
        )
        tables.append(
            '<table class="sg-enum"><thead><tr><th>measure</th><th>value</th></tr></thead>'
            f"<tbody>{single}</tbody></table>"
        )
    return f"### {esc(title)}\n\n" + "\n\n".join(tables) + "\n"


def agreement_markdown(folder: Path = ANNOTATION) -> str:
    path = folder / AGREEMENT
    if not path.is_file():
        return missing(AGREEMENT)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        return (
            f'!!! failure "Unreadable"\n    `annotation/{AGREEMENT}` is not valid JSON: {esc(exc)}'
        )
    intro = (
        f"The figures below are read from `annotation/{AGREEMENT}` as written "
        "(first = `annotation/first_pass/`, the first annotator's tables as first committed, "
        "before any adjudication; second = `annotation/second_pass/`, the second annotator's "
        "tables). Both are raw: the adjudicated tables in `data/` are not compared with either. "
        "How independent the second pass is cannot be confirmed from the repository: its notes "
        "say it was made without opening `data/`, but it was committed after a first round of "
        "adjudication had changed `data/`, and it agrees with that round's decisions on several "
        "points the first pass had otherwise (s012, s013, s018 and s019 left undated; s019 coded "
        '022; Dzhabarov\'s "I" as a mention; the events `lavrov-agrees-to-meet` and the Vienna '
        'talks on military security; no country mention for "Russian" in "Russian Foreign '
        'Ministry"). Read the figures as an upper bound on agreement between independent '
        "annotators; a fresh blind pass would settle it."
    )
    if not isinstance(data, dict):
        return intro + "\n\n" + f"<pre>{esc(json.dumps(data, indent=2))}</pre>"
    parts = [intro, ""]
    flat = {k: v for k, v in data.items() if not isinstance(v, dict)}
    if flat:
        parts.append(figures_table("overall", flat))
    for name, value in data.items():
        if isinstance(value, dict):
            parts.append(figures_table(name, value))
    return "\n".join(parts)
