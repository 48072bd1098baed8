"""Each file read once: its bytes hashed, its lines counted and its UTF-8 checked as they are read,
and a file that changes while it is read refused (`changed-while-reading`)."""

from __future__ import annotations

import codecs
import hashlib
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np  # counts bytes without holding the GIL, unlike bytes.count

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


Identity = tuple[int, int, int, int, int]


def identity(fd: int) -> Identity:
    """What changes when a file is replaced or written: device, inode, size, mtime and ctime."""
    st = os.fstat(fd)
    return (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)


def _read_block(fd: int, size: int) -> bytes:
    """One read(2) of an open file (the tests wrap it to change a file halfway through)."""
    return os.read(fd, size)


def changed_while_reading(path: Path | str, why: str) -> PackageError:
    return PackageError.of("changed-while-reading", "read-twice", path=path, why=why)


def read_chunks(path: Path, size: int = CHUNK) -> Iterator[bytes]:
    """A regular file's bytes, a chunk at a time, all from one open file: its identity
    (inode, size, mtime, ctime) must be the same after the last byte as at the open, or
    `changed-while-reading` is raised instead of the end of the file. A file renamed over
    `path` meanwhile is not seen: these bytes are the old file's, whole. Raises
    FileNotFoundError (and NotADirectoryError) for a missing file."""
    fd = open_regular(path, str(path))
    try:
        before = identity(fd)
        done = 0
        while chunk := _read_block(fd, size):
            done += len(chunk)
            if done > before[2]:  # growing: stop now, it may never end
                raise changed_while_reading(path, f"more than its {before[2]:,} bytes")
            yield chunk
        after = identity(fd)
    finally:
        os.close(fd)
    if after != before or done != before[2]:
        raise changed_while_reading(path, f"{before[2]:,} bytes at the start, {done:,} read")


def read_whole(path: Path) -> bytes:
    """A regular file's bytes, read once (see read_chunks): what is hashed is what is parsed."""
    chunks = list(read_chunks(path, 1 << 24))
    return chunks[0] if len(chunks) == 1 else b"".join(chunks)


class Scanner:
    """A FileScan built from the chunks of a file as they are read (one pass, whatever reads)."""

    def __init__(self, *, check_utf8: bool = False, find_blank_lines: bool = False) -> None:
        self.check_utf8, self.find_blank_lines = check_utf8, find_blank_lines
        self.digest = hashlib.sha256()
        self.decoder = codecs.getincrementaldecoder("utf-8")()
        self.size = self.commas = 0
        self.cr_at: int | None = None
        self.bad_at: int | None = None
        self.first, self.quoted, self.blank, self.tail = b"", False, False, b""
        self.header: list[str] | None = None  # a table's header, when a reader parsed one

    def update(self, chunk: bytes) -> None:
        if not self.first:
            self.first = chunk[:3]
        self.digest.update(chunk)
        self.commas += int(np.count_nonzero(np.frombuffer(chunk, dtype=np.uint8) == COMMA))
        self.quoted = self.quoted or b'"' in chunk
        if self.find_blank_lines and not self.blank:
            seam = self.tail + chunk[:2]
            self.blank = any(b in chunk or b in seam for b in (b"\n\n", b"\n\r\n"))
        self.tail = chunk[-2:]
        if self.cr_at is None and b"\r" in chunk:
            self.cr_at = self.size + chunk.index(b"\r")
        if self.check_utf8 and self.bad_at is None:
            try:
                self.decoder.decode(chunk)
            except UnicodeDecodeError as exc:
                self.bad_at = self.size + exc.start
        self.size += len(chunk)

    def result(self, lines: Callable[[int], int]) -> FileScan:
        """The scan; `lines(offset)` counts the lines up to the first CR (only if there is one)."""
        if self.check_utf8 and self.bad_at is None:
            try:
                self.decoder.decode(b"", final=True)
            except UnicodeDecodeError:
                self.bad_at = self.size
        cr_line = None if self.cr_at is None else lines(self.cr_at)
        bom = self.first == codecs.BOM_UTF8
        return FileScan(
            True,
            self.size,
            self.digest.hexdigest(),
            bom,
            cr_line,
            self.commas,
            self.quoted,
            self.bad_at,
            self.blank,
        )


def scan_file(path: Path, *, check_utf8: bool = False, find_blank_lines: bool = False) -> FileScan:
    """A file's scan, read once from one open file (read_chunks: a change meanwhile raises
    `changed-while-reading`); a missing file or one that is not regular scans as missing."""
    scanner = Scanner(check_utf8=check_utf8, find_blank_lines=find_blank_lines)
    try:
        for chunk in read_chunks(path):
            scanner.update(chunk)
    except (FileNotFoundError, NotADirectoryError):
        return FileScan(exists=False)
    except PackageError as exc:
        if exc.code != "not-a-file":
            raise
        return FileScan(exists=False)  # not a regular file: refused when the package was loaded
    return scanner.result(lambda offset: line_at(path, offset))


def scan_bytes(data: bytes, *, check_utf8: bool = False) -> FileScan:
    """The scan of bytes already read (what the default engine parses is what it hashes)."""
    scanner = Scanner(check_utf8=check_utf8)
    view = memoryview(data)
    for at in range(0, len(data), CHUNK):
        scanner.update(bytes(view[at : at + CHUNK]) if len(data) > CHUNK else data)
    return scanner.result(lambda offset: data.count(b"\n", 0, offset) + 1)


def line_at(path: Path, offset: int) -> int:
    """The 1-based line number of a byte offset (only computed when there is something to report)."""
    lines, done = 1, 0
    with path.open("rb") as handle:
        while done < offset and (chunk := handle.read(min(CHUNK, offset - done))):
            lines += chunk.count(b"\n")
            done += len(chunk)
    return lines


def first_bad_utf8(source: Path | bytes) -> int | None:
    """Byte offset of the first byte that is not valid UTF-8, or None."""
    if isinstance(source, bytes):
        return scan_bytes(source, check_utf8=True).bad_utf8_at
    return scan_file(source, check_utf8=True).bad_utf8_at
