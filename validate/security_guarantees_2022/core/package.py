"""The package as loaded: its descriptor, and each resource with its file, schema and dialect.

Made by core/descriptor.py (load_package), which vets every path and property first; the rest of
the tool reads the package through these two classes.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .dialect import DEFAULT, Dialect
from .metadata import Metadata, read_metadata
from .model import Checks, Field, ForeignKey, Schema


@dataclass(frozen=True)
class Resource:
    name: str
    path: Path  # absolute, inside the package directory
    relpath: str
    descriptor: dict[str, Any]
    schema: Schema | None  # None for non-tabular resources
    dialect: Dialect = DEFAULT  # how a table's CSV is read (core/dialect.py)

    @functools.cached_property
    def metadata(self) -> Metadata:
        return read_metadata(self.descriptor, f"resource {self.name!r}")

    @property
    def is_table(self) -> bool:
        return self.schema is not None

    @property
    def is_vocabulary(self) -> bool:
        return bool(self.descriptor.get("vocabulary"))

    def fields(self) -> tuple[Field, ...]:
        return self.schema.fields if self.schema else ()

    def field(self, name: str) -> Field | None:
        return self.schema.field(name) if self.schema else None

    @property
    def primary_key(self) -> tuple[str, ...]:
        return self.schema.primary_key if self.schema else ()

    @property
    def foreign_keys(self) -> tuple[ForeignKey, ...]:
        return self.schema.foreign_keys if self.schema else ()

    @property
    def checks(self) -> Checks:
        return self.schema.checks if self.schema else Checks()

    def link_of(self, column: str) -> tuple[str, str] | None:
        """(resource, field) a single-column foreign key on `column` refers to, if there is one."""
        return next(
            ((fk.resource, fk.reference[0]) for fk in self.foreign_keys if fk.fields == (column,)),
            None,
        )

    def target_of(self, column: str) -> str | None:
        """The resource a single-column foreign key on `column` refers to, if there is one."""
        link = self.link_of(column)
        return link[0] if link else None


@dataclass(frozen=True)
class Package:
    root: Path
    descriptor: dict[str, Any]
    resources: dict[str, Resource]
    file_name: str = "datapackage.json"  # the descriptor's own name (a fork may call it else)
    # the sha256 of the bytes read of the descriptor and each schema file, by relative path: a
    # command that copies or replaces them checks that they are still those bytes
    read_hashes: dict[str, str] = field(default_factory=dict, compare=False)

    @functools.cached_property
    def metadata(self) -> Metadata:
        return read_metadata(self.descriptor, self.file_name)

    @property
    def descriptor_path(self) -> Path:
        return self.root / self.file_name

    @property
    def tables(self) -> dict[str, Resource]:
        return {name: r for name, r in self.resources.items() if r.is_table}

    def declaring(self, rule: str) -> Resource | None:
        """The one table whose schema declares `rule` (a field of Checks), if any."""
        return next((r for r in self.tables.values() if getattr(r.checks, rule)), None)

    def declared_checks(self) -> dict[str, list[str]]:
        """Each domain rule the schemas declare (`checks`), with the tables that declare it."""
        found: dict[str, list[str]] = {}
        for name, res in self.tables.items():
            for rule, value in res.schema.descriptor.get("checks", {}).items():  # type: ignore[union-attr]
                if value:
                    found.setdefault(rule, []).append(name)
        return found
