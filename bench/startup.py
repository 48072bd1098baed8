"""Start-up of the command line: --help and a check of the bundled package, against the floor.

    python bench/startup.py [--runs N]

Each command runs N times (default 9) as a fresh process, the commands taking turns (one round
runs each once), so a burst of load on this shared machine falls on all of them alike; the
medians are compared with the floor measured in the same rounds, a bare interpreter that imports
polars (the validator cannot start faster than that). Writes bench/startup.json and bench/startup.md, which the docs'
Performance page shows. Not a timed test: this machine is shared, so only ratios taken in one
run mean anything.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
VALIDATE = [sys.executable, "-m", "security_guarantees_2022"]
COMMANDS = {
    "interpreter": [sys.executable, "-c", "pass"],
    "floor: interpreter + import polars": [sys.executable, "-c", "import polars"],
    # where the check's time goes beyond the floor: numpy (the span check), then our modules
    "import polars, numpy": [sys.executable, "-c", "import polars, numpy"],
    "import the validator (no check run)": [
        sys.executable,
        "-c",
        "import security_guarantees_2022.cli, security_guarantees_2022.engines.run, security_guarantees_2022.checks",
    ],
    "--help": [*VALIDATE, "--help"],
    "check (default: no second opinion)": [*VALIDATE, "-q"],
    "check --second-opinion": [*VALIDATE, "-q", "--second-opinion"],
}
FLOOR = "floor: interpreter + import polars"


def seconds(command: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, cwd=REPO, capture_output=True, check=True)
    return time.perf_counter() - started


def medians(runs: int) -> dict[str, float]:
    """Each command's median over `runs` rounds; every round runs every command once."""
    times: dict[str, list[float]] = {name: [] for name in COMMANDS}
    for _ in range(runs):
        for name, command in COMMANDS.items():
            times[name].append(seconds(command))
    return {name: statistics.median(values) for name, values in times.items()}


def table(results: dict[str, float]) -> str:
    floor = results[FLOOR]
    lines = [
        "# Start-up",
        "",
        "| command | median wall s | × floor |",
        "|---|---:|---:|",
    ]
    for name, seconds in results.items():
        lines.append(f"| `{name}` | {seconds:.2f} | {seconds / floor:.2f} |")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    for command in COMMANDS.values():  # warm the file cache and the bytecode once
        subprocess.run(command, cwd=REPO, capture_output=True, check=True)
    results = medians(args.runs)
    (BENCH / "startup.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    (BENCH / "startup.md").write_text(table(results), encoding="utf-8")
    print(table(results))


if __name__ == "__main__":
    main()
