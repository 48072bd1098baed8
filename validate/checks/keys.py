"""Primary keys are unique; foreign keys into data tables resolve (vocabularies: see codes.py)."""

from __future__ import annotations

from collections.abc import Iterator

import polars as pl

from ..core.context import Context
from ..core.lookup import describe, repeated_rows, unmatched
from ..core.model import ForeignKey
from ..core.report import Issue


def check(ctx: Context) -> Iterator[Issue]:
    for name, res in ctx.package.tables.items():
        if name not in ctx.typed:
            continue
        yield from duplicate_keys(ctx, name)
        for fk in res.foreign_keys:
            yield from foreign_key_issues(ctx, name, fk)


def duplicate_keys(ctx: Context, name: str) -> Iterator[Issue]:
    """Rows whose primary key repeats an earlier row's."""
    key = list(ctx.package.resources[name].primary_key)
    if not key:
        return
    frame = ctx.typed[name]
    positions = repeated_rows(frame, key)
    if positions.is_empty():
        return
    yield from duplicate_key_issues(
        name, key, frame.select(key)[positions].with_columns((positions + 2).alias("__row"))
    )


def duplicate_key_issues(name: str, key: list[str], dupes: pl.DataFrame) -> Iterator[Issue]:
    """One issue per repeated key (its columns and "__row"), worded alike by every engine."""
    for record in dupes.iter_rows(named=True):
        yield Issue.of(
            "duplicate-key",
            name,
            row=record["__row"],
            column=", ".join(key),
            value=describe(record, key),
        )


def foreign_key_issues(ctx: Context, name: str, fk: ForeignKey) -> Iterator[Issue]:
    """Rows of `name` whose key into a data table (not a vocabulary) is absent from it."""
    if fk.resource not in ctx.typed or ctx.package.resources[fk.resource].is_vocabulary:
        return
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
