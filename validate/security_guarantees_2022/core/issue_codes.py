"""The registry of issue codes: each code is stable, has one meaning, and is documented here once.

Each code also owns its message: a template that `Issue.of` fills from the values a check
found (`{value}`, `{column}` and the code's own details), so a check says what it found and
the registry says how it reads. Checks may only yield registered codes (Issue refuses others),
and the docs list this table.
"""

from __future__ import annotations

from typing import NamedTuple


class Code(NamedTuple):
    family: str
    meaning: str  # what the code means, for the docs' table of codes
    message: str = "{detail}"  # the report's message; "{detail}": each case says its own
    exit: str = ""  # the exit code when it is not the registry's own (2 or 1)


# Codes that make the input unusable: validation stops and the command exits 2 (`interrupted`:
# 128 + the signal). `unsafe-path`
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
    "unsupported-property": Code(
        "descriptor",
        "The package uses a property, or a value of one, of the Data Package, Table Schema or CSV "
        "dialect standard that this validator (or the engine chosen) does not implement; it is "
        "refused rather than read past.",
    ),
    "unknown-resource": Code(
        "descriptor", "A foreign key names a resource the package does not have."
    ),
    "unsafe-path": Code(
        "descriptor",
        "A path is absolute, remote, contains `..` or is a symlink that leaves the package folder.",
    ),
    "missing-file": Code(
        "descriptor",
        "The descriptor, or a file it names, does not exist.",
        "{file} not found",
    ),
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
        "A descriptor or schema exceeds what is read (64 MiB, 1,000 resources, 1,000 fields), or a "
        "table does (a header over 1 MiB or of more than 1,000 columns, a line over 16 MiB).",
    ),
    "changed-while-reading": Code(
        "descriptor",
        "A file changed while a command read it (written in place, or hashed differently by two "
        "reads), or the descriptor was edited while `stamp` ran, or a file changed between "
        "validation and `release`: nothing read from it was used and nothing was written.",
    ),
    "unsafe-output": Code(
        "output",
        "An output folder is not new, not empty and not one the tool made, or lies in the package.",
    ),
    "write-failed": Code(
        "output",
        "A file could not be written (full disk, size limit, read-only folder); it is unchanged. "
        "Also: standard output is closed or cannot take the output (a full device, a closed pipe).",
    ),
    "busy": Code("output", "Another run is writing the same files; nothing was written."),
    "export-missing-table": Code(
        "export",
        "The PLOVER export needs a table the package does not have; nothing was written.",
        "the PLOVER export needs the table {table!r}, which the package lacks",
    ),
    "export-missing-column": Code(
        "export",
        "The PLOVER export needs a column a table does not have; nothing was written.",
        "the PLOVER export needs the column {table}.{column}, which the package lacks",
    ),
    "export-self-dyad": Code(
        "export",
        "A PLOVER record would have the same actor as its actor and its recipient; nothing was written.",
        "{row_id}: {actors} would be both actor and recipient of one PLOVER record",
    ),
    "export-invalid": Code(
        "export",
        "A PLOVER record does not validate against the record's JSON Schema (validate/security_guarantees_2022/release/plover_record.schema.json); nothing was written.",
        "PLOVER record {row_id} does not validate against plover_record.schema.json: {reason}",
    ),
    "engine-unavailable": Code(
        "usage",
        "`--engine spark` was asked for but pyspark, a Java runtime or the Spark master is missing.",
    ),
    "unsupported-rule": Code(
        "usage",
        "An engine cannot run a domain rule the package's schemas call for (the rule registry, "
        "validate/security_guarantees_2022/checks/registry.py, gives it no body for that engine); nothing was checked.",
        "the {engine} engine cannot run the rule {rule!r} ({codes}): {why}; "
        "validate with the default engine",
    ),
    "memory-budget": Code(
        "resources",
        "The run outgrew its memory budget (`--memory`) and stopped; nothing was written.",
    ),
    "interrupted": Code(
        "resources",
        "The run was stopped by SIGINT, SIGTERM or SIGHUP; the temporary files and folders it made "
        "are removed and the message names any file it had already replaced whole.",
        exit="128 + the signal: 130, 143, 129",
    ),
    "bad-usage": Code("usage", "An option is unknown or an argument missing or malformed."),
    "unknown-command": Code(
        "usage", "The first argument is neither a command nor an existing package path."
    ),
}

# Codes of findings in the data: the command exits 1.
FINDINGS: dict[str, Code] = {
    "resource-bytes-mismatch": Code(
        "integrity",
        "A file's size differs from the resource's `bytes`.",
        "datapackage.json declares {declared} bytes, the file has {value}",
    ),
    "resource-hash-mismatch": Code(
        "integrity",
        "A file's SHA-256 differs from the resource's `hash`.",
        "datapackage.json declares sha256 {declared}, the file hashes to {value}; if the file was edited on purpose, run `{command} stamp` to record it",
    ),
    "hash-algorithm-unsupported": Code(
        "integrity",
        "A resource's `hash` names an algorithm other than SHA-256, so it is not checked.",
        "only sha256 hashes are checked, got {value!r}",
    ),
    "encoding": Code(
        "hygiene",
        "A file is not valid UTF-8.",
        "{file} is not valid UTF-8 (first bad byte at offset {offset})",
    ),
    "bom": Code(
        "hygiene",
        "A file starts with a byte-order mark.",
        "file starts with a byte-order mark; save as UTF-8 without BOM",
    ),
    "crlf": Code(
        "hygiene",
        "A file has carriage returns; line ends must be LF.",
        "carriage return found (line {line}); use LF line ends",
    ),
    "malformed-csv": Code(
        "structure",
        "A file cannot be parsed as RFC 4180 CSV.",
        "cannot be read as CSV: {reason}",
    ),
    "missing-column": Code(
        "schema",
        "A column declared in the schema is missing from the file.",
        "column {column!r} is declared in the schema but missing from the file",
    ),
    "extra-column": Code(
        "schema",
        "The file has a column the schema does not declare.",
        "{columns} in the file but not in the schema",
    ),
    "column-order": Code(
        "schema",
        "The columns are not in the schema's order.",
        "column {column!r} is out of the schema's order",
    ),
    "missing-value": Code(
        "schema",
        "A required cell is empty.",
        "a value is required",
    ),
    "type-error": Code(
        "schema",
        "A cell is not of its field's type (dates: ISO YYYY-MM-DD that exist).",
        "not {expected}",
    ),
    "constraint-enum": Code(
        "schema",
        "A cell is not one of the field's allowed values.",
        "not one of {allowed}",
    ),
    "constraint-pattern": Code(
        "schema",
        "A cell does not match the field's pattern.",
        "does not match the pattern {pattern}",
    ),
    "constraint-minimum": Code(
        "schema",
        "A cell is below the field's minimum.",
        "below the minimum {bound}",
    ),
    "constraint-maximum": Code(
        "schema",
        "A cell is above the field's maximum.",
        "above the maximum {bound}",
    ),
    "constraint-length": Code(
        "schema",
        "A cell is shorter or longer than the field allows.",
        "length outside {bounds} characters",
    ),
    "constraint-unique": Code(
        "schema",
        "A cell repeats in a column declared unique.",
        "value must be unique in its column",
    ),
    "formula-prefix": Code(
        "hygiene",
        "A cell starts with = + - or @ (a spreadsheet would run it).",
        "cell starts with = + - or @, which spreadsheets run as a formula",
    ),
    "control-character": Code(
        "hygiene",
        "A cell contains a control character: C0 (U+0000-U+001F), DEL or C1 (U+0080-U+009F).",
        "cell contains a control character",
    ),
    "bidi-control": Code(
        "hygiene",
        "A cell contains a bidirectional formatting character (U+202A-U+202E, U+2066-U+2069, "
        "U+200E, U+200F, U+061C), which can reorder or hide text (Trojan Source).",
        "cell contains a bidirectional formatting character, which can reorder or hide text",
    ),
    "whitespace": Code(
        "hygiene",
        "A cell has leading or trailing whitespace.",
        "cell has leading or trailing whitespace",
    ),
    "not-nfc": Code(
        "hygiene",
        "A cell is not in Unicode normalisation form NFC.",
        "cell is not in Unicode NFC",
    ),
    "duplicate-key": Code(
        "keys",
        "Two rows share a primary key.",
        "primary key ({column}) repeats an earlier row",
    ),
    "foreign-key": Code(
        "keys",
        "A foreign key points at no row of the referenced table.",
        "no {target} row has {reference} = {value}",
    ),
    "unknown-code": Code(
        "codes",
        "A CAMEO or PLOVER code is not in the shipped vocabulary.",
        "{value!r} is not a code in the {target} vocabulary",
    ),
    "parent-cycle": Code(
        "keys",
        "A parent chain (events, proposals, statements) loops back on itself.",
        "{column} forms a cycle: {chain}",
    ),
    "span-mismatch": Code(
        "spans",
        "A row's `text` differs from the source between `start` and `end`.",
        "source[{start}:{end}] is {actual!r}",
    ),
    "span-out-of-range": Code(
        "spans",
        "A span is empty, reversed or beyond the end of the source.",
        "[{start}, {end}) is outside 0..{length}",
    ),
    "nested-span-outside-parent": Code(
        "spans",
        "A nested span (reported speech, an editorial insertion) "
        "is not inside the span of the statement that contains it.",
        "span [{start}, {end}) is not inside {value}'s [{outer_start}, {outer_end})",
    ),
    "source-hash-mismatch": Code(
        "spans",
        "A source text's SHA-256 differs from `sources.sha256`.",
        "{file} hashes to {value}",
    ),
    "source-length-mismatch": Code(
        "spans",
        "A source text's length in code points differs from `sources.chars`.",
        "{file} has {value} code points",
    ),
    "date-after-publication": Code(
        "dates",
        "A date falls after its source's publication date and its event is not scheduled.",
        "{value} is after the source's publication date {published}",
    ),
    "scheduled-not-after-publication": Code(
        "dates",
        "A scheduled event starts on or before its source's publication date.",
        "scheduled, but {value} is not after publication ({published})",
    ),
    "date-as-given": Code(
        "dates",
        "A date as given (ISO 8601 at its precision: 2022-01-20, 2022-01 or 2022) disagrees with "
        "its typed date and precision, or a month or year is not typed as its first day.",
        "{column} {value} disagrees with {date_column} {date} at precision {precision} "
        "(expected {expected})",
    ),
    "date-order": Code(
        "dates",
        "An end date precedes its start date.",
        "{column} {value} precedes {start_column} {start}",
    ),
    "issues-truncated": Code(
        "report",
        "More issues of a kind than are listed (10,000 per code and table; 20,000 rows "
        "explained per table): the count is given.",
        "{count:,} more {what} (at most {limit:,} {per})",
    ),
    "second-opinion": Code(
        "second opinion",
        "frictionless finds a spec error in a table the validator's own checks passed.",
        "frictionless reports {kind}: {detail}",
    ),
    "cameo-parent-missing": Code(
        "codes",
        "A 4-digit CAMEO code's 3-digit parent is not in the vocabulary.",
        "{value!r} has no parent code {parent!r} in the vocabulary",
    ),
    "plover-crosswalk-mismatch": Code(
        "codes",
        "A coded row's PLOVER type or mode differs from what the CAMEO→PLOVER crosswalk assigns "
        "to its CAMEO code (a mode may refine a type the crosswalk gives without one, and may "
        "depart from the crosswalk's where the row gives its reason).",
        "CAMEO {cameo} is {wanted} in the crosswalk, but the row has {found}",
    ),
    "report-span-outside-statement": Code(
        "spans",
        "An event's span is not inside the span, in the same source, of the statement that reports it.",
        "span [{start}, {end}) is not inside {value}'s [{outer_start}, {outer_end})",
    ),
    "report-link-missing": Code(
        "spans",
        "An event's span lies inside a statement's span, but the event names no reporting statement.",
        "span [{start}, {end}) lies inside statement {holder!r}, but {column} is empty",
    ),
    "evidence-not-in-source": Code(
        "spans",
        "A fragment of an evidence cell (fragments are separated by ' … ' or '; ') does not "
        "occur verbatim in the row's source text.",
        "{value!r} does not occur verbatim in source {source!r}",
    ),
    "self-dyad": Code(
        "events",
        "An actor is both a source and a target of one event.",
        "{value!r} is both {source_role} and {role} of event {event!r}",
    ),
    "uncommitted-event-coded": Code(
        "events",
        "A row coded as an event that happened (an event code and an occurred status) "
        "has a factuality that is not committed: an allegation would be exported as a fact.",
        "{value} is not a committed factuality ({committed}), but the row is coded "
        "{event_code} with status {status}",
    ),
}

ALL: dict[str, Code] = {**UNUSABLE, **FINDINGS}
