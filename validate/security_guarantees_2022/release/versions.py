"""Package versions: where each side of a comparison comes from, and semver arithmetic.

A side is a folder (or datapackage.json) on disk, or a git ref of this repository, which is
exported with `git archive` into a scratch folder (validate/security_guarantees_2022/core/scratch.py), removed on every way
out, so the working tree is never touched.
"""

from __future__ import annotations

import os
import re
import subprocess
import tarfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ..core import interrupt
from ..core.descriptor import BUNDLED, INSTALLED
from ..core.report import PackageError
from ..core.scratch import scratch_folder
from .bundle import PACKAGE_PARTS

SEMVER = re.compile(r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$")
LEVELS = ("none", "patch", "minor", "major")
REPO = BUNDLED.parent


def parse_version(text: object) -> tuple[int, int, int]:
    match = SEMVER.match(str(text))
    if not match:
        raise PackageError.of("invalid-descriptor", "version-not-semver", version=text)
    major, minor, patch = (int(part) for part in match.groups())
    return major, minor, patch


def bump(version: tuple[int, int, int], level: str) -> tuple[int, int, int]:
    """The smallest version that a change of `level` allows after `version`."""
    major, minor, patch = version
    if level == "major":
        return major + 1, 0, 0
    if level == "minor":
        return major, minor + 1, 0
    if level == "patch":
        return major, minor, patch + 1
    return version


def show(version: tuple[int, int, int]) -> str:
    return ".".join(str(part) for part in version)


# git never talks to a remote here: no protocol is allowed, no prompt, no lazy fetch.
_GIT_ENV = {"GIT_TERMINAL_PROMPT": "0", "GIT_NO_LAZY_FETCH": "1", "GIT_PROTOCOL_FROM_USER": "0"}
_GIT = ("git", "-c", "protocol.allow=never", "-c", "core.fsmonitor=false")
_REF = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_./~^@{}:+-]*$")


def _git(*args: str) -> subprocess.CompletedProcess[str]:
    try:
        return subprocess.run(
            [*_GIT, "-C", str(REPO), *args],
            capture_output=True,
            text=True,
            stdin=subprocess.DEVNULL,
            env={**os.environ, **_GIT_ENV},
            timeout=120,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise PackageError.of("unknown-ref", "no-git", reason=str(exc)) from None


def resolve_ref(spec: str) -> str:
    """The commit a ref names, checked as a ref first: never an option, never a remote."""
    if INSTALLED:
        raise PackageError.of("unknown-ref", "installed", spec=spec)
    if not _REF.match(spec) or ".." in spec or spec.startswith("-"):
        raise PackageError.of("unknown-ref", "not-a-ref", spec=spec)
    done = _git("rev-parse", "--verify", "--quiet", "--end-of-options", f"{spec}^{{commit}}")
    commit = done.stdout.strip()
    if done.returncode != 0 or not re.fullmatch(r"[0-9a-f]{40,64}", commit):
        raise PackageError.of("unknown-ref", "not-a-ref", spec=spec)
    return commit


@contextmanager
def package_side(spec: str) -> Iterator[Path]:
    """Yield the datapackage.json of `spec`: a path on disk, else a git ref of this repository."""
    path = Path(spec)
    try:
        if path.is_dir():
            path = path / "datapackage.json"
        on_disk = os.path.lexists(path)
    except OSError:  # a name too long for the file system: not a path, so perhaps a ref
        on_disk = False
    if on_disk:  # a path on disk, even if unusable: load_package says why
        yield path
        return
    commit = resolve_ref(spec)
    with scratch_folder("diff") as folder:
        archive = Path(folder) / "side.tar"
        done = _git("archive", "--format=tar", "-o", str(archive), commit, "--", *PACKAGE_PARTS)
        if done.returncode != 0:
            said = done.stderr.strip()
            raise PackageError.of(
                "unknown-ref",
                "export-failed",
                spec=spec,
                reason=said.splitlines()[-1] if said else "git failed",
            )
        try:
            with tarfile.open(archive) as tar:
                tar.extractall(Path(folder) / "side", filter="data")
        except tarfile.TarError as exc:  # e.g. a symlink in the ref that leads out of the tree
            raise PackageError.of("unsafe-path", "ref-unsafe", spec=spec, reason=str(exc)) from None
        interrupt.pause("exported")
        yield Path(folder) / "side" / "datapackage.json"
