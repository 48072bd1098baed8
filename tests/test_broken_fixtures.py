"""One broken copy of the tiny package per issue code; each yields exactly the expected report.

The expected lists are golden reports: (code, table, row, column) of every issue found.
"""

from __future__ import annotations

import csv
import unicodedata
from collections.abc import Callable
from pathlib import Path

import pytest

from security_guarantees_2022 import validate_package
from security_guarantees_2022.core.issue_codes import ALL, FINDINGS
from tests.fixtures import tiny
from tests.fixtures.tiny import REPO
from tests.support import (
    edit_bytes,
    edit_descriptor,
    edit_rows,
    edit_schema,
    field_of,
    set_cell,
)

Golden = list[tuple[str, str | None, int | None, str | None]]


def cell(table: str, row: int, column: str, value: str) -> Callable[[Path], None]:
    return lambda pkg: set_cell(pkg, table, row, column, value)


def constraint(table: str, column: str, **constraints: object) -> Callable[[Path], None]:
    """A fork that tightens a field, then a value that breaks it."""

    def edit(schema: dict) -> None:
        field_of(schema, column).setdefault("constraints", {}).update(constraints)

    return lambda pkg: edit_schema(pkg, table, edit)


def both(*edits: Callable[[Path], None]) -> Callable[[Path], None]:
    def run(pkg: Path) -> None:
        for edit in edits:
            edit(pkg)

    return run


def swap_columns(fields: list[str], rows: list[dict[str, str]]) -> None:
    fields[1], fields[2] = fields[2], fields[1]


def drop_note(fields: list[str], rows: list[dict[str, str]]) -> None:
    fields.remove("note")


def add_column(fields: list[str], rows: list[dict[str, str]]) -> None:
    fields.append("extra")
    for row in rows:
        row["extra"] = "x"


def duplicate_first(fields: list[str], rows: list[dict[str, str]]) -> None:
    rows.insert(1, dict(rows[0]))


def vocabulary_row(table: str, column: str, value: str) -> int:
    """The report row number of a vocabulary row, as the tiny package copies the vocabulary."""
    with (REPO / "data" / f"{table}.csv").open(encoding="utf-8", newline="") as handle:
        values = [row[column] for row in csv.DictReader(handle)]
    return values.index(value) + 2


ORPHAN_ROW = vocabulary_row("cameo_event_codes", "code", "0211")
RUSSIA = b"\nrussia,Russia,state,RUS,,,,,,,\n"  # the tiny package's last actor, row 6


def set_descriptor(resource: str, key: str, value: object) -> Callable[[Path], None]:
    def edit(descriptor: dict) -> None:
        (res,) = [r for r in descriptor["resources"] if r["name"] == resource]
        res[key] = value

    return lambda pkg: edit_descriptor(pkg, edit)


CASES: dict[str, tuple[Callable[[Path], None], Golden]] = {
    "resource-bytes-mismatch": (
        set_descriptor("actors", "bytes", 1),
        [("resource-bytes-mismatch", "actors", None, None)],
    ),
    "resource-hash-mismatch": (
        lambda pkg: edit_bytes(pkg, "actors", lambda b: b.replace(b"Tiny", b"Tine"), restamp=False),
        [("resource-hash-mismatch", "actors", None, None)],
    ),
    "hash-algorithm-unsupported": (
        set_descriptor("actors", "hash", "crc32:" + "0" * 8),
        [("hash-algorithm-unsupported", "actors", None, None)],
    ),
    "encoding": (
        lambda pkg: edit_bytes(pkg, "actors", lambda b: b.replace(b"Tiny", b"T\xffny")),
        [("encoding", "actors", None, None)],
    ),
    "bom": (
        lambda pkg: edit_bytes(pkg, "actors", lambda b: b"\xef\xbb\xbf" + b),
        [("bom", "actors", None, None)],
    ),
    "crlf": (
        lambda pkg: edit_bytes(pkg, "actors", lambda b: b.replace(b"\n", b"\r\n")),
        [("crlf", "actors", None, None)],
    ),
    "malformed-csv": (
        lambda pkg: edit_bytes(pkg, "actors", lambda b: b + b'x,"unclosed\n'),
        [("malformed-csv", "actors", None, None)],
    ),
    # a row one cell short: its missing cell is reported, and read as empty
    "missing-cell": (
        lambda pkg: edit_bytes(pkg, "actors", lambda b: b.replace(RUSSIA, RUSSIA[:-2] + b"\n")),
        [("missing-cell", "actors", 6, "note")],
    ),
    "extra-cell": (
        lambda pkg: edit_bytes(pkg, "actors", lambda b: b.replace(RUSSIA, RUSSIA[:-1] + b",x\n")),
        [("extra-cell", "actors", 6, None)],
    ),
    # a row of empty cells and an empty line, before a row with a finding: every row keeps the
    # file's record number (blank rows count, as frictionless counts them)
    "blank-row": (
        both(
            cell("actors", 5, "wikidata_id", "Q0123"),
            lambda pkg: edit_bytes(
                pkg, "actors", lambda b: b.replace(b"\nnato,", b"\n" + b"," * 10 + b"\n\nnato,")
            ),
        ),
        [
            ("blank-row", "actors", 5, None),
            ("blank-row", "actors", 6, None),
            ("constraint-pattern", "actors", 7, "wikidata_id"),
        ],
    ),
    "missing-column": (
        lambda pkg: edit_rows(pkg, "actors", drop_note),
        [("missing-column", "actors", None, "note")],
    ),
    "extra-column": (
        lambda pkg: edit_rows(pkg, "actors", add_column),
        [("extra-column", "actors", None, "extra")],
    ),
    "column-order": (
        lambda pkg: edit_rows(pkg, "actors", swap_columns),
        [("column-order", "actors", None, "kind")],
    ),
    "missing-value": (cell("actors", 2, "name", ""), [("missing-value", "actors", 2, "name")]),
    "type-error": (
        cell("statements", 2, "said_on", "05/06/2021"),
        [("type-error", "statements", 2, "said_on")],
    ),
    "constraint-enum": (
        cell("statements", 3, "mode", "quoted"),
        [("constraint-enum", "statements", 3, "mode")],
    ),
    "constraint-pattern": (
        cell("actors", 5, "wikidata_id", "Q0123"),
        [("constraint-pattern", "actors", 5, "wikidata_id")],
    ),
    "constraint-minimum": (
        cell("mentions", 2, "start", "-1"),
        [
            ("constraint-minimum", "mentions", 2, "start"),
            ("span-out-of-range", "mentions", 2, "start, end"),
        ],
    ),
    "constraint-maximum": (
        both(constraint("sources", "chars", maximum=100)),
        [("constraint-maximum", "sources", 2, "chars")],
    ),
    "constraint-length": (
        both(constraint("actors", "name", maxLength=6)),
        [("constraint-length", "actors", 2, "name"), ("constraint-length", "actors", 3, "name")],
    ),
    "constraint-unique": (
        both(constraint("actors", "kind", unique=True)),
        [("constraint-unique", "actors", row, "kind") for row in (2, 3, 4, 5)],
    ),
    "formula-prefix": (
        cell("actors", 2, "note", "=1+1"),
        [("formula-prefix", "actors", 2, "note")],
    ),
    "control-character": (
        cell("actors", 2, "note", "a\x07b"),
        [("control-character", "actors", 2, "note")],
    ),
    "bidi-control": (
        cell("actors", 2, "note", "a\u202eb"),
        [("bidi-control", "actors", 2, "note")],
    ),
    "whitespace": (cell("actors", 2, "role", "minister "), [("whitespace", "actors", 2, "role")]),
    "not-nfc": (
        cell("actors", 2, "note", unicodedata.normalize("NFD", "Café")),
        [("not-nfc", "actors", 2, "note")],
    ),
    "duplicate-key": (
        lambda pkg: edit_rows(pkg, "event_participants", duplicate_first),
        [("duplicate-key", "event_participants", 3, "event_id, actor_id, role")],
    ),
    "foreign-key": (
        cell("statements", 2, "speaker_id", "nobody"),
        [("foreign-key", "statements", 2, "speaker_id")],
    ),
    "unknown-code": (
        cell("statements", 2, "cameo_code", "999"),
        [("unknown-code", "statements", 2, "cameo_code")],
    ),
    "cameo-parent-missing": (
        cell("cameo_event_codes", ORPHAN_ROW, "code", "0991"),  # no code 099
        [("cameo-parent-missing", "cameo_event_codes", ORPHAN_ROW, "code")],
    ),
    "plover-crosswalk-mismatch": (
        cell("statements", 2, "plover_type", "ACCUSE"),  # CAMEO 120 is REJECT in the crosswalk
        [("plover-crosswalk-mismatch", "statements", 2, "plover_type, plover_mode")],
    ),
    "report-span-outside-statement": (
        cell("events", 2, "reporting_statement_id", "s001"),
        [("report-span-outside-statement", "events", 2, "reporting_statement_id")],
    ),
    "report-link-missing": (
        cell("events", 2, "reporting_statement_id", ""),  # its span lies inside s002 and s003
        [("report-link-missing", "events", 2, "reporting_statement_id")],
    ),
    "parent-cycle": (
        cell("events", 3, "parent_id", "geneva-talks"),
        [("parent-cycle", "events", 2, "parent_id")],  # one issue per cycle,
    ),
    "span-mismatch": (
        cell("mentions", 2, "text", "Lavrow"),
        [("span-mismatch", "mentions", 2, "text")],
    ),
    "span-out-of-range": (
        cell("mentions", 2, "end", "5000"),
        [("span-out-of-range", "mentions", 2, "start, end")],
    ),
    "nested-span-outside-parent": (
        both(
            cell("statements", 4, "start", "17"),
            cell("statements", 4, "end", "23"),
            cell("statements", 4, "text", "Lavrov"),
        ),
        [
            ("nested-span-outside-parent", "statements", 4, "reported_by"),
            ("nested-span-outside-parent", "editorial_insertions", 2, "statement_id"),
            # the events s003 reports are no longer inside it either
            ("report-span-outside-statement", "events", 2, "reporting_statement_id"),
            ("report-span-outside-statement", "events", 3, "reporting_statement_id"),
        ],
    ),
    "source-hash-mismatch": (
        cell("sources", 2, "sha256", "0" * 64),
        [("source-hash-mismatch", "sources", 2, "sha256")],
    ),
    "source-length-mismatch": (
        cell("sources", 2, "chars", "10"),
        [("source-length-mismatch", "sources", 2, "chars")],
    ),
    "date-after-publication": (
        both(
            cell("statements", 2, "said_on", "2022-01-21"),
            cell("statements", 2, "said_on_as_given", "2022-01-21"),
        ),
        [("date-after-publication", "statements", 2, "said_on")],
    ),
    "scheduled-not-after-publication": (
        both(
            cell("events", 2, "date_start", "2022-01-19"),
            cell("events", 2, "date_start_as_given", "2022-01-19"),
        ),
        [("scheduled-not-after-publication", "events", 2, "date_start")],
    ),
    "date-order": (  # a month-precision event: its end typed as its month's first day
        both(
            cell("events", 3, "date_end", "2021-12-01"),
            cell("events", 3, "date_end_as_given", "2021-12"),
        ),
        [("date-order", "events", 3, "date_end")],
    ),
    "date-as-given": (  # a day-precision claim given only to the month
        cell("statements", 2, "said_on_as_given", "2022-01"),
        [("date-as-given", "statements", 2, "said_on_as_given")],
    ),
    "missing-file": (
        cell("sources", 2, "path", "data/sources/nowhere.txt"),
        [("missing-file", "sources", 2, "path")],
    ),
    "unsafe-path": (
        cell("sources", 2, "path", "data/../../outside.txt"),
        [("unsafe-path", "sources", 2, "path")],
    ),
    "evidence-not-in-source": (  # "on Thursday" is in the source, "on Friday" is not
        cell("statements", 2, "said_on_evidence", "on Thursday … on Friday"),
        [("evidence-not-in-source", "statements", 2, "said_on_evidence")],
    ),
    "self-dyad": (  # Blinken is the actor of the Geneva talks and their recipient
        both(
            cell("event_participants", 2, "role", "actor"),
            cell("event_participants", 3, "actor_id", "blinken"),
            cell("event_participants", 3, "role", "recipient"),
        ),
        [("self-dyad", "event_participants", 3, "actor_id")],
    ),
    "uncommitted-event-coded": (  # ongoing, coded CONSULT, but only possibly so
        both(
            cell("events", 3, "cameo_code", "040"),
            cell("events", 3, "plover_type", "CONSULT"),
            cell("events", 3, "plover_mode", "none"),
            cell("events", 3, "factuality", "PS+"),
        ),
        [("uncommitted-event-coded", "events", 3, "factuality")],
    ),
}


# New columns whose rules live in the schema: each broken value yields the schema's own code.
C1_CONTROLS = "\x80\x85\x9b\x9f"  # the first, NEL, CSI (a terminal's escape) and the last
BIDI_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"
BIDI_CELLS = [(row, column) for column in ("note", "role", "name_native") for row in range(2, 6)]


def each_in_a_cell(chars: str, cells: list[tuple[int, str]]) -> Callable[[Path], None]:
    """One character in the middle of each cell (no leading or trailing whitespace)."""
    cells = cells[: len(chars)]
    return both(
        *(cell("actors", row, col, f"a{ch}b") for ch, (row, col) in zip(chars, cells, strict=True))
    )


def semicolons(pkg: Path) -> None:
    """The actors table rewritten with `;` between cells and a comment line, declared so."""
    edit_bytes(pkg, "actors", lambda b: b.replace(b",", b";").replace(b"\n", b"\n# actors\n", 1))
    set_descriptor("actors", "dialect", {"delimiter": ";", "commentChar": "#"})(pkg)


COLUMN_CASES: dict[str, tuple[Callable[[Path], None], Golden]] = {
    # the dialect read by every engine: the comment line counts as a row (row 2)
    "a semicolon dialect with a comment row and a finding": (
        both(cell("actors", 5, "wikidata_id", "Q0123"), semicolons),
        [("constraint-pattern", "actors", 6, "wikidata_id")],
    ),
    "C1 control characters in cells": (
        each_in_a_cell(C1_CONTROLS, BIDI_CELLS),
        [("control-character", "actors", row, col) for row, col in BIDI_CELLS[:4]],
    ),
    "every bidirectional formatting character in cells": (
        each_in_a_cell(BIDI_CONTROLS, BIDI_CELLS),
        [("bidi-control", "actors", row, col) for row, col in BIDI_CELLS],
    ),
    "statements.target_id": (
        cell("statements", 2, "target_id", "nobody"),
        [("foreign-key", "statements", 2, "target_id")],
    ),
    "events.factuality": (
        cell("events", 2, "factuality", "alleged"),
        [("constraint-enum", "events", 2, "factuality")],
    ),
    "events.reporting_statement_id": (
        cell("events", 2, "reporting_statement_id", "s999"),
        [("foreign-key", "events", 2, "reporting_statement_id")],
    ),
    "statements.plover_type on CAMEO 01": (
        both(
            cell("statements", 3, "plover_type", "CONSULT"),  # s002 is 010: PLOVER drops 01
            cell("statements", 3, "plover_mode", "none"),
        ),
        [("plover-crosswalk-mismatch", "statements", 3, "plover_type, plover_mode")],
    ),
    # a month is typed as its first day, and its date as given says the month, never the day
    "events.date_start of a month not typed as its first day": (
        cell("events", 3, "date_start", "2022-01-15"),
        [("date-as-given", "events", 3, "date_start_as_given")],
    ),
    "events.date_start_as_given of a month given as a day": (
        cell("events", 3, "date_start_as_given", "2022-01-01"),
        [("date-as-given", "events", 3, "date_start_as_given")],
    ),
    "statements.said_on_as_given left empty beside a date": (
        cell("statements", 2, "said_on_as_given", ""),
        [("date-as-given", "statements", 2, "said_on_as_given")],
    ),
    "statements.said_on_as_given beside no date": (
        cell("statements", 4, "said_on_as_given", "2022"),
        [("date-as-given", "statements", 4, "said_on_as_given")],
    ),
    # a type without a mode is written with the mode `none`, so the key has no null part
    "statements.plover_mode empty beside a PLOVER type": (
        both(cell("statements", 2, "plover_mode", "")),
        [("unknown-code", "statements", 2, "plover_type, plover_mode")],
    ),
    "events.plover_mode without a PLOVER type": (
        both(cell("events", 3, "plover_mode", "none")),
        [("unknown-code", "events", 3, "plover_type, plover_mode")],
    ),
    "statements.plover_mode where the crosswalk names one": (
        both(
            cell("statements", 2, "cameo_code", "125"),  # REJECT/meet in the crosswalk
            cell("statements", 2, "plover_mode", "yield"),
        ),
        [("plover-crosswalk-mismatch", "statements", 2, "plover_type, plover_mode")],
    ),
    # CAMEO 125 is REJECT/meet in the crosswalk: a row may depart from that mode (to another,
    # or to none) when it says why (plover_mode_reason); without a reason it is a mismatch
    "plover_mode departing from the crosswalk, with a reason and without one": (
        both(
            cell("statements", 2, "cameo_code", "125"),
            cell("statements", 2, "plover_mode", "yield"),
            cell("statements", 2, "plover_mode_reason", "Moscow rejects the demands outright"),
            cell("events", 3, "cameo_code", "125"),
            cell("events", 3, "plover_type", "REJECT"),
            cell("events", 3, "plover_mode", "yield"),
        ),
        [("plover-crosswalk-mismatch", "events", 3, "plover_type, plover_mode")],
    ),
    "events.date_evidence fragments separated by a semicolon": (
        cell("events", 2, "date_evidence", "will be held; on January 22"),
        [("evidence-not-in-source", "events", 2, "date_evidence")],
    ),
}


def golden(report) -> Golden:
    return sorted((i.code, i.table, i.row, i.column) for i in report.issues)


@pytest.mark.parametrize("case", [*sorted(CASES), *sorted(COLUMN_CASES)])
def test_broken_fixture_reports_exactly_its_code(tiny_package: Path, case: str) -> None:
    breaks, expected = CASES.get(case) or COLUMN_CASES[case]
    breaks(tiny_package)
    report = validate_package(tiny_package, second=False)
    assert golden(report) == sorted(expected)


@pytest.mark.parametrize("code", sorted(CASES))
def test_each_code_reads_as_a_sentence_from_its_own_template(tiny_package: Path, code: str) -> None:
    """The message comes from the code's template in the registry, filled in, never bare."""
    breaks, _ = CASES[code]
    breaks(tiny_package)
    issues = [i for i in validate_package(tiny_package, second=False).issues if i.code == code]
    assert issues
    fixed = ALL[code].message.split("{")[0]  # the template's words before its first field
    for issue in issues:
        words = issue.message.split()
        assert issue.message != code and len(words) >= 3, issue.message
        assert issue.message.startswith(fixed), (issue.message, ALL[code].message)
        assert "{" not in issue.message.replace(str(issue.value), ""), issue.message
        assert issue.message[0].isalnum() or issue.message[0] in "'[(", issue.message


def test_refined_mode_of_a_modeless_crosswalk_type_is_accepted(tiny_package: Path) -> None:
    """CAMEO 040 is CONSULT without a mode in the crosswalk: a row may refine it."""
    set_cell(tiny_package, "events", 2, "plover_mode", "visit")
    assert golden(validate_package(tiny_package, second=False)) == []


def test_a_mode_departing_from_the_crosswalk_passes_with_a_reason(tiny_package: Path) -> None:
    """CAMEO 125 is REJECT/meet: another mode, or none, is a mismatch until the row says why."""
    set_cell(tiny_package, "statements", 2, "cameo_code", "125")
    for mode in ("yield", "none"):
        set_cell(tiny_package, "statements", 2, "plover_mode", mode)
        set_cell(tiny_package, "statements", 2, "plover_mode_reason", "")
        assert golden(validate_package(tiny_package, second=False)) == [
            ("plover-crosswalk-mismatch", "statements", 2, "plover_type, plover_mode")
        ]
        set_cell(tiny_package, "statements", 2, "plover_mode_reason", "The demands, not a meeting")
        assert golden(validate_package(tiny_package, second=False)) == []
    set_cell(tiny_package, "statements", 2, "plover_type", "ACCUSE")  # the type must still match
    assert golden(validate_package(tiny_package, second=False)) == [
        ("plover-crosswalk-mismatch", "statements", 2, "plover_type, plover_mode")
    ]


def test_each_evidence_fragment_is_looked_for_and_reported(tiny_package: Path) -> None:
    """Both separators split a cell; each fragment missing from the source is one issue, with
    the fragment as its value; a fragment found anywhere in the source passes."""
    set_cell(tiny_package, "statements", 2, "said_on_evidence", "on Friday … Lavrov; on Monday")
    issues = validate_package(tiny_package, second=False).issues
    assert sorted((i.code, i.row, i.column, i.value) for i in issues) == [
        ("evidence-not-in-source", 2, "said_on_evidence", "on Friday"),
        ("evidence-not-in-source", 2, "said_on_evidence", "on Monday"),
    ]
    assert issues[0].message.endswith(f"does not occur verbatim in source {tiny.SOURCE_ID!r}")


def test_self_dyad_and_occurrence_follow_their_declarations(tiny_package: Path) -> None:
    """Undeclared, neither rule runs; an occurred status with a committed factuality passes."""
    _, expected = CASES["self-dyad"]
    CASES["self-dyad"][0](tiny_package)
    CASES["uncommitted-event-coded"][0](tiny_package)
    found = golden(validate_package(tiny_package, second=False))
    assert found == sorted([*expected, *CASES["uncommitted-event-coded"][1]])
    set_cell(tiny_package, "events", 3, "factuality", "PR+")
    assert golden(validate_package(tiny_package, second=False)) == expected
    set_cell(tiny_package, "events", 3, "factuality", "Uu")
    edit_schema(tiny_package, "events", lambda s: s["checks"].pop("occurrence"))
    edit_schema(tiny_package, "event_participants", lambda s: s["checks"].pop("dyad"))
    assert golden(validate_package(tiny_package, second=False)) == []


def test_report_link_missing_is_found_inside_an_outer_statement(tiny_package: Path) -> None:
    """The statement starting last before the event (s003) ends before it; the outer one (s002),
    which starts earlier, still holds it."""
    source = tiny.SOURCE
    end = source.index("January 21.") + len("January 21.")
    for column, value in (("start", end - 1), ("end", end), ("text", ".")):
        set_cell(tiny_package, "events", 2, column, str(value))
    set_cell(tiny_package, "events", 2, "reporting_statement_id", "")
    report = validate_package(tiny_package, second=False)
    assert golden(report) == [("report-link-missing", "events", 2, "reporting_statement_id")]
    assert "'s002'" in report.issues[0].message
    set_cell(tiny_package, "events", 2, "reporting_statement_id", "s002")
    assert golden(validate_package(tiny_package, second=False)) == []


def test_crosswalk_mode_missing_from_the_score_table_may_be_left_out(tiny_package: Path) -> None:
    """CAMEO 0842 is RETREAT/return in the crosswalk, but plover_event_types has no such mode."""
    set_cell(tiny_package, "statements", 2, "cameo_code", "0842")
    set_cell(tiny_package, "statements", 2, "plover_type", "RETREAT")
    set_cell(tiny_package, "statements", 2, "plover_mode", "none")  # the type itself
    assert golden(validate_package(tiny_package, second=False)) == []
    set_cell(tiny_package, "statements", 2, "plover_mode", "release")
    assert golden(validate_package(tiny_package, second=False)) == [
        ("plover-crosswalk-mismatch", "statements", 2, "plover_type, plover_mode")
    ]
    # `none` is the type itself only because the schema says so (checks.ploverTypes.itself)
    set_cell(tiny_package, "statements", 2, "plover_mode", "none")
    edit_schema(
        tiny_package, "plover_event_types", lambda s: s["checks"]["ploverTypes"].pop("itself")
    )
    assert golden(validate_package(tiny_package, second=False)) == [
        ("plover-crosswalk-mismatch", "statements", 2, "plover_type, plover_mode")
    ]


def test_every_finding_code_has_a_broken_fixture() -> None:
    # second-opinion needs frictionless to disagree (test_package.py); issues-truncated needs
    # more issues than the caps (test_safety.py lowers the caps to assert its exact report)
    untested = set(FINDINGS) - set(CASES) - {"second-opinion", "issues-truncated"}
    assert not untested, f"codes without a broken fixture: {sorted(untested)}"
