"""Reads a CSV resource as text columns and casts it to the types its Table Schema declares."""

from __future__ import annotations

import codecs
import contextlib
import csv
import io
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl

from .cells import number_text, parse
from .descriptor import Resource
from .exact import (
    NeedsExactRead,
    Reading,
    TableReadError,
    exact_frames,
    field_missing,
    missing_values,
    text_of,
    text_of_chunks,
)
from .model import MAX_FIELDS, Field
from .report import PackageError
from .scans import FileScan, Scanner, read_chunks, read_whole

# What is read of a table at most, so that a hostile file is refused in bounded memory before
# a CSV reader holds it: a header of 1 MiB and MAX_FIELDS columns (a schema has no more fields),
# a line of 16 MiB. The variables lower (or raise) them, for tests and unusual packages.
MAX_HEADER_BYTES = 1 << 20
MAX_LINE_BYTES = 1 << 24
HEADER_VARIABLE = "SG2022_MAX_HEADER_BYTES"
LINE_VARIABLE = "SG2022_MAX_LINE_BYTES"
LINE_BLOCK = 1 << 22


def _nulled(
    frame: pl.DataFrame, res: Resource, per_field: dict[str, list[str]] | None
) -> pl.DataFrame:
    """The text read with no null values, each column's own missing values set to null."""
    if per_field is None:
        return frame
    default = missing_values(res)
    return frame.with_columns(
        pl.when(pl.col(c).is_in(per_field.get(c, default))).then(None).otherwise(pl.col(c)).alias(c)
        for c in frame.columns
    )


def limit(variable: str, default: int) -> int:
    """A limit on what is read, from its environment variable if that is a whole number ≥ 1."""
    try:
        value = int(os.environ.get(variable, ""), 10)
    except ValueError:
        return default
    return value if value >= 1 else default


def _file_header(res: Resource) -> list[str]:
    """The header row, read from at most the first MAX_HEADER_BYTES of the file: a longer header,
    or one of more columns than a schema may declare, is `too-large` (read no further)."""
    most = limit(HEADER_VARIABLE, MAX_HEADER_BYTES)
    with res.path.open("rb") as handle:
        head = handle.read(most + 1)
    too_long = PackageError.of("too-large", "header-too-long", file=res.relpath, limit=most)
    if len(head) > most and b"\n" not in head and b"\r" not in head:
        raise too_long
    text = codecs.getincrementaldecoder("utf-8-sig")().decode(head)  # a cut character waits
    lines = io.StringIO(text, newline="")
    header = next(csv.reader(lines), [])
    if len(head) > most and not text[: lines.tell()].endswith(("\n", "\r")):
        raise too_long  # a quoted header that runs on over line breaks
    if len(header) > MAX_FIELDS:
        raise PackageError.of(
            "too-large", "header-too-wide", file=res.relpath, columns=len(header), limit=MAX_FIELDS
        )
    return header


def table_header(res: Resource) -> list[str]:
    """The table's column names as its dialect reads them (the exact reader reads only as far
    as its first data row for a dialect other than the default)."""
    if res.dialect.is_default:
        return header_row(res)
    header: list[str] = []
    with res.path.open("rb") as handle:
        rows = exact_frames(
            res, text_of_chunks(iter(handle.readline, b"")), Reading(res.name), 1, header
        )
        next(rows, None)
    return header


def check_header(res: Resource) -> None:
    """header_row's limits, before anything else reads the file (a missing file is reported later)."""
    with contextlib.suppress(OSError, csv.Error, UnicodeDecodeError):  # the read reports them
        _file_header(res)


def check_lines(res: Resource) -> None:
    """Refuse, as `too-large`, a file with a line longer than MAX_LINE_BYTES: read in blocks of at
    most that size, so that a file of one endless line is never held."""
    most = limit(LINE_VARIABLE, MAX_LINE_BYTES)
    block = min(most, LINE_BLOCK)
    last = -1  # the offset of the last line break seen
    at = 0
    with res.path.open("rb") as handle:
        while chunk := handle.read(block):
            first = chunk.find(b"\n")
            end = at + (len(chunk) if first < 0 else first)
            if end - last - 1 > most:
                raise PackageError.of(
                    "too-large", "line-too-long", file=res.relpath, start=last + 1, limit=most
                )
            if first >= 0:
                last = at + chunk.rfind(b"\n")
            at += len(chunk)


def header_row(res: Resource, data: bytes | None = None) -> list[str]:
    """The header row: of `data` when given (the bytes being parsed, whose limits check_header
    enforced before they were read), else of the file, within the limits."""
    if data is None:
        return _file_header(res)
    text = io.TextIOWrapper(io.BytesIO(data), encoding="utf-8-sig", newline="")
    return next(csv.reader(text), [])


def read_text_frame(
    res: Resource, scan: Callable[[], FileScan] | None = None, data: bytes | None = None
) -> pl.DataFrame:
    """read_table_text's rows (for readers that do not report: the loader, `diff`)."""
    return read_table_text(res, scan, data)[0]


def read_table_text(
    res: Resource, scan: Callable[[], FileScan] | None = None, data: bytes | None = None
) -> tuple[pl.DataFrame, Reading]:
    """Every column as nullable text, so that a bad cell is reported, not fatal; and what the
    read found (blank, short and long rows: exact.Reading).

    `data` is the file's bytes, read once (scans.read_whole) and hashed by the caller: what
    is parsed is what was hashed. Without it the file is read here, once, the same way.

    polars parses (a table of the default dialect); it fails on a row with too many cells but
    pads a row with too few. So when the file's comma count is known, every comma must be either
    a separator (one fewer than the columns, per line) or inside a cell; else the rows are not
    all as wide as the header, and the exact reader (core/exact.py) reads the file again, row by
    row, reporting each; a file it cannot parse either is malformed. `scan` gives the file's
    comma count (it may still be running on another thread when the read starts); when the file
    has no quote at all, no cell can hold a comma and the cells need not be searched.
    """
    if data is None:
        check_lines(res)  # a file of one endless line is refused before it is held
        data = read_whole(res.path)
    if not res.dialect.is_default:
        return _exact_whole(res, data)
    options, per_field = _text_options(res), field_missing(res)
    try:
        header = _checked_header(res, data)
        frame = _nulled(pl.read_csv(data, **options), res, per_field)
    except (pl.exceptions.PolarsError, OSError, csv.Error, UnicodeDecodeError):
        return _exact_whole(res, data)
    if scan is not None:
        in_cells = _cell_commas(frame) if scan().quoted else 0
        if not _commas_match(scan(), header, frame.height, in_cells) or _blank_lines(header, data):
            return _exact_whole(res, data)
    reading = Reading(res.name)
    return reading.take_frame(frame), reading


def _exact_whole(res: Resource, data: bytes) -> tuple[pl.DataFrame, Reading]:
    reading = Reading(res.name)
    try:
        frames = list(exact_frames(res, text_of(data), reading, 1 << 62, []))
    except TableReadError as exc:
        raise _malformed(res, data, exc) from None
    return frames[0], reading


def _malformed(res: Resource, source: bytes | Path, exc: TableReadError) -> TableReadError:
    """A file the exact reader cannot parse: pyarrow's message names the row (of a file of the
    default dialect, which it reads), else the exact reader's own."""
    if res.dialect.is_default:
        return TableReadError(_strict_error(source) or str(exc))
    return exc


def _blank_lines(header: list[str], data: bytes) -> bool:
    """A table of one column counts no commas: an empty line in it is looked for itself (in
    `data`, the file or a block of whole records of it)."""
    if len(header) != 1:
        return False
    return b"\n\n" in data or b"\n\r\n" in data or data.startswith((b"\n", b"\r"))


BLOCK = 1 << 24  # bytes read at a time by read_text_batches
QUOTE, NEWLINE = ord('"'), ord("\n")


def record_blocks(path: Path, scanner: Scanner) -> Iterator[bytes]:
    """The file read once, in blocks that end at the end of a record (a line break outside
    quotes), each chunk fed to `scanner` as it is read: what is parsed is what is hashed."""
    carry = b""
    for chunk in read_chunks(path, BLOCK):
        scanner.update(chunk)
        buffer = carry + chunk if carry else chunk
        cut = _record_end(buffer)
        if cut:
            yield buffer[:cut]
        carry = buffer[cut:]
    if carry:
        yield carry


def _record_end(buffer: bytes) -> int:
    """Where the last whole record of `buffer` ends (0: none yet). `buffer` starts a record, so a
    line break ends one when an even number of quotes precede it."""
    if b'"' not in buffer:
        return buffer.rfind(b"\n") + 1
    array = np.frombuffer(buffer, dtype=np.uint8)
    quotes = np.flatnonzero(array == QUOTE)
    breaks = np.flatnonzero(array == NEWLINE)
    outside = breaks[(np.searchsorted(quotes, breaks) & 1) == 0]
    return int(outside[-1]) + 1 if outside.size else 0


def read_text_batches(
    res: Resource,
    batch_rows: int,
    scanner: Scanner,
    columns: list[str] | None = None,
    *,
    exact: bool = False,
    reading: Reading | None = None,
) -> Iterator[pl.DataFrame]:
    """read_table_text `batch_rows` rows at a time, for bounded memory: the file is read once,
    in blocks of whole records, each chunk hashed by `scanner` as it is read (its `result`
    then is the scan of exactly the bytes parsed). The comma count is checked as one frame's
    is, summed over the batches; a file that fails it raises NeedsExactRead at its end, and is
    read again with `exact` (core/exact.py), as is a table of another dialect. `columns` reads
    only those columns (no comma check then). `reading` collects what the read found.
    """
    reading = reading or Reading(res.name)
    if exact or not res.dialect.is_default:
        header_out: list[str] = []
        chunks = _hashed(res.path, scanner)
        try:
            for frame in exact_frames(res, text_of_chunks(chunks), reading, batch_rows, header_out):
                yield frame if columns is None else _selected(frame, columns)
        except TableReadError as exc:
            for _rest in chunks:  # read to the end: a file changed meanwhile says so, not this
                pass
            raise _malformed(res, res.path, exc) from None
        scanner.header = header_out
        return
    options, per_field = _text_options(res), field_missing(res)
    rows = in_cells = 0
    header: list[str] = []
    schema: dict[str, Any] = {}
    pending: list[pl.DataFrame] = []
    held = 0
    blank_lines = False
    blocks = record_blocks(res.path, scanner)
    try:
        for block in blocks:
            if not header:
                header = _checked_header(res, block)
                frame = pl.read_csv(block, **options)
                schema = dict.fromkeys(frame.columns, pl.String)
            else:
                frame = pl.read_csv(
                    block, **{**options, "raise_if_empty": False}, has_header=False, schema=schema
                )
            frame = _nulled(frame, res, per_field)
            rows += frame.height
            blank_lines = blank_lines or _blank_lines(header, block)
            if columns is None and b'"' in block:  # only then can a cell hold a comma
                in_cells += _cell_commas(frame)
            frame = reading.take_frame(frame)
            if columns is not None:
                frame = _selected(frame, columns)
            pending.append(frame)
            held += frame.height
            while held >= batch_rows:
                whole = pl.concat(pending, rechunk=False) if len(pending) > 1 else pending[0]
                yield whole.slice(0, batch_rows)
                rest = whole.slice(batch_rows)
                pending, held = ([rest] if rest.height else []), rest.height
        scanner.header = header
        if held:
            yield pl.concat(pending, rechunk=False) if len(pending) > 1 else pending[0]
        if not header:  # an empty file: polars says so as it does for a whole read
            pl.read_csv(b"", **options)
    except TableReadError:
        raise
    except (pl.exceptions.PolarsError, OSError, csv.Error, UnicodeDecodeError):
        raise NeedsExactRead from None
    if columns is None:
        scan = scanner.result(lambda _offset: 0)
        if not _commas_match(scan, header, rows, in_cells) or blank_lines:
            raise NeedsExactRead


def _selected(frame: pl.DataFrame, columns: list[str]) -> pl.DataFrame:
    """The columns asked for; one the file lacks is all nulls (its absence is reported)."""
    return frame.select(
        pl.col(c) if c in frame.columns else pl.lit(None, pl.String).alias(c) for c in columns
    )


def _hashed(path: Path, scanner: Scanner) -> Iterator[bytes]:
    for chunk in read_chunks(path, BLOCK):
        scanner.update(chunk)
        yield chunk


def _text_options(res: Resource) -> dict[str, Any]:
    """The polars reader's options: every column text, the schema's missing values as null."""
    missing = missing_values(res)
    per_field = field_missing(res)
    for tokens in [missing, *(per_field or {}).values()]:
        if any(set(token) & set(',"\n\r') for token in tokens):
            raise PackageError.of(
                "invalid-schema", "missing-value-marks", table=res.name, tokens=tokens
            )
    if per_field is not None:  # every cell read as written; _nulled sets each field's own
        missing = []
    return {
        "infer_schema": False,
        "null_values": missing,
        "empty_string_is_null": "" in missing,  # an empty cell is a value unless declared missing
        "raise_if_empty": True,
    }


def _checked_header(res: Resource, data: bytes | None = None) -> list[str]:
    header = header_row(res, data)
    if len(set(header)) != len(header):
        raise TableReadError(f"the header repeats a column name: {header}")
    return header


def _commas_match(scan: FileScan, header: list[str], rows: int, in_cells: int) -> bool:
    """Every comma of the file is a separator or inside a cell: no row is short or long."""
    in_header = sum(name.count(",") for name in header)
    return scan.commas == (len(header) - 1) * (rows + 1) + in_header + in_cells


def _cell_commas(frame: pl.DataFrame) -> int:
    counted = frame.select(
        pl.sum_horizontal(
            pl.col(c).str.count_matches(",", literal=True).sum() for c in frame.columns
        )
    ).item()
    return int(counted or 0)


def _strict_error(source: bytes | Path) -> str | None:
    """pyarrow's message for a malformed file (it names the row), or None if it reads the file.
    On one thread: a read that fails on pyarrow's pool can leave a worker running, and the
    process then aborts at exit (`terminate called without an active exception`) instead of
    giving its exit code."""
    import pyarrow as pa  # only on this error path
    import pyarrow.csv as pacsv

    try:
        pacsv.read_csv(
            pa.BufferReader(source) if isinstance(source, bytes) else source,
            read_options=pacsv.ReadOptions(use_threads=False),
            parse_options=pacsv.ParseOptions(newlines_in_values=True),
            convert_options=pacsv.ConvertOptions(include_columns=[], strings_can_be_null=True),
        )
    except (pa.ArrowInvalid, OSError) as exc:
        return _first_line(exc)
    return None


def _first_line(exc: BaseException) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__


def typed_expr(field: Field) -> pl.Expr:
    """The column cast to its schema type (its FieldType's reading); cells that do not parse
    become null."""
    col = pl.col(field.name)
    if field.types.number_properties and not field.reads_plain:  # what the bundle never uses
        col = number_text(field, col)
    return parse(field, col)
