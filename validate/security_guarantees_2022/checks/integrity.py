"""Each resource's size and hash must match what datapackage.json declares."""

from __future__ import annotations

from collections.abc import Iterator

from ..core.context import Context
from ..core.report import Issue


def check(ctx: Context) -> Iterator[Issue]:
    for name, res in ctx.package.resources.items():
        scan = ctx.scans[name]
        if not scan.exists:
            yield Issue.of("missing-file", name, value=res.relpath, file=res.relpath)
            continue
        declared_bytes = res.descriptor.get("bytes")
        if declared_bytes is not None and declared_bytes != scan.size:
            yield Issue.of(
                "resource-bytes-mismatch", name, value=str(scan.size), declared=declared_bytes
            )
        declared_hash = res.descriptor.get("hash")
        if declared_hash is not None:
            algorithm, _, hexdigest = str(declared_hash).rpartition(":")
            if algorithm not in ("", "sha256") or (algorithm == "" and len(hexdigest) != 64):
                yield Issue.of("hash-algorithm-unsupported", name, value=str(declared_hash))
            elif hexdigest.lower() != scan.sha256:
                yield Issue.of(
                    "resource-hash-mismatch", name, value=scan.sha256, declared=hexdigest
                )
