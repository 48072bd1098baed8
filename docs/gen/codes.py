"""The codebook entry of every vocabulary code the data uses: what it means, which rows are
coded with it, and what the other vocabularies code those same rows as.

Code columns are found from foreign keys into resources marked `"vocabulary": true`, and the
meaning from the vocabulary's own row (its name, and the name of its parent code), so a new
vocabulary or code column appears here without a code change. The equivalents shown are those
the annotators chose for the same rows; the validator holds them to the PLOVER project's
CAMEO→PLOVER crosswalk, which the package ships as the vocabulary `cameo_plover_crosswalk`.
"""

from __future__ import annotations

from collections import defaultdict

from .common import Site, esc, href, table_page
from .details import row_label


def code_anchor(vocab: str, anchor: str) -> str:
    """The id of a code's entry on the codebook page: `cameo_event_codes-0242`."""
    return f"{vocab}-{anchor}"


def coded_rows(site: Site) -> dict[str, dict[str, list[tuple[str, str, dict[str, str]]]]]:
    """vocabulary -> code anchor -> (table, column(s), row) of every row coded with it."""
    out: dict[str, dict[str, list[tuple[str, str, dict[str, str]]]]] = defaultdict(
        lambda: defaultdict(list)
    )
    for name, res in site.tables.items():
        if res.is_vocabulary:
            continue
        for fields, target, _ in res.foreign_keys:
            if not site.table(target).is_vocabulary:
                continue
            for row in site.raw[name]:
                values = [row.get(f, "") for f in fields]
                if any(values):
                    out[target][".".join(values)].append((name, " + ".join(fields), row))
    return out


def other_codes(site: Site, vocab: str, table: str, row: dict[str, str]) -> list[tuple[str, str]]:
    """(vocabulary, code anchor) of the same row in every other vocabulary."""
    found = []
    for fields, target, _ in site.table(table).foreign_keys:
        if target != vocab and site.table(target).is_vocabulary:
            values = [row.get(f, "") for f in fields]
            if any(values):
                found.append((target, ".".join(values)))
    return found


def parent_meaning(site: Site, vocab: str, row: dict[str, str]) -> str:
    """'under 02 Appeal' when the vocabulary has a parent column that is not the code itself."""
    anchor = site.row_anchor(vocab, row)
    for fields, target, _ in site.table(vocab).foreign_keys:
        if target == vocab and len(fields) == 1:
            parent = row.get(fields[0], "")
            if parent and parent != anchor:
                return f"under {parent} {row_label(site, vocab, parent)}".rstrip()
    return ""


def code_entries_markdown(site: Site, src: str) -> str:
    parts = ["## Every code in use", ""]
    parts.append(
        "Each code the data uses, with its meaning from the vocabulary, every row coded with it, "
        "and what the same rows are coded as in the other vocabularies (the annotators' choice "
        "for those rows, which the validator checks against the PLOVER project's CAMEO→PLOVER "
        "crosswalk, shipped as the `cameo_plover_crosswalk` table)."
    )
    parts.append("")
    usage = coded_rows(site)
    for vocab, codes in usage.items():
        res = site.table(vocab)
        by_anchor = {site.row_anchor(vocab, r): r for r in site.raw[vocab]}
        parts += [f"### {esc(res.metadata.title or vocab)}, code by code", ""]
        for anchor in sorted(codes):
            vrow = by_anchor.get(anchor, {})
            name = row_label(site, vocab, anchor)
            vlink = href(src, table_page(vocab), anchor)
            meaning = parent_meaning(site, vocab, vrow)
            rows = codes[anchor]
            items = []
            equivalents: dict[tuple[str, str], int] = {}
            for table, column, row in rows:
                ranchor = site.row_anchor(table, row)
                link = href(src, table_page(table), ranchor)
                items.append(
                    f'<li><a href="{esc(link)}"><code>{esc(ranchor)}</code></a> '
                    f"({esc(table)}.{esc(column)})</li>"
                )
                for other in other_codes(site, vocab, table, row):
                    equivalents[other] = equivalents.get(other, 0) + 1
            if equivalents:
                eq = "; ".join(
                    f'<a href="{esc(href(src, table_page(v), a))}"><code>{esc(a)}</code></a> '
                    f"{esc(row_label(site, v, a))} ({esc(v)}, {n} of {len(rows)} rows)"
                    for (v, a), n in sorted(equivalents.items())
                )
            else:
                eq = "none: no row coded with it carries a code of another vocabulary"
            parts.append(
                '<div class="sg-code-entry">'
                f'<h4 id="{esc(code_anchor(vocab, anchor))}"><span class="sg-code">{esc(anchor)}</span> {esc(name)}</h4>'
                f'<p><a href="{esc(vlink)}">{esc(vocab)} row {esc(anchor)}</a>'
                + (f" · {esc(meaning)}" if meaning else "")
                + f" · coded in {len(rows)} row{'s' if len(rows) != 1 else ''}.</p>"
                f"<p>Equivalent in the other vocabularies: {eq}.</p>"
                f'<ul class="sg-coded">{"".join(items)}</ul></div>'
            )
            parts.append("")
    return "\n".join(parts)
