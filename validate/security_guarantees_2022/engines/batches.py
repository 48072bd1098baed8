"""The streaming engine's batch plumbing: batches screened and made one ahead on a worker thread,
their issues moved to the rows of the whole table, and the two reads of a table proved alike."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from typing import TypeVar

import polars as pl

from ..core.descriptor import Resource
from ..core.report import Issue
from ..core.scans import FileScan, Scanner, changed_while_reading, line_at
from .screen import screen


def screened(
    res: Resource, batches: Iterable[pl.DataFrame], repeated: dict[str, pl.Series] | None
) -> Iterator[tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]]:
    """(text, typed, flagged) for each batch, flagged rows numbered as in the whole table."""
    offset = 0
    for text in batches:
        typed, flagged = screen(res, text, first_row=offset + 2, repeated=repeated)
        offset += typed.height
        yield text, typed, flagged


T = TypeVar("T")


@contextmanager
def one_thread_pool() -> Iterator[ThreadPoolExecutor]:
    """A one-thread pool; on an error or a signal, work not yet started is dropped, and the
    work under way is waited for, so nothing writes into a folder after it is removed."""
    pool = ThreadPoolExecutor(max_workers=1)
    try:
        yield pool
    except BaseException:
        pool.shutdown(wait=True, cancel_futures=True)
        raise
    pool.shutdown(wait=True)


def prefetched(items: Iterator[T], pool: ThreadPoolExecutor) -> Iterator[T]:
    """`items`, each made on `pool` while the caller works on the one before: reading and
    screening a batch (polars) overlaps with checking the last one (numpy, one thread), so
    both cores work. One item ahead at most; the maker's exception is raised here, in turn."""
    pending = pool.submit(_step, items)
    try:
        while (step := pending.result()) is not None:
            pending = pool.submit(_step, items)
            yield step[0]
    finally:
        pending.cancel()


def _step(items: Iterator[T]) -> tuple[T] | None:
    """The next item, boxed (an item may be None), or None at the end."""
    for item in items:
        return (item,)
    return None


def copied(frame: pl.DataFrame) -> pl.DataFrame:
    """The rows in buffers of their own: a few rows filtered from a batch keep the whole batch's
    text alive (polars strings are views into shared buffers), 250 MB a batch of statements."""
    return pl.DataFrame(frame.rows(), schema=frame.schema, orient="row")


def shifted(issues: Iterable[Issue], name: str, offset: int) -> Iterator[Issue]:
    """A batch's issues at their rows in the whole table."""
    for issue in issues:
        if offset and issue.table == name and issue.row is not None:
            issue = dataclasses.replace(issue, row=issue.row + offset)
        yield issue


def finished(res: Resource, scanner: Scanner) -> FileScan:
    return scanner.result(lambda offset: line_at(res.path, offset))


def same_bytes(res: Resource, other: FileScan | None, scan: FileScan) -> None:
    """Two reads of one table in a streaming run must have read the same bytes."""
    if other is not None and (other.size, other.sha256) != (scan.size, scan.sha256):
        raise changed_while_reading(
            res.relpath,
            f"two reads of it hashed differently, {other.sha256[:12]}… and {scan.sha256[:12]}…",
        )


def header_of(res: Resource) -> list[str]:
    from ..core.tables import table_header

    return table_header(res)


def no_rows(header: list[str]) -> pl.DataFrame:
    return pl.DataFrame(schema={**{c: pl.String for c in header}, "__row": pl.Int64})
