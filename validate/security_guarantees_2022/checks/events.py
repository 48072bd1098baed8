"""Events as the schemas declare them: no actor on both sides of one event (`checks.dyad`), and no
allegation coded as an event that happened (`checks.occurrence`)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import polars as pl

from ..core.context import Context
from ..core.model import Dyad, Occurrence
from ..core.report import Issue


def self_dyads(ctx: Context, name: str, dyad: Dyad) -> Iterator[Issue]:
    """Rows naming an actor in a target role of an event that names the same actor in a source
    role (`checks.dyad`); the target row is reported."""
    frame = ctx.rows(ctx.typed[name].select(dyad.event, dyad.actor, dyad.role))
    sources = (
        frame.filter(pl.col(dyad.role).is_in(list(dyad.sources)))
        .group_by(dyad.event, dyad.actor)
        .agg(pl.col(dyad.role).min().alias("__source_role"))
    )
    targets = frame.filter(pl.col(dyad.role).is_in(list(dyad.targets)))
    both = targets.join(sources, on=[dyad.event, dyad.actor], how="inner").sort("__row")
    for record in both.iter_rows(named=True):
        yield self_dyad_issue(name, dyad, record)


def self_dyad_issue(name: str, dyad: Dyad, record: dict[str, Any]) -> Issue:
    """A target row (with `__source_role`, the actor's source role in the event)."""
    return Issue.of(
        "self-dyad",
        name,
        row=record["__row"],
        column=dyad.actor,
        value=record[dyad.actor],
        source_role=record["__source_role"],
        role=record[dyad.role],
        event=record[dyad.event],
    )


def uncommitted_events(ctx: Context, name: str, rule: Occurrence) -> Iterator[Issue]:
    """Rows with an event code and an occurred status whose factuality is not a committed one
    (`checks.occurrence`): they would be exported as events that happened."""
    frame = ctx.rows(ctx.typed[name].select(rule.code, rule.status, rule.factuality))
    found = frame.filter(
        pl.col(rule.code).is_not_null()
        & pl.col(rule.status).is_in(list(rule.occurred))
        & ~pl.col(rule.factuality).is_in(list(rule.committed))
    )
    for record in found.iter_rows(named=True):
        yield uncommitted_issue(name, rule, record)


def uncommitted_issue(name: str, rule: Occurrence, record: dict[str, Any]) -> Issue:
    return Issue.of(
        "uncommitted-event-coded",
        name,
        row=record["__row"],
        column=rule.factuality,
        value=record[rule.factuality],
        committed=" or ".join(rule.committed),
        event_code=record[rule.code],
        status=record[rule.status],
    )
