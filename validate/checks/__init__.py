"""Domain checks: one family per module, each a function `check(ctx)` yielding Issues."""

from . import codes, coding, dates, events, hygiene, integrity, keys, parents, spans

FILE_CHECKS = (integrity.check, hygiene.check_files)
TABLE_CHECKS = (
    hygiene.check_cells,
    keys.check,
    codes.check,
    coding.check,
    parents.check,
    dates.check,
    events.check,
)
# the longest check, which reads every source text: it runs beside TABLE_CHECKS on a thread
SPAN_CHECK = spans.check

__all__ = ["FILE_CHECKS", "SPAN_CHECK", "TABLE_CHECKS"]
