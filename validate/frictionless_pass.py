"""frictionless's own validation of a package, run as a separate process; prints JSON.

    python validate/frictionless_pass.py DATAPACKAGE_JSON [--sample ROWS]

Standalone on purpose (no imports from the validate package): it starts in a fresh interpreter
next to the validator, on the other core, so its cost hides behind the validator's own work.
Foreign keys are taken out of the schemas it sees: the validator checks them itself, and
frictionless builds its look-up tables for them even when told to skip their errors (most of its
time on a small package). The validator has already refused unsafe paths before starting this.
"""

from __future__ import annotations

import json
import sys
import warnings
from pathlib import Path
from typing import Any


def without_foreign_keys(path: Path) -> dict[str, Any]:
    """The package descriptor with every schema inlined and its foreignKeys removed."""
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    for resource in descriptor.get("resources", []):
        schema = resource.get("schema")
        if isinstance(schema, str):
            schema = json.loads((path.parent / schema).read_text(encoding="utf-8"))
        if isinstance(schema, dict):
            schema.pop("foreignKeys", None)
            resource["schema"] = schema
    return descriptor


def main(argv: list[str]) -> dict[str, object]:
    path = Path(argv[0])
    sample = int(argv[2]) if argv[1:2] == ["--sample"] else None
    import frictionless

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        package = frictionless.Package(without_foreign_keys(path), basepath=str(path.parent))
        report = package.validate(limit_rows=sample, limit_errors=100)
    errors = [
        {
            "type": e.type,
            "table": task.name,
            "row": getattr(e, "row_number", None),
            "message": e.message,
        }
        for task in report.tasks
        for e in task.errors
    ] + [{"type": e.type, "table": None, "row": None, "message": e.message} for e in report.errors]
    return {
        "engine": f"frictionless {frictionless.__version__}",
        "valid": report.valid,
        "errors": errors,
    }


if __name__ == "__main__":
    print(json.dumps(main(sys.argv[1:])))
