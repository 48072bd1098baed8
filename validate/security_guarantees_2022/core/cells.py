"""How a cell's text reads as the Table Schema types and properties no bundled table uses.

The temporal types (datetime, time, year, yearmonth, duration), `any`, the string formats
(email, uuid, binary) and date/time formats (`any`, strptime patterns), and a number's
decimalChar, groupChar and bareNumber, with the standard's lexical forms. Each is a polars
expression over the text column (core/tables.py `typed_expr` asks here only for a field that
uses one of them, so the bundled tables keep their own fast casts); the Spark engine reads the
same regular expressions (spark/columns.py).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import polars as pl

from .model import Field

# The lexical forms, as Rust regexes (the Spark engine runs them in Java: spark/columns.java)
CLOCK = r"([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\.[0-9]{1,9})?"  # no leap second, no 24:00
DATETIME = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T" + CLOCK + r"(Z|[+-][0-9]{2}:[0-9]{2})?$"
ZONED = r"(Z|[+-][0-9]{2}:[0-9]{2})$"
TIME = "^" + CLOCK + "$"
YEAR = r"^[0-9]{4}$"
YEARMONTH = r"^[0-9]{4}-(0[1-9]|1[0-2])$"
# P, then at least one part; a T is followed by at least one time part (checked beside the regex:
# the Rust engine has no look-ahead)
DURATION = (
    r"^P([0-9]+Y)?([0-9]+M)?([0-9]+W)?([0-9]+D)?(T([0-9]+H)?([0-9]+M)?([0-9]+(\.[0-9]+)?S)?)?$"
)
ATOM = r"[\p{L}\p{N}!#$%&'*+/=?^_`{|}~-]+"
LABEL = r"[\p{L}\p{N}]([\p{L}\p{N}-]*[\p{L}\p{N}])?"
# RFC 5322's dot-atom at a host name (RFC 6531: letters of any script): no empty part, a
# top-level name of two characters or more that starts with a letter (xn-- names too)
EMAIL = rf"^{ATOM}(\.{ATOM})*@({LABEL}\.)+\p{{L}}[\p{{L}}\p{{N}}-]*[\p{{L}}\p{{N}}]$"
UUID = r"^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$"
BINARY = r"^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$"  # base64
STRING_FORMATS = {"email": EMAIL, "uuid": UUID, "binary": BINARY}
# What `any` reads for a date (and, with a time of day, a datetime) beyond ISO 8601: the usual
# day-first, month-first and written-month forms
ANY_DATES: tuple[str, ...] = ("%Y-%m-%d", "%Y/%m/%d", "%d/%m/%Y", "%m/%d/%Y", "%d.%m.%Y")
ANY_DATES += ("%d %B %Y", "%B %d %Y", "%d %b %Y", "%b %d %Y", "%B %d, %Y", "%b %d, %Y")
ANY_TIMES: tuple[str, ...] = ("%H:%M:%S%.f", "%H:%M")
ISO_DATETIME = "%Y-%m-%dT%H:%M:%S%.f%:z"

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
    if field.type in ("integer", "number"):
        return not field.reads_plain
    if field.type == "date":
        return field.format not in (None, "default")
    return field.type in EXPECTED


def expected(field: Field) -> str:
    """What a type-error's message says the cell should be."""
    fmt = field.format
    if field.type in ("date", "time", "datetime") and fmt == "any":
        return f"a {field.type} (ISO 8601 or a usual written form)"
    if field.type in ("date", "time", "datetime") and fmt not in (None, "default"):
        return f"a {field.type} of the form {fmt}"
    if field.type in ("integer", "number") and not field.reads_plain:
        parts = [f"decimal mark {field.decimal_char!r}"] if field.type == "number" else []
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
    mark = field.decimal_char if field.type == "number" else "."
    if mark != ".":
        bad = col.str.contains(".", literal=True)
        col = pl.when(bad).then(None).otherwise(col.str.replace_all(mark, ".", literal=True))
    return col


def parse(field: Field, col: pl.Expr) -> pl.Expr:
    """The cell typed as the field's temporal type or `any`; null when it does not read."""
    kind, fmt = field.type, field.format
    if fmt not in (None, "default") and kind in ("date", "time", "datetime"):
        return _formatted(kind, fmt, col)
    if kind == "date":  # the default form is the fast path's; here only for a bound of a format
        return pl.when(col.str.contains(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")).then(
            col.str.to_date("%Y-%m-%d", strict=False)
        )
    if kind == "datetime":
        return pl.when(col.str.contains(DATETIME)).then(_iso_datetime(col))
    if kind == "time":
        return pl.when(col.str.contains(TIME)).then(col.str.to_time("%H:%M:%S%.f", strict=False))
    if kind == "year":
        return pl.when(col.str.contains(YEAR)).then(col.str.to_integer(strict=False))
    if kind == "yearmonth":
        return pl.when(col.str.contains(YEARMONTH)).then(col)
    if kind == "duration":
        whole = col.str.contains(DURATION) & (col != "P") & ~col.str.ends_with("T")
        return pl.when(whole).then(col)
    return col  # any: every value is one


def _iso_datetime(col: pl.Expr) -> pl.Expr:
    """An ISO 8601 datetime in UTC (a zone's offset applied; none given: UTC), without a zone."""
    zoned = pl.when(col.str.contains(ZONED)).then(col).otherwise(col + "+00:00")
    zoned = zoned.str.replace(r"Z$", "+00:00")
    stamp = zoned.str.to_datetime(ISO_DATETIME, strict=False, time_zone="UTC", time_unit="us")
    return stamp.dt.replace_time_zone(None)


def _formatted(kind: str, fmt: str, col: pl.Expr) -> pl.Expr:
    """A date, time or datetime of a strptime pattern, or of `any`: ISO 8601 or a usual form."""
    dtype: Any = {"date": pl.Date, "time": pl.Time, "datetime": pl.Datetime("us")}[kind]
    if fmt != "any":
        return col.str.strptime(dtype, fmt, strict=False)
    patterns: tuple[str, ...]
    if kind == "date":
        patterns = ANY_DATES
    elif kind == "time":
        patterns = ANY_TIMES
    else:
        patterns = tuple(f"{d} {t}" for d in ANY_DATES for t in ANY_TIMES)
        iso = pl.when(col.str.contains(DATETIME)).then(_iso_datetime(col))
        return pl.coalesce(iso, *(col.str.strptime(dtype, p, strict=False) for p in patterns))
    return pl.coalesce(*(col.str.strptime(dtype, p, strict=False) for p in patterns))


def bound_fits(kind: str, fmt: str | None, value: object) -> bool:
    """A minimum or maximum of a temporal type: a value the field itself would read."""
    if kind == "year" and isinstance(value, int) and not isinstance(value, bool):
        return 0 <= value <= 9999
    if not isinstance(value, str):
        return False
    if fmt not in (None, "default") and kind in ("date", "time", "datetime"):
        parsed = pl.select(_formatted(kind, str(fmt), pl.lit(value))).item()
        return parsed is not None
    if kind == "datetime":
        return bool(re.match(DATETIME, value)) and _iso_ok(value)
    if kind == "time":
        return bool(re.match(TIME, value)) and _iso_ok(f"2000-01-01T{value}")
    if kind == "year":
        return bool(re.match(YEAR, value))
    if kind == "yearmonth":
        return bool(re.match(YEARMONTH, value))
    return False


def _iso_ok(value: str) -> bool:
    try:
        dt.datetime.fromisoformat(re.sub(r"\.([0-9]{6})[0-9]+", r".\1", value))
    except ValueError:
        return False
    return True


def bound(field: Field, value: Any) -> pl.Expr:
    """A minimum or maximum as a literal of the field's typed column."""
    if field.type == "year":
        return pl.lit(int(value))
    return parse(field, pl.lit(str(value)))
