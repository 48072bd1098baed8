"""The tiny fixture follows the schemas: a new table or column needs no edit of the fixture.

Each test changes a copy of the package's datapackage.json and schemas/, builds the tiny
package from that copy, and validates it.
"""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from security_guarantees_2022 import validate_package
from security_guarantees_2022.release.stamp import dump_descriptor
from tests.fixtures import tiny
from tests.fixtures.derive import FixtureError, shortest_match

REPO = tiny.REPO

NEW_TABLE = {
    "name": "briefings",
    "type": "table",
    "title": "Briefings",
    "description": "A table the fixture has never heard of.",
    "path": "data/briefings.csv",
    "scheme": "file",
    "format": "csv",
    "mediatype": "text/csv",
    "encoding": "utf-8",
    "schema": "schemas/briefings.schema.json",
}
NEW_SCHEMA: dict[str, Any] = {
    "$schema": "https://datapackage.org/profiles/2.0/tableschema.json",
    "missingValues": [""],
    "fields": [
        {
            "name": "briefing_id",
            "type": "string",
            "constraints": {"required": True, "pattern": "^b[0-9]{3,}$"},
        },
        {"name": "statement_id", "type": "string", "constraints": {"required": True}},
        {"name": "held_on", "type": "date"},
        {"name": "public", "type": "boolean", "constraints": {"required": True}},
    ],
    "primaryKey": ["briefing_id"],
    "foreignKeys": [
        {
            "fields": ["statement_id"],
            "reference": {"resource": "statements", "fields": ["statement_id"]},
        }
    ],
}


@pytest.fixture
def origin(tmp_path: Path) -> Path:
    """A copy of the package's descriptor, schemas and vocabularies for a test to change."""
    copy = tmp_path / "origin"
    copy.mkdir()
    shutil.copy(REPO / "datapackage.json", copy / "datapackage.json")
    shutil.copytree(REPO / "schemas", copy / "schemas")
    shutil.copytree(REPO / "data", copy / "data")
    return copy


def add_field(origin: Path, table: str, fld: dict[str, Any]) -> None:
    path = origin / "schemas" / f"{table}.schema.json"
    schema = json.loads(path.read_text(encoding="utf-8"))
    schema["fields"].append(fld)
    path.write_text(json.dumps(schema, indent=2) + "\n", encoding="utf-8")


def add_table(origin: Path, resource: dict[str, Any], schema: dict[str, Any]) -> None:
    (origin / resource["schema"]).write_text(json.dumps(schema, indent=2) + "\n", encoding="utf-8")
    descriptor = json.loads((origin / "datapackage.json").read_text(encoding="utf-8"))
    descriptor["resources"].append(resource)
    (origin / "datapackage.json").write_text(dump_descriptor(descriptor), encoding="utf-8")


def column(package: Path, table: str, name: str) -> list[str]:
    with (package.parent / "data" / f"{table}.csv").open(encoding="utf-8", newline="") as handle:
        return [row[name] for row in csv.DictReader(handle)]


def issues(package: Path) -> list[tuple[str, str | None, int | None, str | None]]:
    report = validate_package(package, second=False)
    return sorted((i.code, i.table, i.row, i.column) for i in report.issues)


def test_a_new_table_and_a_new_optional_column_need_no_fixture_edit(
    origin: Path, tmp_path: Path
) -> None:
    add_table(origin, NEW_TABLE, NEW_SCHEMA)
    add_field(origin, "actors", {"name": "alias", "type": "string"})
    package = tiny.build(tmp_path / "tiny", origin)
    header = (package.parent / "data" / "briefings.csv").read_text(encoding="utf-8")
    assert header == "briefing_id,statement_id,held_on,public\n"  # no rows, the schema's columns
    fields = (package.parent / "data" / "actors.csv").read_text(encoding="utf-8").split("\n")[0]
    assert fields.endswith(",alias")
    assert set(column(package, "actors", "alias")) == {""}
    assert issues(package) == []
    # the validator reads both: a bad row in the new table is found by the schema's own rules
    with (package.parent / "data" / "briefings.csv").open("a", encoding="utf-8") as handle:
        handle.write("b001,s999,,false\n")
    from security_guarantees_2022.release.stamp import stamp

    stamp(package)
    assert issues(package) == [("foreign-key", "briefings", 2, "statement_id")]


@pytest.mark.parametrize(
    ("table", "fld", "expected"),
    [
        (
            "actors",
            {"name": "tier", "type": "string", "constraints": {"required": True, "enum": ["a"]}},
            "a",
        ),
        (
            "actors",
            {"name": "verified", "type": "boolean", "constraints": {"required": True}},
            "false",
        ),
        (
            "mentions",
            {"name": "rank", "type": "integer", "constraints": {"required": True, "minimum": 3}},
            "3",
        ),
        (
            "statements",
            {"name": "coded_on", "type": "date", "constraints": {"required": True}},
            None,
        ),
        (
            "statements",
            {
                "name": "wikidata_id",
                "type": "string",
                "constraints": {"required": True, "pattern": "^Q[1-9][0-9]*$"},
            },
            "Q1",
        ),
        ("actors", {"name": "label", "type": "string", "constraints": {"required": True}}, "x"),
    ],
    ids=["enum", "boolean", "integer", "date", "pattern", "string"],
)
def test_a_new_required_column_gets_a_value_from_its_schema(
    origin: Path, tmp_path: Path, table: str, fld: dict[str, Any], expected: str | None
) -> None:
    add_field(origin, table, fld)
    package = tiny.build(tmp_path / "tiny", origin)
    values = set(column(package, table, fld["name"]))
    assert values == {expected or tiny.PUBLISHED}
    assert issues(package) == []


def test_a_new_required_foreign_key_points_to_a_row_of_the_fixture(
    origin: Path, tmp_path: Path
) -> None:
    add_field(
        origin,
        "positions",
        {"name": "by_actor_id", "type": "string", "constraints": {"required": True}},
    )
    path = origin / "schemas" / "positions.schema.json"
    schema = json.loads(path.read_text(encoding="utf-8"))
    schema["foreignKeys"].append(
        {"fields": ["by_actor_id"], "reference": {"resource": "actors", "fields": ["actor_id"]}}
    )
    path.write_text(json.dumps(schema, indent=2) + "\n", encoding="utf-8")
    package = tiny.build(tmp_path / "tiny", origin)
    assert set(column(package, "positions", "by_actor_id")) == {tiny.ROWS["actors"][0]["actor_id"]}
    assert issues(package) == []


@pytest.mark.parametrize(
    ("fld", "says"),
    [
        (
            {
                "name": "twin",
                "type": "string",
                "constraints": {"required": True, "pattern": r"(a)\1"},
            },
            "actors.twin: required, and no value can be derived from its pattern",
        ),
        (
            {"name": "handle", "type": "string", "constraints": {"required": True, "unique": True}},
            "actors.handle: required and unique",
        ),
        (
            {"name": "seen_at", "type": "datetime", "constraints": {"required": True}},
            "actors.seen_at: required, of type 'datetime'",
        ),
    ],
    ids=["backreference", "unique", "unknown-type"],
)
def test_a_required_column_without_a_derivable_value_is_named(
    origin: Path, tmp_path: Path, fld: dict[str, Any], says: str
) -> None:
    add_field(origin, "actors", fld)
    with pytest.raises(FixtureError, match=says.replace("(", r"\(").replace(")", r"\)")):
        tiny.build(tmp_path / "tiny", origin)


def test_every_source_text_of_the_fixture_is_a_file_resource_of_its_own(tiny_package: Path) -> None:
    descriptor = json.loads(tiny_package.read_text(encoding="utf-8"))
    files = [r for r in descriptor["resources"] if r.get("type") == "file"]
    assert [(r["name"], r["path"]) for r in files] == [
        (s["source_id"], s["path"]) for s in tiny.ROWS["sources"]
    ]


@pytest.mark.parametrize(
    ("pattern", "shortest"),
    [
        ("^s[0-9]{3,}$", "s000"),
        ("^[a-z0-9]+(?:-[a-z0-9]+)*$", "a"),
        ("^[0-9a-f]{64}$", "0" * 64),
        ("ab|c", "c"),
        (r"\d\w?", "0"),
    ],
)
def test_shortest_match_of_a_pattern(pattern: str, shortest: str) -> None:
    assert shortest_match(pattern) == shortest
