"""Event coding against its references: CAMEO codes have their parents, PLOVER types follow the
CAMEO→PLOVER crosswalk, and a row inside a statement names it as its report where the schema
declares `checks.reportedBy` (that a named report holds the row is checked with the other
nested spans, in spans.py)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import polars as pl

from ..core.context import Context
from ..core.descriptor import Package
from ..core.model import Coding
from ..core.report import Issue
from .spans import SPAN_FIELDS, spanned

SPAN = SPAN_FIELDS[:3]  # source, start, end under the checks' names
CODED = ("cameo_code", "plover_type", "plover_mode")  # a coding's columns, as the checks name them


def type_and_mode(
    coding: Coding, names: tuple[str, str] = CODED[1:], itself: str | None = None
) -> list[pl.Expr]:
    """A declared PLOVER type and mode under the given names; an undeclared mode, and the mode
    `itself` that stands for the type itself (`checks.ploverTypes.itself`), are null."""
    mode = pl.col(coding.mode) if coding.mode else pl.lit(None, pl.String)
    if itself is not None:
        mode = pl.when(mode == itself).then(None).otherwise(mode)
    return [pl.col(coding.type).alias(names[0]), mode.alias(names[1])]


def itself(package: Package) -> str | None:
    """The mode value that stands for a PLOVER type itself, as the PLOVER types table declares."""
    table = package.declaring("plover_types")
    declared = table.checks.plover_types if table is not None else None
    return declared.itself if declared is not None else None


def coded(coding: Coding, type_itself: str | None = None) -> list[pl.Expr]:
    """A declared coding's columns under the checks' names, and its mode's reason as `__reason`
    (null where undeclared)."""
    reason = pl.col(coding.mode_reason) if coding.mode_reason else pl.lit(None, pl.String)
    return [
        pl.col(coding.cameo or "").alias(CODED[0]),
        *type_and_mode(coding, itself=type_itself),
        reason.alias(REASON),
    ]


REASON = "__reason"


def cameo_parents(ctx: Context, name: str, column: str) -> Iterator[Issue]:
    """Every 4-digit CAMEO code has its 3-digit parent in the vocabulary (`checks.cameoCodes`)."""
    codes = ctx.rows(ctx.typed[name].select(column)).drop_nulls(column)
    orphans = codes.filter(
        (pl.col(column).str.len_chars() == 4)
        & ~pl.col(column).str.slice(0, 3).is_in(codes[column].implode())
    )
    for record in orphans.iter_rows(named=True):
        yield cameo_parent_issue(name, column, record)


def cameo_parent_issue(name: str, column: str, record: dict[str, Any]) -> Issue:
    """A 4-digit code whose parent is missing, worded alike by every engine."""
    code = record[column]
    return Issue.of(
        "cameo-parent-missing",
        name,
        parent=code[:3],
        row=record["__row"],
        column=column,
        value=code,
    )


def crosswalk(ctx: Context, name: str) -> Iterator[Issue]:
    """A coded row's PLOVER type is the crosswalk's for its CAMEO code (none where the crosswalk
    has no row); its mode is the crosswalk's where the crosswalk names one, except that a mode
    the table of PLOVER types lacks, and so no row could hold, may be left out, and that a row
    giving its reason (`checks.coding.modeReason`) may have another mode or none. The tables and
    columns are the schemas' `checks.coding`, `crosswalk`, `ploverTypes` and `cameoCodes`."""
    walk = crosswalk_rows(ctx)
    if walk is not None:
        yield from crosswalk_issues(ctx, name, walk)


def crosswalk_rows(ctx: Context) -> pl.DataFrame | None:
    """The crosswalk as `__code`, `__type`, `__mode`, `__mapped`, `__scored` (None if absent)."""
    table = ctx.package.declaring("crosswalk")
    if table is None or table.name not in ctx.typed:
        return None
    declared = table.checks.crosswalk
    assert declared is not None
    walk = ctx.typed[table.name].select(
        pl.col(declared.cameo or "").alias("__code"),
        *type_and_mode(declared, ("__type", "__mode"), itself(ctx.package)),
        pl.lit(True).alias("__mapped"),
    )
    scores = ctx.package.declaring("plover_types")
    if scores is not None and scores.name in ctx.typed and scores.checks.plover_types:
        scored = ctx.typed[scores.name].select(
            *type_and_mode(scores.checks.plover_types, ("__type", "__mode"), itself(ctx.package)),
            pl.lit(True).alias("__scored"),
        )
        return walk.join(scored, on=["__type", "__mode"], how="left", nulls_equal=True)
    return walk.with_columns(pl.lit(True).alias("__scored"))


def crosswalk_issues(ctx: Context, name: str, walk: pl.DataFrame) -> Iterator[Issue]:
    """The rows of one coded table (`checks.coding`) against the crosswalk rows `walk`."""
    coding = ctx.package.resources[name].checks.coding
    if coding is None or name not in ctx.typed:
        return
    vocabulary = ctx.package.declaring("cameo_codes")
    frame = ctx.rows(ctx.typed[name].select(*coded(coding, itself(ctx.package))))
    frame = frame.filter(pl.col("cameo_code").is_not_null())
    if vocabulary is not None and vocabulary.name in ctx.typed:
        # a code outside the vocabulary is unknown-code, not this
        known = ctx.typed[vocabulary.name].get_column(vocabulary.checks.cameo_codes or "")
        frame = frame.filter(pl.col("cameo_code").is_in(known.drop_nulls().implode()))
    frame = frame.join(walk, left_on="cameo_code", right_on="__code", how="left")
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
        & ~(pl.col(REASON).is_not_null() & (pl.col(REASON) != ""))  # a departure with a reason
    )
    columns = ", ".join(c for c in (coding.type, coding.mode) if c)
    for record in frame.filter(wrong_type | wrong_mode).iter_rows(named=True):
        yield crosswalk_issue(name, columns, record)


def crosswalk_issue(name: str, columns: str, record: dict[str, Any]) -> Issue:
    """A row's coding against its crosswalk row (`__type`, `__mode`, `__mapped`)."""
    found = "/".join(v for v in (record["plover_type"], record["plover_mode"]) if v)
    if record["__mapped"]:
        wanted = "/".join(v for v in (record["__type"], record["__mode"]) if v)
        if not record["__mode"]:
            wanted += " (any mode)"
    else:
        wanted = "no PLOVER type"
    return Issue.of(
        "plover-crosswalk-mismatch",
        name,
        row=record["__row"],
        column=columns,
        value=found,
        cameo=record["cameo_code"],
        wanted=wanted,
        found=found or "none",
    )


def unlinked_report_issues(
    ctx: Context, name: str, column: str, link: tuple[str, str]
) -> Iterator[Issue]:
    """A row whose span lies inside a statement's names a reporting statement (`column`, a link
    to the statements): the article knows it through that statement. Found without pairing
    every row with every statement: with a source's statements sorted by start, some statement
    holds [start, end) exactly when the longest end among those starting at or before `start`
    reaches `end`."""
    statements, key = link
    if statements not in ctx.typed:
        return
    frame = spanned(ctx, name, column, text=False).filter(
        pl.col(column).is_null() & pl.all_horizontal(pl.col(SPAN).is_not_null())
    )
    if frame.is_empty():
        return
    sources = frame.get_column("source_id").unique().implode()  # only their statements count
    reach = (
        spanned(ctx, statements, pl.col(key).alias("__id"), text=False)
        .select("__id", *SPAN)
        .filter(pl.col("source_id").is_in(sources))
        .drop_nulls()
        .sort("source_id", "start")
        .with_columns(pl.col("end").cum_max().over("source_id").alias("__reach"))
        .with_columns(
            pl.when(pl.col("end") == pl.col("__reach"))
            .then(pl.col("__id"))
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
    """A row inside a statement (`__holder`) that names no report, worded alike by every engine."""
    return Issue.of(
        "report-link-missing",
        name,
        row=record["__row"],
        column=column,
        start=record["start"],
        end=record["end"],
        holder=record["__holder"],
    )
