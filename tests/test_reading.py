"""The CSV dialect read as the standard defines it (or refused, naming the property), and ragged
and blank rows reported row by row; the default and the streaming engine give the same report."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from security_guarantees_2022 import validate_package
from security_guarantees_2022.core.descriptor import load_package
from security_guarantees_2022.core.report import PackageError
from security_guarantees_2022.core.tables import read_text_frame
from tests.support import edit_bytes, edit_descriptor, edit_schema, field_of, read_rows, set_cell

Golden = list[tuple[str, str | None, int | None, str | None]]


def golden(pkg: Path, streaming: bool = False) -> Golden:
    report = validate_package(pkg, second=False, streaming=streaming, batch_rows=2)
    return sorted((i.code, i.table, i.row, i.column) for i in report.issues)


def both_engines(pkg: Path) -> Golden:
    """The report's (code, table, row, column), the same streamed in batches of two rows."""
    found = golden(pkg)
    assert golden(pkg, streaming=True) == found
    return found


def set_dialect(pkg: Path, dialect: Any, table: str = "actors") -> None:
    def edit(descriptor: dict[str, Any]) -> None:
        (res,) = [r for r in descriptor["resources"] if r["name"] == table]
        res["dialect"] = dialect

    edit_descriptor(pkg, edit)


def rewrite(pkg: Path, text: Callable[[list[str], list[dict[str, str]]], str]) -> None:
    """The actors table written anew from its rows, as `text` writes them."""
    fields, rows = read_rows(pkg, "actors")
    edit_bytes(pkg, "actors", lambda _: text(fields, rows).encode())


def written(fields: list[str], rows: list[dict[str, str]], **options: Any) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n", **options)
    writer.writerow(fields)
    writer.writerows([row[f] for f in fields] for row in rows)
    return buffer.getvalue()


def semicolons(fields: list[str], rows: list[dict[str, str]]) -> str:
    return written(fields, rows, delimiter=";")


# --- the delimiter ----------------------------------------------------------------------------


def test_a_semicolon_file_declared_so_is_valid(tiny_package: Path) -> None:
    set_cell(tiny_package, "actors", 2, "note", "a, b; c")  # quoted: holds both
    rewrite(tiny_package, semicolons)
    assert golden(tiny_package) != []  # read as commas it is one column
    set_dialect(tiny_package, {"delimiter": ";"})
    assert both_engines(tiny_package) == []
    res = load_package(tiny_package).tables["actors"]
    assert read_text_frame(res)["note"][0] == "a, b; c"


def test_a_semicolon_dialect_on_a_comma_file_does_not_pass(tiny_package: Path) -> None:
    set_dialect(tiny_package, {"delimiter": ";"})
    for streaming in (False, True):  # the streamed report leaves out the null keys' repeats
        codes = {code for code, *_ in golden(tiny_package, streaming)}
        assert {"missing-column", "extra-column"} <= codes


def test_a_dialect_in_its_own_file_is_read(tiny_package: Path) -> None:
    rewrite(tiny_package, semicolons)
    (tiny_package.parent / "actors.dialect.json").write_text('{"delimiter": ";"}')
    set_dialect(tiny_package, "actors.dialect.json")
    assert both_engines(tiny_package) == []


# --- quoting ----------------------------------------------------------------------------------


def test_quote_char(tiny_package: Path) -> None:
    set_cell(tiny_package, "actors", 2, "note", "one, 'two'")
    rewrite(tiny_package, lambda f, r: written(f, r, quotechar="'"))
    assert golden(tiny_package) != []
    set_dialect(tiny_package, {"quoteChar": "'"})
    assert both_engines(tiny_package) == []
    res = load_package(tiny_package).tables["actors"]
    assert read_text_frame(res)["note"][0] == "one, 'two'"


def test_escape_char_without_double_quotes(tiny_package: Path) -> None:
    set_cell(tiny_package, "actors", 2, "note", 'say "yes", then')
    rewrite(tiny_package, lambda f, r: written(f, r, doublequote=False, escapechar="\\"))
    set_dialect(tiny_package, {"doubleQuote": False, "escapeChar": "\\"})
    assert both_engines(tiny_package) == []
    res = load_package(tiny_package).tables["actors"]
    assert read_text_frame(res)["note"][0] == 'say "yes", then'


def test_double_quote_false_does_not_read_two_quotes_as_one(tiny_package: Path) -> None:
    set_cell(tiny_package, "actors", 2, "note", 'say "yes"')  # written "say ""yes"""
    res = load_package(tiny_package).tables["actors"]
    assert read_text_frame(res)["note"][0] == 'say "yes"'
    set_dialect(tiny_package, {"doubleQuote": False})
    res = load_package(tiny_package).tables["actors"]
    assert read_text_frame(res)["note"][0] != 'say "yes"'
    both_engines(tiny_package)


def test_skip_initial_space(tiny_package: Path) -> None:
    edit_bytes(tiny_package, "actors", lambda b: b.replace(b",", b", "))
    assert golden(tiny_package) != []
    set_dialect(tiny_package, {"skipInitialSpace": True})
    assert both_engines(tiny_package) == []


# --- header, comments, nulls ------------------------------------------------------------------


def test_no_header_row_reads_the_schema_fields_in_order(tiny_package: Path) -> None:
    set_cell(tiny_package, "actors", 2, "wikidata_id", "Q0123")  # already so: the first row
    edit_bytes(tiny_package, "actors", lambda b: b.split(b"\n", 1)[1])
    set_dialect(tiny_package, {"header": False})
    # without a header the first data row is the file's first record: row 1
    assert both_engines(tiny_package) == [("constraint-pattern", "actors", 1, "wikidata_id")]


def test_header_rows_name_the_header_row(tiny_package: Path) -> None:
    set_cell(tiny_package, "actors", 2, "wikidata_id", "Q0123")
    edit_bytes(tiny_package, "actors", lambda b: b"a title line, not data\n" + b)
    set_dialect(tiny_package, {"headerRows": [2], "headerJoin": " "})
    assert both_engines(tiny_package) == [("constraint-pattern", "actors", 3, "wikidata_id")]


def test_comment_char_and_comment_rows_are_skipped_and_counted(tiny_package: Path) -> None:
    set_cell(tiny_package, "actors", 2, "wikidata_id", "Q0123")
    comment = b'# a comment, with an "odd quote\n'
    edit_bytes(tiny_package, "actors", lambda b: b.replace(b"\nnato,", b"\n" + comment + b"nato,"))
    assert golden(tiny_package) != [("constraint-pattern", "actors", 2, "wikidata_id")]
    set_dialect(tiny_package, {"commentChar": "#"})
    expected = [("constraint-pattern", "actors", 2, "wikidata_id")]
    assert both_engines(tiny_package) == expected
    set_cell_bytes = b"\nnato,NATO,organization,,,,,Q0123,"
    edit_bytes(
        tiny_package,
        "actors",
        lambda b: b.replace(b"\nnato,NATO,organization,,,,,Q7184,", set_cell_bytes),
    )
    assert both_engines(tiny_package) == [
        *expected,
        ("constraint-pattern", "actors", 6, "wikidata_id"),
    ]
    set_dialect(tiny_package, {"commentRows": [5]})  # the same line, by its number
    assert both_engines(tiny_package) == [
        *expected,
        ("constraint-pattern", "actors", 6, "wikidata_id"),
    ]


def test_null_sequence(tiny_package: Path) -> None:
    set_cell(tiny_package, "actors", 2, "wikidata_id", "\\N")
    assert ("constraint-pattern", "actors", 2, "wikidata_id") in golden(tiny_package)
    set_dialect(tiny_package, {"nullSequence": "\\N"})
    assert both_engines(tiny_package) == []


@pytest.mark.parametrize("key", ["headerCase", "caseSensitiveHeader"])
def test_header_case(tiny_package: Path, key: str) -> None:
    edit_bytes(tiny_package, "actors", lambda b: b.replace(b"actor_id,name,", b"Actor_ID,NAME,", 1))
    assert {"missing-column", "extra-column"} <= {c for c, *_ in golden(tiny_package)}
    set_dialect(tiny_package, {key: True})
    assert {"missing-column", "extra-column"} <= {c for c, *_ in golden(tiny_package)}
    set_dialect(tiny_package, {key: False})
    assert both_engines(tiny_package) == []


def test_skip_blank_rows(tiny_package: Path) -> None:
    edit_bytes(tiny_package, "actors", lambda b: b.replace(b"\nnato,", b"\n,,,,,,,,,,\n\nnato,"))
    assert [c for c, *_ in golden(tiny_package)] == ["blank-row", "blank-row"]
    set_dialect(tiny_package, {"skipBlankRows": True, "commentChar": "#"})
    assert both_engines(tiny_package) == []


def test_line_terminators_the_reader_takes(tiny_package: Path) -> None:
    for terminator in ("\n", "\r\n"):
        set_dialect(tiny_package, {"lineTerminator": terminator, "delimiter": ","})
        assert both_engines(tiny_package) == []


def test_the_default_dialect_spelled_out_keeps_the_fast_reader(tiny_package: Path) -> None:
    dialect = {"header": True, "delimiter": ",", "quoteChar": '"', "doubleQuote": True}
    set_dialect(tiny_package, {**dialect, "lineTerminator": "\n", "csvddfVersion": 1.2})
    assert load_package(tiny_package).tables["actors"].dialect.is_default


# --- refused ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("dialect", "named"),
    [
        ({"headerRows": [1, 2]}, "headerRows"),
        ({"delimiter": ";;"}, "delimiter"),
        ({"delimiter": "\n"}, "delimiter"),
        ({"lineTerminator": ";"}, "lineTerminator"),
        ({"sheetName": "Sheet1"}, "sheetName"),
        ({"itemType": "array"}, "itemType"),
        ({"property": "data"}, "property"),
        ({"anythingElse": 1}, "anythingElse"),
        ({"csv": {"delimiter": "ab"}}, "delimiter"),
        ({"quoteChar": ","}, "quoteChar"),
        ({"commentRows": [1]}, "commentRows"),
    ],
)
def test_what_is_not_implemented_is_refused_naming_it(
    tiny_package: Path, dialect: dict[str, Any], named: str
) -> None:
    set_dialect(tiny_package, dialect)
    with pytest.raises(PackageError) as caught:
        validate_package(tiny_package, second=False)
    assert caught.value.code == "unsupported-property"
    assert f"dialect.{named}" in caught.value.message


@pytest.mark.parametrize(
    "dialect", [{"doubleQuote": "yes"}, {"headerRows": [0]}, {"delimiter": 1}, {"csv": []}]
)
def test_a_dialect_of_the_wrong_shape_is_invalid(tiny_package: Path, dialect: dict) -> None:
    set_dialect(tiny_package, dialect)
    with pytest.raises(PackageError) as caught:
        validate_package(tiny_package, second=False)
    assert caught.value.code == "invalid-descriptor"


def test_frictionless_nested_csv_dialect_is_read(tiny_package: Path) -> None:
    rewrite(tiny_package, semicolons)
    set_dialect(tiny_package, {"csv": {"delimiter": ";"}})
    assert both_engines(tiny_package) == []


# --- ragged rows ------------------------------------------------------------------------------


def test_a_ragged_row_no_longer_hides_the_tables_other_findings(tiny_package: Path) -> None:
    set_cell(tiny_package, "actors", 5, "wikidata_id", "Q0123")
    set_cell(tiny_package, "statements", 2, "speaker_id", "nobody")
    edit_bytes(
        tiny_package, "actors", lambda b: b.replace(b"\ngazette,Tiny Gazette,", b"\ngazette,")
    )
    edit_bytes(tiny_package, "actors", lambda b: b + b"a-9,x,person" + b"," * 9 + b"\n")
    found = both_engines(tiny_package)
    assert ("constraint-pattern", "actors", 5, "wikidata_id") in found
    assert ("foreign-key", "statements", 2, "speaker_id") in found
    assert ("missing-cell", "actors", 3, "note") in found
    assert ("extra-cell", "actors", 7, None) in found


def test_ragged_rows_in_a_dialect_file_are_reported_too(tiny_package: Path) -> None:
    rewrite(tiny_package, semicolons)
    edit_bytes(tiny_package, "actors", lambda b: b + b"a-9;x;person;;;;;;;;;;\n")
    set_dialect(tiny_package, {"delimiter": ";"})
    assert both_engines(tiny_package) == [
        ("extra-cell", "actors", 7, None),
        ("extra-cell", "actors", 7, None),
    ]


def test_a_missing_cell_is_named_and_counts_as_missing(tiny_package: Path) -> None:
    edit_bytes(tiny_package, "actors", lambda b: b + b"a-9,x\n")
    found = both_engines(tiny_package)
    missing = [column for code, _, row, column in found if code == "missing-cell"]
    assert missing == sorted(read_rows(tiny_package, "actors")[0][2:])
    assert ("missing-value", "actors", 7, "kind") in found  # a required cell


def test_a_checks_row_number_becomes_the_files_record_number() -> None:
    """Records left out (blank, comment) before a data row push its number on by one each."""
    from security_guarantees_2022.core.exact import Reading

    reading = Reading("t")
    reading.kept = 1  # record 2 is data
    reading.blank(3, report=True)  # records 3 and 4 are left out before the second data row
    reading.blank(4, report=False)
    assert [reading.row(checked) for checked in (2, 3, 4)] == [2, 5, 6]
    assert [(i.code, i.row) for i in reading.issues] == [("blank-row", 3)]
    headerless = Reading("t", first=1)
    assert headerless.row(2) == 1 and headerless.moves_rows


@pytest.mark.parametrize("dialect", [{"delimiter": ";"}, {"delimiter": ";", "header": False}])
def test_a_unique_column_of_a_dialect_table_is_checked_streamed_too(
    tiny_package: Path, dialect: dict[str, Any]
) -> None:
    """The streaming engine reads a `unique` column's repeats first, by the table's dialect."""
    constraints = lambda s: field_of(s, "kind").setdefault("constraints", {})  # noqa: E731
    edit_schema(tiny_package, "actors", lambda s: constraints(s).update(unique=True))
    rewrite(tiny_package, semicolons)
    if not dialect.get("header", True):
        edit_bytes(tiny_package, "actors", lambda b: b.split(b"\n", 1)[1])
    set_dialect(tiny_package, dialect)
    first = 1 if "header" in dialect else 2
    expected = [("constraint-unique", "actors", first + i, "kind") for i in range(4)]
    assert both_engines(tiny_package) == expected
