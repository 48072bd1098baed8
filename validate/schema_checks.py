"""Builds pandera schemas from the Table Schemas at run time and turns their failures into Issues.

pandera's own `from_frictionless_schema` maps dates to plain strings and drops formats and keys,
so the conversion is done here, strictly: unknown types or constraints are refused.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pandera.polars as pa
import polars as pl
from pandera.api.polars.types import PolarsData

from .descriptor import Resource
from .report import Issue, PackageError
from .tables import ISO_DATE, SUPPORTED_TYPES, true_false, typed_expr

KNOWN_CONSTRAINTS = {
    "required",
    "unique",
    "enum",
    "pattern",
    "minimum",
    "maximum",
    "minLength",
    "maxLength",
}
URI = r"^[A-Za-z][A-Za-z0-9+.-]*://\S+$"


def _check(code: str, ok: Callable[[pl.Expr], pl.Expr]) -> pa.Check:
    """A pandera check named by its issue code; nulls always pass (required is separate)."""

    def run(data: PolarsData) -> pl.LazyFrame:
        col = pl.col(data.key)
        return data.lazyframe.select(col.is_null() | ok(col).fill_null(False))

    return pa.Check(run, name=code)


def _type_check(field: dict[str, Any]) -> pa.Check | None:
    kind = field.get("type", "string")
    if kind not in SUPPORTED_TYPES:
        raise PackageError(
            "invalid-schema", f"field {field['name']!r}: type {kind!r} is not supported"
        )
    if kind == "string":
        if field.get("format") == "uri":
            return _check("type-error", lambda c: c.str.contains(URI))
        return None
    if kind == "boolean":
        trues, falses = true_false(field)
        return _check("type-error", lambda c: c.is_in(trues + falses))
    if kind == "date":
        return _check(
            "type-error", lambda c: c.str.contains(ISO_DATE) & typed_expr(field).is_not_null()
        )
    return _check("type-error", lambda c: typed_expr(field).is_not_null())


def _constraint_checks(field: dict[str, Any]) -> list[pa.Check]:
    constraints = field.get("constraints", {})
    unknown = set(constraints) - KNOWN_CONSTRAINTS
    if unknown:
        raise PackageError(
            "invalid-schema", f"field {field['name']!r}: unsupported constraints {sorted(unknown)}"
        )
    checks = []
    typed = typed_expr(field)
    if "enum" in constraints:
        allowed = [str(v) for v in constraints["enum"]]
        checks.append(_check("constraint-enum", lambda c: c.is_in(allowed)))
    if "pattern" in constraints:
        pattern = f"^(?:{constraints['pattern']})$"
        try:
            pl.Series([""]).str.contains(pattern)
        except pl.exceptions.PolarsError:
            raise PackageError(
                "invalid-schema",
                f"field {field['name']!r}: pattern {constraints['pattern']!r} "
                "is not supported (no look-around)",
            ) from None
        checks.append(_check("constraint-pattern", lambda c: c.str.contains(pattern)))
    if "minimum" in constraints:
        low = _bound(field, constraints["minimum"])
        checks.append(_check("constraint-minimum", lambda c: typed.is_null() | (typed >= low)))
    if "maximum" in constraints:
        high = _bound(field, constraints["maximum"])
        checks.append(_check("constraint-maximum", lambda c: typed.is_null() | (typed <= high)))
    if "minLength" in constraints:
        n = int(constraints["minLength"])
        checks.append(_check("constraint-length", lambda c: c.str.len_chars() >= n))
    if "maxLength" in constraints:
        m = int(constraints["maxLength"])
        checks.append(_check("constraint-length", lambda c: c.str.len_chars() <= m))
    return checks


def _bound(field: dict[str, Any], value: Any) -> Any:
    if field.get("type") == "date":
        return pl.lit(str(value)).str.to_date("%Y-%m-%d")
    return value


def build_schema(res: Resource) -> pa.DataFrameSchema:
    """One pandera schema per Table Schema; columns are read as text and checked for their type."""
    columns = {}
    for field in res.fields():
        constraints = field.get("constraints", {})
        checks = [c for c in [_type_check(field)] if c is not None] + _constraint_checks(field)
        columns[field["name"]] = pa.Column(
            pl.Utf8,
            nullable=not constraints.get("required", False),
            unique=bool(constraints.get("unique", False)),
            checks=checks,
        )
    return pa.DataFrameSchema(columns, strict=True, ordered=True, name=res.name)


_STRUCTURAL = {
    "column_in_dataframe": (
        "missing-column",
        "column {value!r} is declared in the schema but missing from the file",
    ),
    "column_in_schema": ("extra-column", "column {value!r} is in the file but not in the schema"),
    "column_ordered": ("column-order", "column {value!r} is out of the schema's order"),
    "not_nullable": ("missing-value", "a value is required"),
    "field_uniqueness": ("constraint-unique", "value must be unique in its column"),
}


def _message(code: str, field: dict[str, Any] | None) -> str:
    if field is None:
        return code
    constraints = field.get("constraints", {})
    kind = field.get("type", "string")
    if code == "type-error":
        if kind == "date":
            return "not an ISO date YYYY-MM-DD that exists in the calendar"
        if kind == "string":
            return f"not a valid {field.get('format', 'string')}"
        return f"not a valid {kind}"
    if code == "constraint-enum":
        return f"not one of {constraints['enum']}"
    if code == "constraint-pattern":
        return f"does not match the pattern {constraints['pattern']}"
    if code == "constraint-minimum":
        return f"below the minimum {constraints['minimum']}"
    if code == "constraint-maximum":
        return f"above the maximum {constraints['maximum']}"
    return code


def schema_issues(res: Resource, frame: pl.DataFrame) -> Iterator[Issue]:
    """Run the pandera schema lazily, so every failure is reported at once."""
    try:
        build_schema(res).validate(frame, lazy=True)
    except pa.errors.SchemaErrors as exc:
        cases = exc.failure_cases
    else:
        return
    for case in cases.iter_rows(named=True):
        check, column, value = case["check"], case["column"], case["failure_case"]
        index = case["index"]
        row = None if index is None else int(index) + 2
        if check in _STRUCTURAL:
            code, template = _STRUCTURAL[check]
            shown = value if column is None else column
            message = template.format(value=shown)
            if code in ("missing-column", "extra-column", "column-order"):
                yield Issue(code, res.name, message, column=str(value))
            else:
                yield Issue(code, res.name, message, row=row, column=column, value=value)
            continue
        yield Issue(
            check,
            res.name,
            _message(check, res.field(column or "")),
            row=row,
            column=column,
            value=value,
        )
