#!/usr/bin/env python3
"""Write a synthetic package that follows the real Table Schemas, for the scale benchmark.

    python bench/generate.py --statements N --out DIR [--errors] [--force]

The package has N statements in sources of 50 statements each, each source a synthetic text
file whose every span (statements, mentions, events, proposals, editorial insertions) is exact
in Unicode code points; 10,000 actors; 4 mentions per statement; one event per 10 statements
(3 participants each); one proposal per 25 statements; a position for every 5th statement; an
editorial insertion wherever a claim carries a bracketed gloss or an editor's note; reported
speech (`reported_by`) for every 10th statement, its span inside its reporting statement's.

Columns, their order, enums and boolean values come from the Table Schemas (copied from
`schemas/`); this file says only how to fill a named column. A column it does not know is filled
from its enum, or as a boolean, or left empty — or, when it is required, the run stops so the
generator is taught the new column instead of writing an invalid package.

With --errors, a few hundred errors of each kind are seeded at known rows, one per row, and
DIR/seeded.json lists them as (code, table, row) with the row numbered like the validator's
reports (first data row = 2).

Tables are written in chunks of 1,000 sources with vectorised polars/numpy, so memory stays flat
whatever N; rows come out sorted by primary key because every identifier is zero-padded.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import shutil
import sys
import time
import unicodedata
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from security_guarantees_2022.release.stamp import dump_descriptor, stamp  # noqa: E402

GENERATOR_VERSION = 3  # 2: evidence quoted verbatim, coded events that happened committed;
# 3: dates as given beside typed dates, the PLOVER type itself under its declared mode
STATEMENTS_PER_SOURCE = 50
EVENT_EVERY = 10  # an event per 10 statements, its span the claim of local statement 10k
PROPOSAL_EVERY = 25  # a proposal per 25 statements, its span the claim of local statement 25k
POSITION_EVERY = 5  # statements with local index % 5 == 0 take a position on a proposal
N_ACTORS = 10_000
MENTIONS_PER_STATEMENT = 4
PARTICIPANTS_PER_EVENT = 3
REPORTING, REPORTED = 2, 3  # local index % 10: the reporting statement and its reported speech
CHUNK_SOURCES = 1_000
COMMITTED = "CT+"  # the factuality of a coded event that happened (checks.occurrence)
HAPPENED = ("occurred", "ongoing")  # statuses of an event that happened or is happening
SEEDS_PER_KIND = 200
EPOCH_2021 = 18_628  # 2021-01-01 in days since 1970-01-01

# What a few enum values mean to the generator; each is checked against the schema's enum.
UNKNOWN_PRECISION = "unknown"
SCHEDULED = "scheduled"
GLOSS, EDITOR_NOTE = "gloss", "editor_note"

FIRST = [
    "Sergey",
    "Antony",
    "Wendy",
    "Jens",
    "Maria",
    "Zoë",
    "José",
    "Łukasz",
    "Ådne",
    "Dmitry",
    "Olaf",
    "Kaja",
    "Ursula",
    "Nuño",
    "Björn",
    "Chloé",
    "Grigory",
    "Anaïs",
    "Tomáš",
    "Emine",
    "Oleksiy",
    "Agnès",
    "Jürgen",
    "Søren",
    "Mikuláš",
    "Leonid",
    "Hélène",
    "Andrzej",
    "Yuri",
    "Rosa",
    "Ivan",
    "Lena",
    "Pál",
    "Nikos",
    "Ilze",
    "Vytautas",
    "Kristjan",
    "Ana",
    "Mark",
    "Ines",
]
LAST = [
    "Lavrov",
    "Blinken",
    "Sherman",
    "Stoltenberg",
    "Zakharova",
    "Ryabkov",
    "Müller",
    "Novák",
    "Østergaard",
    "Dvořák",
    "Kovačić",
    "Şahin",
    "Peskov",
    "Nuland",
    "Grushko",
    "Lindqvist",
    "Fernández",
    "Kuleba",
    "Dzhabarov",
    "Słowacki",
    "Ionescu",
    "Horváth",
    "Karlsson",
    "Papadakis",
    "Jankauskas",
    "Tamm",
    "Bērziņš",
    "Rossi",
    "Dubois",
    "Weiß",
    "Nowak",
    "Szabó",
    "Popescu",
    "Petrov",
    "Smirnov",
    "Kuznetsov",
    "Volkova",
    "Morozov",
    "Sokolov",
    "Lebedev",
]
NATIVE = ["Сергей Лавров", "Мария Захарова", "Сергей Рябков", "Александр Грушко", "Дмитрий Песков"]
ROLES = [
    "Foreign Minister",
    "Deputy Foreign Minister",
    "spokesperson",
    "Secretary General",
    "senator",
    "ambassador",
    "Under Secretary of State",
    "press secretary",
]
COUNTRIES = ["RUS", "USA", "BEL", "CHE", "DEU", "FRA", "POL", "UKR", "GBR", "NOR"]
PLACES = [
    ("Geneva", "CHE", "Q71"),
    ("Brussels", "BEL", "Q239"),
    ("Vienna", "AUT", "Q1741"),
    ("Moscow", "RUS", "Q649"),
    ("Washington", "USA", "Q61"),
]
CUES = ["said", "told", "stressed", "noted", "according to", "added", "warned", "announced"]
SUBJECTS = [
    "Russia",
    "NATO",
    "the United States",
    "Moscow",
    "Washington",
    "the alliance",
    "the delegation",
    "the Foreign Ministry",
    "the Kremlin",
    "Europe",
    "the West",
    "the sides",
    "Kyiv",
    "the Pentagon",
    "the OSCE",
]
VERBS = [
    "will not accept",
    "is ready to discuss",
    "rejects",
    "insists on",
    "demands",
    "has nothing to expect from",
    "will respond to",
    "is studying",
    "welcomes",
    "cannot ignore",
    "will continue",
    "refuses to guarantee",
    "expects",
    "questions",
]
OBJECTS = [
    "the security guarantees",
    "the draft treaty",
    "further enlargement",
    "the talks in Geneva",
    "a written answer",
    "the proposals",
    "the “red lines”",
    "the deployment of missiles",
    "the principle of indivisible security",
    "negotiations on an equal footing",
    "the agreement of 1997",
    "military exercises",
    "the dialogue – at every level",
    "the Russian–American consultations",
]
TAILS = [
    "",
    " without delay",
    " in the coming weeks",
    " — and soon",
    " as soon as possible",
    " on January 21",
    " at the next round",
    " «in full»",
    " this year",
]


def mix(x: np.ndarray | int, salt: int) -> np.ndarray:
    """A deterministic hash of each index (splitmix64), so values do not depend on chunking."""
    z = np.asarray(x, dtype=np.uint64) + np.uint64((salt * 0x9E3779B97F4A7C15) % 2**64)
    z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    return (z ^ (z >> np.uint64(31))).astype(np.uint64)


def pick(x: np.ndarray, salt: int, n: int) -> np.ndarray:
    return (mix(x, salt) % np.uint64(n)).astype(np.int64)


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def ids(prefix: str, numbers: np.ndarray, width: int) -> pl.Series:
    digits = pl.Series(np.asarray(numbers, dtype=np.int64)).cast(pl.Utf8).str.zfill(width)
    return digits.to_frame("d").select(pl.concat_str(pl.lit(prefix), pl.col("d"))).to_series()


def dates(days: np.ndarray) -> pl.Series:
    return pl.Series(np.asarray(days, dtype=np.int32)).cast(pl.Date).dt.to_string("%Y-%m-%d")


def coding_triples() -> tuple[pl.Series, pl.Series, pl.Series]:
    """Every CAMEO code with the PLOVER type and mode the crosswalk gives it (none for CAMEO 01
    and 02; the type itself where the crosswalk gives no mode, or one plover_event_types lacks)."""
    cameo = pl.read_csv(REPO / "data/cameo_event_codes.csv", infer_schema=False)["code"]
    walk = pl.read_csv(REPO / "data/cameo_plover_crosswalk.csv", infer_schema=False)
    plover = pl.read_csv(REPO / "data/plover_event_types.csv", infer_schema=False)
    scored = set(zip(plover["event_type"], plover["mode"], strict=True))
    declared = json.loads((REPO / "schemas/plover_event_types.schema.json").read_text("utf-8"))
    itself = declared["checks"]["ploverTypes"]["itself"]  # the mode of the type itself
    mapped = {
        code: (kind, mode if (kind, mode) in scored else itself)
        for code, kind, mode in zip(
            walk["cameo_code"], walk["plover_type"], walk["plover_mode"], strict=True
        )
    }
    kinds = [mapped.get(code, (None, None)) for code in cameo]
    return (
        cameo,
        pl.Series([k for k, _ in kinds], dtype=pl.Utf8),
        pl.Series([m for _, m in kinds], dtype=pl.Utf8),
    )


def as_given(days: pl.Series, precision: pl.Series) -> tuple[pl.Series, pl.Series]:
    """ISO dates typed as the first day of their precision's period, and the dates as given
    (2022-01-20, 2022-01, 2022), as the schemas' checks.dateAsGiven wants them."""
    frame = pl.DataFrame({"d": days.str.to_date("%Y-%m-%d"), "p": precision.cast(pl.Utf8)})
    typed, given = pl.lit(None, pl.Date), pl.lit(None, pl.Utf8)
    for word, period, form in (
        ("day", "1d", "%Y-%m-%d"),
        ("month", "1mo", "%Y-%m"),
        ("year", "1y", "%Y"),
    ):
        typed = pl.when(pl.col("p") == word).then(pl.col("d").dt.truncate(period)).otherwise(typed)
        given = pl.when(pl.col("p") == word).then(pl.col("d").dt.to_string(form)).otherwise(given)
    out = frame.select(typed.dt.to_string("%Y-%m-%d").alias("d"), given.alias("g"))
    return out["d"], out["g"]


def blank(series: pl.Series, mask: np.ndarray) -> pl.Series:
    """The series with nulls where mask is true."""
    where = np.flatnonzero(mask)
    return series.scatter(where, None) if len(where) else series


class Schemas:
    """The Table Schemas: field names and order, enums, boolean values, primary keys."""

    def __init__(self, folder: Path) -> None:
        self.by_table = {
            p.name.removesuffix(".schema.json"): json.loads(p.read_text(encoding="utf-8"))
            for p in sorted(folder.glob("*.schema.json"))
        }

    def fields(self, table: str) -> list[dict[str, Any]]:
        return list(self.by_table[table]["fields"])

    def field(self, table: str, name: str) -> dict[str, Any]:
        for f in self.fields(table):
            if f["name"] == name:
                return f
        raise KeyError(f"{table}.{name} is not in the schema")

    def enum(self, table: str, name: str, *needed: str) -> list[str]:
        values = [str(v) for v in self.field(table, name).get("constraints", {}).get("enum", [])]
        missing = [v for v in needed if v not in values]
        if not values or missing:
            raise SystemExit(f"{table}.{name}: the generator needs enum values {missing or needed}")
        return values

    def boolean(self, table: str, name: str) -> tuple[str, str]:
        field = self.field(table, name)
        return field.get("trueValues", ["true"])[0], field.get("falseValues", ["false"])[0]


class Pools:
    """Actor names and claims with their lengths in code points, and where a claim's insertion is."""

    def __init__(self) -> None:
        names, natives = [], []
        for a in range(N_ACTORS):
            first, last = FIRST[a % len(FIRST)], LAST[(a // len(FIRST)) % len(LAST)]
            cycle = a // (len(FIRST) * len(LAST))
            middle = "" if cycle == 0 else f" {chr(ord('A') + cycle - 1)}."
            names.append(nfc(f"{first}{middle} {last}"))
            natives.append(NATIVE[a % len(NATIVE)] if a % 7 == 0 else None)
        self.names = pl.Series(names)
        self.natives = pl.Series(natives, dtype=pl.Utf8)
        self.name_len = np.array([len(n) for n in names], dtype=np.int64)
        claims, ins_off, ins_len, ins_text, ins_kind, ins_actor = [], [], [], [], [], []
        for c in range(1_000):
            h = [int(v) for v in mix(np.arange(6) + 6 * c, 99)]
            subject = SUBJECTS[h[0] % len(SUBJECTS)]
            verb = VERBS[h[1] % len(VERBS)]
            obj = OBJECTS[h[2] % len(OBJECTS)]
            tail = TAILS[h[3] % len(TAILS)]
            insertion, actor = None, None
            if h[4] % 10 == 0:  # a gloss naming an actor, as in "he [Lavrov] said"
                actor = int(h[5] % N_ACTORS)
                insertion = f"[{names[actor]}]"
                head = f"{subject} {insertion} "
                claim = f"{head}{verb} {obj}{tail}"
                offset, kind = len(subject) + 1, GLOSS
            elif h[4] % 10 == 1:  # an editor's note
                place = PLACES[h[5] % len(PLACES)][0]
                insertion = f"(in {place} – Ed.)"
                claim = f"{subject} {verb} {obj} {insertion}{tail}"
                offset, kind = len(f"{subject} {verb} {obj} "), EDITOR_NOTE
            else:
                claim, offset, kind = f"{subject} {verb} {obj}{tail}", -1, None
            claim = nfc(claim)
            if insertion is not None:
                assert claim[offset : offset + len(insertion)] == insertion, claim
            claims.append(claim)
            ins_off.append(offset)
            ins_len.append(len(insertion) if insertion else 0)
            ins_text.append(insertion)
            ins_kind.append(kind)
            ins_actor.append(actor)
        self.claims = pl.Series(claims)
        self.claim_len = np.array([len(c) for c in claims], dtype=np.int64)
        self.ins_off = np.array(ins_off, dtype=np.int64)
        self.ins_len = np.array(ins_len, dtype=np.int64)
        self.ins_text = pl.Series(ins_text, dtype=pl.Utf8)
        self.ins_kind = pl.Series(ins_kind, dtype=pl.Utf8)
        self.ins_actor = np.array([-1 if a is None else a for a in ins_actor], dtype=np.int64)
        self.cues = pl.Series(CUES)
        self.roles = pl.Series(ROLES)


class Generator:
    def __init__(self, statements: int, out: Path, errors: bool) -> None:
        if statements < STATEMENTS_PER_SOURCE:
            raise SystemExit(f"--statements must be at least {STATEMENTS_PER_SOURCE}")
        self.n = statements
        self.out = out
        self.errors = errors
        self.schemas = Schemas(REPO / "schemas")
        self.pools = Pools()
        self.n_sources = math.ceil(statements / STATEMENTS_PER_SOURCE)
        srcs = np.arange(self.n_sources, dtype=np.int64)
        self.per_source = np.minimum(
            STATEMENTS_PER_SOURCE, statements - srcs * STATEMENTS_PER_SOURCE
        )
        # every source but the last is full, so a source's first event is src * EVENTS_PER_SOURCE
        self.events_per = -(-self.per_source // EVENT_EVERY)
        self.proposals_per = -(-self.per_source // PROPOSAL_EVERY)
        self.n_events = int(self.events_per.sum())
        self.n_proposals = int(self.proposals_per.sum())
        self.e_base = STATEMENTS_PER_SOURCE // EVENT_EVERY
        self.p_base = -(-STATEMENTS_PER_SOURCE // PROPOSAL_EVERY)
        everything = np.arange(statements, dtype=np.int64)
        has_insertion = self.pools.ins_off[self.claim_of(everything)] >= 0
        self.insertion_before = np.cumsum(has_insertion) - has_insertion  # global insertion index
        self.n_insertions = int(has_insertion.sum())
        self.width = {
            "s": max(3, len(str(statements))),
            "m": max(3, len(str(statements * MENTIONS_PER_STATEMENT))),
            "i": max(2, len(str(max(1, self.n_insertions)))),
            "ev": len(str(self.n_events)),
            "prop": len(str(self.n_proposals)),
            "src": len(str(self.n_sources)),
            "actor": len(str(N_ACTORS)),
        }
        self.actor_ids = ids("actor-", np.arange(1, N_ACTORS + 1), self.width["actor"])
        self.cameo, self.plover_type, self.plover_mode = coding_triples()
        self.unknown_codes = [c for c in ("9999", "0999", "999", "99") if c not in set(self.cameo)]
        self.counts: dict[str, int] = {}
        self.seeded: list[dict[str, Any]] = []
        self.plan = self.seed_plan() if errors else {}

    # ---- shared helpers ------------------------------------------------------------------

    def claim_of(self, i: np.ndarray) -> np.ndarray:
        return pick(i, 14, len(self.pools.claims))

    def published(self, src: np.ndarray) -> np.ndarray:
        return EPOCH_2021 + pick(src, 1, 730)

    def source_ids(self, src: np.ndarray) -> pl.Series:
        return ids("src-", src + 1, self.width["src"])

    def event_status(self, e: np.ndarray) -> pl.Series:
        values = self.schemas.enum("events", "status", SCHEDULED)
        scheduled = pick(e, 40, 10) == 0  # one event in ten is scheduled after publication
        others = [v for v in values if v != SCHEDULED]
        chosen = pl.Series(others).gather(pick(e, 41, len(others)))
        return chosen.scatter(np.flatnonzero(scheduled), SCHEDULED) if scheduled.any() else chosen

    def factuality(self, e: np.ndarray, status: pl.Series, no_code: np.ndarray) -> pl.Series:
        """Any factuality, but a committed one where a coded event happened or is happening
        (checks.occurrence: an allegation is not exported as a fact)."""
        values = self.schemas.enum("events", "factuality", COMMITTED)
        picked = pl.Series(values).gather(pick(e, 47, len(values)))
        self.schemas.enum("events", "status", *HAPPENED)  # the statuses are still the schema's
        happened = status.is_in(list(HAPPENED)) & pl.Series(~no_code)
        at = happened.arg_true()
        return picked.scatter(at, COMMITTED) if len(at) else picked

    def enum_pick(
        self, table: str, column: str, x: np.ndarray, salt: int, exclude: tuple[str, ...] = ()
    ) -> pl.Series:
        values = [v for v in self.schemas.enum(table, column, *exclude) if v not in exclude]
        return pl.Series(values).gather(pick(x, salt, len(values)))

    def boolean_pick(self, table: str, column: str, x: np.ndarray, salt: int) -> pl.Series:
        true, false = self.schemas.boolean(table, column)
        return pl.Series([false, true]).gather(pick(x, salt, 2))

    def assemble(self, table: str, idx: np.ndarray, filled: dict[str, Any]) -> pl.DataFrame:
        """Columns in the schema's order, all as text; helpers (named __*) kept for seeding."""
        columns = []
        names = [f["name"] for f in self.schemas.fields(table)]
        unknown = [k for k in filled if not k.startswith("__") and k not in names]
        if unknown:
            raise SystemExit(f"{table}: the generator fills {unknown}, which the schema lacks")
        for field in self.schemas.fields(table):
            name = field["name"]
            if name in filled:
                value = filled[name]
                series = value if isinstance(value, pl.Series) else pl.Series(value)
            elif field.get("constraints", {}).get("enum"):
                series = self.enum_pick(table, name, idx, zlib.crc32(name.encode()))
            elif field.get("type") == "boolean":
                series = self.boolean_pick(table, name, idx, zlib.crc32(name.encode()))
            elif field.get("constraints", {}).get("required"):
                raise SystemExit(f"{table}.{name} is required and the generator cannot fill it")
            else:
                series = pl.Series([None] * len(idx), dtype=pl.Utf8)
            if len(series) != len(idx):
                raise AssertionError(f"{table}.{name}: {len(series)} values for {len(idx)} rows")
            columns.append(series.cast(pl.Utf8).alias(name))
        helpers = [pl.Series(k, v) for k, v in filled.items() if k.startswith("__")]
        return pl.DataFrame([pl.Series("__idx", idx), *columns, *helpers])

    # ---- tables --------------------------------------------------------------------------

    def actors(self) -> pl.DataFrame:
        a = np.arange(N_ACTORS, dtype=np.int64)
        country = pl.Series(COUNTRIES).gather(pick(a, 50, len(COUNTRIES)))
        no_country = pick(a, 51, 5) == 0
        return self.assemble(
            "actors",
            a,
            {
                "actor_id": self.actor_ids,
                "name": self.pools.names,
                "country": blank(country, no_country),
                "role": blank(
                    self.pools.roles.gather(pick(a, 52, len(ROLES))), pick(a, 53, 3) == 0
                ),
                # the first 100 actors are states and bodies; every other belongs to one of them
                "affiliation_id": blank(self.actor_ids.gather(a % 100), a < 100),
                "name_native": self.pools.natives,
                "wikidata_id": blank(ids("Q", a + 1000, 1), pick(a, 54, 4) != 0),
                "wikidata_evidence": blank(
                    ids("wikidata.org/wiki/Q", a + 1000, 1), pick(a, 54, 4) != 0
                ),
                "cameo_actor_code": blank(
                    country.to_frame("c").select(pl.concat_str("c", pl.lit("GOV"))).to_series(),
                    no_country | (pick(a, 55, 2) == 0),
                ),
            },
        )

    def chunk(self, s0: int, s1: int) -> dict[str, pl.DataFrame]:
        """Every row that belongs to sources s0..s1-1, and their text files."""
        spc, pools = STATEMENTS_PER_SOURCE, self.pools
        srcs = np.arange(s0, s1, dtype=np.int64)
        i = np.arange(s0 * spc, min(s1 * spc, self.n), dtype=np.int64)
        src, local = i // spc, i % spc
        pos = src - s0  # source's position in this chunk
        n_here = len(i)
        src_ids = self.source_ids(srcs)
        pub = self.published(srcs)
        pub_str = dates(pub)

        # the blocks of text: "{SP} told {RC} that {CLAIM}, said {X1} and {X2}." joined by " "
        sp = pick(i, 10, N_ACTORS)
        rc = (sp + 1 + pick(i, 11, N_ACTORS - 1)) % N_ACTORS
        x1, x2 = pick(i, 12, N_ACTORS), pick(i, 13, N_ACTORS)
        claim = self.claim_of(i)
        nl, cl = pools.name_len, pools.claim_len
        block_len = nl[sp] + 6 + nl[rc] + 6 + cl[claim] + 7 + nl[x1] + 5 + nl[x2] + 1
        headers = [
            nfc(f"{sid} — synthetic source for the scale benchmark, published {day}.\n\n")
            for sid, day in zip(src_ids.to_list(), pub_str.to_list(), strict=True)
        ]
        header_len = np.array([len(h) for h in headers], dtype=np.int64)
        step = block_len + 1
        before = np.cumsum(step) - step
        first_of_source = (srcs - s0) * spc
        block_start = header_len[pos] + before - before[first_of_source][pos]
        claim_start = block_start + nl[sp] + 6 + nl[rc] + 6
        claim_end = claim_start + cl[claim]

        g = pl.DataFrame(
            {
                "sp": pools.names.gather(sp),
                "rc": pools.names.gather(rc),
                "claim": pools.claims.gather(claim),
                "x1": pools.names.gather(x1),
                "x2": pools.names.gather(x2),
                "src": pos,
            }
        )
        tail = [pl.lit(", said "), pl.col("x1"), pl.lit(" and "), pl.col("x2"), pl.lit(".")]
        block = pl.concat_str(
            pl.col("sp"), pl.lit(" told "), pl.col("rc"), pl.lit(" that "), pl.col("claim"), *tail
        )
        # a reporting statement spans its own claim up to the end of the reported claim after it
        reporting_text = pl.concat_str(
            pl.col("claim"),
            *tail,
            pl.lit(" "),
            pl.col("sp").shift(-1),
            pl.lit(" told "),
            pl.col("rc").shift(-1),
            pl.lit(" that "),
            pl.col("claim").shift(-1),
        )
        reported = local % 10 == REPORTED
        reporting = np.zeros(n_here, dtype=bool)
        reporting[:-1] = reported[1:]
        g = g.with_columns(
            block.alias("block"),
            pl.when(pl.lit(pl.Series(reporting)))
            .then(reporting_text)
            .otherwise(pl.col("claim"))
            .alias("text"),
        )
        bodies = g.group_by("src", maintain_order=True).agg(pl.col("block").str.join(" "))
        body_len = np.bincount(pos, weights=block_len, minlength=len(srcs)).astype(np.int64)
        sha, chars, paths = [], [], []
        for k, (header, body) in enumerate(zip(headers, bodies["block"].to_list(), strict=True)):
            text = header + body + "\n"
            expected = header_len[k] + body_len[k] + (self.per_source[s0 + k] - 1) + 1
            assert len(text) == expected, (s0 + k, len(text), expected)
            raw = text.encode("utf-8")
            s = s0 + k
            rel = f"data/sources/{s // 1000:03d}/{src_ids[k]}.txt"
            target = self.out / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(raw)
            sha.append(hashlib.sha256(raw).hexdigest())
            chars.append(len(text))
            paths.append(rel)

        tables: dict[str, pl.DataFrame] = {}
        tables["sources"] = self.assemble(
            "sources",
            srcs,
            {
                "source_id": src_ids,
                "publisher": pl.Series(["Synthetic Gazette"] * len(srcs)),
                "publisher_actor_id": self.actor_ids.gather(np.zeros(len(srcs), dtype=np.int64)),
                "published": pub_str,
                "language": pl.Series(["en"] * len(srcs)),
                "original_language": pl.Series(["ru"] * len(srcs)),
                "title": src_ids.to_frame("s")
                .select(pl.concat_str(pl.lit("Synthetic article "), pl.col("s")))
                .to_series(),
                "url": src_ids.to_frame("s")
                .select(pl.concat_str(pl.lit("https://example.org/bench/"), pl.col("s")))
                .to_series(),
                "path": pl.Series(paths),
                "sha256": pl.Series(sha),
                "chars": pl.Series(chars),
            },
        )

        # statements
        said = self.published(src) - pick(i, 20, 90)
        said_null = pick(i, 21, 10) == 0
        said_str = blank(dates(said), said_null)
        precision = self.enum_pick("statements", "said_on_precision", i, 22, (UNKNOWN_PRECISION,))
        precision = (
            precision.scatter(np.flatnonzero(said_null), UNKNOWN_PRECISION)
            if said_null.any()
            else precision
        )
        # evidence is quoted verbatim from the source (checks.evidence): the block's opening
        evidence = g.select(pl.concat_str(pl.col("sp"), pl.lit(" told "), pl.col("rc"))).to_series()
        event_of = src * self.e_base + local // EVENT_EVERY
        pair = pick(i, 30, len(self.cameo))
        no_code = pick(i, 31, 10) == 0
        end = claim_end.copy()
        end[reporting] = claim_end[np.flatnonzero(reporting) + 1]
        tables["statements"] = self.assemble(
            "statements",
            i,
            {
                "statement_id": ids("s", i + 1, self.width["s"]),
                "source_id": src_ids.gather(pos),
                "speaker_id": self.actor_ids.gather(sp),
                "recipient_id": blank(self.actor_ids.gather(rc), pick(i, 25, 4) == 0),
                "medium_id": blank(self.actor_ids.gather(pick(i, 26, 50)), pick(i, 27, 3) != 0),
                "cue": pools.cues.gather(pick(i, 28, len(CUES))),
                "start": claim_start,
                "end": end,
                "text": g["text"],
                "said_on": (said_typed := as_given(said_str, precision))[0],
                "said_on_as_given": said_typed[1],
                "said_on_precision": precision,
                "said_on_evidence": blank(evidence, said_null),
                "reported_by": blank(ids("s", i, self.width["s"]), ~reported),
                "about_event_id": blank(
                    ids("ev-", event_of + 1, self.width["ev"]), pick(i, 29, 3) == 0
                ),
                "cameo_code": blank(self.cameo.gather(pair), no_code),
                "plover_type": blank(self.plover_type.gather(pair), no_code),
                "plover_mode": blank(self.plover_mode.gather(pair), no_code),
                "note": blank(
                    pl.Series(["Synthetic row for the scale benchmark."] * n_here),
                    pick(i, 32, 20) != 0,
                ),
                "__src": src,
                "__pub": pl.Series(self.published(src).astype(np.int32)).cast(pl.Date),
            },
        )

        # mentions: the four names of each block
        who = np.stack([sp, rc, x1, x2], axis=1)
        x1_start = claim_end + 7
        starts = np.stack(
            [block_start, block_start + nl[sp] + 6, x1_start, x1_start + nl[x1] + 5], axis=1
        )
        m = (i[:, None] * MENTIONS_PER_STATEMENT + np.arange(MENTIONS_PER_STATEMENT)).ravel()
        who, starts = who.ravel(), starts.ravel()
        tables["mentions"] = self.assemble(
            "mentions",
            m,
            {
                "mention_id": ids("m", m + 1, self.width["m"]),
                "source_id": src_ids.gather(np.repeat(pos, MENTIONS_PER_STATEMENT)),
                "actor_id": self.actor_ids.gather(who),
                "start": starts,
                "end": starts + nl[who],
                "text": pools.names.gather(who),
            },
        )

        # editorial insertions inside the claims that carry one
        has = pools.ins_off[claim] >= 0
        at = np.flatnonzero(has)
        ic = claim[at]
        ins_start = claim_start[at] + pools.ins_off[ic]
        actor = pools.ins_actor[ic]
        tables["editorial_insertions"] = self.assemble(
            "editorial_insertions",
            self.insertion_before[i[at]],
            {
                "insertion_id": ids("i", self.insertion_before[i[at]] + 1, self.width["i"]),
                "source_id": src_ids.gather(pos[at]),
                "statement_id": ids("s", i[at] + 1, self.width["s"]),
                "start": ins_start,
                "end": ins_start + pools.ins_len[ic],
                "text": pools.ins_text.gather(ic),
                "kind": pools.ins_kind.gather(ic),
                "refers_to_actor_id": blank(self.actor_ids.gather(np.maximum(actor, 0)), actor < 0),
            },
        )
        self.schemas.enum("editorial_insertions", "kind", GLOSS, EDITOR_NOTE)

        # events: one per 10 statements, spanning the claim of local statement 10k
        e_src = np.repeat(srcs, self.events_per[s0:s1])
        e_k = np.arange(len(e_src)) - np.repeat(
            np.cumsum(self.events_per[s0:s1]) - self.events_per[s0:s1], self.events_per[s0:s1]
        )
        e = e_src * self.e_base + e_k
        anchor = e_src * spc + e_k * EVENT_EVERY - i[0]
        status = self.event_status(e)
        scheduled = (status == SCHEDULED).to_numpy()
        e_pub = self.published(e_src)
        start_day = np.where(scheduled, e_pub + 1 + pick(e, 42, 30), e_pub - 2 - pick(e, 43, 60))
        has_end = pick(e, 44, 3) == 0
        place = pick(e, 45, len(PLACES))
        no_place = pick(e, 46, 4) == 0
        e_pair = pick(e, 51, len(self.cameo))
        e_no_code = pick(e, 52, 10) == 0
        # a scheduled event is dated to the day: a month's first day may precede publication
        e_precision = self.enum_pick("events", "date_precision", e, 50, (UNKNOWN_PRECISION,))
        e_precision = (
            e_precision.scatter(np.flatnonzero(scheduled), "day")
            if scheduled.any()
            else e_precision
        )
        start_str, start_given = as_given(dates(start_day), e_precision)
        end_str, end_given = as_given(
            blank(dates(start_day + pick(e, 49, 3)), ~has_end), e_precision
        )
        tables["events"] = self.assemble(
            "events",
            e,
            {
                "event_id": ids("ev-", e + 1, self.width["ev"]),
                "source_id": src_ids.gather(e_src - s0),
                "title": pl.Series([f"Event {k + 1} of the article" for k in e_k]),
                "parent_id": blank(ids("ev-", e_src * self.e_base + 1, self.width["ev"]), e_k == 0),
                "date_start": start_str,
                "date_start_as_given": start_given,
                "date_end": end_str,
                "date_end_as_given": end_given,
                "date_precision": e_precision,
                # two fragments of the source's header, quoted verbatim (checks.evidence)
                "date_evidence": src_ids.gather(e_src - s0)
                .to_frame("s")
                .select(pl.concat_str(pl.col("s"), pl.lit(" — synthetic source … published")))
                .to_series(),
                "status": status,
                "factuality": self.factuality(e, status, e_no_code),
                # the event's span is its anchor statement's claim: that statement reports it
                "reporting_statement_id": ids("s", i[anchor] + 1, self.width["s"]),
                "location": blank(pl.Series([p[0] for p in PLACES]).gather(place), no_place),
                "location_wikidata_id": blank(
                    pl.Series([p[2] for p in PLACES]).gather(place), no_place
                ),
                "location_wikidata_evidence": blank(pl.Series(["wikidata.org"] * len(e)), no_place),
                "country": blank(pl.Series([p[1] for p in PLACES]).gather(place), no_place),
                "cameo_code": blank(self.cameo.gather(e_pair), e_no_code),
                "plover_type": blank(self.plover_type.gather(e_pair), e_no_code),
                "plover_mode": blank(self.plover_mode.gather(e_pair), e_no_code),
                "start": claim_start[anchor],
                "end": claim_end[anchor],
                "text": g["claim"].gather(anchor),
                "__pub": pl.Series(e_pub.astype(np.int32)).cast(pl.Date),
            },
        )

        # event participants: three distinct actors per event, in actor order
        ep_e = np.repeat(e, PARTICIPANTS_PER_EVENT)
        first_actor = pick(e, 60, N_ACTORS - PARTICIPANTS_PER_EVENT + 1)
        ep_actor = (first_actor[:, None] + np.arange(PARTICIPANTS_PER_EVENT)).ravel()
        ep = e[0] * PARTICIPANTS_PER_EVENT + np.arange(len(ep_e)) if len(e) else ep_e
        tables["event_participants"] = self.assemble(
            "event_participants",
            ep,
            {
                "event_id": ids("ev-", ep_e + 1, self.width["ev"]),
                "actor_id": self.actor_ids.gather(ep_actor),
            },
        )

        # proposals: one per 25 statements, spanning the claim of local statement 25k
        p_src = np.repeat(srcs, self.proposals_per[s0:s1])
        p_k = np.arange(len(p_src)) - np.repeat(
            np.cumsum(self.proposals_per[s0:s1]) - self.proposals_per[s0:s1],
            self.proposals_per[s0:s1],
        )
        p = p_src * self.p_base + p_k
        p_anchor = p_src * spc + p_k * PROPOSAL_EVERY - i[0]
        p_pub = self.published(p_src) - pick(p, 70, 40)
        p_null = pick(p, 71, 4) == 0
        p_precision = self.enum_pick(
            "proposals", "published_precision", p, 72, (UNKNOWN_PRECISION,)
        )
        p_precision = (
            p_precision.scatter(np.flatnonzero(p_null), UNKNOWN_PRECISION)
            if p_null.any()
            else p_precision
        )
        tables["proposals"] = self.assemble(
            "proposals",
            p,
            {
                "proposal_id": ids("prop-", p + 1, self.width["prop"]),
                "source_id": src_ids.gather(p_src - s0),
                "parent_id": blank(
                    ids("prop-", p_src * self.p_base + 1, self.width["prop"]), p_k == 0
                ),
                "title": pl.Series([f"Proposal {k + 1} of the article" for k in p_k]),
                "proposer_id": self.actor_ids.gather(pick(p, 73, 100)),
                "addressee_id": blank(self.actor_ids.gather(pick(p, 74, 100)), pick(p, 75, 3) == 0),
                "published": (p_typed := as_given(blank(dates(p_pub), p_null), p_precision))[0],
                "published_as_given": p_typed[1],
                "published_precision": p_precision,
                "start": claim_start[p_anchor],
                "end": claim_end[p_anchor],
                "text": g["claim"].gather(p_anchor),
            },
        )

        # positions: every 5th statement on a proposal of its source
        q = np.flatnonzero(local % POSITION_EVERY == 0)
        tables["positions"] = self.assemble(
            "positions",
            i[q] // POSITION_EVERY,
            {
                "statement_id": ids("s", i[q] + 1, self.width["s"]),
                "proposal_id": ids(
                    "prop-",
                    src[q] * self.p_base + local[q] // PROPOSAL_EVERY + 1,
                    self.width["prop"],
                ),
            },
        )
        return tables

    # ---- seeded errors -------------------------------------------------------------------

    def seed_plan(self) -> dict[str, list[tuple[str, str, np.ndarray]]]:
        """table -> [(code, column, sorted 0-based rows)]; each row carries one seeded error."""
        rng = np.random.default_rng(2022)
        n, spc = self.n, STATEMENTS_PER_SOURCE
        s_all = np.arange(n, dtype=np.int64)
        e_src = np.repeat(np.arange(self.n_sources), self.events_per)
        e_all = e_src * self.e_base + (
            np.arange(self.n_events)
            - np.repeat(np.cumsum(self.events_per) - self.events_per, self.events_per)
        )
        non_scheduled = (self.event_status(e_all) != SCHEDULED).to_numpy()
        first_with_sibling = (e_all % self.e_base == 0) & (self.events_per[e_src] >= 2)
        m_all = np.arange(n * MENTIONS_PER_STATEMENT, dtype=np.int64)
        kinds = [
            # (code, table, column, eligible rows)
            ("parent-cycle", "events", "parent_id", e_all[first_with_sibling]),
            ("date-order", "events", "date_end", e_all[non_scheduled]),
            ("scheduled-not-after-publication", "events", "status", e_all[non_scheduled]),
            (
                "nested-span-outside-parent",
                "statements",
                "reported_by",
                s_all[s_all % spc % 10 == REPORTED],
            ),
            ("foreign-key", "statements", "speaker_id", s_all),
            ("type-error", "statements", "said_on", s_all),
            ("constraint-enum", "statements", "mode", s_all),
            ("formula-prefix", "statements", "note", s_all),
            ("date-after-publication", "statements", "said_on", s_all),
            ("unknown-code", "statements", "cameo_code", s_all),
            ("whitespace", "statements", "cue", s_all),
            ("missing-value", "statements", "confidence", s_all),
            ("control-character", "statements", "note", s_all),
            ("not-nfc", "statements", "note", s_all),
            # the second mention of a block takes the id of the first: never a chain
            ("duplicate-key", "mentions", "mention_id", m_all[m_all % MENTIONS_PER_STATEMENT == 1]),
            ("span-mismatch", "mentions", "text", m_all),
            ("span-out-of-range", "mentions", "end", m_all),
            ("constraint-pattern", "actors", "country", np.arange(N_ACTORS, dtype=np.int64)),
        ]
        plan: dict[str, list[tuple[str, str, np.ndarray]]] = {}
        used: dict[str, set[int]] = {}
        for code, table, column, eligible in kinds:
            taken = used.setdefault(table, set())
            free = (
                eligible[~np.isin(eligible, np.fromiter(taken, dtype=np.int64))]
                if taken
                else eligible
            )
            count = min(SEEDS_PER_KIND, len(free) // 2 if code != "parent-cycle" else len(free))
            rows = np.sort(rng.choice(free, size=count, replace=False)) if count else free[:0]
            taken.update(int(r) for r in rows)
            plan.setdefault(table, []).append((code, column, rows))
        return plan

    def seed(self, table: str, frame: pl.DataFrame) -> pl.DataFrame:
        idx = frame["__idx"]
        lo, hi = int(idx.min()), int(idx.max())
        for code, column, rows in self.plan.get(table, []):
            here = rows[(rows >= lo) & (rows <= hi)]
            if not len(here):
                continue
            value = self.seed_value(code, column)
            hit = pl.col("__idx").is_in(pl.Series(here).implode())
            frame = frame.with_columns(
                pl.when(hit).then(value).otherwise(pl.col(column)).alias(column)
            )
            self.seeded.extend(
                {"code": code, "table": table, "row": int(r) + 2, "column": column} for r in here
            )
        return frame

    def seed_value(self, code: str, column: str) -> pl.Expr:
        c = pl.col(column)
        width = self.width
        if code == "parent-cycle":  # the first event of a source names the second as its parent
            return pl.concat_str(
                pl.lit("ev-"), (pl.col("__idx") + 2).cast(pl.Utf8).str.zfill(width["ev"])
            )
        if code == "date-order":
            start = pl.col("date_start").str.to_date("%Y-%m-%d")
            return (start - pl.duration(days=1)).dt.to_string("%Y-%m-%d")
        if code == "scheduled-not-after-publication":
            return pl.lit(SCHEDULED)
        if code == "nested-span-outside-parent":  # the source's first statement, far before
            return pl.concat_str(
                pl.lit("s"),
                (pl.col("__src") * STATEMENTS_PER_SOURCE + 1).cast(pl.Utf8).str.zfill(width["s"]),
            )
        if code == "foreign-key":
            return pl.concat_str(pl.lit("ghost-"), c)
        if code == "type-error":
            return (
                pl.when(pl.col("__idx") % 2 == 0)
                .then(pl.lit("2021-02-30"))
                .otherwise(pl.lit("2022-04-31"))
            )
        if code == "constraint-enum":
            return pl.lit("paraphrase")
        if code == "formula-prefix":
            return (
                pl.when(pl.col("__idx") % 2 == 0)
                .then(pl.lit("=1+1"))
                .otherwise(pl.lit("@SUM(A1:A3)"))
            )
        if code == "date-after-publication":
            return (
                pl.col("__pub") + pl.duration(days=1) + pl.duration(days=pl.col("__idx") % 9)
            ).dt.to_string("%Y-%m-%d")
        if code == "unknown-code":
            return pl.lit(self.unknown_codes[0])
        if code == "whitespace":
            return pl.concat_str(c, pl.lit(" "))
        if code == "missing-value":
            return pl.lit(None, dtype=pl.Utf8)
        if code == "control-character":
            return pl.lit("bell\x07inside")
        if code == "not-nfc":
            return pl.lit("Cafe\u0301 talks")
        if code == "duplicate-key":  # the id of the row before
            return pl.concat_str(pl.lit("m"), pl.col("__idx").cast(pl.Utf8).str.zfill(width["m"]))
        if code == "span-mismatch":
            return pl.concat_str(c, pl.lit("x"))
        if code == "span-out-of-range":  # end before start
            return (pl.col("start").cast(pl.Int64) - 1).cast(pl.Utf8)
        if code == "constraint-pattern":
            return pl.lit("Rus")
        raise AssertionError(code)

    # ---- the package ---------------------------------------------------------------------

    def chunks(self) -> Iterator[tuple[int, int]]:
        for s0 in range(0, self.n_sources, CHUNK_SOURCES):
            yield s0, min(s0 + CHUNK_SOURCES, self.n_sources)

    def write(self) -> None:
        out = self.out
        (out / "data" / "sources").mkdir(parents=True)
        shutil.copytree(REPO / "schemas", out / "schemas")
        descriptor = json.loads((REPO / "datapackage.json").read_text(encoding="utf-8"))
        tables = [r for r in descriptor["resources"] if r.get("schema") and not r.get("vocabulary")]
        for res in descriptor["resources"]:
            if res.get("vocabulary"):
                shutil.copy(REPO / res["path"], out / res["path"])
        handles = {r["name"]: (out / r["path"]).open("wb") for r in tables}
        written: set[str] = set()

        def emit(name: str, frame: pl.DataFrame) -> None:
            if name not in handles:
                raise SystemExit(f"the generator makes {name!r}, which datapackage.json lacks")
            if self.errors and len(frame):
                frame = self.seed(name, frame)
            self.counts[name] = self.counts.get(name, 0) + len(frame)
            frame.select(pl.exclude("^__.*$")).write_csv(
                handles[name], include_header=name not in written, line_terminator="\n"
            )
            written.add(name)

        try:
            emit("actors", self.actors())
            for s0, s1 in self.chunks():
                for name, frame in self.chunk(s0, s1).items():
                    emit(name, frame)
                print(f"  sources {s1:>7}/{self.n_sources}", file=sys.stderr, flush=True)
        finally:
            for handle in handles.values():
                handle.close()
        missing = set(handles) - written
        if missing:
            raise SystemExit(f"the generator has no rows for {sorted(missing)}")
        first = self.source_ids(np.array([0]))[0]
        resources = []
        for res in descriptor["resources"]:
            if res.get("type") == "file":  # the real article's file: the first synthetic source
                res = {
                    "name": first,
                    "type": "file",
                    "title": f"Synthetic source {first}",
                    "description": "The first synthetic source text; the others sit beside it.",
                    "path": f"data/sources/000/{first}.txt",
                    "scheme": "file",
                    "format": "txt",
                    "mediatype": "text/plain",
                    "encoding": "utf-8",
                }
            resources.append(res)
        descriptor["resources"] = resources
        descriptor["name"] = (
            f"{descriptor['name']}-bench-{self.n}{'-errors' if self.errors else ''}"
        )
        descriptor["title"] = f"Synthetic benchmark package: {self.n} statements"
        descriptor["description"] = (
            "Generated by bench/generate.py from the real Table Schemas; not real data."
        )
        target = out / "datapackage.json"
        target.write_text(dump_descriptor(descriptor), encoding="utf-8")
        stamp(target)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--statements", type=int, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--errors", action="store_true", help="seed errors; write seeded.json")
    parser.add_argument("--force", action="store_true", help="replace DIR if it exists")
    args = parser.parse_args(argv)
    out: Path = args.out
    if out.exists() and any(out.iterdir()):
        if not args.force:
            raise SystemExit(f"{out} is not empty (use --force to replace it)")
        shutil.rmtree(out)
    started = time.perf_counter()
    gen = Generator(args.statements, out, args.errors)
    gen.write()
    seconds = time.perf_counter() - started
    info = {
        "generator_version": GENERATOR_VERSION,
        "statements": args.statements,
        "errors": args.errors,
        "rows": gen.counts,
        "rows_total": sum(gen.counts.values()),
        "source_files": gen.n_sources,
        "bytes_total": sum(p.stat().st_size for p in (out / "data").rglob("*") if p.is_file()),
        "seconds": round(seconds, 2),
    }
    if args.errors:
        seeded = sorted(gen.seeded, key=lambda s: (s["table"], s["row"], s["code"]))
        by_code: dict[str, int] = {}
        for s in seeded:
            by_code[s["code"]] = by_code.get(s["code"], 0) + 1
        (out / "seeded.json").write_text(
            json.dumps({"by_code": by_code, "seeded": seeded}, indent=1) + "\n", encoding="utf-8"
        )
        info["seeded"] = by_code
    (out / "generator.json").write_text(json.dumps(info, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(info))
    return 0


if __name__ == "__main__":
    sys.exit(main())
