"""Reads the package's JSON files (the descriptor, a schema, a dialect): each one object.

One place reads them so that each is read the same safe way (a regular file within the size
limit, strict JSON) and, where a command must later know it was not changed, hashed as read.
"""

from __future__ import annotations

import hashlib
import posixpath
from pathlib import Path
from typing import Any

from .report import PackageError
from .safe_files import parse_json, read_json_bytes


def read_json_object(
    path: Path, what: str, hashes: dict[str, str] | None = None, relpath: str = ""
) -> dict[str, Any]:
    """The JSON object in `path`; its sha256 goes in `hashes` under `relpath` when given."""
    raw = read_json_bytes(path, what)
    if hashes is not None:
        hashes[posixpath.normpath(relpath)] = hashlib.sha256(raw).hexdigest()
    data = parse_json(raw, what)
    if not isinstance(data, dict):
        raise PackageError.of("invalid-descriptor", "file-not-an-object", what=what)
    return data
