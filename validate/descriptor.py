"""Reads datapackage.json and the Table Schemas it points to, refusing unsafe paths."""

from __future__ import annotations

import errno
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NoReturn

from .report import PackageError

BUNDLED = Path(__file__).resolve().parent.parent / "datapackage.json"
_REMOTE = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*://")
# anything PathGuard._refuse would refuse (remote, absolute, drive letter, a '..' part)
_SUSPECT_PATH = re.compile(
    r"^(?:[a-zA-Z][a-zA-Z0-9+.-]*://|[/\\]|[A-Za-z]:)|(?:^|[/\\])\.\.(?:[/\\]|$)"
)


SUPPORTED_TYPES = {"string", "integer", "number", "boolean", "date"}


@dataclass(frozen=True)
class Resource:
    name: str
    path: Path  # absolute, inside the package directory
    relpath: str
    descriptor: dict[str, Any]
    schema: dict[str, Any] | None  # None for non-tabular resources

    @property
    def is_table(self) -> bool:
        return self.schema is not None

    @property
    def is_vocabulary(self) -> bool:
        return bool(self.descriptor.get("vocabulary"))

    def fields(self) -> list[dict[str, Any]]:
        return list(self.schema["fields"]) if self.schema else []

    def field(self, name: str) -> dict[str, Any] | None:
        return next((f for f in self.fields() if f["name"] == name), None)


@dataclass(frozen=True)
class Package:
    root: Path
    descriptor: dict[str, Any]
    resources: dict[str, Resource]

    @property
    def tables(self) -> dict[str, Resource]:
        return {name: r for name, r in self.resources.items() if r.is_table}


def safe_path(root: Path, relpath: object, what: str) -> Path:
    """Resolve a descriptor path, refusing anything that could leave the package directory."""
    return Path(PathGuard(root).check(relpath, what))


class PathGuard:
    """Checks many paths under one root; each folder is resolved once, not once per file."""

    def __init__(self, root: Path) -> None:
        self.root = str(root.resolve())
        self._folders: dict[str, str] = {}

    def check(self, relpath: object, what: str) -> str:
        """The absolute path of `relpath`, as a string, if it stays inside the root."""
        resolved = self._unresolved(relpath, what)
        if os.path.islink(resolved):
            resolved = self._inside(os.path.realpath(resolved), relpath, what)
        return resolved

    def read_bytes(self, relpath: object, what: str) -> bytes:
        """The file's bytes; a symlink is followed only if it stays inside the root."""
        path = self._unresolved(relpath, what)
        try:
            fd = os.open(path, os.O_RDONLY | _NOFOLLOW)
        except OSError as exc:
            if exc.errno != errno.ELOOP or not _NOFOLLOW:
                raise
            fd = os.open(self.check(relpath, what), os.O_RDONLY)
        try:
            chunks = []
            while chunk := os.read(fd, 1 << 24):
                chunks.append(chunk)
        finally:
            os.close(fd)
        return chunks[0] if len(chunks) == 1 else b"".join(chunks)

    def _unresolved(self, relpath: object, what: str) -> str:
        """Lexical checks, then the path in its resolved folder (the last part not resolved)."""
        if not isinstance(relpath, str) or not relpath:
            raise PackageError(
                "invalid-descriptor", f"{what}: path must be a non-empty string, got {relpath!r}"
            )
        if _SUSPECT_PATH.search(relpath):
            self._refuse(relpath, what)
        folder, _, name = relpath.rpartition("/")
        resolved = self._folders.get(folder)
        if resolved is None:
            real = os.path.realpath(os.path.join(self.root, folder))
            resolved = self._folders[folder] = self._inside(real, relpath, what)
        return os.path.join(resolved, name)

    @staticmethod
    def _refuse(relpath: str, what: str) -> NoReturn:
        """Say why a path that looks remote, absolute or climbing is refused."""
        if _REMOTE.match(relpath):
            raise PackageError("unsafe-path", f"{what}: remote paths are not read: {relpath}")
        if relpath.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", relpath):
            raise PackageError("unsafe-path", f"{what}: absolute paths are refused: {relpath}")
        raise PackageError("unsafe-path", f"{what}: paths with '..' are refused: {relpath}")

    def _inside(self, resolved: str, relpath: object, what: str) -> str:
        if os.path.commonpath([self.root, resolved]) != self.root:
            raise PackageError(
                "unsafe-path", f"{what}: {relpath} leaves the package directory (symlink?)"
            )
        return resolved


_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)


def _read_json(path: Path, what: str) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise PackageError("missing-file", f"{what} not found: {path}") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise PackageError("invalid-json", f"{what} is not valid UTF-8 JSON: {exc}") from None
    if not isinstance(data, dict):
        raise PackageError("invalid-descriptor", f"{what} must hold a JSON object")
    return data


def _schema_of(root: Path, res: dict[str, Any], name: str) -> dict[str, Any] | None:
    schema = res.get("schema")
    if schema is None:
        return None
    if isinstance(schema, str):
        schema = _read_json(
            safe_path(root, schema, f"resource {name!r} schema"), f"schema of {name!r}"
        )
    if (
        not isinstance(schema, dict)
        or not isinstance(schema.get("fields"), list)
        or not schema["fields"]
    ):
        raise PackageError(
            "invalid-schema", f"resource {name!r}: schema needs a non-empty 'fields' list"
        )
    for fld in schema["fields"]:
        if not isinstance(fld, dict) or not isinstance(fld.get("name"), str):
            raise PackageError("invalid-schema", f"resource {name!r}: every field needs a name")
        if fld.get("type", "string") not in SUPPORTED_TYPES:
            raise PackageError(
                "invalid-schema",
                f"resource {name!r}: field {fld['name']!r}: type {fld['type']!r} is not supported",
            )
    return schema


def load_package(path: str | Path | None = None) -> Package:
    """Load a package descriptor (the bundled one by default) without reading any data."""
    descriptor_path = Path(path) if path is not None else BUNDLED
    if descriptor_path.is_dir():
        descriptor_path = descriptor_path / "datapackage.json"
    if _REMOTE.match(str(path or "")):
        raise PackageError("unsafe-path", f"remote packages are not read: {path}")
    descriptor = _read_json(descriptor_path, "datapackage.json")
    root = descriptor_path.resolve().parent
    raw_resources = descriptor.get("resources")
    if not isinstance(raw_resources, list) or not raw_resources:
        raise PackageError(
            "invalid-descriptor", "datapackage.json needs a non-empty 'resources' list"
        )
    resources: dict[str, Resource] = {}
    for res in raw_resources:
        if not isinstance(res, dict) or not isinstance(res.get("name"), str):
            raise PackageError("invalid-descriptor", "every resource needs a 'name'")
        name = res["name"]
        if name in resources:
            raise PackageError("invalid-descriptor", f"resource name {name!r} is used twice")
        relpath = res.get("path")
        resources[name] = Resource(
            name=name,
            path=safe_path(root, relpath, f"resource {name!r}"),
            relpath=str(relpath),
            descriptor=res,
            schema=_schema_of(root, res, name),
        )
    package = Package(root=root, descriptor=descriptor, resources=resources)
    _check_references(package)
    return package


def _check_references(package: Package) -> None:
    """Foreign keys must point at resources and fields that exist, or nothing can be checked."""
    for res in package.tables.values():
        names = {f["name"] for f in res.fields()}
        assert res.schema is not None
        for key in res.schema.get("primaryKey", []) or []:
            if key not in names:
                raise PackageError(
                    "invalid-schema", f"{res.name}: primary key field {key!r} is not a field"
                )
        for fk in res.schema.get("foreignKeys", []) or []:
            target_name = fk.get("reference", {}).get("resource") or res.name
            target = package.resources.get(target_name)
            if target is None or not target.is_table:
                raise PackageError(
                    "unknown-resource",
                    f"{res.name}: foreign key refers to unknown resource {target_name!r}",
                )
            fields, ref_fields = (
                _as_list(fk.get("fields")),
                _as_list(fk.get("reference", {}).get("fields")),
            )
            if len(fields) != len(ref_fields) or not fields:
                raise PackageError(
                    "invalid-schema",
                    f"{res.name}: foreign key {fields} has a different length from its reference",
                )
            missing = [f for f in fields if f not in names] + [
                f for f in ref_fields if target.field(f) is None
            ]
            if missing:
                raise PackageError(
                    "invalid-schema", f"{res.name}: foreign key names unknown fields {missing}"
                )


def _as_list(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    return list(value) if isinstance(value, list) else []


def foreign_keys(res: Resource) -> list[tuple[list[str], str, list[str]]]:
    """(fields, target resource, target fields) for each foreign key, self-references resolved."""
    assert res.schema is not None
    return [
        (
            _as_list(fk["fields"]),
            fk["reference"].get("resource") or res.name,
            _as_list(fk["reference"]["fields"]),
        )
        for fk in res.schema.get("foreignKeys", []) or []
    ]
