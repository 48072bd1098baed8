"""Dates as the schemas declare them: none after the source's publication unless announced
(`checks.notAfterPublication`), announced ones after it, and no end before its start
(`checks.dateOrder`)."""

from __future__ import annotations

from collections.abc import Iterator

import polars as pl

from ..core.context import Context
from ..core.descriptor import Resource
from ..core.model import Publication
from ..core.report import Issue


def check(ctx: Context) -> Iterator[Issue]:
    for name, res in ctx.package.tables.items():
        if name not in ctx.typed:
            continue
        rule = res.checks.not_after_publication
        if rule is not None:
            yield from after_publication(ctx, res, rule)
        yield from date_order(ctx, name)


def date_order(ctx: Context, name: str) -> Iterator[Issue]:
    """Rows whose declared end (`checks.dateOrder`) comes before their start."""
    for start, end in ctx.package.resources[name].checks.date_order:
        reversed_ = ctx.rows(ctx.typed[name].select(start, end)).filter(pl.col(end) < pl.col(start))
        for record in reversed_.iter_rows(named=True):
            yield Issue.of(
                "date-order",
                name,
                row=record["__row"],
                column=end,
                value=str(record[end]),
                start_column=start,
                start=record[start],
            )


def after_publication(ctx: Context, res: Resource, rule: Publication) -> Iterator[Issue]:
    """Dates after their source's publication, and announced ones not after it."""
    link = res.link_of(rule.source)
    declared = ctx.package.resources[link[0]].checks.source_text if link else None
    if link is None or link[0] not in ctx.typed or declared is None or not declared.published:
        return
    sources, key = link
    published = (
        ctx.typed[sources]
        .select(pl.col(key).alias(rule.source), pl.col(declared.published).alias("__published"))
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
        ctx.rows(ctx.typed[res.name].select(sorted(needed)))
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
            yield Issue.of(
                code,
                res.name,
                row=record["__row"],
                column=column,
                value=str(record[column]),
                published=record["__published"],
            )
