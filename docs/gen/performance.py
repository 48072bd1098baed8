"""The benchmark's results and stage timings, shown as bench/ last wrote them (no second copy)."""

from __future__ import annotations

import re
from pathlib import Path

from .common import ROOT, DocsError

RESULTS = ROOT / "bench" / "results.md"
PHASES = ROOT / "bench" / "phases-5000000.txt"
STARTUP = ROOT / "bench" / "startup.md"
SPARK = ROOT / "bench" / "spark.md"
STREAMING = ROOT / "bench" / "streaming.md"


def results_markdown() -> str:
    """bench/results.md without its title, its headings pushed one level down."""
    if not RESULTS.is_file():
        raise DocsError("bench/results.md is missing: run bench/run.py (see bench/README.md)")
    text = RESULTS.read_text(encoding="utf-8")
    body = re.sub(r"\A# .*\n", "", text).strip()
    return re.sub(r"^(#{2,5}) ", r"#\1 ", body, flags=re.M)


def phases_markdown() -> str:
    """The stage-by-stage run recorded in bench/phases-5000000.txt, as a code block."""
    if not PHASES.is_file():
        raise DocsError("bench/phases-5000000.txt is missing (see bench/README.md)")
    return "```text\n" + PHASES.read_text(encoding="utf-8").strip() + "\n```"


def startup_markdown() -> str:
    """bench/startup.md (written by bench/startup.py) without its title."""
    if not STARTUP.is_file():
        raise DocsError("bench/startup.md is missing: run bench/startup.py (see bench/README.md)")
    return re.sub(r"\A# .*\n", "", STARTUP.read_text(encoding="utf-8")).strip()


def spark_markdown() -> str:
    """bench/spark.md (its figures written by bench/spark.py), as bench_page gives it."""
    return bench_page(SPARK, "spark")


def streaming_markdown() -> str:
    """bench/streaming.md (its figures written by bench/streaming.py), as bench_page gives it."""
    return bench_page(STREAMING, "streaming")


def bench_page(path: Path, block: str) -> str:
    """A bench/ page without its title, headings pushed one level down, the markers of its
    figures block (`<!-- BLOCK:figures -->`) left out."""
    if not path.is_file():
        raise DocsError(f"bench/{path.name} is missing (see bench/README.md)")
    text = re.sub(r"\A# .*\n", "", path.read_text(encoding="utf-8"))
    text = re.sub(rf"^<!-- /?{block}:figures -->\n", "", text, flags=re.M).strip()
    return re.sub(r"^(#{2,5}) ", r"#\1 ", text, flags=re.M)
