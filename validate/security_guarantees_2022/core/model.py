"""The typed model of a Table Schema: fields, keys and declared rules, vetted once when loaded.

Everything that reads a schema (the rules, the screen, the loader, the exports, the docs) asks
this model: a field's constraints are a typed Constraints, and what its type means (polars,
pandas, Arrow, SQL and Spark types, how it reads, its bounds and formats) is its FieldType,
declared once per type in core/field_types.py. A schema frictionless accepts is accepted: a missing
`type` is a string, `primaryKey` and a foreign key's `fields` may be a name or a list of names.
"""

from __future__ import annotations

import contextlib
import dataclasses
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, NamedTuple

from .field_types import REFUSED_TYPES, TYPES, FieldType, bound_fits
from .plover_roles import Plover, read_plover
from .report import PackageError

if TYPE_CHECKING:
    import polars as pl


NUMBER_PROPERTIES = {"decimalChar": str, "groupChar": str, "bareNumber": bool}
DEFAULT_TRUE = ("true", "True", "TRUE", "1")
DEFAULT_FALSE = ("false", "False", "FALSE", "0")
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
FIELDS_MATCH = ("exact", "equal", "subset", "superset", "partial")
MAX_FIELDS = 1_000  # a package of many articles is many rows of a few tables, not wide ones
CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_RESERVED = re.compile(r"^__")  # the validator's own working columns start with two underscores
# Each constraint's Table Schema name and the attribute of Constraints that holds it
CONSTRAINT_ATTRIBUTES = {
    "required": "required",
    "unique": "unique",
    "enum": "enum",
    "pattern": "pattern",
    "minimum": "minimum",
    "maximum": "maximum",
    "minLength": "min_length",
    "maxLength": "max_length",
}


@dataclass(frozen=True)
class Constraints:
    """A field's constraints, vetted and typed once when the schema is loaded: a constraint not
    declared is None (False for required and unique). A number's or integer's bounds are
    numbers, other bounds the text the schema writes (read as the field's type by cells.bound)."""

    required: bool = False
    unique: bool = False
    enum: tuple[str | int | float, ...] | None = None
    pattern: str | None = None
    minimum: int | float | str | None = None
    maximum: int | float | str | None = None
    min_length: int | None = None
    max_length: int | None = None
    declared: tuple[str, ...] = ()  # their Table Schema names, in the schema's order

    def as_written(self) -> dict[str, Any]:
        """Each declared constraint by its Table Schema name, in the schema's order (an enum as
        a list): what the docs show and `diff` compares."""
        values = {name: getattr(self, CONSTRAINT_ATTRIBUTES[name]) for name in self.declared}
        if self.enum is not None:
            values["enum"] = list(self.enum)
        return values

    def bound(self, name: str) -> int | float | str | None:
        """`minimum` or `maximum`, by its Table Schema name."""
        value: int | float | str | None = getattr(self, CONSTRAINT_ATTRIBUTES[name])
        return value

    def with_required(self) -> Constraints:
        """The same constraints, required (a primary key's fields)."""
        declared = self.declared if "required" in self.declared else (*self.declared, "required")
        return dataclasses.replace(self, required=True, declared=declared)


@dataclass(frozen=True)
class Field:
    name: str
    type: str
    format: str | None
    constraints: Constraints
    true_values: tuple[str, ...]
    false_values: tuple[str, ...]
    descriptor: dict[str, Any]  # as written: title, description and any other property
    missing_values: tuple[str, ...] | None = None  # the field's own; None: the schema's

    @property
    def docs(self) -> dict[str, Any]:
        """What documents the field (title, description, example), as written; absent: None."""
        return {key: self.descriptor.get(key) for key in ("title", "description", "example")}

    @property
    def decimal_char(self) -> str:
        return str(self.descriptor.get("decimalChar", "."))

    @property
    def group_char(self) -> str | None:
        return self.descriptor.get("groupChar")

    @property
    def bare_number(self) -> bool:
        return bool(self.descriptor.get("bareNumber", True))

    @property
    def reads_plain(self) -> bool:
        """A number or integer written as the default lexical form (no decimalChar, groupChar
        or bareNumber of its own): then the fast cast reads it."""
        return self.decimal_char == "." and self.group_char is None and self.bare_number

    @property
    def required(self) -> bool:
        return self.constraints.required

    @property
    def unique(self) -> bool:
        return self.constraints.unique

    @property
    def enum(self) -> list[Any] | None:
        return None if self.constraints.enum is None else list(self.constraints.enum)

    @property
    def pattern(self) -> str | None:
        return self.constraints.pattern

    @property
    def title(self) -> str | None:
        return self.descriptor.get("title")

    @property
    def description(self) -> str | None:
        return self.descriptor.get("description")

    @property
    def types(self) -> FieldType:
        return TYPES[self.type]

    @property
    def polars_type(self) -> pl.DataType:
        import polars as pl

        dtype: pl.DataType = getattr(pl, self.types.polars)()
        return dtype


class ForeignKey(NamedTuple):
    """(fields, resource, reference): unpacks like the triple it is."""

    fields: tuple[str, ...]
    resource: str  # the referenced resource, self-references resolved to the table's own name
    reference: tuple[str, ...]


@dataclass(frozen=True)
class Span:
    """Columns that locate a row's text in a source: text == source[start:end], in code points."""

    source: str  # a foreign key into a table that declares `sourceText`
    start: str
    end: str
    text: str


@dataclass(frozen=True)
class SourceText:
    """Columns of a table whose rows are source texts: the file, its checksum, length and date."""

    path: str
    sha256: str | None = None
    chars: str | None = None
    published: str | None = None


@dataclass(frozen=True)
class Scheduled:
    """Rows whose `field` holds `value` are announced: their `start` must follow publication."""

    field: str
    value: str
    start: str


@dataclass(frozen=True)
class Publication:
    """Dates no later than the publication of the source the `source` column names."""

    source: str
    fields: tuple[str, ...]
    scheduled: Scheduled | None = None


@dataclass(frozen=True)
class Coding:
    """Columns of an event coding: a CAMEO code, a PLOVER type and its mode (both optional where
    a table has no such column)."""

    cameo: str | None
    type: str
    mode: str | None = None
    mode_reason: str | None = None  # a row's reason for a mode other than the crosswalk's
    itself: str | None = None  # the mode value that stands for the type itself (no mode)


@dataclass(frozen=True)
class Evidence:
    """Columns quoting the source the `source` column names: each fragment of a value (split at
    EVIDENCE_SEPARATORS) occurs verbatim in that source's text."""

    source: str  # a foreign key into a table that declares `sourceText`
    fields: tuple[str, ...]


# What separates the fragments of one evidence value; each fragment is quoted on its own.
EVIDENCE_SEPARATORS = (" … ", "; ")


@dataclass(frozen=True)
class Dyad:
    """Rows naming an `actor` of an `event` in a `role`: a role among `sources` is one side of
    the event, one among `targets` the other, and no actor is on both sides of one event."""

    event: str
    actor: str
    role: str
    sources: tuple[str, ...]
    targets: tuple[str, ...]


@dataclass(frozen=True)
class Occurrence:
    """A row with an event `code` and a `status` among `occurred` is exported as an event that
    happened: its `factuality` must be one of `committed`."""

    code: str
    status: str
    occurred: tuple[str, ...]
    factuality: str
    committed: tuple[str, ...]


@dataclass(frozen=True)
class AsGiven:
    """A typed date, its precision, and the date as given: ISO 8601 at that precision."""

    date: str
    precision: str
    as_given: str


# each precision: its date as ISO 8601 writes it, and the period whose first day types it (a
# precision not listed, such as unknown, has no date)
PRECISIONS = {"day": ("%Y-%m-%d", "day"), "month": ("%Y-%m", "month"), "year": ("%Y", "year")}


@dataclass(frozen=True)
class Checks:
    """The domain rules a Table Schema declares under `checks`; each check reads these."""

    span: Span | None = None
    source_text: SourceText | None = None
    inside: tuple[str, ...] = ()  # foreign keys to a spanned row whose span must hold this one
    reported_by: str | None = None  # the same, for a reporting statement (and it must be named)
    not_after_publication: Publication | None = None
    date_order: tuple[tuple[str, str], ...] = ()  # (start, end): the end never precedes
    date_as_given: tuple[AsGiven, ...] = ()  # the date as given agrees with date and precision
    coding: Coding | None = None  # a coded table: checked against the crosswalk
    crosswalk: Coding | None = None  # the CAMEO→PLOVER crosswalk table
    plover_types: Coding | None = None  # the table of PLOVER types and modes that exist
    cameo_codes: str | None = None  # the CAMEO vocabulary's code column: parents must exist
    evidence: Evidence | None = None  # quotes of the row's source, each fragment verbatim
    dyad: Dyad | None = None  # an event's participants: no actor on both sides
    occurrence: Occurrence | None = None  # a coded event that happened is a committed one


@dataclass(frozen=True)
class Schema:
    fields: tuple[Field, ...]
    primary_key: tuple[str, ...]
    foreign_keys: tuple[ForeignKey, ...]
    missing_values: tuple[str, ...]
    descriptor: dict[str, Any]  # as written (a string primaryKey stays a string here)
    checks: Checks = Checks()
    plover: Plover | None = None  # the table's roles in the PLOVER export
    fields_match: str = "exact"  # how a table's header maps to the fields (FIELDS_MATCH)

    def field(self, name: str) -> Field | None:
        return next((f for f in self.fields if f.name == name), None)

    def declared(self, key: str) -> dict[str, Any]:
        """A schema's own declaration (`checks`, `plover`) as written, rule by rule; absent: {}."""
        value = self.descriptor.get(key)
        return value if isinstance(value, dict) else {}

    def header_fits(self, header: list[str]) -> bool:
        """Whether a table's header raises no column issue under `fieldsMatch`: exact (the
        fields, in order), equal (the fields, in any order), subset (all the fields, and maybe
        more), superset (only fields, maybe not all), partial (at least one field)."""
        names = [f.name for f in self.fields]
        if self.fields_match == "exact":
            return header == names
        have, want = set(header), set(names)
        return {
            "equal": have == want,
            "subset": want <= have,
            "superset": have <= want,
            "partial": bool(have & want),
        }[self.fields_match]

    @property
    def names(self) -> list[str]:
        return [f.name for f in self.fields]


def build_schema(raw: object, table: str) -> Schema:
    """The model of one Table Schema, or invalid-schema saying what is wrong with it."""
    if not isinstance(raw, dict) or not isinstance(raw.get("fields"), list) or not raw["fields"]:
        raise PackageError.of("invalid-schema", "no-fields", table=table)
    if len(raw["fields"]) > MAX_FIELDS:
        raise PackageError.of("too-large", "too-many-fields", table=table, limit=MAX_FIELDS)
    fields = _fields(raw["fields"], table)
    fields_match = raw.get("fieldsMatch", "exact")
    if fields_match not in FIELDS_MATCH:
        raise PackageError.of(
            "invalid-schema",
            "bad-fields-match",
            table=table,
            value=fields_match,
            allowed=FIELDS_MATCH,
        )
    primary_key = _primary_key(raw, table, {f.name for f in fields})
    return Schema(
        fields=_keys_required(fields, primary_key),
        primary_key=primary_key,
        foreign_keys=_foreign_keys(raw, table),
        missing_values=missing_tokens(raw.get("missingValues", [""]), table),
        descriptor=raw,
        checks=_declared_checks(raw.get("checks", {}), table, {f.name: f.type for f in fields}),
        plover=read_plover(raw.get("plover"), table, _column_of(table, fields)),
        fields_match=fields_match,
    )


def _column_of(table: str, fields: tuple[Field, ...]) -> Callable[[object, str], str]:
    """A check that a declared value names one of the table's fields."""
    names = {f.name for f in fields}

    def column(value: object, what: str) -> str:
        if not isinstance(value, str) or value not in names:
            raise PackageError.of(
                "invalid-schema", "not-a-field", where=table, what=what, value=value
            )
        return value

    return column


def _declared_checks(raw: object, table: str, types: dict[str, str]) -> Checks:
    """`checks` as written, each named column a field of the type its rule needs."""
    where = f"{table}: checks"

    def column(value: object, what: str, *kinds: str) -> str:
        if not isinstance(value, str) or value not in types:
            raise PackageError.of(
                "invalid-schema", "not-a-field", where=where, what=what, value=value
            )
        if kinds and types[value] not in kinds:
            raise PackageError.of(
                "invalid-schema",
                "not-of-type",
                where=where,
                what=what,
                value=value,
                kinds=" or ".join(kinds),
            )
        return value

    def part(
        name: str,
        keys: dict[str, tuple[str, ...]],
        required: set[str],
        values: frozenset[str] = frozenset(),
    ) -> dict[str, Any]:
        """A declared rule's keys: columns, but for `values`, which hold a non-empty string."""
        value = raw.get(name) if isinstance(raw, dict) else None
        if not isinstance(value, dict) or not required <= set(value) or set(value) - set(keys):
            raise PackageError.of(
                "invalid-schema",
                "check-keys",
                where=where,
                name=name,
                required=sorted(required),
                keys=sorted(keys),
            )
        for k in values & set(value):
            if not isinstance(value[k], str) or not value[k]:
                raise PackageError.of(
                    "invalid-schema", "not-a-string", where=where, key=f"{name}.{k}"
                )
        return {
            k: v if k in values else column(v, f"{name}.{k}", *keys[k]) for k, v in value.items()
        }

    if not isinstance(raw, dict) or set(raw) - _CHECK_NAMES:
        raise PackageError.of(
            "invalid-schema", "checks-not-object", where=where, names=sorted(_CHECK_NAMES)
        )
    found: dict[str, Any] = {}
    if "span" in raw:
        span_keys = {"source": (), "start": ("integer",), "end": ("integer",), "text": ("string",)}
        found["span"] = Span(**part("span", span_keys, set(span_keys)))
    if "sourceText" in raw:
        text_keys = {"path": ("string",), "sha256": ("string",), "chars": ("integer",)}
        found["source_text"] = SourceText(
            **part("sourceText", {**text_keys, "published": ("date",)}, {"path"})
        )
    for name in ("inside", "dateOrder"):
        if name in raw and not isinstance(raw[name], list):
            raise PackageError.of("invalid-schema", "not-a-list", where=where, name=name)
    found["inside"] = tuple(column(v, "inside") for v in raw.get("inside", []))
    if "reportedBy" in raw:
        found["reported_by"] = column(raw["reportedBy"], "reportedBy")
    for pair in raw.get("dateOrder", []):
        if not isinstance(pair, list) or len(pair) != 2:
            raise PackageError.of("invalid-schema", "date-order-pairs", where=where)
    found["date_order"] = tuple(
        (column(a, "dateOrder", "date"), column(b, "dateOrder", "date"))
        for a, b in raw.get("dateOrder", [])
    )
    if "dateAsGiven" in raw:
        found["date_as_given"] = _as_given(raw["dateAsGiven"], where, column)
    if "notAfterPublication" in raw:
        found["not_after_publication"] = _publication(raw["notAfterPublication"], where, column)
    text = ("string",)
    for name, key in (("coding", "coding"), ("crosswalk", "crosswalk")):
        if name in raw:
            keys: dict[str, tuple[str, ...]] = {"cameo": text, "type": text, "mode": text}
            if name == "coding":  # a row's own reason to depart from the crosswalk's mode
                keys["modeReason"] = text
            coded = part(name, keys, {"cameo", "type"})
            found[key] = Coding(
                coded["cameo"], coded["type"], coded.get("mode"), coded.get("modeReason")
            )
    if "ploverTypes" in raw:
        keys = {"type": text, "mode": text, "itself": ()}  # itself: the mode naming the type
        types = part("ploverTypes", keys, {"type"}, frozenset({"itself"}))
        found["plover_types"] = Coding(
            None, types["type"], types.get("mode"), itself=types.get("itself")
        )
    if "cameoCodes" in raw:
        found["cameo_codes"] = column(raw["cameoCodes"], "cameoCodes", "string")
    if "evidence" in raw:
        found["evidence"] = _evidence(raw["evidence"], where, column)
    if "dyad" in raw:
        found["dyad"] = _dyad(raw["dyad"], where, column)
    if "occurrence" in raw:
        found["occurrence"] = _occurrence(raw["occurrence"], where, column)
    return Checks(**found)


def _as_given(raw: object, where: str, column: Any) -> tuple[AsGiven, ...]:
    """`dateAsGiven`: [{"date": …, "precision": …, "asGiven": …}, …]."""
    keys = {"date", "precision", "asGiven"}
    if not isinstance(raw, list) or not all(isinstance(r, dict) and set(r) == keys for r in raw):
        raise PackageError.of("invalid-schema", "as-given-objects", where=where, keys=sorted(keys))
    return tuple(
        AsGiven(
            column(r["date"], "dateAsGiven.date", "date"),
            column(r["precision"], "dateAsGiven.precision", "string"),
            column(r["asGiven"], "dateAsGiven.asGiven", "string"),
        )
        for r in raw
    )


_CHECK_NAMES = {
    "span",
    "sourceText",
    "inside",
    "reportedBy",
    "notAfterPublication",
    "dateOrder",
    "dateAsGiven",
    "coding",
    "crosswalk",
    "ploverTypes",
    "cameoCodes",
    "evidence",
    "dyad",
    "occurrence",
}


def _object(raw: object, where: str, name: str, keys: set[str], lists: set[str]) -> dict[str, Any]:
    """A declaration that is an object of exactly `keys`, those in `lists` non-empty lists of
    strings, each once (the others are checked as columns by the caller)."""
    if not isinstance(raw, dict) or set(raw) != keys:
        raise PackageError.of(
            "invalid-schema", "needs-exactly", where=where, name=name, keys=sorted(keys)
        )
    for key in sorted(lists):
        value = raw[key]
        if not _strings(value) or not value or len(set(value)) != len(value):
            raise PackageError.of(
                "invalid-schema", "not-distinct-strings", where=where, name=name, key=key
            )
    return raw


def _evidence(raw: object, where: str, column: Any) -> Evidence:
    raw = _object(raw, where, "evidence", {"source", "fields"}, {"fields"})
    fields = tuple(column(f, "evidence.fields", "string") for f in raw["fields"])
    return Evidence(column(raw["source"], "evidence.source"), fields)


def _dyad(raw: object, where: str, column: Any) -> Dyad:
    keys = {"event", "actor", "role", "sources", "targets"}
    raw = _object(raw, where, "dyad", keys, {"sources", "targets"})
    both = set(raw["sources"]) & set(raw["targets"])
    if both:
        raise PackageError.of("invalid-schema", "dyad-both-sides", where=where, roles=sorted(both))
    return Dyad(
        column(raw["event"], "dyad.event"),
        column(raw["actor"], "dyad.actor"),
        column(raw["role"], "dyad.role", "string"),
        tuple(raw["sources"]),
        tuple(raw["targets"]),
    )


def _occurrence(raw: object, where: str, column: Any) -> Occurrence:
    keys = {"code", "status", "occurred", "factuality", "committed"}
    raw = _object(raw, where, "occurrence", keys, {"occurred", "committed"})
    return Occurrence(
        column(raw["code"], "occurrence.code"),
        column(raw["status"], "occurrence.status", "string"),
        tuple(raw["occurred"]),
        column(raw["factuality"], "occurrence.factuality", "string"),
        tuple(raw["committed"]),
    )


def _publication(raw: object, where: str, column: Any) -> Publication:
    if (
        not isinstance(raw, dict)
        or not {"source", "fields"} <= set(raw) <= {"source", "fields", "scheduled"}
        or not isinstance(raw["fields"], list)
    ):
        raise PackageError.of("invalid-schema", "publication-keys", where=where)
    scheduled = raw.get("scheduled")
    if scheduled is not None:
        if not isinstance(scheduled, dict) or set(scheduled) != {"field", "value", "start"}:
            raise PackageError.of("invalid-schema", "scheduled-keys", where=where)
        if not isinstance(scheduled["value"], str):
            raise PackageError.of(
                "invalid-schema", "not-a-string", where=where, key="scheduled.value"
            )
        scheduled = Scheduled(
            column(scheduled["field"], "scheduled.field"),
            scheduled["value"],
            column(scheduled["start"], "scheduled.start", "date"),
        )
    return Publication(
        column(raw["source"], "notAfterPublication.source"),
        tuple(column(f, "notAfterPublication.fields", "date") for f in raw["fields"]),
        scheduled,
    )


def _fields(raw_fields: list[Any], table: str) -> tuple[Field, ...]:
    """Every property the validator reads has the JSON type Table Schema gives it."""
    fields: list[Field] = []
    for raw in raw_fields:
        if not isinstance(raw, dict) or not isinstance(raw.get("name"), str) or not raw["name"]:
            raise PackageError.of("invalid-schema", "field-without-name", table=table)
        name = raw["name"]
        where = f"resource {table!r}: field {name!r}"
        if CONTROL.search(name) or _RESERVED.match(name):
            raise PackageError.of("invalid-schema", "bad-field-name", where=where)
        if any(f.name == name for f in fields):
            raise PackageError.of("invalid-schema", "field-twice", where=where)
        kind, fmt = raw.get("type", "string"), raw.get("format")
        if not isinstance(kind, str) or not isinstance(fmt, str | None):
            raise PackageError.of("invalid-schema", "type-not-string", where=where)
        if fmt is not None and fmt.startswith("fmt:"):  # Table Schema v1: the prefix is removed
            fmt = fmt.removeprefix("fmt:")
        if kind in REFUSED_TYPES:
            raise PackageError.of("unsupported-property", "refused-type", where=where, kind=kind)
        if kind not in TYPES:
            raise PackageError.of("invalid-schema", "unknown-type", where=where, kind=kind)
        _vet_format(kind, fmt, where)
        _vet_number(kind, raw, where)
        for values in ("trueValues", "falseValues"):
            if values in raw and not _strings(raw[values]):
                raise PackageError.of("invalid-schema", "not-strings", where=where, name=values)
        written = raw.get("constraints", {})
        if not isinstance(written, dict):
            raise PackageError.of("invalid-schema", "constraints-not-object", where=where)
        constraints = _numeric_bounds(TYPES[kind], written)
        _vet_constraints(kind, constraints, where, fmt)
        fields.append(
            Field(
                name=name,
                type=kind,
                format=fmt,
                constraints=_constraints(constraints),
                true_values=tuple(raw.get("trueValues", DEFAULT_TRUE)),
                false_values=tuple(raw.get("falseValues", DEFAULT_FALSE)),
                descriptor=raw,
                missing_values=(
                    missing_tokens(raw["missingValues"], where) if "missingValues" in raw else None
                ),
            )
        )
    return tuple(fields)


def _constraints(vetted: dict[str, Any]) -> Constraints:
    """The vetted constraints as the model's object (an enum as a tuple)."""
    values = {CONSTRAINT_ATTRIBUTES[k]: v for k, v in vetted.items()}
    if "enum" in values:
        values["enum"] = tuple(values["enum"])
    return Constraints(**values, declared=tuple(vetted))


def _numeric_bounds(ftype: FieldType, constraints: dict[str, Any]) -> dict[str, Any]:
    """A number's or integer's bounds as numbers: Table Schema lets a bound be written as a
    string the field's type reads ("100")."""
    cast = {"integer": int, "number": float}.get(ftype.value or "")
    bounds = {k: v for k, v in constraints.items() if k in ("minimum", "maximum")}
    if cast is None or not any(isinstance(v, str) for v in bounds.values()):
        return constraints
    read = dict(constraints)
    for key, value in bounds.items():
        if isinstance(value, str) and re.fullmatch(r"[+-]?\d+(\.\d+)?([eE][+-]?\d+)?", value):
            with contextlib.suppress(ValueError):  # "1.5" for an integer: refused as not fitting
                read[key] = cast(value)
    return read


def missing_tokens(raw: object, where: str) -> tuple[str, ...]:
    """missingValues as the tokens read as null: a list of strings, or (Table Schema v2) of
    {"value": …, "label": …} objects, whose labels say why and change nothing here."""
    if isinstance(raw, list) and all(
        isinstance(v, dict) and isinstance(v.get("value"), str) and set(v) <= {"value", "label"}
        for v in raw
    ):
        raw = [v["value"] for v in raw]
    if not _strings(raw):
        raise PackageError.of("invalid-schema", "bad-missing-values", where=where)
    assert isinstance(raw, list)
    return tuple(raw)


def _vet_format(kind: str, fmt: str | None, where: str) -> None:
    """A format the standard defines for the type; `wkt` is refused, an unknown one invalid."""
    if fmt is None or fmt == "default":
        return
    ftype = TYPES[kind]
    if fmt in ftype.refused_formats:
        raise PackageError.of("unsupported-property", "refused-format", where=where, fmt=fmt)
    if fmt in ftype.formats or (ftype.strptime and "%" in fmt):
        return
    if ftype.strptime:
        raise PackageError.of(
            "invalid-schema", "unknown-date-format", where=where, fmt=fmt, kind=kind
        )
    raise PackageError.of("invalid-schema", "unknown-format", where=where, fmt=fmt, kind=kind)


def _vet_number(kind: str, raw: dict[str, Any], where: str) -> None:
    """decimalChar (numbers), groupChar and bareNumber (numbers and integers), of their types."""
    allowed = TYPES[kind].number_properties
    for key, of in NUMBER_PROPERTIES.items():
        if key not in raw:
            continue
        value = raw[key]
        if key not in allowed:
            continue  # descriptive on another type, as frictionless reads it
        if not isinstance(value, of) or (isinstance(value, str) and not _marks(value)):
            raise (
                PackageError.of("invalid-schema", "not-a-mark", where=where, key=key)
                if of is str
                else PackageError.of("invalid-schema", "not-a-boolean", where=where, key=key)
            )
    if "decimalChar" in allowed and raw.get("decimalChar", ".") == raw.get("groupChar"):
        raise PackageError.of("invalid-schema", "same-marks", where=where)


def _marks(value: str) -> bool:
    """A decimal or group mark: some characters, none a digit, sign or line break."""
    return bool(value) and not re.search(r"[0-9+\-\r\n]", value)


def _vet_constraints(
    kind: str, constraints: dict[str, Any], where: str, fmt: str | None = None
) -> None:
    from .properties import CONSTRAINT_APPLIES, CONSTRAINTS, refusal

    unknown = set(constraints) - set(CONSTRAINT_TYPES)
    for name in sorted(unknown & set(CONSTRAINTS)):  # a standard constraint not implemented
        raise refusal(f"{where}: constraints.", name, "default", constraints[name])
    if unknown:
        raise PackageError.of(
            "invalid-schema", "unknown-constraints", where=where, names=sorted(unknown)
        )
    for name in sorted(constraints):
        if name in CONSTRAINT_APPLIES and kind not in CONSTRAINT_APPLIES[name]:
            raise PackageError.of(
                "invalid-schema", "constraint-not-applicable", where=where, name=name, kind=kind
            )
    for key, value in constraints.items():
        kinds = CONSTRAINT_TYPES[key]
        if not isinstance(value, kinds) or (isinstance(value, bool) and bool not in kinds):
            raise PackageError.of(
                "invalid-schema", "constraint-wrong-type", where=where, name=key, value=value
            )
    enum = constraints.get("enum", [])
    if any(not isinstance(v, str | int | float) for v in enum):
        raise PackageError.of("invalid-schema", "enum-not-scalars", where=where)
    if len({str(v) for v in enum}) != len(enum):
        raise PackageError.of("invalid-schema", "enum-repeats", where=where)
    for key in ("minimum", "maximum"):
        if key in constraints and TYPES[kind].value == "unordered":  # P1M, P30D: no order
            raise refusal(
                f"{where}: constraints.", f"{key} of a duration", "default", constraints[key]
            )
        if key in constraints and not bound_fits(TYPES[kind], fmt, constraints[key]):
            raise PackageError.of(
                "invalid-schema",
                "bound-not-fitting",
                where=where,
                name=key,
                value=constraints[key],
                kind=kind,
            )


def _keys_required(fields: tuple[Field, ...], key: tuple[str, ...]) -> tuple[Field, ...]:
    """A primary key's fields cannot be null: "equivalent to adding required: true" (Table
    Schema), so each is required whatever its constraints say."""
    return tuple(
        dataclasses.replace(f, constraints=f.constraints.with_required())
        if f.name in key and not f.required
        else f
        for f in fields
    )


def _primary_key(raw: dict[str, Any], table: str, names: set[str]) -> tuple[str, ...]:
    key = raw.get("primaryKey")
    if key is None:
        return ()
    if not _name_or_names(key):
        raise PackageError.of("invalid-schema", "bad-primary-key", table=table)
    parts = names_of(key)
    if len(set(parts)) != len(parts):
        raise PackageError.of("invalid-schema", "primary-key-repeats", table=table, key=key)
    for part in parts:
        if part not in names:
            raise PackageError.of(
                "invalid-schema", "not-a-field", where=table, what="primary key field", value=part
            )
    return parts


def _foreign_keys(raw: dict[str, Any], table: str) -> tuple[ForeignKey, ...]:
    fks = raw.get("foreignKeys", [])
    if not isinstance(fks, list):
        raise PackageError.of("invalid-schema", "not-a-list", where=table, name="foreignKeys")
    keys = []
    for fk in fks:
        reference = fk.get("reference") if isinstance(fk, dict) else None
        if (
            not isinstance(reference, dict)
            or not _name_or_names(fk.get("fields"))
            or not _name_or_names(reference.get("fields"))
            or not isinstance(reference.get("resource", ""), str)
        ):
            raise PackageError.of("invalid-schema", "bad-foreign-key", table=table)
        if "package" in reference:
            if re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*://", str(reference["package"])):
                raise PackageError.of(
                    "unsafe-path", "remote-reference", table=table, package=reference["package"]
                )
            from .properties import refusal

            raise refusal(
                f"{table}: foreignKeys.", "reference.package", "default", reference["package"]
            )
        keys.append(
            ForeignKey(
                names_of(fk["fields"]),
                reference.get("resource") or table,
                names_of(reference["fields"]),
            )
        )
    return tuple(keys)


def names_of(value: str | list[str]) -> tuple[str, ...]:
    """A property that is a name or a list of names, as a tuple."""
    return (value,) if isinstance(value, str) else tuple(value)


def _strings(value: object) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


def _name_or_names(value: object) -> bool:
    return (isinstance(value, str) and bool(value)) or (bool(value) and _strings(value))
