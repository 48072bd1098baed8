"""Key look-ups at scale, shared by the checks: repeated keys, positions of values in a key column,
and the rows whose foreign key is absent from its target."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import polars as pl

from .context import Context
from .model import ForeignKey
from .sorted_keys import strictly_increasing

SMALL = 1 << 16  # rows below which one hash look-up beats proving the keys sorted


def repeated_rows(frame: pl.DataFrame, key: list[str]) -> pl.Series:
    """Positions of the rows whose key repeats an earlier row's."""
    if frame.height >= SMALL and strictly_increasing(frame, key):
        return pl.Series(dtype=pl.UInt32)
    first = pl.col(key[0]) if len(key) == 1 else pl.struct(key)
    return frame.select((~first.is_first_distinct()).arg_true()).to_series()


def _search_sorted(keys: pl.Series, values: pl.Series, increasing: bool | None = None) -> bool:
    """Binary search pays when the keys are many and sorted; `increasing`, if known, is reused."""
    if keys.len() * 8 < values.len():
        return False
    return increasing if increasing is not None else strictly_increasing(keys.to_frame("k"), ["k"])


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


def positions_in(
    keys: pl.Series, values: pl.Series, *, increasing: bool | None = None
) -> pl.Series:
    """Each value's position in `keys` (the first, if a key repeats), or null if it is absent.

    Many look-ups into a small key set use a hash join. When the key set is large (building its
    hash table costs more than the look-ups) and sorted, each value is found by binary search.
    """
    return by_runs(values, lambda distinct: _positions(keys, distinct, increasing))


def _positions(keys: pl.Series, values: pl.Series, increasing: bool | None) -> pl.Series:
    if _search_sorted(keys, values, increasing):
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


def unmatched(ctx: Context, name: str, fk: ForeignKey) -> pl.DataFrame:
    """Rows whose key is set (any part non-null) but absent from the target, with their row numbers.

    Like frictionless, a composite key matches a null part to a null part.
    """
    frame, fields = ctx.typed[name], list(fk.fields)
    lookup = ctx.typed[fk.resource].select(
        [
            pl.col(r).cast(frame.schema[f]).alias(f)
            for f, r in zip(fields, fk.reference, strict=True)
        ]
    )
    if len(fields) == 1:
        column, keys = frame.get_column(fields[0]), lookup.get_column(fields[0])
        present = column.is_not_null().arg_true() if column.null_count() else None
        values = column if present is None else column.gather(present)
        if keys.len() + values.len() < SMALL:
            found = values.is_in(keys.implode())
        elif _search_sorted(keys, values, ctx.increasing(fk.resource, fk.reference[0])):
            found = positions_in(keys, values, increasing=True).is_not_null()
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


def describe(record: dict[str, object], fields: Sequence[str]) -> str:
    return ", ".join("" if record[f] is None else str(record[f]) for f in fields)
