"""Dates as the schemas declare them: none after the source's publication unless announced
(`checks.notAfterPublication`), announced ones after it, no end before its start
(`checks.dateOrder`), and a date as given that says what its typed date and precision say
(`checks.dateAsGiven`)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import polars as pl

from ..core.context import Context
from ..core.descriptor import Resource
from ..core.model import PRECISIONS, AsGiven, Publication
from ..core.report import Issue


def check(ctx: Context) -> Iterator[Issue]:
    for name, res in ctx.package.tables.items():
        if name not in ctx.typed:
            continue
        rule = res.checks.not_after_publication
        if rule is not None:
            yield from after_publication(ctx, res, rule)
        yield from date_order(ctx, name)
        yield from dates_as_given(ctx, name)


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


_PERIODS = {"day": "1d", "month": "1mo", "year": "1y"}  # polars' names of the periods


def as_given_expected(rule: AsGiven) -> tuple[pl.Expr, pl.Expr]:
    """The date as given that the typed date and its precision make, and the first day of that
    period (both null for a precision with no date, such as unknown)."""
    date, precision = pl.col(rule.date), pl.col(rule.precision)
    expected, first = pl.lit(None, pl.String), pl.lit(None, pl.Date)
    for word, (form, period) in PRECISIONS.items():
        expected = pl.when(precision == word).then(date.dt.strftime(form)).otherwise(expected)
        first = pl.when(precision == word).then(date.dt.truncate(_PERIODS[period])).otherwise(first)
    return expected, first


def dates_as_given(ctx: Context, name: str) -> Iterator[Issue]:
    for rule in ctx.package.resources[name].checks.date_as_given:
        yield from date_as_given(ctx, name, rule)


def date_as_given(ctx: Context, name: str, rule: AsGiven) -> Iterator[Issue]:
    """Rows whose date as given (`checks.dateAsGiven`) disagrees with their date and precision.
    A row whose precision wants a date it lacks is left alone: its date may be a cell that failed
    its type, already reported."""
    frame = ctx.rows(ctx.typed[name].select(rule.date, rule.precision, rule.as_given))
    expected, first = as_given_expected(rule)
    dateless = pl.col(rule.date).is_null() & pl.col(rule.precision).is_in(list(PRECISIONS))
    wrong = frame.with_columns(expected.alias("__expected"), first.alias("__first")).filter(
        (
            pl.col(rule.as_given).ne_missing(pl.col("__expected"))
            | pl.col(rule.date).ne_missing(pl.col("__first"))
        )
        & ~dateless
    )
    for record in wrong.iter_rows(named=True):
        yield as_given_issue(name, rule, record)


def as_given_issue(name: str, rule: AsGiven, record: dict[str, Any]) -> Issue:
    """One date-as-given issue, worded alike by every engine."""
    return Issue.of(
        "date-as-given",
        name,
        row=record["__row"],
        column=rule.as_given,
        value=record[rule.as_given] or "empty",
        date_column=rule.date,
        date=record[rule.date] or "empty",
        precision=record[rule.precision],
        expected=record["__expected"] or "empty",
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
