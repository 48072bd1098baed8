"""The exact CSV reader: a table read record by record, for a dialect other than RFC 4180's or a
file whose rows are not all as wide as its header (the fast polars reader's comma count says so).

Python's csv module parses with the table's dialect (core/dialect.py); each record is numbered
as frictionless numbers it (the file's records from 1, the header, blank and comment rows
included), so a finding keeps its row. A short row is read with its missing cells empty, each
reported as `missing-cell`; a long row's extra cells are each reported as `extra-cell`, then
dropped; a blank row (every cell empty or a missing value) is reported as `blank-row` and left
out of the data (or left out silently, `skipBlankRows`), as are comment rows. The checks then run
on the rows read, numbered by their place in the data; Reading maps those numbers back to the
file's. Rows are read in batches, so memory stays bounded for the streaming engine.
"""

from __future__ import annotations

import csv
import io
from array import array
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from typing import IO, TYPE_CHECKING

import polars as pl

from .capped import CappedIssues
from .report import Issue

if TYPE_CHECKING:
    from .descriptor import Resource

FIELD_LIMIT = (1 << 31) - 1  # cells are bounded by the line limit (tables.check_lines) instead


class TableReadError(Exception):
    """The CSV could not be parsed as a table."""


def missing_values(res: Resource) -> list[str]:
    assert res.schema is not None
    return list(res.schema.missing_values)


def field_missing(res: Resource) -> dict[str, list[str]] | None:
    """Each field's missing values when some field declares its own (they replace the schema's
    for that field); None when none does, and the reader's own null values serve every column."""
    if all(f.missing_values is None for f in res.fields()):
        return None
    default = missing_values(res)
    return {
        f.name: default if f.missing_values is None else list(f.missing_values)
        for f in res.fields()
    }


class NeedsExactRead(Exception):
    """The fast reader found rows of the wrong shape: the table is read again, exactly."""


class Reading:
    """What reading one table found besides its rows: the reading issues (at the file's row
    numbers) and the records left out of the data, so that a check's row number (the row's place
    in the data + 2) becomes the file's record number."""

    def __init__(self, name: str, first: int = 2) -> None:
        self.name = name
        self.first = first  # the record number of the first record after the header
        self.issues: CappedIssues = CappedIssues()
        self.dropped_at = array("q")  # for each record left out: how many data rows came before
        self.kept = 0  # data rows read so far
        self.records = 0  # records after the header read so far

    @property
    def moves_rows(self) -> bool:
        return self.first != 2 or bool(self.dropped_at)

    def row(self, checked: int) -> int:
        """The file's record number of the data row a check numbered `checked`."""
        place = checked - 2
        return self.first + place + bisect_right(self.dropped_at, place)

    def blank(self, row: int, report: bool) -> None:
        self.dropped_at.append(self.kept)
        if report:
            self.issues.extend([Issue.of("blank-row", self.name, row=row)])

    def take_frame(self, frame: pl.DataFrame) -> pl.DataFrame:
        """A batch of the fast reader: its blank rows (every cell null) reported and left out."""
        at = self.records
        self.records += frame.height
        blank = frame.select(pl.all_horizontal(pl.all().is_null()).alias("b")).to_series()
        if not blank.any():
            self.kept += frame.height
            return frame
        for before, i in enumerate(blank.arg_true().to_list()):
            self.dropped_at.append(self.kept + i - before)
            self.issues.extend([Issue.of("blank-row", self.name, row=self.first + at + i)])
        kept = frame.filter(~blank)
        self.kept += kept.height
        return kept


def exact_frames(
    res: Resource,
    text: IO[str],
    reading: Reading,
    batch_rows: int,
    header_out: list[str],
) -> Iterator[pl.DataFrame]:
    """The table's data rows, `batch_rows` at a time, as text columns named by its header (filled
    into `header_out` once read); reading issues and left-out records go to `reading`."""
    dialect = res.dialect
    csv.field_size_limit(max(csv.field_size_limit(), FIELD_LIMIT))
    default, own = missing_values(res), field_missing(res) or {}
    sequence = set() if dialect.null_sequence is None else {dialect.null_sequence}

    def missing_by_column(labels: list[str]) -> list[set[str]]:
        """Each column's missing values: its field's own, else the schema's (and the dialect's
        null sequence)."""
        return [set(own.get(label, default)) | sequence for label in labels]

    records = _records(text, res)
    header: list[str] | None = None
    if not dialect.header:
        header = [f.name for f in res.fields()]
        header_out[:] = header
        reading.first = 1
    buffer: list[list[str | None]] = []
    missing: list[set[str]] = []
    try:
        for row, cells in records:
            if header is None:
                if row < dialect.header_row or not cells:  # a comment or empty line before the
                    continue  # header is not the header
                header = _labels(res, cells)
                reading.first = row + 1
                header_out[:] = header
                continue
            reading.records += 1
            if cells is None or row in dialect.comment_rows:
                reading.dropped_at.append(reading.kept)
                continue
            width = len(header)
            missing = missing or missing_by_column(header)
            values = [None if c in missing[i] else c for i, c in enumerate(cells[:width])]
            values += [None] * (width - len(values))
            if all(v is None for v in values):
                reading.blank(row, not dialect.skip_blank_rows)
                continue
            _ragged(reading, row, cells, header)
            buffer.append(values)
            reading.kept += 1
            if len(buffer) >= batch_rows:
                yield _frame(buffer, header)
                buffer = []
    except csv.Error as exc:
        raise TableReadError(f"{exc} (record {reading.first + reading.records})") from None
    except UnicodeDecodeError as exc:
        raise TableReadError(str(exc)) from None
    if header is None:
        raise TableReadError("the file has no header row")
    header_out[:] = header
    if buffer or reading.kept == 0:
        yield _frame(buffer, header)


def _labels(res: Resource, cells: list[str]) -> list[str]:
    """The header; with headerCase false, a label is named as the field it matches but for case."""
    labels = list(cells)
    if not res.dialect.header_case:
        fields = {f.name.casefold(): f.name for f in res.fields()}
        labels = [fields.get(label.casefold(), label) for label in labels]
    if len(set(labels)) != len(labels):
        raise TableReadError(f"the header repeats a column name: {labels}")
    return labels


def _ragged(reading: Reading, row: int, cells: list[str], header: list[str]) -> None:
    width, count = len(header), len(cells)
    if count < width:
        reading.issues.extend(
            Issue.of("missing-cell", reading.name, row=row, column=header[i], cells=count)
            for i in range(count, width)
        )
    elif count > width:
        reading.issues.extend(
            Issue.of(
                "extra-cell",
                reading.name,
                row=row,
                value=cells[i],
                cells=count,
                width=width,
                position=i + 1,
            )
            for i in range(width, count)
        )


def _frame(rows: list[list[str | None]], header: list[str]) -> pl.DataFrame:
    schema = dict.fromkeys(header, pl.String)
    return pl.DataFrame(rows, schema=schema, orient="row")


def _records(text: IO[str], res: Resource) -> Iterator[tuple[int, list[str] | None]]:
    """(record number, cells) of each record of the file; None for a comment line (a line that
    starts a record with the dialect's commentChar: it is skipped whole, before it is parsed)."""
    comment = res.dialect.comment_char
    at_start = [True]
    comments = [0]

    def lines() -> Iterator[str]:
        for line in text:
            if comment is not None and at_start[0] and line.startswith(comment):
                comments[0] += 1
                continue
            at_start[0] = False
            yield line

    row = 0
    for cells in csv.reader(lines(), **res.dialect.csv_options()):
        for _ in range(comments[0]):
            row += 1
            yield row, None
        comments[0] = 0
        row += 1
        yield row, cells
        at_start[0] = True
    for _ in range(comments[0]):
        row += 1
        yield row, None


def text_of(data: bytes) -> IO[str]:
    """A table's bytes as text lines, each ending where a CSV reader expects (LF, CRLF or CR)."""
    return io.TextIOWrapper(io.BytesIO(data), encoding="utf-8-sig", newline="")


class _ChunkReader(io.RawIOBase):
    """A file read as an iterator of byte chunks (each hashed as it is read)."""

    def __init__(self, chunks: Iterable[bytes]) -> None:
        self.chunks = iter(chunks)
        self.rest = b""

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        while not self.rest:
            chunk = next(self.chunks, None)
            if chunk is None:
                return 0
            self.rest = chunk
        size = min(len(buffer), len(self.rest))
        buffer[:size] = self.rest[:size]
        self.rest = self.rest[size:]
        return size


def text_of_chunks(chunks: Iterable[bytes]) -> IO[str]:
    return io.TextIOWrapper(
        io.BufferedReader(_ChunkReader(chunks), 1 << 20), encoding="utf-8-sig", newline=""
    )


def reading_issues(readings: Iterable[Reading], found: CappedIssues) -> None:
    """Each table's issues at the file's record numbers, then its reading issues."""
    import dataclasses

    by_table = {r.name: r for r in readings}
    for i, issue in enumerate(found):
        reading = by_table.get(issue.table or "")
        if reading is not None and reading.moves_rows and issue.row is not None:
            found[i] = dataclasses.replace(issue, row=reading.row(issue.row))
    for reading in by_table.values():
        found.absorb(reading.issues)
