"""The shortcuts that make validation fast must give the answers of the plain method.

Each fast path (binary search on sorted keys, the neighbour test for unique keys, the fused
screen, the byte-level span comparison, the NFC pre-filter, the comma count that proves a CSV's
shape) is compared here with a slow, obvious implementation on generated inputs.
"""

from __future__ import annotations

import dataclasses
import hashlib
import itertools
import os
import unicodedata
from pathlib import Path
from unittest import mock

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from security_guarantees_2022 import validate_package
from security_guarantees_2022.checks.hygiene import cell_rules
from security_guarantees_2022.checks.parents import leads_to_a_cycle
from security_guarantees_2022.checks.sources import read_batch
from security_guarantees_2022.checks.spans import SpanRows, span_issues
from security_guarantees_2022.core import lookup
from security_guarantees_2022.core.descriptor import PathGuard, load_package
from security_guarantees_2022.core.exact import TableReadError
from security_guarantees_2022.core.lookup import positions_in, repeated_rows
from security_guarantees_2022.core.model import TYPES, build_schema
from security_guarantees_2022.core.nfc import RANGES, unsafe_ranges
from security_guarantees_2022.core.pattern_hygiene import pattern_is_hygienic
from security_guarantees_2022.core.report import PackageError
from security_guarantees_2022.core.scans import scan_file
from security_guarantees_2022.core.schema_checks import schema_issues
from security_guarantees_2022.core.tables import read_text_frame
from security_guarantees_2022.engines.screen import screen
from security_guarantees_2022.release.stamp import stamp
from tests.support import edit_bytes, edit_schema, set_cell, table_path

IDS = st.text(alphabet="abcé-", min_size=0, max_size=3)
SETTINGS = settings(max_examples=150, deadline=None)


def naive_positions(keys: list[str | None], values: list[str | None]) -> list[int | None]:
    first: dict[str, int] = {}
    for i, key in enumerate(keys):
        if key is not None:
            first.setdefault(key, i)
    return [None if v is None else first.get(v) for v in values]


@SETTINGS
@given(st.lists(st.one_of(st.none(), IDS), max_size=30), st.lists(st.one_of(st.none(), IDS)))
def test_positions_in_matches_a_dictionary(keys: list, values: list) -> None:
    for these in (keys, sorted(set(k for k in keys if k is not None))):  # hashed, then sorted
        found = positions_in(pl.Series(these, dtype=pl.String), pl.Series(values, dtype=pl.String))
        assert found.to_list() == naive_positions(these, values)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.one_of(st.none(), IDS), max_size=10),
    st.lists(st.tuples(st.one_of(st.none(), IDS), st.integers(1, 400)), max_size=12),
)
def test_look_ups_by_runs_match_a_dictionary(keys: list, runs: list) -> None:
    values = [value for value, length in runs for _ in range(length)]  # long runs: > 1024 rows
    found = positions_in(pl.Series(keys, dtype=pl.String), pl.Series(values, dtype=pl.String))
    assert found.to_list() == naive_positions(keys, values)


@SETTINGS
@given(st.lists(st.tuples(st.one_of(st.none(), IDS), st.integers(0, 2)), max_size=30))
def test_repeated_rows_matches_a_set(rows: list[tuple[str | None, int]]) -> None:
    for table, small in itertools.product((rows, sorted(rows, key=str)), (lookup.SMALL, 0)):
        frame = pl.DataFrame(table, schema={"a": pl.String, "b": pl.Int64}, orient="row")
        seen: set[object] = set()
        expected = []
        for i, row in enumerate(table):
            if row in seen:
                expected.append(i)
            seen.add(row)
        single = [i for i, (a, _) in enumerate(table) if a in [r[0] for r in table[:i]]]
        with mock.patch.object(lookup, "SMALL", small):  # 0: no table is too small to prove sorted
            assert repeated_rows(frame, ["a", "b"]).to_list() == expected
            assert repeated_rows(frame, ["a"]).to_list() == single


def test_foreign_keys_are_found_alike_by_hashing_and_by_binary_search(tiny_package: Path) -> None:
    set_cell(tiny_package, "statements", 2, "speaker_id", "a999")
    set_cell(tiny_package, "mentions", 3, "actor_id", "a999")
    stamp(tiny_package)
    hashed = validate_package(tiny_package, second=False).issues
    with mock.patch.object(lookup, "SMALL", 0):
        searched = validate_package(tiny_package, second=False).issues
    assert [i for i in hashed if i.code == "foreign-key"] == [
        i for i in searched if i.code == "foreign-key"
    ]
    assert {(i.table, i.row) for i in hashed if i.code == "foreign-key"} >= {
        ("statements", 2),
        ("mentions", 3),
    }


@SETTINGS
@given(st.lists(st.tuples(st.sampled_from("abcdefg"), st.sampled_from("abcdefgxy")), max_size=12))
def test_pointer_doubling_finds_the_rows_that_never_reach_a_root(edges: list) -> None:
    ids = [child for child, _ in edges]
    first: dict[str, str] = {}
    for child, parent in edges:
        first.setdefault(child, parent)

    def never_reaches_root(node: str) -> bool:  # from a row's parent, via each id's first row
        seen = set()
        while node in first:
            if node in seen:
                return True
            seen.add(node)
            node = first[node]
        return False

    flagged = leads_to_a_cycle(pl.Series(ids, dtype=pl.String), pl.Series([p for _, p in edges]))
    assert flagged.tolist() == [never_reaches_root(parent) for _, parent in edges]


SOURCE_TEXT = st.text(
    alphabet=st.sampled_from([*"ab -«»", "é", "ř", "–", "\u0301", "𝔸", "中"]), max_size=40
)


@SETTINGS
@given(st.lists(SOURCE_TEXT, min_size=1, max_size=4), st.data())
def test_span_comparison_matches_python_slicing(tmp_path_factory, texts, data) -> None:
    root = tmp_path_factory.mktemp("spans")
    records = []
    for i, text in enumerate(texts):
        (root / f"s{i}.txt").write_text(text, encoding="utf-8")
        records.append(
            {
                "__row": i + 2,
                "source_id": f"s{i}",
                "path": f"s{i}.txt",
                "sha256": None,
                "chars": None,
            }
        )
    batch, issues = read_batch(records, 0, PathGuard(root))
    assert issues == []
    rows = []
    for row in range(data.draw(st.integers(1, 12))):
        sidx = data.draw(st.integers(0, len(texts) - 1))
        size = len(texts[sidx])
        start = data.draw(st.integers(0, size))
        end = data.draw(st.integers(start, size))
        cell = texts[sidx][start:end]
        if data.draw(st.booleans()):
            cell = data.draw(SOURCE_TEXT)
        rows.append({"__row": row + 2, "__sidx": sidx, "start": start, "end": end, "text": cell})
    part = pl.DataFrame(
        rows,
        schema={
            "__row": pl.Int64,
            "__sidx": pl.Int64,
            "start": pl.Int64,
            "end": pl.Int64,
            "text": pl.String,
        },
    )
    found = sorted(i.row for i in span_issues("mentions", part, batch) if i.row is not None)
    expected = sorted(
        r["__row"] for r in rows if texts[r["__sidx"]][r["start"] : r["end"]] != r["text"]
    )
    assert found == expected


@SETTINGS
@given(
    st.lists(
        st.tuples(st.sampled_from(["s0", "s1", "s2", "zz", None]), st.booleans()), max_size=20
    ),
    st.booleans(),
)
def test_span_rows_batches_hold_every_checkable_row_once(rows: list, in_order: bool) -> None:
    if in_order:
        rows = sorted(rows, key=lambda r: (r[0] is None, r[0] or ""))
    frame = pl.DataFrame(
        {
            "source_id": [r[0] for r in rows],
            "start": [0 if r[1] else None for r in rows],
            "end": [1] * len(rows),
            "text": ["x"] * len(rows),
        },
        schema={"source_id": pl.String, "start": pl.Int64, "end": pl.Int64, "text": pl.String},
    )
    sources = pl.DataFrame({"source_id": ["s0", "s1", "s2"]})
    table = SpanRows.of(frame, "mentions", sources)
    seen = []
    for low in range(0, 3, 2):  # batches of two sources
        part = table.between(low, low + 2)
        assert part["__sidx"].is_between(low, low + 1).all()
        seen += list(zip(part["__row"], part["__sidx"], strict=True))
    expected = [
        (i + 2, int(r[0][1])) for i, r in enumerate(rows) if r[0] in ("s0", "s1", "s2") and r[1]
    ]
    assert sorted(seen) == sorted(expected)


def test_nfc_ranges_cover_every_unsafe_character_of_this_python() -> None:
    covered = {cp for lo, hi in RANGES for cp in range(lo, hi + 1)}
    needed = {cp for lo, hi in unsafe_ranges() for cp in range(lo, hi + 1)}
    assert needed <= covered


SAFE_CHARS = st.characters(
    codec="utf-8",
    exclude_characters="".join(chr(cp) for lo, hi in RANGES for cp in range(lo, hi + 1)),
)


@SETTINGS
@given(st.text(alphabet=SAFE_CHARS, max_size=20))
def test_text_without_unsafe_characters_is_already_nfc(text: str) -> None:
    assert unicodedata.normalize("NFC", text) == text
    assert pl.Series([text]).str.normalize("NFC").item() == text


ACTOR_CELLS = {
    "actor_id": ["a-1", "a-1", "A 1", "", "=a", "a-2 ", "a\u0301"],
    "name": ["Tiny", "", " Tiny", "Ti\x07ny", "-Tiny", "Tiny"],
    "kind": ["person", "organization", "organisation", "robot", ""],
    "wikidata_id": ["", "Q42", "Q0123", "q42"],
}


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.data())
def test_screen_flags_every_row_pandera_or_hygiene_would_report(tiny_package: Path, data) -> None:
    res = load_package(tiny_package).tables["actors"]
    text = read_text_frame(res)
    for column, pool in ACTOR_CELLS.items():
        cells = [
            data.draw(st.sampled_from(pool)) if data.draw(st.booleans()) else v
            for v in text[column]
        ]
        text = text.with_columns(pl.Series(column, cells, dtype=pl.String).replace("", None))
    _typed, flagged = screen(res, text)
    flagged_rows = set(flagged["__row"].to_list())
    every_row = list(range(2, text.height + 2))
    by_pandera = {i.row for i in schema_issues(res, text, every_row) if i.row is not None}
    assert by_pandera <= flagged_rows
    strings = [f.name for f in res.fields() if f.type == "string"]
    hits = text.select(
        pl.any_horizontal(
            expr.fill_null(False) for c in strings for _, expr in cell_rules(pl.col(c))
        )
    ).to_series()
    assert {r for r, hit in zip(every_row, hits, strict=True) if hit} <= flagged_rows


def read_actors(tiny_package: Path) -> pl.DataFrame:
    res = load_package(tiny_package).tables["actors"]
    scan = scan_file(table_path(tiny_package, "actors"))
    return read_text_frame(res, scan=lambda: scan)


@pytest.mark.parametrize(
    ("edit", "codes", "rows"),
    [
        (lambda b: b + b"a-9,Short\n", ["missing-cell"] * 9 + ["missing-value"], 6),
        (lambda b: b.replace(b"\n", b"\n\n", 2), ["blank-row"] * 2, 5),
        (lambda b: b + b"a-9,x,person" + b"," * 9 + b"\n", ["extra-cell"], 6),
    ],
    ids=["short-row", "blank-line", "long-row"],
)
def test_a_row_of_the_wrong_shape_is_reported_by_row(
    tiny_package: Path, edit, codes: list[str], rows: int
) -> None:
    """The comma count sends the file to the exact reader, which reports each row; the rest
    of the table is read and checked as usual (a short row's missing cells are empty)."""
    edit_bytes(tiny_package, "actors", edit)
    assert read_actors(tiny_package).height == rows
    report = validate_package(tiny_package, second=False)
    assert sorted(i.code for i in report.issues) == sorted(codes)
    assert all(i.row is not None for i in report.issues)


def test_a_file_that_is_not_csv_stays_malformed(tiny_package: Path) -> None:
    edit_bytes(tiny_package, "actors", lambda b: b + b'x,"unclosed\n')
    with pytest.raises(TableReadError):
        read_actors(tiny_package)
    report = validate_package(tiny_package, second=False)
    assert [(i.code, i.table) for i in report.issues] == [("malformed-csv", "actors")]


@pytest.mark.parametrize("blank", [b"\n\n", b"\n\r\n"])
def test_the_scan_looks_for_blank_lines_only_when_asked(tiny_package: Path, blank: bytes) -> None:
    """The local reader finds them by the comma count; only Spark's reader, which skips them,
    needs the scan to look (the search costs three times the hash)."""
    path = table_path(tiny_package, "actors")
    assert not scan_file(path, find_blank_lines=True).blank_line
    edit_bytes(tiny_package, "actors", lambda b: b.replace(b"\n", blank, 1))
    assert scan_file(path, find_blank_lines=True).blank_line
    assert not scan_file(path).blank_line


def test_commas_and_line_breaks_inside_quoted_cells_are_not_malformed(tiny_package: Path) -> None:
    set_cell(tiny_package, "actors", 2, "note", 'a, b,\nc "quoted", d')
    assert read_actors(tiny_package)["note"][0] == 'a, b,\nc "quoted", d'


def test_missing_value_tokens_holding_a_comma_are_refused(tiny_package: Path) -> None:
    res = load_package(tiny_package).tables["actors"]
    assert res.schema is not None
    res = dataclasses.replace(
        res, schema=dataclasses.replace(res.schema, missing_values=("", "n,a"))
    )
    with pytest.raises(PackageError) as caught:
        read_text_frame(res)
    assert caught.value.code == "invalid-schema"


def source_path(tiny_package: Path) -> Path:
    res = load_package(tiny_package).tables["sources"]
    path = read_text_frame(res)["path"][0]
    return tiny_package.parent / path


def use_source_copy(tiny_package: Path, content: bytes) -> Path:
    """Point the first source row at a new file (not a package resource) holding `content`."""
    original = source_path(tiny_package)
    copy = original.with_name("copy.txt")
    copy.write_bytes(content)
    set_cell(tiny_package, "sources", 2, "path", str(copy.relative_to(tiny_package.parent)))
    set_cell(tiny_package, "sources", 2, "sha256", hashlib.sha256(content).hexdigest())
    return copy


def test_a_source_that_is_not_utf8_is_reported_and_its_spans_skipped(tiny_package: Path) -> None:
    use_source_copy(tiny_package, source_path(tiny_package).read_bytes() + b"\xff")
    report = validate_package(tiny_package, second=False)
    assert [(i.code, i.table, i.row) for i in report.issues] == [("encoding", "sources", 2)]


def test_a_source_symlink_inside_the_package_is_followed(tiny_package: Path) -> None:
    copy = use_source_copy(tiny_package, source_path(tiny_package).read_bytes())
    real = copy.with_name("real.txt")
    copy.rename(real)
    os.symlink(real.name, copy)
    assert validate_package(tiny_package, second=False).valid


def test_a_source_symlink_leaving_the_package_is_refused(
    tiny_package: Path, tmp_path: Path
) -> None:
    copy = use_source_copy(tiny_package, source_path(tiny_package).read_bytes())
    outside = tmp_path / "outside.txt"
    copy.rename(outside)
    os.symlink(outside, copy)
    report = validate_package(tiny_package, second=False)
    assert [(i.code, i.table, i.row) for i in report.issues] == [("unsafe-path", "sources", 2)]


def test_a_large_package_gets_a_sampled_second_opinion(
    tiny_package: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from security_guarantees_2022.core import second_opinion

    monkeypatch.setattr(second_opinion, "SAMPLE_ROWS", 2)
    report = validate_package(tiny_package)
    assert report.valid
    assert report.second_opinion["scope"].startswith("sample: first 2 rows per table")
    assert report.second_opinion["valid"] is True


SCHEMA_PATTERNS = sorted(
    {
        field.pattern
        for res in load_package().tables.values()
        for field in res.fields()
        if field.pattern is not None
    }
)


@pytest.mark.parametrize("pattern", [p for p in SCHEMA_PATTERNS if pattern_is_hygienic(p)])
@settings(max_examples=80, deadline=None)
@given(data=st.data())
def test_a_pattern_judged_hygienic_admits_only_clean_text(pattern: str, data) -> None:
    value = data.draw(st.from_regex(f"^(?:{pattern})$", fullmatch=True))
    cell = pl.Series([value])
    assert cell.str.contains(f"^(?:{pattern})$").item()  # polars agrees that it matches
    hits = cell.to_frame("c").select(
        pl.any_horizontal(expr.fill_null(False) for _, expr in cell_rules(pl.col("c")))
    )
    assert not hits.item()


PIECES = st.sampled_from(
    ["a", "Z", "0", "-", "_", "[a-z]", "[0-9-]", "[-a]", "[A-Z_]", "(x|-y)", "(?:b|c)", "=", "@"]
)
QUANTS = st.sampled_from(["", "?", "*", "+", "{2}", "{0,3}", "{1,}"])


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(PIECES, QUANTS), min_size=1, max_size=4), st.data())
def test_a_generated_pattern_judged_hygienic_admits_only_clean_text(parts, data) -> None:
    pattern = "".join(piece + quant for piece, quant in parts)
    if not pattern_is_hygienic(pattern):
        return  # "no" is always safe; a "yes" must hold for every string that matches
    value = data.draw(st.from_regex(f"^(?:{pattern})$", fullmatch=True))
    hits = (
        pl.Series([value])
        .to_frame("c")
        .select(pl.any_horizontal(expr.fill_null(False) for _, expr in cell_rules(pl.col("c"))))
    )
    assert not hits.item(), (pattern, value)


@pytest.mark.parametrize(
    "pattern",
    [
        r"^.*$",
        r"^[^a]+$",
        r"^\s+$",
        r"^-[0-9]+$",
        r"^[[:^alpha:]]$",
        r"(?i)k",
        r"^\d+$",
        r"^[a-z-]+$",
        r"a|=b",
        r"(a)?-b",
        r"^[a-z ]+$",
        r"^[a-z&&b]$",
    ],
)
def test_patterns_that_admit_unclean_text_are_not_judged_hygienic(pattern: str) -> None:
    assert not pattern_is_hygienic(pattern)


def test_most_identifier_patterns_of_the_schemas_are_judged_hygienic() -> None:
    assert sum(map(pattern_is_hygienic, SCHEMA_PATTERNS)) >= len(SCHEMA_PATTERNS) - 2


@pytest.mark.parametrize("name", ["\u1100\u1161", "X\uac00\u11a8"])
def test_hangul_jamo_that_nfc_composes_are_reported(tiny_package: Path, name: str) -> None:
    assert unicodedata.normalize("NFC", name) != name
    set_cell(tiny_package, "actors", 2, "name", name)
    report = validate_package(tiny_package, second=False)
    assert [(i.code, i.row, i.column) for i in report.issues] == [("not-nfc", 2, "name")]


def test_an_empty_cell_is_a_value_when_missing_values_leave_it_out(tiny_package: Path) -> None:
    edit_schema(tiny_package, "actors", lambda s: s.__setitem__("missingValues", ["NA"]))
    stamp(tiny_package)
    set_cell(tiny_package, "actors", 2, "wikidata_id", "")
    report = validate_package(tiny_package, second=False)
    assert ("constraint-pattern", 2, "wikidata_id") in {
        (i.code, i.row, i.column) for i in report.issues
    }


def test_an_unsupported_type_is_invalid_schema_even_without_its_column(
    tiny_package: Path,
) -> None:
    edit_schema(
        tiny_package, "actors", lambda s: s["fields"].append({"name": "when", "type": "instant"})
    )  # no restamp: the schema is refused as it is loaded, before any checksum is compared
    with pytest.raises(PackageError) as caught:
        validate_package(tiny_package, second=False)
    assert caught.value.code == "invalid-schema"


def test_every_type_maps_to_a_polars_pandas_and_sql_type() -> None:
    import pandas as pd
    import pyarrow as pa

    for kind, types in TYPES.items():
        field = build_schema({"fields": [{"name": "x", "type": kind}]}, "t").fields[0]
        assert isinstance(field.polars_type, pl.DataType), kind
        pandas_type = pd.api.types.pandas_dtype(types.pandas)
        if kind == "date":  # a calendar day in pandas too, not a timestamp
            assert pandas_type == pd.ArrowDtype(pa.date32())
        assert types.sql in {"TEXT", "INTEGER", "REAL"}, kind
