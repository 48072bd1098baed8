"""PLOVER event records: one per coded row, dyads as the tables give them, scores joined."""

from __future__ import annotations

import json

import pytest

from validate.core.run import run_checks
from validate.release.interchange import UNSCORED, plover_jsonl, plover_records


@pytest.fixture(scope="module")
def bundled():
    report, ctx = run_checks(None, second=False)
    assert report.valid
    return ctx


def test_one_record_per_coded_row_with_the_manuals_required_fields(bundled) -> None:
    records = plover_records(bundled.package, bundled.typed)
    statements = bundled.typed["statements"].drop_nulls("cameo_code")
    events = bundled.typed["events"].drop_nulls("cameo_code")
    assert [r["row_id"] for r in records] == (
        statements["statement_id"].to_list() + events["event_id"].to_list()
    )
    assert len({r["id"] for r in records}) == len(records)
    for record in records:
        assert {"id", "date", "source", "event"} <= set(record)
        assert record["has_event"] == bool(record["event"])
        if record["cameo_code"][:2] in ("01", "02"):
            assert record["event"] == [] and record["event_scale"] is None


def test_statement_dyads_are_speaker_and_target(bundled) -> None:
    by_id = {r["row_id"]: r for r in plover_records(bundled.package, bundled.typed)}
    for row in bundled.typed["statements"].drop_nulls("cameo_code").iter_rows(named=True):
        record = by_id[row["statement_id"]]
        assert [a["actor_id"] for a in record["source"]] == [row["speaker_id"]]
        expected = [row["target_id"]] if row["target_id"] else []
        assert [a["actor_id"] for a in record["recipient"]] == expected
        assert record["event_text"] == [row["text"]]
        assert record["text_info"] == {"start": row["start"], "end": row["end"]}


def test_event_dyads_follow_the_participant_roles(bundled) -> None:
    by_id = {r["row_id"]: r for r in plover_records(bundled.package, bundled.typed)}
    participants = bundled.typed["event_participants"]
    for row in bundled.typed["events"].drop_nulls("cameo_code").iter_rows(named=True):
        mine = participants.filter(participants["event_id"] == row["event_id"])
        roles = dict(zip(mine["actor_id"].to_list(), mine["role"].to_list(), strict=True))
        record = by_id[row["event_id"]]
        assert {a["actor_id"] for a in record["source"]} == {
            a for a, r in roles.items() if r in ("actor", "participant")
        }
        assert {a["actor_id"] for a in record["recipient"]} == {
            a for a, r in roles.items() if r in ("recipient", "participant")
        }
        assert record["factuality"] == row["factuality"]


def test_scores_come_from_the_vocabulary_never_from_the_sign_error(bundled) -> None:
    types = {
        (t["event_type"], t["mode"]): t
        for t in bundled.typed["plover_event_types"].iter_rows(named=True)
    }
    for record in plover_records(bundled.package, bundled.typed):
        if not record["event"]:
            continue
        kind, mode = record["event"][0], (record["mode"] or [None])[0]
        row = types.get((kind, mode)) if (kind, mode) not in UNSCORED else None
        row = row or (types.get((kind, None)) if (kind, None) not in UNSCORED else None)
        assert record["event_scale"] == (row["score"] if row else None), record["row_id"]


def test_the_jsonl_is_one_parsable_record_per_line(bundled) -> None:
    text = plover_jsonl(bundled.package, bundled.typed).decode("utf-8")
    lines = text.splitlines()
    assert [json.loads(line)["row_id"] for line in lines] == [
        r["row_id"] for r in plover_records(bundled.package, bundled.typed)
    ]
