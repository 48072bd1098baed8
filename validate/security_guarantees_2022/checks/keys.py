"""Primary keys are unique; foreign keys resolve (into data tables: `foreign-key`; into vocabulary
tables: `unknown-code`, codes.py). Which key is which is the registry's (registry.py)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import polars as pl

from ..core.context import Context
from ..core.lookup import describe, repeated_rows, unmatched
from ..core.model import ForeignKey
from ..core.report import Issue


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
    """One issue per repeated key (its columns and "__row")."""
    for record in dupes.iter_rows(named=True):
        yield duplicate_key_issue(name, key, record)


def duplicate_key_issue(name: str, key: list[str], record: dict[str, Any]) -> Issue:
    """A repeated key, worded alike by every engine."""
    return Issue.of(
        "duplicate-key",
        name,
        row=record["__row"],
        column=", ".join(key),
        value=describe(record, key),
    )


def unmatched_issues(ctx: Context, code: str, name: str, fk: ForeignKey) -> Iterator[Issue]:
    """Rows of `name` whose key is absent from the table `fk` names (when that could be read)."""
    if fk.resource not in ctx.typed:
        return
    for record in unmatched(ctx, name, fk).iter_rows(named=True):
        yield unmatched_issue(code, name, fk, record)


def unmatched_issue(code: str, name: str, fk: ForeignKey, record: dict[str, Any]) -> Issue:
    """A key the target lacks (`foreign-key` or `unknown-code`), worded alike by every engine."""
    return Issue.of(
        code,
        name,
        target=fk.resource,
        reference=", ".join(fk.reference),
        row=record["__row"],
        column=", ".join(fk.fields),
        value=describe(record, fk.fields),
    )
