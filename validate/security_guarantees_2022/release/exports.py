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
from ..core.field_types import STORED_DATETIME, STORED_TIME
from ..core.metadata import License, Source
from ..core.model import Field
from ..core.report import PackageError
from ..core.rules import compared_typed, typed_enum
from ..core.scratch import scratch_folder
from ..load import to_pandas
from .interchange import CODED_ROWS, coded_rows

DATABASE = "security_guarantees_2022"  # the file's stem: datasette's URLs are /DATABASE/table
METADATA_KEY = b"security_guarantees_2022"


def package_metadata(package: Package, res: Resource) -> dict[str, Any]:
    own, whole = res.metadata, package.metadata
    return {
        "package": whole.name,
        "version": whole.version,
        # a resource's own licence (the PLOVER vocabularies' CC BY-SA) overrides the package's
        "licenses": [lic.as_json() for lic in own.licenses or whole.licenses],
        "table": res.name,
        "title": own.title,
        "description": own.description,
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
    stored = field.types.stored
    checks = []
    if constraints.enum is not None:
        typed = typed_enum(field)  # None: the enum is text, as every bundled one
        if typed is None:
            values = list(constraints.enum)
        else:
            values = [v.strftime(stored) if stored else v for v in typed]
        checks.append(f"{col} IN ({', '.join(_literal(v) for v in values)})")
    for bound, op in ((constraints.minimum, ">="), (constraints.maximum, "<=")):
        if bound is not None:
            checks.append(f"{col} {op} {_literal(_stored_bound(field, bound))}")
    for length, op in ((constraints.min_length, ">="), (constraints.max_length, "<=")):
        if length is not None:
            checks.append(f"length({col}) {op} {length}")
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


def _stored_bound(field: Field, value: Any) -> Any:
    """A minimum or maximum as the column stores it (a date of a format as ISO text, …)."""
    stored = field.types.stored
    if stored is None or not compared_typed(field):
        return value
    from ..core.cells import bound

    return pl.select(bound(field, value)).item().strftime(stored)


def _sql_rows(frame: pl.DataFrame) -> list[tuple[Any, ...]]:
    """Dates, datetimes and times as ISO text, booleans as 0/1: SQLite's own conventions."""
    exprs = []
    for name, dtype in frame.schema.items():
        column = pl.col(name)
        if dtype == pl.Date:
            exprs.append(column.dt.strftime("%Y-%m-%d"))
        elif dtype == pl.Datetime:
            exprs.append(column.dt.strftime(STORED_DATETIME.replace(".%f", "%.6f")))
        elif dtype == pl.Time:
            exprs.append(column.dt.strftime(STORED_TIME.replace(".%f", "%.6f")))
        elif dtype == pl.Boolean:
            exprs.append(column.cast(pl.Int64))
        else:
            exprs.append(column)
    return frame.select(exprs).rows()


CODED = "coded_rows"  # the derived table of coded rows, in the SQLite file and as Parquet
CODED_DESCRIPTION = (
    "Derived, not a table of the package: every CAMEO-coded statement and event with its CAMEO "
    "name, PLOVER type and mode, quad class, PLOVER score and Goldstein value, joined as the "
    "codebook's coded rows are."
)
_SQL_TYPES = {pl.String: "TEXT", pl.Float64: "REAL"}


def write_coded_rows(db: sqlite3.Connection, frame: pl.DataFrame) -> None:
    """The coded rows as a table, its codes declared as keys into the vocabularies."""
    columns = [f"  {_quote(n)} {_SQL_TYPES[kind]}" for n, (kind, _) in CODED_ROWS.items()]
    keys = [
        '  PRIMARY KEY ("table_name", "row_id")',
        '  FOREIGN KEY ("cameo_code") REFERENCES "cameo_event_codes" ("code")',
        '  FOREIGN KEY ("plover_type", "plover_mode") '
        'REFERENCES "plover_event_types" ("event_type", "mode")',
    ]
    db.execute(f"CREATE TABLE {_quote(CODED)} (\n" + ",\n".join(columns + keys) + "\n)")
    marks = ", ".join("?" for _ in frame.columns)
    db.executemany(f"INSERT INTO {_quote(CODED)} VALUES ({marks})", frame.rows())


def coded_rows_parquet(package: Package, typed: dict[str, pl.DataFrame]) -> bytes:
    """The coded rows as Parquet, each column's description and the package's name in its
    metadata as in the tables' files."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = coded_rows(package, typed).to_arrow()
    fields = [
        f.with_metadata({b"description": CODED_ROWS[f.name][1].encode()}) for f in table.schema
    ]
    about = {
        "package": package.metadata.name,
        "version": package.metadata.version,
        "licenses": [lic.as_json() for lic in package.metadata.licenses],
        "table": CODED,
        "title": "Coded rows",
        "description": CODED_DESCRIPTION,
    }
    table = table.cast(pa.schema(fields, metadata={METADATA_KEY: json.dumps(about).encode()}))
    buffer = io.BytesIO()
    pq.write_table(table, buffer, compression="zstd")
    return buffer.getvalue()


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
                write_coded_rows(db, coded_rows(package, typed))
                problems = db.execute("PRAGMA foreign_key_check").fetchall()
                if problems:
                    raise RuntimeError(f"foreign keys broken in SQLite: {problems[:5]}")
        except sqlite3.Error as exc:
            raise PackageError.of("write-failed", "sqlite", reason=str(exc)) from None
        finally:
            db.close()
        return path.read_bytes()


def _own_licence(res: Resource) -> dict[str, str]:
    """datasette's per-table licence keys, for a resource licensed apart from the package."""
    own = res.metadata.license
    keys = {"license": own and own.name, "license_url": own and own.path}
    return {k: v for k, v in keys.items() if v}


LABELS = ("name", "title", "text")  # datasette's label for a row a foreign key points to


def label_column(res: Resource) -> str | None:
    """The column datasette shows for a row a foreign key points to: a required name, title or
    text, else the first required text column that is no key (a label is never empty)."""
    keys = set(res.primary_key) | {f for fk in res.foreign_keys for f in fk.fields}
    texts = [f for f in res.fields() if f.required and f.type == "string"]
    preferred = [name for name in LABELS if name in {f.name for f in texts}]
    rest = [f.name for f in texts if f.name not in keys and f.constraints.enum is None]
    return next(iter(preferred + rest), None)


def _composite_keys(res: Resource) -> list[str]:
    """A table's keys of more than one column, said in words: datasette shows only
    single-column foreign keys, though SQLite declares and checks these too."""
    said = []
    if len(res.primary_key) > 1:
        said.append(f"Primary key: ({', '.join(res.primary_key)}).")
    for fk in res.foreign_keys:
        if len(fk.fields) > 1:
            said.append(
                f"Foreign key: ({', '.join(fk.fields)}) references "
                f"{fk.resource} ({', '.join(fk.reference)})."
            )
    return said


def datasette_metadata(package: Package) -> dict[str, Any]:
    """datasette's metadata.json: the package's titles and descriptions, licence and source."""
    about = package.metadata
    licence = about.license or License()
    source = about.sources[0] if about.sources else Source()
    tables = {
        name: {
            "title": res.metadata.title or name,
            "description": " ".join(
                filter(None, (res.metadata.description, *_composite_keys(res)))
            ),
            "columns": {f.name: f.description or "" for f in res.fields()},
            **({"label_column": label} if (label := label_column(res)) else {}),
            **_own_licence(res),
        }
        for name, res in package.tables.items()
    }
    tables[CODED] = {
        "title": "Coded rows",
        "description": CODED_DESCRIPTION,
        "columns": {name: about for name, (_, about) in CODED_ROWS.items()},
    }
    metadata: dict[str, Any] = {
        "title": about.title or about.name,
        "description": about.description or "",
        "license": licence.name or "",
        "license_url": licence.path or "",
        "source": source.title or "",
        "databases": {DATABASE: {"tables": tables}},
    }
    if source.path:
        metadata["source_url"] = source.path
    return metadata
