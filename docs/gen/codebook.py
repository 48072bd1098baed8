"""The codebook: vocabulary codes the data actually uses, and every enum the schemas declare.

Which columns hold codes is read from the foreign keys into resources marked
`"vocabulary": true`; which columns are controlled is read from `enum` constraints.
"""

from __future__ import annotations

from collections import Counter

from validate.descriptor import foreign_keys

from .common import Site, esc, field_anchor, href, table_page


def vocabulary_usage(site: Site, vocab: str) -> dict[tuple[str, tuple[str, ...]], Counter[str]]:
    """(referring table, its fields) -> counts of each key anchor used, all-empty keys skipped."""
    usage: dict[tuple[str, tuple[str, ...]], Counter[str]] = {}
    for name, res in site.tables.items():
        if res.is_vocabulary:
            continue
        for fields, target, _ in foreign_keys(res):
            if target != vocab:
                continue
            counts: Counter[str] = Counter()
            for row in site.raw[name]:
                values = [row.get(f, "") for f in fields]
                if any(values):
                    counts[".".join(values)] += 1
            usage[(name, tuple(fields))] = counts
    return usage


def used_codes_table(site: Site, vocab: str, src: str) -> str:
    """One row per code in use: the vocabulary row itself plus a count per referring column."""
    res = site.table(vocab)
    usage = vocabulary_usage(site, vocab)
    by_anchor = {site.row_anchor(vocab, r): r for r in site.raw[vocab]}
    used = sorted({a for counts in usage.values() for a in counts})
    self_links = {
        fields[0]: target_fields
        for fields, target, target_fields in foreign_keys(res)
        if target == vocab and len(fields) == 1
    }
    head = "".join(
        f'<th data-type="{esc(f.get("type"))}">{esc(f["name"])}</th>' for f in res.fields()
    )
    for table, fields in usage:
        head += f'<th data-type="integer">{esc(table)}.{esc(" + ".join(fields))}</th>'
    head += '<th data-type="integer">total</th>'
    body = []
    for anchor in used:
        row = by_anchor.get(anchor, {})
        cells = []
        for i, fld in enumerate(res.fields()):
            value = row.get(fld["name"], "")
            cell = esc(value)
            if i == 0:
                cell = f'<a href="{esc(href(src, table_page(vocab), anchor))}">{cell}</a>'
            elif fld["name"] in self_links and value:
                link = site.row_href(src, vocab, [value])
                parent = by_anchor.get(value, {})
                label = parent.get(res.fields()[1]["name"], "") if len(res.fields()) > 1 else ""
                if link:
                    cell = f'<a href="{esc(link)}" title="{esc(label)}">{cell}</a>'
            cells.append(f"<td>{cell}</td>")
        total = 0
        for counts in usage.values():
            cells.append(f"<td>{counts.get(anchor, 0) or ''}</td>")
            total += counts.get(anchor, 0)
        cells.append(f"<td>{total}</td>")
        body.append(f"<tr>{''.join(cells)}</tr>")
    return (
        '<div class="sg-scroll"><table class="sg-data" data-sortable>'
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table></div>"
    )


def vocabularies_markdown(site: Site, src: str) -> str:
    """A section per vocabulary resource, listing only the codes in use."""
    parts = []
    for name, res in site.tables.items():
        if not res.is_vocabulary:
            continue
        usage = vocabulary_usage(site, name)
        n_used = len({a for counts in usage.values() for a in counts})
        refs = ", ".join(f"`{t}.{' + '.join(f)}`" for t, f in usage)
        link = href(src, table_page(name))
        parts += [
            f"## {res.descriptor.get('title', name)}",
            "",
            f"{n_used} of the {len(site.raw[name])} entries of "
            f'<a href="{esc(link)}"><code>{esc(name)}</code></a> are used, by {refs or "no column"}.',
            "",
            used_codes_table(site, name, src),
            "",
        ]
    return "\n".join(parts)


def enums_markdown(site: Site, src: str) -> str:
    """Every enum, grouped where several columns share the same list of values."""
    groups: dict[tuple[str, ...], list[tuple[str, dict]]] = {}
    for name, res in site.tables.items():
        for fld in res.fields():
            enum = (fld.get("constraints") or {}).get("enum")
            if enum:
                groups.setdefault(tuple(str(v) for v in enum), []).append((name, fld))
    parts = ["## Controlled vocabularies", ""]
    parts.append(
        f"The schemas restrict {sum(len(v) for v in groups.values())} columns to fixed lists of "
        f"values ({len(groups)} distinct lists). Counts are rows holding each value."
    )
    parts.append("")
    for values, columns in groups.items():
        title = ", ".join(f"{table}.{fld['name']}" for table, fld in columns)
        parts += [f"### {title}", ""]
        for table, fld in columns:
            link = href(src, table_page(table), field_anchor(table, fld["name"]))
            parts.append(
                f'- <a href="{esc(link)}"><code>{esc(table)}.{esc(fld["name"])}</code></a>: '
                f"{esc(fld.get('description', ''))}"
            )
        parts.append("")
        head = "<th>value</th>" + "".join(
            f'<th data-type="integer">{esc(t)}.{esc(f["name"])}</th>' for t, f in columns
        )
        body = []
        for value in values:
            cells = [f"<td><code>{esc(value)}</code></td>"]
            for table, fld in columns:
                count = sum(1 for r in site.raw[table] if r.get(fld["name"]) == value)
                cells.append(f"<td>{count}</td>")
            body.append(f"<tr>{''.join(cells)}</tr>")
        parts += [
            '<div class="sg-scroll"><table class="sg-enum">'
            f"<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table></div>",
            "",
        ]
    return "\n".join(parts)


def codebook_markdown(site: Site, src: str) -> str:
    return vocabularies_markdown(site, src) + "\n" + enums_markdown(site, src)
