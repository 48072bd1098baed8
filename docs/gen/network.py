"""Who spoke about, addressed or met whom, as a labelled circle of actors.

Edges from statements: the speaker to the recipient (addressed), to the target, the actor the
claim is aimed at (targeted: the statement's dyad), and to each participant of the event it is
about (spoke about). Edges from events, by the participants' roles: an actor to a recipient of
the same event (acted toward), and any other pair (took part together), so that the two sides
of an accusation are never joined as partners. Each edge counts the statements or events behind
it. A circle layout is deterministic and needs no physics or JavaScript.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field
from itertools import combinations
from typing import Any

import pandas as pd

from . import svg
from .common import Site, esc

SIZE, RADIUS, NODE, FONT = 860.0, 270.0, 9.0, 12.0
KINDS: dict[str, dict[str, Any]] = {
    "targeted": {"colour": "#1d6b35", "bend": 0.26, "directed": True, "dash": None},
    "addressed": {"colour": "#b3243a", "bend": 0.18, "directed": True, "dash": None},
    "spoke about": {"colour": "#2f6fad", "bend": 0.10, "directed": True, "dash": None},
    "acted toward": {"colour": "#8a4b00", "bend": -0.12, "directed": True, "dash": "2 3"},
    "took part together": {"colour": "#767676", "bend": 0.0, "directed": False, "dash": "5 4"},
}
# Event roles on opposite sides of an event's dyad: an edge between them runs from the first
# role to the second; every other pair of participants took part together.
OPPOSED = ("actor", "recipient")
NOUNS = {"took part together": "event", "acted toward": "event"}  # else "statement"


@dataclass
class Edge:
    kind: str
    source: str
    target: str
    reasons: list[str] = field(default_factory=list)


def _text(value: Any) -> str:
    return "" if value is None or pd.isna(value) else str(value)


def collect_edges(site: Site) -> list[Edge]:
    col = site.column
    edges: dict[tuple[str, str, str], Edge] = {}

    def add(kind: str, a: str, b: str, reason: str) -> None:
        if not a or not b or a == b:
            return
        if not KINDS[kind]["directed"]:
            a, b = sorted((a, b))
        edge = edges.setdefault((kind, a, b), Edge(kind, a, b))
        if reason not in edge.reasons:
            edge.reasons.append(reason)

    # event: {actor: its roles in the event}, actors in table order
    participants: dict[str, dict[str, set[str]]] = defaultdict(dict)
    for _, row in site.typed["event_participants"].iterrows():
        actor = _text(row[col("event_participants", "actor_id")])
        event = _text(row[col("event_participants", "event_id")])
        role = _text(row[col("event_participants", "role")])
        participants[event].setdefault(actor, set()).add(role)
    for _, row in site.typed["statements"].iterrows():
        sid = _text(row[col("statements", "statement_id")])
        speaker = _text(row[col("statements", "speaker_id")])
        add("targeted", speaker, _text(row[col("statements", "target_id")]), sid)
        add("addressed", speaker, _text(row[col("statements", "recipient_id")]), sid)
        event = _text(row[col("statements", "about_event_id")])
        for actor in participants.get(event, {}):
            add("spoke about", speaker, actor, f"{sid} on {event}")
    for event, members in participants.items():
        for a, b in combinations(members, 2):
            # An actor on one side and the other on the other: an arrow, whatever else they are
            # (a host that is also the recipient is still on the recipient's side).
            forward = OPPOSED[0] in members[a] and OPPOSED[1] in members[b]
            backward = OPPOSED[0] in members[b] and OPPOSED[1] in members[a]
            if forward:
                add("acted toward", a, b, event)
            if backward:
                add("acted toward", b, a, event)
            if not forward and not backward:
                add("took part together", a, b, event)
    return sorted(edges.values(), key=lambda e: (list(KINDS).index(e.kind), e.source, e.target))


def node_order(site: Site, used: set[str]) -> list[str]:
    """Actors on the circle, grouped by country so that each side's people sit together."""
    col = site.column
    rows = [r for r in site.raw["actors"] if r[col("actors", "actor_id")] in used]
    rows.sort(key=lambda r: (r[col("actors", "country")] or "~", r[col("actors", "actor_id")]))
    return [r[col("actors", "actor_id")] for r in rows]


def kind_colours(site: Site) -> dict[str, str]:
    fld = site.table("actors").field(site.column("actors", "kind"))
    values = (fld.enum if fld else None) or []
    return {str(v): svg.PALETTE[i % len(svg.PALETTE)] for i, v in enumerate(values)}


HEAD_GAP = 0.8  # radians between arrowheads arriving at one actor


def _control(p1: tuple[float, float], p2: tuple[float, float], bend: float) -> tuple[float, float]:
    (x1, y1), (x2, y2) = p1, p2
    mx, my = (x1 + x2) / 2, (y1 + y2) / 2
    return mx - (y2 - y1) * bend, my + (x2 - x1) * bend


def _approach(p1: tuple[float, float], p2: tuple[float, float], bend: float) -> float:
    """The angle at which a curve arrives at p2."""
    cx, cy = _control(p1, p2, bend)
    return math.atan2(p2[1] - cy, p2[0] - cx)


def spread(angles: list[float], gap: float = HEAD_GAP) -> list[float]:
    """The angles, in their order round the circle, moved apart until neighbours are at least
    `gap` apart. The circle is cut at the widest empty arc, so angles either side of ±π are
    neighbours too."""
    if len(angles) < 2:
        return angles
    turn = 2 * math.pi
    norm = [a % turn for a in angles]
    order = sorted(range(len(norm)), key=lambda i: norm[i])
    gaps = [(norm[order[(k + 1) % len(order)]] - norm[order[k]]) % turn for k in range(len(order))]
    cut = (max(range(len(gaps)), key=lambda k: gaps[k]) + 1) % len(order)
    order = order[cut:] + order[:cut]
    unrolled = [norm[order[0]]]
    for i in order[1:]:
        value = norm[i]
        while value < unrolled[-1]:
            value += turn
        unrolled.append(value)
    placed = [unrolled[0]]
    for value in unrolled[1:]:
        placed.append(max(value, placed[-1] + gap))
    shift = (sum(placed) - sum(unrolled)) / len(placed)
    out = list(angles)
    for rank, i in enumerate(order):
        out[i] = placed[rank] - shift
    return out


def _curve(
    p1: tuple[float, float], p2: tuple[float, float], bend: float, arrive: float | None = None
) -> str:
    """A quadratic curve that stops short of the target node, arriving at angle `arrive`."""
    (x1, y1), (x2, y2) = p1, p2
    cx, cy = _control(p1, p2, bend)
    angle = _approach(p1, p2, bend) if arrive is None else arrive
    ex, ey = x2 - math.cos(angle) * (NODE + 3), y2 - math.sin(angle) * (NODE + 3)
    f = svg.fmt
    return f"M{f(x1)},{f(y1)} Q{f(cx)},{f(cy)} {f(ex)},{f(ey)}"


def network_svg(site: Site, src: str) -> str:
    """The picture; node links are relative to `src`, the page or file that will hold it."""
    edges = collect_edges(site)
    names = site.actor_names()
    used = {e.source for e in edges} | {e.target for e in edges}
    order = node_order(site, used)
    colours = kind_colours(site)
    kinds = {
        r[site.column("actors", "actor_id")]: r[site.column("actors", "kind")]
        for r in site.raw["actors"]
    }
    cx, cy = SIZE / 2 + 40, SIZE / 2
    pos = {}
    for i, actor in enumerate(order):
        angle = -math.pi / 2 + 2 * math.pi * i / max(len(order), 1)
        pos[actor] = (cx + RADIUS * math.cos(angle), cy + RADIUS * math.sin(angle), angle)
    body = [
        "<defs>"
        + "".join(
            svg.arrow_marker(f"net-arrow-{i}", spec["colour"])
            for i, spec in enumerate(KINDS.values())
        )
        + "</defs>"
    ]
    # Arrowheads into one actor are spread around it, so that they do not pile up.
    arrive: dict[int, float] = {}
    incoming: dict[str, list[int]] = defaultdict(list)
    for n, edge in enumerate(edges):
        if KINDS[edge.kind]["directed"]:
            incoming[edge.target].append(n)
    for ids in incoming.values():
        angles = [
            _approach(
                pos[edges[n].source][:2],
                pos[edges[n].target][:2],
                float(KINDS[edges[n].kind]["bend"]),
            )
            for n in ids
        ]
        arrive.update(zip(ids, spread(angles), strict=True))
    for n, edge in enumerate(edges):
        i = list(KINDS).index(edge.kind)
        spec = KINDS[edge.kind]
        x1, y1, _ = pos[edge.source]
        x2, y2, _ = pos[edge.target]
        width = min(1.4 + 0.6 * (len(edge.reasons) - 1), 5.0)
        dash = f' stroke-dasharray="{spec["dash"]}"' if spec["dash"] else ""
        arrow = f' marker-end="url(#net-arrow-{i})"' if spec["directed"] else ""
        tip = edge_words(edge, names)
        body.append(
            f'<path d="{_curve((x1, y1), (x2, y2), float(spec["bend"]), arrive.get(n))}" '
            'fill="none" '
            f'stroke="{spec["colour"]}" stroke-width="{svg.fmt(width)}" stroke-opacity="0.8"'
            f"{dash}{arrow}>{svg.title(tip)}</path>"
        )
    for actor in order:
        x, y, angle = pos[actor]
        colour = colours.get(kinds.get(actor, ""), "#999999")
        lx, ly = x + math.cos(angle) * (NODE + 6), y + math.sin(angle) * (NODE + 6) + 4
        anchor = (
            "start" if math.cos(angle) > 0.15 else "end" if math.cos(angle) < -0.15 else "middle"
        )
        if anchor == "middle":
            ly += 8 if math.sin(angle) > 0 else -6
        label = names.get(actor, actor)
        shape = (
            f'<circle cx="{svg.fmt(x)}" cy="{svg.fmt(y)}" r="{svg.fmt(NODE)}" fill="{colour}" '
            f'stroke="#ffffff" stroke-width="2">{svg.title(f"{label} ({actor}, {kinds.get(actor)})")}</circle>'
            + svg.text(lx, ly, label, FONT, fill="#222", text_anchor=anchor)
        )
        body.append(svg.link(site.row_href(src, "actors", [actor]), shape))
    drawn_kinds = {kinds.get(a, "") for a in order}
    body += legend({k: c for k, c in colours.items() if k in drawn_kinds}, {e.kind for e in edges})
    return svg.document(
        "network",
        SIZE + 80,
        cy + RADIUS + 50,  # the circle's labels and no empty band below them
        "Actor network: who spoke about, addressed or took part in events with whom",
        body,
    )


def edge_words(edge: Edge, names: dict[str, str]) -> str:
    """The hover text of an edge, as a sentence: who, how, whom, and the rows behind it."""
    a, b = names.get(edge.source, edge.source), names.get(edge.target, edge.target)
    reasons = ", ".join(edge.reasons)
    if edge.kind == "took part together":
        return f"{a} and {b} took part together in {count(edge)}: {reasons}"
    return f"{a} {edge.kind} {b} ({count(edge)}): {reasons}"


def count(edge: Edge) -> str:
    """How many statements or events an edge stands for, in words."""
    noun = NOUNS.get(edge.kind, "statement")
    n = len(edge.reasons)
    return f"{n} {noun}{'' if n == 1 else 's'}"


def legend(colours: dict[str, str], drawn: set[str]) -> list[str]:
    """Only the link kinds and actor kinds the picture draws."""
    out, y = [], 20.0
    for i, (kind, spec) in enumerate(KINDS.items()):
        if kind not in drawn:
            continue
        dash = f' stroke-dasharray="{spec["dash"]}"' if spec["dash"] else ""
        arrow = f' marker-end="url(#net-arrow-{i})"' if spec["directed"] else ""
        out.append(
            f'<line {svg.attrs(x1=16.0, y1=y, x2=56.0, y2=y)} stroke="{spec["colour"]}" '
            f'stroke-width="2"{dash}{arrow}/>'
        )
        out.append(svg.text(64, y + 4, kind, FONT, fill="#333"))
        y += 20
    y += 6
    for kind, colour in colours.items():
        out.append(f'<circle cx="36" cy="{svg.fmt(y)}" r="7" fill="{colour}"/>')
        out.append(svg.text(64, y + 4, kind, FONT, fill="#333"))
        y += 20
    return out


def isolated_markdown(site: Site, src: str) -> str:
    """Actors with no edge, so that leaving them off the circle hides nobody."""
    edges = collect_edges(site)
    used = {e.source for e in edges} | {e.target for e in edges}
    names = site.actor_names()
    rest = [a for a in names if a not in used]
    if not rest:
        return ""
    links = []
    for actor in rest:
        link = site.row_href(src, "actors", [actor])
        links.append(
            f'<a href="{esc(link)}">{esc(names[actor])}</a>' if link else esc(names[actor])
        )
    return f"<p>Not on the circle ({len(rest)} actors with no such link): {', '.join(links)}.</p>"


def edges_markdown(site: Site, src: str) -> str:
    """The edges as a table: the picture's content in words, for search and screen readers."""
    names = site.actor_names()
    rows = []
    for edge in collect_edges(site):
        rows.append(
            f"<tr><td>{esc(names.get(edge.source, edge.source))}</td><td>{esc(edge.kind)}</td>"
            f"<td>{esc(names.get(edge.target, edge.target))}</td>"
            f"<td>{len(edge.reasons)}</td><td>{esc(', '.join(edge.reasons))}</td></tr>"
        )
    return (
        '<details class="note"><summary>The links in words</summary>'
        '<div class="sg-scroll"><table class="sg-data" data-sortable><thead><tr><th>From</th>'
        '<th>Link</th><th>To</th><th data-type="integer">Count</th><th>Because of</th></tr>'
        "</thead>"
        f"<tbody>{''.join(rows)}</tbody></table></div></details>"
    )
