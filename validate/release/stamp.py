"""Record each resource's `bytes` and sha256 `hash` in datapackage.json.

A fork edits its CSVs, then stamps: the integrity checks compare files against these figures.
Only datapackage.json is rewritten, and atomically: the new text is written beside it, fsynced,
loaded back as a package, and only then renamed over the old one. Two stamps of one package
run one after the other (a lock on its folder). Data files are read, never written.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..core.context import scan_file
from ..core.descriptor import load_package
from ..core.report import PackageError
from ..core.safe_files import exclusive, write_text_atomic


def dump_descriptor(descriptor: dict[str, Any]) -> str:
    """The one serialisation of datapackage.json, so stamping an unchanged package changes nothing."""
    return json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n"


def _loads_as_package(candidate: Path) -> None:
    load_package(candidate)  # raises PackageError: the old descriptor is then kept


def stamp(path: str | Path | None = None) -> list[str]:
    """Update bytes and hash of every resource; returns the names whose figures changed."""
    root = load_package(path).root
    with exclusive(root, "stamp"):
        package = load_package(path)  # again, under the lock: another stamp may have written
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
        if changed:
            target = package.descriptor_path
            write_text_atomic(target, dump_descriptor(package.descriptor), check=_loads_as_package)
    return changed
