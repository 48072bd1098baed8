#!/usr/bin/env python3
"""Wall time and peak RSS of each stage of `security-guarantees-2022`, without a profiler's overhead.

    python bench/phases.py DIR [--second-opinion]

Runs security_guarantees_2022.engines.run.run_checks and stamps each progress message it gives (one per table read and
screened, one per family of checks), so the stages are the validator's own, not a copy of them.
CPU is the seconds all threads used during the stage (on 2 cores, at most twice the wall
time). Peak RSS is the process's high-water mark at the end of each stage (it only grows).
"""

from __future__ import annotations

import resource
import sys
import time
from pathlib import Path
from typing import Any

started = time.perf_counter()
REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from security_guarantees_2022.engines.run import run_checks  # noqa: E402


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def cpu_s() -> float:
    """CPU seconds of every thread of this process so far (user + system)."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def main(argv: list[str]) -> int:
    path = next((a for a in argv if not a.startswith("--")), None)
    print(f"{'stage':<52} {'wall s':>8} {'CPU s':>8} {'peak RSS MB':>12}")
    last: dict[str, Any] = {"label": "imports", "at": started, "cpu": 0.0}

    def stamp(message: str) -> None:
        now, cpu = time.perf_counter(), cpu_s()
        wall, used = now - last["at"], cpu - last["cpu"]
        print(f"{last['label']:<52} {wall:8.2f} {used:8.2f} {peak_mb():12.0f}", flush=True)
        last.update(label=message, at=now, cpu=cpu)

    report, _ = run_checks(path, second="--second-opinion" in argv, progress=stamp)
    stamp("")
    scope = report.second_opinion.get("scope", "not asked for")
    total = time.perf_counter() - started
    print(f"{'total':<52} {total:8.2f} {cpu_s():8.2f} {peak_mb():12.0f}")
    print(f"issues: {len(report.issues)}; second opinion: {scope}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
