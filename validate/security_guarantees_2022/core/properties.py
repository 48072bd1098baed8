"""The one declaration of every property of the Data Package, Data Resource, Table Schema and CSV
dialect standards (v1 and v2), and what this validator does with each.

Each property is implemented (with the standard's semantics, in the engines named), refused (a
package that uses it is refused up front with `unsupported-property`, before any work, rather
than read past), or descriptive (it has no effect on validity: titles, descriptions, examples).
A property implemented for some values only (`values`) is refused with any other value. Flipping
a property is one line: `refused(...)` becomes `implemented()`. Properties the standards do not
define (this package's own `checks` and `vocabulary`, a fork's) are left alone. The docs'
Validation page shows this table (docs/gen/properties.py); a test walks frictionless's profiles
and the v2 specifications and fails on any property declared here in none of the three ways.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from .report import PackageError

ENGINES = ("default", "streaming", "spark")
IMPLEMENTED, REFUSED, DESCRIPTIVE = "implemented", "refused", "descriptive"


@dataclass(frozen=True)
class Property:
    status: str  # IMPLEMENTED, REFUSED or DESCRIPTIVE
    engines: tuple[str, ...] = ()  # where it is implemented (the others refuse it)
    values: tuple[Any, ...] | None = None  # implemented for these values only
    json: tuple[type, ...] = ()  # the JSON types the standard gives its value (empty: any)
    note: str = ""


STR, BOOL, INT, LIST, OBJ = (str,), (bool,), (int,), (list,), (dict,)


def implemented(
    json: tuple[type, ...] = (),
    note: str = "",
    *,
    values: tuple[Any, ...] | None = None,
    engines: tuple[str, ...] = ENGINES,
) -> Property:
    return Property(IMPLEMENTED, engines, values, json, note)


def refused(json: tuple[type, ...] = (), note: str = "") -> Property:
    return Property(REFUSED, (), None, json, note)


def descriptive(json: tuple[type, ...] = (), note: str = "") -> Property:
    return Property(DESCRIPTIVE, (), None, json, note)


PROFILE = implemented(
    STR,
    "a standard profile's registry name or URL (v1, v2), never fetched; a profile of another "
    "object or with rules of its own is refused, a remote one that is not standard unsafe-path",
)
TEXT = descriptive(STR)

PACKAGE: dict[str, Property] = {
    "$schema": PROFILE,
    "profile": PROFILE,
    "resources": implemented(LIST),
    "name": implemented(STR, "letters, digits, '.', '_' and '-' (it names release files)"),
    "id": TEXT,
    "title": TEXT,
    "description": TEXT,
    "homepage": TEXT,
    "version": TEXT,
    "created": implemented(STR, "an RFC 3339 date and time"),
    "keywords": descriptive(LIST),
    "image": TEXT,
    "licenses": implemented(LIST, "each licence needs a name or a path"),
    "sources": implemented(LIST, "each source an object with a property at least"),
    "contributors": implemented(LIST, "each contributor an object with a title"),
    "type": TEXT,
}
LICENSE = {"name": TEXT, "path": TEXT, "title": TEXT}
SOURCE = {"title": TEXT, "path": TEXT, "email": TEXT, "version": TEXT}
CONTRIBUTOR = {
    "title": TEXT,
    "givenName": TEXT,
    "familyName": TEXT,
    "path": TEXT,
    "email": TEXT,
    "organization": TEXT,
    "organisation": TEXT,
    "role": TEXT,
    "roles": descriptive(LIST),
}

RESOURCE: dict[str, Property] = {
    "$schema": PROFILE,
    "profile": PROFILE,
    "name": implemented(STR),
    "path": implemented(STR, "one local file; multipart paths are refused (unsupported-property)"),
    "data": refused(note="inline data"),
    "type": implemented(STR, "table (v2), or frictionless's file, text or json"),
    "title": TEXT,
    "description": TEXT,
    "homepage": TEXT,
    "sources": implemented(LIST, "each source an object with a property at least"),
    "licenses": implemented(LIST, "each licence needs a name or a path"),
    "format": implemented(STR, "a table is CSV", values=("csv",)),
    "mediatype": implemented(STR, "a table is CSV", values=("text/csv",)),
    "encoding": implemented(STR, "every file is read as UTF-8", values=("utf-8", "utf8")),
    "bytes": implemented(INT),
    "hash": implemented(STR, "md5 (unprefixed), sha1, sha256, sha512"),
    "schema": implemented((dict, str)),
    "dialect": implemented((dict, str)),
    "scheme": implemented(STR, "local files only", values=("file",)),
    "compression": refused(STR),
    "innerpath": refused(STR),
    "extrapaths": refused(LIST, "multipart files"),
    "rows": refused(INT, "a declared row count"),
    "fields": refused(note="frictionless's shorthand for schema.fields"),
}

SCHEMA: dict[str, Property] = {
    "$schema": PROFILE,
    "profile": PROFILE,
    "fields": implemented(LIST),
    "fieldsMatch": implemented(
        STR, "exact, equal, subset, superset, partial; any other value is invalid-schema"
    ),
    "primaryKey": implemented((str, list)),
    "foreignKeys": implemented(LIST, "within the package"),
    "uniqueKeys": refused(LIST),
    "missingValues": implemented(LIST, "strings, or {value, label} objects (v2); each once"),
    "name": TEXT,
    "title": TEXT,
    "description": TEXT,
    "type": TEXT,
}
FOREIGN_KEY = {"fields": implemented((str, list)), "reference": implemented(OBJ)}
REFERENCE = {
    "resource": implemented(STR),
    "fields": implemented((str, list)),
    "package": refused(note="foreign keys into other packages (a remote one is unsafe-path)"),
}
MISSING_VALUE = {"value": implemented(STR), "label": descriptive(STR)}

# Properties of every field, whatever its type.
FIELD: dict[str, Property] = {
    "name": implemented(STR),
    "type": implemented(
        STR,
        "string, integer, number, boolean, date, datetime, time, year, yearmonth, duration, "
        "any; array, object, geopoint, geojson and list are refused (unsupported-property)",
    ),
    "format": implemented(
        STR,
        "strings: email, uri, uuid, binary (wkt refused); date, time, datetime: any and "
        "strptime patterns (refused by Spark); another is invalid-schema",
    ),
    "title": TEXT,
    "description": TEXT,
    "example": descriptive(),
    "rdfType": TEXT,
    "constraints": implemented(OBJ),
    "missingValues": implemented(
        LIST, "the field's own, replacing the schema's; Spark refuses a list without \"\""
    ),
    "categories": refused(LIST),
    "categoriesOrdered": refused(BOOL),
}
# Properties of fields of one type only (elsewhere they are misplaced: invalid-schema).
FIELD_TYPES: dict[str, dict[str, Property]] = {
    "boolean": {"trueValues": implemented(LIST), "falseValues": implemented(LIST)},
    "number": {
        "decimalChar": implemented(STR),
        "groupChar": implemented(STR),
        "bareNumber": implemented(BOOL),
        "floatNumber": refused(BOOL, "frictionless's own"),
    },
    "integer": {"groupChar": implemented(STR), "bareNumber": implemented(BOOL)},
    "list": {"delimiter": refused(STR), "itemType": refused(STR)},
    "array": {"arrayItem": refused(OBJ, "frictionless's own")},
}
CONSTRAINTS: dict[str, Property] = {
    "required": implemented(BOOL),
    "unique": implemented(BOOL),
    "enum": implemented(LIST),
    "pattern": implemented(STR, "XML Schema syntax as far as Rust's regex reads it"),
    "minimum": implemented(),
    "maximum": implemented(),
    "minLength": implemented(INT),
    "maxLength": implemented(INT),
    "exclusiveMinimum": refused(),
    "exclusiveMaximum": refused(),
    "jsonSchema": refused(OBJ),
}
# Which types each constraint applies to (the Table Schema's table); elsewhere: invalid-schema.
_ORDERED = ("integer", "number", "date", "time", "datetime", "duration", "year", "yearmonth")
CONSTRAINT_APPLIES: dict[str, tuple[str, ...]] = {
    "minLength": ("string", "list", "array", "object"),
    "maxLength": ("string", "list", "array", "object"),
    "pattern": ("string",),
    "minimum": _ORDERED,
    "maximum": _ORDERED,
    "exclusiveMinimum": _ORDERED,
    "exclusiveMaximum": _ORDERED,
    "jsonSchema": ("array", "object"),
}

# The CSV dialect (Table Dialect v2, CSV Dialect v1, frictionless's dialect and CSV control): the
# reader reads RFC 4180 CSV with a header row, so each property is implemented for its default.
DIALECT: dict[str, Property] = {
    "$schema": PROFILE,
    "profile": PROFILE,
    "name": TEXT,
    "title": TEXT,
    "description": TEXT,
    "type": TEXT,
    "header": implemented(BOOL, "false: the columns are the schema's fields, in order"),
    "headerRows": implemented(LIST, "one header row, [n]; a header of several rows is refused"),
    "headerJoin": implemented(STR, "no effect with one header row"),
    "headerCase": implemented(BOOL, "false: a label matches its field whatever its case"),
    "caseSensitiveHeader": implemented(BOOL, "as headerCase"),
    "commentChar": implemented(STR, "one character; such lines are left out whole"),
    "commentRows": implemented(LIST, "left out; never the header row"),
    "delimiter": implemented(STR, "one character, not a line break"),
    "lineTerminator": implemented(STR, values=("\n", "\r\n", "\r")),
    "quoteChar": implemented(STR, "one character, not the delimiter or the escape character"),
    "doubleQuote": implemented(BOOL),
    "escapeChar": implemented(STR, "one character"),
    "nullSequence": implemented(STR, "read as a missing value"),
    "skipInitialSpace": implemented(BOOL),
    "skipBlankRows": implemented(BOOL, "frictionless's: blank rows are then not reported"),
    "csvddfVersion": descriptive(),
    "property": refused(STR, "JSON data"),
    "itemType": refused(STR, "JSON data"),
    "itemKeys": refused(LIST, "JSON data"),
    "sheetNumber": refused(INT, "spreadsheets"),
    "sheetName": refused(STR, "spreadsheets"),
    "table": refused(STR, "SQL databases"),
}

# Every object of the standards, by the name the docs and the property walk use.
PLACES: dict[str, dict[str, Property]] = {
    "package": PACKAGE,
    "license": LICENSE,
    "source": SOURCE,
    "contributor": CONTRIBUTOR,
    "resource": RESOURCE,
    "dialect": DIALECT,
    "schema": SCHEMA,
    "foreignKey": FOREIGN_KEY,
    "reference": REFERENCE,
    "missingValue": MISSING_VALUE,
    "field": FIELD,
    **{f"field ({kind})": props for kind, props in FIELD_TYPES.items()},
    "constraints": CONSTRAINTS,
}


def declared(place: str, name: str, kind: str | None = None) -> Property | None:
    """The declaration of `name` in `place` (for a field, of its type `kind` too), if any."""
    found = PLACES[place].get(name)
    if found is None and place == "field" and kind is not None:
        found = FIELD_TYPES.get(kind, {}).get(name)
    return found


def refusal(where: str, name: str, engine: str, value: object = None) -> PackageError:
    what = at(where, name)
    if engine == "default" and value is None:
        return PackageError.of("unsupported-property", "property-not-supported", what=what)
    if engine == "default":
        return PackageError.of(
            "unsupported-property", "property-value-not-supported", what=what, value=value
        )
    if value is None:
        return PackageError.of(
            "unsupported-property", "property-not-supported-by", what=what, engine=engine
        )
    return PackageError.of(
        "unsupported-property",
        "property-value-not-supported-by",
        what=what,
        engine=engine,
        value=value,
    )


def at(where: str, name: str) -> str:
    """`where` (ending in "." for a nested object, as in `dialect.`) and the property's name."""
    return f"{where}{name}" if where.endswith(".") else f"{where}: {name}"


def _usable(prop: Property, value: object, engine: str) -> bool:
    if prop.status == DESCRIPTIVE:
        return True
    if prop.status == REFUSED or engine not in prop.engines:
        return False
    if prop.values is None:
        return True
    if isinstance(value, str):
        value = value.lower()  # "UTF-8", "CSV", "text/CSV" name what "utf-8", "csv" name
    return any(value == v and type(value) is type(v) for v in prop.values)


def _json_ok(prop: Property, value: object) -> bool:
    if not prop.json:
        return True
    if isinstance(value, bool) and bool not in prop.json:
        return False
    return isinstance(value, prop.json)


def check_object(
    place: str,
    obj: dict[str, Any],
    where: str,
    engine: str,
    code: str,
    kind: str | None = None,
) -> None:
    """Refuse a standard property `engine` does not implement; a value of the wrong JSON type is
    `code` (invalid-descriptor or invalid-schema). `where` names the object (see `at`)."""
    for name, value in obj.items():
        prop = declared(place, name, kind)
        if prop is None:
            continue  # not a standard property of this object: a custom one
        if not _json_ok(prop, value):
            raise _wrong_type(code, at(where, name), _json_names(prop.json), value)
        if not _usable(prop, value, engine):
            raise refusal(where, name, engine, value)


def _wrong_type(code: str, what: str, kinds: str, value: object) -> PackageError:
    """A standard property's value of another JSON type than the standard gives it."""
    if code == "invalid-schema":
        return PackageError.of(
            "invalid-schema", "property-json-type", what=what, kinds=kinds, value=value
        )
    return PackageError.of(
        "invalid-descriptor", "property-json-type", what=what, kinds=kinds, value=value
    )


def _json_names(kinds: tuple[type, ...]) -> str:
    names = {str: "a string", bool: "true or false", int: "an integer", list: "a list"}
    return " or ".join(names.get(k, "an object") for k in kinds)


def table(engine_order: tuple[str, ...] = ENGINES) -> Iterator[tuple[str, str, str, str]]:
    """(place, property, what this validator does, note): the docs' table, in declared order."""
    for place, props in PLACES.items():
        for name, prop in props.items():
            if prop.status == IMPLEMENTED:
                engines = "all engines" if prop.engines == engine_order else ", ".join(prop.engines)
                what = f"implemented ({engines})"
                if prop.values is not None:
                    what += ": " + ", ".join(_shown(v) for v in prop.values) + " only"
            else:
                what = prop.status
            yield place, name, what, prop.note


def _shown(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return repr(value).replace("'", '"') if not isinstance(value, str) else repr(value)[1:-1]


# Where this validator is stricter than the standards: (what, why). The docs list these under
# the property table; the conformance suite names them as its deliberate differences.
STRICTER: tuple[tuple[str, str], ...] = (
    (
        "`bom`, `crlf`, `encoding`: a file is UTF-8 without a byte-order mark, with LF line ends",
        "the standards allow a BOM and CRLF; one byte form per file keeps hashes and diffs stable",
    ),
    (
        "`formula-prefix`, `control-character`, `bidi-control`, `whitespace`, `not-nfc`: string "
        "cells do not start with = + - @, hold no control or bidirectional formatting character, "
        "no leading or trailing space, and are in Unicode NFC",
        "cells safe to open in a spreadsheet and to compare byte for byte; the standards accept "
        "any string",
    ),
    (
        "package, resource and field names: letters, digits, '.', '_' and '-' for packages and "
        "resources (they name release files); no control characters and no leading '__' for fields",
        "names become file names and the validator's own working columns",
    ),
    (
        "a foreign key's fields and the fields they refer to have the same type",
        "the standard compares values as given; a key across types is a mistake",
    ),
    (
        "an enum repeats no value; a pattern uses no look-around (Rust's regex runs it)",
        "a repeated value is a typing slip; a pattern that cannot run is refused, not skipped",
    ),
    (
        "a table header repeats no name; two resources do not name the same file",
        "a column or a file read twice gives two answers",
    ),
    (
        "`missingValues` hold no comma, quote or line break, and each once",
        "such a token could never be told from the CSV around it",
    ),
    (
        "a standard property in another object than its own (a constraint such as `enum` on the "
        "field, `primaryKey` or `delimiter` on the resource, `constraints` on the schema, "
        "`trueValues` on an integer, `path` on the package) is invalid",
        "frictionless reads past most of these, and so the rule they state would not be checked",
    ),
    (
        "limits: 1,000 resources, 1,000 fields, a 64 MiB descriptor, a 1 MiB header, a 16 MiB line",
        "time and memory in proportion to a package of many articles (`too-large`)",
    ),
)
