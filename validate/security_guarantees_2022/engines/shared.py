"""What every engine shares: the Engine type, and how flagged rows and unreadable tables become
issues (so the engines word them alike)."""

from __future__ import annotations

from collections.abc import Callable

import polars as pl

from ..core.capped import CappedIssues
from ..core.context import Context
from ..core.descriptor import Resource
from ..core.exact import TableReadError
from ..core.report import Issue
from ..core.scans import first_bad_utf8

MAX_EXPLAINED_ROWS = 20_000  # flagged rows of one table that are explained cell by cell

Engine = Callable[[Context, CappedIssues, Callable[[str], None]], None]


def explained(res: Resource, flagged: pl.DataFrame, columns: list[str], count: int) -> list[Issue]:
    """The schema's issues in the flagged rows (at most MAX_EXPLAINED_ROWS of the `count`) and in
    the header `columns`; one issues-truncated issue counts the rows left unexplained."""
    if flagged.is_empty() and res.schema is not None and res.schema.header_fits(columns):
        return []
    # pandera: imported only when there is work for it
    from ..core.schema_checks import schema_issues

    rows = flagged.get_column("__row").to_list()
    issues = list(schema_issues(res, flagged.drop("__row"), rows))
    unexplained = max(0, count - MAX_EXPLAINED_ROWS)
    if unexplained:
        issues.append(unexplained_issue(res.name, unexplained))
    return issues


def read_error_issue(res: Resource, exc: TableReadError, data: bytes | None = None) -> Issue:
    """A table that cannot be read: not UTF-8, or not CSV (both engines report it so)."""
    bad_at = first_bad_utf8(res.path if data is None else data)
    if bad_at is not None:
        return Issue.of("encoding", res.name, file=res.relpath, offset=bad_at)
    return Issue.of("malformed-csv", res.name, reason=exc)


def unexplained_issue(name: str, unexplained: int) -> Issue:
    return Issue.of(
        "issues-truncated",
        name,
        value=str(unexplained),
        count=unexplained,
        what="rows break a schema or hygiene rule and are not explained",
        limit=MAX_EXPLAINED_ROWS,
        per="rows are explained per table",
    )
