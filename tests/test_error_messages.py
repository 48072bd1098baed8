"""Every unusable-input message is written once, as its code's template for one case.

The tool's source is read as Python (ast): each `PackageError.of(code, case, facts...)` must
name a registered code and case, and pass exactly the facts its template asks for; each
template must be used somewhere, so the table of messages holds no dead sentences.
"""

from __future__ import annotations

import ast
import string
from pathlib import Path

import pytest

from security_guarantees_2022.core.error_messages import MESSAGES
from security_guarantees_2022.core.issue_codes import UNUSABLE
from security_guarantees_2022.core.report import PackageError, unusable_message

PACKAGE = Path(__file__).resolve().parents[1] / "validate" / "security_guarantees_2022"


def placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name} - {"command"}


def template_of(code: str, case: str) -> str:
    return MESSAGES[(code, case)] if case else UNUSABLE[code].message


def of_calls() -> list[tuple[str, int, ast.Call]]:
    """Each `PackageError.of(...)` call in the tool, with where it is."""
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "of"
                and isinstance(node.func.value, ast.Name)
                and node.func.value.id == "PackageError"
            ):
                found.append((path.relative_to(PACKAGE).as_posix(), node.lineno, node))
    return found


def literal_args(call: ast.Call) -> tuple[str, str]:
    args = [a.value for a in call.args if isinstance(a, ast.Constant) and isinstance(a.value, str)]
    assert len(args) == len(call.args) and 1 <= len(args) <= 2, "code and case are literals"
    return args[0], (args[1] if len(args) == 2 else "")


CALLS = of_calls()


@pytest.mark.parametrize("where,line,call", CALLS, ids=[f"{w}:{n}" for w, n, _ in CALLS])
def test_each_call_names_a_case_and_gives_its_facts(where: str, line: int, call: ast.Call) -> None:
    code, case = literal_args(call)
    assert code in UNUSABLE, f"{where}:{line}: {code!r} is not an unusable-input code"
    assert case == "" or (code, case) in MESSAGES, f"{where}:{line}: no case {case!r} of {code!r}"
    assert all(k.arg for k in call.keywords), f"{where}:{line}: facts are named, not **spread"
    given = {k.arg for k in call.keywords}
    assert given == placeholders(template_of(code, case)), f"{where}:{line}"


def test_every_case_is_used_and_belongs_to_a_registered_code() -> None:
    used = {literal_args(call) for _, _, call in of_calls()}
    assert {code for code, _ in MESSAGES} <= set(UNUSABLE)
    assert set(MESSAGES) <= used, f"templates no code path uses: {sorted(set(MESSAGES) - used)}"


def test_a_case_is_filled_from_its_facts_and_an_unknown_case_is_a_fault() -> None:
    error = PackageError.of("missing-file", file="data/x.csv")
    assert (error.code, error.message) == ("missing-file", "data/x.csv not found")
    with pytest.raises(ValueError, match="no message"):
        unusable_message("invalid-schema", "no-such-case", {})
    with pytest.raises(ValueError, match="name a case"):
        unusable_message("invalid-schema", "", {})


def test_no_unusable_input_message_is_written_at_its_call_site() -> None:
    """Outside report.py (which defines `of`), nothing constructs a PackageError directly from
    a code and prose: every message is a template of error_messages or the registry."""
    direct = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if path.name == "report.py" and path.parent.name == "core":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id == "PackageError"
            ):
                direct.append(f"{path.relative_to(PACKAGE)}:{node.lineno}")
    assert direct == []
