"""PLOVER event records: the manual's names, one per exported row, every one valid against the
record's JSON Schema; broken inputs stop the export with a coded error."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import jsonschema
import polars as pl
import pytest

from security_guarantees_2022.core.report import PackageError
from security_guarantees_2022.engines.run import run_checks
from security_guarantees_2022.release import interchange
from security_guarantees_2022.release.build import release_artefacts
from security_guarantees_2022.release.interchange import (
    MANUAL_COMMIT,
    MANUAL_VERSION,
    UNSCORED,
    check_record,
    plover_jsonl,
    plover_records,
    record_schema,
)
from security_guarantees_2022.release.plover_layout import Sides
from security_guarantees_2022.release.stamp import stamp
from tests.fixtures.tiny import REPO
from tests.support import edit_descriptor, edit_schema, read_rows, write_rows

DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@pytest.fixture(scope="module")
def bundled():
    report, ctx = run_checks(None, second=False)
    assert report.valid
    return ctx


def typed_with(bundled, **frames: pl.DataFrame | None) -> dict[str, pl.DataFrame]:
    """The bundled tables with some replaced (None: the table left out)."""
    typed = dict(bundled.typed)
    for name, frame in frames.items():
        if frame is None:
            del typed[name]
        else:
            typed[name] = frame
    return typed


def occurred(bundled) -> tuple[str, ...]:
    """The statuses of events that happened, as the events schema declares them."""
    declared = bundled.package.tables["events"].checks.occurrence
    assert declared is not None
    return tuple(declared.occurred)


def exported_events(bundled) -> pl.DataFrame:
    events = bundled.typed["events"]
    parents = set(events["parent_id"].drop_nulls().to_list())
    return events.filter(
        pl.col("cameo_code").is_not_null()
        & pl.col("status").is_in(occurred(bundled))
        & ~pl.col("event_id").is_in(sorted(parents))
    )


def by_row(records: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {r["row_id"]: r for r in records}


def first_coded(frame: pl.DataFrame, key: str) -> str:
    value: str = frame.drop_nulls("cameo_code")[key][0]
    return value


def expect_error(code: str, bundled, typed: dict[str, pl.DataFrame]) -> PackageError:
    with pytest.raises(PackageError) as caught:
        plover_jsonl(bundled.package, typed)
    assert caught.value.code == code, caught.value.message
    return caught.value


# The schema and the manual it follows


def test_the_schema_is_draft_2020_12_and_states_the_manual_it_follows() -> None:
    schema = record_schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(schema)
    assert MANUAL_VERSION in schema["description"] and MANUAL_COMMIT in schema["description"]
    assert schema["additionalProperties"] is False
    assert set(schema["required"]) == {"id", "date", "actor", "event"}
    entity = schema["$defs"]["entity"]["properties"]
    assert {"code", "sector", "entity_text", "identifier_id"} <= set(entity)
    assert not {"actor_text", "source"} & (set(entity) | set(schema["properties"]))


def test_every_bundled_record_validates_and_names_the_manual(bundled) -> None:
    records = plover_records(bundled.package, bundled.typed)
    assert records
    for record in records:
        check_record(record)  # raises export-invalid otherwise
        assert MANUAL_VERSION in record["cite_info"]["codebook"]
        assert MANUAL_COMMIT in record["cite_info"]["codebook"]


# Which rows are exported


def test_one_record_per_exported_row(bundled) -> None:
    records = plover_records(bundled.package, bundled.typed)
    statements = bundled.typed["statements"].drop_nulls("cameo_code")
    assert [r["row_id"] for r in records] == (
        statements["statement_id"].to_list() + exported_events(bundled)["event_id"].to_list()
    )
    assert len({r["id"] for r in records}) == len(records)
    for record in records:
        assert record["has_event"] == bool(record["event"])
        if record["cameo_code"][:2] in ("01", "02"):
            assert record["event"] == [] and "event_scale" not in record


def test_no_parent_and_no_event_that_has_not_happened_is_exported(bundled) -> None:
    events = bundled.typed["events"]
    parents = set(events["parent_id"].drop_nulls().to_list())
    records = by_row(plover_records(bundled.package, bundled.typed))
    assert not parents & set(records)
    for row in events.iter_rows(named=True):
        if row["status"] not in occurred(bundled):
            assert row["event_id"] not in records, row["event_id"]
    assert {r["status"] for r in records.values() if r["record_type"] == "event"} <= {
        "occurred",
        "ongoing",
    }


def test_a_scheduled_or_unknown_event_is_left_out_until_it_occurs(bundled) -> None:
    event = exported_events(bundled)["event_id"][0]
    for status in ("scheduled", "unknown"):
        events = bundled.typed["events"].with_columns(
            pl.when(pl.col("event_id") == event)
            .then(pl.lit(status))
            .otherwise(pl.col("status"))
            .alias("status")
        )
        records = by_row(plover_records(bundled.package, typed_with(bundled, events=events)))
        assert event not in records


def test_sub_events_link_to_their_parents_record_id(bundled) -> None:
    records = plover_records(bundled.package, bundled.typed)
    ids = {r["row_id"]: r["id"] for r in records}
    stem = records[0]["id"].removesuffix(records[0]["row_id"])
    for row in exported_events(bundled).iter_rows(named=True):
        record = by_row(records)[row["event_id"]]
        if row["parent_id"]:
            assert record["link"] == stem + row["parent_id"]
            assert row["parent_id"] not in ids  # the parent itself is not exported
        else:
            assert "link" not in record


# Dyads


def test_no_record_has_the_same_actor_on_both_sides(bundled) -> None:
    for record in plover_records(bundled.package, bundled.typed):
        actors = {a["actor_id"] for a in record["actor"]}
        assert not actors & {a["actor_id"] for a in record["recipient"]}, record["row_id"]


def test_statement_dyads_are_speaker_and_target(bundled) -> None:
    records = by_row(plover_records(bundled.package, bundled.typed))
    for row in bundled.typed["statements"].drop_nulls("cameo_code").iter_rows(named=True):
        record = records[row["statement_id"]]
        assert [a["actor_id"] for a in record["actor"]] == [row["speaker_id"]]
        expected = [row["target_id"]] if row["target_id"] else []
        assert [a["actor_id"] for a in record["recipient"]] == expected
        assert record["event_text"] == [row["text"]]
        assert record["text_info"] == {"start": row["start"], "end": row["end"]}


def test_event_dyads_follow_the_participant_roles(bundled) -> None:
    records = by_row(plover_records(bundled.package, bundled.typed))
    participants = bundled.typed["event_participants"]
    for row in exported_events(bundled).iter_rows(named=True):
        mine = participants.filter(pl.col("event_id") == row["event_id"])
        of = {
            role: set(mine.filter(pl.col("role") == role)["actor_id"].to_list())
            for role in ("actor", "participant", "recipient", "host")
        }
        record = records[row["event_id"]]
        actors = {a["actor_id"] for a in record["actor"]}
        recipients = {a["actor_id"] for a in record["recipient"]}
        assert actors == (of["actor"] or of["participant"]), row["event_id"]
        assert recipients == of["recipient"], row["event_id"]
        assert not (of["host"] - of["actor"] - of["participant"] - of["recipient"]) & (
            actors | recipients
        )


def test_participants_are_actors_only_without_an_actor_and_a_host_never() -> None:
    rows = [
        {"event": "meeting", "actor": "a", "role": "participant"},
        {"event": "meeting", "actor": "b", "role": "participant"},
        {"event": "meeting", "actor": "h", "role": "host"},
        {"event": "visit", "actor": "a", "role": "actor"},
        {"event": "visit", "actor": "b", "role": "participant"},
        {"event": "visit", "actor": "c", "role": "recipient"},
    ]
    sides = Sides(sources=("actor",), targets=("recipient",), shared=("participant",))
    expected = {"meeting": (["a", "b"], []), "visit": (["a"], ["c"])}
    assert interchange.event_dyads(rows, sides) == expected


def test_entities_use_the_manuals_names_and_split_the_cameo_actor_code(bundled) -> None:
    actors = {a["actor_id"]: a for a in bundled.typed["actors"].iter_rows(named=True)}
    for record in plover_records(bundled.package, bundled.typed):
        for entity in record["actor"] + record["recipient"]:
            actor = actors[entity["actor_id"]]
            assert entity["entity_text"] == actor["name"]
            assert entity.get("identifier_id") == actor["wikidata_id"]
            code = actor["cameo_actor_code"]
            if code:
                assert entity["code"] == code[:3]
                assert entity.get("sector") == (code[3:] or None)
            else:
                assert entity.get("code") == actor["country"] and "sector" not in entity
    assert interchange.actor_code_parts("IGOWSTNAT") == ("IGO", "WSTNAT")
    assert interchange.actor_code_parts("RUS") == ("RUS", None)


# Dates, factuality and the columns being added


def test_no_record_has_a_null_date_and_each_says_its_basis(bundled) -> None:
    for record in plover_records(bundled.package, bundled.typed):
        assert DAY.match(record["date"]), record["row_id"]
        if record["date_basis"] == "event":
            assert record["date_precision"] == "day"
            assert record["date_as_given"] == record["date"]
        else:
            assert record["date_precision"] != "day"


def test_month_and_year_dates_are_given_at_their_precision(bundled) -> None:
    statements = bundled.typed["statements"]
    sid = first_coded(statements, "statement_id")
    source = statements.filter(pl.col("statement_id") == sid)["source_id"][0]
    sources = bundled.typed["sources"]
    published = sources.filter(pl.col("source_id") == source)["published"][0]
    for precision, given in (("month", "2021-12"), ("year", "2021"), ("unknown", None)):
        edited = statements.with_columns(
            pl.when(pl.col("statement_id") == sid)
            .then(pl.lit("2021-12-01").str.to_date())
            .otherwise(pl.col("said_on"))
            .alias("said_on"),
            pl.when(pl.col("statement_id") == sid)
            .then(pl.lit(precision))
            .otherwise(pl.col("said_on_precision"))
            .alias("said_on_precision"),
        )
        typed = typed_with(bundled, statements=edited)
        record = by_row(plover_records(bundled.package, typed))[sid]
        assert record.get("date_as_given") == given
        assert record["date"] == published.isoformat() != "2021-12-01"
        assert record["date_basis"] == "publication"
        check_record(record)


def test_both_factuality_values_and_target_inferred_are_exported_when_present(bundled) -> None:
    events = bundled.typed["events"].with_columns(author_factuality=pl.lit("PR+"))
    statements = bundled.typed["statements"].with_columns(
        target_inferred=pl.col("target_id").is_not_null()
    )
    typed = typed_with(bundled, events=events, statements=statements)
    records = by_row(plover_jsonl_records(bundled, typed))
    for row in exported_events(bundled).iter_rows(named=True):
        record = records[row["event_id"]]
        assert record["factuality_author"] == "PR+"
        assert record["factuality_source"] == row["factuality"]
    for row in statements.drop_nulls("cameo_code").iter_rows(named=True):
        assert records[row["statement_id"]]["target_inferred"] == row["target_inferred"]


def plover_jsonl_records(bundled, typed: dict[str, pl.DataFrame]) -> list[dict[str, Any]]:
    """The records as written (validated) in the JSON lines."""
    text = plover_jsonl(bundled.package, typed).decode("utf-8")
    return [json.loads(line) for line in text.splitlines()]


# Scores and the JSON lines


def test_scores_come_from_the_vocabulary_never_from_the_sign_error(bundled) -> None:
    declared = bundled.package.declaring("plover_types").checks.plover_types
    itself = declared.itself  # the type's own row: PLOVER's empty mode
    assert itself
    types = {
        (t["event_type"], None if t["mode"] == itself else t["mode"]): t
        for t in bundled.typed["plover_event_types"].iter_rows(named=True)
    }
    for record in plover_records(bundled.package, bundled.typed):
        assert itself not in record["mode"], record["row_id"]  # PLOVER leaves it empty
        if not record["event"]:
            continue
        kind, mode = record["event"][0], (record["mode"] or [None])[0]
        row = types.get((kind, mode)) if (kind, mode) not in UNSCORED else None
        row = row or (types.get((kind, None)) if (kind, None) not in UNSCORED else None)
        assert record.get("event_scale") == (row["score"] if row else None), record["row_id"]


def test_the_jsonl_is_one_parsable_record_per_line(bundled) -> None:
    assert [r["row_id"] for r in plover_jsonl_records(bundled, bundled.typed)] == [
        r["row_id"] for r in plover_records(bundled.package, bundled.typed)
    ]


# Broken inputs: the export stops with a coded error


def test_a_statement_whose_target_is_its_speaker_is_a_self_dyad(bundled) -> None:
    statements = bundled.typed["statements"]
    sid = first_coded(statements, "statement_id")
    edited = statements.with_columns(
        pl.when(pl.col("statement_id") == sid)
        .then(pl.col("speaker_id"))
        .otherwise(pl.col("target_id"))
        .alias("target_id")
    )
    error = expect_error("export-self-dyad", bundled, typed_with(bundled, statements=edited))
    assert sid in error.message


def test_an_event_whose_actor_is_also_its_recipient_is_a_self_dyad(bundled) -> None:
    participants = bundled.typed["event_participants"]
    actor_row = participants.filter(
        pl.col("role") == "actor",
        pl.col("event_id").is_in(exported_events(bundled)["event_id"].to_list()),
    ).head(1)
    edited = pl.concat([participants, actor_row.with_columns(role=pl.lit("recipient"))])
    error = expect_error(
        "export-self-dyad", bundled, typed_with(bundled, event_participants=edited)
    )
    assert actor_row["event_id"][0] in error.message and actor_row["actor_id"][0] in error.message


def test_an_actor_code_of_the_wrong_length_makes_the_export_invalid(bundled) -> None:
    statements = bundled.typed["statements"].drop_nulls("cameo_code")
    speaker = statements["speaker_id"][0]
    actors = bundled.typed["actors"].with_columns(
        pl.when(pl.col("actor_id") == speaker)
        .then(pl.lit("RUSGOVX"))
        .otherwise(pl.col("cameo_actor_code"))
        .alias("cameo_actor_code")
    )
    error = expect_error("export-invalid", bundled, typed_with(bundled, actors=actors))
    assert "sector" in error.message


def test_a_record_without_a_required_field_makes_the_export_invalid(
    bundled, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = interchange.plover_records

    def dateless(package, typed):
        records = real(package, typed)
        del records[-1]["date"]
        return records

    monkeypatch.setattr(interchange, "plover_records", dateless)
    error = expect_error("export-invalid", bundled, bundled.typed)
    assert "'date' is a required property" in error.message


def test_the_release_refuses_an_invalid_export_before_writing_anything(
    bundled, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(
        interchange, "plover_records", lambda package, typed: [{"id": "x", "row_id": "x"}]
    )
    artefacts = release_artefacts(bundled.package, bundled.typed)
    with pytest.raises(PackageError) as caught:
        next(artefacts)  # not even the zip is yielded
    assert caught.value.code == "export-invalid"


def test_a_table_the_export_needs_but_was_not_read_stops_it_naming_it(bundled) -> None:
    typed = typed_with(bundled, event_participants=None)
    error = expect_error("export-missing-table", bundled, typed)
    assert "event_participants" in error.message


def records_of(package: Path) -> list[dict[str, Any]]:
    report, ctx = run_checks(package, second=False)
    assert report.valid, report.issues[:3]
    return plover_records(ctx.package, ctx.typed)


def rename_column(package: Path, table: str, old: str, new: str) -> None:
    """A column renamed in its CSV header and everywhere its schema names it."""
    fields, rows = read_rows(package, table)
    write_rows(
        package,
        table,
        [new if f == old else f for f in fields],
        [{new if k == old else k: v for k, v in row.items()} for row in rows],
    )

    def renamed(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: renamed(v) for k, v in value.items()}
        if isinstance(value, list):
            return [renamed(v) for v in value]
        return new if value == old else value

    edit_schema(package, table, lambda s: s.update(renamed(s)))
    stamp(package)


@pytest.fixture
def fork(tmp_path: Path) -> Path:
    """A copy of the bundled package (the tiny one has no exported event)."""
    for part in ("data", "schemas"):
        shutil.copytree(REPO / part, tmp_path / part)
    shutil.copy(REPO / "datapackage.json", tmp_path)
    return tmp_path / "datapackage.json"


def test_a_fork_that_renames_tables_and_columns_exports_the_same_records(fork: Path) -> None:
    before = records_of(fork)
    assert {r["record_type"] for r in before} == {"statement", "event"}

    def people(descriptor: dict[str, Any]) -> None:
        for res in descriptor["resources"]:
            if res["name"] == "actors":
                res["name"] = "people"

    for table in ("actors", "events", "statements"):
        rename_column(
            fork,
            table,
            {"actors": "name", "events": "status", "statements": "speaker_id"}[table],
            "renamed",
        )
    edit_descriptor(fork, people)
    for schema in (fork.parent / "schemas").glob("*.schema.json"):
        text = schema.read_text(encoding="utf-8")
        schema.write_text(
            text.replace('"resource": "actors"', '"resource": "people"'), encoding="utf-8"
        )
    stamp(fork)
    assert records_of(fork) == before


@pytest.mark.parametrize(
    ("table", "edit", "code", "said"),
    [
        ("actors", lambda s: s.pop("plover"), "export-missing-table", "plover.entity; none does"),
        ("events", lambda s: s["checks"].pop("occurrence"), "export-missing-column", "events"),
        (
            "statements",
            lambda s: s["plover"]["record"].pop("actor"),
            "export-missing-column",
            "plover.record.actor",
        ),
        ("cameo_goldstein", lambda s: s.pop("plover"), "export-missing-table", "plover.goldstein"),
    ],
)
def test_a_role_no_schema_declares_stops_the_export_naming_it(
    tiny_package: Path, table: str, edit: Any, code: str, said: str
) -> None:
    edit_schema(tiny_package, table, edit)
    stamp(tiny_package)
    report, ctx = run_checks(tiny_package, second=False)
    assert report.valid
    with pytest.raises(PackageError) as caught:
        plover_jsonl(ctx.package, ctx.typed)
    assert caught.value.code == code and said in caught.value.message


def test_a_second_table_declaring_a_role_is_refused_not_guessed(tiny_package: Path) -> None:
    edit_schema(
        tiny_package,
        "positions",
        lambda s: s.update(
            plover={"goldstein": {"cameo": s["fields"][0]["name"], "value": s["fields"][1]["name"]}}
        ),
    )
    stamp(tiny_package)
    report, ctx = run_checks(tiny_package, second=False)
    assert report.valid
    with pytest.raises(PackageError) as caught:
        plover_jsonl(ctx.package, ctx.typed)
    assert caught.value.code == "export-missing-table"
    assert "2 do: " in caught.value.message and "positions" in caught.value.message
