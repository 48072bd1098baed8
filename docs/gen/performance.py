"""The benchmark's results, shown on the site as bench/run.py last wrote them (one copy, no edits)."""

from __future__ import annotations

import re

from .common import ROOT, DocsError

RESULTS = ROOT / "bench" / "results.md"


def results_markdown() -> str:
    """bench/results.md without its title, its headings pushed one level down."""
    if not RESULTS.is_file():
        raise DocsError("bench/results.md is missing: run bench/run.py (see bench/README.md)")
    text = RESULTS.read_text(encoding="utf-8")
    body = re.sub(r"\A# .*\n", "", text).strip()
    return re.sub(r"^(#{2,5}) ", r"#\1 ", body, flags=re.M)
