"""A timeline of the dated events, with each status drawn differently and a legend.

The range runs from the first of the month of the earliest date to the end of the month of the
latest (publication included), so it follows the data. Undated events are listed beside it.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from typing import Any

import pandas as pd

from . import svg
from .common import Site, esc, href, table_page

# Layout: a label column, the plot, and a panel for the undated events, left to right.
LABEL_W, PLOT_W, PANEL_W, PAD = 250.0, 490.0, 210.0, 16.0
TOP, ROW, LINE, FONT = 86.0, 22.0, 15.0, 12.0
WIDTH = PAD + LABEL_W + PLOT_W + PAD + PANEL_W + PAD
# The narrow layout, for phones: each label above its row and the plot the full width, no
# panel (the undated events are listed below the picture), drawn at a width a phone shows whole.
NARROW_W, NARROW_PAD = 360.0, 8.0

# How each status is drawn. A status the schema adds later falls back to the last style.
STATUS_STYLES: dict[str, dict[str, str | None]] = {
    "occurred": {"fill": "#2f6fad", "stroke": "#2f6fad", "dash": None},
    "scheduled": {"fill": "#ffffff", "stroke": "#6a3d9a", "dash": "4 3"},  # not the publication red
    "ongoing": {"fill": "#9fc5e8", "stroke": "#2f6fad", "dash": "1 2"},
    "unknown": {"fill": "#dddddd", "stroke": "#777777", "dash": None},
}
FALLBACK: dict[str, str | None] = {"fill": "#eeeeee", "stroke": "#444444", "dash": "2 2"}
PUBLISHED = "#a8283a"  # the publication line and its label: 6.6:1 on white


@dataclass
class Dated:
    anchor: str
    title: str
    start: dt.date
    end: dt.date
    precision: str
    status: str
    evidence: str


def _month_end(day: dt.date) -> dt.date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def _span(start: dt.date, end: dt.date | None, precision: str) -> tuple[dt.date, dt.date]:
    """The days an event may cover, widened to its month or year when that is all we know."""
    last = end or start
    if precision == "month":
        return start.replace(day=1), _month_end(last)
    if precision == "year":
        return start.replace(month=1, day=1), last.replace(month=12, day=31)
    return start, last


def _date(value: Any) -> dt.date | None:
    return None if value is None or pd.isna(value) else pd.Timestamp(value).date()


def split_events(site: Site) -> tuple[list[Dated], list[dict[str, str]]]:
    """Dated events (sorted by start) and the raw rows of undated ones."""
    col = site.column
    frame = site.typed["events"]
    dated, undated = [], []
    raw = {site.row_anchor("events", r): r for r in site.raw["events"]}
    for _, row in frame.iterrows():
        anchor = site.row_anchor("events", row)
        # an event dated only by its end ("consultations ended on January 13") sits at its end
        start = _date(row[col("events", "date_start")]) or _date(row[col("events", "date_end")])
        if start is None:
            undated.append(raw[anchor])
            continue
        precision = str(row[col("events", "date_precision")])
        first, last = _span(start, _date(row[col("events", "date_end")]), precision)
        dated.append(
            Dated(
                anchor,
                str(row[col("events", "title")]),
                first,
                last,
                precision,
                str(row[col("events", "status")]),
                str(row[col("events", "date_evidence")] or ""),
            )
        )
    dated.sort(key=lambda e: (e.start, e.end, e.anchor))
    return dated, undated


def publication_dates(site: Site) -> list[dt.date]:
    col = site.column("sources", "published")
    return sorted({d for d in map(_date, site.typed["sources"][col]) if d})


def statuses(site: Site) -> list[str]:
    fld = site.table("events").field(site.column("events", "status"))
    return [str(v) for v in (fld.enum if fld else None) or []]


MARK_R = 6.5


def marker(
    style: dict[str, str | None], x1: float, x2: float, y: float, tip: str, r: float = MARK_R
) -> str:
    """A circle for one day (radius r), a rounded bar for several."""
    dash = f' stroke-dasharray="{style["dash"]}"' if style["dash"] else ""
    paint = f'fill="{style["fill"]}" stroke="{style["stroke"]}" stroke-width="2"{dash}'
    if x2 - x1 < 4:
        return f'<circle cx="{svg.fmt(x1)}" cy="{svg.fmt(y)}" r="{svg.fmt(r)}" {paint}>{svg.title(tip)}</circle>'
    return (
        f'<rect {svg.attrs(x=x1 - 4, y=y - 6.5, width=x2 - x1 + 8, height=13.0)} rx="6.5" '
        f"{paint}>{svg.title(tip)}</rect>"
    )


def wrap(text: str, width: float, size: float = FONT) -> list[str]:
    """Greedy word wrap by estimated width; SVG text does not wrap by itself."""
    lines: list[str] = []
    for word in text.split():
        if lines and svg.text_width(f"{lines[-1]} {word}", size) <= width:
            lines[-1] += f" {word}"
        else:
            lines.append(word)
    return lines or [""]


def legend(site: Site, y: float, width: float = WIDTH, pad: float = PAD) -> tuple[list[str], float]:
    """The legend's items left to right, onto a new line where `width` runs out; and the y of
    its last line."""
    out, x = [], pad

    def room(needed: float) -> None:
        nonlocal x, y
        if x > pad and x + needed > width - pad:
            x, y = pad, y + 22

    for status in statuses(site):
        style = STATUS_STYLES.get(status, FALLBACK)
        room(19 + svg.text_width(status, FONT))
        out.append(marker(style, x + 7, x + 7, y, status))
        out.append(svg.text(x + 19, y + 4, status, FONT, fill="#333"))
        x += 34 + svg.text_width(status, FONT)
    room(12 + svg.text_width("publication", FONT))
    out.append(
        f'<line {svg.attrs(x1=x + 4, y1=y - 8, x2=x + 4, y2=y + 8)} stroke="#d1495b" stroke-width="2"/>'
    )
    out.append(svg.text(x + 12, y + 4, "publication", FONT, fill="#333"))
    x += 30 + svg.text_width("publication", FONT)
    room(46 + svg.text_width("several days", FONT))
    out.append(marker(STATUS_STYLES.get("occurred", FALLBACK), x + 4, x + 34, y, "several days"))
    out.append(svg.text(x + 46, y + 4, "several days", FONT, fill="#333"))
    return out, y


def date_label(event: Dated) -> str:
    if event.precision == "month":
        return event.start.strftime("%b %Y")
    if event.precision == "year":
        return event.start.strftime("%Y")
    if event.end != event.start:
        same_month = event.end.month == event.start.month
        head = event.start.strftime("%d" if same_month else "%d %b").lstrip("0")
        return f"{head}–{event.end.strftime('%d %b').lstrip('0')}"
    return event.start.strftime("%d %b").lstrip("0")


def undated_panel(site: Site, src: str, x: float, top: float) -> tuple[list[str], float]:
    """The events without a date, listed to the right of the plot."""
    _, undated = split_events(site)
    col = site.column
    out = [svg.text(x, top - 14, "No date in the text", FONT, font_weight="bold", fill="#222")]
    y = top + 4
    for row in undated:
        status = row[col("events", "status")]
        style = STATUS_STYLES.get(status, FALLBACK)
        lines = wrap(row[col("events", "title")], PANEL_W - 24)
        tip = f"{row[col('events', 'title')]} · {status} · “{row[col('events', 'date_evidence')]}”"
        parts = [marker(style, x + 7, x + 7, y, tip)]
        for i, line in enumerate(lines):
            parts.append(svg.text(x + 20, y + 4 + i * LINE, line, FONT, fill="#222"))
        parts.append(svg.text(x + 20, y + 4 + len(lines) * LINE, f"({status})", 10.5, fill="#666"))
        url = href(src, table_page("events"), site.row_anchor("events", row))
        out.append(svg.link(url, "".join(parts)))
        y += (len(lines) + 1) * LINE + 10
    if not undated:
        out.append(svg.text(x, y + 4, "none", FONT, fill="#666"))
    return out, y


def timeline_svg(site: Site, src: str, narrow: bool = False) -> str:
    """The picture; event links are relative to `src`, the page or file that will hold it.
    `narrow` draws the phone layout: labels above their rows, no panel beside the plot."""
    dated, _ = split_events(site)
    published = publication_dates(site)
    days = [e.start for e in dated] + [e.end for e in dated] + published
    if not days:
        days = [dt.date.today()]
    first = min(days).replace(day=1)
    last = _month_end(max(days))
    n_days = (last - first).days + 1
    width, pad = (NARROW_W, NARROW_PAD) if narrow else (WIDTH, PAD)
    left = pad if narrow else PAD + LABEL_W
    plot_w = width - 2 * pad if narrow else PLOT_W
    scale = plot_w / n_days

    def x_of(day: dt.date, end: bool = False) -> float:
        return left + ((day - first).days + (1.0 if end else 0.0)) * scale

    def row_height(lines: list[str]) -> float:
        return len(lines) * LINE + ROW if narrow else max(len(lines), 1) * LINE + ROW - LINE

    body, legend_y = legend(site, 20, width, pad)
    top = TOP + legend_y - 20
    rows = [wrap(e.title, plot_w if narrow else LABEL_W - 10) for e in dated]
    bottom = top + sum(row_height(r) for r in rows)
    panel, panel_bottom = (
        ([], 0.0) if narrow else undated_panel(site, src, left + PLOT_W + PAD + 10, top)
    )
    height = max(bottom, panel_bottom) + 34
    axis_y = top - 18
    body.append(
        f'<line {svg.attrs(x1=left, y1=axis_y, x2=left + plot_w, y2=axis_y)} stroke="#555"/>'
    )
    day = first
    while day <= last:
        x = x_of(day)
        if day.day == 1:
            body.append(f'<line {svg.attrs(x1=x, y1=axis_y - 22, x2=x, y2=bottom)} stroke="#999"/>')
            body.append(
                svg.text(x + 4, axis_y - 10, day.strftime("%B %Y"), FONT, font_weight="bold")
            )
        elif day.day % 5 == 0:
            body.append(f'<line {svg.attrs(x1=x, y1=axis_y, x2=x, y2=bottom)} stroke="#eee"/>')
            body.append(
                svg.text(x, axis_y + 13, str(day.day), 10.5, fill="#595959", text_anchor="middle")
            )
        body.append(f'<line {svg.attrs(x1=x, y1=axis_y, x2=x, y2=axis_y + 3)} stroke="#555"/>')
        day += dt.timedelta(days=1)
    for day in published:
        x = x_of(day) + scale / 2
        body.append(
            f'<line {svg.attrs(x1=x, y1=axis_y - 4, x2=x, y2=bottom + 8)} stroke="{PUBLISHED}" '
            f'stroke-width="2">{svg.title(f"publication, {day.isoformat()}")}</line>'
        )
        words = f"published {day.isoformat()}"
        half = svg.text_width(words, 10.5) / 2
        body.append(
            svg.text(
                min(max(x, pad + half), width - pad - half),  # kept inside the picture
                bottom + 22,
                words,
                10.5,
                fill=PUBLISHED,
                text_anchor="middle",
            )
        )
    y_top = top
    for event, lines in zip(dated, rows, strict=True):
        row_h = row_height(lines)
        label_y = y_top + 9
        y = y_top + len(lines) * LINE + 9 if narrow else label_y
        day_scale = scale / 2 if event.precision == "day" else 0
        x1 = x_of(event.start) + day_scale
        x2 = x_of(event.end, end=event.precision != "day") - day_scale
        when = event.start.isoformat() + (
            f" – {event.end.isoformat()}" if event.end != event.start else ""
        )
        tip = f"{event.title} · {when} ({event.precision}) · {event.status} · “{event.evidence}”"
        style = STATUS_STYLES.get(event.status, FALLBACK)
        parts = [
            f"<line {svg.attrs(x1=pad, y1=y_top + row_h - 4, x2=left + plot_w, y2=y_top + row_h - 4)} "
            'stroke="#f2f2f2"/>'
        ]
        for i, line in enumerate(lines):
            parts.append(svg.text(pad, label_y + 4 + i * LINE, line, FONT, fill="#222"))
        # A day's mark is no wider than a day (less its stroke and the publication line's), so
        # the mark of the day after publication stays clear of that line.
        parts.append(marker(style, x1, x2, y, tip, r=min(MARK_R, scale - 2.5)))
        label = date_label(event)
        right = max(x1, x2)  # a day's circle sits at x1; a bar ends at x2
        right_end = right + 16 + svg.text_width(label, 10.5)
        # A label goes right of its mark unless it would run off the plot or across the
        # publication line (then it would touch it); else left of the mark.
        crosses = any(right < x_of(day) + scale / 2 < right_end + 4 for day in published)
        if right_end < left + plot_w and not crosses:
            parts.append(svg.text(right + 14, y + 4, label, 10.5, fill="#555"))
        else:
            parts.append(svg.text(x1 - 14, y + 4, label, 10.5, fill="#555", text_anchor="end"))
        url = href(src, table_page("events"), event.anchor)
        body.append(svg.link(url, "".join(parts)))
        y_top += row_h
    body += panel
    return svg.document(
        "timeline-narrow" if narrow else "timeline",
        width,
        height,
        f"Timeline of the dated events, {first.isoformat()} to {last.isoformat()}",
        body,
    )


def undated_markdown(site: Site, src: str) -> str:
    """The events the text gives no date for, with the words that place them."""
    _, undated = split_events(site)
    if not undated:
        return "<p>Every event has a date.</p>"
    col = site.column
    items = []
    for row in undated:
        link = href(src, table_page("events"), site.row_anchor("events", row))
        evidence = row[col("events", "date_evidence")]
        items.append(
            f'<li><a href="{esc(link)}">{esc(row[col("events", "title")])}</a> — '
            f"status <code>{esc(row[col('events', 'status')])}</code>"
            + (f"; placed by “{esc(evidence)}”" if evidence else "")
            + "</li>"
        )
    return (
        f'<details class="note"><summary>The {len(undated)} undated events in words</summary>'
        f"<ul>{''.join(items)}</ul></details>"
    )
