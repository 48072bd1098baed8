"""The details panel of the annotated article: what a focused, clicked or tapped span stands for.

Every statement's details are written at build time from its row, field by field in schema
order, so a column added to the schema shows up here without a code change. Cells that
reference another row are shown with that row's name and linked to it; the chain of
statements a reported statement sits inside is spelled out. javascripts/article.js only picks
the right entry and shows it.
"""

from __future__ import annotations

import json

from .common import Site, esc, field_anchor, href, table_page

LABEL_FIELDS = ("name", "title", "label", "text")
PANEL_ID = "sg-details"


def row_label(site: Site, table: str, anchor: str) -> str:
    """A readable name for a row: its name, title, label or text column, if it has one."""
    names = {f.name for f in site.table(table).fields()}
    for column in LABEL_FIELDS:
        if column in names:
            for row in site.raw[table]:
                if site.row_anchor(table, row) == anchor:
                    return row.get(column, "")
    return ""


def reporting_chain(site: Site, table: str, row: dict[str, str], src: str) -> list[str]:
    """The statements a statement is reported inside, innermost first, each linked."""
    self_keys = [
        (fields[0], target_fields[0])
        for fields, target, target_fields in site.table(table).foreign_keys
        if target == table and len(fields) == 1
    ]
    by_anchor = {site.row_anchor(table, r): r for r in site.raw[table]}
    chain: list[str] = []
    seen: set[str] = set()
    current = row
    while self_keys:
        parent = current.get(self_keys[0][0], "")
        if not parent or parent in seen or parent not in by_anchor:
            break
        seen.add(parent)
        current = by_anchor[parent]
        speaker = (
            row_label(site, "actors", current.get("speaker_id", ""))
            if "actors" in site.tables
            else ""
        )
        link = href(src, table_page(table), parent)
        chain.append(
            f'<a href="{esc(link)}">{esc(parent)}</a>' + (f" ({esc(speaker)})" if speaker else "")
        )
    return chain


def statement_details(site: Site, row: dict[str, str], src: str) -> str:
    """A definition list of every filled field of one statement row."""
    table = "statements"
    res = site.table(table)
    anchor = site.row_anchor(table, row)
    fks = res.foreign_keys
    items = []
    for fld in res.fields():
        name = fld.name
        value = row.get(name, "")
        if not value:
            continue
        shown = f"<code>{esc(value)}</code>"
        for fields, target, _ in fks:
            if name in fields and len(fields) == 1 and target != table:
                label = row_label(site, target, value)
                link = site.row_href(src, target, [value])
                if link:
                    shown = f'<a href="{esc(link)}"><code>{esc(value)}</code></a>'
                if label and label != value:
                    shown += f" {esc(label)}"
        if (
            fld.type in (None, "string")
            and len(value) > 40
            and name not in {f for fields, _, _ in fks for f in fields}
        ):
            shown = esc(value)
        term = href(src, table_page(table), field_anchor(table, name))
        items.append(f'<dt><a href="{esc(term)}">{esc(name)}</a></dt><dd>{shown}</dd>')
    chain = reporting_chain(site, table, row, src)
    if chain:
        items.append(f"<dt>reported inside</dt><dd>{' ← '.join(chain)}</dd>")
    link = href(src, table_page(table), anchor)
    return (
        f'<p><strong>Statement {esc(anchor)}</strong> · <a href="{esc(link)}">its row in '
        f"<code>{table}</code></a></p><dl>{''.join(items)}</dl>"
    )


def details_block(site: Site, src: str) -> str:
    """The (hidden) panel and, as JSON the script reads, each statement's details."""
    entries = {
        f"stmt-{site.row_anchor('statements', row)}": statement_details(site, row, src)
        for row in site.raw["statements"]
    }
    data = json.dumps(entries, ensure_ascii=False).replace("</", "<\\/")
    return (
        f'<aside id="{PANEL_ID}" class="sg-details" hidden aria-live="polite" '
        'aria-label="Details of the selected span">'
        '<button type="button" class="md-button sg-details-close">Close</button>'
        '<div class="sg-details-body"></div></aside>\n\n'
        f'<script type="application/json" id="sg-statement-details">{data}</script>'
    )
