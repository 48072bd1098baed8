"""The package as one deterministic zip: datapackage.json, data/, schemas/, the licences, the
annotation guidelines, a README and data dictionary for data users, CITATION.cff and
CITATION.bib (generated: takeaway.py), and SHA256SUMS.

Entries are sorted, stamped 1980-01-01 and given fixed permissions, so the same package always
gives the same bytes. Files are listed and read through the package's path guard: a symlink
that leaves the package, or a FIFO or device, is refused, never followed into a release.
"""

from __future__ import annotations

import hashlib
import io
import os
import zipfile
from collections.abc import Iterator
from pathlib import Path

from ..core.descriptor import Package, PathGuard, load_package
from ..core.report import PackageError
from ..core.safe_files import atomic_write, is_utf8
from .takeaway import GUIDELINES, takeaway_files

# What a package is on disk: also what a git ref is exported as, and what a release records.
PACKAGE_PARTS = ("datapackage.json", "data", "schemas")
# What a user who takes the zip away also needs, copied where the package has it: the licences
# and how the values were chosen (the README, data dictionary and citation are generated).
TAKE_AWAY = ("LICENSE", "LICENSE-DATA.md", GUIDELINES)
FIXED_TIME = (1980, 1, 1, 0, 0, 0)


def package_files(package_dir: Path) -> list[str]:
    """The package's files as sorted relative paths; a symlink leaving the package is refused."""
    guard = PathGuard(package_dir)
    names: list[str] = []
    for part in PACKAGE_PARTS:
        path = package_dir / part
        if path.is_dir() and not path.is_symlink():
            names += _walk(package_dir, part, guard)
        elif os.path.lexists(path):
            guard.check(part, f"package file {part}")
            names.append(part)
    return sorted(names)


def _walk(root: Path, part: str, guard: PathGuard) -> Iterator[str]:
    """Every file below `part`; a symlink must stay inside the package's own parts."""
    inside = [str(root.resolve() / p) for p in PACKAGE_PARTS]
    for folder, dirs, files in os.walk(root / part):  # symlinked folders are not descended
        here = Path(folder).relative_to(root).as_posix()
        for name in dirs + files:
            relpath = f"{here}/{name}"
            if not is_utf8(relpath):
                raise PackageError.of("unsafe-path", "name-not-utf8", relpath=relpath)
            real = guard.check(relpath, f"package file {relpath}")
            if os.path.islink(os.path.join(root, relpath)) and not any(
                real == p or real.startswith(p + os.sep) for p in inside
            ):
                raise PackageError.of(
                    "unsafe-path", "symlink-out-of-data", relpath=relpath, target=real
                )
            if name in files:
                yield relpath


def named_files(package: Package) -> list[str]:
    """The files a descriptor names: itself, each resource's file and each schema file."""
    named = {package.file_name} | {r.relpath for r in package.resources.values()}
    named |= {r.metadata.schema_path for r in package.resources.values() if r.metadata.schema_path}
    return sorted(named)


def check_releasable(package: Package) -> None:
    """A release carries datapackage.json, data/ and schemas/: every file the descriptor names
    must be among them, or the released package would be broken (or carry a stray file)."""
    if package.file_name != "datapackage.json":
        raise PackageError.of("unsafe-path", "descriptor-name", name=package.file_name)
    for relpath in named_files(package):
        folder, _, rest = relpath.partition("/")
        inside = relpath == "datapackage.json" or (folder in ("data", "schemas") and rest)
        if not inside:
            raise PackageError.of("unsafe-path", "outside-release", relpath=relpath)


def read_package_file(package_dir: Path, relpath: str) -> bytes:
    """A package file's bytes: inside the package, and a regular file, or PackageError."""
    try:
        return PathGuard(package_dir).read_bytes(relpath, f"package file {relpath}")
    except OSError as exc:
        raise PackageError.of(
            "missing-file", "package-file-unreadable", relpath=relpath, reason=exc.strerror
        ) from None


def checksum_line(data: bytes, name: str) -> str:
    """One line of a SHA256SUMS file, as `sha256sum -c` reads it."""
    return f"{hashlib.sha256(data).hexdigest()}  {name}"


def _entry(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=FIXED_TIME)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    info.create_system = 3  # unix, whatever the host
    return info


def package_zip_bytes(
    package_dir: Path, root: str, expected: dict[str, str] | None = None
) -> bytes:
    """The zip's bytes; inside, everything sits under one folder named `root`.

    `expected` gives the sha256 of files as validated, by relative path: a file that no longer
    hashes so is refused (`changed-while-reading`), so the zip holds the bytes that were checked.
    """
    expected = expected or {}
    sums = []
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        extras = [n for n in TAKE_AWAY if (package_dir / n).is_file()]
        for name in extras:
            if (package_dir / name).is_symlink():
                raise PackageError.of("unsafe-path", "takeaway-symlink", name=name)
        generated = takeaway_files(load_package(package_dir / "datapackage.json"))
        for name in sorted([*package_files(package_dir), *extras, *generated]):
            data = generated.get(name) or read_package_file(package_dir, name)
            digest = hashlib.sha256(data).hexdigest()
            if name in expected and digest != expected[name]:
                raise PackageError.of(
                    "changed-while-reading",
                    "since-validation",
                    name=name,
                    then=expected[name][:12],
                    now=digest[:12],
                )
            sums.append(f"{digest}  {name}")
            archive.writestr(_entry(f"{root}/{name}"), data)
        archive.writestr(_entry(f"{root}/SHA256SUMS"), "\n".join(sums) + "\n")
    return buffer.getvalue()


def write_package_zip(package_dir: Path, out: Path) -> Path:
    """Write the zip to `out` atomically, named after it inside."""
    out.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(out, package_zip_bytes(package_dir, out.name.removesuffix(".zip")))
    return out
