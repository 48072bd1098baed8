"""frictionless's own validation as a second opinion on spec conformance.

On large packages a full frictionless pass costs ~80x a raw read, so past a size threshold it
checks only the first rows of each table, and the report says so.
"""

from __future__ import annotations

import warnings
from typing import Any

from .descriptor import Package

FULL_PASS_MAX_BYTES = 50 * 1024 * 1024
SAMPLE_ROWS = 10_000


def run(package: Package) -> dict[str, Any]:
    total = sum(r.path.stat().st_size for r in package.resources.values() if r.path.is_file())
    sampled = total > FULL_PASS_MAX_BYTES
    scope = (
        f"sample: first {SAMPLE_ROWS} rows per table; foreign keys skipped" if sampled else "full"
    )
    try:
        import frictionless

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            report = frictionless.validate(
                str(package.root / "datapackage.json"),
                limit_rows=SAMPLE_ROWS if sampled else None,
                skip_errors=["foreign-key"] if sampled else [],
                limit_errors=100,
            )
        errors = [
            {
                "type": e.type,
                "table": task.name,
                "row": getattr(e, "row_number", None),
                "message": e.message,
            }
            for task in report.tasks
            for e in task.errors
        ] + [
            {"type": e.type, "table": None, "row": None, "message": e.message}
            for e in report.errors
        ]
        return {
            "engine": f"frictionless {frictionless.__version__}",
            "scope": scope,
            "valid": report.valid,
            "errors": errors,
        }
    except Exception as exc:  # a second opinion that fails must not hide the first
        return {
            "engine": "frictionless",
            "scope": scope,
            "valid": False,
            "errors": [
                {"type": "second-opinion-failed", "table": None, "row": None, "message": str(exc)}
            ],
        }
