"""The conformance suite: every case of tests/conformance/cases.py through this validator's
default and streaming engines and through frictionless 5, on the same tiny package.

(a) Never valid where the standard says invalid, never a crash, and the expected code (or a
coded refusal where differences.py allows one). (b) The same verdict as frictionless, except
for the differences listed, with their reasons, in tests/conformance/differences.py.
An engine other than the default may refuse a property up front that the default engine reads
(`unsupported-property` naming that engine), as the engines' shared rule allows; a refusal is
never a false valid. The Spark variant (marked spark) runs every third case in one session:
about two seconds a case on a local session, so all of them would take some ten minutes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.conformance.cases import CASES, Case
from tests.conformance.differences import DIFFERENCES, KINDS
from tests.conformance.harness import Outcome, build, frictionless_outcome, ours, spark_engine
from tests.conftest import require_spark

ENGINES = ("default", "streaming")
BY_ID = {case.id: case for case in CASES}
SPARK_CASES = CASES[::3]  # every section of cases.py is represented


def kinds(case: Case) -> dict[str, str]:
    return {d.kind: d.reason for d in DIFFERENCES.get(case.id, [])}


def against_spec(case: Case, got: Outcome) -> str | None:
    """What is wrong with this validator's outcome, by the standard's verdict (None: nothing)."""
    listed = kinds(case)
    if got.refused == "unsupported-property":
        return None if "may-refuse" in listed else f"refused, not listed as may-refuse: {got}"
    if not case.valid:
        if got.valid:
            return "FALSE VALID: the standard says invalid"
        if not got.codes & set(case.expect):
            return f"expected one of {list(case.expect)}, got {got}"
        found = {(code, row) for code, row, _ in got.issues}
        missing = [w for w in case.where if w not in found]
        return f"missing findings {missing}, got {got}" if missing else None
    if case.expect:  # deliberately stricter
        if "stricter" not in listed:
            return "a stricter verdict that differences.py does not list"
        return None if got.codes & set(case.expect) else f"expected {list(case.expect)}, got {got}"
    return None if got.valid else f"false invalid: the standard says valid, got {got}"


def against_frictionless(case: Case, got: Outcome, theirs: Outcome) -> str | None:
    """What differs from frictionless's verdict and is not listed (None: nothing)."""
    listed = kinds(case)
    if got.refused == "unsupported-property" and "may-refuse" in listed:
        return None
    if "stricter" in listed:
        ok = theirs.valid and not got.valid
        return None if ok else f"listed as stricter, but frictionless says {theirs}"
    if "frictionless" in listed:
        ok = theirs.valid != case.valid
        return None if ok else f"listed as a frictionless deviation, but it says {theirs}"
    if got.valid != theirs.valid:
        return f"verdicts differ: frictionless says {theirs}"
    return None


def refused_by_engine(got: Outcome, engine: str, default: Outcome) -> bool:
    """This engine refuses up front what the default engine reads (the engines' shared rule)."""
    return (
        got.refused == "unsupported-property"
        and f"by the {engine} engine" in got.message
        and default.refused != "unsupported-property"
    )


def problems_of(case: Case, got: Outcome, theirs: Outcome) -> list[str]:
    found = (against_spec(case, got), against_frictionless(case, got, theirs))
    return [problem for problem in found if problem]


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_case(case: Case, tmp_path: Path) -> None:
    path = build(case, tmp_path / "package")
    theirs = frictionless_outcome(path)
    default = ours(path, "default")
    problems = [f"default: {p}" for p in problems_of(case, default, theirs)]
    for engine in ENGINES[1:]:
        got = ours(path, engine)
        if not refused_by_engine(got, engine, default):
            problems += [f"{engine}: {p}" for p in problems_of(case, got, theirs)]
    assert not problems, f"{case.spec}\n" + "\n".join(problems)


@pytest.fixture(scope="module")
def on_spark() -> Iterator[Callable[[Path], Outcome]]:
    """One local Spark session for every case (starting one costs seconds)."""
    require_spark()
    from security_guarantees_2022.spark.session import spark_session

    session = spark_session("local[1]")
    yield spark_engine(session)
    session.stop()


@pytest.mark.spark
@pytest.mark.parametrize("case", SPARK_CASES, ids=[case.id for case in SPARK_CASES])
def test_case_on_spark(case: Case, tmp_path: Path, on_spark: Callable[[Path], Outcome]) -> None:
    path = build(case, tmp_path / "package")
    theirs = frictionless_outcome(path)
    got = on_spark(path)
    if refused_by_engine(got, "spark", ours(path, "default")):
        return
    problems = problems_of(case, got, theirs)
    assert not problems, f"{case.spec}\nspark: " + "\n".join(problems)


def test_the_suite_is_large_and_every_case_is_named_once() -> None:
    assert len(CASES) >= 150
    assert len(BY_ID) == len(CASES)
    assert all(case.spec for case in CASES)


def test_every_listed_difference_names_a_case_and_says_why() -> None:
    for case_id, differences in DIFFERENCES.items():
        assert case_id in BY_ID, case_id
        for difference in differences:
            assert difference.kind in KINDS and len(difference.reason) > 20, case_id


def test_every_stricter_case_is_listed() -> None:
    stricter = {case.id for case in CASES if case.valid and case.expect}
    listed = {i for i, ds in DIFFERENCES.items() if any(d.kind == "stricter" for d in ds)}
    assert stricter == listed
