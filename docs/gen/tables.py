"""One page per table, written from its Table Schema: fields, keys, and the whole table.

Everything about a column (type, constraints, enum, description, example) is read from
schemas/*.json, so a schema change shows up here without touching this file.
"""

from __future__ import annotations

import json

from security_guarantees_2022.core.descriptor import Resource
from security_guarantees_2022.core.model import Field

from .common import (
    Site,
    download_uri,
    esc,
    field_anchor,
    href,
    md_href,
    table_page,
)

# Columns whose longest value is above LONG characters get room; up to SHORT never wrap.
LONG, SHORT = 40, 24
# The default view of a data table keeps to this many characters of column width, so that
# its key columns are readable without scrolling on a desktop screen; the rest are on demand.
COMPACT_BUDGET = 118
# Examples longer than this are cut, with an ellipsis.
EXAMPLE_CHARS = 120


def constraint_items(fld: Field) -> list[str]:
    """Each constraint as a short HTML fragment; unknown constraint kinds still show, as JSON."""
    items = []
    for key, value in fld.constraints.as_written().items():
        if key == "required":
            items.append("required" if value else "optional")
        elif key == "enum":
            values = " ".join(f"<code>{esc(v)}</code>" for v in value)
            items.append(f"one of: {values}")
        elif key == "pattern":
            items.append(f"pattern <code>{esc(value)}</code>")
        elif key in ("minimum", "maximum", "minLength", "maxLength"):
            items.append(f"{esc(key)} <code>{esc(json.dumps(value))}</code>")
        elif key == "unique":
            items.append("unique" if value else "not unique")
        else:
            items.append(f"{esc(key)}: <code>{esc(json.dumps(value, ensure_ascii=False))}</code>")
    if "required" not in fld.constraints.declared:
        items.insert(0, "optional")
    return items


def key_badges(site: Site, res: Resource, name: str, src: str) -> str:
    """PK and FK markers for one field, FKs linked to the field they reference."""
    badges = []
    if name in site.primary_key(res.name):
        badges.append('<span class="sg-badge sg-pk" title="primary key">PK</span>')
    for fields, target, target_fields in res.foreign_keys:
        if name in fields:
            ref = target_fields[fields.index(name)]
            link = href(src, table_page(target), field_anchor(target, ref))
            badges.append(
                f'<span class="sg-badge sg-fk" title="foreign key">FK</span> '
                f'→ <a href="{esc(link)}">{esc(target)}.{esc(ref)}</a>'
            )
    return "<br>".join(badges)


def example_row(site: Site, table: str) -> dict[str, str]:
    """The row with the most filled cells (the first of those): every example comes from it
    when it can, so start, end and text agree with each other and with the source."""
    rows = site.raw[table]
    return max(rows, key=lambda r: sum(1 for v in r.values() if v), default={})


def examples(site: Site, table: str) -> dict[str, tuple[str, str]]:
    """field -> (value, row anchor): a real value of every field that has one in the data."""
    best = example_row(site, table)
    out: dict[str, tuple[str, str]] = {}
    for fld in site.table(table).fields():
        name = fld.name
        row = best if best.get(name) else next((r for r in site.raw[table] if r.get(name)), None)
        if row is not None:
            out[name] = (row[name], site.row_anchor(table, row))
    return out


def example_html(value: str, anchor: str) -> str:
    shown = value if len(value) <= EXAMPLE_CHARS else value[: EXAMPLE_CHARS - 1] + "…"
    return (
        f'<code class="sg-example">{esc(shown)}</code> '
        f'<a class="sg-example-row" href="#{esc(anchor)}">row {esc(anchor)}</a>'
    )


def fields_table(site: Site, res: Resource, src: str) -> str:
    """One row per field; on a phone each row becomes a card (the cells carry their labels)."""
    rows = []
    real = examples(site, res.name)
    labels = ("Field", "Type", "Constraints", "Description", "Example")
    for fld in res.fields():
        name = fld.name
        kind = esc(fld.type)
        if fld.format:
            kind += f" ({esc(fld.format)})"
        example = example_html(*real[name]) if name in real else "<em>empty in every row</em>"
        constraints = "<br>".join(constraint_items(fld))
        cells = (
            f'<code class="sg-field">{esc(name)}</code>'
            f'<a class="sg-field-link" href="#{esc(field_anchor(res.name, name))}" '
            f'aria-label="Link to {esc(res.name)}.{esc(name)}">¶</a>'
            f"<br>{key_badges(site, res, name, src)}",
            kind,
            constraints,
            esc(fld.description or ""),
            example,
        )
        rows.append(
            f'<tr id="{esc(field_anchor(res.name, name))}">'
            + "".join(
                f'<td data-label="{label}">{cell}</td>'
                for label, cell in zip(labels, cells, strict=True)
            )
            + "</tr>"
        )
    head = "<tr>" + "".join(f"<th>{label}</th>" for label in labels) + "</tr>"
    return (
        '<div class="sg-scroll sg-cards"><table class="sg-fields">'
        f"<thead>{head}</thead><tbody>{''.join(rows)}</tbody></table></div>"
    )


def compact_columns(site: Site, res: Resource, widths: dict[str, int]) -> list[str]:
    """The columns a data table shows by default: the primary key, then required columns that
    vary between rows, then the others, in schema order, while they fit COMPACT_BUDGET."""
    fields = res.fields()
    pk = site.primary_key(res.name)
    rows = site.raw[res.name]

    def varies(name: str) -> bool:
        return len({r.get(name, "") for r in rows}) > 1

    def required(fld: Field) -> bool:
        return fld.required

    order = [f.name for f in fields if f.name in pk]
    order += [f.name for f in fields if f.name not in order and required(f) and varies(f.name)]
    order += [f.name for f in fields if f.name not in order and varies(f.name)]
    chosen: list[str] = []
    used = 0
    for name in order:
        cost = min(widths[name], LONG) + 3
        if name in pk or used + cost <= COMPACT_BUDGET:
            chosen.append(name)
            used += cost
    return chosen


def keys_section(site: Site, res: Resource, src: str) -> list[str]:
    """Primary key, foreign keys and incoming references, as Markdown mkdocs link-checks."""

    def fref(table: str, name: str) -> str:
        return f"[`{table}.{name}`]({md_href(src, table_page(table), field_anchor(table, name))})"

    lines = ["## Keys {#keys}", ""]
    pk = site.primary_key(res.name)
    lines.append("**Primary key:** " + (", ".join(fref(res.name, k) for k in pk) if pk else "none"))
    lines.append("")
    fks = res.foreign_keys
    lines.append("**Foreign keys:**" + ("" if fks else " none"))
    lines.append("")
    for fields, target, target_fields in fks:
        left = " + ".join(fref(res.name, f) for f in fields)
        right = " + ".join(fref(target, f) for f in target_fields)
        lines.append(f"- {left} → {right}")
    lines.append("")
    incoming = site.incoming(res.name)
    lines.append("**Referenced by:**" + ("" if incoming else " nothing"))
    lines.append("")
    for table, fields, ours in incoming:
        left = " + ".join(fref(table, f) for f in fields)
        right = " + ".join(f"`{f}`" for f in ours)
        lines.append(f"- {left} → {right}")
    lines.append("")
    return lines


def data_table(site: Site, res: Resource, src: str) -> str:
    """The whole table; key cells carry row anchors, foreign-key cells link to their row."""
    fields = res.fields()
    links: dict[str, tuple[str, tuple[str, ...]]] = {}
    for fk_fields, target, _ in res.foreign_keys:
        for name in fk_fields:
            links.setdefault(name, (target, fk_fields))
    widths = {
        f.name: max([len(f.name)] + [len(r.get(f.name, "")) for r in site.raw[res.name]])
        for f in fields
    }
    compact = set(compact_columns(site, res, widths))
    classes = {
        name: " ".join(
            c
            for c in (
                "sg-long" if width > LONG else "sg-nowrap" if width <= SHORT else "",
                "" if name in compact else "sg-more",
            )
            if c
        )
        for name, width in widths.items()
    }
    head = "".join(
        f'<th scope="col" data-type="{esc(f.type)}" class="{classes[f.name]}"'
        + (" data-key" if f.name in compact else "")
        + f' title="{esc(f.description or "")}">{esc(f.name)}</th>'
        for f in fields
    )
    body = []
    for row in site.raw[res.name]:
        cells = []
        for fld in fields:
            name = fld.name
            value = row.get(name, "")
            cell = esc(value)
            if value and name in links:
                target, fk_fields = links[name]
                link = site.row_href(src, target, [row.get(f, "") for f in fk_fields])
                if link:
                    cell = f'<a href="{esc(link)}">{cell}</a>'
            cells.append(
                f'<td class="{classes[name]}">{cell}</td>' if classes[name] else f"<td>{cell}</td>"
            )
        body.append(f'<tr id="{esc(site.row_anchor(res.name, row))}">{"".join(cells)}</tr>')
    hidden = len(fields) - len(compact)
    return (
        f'<div class="sg-scroll" role="region" tabindex="0" aria-label="Rows of {esc(res.name)}">'
        f'<table class="sg-data" data-sortable data-more="{hidden}">'
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table></div>"
    )


def table_markdown(site: Site, name: str) -> str:
    res = site.table(name)
    src = table_page(name)
    n_rows = len(site.raw[name])
    csv_link = md_href(src, download_uri(res.relpath))
    schema_rel = res.metadata.schema_path
    # The data tables are wide: give them the width the table of contents would take.
    lines = ["---", "hide:", "  - toc", "---", "", f"# {res.metadata.title or name}", ""]
    lines += [f"{res.metadata.description or ''}", ""]
    if res.is_vocabulary:
        lines += [
            '!!! note "Vocabulary"',
            "    A controlled vocabulary shipped with the package: other tables' code columns",
            "    must hold one of its keys. See the [codebook](../codebook.md) for the codes used.",
            "",
        ]
    facts = [
        f"Table `{name}`",
        f"file [`{res.relpath}`]({csv_link})",
        f"**{n_rows}** rows",
        f"{len(res.fields())} fields",
    ]
    if schema_rel:
        facts.append(f"schema [`{schema_rel}`]({md_href(src, download_uri(schema_rel))})")
    lines += [" · ".join(facts), ""]
    lines += keys_section(site, res, src)
    lines += ["## Fields {#fields}", "", fields_table(site, res, src), ""]
    lines += [
        "## Data {#data}",
        "",
        f"All {n_rows} rows as they stand in `{res.relpath}`. Click a column header to sort;"
        " type in the box to filter. Linked cells lead to the row they reference. The columns"
        " shown first are the key ones; the button beside the filter shows every column.",
        "",
        data_table(site, res, src),
        "",
    ]
    return "\n".join(lines)


def table_pages(site: Site) -> dict[str, str]:
    """src_uri -> Markdown for every table resource, in datapackage.json's order."""
    return {table_page(name): table_markdown(site, name) for name in site.tables}


def tables_overview(site: Site, src: str) -> str:
    """The list of tables with row counts, for the home page."""
    lines = ["| Table | Rows | What one row is |", "| --- | ---: | --- |"]
    for name, res in site.tables.items():
        link = md_href(src, table_page(name))
        kind = " *(vocabulary)*" if res.is_vocabulary else ""
        desc = (res.metadata.description or "").replace("|", "\\|")
        lines.append(f"| [`{name}`]({link}){kind} | {len(site.raw[name])} | {desc} |")
    return "\n".join(lines)
