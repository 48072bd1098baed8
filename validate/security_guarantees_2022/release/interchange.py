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

from ..core.descriptor import Package
from ..core.report import PackageError
from .plover_layout import Layout, Rows, Sides, layout

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
# The manual's score table prints ACCUSE without a mode as +3 while every ACCUSE mode is
# negative (a sign error, says the vocabulary's README): that row is never used to score.
UNSCORED = {("ACCUSE", None)}


def plover_kind(
    types: dict[tuple[str, str | None], dict[str, Any]], kind: str | None, mode: str | None
) -> dict[str, Any]:
    """The PLOVER types row for a type and mode: the mode's own, else the type's."""
    if kind is None:
        return {}
    for key in ((kind, mode), (kind, None)):
        if key in types and key not in UNSCORED:
            return types[key]
    return {}


def own_mode(mode: str | None, itself: str | None) -> str | None:
    """A row's PLOVER mode, None for the value that stands for the type itself (PLOVER's empty)."""
    return None if mode is None or mode == itself else mode


def plover_scores(found: Layout) -> dict[tuple[str, str | None], dict[str, Any]]:
    """The PLOVER types by (type, mode), the type itself under the mode None (plover_kind)."""
    return {(t["type"], own_mode(t["mode"], found.itself)): t for t in found.scales}


def coded_rows(package: Package, typed: dict[str, pl.DataFrame]) -> pl.DataFrame:
    """Every CAMEO-coded statement and event (statements first, in table order) with its CAMEO
    name, PLOVER type and mode, quad class and score (plover_kind) and Goldstein value: the
    codebook's "coded rows as event data", and the release's table `coded_rows`."""
    found = layout(package, typed)
    scores = plover_scores(found)
    rows = []
    for table in found.records:
        for row in table.rows:
            code = row["cameo"]
            if code is None:
                continue
            kind = plover_kind(scores, row["type"], own_mode(row["mode"], found.itself))
            rows.append(
                {
                    "table_name": table.name,
                    "row_id": row["id"],
                    "source_id": row["source"],
                    "cameo_code": code,
                    "cameo_name": found.cameo_names.get(code),
                    "plover_type": row["type"],
                    "plover_mode": row["mode"],
                    "quad_class": kind.get("quad_class"),
                    "plover_score": kind.get("score"),
                    "goldstein": found.goldstein.get(code),
                }
            )
    schema = {name: kind for name, (kind, _) in CODED_ROWS.items()}
    return pl.DataFrame(rows, schema=schema, orient="row")


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


def event_dyads(participants: Rows, sides: Sides) -> dict[str, tuple[list[str], list[str]]]:
    """event -> (actor ids, recipient ids), from the participants' roles (`event`, `actor`,
    `role`): the actors are those in a role among the sides' sources; when an event has none,
    those in a shared role (all sides of a meeting are actors, none a recipient). Recipients
    are those in a role among the targets. Any other role (a host) is in neither list."""
    roles: dict[str, dict[str, list[str]]] = {}
    for row in participants:
        by_role = roles.setdefault(row["event"], {})
        by_role.setdefault(row["role"], []).append(row["actor"])

    def in_roles(by_role: dict[str, list[str]], names: tuple[str, ...]) -> list[str]:
        return [actor for name in names for actor in by_role.get(name, [])]

    return {
        event: (
            in_roles(by_role, sides.sources) or in_roles(by_role, sides.shared),
            in_roles(by_role, sides.targets),
        )
        for event, by_role in roles.items()
    }


def actor_code_parts(code: str | None) -> tuple[str | None, str | None]:
    """A CAMEO actor code split in its 3-letter blocks: (the first block, the rest)."""
    if not code:
        return None, None
    return code[:3], code[3:] or None


def _entity(actor_id: str, actor: dict[str, Any] | None) -> dict[str, Any]:
    if actor is None:  # not among the entities: the record fails the schema (entity_text)
        return {"actor_id": actor_id}
    code, sector = actor_code_parts(actor["actor_code"])
    record = {
        "code": code or actor["country"],
        "sector": sector,
        "entity_text": actor["name"],
        "identifier_id": actor["identifier"],
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
    """Why an event row (under the layout's names) is not exported (None: it is): uncoded, not
    yet happened (a status the schema's occurrence does not count as occurred), or a parent."""
    if event["cameo"] is None:
        return "no event code"
    if not event["occurred"]:
        return f"status {event['status']}: exported once it has occurred"
    if event["id"] in parents:
        return "parent of other events: its stages carry it as their link"
    return None


def skipped_events(package: Package, typed: dict[str, pl.DataFrame]) -> list[tuple[str, str]]:
    """(event id, why) for each event row the export leaves out."""
    events = layout(package, typed).records[1].rows
    parents = {row["parent"] for row in events if row["parent"]}
    return [(row["id"], why) for row in events if (why := left_out(row, parents))]


def plover_records(package: Package, typed: dict[str, pl.DataFrame]) -> list[dict[str, Any]]:
    """Every exported statement and event as a PLOVER record, in table order (statements first).

    Not validated against the schema: plover_jsonl does that.
    """
    found = layout(package, typed)
    scores = plover_scores(found)
    dyads = event_dyads(found.participants, found.sides)
    about = package.metadata
    about.require("the PLOVER export", "name", "version")
    stem = f"{about.name}-{about.version}"
    licence = about.license

    def record(
        kind: str, row: dict[str, Any], actor: list[str], recipient: list[str]
    ) -> dict[str, Any]:
        row_id = row["id"]
        shared = [a for a in actor if a in recipient]
        if shared:
            raise PackageError.of("export-self-dyad", row_id=row_id, actors=", ".join(shared))
        plover = row["type"]
        mode = own_mode(row["mode"], found.itself)
        kind_score = plover_kind(scores, plover, mode)
        source = found.sources.get(row["source"], {})
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
        code = row["cameo"]
        return {
            "id": f"{stem}-{row_id}",
            "has_event": plover is not None,
            "event": [plover] if plover else [],
            "mode": [mode] if mode else [],  # PLOVER leaves the type's own mode empty
            "mode_reason": row["mode_reason"],
            "context": [found.contexts[code]]
            if plover and code in found.contexts and found.contexts[code]
            else [],
            "actor": [_entity(a, found.entities.get(a)) for a in actor],
            "recipient": [_entity(a, found.entities.get(a)) for a in recipient],
            "quad_code": QUAD_CODES.get(kind_score.get("quad_class", "")),
            "event_scale": kind_score.get("score"),
            "event_text": [row["text"]],
            "text_info": {"start": row["start"], "end": row["end"]},
            "cite_info": {k: v for k, v in cite_info.items() if v is not None},
            "coder": "human annotation, adjudicated (annotation/guidelines.md)",
            "comment": row["comment"],
            "record_type": kind,
            "row_id": row_id,
            "source_id": row["source"],
            "cameo_code": code,
            "goldstein": found.goldstein.get(code),
            "confidence": row["confidence"],
        }

    def published_of(row: dict[str, Any]) -> Any:
        return found.sources.get(row["source"], {}).get("published")

    statements, events = found.records
    records = []
    for row in statements.rows:
        if row["cameo"] is None:
            continue
        out = record(
            "statement", row, [row["actor"]], [row["recipient"]] if row["recipient"] else []
        )
        out |= record_dates(row["date"], row["precision"], published_of(row))
        out |= {"reported_mode": row["reported_mode"], "target_inferred": row["target_inferred"]}
        records.append(out)
    parents = {row["parent"] for row in events.rows if row["parent"]}
    for row in events.rows:
        if left_out(row, parents):
            continue
        actor, recipient = dyads.get(row["id"], ([], []))
        out = record("event", row, actor, recipient)
        # An event known only by its last day (its end date) is dated by that day.
        own = row["date"] if row["date"] is not None else row["end_date"]
        out |= record_dates(own, row["precision"], published_of(row))
        if out["date_basis"] == "event" and row["end_date"] is not None:
            out["enddate"] = row["end_date"].isoformat()
        out |= {
            "link": f"{stem}-{row['parent']}" if row["parent"] else None,
            "status": row["status"],
            "factuality_author": row["factuality_author"],
            "factuality_source": row["factuality"],
            "reporting_statement_id": row["reporting"],
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
        raise PackageError.of(
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
