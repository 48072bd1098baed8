"""Agreement between annotation passes, and where the adjudicated tables depart from both.

Three passes of the one article exist or are expected under annotation/:

- `first_pass/`: the first annotator's tables as first committed (commit 314854f, before any
  adjudication);
- `second_pass/`: a second annotator's tables, committed after a first round of adjudication had
  changed `data/`; it cannot be shown to be independent of that round (see agreement.json);
- `blind_pass/`: a blind pass, made from the source text, the guidelines and the Table Schemas
  only, with ids of its own. Until it is committed there are no blind figures.

`compare(reference, other)` pairs the rows of two passes one-to-one by an optimal (Hungarian)
assignment (mentions, statements, proposals and editorial insertions by span overlap; events by
span overlap, start date and place), maps the other pass's actor ids to the reference's through
the mentions they share, and compares every coded column of every layer, keyed to the
reference's ids. A column one side lacks is listed as not compared, never as a disagreement.

`python annotation/compare.py` writes:

- agreement.json: the blind study (data/ against blind_pass/) as the main figures, or a note that
  the blind pass is absent, and the earlier study (first_pass/ against second_pass/) under
  "earlier";
- disagreements.csv: every difference in the blind study, keyed to data/ ids, with the decision
  and reason read from adjudication_blind.csv (hand-written: id, decision, reason);
- disagreements_earlier.csv: every difference in the earlier study, keyed to first-pass ids,
  each decided in adjudication.md;
- departures.csv: every value in data/ that differs from both the first and the second pass
  (the row paired in both, the column in both), with the reason read from
  adjudication_departures.csv (hand-written: id, reason).

It prints every disagreement or departure that has no decision yet. Run from the repository
root: .venv/bin/python annotation/compare.py
"""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent  # the repository, for git; HERE may be pointed at a copy by the tests
DATA = ROOT / "data"
FIRST, SECOND, BLIND = HERE / "first_pass", HERE / "second_pass", HERE / "blind_pass"
Row = dict[str, str]
TABLES = (
    "actors",
    "mentions",
    "statements",
    "editorial_insertions",
    "events",
    "event_participants",
    "proposals",
    "positions",
)
KEYS = {
    "actors": "actor_id",
    "mentions": "mention_id",
    "statements": "statement_id",
    "editorial_insertions": "insertion_id",
    "events": "event_id",
    "proposals": "proposal_id",
}
BLIND_COLUMNS = ["id", "table", "data_id", "blind_id", "column", "data", "blind", "text"]
BLIND_COLUMNS += ["decision", "reason"]  # from adjudication_blind.csv
EARLIER = ("first", "second")  # the earlier study's labels
DECISIONS = ("data kept", "data changed", "both acceptable")


def rows(folder: Path, table: str) -> list[Row]:
    """A pass's rows; a PLOVER type's own mode (`none` in data/) reads as empty, as the passes,
    made before that mode had a value, write it."""
    itself = type_itself()
    with (folder / f"{table}.csv").open(encoding="utf-8", newline="") as handle:
        found = [{k: (v or "").strip() for k, v in r.items()} for r in csv.DictReader(handle)]
    for row in found:
        if itself is not None and row.get("plover_mode") == itself:
            row["plover_mode"] = ""
    return found


def header(folder: Path, table: str) -> list[str] | None:
    """The table's columns, or None when the pass has no such table."""
    path = folder / f"{table}.csv"
    if not path.is_file():
        return None
    with path.open(encoding="utf-8", newline="") as handle:
        return next(csv.reader(handle), [])


def span(row: Row) -> tuple[int, int]:
    return int(row["start"]), int(row["end"])


def overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def jaccard(a: tuple[int, int], b: tuple[int, int]) -> float:
    shared = overlap(a, b)
    return shared / (max(a[1], b[1]) - min(a[0], b[0])) if shared else 0.0


def hungarian(score: Sequence[Sequence[float]]) -> list[tuple[int, int]]:
    """The one-to-one pairing of rows and columns with the largest total score (Kuhn–Munkres,
    O(n^2 m) with potentials). Pairs of score 0 or less are left out of the result."""
    n = len(score)
    m = len(score[0]) if n else 0
    if not n or not m:
        return []
    transpose = n > m
    if transpose:
        score = [list(col) for col in zip(*score, strict=True)]
        n, m = m, n
    top = max(max(r) for r in score)
    cost = [[top - v for v in r] for r in score]  # maximise score = minimise cost
    inf = float("inf")
    u, v = [0.0] * (n + 1), [0.0] * (m + 1)
    owner, way = [0] * (m + 1), [0] * (m + 1)  # owner[j]: row assigned to column j (1-based)
    for i in range(1, n + 1):
        owner[0], j0 = i, 0
        least, used = [inf] * (m + 1), [False] * (m + 1)
        while True:
            used[j0] = True
            i0, delta, j1 = owner[j0], inf, 0
            for j in range(1, m + 1):
                if not used[j]:
                    reduced = cost[i0 - 1][j - 1] - u[i0] - v[j]
                    if reduced < least[j]:
                        least[j], way[j] = reduced, j0
                    if least[j] < delta:
                        delta, j1 = least[j], j
            for j in range(m + 1):
                if used[j]:
                    u[owner[j]] += delta
                    v[j] -= delta
                else:
                    least[j] -= delta
            j0 = j1
            if owner[j0] == 0:
                break
        while j0:
            j1 = way[j0]
            owner[j0] = owner[j1]
            j0 = j1
    pairs = [(owner[j] - 1, j - 1) for j in range(1, m + 1) if owner[j]]
    if transpose:
        pairs = [(b, a) for a, b in pairs]
    original = score if not transpose else None
    keep = []
    for a, b in sorted(pairs):
        value = original[a][b] if original is not None else score[b][a]
        if value > 0:
            keep.append((a, b))
    return keep


def match(
    first: list[Row], second: list[Row], similarity: Callable[[Row, Row], float]
) -> list[tuple[Row, Row]]:
    grid = [[similarity(a, b) for b in second] for a in first]
    return [(first[i], second[j]) for i, j in hungarian(grid)]


def by_span(a: Row, b: Row) -> float:
    return jaccard(span(a), span(b))


def event_similarity(a: Row, b: Row) -> float:
    """Span overlap plus 1 for the same start date (both set); with neither, 0 (never paired).
    The same place breaks ties between events that share a span (the Kiev and Berlin trips)."""
    same_date = bool(a["date_start"]) and a["date_start"] == b["date_start"]
    score = jaccard(span(a), span(b)) + (1.0 if same_date else 0.0)
    if score and a.get("location") and a.get("location") == b.get("location"):
        score += 1.0
    return score


def prf(n_reference: int, n_other: int, matched: int, names: tuple[str, str]) -> dict:
    """Precision and recall of the other pass, the reference's rows counting as the truth."""
    precision = matched / n_other if n_other else 0.0
    recall = matched / n_reference if n_reference else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        names[0]: n_reference,
        names[1]: n_other,
        "matched": matched,
        "precision": round(precision, 3),
        "recall": round(recall, 3),
        "f1": round(f1, 3),
    }


def kappa(pairs: list[tuple[str, str]]) -> float | None:
    """Cohen's kappa of two label sequences; None when it is undefined (one label only)."""
    if not pairs:
        return None
    n = len(pairs)
    observed = sum(a == b for a, b in pairs) / n
    first, second = Counter(a for a, _ in pairs), Counter(b for _, b in pairs)
    expected = sum(first[k] * second[k] for k in first) / (n * n)
    return None if expected == 1 else round((observed - expected) / (1 - expected), 3)


def bare(text: str) -> str:
    """A mention's words without a leading article: "the Federation Council" = "Federation Council"."""
    return text[4:] if text.lower().startswith("the ") else text


def actor_map(first: list[Row], second: list[Row]) -> dict[str, str]:
    """Second-pass actor id -> first-pass id, by the mentions they share most: the same span, or
    the same words but for a leading "the" (the passes drew name spans differently)."""
    ours = {span(m): m["actor_id"] for m in first}
    votes: dict[str, Counter[str]] = {}
    for m in second:
        if span(m) in ours:
            votes.setdefault(m["actor_id"], Counter())[ours[span(m)]] += 1
    for a, b in match(first, second, by_span):
        if b["actor_id"] not in votes and bare(a["text"]) == bare(b["text"]):
            votes.setdefault(b["actor_id"], Counter())[a["actor_id"]] += 1
    return {theirs: counter.most_common(1)[0][0] for theirs, counter in votes.items()}


def pair_id(*ids: str) -> str:
    """The id of a row of a link table (positions, event_participants): its keys joined by +."""
    return "+".join(ids)


class Study:
    """One comparison: figures per layer, every difference, and every compared value.

    `names` are the two sides' labels ("data" and "blind", or "first" and "second"): they name the
    row counts in the figures and the columns of the disagreement list."""

    def __init__(self, names: tuple[str, str] = ("data", "blind")) -> None:
        self.names = names
        self.figures: dict[str, dict] = {}
        self.disagreements: list[Row] = []
        # (table, reference id, column) -> (reference value, the other pass's values): every
        # compared value of a paired row, what departures are found from
        self.values: dict[tuple[str, str, str], tuple[str, list[str]]] = {}

    def differ(
        self,
        table: str,
        ref_id: str,
        other_id: str,
        column: str,
        ref_value: str,
        other_value: str,
        text: str = "",
    ) -> None:
        ref_name, other_name = self.names
        self.disagreements.append(
            {
                "id": f"{table}/{ref_id or '-'}/{other_id or '-'}/{column}",
                "table": table,
                f"{ref_name}_id": ref_id,
                f"{other_name}_id": other_id,
                "column": column,
                ref_name: ref_value,
                other_name: other_value,
                "text": text,
            }
        )

    def record(self, table: str, ref_id: str, column: str, ref_value: str, other: str) -> None:
        seen = self.values.setdefault((table, ref_id, column), (ref_value, []))
        seen[1].append(other)

    def presence(
        self,
        table: str,
        reference: list[Row],
        other: list[Row],
        pairs: list[tuple[Row, Row]],
        key: str,
    ) -> dict:
        """Row precision and recall; a row only one side has is a disagreement on "(row)"."""
        paired_a = {id(a) for a, _ in pairs}
        paired_b = {id(b) for _, b in pairs}
        for a in reference:
            if id(a) not in paired_a:
                self.differ(table, a[key], "", "(row)", "present", "absent", a.get("text", ""))
        for b in other:
            if id(b) not in paired_b:
                self.differ(table, "", b[key], "(row)", "absent", "present", b.get("text", ""))
        return prf(len(reference), len(other), len(pairs), self.names)

    def spans(self, table: str, pairs: list[tuple[Row, Row]], key: str) -> dict:
        for a, b in pairs:
            x, y = f"{a['start']}-{a['end']}", f"{b['start']}-{b['end']}"
            self.record(table, a[key], "span", x, y)
            if x != y:
                self.differ(table, a[key], b[key], "span", x, y, a.get("text", ""))
        same = sum(span(a) == span(b) for a, b in pairs)
        return {"agree": same, "of": len(pairs)}

    def field(
        self,
        table: str,
        pairs: list[tuple[Row, Row]],
        key: str,
        column: str,
        get_ref: Callable[[Row], str],
        get_other: Callable[[Row], str],
        derived: bool = False,
    ) -> dict:
        """Agreement and kappa on one column of the paired rows; each difference listed. A
        derived column (the CAMEO root) is not recorded for departures: its source column is."""
        labels = [(get_ref(a), get_other(b)) for a, b in pairs]
        for (x, y), (a, b) in zip(labels, pairs, strict=True):
            if not derived:
                self.record(table, a[key], column, x, y)
            if x != y:
                self.differ(table, a[key], b[key], column, x, y, a.get("text", ""))
        same = sum(x == y for x, y in labels)
        return {"agree": same, "of": len(labels), "kappa": kappa(labels)}

    def layer(
        self,
        table: str,
        reference: list[Row],
        other: list[Row],
        pairs: list[tuple[Row, Row]],
        columns: dict[str, Callable[[str], str]],
        headers: tuple[list[str], list[str]],
        spans: bool = True,
    ) -> dict:
        """Rows, spans and every listed column both sides have; the rest are "not compared"."""
        key = KEYS[table]
        figures: dict = {"rows": self.presence(table, reference, other, pairs, key)}
        if spans:
            figures["span"] = self.spans(table, pairs, key)
        skipped = []
        for column, translate in columns.items():
            if column in headers[0] and column in headers[1]:
                figures[column] = self.field(
                    table,
                    pairs,
                    key,
                    column,
                    lambda r, c=column: r[c],  # type: ignore[misc]
                    lambda r, c=column, t=translate: t(r[c]),  # type: ignore[misc]
                )
            else:
                skipped.append(column)
        figures["not_compared"] = skipped
        return figures


def absent(table: str, side: str) -> dict:
    return {"not_compared": [f"the whole table: the {side} pass has no {table}.csv"]}


def type_itself() -> str | None:
    """The PLOVER mode value that stands for a type itself, as its Table Schema declares it
    (`checks.ploverTypes.itself`); None when the schema declares none."""
    path = ROOT / "schemas" / "plover_event_types.schema.json"
    if not path.exists():
        return None
    declared = json.loads(path.read_text(encoding="utf-8")).get("checks", {})
    value = declared.get("ploverTypes", {}).get("itself")
    return value if isinstance(value, str) else None


def compare(reference: Path, other: Path, names: tuple[str, str] = ("data", "blind")) -> Study:
    """Compare every layer of two passes, keyed to the reference's ids (see the module doc)."""
    study = Study(names)
    heads = {t: (header(reference, t), header(other, t)) for t in TABLES}

    def load(table: str) -> tuple[list[Row], list[Row]] | None:
        ref_head, other_head = heads[table]
        if ref_head is None or other_head is None:
            side = names[0] if ref_head is None else names[1]
            study.figures[table] = absent(table, side)
            return None
        return rows(reference, table), rows(other, table)

    def both(table: str) -> tuple[list[str], list[str]]:
        ref_head, other_head = heads[table]
        return ref_head or [], other_head or []

    mentions = load("mentions")
    m1, m2 = mentions or ([], [])
    actors = actor_map(m1, m2)

    def to_ref(value: str) -> str:
        return ";".join(actors.get(v, f"?{v}") for v in value.split(";")) if value else ""

    def via(mapping: dict[str, str]) -> Callable[[str], str]:
        return lambda v: mapping.get(v, f"?{v}") if v else ""

    # pair every span-anchored layer first: statements and events refer to each other
    tables = {t: load(t) for t in ("statements", "events", "proposals", "editorial_insertions")}

    def proposal_similarity(a: Row, b: Row) -> float:
        """Span overlap; proposals that share a span (one document for two drafts) are told
        apart by their kind and addressee, mapped."""
        score = by_span(a, b)
        if score:
            score += 0.1 * (a.get("kind") == b.get("kind"))
            score += 0.1 * (a.get("addressee_id") == to_ref(b.get("addressee_id", "")))
        return score

    similarity = {"events": event_similarity, "proposals": proposal_similarity}
    pairs = {
        t: match(*loaded, similarity.get(t, by_span)) if loaded else []
        for t, loaded in tables.items()
    }
    ids = {t: {b[KEYS[t]]: a[KEYS[t]] for a, b in found} for t, found in pairs.items()}
    statements, events, proposals = ids["statements"], ids["events"], ids["proposals"]

    if mentions:
        study.figures["mentions"] = study.layer(
            "mentions",
            m1,
            m2,
            match(m1, m2, by_span),
            {"actor_id": to_ref, "mention_type": str},
            both("mentions"),
        )

    found = load("actors")
    if found:
        a1, a2 = found
        paired = [(a, b) for a in a1 for b in a2 if actors.get(b["actor_id"]) == a["actor_id"]]
        study.figures["actors"] = study.layer(
            "actors",
            a1,
            a2,
            paired,
            {
                "kind": str,
                "country": str,
                "affiliation_id": to_ref,
                "cameo_actor_code": str,
                "wikidata_id": str,
            },
            both("actors"),
            spans=False,
        )

    loaded = tables["statements"]
    if loaded:
        study.figures["statements"] = study.layer(
            "statements",
            *loaded,
            pairs["statements"],
            {
                "speaker_id": to_ref,
                "recipient_id": to_ref,
                "target_id": to_ref,
                "target_inferred": str,
                "medium_id": to_ref,
                "mode": str,
                "cue": str,
                "said_on": str,
                "said_on_precision": str,
                "said_on_inferred": str,
                "reported_by": via(statements),
                "about_event_id": via(events),
                "cameo_code": str,
                "plover_type": str,
                "plover_mode": str,
            },
            both("statements"),
        )
        if "cameo_code" in both("statements")[0] and "cameo_code" in both("statements")[1]:
            study.figures["statements"]["cameo_root"] = study.field(
                "statements",
                pairs["statements"],
                "statement_id",
                "cameo_root",
                lambda r: r["cameo_code"][:2],
                lambda r: r["cameo_code"][:2],
                derived=True,
            )

    loaded = tables["editorial_insertions"]
    if loaded:
        study.figures["editorial_insertions"] = study.layer(
            "editorial_insertions",
            *loaded,
            pairs["editorial_insertions"],
            {"kind": str, "statement_id": via(statements), "refers_to_actor_id": to_ref},
            both("editorial_insertions"),
        )

    loaded = tables["events"]
    if loaded:
        plain = (
            "date_start",
            "date_end",
            "date_precision",
            "status",
            "factuality",
            "author_factuality",
        )
        study.figures["events"] = study.layer(
            "events",
            *loaded,
            pairs["events"],
            {
                "parent_id": via(events),
                **dict.fromkeys(plain, str),
                "reporting_statement_id": via(statements),
                **dict.fromkeys(("location", "location_wikidata_id", "country"), str),
                **dict.fromkeys(("cameo_code", "plover_type", "plover_mode"), str),
            },
            both("events"),
        )

    found = load("event_participants")
    if found:
        study.figures["event_participants"] = participants(study, *found, events, actors)

    loaded = tables["proposals"]
    if loaded:
        study.figures["proposals"] = study.layer(
            "proposals",
            *loaded,
            pairs["proposals"],
            {
                "kind": str,
                "parent_id": via(proposals),
                "proposer_id": to_ref,
                "addressee_id": to_ref,
                "published": str,
                "status": str,
            },
            both("proposals"),
        )

    found = load("positions")
    if found and loaded:
        study.figures["positions"] = positions(study, *found, loaded, statements, proposals)
    elif found:
        study.figures["positions"] = {
            "not_compared": ["the whole table: without proposals on both sides it has no pairs"]
        }
    study.figures = {t: study.figures[t] for t in TABLES if t in study.figures}
    ids_seen = [d["id"] for d in study.disagreements]
    assert len(ids_seen) == len(set(ids_seen)), "disagreement ids must be unique"
    return study


def participants(
    study: Study,
    reference: list[Row],
    other: list[Row],
    events: dict[str, str],
    actors: dict[str, str],
) -> dict:
    """(event, actor, role) triples after mapping the other pass's ids: row precision and recall
    on the triples, and role agreement on the (event, actor) pairs both have."""
    ours: dict[tuple[str, str], set[str]] = {}
    for r in reference:
        ours.setdefault((r["event_id"], r["actor_id"]), set()).add(r["role"])
    theirs: dict[tuple[str, str], set[str]] = {}
    own: dict[tuple[str, str], list[str]] = {}  # the other pass's own ids for each mapped pair
    for r in other:
        pair = (
            events.get(r["event_id"], f"?{r['event_id']}"),
            actors.get(r["actor_id"], f"?{r['actor_id']}"),
        )
        theirs.setdefault(pair, set()).add(r["role"])
        own.setdefault(pair, []).append(pair_id(r["event_id"], r["actor_id"]))
    triples_a = {(*k, role) for k, roles in ours.items() for role in roles}
    triples_b = {(*k, role) for k, roles in theirs.items() for role in roles}
    table = "event_participants"
    for pair in sorted(set(ours) | set(theirs)):
        mine = ";".join(sorted(ours.get(pair, ())))
        yours = ";".join(sorted(theirs.get(pair, ())))
        other_id = ";".join(sorted(set(own.get(pair, []))))
        if pair not in theirs:
            study.differ(table, pair_id(*pair), "", "(row)", "present", "absent")
        elif pair not in ours:
            study.differ(table, "", other_id, "(row)", "absent", "present")
        else:
            study.record(table, pair_id(*pair), "role", mine, yours)
            if mine != yours:
                study.differ(table, pair_id(*pair), other_id, "role", mine, yours)
    shared = sorted(set(ours) & set(theirs))
    labels = [(";".join(sorted(ours[k])), ";".join(sorted(theirs[k]))) for k in shared]
    return {
        "rows": prf(len(triples_a), len(triples_b), len(triples_a & triples_b), study.names),
        "role": {
            "agree": sum(x == y for x, y in labels),
            "of": len(labels),
            "kappa": kappa(labels),
        },
        "not_compared": [],
    }


def positions(
    study: Study,
    reference: list[Row],
    other: list[Row],
    proposal_rows: tuple[list[Row], list[Row]],
    statements: dict[str, str],
    proposals: dict[str, str],
) -> dict:
    """Stance on (statement, proposal) pairs after mapping the other pass's ids."""
    p1, p2 = proposal_rows
    ours = {(r["statement_id"], r["proposal_id"]): r["stance"] for r in reference}
    theirs: dict[tuple[str, str], str] = {}
    own: dict[tuple[str, str], str] = {}
    for r in other:
        statement = statements.get(r["statement_id"], f"?{r['statement_id']}")
        proposal = proposals.get(r["proposal_id"], f"?{r['proposal_id']}")
        # a proposal of the other pass whose span several of the reference's share (one document
        # for two drafts) stands for each of them: its own pairing if the reference used it,
        # else one the reference used with this statement and no other row has taken yet
        twin = [q for q in p2 if q["proposal_id"] == r["proposal_id"]]
        sharing = [q["proposal_id"] for q in p1 if twin and span(q) == span(twin[0])]
        used = [q for q in sharing if (statement, q) in ours and (statement, q) not in theirs]
        if (statement, proposal) in ours and (statement, proposal) not in theirs:
            used = [proposal]
        pair = (statement, used[0] if used else proposal)
        theirs[pair] = r["stance"]
        own[pair] = pair_id(r["statement_id"], r["proposal_id"])
    for pair in sorted(set(ours) | set(theirs)):
        mine, yours = ours.get(pair, "(absent)"), theirs.get(pair, "(absent)")
        if pair in ours and pair in theirs:
            study.record("positions", pair_id(*pair), "stance", mine, yours)
        if mine != yours:
            study.differ(
                "positions",
                pair_id(*pair) if pair in ours else "",
                own.get(pair, ""),
                "stance",
                mine,
                yours,
            )
            if study.names == EARLIER:
                # the earlier study's ids, as adjudication.md decides them: the mapped pair
                study.disagreements[-1]["id"] = f"positions/{pair[0]}/{pair[1]}/stance"
    shared = sorted(set(ours) & set(theirs))
    return {
        "rows": prf(len(ours), len(theirs), len(shared), study.names),
        "stance": {
            "agree": sum(ours[k] == theirs[k] for k in shared),
            "of": len(shared),
            "kappa": kappa([(ours[k], theirs[k]) for k in shared]),
        },
        "not_compared": [],
    }


def departures(first: Study, second: Study) -> list[Row]:
    """Every value of the reference (data/) that differs from both passes: the row paired in
    both studies and the column compared in both. The CAMEO root is left out: its code is in."""
    out = []
    for key in sorted(set(first.values) & set(second.values)):
        value, firsts = first.values[key]
        seconds = second.values[key][1]
        if value not in firsts and value not in seconds:
            table, data_id, column = key
            out.append(
                {
                    "id": f"{table}/{data_id}/{column}",
                    "table": table,
                    "data_id": data_id,
                    "column": column,
                    "data": value,
                    "first": ";".join(dict.fromkeys(firsts)),
                    "second": ";".join(dict.fromkeys(seconds)),
                }
            )
    return out


def compared(study: Study) -> str:
    """What a study compared and what it did not, layer by layer, from its own figures."""
    done, skipped = [], []
    for table, figures in study.figures.items():
        columns = [c for c in figures if c not in ("rows", "not_compared")]
        if columns:
            done.append(f"{table} (rows, {', '.join(columns)})")
        if figures.get("not_compared"):
            skipped.append(f"{table} ({', '.join(figures['not_compared'])})")
    text = "Compared: " + "; ".join(done) + "."
    if skipped:
        text += " Not compared, as one side lacks them: " + "; ".join(skipped) + "."
    return text


PAIRING = (
    "Rows are paired one-to-one by Hungarian assignment on span overlap (events: overlap, start "
    "date and place; actors through the mentions they share, the other pass's actor ids mapped "
    "to the reference's); event_participants are compared as (event, actor, role) triples after "
    "mapping both ids, with role agreement on the (event, actor) pairs both have; positions as "
    "(statement, proposal) pairs after mapping. Precision and recall take the reference as the "
    "truth; kappa is Cohen's on the paired rows (null when undefined). Free text (names, titles, "
    "roles, evidence quotes, reasons, notes) is not compared."
)


def blind_commit() -> str | None:
    """The last commit that touched annotation/blind_pass, from git; None if there is none."""
    try:
        result = subprocess.run(
            ["git", "-C", str(ROOT), "log", "-1", "--format=%H", "--", "annotation/blind_pass"],
            capture_output=True,
            text=True,
            check=True,
        )
    except (OSError, subprocess.CalledProcessError):
        return None
    return result.stdout.strip() or None


def hand_written(path: Path, columns: tuple[str, ...]) -> dict[str, Row]:
    """A hand-written decision file by id; an absent file decides nothing."""
    if not path.is_file():
        return {}
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        assert tuple(reader.fieldnames or ()) == columns, f"{path.name}: columns {columns}"
        found: dict[str, Row] = {}
        for r in reader:
            assert r["id"] not in found, f"{path.name}: {r['id']} twice"
            found[r["id"]] = {k: (v or "").strip() for k, v in r.items()}
        return found


def write_csv(path: Path, columns: list[str], table: list[Row]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(table)


def unsettled(
    listed: list[Row], decided: dict[str, Row], needs: tuple[str, ...]
) -> tuple[list[str], list[str]]:
    """Ids listed with no decision (or an empty or unknown one), and decided ids not listed."""
    ids = {r["id"] for r in listed}
    missing = [
        r["id"]
        for r in listed
        if r["id"] not in decided
        or not all(decided[r["id"]][c] for c in needs)
        or ("decision" in needs and decided[r["id"]]["decision"] not in DECISIONS)
    ]
    return missing, sorted(set(decided) - ids)


def main() -> int:
    earlier = compare(FIRST, SECOND, names=EARLIER)
    report: dict = {}
    blind_rows: list[Row] = []
    if BLIND.is_dir():
        blind = compare(DATA, BLIND)
        report["method"] = (
            "data/ (the adjudicated tables) against annotation/blind_pass/, a blind pass made "
            "from the source text, the guidelines and the Table Schemas only, with ids of its "
            "own; every difference is keyed to the data/ ids. " + PAIRING + " " + compared(blind)
        )
        report["blind_pass_commit"] = blind_commit()
        report.update(blind.figures)
        report["disagreements"] = len(blind.disagreements)
        blind_rows = blind.disagreements
    else:
        report["method"] = (
            "annotation/blind_pass/ is not in the repository yet, so there are no blind figures "
            "and nothing stands in their place. When it is committed, compare.py compares it "
            "with data/ layer by layer, keyed to the data/ ids."
        )
        report["blind_pass_commit"] = None
    decided = hand_written(HERE / "adjudication_blind.csv", ("id", "decision", "reason"))
    for r in blind_rows:
        r.update({k: decided.get(r["id"], {}).get(k, "") for k in ("decision", "reason")})

    found = departures(
        compare(DATA, FIRST, names=("data", "first")),
        compare(DATA, SECOND, names=("data", "second")),
    )
    reasons = hand_written(HERE / "adjudication_departures.csv", ("id", "reason"))
    for r in found:
        r["reason"] = reasons.get(r["id"], {}).get("reason", "")
    report["departures"] = len(found)

    report["earlier"] = {
        "method": (
            "first_pass/ (the first annotator's tables as first committed, commit 314854f, "
            "before adjudication) against second_pass/ (the second annotator's tables); the "
            "first pass is the reference and every difference is keyed to its ids. "
            + PAIRING
            + " "
            + compared(earlier)
        ),
        "caveat": (
            "The second pass cannot be shown to be independent: it was committed after a first "
            "round of adjudication had changed data/, and it agrees with that round's decisions "
            "on several points the first pass had otherwise. The first pass is the earliest "
            "committed version of the first annotator's tables; whether it was edited before "
            "that commit cannot be checked. The first round's own second annotation was not "
            "kept, so it is not measured here."
        ),
        **earlier.figures,
        "disagreements": len(earlier.disagreements),
    }
    (HERE / "agreement.json").write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    write_csv(
        HERE / "disagreements.csv",
        BLIND_COLUMNS,
        blind_rows,
    )
    write_csv(
        HERE / "disagreements_earlier.csv",
        ["id", "table", "first_id", "second_id", "column", "first", "second", "text"],
        earlier.disagreements,
    )
    write_csv(
        HERE / "departures.csv",
        ["id", "table", "data_id", "column", "data", "first", "second", "reason"],
        found,
    )
    print(json.dumps(report, indent=2))
    problems = 0
    for name, listed, decisions, needs in (
        ("adjudication_blind.csv", blind_rows, decided, ("decision", "reason")),
        ("adjudication_departures.csv", found, reasons, ("reason",)),
    ):
        missing, stale = unsettled(listed, decisions, needs)
        for item in missing:
            print(f"not decided in annotation/{name}: {item}", file=sys.stderr)
        for item in stale:
            print(f"annotation/{name} names an id that no longer exists: {item}", file=sys.stderr)
        problems += len(missing) + len(stale)
    if not BLIND.is_dir():
        print("annotation/blind_pass/ is absent: no blind figures written", file=sys.stderr)
    return 0


if __name__ == "__main__":
    main()
