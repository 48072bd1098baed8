"""Release artefacts in dist/: the package zip, one Parquet file per table, a SQLite database.

Built only from a package that validates, and deterministically: the same inputs give the same
bytes (fixed zip timestamps, rows in file order, no creation dates written).
"""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path

import polars as pl

from .bundle import checksum_line, write_package_zip
from .descriptor import Package, Resource
from .load import InvalidPackageError
from .run import run_checks

SQL_TYPES = {"integer": "INTEGER", "number": "REAL", "boolean": "INTEGER", "date": "TEXT"}


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _as_list(value: str | list[str]) -> list[str]:
    return [value] if isinstance(value, str) else list(value)


def create_table_sql(res: Resource) -> str:
    """CREATE TABLE with the schema's types, NOT NULL, primary key and foreign keys."""
    assert res.schema is not None
    lines = []
    for field in res.fields():
        sql_type = SQL_TYPES.get(field.get("type", "string"), "TEXT")
        required = " NOT NULL" if field.get("constraints", {}).get("required") else ""
        lines.append(f"  {_quote(field['name'])} {sql_type}{required}")
    if res.schema.get("primaryKey"):
        key = ", ".join(_quote(k) for k in _as_list(res.schema["primaryKey"]))
        lines.append(f"  PRIMARY KEY ({key})")
    for fk in res.schema.get("foreignKeys", []):
        target = fk["reference"].get("resource") or res.name
        fields = ", ".join(_quote(f) for f in _as_list(fk["fields"]))
        refs = ", ".join(_quote(f) for f in _as_list(fk["reference"]["fields"]))
        lines.append(f"  FOREIGN KEY ({fields}) REFERENCES {_quote(target)} ({refs})")
    return f"CREATE TABLE {_quote(res.name)} (\n" + ",\n".join(lines) + "\n)"


def _sql_rows(frame: pl.DataFrame) -> list[tuple]:
    """Dates as ISO text, booleans as 0/1: SQLite's own conventions."""
    exprs = []
    for name, dtype in frame.schema.items():
        column = pl.col(name)
        if dtype == pl.Date:
            exprs.append(column.dt.strftime("%Y-%m-%d"))
        elif dtype == pl.Boolean:
            exprs.append(column.cast(pl.Int64))
        else:
            exprs.append(column)
    return frame.select(exprs).rows()


def write_sqlite(package: Package, typed: dict[str, pl.DataFrame], out: Path) -> Path:
    out.unlink(missing_ok=True)
    with sqlite3.connect(out) as db:
        # Keys are declared for datasette and other readers; they are checked once, at the end,
        # so that tables need no load order.
        for res in package.tables.values():
            db.execute(create_table_sql(res))
        for name in package.tables:
            frame = typed[name]
            marks = ", ".join("?" for _ in frame.columns)
            db.executemany(f"INSERT INTO {_quote(name)} VALUES ({marks})", _sql_rows(frame))
        problems = db.execute("PRAGMA foreign_key_check").fetchall()
        if problems:
            raise RuntimeError(f"foreign keys broken in SQLite: {problems[:5]}")
    db.close()
    return out


def write_parquet(typed: dict[str, pl.DataFrame], folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, frame in typed.items():
        path = folder / f"{name}.parquet"
        frame.write_parquet(path, compression="zstd", statistics=True)
        paths.append(path)
    return paths


def sha256sums(folder: Path, files: list[Path]) -> Path:
    lines = [checksum_line(p.read_bytes(), p.relative_to(folder).as_posix()) for p in sorted(files)]
    target = folder / "SHA256SUMS"
    target.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return target


def build_release(
    path: str | Path | None, out: Path, progress: Callable[[str], None] | None = None
) -> list[Path]:
    """Validate, then write every artefact into `out` (emptied first). Returns the files written."""
    say = progress or (lambda _message: None)
    say("validating")
    report, ctx = run_checks(path, second=False)
    if not report.valid:
        raise InvalidPackageError(report)
    package = ctx.package
    version = str(package.descriptor["version"])
    stem = f"{package.descriptor['name']}-{version}"
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    typed = {name: ctx.typed[name] for name in package.tables}
    say("writing the zip")
    files = [write_package_zip(package.root, out / f"{stem}.zip")]
    say("writing Parquet")
    files += write_parquet(typed, out / "parquet")
    say("writing SQLite")
    files.append(write_sqlite(package, typed, out / f"{stem}.sqlite"))
    files.append(sha256sums(out, files))
    return files
