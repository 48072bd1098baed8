"""What changed between two versions of the package, and the smallest semver bump it needs.

Levels follow the Frictionless data-package-version recipe: MAJOR for a field removed, renamed
or retyped, a constraint tightened, a key changed, or an ID removed; MINOR for rows or optional
fields added (and constraints loosened); PATCH for corrected values or documentation.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

import polars as pl

from ..core import interrupt
from ..core.descriptor import Package, Resource, load_package
from ..core.exact import TableReadError
from ..core.report import PackageError
from ..core.tables import read_text_frame
from .versions import LEVELS, bump, package_side, parse_version, show


@dataclass(frozen=True)
class Change:
    level: str  # patch | minor | major
    kind: str  # e.g. field-removed, constraint-tightened, row-added, cell-changed
    table: str
    detail: str
    key: str | None = None
    column: str | None = None
    old: str | None = None
    new: str | None = None


@dataclass
class Diff:
    old_version: str
    new_version: str
    changes: list[Change] = field(default_factory=list)

    @property
    def level(self) -> str:
        return max((c.level for c in self.changes), key=LEVELS.index, default="none")

    @property
    def required_version(self) -> str:
        return show(bump(parse_version(self.old_version), self.level))

    @property
    def version_ok(self) -> bool:
        return parse_version(self.new_version) >= parse_version(self.required_version)

    def to_dict(self) -> dict[str, Any]:
        return {
            "old_version": self.old_version,
            "new_version": self.new_version,
            "bump": self.level,
            "required_version": self.required_version,
            "version_ok": self.version_ok,
            "changes": [asdict(c) for c in self.changes],
        }


def _bounds(name: str) -> str:
    """For a numeric bound, which direction tightens: a higher minimum, a lower maximum."""
    return "up" if name in ("minimum", "minLength") else "down"


def _constraint_changes(
    table: str, fname: str, old: dict[str, Any], new: dict[str, Any]
) -> list[Change]:
    changes = []
    for name in sorted(set(old) | set(new)):
        before, after = old.get(name), new.get(name)
        if before == after:
            continue
        where = f"{fname}: {name} {before!r} -> {after!r}"
        if name == "enum":
            removed = set(map(str, before or [])) - set(map(str, after or []))
            tighter = after is not None and (before is None or bool(removed))
        elif name in ("required", "unique"):
            tighter = bool(after) and not bool(before)
        elif name in ("minimum", "maximum", "minLength", "maxLength"):
            if after is None:
                tighter = False
            elif before is None or type(before) is not type(after):
                tighter = True  # a new bound, or one of another type (the field was retyped)
            else:
                tighter = after > before if _bounds(name) == "up" else after < before
        else:  # pattern and anything else: any change may reject values that passed
            tighter = after is not None
        kind = "constraint-tightened" if tighter else "constraint-loosened"
        changes.append(Change("major" if tighter else "minor", kind, table, where, column=fname))
    return changes


def schema_changes(table: str, old: Resource, new: Resource) -> list[Change]:
    changes: list[Change] = []
    old_fields = {f.name: f for f in old.fields()}
    new_fields = {f.name: f for f in new.fields()}
    for name in old_fields.keys() - new_fields.keys():
        changes.append(Change("major", "field-removed", table, name, column=name))
    for name in new_fields.keys() - old_fields.keys():
        required = new_fields[name].required
        level, kind = ("major", "required-field-added") if required else ("minor", "field-added")
        changes.append(Change(level, kind, table, name, column=name))
    for name in sorted(old_fields.keys() & new_fields.keys()):
        before, after = old_fields[name], new_fields[name]
        for attr in ("type", "format"):
            if _meaning(getattr(before, attr)) != _meaning(getattr(after, attr)):
                detail = f"{name}: {attr} {getattr(before, attr)!r} -> {getattr(after, attr)!r}"
                changes.append(Change("major", "field-retyped", table, detail, column=name))
        changes.extend(
            _constraint_changes(
                table, name, before.constraints.as_written(), after.constraints.as_written()
            )
        )
        docs = [a for a, text in before.docs.items() if after.docs[a] != text]
        if docs:
            changes.append(
                Change(
                    "patch", "field-documented", table, f"{name}: {', '.join(docs)}", column=name
                )
            )
    common = [n for n in old_fields if n in new_fields]
    if common != [n for n in new_fields if n in old_fields]:
        changes.append(Change("major", "fields-reordered", table, " ".join(new_fields)))
    if old.primary_key != new.primary_key:
        detail = f"{list(old.primary_key) or None} -> {list(new.primary_key) or None}"
        changes.append(Change("major", "primary-key-changed", table, detail))
    for fk in new.foreign_keys:
        if fk not in old.foreign_keys:
            changes.append(Change("major", "foreign-key-added", table, str(list(fk.fields))))
    for fk in old.foreign_keys:
        if fk not in new.foreign_keys:
            changes.append(Change("minor", "foreign-key-removed", table, str(list(fk.fields))))
    changes.extend(_declaration_changes(table, old, new))
    return changes


DECLARATIONS = ("checks", "plover")  # a schema's own declarations: domain rules, export roles


def _declaration_changes(table: str, old: Resource, new: Resource) -> list[Change]:
    """A declaration (a domain rule, an export role) added is minor; one removed or changed can
    break what a reader or a fork's release relies on: major."""
    changes = []
    for key in DECLARATIONS:
        before = old.schema.declared(key) if old.schema else {}
        after = new.schema.declared(key) if new.schema else {}
        for name in sorted(set(before) | set(after)):
            if name not in before:
                changes.append(Change("minor", "declaration-added", table, f"{key}.{name}"))
            elif before[name] != after.get(name):
                changes.append(Change("major", "declaration-changed", table, f"{key}.{name}"))
    return changes


def _meaning(value: str | None) -> str | None:
    """A format of "default" means what no format means (the standard's default)."""
    return None if value == "default" else value


def _read(res: Resource) -> pl.DataFrame:
    try:
        return read_text_frame(res)
    except FileNotFoundError:
        raise PackageError.of("missing-file", file=res.relpath) from None
    except OSError as exc:
        raise PackageError.of(
            "missing-file", "unreadable", file=res.relpath, reason=exc.strerror
        ) from None
    except TableReadError as exc:
        raise PackageError.of(
            "unreadable-table", "read-failed", path=res.relpath, reason=str(exc)
        ) from None


def _key_column(frame: pl.DataFrame, key: list[str]) -> pl.Expr:
    return pl.concat_str([pl.col(k).fill_null("") for k in key], separator=" | ").alias("__key")


def row_changes(table: str, old: Resource, new: Resource) -> list[Change]:
    """Rows added, removed and changed, matched by the new schema's primary key."""
    key = list(new.primary_key)
    before, after = _read(old), _read(new)
    if not key or any(k not in before.columns or k not in after.columns for k in key):
        return []  # without a shared key rows cannot be matched; the schema diff says why
    before = before.with_columns(_key_column(before, key))
    after = after.with_columns(_key_column(after, key))
    changes: list[Change] = []
    for side, frame in (("old", before), ("new", after)):
        repeated = frame.height - frame.get_column("__key").n_unique()
        if repeated:  # rows sharing a key would be paired in every combination
            changes.append(
                Change(
                    "none",
                    "key-repeated",
                    table,
                    f"{repeated} {side} row(s) repeat a primary key; only the first row of each "
                    "key is compared (validate the package to see which)",
                )
            )
    before = before.unique(subset="__key", keep="first", maintain_order=True)
    after = after.unique(subset="__key", keep="first", maintain_order=True)
    for k in before.join(after, on="__key", how="anti")["__key"]:
        changes.append(Change("major", "row-removed", table, f"{k} removed", key=k))
    for k in after.join(before, on="__key", how="anti")["__key"]:
        changes.append(Change("minor", "row-added", table, f"{k} added", key=k))
    shared = [c for c in before.columns if c in after.columns and c != "__key" and c not in key]
    # field names may not start with "__", so "__new_" cannot clash with a column of the table
    renamed = {c: f"__new_{c}" for c in shared}
    both = before.select("__key", *shared).join(
        after.select("__key", *shared).rename(renamed), on="__key", how="inner"
    )
    for column in shared:
        differ = both.filter(pl.col(column).ne_missing(pl.col(renamed[column])))
        for k, old_value, new_value in differ.select("__key", column, renamed[column]).iter_rows():
            changes.append(
                Change(
                    "patch",
                    "cell-changed",
                    table,
                    f"{k}.{column}",
                    key=k,
                    column=column,
                    old=old_value,
                    new=new_value,
                )
            )
    return changes


def diff_packages(old: Package, new: Package) -> Diff:
    result = Diff(str(old.metadata.version), str(new.metadata.version))
    for name in old.tables.keys() - new.tables.keys():
        result.changes.append(Change("major", "table-removed", name, name))
    for name in new.tables.keys() - old.tables.keys():
        result.changes.append(Change("minor", "table-added", name, name))
    for name in sorted(old.tables.keys() & new.tables.keys()):
        result.changes.extend(schema_changes(name, old.tables[name], new.tables[name]))
        result.changes.extend(row_changes(name, old.tables[name], new.tables[name]))
    return result


def diff(old_path: str, new_path: str) -> Diff:
    with package_side(old_path) as old, package_side(new_path) as new:
        interrupt.pause("compare")
        return diff_packages(load_package(old), load_package(new))
