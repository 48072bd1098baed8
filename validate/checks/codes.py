"""Every code column resolves in the vocabulary tables that travel with the package."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..context import Context
from ..descriptor import foreign_keys
from ..report import Issue
from .keys import describe, unmatched


def check(ctx: Context) -> Iterator[Issue]:
    for name, res in ctx.package.tables.items():
        if name not in ctx.typed:
            continue
        for fields, target, ref_fields in foreign_keys(res):
            if target not in ctx.typed or not ctx.package.resources[target].is_vocabulary:
                continue
            for record in unmatched(ctx, name, fields, target, ref_fields).iter_rows(named=True):
                yield unknown_code_issue(name, fields, target, record)


def unknown_code_issue(name: str, fields: list[str], target: str, record: dict[str, Any]) -> Issue:
    value = describe(record, fields)
    return Issue(
        "unknown-code",
        name,
        f"{value!r} is not a code in the {target} vocabulary",
        row=record["__row"],
        column=", ".join(fields),
        value=value,
    )
