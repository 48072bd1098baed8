"""The annotation method page: guidelines, agreement figures and adjudication notes.

These files are written by the annotators under annotation/. Each is shown as it is; a missing
file is said to be missing, and no figure is ever made up here.
"""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path
from typing import Any

from .common import ROOT, Site, esc

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


def figures_table(title: str, figures: dict[str, Any], level: int = 3) -> str:
    """One table: a row per measure, columns the union of the measures' keys, values as given.
    A list of columns not compared is said in a sentence under it."""
    skipped = figures.get("not_compared")
    figures = {k: v for k, v in figures.items() if k != "not_compared"}
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
        # in a scroll container too: a commit hash is one unbreakable word on a phone
        tables.append(
            f'<div class="sg-scroll" role="region" tabindex="0" aria-label="{esc(title)}, counts">'
            '<table class="sg-enum"><thead><tr><th>measure</th><th>value</th></tr></thead>'
            f"<tbody>{single}</tbody></table></div>"
        )
    if isinstance(skipped, list) and skipped:
        tables.append(
            "Not compared, as one side lacks them: "
            + ", ".join(f"<code>{esc(c)}</code>" for c in skipped)
            + "."
        )
    elif skipped is not None and not isinstance(skipped, list):
        tables.append(f"Not compared: {_cell(skipped)}")
    return f"{'#' * level} {esc(title)}\n\n" + "\n\n".join(tables) + "\n"


def _prose(data: dict[str, Any], keys: tuple[str, ...]) -> list[str]:
    """The study's own words (method, caveat), each as a paragraph under its key."""
    return [f"*{key}*: {esc(data[key])}\n" for key in keys if isinstance(data.get(key), str)]


def _study(data: dict[str, Any], level: int) -> list[str]:
    """One study: its prose, its counts, and a table per layer."""
    parts = _prose(data, ("method", "caveat"))
    flat = {
        k: v
        for k, v in data.items()
        if not isinstance(v, dict) and not (k in ("method", "caveat") and isinstance(v, str))
    }
    if flat:
        parts.append(figures_table("overall", flat, level))
    for name, value in data.items():
        if isinstance(value, dict) and name != "earlier":
            parts.append(figures_table(name, value, level))
    return parts


def csv_table(name: str, columns: tuple[str, ...], folder: Path = ANNOTATION) -> str:
    """A list written by compare.py, row by row as written; a missing file is said missing."""
    path = folder / name
    if not path.is_file():
        return missing(name)
    with path.open(encoding="utf-8", newline="") as handle:
        found = list(csv.DictReader(handle))
    if not found:
        return f"`annotation/{name}` lists nothing.\n"
    head = "".join(f"<th>{esc(c)}</th>" for c in columns)
    body = "".join(
        "<tr>" + "".join(f"<td>{esc(r.get(c, ''))}</td>" for c in columns) + "</tr>" for r in found
    )
    return (
        f'<div class="sg-scroll" role="region" tabindex="0" aria-label="{esc(name)}">'
        f'<table class="sg-enum"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'
        "</div>\n"
    )


BLIND_ABSENT = (
    '!!! note "No blind figures yet"\n'
    "    `annotation/blind_pass/` is not in this build, so there are no figures for it and "
    "nothing is shown in their place."
)


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
        f"The figures below are read from `annotation/{AGREEMENT}` as written by "
        "`annotation/compare.py`. The main study compares the adjudicated tables in `data/` "
        "with the blind pass (`annotation/blind_pass/`), made from the source text, the "
        "guidelines and the Table Schemas only; every difference is keyed to the `data/` ids and "
        "decided in `annotation/adjudication_blind.csv`. The departures are the values in "
        "`data/` that neither earlier pass had. The earlier study (first pass against second "
        "pass) is shown last, as secondary."
    )
    if not isinstance(data, dict):
        return intro + "\n\n" + f"<pre>{esc(json.dumps(data, indent=2))}</pre>"
    parts = [intro, "", "### Blind pass against data/", ""]
    main = {k: v for k, v in data.items() if k not in ("earlier", "departures")}
    if not any(isinstance(v, dict) for v in main.values()):
        # compare.py's own note says the same: the admonition stands for it
        parts.append(BLIND_ABSENT + "\n")
        main.pop("method", None)
    parts += _study(main, 4)
    if any(isinstance(v, dict) for v in main.values()):
        parts += [
            "#### Blind disagreements and their decisions\n",
            csv_table(
                "disagreements.csv",
                ("id", "column", "data", "blind", "decision", "reason"),
                folder,
            ),
        ]
    parts += [
        "### Departures: data/ values neither earlier pass had\n",
        "Every value in `data/` that differs from both the first and the second pass, where "
        "both passes have the column and the row is paired in both (from "
        "`annotation/departures.csv`; the reasons are written in "
        "`annotation/adjudication_departures.csv`).\n",
        *(
            [f"`departures` in `annotation/{AGREEMENT}`: {_cell(data['departures'])}.\n"]
            if "departures" in data
            else []
        ),
        csv_table("departures.csv", ("id", "data", "first", "second", "reason"), folder),
    ]
    earlier = data.get("earlier")
    if isinstance(earlier, dict):
        parts += [
            "### earlier: first pass against second pass (secondary)\n",
            EARLIER_NOTE,
            "",
            *_study(earlier, 4),
        ]
    return "\n".join(parts)


EARLIER_NOTE = (
    "first = `annotation/first_pass/`, the first annotator's tables as first committed, "
    "before any adjudication; second = `annotation/second_pass/`, a second annotator's tables. "
    "Both are raw. The second pass cannot be shown to be independent: its notes say it was made "
    "without opening `data/`, but it was committed after a first round of adjudication had "
    "changed `data/`, and it agrees with that round's decisions on several points the first "
    "pass had otherwise (s012, s013, s018 and s019 left undated; s019 coded 022; Dzhabarov's "
    '"I" as a mention; the events `lavrov-agrees-to-meet` and the Vienna talks on military '
    'security; no country mention for "Russian" in "Russian Foreign Ministry"). Read these '
    "figures as an upper bound on agreement; the blind pass above is the measure. Its "
    "differences are listed in `annotation/disagreements_earlier.csv` and decided, by id, in "
    "the adjudication notes below."
)


def wikidata_coverage_markdown(site: Site) -> str:
    """How many actors and event places carry a Wikidata ID, each with a named public source."""
    col = site.column
    actors = site.raw["actors"]
    places = [r for r in site.raw["events"] if r[col("events", "location")]]
    rows = [
        ("actors", len(actors), sum(bool(r[col("actors", "wikidata_id")]) for r in actors)),
        (
            "event places",
            len(places),
            sum(bool(r[col("events", "location_wikidata_id")]) for r in places),
        ),
    ]
    body = "".join(
        f"<tr><td>{esc(what)}</td><td>{have}</td><td>{total}</td></tr>"
        for what, total, have in rows
    )
    return "\n".join(
        [
            "A Wikidata ID is filled only where a public source pairing the entity with that ID "
            "can be named (repository, path, commit and the words that pair them, in the "
            "`*_wikidata_evidence` column); the others stay empty rather than guessed.",
            "",
            '<table class="sg-data"><thead><tr><th>rows</th><th>with a Wikidata ID</th>'
            f"<th>of</th></tr></thead><tbody>{body}</tbody></table>",
            "",
        ]
    )
