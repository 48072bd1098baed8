"""frictionless's own validation as a second opinion on spec conformance.

It runs in its own process (validate/security_guarantees_2022/core/frictionless_pass.py), started before the validator's own
checks, so on two cores it costs little wall time. A full frictionless pass costs ~80x a raw read,
so it covers every row only of packages with at most SAMPLE_ROWS rows per table; above that, the
first SAMPLE_ROWS rows of each table. Foreign keys are always left to the validator. The report's
`scope` says which.

frictionless has no limits of its own (a backtracking pattern, a huge row can keep it busy for
ever), so its process gets a wall-time budget and an address-space limit. When either is spent
the process is stopped, the report's `scope` says so, `valid` is null, and the run goes on.
The request lives in a scratch folder (validate/security_guarantees_2022/core/scratch.py), removed with the process
stopped on every way out: the end of the run, an error, a signal, a memory-budget stop.
"""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from . import interrupt, scratch
from .descriptor import Package
from .safe_files import read_json

SAMPLE_ROWS = 1_000
TIME_BUDGET_SECONDS = 30.0
BUDGET_VARIABLE = "SG2022_SECOND_OPINION_SECONDS"
MAX_BUDGET_SECONDS = 3600.0
MEMORY_BUDGET_BYTES = 2 << 30
WORKER = Path(__file__).with_name("frictionless_pass.py")
NO_FOREIGN_KEYS = "foreign keys left to the validator's own check"


def vetted_descriptor(package: Package) -> dict[str, Any]:
    """The descriptor with every schema and dialect inlined (as loaded) and no foreign keys."""
    descriptor = dict(package.descriptor)
    resources = []
    for raw in package.descriptor["resources"]:
        res = package.resources[raw["name"]]
        copy = dict(raw)
        if res.schema is not None:
            copy["schema"] = {k: v for k, v in res.schema.descriptor.items() if k != "foreignKeys"}
        if isinstance(raw.get("dialect"), str):
            copy["dialect"] = read_json(package.root / raw["dialect"], f"dialect of {res.name!r}")
        resources.append(copy)
    descriptor["resources"] = resources
    return descriptor


def time_budget() -> float:
    """TIME_BUDGET_SECONDS, or SG2022_SECOND_OPINION_SECONDS held to 0.1 s – 1 hour."""
    try:
        seconds = float(os.environ.get(BUDGET_VARIABLE, TIME_BUDGET_SECONDS))
    except ValueError:
        return TIME_BUDGET_SECONDS
    if seconds != seconds:  # NaN
        return TIME_BUDGET_SECONDS
    return min(max(seconds, 0.1), MAX_BUDGET_SECONDS)


def _limits() -> None:  # pragma: no cover - runs in the child, between fork and exec
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_BUDGET_BYTES, MEMORY_BUDGET_BYTES))
    cpu = int(time_budget()) + 5  # a backstop; the wall-time budget stops it first
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu))


class Pending:
    """A second opinion being formed in another process."""

    def __init__(self, package: Package, budget: float | None = None) -> None:
        self.sampled = _larger_than_sample(package)
        self.budget = time_budget() if budget is None else budget
        self.scope = (
            f"sample: first {SAMPLE_ROWS} rows per table; {NO_FOREIGN_KEYS}"
            if self.sampled
            else f"full: every row; {NO_FOREIGN_KEYS}"
        )
        request = {
            "descriptor": vetted_descriptor(package),
            "basepath": str(package.root),
            "sample": SAMPLE_ROWS if self.sampled else None,
        }
        self.started = time.monotonic()
        self.scratch = contextlib.ExitStack()  # the folder of the request, removed with it
        self.process: subprocess.Popen[str] | None = None
        try:
            try:
                folder = self.scratch.enter_context(scratch.scratch_folder("opinion"))
                request_path = folder / "request.json"
                with request_path.open("w", encoding="utf-8") as handle:
                    json.dump(request, handle, ensure_ascii=False)
            except OSError as exc:  # a full disk: the validator's own checks still run
                self.failure = f"it could not start: {exc.strerror}"
                self._forget_request()
                return
            with interrupt.deferred():  # started and remembered, or neither
                self.process = subprocess.Popen(
                    [sys.executable, str(WORKER), str(request_path)],
                    stdout=subprocess.PIPE,
                    stderr=subprocess.PIPE,
                    stdin=subprocess.DEVNULL,
                    text=True,
                    preexec_fn=_limits if os.name == "posix" else None,
                )
                scratch.started(self.process)
            interrupt.pause("opinion-started")
        except BaseException:  # interrupted: no request file, no process left behind
            self.cancel()
            raise

    def result(self) -> dict[str, Any]:
        if self.process is None:
            return self._stopped(self.failure)
        remaining = max(0.0, self.budget - (time.monotonic() - self.started))
        try:
            out, err = self.process.communicate(timeout=remaining)
        except subprocess.TimeoutExpired:
            self.cancel()
            return self._stopped(f"no answer within the time budget of {self.budget:g} s")
        finally:
            self._forget_request()
        try:
            if self.process.returncode != 0:
                last = (err.strip().splitlines() or ["no message"])[-1]
                if "MemoryError" in last or self.process.returncode in (-9, -24):
                    budget = MEMORY_BUDGET_BYTES >> 20
                    return self._stopped(f"the memory or CPU budget ({budget} MiB) was spent")
                raise ValueError(last)
            opinion = json.loads(out)
        except ValueError as exc:  # a second opinion that fails must not hide the first
            return {
                "engine": "frictionless",
                "scope": self.scope,
                "valid": False,
                "errors": [
                    {
                        "type": "second-opinion-failed",
                        "table": None,
                        "row": None,
                        "message": str(exc),
                    }
                ],
            }
        return {
            "engine": opinion["engine"],
            "scope": self.scope,
            "valid": opinion["valid"],
            "errors": opinion["errors"],
        }

    def _stopped(self, why: str) -> dict[str, Any]:
        return {"engine": "frictionless", "scope": f"stopped: {why}", "valid": None, "errors": []}

    def _forget_request(self) -> None:
        self.scratch.close()

    def cancel(self) -> None:
        """Stop the process if it still runs, and remove the request: on every way out."""
        if self.process is not None:
            if self.process.poll() is None:
                self.process.kill()
                self.process.communicate()
            scratch.ended(self.process)
        self._forget_request()


def start(package: Package) -> Pending:
    return Pending(package)


def _larger_than_sample(package: Package) -> bool:
    """Whether any table has more than SAMPLE_ROWS rows, judged by its line count."""
    for res in package.tables.values():
        if res.path.is_file() and _lines_over(res.path, SAMPLE_ROWS + 1):
            return True
    return False


def _lines_over(path: Path, limit: int) -> bool:
    lines = 0
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            lines += chunk.count(b"\n")
            if lines > limit:
                return True
    return False
