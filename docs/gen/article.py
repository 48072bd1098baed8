"""The source text with every annotated span drawn on it.

Spans are 0-based code-point offsets, end exclusive, which is exactly how Python indexes a str.
Statements nest (reported speech), mentions may cross statement boundaries, and insertions sit
inside quotes, so the text is cut at every boundary and the open elements are closed and
reopened wherever their nesting would otherwise break.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from .common import Site, esc, event_dyads, href, table_page

# Background colours for statement modes, by the mode's position in the schema's enum.
MODE_COLOURS = ("#f4b942", "#5b9bd5", "#70ad47", "#c55a9f", "#a5a5a5")
STATEMENT, INSERTION, MENTION = 0, 1, 2
MAX_MENTION_HEIGHT = 4


@dataclass
class Mark:
    """One annotated span, drawn as an element that may be split into several pieces."""

    layer: int
    start: int
    end: int
    ident: str
    classes: str
    title: str
    style: str = ""
    badge: str = ""
    height: int = 0
    opened: bool = field(default=False)

    def sort_key(self) -> tuple[int, int, int, str]:
        return (self.layer, self.start, -self.end, self.ident)


def _text(value: Any) -> str:
    return "" if value is None or pd.isna(value) else str(value)


def _date(value: Any) -> str:
    return "" if value is None or pd.isna(value) else pd.Timestamp(value).date().isoformat()


def mode_colours(site: Site) -> dict[str, str]:
    mode = site.table("statements").field(site.column("statements", "mode"))
    values = (mode.enum if mode else None) or []
    return {v: MODE_COLOURS[i % len(MODE_COLOURS)] for i, v in enumerate(values)}


def statement_facts(site: Site, row: pd.Series) -> list[str]:
    """When, how, to whom and inside what: shown on hover and in the lists below the article."""
    names = site.actor_names()
    said = _text(row[site.column("statements", "said_on_as_given")])  # 2022-01 for a month
    precision = _text(row[site.column("statements", "said_on_precision")])
    inferred = bool(row[site.column("statements", "said_on_inferred")])
    facts = [
        f"said {said} ({precision}{', inferred' if inferred else ''})" if said else "date unknown",
        _text(row[site.column("statements", "mode")]),
    ]
    cue = _text(row[site.column("statements", "cue")])
    if cue:
        facts.append(f"cue “{cue}”")
    recipient = _text(row[site.column("statements", "recipient_id")])
    if recipient:
        facts.append(f"to {names.get(recipient, recipient)}")
    target = _text(row[site.column("statements", "target_id")])
    if target:
        inferred_target = bool(row[site.column("statements", "target_inferred")])
        shown = names.get(target, target)
        facts.append(f"target {shown}{' (inferred)' if inferred_target else ''}")
    parent = _text(row[site.column("statements", "reported_by")])
    if parent:
        facts.append(f"reported inside {parent}")
    return facts


def statement_title(site: Site, row: pd.Series) -> str:
    """The tooltip: id, speaker, then the facts."""
    speaker = _text(row[site.column("statements", "speaker_id")])
    ident = _text(row[site.column("statements", "statement_id")])
    speaker_name = site.actor_names().get(speaker, speaker)
    return " · ".join([ident, speaker_name, *statement_facts(site, row)])


def collect_marks(site: Site, source_id: str, src: str) -> list[Mark]:
    names = site.actor_names()
    colours = mode_colours(site)
    marks: list[Mark] = []
    col = site.column
    for _, row in site.typed["statements"].iterrows():
        if row[col("statements", "source_id")] != source_id:
            continue
        sid = str(row[col("statements", "statement_id")])
        mode = str(row[col("statements", "mode")])
        reported = _text(row[col("statements", "reported_by")])
        link = href(src, table_page("statements"), site.row_anchor("statements", row))
        marks.append(
            Mark(
                STATEMENT,
                int(row[col("statements", "start")]),
                int(row[col("statements", "end")]),
                f"stmt-{sid}",
                "sg-stmt" + (" sg-reported" if reported else ""),
                statement_title(site, row),
                style=f"--sg-mode: {colours.get(mode, MODE_COLOURS[-1])}",
                # The id is drawn by CSS from data-sid, not written as text: the article's
                # text stays the source's exactly, and search does not glue it to the next word.
                badge=f'<a class="sg-sid" href="{esc(link)}" data-sid="{esc(sid)}" '
                f'aria-label="{esc(sid)}"></a>',
            )
        )
    for _, row in site.typed["editorial_insertions"].iterrows():
        if row[col("editorial_insertions", "source_id")] != source_id:
            continue
        kind = str(row[col("editorial_insertions", "kind")])
        actor = _text(row[col("editorial_insertions", "refers_to_actor_id")])
        iid = str(row[col("editorial_insertions", "insertion_id")])
        title = f"{iid} · editorial {kind}: the newspaper's words, not the speaker's"
        if actor:
            title += f" · names {names.get(actor, actor)}"
        marks.append(
            Mark(
                INSERTION,
                int(row[col("editorial_insertions", "start")]),
                int(row[col("editorial_insertions", "end")]),
                f"ins-{iid}",
                f"sg-insertion sg-ins-{esc(kind)}",
                title,
            )
        )
    for _, row in site.typed["mentions"].iterrows():
        if row[col("mentions", "source_id")] != source_id:
            continue
        actor = str(row[col("mentions", "actor_id")])
        mid = str(row[col("mentions", "mention_id")])
        kind = str(row[col("mentions", "mention_type")])
        marks.append(
            Mark(
                MENTION,
                int(row[col("mentions", "start")]),
                int(row[col("mentions", "end")]),
                f"mention-{mid}",
                "sg-mention",
                f"{mid} · {names.get(actor, actor)} ({actor}) · {kind}",
            )
        )
    return marks


def render_spans(text: str, marks: list[Mark]) -> str:
    """HTML for text with marks: split at every boundary, nesting kept by closing and reopening."""
    bounds = sorted({0, len(text)} | {m.start for m in marks} | {m.end for m in marks})
    segments = []
    for a, b in itertools.pairwise(bounds):
        active = sorted((m for m in marks if m.start <= a and m.end >= b), key=Mark.sort_key)
        segments.append((a, b, active))
        mentions = [m for m in active if m.layer == MENTION]
        for depth, mark in enumerate(mentions):
            mark.height = max(mark.height, len(mentions) - depth - 1)
    out: list[str] = []
    stack: list[Mark] = []
    for a, b, active in segments:
        keep = 0
        while keep < min(len(stack), len(active)) and stack[keep] is active[keep]:
            keep += 1
        for _ in range(len(stack) - keep):
            stack.pop()
            out.append("</span>")
        for mark in active[keep:]:
            classes = mark.classes
            if mark.layer == MENTION:
                classes += f" sg-mh-{min(mark.height, MAX_MENTION_HEIGHT)}"
            attrs = f'class="{classes}{" sg-cont" if mark.opened else ""}"'
            attrs += f' title="{esc(mark.title)}"'
            if not mark.opened:
                attrs += f' id="{esc(mark.ident)}"'
            attrs += f' data-span="{esc(mark.ident)}"'
            if mark.style:
                attrs += f' style="{esc(mark.style)}"'
            out.append(f"<span {attrs}>")
            if not mark.opened and mark.badge:
                out.append(mark.badge)
            mark.opened = True
            stack.append(mark)
        out.append(esc(text[a:b]))
    out.extend("</span>" for _ in stack)
    return "".join(out)


def legend(site: Site) -> str:
    items = []
    for mode, colour in mode_colours(site).items():
        items.append(
            f'<span class="sg-stmt" style="--sg-mode: {colour}">statement, mode '
            f"<code>{esc(mode)}</code></span>"
        )
    items.append(
        f'<span class="sg-stmt" style="--sg-mode: {MODE_COLOURS[1]}">outer '
        f'<span class="sg-stmt sg-reported" style="--sg-mode: {MODE_COLOURS[1]}">'
        "reported speech inside it</span></span>"
    )
    kind = site.table("editorial_insertions").field(site.column("editorial_insertions", "kind"))
    for value in (kind.enum if kind else None) or []:
        items.append(
            f'<span class="sg-insertion sg-ins-{esc(value)}">[editorial '
            f"<code>{esc(value)}</code>]</span>"
        )
    items.append('<span class="sg-mention sg-mh-0">actor mention</span>')
    items.append(
        '<span class="sg-mention sg-mh-1">nested <span class="sg-mention sg-mh-0">mentions'
        "</span></span>"
    )
    items.append('<a class="sg-sid" href="#legend">s000</a> link to the statement\'s row')
    return (
        '<div class="sg-legend" id="legend">'
        + "".join(f'<span class="sg-legend-item">{i}</span>' for i in items)
        + "</div>"
    )


def speaker_anchor(speaker: str, source_id: str, sources: int) -> str:
    """A speaker's section id: speaker-ID, or with several sources speaker-SOURCE-ID, since a
    speaker may speak in more than one of them."""
    return f"speaker-{speaker}" if sources == 1 else f"speaker-{source_id}-{speaker}"


def speaker_sections(site: Site, source_id: str, src: str, level: int = 3) -> str:
    """Each speaker's statements under a heading of their own, so search finds them by name."""
    col = site.column
    names = site.actor_names()
    frame = site.typed["statements"]
    frame = frame[frame[col("statements", "source_id")] == source_id]
    order: list[str] = []
    for speaker in frame[col("statements", "speaker_id")]:
        if speaker not in order:
            order.append(str(speaker))
    parts = []
    for speaker in order:
        rows = frame[frame[col("statements", "speaker_id")] == speaker]
        actor_link = site.row_href(src, "actors", [speaker])
        anchor = speaker_anchor(speaker, source_id, len(site.raw["sources"]))
        parts += [f"{'#' * level} {esc(names.get(speaker, speaker))} {{#{anchor}}}", ""]
        # The ids go in the first paragraph: search results show a section's opening words.
        ids = [str(i) for i in rows[col("statements", "statement_id")]]
        listed = ", ".join(ids[:-1]) + " and " + ids[-1] if len(ids) > 1 else ids[0]
        who = f"<code>{esc(speaker)}</code>"
        if actor_link:
            who = f'<a href="{esc(actor_link)}">{who}</a>'
        noun = "Statements" if len(ids) > 1 else "Statement"
        parts.append(f"<p>{noun} {esc(listed)} by {esc(names.get(speaker, speaker))} ({who}):</p>")
        items = []
        for _, row in rows.iterrows():
            sid = str(row[col("statements", "statement_id")])
            link = href(src, table_page("statements"), site.row_anchor("statements", row))
            items.append(
                f'<li><a href="{esc(link)}">{esc(sid)}</a> '
                f'(<a href="#stmt-{esc(sid)}">in the text</a>) — '
                f"<em>{esc(' · '.join(statement_facts(site, row)))}</em>: "
                f"“{esc(row[col('statements', 'text')])}”</li>"
            )
        parts += ['<ul class="sg-statements">' + "".join(items) + "</ul>", ""]
    return "\n".join(parts)


def event_sections(site: Site, source_id: str, src: str) -> str:
    """The events of a source: dyad, status, factuality and the statement reporting each."""
    col = site.column
    names = site.actor_names()
    dyads = event_dyads(site)
    items = []
    for row in site.raw["events"]:
        if row[col("events", "source_id")] != source_id:
            continue
        eid = row[col("events", "event_id")]
        link = site.row_href(src, "events", [eid])
        sources, targets = dyads.get(eid, ([], []))
        sides = [", ".join(names.get(a, a) for a in side) or "—" for side in (sources, targets)]
        dyad = " → ".join(sides) if sources or targets else "no participants"
        facts = [
            dyad,
            f"status {row[col('events', 'status')]}",
            f"factuality {row[col('events', 'factuality')]} (its source), "
            f"{row[col('events', 'author_factuality')]} (the newspaper)",
        ]
        report = row[col("events", "reporting_statement_id")]
        reported = (
            f' — reported by <a href="#stmt-{esc(report)}">{esc(report)}</a>'
            if report
            else " — narrated by the newspaper"
        )
        items.append(
            f'<li><a href="{esc(link)}">{esc(eid)}</a>: {esc(row[col("events", "title")])} '
            f"(<em>{esc(' · '.join(facts))}</em>){reported}</li>"
        )
    return '<ul class="sg-events">' + "".join(items) + "</ul>" if items else ""


def article_markdown(site: Site, src: str) -> str:
    """Every source text in the package, annotated, then its statements grouped by speaker."""
    col = site.column
    parts = [legend(site), ""]
    sources = site.typed["sources"]
    for _, source in sources.iterrows():
        source_id = str(source[col("sources", "source_id")])
        path = site.package.root / str(source[col("sources", "path")])
        text = path.read_text(encoding="utf-8")
        marks = collect_marks(site, source_id, src)
        # with several sources, each is a section and its lists are sections inside it
        level = 3 if len(sources) > 1 else 2
        if len(sources) > 1:
            parts += [f"## {esc(source_id)}", ""]
        published = _date(source[col("sources", "published")])
        publisher = _text(source[col("sources", "publisher")])
        parts += [
            f'<p class="sg-source-facts"><strong>{esc(publisher)}</strong>, {esc(published)} · '
            f"{len(text)} code points · {sum(m.layer == STATEMENT for m in marks)} statements, "
            f"{sum(m.layer == MENTION for m in marks)} mentions, "
            f"{sum(m.layer == INSERTION for m in marks)} editorial insertions</p>",
            "",
            f'<div class="sg-article" lang="{esc(source[col("sources", "language")])}">'
            f"{render_spans(text, marks)}</div>",
            "",
            f"{'#' * level} Statements by speaker",
            "",
            speaker_sections(site, source_id, src, level + 1),
            "",
            f"{'#' * level} Events",
            "",
            "Each event with its dyad (sources → targets, from `event_participants`), its status in "
            "time, its FactBank factuality twice — for its reporting source (the speaker of the "
            "statement that reports it, else the newspaper) and for the newspaper itself — and the "
            "statement that reports it. A statement's target marked (inferred) is read from "
            "context (`target_inferred`), not named in the claim.",
            "",
            event_sections(site, source_id, src),
        ]
    return "\n".join(parts)
