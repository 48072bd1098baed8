"""Domain checks: one family per module, each a function `check(ctx)` yielding Issues."""

from . import codes, dates, hygiene, integrity, keys, parents, spans

FILE_CHECKS = (integrity.check, hygiene.check_files)
TABLE_CHECKS = (
    hygiene.check_cells,
    keys.check,
    codes.check,
    parents.check,
    spans.check,
    dates.check,
)

__all__ = ["FILE_CHECKS", "TABLE_CHECKS"]
