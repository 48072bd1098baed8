"""Primary keys are unique; foreign keys into data tables resolve (vocabularies: see codes.py)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import polars as pl

from ..context import Context
from ..descriptor import foreign_keys
from ..report import Issue


def strictly_increasing(frame: pl.DataFrame, key: list[str]) -> bool:
    """True when every row's key, all parts set, sorts after the previous row's.

    Tables are usually written sorted by their key, and then this one pass over neighbours proves
    the key unique without hashing it (hashing millions of strings costs about 10x as much).
    """
    if frame.height < 2 or frame.select(pl.any_horizontal(pl.col(key).is_null().any())).item():
        return frame.height < 2
    later: pl.Expr | None = None
    for part in reversed(key):  # lexicographic: (a > a') | (a == a' & rest > rest')
        col = pl.col(part)
        after = col > col.shift(1)
        later = after if later is None else after | ((col == col.shift(1)) & later)
    assert later is not None
    return bool(frame.select(later.slice(1).all()).item())


def repeated_rows(frame: pl.DataFrame, key: list[str]) -> pl.Series:
    """Positions of the rows whose key repeats an earlier row's."""
    if strictly_increasing(frame, key):
        return pl.Series(dtype=pl.UInt32)
    first = pl.col(key[0]) if len(key) == 1 else pl.struct(key)
    return frame.select((~first.is_first_distinct()).arg_true()).to_series()


def _search_sorted(keys: pl.Series, values: pl.Series) -> bool:
    return keys.len() * 8 >= values.len() and strictly_increasing(keys.to_frame("k"), ["k"])


def by_runs(values: pl.Series, look_up: Callable[[pl.Series], pl.Series]) -> pl.Series:
    """`look_up(values)`, computed once per run of equal neighbours when runs are long.

    A column like mentions.source_id repeats each value over many consecutive rows; looking up
    one value per run and spreading the answers back is several times cheaper than hashing
    every row.
    """
    if values.len() < 1024:
        return look_up(values)
    starts = values.ne_missing(values.shift(1)).scatter(0, True)
    runs = int(starts.sum())
    if runs * 4 > values.len():
        return look_up(values)
    return look_up(values.filter(starts)).gather(starts.cum_sum() - 1)


def positions_in(keys: pl.Series, values: pl.Series) -> pl.Series:
    """Each value's position in `keys` (the first, if a key repeats), or null if it is absent.

    Many look-ups into a small key set use a hash join. When the key set is large (building its
    hash table costs more than the look-ups) and sorted, each value is found by binary search.
    """
    return by_runs(values, lambda distinct: _positions(keys, distinct))


def _positions(keys: pl.Series, values: pl.Series) -> pl.Series:
    if _search_sorted(keys, values):
        if keys.is_empty():
            return pl.Series(values.name, [None] * values.len(), dtype=pl.Int64)
        at = keys.search_sorted(values).clip(0, keys.len() - 1)
        found = (keys.gather(at) == values).fill_null(False)
        return at.cast(pl.Int64).zip_with(found, pl.Series([None], dtype=pl.Int64))
    index = (
        keys.to_frame("k")
        .with_row_index("at")
        .drop_nulls()
        .unique("k", keep="first", maintain_order=True)
    )
    joined = values.to_frame("k").join(index, on="k", how="left", maintain_order="left")
    return joined.get_column("at").cast(pl.Int64)


def unmatched(
    ctx: Context, name: str, fields: list[str], target: str, ref_fields: list[str]
) -> pl.DataFrame:
    """Rows whose key is set (any part non-null) but absent from the target, with their row numbers.

    Like frictionless, a composite key matches a null part to a null part.
    """
    frame = ctx.typed[name]
    lookup = ctx.typed[target].select(
        [pl.col(r).cast(frame.schema[f]).alias(f) for f, r in zip(fields, ref_fields, strict=True)]
    )
    if len(fields) == 1:
        column, keys = frame.get_column(fields[0]), lookup.get_column(fields[0])
        present = column.is_not_null().arg_true() if column.null_count() else None
        values = column if present is None else column.gather(present)
        if _search_sorted(keys, values):
            found = positions_in(keys, values).is_not_null()
        else:
            found = by_runs(values, lambda distinct: distinct.is_in(keys.implode()))
        positions = (~found).arg_true()
        if present is not None:
            positions = present.gather(positions)
        return frame.select(fields)[positions].with_columns(
            (positions + 2).cast(pl.Int64).alias("__row")
        )
    keyed = ctx.rows(frame).select("__row", *fields)
    keyed = keyed.filter(pl.any_horizontal(pl.col(f).is_not_null() for f in fields))
    return keyed.join(lookup.unique(), on=fields, how="anti", nulls_equal=True).sort("__row")


def describe(record: dict[str, object], fields: list[str]) -> str:
    return ", ".join("" if record[f] is None else str(record[f]) for f in fields)


def primary_key(ctx: Context, name: str) -> list[str]:
    schema = ctx.package.resources[name].schema or {}
    key = schema.get("primaryKey", []) or []
    return [key] if isinstance(key, str) else list(key)


def check(ctx: Context) -> Iterator[Issue]:
    for name, res in ctx.package.tables.items():
        if name not in ctx.typed:
            continue
        key = primary_key(ctx, name)
        if key:
            frame = ctx.typed[name]
            positions = repeated_rows(frame, key)
            dupes = frame.select(key)[positions].with_columns((positions + 2).alias("__row"))
            for record in dupes.iter_rows(named=True):
                yield duplicate_key_issue(name, key, record)
        for fields, target, ref_fields in foreign_keys(res):
            if target not in ctx.typed or ctx.package.resources[target].is_vocabulary:
                continue
            for record in unmatched(ctx, name, fields, target, ref_fields).iter_rows(named=True):
                yield foreign_key_issue(name, fields, target, ref_fields, record)


# The issues as both engines word them (validate/spark/ builds the same records).
def duplicate_key_issue(name: str, key: list[str], record: dict[str, Any]) -> Issue:
    return Issue(
        "duplicate-key",
        name,
        f"primary key ({', '.join(key)}) repeats an earlier row",
        row=record["__row"],
        column=", ".join(key),
        value=describe(record, key),
    )


def foreign_key_issue(
    name: str, fields: list[str], target: str, ref_fields: list[str], record: dict[str, Any]
) -> Issue:
    return Issue(
        "foreign-key",
        name,
        f"no {target} row has {', '.join(ref_fields)} = {describe(record, fields)}",
        row=record["__row"],
        column=", ".join(fields),
        value=describe(record, fields),
    )
