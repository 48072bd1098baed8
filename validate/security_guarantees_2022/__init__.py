"""security-guarantees-2022: validate the data package and load its tables into pandas.

Names are imported on first use, so the command line starts without the data libraries.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .core.descriptor import load_package
    from .core.report import InvalidPackageError, Issue, PackageError, Report
    from .engines.run import validate_package
    from .load import load_tables

_HOMES = {
    "InvalidPackageError": "core.report",
    "Issue": "core.report",
    "PackageError": "core.report",
    "Report": "core.report",
    "load_package": "core.descriptor",
    "load_tables": "load",
    "validate_package": "engines.run",
}

__all__ = [
    "InvalidPackageError",
    "Issue",
    "PackageError",
    "Report",
    "load_package",
    "load_tables",
    "validate_package",
]


def __getattr__(name: str) -> Any:
    if name in _HOMES:
        return getattr(import_module(f".{_HOMES[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
