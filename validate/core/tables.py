"""Reads a CSV resource as text columns and casts it to the types its Table Schema declares."""

from __future__ import annotations

import codecs
import contextlib
import csv
import io
import os
from collections.abc import Callable, Iterator
from concurrent.futures import Future
from typing import Any

import polars as pl

from .context import FileScan
from .descriptor import Resource
from .model import MAX_FIELDS, Field
from .report import PackageError

ISO_DATE = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"

# What is read of a table at most, so that a hostile file is refused in bounded memory before
# a CSV reader holds it: a header of 1 MiB and MAX_FIELDS columns (a schema has no more fields),
# a line of 16 MiB. The variables lower (or raise) them, for tests and unusual packages.
MAX_HEADER_BYTES = 1 << 20
MAX_LINE_BYTES = 1 << 24
HEADER_VARIABLE = "SG2022_MAX_HEADER_BYTES"
LINE_VARIABLE = "SG2022_MAX_LINE_BYTES"
LINE_BLOCK = 1 << 22


class TableReadError(Exception):
    """The CSV could not be parsed as a table."""


def missing_values(res: Resource) -> list[str]:
    assert res.schema is not None
    return list(res.schema.missing_values)


def limit(variable: str, default: int) -> int:
    """A limit on what is read, from its environment variable if that is a whole number ≥ 1."""
    try:
        value = int(os.environ.get(variable, ""), 10)
    except ValueError:
        return default
    return value if value >= 1 else default


def _header(res: Resource) -> list[str]:
    """The header row, read from at most the first MAX_HEADER_BYTES of the file: a longer header,
    or one of more columns than a schema may declare, is `too-large` (read no further)."""
    most = limit(HEADER_VARIABLE, MAX_HEADER_BYTES)
    with res.path.open("rb") as handle:
        head = handle.read(most + 1)
    too_long = PackageError(
        "too-large",
        f"{res.relpath}: the header is longer than {most:,} bytes (or the file has no line "
        "break); it is not read",
    )
    if len(head) > most and b"\n" not in head and b"\r" not in head:
        raise too_long
    text = codecs.getincrementaldecoder("utf-8-sig")().decode(head)  # a cut character waits
    lines = io.StringIO(text, newline="")
    header = next(csv.reader(lines), [])
    if len(head) > most and not text[: lines.tell()].endswith(("\n", "\r")):
        raise too_long  # a quoted header that runs on over line breaks
    if len(header) > MAX_FIELDS:
        raise PackageError(
            "too-large",
            f"{res.relpath}: the header has {len(header):,} columns; a schema declares at most "
            f"{MAX_FIELDS:,} fields, so it is not read",
        )
    return header


def check_header(res: Resource) -> None:
    """_header's limits, before anything else reads the file (a missing file is reported later)."""
    with contextlib.suppress(OSError, csv.Error, UnicodeDecodeError):  # the read reports them
        _header(res)


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
                raise PackageError(
                    "too-large",
                    f"{res.relpath}: the line starting at byte {last + 1:,} is longer than "
                    f"{most:,} bytes; the table is not read",
                )
            if first >= 0:
                last = at + chunk.rfind(b"\n")
            at += len(chunk)


def read_text_frame(res: Resource, scan: Callable[[], FileScan] | None = None) -> pl.DataFrame:
    """Every column as nullable text, so that a bad cell is reported, not fatal.

    polars parses; it fails on a row with too many cells but pads a row with too few. So when
    the file's comma count is known, every comma must be either a separator (one fewer than the
    columns, per line) or inside a cell, or the file is malformed. pyarrow, which is strict but
    slower, then finds the offending row for the message. `scan` gives the file's comma count
    (it may still be running on another thread when the read starts); when the file has no
    quote at all, no cell can hold a comma and the cells need not be searched.
    """
    options = _text_options(res)
    try:
        header = _checked_header(res)
        frame = pl.read_csv(res.path, **options)
    except (pl.exceptions.PolarsError, OSError, csv.Error, UnicodeDecodeError) as exc:
        raise TableReadError(_strict_error(res) or _first_line(exc)) from None
    if scan is not None:
        in_cells = _cell_commas(frame) if scan().quoted else 0
        _check_commas(res, scan(), header, frame.height, in_cells)
    return frame


def read_text_batches(
    res: Resource, batch_rows: int, scan: Future[FileScan] | None = None
) -> Iterator[pl.DataFrame]:
    """read_text_frame a batch of about `batch_rows` rows at a time, for bounded memory.

    The same reader options and the same comma count, summed over the batches; commas inside
    cells are counted unless the file's scan has already finished and found no quote.
    """
    options = _text_options(res)
    rows = in_cells = 0
    try:
        header = _checked_header(res)
        for frame in pl.scan_csv(res.path, **options).collect_batches(chunk_size=batch_rows):
            rows += frame.height
            if scan is None or not scan.done() or scan.result().quoted:
                in_cells += _cell_commas(frame)
            yield frame
    except (pl.exceptions.PolarsError, OSError, csv.Error, UnicodeDecodeError) as exc:
        raise TableReadError(_strict_error(res) or _first_line(exc)) from None
    if scan is not None:
        _check_commas(res, scan.result(), header, rows, in_cells)


def _text_options(res: Resource) -> dict[str, Any]:
    """The polars reader's options: every column text, the schema's missing values as null."""
    missing = missing_values(res)
    if any(set(token) & set(',"\n\r') for token in missing):
        raise PackageError(
            "invalid-schema",
            f"{res.name}: missingValues {missing} holds a comma, quote or line break",
        )
    return {
        "infer_schema": False,
        "null_values": missing,
        "empty_string_is_null": "" in missing,  # an empty cell is a value unless declared missing
        "raise_if_empty": True,
    }


def _checked_header(res: Resource) -> list[str]:
    check_lines(res)
    header = _header(res)
    if len(set(header)) != len(header):
        raise TableReadError(f"the header repeats a column name: {header}")
    return header


def _check_commas(
    res: Resource, scan: FileScan, header: list[str], rows: int, in_cells: int
) -> None:
    """Every comma of the file is a separator or inside a cell, or a row is short."""
    in_header = sum(name.count(",") for name in header)
    if scan.commas != (len(header) - 1) * (rows + 1) + in_header + in_cells:
        raise TableReadError(
            _strict_error(res) or "a row has fewer cells than the header (or a blank line)"
        )


def _cell_commas(frame: pl.DataFrame) -> int:
    counted = frame.select(
        pl.sum_horizontal(
            pl.col(c).str.count_matches(",", literal=True).sum() for c in frame.columns
        )
    ).item()
    return int(counted or 0)


def _strict_error(res: Resource) -> str | None:
    """pyarrow's message for a malformed file (it names the row), or None if it reads the file."""
    import pyarrow as pa  # only on this error path
    import pyarrow.csv as pacsv

    try:
        pacsv.read_csv(
            res.path,
            parse_options=pacsv.ParseOptions(newlines_in_values=True),
            convert_options=pacsv.ConvertOptions(include_columns=[], strings_can_be_null=True),
        )
    except (pa.ArrowInvalid, OSError) as exc:
        return _first_line(exc)
    return None


def _first_line(exc: BaseException) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__


def typed_expr(field: Field) -> pl.Expr:
    """The column cast to its schema type; cells that do not parse become null."""
    col = pl.col(field.name)
    kind = field.type
    if kind == "integer":
        return col.str.to_integer(strict=False).cast(field.polars_type)
    if kind == "number":
        return col.cast(field.polars_type, strict=False)
    if kind == "boolean":
        return (
            pl.when(col.is_in(field.true_values))
            .then(True)
            .when(col.is_in(field.false_values))
            .then(False)
            .otherwise(None)
            .cast(field.polars_type)
        )
    if kind == "date":
        return (
            pl.when(col.str.contains(ISO_DATE))
            .then(col.str.to_date("%Y-%m-%d", strict=False))
            .otherwise(None)
        )
    return col
