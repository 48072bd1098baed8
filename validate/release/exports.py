"""The tables as Parquet and SQLite, typed from the Table Schemas and described from them.

Parquet files are written from the loader's own DataFrames, so `pandas.read_parquet` gives the
dtypes `load_tables` gives (dates as dates, enums as categoricals with the schema's categories,
integers as nullable Int64, text as string); polars, DuckDB and R read the dates as dates. Each field's title and description, and the package's name,
version and licences, travel in the file's metadata. The SQLite database declares keys, indexes every
foreign-key column, and checks enums, bounds and lengths where SQLite can; its datasette
metadata carries titles, descriptions, licence and source.
"""

from __future__ import annotations

import io
import json
import sqlite3
from pathlib import Path
from typing import Any

import polars as pl

from ..core.descriptor import Package, Resource
from ..core.load import to_pandas
from ..core.model import Field
from ..core.report import PackageError
from ..core.scratch import scratch_folder

DATABASE = "security_guarantees_2022"  # the file's stem: datasette's URLs are /DATABASE/table
METADATA_KEY = b"security_guarantees_2022"


def package_metadata(package: Package, res: Resource) -> dict[str, Any]:
    descriptor = package.descriptor
    return {
        "package": descriptor.get("name"),
        "version": descriptor.get("version"),
        # a resource's own licence (the PLOVER vocabularies' CC BY-SA) overrides the package's
        "licenses": res.descriptor.get("licenses") or descriptor.get("licenses", []),
        "table": res.name,
        "title": res.descriptor.get("title"),
        "description": res.descriptor.get("description"),
    }


def parquet_bytes(package: Package, res: Resource, frame: pl.DataFrame) -> bytes:
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.Table.from_pandas(to_pandas(res, frame), preserve_index=False)
    fields = []
    for arrow_field in table.schema:
        spec = res.field(arrow_field.name)
        about = {"title": spec.title, "description": spec.description} if spec else {}
        notes = {k: str(v) for k, v in about.items() if v}
        fields.append(arrow_field.with_metadata({k.encode(): v.encode() for k, v in notes.items()}))
    metadata = dict(table.schema.metadata or {})
    metadata[METADATA_KEY] = json.dumps(package_metadata(package, res)).encode()
    table = table.cast(pa.schema(fields, metadata=metadata))
    buffer = io.BytesIO()
    pq.write_table(table, buffer, compression="zstd")
    return buffer.getvalue()


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _literal(value: Any) -> str:
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, int | float):
        return repr(value)
    return "'" + str(value).replace("'", "''") + "'"


def _checks(field: Field) -> list[str]:
    """CHECK clauses for what SQLite can express (patterns it cannot: no regular expressions)."""
    col = _quote(field.name)
    constraints = field.constraints
    kind = field.type
    checks = []
    if "enum" in constraints:
        values = [int(v) if kind == "integer" else v for v in constraints["enum"]]
        checks.append(f"{col} IN ({', '.join(_literal(v) for v in values)})")
    for name, op in (("minimum", ">="), ("maximum", "<=")):
        if name in constraints:
            checks.append(f"{col} {op} {_literal(constraints[name])}")
    for name, op in (("minLength", ">="), ("maxLength", "<=")):
        if name in constraints:
            checks.append(f"length({col}) {op} {int(constraints[name])}")
    return [f"CHECK ({col} IS NULL OR {check})" for check in checks]


def create_table_sql(res: Resource) -> str:
    """CREATE TABLE with the schema's types, NOT NULL, CHECKs, primary key and foreign keys."""
    lines = []
    for field in res.fields():
        required = " NOT NULL" if field.required else ""
        checks = "".join(f" {check}" for check in _checks(field))
        lines.append(f"  {_quote(field.name)} {field.types.sql}{required}{checks}")
    if res.primary_key:
        lines.append(f"  PRIMARY KEY ({', '.join(map(_quote, res.primary_key))})")
    for fk in res.foreign_keys:
        lines.append(
            f"  FOREIGN KEY ({', '.join(map(_quote, fk.fields))}) "
            f"REFERENCES {_quote(fk.resource)} ({', '.join(map(_quote, fk.reference))})"
        )
    return f"CREATE TABLE {_quote(res.name)} (\n" + ",\n".join(lines) + "\n)"


def index_sql(res: Resource) -> list[str]:
    """One index per foreign key, so joins and datasette's facets stay fast."""
    statements = []
    for fk in res.foreign_keys:
        name = _quote(f"idx_{res.name}__{'__'.join(fk.fields)}")
        columns = ", ".join(map(_quote, fk.fields))
        statements.append(f"CREATE INDEX {name} ON {_quote(res.name)} ({columns})")
    return statements


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
    with scratch_folder("sqlite") as folder:
        path = Path(folder) / f"{DATABASE}.db"
        db = sqlite3.connect(path)
        try:
            with db:
                # Keys are declared for datasette and other readers; they are checked once, at
                # the end, so that tables need no load order.
                for res in package.tables.values():
                    db.execute(create_table_sql(res))
                for name, res in package.tables.items():
                    frame = typed[name]
                    marks = ", ".join("?" for _ in frame.columns)
                    db.executemany(f"INSERT INTO {_quote(name)} VALUES ({marks})", _sql_rows(frame))
                    for statement in index_sql(res):
                        db.execute(statement)
                problems = db.execute("PRAGMA foreign_key_check").fetchall()
                if problems:
                    raise RuntimeError(f"foreign keys broken in SQLite: {problems[:5]}")
        except sqlite3.Error as exc:
            raise PackageError("write-failed", f"cannot build the SQLite database: {exc}") from None
        finally:
            db.close()
        return path.read_bytes()


def _own_licence(res: Resource) -> dict[str, str]:
    """datasette's per-table licence keys, for a resource licensed apart from the package."""
    own = (res.descriptor.get("licenses") or [{}])[0]
    keys = {"license": own.get("name"), "license_url": own.get("path")}
    return {k: v for k, v in keys.items() if v}


def datasette_metadata(package: Package) -> dict[str, Any]:
    """datasette's metadata.json: the package's titles and descriptions, licence and source."""
    descriptor = package.descriptor
    licence = (descriptor.get("licenses") or [{}])[0]
    sources = descriptor.get("sources") or [{}]
    tables = {
        name: {
            "title": res.descriptor.get("title", name),
            "description": res.descriptor.get("description", ""),
            "columns": {f.name: f.description or "" for f in res.fields()},
            **_own_licence(res),
        }
        for name, res in package.tables.items()
    }
    metadata: dict[str, Any] = {
        "title": descriptor.get("title", descriptor.get("name")),
        "description": descriptor.get("description", ""),
        "license": licence.get("name", ""),
        "license_url": licence.get("path", ""),
        "source": sources[0].get("title", ""),
        "databases": {DATABASE: {"tables": tables}},
    }
    if sources[0].get("path"):
        metadata["source_url"] = sources[0]["path"]
    return metadata
