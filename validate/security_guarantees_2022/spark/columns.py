"""Each Table Schema field's rules as Spark Column expressions: the one place they are translated.

The local engine's rules (core/rules.py) are polars expressions over Rust's regex engine;
these are the same rules over Java's. Codes and messages are not repeated here: each rule is
named by its issue code, and the report words it with core/rules.py's `message`. Patterns are
anchored with `\\z` (Java's `$` also matches before a final line break, Rust's does not) and run
with Unicode classes (`(?U)`), as Rust's do. The schema is vetted first by the local rules
themselves, so an unsupported constraint or pattern is the same `invalid-schema` in both engines.
"""

from __future__ import annotations

import operator
import unicodedata
from collections.abc import Callable, Sequence

from pyspark.sql import Column
from pyspark.sql import functions as F
from pyspark.sql import types as T

from ..checks.hygiene import cell_codes
from ..core import field_types
from ..core.descriptor import Package
from ..core.exact import missing_values
from ..core.model import Field
from ..core.nfc import RANGES, char_class
from ..core.pattern_hygiene import pattern_is_hygienic
from ..core.report import PackageError
from ..core.rules import compared_typed, field_rules, format_pattern, typed_enum
from ..core.suspect import BIDI, CONTROL, SUSPECT


def spark_type(field: Field) -> T.DataType:
    """The Spark type of the field's typed column: its FieldType names it (core/field_types.py)."""
    dtype: T.DataType = getattr(T, field.types.spark)()
    return dtype


# What polars parses as an integer (str.to_integer) and as a float (cast): the gate before the cast
INTEGER = r"^[+-]?[0-9]+\z"
NUMBER = r"^[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?\z|^[+-]?(?i:inf|infinity|nan)\z"


def java(regex: str) -> str:
    """A Rust regex of the validator's (anchored with a final `$`) for Java: `\\z`, Unicode classes."""
    if regex.endswith("$") and not regex.endswith("\\$"):
        regex = regex[:-1] + "\\z"
    return "(?U)" + regex


def refuse_unsupported(package: Package) -> None:
    """What this engine does not read, refused (unsupported-property) before any Spark job: a
    date, time or datetime format other than the default (Java's patterns are not strptime's),
    and missing values that leave out the empty string (Spark reads an empty cell as null)."""
    for res in package.tables.values():
        default = missing_values(res)
        for f in res.fields():
            if "" not in (default if f.missing_values is None else f.missing_values):
                raise PackageError.of(
                    "unsupported-property", "spark-missing-values", table=res.name, field=f.name
                )
            if field_types.formatted(f.types, f.format):
                raise PackageError.of(
                    "unsupported-property",
                    "spark-format",
                    table=res.name,
                    field=f.name,
                    fmt=f.format,
                )


def _number_text(field: Field, col: Column) -> Column:
    """core/cells.py number_text in Spark: the text in the default lexical form, or null."""
    if not field.bare_number:
        col = F.regexp_replace(col, java(r"^[^0-9+\-.]+"), "")
        col = F.regexp_replace(col, java(r"[^0-9.]+$"), "")
    if field.group_char is not None:
        col = F.regexp_replace(col, "\\Q" + field.group_char + "\\E", "")
    mark = field.decimal_char if "decimalChar" in field.types.number_properties else "."
    if mark != ".":
        col = F.when(~col.contains("."), F.regexp_replace(col, "\\Q" + mark + "\\E", "."))
    return col


def _integer(field: Field, col: Column) -> Column:
    return F.when(col.rlike(java(INTEGER)), col.cast(T.LongType()))


def _number(field: Field, col: Column) -> Column:
    return F.when(col.rlike(java(NUMBER)), col.cast(T.DoubleType()))


def _boolean(field: Field, col: Column) -> Column:
    trues, falses = list(field.true_values), list(field.false_values)
    return F.when(col.isin(trues), F.lit(True)).when(col.isin(falses), F.lit(False))


def _date(field: Field, col: Column) -> Column:
    return F.when(col.rlike(java(field_types.ISO_DATE)), F.to_date(col, "yyyy-MM-dd"))


def _datetime(field: Field, col: Column) -> Column:
    zoned = F.when(col.rlike(java(field_types.ZONED)), col).otherwise(
        F.concat(col, F.lit("+00:00"))
    )
    zoned = F.regexp_replace(zoned, "Z\\z", "+00:00")
    stamp = F.to_timestamp(zoned, "yyyy-MM-dd'T'HH:mm:ss[.SSSSSSSSS]XXX")
    return F.when(col.rlike(java(field_types.DATETIME)), stamp)


def _time(field: Field, col: Column) -> Column:
    """As Python writes a time of day: hh:mm:ss[.ffffff], which sorts as text."""
    micros = F.rpad(F.regexp_extract(col, "\\.([0-9]+)", 1), 6, "0")
    fraction = F.when(micros == "000000", F.lit("")).otherwise(F.concat(F.lit("."), micros))
    return F.when(col.rlike(java(field_types.TIME)), F.concat(F.substring(col, 1, 8), fraction))


def _year(field: Field, col: Column) -> Column:
    return F.when(col.rlike(java(field_types.YEAR)), col.cast(T.LongType()))


def _yearmonth(field: Field, col: Column) -> Column:
    return F.when(col.rlike(java(field_types.YEARMONTH)), col)


def _duration(field: Field, col: Column) -> Column:
    whole = col.rlike(java(field_types.DURATION)) & (col != "P") & ~col.endswith("T")
    return F.when(whole, col)


def _text(field: Field, col: Column) -> Column:
    return col


# core/cells.py READINGS in Spark, for the default lexical forms (another format is refused)
READINGS: dict[str, Callable[[Field, Column], Column]] = {
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


def typed(field: Field, col: Column) -> Column:
    """The text column cast to the field's type; a cell that does not parse is null."""
    if field.types.number_properties and not field.reads_plain:
        col = _number_text(field, col)
    return READINGS[field.types.reading](field, col)


def rules(field: Field, col: Column) -> list[tuple[str, Column]]:
    """(issue code, `ok` for a good cell) per rule of the field, in core/rules.py's order."""
    field_rules(field)  # the local rules vet the field: the same invalid-schema in both engines
    out: list[tuple[str, Column]] = []
    value = typed(field, col)
    if field.types.reading == "text":
        pattern = format_pattern(field)
        if pattern is not None:
            out.append(("type-error", col.rlike(java(pattern))))
    elif field.types.lexical == field_types.ISO_DATE:
        out.append(("type-error", col.rlike(java(field_types.ISO_DATE)) & value.isNotNull()))
    else:
        out.append(("type-error", value.isNotNull()))
    constraints = field.constraints
    if constraints.enum is not None:
        values = typed_enum(field)  # Spark's time of day is Python's text of one
        if values is None:
            out.append(("constraint-enum", col.isin([str(v) for v in constraints.enum])))
        else:
            values = [str(v) if field.types.spark == "StringType" else v for v in values]
            out.append(("constraint-enum", value.isin(values)))
    if constraints.pattern is not None:
        out.append(("constraint-pattern", col.rlike(java(f"^(?:{constraints.pattern})$"))))
    for bound, code, holds in (
        (constraints.minimum, "constraint-minimum", operator.ge),
        (constraints.maximum, "constraint-maximum", operator.le),
    ):
        if bound is not None:
            out.append((code, value.isNull() | holds(value, _bound(field, bound))))
    if constraints.min_length is not None:
        out.append(("constraint-length", F.length(col) >= constraints.min_length))
    if constraints.max_length is not None:
        out.append(("constraint-length", F.length(col) <= constraints.max_length))
    return out


def _bound(field: Field, bound: object) -> Column:
    """A minimum or maximum as a literal of the field's typed column."""
    kind = field.types.value
    if kind == "date":
        return F.to_date(F.lit(str(bound)))
    if kind in ("integer", "number", "year"):
        return F.lit(int(str(bound)) if kind == "year" else bound)
    return typed(field, F.lit(str(bound)))


def unique_key(field: Field, col: Column) -> Column:
    """core/rules.py unique_key: the typed value where spellings of a value differ."""
    return typed(field, col) if compared_typed(field) else col


def bad(col: Column, ok: Column) -> Column:
    """A set cell that breaks the rule (nulls pass; required is its own rule), as in rules.Rule."""
    return col.isNotNull() & ~F.coalesce(ok, F.lit(False))


def hygiene_screened(field: Field) -> bool:
    """Whether the cell-hygiene screen runs on the field (as in engines/screen.py)."""
    if field.type != "string":
        return False
    pattern = field.constraints.pattern
    return not (pattern is not None and pattern_is_hygienic(pattern))


def _range(lo: int, hi: int) -> str:
    return f"\\x{{{lo:X}}}" if lo == hi else f"\\x{{{lo:X}}}-\\x{{{hi:X}}}"


def java_char_class(ranges: tuple[tuple[int, int], ...] = RANGES, bucket: int = 32) -> str:
    """nfc.char_class() for Java: the same characters, as buckets of ranges each behind its span.

    Java tests a class's ranges one by one (Rust compiles them into an automaton), so the
    1,500 ranges of the class would cost 1,500 tests per character; `[span&&[ranges]]` tests a
    bucket's ranges only for a character inside its span.
    """
    parts = []
    for i in range(0, len(ranges), bucket):
        chunk = ranges[i : i + bucket]
        inner = "".join(_range(lo, hi) for lo, hi in chunk)
        parts.append(f"[{_range(chunk[0][0], chunk[-1][1])}&&[{inner}]]")
    return "[" + "".join(parts) + "]"


SUSPECT_JAVA = "(?U)" + SUSPECT.replace(char_class(), java_char_class()).replace(r"\s$", r"\s\z")


def suspect(col: Column) -> Column:
    """The cell-hygiene pre-filter of validate/security_guarantees_2022/core/suspect.py, in Java's regex syntax."""
    return F.coalesce(col.rlike(SUSPECT_JAVA), F.lit(False))


def _normalized(text: str | None) -> str | None:
    return None if text is None else unicodedata.normalize("NFC", text)


_nfc = F.udf(lambda text: _normalized(text), T.StringType())  # Spark has no NFC of its own


def cell_rules(col: Column) -> list[tuple[str, Column]]:
    """(code, breaks) per cell-hygiene rule of validate/security_guarantees_2022/checks/hygiene.py, same codes."""
    found = [
        ("formula-prefix", col.rlike(r"^[=+\-@]")),
        ("control-character", col.rlike(CONTROL)),
        ("bidi-control", col.rlike(BIDI)),
        ("whitespace", col.rlike(r"(?U)^\s|\s\z")),
        ("not-nfc", col != _nfc(col)),
    ]
    assert [code for code, _ in found] == cell_codes(), "hygiene rules differ"
    return found


def flag(res_fields: Sequence[Field], columns: list[str]) -> Column:
    """True for a row with a cell that breaks, or may break, a rule (engines/screen.py's flag).

    Uniqueness is flagged by the caller, which counts each unique column's values.
    """
    flags: list[Column] = [F.lit(False)]
    for field in res_fields:
        name = field.name
        if name not in columns:
            continue
        col = F.col(f"`{name}`")
        flags.extend(bad(col, ok) for _, ok in rules(field, col))
        if field.required:
            flags.append(col.isNull())
        if field.unique:
            flags.append(F.col(dup_column(name)))
        if hygiene_screened(field):
            flags.append(suspect(col))
    out = flags[0]
    for more in flags[1:]:
        out = out | more
    return out


def dup_column(name: str) -> str:
    return f"__dup\t{name}"
