"""frictionless's own validation of a package, run as a separate process; prints JSON.

    python validate/security_guarantees_2022/core/frictionless_pass.py REQUEST_JSON

REQUEST_JSON holds {"descriptor": ..., "basepath": ..., "sample": rows or null}: the descriptor
as the validator loaded and vetted it, every schema and dialect inlined and foreign keys taken
out (the validator checks them itself, and frictionless builds its look-up tables for them even
when told to skip their errors). So frictionless opens only the data files the validator already
checked. Standalone on purpose (no imports from the validate package): it starts in a fresh
interpreter next to the validator, on the other core. Sockets are disabled before frictionless
is imported: nothing it does can reach a network.
"""

from __future__ import annotations

import json
import socket
import sys
import warnings
from typing import Any, NoReturn


def _no_network(*_args: Any, **_kwargs: Any) -> NoReturn:
    raise OSError("network access is disabled in the second opinion")


def disable_network() -> None:
    socket.socket.connect = _no_network  # type: ignore[method-assign]
    socket.socket.connect_ex = _no_network  # type: ignore[method-assign]
    socket.create_connection = _no_network
    socket.getaddrinfo = _no_network


def main(argv: list[str]) -> dict[str, object]:
    with open(argv[0], encoding="utf-8") as handle:
        request = json.load(handle)
    disable_network()
    import frictionless

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        package = frictionless.Package(request["descriptor"], basepath=request["basepath"])
        report = package.validate(limit_rows=request["sample"], limit_errors=100)
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
        "engine": f"frictionless {getattr(frictionless, '__version__', '?')}",
        "valid": report.valid,
        "errors": errors,
    }


if __name__ == "__main__":
    print(json.dumps(main(sys.argv[1:])))
