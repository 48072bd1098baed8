"""Record each resource's `bytes` and sha256 `hash` in datapackage.json.

A fork edits its CSVs, then stamps: the integrity checks compare files against these figures.
Only datapackage.json is rewritten; data files are read, never written.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .context import scan_file
from .descriptor import load_package
from .report import PackageError


def dump_descriptor(descriptor: dict[str, Any]) -> str:
    """The one serialisation of datapackage.json, so stamping an unchanged package changes nothing."""
    return json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n"


def stamp(path: str | Path | None = None) -> list[str]:
    """Update bytes and hash of every resource; returns the names whose figures changed."""
    package = load_package(path)
    changed = []
    for raw in package.descriptor["resources"]:
        res = package.resources[raw["name"]]
        scan = scan_file(res.path)
        if not scan.exists:
            raise PackageError(
                "missing-file", f"resource {res.name!r}: file not found: {res.relpath}"
            )
        if raw.get("bytes") != scan.size or raw.get("hash") != f"sha256:{scan.sha256}":
            raw["bytes"], raw["hash"] = scan.size, f"sha256:{scan.sha256}"
            changed.append(res.name)
    target = package.root / "datapackage.json"
    if changed:
        target.write_text(dump_descriptor(package.descriptor), encoding="utf-8")
    return changed
