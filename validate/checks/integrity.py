"""Each resource's size and hash must match what datapackage.json declares."""

from __future__ import annotations

from collections.abc import Iterator

from ..context import Context
from ..report import Issue


def check(ctx: Context) -> Iterator[Issue]:
    for name, res in ctx.package.resources.items():
        scan = ctx.scans[name]
        if not scan.exists:
            yield Issue("missing-file", name, f"file not found: {res.relpath}", value=res.relpath)
            continue
        declared_bytes = res.descriptor.get("bytes")
        if declared_bytes is not None and declared_bytes != scan.size:
            yield Issue(
                "resource-bytes-mismatch",
                name,
                f"datapackage.json declares {declared_bytes} bytes, the file has {scan.size}",
                value=str(scan.size),
            )
        declared_hash = res.descriptor.get("hash")
        if declared_hash is not None:
            algorithm, _, hexdigest = str(declared_hash).rpartition(":")
            if algorithm not in ("", "sha256") or (algorithm == "" and len(hexdigest) != 64):
                yield Issue(
                    "resource-hash-mismatch",
                    name,
                    f"only sha256 hashes are checked, got {declared_hash!r}",
                    value=str(declared_hash),
                )
            elif hexdigest.lower() != scan.sha256:
                yield Issue(
                    "resource-hash-mismatch",
                    name,
                    f"datapackage.json declares sha256 {hexdigest}, the file hashes to "
                    f"{scan.sha256}; if the file was edited on purpose, run "
                    "`python -m validate stamp` to record it",
                    value=scan.sha256,
                )
