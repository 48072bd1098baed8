"""The domain checks of validate/checks/ as Spark DataFrame operations.

Each check reads the same declarations as its local twin (primary and foreign keys, `vocabulary`,
the tables and columns named in validate/checks/) and yields one DataFrame of offending rows per
issue code and table; the engine collects them and words each issue with the local check's own
function. Keys are joins, parents iterative joins, report links a window over each source's
statements and events, and spans a join of every span with its source's text, the sources read
by the executors.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from pyspark.sql import Column, DataFrame, SparkSession, Window
from pyspark.sql import functions as F
from pyspark.sql import types as T

from ..checks import codes, coding, dates, keys, parents, spans
from ..core.descriptor import Package, PathGuard
from ..core.report import Issue
from .tables import ROW, Table, c


@dataclass
class Found:
    """Rows that break one rule of one table, and how each becomes an Issue."""

    code: str
    table: str
    rows: DataFrame  # with "__row"
    issue: Callable[[dict[str, Any]], Issue]


@dataclass
class Tables:
    spark: SparkSession
    package: Package
    read: dict[str, Table]

    def typed(self, name: str) -> DataFrame:
        return self.read[name].typed


def primary_key(package: Package, name: str) -> list[str]:
    schema = package.resources[name].schema or {}
    key = schema.get("primaryKey", []) or []
    return [key] if isinstance(key, str) else list(key)


def _unmatched(
    t: Tables, name: str, fields: list[str], target: str, ref_fields: list[str]
) -> DataFrame:
    """keys.unmatched: rows with a key set (any part) that the target lacks; null parts match."""
    frame = t.typed(name).select(ROW, *[c(f) for f in fields])
    frame = frame.where(_any(c(f).isNotNull() for f in fields))
    there = [f"__ref{i}" for i in range(len(fields))]
    lookup = (
        t.typed(target)
        .select(*[c(r).alias(n) for r, n in zip(ref_fields, there, strict=True)])
        .distinct()
    )
    if len(fields) == 1:
        lookup = lookup.where(F.col(there[0]).isNotNull())
        cond = frame[fields[0]] == lookup[there[0]]
    else:
        cond = _all(frame[f].eqNullSafe(lookup[n]) for f, n in zip(fields, there, strict=True))
    return frame.join(lookup, cond, "left_anti")


def _any(cols: Iterator[Column]) -> Column:
    out = F.lit(False)
    for col in cols:
        out = out | col
    return out


def _all(cols: Iterator[Column]) -> Column:
    out = F.lit(True)
    for col in cols:
        out = out & col
    return out


def key_checks(t: Tables) -> Iterator[Found]:
    """keys.check and codes.check: repeated primary keys, foreign keys, vocabulary codes."""
    for name, res in t.package.tables.items():
        if name not in t.read:
            continue
        key = primary_key(t.package, name)
        if key:
            first = Window.partitionBy(*[c(k) for k in key]).orderBy(ROW)
            dupes = (
                t.typed(name)
                .select(ROW, *[c(k) for k in key])
                .withColumn("__n", F.row_number().over(first))
                .where(F.col("__n") > 1)
            )
            yield Found(
                "duplicate-key",
                name,
                dupes,
                partial(keys.duplicate_key_issue, name, key),
            )
        for fields, target, ref_fields in res.foreign_keys:
            if target not in t.read:
                continue
            rows = _unmatched(t, name, fields, target, ref_fields)
            if t.package.resources[target].is_vocabulary:
                yield Found(
                    "unknown-code",
                    name,
                    rows,
                    partial(codes.unknown_code_issue, name, fields, target),
                )
            else:
                yield Found(
                    "foreign-key",
                    name,
                    rows,
                    partial(keys.foreign_key_issue, name, fields, target, ref_fields),
                )


def coding_checks(t: Tables) -> Iterator[Found]:
    """coding.check: CAMEO parents, the CAMEO→PLOVER crosswalk, unlinked reports."""
    if coding.CAMEO in t.read:
        known = t.typed(coding.CAMEO).select(F.col("code").alias("__parent")).distinct()
        codes_ = t.typed(coding.CAMEO).select(ROW, "code").where(F.col("code").isNotNull())
        orphans = codes_.where(F.length("code") == 4).join(
            known, F.substring("code", 1, 3) == F.col("__parent"), "left_anti"
        )
        yield Found("cameo-parent-missing", coding.CAMEO, orphans, coding.cameo_parent_issue)
    yield from _crosswalk(t)
    yield from _unlinked_reports(t)


def _crosswalk(t: Tables) -> Iterator[Found]:
    if coding.CROSSWALK not in t.read:
        return
    walk = t.typed(coding.CROSSWALK).select(
        F.col("cameo_code").alias("__code"),
        F.col("plover_type").alias("__type"),
        F.col("plover_mode").alias("__mode"),
        F.lit(True).alias("__mapped"),
    )
    if coding.PLOVER in t.read:
        scored = t.typed(coding.PLOVER).select(
            F.col("event_type").alias("__stype"),
            F.col("mode").alias("__smode"),
            F.lit(True).alias("__scored"),
        )
        cond = walk["__type"].eqNullSafe(scored["__stype"]) & walk["__mode"].eqNullSafe(
            scored["__smode"]
        )
        walk = walk.join(scored, cond, "left").drop("__stype", "__smode")
    else:
        walk = walk.withColumn("__scored", F.lit(True))
    for name, res in t.package.tables.items():
        if name not in t.read or res.is_vocabulary or not all(res.field(x) for x in coding.CODED):
            continue
        frame = t.typed(name).select(ROW, *coding.CODED).where(F.col("cameo_code").isNotNull())
        if coding.CAMEO in t.read:  # a code outside the vocabulary is unknown-code, not this
            known = t.typed(coding.CAMEO).select(F.col("code").alias("__known")).distinct()
            frame = frame.join(known, frame["cameo_code"] == known["__known"], "left_semi")
        frame = frame.join(walk, frame["cameo_code"] == walk["__code"], "left")
        mapped = F.coalesce(F.col("__mapped"), F.lit(False))
        wrong_type = F.when(mapped, ~F.col("plover_type").eqNullSafe(F.col("__type"))).otherwise(
            F.col("plover_type").isNotNull()
        )
        unscored_left_out = F.col("plover_mode").isNull() & F.col("__scored").isNull()
        wrong_mode = (
            mapped
            & F.col("__mode").isNotNull()
            & ~F.col("plover_mode").eqNullSafe(F.col("__mode"))
            & ~unscored_left_out
        )
        rows = frame.where(wrong_type | wrong_mode)
        yield Found("plover-crosswalk-mismatch", name, rows, partial(coding.crosswalk_issue, name))


def _unlinked_reports(t: Tables) -> Iterator[Found]:
    """Rows and statements of a source in one order (by start, statements first on a tie): a row
    lies inside a statement when the longest end among the statements before it reaches its end."""
    for name, column, statements in spans.REPORTS:
        if name not in t.read or statements not in t.read:
            continue
        span = [F.col(x) for x in coding.SPAN]
        rows = (
            t.typed(name)
            .where(F.col(column).isNull() & _all(x.isNotNull() for x in iter(span)))
            .select(
                *coding.SPAN,
                ROW,
                F.lit(1).alias("__kind"),
                F.lit(None).cast(T.StringType()).alias("__id"),
            )
        )
        held = (
            t.typed(statements)
            .select(F.col("statement_id").alias("__id"), *coding.SPAN, F.col(ROW))
            .dropna(subset=["__id", *coding.SPAN])
            .withColumn("__kind", F.lit(0))
        )
        both = held.unionByName(rows)
        order = (
            Window.partitionBy("source_id")
            .orderBy("start", "__kind", ROW)
            .rowsBetween(Window.unboundedPreceding, Window.currentRow)
        )
        statement = F.col("__kind") == 0
        both = both.withColumn("__reach", F.max(F.when(statement, F.col("end"))).over(order))
        holder = F.when(statement & (F.col("end") == F.col("__reach")), F.col("__id"))
        both = both.withColumn("__holder", F.last(holder, ignorenulls=True).over(order))
        inside = both.where((F.col("__kind") == 1) & (F.col("__reach") >= F.col("end")))
        yield Found(
            "report-link-missing",
            name,
            inside,
            partial(coding.report_link_issue, name, column),
        )


def cycle_issues(t: Tables) -> Iterator[Issue]:
    """parents.check: rows that never reach a root, by pointer doubling as iterated joins; the
    few that remain (none in a sound package) are walked on the driver by the local code."""
    for name, res in t.package.tables.items():
        if name not in t.read or res.is_vocabulary:
            continue
        for fields, target, ref_fields in res.foreign_keys:
            if target != name or len(fields) != 1:
                continue
            frame = (
                t.typed(name)
                .select(ROW, c(ref_fields[0]).alias("id"), c(fields[0]).alias("parent"))
                .where(F.col("parent").isNotNull() & F.col("id").isNotNull())
            )
            first = frame.groupBy(F.col("id").alias("parent")).agg(F.min(ROW).alias("up"))
            alive = frame.join(first, "parent").select(ROW, "up").localCheckpoint()
            left = alive.count()
            for _ in range(max(1, left).bit_length() + 1):
                if not left:
                    break
                ahead = alive.select(F.col(ROW).alias("up"), F.col("up").alias("__up2"))
                step = alive.join(ahead, "up").select(ROW, F.col("__up2").alias("up"))
                step = step.localCheckpoint()
                now = step.count()
                alive, shrank, left = step, now < left, now
                if not shrank:  # nothing died this round: every row left is on or leads to a cycle
                    break
            if not left:
                continue
            ring = frame.join(alive.select(ROW), ROW, "left_semi").orderBy(ROW).collect()
            yield from parents.cycle_issues(
                name,
                fields[0],
                [r["id"] for r in ring],
                [r["parent"] for r in ring],
                [r[ROW] for r in ring],
            )


def date_checks(t: Tables) -> Iterator[Found]:
    """dates.check: dates against the source's publication date; ends after starts."""
    if spans.SOURCES not in t.read:
        return
    published = (
        t.typed(spans.SOURCES).select("source_id", F.col("published").alias("__published")).dropna()
    )
    for name, res in t.package.tables.items():
        if name not in t.read or name == spans.SOURCES or not res.field("source_id"):
            continue
        date_fields = [f.name for f in res.fields() if f.type == "date"]
        if not date_fields:
            continue
        needed = ["source_id", *date_fields] + (["status"] if res.field("status") else [])
        frame = t.typed(name).select(ROW, *needed).join(published, "source_id")
        scheduled = F.col("status") == "scheduled" if res.field("status") else F.lit(False)
        frame = frame.withColumn("__scheduled", F.coalesce(scheduled, F.lit(False)))
        for column in date_fields:
            late = frame.where((c(column) > F.col("__published")) & ~F.col("__scheduled"))
            yield Found(
                "date-after-publication",
                name,
                late,
                partial(dates.late_issue, name, column),
            )
        if res.field("status") and res.field("date_start"):
            early = frame.where(
                F.col("__scheduled") & (F.col("date_start") <= F.col("__published"))
            )
            yield Found(
                "scheduled-not-after-publication",
                name,
                early,
                partial(dates.early_issue, name),
            )
        if res.field("date_start") and res.field("date_end"):
            reversed_ = frame.where(F.col("date_end") < F.col("date_start"))
            yield Found("date-order", name, reversed_, partial(dates.order_issue, name))


SOURCE_TEXT = T.StructType(
    [
        T.StructField("__srow", T.LongType()),
        T.StructField("__source", T.StringType()),
        T.StructField("__length", T.LongType()),
        T.StructField("__issue", T.ArrayType(T.StringType())),
    ]
)


def _read_sources(root: str) -> Callable[[Iterable[Any]], Iterator[tuple[Any, ...]]]:
    """A task's sources, read and checked a batch at a time by the local code (spans._read_batch):
    each good source's text and length, and each broken source's issue."""

    def run(records: Iterable[Any]) -> Iterator[tuple[Any, ...]]:
        guard = PathGuard(Path(root))
        batch: list[dict[str, Any]] = []
        for record in records:
            batch.append(record.asDict())
            if len(batch) == spans.BATCH_SOURCES:
                yield from _source_rows(batch, guard)
                batch = []
        if batch:
            yield from _source_rows(batch, guard)

    return run


def _source_rows(records: list[dict[str, Any]], guard: PathGuard) -> Iterator[tuple[Any, ...]]:
    batch, issues = spans._read_batch(records, 0, guard)
    for issue in issues:
        fields = [issue.code, issue.table, issue.message, issue.column, issue.value]
        yield (issue.row, None, None, [*fields])
    for i, record in enumerate(records):
        at = int(batch.position[i])
        if at >= 0:
            text = bytes(batch.sources[at]).decode("utf-8")
            length = int(batch.char_base[at + 1] - batch.char_base[at])
            yield (record[ROW], text, length, None)


def _out_of_range(name: str, r: dict[str, Any]) -> Issue:
    return spans.out_of_range_issue(name, r["start"], r["end"], r["__length"], r[ROW])


def _mismatch(name: str, r: dict[str, Any]) -> Issue:
    return spans.mismatch_issue(name, r["start"], r["end"], r["__actual"], r[ROW], r["text"])


def span_checks(t: Tables) -> tuple[list[Issue], list[Found]]:
    """spans.check: the sources (read by the executors), every span against its source's text,
    and nested spans inside their containers."""
    issues: list[Issue] = []
    found: list[Found] = []
    if spans.SOURCES in t.read:
        sources = t.typed(spans.SOURCES).select(ROW, "source_id", "path", "sha256", "chars")
        read = t.spark.createDataFrame(
            sources.rdd.mapPartitions(_read_sources(str(t.package.root))), SOURCE_TEXT
        ).persist()
        for r in read.where(F.col("__issue").isNotNull()).collect():
            code, table, message, column, value = r["__issue"]
            issues.append(Issue(code, table, message, row=r["__srow"], column=column, value=value))
        texts = read.where(F.col("__issue").isNull()).drop("__issue")
        # a repeated source_id is a duplicate-key issue: its spans are checked against the first
        first = sources.groupBy("source_id").agg(F.min(ROW).alias("__srow"))
        for name, res in t.package.tables.items():
            if name not in t.read or not all(res.field(f) for f in spans.SPAN_FIELDS):
                continue
            rows = (
                t.typed(name)
                .select(ROW, *spans.SPAN_FIELDS)
                .dropna(subset=list(spans.SPAN_FIELDS))
                .join(first, "source_id")
                .join(texts, "__srow")
            )
            start, end = F.col("start"), F.col("end")
            in_range = (start >= 0) & (end >= start) & (end <= F.col("__length"))
            found.append(
                Found(
                    "span-out-of-range",
                    name,
                    rows.where(~in_range).select(ROW, "start", "end", "__length"),
                    partial(_out_of_range, name),
                )
            )
            actual = F.col("__source").substr(start + 1, end - start)
            mismatched = rows.where(in_range).select(
                ROW, "start", "end", "text", actual.alias("__actual")
            )
            found.append(
                Found(
                    "span-mismatch",
                    name,
                    mismatched.where(F.col("__actual") != F.col("text")),
                    partial(_mismatch, name),
                )
            )
    for name, column, parent, code in spans.NESTED:
        nested = t.package.resources.get(name)
        if name not in t.read or parent not in t.read or nested is None or not nested.field(column):
            continue
        parent_id = primary_key(t.package, parent)[0]
        outer = t.typed(parent).select(
            c(parent_id).alias("__pid"),
            F.col("source_id").alias("__psource"),
            F.col("start").alias("__pstart"),
            F.col("end").alias("__pend"),
        )
        inner = t.typed(name).where(c(column).isNotNull())
        inner = inner.join(outer, inner[column] == outer["__pid"])
        outside = inner.where(
            (F.col("source_id") != F.col("__psource"))
            | (F.col("start") < F.col("__pstart"))
            | (F.col("end") > F.col("__pend"))
        ).select(ROW, c(column), "start", "end", "__pstart", "__pend")
        found.append(
            Found(
                code,
                name,
                outside,
                partial(spans.nested_issue, code, name, column),
            )
        )
    return issues, found
