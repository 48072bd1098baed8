"""Record each resource's `bytes` and sha256 `hash` in datapackage.json.

A fork edits its CSVs, then stamps: the integrity checks compare files against these figures.
Only datapackage.json is rewritten, and atomically: the new text is written beside it, fsynced,
loaded back as a package, and only then renamed over the old one. Two stamps of one package
run one after the other (a lock on its folder). Data files are read, never written. An edit of
datapackage.json saved while stamp runs (an editor takes no lock) is detected just before the
rename, and kept: stamp then writes nothing (`changed-while-reading`).
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from ..core.descriptor import BUNDLED, INSTALLED, Package, load_package
from ..core.report import PackageError
from ..core.safe_files import exclusive, read_json_bytes, write_text_atomic
from ..core.scans import scan_file


def dump_descriptor(descriptor: dict[str, Any]) -> str:
    """The one serialisation of datapackage.json, so stamping an unchanged package changes nothing."""
    return json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n"


def _loads_as_package(candidate: Path) -> None:
    load_package(candidate)  # raises PackageError: the old descriptor is then kept


def _unchanged_since(package: Package) -> None:
    """The descriptor on disk is still the one stamp read: an edit saved meanwhile (an editor
    takes no lock) is kept, and stamp writes nothing."""
    target = package.descriptor_path
    try:
        now = hashlib.sha256(read_json_bytes(target, package.file_name)).hexdigest()
    except PackageError:
        now = None
    if now != package.read_hashes.get(package.file_name):
        raise PackageError.of("changed-while-reading", "stamp-edit", path=target)


def stamp(path: str | Path | None = None) -> list[str]:
    """Update bytes and hash of every resource; returns the names whose figures changed."""
    root = load_package(path).root
    if INSTALLED and root == BUNDLED.parent:
        raise PackageError.of("unsafe-output", "installed-stamp")
    with exclusive(root, "stamp"):
        package = load_package(path)  # again, under the lock: another stamp may have written
        changed = []
        for raw in package.descriptor["resources"]:
            res = package.resources[raw["name"]]
            scan = scan_file(res.path)
            if not scan.exists:
                raise PackageError.of(
                    "missing-file", "resource-file", name=res.name, path=res.relpath
                )
            if raw.get("bytes") != scan.size or raw.get("hash") != f"sha256:{scan.sha256}":
                raw["bytes"], raw["hash"] = scan.size, f"sha256:{scan.sha256}"
                changed.append(res.name)
        if changed:
            target = package.descriptor_path

            def check(candidate: Path) -> None:
                _loads_as_package(candidate)
                _unchanged_since(package)  # last, just before the new file replaces it

            write_text_atomic(target, dump_descriptor(package.descriptor), check=check)
    return changed
