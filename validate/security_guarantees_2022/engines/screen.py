"""One pass over each table: cast every column to its type and flag each row that may break a rule.

Every rule of the Table Schema (validate/security_guarantees_2022/core/rules.py), required and unique, and the cell hygiene
screen (skipped on a column whose pattern only admits clean text) are fused into one polars
query, so a clean table costs one scan of its columns. The flagged rows, usually none, are kept
as text for pandera and the hygiene rules to explain.
"""

from __future__ import annotations

import polars as pl

from ..core.descriptor import Resource
from ..core.model import Field
from ..core.pattern_hygiene import pattern_is_hygienic
from ..core.rules import field_rules, unique_key
from ..core.suspect import suspect
from ..core.tables import typed_expr

FLAG = "__flag"


def flag_expr(
    res: Resource, columns: list[str], repeated: dict[str, pl.Series] | None = None
) -> pl.Expr:
    """True for a row with any cell that breaks, or may break, a rule.

    `repeated` gives each `unique` column's values that repeat in the whole table, for a frame
    that is only a batch of it (the streaming engine); else repeats are found in the frame.
    """
    flags = [pl.lit(False)]
    for field in res.fields():
        name = field.name
        if name not in columns:
            continue
        col = pl.col(name)
        flags.extend(rule.bad for rule in field_rules(field))
        if field.required:
            flags.append(col.is_null())
        if field.unique:
            key = unique_key(field)  # the column itself, but where spellings of a value differ
            dupe = key.is_duplicated() if repeated is None else key.is_in(repeated[name].implode())
            flags.append(key.is_not_null() & dupe)
        if field.type == "string" and not _pattern_keeps_it_clean(field):
            flags.append(suspect(name))
    return pl.any_horizontal(flags)


def _pattern_keeps_it_clean(field: Field) -> bool:
    return field.pattern is not None and pattern_is_hygienic(field.pattern)


def typed_exprs(res: Resource, columns: list[str]) -> list[pl.Expr]:
    """Each schema field cast to its type; an absent column is all nulls (already reported)."""
    return [
        typed_expr(f).alias(f.name)
        if f.name in columns
        else pl.lit(None, dtype=f.polars_type).alias(f.name)
        for f in res.fields()
    ]


def screen(
    res: Resource,
    text: pl.DataFrame,
    *,
    first_row: int = 2,
    repeated: dict[str, pl.Series] | None = None,
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(the typed table, the flagged rows as text with their report row number in "__row").

    `first_row` is the report row of the frame's first row (another for a later batch).
    """
    flag = flag_expr(res, text.columns, repeated).alias(FLAG)
    out = text.lazy().select(*typed_exprs(res, text.columns), flag).collect()
    flags = out.get_column(FLAG)
    positions = flags.arg_true()
    flagged = text[positions].with_columns((positions.cast(pl.Int64) + first_row).alias("__row"))
    return out.drop(FLAG), flagged
