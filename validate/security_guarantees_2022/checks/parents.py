"""Self-references (parent_id, affiliation_id, reported_by) must form trees, never cycles."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import numpy as np
import polars as pl

from ..core.context import Context
from ..core.lookup import positions_in
from ..core.model import ForeignKey
from ..core.report import Issue


def find_cycles(parent_of: dict[object, object]) -> list[list[object]]:
    """Each cycle once, in the order met; a node pointing to itself is a cycle of one."""
    state: dict[object, int] = {}  # 1 = on the current path, 2 = done
    cycles = []
    for start in parent_of:
        path, node = [], start
        while node is not None and node in parent_of and state.get(node) is None:
            state[node] = 1
            path.append(node)
            node = parent_of[node]
        if node is not None and state.get(node) == 1:
            cycles.append(path[path.index(node) :])
        for visited in path:
            state[visited] = 2
    return cycles


def leads_to_a_cycle(ids: pl.Series, parents: pl.Series) -> np.ndarray:
    """Which rows never reach a root by following parents, found by pointer doubling.

    After k rounds each row points 2**k steps up (or to -1 past a root); rows still pointing
    somewhere after the chains could have ended are on, or lead into, a cycle. Usually there are
    none, so the exact walk in find_cycles runs on an empty or tiny remainder.
    """
    up = positions_in(ids, parents).fill_null(-1).to_numpy()
    for _ in range(max(1, len(up)).bit_length() + 1):
        alive = up >= 0
        if not alive.any():
            break
        up = np.where(alive, up[np.where(alive, up, 0)], -1)
    return up >= 0


def cycles(ctx: Context, name: str, fk: ForeignKey) -> Iterator[Issue]:
    """The cycles of a one-column self-reference (`fk` into `name` itself: the registry says
    which keys are)."""
    fields, ref_fields = fk.fields, fk.reference
    frame = ctx.rows(ctx.typed[name]).select(
        "__row", pl.col(ref_fields[0]).alias("id"), pl.col(fields[0]).alias("parent")
    )
    frame = frame.filter(pl.col("parent").is_not_null() & pl.col("id").is_not_null())
    frame = frame.filter(pl.Series(leads_to_a_cycle(frame["id"], frame["parent"])))
    yield from cycle_issues(
        name,
        fields[0],
        frame["id"].to_list(),
        frame["parent"].to_list(),
        frame["__row"].to_list(),
    )


def cycle_issues(
    name: str, column: str, ids: list[Any], parents: list[Any], rows: list[int]
) -> Iterator[Issue]:
    """Each cycle among the rows that lead to one, walked and reported alike by both engines."""
    parent_of = dict(zip(ids, parents, strict=True))
    row_of = dict(zip(ids, rows, strict=True))
    for cycle in find_cycles(parent_of):
        chain = " -> ".join(str(n) for n in [*cycle, cycle[0]])
        yield Issue.of(
            "parent-cycle",
            name,
            chain=chain,
            row=row_of[cycle[0]],
            column=column,
            value=str(cycle[0]),
        )
