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
    ("bad-usage", "click"): "{reason}",
    ("bad-usage", "batch-rows-without-streaming"): "--batch-rows applies only with --streaming",
    ("bad-usage", "streaming-with-spark"): (
        "--streaming is a mode of the local engine, not of --engine spark"
    ),
    ("unknown-command", "did-you-mean"): (
        "{word!r} is not a command (did you mean {close!r}?) and no such package path exists"
    ),
    ("write-failed", "stdout-closed"): "standard output is closed: the output could not be written",
    ("write-failed", "stdout"): "the output could not be written to standard output: {reason}",
    ("invalid-package", "not-valid"): "{package} is not valid ({count} issues: {codes})",
    ("internal-error", "out-of-memory"): "out of memory",
    ("internal-error", "uncaught"): (
        "{kind}: {reason} (please report this; {variable}=1 shows where)"
    ),
    ("interrupted", "nothing-written"): "stopped by {signal}; nothing was written",
    ("interrupted", "some-written"): (
        "stopped by {signal}; written whole before it: {files}; nothing else was written"
    ),
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
    ("unsafe-path", "remote-reference"): "{table}: remote packages are not read: {package}",
    ("invalid-schema", "enum-value-unread"): (
        "field {field!r}: enum value {value!r} does not read as the field's type, {kind}"
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
    # the memory budget (core/memory.py)
    ("bad-usage", "memory-size"): "--memory {text!r}: give a size such as 4G or 512M",
    ("bad-usage", "memory-too-large"): "--memory {text!r}: give a size under 8 EiB",
    ("bad-usage", "memory-too-small"): "--memory {text!r}: a budget under 1 MiB cannot be kept",
    ("bad-usage", "memory-needs-proc"): "--memory needs /proc to read the process's memory",
    ("memory-budget", "over-budget"): (
        "the run held {held}, over the budget of {budget} (--memory); nothing was written. "
        "Raise the budget or validate on a machine with more memory"
    ),
    # reading files (core/safe_files.py)
    ("not-a-file", "not-regular"): "{what}: {path} is {kind}, not a regular file",
    ("not-a-file", "cannot-examine"): "{what}: {path} cannot be examined: {reason}",
    ("too-large", "file-over-limit"): "{what} is larger than {limit:,} bytes",
    ("invalid-json", "not-utf8"): "{what} is not valid UTF-8: {reason}",
    ("invalid-json", "too-deep"): "{what} nests deeper than {limit} levels",
    ("invalid-json", "not-json"): "{what} is not valid JSON: {reason}",
    ("invalid-json", "unwritable-value"): (
        "{what} holds a lone surrogate or an infinite number: {value!r}"
    ),
    ("missing-file", "not-found"): "{what} not found: {path}",
    ("missing-file", "unreadable"): "{file} cannot be read: {reason}",
    # writing files (core/safe_files.py, release/)
    ("write-failed", "not-utf8"): "{path}: text cannot be written as UTF-8 ({reason})",
    ("write-failed", "cannot-write"): "cannot write {path}: {reason}; it was left unchanged",
    ("write-failed", "cannot-open"): "cannot open {path}: {reason}",
    ("write-failed", "cannot-create"): "cannot create {path}: {reason}",
    ("write-failed", "release-copy"): "cannot write {path}: {reason}",
    ("busy", "locked"): "{what}: another run is writing in {folder}; try again",
    # the output folder (release/output_folder.py)
    ("unsafe-output", "holds-the-package"): (
        "--out {out}: the package itself is in there; choose a new folder"
    ),
    ("unsafe-output", "inside-the-package"): (
        "--out {out}: inside the package's {part}; choose a new folder"
    ),
    ("unsafe-output", "not-a-folder"): "--out {out}: exists and is not a folder",
    ("unsafe-output", "marker-symlink"): "--out {out}: its {marker} is a symlink",
    ("unsafe-output", "not-empty"): (
        "--out {out}: the folder is not empty and was not made by this tool; "
        "choose a new or empty folder"
    ),
    ("unsafe-output", "marker-unreadable"): (
        "--out {out}: its {marker} is unreadable; choose a new folder"
    ),
    ("unsafe-output", "marker-not-a-list"): (
        "--out {out}: its {marker} is not a list of files inside it"
    ),
    ("unsafe-output", "not-a-plain-name"): "{relpath!r} is not a plain name inside --out",
    ("unsafe-output", "symlink-below-out"): "--out {out}: {path} is a symlink; nothing is written",
    # the release record, stamp and citation (release/record.py, stamp.py, citation.py)
    ("unsafe-output", "installed-releases"): (
        "an installed copy records no release (its releases/ is read-only); "
        "record releases in a clone"
    ),
    ("unsafe-output", "releases-symlink"): "{path} is a symlink; nothing is recorded",
    ("invalid-json", "release-index"): (
        "releases/index.json must be a list of releases with versions"
    ),
    ("unsafe-output", "latest-not-ours"): "{path} is not a folder this tool made",
    ("unsafe-output", "latest-not-a-package"): (
        "{path} does not hold a package this tool made ({reason})"
    ),
    ("unsafe-output", "latest-foreign-file"): (
        "{path} holds {relpath}, which is not a package file; "
        "move it away before recording a release"
    ),
    ("unsafe-output", "installed-stamp"): (
        "an installed package is not rewritten; stamp a copy of it (name its folder) or a clone"
    ),
    ("unsafe-output", "installed-citation"): (
        "an installed package is not rewritten; `{command} citation > CITATION.cff` "
        "writes its citation where you are"
    ),
    ("changed-while-reading", "stamp-edit"): (
        "{path} was changed while stamp ran; that edit is kept and nothing was written: "
        "run stamp again"
    ),
    ("missing-file", "resource-file"): "resource {name!r}: file not found: {path}",
    ("bad-usage", "release-variable"): "{variable}={value!r} is not {form}",
    # what a release carries (release/bundle.py)
    ("unsafe-path", "name-not-utf8"): "package file {relpath!r}: the name is not UTF-8",
    ("unsafe-path", "symlink-out-of-data"): (
        "package file {relpath} is a symlink to {target}, which is not package data"
    ),
    ("unsafe-path", "descriptor-name"): (
        "a release needs the descriptor named datapackage.json, not {name}"
    ),
    ("unsafe-path", "outside-release"): (
        "{relpath} is named by the descriptor but lies outside data/ and schemas/, "
        "which are all a release carries"
    ),
    ("missing-file", "package-file-unreadable"): "package file {relpath} cannot be read: {reason}",
    ("unsafe-path", "takeaway-symlink"): "{name} is a symlink; a release copies files",
    ("changed-while-reading", "since-validation"): (
        "{name} changed after it was validated (sha256 {then}… then, {now}… now); "
        "nothing of the release was written: run it again"
    ),
    # the sides of diff (release/diff.py, versions.py)
    ("unreadable-table", "read-failed"): "{path}: {reason}",
    ("invalid-descriptor", "version-not-semver"): (
        "version {version!r} is not semver MAJOR.MINOR.PATCH"
    ),
    ("unknown-ref", "no-git"): "git could not be run: {reason}",
    ("unknown-ref", "installed"): (
        "{spec!r} is no package folder, and git refs need a clone (an installed copy has "
        "no history)"
    ),
    ("unknown-ref", "not-a-ref"): (
        "{spec!r} is neither a package folder nor a git ref of this repository"
    ),
    ("unknown-ref", "export-failed"): "{spec!r}: git cannot export the package from it ({reason})",
    ("unsafe-path", "ref-unsafe"): (
        "{spec!r}: the package in this ref cannot be exported safely: {reason}"
    ),
    # the Spark engine (spark/session.py)
    ("engine-unavailable", "no-pyspark"): (
        "the Spark engine needs pyspark: pip install 'security-guarantees-2022[spark]' "
        "(and a Java runtime, e.g. Debian's openjdk-17-jre-headless)"
    ),
    ("engine-unavailable", "no-java"): (
        "the Spark engine needs a Java runtime (e.g. Debian's openjdk-17-jre-headless) "
        "on PATH or in JAVA_HOME"
    ),
    ("engine-unavailable", "not-started"): "Spark did not start at {master}: {reason}",
    # --- the engines and the rule registry (engines/, core/scans.py, load.py, checks/registry.py) ---
    ("bad-usage", "batch-rows-not-whole"): "--batch-rows {rows!r}: give a whole number ≥ 1",
    ("bad-usage", "batch-rows-out-of-range"): (
        "--batch-rows {rows!r}: give a whole number from 1 to {limit:,}"
    ),
    ("changed-while-reading", "read-twice"): (
        "{path} changed while it was read ({why}); nothing read from it was used: run again "
        "once nothing writes to it"
    ),
    ("unknown-resource", "no-such-table"): "no table named {names}; the tables are {tables}",
    ("unreadable-table", "not-csv"): "{file}: {reason}",
    ("unreadable-table", "columns-missing"): (
        "{file}: the header lacks the column(s) {columns} of its schema"
    ),
}
