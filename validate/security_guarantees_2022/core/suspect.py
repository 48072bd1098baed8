"""The one cheap regex that finds every cell that might break a text-hygiene rule.

The engines screen each table with it; the exact rules (checks/hygiene.py) then run only on the
rows it flags, so every cell that does break a rule is among them.
"""

from __future__ import annotations

import polars as pl

from .nfc import char_class

CONTROL = r"[\x00-\x1f\x7f-\x9f]"  # C0, DEL and C1: what the `control-character` rule finds
# The bidirectional formatting characters ("Trojan Source"): embeddings and overrides
# (U+202A-U+202E), isolates (U+2066-U+2069) and the invisible marks (U+200E, U+200F, U+061C).
# Rust's and Java's regex syntax alike.
BIDI = r"[\x{61C}\x{200E}\x{200F}\x{202A}-\x{202E}\x{2066}-\x{2069}]"
SUSPECT = r"^[=+\-@\s]|" + CONTROL + "|" + BIDI + r"|\s$|" + char_class()


def suspect(column: str) -> pl.Expr:
    """True where a cell might break a hygiene rule; every cell that does is among them."""
    return pl.col(column).str.contains(SUSPECT).fill_null(False)
