"""Spans: every text cell equals source[start:end], and the sources themselves are intact.

Offsets are 0-based Unicode code points, end exclusive. What is a span and what is a source is
declared in the schemas (`checks.span`, `checks.sourceText`); a row linked to a containing row
(`checks.inside`, `checks.reportedBy`: reported speech, an editorial insertion, a reported
event) must lie inside that row's span.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import numpy as np
import polars as pl

from ..core.context import Context
from ..core.descriptor import PathGuard, Resource
from ..core.lookup import positions_in
from ..core.model import Span
from ..core.report import Issue
from . import sources as source_texts
from .evidence import EvidenceRows, evidence_issues
from .sources import Batch, hashed_files, read_batch, source_records

SPAN_FIELDS = ("source_id", "start", "end", "text")  # a span's columns, as the checks name them
SPAN = Span(*SPAN_FIELDS)


def span_columns(res: Resource) -> list[pl.Expr]:
    """The table's declared span columns under the names the checks use (SPAN_FIELDS)."""
    span = res.checks.span
    assert span is not None
    declared = (span.source, span.start, span.end, span.text)
    return [pl.col(d).alias(c) for d, c in zip(declared, SPAN_FIELDS, strict=True)]


def spanned(ctx: Context, name: str, *keep: str | pl.Expr, text: bool = True) -> pl.DataFrame:
    """ "__row", the columns in `keep`, and the span under the checks' names (without its text
    when `text` is false: the streaming engine holds no text for the checks that need none)."""
    frame = ctx.typed[name]
    columns = span_columns(ctx.package.resources[name])
    return ctx.rows(frame.select(*keep, *(columns if text else columns[:3])))


def span_issues(name: str, part: pl.DataFrame, batch: Batch, span: Span = SPAN) -> Iterator[Issue]:
    """Every span of `part` (rows whose sources are in `batch`) against its source, in bytes.

    `part` names the span's columns as the checks do; `span` gives the table's own names.
    """
    position = batch.position[part.get_column("__sidx").to_numpy() - batch.first]
    if (position < 0).any():  # broken sources: already reported
        part = part.filter(pl.Series(position >= 0))
        position = position[position >= 0]
    if part.is_empty():
        return
    length = batch.char_base[position + 1] - batch.char_base[position]
    start = part.get_column("start").to_numpy()
    end = part.get_column("end").to_numpy()
    rows = part.get_column("__row").to_numpy()
    in_range = (start >= 0) & (end >= start) & (end <= length)
    for i in np.flatnonzero(~in_range):
        yield out_of_range_issue(name, span, int(rows[i]), start[i], end[i], length[i])
    ok = np.flatnonzero(in_range)
    every = len(ok) == len(in_range)
    at, first, last = (position, start, end) if every else (position[ok], start[ok], end[ok])
    base, byte_base = batch.char_base[at], batch.byte_base[at]
    b_start = batch.to_bytes(base + first) - byte_base
    b_end = batch.to_bytes(base + last) - byte_base
    text = part.get_column("text")
    compared = pl.DataFrame(
        {
            "source": batch.sources.gather(at),
            "offset": b_start,
            "length": b_end - b_start,
            "text": text if every else text.gather(ok),
        }
    )
    sliced = pl.col("source").bin.slice(pl.col("offset"), pl.col("length"))
    differ = compared.select((sliced != pl.col("text").cast(pl.Binary)).arg_true()).to_series()
    for i in differ.to_list():
        j = ok[i]
        actual = batch.text(int(position[j]), int(start[j]), int(end[j]))
        text = part.get_column("text")[int(j)]
        yield mismatch_issue(name, span, int(rows[j]), text, start[j], end[j], actual)


def out_of_range_issue(name: str, span: Span, row: int, start: Any, end: Any, length: Any) -> Issue:
    """A span outside its source (of `length` code points), worded alike by every engine."""
    return Issue.of(
        "span-out-of-range",
        name,
        row=row,
        column=f"{span.start}, {span.end}",
        value=f"{start}, {end}",
        start=start,
        end=end,
        length=length,
    )


def mismatch_issue(
    name: str, span: Span, row: int, text: str, start: Any, end: Any, actual: str
) -> Issue:
    """A span's text that is not source[start:end] (`actual`), worded alike by every engine."""
    return Issue.of(
        "span-mismatch",
        name,
        row=row,
        column=span.text,
        value=text,
        start=start,
        end=end,
        actual=actual,
    )


def nested_issues(
    ctx: Context, name: str, column: str, link: tuple[str, str], code: str
) -> Iterator[Issue]:
    """Rows whose `column` names a containing row (`link`: its table and key) must lie inside
    that row's span."""
    parent, parent_id = link
    if parent not in ctx.typed:
        return
    outer = spanned(ctx, parent, parent_id, text=False).select(
        pl.col(parent_id).alias("__link"),
        pl.col("source_id").alias("__psource"),
        pl.col("start").alias("__pstart"),
        pl.col("end").alias("__pend"),
    )
    inner = spanned(ctx, name, pl.col(column).alias("__link"), text=False).filter(
        pl.col("__link").is_not_null()
    )
    links = inner.get_column("__link").unique().implode()  # the rows named: fewer to hash
    inner = inner.join(outer.filter(pl.col("__link").is_in(links)), on="__link", how="inner")
    outside = inner.filter(
        (pl.col("source_id") != pl.col("__psource"))
        | (pl.col("start") < pl.col("__pstart"))
        | (pl.col("end") > pl.col("__pend"))
    )
    for record in outside.iter_rows(named=True):
        yield nested_issue(code, name, column, record)


def nested_issue(code: str, name: str, column: str, record: dict[str, Any]) -> Issue:
    """A row (`__link`: the row it names) outside the span of that row (`__pstart`, `__pend`),
    worded alike by every engine."""
    return Issue.of(
        code,
        name,
        row=record["__row"],
        column=column,
        value=str(record["__link"]),
        start=record["start"],
        end=record["end"],
        outer_start=record["__pstart"],
        outer_end=record["__pend"],
    )


def source_and_span_issues(
    ctx: Context, sources_res: Resource, spanning: Iterable[str], quoting: Iterable[str]
) -> Iterator[Issue]:
    """Sources are read a batch at a time, and each batch's spans (of the tables `spanning`)
    and evidence (of the tables `quoting`) checked while it is in memory."""
    names = sources_res.checks.source_text
    assert names is not None
    sources = source_records(ctx, sources_res)
    records = sources.to_dicts()
    tables = [
        (SpanRows.of(spanned(ctx, name).drop("__row"), name, sources), span_of(ctx, name))
        for name in spanning
        if name in ctx.typed
    ]
    quoted = [EvidenceRows.of(ctx, name, sources) for name in quoting if name in ctx.typed]
    guard = PathGuard(ctx.package.root)

    def read(first: int) -> tuple[Batch, list[Issue]]:
        window = records[first : first + source_texts.BATCH_SOURCES]
        return read_batch(window, first, guard, names, hashed_files(ctx))

    with ThreadPoolExecutor(max_workers=1) as reader:  # reads one batch ahead, no more
        ahead = reader.submit(read, 0)
        for first in range(0, len(records), source_texts.BATCH_SOURCES):
            batch, issues = ahead.result()
            if first + source_texts.BATCH_SOURCES < len(records):
                ahead = reader.submit(read, first + source_texts.BATCH_SOURCES)
            yield from issues
            for table, span in tables:
                part = table.between(first, first + source_texts.BATCH_SOURCES)
                if not part.is_empty():
                    yield from span_issues(table.name, part, batch, span)
            for evidence in quoted:
                part = evidence.between(first, first + source_texts.BATCH_SOURCES)
                if not part.is_empty():
                    yield from evidence_issues(evidence.name, part, batch)


def span_of(ctx: Context, name: str) -> Span:
    span = ctx.package.resources[name].checks.span
    assert span is not None
    return span


def windowed_span_issues(
    ctx: Context, name: str, sources: pl.DataFrame, read: Callable[[int], Batch]
) -> Iterator[Issue]:
    """The spans of table `name` in ctx, checked a window of sources at a time (the windows the
    default pass uses: `read(first)` gives the sources from `first`, a multiple of
    BATCH_SOURCES); the streaming engine calls it once per batch of rows."""
    rows = SpanRows.of(spanned(ctx, name).drop("__row"), name, sources)
    if rows.sidx.is_empty():
        return
    span = span_of(ctx, name)
    for first in (rows.sidx // source_texts.BATCH_SOURCES * source_texts.BATCH_SOURCES).unique(
        maintain_order=True
    ):
        yield from span_issues(
            name, rows.between(first, first + source_texts.BATCH_SOURCES), read(first), span
        )


def windowed_evidence_issues(
    ctx: Context, name: str, sources: pl.DataFrame, read: Callable[[int], Batch]
) -> Iterator[Issue]:
    """The evidence of table `name` in ctx against its sources, a window at a time, as
    windowed_span_issues reads them."""
    rows = EvidenceRows.of(ctx, name, sources)
    for first in rows.windows(source_texts.BATCH_SOURCES):
        yield from evidence_issues(
            name, rows.between(first, first + source_texts.BATCH_SOURCES), read(first)
        )


@dataclass
class SpanRows:
    """A table's rows with a complete span and a known source, ordered by the source's index."""

    name: str
    frame: pl.DataFrame
    order: pl.Series | None  # row positions; None when every row counts and is in source order
    sidx: pl.Series  # their sources' indexes in the sources table, ascending

    @classmethod
    def of(cls, frame: pl.DataFrame, name: str, sources: pl.DataFrame) -> SpanRows:
        # a repeated source_id is a duplicate-key issue: its spans are checked against the first
        sidx = positions_in(sources.get_column("source_id"), frame.get_column("source_id"))
        complete = frame.select(pl.all_horizontal(pl.col(SPAN_FIELDS).is_not_null())).to_series()
        usable = complete & sidx.is_not_null()
        if usable.all() and sidx.is_sorted():  # the usual case: batches are plain slices
            return cls(name, frame, None, sidx)
        order = usable.arg_true()
        by_source = sidx.gather(order).arg_sort()
        order = order.gather(by_source)
        return cls(name, frame, order, sidx.gather(order))

    def between(self, low: int, high: int) -> pl.DataFrame:
        """The rows whose source index is in [low, high), with "__row" and "__sidx"."""
        start, stop = self.sidx.search_sorted(pl.Series([low, high]), side="left").to_list()
        sidx = self.sidx.slice(start, stop - start).alias("__sidx")
        if self.order is None:
            part = self.frame.select(SPAN_FIELDS).slice(start, stop - start)
            rows = pl.int_range(start + 2, stop + 2, dtype=pl.Int64, eager=True)
        else:
            positions = self.order.slice(start, stop - start)
            part = self.frame.select(SPAN_FIELDS)[positions]
            rows = (positions + 2).cast(pl.Int64)
        return part.with_columns(rows.alias("__row"), sidx)
