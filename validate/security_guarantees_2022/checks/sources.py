"""The sources' texts for the span and evidence checks: each source file read, hashed and
decoded once, a window of BATCH_SOURCES sources at a time; a broken source is reported on its
row of the sources table and left out of the window.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import polars as pl

from ..core.context import Context
from ..core.descriptor import PathGuard, Resource
from ..core.model import SourceText
from ..core.report import Issue, PackageError
from ..core.scans import FileScan, changed_while_reading

SOURCE_FIELDS = SourceText("path", "sha256", "chars", "published")  # likewise for a source
BATCH_SOURCES = 2048  # sources per buffer: bounds the memory of the byte comparison


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


def read_batch(
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


def read_sources(
    ctx: Context, sources_res: Resource, records: list[dict[str, Any]]
) -> Callable[[int], tuple[Batch, list[Issue]]]:
    """`read(first)`: the window of BATCH_SOURCES sources from `first` and its issues."""
    names = sources_res.checks.source_text
    assert names is not None
    guard = PathGuard(ctx.package.root)
    return lambda first: read_batch(
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
