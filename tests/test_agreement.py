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


def _copy(source: Path, target: Path) -> Path:
    target.mkdir(parents=True)
    for path in source.glob("*.csv"):
        (target / path.name).write_bytes(path.read_bytes())
    return target


def _write(path: Path, table: list[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, list(table[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(table)


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


DATA_TABLES = (
    "actors",
    "mentions",
    "statements",
    "editorial_insertions",
    "events",
    "event_participants",
    "proposals",
    "positions",
)


def _data_copy(tmp_path: Path) -> Path:
    """A stand-in pass: the tables of data/ under ids of its own (events and actors renamed)."""
    blind = tmp_path / "stand_in"
    blind.mkdir()
    rename = dict.fromkeys(("event_id", "parent_id", "about_event_id"), "e-")
    rename |= dict.fromkeys(
        ("actor_id", "speaker_id", "recipient_id", "target_id", "medium_id", "affiliation_id"),
        "a-",
    )
    rename |= dict.fromkeys(("refers_to_actor_id", "proposer_id", "addressee_id"), "a-")
    for table in DATA_TABLES:
        out = []
        for row in _read(REPO / "data" / f"{table}.csv"):
            for column, prefix in rename.items():
                if row.get(column) and not (column == "parent_id" and table == "proposals"):
                    row[column] = ";".join(prefix + v for v in row[column].split(";"))
            out.append(row)
        _write(blind / f"{table}.csv", out)
    return blind


def test_a_pass_equal_to_the_data_agrees_on_everything(tmp_path: Path) -> None:
    study = compare.compare(REPO / "data", _data_copy(tmp_path))
    assert study.disagreements == []
    for table in DATA_TABLES:
        figures = study.figures[table]
        assert figures["rows"]["f1"] == 1.0, table
        assert figures["not_compared"] == [], table
        for name, value in figures.items():
            if isinstance(value, dict) and "agree" in value:
                assert value["agree"] == value["of"], (table, name)


def test_a_participant_role_difference_is_keyed_to_the_data_event_id(tmp_path: Path) -> None:
    blind = _data_copy(tmp_path)
    table = _read(blind / "event_participants.csv")
    changed = table[0]
    was = changed["role"]
    changed["role"] = "target" if was != "target" else "actor"
    _write(blind / "event_participants.csv", table)
    study = compare.compare(REPO / "data", blind)
    data_event = changed["event_id"].removeprefix("e-")
    data_actor = changed["actor_id"].removeprefix("a-")
    assert [d["id"] for d in study.disagreements] == [
        f"event_participants/{data_event}+{data_actor}/{changed['event_id']}+"
        f"{changed['actor_id']}/role"
    ]
    (found,) = study.disagreements
    assert found["data_id"] == f"{data_event}+{data_actor}"
    assert (found["data"], found["blind"]) == (was, changed["role"])
    figures = study.figures["event_participants"]
    assert figures["role"]["agree"] == figures["role"]["of"] - 1
    assert figures["rows"]["matched"] == figures["rows"]["data"] - 1


def test_a_column_one_side_lacks_is_not_compared_and_no_disagreement(tmp_path: Path) -> None:
    # the stand-in for the blind pass: the second pass, which has no target_id, factuality,
    # event_participants or editorial_insertions
    blind = _copy(ANNOTATION / "second_pass", tmp_path / "blind_pass")
    study = compare.compare(REPO / "data", blind)
    statements, events = study.figures["statements"], study.figures["events"]
    assert "target_id" in statements["not_compared"] and "target_id" not in statements
    assert "author_factuality" in events["not_compared"] and "factuality" not in events
    assert study.figures["event_participants"]["not_compared"][0].startswith("the whole table")
    assert "rows" not in study.figures["event_participants"]
    columns = {(d["table"], d["column"]) for d in study.disagreements}
    assert not columns & {("statements", "target_id"), ("events", "factuality")}
    assert not any(d["table"] == "event_participants" for d in study.disagreements)
    assert "target_id" in compare.compared(study).split("Not compared")[1]


def test_blind_disagreements_are_keyed_to_data_ids(tmp_path: Path) -> None:
    blind = _copy(ANNOTATION / "second_pass", tmp_path / "blind_pass")
    study = compare.compare(REPO / "data", blind)
    assert study.disagreements
    for d in study.disagreements:
        _assert_data_ids(d)


def _data_ids() -> dict[str, set[str]]:
    key = {**compare.KEYS}
    return {
        table: {r[column] for r in _read(REPO / "data" / f"{table}.csv")}
        for table, column in key.items()
    }


def _assert_data_ids(d: dict[str, str]) -> None:
    """Each data_id names a row of data/ (a link row by its parts); the id starts with it."""
    ids = _data_ids()
    table, data_id = d["table"], d["data_id"]
    assert d["id"].startswith(f"{table}/{data_id or '-'}/"), d["id"]
    if not data_id:
        return
    if table == "positions":
        statement, proposal = data_id.split("+")
        assert statement in ids["statements"] and proposal in ids["proposals"], data_id
    elif table == "event_participants":
        event_id, actor = data_id.split("+")
        assert event_id in ids["events"] and actor in ids["actors"], data_id
    else:
        assert data_id in ids[table], (table, data_id)


def test_compare_reproduces_the_committed_figures(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Run from a copy (no machine paths): the outputs equal the committed ones."""
    copy = tmp_path / "annotation"
    for folder in ("first_pass", "second_pass", "blind_pass"):
        if (ANNOTATION / folder).is_dir():
            _copy(ANNOTATION / folder, copy / folder)
    for name in ("adjudication_blind.csv", "adjudication_departures.csv"):
        (copy / name).write_bytes((ANNOTATION / name).read_bytes())
    data = _copy(REPO / "data", tmp_path / "data")
    monkeypatch.setattr(compare, "HERE", copy)
    monkeypatch.setattr(compare, "DATA", data)
    monkeypatch.setattr(compare, "FIRST", copy / "first_pass")
    monkeypatch.setattr(compare, "SECOND", copy / "second_pass")
    monkeypatch.setattr(compare, "BLIND", copy / "blind_pass")
    compare.main()
    names = ("agreement.json", "disagreements.csv", "disagreements_earlier.csv", "departures.csv")
    for name in names:
        assert (copy / name).read_text(encoding="utf-8") == (ANNOTATION / name).read_text(
            encoding="utf-8"
        ), f"{name} is stale: rerun annotation/compare.py"


def test_without_a_blind_pass_nothing_is_invented(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    copy = tmp_path / "annotation"
    for folder in ("first_pass", "second_pass"):
        _copy(ANNOTATION / folder, copy / folder)
    monkeypatch.setattr(compare, "HERE", copy)
    monkeypatch.setattr(compare, "FIRST", copy / "first_pass")
    monkeypatch.setattr(compare, "SECOND", copy / "second_pass")
    monkeypatch.setattr(compare, "BLIND", copy / "blind_pass")
    compare.main()
    report = json.loads((copy / "agreement.json").read_text(encoding="utf-8"))
    assert "not in the repository yet" in report["method"]
    assert report["blind_pass_commit"] is None
    assert not set(report) & set(DATA_TABLES) and "disagreements" not in report
    assert "earlier" in report
    assert _read(copy / "disagreements.csv") == []


def disagreements(name: str = "disagreements.csv") -> list[dict[str, str]]:
    return _read(ANNOTATION / name)


def test_every_earlier_disagreement_has_a_unique_id_and_one_adjudication_line() -> None:
    ids = [row["id"] for row in disagreements("disagreements_earlier.csv")]
    assert len(ids) == len(set(ids))
    text = (ANNOTATION / "adjudication.md").read_text(encoding="utf-8")
    decided = re.findall(r"^- `([^`]+)`: \S.*$", text, flags=re.MULTILINE)
    assert sorted(decided) == sorted(ids)


def test_every_blind_disagreement_is_adjudicated_and_keyed_to_data_ids() -> None:
    listed = disagreements()
    ids = [row["id"] for row in listed]
    assert len(ids) == len(set(ids))
    decided = {r["id"]: r for r in _read(ANNOTATION / "adjudication_blind.csv")}
    assert sorted(decided) == sorted(ids), (
        "adjudication_blind.csv must decide every disagreement in disagreements.csv, and only "
        "those: missing "
        + ", ".join(sorted(set(ids) - set(decided)))
        + "; no longer listed "
        + ", ".join(sorted(set(decided) - set(ids)))
    )
    for row in listed:
        assert decided[row["id"]]["decision"] in compare.DECISIONS, row["id"]
        assert decided[row["id"]]["reason"].strip(), row["id"]
        assert (row["decision"], row["reason"]) == (
            decided[row["id"]]["decision"],
            decided[row["id"]]["reason"],
        ), "disagreements.csv is stale: rerun annotation/compare.py"
        _assert_data_ids(row)
    if not (ANNOTATION / "blind_pass").is_dir():
        assert listed == [] and decided == {}, "no blind pass: nothing to decide"


def test_every_departure_has_a_reason() -> None:
    listed = disagreements("departures.csv")
    reasons = {r["id"]: r["reason"] for r in _read(ANNOTATION / "adjudication_departures.csv")}
    assert sorted(reasons) == sorted(r["id"] for r in listed)
    for row in listed:
        assert reasons[row["id"]].strip() and row["reason"] == reasons[row["id"]], row["id"]
        _assert_data_ids(row)
        assert row["data"] != row["first"] and row["data"] != row["second"]


def test_agreement_counts_every_disagreement() -> None:
    figures = json.loads((ANNOTATION / "agreement.json").read_text(encoding="utf-8"))
    assert figures.get("disagreements", 0) == len(disagreements())
    assert figures["earlier"]["disagreements"] == len(disagreements("disagreements_earlier.csv"))
    assert figures["departures"] == len(disagreements("departures.csv"))


def test_the_blind_pass_commit_is_read_from_git_never_invented() -> None:
    figures = json.loads((ANNOTATION / "agreement.json").read_text(encoding="utf-8"))
    assert figures["blind_pass_commit"] == compare.blind_commit()
    if not (ANNOTATION / "blind_pass").is_dir():
        assert figures["blind_pass_commit"] is None
