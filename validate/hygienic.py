"""Whether every string a field's pattern accepts is clean for the cell-hygiene rules.

Identifier columns carry patterns such as `^[a-z0-9]+(?:-[a-z0-9]+)*$`. A string matching one
is printable ASCII without spaces and cannot start with = + - @, so it can break no hygiene rule,
and a row whose id breaks the pattern is flagged by the pattern rule anyway. The screen can then
skip the hygiene pre-filter on that column, which is a large share of its work.

The answer must never be a wrong "yes". polars matches with Rust's regex engine and this reads
the pattern with Python's parser, so only a plain subset of the syntax, where the two agree, is
analysed: literals, bracket classes of literals and ranges, groups, alternation, repetition and
anchors. Anything else (escapes, `.`, negated or POSIX classes, flags) gets "no".
"""

from __future__ import annotations

import re
from typing import Any

PLAIN = re.compile(r"[A-Za-z0-9^$()|?*+{},:\[\]_/-]*")
UNSURE = ("[:", "[[", "&&", "--", "~~", "(?", "[^")
FORMULA = {ord(c) for c in "=+-@"}
PRINTABLE = set(range(0x21, 0x7F))


def pattern_is_hygienic(pattern: str) -> bool:
    """True only if every string fully matching `pattern` passes every cell-hygiene rule."""
    body = pattern.replace("(?:", "(")
    if not PLAIN.fullmatch(body) or any(u in body for u in UNSURE):
        return False
    try:
        from re import _parser  # type: ignore[attr-defined]

        tree = _parser.parse(f"^(?:{pattern})$")
    except Exception:
        return False
    found = _walk(list(tree))
    if found is None:
        return False
    alphabet, first, _ = found
    return alphabet <= PRINTABLE and not (first & FORMULA)


def _walk(items: list[Any]) -> tuple[set[int], set[int], bool] | None:
    """(characters used, possible first characters, matches empty) of a sequence, or None."""
    alphabet: set[int] = set()
    first: set[int] = set()
    nullable = True
    for op, arg in items:
        part = _node(str(op), arg)
        if part is None:
            return None
        chars, starts, empty = part
        alphabet |= chars
        if nullable:
            first |= starts
        nullable = nullable and empty
    return alphabet, first, nullable


def _node(op: str, arg: Any) -> tuple[set[int], set[int], bool] | None:
    if op == "LITERAL":
        return {arg}, {arg}, False
    if op == "IN":
        chars: set[int] = set()
        for kind, value in arg:
            if str(kind) == "LITERAL":
                chars.add(value)
            elif str(kind) == "RANGE":
                chars.update(range(value[0], value[1] + 1))
            else:
                return None
        return chars, chars, False
    if op == "AT":
        return set(), set(), True
    if op in ("MAX_REPEAT", "MIN_REPEAT"):
        low, _, sub = arg
        inner = _walk(list(sub))
        return None if inner is None else (inner[0], inner[1], low == 0 or inner[2])
    if op == "SUBPATTERN":
        _, add_flags, del_flags, sub = arg
        return None if add_flags or del_flags else _walk(list(sub))
    if op == "BRANCH":
        parts = [_walk(list(sub)) for sub in arg[1]]
        if any(p is None for p in parts):
            return None
        return (
            set().union(*(p[0] for p in parts if p)),
            set().union(*(p[1] for p in parts if p)),
            any(p[2] for p in parts if p),
        )
    return None
