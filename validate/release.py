"""Release artefacts in dist/: the package zip, Parquet per table, SQLite with datasette metadata.

Built only from a package that validates, into a folder that is safe to write (see
output_folder), each file atomically, and deterministically: the same inputs give the same
bytes (fixed zip timestamps, rows in file order, no creation dates written).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from .bundle import check_releasable, checksum_line, package_zip_bytes
from .descriptor import load_package
from .exports import DATABASE, datasette_metadata, parquet_bytes, sqlite_bytes
from .interchange import plover_jsonl
from .output_folder import OutputFolder, check_output_folder
from .report import InvalidPackageError
from .run import run_checks
from .safe_files import exclusive


def sha256sums(folder: Path, files: list[Path]) -> bytes:
    lines = [checksum_line(p.read_bytes(), p.relative_to(folder).as_posix()) for p in sorted(files)]
    return ("\n".join(lines) + "\n").encode("utf-8")


def build_release(
    path: str | Path | None, out: Path, progress: Callable[[str], None] | None = None
) -> list[Path]:
    """Validate, then write every artefact into `out`. Returns the files written.

    `out` must be new, empty or an earlier release folder (see output_folder); each file is
    written atomically, and one release at a time may write into a folder.
    """
    say = progress or (lambda _message: None)
    check_output_folder(out, load_package(path).root)  # refused before any work is done
    say("validating")
    report, ctx = run_checks(path, second=True, progress=say)
    if not report.valid:
        raise InvalidPackageError(report)
    package = ctx.package
    check_releasable(package)
    version = str(package.descriptor["version"])
    stem = f"{package.descriptor['name']}-{version}"
    folder = OutputFolder(out, package.root)
    with exclusive(out, "release"):
        typed = {name: ctx.typed[name] for name in package.tables}
        say("writing the zip")
        files = [folder.write(f"{stem}.zip", package_zip_bytes(package.root, stem))]
        say("writing Parquet")
        files += [
            folder.write(f"parquet/{name}.parquet", parquet_bytes(package, res, typed[name]))
            for name, res in package.tables.items()
        ]
        say("writing SQLite and its datasette metadata")
        files.append(folder.write(f"{DATABASE}.db", sqlite_bytes(package, typed)))
        metadata = json.dumps(datasette_metadata(package), ensure_ascii=False, indent=2) + "\n"
        files.append(folder.write("metadata.json", metadata.encode("utf-8")))
        say("writing PLOVER event records")
        files.append(folder.write(f"{stem}-plover.jsonl", plover_jsonl(package, typed)))
        files.append(folder.write("SHA256SUMS", sha256sums(out, files)))
        folder.finish()
    return files
