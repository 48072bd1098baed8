"""Primary keys are unique; foreign keys into data tables resolve (vocabularies: see codes.py)."""

from __future__ import annotations

from collections.abc import Iterator

import polars as pl

from ..context import Context
from ..descriptor import foreign_keys
from ..report import Issue


def unmatched(
    ctx: Context, name: str, fields: list[str], target: str, ref_fields: list[str]
) -> pl.DataFrame:
    """Rows whose key is set (any part non-null) but absent from the target, with their row numbers.

    Like frictionless, a composite key matches a null part to a null part.
    """
    frame = ctx.rows(ctx.typed[name]).select("__row", *fields)
    frame = frame.filter(pl.any_horizontal(pl.col(f).is_not_null() for f in fields))
    source = ctx.typed[target]
    lookup = source.select(
        [pl.col(r).cast(frame.schema[f]).alias(f) for f, r in zip(fields, ref_fields, strict=True)]
    ).unique()
    return frame.join(lookup, on=fields, how="anti", nulls_equal=True).sort("__row")


def describe(record: dict[str, object], fields: list[str]) -> str:
    return ", ".join("" if record[f] is None else str(record[f]) for f in fields)


def check(ctx: Context) -> Iterator[Issue]:
    for name, res in ctx.package.tables.items():
        if name not in ctx.typed:
            continue
        assert res.schema is not None
        key = list(res.schema.get("primaryKey", []) or [])
        if isinstance(key, str):
            key = [key]
        if key:
            frame = ctx.rows(ctx.typed[name])
            dupes = frame.filter(~pl.struct(key).is_first_distinct())
            for record in dupes.iter_rows(named=True):
                yield Issue(
                    "duplicate-key",
                    name,
                    f"primary key ({', '.join(key)}) repeats an earlier row",
                    row=record["__row"],
                    column=", ".join(key),
                    value=describe(record, key),
                )
        for fields, target, ref_fields in foreign_keys(res):
            if target not in ctx.typed or ctx.package.resources[target].is_vocabulary:
                continue
            for record in unmatched(ctx, name, fields, target, ref_fields).iter_rows(named=True):
                yield Issue(
                    "foreign-key",
                    name,
                    f"no {target} row has {', '.join(ref_fields)} = {describe(record, fields)}",
                    row=record["__row"],
                    column=", ".join(fields),
                    value=describe(record, fields),
                )
