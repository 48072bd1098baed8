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
    # --- the descriptor, dialects, properties and metadata (core/descriptor.py and neighbours) ---
    ("invalid-descriptor", "path-not-a-string"): (
        "{what}: path must be a non-empty string, got {relpath!r}"
    ),
    ("unsafe-path", "control-in-path"): (
        "{what}: a path may not hold NUL or control characters: {relpath!r}"
    ),
    ("unsafe-path", "remote-path"): "{what}: remote paths are not read: {relpath}",
    ("unsafe-path", "absolute-path"): "{what}: absolute paths are refused: {relpath}",
    ("unsafe-path", "climbing-path"): "{what}: paths with '..' are refused: {relpath}",
    ("unsafe-path", "leaves-package"): "{what}: {relpath} leaves the package directory (symlink?)",
    ("invalid-descriptor", "file-not-an-object"): "{what} must hold a JSON object",
    ("invalid-descriptor", "profile-not-a-string"): "{what}: {key} must be a string",
    ("unsafe-path", "profile-not-standard"): (
        "{what}: {key} {value!r} is not a standard profile; it is not read"
    ),
    ("unsupported-property", "profile-of-another"): (
        "{what}: {key} {value!r} is not a profile of a {place} this validator implements"
    ),
    ("invalid-descriptor", "dialect-not-object-or-path"): (
        "resource {name!r}: dialect must be an object or a path"
    ),
    ("invalid-descriptor", "extrapaths-not-a-list"): "resource {name!r}: extrapaths must be a list",
    ("missing-file", "package-unreadable"): "{path!r} cannot be read: {reason}",
    ("unsafe-path", "remote-package"): "remote packages are not read: {path}",
    ("unsafe-path", "package-path-not-utf8"): (
        "a path may not hold NUL, control characters or bytes that are not UTF-8: {path!r}"
    ),
    ("unsafe-path", "folder-not-utf8"): "the package folder's name is not UTF-8: {root!r}",
    ("unsafe-path", "descriptor-symlink-outside"): (
        "{descriptor} is a symlink to {target}, outside its folder"
    ),
    (
        "invalid-descriptor",
        "bad-name",
    ): "{what} name {name!r}: letters, digits, '.', '_' and '-' only",
    ("invalid-descriptor", "no-resources"): "datapackage.json needs a non-empty 'resources' list",
    ("too-large", "too-many-resources"): (
        "datapackage.json: more than {limit:,} resources are not read"
    ),
    ("invalid-descriptor", "resource-without-name"): "every resource needs a 'name'",
    ("invalid-descriptor", "resource-name-twice"): "resource name {name!r} is used twice",
    ("invalid-descriptor", "same-file"): "resources {first!r} and {second!r} name the same file",
    ("invalid-descriptor", "tabular-holds-files"): (
        "datapackage.json: a tabular-data-package holds tables only, not {files}"
    ),
    ("unknown-resource", "foreign-key-target"): (
        "{table}: foreign key refers to unknown resource {resource!r}"
    ),
    ("invalid-schema", "foreign-key-length"): (
        "{table}: foreign key {fields} has a different length from its reference"
    ),
    ("invalid-schema", "foreign-key-unknown-fields"): (
        "{table}: foreign key names unknown fields {missing}"
    ),
    ("invalid-schema", "foreign-key-types"): (
        "{table}: foreign key {field!r} ({kind}) refers to {target}.{target_field} "
        "({target_kind}): the types must match"
    ),
    ("invalid-schema", "link-not-declared"): (
        "{table}: checks.{rule} {column!r} must be a foreign key to a table that declares {needs}"
    ),
    ("invalid-schema", "rule-declared-twice"): (
        "checks: only one table may declare {rule}, not {tables}"
    ),
    ("invalid-schema", "inside-without-span"): (
        "{table}: checks.inside and reportedBy need checks.span"
    ),
    ("unsupported-property", "dialect-value"): (
        "resource {name!r}: dialect.{key} is not supported: {value!r}"
    ),
    ("unsupported-property", "dialect-value-why"): (
        "resource {name!r}: dialect.{key} is not supported: {value!r} ({why})"
    ),
    (
        "invalid-descriptor",
        "dialect-not-a-string",
    ): "resource {name!r}: dialect.{key} must be a string",
    ("invalid-descriptor", "dialect-not-one-character"): (
        "resource {name!r}: dialect.{key} must be one character: {value!r}"
    ),
    ("invalid-descriptor", "dialect-empty"): (
        "resource {name!r}: dialect.{key} must be one or more characters: {value!r}"
    ),
    ("invalid-descriptor", "dialect-not-a-boolean"): (
        "resource {name!r}: dialect.{key} must be true or false"
    ),
    ("invalid-descriptor", "dialect-not-rows"): (
        "resource {name!r}: dialect.{key} must be a list of row numbers (1 or more)"
    ),
    ("invalid-descriptor", "dialect-csv-not-an-object"): (
        "resource {name!r}: dialect.csv must be an object"
    ),
    ("invalid-descriptor", "created-not-rfc3339"): (
        "datapackage.json: created must be an RFC 3339 date and time: {created!r}"
    ),
    ("invalid-descriptor", "property-misplaced"): "{where}: {name} belongs in {home}, not here",
    ("invalid-schema", "property-misplaced"): "{where}: {name} belongs in {home}, not here",
    ("invalid-descriptor", "part-not-an-object"): "{where}: each of {key} must be an object",
    ("invalid-descriptor", "part-empty"): "{where}: each of {key} needs at least one property",
    ("invalid-descriptor", "licence-without-name"): (
        "{where}: a licence needs a 'name' or a 'path': {item}"
    ),
    ("invalid-descriptor", "path-and-data"): "{where}: has both path and data (one only)",
    ("invalid-descriptor", "bad-resource-type"): "{where}: type must be one of {types}: {type!r}",
    ("invalid-schema", "property-of-another-type"): (
        "{where}: {name} is a property of {other} fields, not of {kind}"
    ),
    ("invalid-schema", "missing-value-twice"): "{where}: missingValues repeats a value: {missing}",
    ("unsupported-property", "property-not-supported"): "{what} is not supported",
    ("unsupported-property", "property-value-not-supported"): "{what} is not supported: {value!r}",
    (
        "unsupported-property",
        "property-not-supported-by",
    ): "{what} is not supported by the {engine} engine",
    ("unsupported-property", "property-value-not-supported-by"): (
        "{what} is not supported by the {engine} engine: {value!r}"
    ),
    ("invalid-descriptor", "property-json-type"): "{what} must be {kinds}: {value!r}",
    ("invalid-schema", "property-json-type"): "{what} must be {kinds}: {value!r}",
    ("invalid-descriptor", "metadata-required"): (
        "{purpose} needs {where}'s {names}, which it does not state"
    ),
    (
        "invalid-descriptor",
        "metadata-not-a-string",
    ): "{where}: {key} must be a string, not {value!r}",
    ("invalid-descriptor", "metadata-not-objects"): "{where}: {key} must be a list of objects",
    ("invalid-descriptor", "contributor-without-title"): "{where}: every contributor needs a title",
    ("invalid-descriptor", "keywords-not-strings"): "{where}: keywords must be a list of strings",
    ("invalid-schema", "plover-not-roles"): "{where} must be an object with some of {keys}",
    ("invalid-schema", "plover-shared-roles"): "{where}.sharedRoles must be a list of roles",
    ("invalid-schema", "plover-role-keys"): "{where} needs {required} and takes only {names}",
    ("invalid-schema", "plover-record-kind"): "{where}.kind must be one of {kinds}",
    # --- files, outputs and releases (core/safe_files.py, core/memory.py, release/, spark/) ---
    # --- the engines and the rule registry (core/run.py, stream, context, checks/registry) ---
    ("bad-usage", "batch-rows-not-whole"): "--batch-rows {rows!r}: give a whole number ≥ 1",
    ("bad-usage", "batch-rows-out-of-range"): (
        "--batch-rows {rows!r}: give a whole number from 1 to {limit:,}"
    ),
    ("changed-while-reading", "read-twice"): (
        "{path} changed while it was read ({why}); nothing read from it was used: run again "
        "once nothing writes to it"
    ),
    ("missing-file", "unreadable"): "{file} cannot be read: {reason}",
    ("unknown-resource", "no-such-table"): "no table named {names}; the tables are {tables}",
    ("unreadable-table", "not-csv"): "{file}: {reason}",
    ("unreadable-table", "columns-missing"): (
        "{file}: the header lacks the column(s) {columns} of its schema"
    ),
}
