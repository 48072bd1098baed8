"""Each resource's size and hash must match what datapackage.json declares."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path

from ..core.context import Context
from ..core.report import Issue
from ..core.scans import changed_while_reading, read_chunks

# The algorithms a resource's `hash` may name ("md5:…", …); an unprefixed hash is MD5, the
# standard's default. `stamp` writes sha256, which every engine computes as it reads a file.
ALGORITHMS = ("md5", "sha1", "sha256", "sha512")


def declared_hash(value: object) -> tuple[str, str]:
    """(algorithm, hex digest) of a resource's `hash`, the algorithm lower-cased."""
    algorithm, _, hexdigest = str(value).rpartition(":")
    return algorithm.lower() or "md5", hexdigest.lower()


def check(ctx: Context) -> Iterator[Issue]:
    for name, res in ctx.package.resources.items():
        scan = ctx.scans[name]
        if not scan.exists:
            yield Issue.of("missing-file", name, value=res.relpath, file=res.relpath)
            continue
        declared = res.metadata
        if declared.bytes is not None and declared.bytes != scan.size:
            yield Issue.of(
                "resource-bytes-mismatch", name, value=str(scan.size), declared=declared.bytes
            )
        if declared.hash is None:
            continue
        algorithm, hexdigest = declared_hash(declared.hash)
        if algorithm not in ALGORITHMS:
            yield Issue.of("hash-algorithm-unsupported", name, value=declared.hash)
            continue
        found = scan.sha256 if algorithm == "sha256" else _digest(res.path, algorithm, scan.sha256)
        if hexdigest != found:
            yield Issue.of(
                "resource-hash-mismatch", name, value=found, declared=hexdigest, algorithm=algorithm
            )


def _digest(path: Path, algorithm: str, sha256: str) -> str:
    """The file's digest by another algorithm than the scan's SHA-256: read again (only for a
    resource that declares one), and the bytes must be those the scan hashed and the checks read."""
    again, other = hashlib.sha256(), hashlib.new(algorithm)
    for chunk in read_chunks(path):
        again.update(chunk)
        other.update(chunk)
    if again.hexdigest() != sha256:
        raise changed_while_reading(
            path, f"hashed {sha256[:12]}… as read, {again.hexdigest()[:12]}… again"
        )
    return other.hexdigest()
