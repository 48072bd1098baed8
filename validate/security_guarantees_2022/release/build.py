"""Release artefacts in dist/: the package zip, Parquet per table, SQLite with datasette metadata.

Built only from a package that validates, into a folder that is safe to write (see
output_folder), each file atomically, and deterministically: the same inputs give the same
bytes (fixed zip timestamps, rows in file order, no creation dates written).
"""

from __future__ import annotations

import json
import posixpath
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from ..core.context import Context
from ..core.descriptor import Package, load_package
from ..core.report import InvalidPackageError
from ..core.safe_files import exclusive
from ..engines.run import run_checks
from .bundle import check_releasable, checksum_line, package_zip_bytes
from .exports import (
    CODED,
    DATABASE,
    coded_rows_parquet,
    datasette_metadata,
    parquet_bytes,
    sqlite_bytes,
)
from .interchange import plover_jsonl
from .output_folder import OutputFolder, check_output_folder


@dataclass(frozen=True)
class Artefact:
    """One file of a release: where it goes in the release folder, what it is, its bytes."""

    relpath: str
    label: str
    data: bytes


def release_artefacts(
    package: Package, typed: dict[str, pl.DataFrame], validated: dict[str, str] | None = None
) -> Iterator[Artefact]:
    """Every artefact of a release of a validated package, one at a time (the docs site offers
    the same list for download, so it is written once, here). `validated` is the sha256 of
    each file as validated (validated_hashes): the zip refuses a file changed since."""
    about = package.metadata
    about.require("a release", "name", "version")
    stem = f"{about.name}-{about.version}"
    # Built first: an export the PLOVER record schema refuses stops the release before any
    # file is written (plover_jsonl raises a coded PackageError).
    plover = plover_jsonl(package, typed)
    yield Artefact(f"{stem}.zip", "Release zip", package_zip_bytes(package.root, stem, validated))
    for name, res in package.tables.items():
        yield Artefact(
            f"parquet/{name}.parquet", f"Parquet: {name}", parquet_bytes(package, res, typed[name])
        )
    yield Artefact(
        f"parquet/{CODED}.parquet",
        f"Parquet: {CODED} (derived)",
        coded_rows_parquet(package, typed),
    )
    yield Artefact(
        f"{DATABASE}.db",
        "SQLite database: keys, an index on every foreign key, CHECKs for enums and bounds",
        sqlite_bytes(package, typed),
    )
    metadata = json.dumps(datasette_metadata(package), ensure_ascii=False, indent=2) + "\n"
    yield Artefact("metadata.json", "datasette metadata", metadata.encode("utf-8"))
    yield Artefact(f"{stem}-plover.jsonl", "PLOVER event records (JSON lines)", plover)


def validated_hashes(ctx: Context) -> dict[str, str]:
    """The sha256 of the bytes validated, by path in the package: the descriptor and schemas as
    loaded, each resource's file as scanned (the bytes its checks parsed)."""
    hashes = dict(ctx.package.read_hashes)
    for name, res in ctx.package.resources.items():
        scan = ctx.scans.get(name)
        if scan is not None and scan.exists:
            hashes[posixpath.normpath(res.relpath)] = scan.sha256
    return hashes


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
    folder = OutputFolder(out, package.root)
    files, sums = [], []
    try:
        with exclusive(out, "release"):
            typed = {name: ctx.typed[name] for name in package.tables}
            # the zip comes first: a file changed since validation stops the release before
            # any write
            for artefact in release_artefacts(package, typed, validated_hashes(ctx)):
                say(f"writing {artefact.relpath}")
                files.append(folder.write(artefact.relpath, artefact.data))
                sums.append(checksum_line(artefact.data, artefact.relpath))
            sums_text = "\n".join(sorted(sums, key=lambda line: line.split("  ", 1)[1])) + "\n"
            files.append(folder.write("SHA256SUMS", sums_text.encode("utf-8")))
            folder.finish()
    except BaseException:  # a failure or a signal: no half release is left in the folder
        folder.undo()
        raise
    return files
