"""Keys proved unique by their order: one pass over neighbours instead of hashing every key."""

from __future__ import annotations

import polars as pl


def strictly_increasing(frame: pl.DataFrame, key: list[str]) -> bool:
    """True when every row's key, all parts set, sorts after the previous row's.

    Tables are usually written sorted by their key, and then this one pass over neighbours proves
    the key unique without hashing it (hashing millions of strings costs about 10x as much).
    """
    if frame.height < 2 or _any_null(frame, key):
        return frame.height < 2
    return bool(frame.select(_sorts_after(key).slice(1).all()).item())


def sorted_repeats(frame: pl.DataFrame, key: list[str]) -> pl.Series | None:
    """Positions of the rows whose key equals the previous row's, when every key is set and none
    sorts before the previous one (then those are exactly the repeats); else None.

    The streaming engine proves a key unique this way a batch at a time, without holding it.
    """
    if _any_null(frame, key):
        return None
    if not frame.select(_sorts_after(key, or_equal=True).slice(1).all()).item():
        return None
    same = pl.all_horizontal(pl.col(part) == pl.col(part).shift(1) for part in key)
    return frame.select(same.slice(1).arg_true() + 1).to_series()


def _any_null(frame: pl.DataFrame, key: list[str]) -> bool:
    return bool(frame.select(pl.any_horizontal(pl.col(key).is_null().any())).item())


def _sorts_after(key: list[str], *, or_equal: bool = False) -> pl.Expr:
    """Each row's key after the previous row's, lexicographically: (a > a') | (a == a' & rest)."""
    later: pl.Expr | None = None
    for part in reversed(key):
        col, before = pl.col(part), pl.col(part).shift(1)
        if later is None:
            later = (col >= before) if or_equal else (col > before)
        else:
            later = (col > before) | ((col == before) & later)
    assert later is not None
    return later
