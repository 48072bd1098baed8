"""The codebook: vocabulary codes the data actually uses, and every enum the schemas declare.

Which columns hold codes is read from the foreign keys into resources marked
`"vocabulary": true`; which columns are controlled is read from `enum` constraints.
"""

from __future__ import annotations

from collections import Counter

from security_guarantees_2022.checks import coding
from security_guarantees_2022.core.model import Field
from security_guarantees_2022.engines.run import run_checks
from security_guarantees_2022.load import read_typed
from security_guarantees_2022.release.interchange import (
    MANUAL_COMMIT,
    MANUAL_VERSION,
    check_record,
    coded_rows,
    own_mode,
    plover_records,
    skipped_events,
)

from .common import Site, esc, event_dyads, field_anchor, href, table_page


def vocabulary_usage(site: Site, vocab: str) -> dict[tuple[str, tuple[str, ...]], Counter[str]]:
    """(referring table, its fields) -> counts of each key anchor used, all-empty keys skipped."""
    usage: dict[tuple[str, tuple[str, ...]], Counter[str]] = {}
    for name, res in site.tables.items():
        if res.is_vocabulary:
            continue
        for fields, target, _ in res.foreign_keys:
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
        for fields, target, target_fields in res.foreign_keys
        if target == vocab and len(fields) == 1
    }
    head = "".join(f'<th data-type="{esc(f.type)}">{esc(f.name)}</th>' for f in res.fields())
    for table, fields in usage:
        head += f'<th data-type="integer">{esc(table)}.{esc(" + ".join(fields))}</th>'
    head += '<th data-type="integer">total</th>'
    body = []
    for anchor in used:
        row = by_anchor.get(anchor, {})
        cells = []
        for i, fld in enumerate(res.fields()):
            value = row.get(fld.name, "")
            cell = esc(value)
            if i == 0:
                cell = f'<a href="{esc(href(src, table_page(vocab), anchor))}">{cell}</a>'
            elif fld.name in self_links and value:
                link = site.row_href(src, vocab, [value])
                parent = by_anchor.get(value, {})
                label = parent.get(res.fields()[1].name, "") if len(res.fields()) > 1 else ""
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
            f"## {res.metadata.title or name}",
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
    groups: dict[tuple[str, ...], list[tuple[str, Field]]] = {}
    for name, res in site.tables.items():
        for fld in res.fields():
            enum = fld.enum
            if enum:
                groups.setdefault(tuple(str(v) for v in enum), []).append((name, fld))
    parts = ["## Controlled vocabularies", ""]
    parts.append(
        f"The schemas restrict {sum(len(v) for v in groups.values())} columns to fixed lists of "
        f"values ({len(groups)} distinct lists). Counts are rows holding each value."
    )
    parts.append("")
    for values, columns in groups.items():
        title = ", ".join(f"{table}.{fld.name}" for table, fld in columns)
        parts += [f"### {title}", ""]
        for table, fld in columns:
            link = href(src, table_page(table), field_anchor(table, fld.name))
            parts.append(
                f'- <a href="{esc(link)}"><code>{esc(table)}.{esc(fld.name)}</code></a>: '
                f"{esc(fld.description or '')}"
            )
        parts.append("")
        head = "<th>value</th>" + "".join(
            f'<th data-type="integer">{esc(t)}.{esc(f.name)}</th>' for t, f in columns
        )
        body = []
        for value in values:
            cells = [f"<td><code>{esc(value)}</code></td>"]
            for table, fld in columns:
                count = sum(1 for r in site.raw[table] if r.get(fld.name) == value)
                cells.append(f"<td>{count}</td>")
            body.append(f"<tr>{''.join(cells)}</tr>")
        parts += [
            '<div class="sg-scroll"><table class="sg-enum">'
            f"<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table></div>",
            "",
        ]
    return "\n".join(parts)


def _actors(site: Site, src: str, ids: list[str]) -> str:
    names = site.actor_names()
    links = []
    for actor in ids:
        link = site.row_href(src, "actors", [actor])
        label = esc(names.get(actor, actor))
        links.append(f'<a href="{esc(link)}">{label}</a>' if link else label)
    return ", ".join(links)


def _code_link(site: Site, src: str, code: str, name: str) -> str:
    """A CAMEO code linked to its row of the vocabulary; the name is there and in the link's
    accessible name, so the table stays narrow enough to read without scrolling sideways."""
    href_ = site.row_href(src, "cameo_event_codes", [code])
    label = f'<code>{esc(code)}</code><span class="sg-visually-hidden"> {esc(name)}</span>'
    return f'<a href="{esc(href_)}" title="{esc(name)}">{label}</a>' if href_ else label


def _number(value: float | None) -> str:
    """A score as the vocabularies write it (4, not 4.0); empty for none."""
    return "" if value is None else f"{value:g}"


def dyads_markdown(site: Site, src: str) -> str:
    """Every coded row as event data: source, target, CAMEO and PLOVER codes, the PLOVER score
    (joined from plover_event_types), and for events the factuality and reporting statement."""
    col = site.column
    typed = {name: read_typed(res) for name, res in site.tables.items()}
    # joined where the release's table coded_rows is: one rule for both
    coded = {(r["table_name"], r["row_id"]): r for r in coded_rows(site.package, typed).to_dicts()}
    dyads = event_dyads(site)
    rows = []
    for r in site.raw["statements"]:
        if r[col("statements", "cameo_code")]:
            target = r[col("statements", "target_id")]
            rows.append(
                (
                    "statements",
                    r[col("statements", "statement_id")],
                    [r[col("statements", "speaker_id")]],
                    [target] if target else [],
                    r,
                    "",
                    "",
                )
            )
    for r in site.raw["events"]:
        if r[col("events", "cameo_code")]:
            eid = r[col("events", "event_id")]
            sources, targets = dyads.get(eid, ([], []))
            rows.append(
                (
                    "events",
                    eid,
                    sources,
                    targets,
                    r,
                    f"{r[col('events', 'factuality')]} / {r[col('events', 'author_factuality')]}",
                    r[col("events", "reporting_statement_id")],
                )
            )
    head = "".join(
        f"<th>{h}</th>"
        for h in (
            "row",
            "source",
            "target",
            "CAMEO",
            "PLOVER",
            "Goldstein",
            "factuality",
        )
    )
    body = []
    for table, ident, sources, targets, _row, factuality, report in rows:
        joined = coded[(table, ident)]
        code = joined["cameo_code"]
        kind = (joined["plover_type"], own_mode(joined["plover_mode"], coding.itself(site.package)))
        quad, score = joined["quad_class"] or "", _number(joined["plover_score"])
        link = site.row_href(src, table, [ident])
        report_link = site.row_href(src, "statements", [report]) if report else None
        # ids break only at their hyphens, so the table fits without cutting a word
        shown = esc(ident).replace("-", "-<wbr>")
        plover_cell = "<br>".join(
            part for part in (esc("/".join(v for v in kind if v)), esc(quad), esc(score)) if part
        )
        event_cell = "<br>".join(
            part
            for part in (
                f"<code>{esc(factuality)}</code>" if factuality else "",
                f'<a href="{esc(report_link)}">{esc(report)}</a>' if report_link else "",
            )
            if part
        )
        cells = [
            f'<a href="{esc(link)}">{shown}</a>' if link else shown,
            _actors(site, src, sources) or "—",
            _actors(site, src, targets) or "—",
            _code_link(site, src, code, joined["cameo_name"] or ""),
            plover_cell or "—",
            esc(_number(joined["goldstein"])) or "—",
            event_cell,
        ]
        body.append("<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
    return "\n".join(
        [
            "## Coded rows as event data",
            "",
            "Each CAMEO-coded statement and event as a dyad. The PLOVER column gives type/mode, "
            "quad class and score; the factuality column, for events, the FactBank value of the "
            "reporting source, then the newspaper's (`factuality` / `author_factuality`), and the "
            "statement that reports the event. A statement's source is its speaker and "
            "its target `target_id`; an event's sources are its `event_participants` with role "
            "`actor`, or, when it has none, those with role `participant` (all sides of a meeting "
            "are actors and there is no recipient, as the PLOVER manual codes them), its targets "
            "those with role `recipient`; a host is neither. The PLOVER quad class and conflict–cooperation score are "
            "joined from `plover_event_types` on (`plover_type`, `plover_mode`), else on the type's "
            "own row (mode `none`, which this column leaves out; never the type-level ACCUSE row, "
            "whose +3 is a sign error in the manual's table); rows coded CAMEO 01 or "
            "02 have no PLOVER type and so no PLOVER score. The Goldstein value is joined from "
            "`cameo_goldstein` on the CAMEO code: GDELT's value, listed only where GDELT's name for "
            "the code number is the manual's code (see that table's sources). An event's factuality is "
            "FactBank's, as committed to by its reporting statement's speaker, else by the newspaper. "
            "A parent event (`parent_id` of others) is coded like its stages: count leaf events only "
            "to avoid counting the same talks twice. The release carries these joins as the table "
            "`coded_rows` (in the SQLite file and as Parquet), built by the same code.",
            "",
            '<div class="sg-scroll"><table class="sg-data" data-sortable>'
            f"<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table></div>",
            "",
        ]
    )


def export_markdown(site: Site) -> str:
    """What the PLOVER export holds, which manual it follows, and which events it leaves out."""
    report, ctx = run_checks(site.package.descriptor_path, second=False)
    if not report.valid:
        return ""
    records = plover_records(ctx.package, ctx.typed)
    for record in records:
        check_record(record)  # as release does: a record the schema refuses stops the build
    skipped = skipped_events(ctx.package, ctx.typed)
    kinds = Counter(r["record_type"] for r in records)
    items = "".join(f"<li><code>{esc(eid)}</code>: {esc(why)}</li>" for eid, why in skipped if why)
    return "\n".join(
        [
            "## The PLOVER export",
            "",
            f"The release's PLOVER records (`…-plover.jsonl`) follow the PLOVER manual "
            f"{esc(MANUAL_VERSION)} (openeventdata/PLOVER, `PLOVER_MANUAL.tex` at "
            f"<code>{esc(MANUAL_COMMIT[:12])}</code>): {kinds['statement']} statement records "
            f"and {kinds['event']} event records, each of which was checked against the JSON "
            "Schema `validate/security_guarantees_2022/release/plover_record.schema.json` when this page was built, as "
            "`release` checks them. No record has the same actor on both sides. Every record "
            "has a `date`: the row's own day, else the publication date (`date_basis` says "
            "which; `date_as_given` is the row's own date at its precision). Events give both "
            "factuality values: `factuality_source` (the reporting source's) and "
            "`factuality_author` (the newspaper's). Events left out of the export:",
            "",
            f'<ul class="sg-left-out">{items}</ul>',
            "",
        ]
    )


def codebook_markdown(site: Site, src: str) -> str:
    return (
        dyads_markdown(site, src)
        + "\n"
        + export_markdown(site)
        + "\n"
        + vocabularies_markdown(site, src)
        + "\n"
        + enums_markdown(site, src)
    )
