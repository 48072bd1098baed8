"""Release artefacts in dist/: the package zip, one Parquet file per table, a SQLite database.

Built only from a package that validates, into a folder that is safe to write (see
output_folder), each file atomically, and deterministically: the same inputs give the same
bytes (fixed zip timestamps, rows in file order, no creation dates written).
"""

from __future__ import annotations

import io
import sqlite3
import tempfile
from collections.abc import Callable
from pathlib import Path

import polars as pl

from .bundle import checksum_line, package_zip_bytes
from .descriptor import Package, Resource, load_package
from .load import InvalidPackageError
from .output_folder import OutputFolder, check_output_folder
from .report import PackageError
from .run import run_checks
from .safe_files import exclusive

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


def sqlite_bytes(package: Package, typed: dict[str, pl.DataFrame]) -> bytes:
    """The SQLite database, built in a private temporary folder and returned as bytes."""
    with tempfile.TemporaryDirectory(prefix="sg2022-sqlite-") as folder:
        path = Path(folder) / "release.sqlite"
        db = sqlite3.connect(path)
        try:
            with db:
                # Keys are declared for datasette and other readers; they are checked once, at
                # the end, so that tables need no load order.
                for res in package.tables.values():
                    db.execute(create_table_sql(res))
                for name in package.tables:
                    frame = typed[name]
                    marks = ", ".join("?" for _ in frame.columns)
                    db.executemany(f"INSERT INTO {_quote(name)} VALUES ({marks})", _sql_rows(frame))
                problems = db.execute("PRAGMA foreign_key_check").fetchall()
                if problems:
                    raise RuntimeError(f"foreign keys broken in SQLite: {problems[:5]}")
        except sqlite3.OperationalError as exc:
            raise PackageError("write-failed", f"cannot build the SQLite database: {exc}") from None
        finally:
            db.close()
        return path.read_bytes()


def parquet_bytes(frame: pl.DataFrame) -> bytes:
    buffer = io.BytesIO()
    frame.write_parquet(buffer, compression="zstd", statistics=True)
    return buffer.getvalue()


def sha256sums(folder: Path, files: list[Path]) -> bytes:
    lines = [checksum_line(p.read_bytes(), p.relative_to(folder).as_posix()) for p in sorted(files)]
    return ("\n".join(lines) + "\n").encode("utf-8")


def build_release(
    path: str | Path | None, out: Path, progress: Callable[[str], None] | None = None
) -> list[Path]:
    """Validate, then write every artefact into `out`. Returns the files written.

    `out` must be new, empty or an earlier release folder (see output_folder); each file is
    written atomically, and one release at a time may write into a folder.
    """
    say = progress or (lambda _message: None)
    check_output_folder(out, load_package(path).root)  # refused before any work is done
    say("validating")
    report, ctx = run_checks(path, second=False)
    if not report.valid:
        raise InvalidPackageError(report)
    package = ctx.package
    version = str(package.descriptor["version"])
    stem = f"{package.descriptor['name']}-{version}"
    folder = OutputFolder(out, package.root)
    with exclusive(out, "release"):
        typed = {name: ctx.typed[name] for name in package.tables}
        say("writing the zip")
        files = [folder.write(f"{stem}.zip", package_zip_bytes(package.root, stem))]
        say("writing Parquet")
        files += [folder.write(f"parquet/{n}.parquet", parquet_bytes(f)) for n, f in typed.items()]
        say("writing SQLite")
        files.append(folder.write(f"{stem}.sqlite", sqlite_bytes(package, typed)))
        files.append(folder.write("SHA256SUMS", sha256sums(out, files)))
        folder.finish()
    return files
