"""Domain rules come from the schemas' `checks`: a new table that declares a span, a nesting or
a publication rule is checked with no code change, and a declaration that cannot be applied is
refused as invalid-schema."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from security_guarantees_2022 import validate_package
from security_guarantees_2022.core.report import PackageError
from security_guarantees_2022.release.stamp import stamp
from tests.fixtures import tiny
from tests.support import edit_schema

# A fork's own table, with its own column names: quotes of the source, each inside a statement.
QUOTES_SCHEMA: dict[str, Any] = {
    "fields": [
        {"name": "quote_id", "constraints": {"required": True}},
        {"name": "doc", "constraints": {"required": True}},
        {"name": "from", "type": "integer"},
        {"name": "to", "type": "integer"},
        {"name": "quoted", "type": "string"},
        {"name": "in_statement"},
        {"name": "heard_on", "type": "date"},
    ],
    "primaryKey": "quote_id",
    "foreignKeys": [
        {"fields": "doc", "reference": {"resource": "sources", "fields": "source_id"}},
        {
            "fields": "in_statement",
            "reference": {"resource": "statements", "fields": "statement_id"},
        },
    ],
    "checks": {
        "span": {"source": "doc", "start": "from", "end": "to", "text": "quoted"},
        "inside": ["in_statement"],
        "notAfterPublication": {"source": "doc", "fields": ["heard_on"]},
    },
}


def quote(text: str, statement: str, heard_on: str = "2022-01-20") -> dict[str, Any]:
    found = tiny.span(text)
    return {
        "doc": tiny.SOURCE_ID,
        "from": found["start"],
        "to": found["end"],
        "quoted": text,
        "in_statement": statement,
        "heard_on": heard_on,
    }


def add_quotes(package: Path, rows: list[dict[str, Any]], schema: dict[str, Any]) -> None:
    """Add the table as a fork would: a CSV, its schema, a resource; then stamp."""
    root = package.parent
    (root / "schemas" / "quotes.schema.json").write_text(json.dumps(schema), encoding="utf-8")
    with (root / "data" / "quotes.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, [f["name"] for f in schema["fields"]], lineterminator="\n")
        writer.writeheader()
        for i, row in enumerate(rows, 1):
            writer.writerow({"quote_id": f"q{i}", **row})
    descriptor = json.loads(package.read_text(encoding="utf-8"))
    descriptor["resources"].append(
        {"name": "quotes", "path": "data/quotes.csv", "schema": "schemas/quotes.schema.json"}
    )
    package.write_text(json.dumps(descriptor, indent=2), encoding="utf-8")
    stamp(package)


def statement_holding(package: Path, text: str) -> str:
    """The id of a statement of the tiny package whose span holds `text`."""
    with (package.parent / "data" / "statements.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if text in row["text"]:
                return row["statement_id"]
    raise AssertionError(f"no statement holds {text!r}")


def golden(package: Path) -> list[tuple[str, str | None, int | None, str | None]]:
    report = validate_package(package, second=False)
    return sorted((i.code, i.table, i.row, i.column) for i in report.issues)


def test_a_new_table_that_declares_its_rules_is_checked_with_no_code_change(
    tiny_package: Path,
) -> None:
    holder = statement_holding(tiny_package, "Moscow rejects")
    good = quote("Moscow rejects", holder)
    add_quotes(tiny_package, [good], QUOTES_SCHEMA)
    assert golden(tiny_package) == []


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        (lambda q: {**q, "quoted": "Moscow accepts"}, [("span-mismatch", "quoted")]),
        (  # an end past the source also lies outside the statement
            lambda q: {**q, "to": 10_000},
            [("nested-span-outside-parent", "in_statement"), ("span-out-of-range", "from, to")],
        ),
        (lambda q: {**q, "heard_on": "2022-02-01"}, [("date-after-publication", "heard_on")]),
    ],
)
def test_each_declared_rule_finds_its_error_in_the_new_table(
    tiny_package: Path,
    row: Callable[[dict[str, Any]], dict[str, Any]],
    expected: list[tuple[str, str]],
) -> None:
    holder = statement_holding(tiny_package, "Moscow rejects")
    add_quotes(tiny_package, [row(quote("Moscow rejects", holder))], QUOTES_SCHEMA)
    assert golden(tiny_package) == [(code, "quotes", 2, column) for code, column in expected]


def test_a_declared_nesting_finds_a_row_outside_its_statement(tiny_package: Path) -> None:
    elsewhere = statement_holding(tiny_package, "Blinken told me")
    assert elsewhere != statement_holding(tiny_package, "Moscow rejects")
    add_quotes(tiny_package, [quote("Moscow rejects", elsewhere)], QUOTES_SCHEMA)
    assert golden(tiny_package) == [("nested-span-outside-parent", "quotes", 2, "in_statement")]


def test_without_a_declaration_a_table_has_no_span_check(tiny_package: Path) -> None:
    """The checks read the declaration, not the column names: drop it, and the span goes unchecked."""
    holder = statement_holding(tiny_package, "Moscow rejects")
    undeclared = {k: v for k, v in QUOTES_SCHEMA.items() if k != "checks"}
    add_quotes(tiny_package, [{**quote("Moscow rejects", holder), "quoted": "x"}], undeclared)
    assert golden(tiny_package) == []


def without(mapping: dict[str, Any], key: str) -> dict[str, Any]:
    return {k: v for k, v in mapping.items() if k != key}


@pytest.mark.parametrize(
    "checks",
    [
        {"span": {"source": "doc", "start": "from", "end": "to", "text": "nothing"}},
        {"span": {"source": "doc", "start": "quoted", "end": "to", "text": "quoted"}},  # a string
        {"span": {"source": "quote_id", "start": "from", "end": "to", "text": "quoted"}},  # no FK
        {"inside": ["in_statement"]},  # a nesting needs the table's own span
        {"notAfterPublication": {"source": "doc", "fields": ["quoted"]}},  # not a date
        {"dateOrder": [["heard_on"]]},
        {"spans": {}},  # a rule the validator does not know
    ],
)
def test_a_declaration_that_cannot_be_applied_is_invalid_schema(
    tiny_package: Path, checks: dict[str, Any]
) -> None:
    holder = statement_holding(tiny_package, "Moscow rejects")
    with pytest.raises(PackageError) as caught:
        add_quotes(
            tiny_package, [quote("Moscow rejects", holder)], {**QUOTES_SCHEMA, "checks": checks}
        )
    assert caught.value.code == "invalid-schema"


EVIDENCE = {"source": "source_id", "fields": ["said_on_evidence"]}
DYAD = {
    "event": "event_id",
    "actor": "actor_id",
    "role": "role",
    "sources": ["actor"],
    "targets": ["recipient"],
}
OCCURRENCE = {
    "code": "cameo_code",
    "status": "status",
    "occurred": ["occurred", "ongoing"],
    "factuality": "factuality",
    "committed": ["CT+", "PR+"],
}


@pytest.mark.parametrize(
    ("table", "rule", "declared"),
    [
        ("statements", "evidence", {**EVIDENCE, "fields": ["said_on"]}),  # a date, not a quote
        ("statements", "evidence", {**EVIDENCE, "fields": []}),
        ("statements", "evidence", {**EVIDENCE, "fields": "said_on_evidence"}),
        ("statements", "evidence", {**EVIDENCE, "source": "speaker_id"}),  # no source text
        ("statements", "evidence", {"fields": ["said_on_evidence"]}),
        ("statements", "coding", {"cameo": "cameo_code", "type": "plover_type", "modeReason": "x"}),
        (
            "statements",
            "coding",
            {"cameo": "cameo_code", "type": "plover_type", "modeReason": "end"},
        ),
        (
            "cameo_plover_crosswalk",
            "crosswalk",
            {  # a reason is a coded row's, not the crosswalk's
                "cameo": "cameo_code",
                "type": "plover_type",
                "modeReason": "plover_mode",
            },
        ),
        ("event_participants", "dyad", {**DYAD, "targets": ["actor"]}),  # both sides
        ("event_participants", "dyad", {**DYAD, "sources": []}),
        ("event_participants", "dyad", {**DYAD, "actor": "nobody"}),
        ("event_participants", "dyad", without(DYAD, "role")),
        ("event_participants", "dyad", {**DYAD, "extra": "note"}),
        ("events", "occurrence", {**OCCURRENCE, "committed": "CT+"}),
        ("events", "occurrence", {**OCCURRENCE, "occurred": [1]}),
        ("events", "occurrence", {**OCCURRENCE, "factuality": "date_start"}),  # not a string
        ("events", "occurrence", without(OCCURRENCE, "code")),
        # the mode standing for a type itself is a value, not a column: a string, not empty
        ("plover_event_types", "ploverTypes", {"type": "event_type", "itself": 3}),
        ("plover_event_types", "ploverTypes", {"type": "event_type", "itself": ""}),
    ],
    ids=str,
)
def test_a_malformed_new_declaration_is_invalid_schema(
    tiny_package: Path, table: str, rule: str, declared: dict[str, Any]
) -> None:
    edit_schema(tiny_package, table, lambda s: s.setdefault("checks", {}).update({rule: declared}))
    with pytest.raises(PackageError) as caught:
        validate_package(tiny_package, second=False)
    assert caught.value.code == "invalid-schema"
    assert rule in str(caught.value)


def test_the_new_declarations_are_read_as_written(tiny_package: Path) -> None:
    from security_guarantees_2022.core.descriptor import load_package
    from security_guarantees_2022.core.model import Dyad, Evidence, Occurrence

    checks = {n: r.checks for n, r in load_package(tiny_package).tables.items()}
    assert checks["statements"].evidence == Evidence("source_id", ("said_on_evidence",))
    assert checks["events"].evidence == Evidence("source_id", ("date_evidence",))
    assert checks["proposals"].evidence == Evidence("source_id", ("published_evidence",))
    assert checks["events"].occurrence == Occurrence(
        "cameo_code", "status", ("occurred", "ongoing"), "factuality", ("CT+", "PR+")
    )
    assert checks["event_participants"].dyad == Dyad(
        "event_id", "actor_id", "role", ("actor",), ("recipient",)
    )
    for table in ("statements", "events"):
        coding = checks[table].coding
        assert coding is not None and coding.mode_reason == "plover_mode_reason"
    types = checks["plover_event_types"].plover_types
    assert types is not None and (types.mode, types.itself) == ("mode", "none")
    declared = validate_package(tiny_package, second=False).to_dict()["declared_checks"]
    assert sorted(declared["evidence"]) == ["events", "proposals", "statements"]
    assert declared["dyad"] == ["event_participants"] and declared["occurrence"] == ["events"]


def test_the_bundled_rules_are_declared_not_named_in_code(tiny_package: Path) -> None:
    """Dropping the statements' span declaration drops their span check, and only that."""
    edit_schema(tiny_package, "statements", lambda s: s["checks"].pop("inside"))
    edit_schema(
        tiny_package, "statements", lambda s: s.__setitem__("checks", without(s["checks"], "span"))
    )
    with pytest.raises(PackageError) as caught:  # other tables nest in statements' spans
        validate_package(tiny_package, second=False)
    assert caught.value.code == "invalid-schema"
    assert "a span" in str(caught.value)


def test_the_new_table_is_loaded_diffed_and_released_like_the_others(
    tiny_package: Path, tmp_path: Path
) -> None:
    """Adding a declared table is a data-only change for every surface, not only the validator."""
    import shutil
    import zipfile

    from security_guarantees_2022 import load_tables
    from security_guarantees_2022.release.build import build_release
    from security_guarantees_2022.release.diff import diff

    before = tmp_path / "before"
    shutil.copytree(tiny_package.parent, before)
    holder = statement_holding(tiny_package, "Moscow rejects")
    add_quotes(tiny_package, [quote("Moscow rejects", holder)], QUOTES_SCHEMA)
    quotes = load_tables(tiny_package, tables=["quotes"])["quotes"]
    assert list(quotes.columns) == [f["name"] for f in QUOTES_SCHEMA["fields"]]
    assert (str(quotes["from"].dtype), str(quotes["heard_on"].dtype)) == (
        "Int64",
        "date32[day][pyarrow]",
    )
    kinds = {(c.kind, c.table) for c in diff(str(before), str(tiny_package.parent)).changes}
    assert ("table-added", "quotes") in kinds
    files = build_release(tiny_package, tmp_path / "dist")
    (archive,) = [f for f in files if f.suffix == ".zip"]
    assert any(n.endswith("data/quotes.csv") for n in zipfile.ZipFile(archive).namelist())
    assert (tmp_path / "dist" / "parquet" / "quotes.parquet").is_file()


def test_the_report_says_which_rules_were_declared_and_so_ran(tiny_package: Path) -> None:
    from click.testing import CliRunner

    from security_guarantees_2022.cli import main

    declared = validate_package(tiny_package, second=False).to_dict()["declared_checks"]
    assert "mentions" in declared["span"] and declared["sourceText"] == ["sources"]
    for schema in (tiny_package.parent / "schemas").glob("*.schema.json"):
        table = schema.name.removesuffix(".schema.json")
        edit_schema(tiny_package, table, lambda s: s.pop("checks", None))
    result = CliRunner().invoke(main, [str(tiny_package), "--no-second-opinion"])
    assert result.exit_code == 0
    assert "declared rules: none" in result.stdout  # a fork without declarations is told so
    assert validate_package(tiny_package, second=False).to_dict()["declared_checks"] == {}


def test_the_coding_checks_follow_the_declared_coding(tiny_package: Path) -> None:
    """statements.s001 coded against the crosswalk: found while declared, not once undeclared."""
    from tests.support import set_cell

    set_cell(tiny_package, "statements", 2, "cameo_code", "125")  # REJECT in the crosswalk
    set_cell(tiny_package, "statements", 2, "plover_mode", "yield")
    expected = [("plover-crosswalk-mismatch", "statements", 2, "plover_type, plover_mode")]
    assert golden(tiny_package) == expected
    edit_schema(tiny_package, "statements", lambda s: s["checks"].pop("coding"))
    assert golden(tiny_package) == []


def test_a_second_crosswalk_is_invalid_schema(tiny_package: Path) -> None:
    twice = {"crosswalk": {"cameo": "cameo_code", "type": "plover_type", "mode": "plover_mode"}}
    edit_schema(tiny_package, "statements", lambda s: s["checks"].update(twice))
    with pytest.raises(PackageError) as caught:
        validate_package(tiny_package, second=False)
    assert caught.value.code == "invalid-schema"
