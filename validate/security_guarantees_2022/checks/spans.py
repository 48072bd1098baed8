"""Spans: every text cell equals source[start:end], and the sources themselves are intact.

Offsets are 0-based Unicode code points, end exclusive. What is a span and what is a source is
declared in the schemas (`checks.span`, `checks.sourceText`); a row linked to a containing row
(`checks.inside`, `checks.reportedBy`: reported speech, an editorial insertion, a reported
event) must lie inside that row's span.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import numpy as np
import polars as pl

from ..core.context import Context, FileScan, changed_while_reading
from ..core.descriptor import PathGuard, Resource
from ..core.lookup import positions_in
from ..core.model import SourceText, Span
from ..core.report import Issue, PackageError
from .evidence import EvidenceRows, evidence_issues

SPAN_FIELDS = ("source_id", "start", "end", "text")  # a span's columns, as the checks name them
SPAN = Span(*SPAN_FIELDS)
SOURCE_FIELDS = SourceText("path", "sha256", "chars", "published")  # likewise for a source
BATCH_SOURCES = 2048  # sources per buffer: bounds the memory of the byte comparison


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
        shifted: np.ndarray = (
            chars + self.added[np.searchsorted(self.lead_char, chars, side="left")]
        )
        return shifted

    def text(self, position: int, start: int, end: int) -> str:
        """source[start:end] of the good source at `position`, for a message."""
        return bytes(self.sources[position]).decode("utf-8")[start:end]


def _read_batch(
    records: list[dict[str, Any]],
    first: int,
    guard: PathGuard,
    names: SourceText = SOURCE_FIELDS,
    hashed: Mapping[str, str] | None = None,
) -> tuple[Batch, list[Issue]]:
    """Read, hash and decode a batch of sources; each broken one is reported and left out.

    A file named by several rows is read, hashed and held once: their spans share its bytes.
    `hashed` maps the path of a file the run hashed as a resource to that hash: read again here,
    it must hash the same, or its spans would be checked against bytes no check hashed.
    """
    issues: list[Issue] = []
    raws: list[bytes | None] = []
    files: dict[str, tuple[bytes | None, str | None, PackageError | OSError | None]] = {}
    for record in records:
        raw, issue = _read_source(record, guard, files, names, hashed or {})
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
        bad_at = {k: at for k, raw in enumerate(distinct) if (at := _bad_utf8_at(raw)) is not None}
        for i, raw in enumerate(raws):
            if raw is not None and slot[id(raw)] in bad_at:
                raws[i] = None
                at = bad_at[slot[id(raw)]]
                issues.append(_source_issue(records[i], names, "encoding", offset=at))
        distinct = [b"" if k in bad_at else raw for k, raw in enumerate(distinct)]
        binary = pl.Series(distinct, dtype=pl.Binary)
        text = binary.cast(pl.String)
    chars = text.str.len_chars().to_list()
    for record, raw in zip(records, raws, strict=True):
        if raw is None or record["chars"] is None:
            continue
        length = chars[slot[id(raw)]]
        if length != record["chars"]:
            found = str(length)
            issues.append(_source_issue(record, names, "source-length-mismatch", "chars", found))
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


def _bad_utf8_at(raw: bytes) -> int | None:
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return exc.start
    return None


def _source_issue(
    record: dict[str, Any],
    names: SourceText,
    code: str,
    column: str = "path",
    found: str | None = None,
    **details: Any,
) -> Issue:
    """An issue of a source file, on its row of the sources table; `found` is what the file has.

    `column` is the checks' name of a source column; `names` gives the table's own names.
    """
    value = found if found is not None else record[column]
    return Issue.of(
        code,
        record["__table"],
        row=record["__row"],
        column=getattr(names, column),
        value=None if value is None else str(value),
        file=record["path"],
        **details,
    )


def _read_source(
    record: dict[str, Any],
    guard: PathGuard,
    files: dict[str, tuple[bytes | None, str | None, PackageError | OSError | None]],
    names: SourceText = SOURCE_FIELDS,
    hashed: Mapping[str, str] | None = None,
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
    earlier = (hashed or {}).get(relpath)
    if earlier is not None and digest is not None and digest != earlier:
        raise changed_while_reading(
            relpath, f"hashed {earlier[:12]}… as a resource, {digest[:12]}… for its spans"
        )
    if isinstance(error, PackageError):
        return None, _source_issue(record, names, error.code, detail=error.message)
    if error is not None or raw is None:
        return None, _source_issue(record, names, "missing-file")
    if record["sha256"] is not None and digest != record["sha256"]:
        return None, _source_issue(record, names, "source-hash-mismatch", "sha256", digest)
    return raw, None


def _span_issues(name: str, part: pl.DataFrame, batch: Batch, span: Span = SPAN) -> Iterator[Issue]:
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


def source_records(ctx: Context, sources_res: Resource) -> pl.DataFrame:
    """The declared sources' rows under the checks' names, with "__row" and "__table"."""
    names = sources_res.checks.source_text
    assert names is not None
    (key,) = sources_res.primary_key  # a declared source is named by its one-column key
    columns = {"source_id": key, "path": names.path, "sha256": names.sha256, "chars": names.chars}
    return ctx.rows(ctx.typed[sources_res.name]).select(
        "__row",
        pl.lit(sources_res.name).alias("__table"),
        *(pl.col(c).alias(a) if c else pl.lit(None).alias(a) for a, c in columns.items()),
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
        window = records[first : first + BATCH_SOURCES]
        return _read_batch(window, first, guard, names, hashed_files(ctx))

    with ThreadPoolExecutor(max_workers=1) as reader:  # reads one batch ahead, no more
        ahead = reader.submit(read, 0)
        for first in range(0, len(records), BATCH_SOURCES):
            batch, issues = ahead.result()
            if first + BATCH_SOURCES < len(records):
                ahead = reader.submit(read, first + BATCH_SOURCES)
            yield from issues
            for table, span in tables:
                part = table.between(first, first + BATCH_SOURCES)
                if not part.is_empty():
                    yield from _span_issues(table.name, part, batch, span)
            for evidence in quoted:
                part = evidence.between(first, first + BATCH_SOURCES)
                if not part.is_empty():
                    yield from evidence_issues(evidence.name, part, batch)


def span_of(ctx: Context, name: str) -> Span:
    span = ctx.package.resources[name].checks.span
    assert span is not None
    return span


def read_sources(
    ctx: Context, sources_res: Resource, records: list[dict[str, Any]]
) -> Callable[[int], tuple[Batch, list[Issue]]]:
    """`read(first)`: the window of BATCH_SOURCES sources from `first` and its issues."""
    names = sources_res.checks.source_text
    assert names is not None
    guard = PathGuard(ctx.package.root)
    return lambda first: _read_batch(
        records[first : first + BATCH_SOURCES], first, guard, names, hashed_files(ctx)
    )


def hashed_files(ctx: Context) -> dict[str, str]:
    """Path -> SHA-256 of each file resource this run has already scanned (none yet: empty)."""
    found = {}
    for name, res in ctx.package.resources.items():
        scan = ctx.scans.get(name)
        if not res.is_table and isinstance(scan, FileScan) and scan.exists and scan.sha256:
            found[res.relpath] = scan.sha256
    return found


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
    for first in (rows.sidx // BATCH_SOURCES * BATCH_SOURCES).unique(maintain_order=True):
        yield from _span_issues(name, rows.between(first, first + BATCH_SOURCES), read(first), span)


def windowed_evidence_issues(
    ctx: Context, name: str, sources: pl.DataFrame, read: Callable[[int], Batch]
) -> Iterator[Issue]:
    """The evidence of table `name` in ctx against its sources, a window at a time, as
    windowed_span_issues reads them."""
    rows = EvidenceRows.of(ctx, name, sources)
    for first in rows.windows(BATCH_SOURCES):
        yield from evidence_issues(name, rows.between(first, first + BATCH_SOURCES), read(first))


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
