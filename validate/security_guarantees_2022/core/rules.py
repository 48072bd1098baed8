"""Each Table Schema field as a list of rules: polars expressions that flag the cells breaking it.

The rules are written once and used twice: fused into one fast screen over every row
(validate/security_guarantees_2022/engines/screen.py), and as pandera checks that explain the rows the screen flags
(validate/security_guarantees_2022/core/schema_checks.py). Unknown types or constraints are refused, never skipped.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

import polars as pl

from . import cells
from .cells import STRING_FORMATS
from .field_types import compared_typed as typed_values
from .field_types import formatted
from .model import Field
from .report import PackageError
from .tables import typed_expr

URI = r"^[A-Za-z][A-Za-z0-9+.-]*:\S+$"  # RFC 3986: scheme ":" hier-part (mailto:, urn: too)


@dataclass(frozen=True)
class Rule:
    """`ok` holds for a good cell; nulls always pass (required is its own rule)."""

    code: str
    column: str
    ok: pl.Expr

    @property
    def bad(self) -> pl.Expr:
        return pl.col(self.column).is_not_null() & ~self.ok.fill_null(False)


def field_rules(field: Field) -> list[Rule]:
    """The type rule (if any) and one rule per value constraint of a field."""
    return [r for r in [_type_rule(field)] if r is not None] + _constraint_rules(field)


def format_pattern(field: Field) -> str | None:
    """The regex a string's format (uri, email, uuid, binary) asks a cell to match, if any."""
    return URI if field.format == "uri" else STRING_FORMATS.get(field.format or "")


def _type_rule(field: Field) -> Rule | None:
    """A text type (string, any) holds every cell but one its format refuses; another type,
    a cell of its lexical form (where a regex says it) that its reading types."""
    name, col = field.name, pl.col(field.name)
    if field.types.reading == "text":
        pattern = format_pattern(field)
        return None if pattern is None else Rule("type-error", name, col.str.contains(pattern))
    if field.types.reading == "boolean":
        return Rule("type-error", name, col.is_in(field.true_values + field.false_values))
    ok = typed_expr(field).is_not_null()
    if field.types.lexical is not None and not formatted(field.types, field.format):
        ok = col.str.contains(field.types.lexical) & ok
    return Rule("type-error", name, ok)


def _constraint_rules(field: Field) -> list[Rule]:
    name = field.name
    col = pl.col(name)
    constraints = field.constraints
    rules = []
    typed = typed_expr(field)
    if constraints.enum is not None:
        values = typed_enum(field)
        if values is None:
            allowed = [str(v) for v in constraints.enum]
            rules.append(Rule("constraint-enum", name, col.is_in(allowed)))
        else:
            rules.append(Rule("constraint-enum", name, typed.is_in(values)))
    if constraints.pattern is not None:
        rules.append(Rule("constraint-pattern", name, col.str.contains(_anchored(field))))
    if constraints.minimum is not None:
        low = cells.bound(field, constraints.minimum)
        rules.append(Rule("constraint-minimum", name, typed.is_null() | (typed >= low)))
    if constraints.maximum is not None:
        high = cells.bound(field, constraints.maximum)
        rules.append(Rule("constraint-maximum", name, typed.is_null() | (typed <= high)))
    if constraints.min_length is not None:
        n = constraints.min_length
        rules.append(Rule("constraint-length", name, col.str.len_chars() >= n))
    if constraints.max_length is not None:
        m = constraints.max_length
        rules.append(Rule("constraint-length", name, col.str.len_chars() <= m))
    return rules


def compared_typed(field: Field) -> bool:
    """Whether a value has more than one spelling (any integer or number: `1`, `01`, `1.0`; a
    date of a format, a datetime in a zone, a time): then enum and unique compare values, as
    Table Schema says constraints apply to logical values, not text. No bundled field is one."""
    return typed_values(field.types, field.format)


def unique_key(field: Field) -> pl.Expr:
    """What `unique` compares: the typed value where spellings differ, else the text."""
    return typed_expr(field) if compared_typed(field) else pl.col(field.name)


def unique_rule(field: Field) -> Rule:
    """`unique` over typed values, as a rule (pandera's own compares the text)."""
    key = unique_key(field)
    return Rule("constraint-unique", field.name, key.is_null() | ~key.is_duplicated())


def typed_enum(field: Field) -> list[Any] | None:
    """The enum as values of the field's type where compared_typed; None where the enum is
    compared as text."""
    kind = field.types.value
    if not compared_typed(field) or field.constraints.enum is None:
        return None
    values = []
    for value in field.constraints.enum:
        if kind in ("integer", "number") and not isinstance(value, str):
            if kind == "number":
                values.append(float(value))  # the column is Float64: 1 is 1.0
            elif float(value).is_integer():
                values.append(int(value))  # 2.0 is the integer 2; 2.5 matches no integer
            continue
        typed = pl.DataFrame({field.name: [str(value)]}).select(typed_expr(field)).item()
        if typed is None:
            raise PackageError.of(
                "invalid-schema",
                "enum-value-unread",
                field=field.name,
                value=value,
                kind=field.type,
            )
        values.append(typed)
    return values


def _anchored(field: Field) -> str:
    """The field's pattern anchored as the spec reads it; one polars cannot run is refused."""
    pattern = field.constraints.pattern
    if not _runs_in_polars(f"^(?:{pattern})$"):
        raise PackageError.of(
            "invalid-schema", "pattern-unsupported", field=field.name, pattern=pattern
        )
    return f"^(?:{pattern})$"


@functools.cache
def _runs_in_polars(pattern: str) -> bool:
    """Asked once per distinct pattern (many id columns share one)."""
    try:
        pl.Series([""]).str.contains(pattern)
    except pl.exceptions.PolarsError:
        return False
    return True


ENUM_SHOWN = 12  # a long enum is named once in the schema, not copied into every message


def shown_enum(values: list[Any]) -> str:
    if len(values) <= ENUM_SHOWN:
        return str(values)
    head = ", ".join(repr(v) for v in values[:ENUM_SHOWN])
    return f"[{head}, … {len(values) - ENUM_SHOWN} more in the schema]"


def rule_details(code: str, field: Field) -> dict[str, str]:
    """What a rule's message template (issue_codes) names: the type, enum, pattern or bound."""
    constraints = field.constraints
    if code == "type-error":
        if field.types.value == "date" and not formatted(field.types, field.format):
            return {"expected": "an ISO date YYYY-MM-DD that exists in the calendar"}
        if field.format not in (None, "default") or cells.is_special(field):
            return {"expected": cells.expected(field)}
        return {"expected": f"a valid {field.format or field.type}"}
    if code == "constraint-enum":
        return {"allowed": shown_enum(list(constraints.enum or ()))}
    if code == "constraint-pattern":
        return {"pattern": str(constraints.pattern)}
    if code in ("constraint-minimum", "constraint-maximum"):
        return {"bound": str(constraints.bound(code.removeprefix("constraint-")))}
    if code == "constraint-length":
        low, high = constraints.min_length, constraints.max_length
        return {"bounds": f"{'' if low is None else low}..{'' if high is None else high}"}
    return {}
