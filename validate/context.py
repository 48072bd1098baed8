"""What the checks share: the package, one scan of each file, and each table as text and typed."""

from __future__ import annotations

import codecs
import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from .descriptor import Package

CHUNK = 1 << 22


@dataclass(frozen=True)
class FileScan:
    """One streaming pass over a file's bytes: size, hash, BOM, first CR line, first bad byte."""

    exists: bool
    size: int = 0
    sha256: str = ""
    bom: bool = False
    cr_line: int | None = None
    bad_utf8_at: int | None = None


def scan_file(path: Path) -> FileScan:
    if not path.is_file():
        return FileScan(exists=False)
    digest = hashlib.sha256()
    decoder = codecs.getincrementaldecoder("utf-8")()
    size, lines, cr_line, bad_at, first = 0, 1, None, None, b""
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            if not first:
                first = chunk[:3]
            digest.update(chunk)
            if cr_line is None and b"\r" in chunk:
                cr_line = lines + chunk[: chunk.index(b"\r")].count(b"\n")
            lines += chunk.count(b"\n")
            if bad_at is None:
                try:
                    decoder.decode(chunk)
                except UnicodeDecodeError as exc:
                    bad_at = size + exc.start
            size += len(chunk)
    if bad_at is None:
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            bad_at = size
    return FileScan(True, size, digest.hexdigest(), first == codecs.BOM_UTF8, cr_line, bad_at)


@dataclass
class Context:
    package: Package
    scans: dict[str, FileScan] = field(default_factory=dict)
    text: dict[str, pl.DataFrame] = field(default_factory=dict)  # tables that could be read
    typed: dict[str, pl.DataFrame] = field(default_factory=dict)

    def rows(self, frame: pl.DataFrame) -> pl.DataFrame:
        """The frame with its report row number (first data row = 2)."""
        return frame.with_row_index("__row", offset=2)
