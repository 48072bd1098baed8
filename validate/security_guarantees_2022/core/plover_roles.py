"""The roles a Table Schema gives its table in the PLOVER export, declared under `plover`.

The export finds its tables and columns by these roles, as the domain rules find theirs under
`checks`, so a fork that renames a table or a column keeps its export by declaring the roles;
one that declares none is refused by name, never exported in part. What `checks` already
declares (a row's span and coding, an event's occurrence, the participants' dyad, the source
texts, the PLOVER types) is read from there, not declared twice.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, fields
from typing import Any

from .report import PackageError

RECORD_KINDS = ("statement", "event")


@dataclass(frozen=True)
class Record:
    """A table whose coded rows are PLOVER records of `kind`, with the columns they read."""

    kind: str
    date: str  # the row's own date (an event's start)
    precision: str  # the date's precision: day, month, year, unknown
    actor: str | None = None  # the row's actor (a statement's speaker); events: the dyad's
    recipient: str | None = None
    end_date: str | None = None
    parent: str | None = None  # a sub-event's parent row
    reported_mode: str | None = None
    target_inferred: str | None = None
    factuality_author: str | None = None
    confidence: str | None = None
    comment: str | None = None


@dataclass(frozen=True)
class Entity:
    """An actors table: each actor as a PLOVER entity."""

    name: str
    country: str | None = None
    identifier: str | None = None  # a Wikidata QID
    actor_code: str | None = None  # a CAMEO actor code, split in 3-letter blocks


@dataclass(frozen=True)
class Citation:
    """A source-texts table: what a record's cite_info says of its source."""

    publisher: str | None = None
    language: str | None = None
    title: str | None = None
    url: str | None = None


@dataclass(frozen=True)
class Scale:
    """The PLOVER types table: each type and mode's quad class and score."""

    quad_class: str
    score: str


@dataclass(frozen=True)
class Goldstein:
    """A table of Goldstein values by CAMEO code."""

    cameo: str
    value: str


@dataclass(frozen=True)
class Plover:
    record: Record | None = None
    entity: Entity | None = None
    citation: Citation | None = None
    scale: Scale | None = None
    goldstein: Goldstein | None = None
    context: str | None = None  # the crosswalk's PLOVER context column
    cameo_name: str | None = None  # the CAMEO vocabulary's name column
    shared_roles: tuple[str, ...] = ()  # participant roles that are all sides when none acts


# each role object: its JSON keys and the model's names, the required ones first
_PARTS: dict[str, type] = {
    "record": Record,
    "entity": Entity,
    "citation": Citation,
    "scale": Scale,
    "goldstein": Goldstein,
}


def camel(name: str) -> str:
    """A Python name as the schemas spell it: source_text -> sourceText."""
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


def read_plover(raw: object, table: str, column: Callable[[object, str], str]) -> Plover | None:
    """The `plover` declaration of a schema, each column a field of the table (`column` vets
    one), or invalid-schema saying what is wrong."""
    if raw is None:
        return None
    where = f"{table}: plover"
    keys = {*_PARTS, "context", "cameoName", "sharedRoles"}
    if not isinstance(raw, dict) or not raw or set(raw) - keys:
        raise PackageError.of("invalid-schema", "plover-not-roles", where=where, keys=sorted(keys))
    found: dict[str, Any] = {}
    for name, kind in _PARTS.items():
        if name in raw:
            found[name] = _part(raw[name], kind, f"{where}.{name}", column)
    for key, attr in (("context", "context"), ("cameoName", "cameo_name")):
        if key in raw:
            found[attr] = column(raw[key], f"plover.{key}")
    if "sharedRoles" in raw:
        roles = raw["sharedRoles"]
        if not isinstance(roles, list) or not all(isinstance(r, str) and r for r in roles):
            raise PackageError.of("invalid-schema", "plover-shared-roles", where=where)
        found["shared_roles"] = tuple(roles)
    return Plover(**found)


def _part(raw: object, kind: type, where: str, column: Callable[[object, str], str]) -> Any:
    """One role object: its keys the dataclass's fields in camelCase, values columns (but a
    record's `kind`)."""
    names = {camel(f.name): f for f in fields(kind)}
    required = {k for k, f in names.items() if f.default is not None}
    if not isinstance(raw, dict) or not required <= set(raw) or set(raw) - set(names):
        raise PackageError.of(
            "invalid-schema",
            "plover-role-keys",
            where=where,
            required=sorted(required),
            names=sorted(names),
        )
    values = {}
    for key, value in raw.items():
        if key == "kind":
            if value not in RECORD_KINDS:
                raise PackageError.of(
                    "invalid-schema", "plover-record-kind", where=where, kinds=RECORD_KINDS
                )
            values["kind"] = value
        else:
            values[names[key].name] = column(value, f"{where.split(': ')[1]}.{key}")
    return kind(**values)
