"""How a cell's text reads as its Table Schema type: one polars expression per reading.

READINGS holds one per FieldType.reading (core/field_types.py, where each type declares which): the
fast casts the bundled tables use (integer, number, boolean, ISO date), and the types and
properties no bundled table uses: the temporal types (datetime, time, year, yearmonth,
duration), `any`, the string formats (email, uuid, binary), date/time formats (`any`, strptime
patterns), and a number's decimalChar, groupChar and bareNumber, with the standard's lexical
forms (core/field_types.py). core/tables.py `typed_expr` reads every field through `parse`; the Spark
engine reads the same regular expressions (spark/columns.py).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import polars as pl

from .field_types import (
    DATETIME,
    DURATION,
    ISO_DATE,
    TIME,
    YEAR,
    YEARMONTH,
    formatted,
    iso_datetime,
    strptime,
)
from .model import Field

ATOM = r"[\p{L}\p{N}!#$%&'*+/=?^_`{|}~-]+"
LABEL = r"[\p{L}\p{N}]([\p{L}\p{N}-]*[\p{L}\p{N}])?"
# RFC 5322's dot-atom at a host name (RFC 6531: letters of any script): no empty part, a
# top-level name of two characters or more that starts with a letter (xn-- names too)
EMAIL = rf"^{ATOM}(\.{ATOM})*@({LABEL}\.)+\p{{L}}[\p{{L}}\p{{N}}-]*[\p{{L}}\p{{N}}]$"
UUID = r"^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$"
BINARY = r"^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$"  # base64
STRING_FORMATS = {"email": EMAIL, "uuid": UUID, "binary": BINARY}
EXPECTED = {
    "datetime": "an ISO 8601 date and time YYYY-MM-DDThh:mm:ss[.f][Z|±hh:mm]",
    "time": "an ISO 8601 time hh:mm:ss[.f]",
    "year": "a year YYYY",
    "yearmonth": "a year and month YYYY-MM",
    "duration": "an ISO 8601 duration such as P1Y2M3DT4H5M6S",
    "email": "an email address",
    "uuid": "a UUID such as 123e4567-e89b-12d3-a456-426614174000",
    "binary": "base64-encoded binary",
    "uri": "a valid uri",
}


def is_special(field: Field) -> bool:
    """Whether the field needs this module's reading (else today's fast cast reads it)."""
    if field.types.number_properties:
        return not field.reads_plain
    return field.types.special or formatted(field.types, field.format)


def expected(field: Field) -> str:
    """What a type-error's message says the cell should be."""
    fmt, marks = field.format, field.types.number_properties
    if formatted(field.types, fmt) and fmt == "any":
        return f"a {field.type} (ISO 8601 or a usual written form)"
    if formatted(field.types, fmt):
        return f"a {field.type} of the form {fmt}"
    if marks and not field.reads_plain:
        parts = [f"decimal mark {field.decimal_char!r}"] if "decimalChar" in marks else []
        if field.group_char is not None:
            parts.append(f"digits grouped by {field.group_char!r}")
        if not field.bare_number:
            parts.append("other characters allowed before and after")
        return f"a valid {field.type} ({', '.join(parts)})"
    if field.type == "string":
        return EXPECTED.get(field.format or "", "a string")
    return EXPECTED.get(field.type, f"a valid {field.type}")


def number_text(field: Field, col: pl.Expr) -> pl.Expr:
    """A number's or integer's text in the default lexical form: group marks dropped, the
    decimal mark a period (a period then is no number), other characters around it stripped."""
    if not field.bare_number:
        col = col.str.replace(r"^[^0-9+\-.]+", "").str.replace(r"[^0-9.]+$", "")
    if field.group_char is not None:
        col = col.str.replace_all(field.group_char, "", literal=True)
    mark = field.decimal_char if "decimalChar" in field.types.number_properties else "."
    if mark != ".":
        bad = col.str.contains(".", literal=True)
        col = pl.when(bad).then(None).otherwise(col.str.replace_all(mark, ".", literal=True))
    return col


def _integer(field: Field, col: pl.Expr) -> pl.Expr:
    return col.str.to_integer(strict=False).cast(field.polars_type)


def _number(field: Field, col: pl.Expr) -> pl.Expr:
    return col.cast(field.polars_type, strict=False)


def _boolean(field: Field, col: pl.Expr) -> pl.Expr:
    return (
        pl.when(col.is_in(field.true_values))
        .then(True)
        .when(col.is_in(field.false_values))
        .then(False)
        .otherwise(None)
        .cast(field.polars_type)
    )


def _date(field: Field, col: pl.Expr) -> pl.Expr:
    return pl.when(col.str.contains(ISO_DATE)).then(col.str.to_date("%Y-%m-%d", strict=False))


def _datetime(field: Field, col: pl.Expr) -> pl.Expr:
    return pl.when(col.str.contains(DATETIME)).then(iso_datetime(col))


def _time(field: Field, col: pl.Expr) -> pl.Expr:
    return pl.when(col.str.contains(TIME)).then(col.str.to_time("%H:%M:%S%.f", strict=False))


def _year(field: Field, col: pl.Expr) -> pl.Expr:
    return pl.when(col.str.contains(YEAR)).then(col.str.to_integer(strict=False))


def _yearmonth(field: Field, col: pl.Expr) -> pl.Expr:
    return pl.when(col.str.contains(YEARMONTH)).then(col)


def _duration(field: Field, col: pl.Expr) -> pl.Expr:
    whole = col.str.contains(DURATION) & (col != "P") & ~col.str.ends_with("T")
    return pl.when(whole).then(col)


def _text(field: Field, col: pl.Expr) -> pl.Expr:
    return col  # a string, or any: every value is one


# Each FieldType.reading (core/field_types.py): the cell's text typed; null where it does not read
READINGS: dict[str, Callable[[Field, pl.Expr], pl.Expr]] = {
    "integer": _integer,
    "number": _number,
    "boolean": _boolean,
    "date": _date,
    "datetime": _datetime,
    "time": _time,
    "year": _year,
    "yearmonth": _yearmonth,
    "duration": _duration,
    "text": _text,
}


def parse(field: Field, col: pl.Expr) -> pl.Expr:
    """The cell typed as the field's type and format; null when it does not read."""
    if formatted(field.types, field.format):
        return strptime(field.types.polars, str(field.format), col)
    return READINGS[field.types.reading](field, col)


def bound(field: Field, value: Any) -> pl.Expr | Any:
    """A minimum or maximum as a literal of the field's typed column (a number as it is)."""
    kind = field.types.value
    if kind in ("integer", "number"):
        return value
    if kind == "year":
        return pl.lit(int(value))
    if kind == "date" and not formatted(field.types, field.format):
        return pl.lit(str(value)).str.to_date("%Y-%m-%d")
    return parse(field, pl.lit(str(value)))
