"""Where the PLOVER export finds what it reads: each table by the role its schema declares.

The schemas declare the export's roles under `plover` (core/plover_roles.py) and the rest under
`checks` (a row's span and coding, an event's occurrence, the participants' dyad, the source
texts, the PLOVER types); this module finds the one table of each role and gives its rows under
the role's names, so the export never names a table or a column of this package. A role no
table declares stops the export by name (`export-missing-table`, `export-missing-column`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import polars as pl

from ..core.descriptor import Package, Resource
from ..core.plover_roles import RECORD_KINDS, Plover, Record, camel
from ..core.report import PackageError

Rows = list[dict[str, Any]]


@dataclass(frozen=True)
class Sides:
    """Which participant roles are an event's actors and which its recipients: the dyad's
    sources and targets; its shared roles (a meeting's participants) are all actors when no
    role among the sources is present. Any other role (a host) is neither."""

    sources: tuple[str, ...]
    targets: tuple[str, ...]
    shared: tuple[str, ...] = ()


@dataclass(frozen=True)
class RecordTable:
    name: str
    kind: str  # statement or event
    rows: Rows  # under RECORD_COLUMNS' names


@dataclass(frozen=True)
class Layout:
    """The export's inputs, each under its role's names."""

    records: tuple[RecordTable, ...]  # statements first, then events, each in table order
    entities: dict[str, dict[str, Any]]  # by actor id: name, country, identifier, actor_code
    sources: dict[str, dict[str, Any]]  # by source id: published, publisher, language, title, url
    scales: Rows  # type, mode, quad_class, score
    goldstein: dict[str, Any]  # CAMEO code -> Goldstein value
    contexts: dict[str, Any]  # CAMEO code -> PLOVER context
    cameo_names: dict[str, Any]  # CAMEO code -> its name
    participants: Rows  # event, actor, role
    sides: Sides
    itself: str | None  # the mode value that stands for a PLOVER type itself


def _one(package: Package, role: str, has: Callable[[Resource], bool]) -> Resource:
    found = [res for res in package.tables.values() if has(res)]
    if len(found) != 1:
        said = "none does" if not found else f"{len(found)} do: {', '.join(r.name for r in found)}"
        raise PackageError.of("export-missing-table", role=role, found=said)
    return found[0]


def _plover(res: Resource) -> Plover:
    return (res.schema.plover if res.schema else None) or Plover()


def _need(res: Resource, role: str, value: Any) -> Any:
    if value is None or value == ():
        raise PackageError.of("export-missing-column", table=res.name, role=role)
    return value


def _key(res: Resource) -> str:
    """A table's one-column primary key: the id a record or a lookup uses."""
    return str(
        _need(
            res,
            "a one-column primaryKey",
            res.primary_key[0] if len(res.primary_key) == 1 else None,
        )
    )


def _rows(frame: pl.DataFrame, columns: dict[str, str | None]) -> Rows:
    """The frame's rows under the roles' names (a role without a column: None)."""
    return frame.select(
        pl.col(column).alias(name) if column else pl.lit(None).alias(name)
        for name, column in columns.items()
    ).to_dicts()


def _record(res: Resource, record: Record, frame: pl.DataFrame) -> RecordTable:
    checks = res.checks
    span = _need(res, "checks.span", checks.span)
    coding = _need(res, "checks.coding", checks.coding)
    columns: dict[str, str | None] = {
        "id": _key(res),
        "source": span.source,
        "start": span.start,
        "end": span.end,
        "text": span.text,
        "cameo": coding.cameo,
        "type": coding.type,
        "mode": coding.mode,
        "mode_reason": coding.mode_reason,
        "date": record.date,
        "precision": record.precision,
        "end_date": record.end_date,
        "parent": record.parent,
        "recipient": record.recipient,
        "reported_mode": record.reported_mode,
        "target_inferred": record.target_inferred,
        "factuality_author": record.factuality_author,
        "confidence": record.confidence,
        "comment": record.comment,
        "reporting": checks.reported_by,
    }
    if record.kind == "statement":
        columns["actor"] = _need(res, "plover.record.actor", record.actor)
    else:
        occurrence = _need(res, "checks.occurrence", checks.occurrence)
        columns |= {"status": occurrence.status, "factuality": occurrence.factuality}
    rows = _rows(frame, columns)
    if record.kind == "event":
        occurred = set(occurrence.occurred)
        for row in rows:
            row["occurred"] = row["status"] in occurred
    return RecordTable(res.name, record.kind, rows)


def _declaring(package: Package, check: str | None, role: str) -> tuple[Resource, Any, Any]:
    """The one table whose schema declares the `plover` role `role` (and the `checks` rule
    `check`, a field of Checks, if given), with both declarations."""

    def declares(res: Resource) -> bool:
        has_check = check is None or getattr(res.checks, check) is not None
        return has_check and getattr(_plover(res), role) is not None

    named = [f"checks.{camel(check)}"] if check else []
    res = _one(package, " and ".join([*named, f"plover.{camel(role)}"]), declares)
    return res, getattr(res.checks, check) if check else None, getattr(_plover(res), role)


def _records_of(kind: str) -> Callable[[Resource], bool]:
    def declares(res: Resource) -> bool:
        record = _plover(res).record
        return record is not None and record.kind == kind

    return declares


def participants_of(package: Package, events: str) -> tuple[Resource, Sides]:
    """The table of the `events` table's participants (the one whose `dyad` names an event of
    that table) and which of their roles are which side."""

    def of_events(res: Resource) -> bool:
        dyad = res.checks.dyad
        return dyad is not None and res.target_of(dyad.event) == events

    people = _one(package, f"checks.dyad with events in {events!r}", of_events)
    dyad = people.checks.dyad
    assert dyad is not None
    return people, Sides(dyad.sources, dyad.targets, _plover(people).shared_roles)


def layout(package: Package, typed: dict[str, pl.DataFrame]) -> Layout:
    """Every role's table found and read, or the first role missing, by name."""

    def frame(res: Resource) -> pl.DataFrame:
        if res.name not in typed:
            raise PackageError.of(
                "export-missing-table", role=f"the table {res.name!r}", found="it was not read"
            )
        return typed[res.name]

    records = []
    for kind in RECORD_KINDS:
        res = _one(package, f"plover.record of kind {kind!r}", _records_of(kind))
        record = _plover(res).record
        assert record is not None
        records.append(_record(res, record, frame(res)))
    people, sides = participants_of(package, records[1].name)
    dyad = people.checks.dyad
    assert dyad is not None
    participants = _rows(
        frame(people), {"event": dyad.event, "actor": dyad.actor, "role": dyad.role}
    )

    actors, _, entity = _declaring(package, None, "entity")
    texts, source_text, citation = _declaring(package, "source_text", "citation")
    types, declared, scale = _declaring(package, "plover_types", "scale")
    gold, _, goldstein = _declaring(package, None, "goldstein")
    walk, crosswalk, context = _declaring(package, "crosswalk", "context")
    cameo, cameo_codes, cameo_name = _declaring(package, "cameo_codes", "cameo_name")

    def by(
        res: Resource, key: str | None, columns: dict[str, str | None]
    ) -> dict[Any, dict[str, Any]]:
        return {row.pop("__key"): row for row in _rows(frame(res), {"__key": key, **columns})}

    return Layout(
        records=tuple(records),
        entities=by(
            actors,
            _key(actors),
            {
                "name": entity.name,
                "country": entity.country,
                "identifier": entity.identifier,
                "actor_code": entity.actor_code,
            },
        ),
        sources=by(
            texts,
            _key(texts),
            {
                "published": source_text.published,
                "publisher": citation.publisher,
                "language": citation.language,
                "title": citation.title,
                "url": citation.url,
            },
        ),
        scales=_rows(
            frame(types),
            {
                "type": declared.type,
                "mode": declared.mode,
                "quad_class": scale.quad_class,
                "score": scale.score,
            },
        ),
        goldstein={
            k: v["value"] for k, v in by(gold, goldstein.cameo, {"value": goldstein.value}).items()
        },
        contexts={
            k: v["context"] for k, v in by(walk, crosswalk.cameo, {"context": context}).items()
        },
        cameo_names={k: v["name"] for k, v in by(cameo, cameo_codes, {"name": cameo_name}).items()},
        participants=participants,
        sides=sides,
        itself=declared.itself,
    )
