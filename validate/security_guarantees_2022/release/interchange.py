"""The coded rows as PLOVER event records (JSON lines), to merge with POLECAT-style data.

Field names and types follow the PLOVER manual (openeventdata/PLOVER, PLOVER_MANUAL.tex; the
version and commit are stated once, in plover_record.schema.json, and read from there): its
"PLOVER JSON" table and its entity, text and citation objects. Every record is validated against
that JSON Schema before anything is written; an invalid one stops the export (`export-invalid`).

- Statements: one record per CAMEO-coded statement; `actor` is the speaker, `recipient` the
  statement's target (PLOVER's recipient is CAMEO's target, not the addressee).
- Events: one record per CAMEO-coded event that happened (status `occurred` or `ongoing`;
  scheduled and unknown events wait until they occur) and is no parent of other events. `actor`
  is the event's participants in the role `actor`, or, when it has none, those in the role
  `participant` (the manual codes all sides of a meeting as actors, with no recipient);
  `recipient` those in the role `recipient`; a `host` is in neither. A sub-event's `link` is the
  id its parent's record would have, the manual's "common reference across multiple related
  events". A record whose actor and recipient share an actor stops the export
  (`export-self-dyad`).
- Entities: `code` and `sector` split the actor's CAMEO actor code in 3-letter blocks (first
  block, the rest; the country when there is no CAMEO code), `entity_text` is its name,
  `identifier_id` its Wikidata QID.
- `date` is never null: the row's own date when it is known to the day (an event's start, or its
  end when only the end is known), else the source's publication date; `date_basis` says which, and `date_as_given` gives the row's own date at its
  precision ("2022-01" for a month), never a month as its first day.

Rows whose CAMEO code PLOVER drops (01, 02) keep `has_event: false` and an empty `event` list.
Fields beyond the manual's (the row they come from, CAMEO code, Goldstein value, both
factuality values, date precision and basis, status, confidence) are added under their own
names, as the manual invites, and declared in the schema. A table or column the export needs
that the package lacks stops it (`export-missing-table`, `export-missing-column`).
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from pathlib import Path
from typing import Any

import jsonschema
import polars as pl

from ..checks import coding
from ..core.descriptor import Package
from ..core.issue_codes import UNUSABLE
from ..core.report import PackageError

SCHEMA_PATH = Path(__file__).with_name("plover_record.schema.json")


@functools.cache
def record_schema() -> dict[str, Any]:
    """The JSON Schema of one export record (draft 2020-12)."""
    schema: dict[str, Any] = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    return schema


# The manual followed: written once, in the schema (whose description states it too).
MANUAL: dict[str, str] = record_schema()["x-plover-manual"]
MANUAL_VERSION = MANUAL["version"]
MANUAL_COMMIT = MANUAL["commit"]
CODEBOOK = (
    f"PLOVER manual {MANUAL_VERSION} ({MANUAL['repository']} {MANUAL['path']} at "
    f"{MANUAL_COMMIT}); CAMEO 1.1b3 codes mapped to types, modes and contexts by the "
    "CAMEO2PLOVER crosswalk of PLOVER manual Draft 0.8; event_scale from the package's "
    "plover_event_types, whose scores are neither draft's (see that table's description)"
)

QUAD_CODES = {
    "verbal cooperation": 1,
    "material cooperation": 2,
    "verbal conflict": 3,
    "material conflict": 4,
}
# Only events that happened are exported; scheduled and unknown ones wait until they occur.
EXPORTED_STATUSES = ("occurred", "ongoing")
# The manual's score table prints ACCUSE without a mode as +3 while every ACCUSE mode is
# negative (a sign error, says the vocabulary's README): that row is never used to score.
UNSCORED = {("ACCUSE", None)}

# The columns the export reads, by table; a missing one stops it with a coded error.
NEEDED: dict[str, tuple[str, ...]] = {
    "statements": (
        "statement_id", "source_id", "speaker_id", "target_id", "mode", "start", "end", "text",
        "said_on", "said_on_precision", "target_inferred", "cameo_code", "plover_type",
        "plover_mode", "plover_mode_reason", "confidence", "note",
    ),
    "events": (
        "event_id", "source_id", "parent_id", "date_start", "date_end", "date_precision",
        "status", "factuality", "author_factuality", "reporting_statement_id", "cameo_code",
        "plover_type", "plover_mode", "plover_mode_reason", "start", "end", "text", "confidence",
        "note",
    ),
    "event_participants": ("event_id", "actor_id", "role"),
    "actors": ("actor_id", "name", "country", "wikidata_id", "cameo_actor_code"),
    "sources": ("source_id", "publisher", "published", "language", "title", "url"),
    "plover_event_types": ("event_type", "mode", "quad_class", "score"),
    "cameo_goldstein": ("cameo_code", "goldstein"),
    "cameo_plover_crosswalk": ("cameo_code", "plover_context"),
    "cameo_event_codes": ("code", "name"),
}  # fmt: skip


def _error(code: str, **details: Any) -> PackageError:
    return PackageError(code, UNUSABLE[code].message.format(**details))


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


def own_mode(mode: str | None, itself: str | None) -> str | None:
    """A row's PLOVER mode, None for the value that stands for the type itself (PLOVER's empty)."""
    return None if mode is None or mode == itself else mode


def plover_scores(
    package: Package, typed: dict[str, pl.DataFrame]
) -> dict[tuple[str, str | None], dict[str, Any]]:
    """plover_event_types by (type, mode), the type itself under the mode None (plover_kind)."""
    itself = coding.itself(package)
    rows = _rows(typed, "plover_event_types")
    return {(t["event_type"], own_mode(t["mode"], itself)): t for t in rows}


def coded_rows(package: Package, typed: dict[str, pl.DataFrame]) -> pl.DataFrame:
    """Every CAMEO-coded statement and event (statements first, in table order) with its CAMEO
    name, PLOVER type and mode, quad class and score (plover_kind) and Goldstein value: the
    codebook's "coded rows as event data", and the release's table `coded_rows`."""
    scores = plover_scores(package, typed)
    itself = coding.itself(package)
    names = {c["code"]: c["name"] for c in _rows(typed, "cameo_event_codes")}
    goldstein = {g["cameo_code"]: g["goldstein"] for g in _rows(typed, "cameo_goldstein")}
    found = []
    for table, key in (("statements", "statement_id"), ("events", "event_id")):
        for row in _rows(typed, table):
            code = row["cameo_code"]
            if code is None:
                continue
            kind = plover_kind(scores, row["plover_type"], own_mode(row["plover_mode"], itself))
            found.append(
                {
                    "table_name": table,
                    "row_id": row[key],
                    "source_id": row["source_id"],
                    "cameo_code": code,
                    "cameo_name": names.get(code),
                    "plover_type": row["plover_type"],
                    "plover_mode": row["plover_mode"],
                    "quad_class": kind.get("quad_class"),
                    "plover_score": kind.get("score"),
                    "goldstein": goldstein.get(code),
                }
            )
    schema = {name: kind for name, (kind, _) in CODED_ROWS.items()}
    return pl.DataFrame(found, schema=schema, orient="row")


# coded_rows' columns: name -> (type, description), for its Parquet, SQLite and datasette copies
CODED_ROWS: dict[str, tuple[Any, str]] = {
    "table_name": (pl.String, "The table the coded row is in: statements or events."),
    "row_id": (pl.String, "The row's key in that table (statement_id or event_id)."),
    "source_id": (pl.String, "The source text the row is annotated in."),
    "cameo_code": (pl.String, "The row's CAMEO 1.1b3 event code."),
    "cameo_name": (pl.String, "The code's name in cameo_event_codes."),
    "plover_type": (pl.String, "The row's PLOVER event type; empty for CAMEO 01 and 02."),
    "plover_mode": (pl.String, "The row's PLOVER mode, as in the row (none: the type itself)."),
    "quad_class": (pl.String, "Quad class of the type/mode in plover_event_types."),
    "plover_score": (
        pl.Float64,
        "PLOVER conflict–cooperation score: the mode's row of plover_event_types, else the "
        "type's own (never the type-level ACCUSE row, a sign error in the manual's table).",
    ),
    "goldstein": (pl.Float64, "GDELT's Goldstein value for the CAMEO code (cameo_goldstein)."),
}


def event_dyads(participants: list[dict[str, Any]]) -> dict[str, tuple[list[str], list[str]]]:
    """event_id -> (actor ids, recipient ids), from event_participants roles.

    Actors are the rows in the role `actor`; when an event has none, its `participant` rows
    (all sides of a meeting are actors, none a recipient). Recipients are the rows in the role
    `recipient`. A participant is never in both lists, a host in neither.
    """
    roles: dict[str, dict[str, list[str]]] = {}
    for row in participants:
        by_role = roles.setdefault(row["event_id"], {})
        by_role.setdefault(row["role"], []).append(row["actor_id"])
    dyads = {}
    for event, by_role in roles.items():
        actors = by_role.get("actor") or by_role.get("participant", [])
        dyads[event] = (list(actors), list(by_role.get("recipient", [])))
    return dyads


def _rows(typed: dict[str, pl.DataFrame], name: str) -> list[dict[str, Any]]:
    """A table's rows as dicts, after checking it has every column the export needs."""
    if name not in typed:
        raise _error("export-missing-table", table=name)
    frame = typed[name]
    for column in NEEDED[name]:
        if column not in frame.columns:
            raise _error("export-missing-column", table=name, column=column)
    return frame.to_dicts()


def actor_code_parts(code: str | None) -> tuple[str | None, str | None]:
    """A CAMEO actor code split in its 3-letter blocks: (the first block, the rest)."""
    if not code:
        return None, None
    return code[:3], code[3:] or None


def _entity(actor_id: str, actor: dict[str, Any] | None) -> dict[str, Any]:
    if actor is None:  # not in actors: the record fails the schema (entity_text is required)
        return {"actor_id": actor_id}
    code, sector = actor_code_parts(actor.get("cameo_actor_code"))
    record = {
        "code": code or actor.get("country"),
        "sector": sector,
        "entity_text": actor["name"],
        "identifier_id": actor.get("wikidata_id"),
        "actor_id": actor_id,
    }
    return {k: v for k, v in record.items() if v is not None}


def _iso(value: Any) -> str | None:
    return None if value is None else value.isoformat()


def date_as_given(value: dt.date | None, precision: str | None) -> str | None:
    """A date at its precision, in ISO 8601 reduced precision: 2022-01-20, 2022-01 or 2022."""
    if value is None:
        return None
    if precision == "day":
        return value.isoformat()
    if precision == "month":
        return f"{value.year:04d}-{value.month:02d}"
    if precision == "year":
        return f"{value.year:04d}"
    return None


def record_dates(own: dt.date | None, precision: str | None, published: Any) -> dict[str, Any]:
    """`date` (never a month as its 1st): the row's own date if known to the day, else the
    source's publication date; `date_basis` says which; `date_as_given` is the row's own."""
    basis = "event" if precision == "day" and own is not None else "publication"
    return {
        "date": _iso(own if basis == "event" else published),
        "date_basis": basis,
        "date_as_given": date_as_given(own, precision),
        "date_precision": precision,
    }


def left_out(event: dict[str, Any], parents: set[str]) -> str | None:
    """Why an event row is not exported (None: it is): uncoded, not yet happened, or a parent."""
    if event["cameo_code"] is None:
        return "no event code"
    if event["status"] not in EXPORTED_STATUSES:
        return f"status {event['status']}: exported once it has occurred"
    if event["event_id"] in parents:
        return "parent of other events: its stages carry it as their link"
    return None


def plover_records(package: Package, typed: dict[str, pl.DataFrame]) -> list[dict[str, Any]]:
    """Every exported statement and event as a PLOVER record, in table order (statements first).

    Not validated against the schema: plover_jsonl does that.
    """
    actors = {a["actor_id"]: a for a in _rows(typed, "actors")}
    scores = plover_scores(package, typed)
    itself = coding.itself(package)
    goldstein = {g["cameo_code"]: g["goldstein"] for g in _rows(typed, "cameo_goldstein")}
    contexts = {
        c["cameo_code"]: c["plover_context"] for c in _rows(typed, "cameo_plover_crosswalk")
    }
    sources = {s["source_id"]: s for s in _rows(typed, "sources")}
    dyads = event_dyads(_rows(typed, "event_participants"))
    statements = _rows(typed, "statements")
    events = _rows(typed, "events")
    about = package.metadata
    about.require("the PLOVER export", "name", "version")
    stem = f"{about.name}-{about.version}"
    licence = about.license

    def record(
        kind: str, row: dict[str, Any], row_id: str, actor: list[str], recipient: list[str]
    ) -> dict[str, Any]:
        shared = [a for a in actor if a in recipient]
        if shared:
            raise _error("export-self-dyad", row_id=row_id, actors=", ".join(shared))
        plover = row.get("plover_type")
        mode = own_mode(row.get("plover_mode"), itself)
        kind_score = plover_kind(scores, plover, mode)
        source = sources.get(row["source_id"], {})
        cite_info = {
            "corpus": about.name,
            "citation": ", ".join(
                str(v) for v in (source.get("publisher"), source.get("published")) if v
            )
            or None,
            "title": source.get("title"),
            "url": source.get("url"),
            "language": source.get("language"),
            "publication": source.get("publisher"),
            "license": licence and licence.name,
            "codebook": CODEBOOK,
            "version": about.version,
        }
        out = {
            "id": f"{stem}-{row_id}",
            "has_event": plover is not None,
            "event": [plover] if plover else [],
            "mode": [mode] if mode else [],  # PLOVER leaves the type's own mode empty
            "mode_reason": row["plover_mode_reason"],
            "context": [contexts[code]]
            if plover and (code := row["cameo_code"]) in contexts and contexts[code]
            else [],
            "actor": [_entity(a, actors.get(a)) for a in actor],
            "recipient": [_entity(a, actors.get(a)) for a in recipient],
            "quad_code": QUAD_CODES.get(kind_score.get("quad_class", "")),
            "event_scale": kind_score.get("score"),
            "event_text": [row["text"]],
            "text_info": {"start": row["start"], "end": row["end"]},
            "cite_info": {k: v for k, v in cite_info.items() if v is not None},
            "coder": "human annotation, adjudicated (annotation/guidelines.md)",
            "comment": row.get("note"),
            "record_type": kind,
            "row_id": row_id,
            "source_id": row["source_id"],
            "cameo_code": row["cameo_code"],
            "goldstein": goldstein.get(row["cameo_code"]),
            "confidence": row.get("confidence"),
        }
        return out

    def published_of(row: dict[str, Any]) -> Any:
        return sources.get(row["source_id"], {}).get("published")

    records = []
    for row in statements:
        if row["cameo_code"] is None:
            continue
        out = record(
            "statement",
            row,
            row["statement_id"],
            [row["speaker_id"]],
            [row["target_id"]] if row["target_id"] else [],
        )
        out |= record_dates(row["said_on"], row["said_on_precision"], published_of(row))
        out |= {"reported_mode": row["mode"], "target_inferred": row["target_inferred"]}
        records.append(out)
    parents = {row["parent_id"] for row in events if row["parent_id"]}
    for row in events:
        if left_out(row, parents):
            continue
        actor, recipient = dyads.get(row["event_id"], ([], []))
        out = record("event", row, row["event_id"], actor, recipient)
        # An event known only by its last day (date_end) is dated by that day.
        own = row["date_start"] if row["date_start"] is not None else row["date_end"]
        out |= record_dates(own, row["date_precision"], published_of(row))
        if out["date_basis"] == "event" and row["date_end"] is not None:
            out["enddate"] = row["date_end"].isoformat()
        out |= {
            "link": f"{stem}-{row['parent_id']}" if row["parent_id"] else None,
            "status": row["status"],
            "factuality_author": row["author_factuality"],
            "factuality_source": row["factuality"],
            "reporting_statement_id": row["reporting_statement_id"],
        }
        records.append(out)
    return [{k: v for k, v in r.items() if v is not None} for r in records]


@functools.cache
def record_validator() -> jsonschema.protocols.Validator:
    schema = record_schema()
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    validator: jsonschema.protocols.Validator = cls(schema, format_checker=cls.FORMAT_CHECKER)
    return validator


def check_record(record: dict[str, Any]) -> None:
    """Refuse a record the JSON Schema refuses (`export-invalid`), naming its first error."""
    error = jsonschema.exceptions.best_match(record_validator().iter_errors(record))
    if error is not None:
        where = "/".join(str(p) for p in error.absolute_path) or "the record"
        raise _error(
            "export-invalid",
            row_id=record.get("row_id") or record.get("id") or "?",
            reason=f"{where}: {error.message}",
        )


def plover_jsonl(package: Package, typed: dict[str, pl.DataFrame]) -> bytes:
    """The export as JSON lines, every record validated against the schema first."""
    records = plover_records(package, typed)
    for record in records:
        check_record(record)
    lines = [json.dumps(r, ensure_ascii=False, sort_keys=True) for r in records]
    return ("\n".join(lines) + "\n").encode("utf-8") if lines else b""
