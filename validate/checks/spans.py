"""Spans: every text cell equals source[start:end], and the sources themselves are intact.

Offsets are 0-based Unicode code points, end exclusive. A reported statement's span, and an
editorial insertion's, must lie inside the statement that contains it.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import numpy as np
import polars as pl

from ..context import Context
from ..descriptor import PathGuard
from ..report import Issue, PackageError
from .keys import positions_in

SOURCES = "sources"
SPAN_FIELDS = ("source_id", "start", "end", "text")
BATCH_SOURCES = 2048  # sources per buffer: bounds the memory of the byte comparison
# (table, column naming the statement that reports a row, statements table)
REPORTS = (("events", "reporting_statement_id", "statements"),)
# (table, column pointing to the containing row, containing table, issue code when outside)
NESTED = (
    ("statements", "reported_by", "statements", "nested-span-outside-parent"),
    ("editorial_insertions", "statement_id", "statements", "nested-span-outside-parent"),
    *((name, column, parent, "report-span-outside-statement") for name, column, parent in REPORTS),
)


@dataclass
class Batch:
    """A run of consecutive sources read into one UTF-8 buffer (broken sources left out)."""

    first: int  # index of the batch's first source in the sources table
    sources: pl.Series  # Binary: each good source's bytes
    position: np.ndarray  # per source of the batch: its place among the good ones, or -1
    char_base: np.ndarray  # per good source (+1 at the end): code points before it
    byte_base: np.ndarray  # per good source (+1 at the end): bytes before it
    lead_char: np.ndarray  # code-point offset of each multi-byte character, ascending
    added: np.ndarray  # extra bytes of the multi-byte characters before each of those (+ total)

    def to_bytes(self, chars: np.ndarray) -> np.ndarray:
        """Byte offsets in the buffer of code-point offsets in it (ASCII is 1:1; others add)."""
        if not len(self.lead_char):
            return chars
        return chars + self.added[np.searchsorted(self.lead_char, chars, side="left")]

    def text(self, position: int, start: int, end: int) -> str:
        """source[start:end] of the good source at `position`, for a message."""
        return bytes(self.sources[position]).decode("utf-8")[start:end]


def _read_batch(
    records: list[dict[str, Any]], first: int, guard: PathGuard
) -> tuple[Batch, list[Issue]]:
    """Read, hash and decode a batch of sources; each broken one is reported and left out.

    A file named by several rows is read, hashed and held once: their spans share its bytes.
    """
    issues: list[Issue] = []
    raws: list[bytes | None] = []
    files: dict[str, tuple[bytes | None, str | None, PackageError | OSError | None]] = {}
    for record in records:
        raw, issue = _read_source(record, guard, files)
        raws.append(raw)
        if issue is not None:
            issues.append(issue)
    slot: dict[int, int] = {}  # id of a file's bytes -> its place among the distinct files
    distinct: list[bytes] = []
    for raw in raws:
        if raw is not None and id(raw) not in slot:
            slot[id(raw)] = len(distinct)
            distinct.append(raw)
    binary = pl.Series(distinct, dtype=pl.Binary)
    try:
        text = binary.cast(pl.String)  # polars checks UTF-8 much faster than bytes.decode
    except pl.exceptions.ComputeError:
        broken = {k for k, raw in enumerate(distinct) if not _decodes(raw)}
        for i, raw in enumerate(raws):
            if raw is not None and slot[id(raw)] in broken:
                raws[i] = None
                issues.append(_source_issue(records[i], "encoding", "is not valid UTF-8"))
        distinct = [b"" if k in broken else raw for k, raw in enumerate(distinct)]
        binary = pl.Series(distinct, dtype=pl.Binary)
        text = binary.cast(pl.String)
    chars = text.str.len_chars().to_list()
    for record, raw in zip(records, raws, strict=True):
        if raw is None or record["chars"] is None:
            continue
        length = chars[slot[id(raw)]]
        if length != record["chars"]:
            issues.append(
                _source_issue(
                    record, "source-length-mismatch", f"has {length} code points", "chars"
                )
            )
    used = sorted({slot[id(raw)] for raw in raws if raw is not None})
    renumber = {k: n for n, k in enumerate(used)}
    position = np.array(
        [-1 if raw is None else renumber[slot[id(raw)]] for raw in raws], dtype=np.int64
    )
    good = [distinct[k] for k in used]
    buffer = np.frombuffer(b"".join(good), dtype=np.uint8)
    char_base = np.concatenate([[0], np.cumsum(np.array([chars[k] for k in used], dtype=np.int64))])
    byte_base = np.concatenate([[0], np.cumsum(np.array([len(r) for r in good], dtype=np.int64))])
    lead = np.flatnonzero(buffer >= 0xC0)
    lead_bytes = buffer[lead]
    extra = 1 + (lead_bytes >= 0xE0).astype(np.int64) + (lead_bytes >= 0xF0)
    added = np.concatenate([[0], np.cumsum(extra)])
    lead_char = lead - added[:-1]
    sources = binary.gather(used)
    return Batch(first, sources, position, char_base, byte_base, lead_char, added), issues


def _decodes(raw: bytes) -> bool:
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _source_issue(record: dict[str, Any], code: str, what: str, column: str = "path") -> Issue:
    value = record[column]
    return Issue(
        code,
        SOURCES,
        f"{record['path']} {what}",
        row=record["__row"],
        column=column,
        value=None if value is None else str(value),
    )


def _read_source(
    record: dict[str, Any],
    guard: PathGuard,
    files: dict[str, tuple[bytes | None, str | None, PackageError | OSError | None]],
) -> tuple[bytes | None, Issue | None]:
    """(bytes, issue): bytes are None when the spans cannot be checked against the file.

    `files` remembers each path's bytes, digest or error, so a path is read once per batch.
    """
    relpath = record["path"]
    if relpath is None:
        return None, None  # a missing required value: reported by the schema screen
    if relpath not in files:
        try:
            read = guard.read_bytes(relpath, f"source {record['source_id']!r}")
            files[relpath] = (read, hashlib.sha256(read).hexdigest(), None)
        except (PackageError, OSError) as exc:
            files[relpath] = (None, None, exc)
    raw, digest, error = files[relpath]
    if isinstance(error, PackageError):
        issue = Issue(error.code, SOURCES, error.message, row=record["__row"], column="path")
        return None, dataclasses.replace(issue, value=relpath)
    if error is not None or raw is None:
        return None, _source_issue(record, "missing-file", "not found")
    if record["sha256"] is not None and digest != record["sha256"]:
        return None, _source_issue(record, "source-hash-mismatch", f"hashes to {digest}", "sha256")
    return raw, None


def _span_issues(name: str, part: pl.DataFrame, batch: Batch) -> Iterator[Issue]:
    """Every span of `part` (rows whose sources are in `batch`) against its source, in bytes."""
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
        yield out_of_range_issue(name, int(start[i]), int(end[i]), int(length[i]), int(rows[i]))
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
        text_j = part.get_column("text")[int(j)]
        yield mismatch_issue(name, int(start[j]), int(end[j]), actual, int(rows[j]), text_j)


# The issues as both engines word them (validate/spark/ computes the same values).
def out_of_range_issue(name: str, start: int, end: int, length: int, row: int) -> Issue:
    return Issue(
        "span-out-of-range",
        name,
        f"[{start}, {end}) is outside 0..{length}",
        row=row,
        column="start, end",
        value=f"{start}, {end}",
    )


def mismatch_issue(name: str, start: int, end: int, actual: str, row: int, text: str) -> Issue:
    return Issue(
        "span-mismatch",
        name,
        f"source[{start}:{end}] is {actual!r}",
        row=row,
        column="text",
        value=text,
    )


def nested_issue(code: str, name: str, column: str, record: dict[str, Any]) -> Issue:
    return Issue(
        code,
        name,
        f"span [{record['start']}, {record['end']}) is not inside {record[column]}'s "
        f"[{record['__pstart']}, {record['__pend']})",
        row=record["__row"],
        column=column,
        value=str(record[column]),
    )


def _nested_issues(ctx: Context, name: str, column: str, parent: str, code: str) -> Iterator[Issue]:
    parent_key = ctx.package.resources[parent].schema.get("primaryKey", [])  # type: ignore[union-attr]
    parent_id = parent_key[0] if isinstance(parent_key, list) else parent_key
    outer = ctx.typed[parent].select(
        pl.col(parent_id).alias(column),
        pl.col("source_id").alias("__psource"),
        pl.col("start").alias("__pstart"),
        pl.col("end").alias("__pend"),
    )
    inner = (
        ctx.rows(ctx.typed[name])
        .filter(pl.col(column).is_not_null())
        .join(outer, on=column, how="inner")
    )
    outside = inner.filter(
        (pl.col("source_id") != pl.col("__psource"))
        | (pl.col("start") < pl.col("__pstart"))
        | (pl.col("end") > pl.col("__pend"))
    )
    for record in outside.iter_rows(named=True):
        yield nested_issue(code, name, column, record)


def check(ctx: Context) -> Iterator[Issue]:
    yield from _source_and_span_issues(ctx)
    for name, column, parent, code in NESTED:
        if name in ctx.typed and parent in ctx.typed and ctx.package.resources[name].field(column):
            yield from _nested_issues(ctx, name, column, parent, code)


def _source_and_span_issues(ctx: Context) -> Iterator[Issue]:
    """Sources are read a batch at a time, and each batch's spans checked while it is in memory."""
    if SOURCES not in ctx.typed:
        return
    sources = ctx.rows(ctx.typed[SOURCES]).select("__row", "source_id", "path", "sha256", "chars")
    records = sources.to_dicts()
    tables = [
        SpanRows.of(ctx.typed[name], name, sources)
        for name, res in ctx.package.tables.items()
        if name in ctx.typed and all(res.field(f) for f in SPAN_FIELDS)
    ]
    guard = PathGuard(ctx.package.root)

    def read(first: int) -> tuple[Batch, list[Issue]]:
        return _read_batch(records[first : first + BATCH_SOURCES], first, guard)

    with ThreadPoolExecutor(max_workers=1) as reader:  # reads one batch ahead, no more
        ahead = reader.submit(read, 0)
        for first in range(0, len(records), BATCH_SOURCES):
            batch, issues = ahead.result()
            if first + BATCH_SOURCES < len(records):
                ahead = reader.submit(read, first + BATCH_SOURCES)
            yield from issues
            for table in tables:
                part = table.between(first, first + BATCH_SOURCES)
                if not part.is_empty():
                    yield from _span_issues(table.name, part, batch)


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
