"""Every code column resolves in the vocabulary tables that travel with the package."""

from __future__ import annotations

from collections.abc import Iterator

from ..core.context import Context
from ..core.lookup import describe, unmatched
from ..core.model import ForeignKey
from ..core.report import Issue


def check(ctx: Context) -> Iterator[Issue]:
    for name, res in ctx.package.tables.items():
        if name not in ctx.typed:
            continue
        for fk in res.foreign_keys:
            yield from unknown_codes(ctx, name, fk)


def unknown_codes(ctx: Context, name: str, fk: ForeignKey) -> Iterator[Issue]:
    """Rows of `name` whose key into a vocabulary table is absent from it."""
    target = fk.resource
    if target not in ctx.typed or not ctx.package.resources[target].is_vocabulary:
        return
    for record in unmatched(ctx, name, fk).iter_rows(named=True):
        value = describe(record, fk.fields)
        yield Issue.of(
            "unknown-code",
            name,
            target=target,
            row=record["__row"],
            column=", ".join(fk.fields),
            value=value,
        )
