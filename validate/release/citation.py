"""CITATION.cff, generated from datapackage.json so the version and title are written only once.

`version-check` fails when the committed file differs from this rendering; `python -m validate
stamp` (or `citation --write`) rewrites it after a version bump.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..core.descriptor import BUNDLED, INSTALLED, load_package
from ..core.report import PackageError
from ..core.safe_files import write_text_atomic


def _quote(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a valid YAML scalar


def render_citation(descriptor: dict[str, Any]) -> str:
    """CITATION.cff's text; a descriptor without title, version or licence is refused."""
    try:
        return _render(descriptor)
    except (KeyError, IndexError, TypeError, AttributeError) as exc:
        raise PackageError(
            "invalid-descriptor",
            "CITATION.cff needs a title, a version, licenses[0].name and contributors as "
            f"objects ({type(exc).__name__}: {exc})",
        ) from None


def _render(descriptor: dict[str, Any]) -> str:
    authors = [c.get("title", "") for c in descriptor.get("contributors", [])]
    lines = [
        "# Generated from datapackage.json by `python -m validate citation`; do not edit by hand.",
        "cff-version: 1.2.0",
        'message: "If you use this dataset, please cite it as below."',
        "type: dataset",
        f"title: {_quote(descriptor['title'])}",
        f"version: {_quote(descriptor['version'])}",
        "authors:",
        *[f"  - name: {_quote(name)}" for name in authors],
        f"license: {_quote(descriptor['licenses'][0]['name'])}",
        "keywords:",
        *[f"  - {_quote(k)}" for k in descriptor.get("keywords", [])],
        f"abstract: {_quote(descriptor['description'])}",
    ]
    return "\n".join(lines) + "\n"


def citation_path(descriptor_path: Path = BUNDLED) -> Path:
    return descriptor_path.parent / "CITATION.cff"


def citation_stale(descriptor_path: Path = BUNDLED) -> bool:
    """Whether CITATION.cff (where there is one) differs from what the descriptor gives."""
    target = citation_path(descriptor_path)
    if not target.is_file():
        return False
    rendered = render_citation(load_package(descriptor_path).descriptor)
    return target.read_text(encoding="utf-8") != rendered


def sync_citation(path: str | Path | None = None) -> Path | None:
    """Rewrite the bundled package's CITATION.cff if stale (after stamp); None if nothing to do.

    Only the bundled package of a clone has a CITATION.cff of its own; a fork elsewhere is left
    alone, and so is an installed copy.
    """
    descriptor = load_package(path).descriptor_path
    if INSTALLED or descriptor != BUNDLED or not citation_stale(BUNDLED):
        return None
    return write_citation(BUNDLED)


def write_citation(descriptor_path: Path = BUNDLED) -> Path:
    if INSTALLED and descriptor_path == BUNDLED:
        raise PackageError(
            "unsafe-output",
            "an installed package is not rewritten; `security-guarantees-2022 citation > "
            "CITATION.cff` writes its citation where you are",
        )
    descriptor = load_package(descriptor_path).descriptor
    target = citation_path(descriptor_path)
    write_text_atomic(target, render_citation(descriptor))
    return target
