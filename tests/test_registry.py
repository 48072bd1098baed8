"""The rule registry (validate/security_guarantees_2022/checks/registry.py): every rule has a broken fixture and a body for
every engine, or says why not; and a rule registered in one place is run by every engine, or
refused with a code by the one that cannot run it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import polars as pl
import pytest

from security_guarantees_2022.checks import RULES, Rule, Use, registered
from security_guarantees_2022.checks.registry import STREAMING, spark_bodies
from security_guarantees_2022.core.context import Context
from security_guarantees_2022.core.descriptor import Package, load_package
from security_guarantees_2022.core.issue_codes import ALL
from security_guarantees_2022.core.report import Issue, PackageError
from security_guarantees_2022.engines.run import run_checks
from tests.support import set_cell
from tests.test_broken_fixtures import CASES, COLUMN_CASES, golden
from tests.test_spark import spark  # noqa: F401  (the Spark session fixture)


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.name)
def test_every_rule_has_a_broken_fixture_and_every_engine(rule: Rule) -> None:
    assert set(rule.codes) <= set(ALL), "a rule yields registered codes only"
    for case in rule.cases():
        assert case in CASES or case in COLUMN_CASES, f"{rule.name}: no broken fixture {case!r}"
        _, expected = CASES.get(case) or COLUMN_CASES[case]
        assert {code for code, *_ in expected} & set(rule.codes), f"{case!r} breaks another rule"
    assert rule.streaming in STREAMING
    assert rule.spark or rule.no_spark, f"{rule.name}: a Spark body, or why there is none"
    if rule.spark:  # names a module and a function (imported only by the Spark engine)
        module, _, function = rule.spark.partition(":")
        assert module and function


def test_every_rule_applies_to_the_bundled_package() -> None:
    """Each rule has a place in the package it ships with, so the golden report runs each."""
    package = load_package()
    assert all(list(rule.uses(package)) for rule in RULES)


def test_each_finding_code_of_a_check_belongs_to_one_rule() -> None:
    codes = [code for rule in RULES for code in rule.codes]
    assert len(codes) == len(set(codes))


# A made-up rule, declared in this one place: no statement's speaker is its own target. It reads
# the speaker's name from another table, so the streaming engine must hold what it declares.
def _speakers_as_targets(package: Package) -> Iterator[Use]:
    yield Use(
        "statements",
        {"statement_id", "speaker_id", "target_id"},
        {"actors": {"actor_id", "name"}},
    )


def _polars_body(ctx: Context, use: Use) -> Iterator[Issue]:
    if "actors" not in ctx.typed:
        return
    names = ctx.typed["actors"].select(pl.col("actor_id").alias("speaker_id"), "name")
    frame = ctx.rows(ctx.typed[use.table].select("statement_id", "speaker_id", "target_id"))
    found = frame.filter(pl.col("speaker_id") == pl.col("target_id")).join(names, on="speaker_id")
    for record in found.sort("__row").iter_rows(named=True):
        yield _worded(use.table, record)


def _worded(name: str, record: dict[str, Any]) -> Issue:
    """The one wording both bodies use."""
    return Issue.of(
        "self-dyad",
        name,
        row=record["__row"],
        column="target_id",
        value=record["name"],
        source_role="speaker",
        role="target",
        event=record["statement_id"],
    )


def spark_body(t: Any, use: Use) -> Iterator[Any]:
    """The made-up rule's Spark body (imported by name, as the registry's are)."""
    from pyspark.sql import functions as F

    from security_guarantees_2022.spark.checks import Found
    from security_guarantees_2022.spark.tables import ROW

    names = t.typed("actors").select(F.col("actor_id").alias("__speaker"), "name")
    rows = t.typed(use.table).where(F.col("speaker_id") == F.col("target_id"))
    rows = rows.join(names, rows["speaker_id"] == names["__speaker"])
    yield Found("self-dyad", use.table, rows.select(ROW, "statement_id", "name"), _body(use))


def _body(use: Use) -> Any:
    return lambda record: _worded(use.table, record)


def made_up(spark_body: str | None = None) -> Rule:
    return Rule(
        "speaker-not-target",
        ("self-dyad",),
        _speakers_as_targets,
        _polars_body,
        spark=spark_body,
        no_spark="" if spark_body else "a made-up rule with no Spark body",
    )


MADE_UP_ISSUE = [("self-dyad", "statements", 2, "target_id")]


def _broken(tiny_package: Path) -> Path:
    set_cell(tiny_package, "statements", 2, "target_id", "lavrov")  # s001: Lavrov speaks
    return tiny_package


def test_a_rule_registered_in_one_place_runs_on_the_default_and_streaming_engines(
    tiny_package: Path,
) -> None:
    package = _broken(tiny_package)
    assert golden(run_checks(package, second=False)[0]) == []  # no rule of the registry sees it
    with registered(made_up()):
        default = run_checks(package, second=False)[0]
        streamed = run_checks(package, second=False, streaming=True, batch_rows=1)[0]
    assert golden(default) == golden(streamed) == MADE_UP_ISSUE
    assert default.issues[0].message == "'Lavrov' is both speaker and target of event 's001'"
    assert default.to_dict()["issues"] == streamed.to_dict()["issues"]
    assert golden(run_checks(package, second=False)[0]) == []  # unregistered with the block


def test_the_spark_engine_refuses_a_rule_without_a_spark_body(tiny_package: Path) -> None:
    """Before Spark does any work: the rule applies to the package, and has no Spark body."""
    package = load_package(tiny_package)
    with registered(made_up()), pytest.raises(PackageError) as caught:
        spark_bodies([(rule, use) for rule in RULES for use in rule.uses(package)])
    assert caught.value.code == "unsupported-rule"
    assert str(caught.value) == (
        "the spark engine cannot run the rule 'speaker-not-target' (self-dyad): a made-up rule "
        "with no Spark body; validate with the default engine"
    )


@pytest.mark.spark
def test_the_spark_engine_runs_a_registered_spark_body_or_refuses_the_rule(
    spark: Any,  # noqa: F811  (the fixture imported from test_spark)
    tiny_package: Path,
) -> None:
    from security_guarantees_2022.spark.engine import SparkEngine

    package = _broken(tiny_package)
    with registered(made_up()), pytest.raises(PackageError) as caught:
        run_checks(package, second=False, engine=SparkEngine(spark))
    assert caught.value.code == "unsupported-rule"
    with registered(made_up(f"{__name__}:spark_body")):
        local = run_checks(package, second=False)[0]
        on_spark = run_checks(package, second=False, engine=SparkEngine(spark))[0]
    assert golden(on_spark) == golden(local) == MADE_UP_ISSUE
    assert on_spark.to_dict()["issues"] == local.to_dict()["issues"]


def test_a_rule_naming_a_table_the_package_lacks_is_a_fault_not_a_silent_skip(
    tiny_package: Path,
) -> None:
    def nowhere(package: Package) -> Iterator[Use]:
        yield Use("statements", {"speaker_id"}, {"nowhere": {"id"}})

    rule = Rule("nowhere", ("self-dyad",), nowhere, _polars_body, no_spark="a test's")
    for streaming in (False, True):
        with registered(rule), pytest.raises(ValueError, match="nowhere"):
            run_checks(tiny_package, second=False, streaming=streaming)
