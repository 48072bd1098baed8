"""Search entries for every row and every field, added to the index material's search builds.

The search plugin indexes a page by its headings, so a table page would be one long entry
whose cells run together. Here every row becomes an entry of its own (its values, spaced and
with the names of the rows it references) that links to the row's anchor, and every field an
entry that links to the field's anchor; the table-sized entries are cut to their prose.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from .common import Site, esc, field_anchor, output_uri, table_page
from .details import row_label

SECTIONS_CUT = ("data", "fields")  # table-page sections replaced by per-row and per-field entries
PARAGRAPH = re.compile(r"<p>.*?</p>", flags=re.S)


def row_entries(site: Site, table: str) -> list[dict[str, str]]:
    res = site.table(table)
    page = output_uri(table_page(table))
    title = res.metadata.title or table
    references = {
        fields[0]: target
        for fields, target, _ in res.foreign_keys
        if len(fields) == 1 and target != table
    }
    entries = []
    for row in site.raw[table]:
        anchor = site.row_anchor(table, row)
        values = []
        for fld in res.fields():
            value = row.get(fld.name, "")
            if not value:
                continue
            label = row_label(site, references[fld.name], value) if fld.name in references else ""
            values.append(esc(f"{value} ({label})" if label and label != value else value))
        name = row_label(site, table, anchor)
        heading = f"{anchor} — {name}" if name and name != anchor else anchor
        entries.append(
            {
                "location": f"{page}#{anchor}",
                "title": f"{esc(heading)} · {esc(title)}",
                "text": " · ".join(values),
            }
        )
    return entries


def field_entries(site: Site, table: str) -> list[dict[str, str]]:
    page = output_uri(table_page(table))
    entries = []
    for fld in site.table(table).fields():
        name = fld.name
        kind = fld.type
        entries.append(
            {
                "location": f"{page}#{field_anchor(table, name)}",
                "title": f"{esc(name)} · field of {esc(table)}",
                "text": f"<code>{esc(table)}.{esc(name)}</code> ({esc(kind)}): "
                + esc(fld.description or ""),
            }
        )
    return entries


def extend_index(site: Site, index: dict[str, Any]) -> dict[str, Any]:
    """The index with table-sized entries cut to their prose and an entry per row and field."""
    cut = {f"{output_uri(table_page(t))}#{s}" for t in site.tables for s in SECTIONS_CUT}
    docs = []
    for doc in index.get("docs", []):
        if doc.get("location") in cut:
            doc = {**doc, "text": " ".join(PARAGRAPH.findall(doc.get("text", "")))}
        docs.append(doc)
    for table in site.tables:
        docs += field_entries(site, table) + row_entries(site, table)
    return {**index, "docs": docs}


def rewrite_index(site: Site, site_dir: Path) -> None:
    path = site_dir / "search" / "search_index.json"
    if not path.is_file():
        return
    index = json.loads(path.read_text(encoding="utf-8"))
    path.write_text(json.dumps(extend_index(site, index), ensure_ascii=False), encoding="utf-8")


# Table cells, list items and the labels of an inline SVG written without space between them
# would run together in the index (s018</li><li>Biden -> s018Biden).
CELL_BOUNDARY = re.compile(r"(</t[dh]>|</tr>|<br>|</li>|</text>|</title>)(?=<)")


def space_cells(html: str) -> str:
    return CELL_BOUNDARY.sub(r"\1 ", html)
