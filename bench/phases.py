#!/usr/bin/env python3
"""Wall time and peak RSS of each stage of `python -m validate`, without a profiler's overhead.

    python bench/phases.py DIR [--second-opinion]

Runs validate.run.run_checks and stamps each progress message it gives (one per table read and
screened, one per family of checks), so the stages are the validator's own, not a copy of them.
Peak RSS is the process's high-water mark at the end of each stage (it only grows).
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

from validate.run import run_checks  # noqa: E402


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main(argv: list[str]) -> int:
    path = next((a for a in argv if not a.startswith("--")), None)
    print(f"{'stage':<52} {'wall s':>8} {'peak RSS MB':>12}")
    last = {"label": "imports", "at": started}

    def stamp(message: str) -> None:
        now = time.perf_counter()
        print(f"{last['label']:<52} {now - last['at']:8.2f} {peak_mb():12.0f}", flush=True)
        last.update(label=message, at=now)

    report, _ = run_checks(path, second="--second-opinion" in argv, progress=stamp)
    stamp("")
    scope = report.second_opinion.get("scope", "not asked for")
    total = time.perf_counter() - started
    print(f"{'total':<52} {total:8.2f} {peak_mb():12.0f}")
    print(f"issues: {len(report.issues)}; second opinion: {scope}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
