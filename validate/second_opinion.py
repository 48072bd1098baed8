"""frictionless's own validation as a second opinion on spec conformance.

It runs in its own process (validate/frictionless_pass.py), started before the validator's own
checks, so on two cores it costs little wall time. A full frictionless pass costs ~80x a raw read,
so it covers every row only of packages with at most SAMPLE_ROWS rows per table; above that, the
first SAMPLE_ROWS rows of each table. Foreign keys are always left to the validator. The report's
`scope` says which.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

from .descriptor import Package

SAMPLE_ROWS = 1_000
WORKER = Path(__file__).with_name("frictionless_pass.py")
NO_FOREIGN_KEYS = "foreign keys left to the validator's own check"


class Pending:
    """A second opinion being formed in another process."""

    def __init__(self, package: Package) -> None:
        descriptor = str(package.root / "datapackage.json")
        self.sampled = _larger_than_sample(package)
        extra = ["--sample", str(SAMPLE_ROWS)] if self.sampled else []
        self.scope = (
            f"sample: first {SAMPLE_ROWS} rows per table; {NO_FOREIGN_KEYS}"
            if self.sampled
            else f"full: every row; {NO_FOREIGN_KEYS}"
        )
        self.process = subprocess.Popen(
            [sys.executable, str(WORKER), descriptor, *extra],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            stdin=subprocess.DEVNULL,
            text=True,
        )

    def result(self) -> dict[str, Any]:
        out, err = self.process.communicate()
        try:
            if self.process.returncode != 0:
                raise ValueError((err.strip().splitlines() or ["no message"])[-1])
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

    def cancel(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.communicate()


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
