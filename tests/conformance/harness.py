"""Build a case's package in a folder, and run this validator and frictionless on it in-process.

frictionless runs with the network shut (a profile URL it would fetch fails instead), and every
path is local: nothing of the suite leaves the machine.
"""

from __future__ import annotations

import json
import socket
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from security_guarantees_2022 import PackageError, validate_package

from .cases import Case


def build(case: Case, folder: Path) -> Path:
    """Write the case's datapackage.json, t.csv and any other table or file; the descriptor's path."""
    folder.mkdir(parents=True, exist_ok=True)
    data = case.csv.encode("utf-8") if isinstance(case.csv, str) else case.csv
    (folder / "t.csv").write_bytes(data)
    resource: dict[str, Any] = {
        "name": "t",
        "path": "t.csv",
        "schema": {"fields": case.fields, **case.schema},
    }
    for key, value in case.resource.items():
        resource[key] = value(data) if callable(value) else value
    resources = [resource]
    for i, (name, csv, fields) in enumerate(case.more):
        (folder / f"more{i}.csv").write_text(csv, encoding="utf-8", newline="")
        resources.append({"name": name, "path": f"more{i}.csv", "schema": {"fields": fields}})
    for name, text in case.files.items():
        (folder / name).write_text(text, encoding="utf-8", newline="")
    descriptor = {"name": "conformance", "resources": resources, **case.package}
    path = folder / "datapackage.json"
    path.write_text(json.dumps(descriptor, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return path


@dataclass(frozen=True)
class Outcome:
    """What one run said: the code of a refusal, or its findings as (code, row, column)."""

    refused: str | None = None
    message: str = ""
    issues: list[tuple[str, int | None, str | None]] = field(default_factory=list)

    @property
    def valid(self) -> bool:
        return self.refused is None and not self.issues

    @property
    def codes(self) -> set[str]:
        return {self.refused} if self.refused else {code for code, _, _ in self.issues}

    def __str__(self) -> str:
        if self.refused:
            return f"refused {self.refused}: {self.message}"
        return "valid" if self.valid else f"invalid {sorted(set(self.issues), key=str)}"


def ours(path: Path, engine: str) -> Outcome:
    """This validator in-process; any exception other than PackageError propagates (a crash)."""
    try:
        report = validate_package(path, second=False, streaming=engine == "streaming")
    except PackageError as exc:
        return Outcome(refused=exc.code, message=exc.message)
    return Outcome(issues=[(i.code, i.row, i.column) for i in report.issues])


def spark_engine(spark: Any) -> Callable[[Path], Outcome]:
    """This validator through the Spark engine, in one session for every case."""
    from security_guarantees_2022.engines.run import run_checks
    from security_guarantees_2022.spark.engine import SparkEngine

    def run(path: Path) -> Outcome:
        try:
            report, _ = run_checks(path, second=False, engine=SparkEngine(spark))
        except PackageError as exc:
            return Outcome(refused=exc.code, message=exc.message)
        return Outcome(issues=[(i.code, i.row, i.column) for i in report.issues])

    return run


@contextmanager
def no_network() -> Iterator[None]:
    """Any attempt to resolve or connect fails at once."""

    def refuse(*_args: Any, **_kwargs: Any) -> Any:
        raise OSError("the conformance suite does not use the network")

    saved = (socket.getaddrinfo, socket.create_connection, socket.socket.connect)
    socket.getaddrinfo = refuse
    socket.create_connection = refuse
    socket.socket.connect = refuse  # type: ignore[method-assign]
    try:
        yield
    finally:
        socket.getaddrinfo, socket.create_connection, socket.socket.connect = saved  # type: ignore[method-assign]


def frictionless_outcome(path: Path) -> Outcome:
    """frictionless 5's verdict on the same package, its errors as (type, row, field)."""
    import frictionless

    with no_network():
        try:
            report = frictionless.validate(str(path))
        except Exception as exc:  # a refusal by frictionless is its verdict
            return Outcome(refused=type(exc).__name__, message=str(exc))
    rows = report.flatten(["type", "rowNumber", "fieldName", "note"])
    return Outcome(issues=[(r[0], r[1], f"{r[2]}: {r[3]}") for r in rows])
