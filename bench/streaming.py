"""The streaming mode against a streaming read of the same files, on the seeded-error packages.

    python bench/streaming.py [--sizes 20000000] [--default-too] [--repeat 1] [--batch-rows N]

For each size it generates, or reuses, bench/out/N-errors (as bench/run.py does), reads it once
into the page cache, then measures, each in a fresh process: the floor, `bench/raw_read.py DIR
--stream` (`pyarrow.csv.open_csv` over every table, batches dropped); `security-guarantees-2022 DIR
--streaming --no-second-opinion --format json`; and with --default-too the same without
--streaming. Wall time, CPU seconds (user + system), peak RSS and the recall of the seeded
errors (bench/run.py's) go to bench/streaming.json and the figures block of bench/streaming.md
(the rest is written by hand); bench/run.py shows them beside its own tables in results.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

import run as bench  # noqa: E402  (bench/run.py: the same measurement and packages)

MD = BENCH / "streaming.md"
SAVED = BENCH / "streaming.json"
BLOCK = ("<!-- streaming:figures -->", "<!-- /streaming:figures -->")


def table(results: dict[str, Any]) -> str:
    lines = [
        "| statements | rows, all tables | package bytes | mode | wall time | CPU time "
        "| × streaming read | peak RSS | seeded errors found |",
        "|---:|---:|---:|---|---:|---:|---:|---:|---:|",
    ]
    for size in sorted(results["sizes"], key=lambda s: s["statements"]):
        floor = size["floor"]["wall_s"]
        for mode in ("floor", "streaming", "default"):
            m = size.get(mode)
            if m is None:
                continue
            label = {"floor": "streaming read (floor)", "streaming": "`--streaming`"}.get(
                mode, "default (whole tables)"
            )
            recall = m.get("recall", {})
            found = f"{recall['found']}/{recall['seeded']}" if "found" in recall else "—"
            wall = "timed out" if m["timed_out"] else f"{m['wall_s']:.1f} s"
            if mode == "floor" and m.get("exit", 0) != 0:
                wall += f" (exit {m['exit']}: stopped part-way)"
            rss = "—" if m["rss_mb"] is None else f"{m['rss_mb'] / 1024:.2f} GiB"
            cpu = "—" if m.get("cpu_s") is None else f"{m['cpu_s']:.1f} s"
            lines.append(
                f"| {size['statements']:,} | {size['rows']:,} | {size['bytes'] / 1e9:.1f} GB "
                f"| {label} | {wall} | {cpu} | {m['wall_s'] / floor:.1f}× | {rss} | {found} |"
            )
    lines.append("")
    lines.append(
        f"Measured by `bench/streaming.py` on {results['machine']} ({results['date']}), "
        f"batches of {results['batch_rows']:,} rows; fresh processes, files in the page cache; "
        f"{_runs(results)} on a machine shared with other jobs (the commands of a size in "
        "turns: a round runs each once)."
    )
    return "\n".join(lines)


def _runs(results: dict[str, Any]) -> str:
    times = results.get("repeat", 1)
    return "one run per figure" if times == 1 else f"medians of {times} runs"


def write_block(results: dict[str, Any]) -> None:
    bench.replace_block(MD, BLOCK, table(results))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[20_000_000])
    parser.add_argument("--default-too", action="store_true", help="also the default engine")
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--batch-rows", type=int, default=1_000_000)
    parser.add_argument("--timeout", type=float, default=7200)
    parser.add_argument("--md-only", action="store_true", help="rewrite streaming.md only")
    parser.add_argument(
        "--no-warm",
        action="store_true",
        help="do not read the files before each command (they are in the page cache)",
    )
    args = parser.parse_args()
    if args.md_only:
        write_block(json.loads(SAVED.read_text(encoding="utf-8")))
        return
    import polars
    import pyarrow

    earlier = json.loads(SAVED.read_text(encoding="utf-8")) if SAVED.exists() else {}
    results: dict[str, Any] = {
        "machine": f"{os.cpu_count()} cores, {platform.machine()}, {platform.system()}",
        "date": time.strftime("%Y-%m-%d", time.gmtime()),
        "python": platform.python_version(),
        "polars": polars.__version__,
        "pyarrow": pyarrow.__version__,
        "batch_rows": args.batch_rows,
        "repeat": args.repeat,
        "sizes": [s for s in earlier.get("sizes", []) if s["statements"] not in args.sizes],
    }
    for n in args.sizes:
        folder, info = bench.ensure_package(n, True, False)
        logs = bench.OUT / "logs" / f"streaming-{n}"
        validate = [bench.PY, "-m", "security_guarantees_2022", str(folder), "--format", "json"]
        validate.append("--no-second-opinion")
        commands = {
            "floor": [bench.PY, str(BENCH / "raw_read.py"), str(folder), "--stream"],
            "streaming": [*validate, "--streaming", "--batch-rows", str(args.batch_rows)],
        }
        if args.default_too:
            commands["default"] = validate
        size: dict[str, Any] = {"statements": n, "rows": info["rows_total"]}
        size["bytes"] = info["bytes_total"]
        steps = list(commands.items())
        warm = None if args.no_warm else folder  # read again before each command
        size.update(bench.in_turns(steps, logs, args.repeat, args.timeout, str(n), warm))
        for mode in commands:
            if mode != "floor":  # the last round's report
                size[mode]["recall"] = bench.recall(logs / f"{mode}.out", folder / "seeded.json")
        results["sizes"] = [s for s in results["sizes"] if s["statements"] != n] + [size]
        SAVED.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    write_block(results)
    print(table(results))


if __name__ == "__main__":
    main()
