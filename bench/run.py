#!/usr/bin/env python3
"""Scale benchmark: the validator against the raw pyarrow read and against frictionless.

    .venv/bin/python bench/run.py --sizes 10000 100000 1000000 5000000

For each size N (statements) it generates, or reuses, bench/out/N (valid) and bench/out/N-errors
(seeded errors), then measures, each in a fresh subprocess, wall time, peak RSS and CPU seconds
(user + system) of:

  raw      bench/raw_read.py DIR: pyarrow.csv.read_csv of every table (the floor)
  typed    bench/raw_read.py DIR --typed: the validator's typed read, no rule
  own      security-guarantees-2022 DIR --format json --no-second-opinion
  validate security-guarantees-2022 DIR --format json --second-opinion   (sampled 2nd opinion)
  fl       frictionless validate DIR/datapackage.json    (only up to --frictionless-max)
  errors   security-guarantees-2022 DIR-errors --format json --second-opinion   (recall, once)

in --repeat rounds of one run each (medians), and, for the real bundled package, the same in
--real-repeat rounds. It writes --out (JSON, every figure), --md (the Markdown tables, with the
bounded-memory runs of bench/streaming.json beside them) and, when --out and --md are the
committed bench/results.json and results.md, the summary table in docs/validator.md (between
its bench:table markers). Not a test: run it by hand on a quiet machine.
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
import os
import platform
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
OUT = BENCH / "out"
PY = sys.executable
TIME = "/usr/bin/time" if Path("/usr/bin/time").exists() else None
GENERATOR_VERSION = 3
TARGET_TIME, TARGET_RSS = 2.5, 1.3  # issue 17, at 5M statements, against the raw read
STREAM_TARGET_TIME, STREAM_TARGET_GB = 3.0, 6.0  # issue 17, at 20M, against a streaming read
RESULTS_JSON, RESULTS_MD = BENCH / "results.json", BENCH / "results.md"
STREAMING = BENCH / "streaming.json"  # bench/streaming.py's runs, shown beside this run's


def say(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def frictionless_cmd() -> list[str]:
    exe = Path(PY).parent / "frictionless"
    return [str(exe)] if exe.exists() else [shutil.which("frictionless") or "frictionless"]


# ---- measuring -----------------------------------------------------------------------------


def _rusage_wrapper(cmd: list[str]) -> list[str]:
    """Without GNU time: a Python parent that writes its child's ru_maxrss (KiB) and CPU
    seconds (user, system) to a file, as GNU time's report would give them."""
    code = (
        "import resource, subprocess, sys\n"
        "rc = subprocess.call(sys.argv[2:])\n"
        "u = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
        "open(sys.argv[1], 'w').write(f'{u.ru_maxrss} {u.ru_utime} {u.ru_stime}')\n"
        "sys.exit(rc)\n"
    )
    return [PY, "-c", code]


def _usage(text: str) -> tuple[int | None, float | None]:
    """(peak RSS in KiB, CPU seconds user + system) from GNU time -v's report or the wrapper's."""
    if not TIME:
        parts = text.split()
        if len(parts) != 3:
            return None, None
        return int(parts[0]), float(parts[1]) + float(parts[2])
    found: dict[str, str] = {}
    for line in text.splitlines():
        label, _, value = line.strip().rpartition(":")
        found[label] = value.strip()
    rss = found.get("Maximum resident set size (kbytes)")
    user, system = found.get("User time (seconds)"), found.get("System time (seconds)")
    cpu = float(user) + float(system) if user and system else None
    return (int(rss) if rss else None), cpu


def measure(cmd: list[str], log: Path, timeout: float) -> dict[str, Any]:
    """Wall time (perf_counter around the process), peak RSS and CPU seconds (user + system,
    all threads) of one fresh subprocess."""
    log.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile("r", suffix=".rss", delete=False) as tf:
        usage_file = tf.name
    full = (
        [TIME, "-v", "-o", usage_file, *cmd] if TIME else [*_rusage_wrapper(cmd), usage_file, *cmd]
    )
    with log.open("wb") as out, log.with_suffix(".err").open("wb") as err:
        started = time.perf_counter()
        proc = subprocess.Popen(full, stdout=out, stderr=err, cwd=REPO, start_new_session=True)
        try:
            code = proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)  # the group this call started, nothing else
            proc.wait()
            code = None
        wall = time.perf_counter() - started
    rss_kb, cpu = _usage(Path(usage_file).read_text(errors="replace"))
    os.unlink(usage_file)
    return {
        "wall_s": round(wall, 3),
        "rss_mb": None if rss_kb is None else round(rss_kb / 1024, 1),
        "cpu_s": None if cpu is None else round(cpu, 2),
        "exit": code,
        "timed_out": code is None,
        "log": os.path.relpath(log, REPO),
    }


def _median(runs: list[dict[str, Any]], key: str, digits: int) -> float | None:
    values = [r[key] for r in runs if r.get(key) is not None]
    return round(statistics.median(values), digits) if values else None


def summary(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """One figure from several runs of a command: the last run's record, with the medians of
    wall time, peak RSS and CPU seconds over the runs that finished."""
    ok = [r for r in runs if not r["timed_out"]]
    if not ok:
        return runs[0]
    best = dict(ok[-1])
    best["wall_s"] = _median(ok, "wall_s", 3)
    best["rss_mb"] = _median(ok, "rss_mb", 1)
    best["cpu_s"] = _median(ok, "cpu_s", 2)
    if len(runs) > 1:
        best["runs_wall_s"] = [r["wall_s"] for r in runs]
        best["runs_cpu_s"] = [r.get("cpu_s") for r in runs]
    return best


def repeat(cmd: list[str], log: Path, times: int, timeout: float) -> dict[str, Any]:
    """`times` runs of one command back to back, summarised."""
    return summary([measure(cmd, log, timeout) for _ in range(times)])


def in_turns(
    steps: list[tuple[str, list[str]]],
    logs: Path,
    times: int,
    timeout: float,
    label: str,
    folder: Path | None = None,
) -> dict[str, dict[str, Any]]:
    """`times` rounds in which every command runs once, summarised per command: a burst of
    load from other jobs on a shared machine then falls on all the commands alike, not on
    whichever one happened to be repeating at the time. `folder`, if given, is read again
    before each command (not timed), so that every one finds the package in the page cache."""
    runs: dict[str, list[dict[str, Any]]] = {key: [] for key, _ in steps}
    for round_ in range(times):
        for key, cmd in steps:
            if folder is not None:
                warm(folder)
            m = measure(cmd, logs / f"{key}.out", timeout)
            runs[key].append(m)
            say(
                f"[{label}] round {round_ + 1}/{times} {key}: {m['wall_s']:.2f} s, "
                f"{m['cpu_s']} CPU s, {m['rss_mb']} MB, exit {m['exit']}"
            )
    return {key: summary(r) for key, r in runs.items()}


def replace_block(md: Path, block: tuple[str, str], body: str) -> None:
    """Rewrite the part of a hand-written page between its figures block's two markers."""
    text = md.read_text(encoding="utf-8")
    start, end = block
    new = f"{start}\n{body}\n{end}"
    md.write_text(
        re.sub(re.escape(start) + ".*?" + re.escape(end), lambda _: new, text, flags=re.S)
    )


def warm(folder: Path) -> None:
    """Read every file once so that each tool reads from the page cache, not the disk.

    The many small source texts first, the tables last: this machine's kernel pages out
    file pages left unread for about a minute, and the source texts can take longer than that.
    """
    files = [path for path in folder.rglob("*") if path.is_file()]
    for path in sorted(files, key=lambda p: p.suffix == ".csv"):
        with path.open("rb") as handle:
            while handle.read(1 << 24):
                pass


# ---- packages ------------------------------------------------------------------------------


def ensure_package(n: int, errors: bool, regenerate: bool) -> tuple[Path, dict[str, Any]]:
    folder = OUT / f"{n}{'-errors' if errors else ''}"
    info_path = folder / "generator.json"
    if not regenerate and info_path.exists():
        info = json.loads(info_path.read_text())
        if (
            info.get("generator_version") == GENERATOR_VERSION
            and info.get("statements") == n
            and info.get("errors") == errors
            and (folder / "datapackage.json").exists()
        ):
            say(f"reusing {folder.relative_to(REPO)} ({info['rows_total']} rows)")
            return folder, info
    say(f"generating {folder.relative_to(REPO)}")
    cmd = [PY, str(BENCH / "generate.py"), "--statements", str(n), "--out", str(folder), "--force"]
    if errors:
        cmd.append("--errors")
    subprocess.run(cmd, check=True, cwd=REPO, stdout=subprocess.DEVNULL)
    info = json.loads(info_path.read_text())
    say(f"  {info['rows_total']} rows, {info['bytes_total'] / 1e6:.0f} MB in {info['seconds']} s")
    return folder, info


def recall(report_path: Path, seeded_path: Path) -> dict[str, Any]:
    try:
        report = json.loads(report_path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        return {"error": f"no JSON report: {exc}"}
    seeded = json.loads(seeded_path.read_text(encoding="utf-8"))["seeded"]
    wanted = {(s["code"], s["table"], s["row"]) for s in seeded}
    reported = {(i["code"], i["table"], i["row"]) for i in report["issues"]}
    found = wanted & reported
    per_code: dict[str, list[int]] = {}
    for code, _, _ in wanted:
        per_code.setdefault(code, [0, 0])[1] += 1
    for code, _, _ in found:
        per_code[code][0] += 1
    extra = Counter(f"{c} in {t}" for c, t, _ in reported - wanted)
    return {
        "seeded": len(wanted),
        "found": len(found),
        "recall": round(len(found) / len(wanted), 4) if wanted else None,
        "per_code": {k: f"{v[0]}/{v[1]}" for k, v in sorted(per_code.items())},
        "extra_issues": dict(sorted(extra.items())),
        "issue_count": report.get("issue_count"),
        "second_opinion_scope": report.get("second_opinion", {}).get("scope"),
    }


def validate_cmd(target: Path, second_opinion: str) -> list[str]:
    """The validator as users run it, its second opinion on or off by flag: the CLI's default
    follows the CI variable, which must not decide what a figure means."""
    return [PY, "-m", "security_guarantees_2022", str(target), "--format", "json", second_opinion]


# ---- the run -------------------------------------------------------------------------------


def run_size(n: int, args: argparse.Namespace) -> dict[str, Any]:
    folder, info = ensure_package(n, False, args.regenerate)
    errors_folder, _ = ensure_package(n, True, args.regenerate)
    rows = info["rows_total"]
    logs = OUT / "logs" / str(n)
    result: dict[str, Any] = {
        "statements": n,
        "rows_total": rows,
        "rows": info["rows"],
        "bytes_total": info["bytes_total"],
        "source_files": info["source_files"],
        "generate_s": info["seconds"],
    }
    steps = [
        ("raw", [PY, str(BENCH / "raw_read.py"), str(folder)]),
        ("typed", [PY, str(BENCH / "raw_read.py"), str(folder), "--typed"]),
        ("own", validate_cmd(folder, "--no-second-opinion")),
        ("validate", validate_cmd(folder, "--second-opinion")),
    ]
    if n <= args.frictionless_max:
        steps.append(
            ("frictionless", [*frictionless_cmd(), "validate", str(folder / "datapackage.json")])
        )
    for key, m in in_turns(steps, logs, args.repeat, args.timeout, str(n), folder).items():
        m["rows_per_s"] = round(rows / m["wall_s"]) if m["wall_s"] else None
        result[key] = m
    if n > args.frictionless_max:
        result["frictionless"] = {"skipped": f"N > --frictionless-max {args.frictionless_max}"}
    for key in ("validate", "own"):
        try:
            rep = json.loads((logs / f"{key}.out").read_text(encoding="utf-8"))
            result[key]["valid"] = rep["valid"]
            result[key]["issue_count"] = rep["issue_count"]
            result[key]["second_opinion_scope"] = rep.get("second_opinion", {}).get("scope")
            if not rep["valid"]:
                say(
                    f"[{n}] WARNING: the valid package has {rep['issue_count']} issue(s): "
                    f"{sorted({i['code'] for i in rep['issues']})}"
                )
        except (OSError, json.JSONDecodeError, KeyError):
            result[key]["valid"] = None
    warm(errors_folder)
    say(f"[{n}] errors: validate the seeded copy …")
    m = measure(validate_cmd(errors_folder, "--second-opinion"), logs / "errors.out", args.timeout)
    m["recall"] = recall(logs / "errors.out", errors_folder / "seeded.json")
    result["errors"] = m
    r = m["recall"]
    say(
        f"[{n}] errors: {m['wall_s']:.2f} s, recall {r.get('found')}/{r.get('seeded')}, "
        f"extra {r.get('extra_issues')}"
    )
    result.update(ratios(result))
    return result


def ratio(a: float | None, b: float | None) -> float | None:
    return round(a / b, 2) if a and b else None


def ratios(result: dict[str, Any]) -> dict[str, float | None]:
    """validate's and own's wall time, peak RSS and CPU seconds over the raw read's, and their
    wall time over the typed read's (the part of the time that is checks, not reading)."""
    raw, typed = result["raw"], result.get("typed", {})
    out = {}
    for key, prefix in (("validate", ""), ("own", "own_")):
        m = result[key]
        out[f"{prefix}time_ratio"] = ratio(m["wall_s"], raw["wall_s"])
        out[f"{prefix}rss_ratio"] = ratio(m["rss_mb"], raw["rss_mb"])
        out[f"{prefix}cpu_ratio"] = ratio(m.get("cpu_s"), raw.get("cpu_s"))
        out[f"{prefix}typed_ratio"] = ratio(m["wall_s"], typed.get("wall_s"))
    return out


def run_real(args: argparse.Namespace) -> dict[str, Any]:
    logs = OUT / "logs" / "real"
    target = REPO / "datapackage.json"
    out: dict[str, Any] = {"repeat": args.real_repeat}
    steps = [
        ("raw", [PY, str(BENCH / "raw_read.py"), str(target)]),
        ("typed", [PY, str(BENCH / "raw_read.py"), str(target), "--typed"]),
        ("own", validate_cmd(target, "--no-second-opinion")),
        ("validate", validate_cmd(target, "--second-opinion")),
        ("frictionless", [*frictionless_cmd(), "validate", str(target)]),
    ]
    out.update(in_turns(steps, logs, args.real_repeat, args.timeout, "real"))
    out["rows_total"] = json.loads((logs / "raw.out").read_text())["rows"]
    return out


def slope(a: float | None, b: float | None, x1: float, x2: float) -> float | None:
    if not a or not b or x1 == x2:
        return None
    return round(math.log(b / a) / math.log(x2 / x1), 2)


def growth(sizes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    rows = []
    for lo, hi in itertools.pairwise(sizes):
        x1, x2 = lo["rows_total"], hi["rows_total"]
        entry: dict[str, Any] = {"from": lo["statements"], "to": hi["statements"]}
        for key in ("raw", "validate", "own", "frictionless"):
            a, b = lo.get(key, {}), hi.get(key, {})
            entry[f"{key}_time"] = slope(a.get("wall_s"), b.get("wall_s"), x1, x2)
            entry[f"{key}_rss"] = slope(a.get("rss_mb"), b.get("rss_mb"), x1, x2)
        rows.append(entry)
    return rows


# ---- the report ----------------------------------------------------------------------------


def fmt(value: Any, digits: int = 2) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:.{digits}f}"
    return str(value)


def times(value: float | None, digits: int = 2) -> str:
    """A ratio, as 1.23×; a dash where a figure is missing."""
    return "–" if value is None else f"{fmt(value, digits)}×"


FLOOR = (0,)  # a floor read that exits 1 stopped part-way (a traceback)


def wall(m: dict[str, Any], ok: tuple[int, ...] = (0, 1)) -> str:
    """A measured wall time; a killed or failed run says so instead of passing for a figure,
    and one not measured (results from before the figure was taken) is a dash. `ok` are the
    exit codes of a complete run (the validator exits 1 on issues; a floor only 0)."""
    if "wall_s" not in m:
        return "–"
    if m.get("timed_out"):
        return f"> {m['wall_s']:.0f} (timeout)"
    if m.get("exit") not in ok:
        return f"{fmt(m.get('wall_s'))} (exit {m.get('exit')})"
    return fmt(m.get("wall_s"))


def machine() -> dict[str, Any]:
    cpu = platform.processor()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = None
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                mem = round(int(line.split()[1]) / 1024**2, 1)
    except OSError:
        pass
    versions = {}
    for mod in ("polars", "pyarrow", "pandera", "frictionless"):
        try:
            versions[mod] = __import__(mod).__version__
        except Exception:  # a missing module is reported, not fatal
            versions[mod] = None
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gib": mem,
        "python": platform.python_version(),
        "platform": platform.platform(),
        **versions,
    }


README_BLOCK = ("<!-- bench:table -->\n", "<!-- /bench:table -->\n")
VALIDATOR_PAGE = REPO / "docs" / "validator.md"  # the docs page that holds the summary table


def count(value: int | None) -> str:
    return "–" if value is None else f"{value:,}"


def found(m: dict[str, Any]) -> str:
    """Seeded errors found, as found/seeded."""
    rec = m.get("recall", {})
    return f"{rec['found']}/{rec['seeded']}" if "found" in rec else "–"


def tried(m: dict[str, Any]) -> str:
    """A wall time, or why there is none (a size above --frictionless-max)."""
    return wall(m) if "wall_s" in m else "skipped"


def load_streaming(path: Path = STREAMING) -> dict[str, Any]:
    """bench/streaming.py's saved runs; none when it has not been run."""
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {"sizes": []}


def streamed(streaming: dict[str, Any]) -> list[dict[str, Any]]:
    """The saved streaming runs that have both the floor and `--streaming`, smallest first."""
    sizes = [s for s in streaming.get("sizes", []) if "floor" in s and "streaming" in s]
    return sorted(sizes, key=lambda s: s["statements"])


def stream_ratio(size: dict[str, Any]) -> float | None:
    """`--streaming`'s wall time over the streaming read's."""
    return ratio(size["streaming"]["wall_s"], size["floor"]["wall_s"])


def gb(m: dict[str, Any]) -> float | None:
    """Peak RSS in GB (10⁹ bytes, as the streaming target is set)."""
    return None if m.get("rss_mb") is None else m["rss_mb"] * 2**20 / 1e9


def readme_table(results: dict[str, Any], streaming: dict[str, Any] | None = None) -> str:
    """The validator page's summary table, made from the same results as results.md, with the
    bounded-memory runs larger than any measured here (from bench/streaming.json)."""
    streaming = load_streaming() if streaming is None else streaming
    lines = [
        "| statements | rows, all tables | raw read | validate | time vs raw | RSS vs raw "
        "| frictionless | seeded errors found |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for s in results["sizes"]:
        fl = s.get("frictionless", {})
        lines.append(
            f"| {s['statements']:,} | {s['rows_total']:,} | {wall(s['raw'], FLOOR)} s "
            f"| {wall(s['validate'])} s | {times(s.get('time_ratio'), 1)} "
            f"| {times(s.get('rss_ratio'))} | {tried(fl)}{' s' if 'wall_s' in fl else ''} "
            f"| {found(s['errors'])} |"
        )
    largest = max((s["statements"] for s in results["sizes"]), default=0)
    bigger = [s for s in streamed(streaming) if s["statements"] > largest]
    for s in bigger:
        floor, run = s["floor"], s["streaming"]
        lines.append(
            f"| {s['statements']:,}, `--streaming` | {s['rows']:,} | {wall(floor, FLOOR)} s streamed "
            f"| {wall(run)} s | {times(stream_ratio(s), 1)} "
            f"| {fmt(gb(run), 1)} GB peak | skipped | {found(run)} |"
        )
    if bigger:
        lines += [
            "",
            "The `--streaming` row is the bounded-memory mode on the copy with seeded errors,",
            "against a streaming read of the same files, its own checks only "
            "(`bench/streaming.md`, on the [Performance](performance.md) page).",
        ]
    real = results.get("real")
    if real:
        lines += [
            "",
            f"On the real package, `security-guarantees-2022` takes {fmt(real['own']['wall_s'])} s "
            f"({fmt(real['validate']['wall_s'])} s with `--second-opinion`, which runs "
            f"frictionless too) and `frictionless validate` "
            f"{fmt(real['frictionless']['wall_s'])} s.",
        ]
    return "\n".join(lines) + "\n"


def write_readme_table(results: dict[str, Any], readme: Path = VALIDATOR_PAGE) -> None:
    """Replace the block between the validator page's bench:table markers (if it has them)."""
    text = readme.read_text(encoding="utf-8")
    start, end = README_BLOCK
    if start in text and end in text:
        head, rest = text.split(start, 1)
        _, tail = rest.split(end, 1)
        readme.write_text(head + start + readme_table(results) + end + tail, encoding="utf-8")


def verdict(value: float | None, target: float) -> str:
    if value is None:
        return "not measured"
    return "met" if value <= target else "NOT met"


def in_memory_tables(sizes: list[dict[str, Any]]) -> list[str]:
    """The two tables of the sizes measured here: with the second opinion, and own checks."""
    lines = [
        "| statements | rows total | raw read s | typed read s | validate s | ratio "
        "| raw RSS MB | validate RSS MB | ratio | rows/s | frictionless s | recall |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for s in sizes:
        lines.append(
            f"| {s['statements']:,} | {s['rows_total']:,} | {wall(s['raw'], FLOOR)} "
            f"| {wall(s.get('typed', {}), FLOOR)} | {wall(s['validate'])} | {times(s.get('time_ratio'))} "
            f"| {fmt(s['raw']['rss_mb'], 0)} | {fmt(s['validate']['rss_mb'], 0)} "
            f"| {times(s.get('rss_ratio'))} | {count(s['validate'].get('rows_per_s'))} "
            f"| {tried(s.get('frictionless', {}))} | {found(s['errors'])} |"
        )
    lines += [
        "",
        "Without the second opinion (`--no-second-opinion`, the validator's own checks only), "
        "and the copy with seeded errors:",
        "",
        "| statements | own checks s | ratio to raw | CPU s | CPU ratio to raw "
        "| ratio to typed | own RSS MB | ratio | 2nd-opinion scope | frictionless rows/s "
        "| errors copy s | issues in errors copy | extra issues |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|---|",
    ]
    for s in sizes:
        fl = s.get("frictionless", {})
        rec = s["errors"]["recall"]
        extra = ", ".join(f"{k}: {v}" for k, v in rec.get("extra_issues", {}).items()) or "none"
        lines.append(
            f"| {s['statements']:,} | {wall(s['own'])} | {times(s.get('own_time_ratio'))} "
            f"| {fmt(s['own'].get('cpu_s'))} | {times(s.get('own_cpu_ratio'))} "
            f"| {times(s.get('own_typed_ratio'))} "
            f"| {fmt(s['own']['rss_mb'], 0)} | {times(s.get('own_rss_ratio'))} "
            f"| {s['validate'].get('second_opinion_scope')} "
            f"| {count(fl.get('rows_per_s')) if 'wall_s' in fl else 'skipped'} "
            f"| {wall(s['errors'])} | {rec.get('issue_count')} | {extra} |"
        )
    return lines


def growth_table(growth_rows: list[dict[str, Any]]) -> list[str]:
    lines = [
        "",
        "Growth exponents: the log-log slope of each figure against rows total between "
        "consecutive sizes (1.0 = linear). Fixed start-up costs (imports, about 0.5 s "
        "for the validator; a constant-size sample) weigh most at small sizes, so slopes "
        "below 1 between small sizes do not mean the cost grows sublinearly: read the slope "
        "between the largest sizes.",
        "",
        "| from → to | raw time | validate time | own time | frictionless time | raw RSS "
        "| validate RSS | own RSS |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for g in growth_rows:
        lines.append(
            f"| {g['from']:,} → {g['to']:,} | {fmt(g['raw_time'])} | {fmt(g['validate_time'])} "
            f"| {fmt(g['own_time'])} | {fmt(g['frictionless_time'])} | {fmt(g['raw_rss'])} "
            f"| {fmt(g['validate_rss'])} | {fmt(g['own_rss'])} |"
        )
    return lines


def real_table(real: dict[str, Any]) -> list[str]:
    lines = [
        "",
        f"The real bundled package ({real['rows_total']} rows), median of {real['repeat']} runs:",
        "",
        "| tool | wall s | CPU s | peak RSS MB |",
        "|---|---:|---:|---:|",
    ]
    for key, label in (
        ("raw", "raw pyarrow read"),
        ("typed", "typed read (bench/raw_read.py --typed)"),
        ("validate", "security-guarantees-2022 (with frictionless's second opinion on every row)"),
        ("own", "security-guarantees-2022 --no-second-opinion"),
        ("frictionless", "frictionless validate datapackage.json"),
    ):
        if key in real:
            m = real[key]
            lines.append(
                f"| {label} | {fmt(m['wall_s'])} | {fmt(m.get('cpu_s'))} | {fmt(m['rss_mb'], 0)} |"
            )
    return lines


def streaming_table(streaming: dict[str, Any]) -> list[str]:
    """The bounded-memory runs (bench/streaming.json) beside the in-memory ones."""
    sizes = streamed(streaming)
    if not sizes:
        return []
    lines = [
        "",
        "## Bounded memory (`--streaming`)",
        "",
        "From `bench/streaming.py` (bench/streaming.json, measured "
        f"{streaming.get('date', '–')}, batches of {count(streaming.get('batch_rows'))} rows): "
        "`security-guarantees-2022 DIR --streaming --no-second-opinion --format json` on the copy with "
        "seeded errors, against its floor, `bench/raw_read.py DIR --stream` "
        "(`pyarrow.csv.open_csv` over every table, every column as text, each batch dropped). "
        "See bench/streaming.md.",
        "",
        "| statements | rows total | streaming read s | streaming read RSS MB | `--streaming` s "
        "| CPU s | ratio | peak RSS GB | recall |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for s in sizes:
        floor, run = s["floor"], s["streaming"]
        lines.append(
            f"| {s['statements']:,} | {s['rows']:,} | {wall(floor, FLOOR)} | {fmt(floor['rss_mb'], 0)} "
            f"| {wall(run)} | {fmt(run.get('cpu_s'))} "
            f"| {times(stream_ratio(s))} | {fmt(gb(run))} | {found(run)} |"
        )
    return lines


def targets(results: dict[str, Any], streaming: dict[str, Any]) -> list[str]:
    """Each target with the figure it is judged on, and whether it is met."""
    sizes, real = results["sizes"], results.get("real")
    lines = ["", "## Targets", ""]
    largest = sizes[-1] if sizes else None
    if largest:
        n = f"{largest['statements']:,} statements"
        note = "" if largest["statements"] >= 5_000_000 else " (targets are set at 5M statements)"
        all_found = all(s["errors"]["recall"].get("recall") == 1.0 for s in sizes)
        time_ratio, rss_ratio = largest.get("time_ratio"), largest.get("rss_ratio")
        lines += [
            f"- Time ≤ {TARGET_TIME}× raw read at the largest size measured, {n}{note}: "
            f"{times(time_ratio)} — {verdict(time_ratio, TARGET_TIME)}.",
            f"- Peak RSS ≤ {TARGET_RSS}× raw read's, {n}: {times(rss_ratio)} — "
            f"{verdict(rss_ratio, TARGET_RSS)}.",
            f"- For information, {n}: CPU seconds {times(largest.get('cpu_ratio'))} the raw "
            f"read's ({fmt(largest['validate'].get('cpu_s'))} s against "
            f"{fmt(largest['raw'].get('cpu_s'))} s); wall time {times(largest.get('typed_ratio'))} "
            f"the typed read's ({fmt(largest.get('typed', {}).get('wall_s'))} s).",
            f"- Every seeded error found at every size: {'met' if all_found else 'NOT met'}.",
        ]
    if real:
        faster = real["own"]["wall_s"] < real["frictionless"]["wall_s"]
        lines.append(
            f"- The real package validates faster than `frictionless validate`, by the default "
            f"check (`security-guarantees-2022` at a terminal, every check of its own): "
            f"{fmt(real['own']['wall_s'])} s against {fmt(real['frictionless']['wall_s'])} s "
            f"— {'met' if faster else 'NOT met'}. With `--second-opinion` (as in CI), which "
            f"runs frictionless itself on every row beside it: "
            f"{fmt(real['validate']['wall_s'])} s."
        )
    return lines + streaming_targets(streaming)


def streaming_targets(streaming: dict[str, Any]) -> list[str]:
    """The bounded-memory targets, judged at 20M statements (or the largest streaming run)."""
    sizes = streamed(streaming)
    if not sizes:
        return []
    s = next((s for s in sizes if s["statements"] == 20_000_000), sizes[-1])
    n = f"{s['statements']:,} statements"
    note = "" if s["statements"] == 20_000_000 else " (targets are set at 20M statements)"
    run, time_ratio = s["streaming"], stream_ratio(s)
    return [
        f"- `--streaming`, peak RSS ≤ {STREAM_TARGET_GB:g} GB at {n}{note}: {fmt(gb(run))} GB — "
        f"{verdict(gb(run), STREAM_TARGET_GB)}.",
        f"- `--streaming`, time ≤ {STREAM_TARGET_TIME:g}× the streaming read, {n}: "
        f"{times(time_ratio)} — {verdict(time_ratio, STREAM_TARGET_TIME)}; seeded errors found "
        f"{found(run)}.",
    ]


def markdown(results: dict[str, Any], streaming: dict[str, Any] | None = None) -> str:
    """results.md: this run's tables, the saved streaming runs beside them, the targets."""
    streaming = load_streaming() if streaming is None else streaming
    m = results["machine"]
    runs = results["args"]["repeat"]
    lines = [
        "# Validation at scale: results",
        "",
        f"Measured {results['date']} on {m['cpu']}, {m['cores']} cores, {m['memory_gib']} GiB; "
        f"Python {m['python']}, polars {m['polars']}, pyarrow {m['pyarrow']}, "
        f"pandera {m['pandera']}, frictionless {m['frictionless']}. "
        f"{'Median of ' + str(runs) + ' runs' if runs > 1 else 'One run'} "
        "per figure, each in a fresh process, with the files in the page cache; other jobs "
        "shared the machine, so single figures can be off by 10–30 %.",
        "",
        "Reproduce (from the repository root):",
        "",
        "```sh",
        results["command"],
        "```",
        "",
        "*raw* is `pyarrow.csv.read_csv` of every table with default options, all tables "
        "held (bench/raw_read.py) — the floor. *typed* is the validator's own read of every table, "
        "cast to the schema's types and all held, without any rule (bench/raw_read.py "
        "--typed): what is left above it is the checks. *validate* is "
        "`security-guarantees-2022 DIR --format json --second-opinion`, "
        "frictionless's second opinion included as CI runs it (in its own process: every row "
        "when no table has more than 1,000 rows, else the first 1,000 of each; foreign keys "
        "always left to the validator). *CPU s* is user + system seconds of the process and its "
        "threads. *rows* counts the rows of every table. *rows/s* is "
        "rows ÷ validate's wall time. *recall* is seeded errors reported at their exact "
        "(code, table, row) in the copy with seeded errors. Each round runs every command of a "
        "size once, so that load from other jobs falls on all of them alike.",
        "",
        *in_memory_tables(results["sizes"]),
    ]
    if results["growth"]:
        lines += growth_table(results["growth"])
    if results.get("real"):
        lines += real_table(results["real"])
    lines += streaming_table(streaming)
    lines += targets(results, streaming)
    lines.append("")
    return "\n".join(lines)


def write_report(results: dict[str, Any], args: argparse.Namespace) -> None:
    """--md, and the validator page's table when the run writes the committed results (that
    table must stay the one bench/results.json gives; a trial run elsewhere leaves it)."""
    args.md.write_text(markdown(results), encoding="utf-8")
    committed = args.out.resolve() == RESULTS_JSON and args.md.resolve() == RESULTS_MD
    if committed:
        write_readme_table(results)
    say(f"wrote {args.md}{' and the validator page table' if committed else ''}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000, 5_000_000]
    )
    parser.add_argument("--out", type=Path, default=RESULTS_JSON)
    parser.add_argument("--md", type=Path, default=RESULTS_MD)
    parser.add_argument(
        "--frictionless-max",
        type=int,
        default=100_000,
        help="run `frictionless validate` only up to this many statements",
    )
    parser.add_argument("--repeat", type=int, default=1, help="runs per figure (median)")
    parser.add_argument("--real-repeat", type=int, default=5)
    parser.add_argument("--no-real", action="store_true", help="skip the real package")
    parser.add_argument("--regenerate", action="store_true", help="regenerate packages")
    parser.add_argument("--timeout", type=float, default=4 * 3600, help="seconds per process")
    parser.add_argument(
        "--md-only", action="store_true", help="only rewrite --md from the results already in --out"
    )
    args = parser.parse_args(argv)
    if args.md_only:
        results = json.loads(args.out.read_text(encoding="utf-8"))
        write_report(results, args)
        return 0
    try:
        import security_guarantees_2022  # noqa: F401
    except ImportError:
        raise SystemExit(
            "run with the project's environment: .venv/bin/python bench/run.py"
        ) from None
    shown = [".venv/bin/python bench/run.py", "--sizes", *map(str, args.sizes)]
    if args.frictionless_max != 100_000:
        shown += ["--frictionless-max", str(args.frictionless_max)]
    if args.repeat != 1:
        shown += ["--repeat", str(args.repeat)]
    command = " ".join(shown)
    say(f"benchmark: sizes {args.sizes}; GNU time: {bool(TIME)}")
    results: dict[str, Any] = {
        "date": time.strftime("%Y-%m-%d"),
        "command": command,
        "args": {k: str(v) if isinstance(v, Path) else v for k, v in vars(args).items()},
        "machine": machine(),
        "sizes": [],
        "growth": [],
    }
    for n in sorted(args.sizes):
        results["sizes"].append(run_size(n, args))
        results["growth"] = growth(results["sizes"])
        args.out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    if not args.no_real:
        results["real"] = run_real(args)
    args.out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    write_report(results, args)
    print(markdown(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
