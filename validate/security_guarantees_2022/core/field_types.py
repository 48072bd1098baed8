"""What each Table Schema type means, declared once: one FieldType per type.

A declaration says how each library that holds the tables spells the type (polars, pandas and
Arrow, SQLite, Spark), which of core/cells.py's readings turns a cell's text into it, how a
bound or enum value of it is written and compared, which formats and number properties it
takes, and how SQLite stores it. The model (core/model.py) vets a schema against these; the
readers (core/tables.py, core/cells.py, core/rules.py, the loader load.py, spark/columns.py,
release/exports.py) look a field's type up here rather than decide by its name. The lexical forms of the
temporal types live here too: the bounds a schema declares are read by them when it is loaded.
Nothing here imports polars or pyspark until asked (`--help` imports neither).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import polars as pl

# The lexical forms, as Rust regexes (the Spark engine runs them in Java: spark/columns.py)
ISO_DATE = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
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
# What `any` reads for a date (and, with a time of day, a datetime) beyond ISO 8601: the usual
# day-first, month-first and written-month forms
ANY_DATES: tuple[str, ...] = ("%Y-%m-%d", "%Y/%m/%d", "%d/%m/%Y", "%m/%d/%Y", "%d.%m.%Y")
ANY_DATES += ("%d %B %Y", "%B %d %Y", "%d %b %Y", "%b %d %Y", "%B %d, %Y", "%b %d, %Y")
ANY_TIMES: tuple[str, ...] = ("%H:%M:%S%.f", "%H:%M")
ISO_DATETIME = "%Y-%m-%dT%H:%M:%S%.f%:z"
# How a datetime (in UTC) and a time of day are stored as text: ISO of fixed width, which sorts
STORED_DATETIME, STORED_TIME = ("%Y-%m-%dT%H:%M:%S.%fZ", "%H:%M:%S.%f")  # Python's strftime
_DEFAULT = (None, "default")


@dataclass(frozen=True)
class FieldType:
    """One Table Schema type as each library that holds the tables spells it, and how it reads."""

    polars: str  # a polars dtype's name (resolved when asked: `--help` imports no polars)
    pandas: str  # the loader's dtype, which a release's Parquet gives back to pandas
    sql: str  # SQLite's storage class
    spark: str  # a pyspark.sql.types class's name (spark/columns.py resolves it)
    reading: str  # which of core/cells.py's READINGS (and spark/columns.py's) types a cell
    # how a minimum, maximum or enum value of the type is written (VALUES); None: unordered
    value: str | None = None
    formats: tuple[str, ...] = ()  # the formats the standard defines beyond `default`
    refused_formats: tuple[str, ...] = ()  # defined by the standard, not read here
    strptime: bool = False  # a format may also be a strptime pattern (the temporal types)
    typed_values: bool = False  # one value has several spellings: unique and enum compare values
    special: bool = False  # read by core/cells.py, never by the loader's fast casts
    number_properties: tuple[str, ...] = ()  # decimalChar, groupChar, bareNumber it reads
    stored: str | None = None  # how SQLite stores it as text (Python's strftime), if typed
    categorical: bool = False  # an enum makes the loader's column a pandas categorical of it
    lexical: str | None = None  # the default lexical form, where a regex says it


# How a bound or enum value is written per FieldType.value: a JSON integer or number; a year
# (an integer or its text); an ISO date (or one of the field's format); the text of a value the
# field reads; "unordered": no bound (P1M and P30D have no order without a date), refused.
VALUES = ("integer", "number", "year", "date", "text", "unordered")

TEMPORAL_FORMATS = ("any",)  # ISO 8601 or a usual written form
TYPES: dict[str, FieldType] = {
    "string": FieldType(
        "String",
        "string",
        "TEXT",
        "StringType",
        "text",
        formats=("email", "uri", "binary", "uuid"),
        refused_formats=("wkt",),
        categorical=True,
    ),
    "integer": FieldType(
        "Int64",
        "Int64",
        "INTEGER",
        "LongType",
        "integer",
        value="integer",
        typed_values=True,
        number_properties=("groupChar", "bareNumber"),
    ),
    "number": FieldType(
        "Float64",
        "Float64",
        "REAL",
        "DoubleType",
        "number",
        value="number",
        typed_values=True,
        number_properties=("decimalChar", "groupChar", "bareNumber"),
    ),
    "boolean": FieldType("Boolean", "boolean", "INTEGER", "BooleanType", "boolean"),
    # a calendar day, not a timestamp
    "date": FieldType(
        "Date",
        "date32[pyarrow]",
        "TEXT",
        "DateType",
        "date",
        value="date",
        formats=TEMPORAL_FORMATS,
        strptime=True,
        stored="%Y-%m-%d",
        lexical=ISO_DATE,
    ),
    # the types no bundled table uses: read only where a fork's schema declares them
    "datetime": FieldType(  # in UTC, naive (Spark: the session's zone, UTC)
        "Datetime",
        "timestamp[us][pyarrow]",
        "TEXT",
        "TimestampType",
        "datetime",
        value="text",
        formats=TEMPORAL_FORMATS,
        strptime=True,
        typed_values=True,
        special=True,
        stored=STORED_DATETIME,
        lexical=DATETIME,
    ),
    "time": FieldType(  # Spark has no time of day: hh:mm:ss[.ffffff] as text, which sorts
        "Time",
        "time64[us][pyarrow]",
        "TEXT",
        "StringType",
        "time",
        value="text",
        formats=TEMPORAL_FORMATS,
        strptime=True,
        typed_values=True,
        special=True,
        stored=STORED_TIME,
        lexical=TIME,
    ),
    "year": FieldType(
        "Int64", "Int64", "INTEGER", "LongType", "year", value="year", special=True, lexical=YEAR
    ),
    "yearmonth": FieldType(  # YYYY-MM as written
        "String",
        "string",
        "TEXT",
        "StringType",
        "yearmonth",
        value="text",
        special=True,
        lexical=YEARMONTH,
    ),
    "duration": FieldType(  # ISO 8601 as written: P1M is no fixed span
        "String", "string", "TEXT", "StringType", "duration", value="unordered", special=True
    ),
    "any": FieldType("String", "string", "TEXT", "StringType", "text"),
}
# Table Schema types the validator does not read: refused (unsupported-property), never read past
REFUSED_TYPES = ("array", "object", "geopoint", "geojson", "list")


def formatted(ftype: FieldType, fmt: str | None) -> bool:
    """Whether `fmt` is a format of a temporal type other than its default: then the cell is
    read by strptime (or `any`'s forms), its values compared typed."""
    return ftype.strptime and fmt not in _DEFAULT


def compared_typed(ftype: FieldType, fmt: str | None) -> bool:
    """Whether a value has more than one spelling (any integer or number: `1`, `01`, `1.0`; a
    date of a format, a datetime in a zone, a time): then enum and unique compare values, as
    Table Schema says constraints apply to logical values, not text."""
    return ftype.typed_values or formatted(ftype, fmt)


def iso_datetime(col: pl.Expr) -> pl.Expr:
    """An ISO 8601 datetime in UTC (a zone's offset applied; none given: UTC), without a zone."""
    import polars as pl

    zoned = pl.when(col.str.contains(ZONED)).then(col).otherwise(col + "+00:00")
    zoned = zoned.str.replace(r"Z$", "+00:00")
    stamp = zoned.str.to_datetime(ISO_DATETIME, strict=False, time_zone="UTC", time_unit="us")
    return stamp.dt.replace_time_zone(None)


def strptime(polars_type: str, fmt: str, col: pl.Expr) -> pl.Expr:
    """A date, time or datetime (by its polars dtype's name) of a strptime pattern, or of `any`:
    ISO 8601 or a usual form."""
    import polars as pl

    dtype: Any = pl.Datetime("us") if polars_type == "Datetime" else getattr(pl, polars_type)
    if fmt != "any":
        return col.str.strptime(dtype, fmt, strict=False)
    patterns = {
        "Date": ANY_DATES,
        "Time": ANY_TIMES,
        "Datetime": tuple(f"{d} {t}" for d in ANY_DATES for t in ANY_TIMES),
    }[polars_type]
    parsed = (col.str.strptime(dtype, p, strict=False) for p in patterns)
    if polars_type == "Datetime":
        return pl.coalesce(pl.when(col.str.contains(DATETIME)).then(iso_datetime(col)), *parsed)
    return pl.coalesce(*parsed)


def bound_fits(ftype: FieldType, fmt: str | None, value: object) -> bool:
    """minimum and maximum of the field's own type: numbers for numbers, ISO dates for dates,
    and for the other ordered types a value the field itself reads."""
    kind = ftype.value
    if kind in ("integer", "number"):
        if not isinstance(value, int | float) or isinstance(value, bool):
            return False
        ok = kind == "number" or isinstance(value, int)
        return ok and -(2**63) <= value < 2**63  # what the columns' 64-bit types can hold
    if kind == "year" and isinstance(value, int) and not isinstance(value, bool):
        return 0 <= value <= 9999
    if not isinstance(value, str) or kind not in ("year", "date", "text"):
        return False
    if formatted(ftype, fmt):
        import polars as pl  # only for a schema that declares a format

        return pl.select(strptime(ftype.polars, str(fmt), pl.lit(value))).item() is not None
    if kind == "date":
        return bool(re.match(r"^\d{4}-\d{2}-\d{2}$", value)) and _iso_ok(value, "")
    if ftype.lexical is None or not re.match(ftype.lexical, value):
        return False
    return ftype.stored is None or _iso_ok(
        value, "" if ftype.polars == "Datetime" else "2000-01-01T"
    )


def _iso_ok(value: str, prefix: str) -> bool:
    """A value of an ISO form that exists in the calendar (and on the clock)."""
    try:
        text = re.sub(r"\.([0-9]{6})[0-9]+", r".\1", prefix + value)
        if prefix or "T" in text:
            dt.datetime.fromisoformat(text)
        else:
            dt.date.fromisoformat(text)
    except ValueError:
        return False
    return True
