"""How each unusable-input code reads, case by case: the templates `PackageError.of` fills.

A code (issue_codes.UNUSABLE) says what went wrong; a case names one situation in which it
does, and its template is the only place that situation's sentence is written. Call sites
pass facts (`table=`, `field=`, …), never prose, so every message can be read, reviewed and
documented here. `{command}` is always available (the installed command's name).
A code whose own `message` in the registry is a template uses the case "" (the empty case).
Entries are grouped by the part of the package that raises them.
"""

from __future__ import annotations

MESSAGES: dict[tuple[str, str], str] = {
    # --- the command line (cli.py) ---
    # --- Table Schemas, fields, types and constraints (core/model.py, cells, rules, tables) ---
    ("invalid-schema", "no-fields"): "resource {table!r}: schema needs a non-empty 'fields' list",
    ("too-large", "too-many-fields"): "resource {table!r}: more than {limit:,} fields are not read",
    (
        "invalid-schema",
        "bad-fields-match",
    ): "{table}: fieldsMatch {value!r} is not one of {allowed}",
    ("invalid-schema", "not-a-field"): "{where}: {what} {value!r} is not a field",
    ("invalid-schema", "not-of-type"): "{where}: {what} {value!r} must be of type {kinds}",
    ("invalid-schema", "check-keys"): "{where}: {name} needs {required} and takes only {keys}",
    ("invalid-schema", "not-a-string"): "{where}: {key} must be a string",
    ("invalid-schema", "checks-not-object"): "{where} must be an object with some of {names}",
    ("invalid-schema", "not-a-list"): "{where}: {name} must be a list",
    ("invalid-schema", "date-order-pairs"): "{where}: dateOrder holds [start, end] pairs",
    ("invalid-schema", "as-given-objects"): "{where}: dateAsGiven holds {keys} objects",
    ("invalid-schema", "needs-exactly"): "{where}: {name} needs exactly {keys}",
    ("invalid-schema", "not-distinct-strings"): (
        "{where}: {name}.{key} must be a non-empty list of strings, each once"
    ),
    (
        "invalid-schema",
        "dyad-both-sides",
    ): "{where}: dyad: a role is a source and a target: {roles}",
    ("invalid-schema", "publication-keys"): (
        "{where}: notAfterPublication needs 'source' and a list of date 'fields' "
        "(and takes 'scheduled')"
    ),
    ("invalid-schema", "scheduled-keys"): (
        "{where}: scheduled needs exactly 'field', 'value' and 'start'"
    ),
    ("invalid-schema", "field-without-name"): "resource {table!r}: every field needs a name",
    ("invalid-schema", "bad-field-name"): (
        "{where}: a name may not hold control characters or start with '__'"
    ),
    ("invalid-schema", "field-twice"): "{where} is declared twice",
    ("invalid-schema", "type-not-string"): "{where}: 'type' and 'format' must be strings",
    ("unsupported-property", "refused-type"): "{where}: type {kind!r} is not supported",
    ("invalid-schema", "unknown-type"): "{where}: type {kind!r} is not supported",
    ("invalid-schema", "not-strings"): "{where}: {name} must be a list of strings",
    ("invalid-schema", "constraints-not-object"): "{where}: 'constraints' must be an object",
    ("invalid-schema", "bad-missing-values"): (
        "{where}: missingValues must be a list of strings (or of value/label objects)"
    ),
    ("unsupported-property", "refused-format"): "{where}: format {fmt!r} is not supported",
    ("invalid-schema", "unknown-format"): (
        "{where}: format {fmt!r} is not one the standard defines for type {kind}"
    ),
    ("invalid-schema", "unknown-date-format"): (
        "{where}: format {fmt!r} is not one the standard defines for type {kind}"
        " (a pattern holds a %-directive)"
    ),
    ("invalid-schema", "not-a-mark"): "{where}: {key} must be a character",
    ("invalid-schema", "not-a-boolean"): "{where}: {key} must be a boolean",
    ("invalid-schema", "same-marks"): "{where}: decimalChar and groupChar are the same",
    ("invalid-schema", "unknown-constraints"): "{where}: unsupported constraints {names}",
    ("invalid-schema", "constraint-not-applicable"): (
        "{where}: constraint {name!r} does not apply to a field of type {kind}"
    ),
    ("invalid-schema", "constraint-wrong-type"): (
        "{where}: constraint {name!r} has the wrong type: {value!r}"
    ),
    ("invalid-schema", "enum-not-scalars"): "{where}: enum values must be scalars",
    ("invalid-schema", "enum-repeats"): "{where}: the enum repeats a value",
    ("invalid-schema", "bound-not-fitting"): (
        "{where}: {name} {value!r} does not fit a field of type {kind}"
    ),
    ("invalid-schema", "bad-primary-key"): (
        "{table}: primaryKey must be a field name or a list of them"
    ),
    ("invalid-schema", "primary-key-repeats"): "{table}: primaryKey repeats a field: {key}",
    ("invalid-schema", "bad-foreign-key"): (
        "{table}: a foreign key needs 'fields' and a 'reference' with 'fields' "
        "(names or lists of names) and an optional 'resource' name"
    ),
    ("unsafe-path", "remote-package"): "{table}: remote packages are not read: {package}",
    ("invalid-schema", "enum-value-unread"): (
        "field {field!r}: enum value {value!r} is not a {kind} it reads"
    ),
    ("invalid-schema", "pattern-unsupported"): (
        "field {field!r}: pattern {pattern!r} is not supported (no look-around)"
    ),
    ("too-large", "header-too-long"): (
        "{file}: the header is longer than {limit:,} bytes (or the file has no line break); "
        "it is not read"
    ),
    ("too-large", "header-too-wide"): (
        "{file}: the header has {columns:,} columns; a schema declares at most {limit:,} "
        "fields, so it is not read"
    ),
    ("too-large", "line-too-long"): (
        "{file}: the line starting at byte {start:,} is longer than {limit:,} bytes; "
        "the table is not read"
    ),
    ("invalid-schema", "missing-value-marks"): (
        "{table}: missingValues {tokens} holds a comma, quote or line break"
    ),
    ("unsupported-property", "spark-missing-values"): (
        'resource {table!r}: field {field!r}: missingValues without "" are not supported by '
        "the spark engine"
    ),
    ("unsupported-property", "spark-format"): (
        "resource {table!r}: field {field!r}: format {fmt!r} is not supported by the spark engine"
    ),
    ("write-failed", "sqlite"): "cannot build the SQLite database: {reason}",
    # --- the descriptor, dialects, properties and metadata (core/descriptor.py and neighbours) ---
    # --- files, outputs and releases (core/safe_files.py, core/memory.py, release/, spark/) ---
    # --- the engines and the rule registry (core/run.py, stream, context, checks/registry) ---
}
