"""Dates as the schemas declare them: none after the source's publication unless announced
(`checks.notAfterPublication`), announced ones after it, and no end before its start
(`checks.dateOrder`)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import polars as pl

from ..core.context import Context
from ..core.model import Publication
from ..core.report import Issue


def date_order(ctx: Context, name: str) -> Iterator[Issue]:
    """Rows whose declared end (`checks.dateOrder`) comes before their start."""
    for start, end in ctx.package.resources[name].checks.date_order:
        reversed_ = ctx.rows(ctx.typed[name].select(start, end)).filter(pl.col(end) < pl.col(start))
        for record in reversed_.iter_rows(named=True):
            yield date_order_issue(name, start, end, record)


def date_order_issue(name: str, start: str, end: str, record: dict[str, Any]) -> Issue:
    """An end (column `end`) before its start (column `start`), worded alike by every engine."""
    return Issue.of(
        "date-order",
        name,
        row=record["__row"],
        column=end,
        value=str(record[end]),
        start_column=start,
        start=record[start],
    )


def after_publication(
    ctx: Context, name: str, rule: Publication, when: Published
) -> Iterator[Issue]:
    """Dates after their source's publication, and announced ones not after it (`when`: where
    the registry found the publication date)."""
    if when.sources not in ctx.typed:
        return
    published = (
        ctx.typed[when.sources]
        .select(pl.col(when.key).alias(rule.source), pl.col(when.published).alias("__published"))
        .drop_nulls()
    )
    scheduled = rule.scheduled
    announced = (
        pl.col(scheduled.field) == scheduled.value if scheduled is not None else pl.lit(False)
    )
    needed = {rule.source, *rule.fields}  # only these: a join copies every column it carries
    if scheduled is not None:
        needed |= {scheduled.field, scheduled.start}
    frame = (
        ctx.rows(ctx.typed[name].select(sorted(needed)))
        .join(published, on=rule.source)
        .with_columns(announced.fill_null(False).alias("__scheduled"))
    )
    late = [(c, (pl.col(c) > pl.col("__published")) & ~pl.col("__scheduled")) for c in rule.fields]
    found = [("date-after-publication", column, wrong) for column, wrong in late]
    if scheduled is not None:
        start = scheduled.start
        early = pl.col("__scheduled") & (pl.col(start) <= pl.col("__published"))
        found.append(("scheduled-not-after-publication", start, early))
    for code, column, wrong in found:
        for record in frame.filter(wrong).iter_rows(named=True):
            yield published_issue(code, name, column, record)


def published_issue(code: str, name: str, column: str, record: dict[str, Any]) -> Issue:
    """A date (column `column`) on the wrong side of its source's publication (`__published`)."""
    return Issue.of(
        code,
        name,
        row=record["__row"],
        column=column,
        value=str(record[column]),
        published=record["__published"],
    )


@dataclass(frozen=True)
class Published:
    """Where a row's source's publication date is: the sources table, its key and the date."""

    sources: str
    key: str
    published: str
