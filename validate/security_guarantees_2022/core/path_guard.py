"""Paths a descriptor names, kept inside the package folder: never remote, absolute or climbing
out through '..' or a symlink."""

from __future__ import annotations

import errno
import os
import re
from pathlib import Path
from typing import NoReturn

from .model import CONTROL
from .report import PackageError
from .safe_files import open_regular, read_fd

REMOTE = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*://")
# anything PathGuard._refuse would refuse (remote, absolute, drive letter, a '..' part)
_SUSPECT_PATH = re.compile(
    r"^(?:[a-zA-Z][a-zA-Z0-9+.-]*://|[/\\]|[A-Za-z]:)|(?:^|[/\\])\.\.(?:[/\\]|$)"
)


def safe_path(root: Path, relpath: object, what: str) -> Path:
    """Resolve a descriptor path, refusing anything that could leave the package directory."""
    return Path(PathGuard(root).check(relpath, what))


class PathGuard:
    """Checks many paths under one root; each folder is resolved once, not once per file."""

    def __init__(self, root: Path) -> None:
        self.root = str(root.resolve())
        self._folders: dict[str, str] = {}

    def check(self, relpath: object, what: str) -> str:
        """The absolute path of `relpath`, as a string, if it stays inside the root."""
        resolved = self._unresolved(relpath, what)
        if os.path.islink(resolved):
            resolved = self._inside(os.path.realpath(resolved), relpath, what)
        return resolved

    def read_bytes(self, relpath: object, what: str) -> bytes:
        """The file's bytes; a symlink is followed only if it stays inside the root."""
        path = self._unresolved(relpath, what)
        try:
            fd = open_regular(path, what, _NOFOLLOW)  # a symlink fails with ELOOP: checked below
        except OSError as exc:
            if exc.errno != errno.ELOOP or not _NOFOLLOW:
                raise
            fd = open_regular(self.check(relpath, what), what)
        return read_fd(fd, what)

    def _unresolved(self, relpath: object, what: str) -> str:
        """Lexical checks, then the path in its resolved folder (the last part not resolved)."""
        if not isinstance(relpath, str) or not relpath:
            raise PackageError.of(
                "invalid-descriptor", "path-not-a-string", what=what, relpath=relpath
            )
        if CONTROL.search(relpath):
            raise PackageError.of("unsafe-path", "control-in-path", what=what, relpath=relpath)
        if _SUSPECT_PATH.search(relpath):
            self._refuse(relpath, what)
        folder, _, name = relpath.rpartition("/")
        resolved = self._folders.get(folder)
        if resolved is None:
            real = os.path.realpath(os.path.join(self.root, folder))
            resolved = self._folders[folder] = self._inside(real, relpath, what)
        return os.path.join(resolved, name)

    @staticmethod
    def _refuse(relpath: str, what: str) -> NoReturn:
        """Say why a path that looks remote, absolute or climbing is refused."""
        if REMOTE.match(relpath):
            raise PackageError.of("unsafe-path", "remote-path", what=what, relpath=relpath)
        if relpath.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", relpath):
            raise PackageError.of("unsafe-path", "absolute-path", what=what, relpath=relpath)
        raise PackageError.of("unsafe-path", "climbing-path", what=what, relpath=relpath)

    def _inside(self, resolved: str, relpath: object, what: str) -> str:
        if os.path.commonpath([self.root, resolved]) != self.root:
            raise PackageError.of("unsafe-path", "leaves-package", what=what, relpath=relpath)
        return resolved


_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
