"""Typed results: every check yields Issues; a Report gathers them all at once."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from .error_messages import MESSAGES
from .home import COMMAND
from .issue_codes import ALL, UNUSABLE


@dataclass(frozen=True)
class Issue:
    """One finding. `row` counts like frictionless: the file's records from 1, the header,
    blank and comment rows included (the first data row under a one-row header is row 2)."""

    code: str
    table: str | None
    message: str
    row: int | None = None
    column: str | None = None
    value: str | None = None

    def __post_init__(self) -> None:
        if self.code not in ALL:
            raise ValueError(f"unregistered issue code {self.code!r}")

    @classmethod
    def of(
        cls,
        code: str,
        table: str | None,
        *,
        row: int | None = None,
        column: str | None = None,
        value: str | None = None,
        **details: Any,
    ) -> Issue:
        """An issue whose message is its code's template (issue_codes) filled with what was found."""
        if code not in ALL:
            raise ValueError(f"unregistered issue code {code!r}")
        message = ALL[code].message.format(column=column, value=value, command=COMMAND, **details)
        return cls(code, table, message, row=row, column=column, value=value)

    def sort_key(self) -> tuple[str, int, str, str]:
        return (self.table or "", self.row or 0, self.column or "", self.code)


def field_anchor(table: str, name: str) -> str:
    """The stable id of a field on its table's page of the docs site: `statements.said_on`."""
    return f"{table}.{name}"


def docs_link(issue: Issue) -> str:
    """Where the docs site explains an issue: its field's rules, else its code's meaning."""
    if issue.table and issue.column and "," not in issue.column:
        return f"tables/{issue.table}.html#{field_anchor(issue.table, issue.column)}"
    return code_link(issue.code)


def code_link(code: str) -> str:
    return f"validation.html#code-{code}"


@dataclass
class Report:
    """Everything found in one run; `valid` is derived, never set."""

    package: str
    issues: list[Issue] = field(default_factory=list)
    second_opinion: dict[str, Any] = field(default_factory=dict)
    declared_checks: dict[str, list[str]] = field(default_factory=dict)  # rule -> tables

    @property
    def valid(self) -> bool:
        return not self.issues

    def codes(self) -> list[str]:
        return sorted({issue.code for issue in self.issues})

    def to_dict(self) -> dict[str, Any]:
        return {
            "package": self.package,
            "valid": self.valid,
            "issue_count": len(self.issues),
            "issues": [
                {**asdict(issue), "docs": docs_link(issue)}
                for issue in sorted(self.issues, key=Issue.sort_key)
            ],
            "second_opinion": self.second_opinion,
            "declared_checks": self.declared_checks,
        }


class PackageError(Exception):
    """The input cannot be validated at all (exit code 2). Made by `of`, which words it."""

    def __init__(self, code: str, message: str) -> None:
        if code not in UNUSABLE:
            raise ValueError(f"unregistered unusable-input code {code!r}")
        super().__init__(message)
        self.code = code
        self.message = message

    @classmethod
    def of(cls, code: str, case: str = "", /, **facts: Any) -> PackageError:
        """The error of `code` in the situation `case`, worded by that case's template
        (error_messages.MESSAGES; the empty case is the code's own template in the registry)
        filled with the facts found."""
        return cls(code, unusable_message(code, case, facts))


def unusable_message(code: str, case: str, facts: dict[str, Any]) -> str:
    """The template of (code, case) filled with `facts`; an unknown pair is a fault of the tool."""
    if code not in UNUSABLE:
        raise ValueError(f"unregistered unusable-input code {code!r}")
    if case:
        template = MESSAGES.get((code, case))
        if template is None:
            raise ValueError(f"no message for {code!r} in the case {case!r}")
    else:
        template = UNUSABLE[code].message
        if template == "{detail}":
            raise ValueError(f"{code!r} has no template of its own: name a case")
    return template.format(command=COMMAND, **facts)


class InvalidPackageError(Exception):
    """The package did not validate; `report` says why and `error` says it as one coded line."""

    def __init__(self, report: Report) -> None:
        self.error = PackageError.of(
            "invalid-package",
            "not-valid",
            package=report.package,
            count=len(report.issues),
            codes=", ".join(report.codes()),
        )
        super().__init__(self.error.message)
        self.report = report
