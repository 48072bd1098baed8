"""Dates against the source's publication date: nothing after it unless scheduled, and
scheduled events after it; an end never precedes its start."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import polars as pl

from ..context import Context
from ..report import Issue
from .spans import SOURCES


def check(ctx: Context) -> Iterator[Issue]:
    if SOURCES not in ctx.typed:
        return
    published = (
        ctx.typed[SOURCES]
        .select("source_id", pl.col("published").alias("__published"))
        .drop_nulls()
    )
    for name, res in ctx.package.tables.items():
        if name not in ctx.typed or name == SOURCES or not res.field("source_id"):
            continue
        dates = [f["name"] for f in res.fields() if f.get("type") == "date"]
        if not dates:
            continue
        needed = ["source_id", *dates] + (["status"] if res.field("status") else [])
        frame = ctx.rows(ctx.typed[name].select(needed)).join(published, on="source_id")
        scheduled = pl.col("status") == "scheduled" if res.field("status") else pl.lit(False)
        frame = frame.with_columns(scheduled.fill_null(False).alias("__scheduled"))
        for column in dates:
            late = frame.filter((pl.col(column) > pl.col("__published")) & ~pl.col("__scheduled"))
            for record in late.iter_rows(named=True):
                yield late_issue(name, column, record)
        if res.field("status") and res.field("date_start"):
            early = frame.filter(
                pl.col("__scheduled") & (pl.col("date_start") <= pl.col("__published"))
            )
            for record in early.iter_rows(named=True):
                yield early_issue(name, record)
        if res.field("date_start") and res.field("date_end"):
            reversed_ = frame.filter(pl.col("date_end") < pl.col("date_start"))
            for record in reversed_.iter_rows(named=True):
                yield order_issue(name, record)


# The issues as both engines word them (validate/spark/ builds the same records).
def late_issue(name: str, column: str, record: dict[str, Any]) -> Issue:
    return Issue(
        "date-after-publication",
        name,
        f"{record[column]} is after the source's publication date {record['__published']}",
        row=record["__row"],
        column=column,
        value=str(record[column]),
    )


def early_issue(name: str, record: dict[str, Any]) -> Issue:
    return Issue(
        "scheduled-not-after-publication",
        name,
        f"scheduled, but {record['date_start']} is not after publication ({record['__published']})",
        row=record["__row"],
        column="date_start",
        value=str(record["date_start"]),
    )


def order_issue(name: str, record: dict[str, Any]) -> Issue:
    return Issue(
        "date-order",
        name,
        f"date_end {record['date_end']} precedes date_start {record['date_start']}",
        row=record["__row"],
        column="date_end",
        value=str(record["date_end"]),
    )
