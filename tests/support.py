"""Edits that break a copy of the tiny package in one place, then re-stamp its hashes.

Rows are numbered as issues number them: the first data row is row 2.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from security_guarantees_2022.release.stamp import dump_descriptor, stamp


def table_path(package: Path, table: str) -> Path:
    descriptor = json.loads(package.read_text(encoding="utf-8"))
    (res,) = [r for r in descriptor["resources"] if r["name"] == table]
    return package.parent / res["path"]


def read_rows(package: Path, table: str) -> tuple[list[str], list[dict[str, str]]]:
    with table_path(package, table).open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or []), list(reader)


def write_rows(package: Path, table: str, fields: list[str], rows: list[dict[str, str]]) -> None:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=fields, lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    table_path(package, table).write_text(buffer.getvalue(), encoding="utf-8", newline="")
    stamp(package)


def set_cell(package: Path, table: str, row: int, column: str, value: str) -> None:
    fields, rows = read_rows(package, table)
    rows[row - 2][column] = value
    write_rows(package, table, fields, rows)


def edit_rows(
    package: Path, table: str, edit: Callable[[list[str], list[dict[str, str]]], None]
) -> None:
    fields, rows = read_rows(package, table)
    edit(fields, rows)
    write_rows(package, table, fields, rows)


def edit_bytes(package: Path, table: str, edit: Callable[[bytes], bytes], *, restamp=True) -> None:
    path = table_path(package, table)
    path.write_bytes(edit(path.read_bytes()))
    if restamp:
        stamp(package)


def edit_descriptor(package: Path, edit: Callable[[dict[str, Any]], None]) -> None:
    descriptor = json.loads(package.read_text(encoding="utf-8"))
    edit(descriptor)
    package.write_text(dump_descriptor(descriptor), encoding="utf-8")


def edit_schema(package: Path, table: str, edit: Callable[[dict[str, Any]], None]) -> None:
    path = package.parent / "schemas" / f"{table}.schema.json"
    schema = json.loads(path.read_text(encoding="utf-8"))
    edit(schema)
    path.write_text(json.dumps(schema, indent=2) + "\n", encoding="utf-8")


def field_of(schema: dict[str, Any], name: str) -> dict[str, Any]:
    (field,) = [f for f in schema["fields"] if f["name"] == name]
    return field
