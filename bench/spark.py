"""The Spark engine against the local engine on this machine, on the seeded-error packages.

    python bench/spark.py [--sizes 100000 1000000] [--repeat 3] [--master local[2]]

For each size it generates, or reuses, bench/out/N-errors (as bench/run.py does), reads it once
into the page cache, then times `security-guarantees-2022 DIR --format json --no-second-opinion` with
the local engine and with `--engine spark --spark-master MASTER`, each in a fresh process (so
Spark's figure includes starting its JVM), the median of --repeat runs. It also checks that the
two reports list the same issues. Writes bench/spark.json and the figures block of bench/spark.md
(the rest of that page, the scaling argument, is written by hand).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections import Counter
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

import run as bench  # noqa: E402  (bench/run.py: the same measurement and packages)

MD = BENCH / "spark.md"
BLOCK = ("<!-- spark:figures -->", "<!-- /spark:figures -->")


def issues(log: Path) -> Counter[str]:
    report = json.loads(log.read_text(encoding="utf-8"))
    return Counter(json.dumps(i, sort_keys=True) for i in report["issues"])


def table(results: dict[str, Any]) -> str:
    lines = [
        "| statements | rows, all tables | runs | local engine | Spark `{}` | Spark ÷ local "
        "| issues | reports agree |".format(results["master"]),
        "|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for size in sorted(results["sizes"], key=lambda s: s["statements"]):
        local, spark = size["local"]["wall_s"], size["spark"]["wall_s"]
        lines.append(
            f"| {size['statements']:,} | {size['rows']:,} | {size['repeat']} | {local:.1f} s "
            f"| {spark:.1f} s | {spark / local:.0f}× | {size['issues']:,} "
            f"| {'yes' if size['agree'] else '**no**'} |"
        )
    lines.append("")
    lines.append(
        "Wall time of a fresh `security-guarantees-2022 DIR --format json --no-second-opinion` process "
        "on the seeded-error copy (the median of *runs*; Spark's includes starting its JVM), "
        f"measured by `bench/spark.py` on {results['machine']}, shared with other jobs. "
        "*reports agree*: both engines list the same issues."
    )
    return "\n".join(lines)


def write_block(results: dict[str, Any]) -> None:
    bench.replace_block(MD, BLOCK, table(results))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--master", default="local[2]")
    parser.add_argument("--timeout", type=float, default=7200)
    parser.add_argument("--md-only", action="store_true", help="rewrite spark.md from spark.json")
    args = parser.parse_args()
    if args.md_only:
        write_block(json.loads((BENCH / "spark.json").read_text(encoding="utf-8")))
        return

    saved = BENCH / "spark.json"
    results: dict[str, Any] = {"master": args.master, "machine": f"{os.cpu_count()} cores"}
    earlier = json.loads(saved.read_text(encoding="utf-8")) if saved.exists() else {}
    results["sizes"] = [  # sizes measured before, with the same master, are kept
        s
        for s in earlier.get("sizes", [])
        if earlier.get("master") == args.master and s["statements"] not in args.sizes
    ]
    for n in args.sizes:
        folder, info = bench.ensure_package(n, True, False)
        logs = bench.OUT / "logs" / f"spark-{n}"
        command = [
            bench.PY,
            "-m",
            "security_guarantees_2022",
            str(folder),
            "--format",
            "json",
            "-q",
        ]
        command.append("--no-second-opinion")
        engines = {
            "local": command,
            "spark": [*command, "--engine", "spark", "--spark-master", args.master],
        }
        size: dict[str, Any] = {"statements": n, "rows": info["rows_total"], "repeat": args.repeat}
        for engine, cmd in engines.items():
            bench.warm(folder)
            bench.say(f"[{n}] {engine} engine, {args.repeat} run(s) …")
            size[engine] = bench.repeat(cmd, logs / f"{engine}.out", args.repeat, args.timeout)
            bench.say(f"  median {size[engine]['wall_s']} s")
        local, spark = issues(logs / "local.out"), issues(logs / "spark.out")
        size["issues"] = sum(local.values())
        size["agree"] = local == spark
        results["sizes"].append(size)
        saved.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    write_block(results)
    print(table(results))


if __name__ == "__main__":
    main()
