"""The registry of issue codes: each code is stable, has one meaning, and is documented here once.

Checks may only yield registered codes (Issue refuses others), and the docs list this table.
"""

from __future__ import annotations

from typing import NamedTuple


class Code(NamedTuple):
    family: str
    meaning: str


# Codes that make the input unusable: validation stops and the command exits 2. `unsafe-path`
# and `missing-file` are also findings (exit 1) when a data cell (sources.path) names the file.
UNUSABLE: dict[str, Code] = {
    "invalid-json": Code("descriptor", "datapackage.json is not valid JSON."),
    "invalid-descriptor": Code(
        "descriptor", "datapackage.json lacks or misstates a required property."
    ),
    "invalid-schema": Code(
        "descriptor",
        "A Table Schema is unreadable or uses an unsupported type, constraint or pattern.",
    ),
    "unknown-resource": Code(
        "descriptor", "A foreign key names a resource the package does not have."
    ),
    "unsafe-path": Code(
        "descriptor",
        "A path is absolute, remote, contains `..` or is a symlink that leaves the package folder.",
    ),
    "missing-file": Code("descriptor", "The descriptor, or a file it names, does not exist."),
    "unreadable-table": Code(
        "descriptor",
        "A table read without validation (`diff`, `load_tables(validate=False)`) is not CSV.",
    ),
    "unknown-ref": Code(
        "descriptor",
        "A side of `diff` is neither a package folder nor a git ref of this repository.",
    ),
    "not-a-file": Code(
        "descriptor",
        "A path names a FIFO, device, socket or folder where a regular file belongs.",
    ),
    "too-large": Code(
        "descriptor",
        "A descriptor or schema exceeds what is read: 64 MiB, 1,000 resources, 1,000 fields.",
    ),
    "unsafe-output": Code(
        "output",
        "An output folder is not new, not empty and not one the tool made, or lies in the package.",
    ),
    "write-failed": Code(
        "output",
        "A file could not be written (full disk, size limit, read-only folder); it is unchanged.",
    ),
    "busy": Code("output", "Another run is writing the same files; nothing was written."),
    "engine-unavailable": Code(
        "usage",
        "`--engine spark` was asked for but pyspark, a Java runtime or the Spark master is missing.",
    ),
    "bad-usage": Code("usage", "An option is unknown or an argument missing or malformed."),
    "unknown-command": Code(
        "usage", "The first argument is neither a command nor an existing package path."
    ),
}

# Codes of findings in the data: the command exits 1.
FINDINGS: dict[str, Code] = {
    "resource-bytes-mismatch": Code(
        "integrity", "A file's size differs from the resource's `bytes`."
    ),
    "resource-hash-mismatch": Code(
        "integrity", "A file's SHA-256 differs from the resource's `hash`."
    ),
    "encoding": Code("hygiene", "A file is not valid UTF-8."),
    "bom": Code("hygiene", "A file starts with a byte-order mark."),
    "crlf": Code("hygiene", "A file has carriage returns; line ends must be LF."),
    "malformed-csv": Code("structure", "A file cannot be parsed as RFC 4180 CSV."),
    "missing-column": Code("schema", "A column declared in the schema is missing from the file."),
    "extra-column": Code("schema", "The file has a column the schema does not declare."),
    "column-order": Code("schema", "The columns are not in the schema's order."),
    "missing-value": Code("schema", "A required cell is empty."),
    "type-error": Code(
        "schema", "A cell is not of its field's type (dates: ISO YYYY-MM-DD that exist)."
    ),
    "constraint-enum": Code("schema", "A cell is not one of the field's allowed values."),
    "constraint-pattern": Code("schema", "A cell does not match the field's pattern."),
    "constraint-minimum": Code("schema", "A cell is below the field's minimum."),
    "constraint-maximum": Code("schema", "A cell is above the field's maximum."),
    "constraint-length": Code("schema", "A cell is shorter or longer than the field allows."),
    "constraint-unique": Code("schema", "A cell repeats in a column declared unique."),
    "formula-prefix": Code(
        "hygiene", "A cell starts with = + - or @ (a spreadsheet would run it)."
    ),
    "control-character": Code("hygiene", "A cell contains a control character."),
    "whitespace": Code("hygiene", "A cell has leading or trailing whitespace."),
    "not-nfc": Code("hygiene", "A cell is not in Unicode normalisation form NFC."),
    "duplicate-key": Code("keys", "Two rows share a primary key."),
    "foreign-key": Code("keys", "A foreign key points at no row of the referenced table."),
    "unknown-code": Code("codes", "A CAMEO or PLOVER code is not in the shipped vocabulary."),
    "parent-cycle": Code(
        "keys", "A parent chain (events, proposals, statements) loops back on itself."
    ),
    "span-mismatch": Code(
        "spans", "A row's `text` differs from the source between `start` and `end`."
    ),
    "span-out-of-range": Code(
        "spans", "A span is empty, reversed or beyond the end of the source."
    ),
    "nested-span-outside-parent": Code(
        "spans",
        "A nested span (reported speech, an editorial insertion) "
        "is not inside the span of the statement that contains it.",
    ),
    "source-hash-mismatch": Code("spans", "A source text's SHA-256 differs from `sources.sha256`."),
    "source-length-mismatch": Code(
        "spans", "A source text's length in code points differs from `sources.chars`."
    ),
    "date-after-publication": Code(
        "dates", "A date falls after its source's publication date and its event is not scheduled."
    ),
    "scheduled-not-after-publication": Code(
        "dates", "A scheduled event starts on or before its source's publication date."
    ),
    "date-order": Code("dates", "An end date precedes its start date."),
    "issues-truncated": Code(
        "report",
        "More issues of a kind than are listed (10,000 per code and table; 20,000 rows "
        "explained per table): the count is given.",
    ),
    "second-opinion": Code(
        "second opinion",
        "frictionless finds a spec error in a table the validator's own checks passed.",
    ),
    "cameo-parent-missing": Code(
        "codes", "A 4-digit CAMEO code's 3-digit parent is not in the vocabulary."
    ),
    "plover-crosswalk-mismatch": Code(
        "codes",
        "A coded row's PLOVER type or mode differs from what the CAMEO→PLOVER crosswalk assigns "
        "to its CAMEO code (a mode may refine a type the crosswalk gives without one).",
    ),
    "report-span-outside-statement": Code(
        "spans",
        "An event's span is not inside the span, in the same source, of the statement that reports it.",
    ),
    "report-link-missing": Code(
        "spans",
        "An event's span lies inside a statement's span, but the event names no reporting statement.",
    ),
}

ALL: dict[str, Code] = {**UNUSABLE, **FINDINGS}
