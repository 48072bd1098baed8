"""An output folder the tool may write into: new, empty, or one it made itself; never the package.

`release --out .` once removed a whole clone. Now a folder is used only if it does not exist, is
empty, or holds the marker file this module leaves in every folder it fills (with the list of
files it wrote). Only files in that list are ever removed, and only when a later release no
longer writes them; everything else in the folder is left alone. A release that fails or is
interrupted removes the files and folders it created (`undo`).
"""

from __future__ import annotations

import json
import os
from contextlib import suppress
from pathlib import Path

from ..core.interrupt import forget_written
from ..core.report import PackageError
from ..core.safe_files import atomic_write, read_json, write_text_atomic

MARKER = ".security-guarantees-2022-release"
# Places inside a package folder that an output must never be: its data and the repository.
PROTECTED = ("datapackage.json", "data", "schemas", "releases", ".git")


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def check_output_folder(out: Path, package_root: Path) -> list[str]:
    """Refuse an unsafe `out`; return the files a previous run of this tool wrote there."""
    target = out.resolve()
    root = package_root.resolve()
    if _inside(root, target):
        raise PackageError.of("unsafe-output", "holds-the-package", out=out)
    for part in PROTECTED:
        if _inside(target, root / part):
            raise PackageError.of("unsafe-output", "inside-the-package", out=out, part=part)
    if not os.path.lexists(out):
        return []
    if out.is_symlink() or not out.is_dir():
        raise PackageError.of("unsafe-output", "not-a-folder", out=out)
    marker = out / MARKER
    if marker.is_symlink():
        raise PackageError.of("unsafe-output", "marker-symlink", out=out, marker=MARKER)
    if not marker.is_file():
        if any(out.iterdir()):
            raise PackageError.of("unsafe-output", "not-empty", out=out)
        return []
    try:
        written = read_json(marker, MARKER)["files"]
    except (PackageError, KeyError, TypeError):
        raise PackageError.of(
            "unsafe-output", "marker-unreadable", out=out, marker=MARKER
        ) from None
    if not isinstance(written, list) or not all(_plain_relpath(f) for f in written):
        raise PackageError.of("unsafe-output", "marker-not-a-list", out=out, marker=MARKER)
    return written


def _plain_relpath(relpath: object) -> bool:
    """A path below the folder: relative, no '..', no empty or control-character parts."""
    if not isinstance(relpath, str) or not relpath or relpath.startswith(("/", "\\")):
        return False
    parts = relpath.split("/")
    return all(p not in ("", ".", "..") and p.isprintable() for p in parts)


class OutputFolder:
    """Writes files atomically into a checked folder and records them in the marker."""

    def __init__(self, out: Path, package_root: Path) -> None:
        self.path = out
        self.previous = check_output_folder(out, package_root)
        for relpath in self.previous:
            self._refuse_symlinks(relpath)
        self.written: list[str] = []
        self.made: list[Path] = []  # folders and files this run created, for `undo`
        self.marker_existed = os.path.lexists(out / MARKER)
        try:
            try:
                self._mkdirs(out)
            except OSError as exc:
                raise PackageError.of(
                    "write-failed", "cannot-create", path=out, reason=exc.strerror
                ) from None
            if not self.marker_existed:
                self.made.append(out / MARKER)
            self._record(sorted(set(self.previous)))  # claimed before anything is written in it
        except BaseException:
            self.undo()
            raise

    def _mkdirs(self, folder: Path) -> None:
        """mkdir -p, remembering each folder it made."""
        missing = []
        while not os.path.lexists(folder):
            missing.append(folder)
            folder = folder.parent
        for new in reversed(missing):
            new.mkdir(exist_ok=True)
            self.made.append(new)

    def write(self, relpath: str, data: bytes) -> Path:
        if not _plain_relpath(relpath):
            raise PackageError.of("unsafe-output", "not-a-plain-name", relpath=relpath)
        self._refuse_symlinks(relpath)
        target = self.path / relpath
        try:
            self._mkdirs(target.parent)
        except OSError as exc:
            raise PackageError.of(
                "write-failed", "cannot-create", path=target.parent, reason=exc.strerror
            ) from None
        self._record(sorted(set(self.previous) | set(self.written) | {relpath}))
        if not os.path.lexists(target):
            self.made.append(target)
        atomic_write(target, data)
        self.written.append(relpath)
        return target

    def undo(self) -> None:
        """After a failure or a signal: remove the files and folders this run created (a file it
        replaced stays, whole) and list in the marker only what was there before."""
        for made in reversed(self.made):
            with suppress(OSError):
                if made.is_symlink() or not made.is_dir():
                    made.unlink()
                    forget_written(made)
                else:
                    made.rmdir()  # only if empty: nothing of anyone else's goes with it
        if self.marker_existed:
            with suppress(PackageError, OSError):
                self._record(sorted(set(self.previous)))

    def finish(self) -> None:
        """Remove what an earlier run wrote and this one did not (an older version's zip)."""
        for relpath in sorted(set(self.previous) - set(self.written)):
            self._refuse_symlinks(relpath)
            stale = self.path / relpath
            if stale.is_file():
                stale.unlink()
        self._record(sorted(self.written))

    def _refuse_symlinks(self, relpath: str) -> None:
        """No part of a path below --out may be a symlink: it could lead anywhere."""
        here = self.path
        for part in relpath.split("/"):
            here = here / part
            if here.is_symlink():
                raise PackageError.of(
                    "unsafe-output", "symlink-below-out", out=self.path, path=here
                )

    def _record(self, files: list[str]) -> None:
        text = json.dumps({"tool": "security-guarantees-2022 release", "files": files}, indent=2)
        write_text_atomic(self.path / MARKER, text + "\n")
