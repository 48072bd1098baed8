"""What the checks share: the package, one scan of each file, and each table typed."""

from __future__ import annotations

import codecs
import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np  # counts bytes without holding the GIL, unlike bytes.count
import polars as pl

from .descriptor import Package
from .report import PackageError
from .safe_files import open_regular

CHUNK = 1 << 22
COMMA = ord(",")


@dataclass(frozen=True)
class FileScan:
    """One streaming pass over a file's bytes: size, hash, BOM, first CR line, commas, quotes.

    `bad_utf8_at` is filled only when asked for (text resources that are not tables); a table's
    UTF-8 is checked by the CSV reader, which fails on the first bad byte. `blank_line` too is
    looked for only when asked (the Spark engine, whose reader skips blank lines): searching
    for it costs three times the hash.
    """

    exists: bool
    size: int = 0
    sha256: str = ""
    bom: bool = False
    cr_line: int | None = None
    commas: int = 0
    quoted: bool = False  # holds a '"' byte: only then can a cell hold a comma or a line break
    bad_utf8_at: int | None = None
    blank_line: bool = False  # "\n\n" or "\n\r\n" somewhere: a blank line, or one inside a cell


def scan_file(path: Path, *, check_utf8: bool = False, find_blank_lines: bool = False) -> FileScan:
    try:
        fd = open_regular(path, str(path))
    except (FileNotFoundError, NotADirectoryError, PackageError):
        return FileScan(exists=False)  # not a regular file: refused when the package was loaded
    digest = hashlib.sha256()
    decoder = codecs.getincrementaldecoder("utf-8")()
    size, commas, cr_at, bad_at, first, quoted = 0, 0, None, None, b"", False
    blank, tail = False, b""
    with os.fdopen(fd, "rb") as handle:
        while chunk := handle.read(CHUNK):
            if not first:
                first = chunk[:3]
            digest.update(chunk)
            commas += int(np.count_nonzero(np.frombuffer(chunk, dtype=np.uint8) == COMMA))
            quoted = quoted or b'"' in chunk
            if find_blank_lines and not blank:
                seam = tail + chunk[:2]
                blank = any(b in chunk or b in seam for b in (b"\n\n", b"\n\r\n"))
            tail = chunk[-2:]
            if cr_at is None and b"\r" in chunk:
                cr_at = size + chunk.index(b"\r")
            if check_utf8 and bad_at is None:
                try:
                    decoder.decode(chunk)
                except UnicodeDecodeError as exc:
                    bad_at = size + exc.start
            size += len(chunk)
    if check_utf8 and bad_at is None:
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            bad_at = size
    cr_line = None if cr_at is None else _line_at(path, cr_at)
    bom = first == codecs.BOM_UTF8
    return FileScan(True, size, digest.hexdigest(), bom, cr_line, commas, quoted, bad_at, blank)


def _line_at(path: Path, offset: int) -> int:
    """The 1-based line number of a byte offset (only computed when there is something to report)."""
    lines, done = 1, 0
    with path.open("rb") as handle:
        while done < offset and (chunk := handle.read(min(CHUNK, offset - done))):
            lines += chunk.count(b"\n")
            done += len(chunk)
    return lines


def first_bad_utf8(path: Path) -> int | None:
    """Byte offset of the first byte that is not valid UTF-8, or None."""
    return scan_file(path, check_utf8=True).bad_utf8_at


@dataclass
class Context:
    package: Package
    scans: dict[str, FileScan] = field(default_factory=dict)
    typed: dict[str, pl.DataFrame] = field(default_factory=dict)  # tables that could be read
    # rows the screen flagged, as text, with their report row number in "__row"
    flagged: dict[str, pl.DataFrame] = field(default_factory=dict)

    # whether a column's values strictly increase, proved once for all the keys that use it
    increasing_columns: dict[tuple[str, str], bool] = field(default_factory=dict)

    def increasing(self, table: str, column: str) -> bool:
        """True when the typed column is set in every row and strictly increases."""
        if (table, column) not in self.increasing_columns:
            from .lookup import strictly_increasing

            frame = self.typed[table].select(column)
            self.increasing_columns[table, column] = strictly_increasing(frame, [column])
        return self.increasing_columns[table, column]

    def rows(self, frame: pl.DataFrame) -> pl.DataFrame:
        """The frame with its report row number (first data row = 2)."""
        return frame.with_row_index("__row", offset=2)
