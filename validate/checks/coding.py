"""Event coding against its references: CAMEO codes have their parents, PLOVER types follow the
CAMEO→PLOVER crosswalk, and an event inside a statement names it as its report (that a named
report holds the event is checked with the other nested spans, in spans.py)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import polars as pl

from ..context import Context
from ..report import Issue
from .spans import REPORTS

CAMEO = "cameo_event_codes"
CROSSWALK = "cameo_plover_crosswalk"
PLOVER = "plover_event_types"
CODED = ("cameo_code", "plover_type", "plover_mode")
SPAN = ("source_id", "start", "end")


def check(ctx: Context) -> Iterator[Issue]:
    yield from cameo_parents(ctx)
    yield from crosswalk(ctx)
    yield from unlinked_reports(ctx)


def cameo_parents(ctx: Context) -> Iterator[Issue]:
    """Every 4-digit CAMEO code has its 3-digit parent in the vocabulary."""
    if CAMEO not in ctx.typed:
        return
    codes = ctx.rows(ctx.typed[CAMEO].select("code")).drop_nulls("code")
    known = codes["code"]
    orphans = codes.filter(
        (pl.col("code").str.len_chars() == 4)
        & ~pl.col("code").str.slice(0, 3).is_in(known.implode())
    )
    for record in orphans.iter_rows(named=True):
        yield cameo_parent_issue(record)


def cameo_parent_issue(record: dict[str, Any]) -> Issue:
    return Issue(
        "cameo-parent-missing",
        CAMEO,
        f"{record['code']!r} has no parent code {record['code'][:3]!r} in the vocabulary",
        row=record["__row"],
        column="code",
        value=record["code"],
    )


def crosswalk(ctx: Context) -> Iterator[Issue]:
    """A coded row's PLOVER type is the crosswalk's for its CAMEO code (none where the crosswalk
    has no row); its mode is the crosswalk's where the crosswalk names one, except that a mode
    the score table (plover_event_types) lacks, and so no row could hold, may be left out."""
    if CROSSWALK not in ctx.typed:
        return
    walk = ctx.typed[CROSSWALK].select(
        pl.col("cameo_code"),
        pl.col("plover_type").alias("__type"),
        pl.col("plover_mode").alias("__mode"),
        pl.lit(True).alias("__mapped"),
    )
    if PLOVER in ctx.typed:
        scored = ctx.typed[PLOVER].select(
            pl.col("event_type").alias("__type"),
            pl.col("mode").alias("__mode"),
            pl.lit(True).alias("__scored"),
        )
        walk = walk.join(scored, on=["__type", "__mode"], how="left", nulls_equal=True)
    else:
        walk = walk.with_columns(pl.lit(True).alias("__scored"))
    for name, res in ctx.package.tables.items():
        if name not in ctx.typed or res.is_vocabulary or not all(res.field(c) for c in CODED):
            continue
        frame = ctx.rows(ctx.typed[name].select(*CODED)).filter(pl.col("cameo_code").is_not_null())
        if CAMEO in ctx.typed:  # a code outside the vocabulary is unknown-code, not this
            known = ctx.typed[CAMEO].get_column("code").drop_nulls().implode()
            frame = frame.filter(pl.col("cameo_code").is_in(known))
        frame = frame.join(walk, on="cameo_code", how="left")
        mapped = pl.col("__mapped").fill_null(False)
        wrong_type = (
            pl.when(mapped)
            .then(pl.col("plover_type").ne_missing(pl.col("__type")))
            .otherwise(pl.col("plover_type").is_not_null())
        )
        unscored_left_out = pl.col("plover_mode").is_null() & pl.col("__scored").is_null()
        wrong_mode = (
            mapped
            & pl.col("__mode").is_not_null()
            & pl.col("plover_mode").ne_missing(pl.col("__mode"))
            & ~unscored_left_out
        )
        for record in frame.filter(wrong_type | wrong_mode).iter_rows(named=True):
            yield crosswalk_issue(name, record)


def crosswalk_issue(name: str, record: dict[str, Any]) -> Issue:
    """A row's coding against its crosswalk row (`__type`, `__mode`, `__mapped`)."""
    found = "/".join(v for v in (record["plover_type"], record["plover_mode"]) if v)
    if record["__mapped"]:
        wanted = "/".join(v for v in (record["__type"], record["__mode"]) if v)
        if not record["__mode"]:
            wanted += " (any mode)"
    else:
        wanted = "no PLOVER type"
    return Issue(
        "plover-crosswalk-mismatch",
        name,
        f"CAMEO {record['cameo_code']} is {wanted} in the crosswalk, "
        f"but the row has {found or 'none'}",
        row=record["__row"],
        column="plover_type, plover_mode",
        value=found,
    )


def unlinked_reports(ctx: Context) -> Iterator[Issue]:
    """A row whose span lies inside a statement's names a reporting statement: the article
    knows it through that statement. Found without pairing every row with every statement:
    with a source's statements sorted by start, some statement holds [start, end) exactly when
    the longest end among those starting at or before `start` reaches `end`."""
    for name, column, statements in REPORTS:
        if name not in ctx.typed or statements not in ctx.typed:
            continue
        if any(c not in ctx.typed[name].columns for c in (column, *SPAN)):
            continue
        frame = ctx.rows(ctx.typed[name].select(column, *SPAN))
        frame = frame.filter(
            pl.col(column).is_null() & pl.all_horizontal(pl.col(SPAN).is_not_null())
        )
        if frame.is_empty():
            continue
        reach = (
            ctx.typed[statements]
            .select("statement_id", *SPAN)
            .drop_nulls()
            .sort("source_id", "start")
            .with_columns(pl.col("end").cum_max().over("source_id").alias("__reach"))
            .with_columns(
                pl.when(pl.col("end") == pl.col("__reach"))
                .then(pl.col("statement_id"))
                .forward_fill()
                .over("source_id")
                .alias("__holder")
            )
            .select("source_id", pl.col("start").alias("__s_start"), "__reach", "__holder")
        )
        inside = frame.sort("source_id", "start").join_asof(
            reach,
            left_on="start",
            right_on="__s_start",
            by="source_id",
            strategy="backward",
            check_sortedness=False,  # both sides are sorted by (source_id, start) just above
        )
        inside = inside.filter(pl.col("__reach") >= pl.col("end")).sort("__row")
        for record in inside.iter_rows(named=True):
            yield report_link_issue(name, column, record)


def report_link_issue(name: str, column: str, record: dict[str, Any]) -> Issue:
    return Issue(
        "report-link-missing",
        name,
        f"span [{record['start']}, {record['end']}) lies inside statement "
        f"{record['__holder']!r}, but {column} is empty",
        row=record["__row"],
        column=column,
        value=None,
    )
