"""Reads datapackage.json and the Table Schemas it points to, refusing unsafe paths."""

from __future__ import annotations

import datetime as dt
import errno
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NoReturn

from .report import PackageError
from .safe_files import is_utf8, open_regular, read_fd, read_json, require_regular

_HERE = Path(__file__).resolve().parent
# Installed from a wheel, the package's files sit inside the code's folder; in a clone, beside it.
INSTALLED = (_HERE / "package" / "datapackage.json").is_file()
BUNDLED = (_HERE / "package" if INSTALLED else _HERE.parent) / "datapackage.json"
_REMOTE = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*://")
# anything PathGuard._refuse would refuse (remote, absolute, drive letter, a '..' part)
_SUSPECT_PATH = re.compile(
    r"^(?:[a-zA-Z][a-zA-Z0-9+.-]*://|[/\\]|[A-Za-z]:)|(?:^|[/\\])\.\.(?:[/\\]|$)"
)


SUPPORTED_TYPES = {"string", "integer", "number", "boolean", "date"}
# Bounds that keep time and memory in proportion: a package of many articles is many rows of a
# few tables, not thousands of resources or columns.
MAX_RESOURCES = 1_000
MAX_FIELDS = 1_000


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
    file_name: str = "datapackage.json"  # the descriptor's own name (a fork may call it else)

    @property
    def descriptor_path(self) -> Path:
        return self.root / self.file_name

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
            fd = open_regular(path, what, _NOFOLLOW)  # a symlink fails with ELOOP: checked below
        except OSError as exc:
            if exc.errno != errno.ELOOP or not _NOFOLLOW:
                raise
            fd = open_regular(self.check(relpath, what), what)
        return read_fd(fd, what)

    def _unresolved(self, relpath: object, what: str) -> str:
        """Lexical checks, then the path in its resolved folder (the last part not resolved)."""
        if not isinstance(relpath, str) or not relpath:
            raise PackageError(
                "invalid-descriptor", f"{what}: path must be a non-empty string, got {relpath!r}"
            )
        if _CONTROL.search(relpath):
            raise PackageError(
                "unsafe-path", f"{what}: a path may not hold NUL or control characters: {relpath!r}"
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
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def _read_json(path: Path, what: str) -> dict[str, Any]:
    data = read_json(path, what)
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
    if len(schema["fields"]) > MAX_FIELDS:
        raise PackageError(
            "too-large", f"resource {name!r}: more than {MAX_FIELDS:,} fields are not read"
        )
    _vet_fields(schema["fields"], name)
    _vet_keys(schema, name)
    _refuse_remote_profile(schema, f"resource {name!r} schema")
    if isinstance(schema.get("primaryKey"), str):  # a copy: the descriptor itself is not rewritten
        schema = {**schema, "primaryKey": [schema["primaryKey"]]}
    return schema


_RESERVED = re.compile(r"^__")  # the validator's own working columns start with two underscores
# The constraints the validator applies, with the JSON types Table Schema gives their values.
CONSTRAINT_TYPES: dict[str, tuple[type, ...]] = {
    "required": (bool,),
    "unique": (bool,),
    "enum": (list,),
    "pattern": (str,),
    "minimum": (int, float, str),
    "maximum": (int, float, str),
    "minLength": (int,),
    "maxLength": (int,),
}


def _vet_fields(fields: list[Any], name: str) -> None:
    """Every property the validator reads has the JSON type Table Schema gives it."""
    seen: set[str] = set()
    for fld in fields:
        if not isinstance(fld, dict) or not isinstance(fld.get("name"), str) or not fld["name"]:
            raise PackageError("invalid-schema", f"resource {name!r}: every field needs a name")
        fname = fld["name"]
        where = f"resource {name!r}: field {fname!r}"
        if _CONTROL.search(fname) or _RESERVED.match(fname):
            raise PackageError(
                "invalid-schema",
                f"{where}: a name may not hold control characters or start with '__'",
            )
        if fname in seen:
            raise PackageError("invalid-schema", f"{where} is declared twice")
        seen.add(fname)
        if not isinstance(fld.get("type", "string"), str) or not isinstance(
            fld.get("format", ""), str
        ):
            raise PackageError("invalid-schema", f"{where}: 'type' and 'format' must be strings")
        if fld.get("type", "string") not in SUPPORTED_TYPES:
            raise PackageError("invalid-schema", f"{where}: type {fld['type']!r} is not supported")
        for values in ("trueValues", "falseValues"):
            if values in fld and not _strings(fld[values]):
                raise PackageError("invalid-schema", f"{where}: {values} must be a list of strings")
        constraints = fld.get("constraints", {})
        if not isinstance(constraints, dict):
            raise PackageError("invalid-schema", f"{where}: 'constraints' must be an object")
        for key, value in constraints.items():
            kinds = CONSTRAINT_TYPES.get(key)
            if kinds is not None and (
                not isinstance(value, kinds) or (isinstance(value, bool) and bool not in kinds)
            ):
                raise PackageError(
                    "invalid-schema", f"{where}: constraint {key!r} has the wrong type: {value!r}"
                )
        enum = constraints.get("enum", [])
        if any(not isinstance(v, str | int | float) for v in enum):
            raise PackageError("invalid-schema", f"{where}: enum values must be scalars")
        if len({str(v) for v in enum}) != len(enum):
            raise PackageError("invalid-schema", f"{where}: the enum repeats a value")
        _vet_bounds(fld, constraints, where)


_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _vet_bounds(fld: dict[str, Any], constraints: dict[str, Any], where: str) -> None:
    """minimum and maximum of the field's own type: numbers for numbers, ISO dates for dates."""
    kind = fld.get("type", "string")
    for key in ("minimum", "maximum"):
        if key not in constraints:
            continue
        value = constraints[key]
        if kind in ("integer", "number"):
            ok = isinstance(value, int | float) and not isinstance(value, bool)
            ok = ok and (kind == "number" or isinstance(value, int))
            ok = ok and -(2**63) <= value < 2**63  # what the columns' 64-bit types can hold
        elif kind == "date":
            ok = isinstance(value, str) and bool(_ISO_DATE.match(value))
            if ok:
                try:
                    dt.date.fromisoformat(value)
                except ValueError:
                    ok = False
        else:
            ok = False
        if not ok:
            raise PackageError(
                "invalid-schema", f"{where}: {key} {value!r} does not fit a field of type {kind}"
            )


def _vet_keys(schema: dict[str, Any], name: str) -> None:
    """primaryKey is a field name or a list of them; so are the fields of a foreign key."""
    if "missingValues" in schema and not _strings(schema["missingValues"]):
        raise PackageError("invalid-schema", f"{name}: missingValues must be a list of strings")
    key = schema.get("primaryKey")
    if key is not None and not _name_or_names(key):
        raise PackageError(
            "invalid-schema", f"{name}: primaryKey must be a field name or a list of them"
        )
    if isinstance(key, list) and len(set(key)) != len(key):
        raise PackageError("invalid-schema", f"{name}: primaryKey repeats a field: {key}")
    fks = schema.get("foreignKeys", [])
    if not isinstance(fks, list):
        raise PackageError("invalid-schema", f"{name}: foreignKeys must be a list")
    for fk in fks:
        reference = fk.get("reference") if isinstance(fk, dict) else None
        if (
            not isinstance(reference, dict)
            or not _name_or_names(fk.get("fields"))
            or not _name_or_names(reference.get("fields"))
            or not isinstance(reference.get("resource", ""), str)
        ):
            raise PackageError(
                "invalid-schema",
                f"{name}: a foreign key needs 'fields' and a 'reference' with 'fields' "
                "(names or lists of names) and an optional 'resource' name",
            )
        if "package" in reference:
            if _REMOTE.match(str(reference["package"])):
                raise PackageError(
                    "unsafe-path", f"{name}: remote packages are not read: {reference['package']}"
                )
            raise PackageError(
                "invalid-schema", f"{name}: foreign keys into other packages are not supported"
            )


def _strings(value: object) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


def _name_or_names(value: object) -> bool:
    return (isinstance(value, str) and bool(value)) or (bool(value) and _strings(value))


# The standard profiles frictionless knows without fetching them; any other remote one is refused.
_STANDARD_PROFILE = re.compile(
    r"^https://(?:datapackage\.org/profiles|specs\.frictionlessdata\.io/schemas)/[\w./-]+\.json$"
)


def _refuse_remote_profile(metadata: dict[str, Any], what: str) -> None:
    """`$schema` and `profile` name a JSON Schema a reader may fetch: only standard ones pass."""
    for key in ("$schema", "profile"):
        value = metadata.get(key)
        if value is None or (isinstance(value, str) and re.match(r"^[a-z][a-z-]*$", value)):
            continue  # absent, or a registry name such as "tabular-data-resource"
        if not isinstance(value, str) or not _STANDARD_PROFILE.match(value):
            raise PackageError(
                "unsafe-path", f"{what}: {key} {value!r} is not a standard profile; it is not read"
            )


def _vet_resource(root: Path, res: dict[str, Any], name: str) -> None:
    """References a reader would follow (path, dialect, profile) stay local and regular."""
    _refuse_remote_profile(res, f"resource {name!r}")
    dialect = res.get("dialect")
    if isinstance(dialect, str):
        dialect_path = safe_path(root, dialect, f"resource {name!r} dialect")
        require_regular(dialect_path, f"resource {name!r} dialect")
    elif isinstance(dialect, dict):
        _refuse_remote_profile(dialect, f"resource {name!r} dialect")
    elif dialect is not None:
        raise PackageError(
            "invalid-descriptor", f"resource {name!r}: dialect must be an object or a path"
        )
    extras = res.get("extrapaths", [])
    if not isinstance(extras, list):
        raise PackageError("invalid-descriptor", f"resource {name!r}: extrapaths must be a list")
    for extra in extras:
        safe_path(root, extra, f"resource {name!r} extrapaths")


def load_package(path: str | Path | None = None) -> Package:
    """Load a package descriptor (the bundled one by default) without reading any data."""
    try:
        return _load_package(path)
    except OSError as exc:  # a path too long, a folder without permission, …
        raise PackageError(
            "missing-file", f"{str(path)!r} cannot be read: {exc.strerror or exc}"
        ) from None


_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")  # names become file names in a release


def _load_package(path: str | Path | None) -> Package:
    if _REMOTE.match(str(path or "")):
        raise PackageError("unsafe-path", f"remote packages are not read: {path}")
    if _CONTROL.search(str(path or "")) or not is_utf8(str(path or "")):
        raise PackageError(
            "unsafe-path",
            f"a path may not hold NUL, control characters or bytes that are not UTF-8: "
            f"{str(path)!r}",
        )
    descriptor_path = Path(path) if path is not None else BUNDLED
    if descriptor_path.is_dir():
        descriptor_path = descriptor_path / "datapackage.json"
    root = descriptor_path.parent.resolve()
    if not is_utf8(str(root)):
        raise PackageError("unsafe-path", f"the package folder's name is not UTF-8: {root!r}")
    real = os.path.realpath(descriptor_path)
    if os.path.islink(descriptor_path) and os.path.dirname(real) != str(root):
        raise PackageError(  # a descriptor may not stand in for another folder's
            "unsafe-path", f"{descriptor_path} is a symlink to {real}, outside its folder"
        )
    descriptor = _read_json(descriptor_path, "datapackage.json")
    _refuse_remote_profile(descriptor, "datapackage.json")
    if "name" in descriptor and (
        not isinstance(descriptor["name"], str) or not _NAME.match(descriptor["name"])
    ):
        raise PackageError(
            "invalid-descriptor",
            f"package name {descriptor['name']!r}: letters, digits, '.', '_' and '-' only",
        )
    raw_resources = descriptor.get("resources")
    if not isinstance(raw_resources, list) or not raw_resources:
        raise PackageError(
            "invalid-descriptor", "datapackage.json needs a non-empty 'resources' list"
        )
    if len(raw_resources) > MAX_RESOURCES:
        raise PackageError(
            "too-large", f"datapackage.json: more than {MAX_RESOURCES:,} resources are not read"
        )
    resources: dict[str, Resource] = {}
    for res in raw_resources:
        if not isinstance(res, dict) or not isinstance(res.get("name"), str):
            raise PackageError("invalid-descriptor", "every resource needs a 'name'")
        name = res["name"]
        if name in resources:
            raise PackageError("invalid-descriptor", f"resource name {name!r} is used twice")
        if not _NAME.match(name):
            raise PackageError(
                "invalid-descriptor",
                f"resource name {name!r}: letters, digits, '.', '_' and '-' only",
            )
        relpath = res.get("path")
        if isinstance(relpath, list):
            raise PackageError(
                "invalid-descriptor", f"resource {name!r}: multipart paths are not supported"
            )
        resource_path = safe_path(root, relpath, f"resource {name!r}")
        require_regular(resource_path, f"resource {name!r}")
        same_file = next((r.name for r in resources.values() if r.path == resource_path), None)
        if same_file is not None:  # one file read as many tables would multiply its cost
            raise PackageError(
                "invalid-descriptor", f"resources {same_file!r} and {name!r} name the same file"
            )
        _vet_resource(root, res, name)
        resources[name] = Resource(
            name=name,
            path=resource_path,
            relpath=str(relpath),
            descriptor=res,
            schema=_schema_of(root, res, name),
        )
    package = Package(root, descriptor, resources, descriptor_path.name)
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
            for here, there in zip(fields, ref_fields, strict=True):
                kinds = (
                    (res.field(here) or {}).get("type", "string"),
                    (target.field(there) or {}).get("type", "string"),
                )
                if kinds[0] != kinds[1]:
                    raise PackageError(
                        "invalid-schema",
                        f"{res.name}: foreign key {here!r} ({kinds[0]}) refers to "
                        f"{target.name}.{there} ({kinds[1]}): the types must match",
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
