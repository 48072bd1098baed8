"""The agreement study: optimal one-to-one pairing, and a disagreement list that is complete,
uniquely keyed and adjudicated line by line."""

from __future__ import annotations

import csv
import importlib.util
import itertools
import json
import re
from pathlib import Path
from types import ModuleType

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

REPO = Path(__file__).resolve().parents[1]
ANNOTATION = REPO / "annotation"


def _load() -> ModuleType:
    spec = importlib.util.spec_from_file_location("compare", ANNOTATION / "compare.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


compare = _load()


def event(eid: str, start: int, end: int, date: str = "", location: str = "") -> dict[str, str]:
    return {
        "event_id": eid,
        "start": str(start),
        "end": str(end),
        "date_start": date,
        "location": location,
    }


def test_hungarian_beats_the_greedy_pairing() -> None:
    # greedy takes the 3 first and is left with 0; the optimum pairs 2 + 2
    assert compare.hungarian([[3, 2], [2, 0]]) == [(0, 1), (1, 0)]


def test_hungarian_leaves_out_pairs_that_score_nothing() -> None:
    assert compare.hungarian([[0, 0], [0, 1], [0, 0]]) == [(1, 1)]
    assert compare.hungarian([]) == []


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.lists(st.integers(0, 9), min_size=1, max_size=4), min_size=1, max_size=4).filter(
        lambda grid: len({len(r) for r in grid}) == 1
    )
)
def test_hungarian_total_is_the_best_of_all_one_to_one_pairings(grid: list[list[int]]) -> None:
    n, m = len(grid), len(grid[0])
    best = 0
    if n <= m:
        for cols in itertools.permutations(range(m), n):
            best = max(best, sum(grid[i][c] for i, c in enumerate(cols)))
    else:
        for rows in itertools.permutations(range(n), m):
            best = max(best, sum(grid[r][j] for j, r in enumerate(rows)))
    pairs = compare.hungarian(grid)
    assert len({a for a, _ in pairs}) == len(pairs) == len({b for _, b in pairs})
    assert sum(grid[a][b] for a, b in pairs) == best


def test_events_pair_by_date_and_place_not_by_greedy_overlap() -> None:
    first = [
        event("geneva-meeting", 100, 150, "2022-01-21", "Geneva"),
        event("trip-kiev", 160, 190, location="Kiev"),
        event("trip-berlin", 160, 190, location="Berlin"),
    ]
    second = [
        event("announced", 90, 150, "2022-01-19"),  # the 19 January announcement
        event("meeting", 0, 40, "2022-01-21", "Geneva"),  # no overlap, same date and place
        event("berlin", 184, 190, location="Berlin"),
        event("kiev", 175, 179, location="Kiev"),
    ]
    pairs = {
        a["event_id"]: b["event_id"]
        for a, b in compare.match(first, second, compare.event_similarity)
    }
    assert pairs == {"geneva-meeting": "meeting", "trip-kiev": "kiev", "trip-berlin": "berlin"}


def test_events_with_neither_overlap_nor_date_are_never_paired() -> None:
    first, second = [event("a", 0, 10, "2022-01-10")], [event("b", 20, 30, "2022-01-12")]
    assert compare.match(first, second, compare.event_similarity) == []


def test_compare_reproduces_the_committed_figures(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Run from a copy (no machine paths): the outputs equal the committed ones."""
    copy = tmp_path / "annotation"
    for folder in ("first_pass", "second_pass"):
        (copy / folder).mkdir(parents=True)
        for path in (ANNOTATION / folder).glob("*.csv"):
            (copy / folder / path.name).write_bytes(path.read_bytes())
    monkeypatch.setattr(compare, "HERE", copy)
    monkeypatch.setattr(compare, "FIRST", copy / "first_pass")
    monkeypatch.setattr(compare, "SECOND", copy / "second_pass")
    compare.main()
    for name in ("agreement.json", "disagreements.csv"):
        assert (copy / name).read_text(encoding="utf-8") == (ANNOTATION / name).read_text(
            encoding="utf-8"
        ), f"{name} is stale: rerun annotation/compare.py"


def disagreements() -> list[dict[str, str]]:
    with (ANNOTATION / "disagreements.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_every_disagreement_has_a_unique_id_and_one_adjudication_line() -> None:
    ids = [row["id"] for row in disagreements()]
    assert len(ids) == len(set(ids))
    text = (ANNOTATION / "adjudication.md").read_text(encoding="utf-8")
    decided = re.findall(r"^- `([^`]+)`: \S.*$", text, flags=re.MULTILINE)
    assert sorted(decided) == sorted(ids)


def test_agreement_counts_every_disagreement() -> None:
    figures = json.loads((ANNOTATION / "agreement.json").read_text(encoding="utf-8"))
    assert figures["disagreements"] == len(disagreements())
