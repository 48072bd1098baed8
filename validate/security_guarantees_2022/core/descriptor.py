"""Loads a package: datapackage.json and the Table Schemas and dialects it points to, vetted.

Every path stays in the package folder (core/path_guard.py), every name, profile and standard
property is checked, and foreign keys and declared rules must point at what exists, all before
a row of data is read; what the rest of the tool gets is a Package (core/package.py).
`Package`, `Resource` and `PathGuard` are importable from here too, where callers first met them.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .dialect import DEFAULT, Dialect, read_dialect
from .home import BUNDLED as BUNDLED
from .home import INSTALLED as INSTALLED
from .json_files import read_json_object
from .model import CONTROL, Checks, Schema, build_schema
from .package import Package as Package
from .package import Resource as Resource
from .path_guard import REMOTE, safe_path
from .path_guard import PathGuard as PathGuard
from .profiles import profile_of
from .properties import refusal
from .property_check import check_package
from .report import PackageError
from .safe_files import is_utf8, require_regular

# A bound that keeps time and memory in proportion: a package of many articles is many rows of
# a few tables, not thousands of resources.
MAX_RESOURCES = 1_000


def _schema_of(root: Path, res: dict[str, Any], name: str, hashes: dict[str, str]) -> Schema | None:
    schema = res.get("schema")
    if schema is None:
        return None
    if isinstance(schema, str):
        schema = read_json_object(
            safe_path(root, schema, f"resource {name!r} schema"),
            f"schema of {name!r}",
            hashes,
            schema,
        )
    model = build_schema(schema, name)
    profile_of(model.descriptor, f"resource {name!r} schema", "schema")
    return model


def _dialect_of(root: Path, res: dict[str, Any], name: str) -> Dialect:
    """A table resource's dialect: inline, or read from the local JSON file it names (its path
    vetted by _vet_resource)."""
    raw = res.get("dialect")
    if isinstance(raw, str):
        raw = read_json_object(
            safe_path(root, raw, f"resource {name!r} dialect"), f"dialect of {name!r}"
        )
        profile_of(raw, f"resource {name!r} dialect", "dialect")  # as an inline one is
    return read_dialect(raw, name)


def _vet_resource(root: Path, res: dict[str, Any], name: str) -> None:
    """References a reader would follow (path, dialect, profile) stay local and regular."""
    profile_of(res, f"resource {name!r}", "resource")
    dialect = res.get("dialect")
    if isinstance(dialect, str):
        dialect_path = safe_path(root, dialect, f"resource {name!r} dialect")
        require_regular(dialect_path, f"resource {name!r} dialect")
    elif isinstance(dialect, dict):
        profile_of(dialect, f"resource {name!r} dialect", "dialect")
    elif dialect is not None:
        raise PackageError.of("invalid-descriptor", "dialect-not-object-or-path", name=name)
    extras = res.get("extrapaths", [])
    if not isinstance(extras, list):
        raise PackageError.of("invalid-descriptor", "extrapaths-not-a-list", name=name)
    for extra in extras:
        safe_path(root, extra, f"resource {name!r} extrapaths")


def load_package(path: str | Path | None = None, engine: str = "default") -> Package:
    """Load a package descriptor (the bundled one by default) without reading any data; a
    standard property `engine` does not implement is refused (`unsupported-property`)."""
    try:
        package = _load_package(path)
    except OSError as exc:  # a path too long, a folder without permission, …
        raise PackageError.of(
            "missing-file", "package-unreadable", path=str(path), reason=exc.strerror or exc
        ) from None
    check_package(package, engine)  # the standard's JSON types, before the model reads them
    for about in (package.metadata, *(r.metadata for r in package.resources.values())):
        del about  # read now, so a command never meets a malformed one later
    return package


_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")  # names become file names in a release


def _load_package(path: str | Path | None) -> Package:
    if REMOTE.match(str(path or "")):
        raise PackageError.of("unsafe-path", "remote-package", path=path)
    if CONTROL.search(str(path or "")) or not is_utf8(str(path or "")):
        raise PackageError.of("unsafe-path", "package-path-not-utf8", path=str(path))
    descriptor_path = Path(path) if path is not None else BUNDLED
    if descriptor_path.is_dir():
        descriptor_path = descriptor_path / "datapackage.json"
    root = descriptor_path.parent.resolve()
    if not is_utf8(str(root)):
        raise PackageError.of("unsafe-path", "folder-not-utf8", root=root)
    real = os.path.realpath(descriptor_path)
    if os.path.islink(descriptor_path) and os.path.dirname(real) != str(root):
        raise PackageError.of(  # a descriptor may not stand in for another folder's
            "unsafe-path", "descriptor-symlink-outside", descriptor=descriptor_path, target=real
        )
    hashes: dict[str, str] = {}
    descriptor = read_json_object(descriptor_path, "datapackage.json", hashes, descriptor_path.name)
    tabular = profile_of(descriptor, "datapackage.json", "package") == "tabular-data-package"
    if "name" in descriptor and (
        not isinstance(descriptor["name"], str) or not _NAME.match(descriptor["name"])
    ):
        raise PackageError.of(
            "invalid-descriptor", "bad-name", what="package", name=descriptor["name"]
        )
    raw_resources = descriptor.get("resources")
    if not isinstance(raw_resources, list) or not raw_resources:
        raise PackageError.of("invalid-descriptor", "no-resources")
    if len(raw_resources) > MAX_RESOURCES:
        raise PackageError.of("too-large", "too-many-resources", limit=MAX_RESOURCES)
    resources: dict[str, Resource] = {}
    for res in raw_resources:
        if not isinstance(res, dict) or not isinstance(res.get("name"), str):
            raise PackageError.of("invalid-descriptor", "resource-without-name")
        name = res["name"]
        if name in resources:
            raise PackageError.of("invalid-descriptor", "resource-name-twice", name=name)
        if not _NAME.match(name):
            raise PackageError.of("invalid-descriptor", "bad-name", what="resource", name=name)
        relpath = res.get("path")
        if relpath is None and "data" in res:  # inline data: a standard property not read
            raise refusal(f"resource {name!r}", "data", "default")
        if isinstance(relpath, list):  # a standard form this validator does not read
            raise refusal(f"resource {name!r}", "path (multipart)", "default", relpath)
        resource_path = safe_path(root, relpath, f"resource {name!r}")
        require_regular(resource_path, f"resource {name!r}")
        same_file = next((r.name for r in resources.values() if r.path == resource_path), None)
        if same_file is not None:  # one file read as many tables would multiply its cost
            raise PackageError.of("invalid-descriptor", "same-file", first=same_file, second=name)
        _vet_resource(root, res, name)
        schema = _schema_of(root, res, name, hashes)
        resources[name] = Resource(
            name=name,
            path=resource_path,
            relpath=str(relpath),
            descriptor=res,
            schema=schema,
            dialect=DEFAULT if schema is None else _dialect_of(root, res, name),
        )
    package = Package(root, descriptor, resources, descriptor_path.name, hashes)
    files = [r.name for r in resources.values() if not r.is_table]
    if tabular and files:  # the profile's own rule: every resource is a table
        raise PackageError.of("invalid-descriptor", "tabular-holds-files", files=files)
    _check_references(package)
    _check_declared_links(package)
    return package


def _check_references(package: Package) -> None:
    """Foreign keys must point at resources and fields that exist, or nothing can be checked."""
    for res in package.tables.values():
        for fk in res.foreign_keys:
            target = package.resources.get(fk.resource)
            if target is None or not target.is_table:
                raise PackageError.of(
                    "unknown-resource", "foreign-key-target", table=res.name, resource=fk.resource
                )
            if len(fk.fields) != len(fk.reference):
                raise PackageError.of(
                    "invalid-schema", "foreign-key-length", table=res.name, fields=list(fk.fields)
                )
            missing = [f for f in fk.fields if res.field(f) is None] + [
                f for f in fk.reference if target.field(f) is None
            ]
            if missing:
                raise PackageError.of(
                    "invalid-schema", "foreign-key-unknown-fields", table=res.name, missing=missing
                )
            for here, there in zip(fk.fields, fk.reference, strict=True):
                kinds = (res.field(here).type, target.field(there).type)  # type: ignore[union-attr]
                if kinds[0] != kinds[1]:
                    raise PackageError.of(
                        "invalid-schema",
                        "foreign-key-types",
                        table=res.name,
                        field=here,
                        kind=kinds[0],
                        target=target.name,
                        target_field=there,
                        target_kind=kinds[1],
                    )


def _check_declared_links(package: Package) -> None:
    """A declared rule's link is a foreign key to a table that declares what the rule needs."""

    def link(
        res: Resource, column: str, what: str, needs: str, ok: Callable[[Checks], object]
    ) -> None:
        target = res.target_of(column)
        if target is None or not ok(package.resources[target].checks):
            raise PackageError.of(
                "invalid-schema",
                "link-not-declared",
                table=res.name,
                rule=what,
                column=column,
                needs=needs,
            )

    for rule in ("crosswalk", "plover_types", "cameo_codes"):
        declaring = [n for n, r in package.tables.items() if getattr(r.checks, rule)]
        if len(declaring) > 1:
            raise PackageError.of(
                "invalid-schema", "rule-declared-twice", rule=rule, tables=declaring
            )
    for res in package.tables.values():
        checks = res.checks
        if checks.span:
            link(res, checks.span.source, "span.source", "sourceText", lambda c: c.source_text)
        if (checks.inside or checks.reported_by) and not checks.span:
            raise PackageError.of("invalid-schema", "inside-without-span", table=res.name)
        for column in checks.inside:
            link(res, column, "inside", "a span", lambda c: c.span)
        if checks.reported_by:
            link(res, checks.reported_by, "reportedBy", "a span", lambda c: c.span)
        if checks.evidence:
            link(
                res,
                checks.evidence.source,
                "evidence.source",
                "sourceText",
                lambda c: c.source_text,
            )
        if checks.not_after_publication:
            link(
                res,
                checks.not_after_publication.source,
                "notAfterPublication.source",
                "sourceText with published",
                lambda c: c.source_text and c.source_text.published,
            )
