"""Agreement between the adjudicated tables (data/) and the independent second pass.

Rows are matched by span: exactly, or by the largest overlap. Actor ids may differ between the
passes, so the second pass's actors are mapped to ours through the mentions they share.
Writes annotation/agreement.json (figures) and annotation/disagreements.csv (one row each).

Run: .venv/bin/python annotation/compare.py
"""

from __future__ import annotations

import csv
import json
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
FIRST, SECOND = HERE.parent / "data", HERE / "second_pass"


def rows(folder: Path, table: str) -> list[dict[str, str]]:
    with (folder / f"{table}.csv").open(encoding="utf-8", newline="") as handle:
        return [{k: (v or "").strip() for k, v in r.items()} for r in csv.DictReader(handle)]


def span(row: dict[str, str]) -> tuple[int, int]:
    return int(row["start"]), int(row["end"])


def overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def match(first: list[dict], second: list[dict]) -> list[tuple[dict, dict]]:
    """Greedy one-to-one matching by overlap length, exact spans first."""
    pairs = sorted(
        ((overlap(span(a), span(b)), span(a) == span(b), i, j)
         for i, a in enumerate(first) for j, b in enumerate(second)
         if overlap(span(a), span(b)) > 0),
        key=lambda p: (not p[1], -p[0], p[2], p[3]),
    )
    used_a, used_b, out = set(), set(), []
    for _, _, i, j in pairs:
        if i not in used_a and j not in used_b:
            used_a.add(i), used_b.add(j)
            out.append((first[i], second[j]))
    return out


def prf(n_first: int, n_second: int, matched: int) -> dict[str, float]:
    precision = matched / n_second if n_second else 0.0
    recall = matched / n_first if n_first else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"first": n_first, "second": n_second, "matched": matched,
            "precision": round(precision, 3), "recall": round(recall, 3), "f1": round(f1, 3)}


def kappa(pairs: list[tuple[str, str]]) -> float | None:
    """Cohen's kappa of two label sequences; None when it is undefined (one label only)."""
    if not pairs:
        return None
    n = len(pairs)
    observed = sum(a == b for a, b in pairs) / n
    first, second = Counter(a for a, _ in pairs), Counter(b for _, b in pairs)
    expected = sum(first[k] * second[k] for k in first) / (n * n)
    return None if expected == 1 else round((observed - expected) / (1 - expected), 3)


def actor_map(first: list[dict], second: list[dict]) -> dict[str, str]:
    """Second-pass actor id -> our id, by the exact-span mentions they share most."""
    ours = {span(m): m["actor_id"] for m in first}
    votes: dict[str, Counter] = {}
    for m in second:
        if span(m) in ours:
            votes.setdefault(m["actor_id"], Counter())[ours[span(m)]] += 1
    return {theirs: counter.most_common(1)[0][0] for theirs, counter in votes.items()}


class Report:
    def __init__(self) -> None:
        self.figures: dict[str, dict] = {}
        self.disagreements: list[dict[str, str]] = []

    def compare(self, table: str, pairs: list[tuple[dict, dict]], column: str,
                key: str, translate=lambda v: v) -> dict:
        labels = [(a.get(column, ""), translate(b.get(column, ""))) for a, b in pairs]
        for (a, b), (first, _) in zip(labels, pairs, strict=True):
            if a != b:
                self.disagreements.append({"table": table, "id": first[key], "column": column,
                                           "first": a, "second": b, "text": first["text"]})
        same = sum(a == b for a, b in labels)
        return {"agree": same, "of": len(labels), "kappa": kappa(labels)}


def main() -> None:
    report = Report()
    m1, m2 = rows(FIRST, "mentions"), rows(SECOND, "mentions")
    actors = actor_map(m1, m2)
    to_ours = lambda v: actors.get(v, f"?{v}" if v else "")  # noqa: E731
    exact = [(a, b) for a, b in match(m1, m2) if span(a) == span(b)]
    overlapping = match(m1, m2)
    report.figures["mentions"] = {
        "exact_span": prf(len(m1), len(m2), len(exact)),
        "overlapping_span": prf(len(m1), len(m2), len(overlapping)),
        "actor_on_exact": report.compare("mentions", exact, "actor_id", "mention_id", to_ours),
        "mention_type_on_exact": report.compare("mentions", exact, "mention_type", "mention_id"),
    }
    ours_spans, theirs_spans = {span(m) for m in m1}, {span(m) for m in m2}
    for m in m1:
        if span(m) not in theirs_spans and not any(overlap(span(m), s) for s in theirs_spans):
            report.disagreements.append({"table": "mentions", "id": m["mention_id"], "column": "(row)",
                                         "first": "present", "second": "absent", "text": m["text"]})
    for m in m2:
        if span(m) not in ours_spans and not any(overlap(span(m), s) for s in ours_spans):
            report.disagreements.append({"table": "mentions", "id": m["mention_id"], "column": "(row)",
                                         "first": "absent", "second": "present", "text": m["text"]})

    s1, s2 = rows(FIRST, "statements"), rows(SECOND, "statements")
    pairs = match(s1, s2)
    by_theirs = {b["statement_id"]: a["statement_id"] for a, b in pairs}
    root = lambda row: {**row, "cameo_root": row.get("cameo_code", "")[:2]}  # noqa: E731
    report.figures["statements"] = {
        "rows": prf(len(s1), len(s2), len(pairs)),
        "exact_span": sum(span(a) == span(b) for a, b in pairs),
        **{column: report.compare("statements", pairs, column, "statement_id", translate)
           for column, translate in [("speaker_id", to_ours), ("recipient_id", to_ours),
                                     ("mode", str), ("said_on", str), ("said_on_precision", str),
                                     ("cameo_code", str), ("plover_type", str),
                                     ("reported_by", lambda v: by_theirs.get(v, v))]},
        "cameo_root": report.compare("statements", [(root(a), root(b)) for a, b in pairs],
                                     "cameo_root", "statement_id"),
    }
    e1, e2 = rows(FIRST, "events"), rows(SECOND, "events")
    pairs = match(e1, e2)
    report.figures["events"] = {
        "rows": prf(len(e1), len(e2), len(pairs)),
        **{column: report.compare("events", pairs, column, "event_id")
           for column in ("date_start", "date_precision", "status", "cameo_code")},
    }
    p1, p2 = rows(FIRST, "proposals"), rows(SECOND, "proposals")
    pairs = match(p1, p2)
    proposals = {b["proposal_id"]: a["proposal_id"] for a, b in pairs}
    report.figures["proposals"] = {
        "rows": prf(len(p1), len(p2), len(pairs)),
        "kind": report.compare("proposals", pairs, "kind", "proposal_id"),
    }
    ours = {(r["statement_id"], r["proposal_id"]): r["stance"] for r in rows(FIRST, "positions")}
    theirs = {(by_theirs.get(r["statement_id"], "?"), proposals.get(r["proposal_id"], "?")): r["stance"]
              for r in rows(SECOND, "positions")}
    shared = sorted(set(ours) & set(theirs))
    report.figures["positions"] = {
        "pairs": prf(len(ours), len(theirs), len(shared)),
        "stance": {"agree": sum(ours[k] == theirs[k] for k in shared), "of": len(shared),
                   "kappa": kappa([(ours[k], theirs[k]) for k in shared])},
    }
    (HERE / "agreement.json").write_text(json.dumps(report.figures, indent=2) + "\n", encoding="utf-8")
    with (HERE / "disagreements.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, ["table", "id", "column", "first", "second", "text"],
                                lineterminator="\n")
        writer.writeheader()
        writer.writerows(report.disagreements)
    print(json.dumps(report.figures, indent=2))


if __name__ == "__main__":
    main()
