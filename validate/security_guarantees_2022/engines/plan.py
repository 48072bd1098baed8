"""The streaming engine's plan: every registered rule at every place it applies as a Unit (the
columns it reads and what it needs of other tables, as the rule declares them), and the order
in which tables are read so that what a unit needs is held before it runs."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from ..checks import Rule, Use, rule_uses
from ..checks.registry import unsupported
from ..core.context import Context
from ..core.descriptor import Package
from ..core.report import Issue

Run = Callable[[Context], Iterable[Issue]]


@dataclass
class Unit:
    """One check of one table: the columns of it that the check reads, the columns of other
    tables (or of itself, for a reference to itself) that it needs whole, and the check."""

    table: str
    columns: set[str]
    needs: dict[str, set[str]]
    run: Run


Way = Callable[[Rule, Use], list["Unit"]]  # a rule the streamer runs its own way, as Units


def units_of(package: Package, ways: dict[str, Way]) -> list[Unit]:
    """Every registered rule at every place it applies (validate/security_guarantees_2022/checks/registry.py), as Units.

    A rule streamed in "batches" is one Unit of its declared columns and needs, running its polars
    body; a rule streamed another way is turned into Units by `ways` (the streamer's own), and a
    way the streamer lacks is refused (`unsupported-rule`), never skipped."""
    found: list[Unit] = []
    for rule, use in rule_uses(package):
        if rule.streaming == "batches":
            needs = {table: set(columns) for table, columns in use.needs.items()}
            found.append(Unit(use.table, set(use.columns), needs, _bind(rule.polars, use)))
        elif rule.streaming in ways:
            found.extend(ways[rule.streaming](rule, use))
        else:
            raise unsupported("streaming", rule, f"no way to stream {rule.streaming!r}")
    return found


def _bind(check: Callable[..., Iterable[Issue]], *args: Any) -> Run:
    return lambda ctx: check(ctx, *args)


def reading_order(package: Package, units: list[Unit]) -> list[str]:
    """Tables after the tables they need (as far as a cycle allows: then the package's order)."""
    after: dict[str, set[str]] = {name: set() for name in package.tables}
    for unit in units:
        after[unit.table] |= {t for t in unit.needs if t != unit.table and t in after}
    order: list[str] = []
    while len(order) < len(after):
        left = [t for t in after if t not in order]
        ready = [t for t in left if after[t] <= set(order)]
        order.append((ready or left)[0])
    return order
