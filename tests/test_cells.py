"""The Table Schema properties and types that change how a cell reads, and that no bundled table
uses: field-level missingValues, a number's decimalChar, groupChar and bareNumber, the string
and date/time formats, and the types datetime, time, year, yearmonth, duration and any.

Each case is a one-table package of its own, with cells the standard reads as valid and cells it
reads as broken: the default engine reports exactly the broken ones (golden), the streaming
engine the same report, and Spark (tests marked `spark`) the same report for every case it reads;
what an engine does not read is refused up front with `unsupported-property`.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pytest

from security_guarantees_2022 import validate_package
from security_guarantees_2022.core.cells import READINGS
from security_guarantees_2022.core.descriptor import load_package
from security_guarantees_2022.core.field_types import TYPES
from security_guarantees_2022.core.model import build_schema
from security_guarantees_2022.core.report import PackageError
from security_guarantees_2022.core.rules import field_rules, rule_details
from security_guarantees_2022.engines.run import run_checks
from tests import test_spark
from tests.test_spark import assert_same, reports

Golden = list[tuple[str, int, str]]
spark = test_spark.spark  # the module's Spark session (a fixture)


def package(
    root: Path, tables: dict[str, tuple[list[dict[str, Any]], list[str], Golden]], **schema: Any
) -> Path:
    """A package of one table per case: columns `id` (integer) and the case's fields, one row per
    value (each field of the row holding it)."""
    resources = []
    (root / "data").mkdir(parents=True)
    for name, (fields, values, _) in tables.items():
        names = [f["name"] for f in fields]
        with (root / "data" / f"{name}.csv").open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(["id", *names])
            for i, value in enumerate(values):
                writer.writerow([i + 1, *[value] * len(names)])
        resources.append(
            {
                "name": name,
                "path": f"data/{name}.csv",
                "profile": "tabular-data-resource",
                "schema": {"fields": [{"name": "id", "type": "integer"}, *fields], **schema},
            }
        )
    (root / "datapackage.json").write_text(
        json.dumps({"name": "cells", "resources": resources}), encoding="utf-8"
    )
    return root


def row(values: list[str], value: str) -> int:
    """The report row of a value (the header is row 1)."""
    return values.index(value) + 2


def case(
    fields: list[dict[str, Any]] | dict[str, Any],
    good: list[str],
    bad: dict[str, str],
) -> tuple[list[dict[str, Any]], list[str], Golden]:
    """A table of the good values (no issue) and the bad ones, each with its issue code."""
    fields = fields if isinstance(fields, list) else [{"name": "v", **fields}]
    values = [*good, *bad]
    golden = sorted((code, row(values, value), "v") for value, code in bad.items())
    return fields, values, golden


SPARK_CASES = {
    "number_marks": case(
        {"type": "number", "decimalChar": ",", "groupChar": ".", "constraints": {"minimum": 2}},
        ["1.000,5", "2,5", "1.5", "3"],  # 1.5: a group mark, so fifteen
        {"1,5,5": "type-error", "1,5": "constraint-minimum", "x": "type-error"},
    ),
    "number_decimal_comma": case(
        {"type": "number", "decimalChar": ","},
        ["1,5", "-2", "1,5e3"],
        {"1.5": "type-error", "1 5": "type-error"},
    ),
    "number_not_bare": case(
        {"type": "number", "bareNumber": False, "constraints": {"maximum": 100}},
        ["€95", "95%", "-5 USD", "12.5"],
        {"x": "type-error", "€150": "constraint-maximum"},
    ),
    "integer_group": case(
        {"type": "integer", "groupChar": ","},
        ["1,000", "1000", "-2,500,000"],
        {"1.0": "type-error", "1,0.5": "type-error"},
    ),
    "integer_group_enum": case(  # the enum holds values: 1,000 is 1000
        {"type": "integer", "groupChar": ",", "constraints": {"enum": [1000, "2,000", 7]}},
        ["1,000", "1000", "2000", "7"],
        {"1,001": "constraint-enum"},
    ),
    "integer_not_bare": case(
        {"type": "integer", "bareNumber": False},
        ["95%", "$12", "7 items"],
        {"x": "type-error", "1.5%": "type-error"},
    ),
    "number_lexical": case(
        {"type": "number"},
        ["NaN", "nan", "INF", "-INF", "1e5", "1E-3", ".5", "1.", "+1", "-0.0"],
        {"1,5": "type-error", "0x10": "type-error", "1_000": "type-error", "e5": "type-error"},
    ),
    "integer_lexical": case(
        {"type": "integer"}, ["+1", "-0", "007"], {"1.0": "type-error", "1e2": "type-error"}
    ),
    # the schema's "" and "n/a", the field's own "" and "NA": "n/a" is a value here, "NA" missing
    "field_missing": case(
        {"missingValues": ["", "NA"], "constraints": {"required": True}},
        ["n/a", "x"],
        {"NA": "missing-value"},
    ),
    "field_missing_labels": case(
        {
            "missingValues": [{"value": ""}, {"value": "?", "label": "not asked"}],
            "constraints": {"required": True},
        },
        ["NA", "x"],
        {"?": "missing-value"},
    ),
    "email": case(
        {"format": "email"},
        ["a@b.org", "first.last+tag@example.co.uk", "ирина@пример.рф", "a@xn--e1afmkfd.xn--p1ai"],
        {
            "nope": "type-error",
            "a@b": "type-error",
            "a b@c.de": "type-error",
            "a@b.c": "type-error",
            "john..doe@example.com": "type-error",
            "a@-example.com": "type-error",
            "a@exa_mple.com": "type-error",
            "a@example.1": "type-error",
        },
    ),
    "uuid": case(
        {"format": "uuid"},
        ["123e4567-e89b-12d3-a456-426614174000", "123E4567-E89B-12D3-A456-426614174000"],
        {"123": "type-error", "123e4567e89b12d3a456426614174000": "type-error"},
    ),
    "binary": case(
        {"format": "binary"},
        ["aGVsbG8=", "aGk=", "YWJj"],
        {"aGVsbG8": "type-error", "a!==": "type-error"},
    ),
    "datetime": case(
        {"type": "datetime", "constraints": {"minimum": "2020-01-01T09:00:00Z"}},
        ["2020-01-01T10:00:00Z", "2020-01-01T10:00:00.25+00:30", "2021-06-30T23:59:59"],
        {
            "2020-02-30T10:00:00": "type-error",
            "2020-01-01 10:00:00": "type-error",
            "2020-01-01": "type-error",
            "2020-12-31T23:59:60Z": "type-error",  # no leap second
            "2020-01-01T24:00:00": "type-error",
            "2020-01-01T10:00:00+02:00": "constraint-minimum",  # 08:00 in UTC
        },
    ),
    "datetime_enum": case(  # one instant, spelt in two zones
        {
            "type": "datetime",
            "constraints": {"enum": ["2020-01-01T10:00:00Z", "2020-06-01T00:00:00"]},
        },
        ["2020-01-01T10:00:00Z", "2020-01-01T12:00:00+02:00", "2020-06-01T00:00:00.000"],
        {"2020-01-01T10:00:01Z": "constraint-enum"},
    ),
    "datetime_unique": case(  # one instant, spelt in two zones, is one value
        {"type": "datetime", "constraints": {"unique": True}},
        ["2020-01-02T00:00:00"],
        {
            "2020-01-01T10:00:00Z": "constraint-unique",
            "2020-01-01T12:00:00+02:00": "constraint-unique",
        },
    ),
    "number_marks_unique": case(
        {"type": "number", "decimalChar": ",", "groupChar": ".", "constraints": {"unique": True}},
        ["2,5"],
        {"1.000,5": "constraint-unique", "1000,5": "constraint-unique"},
    ),
    "time_enum": case(
        {"type": "time", "constraints": {"enum": ["10:00:00", "10:00:00.5"]}},
        ["10:00:00", "10:00:00.000", "10:00:00.50"],
        {"10:00:01": "constraint-enum"},
    ),
    "time": case(
        {"type": "time", "constraints": {"maximum": "23:00:00"}},
        ["10:00:00", "00:00:00", "22:59:59.75"],
        {
            "25:00:00": "type-error",
            "10:00": "type-error",
            "12:60:00": "type-error",
            "23:59:60": "type-error",
            "23:30:00": "constraint-maximum",
        },
    ),
    "year": case(
        {"type": "year", "constraints": {"minimum": 2000}},
        ["2020", "2021"],
        {"20201": "type-error", "99": "type-error", "1999": "constraint-minimum"},
    ),
    "date_default_format": case(  # `"format": "default"` is no format: the ISO date and its bounds
        {"type": "date", "format": "default", "constraints": {"maximum": "2020-12-31"}},
        ["2020-01-01", "2020-12-31"],
        {
            "2020-02-30": "type-error",
            "01/01/2020": "type-error",
            "2021-01-01": "constraint-maximum",
        },
    ),
    "yearmonth": case(
        {"type": "yearmonth", "constraints": {"minimum": "2020-01"}},
        ["2020-01", "2024-12"],
        {"2020-13": "type-error", "2020-1": "type-error", "2019-12": "constraint-minimum"},
    ),
    "duration": case(
        {"type": "duration"},
        ["P1Y2M", "PT5M", "P1DT2H", "PT0.5S", "P2W", "P0D"],
        {"P": "type-error", "PT": "type-error", "1Y": "type-error", "P1H": "type-error"},
    ),
    "any": case(
        {"type": "any", "constraints": {"required": True}},
        ["x", "1", "2020-01-01", "NA"],
        {"": "missing-value"},
    ),
}
# What the Spark engine refuses (unsupported-property): the date/time formats other than the
# default, and missing values without the empty string (Spark reads an empty cell as null)
LOCAL_CASES = {
    "field_missing_empty_is_text": case(  # the field's own list leaves the empty string out
        {"missingValues": ["NA"], "constraints": {"required": True}},
        ["", "x"],
        {"NA": "missing-value"},
    ),
    "date_pattern": case(
        {"type": "date", "format": "%d/%m/%Y", "constraints": {"minimum": "01/01/2020"}},
        ["01/02/2020", "31/12/2020"],
        {
            "2020-01-01": "type-error",
            "2020-12-31T23:59:60Z": "type-error",  # no leap second
            "2020-01-01T24:00:00": "type-error",
            "32/01/2020": "type-error",
            "31/12/2019": "constraint-minimum",
        },
    ),
    "date_any": case(
        {"type": "date", "format": "any"},
        ["2020-01-01", "01/02/2020", "5 January 2020", "Jan 5, 2020"],
        {"x": "type-error", "2020-02-30": "type-error"},
    ),
    "datetime_pattern": case(
        {"type": "datetime", "format": "%d/%m/%Y %H:%M"},
        ["01/02/2020 10:30"],
        {"01/02/2020": "type-error", "2020-01-01T10:00:00": "type-error"},
    ),
    "datetime_any": case(
        {"type": "datetime", "format": "any"},
        ["2020-01-01T10:00:00Z", "2020-01-01 10:00", "01/02/2020 10:30:00"],
        {"soon": "type-error"},
    ),
    "time_pattern": case(
        {"type": "time", "format": "%H.%M"}, ["10.30", "23.59"], {"10:30": "type-error"}
    ),
    "time_any": case({"type": "time", "format": "any"}, ["10:30", "10:30:15"], {"x": "type-error"}),
}
CASES = {**SPARK_CASES, **LOCAL_CASES}


def golden(report: Any) -> Golden:
    return sorted((i.code, i.row, i.column) for i in report.issues)


@pytest.mark.parametrize("name", sorted(CASES))
def test_each_property_reports_exactly_its_broken_cells(tmp_path: Path, name: str) -> None:
    root = package(tmp_path / name, {name: CASES[name]}, missingValues=["", "n/a"])
    assert golden(validate_package(root, second=False)) == CASES[name][2]


@pytest.mark.parametrize("name", sorted(CASES))
def test_streaming_gives_the_same_report(tmp_path: Path, name: str) -> None:
    root = package(tmp_path / name, {name: CASES[name]}, missingValues=["", "n/a"])
    whole = run_checks(root, second=False)[0].to_dict()
    streamed = run_checks(root, second=False, streaming=True, batch_rows=2)[0].to_dict()
    assert whole["issues"]
    assert_same(whole, streamed)


def test_the_schema_missing_values_hold_for_fields_without_their_own(tmp_path: Path) -> None:
    fields = [
        {"name": "own", "missingValues": ["NA"], "constraints": {"required": True}},
        {"name": "shared", "constraints": {"required": True}},
    ]
    values = ["NA", "n/a", ""]
    root = package(tmp_path, {"t": (fields, values, [])}, missingValues=[{"value": "n/a"}])
    assert golden(validate_package(root, second=False)) == [
        ("missing-value", 2, "own"),
        ("missing-value", 3, "shared"),
    ]


@pytest.mark.parametrize("kind", ["array", "object", "geopoint", "geojson", "list"])
def test_a_type_not_read_is_refused_naming_it(kind: str) -> None:
    with pytest.raises(PackageError) as caught:
        build_schema({"fields": [{"name": "a", "type": kind}]}, "t")
    assert caught.value.code == "unsupported-property"
    assert f"field 'a': type {kind!r} is not supported" in str(caught.value)


@pytest.mark.parametrize(
    ("field", "code"),
    [
        ({"format": "wkt"}, "unsupported-property"),  # the standard's, not read here
        ({"format": "phone"}, "invalid-schema"),  # no format of the standard
        ({"type": "date", "format": "dd.mm.yyyy"}, "invalid-schema"),  # no %-directive
        ({"type": "integer", "format": "hex"}, "invalid-schema"),
        ({"type": "number", "decimalChar": ""}, "invalid-schema"),
        ({"type": "number", "decimalChar": "1"}, "invalid-schema"),
        ({"type": "number", "groupChar": ",", "decimalChar": ","}, "invalid-schema"),
        ({"type": "integer", "bareNumber": "no"}, "invalid-schema"),
        ({"missingValues": [1]}, "invalid-schema"),
        ({"missingValues": [{"label": "no value"}]}, "invalid-schema"),
        ({"type": "datetime", "constraints": {"minimum": "yesterday"}}, "invalid-schema"),
        ({"type": "time", "constraints": {"maximum": "25:00:00"}}, "invalid-schema"),
        ({"type": "year", "constraints": {"minimum": "MMXX"}}, "invalid-schema"),
        (
            {"type": "duration", "constraints": {"minimum": "P1D"}},
            "unsupported-property",
        ),  # no order
        ({"type": "datetime", "constraints": {"enum": ["2020-01-01"]}}, "invalid-schema"),
        (
            {"type": "date", "format": "%d/%m/%Y", "constraints": {"minimum": "2020"}},
            "invalid-schema",
        ),
    ],
)
def test_a_property_that_cannot_be_read_is_refused(field: dict[str, Any], code: str) -> None:
    """When the schema is loaded, or (an enum's values) when its rules are built, before a row."""
    with pytest.raises(PackageError) as caught:
        for model in build_schema({"fields": [{"name": "a", **field}]}, "t").fields:
            field_rules(model)
    assert caught.value.code == code


@pytest.mark.parametrize(
    ("field", "says"),
    [
        ({"type": "datetime"}, "an ISO 8601 date and time YYYY-MM-DDThh:mm:ss[.f][Z|±hh:mm]"),
        ({"type": "time"}, "an ISO 8601 time hh:mm:ss[.f]"),
        ({"type": "year"}, "a year YYYY"),
        ({"type": "yearmonth"}, "a year and month YYYY-MM"),
        ({"type": "duration"}, "an ISO 8601 duration such as P1Y2M3DT4H5M6S"),
        ({"format": "email"}, "an email address"),
        ({"format": "uuid"}, "a UUID such as 123e4567-e89b-12d3-a456-426614174000"),
        ({"format": "binary"}, "base64-encoded binary"),
        ({"format": "uri"}, "a valid uri"),
        ({"type": "date", "format": "%d/%m/%Y"}, "a date of the form %d/%m/%Y"),
        ({"type": "datetime", "format": "any"}, "a datetime (ISO 8601 or a usual written form)"),
        ({"type": "number", "decimalChar": ","}, "a valid number (decimal mark ',')"),
        (
            {"type": "integer", "groupChar": " ", "bareNumber": False},
            "a valid integer (digits grouped by ' ', other characters allowed before and after)",
        ),
        ({"type": "date"}, "an ISO date YYYY-MM-DD that exists in the calendar"),
        ({"type": "integer"}, "a valid integer"),
    ],
)
def test_a_type_error_says_what_was_expected(field: dict[str, Any], says: str) -> None:
    (model,) = build_schema({"fields": [{"name": "a", **field}]}, "t").fields
    assert rule_details("type-error", model) == {"expected": says}


def test_the_spark_engine_refuses_what_it_does_not_read(tmp_path: Path) -> None:
    """Before any Spark job (no session needed to refuse)."""
    pytest.importorskip("pyspark")
    from security_guarantees_2022.spark.columns import refuse_unsupported

    for name in LOCAL_CASES:
        root = package(tmp_path / name, {name: LOCAL_CASES[name]}, missingValues=["", "n/a"])
        with pytest.raises(PackageError) as caught:
            refuse_unsupported(load_package(root))
        assert caught.value.code == "unsupported-property", name
        assert "by the spark engine" in str(caught.value)
    root = package(tmp_path / "spark", SPARK_CASES, missingValues=["", "n/a"])
    refuse_unsupported(load_package(root))  # every other case is read


KEYS = [
    {"name": "at", "type": "time"},
    {"name": "when", "type": "datetime"},
    {"name": "year", "type": "year"},
]


def keyed_tables(root: Path) -> Golden:
    """Two more tables keyed on a time, a datetime and a year: a repeated key (the same instant
    written in two zones) and a foreign key to none; their golden issues."""
    keys = [f["name"] for f in KEYS]
    (root / "data" / "keyed.csv").write_text(
        "id,at,when,year\n1,10:00:00,2020-01-01T10:00:00Z,2020\n"
        "2,10:00:00.000,2020-01-01T11:00:00+01:00,2020\n3,11:00:00.5,2020-01-01T11:00:00.5,2021\n",
        encoding="utf-8",
    )
    (root / "data" / "keying.csv").write_text(
        "id,at,when,year\n1,11:00:00.50,2020-01-01T12:00:00.5+01:00,2021\n"
        "2,12:00:00,2020-01-01T12:00:00,2021\n",
        encoding="utf-8",
    )
    descriptor = json.loads((root / "datapackage.json").read_text("utf-8"))
    fields = [{"name": "id", "type": "integer"}, *KEYS]
    reference = {"resource": "keyed", "fields": keys}
    descriptor["resources"] += [
        {
            "name": "keyed",
            "path": "data/keyed.csv",
            "schema": {"fields": fields, "primaryKey": keys},
        },
        {
            "name": "keying",
            "path": "data/keying.csv",
            "schema": {"fields": fields, "foreignKeys": [{"fields": keys, "reference": reference}]},
        },
    ]
    (root / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    return [("duplicate-key", 3, "at, when, year"), ("foreign-key", 3, "at, when, year")]


def test_keys_compare_the_typed_values(tmp_path: Path) -> None:
    root = package(tmp_path, {})
    expected = keyed_tables(root)
    assert golden(validate_package(root, second=False)) == expected


def test_every_type_is_read_by_a_reading_each_engine_has() -> None:
    """Each FieldType names its reading; the local engine has exactly those (the Spark
    engine's are compared on every case below)."""
    assert {kind.reading for kind in TYPES.values()} == set(READINGS)


@pytest.mark.spark
def test_spark_gives_the_same_report_on_every_case_it_reads(spark: Any, tmp_path: Path) -> None:
    root = package(tmp_path / "spark", SPARK_CASES, missingValues=["", "n/a"])
    keyed = keyed_tables(root)
    from security_guarantees_2022.spark.columns import READINGS as SPARK_READINGS

    assert set(SPARK_READINGS) == set(READINGS)
    local, on_spark = reports(spark, root)
    expected = [(name, *issue) for name, (_, _, g) in SPARK_CASES.items() for issue in g]
    expected += [("keyed", *keyed[0]), ("keying", *keyed[1])]
    found = sorted((i["table"], i["code"], i["row"], i["column"]) for i in local["issues"])
    assert found == sorted(expected)
    assert_same(local, on_spark)


def test_the_loader_gives_each_new_type_its_model_dtype(tmp_path: Path) -> None:
    import datetime as dt

    from security_guarantees_2022 import load_tables

    fields = [
        {"name": "when", "type": "datetime"},
        {"name": "at", "type": "time"},
        {"name": "year", "type": "year"},
        {"name": "month", "type": "yearmonth"},
        {"name": "lasting", "type": "duration"},
        {"name": "whatever", "type": "any"},
        {"name": "amount", "type": "number", "decimalChar": ",", "groupChar": "."},
    ]
    root = package(tmp_path, {"t": (fields, [], [])})
    (root / "data" / "t.csv").write_text(
        "id,when,at,year,month,lasting,whatever,amount\n"
        '1,2020-01-01T10:00:00+01:00,10:00:00.5,2020,2020-01,P1D,x,"1.000,5"\n',
        encoding="utf-8",
    )
    (record,) = load_tables(root)["t"].to_dict("records")
    assert record == {
        "id": 1,
        "when": dt.datetime(2020, 1, 1, 9),  # in UTC
        "at": dt.time(10, 0, 0, 500000),
        "year": 2020,
        "month": "2020-01",
        "lasting": "P1D",
        "whatever": "x",
        "amount": 1000.5,
    }


def test_sqlite_stores_the_new_types_as_sortable_text_within_their_bounds(tmp_path: Path) -> None:
    import sqlite3

    from security_guarantees_2022.load import read_typed
    from security_guarantees_2022.release.exports import _sql_rows, create_table_sql

    fields = [
        {
            "name": "when",
            "type": "datetime",
            "constraints": {"minimum": "2020-01-01T11:00:00+02:00"},
        },
        {"name": "at", "type": "time", "constraints": {"maximum": "12:00:00"}},
        {
            "name": "on",
            "type": "date",
            "format": "%d/%m/%Y",
            "constraints": {"minimum": "02/01/2020", "enum": ["02/01/2020", "03/01/2020"]},
        },
        {"name": "count", "type": "integer", "groupChar": ",", "constraints": {"enum": ["1,000"]}},
    ]
    root = package(tmp_path, {"t": (fields, [], [])})
    (root / "data" / "t.csv").write_text(
        'id,when,at,on,count\n1,2020-01-01T09:00:00Z,11:59:59.5,02/01/2020,"1,000"\n',
        encoding="utf-8",
    )
    res = load_package(root).tables["t"]
    db = sqlite3.connect(":memory:")
    db.execute(create_table_sql(res))
    db.executemany("INSERT INTO t VALUES (?, ?, ?, ?, ?)", _sql_rows(read_typed(res)))
    assert db.execute("SELECT * FROM t").fetchall() == [
        (1, "2020-01-01T09:00:00.000000Z", "11:59:59.500000", "2020-01-02", 1000)
    ]
    for broken in (
        "'2020-01-01T08:59:59.000000Z', NULL, NULL, NULL",
        "NULL, NULL, '2020-01-04', NULL",
    ):
        with pytest.raises(sqlite3.IntegrityError):  # the bounds and enums, stored alike, hold
            db.execute(f"INSERT INTO t VALUES (2, {broken})")
