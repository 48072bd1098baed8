"""What the streaming engine keeps of a table between its batches: the columns other checks need
(spilled to Parquet as they come), and the proof that a sorted primary key has no repeat."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from ..checks import keys
from ..core.capped import CappedIssues
from ..core.sorted_keys import sorted_repeats


class HeldParts:
    """The held columns of a table's batches, written to Parquet files as they come and read
    back once the table is read: columns selected from a batch and kept in memory keep the
    batch's string buffers alive (polars strings are views into them), 2-3x their own size."""

    def __init__(self, folder: Path | None, name: str, columns: list[str]) -> None:
        self.folder, self.name, self.columns = folder, name, columns
        self.files: list[Path] = []

    def add(self, typed: pl.DataFrame) -> None:
        if self.folder is None:
            return
        path = self.folder / f"{len(self.files)}-{len(self.name)}-{self.name}.parquet"
        typed.select(self.columns).write_parquet(path, compression="uncompressed")
        self.files.append(path)

    def frame(self) -> pl.DataFrame:
        if not self.files:
            return pl.DataFrame()
        frame = pl.read_parquet(self.files)
        for path in self.files:  # written by add, above
            path.unlink()
        return frame


class KeyOrder:
    """A primary key proved unique a batch at a time while the table is sorted by it: a row
    equal to the one before (the previous batch's last row included) is then a repeat."""

    def __init__(self, name: str, key: list[str]) -> None:
        self.name, self.key = name, key
        self.proved = bool(key)
        self.last: pl.DataFrame | None = None
        self.issues = CappedIssues()

    def add(self, frame: pl.DataFrame, offset: int) -> None:
        if not self.proved or frame.is_empty():
            return
        seam = frame if self.last is None else pl.concat([self.last, frame])
        at = sorted_repeats(seam, self.key)
        if at is None:
            self.proved = False
            self.issues = CappedIssues()
            return
        if self.last is not None:
            at = at - 1
        rows = (at.cast(pl.Int64) + offset + 2).alias("__row")
        self.issues.extend(
            keys.duplicate_key_issues(self.name, self.key, frame[at].with_columns(rows))
        )
        self.last = frame.tail(1)
