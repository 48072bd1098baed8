#!/usr/bin/env python3
"""The floor: `pyarrow.csv.read_csv` of every table of a package, default options, all kept.

    python bench/raw_read.py DIR_OR_DATAPACKAGE_JSON [--stream | --typed]

Reads only the CSV tables that datapackage.json lists (not the source texts), holds them all in
memory at once as the validator does, and prints {"tables": ..., "rows": ..., "bytes": ...}.
With --stream, the floor of the streaming mode: `pyarrow.csv.open_csv` over every table, every
column as text (as the validator reads it), each batch dropped once counted, so memory stays flat.
With --typed, the cost of casting to the schema's types without any rule: every table read as
text and cast as the validator's typed read does (security_guarantees_2022.load.read_typed, the package
loaded by the validator's own loader), all held at once. Between this and the validator lie
the checks alone.
"""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

import pyarrow as pa
import pyarrow.csv as pacsv


def typed_read(descriptor_path: Path) -> tuple[dict[str, int], int]:
    """Rows of each table and the tables' bytes, every table read and typed, all held."""
    # this checkout's validator, as `security-guarantees-2022` run from the repository root imports it
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from security_guarantees_2022.core.descriptor import load_package
    from security_guarantees_2022.load import read_typed

    tables = load_package(descriptor_path).tables
    held = {name: read_typed(res) for name, res in tables.items()}
    rows = {name: frame.height for name, frame in held.items()}
    return rows, sum(res.path.stat().st_size for res in tables.values())


def main(argv: list[str]) -> int:
    stream, typed = "--stream" in argv, "--typed" in argv
    argv = [a for a in argv if a not in ("--stream", "--typed")]
    target = Path(argv[0]) if argv else Path("datapackage.json")
    descriptor_path = target / "datapackage.json" if target.is_dir() else target
    if typed:
        rows, size = typed_read(descriptor_path)
        return report(rows, size)
    descriptor = json.loads(descriptor_path.read_text(encoding="utf-8"))
    root = descriptor_path.parent
    tables = {}
    held = {}
    size = 0
    for res in descriptor["resources"]:
        if res.get("schema") is None:
            continue
        path = root / res["path"]
        if stream:
            tables[res["name"]] = sum(batch.num_rows for batch in _as_text(path))
        else:
            held[res["name"]] = pacsv.read_csv(path)  # held, as the validator holds them
            tables[res["name"]] = held[res["name"]].num_rows
        size += path.stat().st_size
    return report(tables, size)


def _as_text(path: Path) -> pacsv.CSVStreamingReader:
    """Every column as text, as the validator reads it: a reader that guesses types from the
    first block stops at the first bad cell after it (a seeded '2021-02-30' in a date column)."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        header = next(csv.reader(handle), [])
    text = pacsv.ConvertOptions(column_types={name: pa.string() for name in header})
    return pacsv.open_csv(path, convert_options=text)


def report(rows: dict[str, int], size: int) -> int:
    print(
        json.dumps(
            {"tables": len(rows), "rows": sum(rows.values()), "bytes": size, "by_table": rows}
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
