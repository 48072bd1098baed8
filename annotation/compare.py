"""Agreement between the two independent annotation passes, before adjudication.

`first_pass/` is the first annotator's tables as first committed (commit 314854f, before any
adjudication); `second_pass/` is the second annotator's, built without seeing them. Rows are
paired one-to-one by an optimal (Hungarian) assignment: mentions, statements and proposals by
span overlap, events by span overlap and date. Actor ids differ between the passes, so the
second pass's actors are mapped to the first's through the mentions they share.

Writes agreement.json (figures) and disagreements.csv (every difference, each with a stable id);
adjudication.md records the decision on each.

Run from the repository root: .venv/bin/python annotation/compare.py
"""

from __future__ import annotations

import csv
import json
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path

HERE = Path(__file__).resolve().parent
FIRST, SECOND = HERE / "first_pass", HERE / "second_pass"
Row = dict[str, str]


def rows(folder: Path, table: str) -> list[Row]:
    with (folder / f"{table}.csv").open(encoding="utf-8", newline="") as handle:
        return [{k: (v or "").strip() for k, v in r.items()} for r in csv.DictReader(handle)]


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


def prf(n_first: int, n_second: int, matched: int) -> dict[str, float]:
    precision = matched / n_second if n_second else 0.0
    recall = matched / n_first if n_first else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "first": n_first,
        "second": n_second,
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


class Study:
    def __init__(self) -> None:
        self.figures: dict[str, dict] = {}
        self.disagreements: list[Row] = []

    def differ(
        self,
        table: str,
        a: Row | None,
        b: Row | None,
        key: tuple[str, str],
        column: str,
        first: str,
        second: str,
    ) -> None:
        first_id = a[key[0]] if a else ""
        second_id = b[key[1]] if b else ""
        self.disagreements.append(
            {
                "id": f"{table}/{first_id or '-'}/{second_id or '-'}/{column}",
                "table": table,
                "first_id": first_id,
                "second_id": second_id,
                "column": column,
                "first": first,
                "second": second,
                "text": (a or b or {}).get("text", ""),
            }
        )

    def rows(
        self,
        table: str,
        first: list[Row],
        second: list[Row],
        pairs: list[tuple[Row, Row]],
        key: tuple[str, str],
    ) -> dict:
        paired_a = {id(a) for a, _ in pairs}
        paired_b = {id(b) for _, b in pairs}
        for a in first:
            if id(a) not in paired_a:
                self.differ(table, a, None, key, "(row)", "present", "absent")
        for b in second:
            if id(b) not in paired_b:
                self.differ(table, None, b, key, "(row)", "absent", "present")
        return prf(len(first), len(second), len(pairs))

    def spans(self, table: str, pairs: list[tuple[Row, Row]], key: tuple[str, str]) -> dict:
        for a, b in pairs:
            if span(a) != span(b):
                self.differ(
                    table, a, b, key, "span", f"{a['start']}-{a['end']}", f"{b['start']}-{b['end']}"
                )
        same = sum(span(a) == span(b) for a, b in pairs)
        return {"agree": same, "of": len(pairs)}

    def table(
        self,
        table: str,
        first: list[Row],
        second: list[Row],
        pairs: list[tuple[Row, Row]],
        columns: dict[str, Callable[[str], str]],
    ) -> dict:
        """Row recall/precision, span agreement and each column's agreement for one table."""
        key = (f"{table[:-1]}_id", f"{table[:-1]}_id")
        return {
            "rows": self.rows(table, first, second, pairs, key),
            "span": self.spans(table, pairs, key),
            **{
                column: self.field(table, pairs, key, column, translate)
                for column, translate in columns.items()
            },
        }

    def field(
        self,
        table: str,
        pairs: list[tuple[Row, Row]],
        key: tuple[str, str],
        column: str,
        translate: Callable[[str], str] = str,
        first_column: Callable[[Row], str] | None = None,
        second_column: Callable[[Row], str] | None = None,
    ) -> dict:
        get_a = first_column or (lambda r: r.get(column, ""))
        get_b = second_column or (lambda r: r.get(column, ""))
        labels = [(get_a(a), translate(get_b(b))) for a, b in pairs]
        for (x, y), (a, b) in zip(labels, pairs, strict=True):
            if x != y:
                self.differ(table, a, b, key, column, x, y)
        same = sum(x == y for x, y in labels)
        return {"agree": same, "of": len(labels), "kappa": kappa(labels)}


def main() -> None:
    study = Study()
    m1, m2 = rows(FIRST, "mentions"), rows(SECOND, "mentions")
    actors = actor_map(m1, m2)

    def to_first(value: str) -> str:
        return ";".join(actors.get(v, f"?{v}") for v in value.split(";")) if value else ""

    pairs = match(m1, m2, by_span)
    study.figures["mentions"] = study.table(
        "mentions", m1, m2, pairs, {"actor_id": to_first, "mention_type": str}
    )

    a1, a2 = rows(FIRST, "actors"), rows(SECOND, "actors")
    pairs = [(a, b) for a in a1 for b in a2 if actors.get(b["actor_id"]) == a["actor_id"]]
    study.figures["actors"] = {
        "rows": study.rows("actors", a1, a2, pairs, ("actor_id", "actor_id")),
        **{
            column: study.field("actors", pairs, ("actor_id", "actor_id"), column)
            for column in ("kind", "country")
        },
    }

    s1, s2 = rows(FIRST, "statements"), rows(SECOND, "statements")
    pairs = match(s1, s2, by_span)
    statements = {b["statement_id"]: a["statement_id"] for a, b in pairs}
    study.figures["statements"] = study.table(
        "statements",
        s1,
        s2,
        pairs,
        {
            "speaker_id": to_first,
            "recipient_id": to_first,
            "medium_id": to_first,
            "mode": str,
            "cue": str,
            "said_on": str,
            "said_on_precision": str,
            "reported_by": lambda v: statements.get(v, f"?{v}") if v else "",
            "cameo_code": str,
            "plover_type": str,
            "plover_mode": str,
        },
    )
    study.figures["statements"]["cameo_root"] = study.field(
        "statements",
        pairs,
        ("statement_id", "statement_id"),
        "cameo_root",
        first_column=lambda r: r["cameo_code"][:2],
        second_column=lambda r: r["cameo_code"][:2],
    )

    e1, e2 = rows(FIRST, "events"), rows(SECOND, "events")
    pairs = match(e1, e2, event_similarity)
    events = {b["event_id"]: a["event_id"] for a, b in pairs}
    columns = ("date_start", "date_end", "date_precision", "status", "location", "country")
    study.figures["events"] = study.table(
        "events",
        e1,
        e2,
        pairs,
        {
            "parent_id": lambda v: events.get(v, f"?{v}") if v else "",
            **dict.fromkeys((*columns, "cameo_code", "plover_type"), str),
        },
    )

    p1, p2 = rows(FIRST, "proposals"), rows(SECOND, "proposals")
    pairs = match(p1, p2, by_span)
    proposals = {b["proposal_id"]: a["proposal_id"] for a, b in pairs}
    study.figures["proposals"] = study.table(
        "proposals",
        p1,
        p2,
        pairs,
        {
            "kind": str,
            "proposer_id": to_first,
            "addressee_id": to_first,
            "published": str,
            "status": str,
        },
    )

    ours = {(r["statement_id"], r["proposal_id"]): r["stance"] for r in rows(FIRST, "positions")}
    theirs = {}
    for r in rows(SECOND, "positions"):
        statement = statements.get(r["statement_id"], f"?{r['statement_id']}")
        proposal = proposals.get(r["proposal_id"], f"?{r['proposal_id']}")
        # a second-pass proposal whose span several first-pass proposals share (one document
        # for two drafts) stands for each of them: take the one the first pass used, if any
        twin = [q for q in p2 if q["proposal_id"] == r["proposal_id"]]
        sharing = [q["proposal_id"] for q in p1 if twin and span(q) == span(twin[0])]
        used = [q for q in sharing if (statement, q) in ours]
        theirs[(statement, used[0] if used else proposal)] = r["stance"]
    for pair in sorted(set(ours) | set(theirs)):
        first, second = ours.get(pair, "(absent)"), theirs.get(pair, "(absent)")
        if first != second:
            study.disagreements.append(
                {
                    "id": f"positions/{pair[0]}/{pair[1]}/stance",
                    "table": "positions",
                    "first_id": f"{pair[0]}+{pair[1]}" if pair in ours else "",
                    "second_id": f"{pair[0]}+{pair[1]}" if pair in theirs else "",
                    "column": "stance",
                    "first": first,
                    "second": second,
                    "text": "",
                }
            )
    shared = sorted(set(ours) & set(theirs))
    study.figures["positions"] = {
        "rows": prf(len(ours), len(theirs), len(shared)),
        "stance": {
            "agree": sum(ours[k] == theirs[k] for k in shared),
            "of": len(shared),
            "kappa": kappa([(ours[k], theirs[k]) for k in shared]),
        },
    }
    ids = [d["id"] for d in study.disagreements]
    assert len(ids) == len(set(ids)), "disagreement ids must be unique"
    report = {
        "method": (
            "first_pass/ (the first annotator's tables as first committed, commit 314854f, "
            "before adjudication) against second_pass/ (built independently); rows paired "
            "one-to-one by Hungarian assignment on span overlap (events: overlap and start "
            "date and place; actors through the mentions they share); precision and recall "
            "take the first pass as reference; kappa is Cohen's on the paired rows. Compared: "
            "every coded column both passes have. Not compared: free text (names, titles, "
            "roles, evidence quotes, notes), and event_participants and editorial_insertions, "
            "which the second pass did not annotate."
        ),
        "caveat": (
            "The first pass is the earliest committed version of the first annotator's tables; "
            "whether it was edited before that commit cannot be checked. A first round of "
            "second annotation was adjudicated into data/ but its files were not kept, so it "
            "is not measured here."
        ),
        **study.figures,
        "disagreements": len(study.disagreements),
    }
    (HERE / "agreement.json").write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    with (HERE / "disagreements.csv").open("w", encoding="utf-8", newline="") as handle:
        columns = ["id", "table", "first_id", "second_id", "column", "first", "second", "text"]
        writer = csv.DictWriter(handle, columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(study.disagreements)
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
