"""What the checks share: the package, one scan of each file, and each table typed."""

from __future__ import annotations

from dataclasses import dataclass, field

import polars as pl

from .descriptor import Package
from .exact import Reading
from .scans import FileScan
from .sorted_keys import strictly_increasing


@dataclass
class Context:
    package: Package
    scans: dict[str, FileScan] = field(default_factory=dict)
    typed: dict[str, pl.DataFrame] = field(default_factory=dict)  # tables that could be read
    # rows the screen flagged, as text, with their report row number in "__row"
    flagged: dict[str, pl.DataFrame] = field(default_factory=dict)
    # what reading each table found besides its rows (core/exact.py): blank and ragged rows,
    # and the records left out, by which the checks' row numbers become the file's
    readings: dict[str, Reading] = field(default_factory=dict)

    # whether a column's values strictly increase, proved once for all the keys that use it
    increasing_columns: dict[tuple[str, str], bool] = field(default_factory=dict)

    def increasing(self, table: str, column: str) -> bool:
        """True when the typed column is set in every row and strictly increases."""
        if (table, column) not in self.increasing_columns:
            frame = self.typed[table].select(column)
            self.increasing_columns[table, column] = strictly_increasing(frame, [column])
        return self.increasing_columns[table, column]

    def rows(self, frame: pl.DataFrame) -> pl.DataFrame:
        """The frame with its report row number (first data row = 2)."""
        return frame.with_row_index("__row", offset=2)
