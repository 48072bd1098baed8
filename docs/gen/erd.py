"""The entity–relationship diagram, drawn from each schema's primaryKey and foreignKeys.

Tables stand in rows by their longest chain of references: the tables nobody else depends on
at the top, the vocabularies and actors they all point at at the bottom, so arrows run
downwards. Each box lists its key fields and where each foreign key points.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import svg
from .common import Site, field_anchor, href, md_href, table_page

LINE, HEAD, GAP_X, GAP_Y, PAD, FONT = 16.0, 24.0, 26.0, 56.0, 16.0, 11.5


@dataclass
class Box:
    table: str
    lines: list[tuple[str, str]]  # (field or "", label)
    x: float = 0.0
    y: float = 0.0

    @property
    def width(self) -> float:
        texts = [f"{self.table} (0000)"] + [label for _, label in self.lines]
        return 22 + max(svg.text_width(t, FONT) for t in texts)

    @property
    def height(self) -> float:
        return HEAD + LINE * len(self.lines) + 8


def ranks(site: Site) -> dict[str, int]:
    """0 for tables that refer to no other table; otherwise one more than their deepest target."""
    memo: dict[str, int] = {}

    def rank(name: str, seen: frozenset[str]) -> int:
        if name not in memo:
            targets = {
                t for _, t, _ in site.table(name).foreign_keys if t != name and t not in seen
            }
            memo[name] = 1 + max((rank(t, seen | {name}) for t in targets), default=-1)
        return memo[name]

    return {name: rank(name, frozenset()) for name in site.tables}


def box_lines(site: Site, name: str) -> list[tuple[str, str]]:
    """The primary key, each foreign key with its target, then a count of the other fields."""
    res = site.table(name)
    lines = [(f, f"PK  {f}") for f in site.primary_key(name)]
    shown = set(site.primary_key(name))
    for fields, target, target_fields in res.foreign_keys:
        ref = (
            target
            if target_fields == site.primary_key(target)
            else f"{target}.{'+'.join(target_fields)}"
        )
        lines.append((fields[0], f"FK  {' + '.join(fields)} → {ref}"))
        shown.update(fields)
    rest = len(res.fields()) - len(shown)
    if rest:
        lines.append(("", f"+ {rest} other field{'s' if rest != 1 else ''}"))
    return lines


def layout(site: Site) -> tuple[dict[str, Box], float, float]:
    """Rows by rank, highest first; each row centred on the widest."""
    by_rank = ranks(site)
    rows: dict[int, list[Box]] = {}
    for name in site.tables:
        rows.setdefault(by_rank[name], []).append(Box(name, box_lines(site, name)))
    widths = {
        r: sum(b.width for b in boxes) + GAP_X * (len(boxes) - 1) for r, boxes in rows.items()
    }
    width = max(widths.values()) + 2 * PAD + 40
    y = PAD + 26
    for r in sorted(rows, reverse=True):
        x = (width - 40 - widths[r]) / 2
        for box in rows[r]:
            box.x, box.y = x, y
            x += box.width + GAP_X
        y += max(b.height for b in rows[r]) + GAP_Y
    return {b.table: b for boxes in rows.values() for b in boxes}, width, y - GAP_Y + PAD


def edge_paths(site: Site, boxes: dict[str, Box], src: str) -> list[str]:
    """One arrow per referring table and target, spread along the boxes' edges."""
    pairs: dict[tuple[str, str], list[str]] = {}
    for name in site.tables:
        for fields, target, target_fields in site.table(name).foreign_keys:
            label = f"{name}.{' + '.join(fields)} → {target}.{' + '.join(target_fields)}"
            pairs.setdefault((name, target), []).append(label)
    outgoing: dict[str, list[str]] = {}
    incoming: dict[str, list[str]] = {}
    for source, target in pairs:
        if source != target:
            outgoing.setdefault(source, []).append(target)
            incoming.setdefault(target, []).append(source)
    for targets in outgoing.values():
        targets.sort(key=lambda t: boxes[t].x)
    for sources in incoming.values():
        sources.sort(key=lambda s: boxes[s].x)
    out = []
    names = list(site.tables)
    for (source, target), labels in pairs.items():
        i = names.index(source)
        colour = svg.PALETTE[i % len(svg.PALETTE)]
        box, tbox = boxes[source], boxes[target]
        f = svg.fmt
        if source == target:
            x, y1, y2 = box.x + box.width, box.y + HEAD / 2, box.y + HEAD + LINE
            d = f"M{f(x)},{f(y1)} C{f(x + 30)},{f(y1 - 10)} {f(x + 30)},{f(y2 + 10)} {f(x + 2)},{f(y2)}"
        else:
            k, n = outgoing[source].index(target), len(outgoing[source])
            x1 = box.x + box.width * (k + 1) / (n + 1)
            y1 = box.y + box.height
            k, n = incoming[target].index(source), len(incoming[target])
            x2 = tbox.x + tbox.width * (k + 1) / (n + 1)
            y2 = tbox.y - 2
            dy = max(30.0, (y2 - y1) / 2)
            d = f"M{f(x1)},{f(y1)} C{f(x1)},{f(y1 + dy)} {f(x2)},{f(y2 - dy)} {f(x2)},{f(y2)}"
        width = 1.4 + 0.5 * (len(labels) - 1)
        path = (
            f'<path d="{d}" fill="none" stroke="{colour}" stroke-width="{svg.fmt(width)}" '
            f'stroke-opacity="0.8" marker-end="url(#erd-arrow-{i})">'
            f"{svg.title('; '.join(labels))}</path>"
        )
        out.append(svg.link(href(src, table_page(source), "keys"), path))
    return out


def box_shapes(site: Site, boxes: dict[str, Box], src: str) -> list[str]:
    out = []
    for i, name in enumerate(site.tables):
        box = boxes[name]
        colour = svg.PALETTE[i % len(svg.PALETTE)]
        dashed = ' stroke-dasharray="5 3"' if site.table(name).is_vocabulary else ""
        parts = [
            f'<rect {svg.attrs(x=box.x, y=box.y, width=box.width, height=box.height)} rx="5" '
            f'fill="#ffffff" stroke="{colour}" stroke-width="1.5"{dashed}/>',
            f'<rect {svg.attrs(x=box.x, y=box.y, width=box.width, height=HEAD)} rx="5" '
            f'fill="{colour}" fill-opacity="0.2"/>',
            svg.link(
                href(src, table_page(name)),
                svg.text(
                    box.x + 10,
                    box.y + 16,
                    f"{name} ({len(site.raw[name])})",
                    FONT + 0.5,
                    font_weight="bold",
                    fill="#222",
                ),
            ),
        ]
        for j, (fld, label) in enumerate(box.lines):
            y = box.y + HEAD + LINE * j + LINE / 2 + 5
            line = svg.text(box.x + 10, y, label, FONT, fill="#333" if fld else "#595959")
            if fld:
                line = svg.link(href(src, table_page(name), field_anchor(name, fld)), line)
            parts.append(line)
        tip = svg.title(site.table(name).metadata.description or name)
        out.append(f'<g id="erd-{i}">{tip}{"".join(parts)}</g>')
    return out


def erd_svg(site: Site, src: str) -> str:
    """The diagram; links are relative to `src`, the page or file that will hold it."""
    boxes, width, height = layout(site)
    markers = "".join(
        svg.arrow_marker(f"erd-arrow-{i}", svg.PALETTE[i % len(svg.PALETTE)])
        for i in range(len(site.tables))
    )
    note = svg.text(
        PAD,
        PAD + 4,
        "Arrows run from a table to the table its foreign keys reference; (n) = rows; "
        "dashed boxes are vocabularies.",
        FONT,
        fill="#555",
    )
    body = [f"<defs>{markers}</defs>", note, *edge_paths(site, boxes, src)]
    body += box_shapes(site, boxes, src)
    return svg.document(
        "erd", width, height, f"Entity–relationship diagram of the {site.name} tables", body
    )


def relationships_markdown(site: Site, src: str) -> str:
    """The same links as a list, for readers who cannot see the picture (and for search)."""
    lines = []
    for name in site.tables:
        for fields, target, target_fields in site.table(name).foreign_keys:
            left = f"[`{name}`]({md_href(src, table_page(name))})." + " + ".join(
                f"`{f}`" for f in fields
            )
            right = f"[`{target}`]({md_href(src, table_page(target))})." + " + ".join(
                f"`{f}`" for f in target_fields
            )
            lines.append(f"- {left} → {right}")
    return "\n".join(lines)
