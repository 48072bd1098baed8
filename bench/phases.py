#!/usr/bin/env python3
"""Wall time and peak RSS of each stage of `python -m validate`, without a profiler's overhead.

    python bench/phases.py DIR [--second-opinion]

Runs the same stages as validate.run.run_checks, in the same order, timing each: the file scans
(size, sha256, UTF-8), the CSV reads, the pandera schema checks, the casts, every table check, and
optionally frictionless's second opinion. Peak RSS is the process's high-water mark after each
stage (it only grows). Keep in step with validate/run.py if that changes.
"""

from __future__ import annotations

import resource
import sys
import time
from pathlib import Path

started = time.perf_counter()
REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from validate import second_opinion  # noqa: E402
from validate.checks import FILE_CHECKS, TABLE_CHECKS  # noqa: E402
from validate.context import Context, scan_file  # noqa: E402
from validate.descriptor import load_package  # noqa: E402
from validate.schema_checks import schema_issues  # noqa: E402
from validate.tables import cast_frame, read_text_frame  # noqa: E402

TIMES: dict[str, float] = {}


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def stage(name: str, since: float) -> float:
    now = time.perf_counter()
    TIMES[name] = TIMES.get(name, 0.0) + now - since
    return now


def main(argv: list[str]) -> int:
    path = next((a for a in argv if not a.startswith("--")), None)
    t = stage("imports", started)
    print(f"{'stage':<34} {'wall s':>8} {'peak RSS MB':>12}")
    print(f"{'imports':<34} {TIMES['imports']:8.2f} {peak_mb():12.0f}")
    package = load_package(path)
    ctx = Context(package)
    issues = []
    for name, res in package.resources.items():
        ctx.scans[name] = scan_file(res.path)
    t = stage("scan files (size, sha256, UTF-8)", t)
    for check in FILE_CHECKS:
        issues.extend(check(ctx))
    t = stage("file checks", t)
    for name, res in package.tables.items():
        text = read_text_frame(res)
        t = stage("read CSV as text (pyarrow→polars)", t)
        issues.extend(schema_issues(res, text))
        t = stage("schema checks (pandera)", t)
        ctx.text[name] = text
        ctx.typed[name] = cast_frame(res, text)
        t = stage("cast to schema types", t)
    for label in (
        "scan files (size, sha256, UTF-8)",
        "file checks",
        "read CSV as text (pyarrow→polars)",
        "schema checks (pandera)",
        "cast to schema types",
    ):
        print(f"{label:<34} {TIMES[label]:8.2f}")
    print(f"{'(peak after reading and casting)':<34} {'':8} {peak_mb():12.0f}")
    for check in TABLE_CHECKS:
        label = f"{check.__module__.rsplit('.', 1)[-1]}.{check.__name__}"
        issues.extend(check(ctx))
        t = stage(label, t)
        print(f"{label:<34} {TIMES[label]:8.2f} {peak_mb():12.0f}")
    if "--second-opinion" in argv:
        opinion = second_opinion.run(package)
        t = stage("second opinion (frictionless)", t)
        print(
            f"{'second opinion (frictionless)':<34} {TIMES['second opinion (frictionless)']:8.2f}"
            f" {peak_mb():12.0f}  [{opinion['scope']}]"
        )
    total = time.perf_counter() - started
    print(f"{'total':<34} {total:8.2f} {peak_mb():12.0f}   issues: {len(issues)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
