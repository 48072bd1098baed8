#!/usr/bin/env python3
"""The floor: `pyarrow.csv.read_csv` of every table of a package, default options, all kept.

    python bench/raw_read.py DIR_OR_DATAPACKAGE_JSON [--stream]

Reads only the CSV tables that datapackage.json lists (not the source texts), holds them all in
memory at once as the validator does, and prints {"tables": ..., "rows": ..., "bytes": ...}.
With --stream, the floor of the streaming mode: `pyarrow.csv.open_csv` over every table, each
batch dropped once counted, so memory stays flat.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pyarrow.csv as pacsv


def main(argv: list[str]) -> int:
    stream = "--stream" in argv
    argv = [a for a in argv if a != "--stream"]
    target = Path(argv[0]) if argv else Path("datapackage.json")
    descriptor_path = target / "datapackage.json" if target.is_dir() else target
    descriptor = json.loads(descriptor_path.read_text(encoding="utf-8"))
    root = descriptor_path.parent
    tables = {}
    size = 0
    for res in descriptor["resources"]:
        if res.get("schema") is None:
            continue
        path = root / res["path"]
        if stream:
            tables[res["name"]] = sum(batch.num_rows for batch in pacsv.open_csv(path))
        else:
            tables[res["name"]] = pacsv.read_csv(path).num_rows
        size += path.stat().st_size
    rows = tables
    print(
        json.dumps(
            {"tables": len(tables), "rows": sum(rows.values()), "bytes": size, "by_table": rows}
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
