"""The package as one deterministic zip: datapackage.json, data/, schemas/ and SHA256SUMS.

Entries are sorted, stamped 1980-01-01 and given fixed permissions, so the same package always
gives the same bytes.
"""

from __future__ import annotations

import hashlib
import zipfile
from pathlib import Path

# What a package is on disk: also what a git ref is exported as, and what a release records.
PACKAGE_PARTS = ("datapackage.json", "data", "schemas")
FIXED_TIME = (1980, 1, 1, 0, 0, 0)


def package_files(package_dir: Path) -> list[Path]:
    files: list[Path] = []
    for part in PACKAGE_PARTS:
        path = package_dir / part
        files += sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
    return sorted(files, key=lambda p: p.relative_to(package_dir).as_posix())


def checksum_line(data: bytes, name: str) -> str:
    """One line of a SHA256SUMS file, as `sha256sum -c` reads it."""
    return f"{hashlib.sha256(data).hexdigest()}  {name}"


def _entry(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=FIXED_TIME)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    info.create_system = 3  # unix, whatever the host
    return info


def write_package_zip(package_dir: Path, out: Path) -> Path:
    """Write the zip to `out`; inside, everything sits under one folder named after the zip."""
    root = out.name.removesuffix(".zip")
    sums = []
    out.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(out, "w") as archive:
        for path in package_files(package_dir):
            name = path.relative_to(package_dir).as_posix()
            data = path.read_bytes()
            sums.append(checksum_line(data, name))
            archive.writestr(_entry(f"{root}/{name}"), data)
        archive.writestr(_entry(f"{root}/SHA256SUMS"), "\n".join(sums) + "\n")
    return out
