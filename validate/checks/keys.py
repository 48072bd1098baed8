"""Primary keys are unique; foreign keys into data tables resolve (vocabularies: see codes.py)."""

from __future__ import annotations

from collections.abc import Iterator

import polars as pl

from ..core.context import Context
from ..core.lookup import describe, repeated_rows, unmatched
from ..core.report import Issue


def check(ctx: Context) -> Iterator[Issue]:
    for name, res in ctx.package.tables.items():
        if name not in ctx.typed:
            continue
        yield from _repeated_keys(name, ctx.typed[name], list(res.primary_key))
        for fk in res.foreign_keys:
            if fk.resource not in ctx.typed or ctx.package.resources[fk.resource].is_vocabulary:
                continue
            for record in unmatched(ctx, name, fk).iter_rows(named=True):
                yield Issue.of(
                    "foreign-key",
                    name,
                    target=fk.resource,
                    reference=", ".join(fk.reference),
                    row=record["__row"],
                    column=", ".join(fk.fields),
                    value=describe(record, fk.fields),
                )


def _repeated_keys(name: str, frame: pl.DataFrame, key: list[str]) -> Iterator[Issue]:
    positions = repeated_rows(frame, key) if key else None
    if positions is None or positions.is_empty():
        return
    dupes = frame.select(key)[positions].with_columns((positions + 2).alias("__row"))
    for record in dupes.iter_rows(named=True):
        yield Issue.of(
            "duplicate-key",
            name,
            row=record["__row"],
            column=", ".join(key),
            value=describe(record, key),
        )
