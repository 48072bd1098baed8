"""The up-front check of a loaded package against the property declaration (core/properties.py).

Before any file is read, every standard property the package uses is checked: one the chosen
engine does not implement (or a value of it) is refused with `unsupported-property`, naming
where and which; a standard property of the wrong JSON type, a licence without a name or a path,
a property in the wrong object and repeated missing values are invalid, as the standards say.
Properties the standards do not define are left alone.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from .properties import (
    CONSTRAINTS,
    DIALECT,
    FIELD,
    FIELD_TYPES,
    RESOURCE,
    SCHEMA,
    check_object,
)
from .report import PackageError

if TYPE_CHECKING:
    from .package import Package, Resource

# RFC 3339's date-time (a package's `created`)
RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:[Zz]|[+-]\d{2}:\d{2})$")
# A resource's type: the standard's `table`, and the kinds of file frictionless also names
RESOURCE_TYPES = ("table", "file", "text", "json")

# Properties that belong to another object than the one they are written in.
_RESOURCE_MISPLACED = (set(SCHEMA) | set(DIALECT)) - set(RESOURCE)
_PACKAGE_MISPLACED = {"path", "data", "schema", "dialect", "bytes", "hash"}
_SCHEMA_MISPLACED = {"format", "constraints", "rdfType", "example"} | {
    name for props in FIELD_TYPES.values() for name in props
}
_FIELD_MISPLACED = set(CONSTRAINTS) - set(FIELD)


def check_package(package: Package, engine: str = "default") -> None:
    """Refuse what `engine` does not implement, before any work (see the module's docstring)."""
    descriptor = package.descriptor
    check_object("package", descriptor, "datapackage.json", engine, "invalid-descriptor")
    created = descriptor.get("created")
    if isinstance(created, str) and not RFC3339.match(created):
        raise PackageError.of("invalid-descriptor", "created-not-rfc3339", created=created)
    _misplaced(
        descriptor, _PACKAGE_MISPLACED, "datapackage.json", "a resource", "invalid-descriptor"
    )
    _parts(descriptor, "datapackage.json", engine)
    for res in package.resources.values():
        _resource(res, engine)


def _parts(owner: dict[str, Any], where: str, engine: str) -> None:
    """Licences, sources and contributors: objects; a licence names itself or its text."""
    for key, place in (
        ("licenses", "license"),
        ("sources", "source"),
        ("contributors", "contributor"),
    ):
        for item in owner.get(key) or []:
            if not isinstance(item, dict):
                raise PackageError.of(
                    "invalid-descriptor", "part-not-an-object", where=where, key=key
                )
            check_object(place, item, f"{where}: {key}.", engine, "invalid-descriptor")
            if not item:
                raise PackageError.of("invalid-descriptor", "part-empty", where=where, key=key)
            if key == "licenses" and not (item.get("name") or item.get("path")):
                raise PackageError.of(
                    "invalid-descriptor", "licence-without-name", where=where, item=item
                )


def _resource(res: Resource, engine: str) -> None:
    raw, where = res.descriptor, f"resource {res.name!r}"
    if "path" in raw and "data" in raw:
        raise PackageError.of("invalid-descriptor", "path-and-data", where=where)
    if raw.get("type", "table") not in RESOURCE_TYPES:
        raise PackageError.of(
            "invalid-descriptor",
            "bad-resource-type",
            where=where,
            types=", ".join(RESOURCE_TYPES),
            type=raw["type"],
        )
    table_only = {"format", "mediatype"}  # what a file that is not a table is, is its own affair
    shown = raw if res.is_table else {k: v for k, v in raw.items() if k not in table_only}
    check_object("resource", shown, where, engine, "invalid-descriptor")
    _misplaced(raw, _RESOURCE_MISPLACED, where, "its schema or dialect", "invalid-descriptor")
    _parts(raw, where, engine)
    dialect = raw.get("dialect")
    if isinstance(dialect, dict):  # one in a file of its own is vetted as read (core/dialect.py)
        check_object("dialect", dialect, f"{where}: dialect.", engine, "invalid-descriptor")
    if res.schema is not None:
        _schema(res.schema.descriptor, f"{where}: schema", engine)


def _schema(raw: dict[str, Any], where: str, engine: str) -> None:
    check_object("schema", raw, where, engine, "invalid-schema")
    _misplaced(raw, _SCHEMA_MISPLACED, where, "a field", "invalid-schema")
    _missing_once(raw, where)
    for fk in raw.get("foreignKeys", []):
        check_object("foreignKey", fk, f"{where}: foreignKeys.", engine, "invalid-schema")
        check_object(
            "reference",
            fk["reference"],
            f"{where}: foreignKeys.reference.",
            engine,
            "invalid-schema",
        )
    for field in raw["fields"]:
        _field(field, f"{where}: field {field['name']!r}", engine)


def _field(raw: dict[str, Any], where: str, engine: str) -> None:
    kind = raw.get("type", "string")
    own = FIELD_TYPES.get(kind, {})
    for other, props in FIELD_TYPES.items():
        for name in sorted(set(props) & set(raw) - set(own)):
            raise PackageError.of(
                "invalid-schema",
                "property-of-another-type",
                where=where,
                name=name,
                other=other,
                kind=kind,
            )
    _misplaced(raw, _FIELD_MISPLACED, where, "its constraints", "invalid-schema")
    check_object("field", raw, where, engine, "invalid-schema", kind)
    _missing_once(raw, where)
    check_object(
        "constraints",
        raw.get("constraints", {}),
        f"{where}: constraints.",
        engine,
        "invalid-schema",
    )


def _missing_once(raw: dict[str, Any], where: str) -> None:
    """Each missing value once (a schema's or a field's), as a list of distinct values."""
    missing = raw.get("missingValues", [])
    values = [v.get("value") if isinstance(v, dict) else v for v in missing]
    if len(set(map(str, values))) != len(values):
        raise PackageError.of("invalid-schema", "missing-value-twice", where=where, missing=missing)


def _misplaced(raw: dict[str, Any], names: set[str], where: str, home: str, code: str) -> None:
    """Refuse the first of `names` (properties that belong in `home`) that `raw` holds: `code`
    is invalid-descriptor or invalid-schema, as the object is."""
    wrong = sorted(names & set(raw))
    if wrong and code == "invalid-schema":
        raise PackageError.of(
            "invalid-schema", "property-misplaced", where=where, name=wrong[0], home=home
        )
    if wrong:
        raise PackageError.of(
            "invalid-descriptor", "property-misplaced", where=where, name=wrong[0], home=home
        )
