"""Typed pandas DataFrames, straight from the Table Schemas, only for a package that validates."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import polars as pl

from .descriptor import Resource
from .report import Report
from .run import run_checks

if TYPE_CHECKING:
    import pandas as pd


class InvalidPackageError(Exception):
    """The package did not validate; `report` says why."""

    def __init__(self, report: Report) -> None:
        codes = ", ".join(report.codes())
        super().__init__(f"{report.package} is not valid ({len(report.issues)} issues: {codes})")
        self.report = report


def to_pandas(res: Resource, frame: pl.DataFrame) -> pd.DataFrame:
    """Dates as datetime64, integers as Int64, enums as categoricals, text as pandas strings."""
    import pandas as pd  # only the loader needs pandas; validation starts faster without it

    columns: dict[str, Any] = {}
    for field in res.fields():
        name, kind = field["name"], field.get("type", "string")
        series = frame[name]
        enum = field.get("constraints", {}).get("enum")
        if kind == "date":
            columns[name] = series.cast(pl.Datetime("ns")).to_pandas()
        elif kind == "integer":
            columns[name] = pd.array(series.to_list(), dtype="Int64")
        elif kind == "number":
            columns[name] = pd.array(series.to_list(), dtype="Float64")
        elif kind == "boolean":
            columns[name] = pd.array(series.to_list(), dtype="boolean")
        elif enum:
            columns[name] = pd.Categorical(series.to_list(), categories=[str(v) for v in enum])
        else:
            columns[name] = pd.array(series.to_list(), dtype="string")
    return pd.DataFrame(columns)


def load_tables(path: str | Path | None = None) -> dict[str, pd.DataFrame]:
    """Validate the package (the bundled one by default) and return each table, typed."""
    report, ctx = run_checks(path, second=False)
    if not report.valid:
        raise InvalidPackageError(report)
    return {name: to_pandas(res, ctx.typed[name]) for name, res in ctx.package.tables.items()}
