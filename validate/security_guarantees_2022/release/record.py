"""The release record: what was released, so a fresh clone can check the next version.

`releases/index.json` lists every release (version, date, SHA-256 of each file) and
`releases/latest/` holds a copy of the last released package. A copy, not only a git tag:
tags are often missing from clones and CI checkouts are shallow, and the package is small.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from datetime import date
from pathlib import Path
from typing import Any

from ..core import interrupt, scratch
from ..core.descriptor import BUNDLED, load_package
from ..core.home import COMMAND, INSTALLED
from ..core.report import PackageError
from ..core.safe_files import atomic_write, exclusive, read_json, read_regular, write_text_atomic
from .bundle import check_releasable, named_files, package_files, read_package_file
from .citation import citation_stale
from .diff import Diff, diff

RELEASES = BUNDLED.parent / "releases"


def latest_release(releases: Path = RELEASES) -> Path | None:
    """The last release's descriptor; anything at that path is loaded (and refused if unsafe)."""
    descriptor = releases / "latest" / "datapackage.json"
    return descriptor if os.path.lexists(descriptor) else None


def changelog_has(version: str, changelog: Path) -> bool:
    try:
        raw = read_regular(changelog, "CHANGELOG.md", 16 << 20)
    except FileNotFoundError:
        return False
    except OSError as exc:
        raise PackageError.of(
            "missing-file", "unreadable", file="CHANGELOG.md", reason=exc.strerror
        ) from None
    text = raw.decode("utf-8", errors="replace")
    return re.search(rf"^## \[{re.escape(version)}\]", text, flags=re.M) is not None


def check_version(
    package: Path = BUNDLED, releases: Path = RELEASES, changelog: Path | None = None
) -> tuple[list[str], Diff | None]:
    """Problems with the current version (empty when fine), and the diff it was judged by."""
    changelog = changelog or package.parent / "CHANGELOG.md"
    about = load_package(package).metadata
    about.require("version-check", "version")
    version = str(about.version)
    problems = []
    if not changelog_has(version, changelog):
        problems.append(f"CHANGELOG.md has no entry '## [{version}]'")
    if citation_stale(package):
        problems.append(
            "CITATION.cff or .zenodo.json does not match datapackage.json; "
            f"`{COMMAND} stamp` updates them"
        )
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


def check_recordable(releases: Path = RELEASES) -> None:
    """An installed copy's releases/ is the clone's record, shipped to be read: never rewritten."""
    if INSTALLED and releases == RELEASES:
        raise PackageError.of("unsafe-output", "installed-releases")


def record_release(package: Path = BUNDLED, releases: Path = RELEASES) -> dict[str, Any]:
    """Copy the package to releases/latest and add it to releases/index.json.

    The copy is built beside the old one and swapped in by rename, files read through the
    package's path guard (a symlink leaving the package is refused, not copied); index.json is
    replaced atomically. The old copy is removed only if it holds nothing but package files.
    """
    check_recordable(releases)
    loaded = load_package(package)
    check_releasable(loaded)
    loaded.metadata.require("release --record", "version")
    if releases.is_symlink():
        raise PackageError.of("unsafe-output", "releases-symlink", path=releases)
    entry = {
        "version": loaded.metadata.version,
        "date": date.today().isoformat(),
        "files": {r.relpath: r.metadata.hash for r in loaded.resources.values()},
    }
    try:
        releases.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise PackageError.of(
            "write-failed", "cannot-create", path=releases, reason=exc.strerror
        ) from None
    with exclusive(releases, "release --record"):
        scratch.sweep(releases, scratch.HIDDEN)  # the copies a SIGKILLed record left
        latest = releases / "latest"
        _refuse_foreign_files(latest)
        index_path = releases / "index.json"
        index = read_json(index_path, "releases/index.json") if index_path.exists() else []
        if not isinstance(index, list) or not all(
            isinstance(e, dict) and isinstance(e.get("version"), str) for e in index
        ):
            raise PackageError.of("invalid-json", "release-index")
        names = named_files(loaded)
        package_files(loaded.root)  # refuses a symlink out of the package, as the zip does
        fresh = None  # .sg2022-latest-XXXXXXXX/latest: the new copy, in a folder of ours
        try:
            with interrupt.deferred():  # made and known, or neither
                fresh = scratch.owned_folder(releases, "latest")
            copy = fresh / "latest"
            for name in names:
                (copy / name).parent.mkdir(parents=True, exist_ok=True)
                atomic_write(copy / name, read_package_file(loaded.root, name))
            with interrupt.deferred():  # a signal cannot fall between the swap's steps
                old = None
                if latest.exists():
                    old = scratch.owned_folder(releases, "latest-old")
                    os.replace(latest, old / "latest")
                os.replace(copy, latest)
                interrupt.forget_under(fresh)
                interrupt.note_written(latest)
                _drop(fresh)  # now only its owner file
                fresh = None
                if old is not None:  # the previous copy, checked above to hold only package files
                    shutil.rmtree(old)
        except OSError as exc:
            _drop(fresh)  # our own half-made copy
            raise PackageError.of(
                "write-failed", "release-copy", path=latest, reason=exc.strerror
            ) from None
        except BaseException:
            _drop(fresh)
            raise
        index = [e for e in index if e.get("version") != entry["version"]] + [entry]
        write_text_atomic(index_path, json.dumps(index, indent=2) + "\n")
    return entry


def _drop(fresh: Path | None) -> None:
    if fresh is not None:
        shutil.rmtree(fresh, ignore_errors=True)
        interrupt.forget_under(fresh)


def _refuse_foreign_files(latest: Path) -> None:
    """releases/latest is the tool's copy of a package: a file its own descriptor does not name
    (resource, schema, the descriptor itself) is someone's, and is kept, so the record stops."""
    if not os.path.lexists(latest):
        return
    if latest.is_symlink() or not latest.is_dir():
        raise PackageError.of("unsafe-output", "latest-not-ours", path=latest)
    try:
        named = set(named_files(load_package(latest / "datapackage.json")))
    except PackageError as exc:
        raise PackageError.of(
            "unsafe-output", "latest-not-a-package", path=latest, reason=exc.message
        ) from None
    for folder, dirs, files in os.walk(latest):
        here = Path(folder).relative_to(latest)
        for name in files + [d for d in dirs if (Path(folder) / d).is_symlink()]:
            relpath = (here / name).as_posix()
            if relpath not in named or (Path(folder) / name).is_symlink():
                raise PackageError.of(
                    "unsafe-output", "latest-foreign-file", path=latest, relpath=relpath
                )
