"""The coded rows as PLOVER event records (JSON lines), to merge with POLECAT-style data.

Field names follow the PLOVER manual's data interchange tables (openeventdata/PLOVER,
PLOVER_MANUAL.tex, draft 0.8: "PLOVER JSON" and its actor, text and citation objects). One
record per coded statement (source: the speaker; recipient: the statement's target) and per
coded event (source: participants in the role `actor` or `participant`; recipient: those in
the role `recipient` or `participant`, as a meeting runs both ways). PLOVER's recipient is CAMEO's target, not the addressee. Rows whose CAMEO code
PLOVER drops (01, 02) keep `has_event: false` and an empty `event` list. Fields beyond the
manual's (CAMEO code, Goldstein value, factuality, date precision, the row they come from) are
added under their own names, as the manual invites.
"""

from __future__ import annotations

import json
from typing import Any

import polars as pl

from ..core.descriptor import Package

QUAD_CODES = {
    "verbal cooperation": 1,
    "material cooperation": 2,
    "verbal conflict": 3,
    "material conflict": 4,
}
CODEBOOK = "PLOVER manual draft 0.8 (CAMEO 1.1b3 codes mapped by its CAMEO2PLOVER crosswalk)"
# An event's sources and targets from event_participants: a meeting runs both ways.
SOURCE_ROLES = ("actor", "participant")
TARGET_ROLES = ("recipient", "participant")
# The manual's score table prints ACCUSE without a mode as +3 while every ACCUSE mode is
# negative (a sign error, says the vocabulary's README): that row is never used to score.
UNSCORED = {("ACCUSE", None)}


def plover_kind(
    types: dict[tuple[str, str | None], dict[str, Any]], kind: str | None, mode: str | None
) -> dict[str, Any]:
    """The plover_event_types row for a type and mode: the mode's own, else the type's."""
    if kind is None:
        return {}
    for key in ((kind, mode), (kind, None)):
        if key in types and key not in UNSCORED:
            return types[key]
    return {}


def event_dyads(participants: list[dict[str, Any]]) -> dict[str, tuple[list[str], list[str]]]:
    """event_id -> (source actor ids, target actor ids), from event_participants roles."""
    dyads: dict[str, tuple[list[str], list[str]]] = {}
    for row in participants:
        sources, targets = dyads.setdefault(row["event_id"], ([], []))
        if row["role"] in SOURCE_ROLES:
            sources.append(row["actor_id"])
        if row["role"] in TARGET_ROLES:
            targets.append(row["actor_id"])
    return dyads


def _rows(typed: dict[str, pl.DataFrame], name: str) -> list[dict[str, Any]]:
    return typed[name].to_dicts() if name in typed else []


def _actor(actor: dict[str, Any] | None) -> dict[str, Any]:
    if actor is None:
        return {}
    code = actor.get("cameo_actor_code") or ""
    record = {
        "code": actor.get("country") or code[:3] or None,
        "sector": code[3:] or None,
        "actor_text": actor["name"],
        "identifier_id": actor.get("wikidata_id"),
        "identifier_text": actor["name"],
        "actor_id": actor["actor_id"],
    }
    return {k: v for k, v in record.items() if v is not None}


def _iso(value: Any) -> str | None:
    return None if value is None else value.isoformat()


def plover_records(package: Package, typed: dict[str, pl.DataFrame]) -> list[dict[str, Any]]:
    """Every coded statement and event as a PLOVER record, in table order."""
    actors = {a["actor_id"]: a for a in _rows(typed, "actors")}
    scores = {(t["event_type"], t["mode"]): t for t in _rows(typed, "plover_event_types")}
    goldstein = {g["cameo_code"]: g["goldstein"] for g in _rows(typed, "cameo_goldstein")}
    sources = {s["source_id"]: s for s in _rows(typed, "sources")}
    dyads = event_dyads(_rows(typed, "event_participants"))
    descriptor = package.descriptor
    stem = f"{descriptor.get('name')}-{descriptor.get('version')}"

    def record(kind: str, row: dict[str, Any], row_id: str, date: Any, **extra: Any) -> dict:
        plover = row.get("plover_type")
        kind_score = plover_kind(scores, plover, row.get("plover_mode"))
        source = sources.get(row["source_id"], {})
        licence = (descriptor.get("licenses") or [{}])[0]
        out = {
            "id": f"{stem}-{row_id}",
            "has_event": plover is not None,
            "date": _iso(date),
            "event": [plover] if plover else [],
            "mode": [row["plover_mode"]] if row.get("plover_mode") else [],
            "quad_code": QUAD_CODES.get(kind_score.get("quad_class", "")),
            "event_scale": kind_score.get("score"),
            "event_text": [row["text"]],
            "text_info": {"start": row["start"], "end": row["end"]},
            "cite_info": {
                "corpus": descriptor.get("name"),
                "citation": ", ".join(
                    str(v) for v in (source.get("publisher"), source.get("published")) if v
                )
                or None,
                "title": source.get("title"),
                "url": source.get("url"),
                "language": source.get("language"),
                "publication": source.get("publisher"),
                "license": licence.get("name"),
                "codebook": CODEBOOK,
                "version": descriptor.get("version"),
            },
            "coder": "human annotation, adjudicated (annotation/guidelines.md)",
            "comment": row.get("note"),
            "record_type": kind,
            "row_id": row_id,
            "source_id": row["source_id"],
            "cameo_code": row["cameo_code"],
            "goldstein": goldstein.get(row["cameo_code"]),
            "confidence": row.get("confidence"),
            **extra,
        }
        out["cite_info"] = {k: v for k, v in out["cite_info"].items() if v is not None}
        return out

    records = []
    for row in _rows(typed, "statements"):
        if row.get("cameo_code") is None:
            continue
        records.append(
            record(
                "statement",
                row,
                row["statement_id"],
                row["said_on"],
                source=[_actor(actors.get(row["speaker_id"]))],
                recipient=[_actor(actors[row["target_id"]])] if row.get("target_id") else [],
                date_precision=row["said_on_precision"],
                reported_mode=row["mode"],
            )
        )
    for row in _rows(typed, "events"):
        if row.get("cameo_code") is None:
            continue
        sources_of, targets_of = dyads.get(row["event_id"], ([], []))
        records.append(
            record(
                "event",
                row,
                row["event_id"],
                row["date_start"],
                enddate=_iso(row.get("date_end")),
                source=[_actor(actors.get(a)) for a in sources_of],
                recipient=[_actor(actors.get(a)) for a in targets_of],
                date_precision=row["date_precision"],
                status=row["status"],
                factuality=row.get("factuality"),
                reporting_statement_id=row.get("reporting_statement_id"),
            )
        )
    return records


def plover_jsonl(package: Package, typed: dict[str, pl.DataFrame]) -> bytes:
    lines = [
        json.dumps(r, ensure_ascii=False, sort_keys=True) for r in plover_records(package, typed)
    ]
    return ("\n".join(lines) + "\n").encode("utf-8") if lines else b""
