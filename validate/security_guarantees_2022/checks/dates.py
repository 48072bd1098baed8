"""Dates as the schemas declare them: none after the source's publication unless announced
(`checks.notAfterPublication`), announced ones after it, no end before its start
(`checks.dateOrder`), and a date as given that says what its typed date and precision say
(`checks.dateAsGiven`)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import polars as pl

from ..core.context import Context
from ..core.model import PRECISIONS, AsGiven, Publication
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
