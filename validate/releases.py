"""The release record: what was released, so a fresh clone can check the next version.

`releases/index.json` lists every release (version, date, SHA-256 of each file) and
`releases/latest/` holds a copy of the last released package. A copy, not only a git tag:
tags are often missing from clones and CI checkouts are shallow, and the package is small.
"""

from __future__ import annotations

import json
import re
import shutil
from datetime import date
from pathlib import Path
from typing import Any

from .bundle import PACKAGE_PARTS
from .descriptor import BUNDLED, load_package
from .diff import Diff, diff

RELEASES = BUNDLED.parent / "releases"


def latest_release(releases: Path = RELEASES) -> Path | None:
    descriptor = releases / "latest" / "datapackage.json"
    return descriptor if descriptor.is_file() else None


def changelog_has(version: str, changelog: Path) -> bool:
    text = changelog.read_text(encoding="utf-8") if changelog.is_file() else ""
    return re.search(rf"^## \[{re.escape(version)}\]", text, flags=re.M) is not None


def check_version(
    package: Path = BUNDLED, releases: Path = RELEASES, changelog: Path | None = None
) -> tuple[list[str], Diff | None]:
    """Problems with the current version (empty when fine), and the diff it was judged by."""
    changelog = changelog or package.parent / "CHANGELOG.md"
    version = str(load_package(package).descriptor["version"])
    problems = []
    if not changelog_has(version, changelog):
        problems.append(f"CHANGELOG.md has no entry '## [{version}]'")
    last = latest_release(releases)
    result = None
    if last is not None:
        result = diff(str(last), str(package))
        if not result.version_ok:
            problems.append(
                f"version {version} is too low: the changes since release {result.old_version} "
                f"are {result.level}, which needs at least {result.required_version}"
            )
        elif result.level == "none" and version != result.old_version:
            problems.append(
                f"version {version} differs from release {result.old_version}, but nothing changed"
            )
    return problems, result


def record_release(package: Path = BUNDLED, releases: Path = RELEASES) -> dict[str, Any]:
    """Copy the package to releases/latest and add it to releases/index.json."""
    loaded = load_package(package)
    entry = {
        "version": loaded.descriptor["version"],
        "date": date.today().isoformat(),
        "files": {r.relpath: r.descriptor.get("hash") for r in loaded.resources.values()},
    }
    latest = releases / "latest"
    if latest.exists():
        shutil.rmtree(latest)
    latest.mkdir(parents=True)
    for part in PACKAGE_PARTS:
        source = loaded.root / part
        (shutil.copytree if source.is_dir() else shutil.copy)(source, latest / part)
    index_path = releases / "index.json"
    index = json.loads(index_path.read_text(encoding="utf-8")) if index_path.is_file() else []
    index = [e for e in index if e["version"] != entry["version"]] + [entry]
    index_path.write_text(json.dumps(index, indent=2) + "\n", encoding="utf-8")
    return entry
