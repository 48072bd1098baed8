"""Reads a CSV resource as text columns and casts it to the types its Table Schema declares."""

from __future__ import annotations

import csv
from typing import Any

import polars as pl
import pyarrow as pa
import pyarrow.csv as pacsv

from .descriptor import Resource

ISO_DATE = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
DEFAULT_TRUE = ["true", "True", "TRUE", "1"]
DEFAULT_FALSE = ["false", "False", "FALSE", "0"]
SUPPORTED_TYPES = {"string", "integer", "number", "boolean", "date"}


class TableReadError(Exception):
    """The CSV could not be parsed as a table."""


def missing_values(res: Resource) -> list[str]:
    assert res.schema is not None
    return list(res.schema.get("missingValues", [""]))


def _header(res: Resource) -> list[str]:
    with res.path.open(encoding="utf-8", newline="") as handle:
        return next(csv.reader(handle), [])


def read_text_frame(res: Resource) -> pl.DataFrame:
    """Every column as nullable text, so that a bad cell is reported, not fatal.

    pyarrow parses (it rejects rows with too few or too many cells); polars checks.
    """
    try:
        header = _header(res)
        table = pacsv.read_csv(
            res.path,
            parse_options=pacsv.ParseOptions(newlines_in_values=True),
            convert_options=pacsv.ConvertOptions(
                column_types={name: pa.string() for name in header},
                null_values=missing_values(res),
                strings_can_be_null=True,
                quoted_strings_can_be_null=True,
            ),
        )
    except (pa.ArrowInvalid, OSError, csv.Error, UnicodeDecodeError) as exc:
        raise TableReadError(str(exc).splitlines()[0]) from None
    if len(set(header)) != len(header):
        raise TableReadError(f"the header repeats a column name: {header}")
    frame = pl.from_arrow(table)
    assert isinstance(frame, pl.DataFrame)
    return frame


def true_false(field: dict[str, Any]) -> tuple[list[str], list[str]]:
    return list(field.get("trueValues", DEFAULT_TRUE)), list(
        field.get("falseValues", DEFAULT_FALSE)
    )


def typed_expr(field: dict[str, Any]) -> pl.Expr:
    """The column cast to its schema type; cells that do not parse become null."""
    col = pl.col(field["name"])
    kind = field.get("type", "string")
    if kind == "integer":
        return col.str.to_integer(strict=False).cast(pl.Int64)
    if kind == "number":
        return col.cast(pl.Float64, strict=False)
    if kind == "boolean":
        trues, falses = true_false(field)
        return (
            pl.when(col.is_in(trues))
            .then(True)
            .when(col.is_in(falses))
            .then(False)
            .otherwise(None)
            .cast(pl.Boolean)
        )
    if kind == "date":
        return (
            pl.when(col.str.contains(ISO_DATE))
            .then(col.str.to_date("%Y-%m-%d", strict=False))
            .otherwise(None)
        )
    return col


_POLARS_TYPES = {
    "integer": pl.Int64,
    "number": pl.Float64,
    "boolean": pl.Boolean,
    "date": pl.Date,
    "string": pl.Utf8,
}


def cast_frame(res: Resource, text: pl.DataFrame) -> pl.DataFrame:
    """Typed frame with every schema field present (absent columns become nulls, already reported)."""
    exprs = []
    for field in res.fields():
        kind = _POLARS_TYPES[field.get("type", "string")]
        if field["name"] in text.columns:
            exprs.append(typed_expr(field).alias(field["name"]))
        else:
            exprs.append(pl.lit(None, dtype=kind).alias(field["name"]))
    return text.select(exprs)
