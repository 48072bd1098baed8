"""Package versions: where each side of a comparison comes from, and semver arithmetic.

A side is a folder (or datapackage.json) on disk, or a git ref of this repository, which is
exported with `git archive` into a temporary folder so the working tree is never touched.
"""

from __future__ import annotations

import re
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .bundle import PACKAGE_PARTS
from .descriptor import BUNDLED
from .report import PackageError

SEMVER = re.compile(r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$")
LEVELS = ("none", "patch", "minor", "major")
REPO = BUNDLED.parent


def parse_version(text: object) -> tuple[int, int, int]:
    match = SEMVER.match(str(text))
    if not match:
        raise PackageError(
            "invalid-descriptor", f"version {text!r} is not semver MAJOR.MINOR.PATCH"
        )
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


@contextmanager
def package_side(spec: str) -> Iterator[Path]:
    """Yield the datapackage.json of `spec`: a path on disk, else a git ref of this repository."""
    path = Path(spec)
    if path.is_dir():
        path = path / "datapackage.json"
    if path.is_file():
        yield path
        return
    with tempfile.TemporaryDirectory(prefix="sg2022-") as folder:
        archive = Path(folder) / "side.tar"
        done = subprocess.run(
            [
                "git",
                "-C",
                str(REPO),
                "archive",
                "--format=tar",
                "-o",
                str(archive),
                spec,
                "--",
                *PACKAGE_PARTS,
            ],
            capture_output=True,
            text=True,
        )
        if done.returncode != 0:
            raise PackageError(
                "unknown-ref",
                f"{spec!r} is neither a package folder nor a git ref of this "
                f"repository ({done.stderr.strip().splitlines()[-1] if done.stderr else 'git failed'})",
            )
        with tarfile.open(archive) as tar:
            tar.extractall(Path(folder) / "side", filter="data")
        yield Path(folder) / "side" / "datapackage.json"
