"""Typed pandas DataFrames, straight from the Table Schemas, only for a package that validates."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import polars as pl

from .core.descriptor import Resource, load_package
from .core.exact import TableReadError
from .core.report import InvalidPackageError, PackageError
from .core.tables import read_text_frame
from .engines.run import run_checks
from .engines.screen import typed_exprs

if TYPE_CHECKING:
    import pandas as pd


def to_pandas(res: Resource, frame: pl.DataFrame) -> pd.DataFrame:
    """Dates as dates (pyarrow date32), integers as Int64, enums as categoricals, text as strings.

    A date is a calendar day, not midnight of one: date32 holds any year and round-trips
    through Parquet, so `pd.read_parquet` on a release's files gives these very dtypes.
    """
    import pandas as pd  # only the loader needs pandas; validation starts faster without it

    columns: dict[str, Any] = {}
    for field in res.fields():
        series = frame[field.name]
        if field.types.categorical and field.enum:
            categories = [str(v) for v in field.enum]
            columns[field.name] = pd.Categorical(series.to_list(), categories=categories)
        else:  # through Arrow, then the dtype the model gives the field's type
            arrow = series.to_pandas(types_mapper=pd.ArrowDtype)
            columns[field.name] = arrow.astype(pd.api.types.pandas_dtype(field.types.pandas))
    return pd.DataFrame(columns)


def load_tables(
    path: str | Path | None = None,
    *,
    tables: Iterable[str] | None = None,
    validate: bool = True,
) -> dict[str, pd.DataFrame]:
    """Validate the package (the bundled one by default) and return its tables, typed.

    `tables` picks some tables by name (validation still covers the whole package: keys cross
    tables). `validate=False` skips validation, for a package the caller has just validated: the
    tables are read and cast to their types as declared, and a cell that does not parse becomes
    missing instead of an issue. Bad input raises PackageError either way; an invalid package,
    InvalidPackageError; arguments of the wrong Python type, TypeError.
    """
    if path is not None and not isinstance(path, str | os.PathLike):
        raise TypeError(f"path must be a str or a path, got {type(path).__name__}")
    if tables is not None and not isinstance(tables, str) and not isinstance(tables, Iterable):
        raise TypeError(f"tables must be a list of table names, got {type(tables).__name__}")
    if validate:
        report, ctx = run_checks(path, second=False)
        if not report.valid:
            raise InvalidPackageError(report)
        package, typed = ctx.package, ctx.typed
    else:
        package, typed = load_package(path), {}
    chosen = _chosen(package.tables, tables)
    if not validate:
        typed = {name: read_typed(package.tables[name]) for name in chosen}
    return {name: to_pandas(package.tables[name], typed[name]) for name in chosen}


def _chosen(available: dict[str, Resource], wanted: Iterable[str] | None) -> list[str]:
    if wanted is None:
        return list(available)
    names = [wanted] if isinstance(wanted, str) else list(wanted)
    if not all(isinstance(n, str) for n in names):
        raise TypeError(f"tables must be table names (strings), got {wanted!r}")
    unknown = [n for n in names if n not in available]
    if unknown:
        raise PackageError.of(
            "unknown-resource",
            "no-such-table",
            names=", ".join(map(repr, unknown)),
            tables=", ".join(available),
        )
    return names


def read_typed(res: Resource) -> pl.DataFrame:
    """A table read and cast to its schema's types, without checks (for a validated package)."""
    try:
        text = read_text_frame(res)
    except TableReadError as exc:
        raise PackageError.of("unreadable-table", "not-csv", file=res.relpath, reason=exc) from None
    except FileNotFoundError:
        raise PackageError.of("missing-file", file=res.relpath) from None
    absent = [f.name for f in res.fields() if f.name not in text.columns]
    if absent:  # not the table its schema declares (NUL bytes, another file): no typed guess
        raise PackageError.of(
            "unreadable-table",
            "columns-missing",
            file=res.relpath,
            columns=", ".join(map(repr, absent)),
        )
    return text.lazy().select(typed_exprs(res, text.columns)).collect()
