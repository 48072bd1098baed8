"""security-guarantees-2022: validate the data package and load its tables into pandas."""

from .descriptor import load_package
from .load import InvalidPackageError, load_tables
from .report import Issue, PackageError, Report
from .run import validate_package

__all__ = [
    "InvalidPackageError",
    "Issue",
    "PackageError",
    "Report",
    "load_package",
    "load_tables",
    "validate_package",
]
