"""The package as the generators see it, plus the link helpers every page needs.

Data comes from the validator's own loader, so a package that does not validate cannot be
documented; column names are looked up in the schemas, never restated here.
"""

from __future__ import annotations

import csv
import functools
import html
import posixpath
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from security_guarantees_2022 import load_package, load_tables
from security_guarantees_2022.core.descriptor import Package, Resource
from security_guarantees_2022.core.report import field_anchor
from security_guarantees_2022.release.interchange import event_dyads as dyads_of
from security_guarantees_2022.release.plover_layout import participants_of

ROOT = Path(__file__).resolve().parents[2]

# Headings that table pages give explicit ids; a row anchor may not take one of these.
SECTION_IDS = ("keys", "fields", "data", "downloads")


class DocsError(Exception):
    """The package does not say what a generator needs; the build stops with this message."""


def esc(value: object) -> str:
    """HTML-escape anything, quotes included (values end up in attributes too)."""
    return html.escape("" if value is None else str(value), quote=True)


def output_uri(src_uri: str) -> str:
    """Where a docs file lands in the site (use_directory_urls is off: a.md -> a.html)."""
    return src_uri[:-3] + ".html" if src_uri.endswith(".md") else src_uri


def href(from_src: str, to_src: str, anchor: str | None = None) -> str:
    """A relative URL for raw HTML, which mkdocs does not rewrite: from page to page or file."""
    start = posixpath.dirname(output_uri(from_src)) or "."
    target = posixpath.relpath(output_uri(to_src), start)
    return f"{target}#{anchor}" if anchor else target


def md_href(from_src: str, to_src: str, anchor: str | None = None) -> str:
    """A relative Markdown link target; mkdocs checks it (and its anchor) in strict mode."""
    start = posixpath.dirname(from_src) or "."
    target = posixpath.relpath(to_src, start)
    return f"{target}#{anchor}" if anchor else target


def table_page(name: str) -> str:
    """The generated page of one table."""
    return f"tables/{name}.md"


def download_uri(relpath: str) -> str:
    """Downloads keep the package's own layout, so datapackage.json's paths still work."""
    return f"downloads/{relpath}"


@dataclass
class Site:
    """The package descriptor, each table typed (for logic) and as written (for display)."""

    package: Package
    typed: dict[str, pd.DataFrame]
    raw: dict[str, list[dict[str, str]]]
    _anchors: dict[str, set[str]] = field(default_factory=dict)

    @property
    def descriptor(self) -> dict[str, Any]:
        return self.package.descriptor

    @property
    def name(self) -> str:
        return self.package.metadata.name or ""

    @property
    def version(self) -> str:
        return self.package.metadata.version or ""

    @property
    def tables(self) -> dict[str, Resource]:
        return self.package.tables

    def table(self, name: str) -> Resource:
        try:
            return self.tables[name]
        except KeyError:
            raise DocsError(f"datapackage.json has no table {name!r}") from None

    def column(self, table: str, name: str) -> str:
        """A column a generator relies on; fails loudly if the schema no longer declares it."""
        if self.table(table).field(name) is None:
            raise DocsError(f"the docs use {table}.{name}, which the schema does not declare")
        return name

    def primary_key(self, table: str) -> list[str]:
        return list(self.table(table).primary_key)

    def row_anchor(self, table: str, row: Mapping[str, Any] | pd.Series) -> str:
        """The id of a row on its table page: the primary key, parts joined by '.'."""
        parts = []
        for name in self.primary_key(table):
            value = row.get(name)
            parts.append("" if value is None or pd.isna(value) else str(value))
        return ".".join(parts)

    def anchors(self, table: str) -> set[str]:
        if table not in self._anchors:
            self._anchors[table] = {self.row_anchor(table, r) for r in self.raw[table]}
        return self._anchors[table]

    def row_href(self, from_src: str, table: str, values: Iterable[Any]) -> str | None:
        """Link to a row by its key values, or None if no such row exists."""
        anchor = ".".join("" if v is None or pd.isna(v) else str(v) for v in values)
        if anchor not in self.anchors(table):
            return None
        return href(from_src, table_page(table), anchor)

    def incoming(self, table: str) -> list[tuple[str, tuple[str, ...], tuple[str, ...]]]:
        """(referring table, its fields, our fields) for every foreign key pointing here."""
        found = []
        for name, res in self.tables.items():
            for fields, target, target_fields in res.foreign_keys:
                if target == table:
                    found.append((name, fields, target_fields))
        return found

    def actor_names(self) -> dict[str, str]:
        """actor_id -> name, for labels and tooltips."""
        key = self.column("actors", "actor_id")
        name = self.column("actors", "name")
        return {r[key]: r[name] for r in self.raw["actors"]}


def read_raw(res: Resource) -> list[dict[str, str]]:
    """Rows exactly as written in the CSV: what the pages display."""
    with res.path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@functools.cache
def load_site(root: Path = ROOT) -> Site:
    """Validate and load the package once per build."""
    package = load_package(root / "datapackage.json")
    typed = load_tables(root / "datapackage.json")
    raw = {name: read_raw(res) for name, res in package.tables.items()}
    site = Site(package=package, typed=typed, raw=raw)
    for name in site.tables:
        clash = site.anchors(name) & (
            set(SECTION_IDS) | {field_anchor(name, f.name) for f in site.table(name).fields()}
        )
        if clash:
            raise DocsError(f"{name}: row keys {sorted(clash)} clash with anchors of its page")
    return site


# event_participants roles that make an actor the actor, or the recipient, of an event's dyad:
# `actor` rows, else (no `actor` row) the `participant` rows, and `recipient` rows; never a host
def event_dyads(site: Site) -> dict[str, tuple[list[str], list[str]]]:
    """event_id -> (actor ids, recipient ids), by the PLOVER export's rule and the roles the
    schemas declare."""
    people, sides = participants_of(site.package, site.table("events").name)
    dyad = people.checks.dyad
    assert dyad is not None
    participants = [
        {"event": row[dyad.event], "actor": row[dyad.actor], "role": row[dyad.role]}
        for row in site.raw[people.name]
    ]
    return dyads_of(participants, sides)
