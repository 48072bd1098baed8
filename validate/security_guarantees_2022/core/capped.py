"""The issues one run collects, capped per table and code so memory stays bounded."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from .report import Issue

MAX_PER_CODE = 10_000  # issues of one code in one table that are listed


class CappedIssues(list[Issue]):
    """The report's issues, at most MAX_PER_CODE per table and code; the rest are counted.

    Memory stays in proportion to what a reader can use, whatever a broken file holds; one
    `issues-truncated` issue per capped table and code says how many were left out.
    """

    def __init__(self) -> None:
        super().__init__()
        self.counts: Counter[tuple[str | None, str]] = Counter()

    def extend(self, issues: Iterable[Issue]) -> None:
        for issue in issues:
            key = (issue.table, issue.code)
            self.counts[key] += 1
            if self.counts[key] <= MAX_PER_CODE or issue.code == "issues-truncated":
                self.append(issue)

    def absorb(self, other: CappedIssues) -> None:
        """Take another collector's issues and its counts of those it left out."""
        self.extend(other)
        for key, count in other.counts.items():
            self.counts[key] += count - min(count, MAX_PER_CODE)

    def summaries(self) -> list[Issue]:
        return [
            Issue.of(
                "issues-truncated",
                table,
                value=code,
                count=count - MAX_PER_CODE,
                what=f"{code} issues are not listed",
                limit=MAX_PER_CODE,
                per="per code and table",
            )
            for (table, code), count in sorted(self.counts.items(), key=str)
            if count > MAX_PER_CODE and code != "issues-truncated"
        ]
