"""The domain checks of validate/checks/ as Spark DataFrame operations.

Each check reads the same declarations as its local twin (primary and foreign keys, `vocabulary`,
the schemas' declared `checks`) and yields one DataFrame of offending rows per issue code and
table; the engine collects them and words each issue from the code's template in the registry
(`Issue.of`, with the details the local check gives), or with the local check's own function. Keys are joins, parents iterative joins, report links a window over each source's
statements and events, and spans a join of every span with its source's text, the sources read
by the executors.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from pyspark.sql import Column, DataFrame, SparkSession, Window
from pyspark.sql import functions as F
from pyspark.sql import types as T

from ..checks import coding, dates, events, evidence, parents, spans
from ..core.descriptor import Package, PathGuard, Resource
from ..core.lookup import describe
from ..core.model import EVIDENCE_SEPARATORS, PRECISIONS, AsGiven, SourceText, Span
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
    return list(package.resources[name].primary_key)


def _unmatched(
    t: Tables, name: str, fields: Sequence[str], target: str, ref_fields: Sequence[str]
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
            yield Found("duplicate-key", name, dupes, partial(_duplicate, name, key))
        for fields, target, ref_fields in res.foreign_keys:
            if target not in t.read:
                continue
            rows = _unmatched(t, name, fields, target, ref_fields)
            code = "unknown-code" if t.package.resources[target].is_vocabulary else "foreign-key"
            yield Found(
                code, name, rows, partial(_unmatched_issue, code, name, fields, target, ref_fields)
            )


def _duplicate(name: str, key: list[str], r: dict[str, Any]) -> Issue:
    value = describe(r, key)
    return Issue.of("duplicate-key", name, row=r[ROW], column=", ".join(key), value=value)


def _unmatched_issue(
    code: str, name: str, fields: Any, target: str, refs: Any, r: dict[str, Any]
) -> Issue:
    value = describe(r, fields)
    return Issue.of(
        code,
        name,
        row=r[ROW],
        column=", ".join(fields),
        value=value,
        target=target,
        reference=", ".join(refs),
    )


def coding_checks(t: Tables) -> Iterator[Found]:
    """coding.check: CAMEO parents, the CAMEO→PLOVER crosswalk, unlinked reports, as declared."""
    vocabulary = t.package.declaring("cameo_codes")
    if vocabulary is not None and vocabulary.name in t.read:
        column = vocabulary.checks.cameo_codes or ""
        known = t.typed(vocabulary.name).select(c(column).alias("__parent")).distinct()
        codes_ = t.typed(vocabulary.name).select(ROW, c(column)).where(c(column).isNotNull())
        orphans = codes_.where(F.length(c(column)) == 4).join(
            known, F.substring(c(column), 1, 3) == F.col("__parent"), "left_anti"
        )
        yield Found(
            "cameo-parent-missing",
            vocabulary.name,
            orphans,
            partial(_cameo_parent, vocabulary.name, column),
        )
    yield from _crosswalk(t)
    yield from _unlinked_reports(t)


def _cameo_parent(name: str, column: str, r: dict[str, Any]) -> Issue:
    code = r[column]
    return Issue.of(
        "cameo-parent-missing", name, parent=code[:3], row=r[ROW], column=column, value=code
    )


def _type_and_mode(coding_: Any, names: tuple[str, str], itself: str | None) -> list[Column]:
    """As coding.type_and_mode: the mode standing for the type itself is null."""
    mode = c(coding_.mode) if coding_.mode else F.lit(None).cast(T.StringType())
    if itself is not None:
        mode = F.when(mode == itself, F.lit(None).cast(T.StringType())).otherwise(mode)
    return [c(coding_.type).alias(names[0]), mode.alias(names[1])]


def _crosswalk(t: Tables) -> Iterator[Found]:
    table = t.package.declaring("crosswalk")
    if table is None or table.name not in t.read or table.checks.crosswalk is None:
        return
    declared = table.checks.crosswalk
    itself = coding.itself(t.package)
    walk = t.typed(table.name).select(
        c(declared.cameo or "").alias("__code"),
        *_type_and_mode(declared, ("__type", "__mode"), itself),
        F.lit(True).alias("__mapped"),
    )
    scores = t.package.declaring("plover_types")
    if scores is not None and scores.name in t.read and scores.checks.plover_types:
        scored = t.typed(scores.name).select(
            *_type_and_mode(scores.checks.plover_types, ("__stype", "__smode"), itself),
            F.lit(True).alias("__scored"),
        )
        cond = walk["__type"].eqNullSafe(scored["__stype"]) & walk["__mode"].eqNullSafe(
            scored["__smode"]
        )
        walk = walk.join(scored, cond, "left").drop("__stype", "__smode")
    else:
        walk = walk.withColumn("__scored", F.lit(True))
    vocabulary = t.package.declaring("cameo_codes")
    for name, res in t.package.tables.items():
        declared_coding = res.checks.coding
        if declared_coding is None or name not in t.read:
            continue
        reason = declared_coding.mode_reason
        frame = t.typed(name).select(
            ROW,
            c(declared_coding.cameo or "").alias("cameo_code"),
            *_type_and_mode(declared_coding, ("plover_type", "plover_mode"), itself),
            (c(reason) if reason else F.lit(None).cast(T.StringType())).alias(coding.REASON),
        )
        frame = frame.where(F.col("cameo_code").isNotNull())
        if vocabulary is not None and vocabulary.name in t.read:
            # a code outside the vocabulary is unknown-code, not this
            column = vocabulary.checks.cameo_codes or ""
            known = t.typed(vocabulary.name).select(c(column).alias("__known")).distinct()
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
            # a departure with a reason (a null in the comparison is no reason)
            & ~F.coalesce(
                F.col(coding.REASON).isNotNull() & (F.col(coding.REASON) != ""), F.lit(False)
            )
        )
        rows = frame.where(wrong_type | wrong_mode)
        columns = ", ".join(x for x in (declared_coding.type, declared_coding.mode) if x)
        yield Found(
            "plover-crosswalk-mismatch", name, rows, partial(coding.crosswalk_issue, name, columns)
        )


def event_checks(t: Tables) -> Iterator[Found]:
    """events.check: no actor on both sides of one event, no allegation coded as a fact."""
    for name, res in t.package.tables.items():
        if name not in t.read:
            continue
        dyad = res.checks.dyad
        if dyad is not None:
            frame = t.typed(name).select(ROW, c(dyad.event), c(dyad.actor), c(dyad.role))
            sources = (
                frame.where(c(dyad.role).isin(list(dyad.sources)))
                .groupBy(c(dyad.event).alias("__event"), c(dyad.actor).alias("__actor"))
                .agg(F.min(c(dyad.role)).alias("__source_role"))
            )
            targets = frame.where(c(dyad.role).isin(list(dyad.targets)))
            both = targets.join(
                sources,
                (targets[dyad.event] == sources["__event"])
                & (targets[dyad.actor] == sources["__actor"]),
            ).select(ROW, c(dyad.event), c(dyad.actor), c(dyad.role), "__source_role")
            yield Found("self-dyad", name, both, partial(events.self_dyad_issue, name, dyad))
        rule = res.checks.occurrence
        if rule is not None:
            found = (
                t.typed(name)
                .select(ROW, c(rule.code), c(rule.status), c(rule.factuality))
                .where(
                    c(rule.code).isNotNull()
                    & c(rule.status).isin(list(rule.occurred))
                    & ~c(rule.factuality).isin(list(rule.committed))
                )
            )
            yield Found(
                "uncommitted-event-coded",
                name,
                found,
                partial(events.uncommitted_issue, name, rule),
            )


def _fragments(cell: Column) -> Column:
    """evidence.fragments: every separator made the last one, then the cell split at it."""
    last = EVIDENCE_SEPARATORS[-1]
    for separator in EVIDENCE_SEPARATORS[:-1]:
        cell = F.replace(cell, F.lit(separator), F.lit(last))
    return F.split(cell, _regex_literal(last), -1)


def _regex_literal(text: str) -> str:
    """A Java regex matching `text` literally (Spark's split takes a pattern)."""
    return "\\Q" + text.replace("\\E", "\\E\\\\E\\Q") + "\\E"


def _span_of(res: Resource, *keep: Column | str) -> list[Column | str]:
    """The declared span's columns under the checks' names (spans.SPAN_FIELDS)."""
    span = res.checks.span
    assert span is not None
    declared = (span.source, span.start, span.end, span.text)
    return [*keep, *[c(d).alias(n) for d, n in zip(declared, spans.SPAN_FIELDS, strict=True)]]


def _unlinked_reports(t: Tables) -> Iterator[Found]:
    """Rows and statements of a source in one order (by start, statements first on a tie): a row
    lies inside a statement when the longest end among the statements before it reaches its end."""
    for name, res in t.package.tables.items():
        column = res.checks.reported_by
        link = res.link_of(column) if column else None
        if column is None or link is None or name not in t.read or link[0] not in t.read:
            continue
        statements, key = link
        span = [F.col(x) for x in coding.SPAN]
        rows = (
            t.typed(name)
            .select(*_span_of(res, ROW, c(column).alias("__link")))
            .where(F.col("__link").isNull() & _all(x.isNotNull() for x in iter(span)))
            .select(
                *coding.SPAN,
                ROW,
                F.lit(1).alias("__kind"),
                F.lit(None).cast(T.StringType()).alias("__id"),
            )
        )
        held = (
            t.typed(statements)
            .select(*_span_of(t.package.resources[statements], c(key).alias("__id"), F.col(ROW)))
            .select("__id", *coding.SPAN, ROW)
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
        yield Found("report-link-missing", name, inside, partial(_report_link, name, column))


def _report_link(name: str, column: str, r: dict[str, Any]) -> Issue:
    return Issue.of(
        "report-link-missing",
        name,
        row=r[ROW],
        column=column,
        start=r["start"],
        end=r["end"],
        holder=r["__holder"],
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
    """dates.check: declared dates against their source's publication; ends after starts."""
    for name, res in t.package.tables.items():
        if name not in t.read:
            continue
        for start, end in res.checks.date_order:
            reversed_ = t.typed(name).select(ROW, c(start), c(end)).where(c(end) < c(start))
            yield Found("date-order", name, reversed_, partial(_order, name, start, end))
        for given in res.checks.date_as_given:
            wrong = _as_given_wrong(t.typed(name), given)
            yield Found("date-as-given", name, wrong, partial(dates.as_given_issue, name, given))
        rule = res.checks.not_after_publication
        link = res.link_of(rule.source) if rule else None
        if rule is None or link is None or link[0] not in t.read:
            continue
        declared = t.package.resources[link[0]].checks.source_text
        if declared is None or not declared.published:
            continue
        published = (
            t.typed(link[0])
            .select(c(link[1]).alias("__source"), c(declared.published).alias("__published"))
            .dropna()
        )
        scheduled = rule.scheduled
        announced = c(scheduled.field) == scheduled.value if scheduled else F.lit(False)
        frame = (
            t.typed(name)
            .withColumn("__scheduled", F.coalesce(announced, F.lit(False)))
            .join(published, c(rule.source) == F.col("__source"))
        )
        for column in rule.fields:
            late = frame.where((c(column) > F.col("__published")) & ~F.col("__scheduled"))
            late = late.select(ROW, c(column), "__published")
            yield Found(
                "date-after-publication",
                name,
                late,
                partial(_published, "date-after-publication", name, column),
            )
        if scheduled is not None:
            early = frame.where(F.col("__scheduled") & (c(scheduled.start) <= F.col("__published")))
            early = early.select(ROW, c(scheduled.start), "__published")
            yield Found(
                "scheduled-not-after-publication",
                name,
                early,
                partial(_published, "scheduled-not-after-publication", name, scheduled.start),
            )


def _as_given_wrong(frame: DataFrame, rule: AsGiven) -> DataFrame:
    """As dates.date_as_given: rows whose date as given is not what their date and precision
    make, or whose date is not the first day of its period, with `__expected`."""
    date, precision = c(rule.date), c(rule.precision)
    expected, first = F.lit(None).cast(T.StringType()), F.lit(None).cast(T.DateType())
    for word, (form, period) in PRECISIONS.items():
        spark_form = form.replace("%Y", "yyyy").replace("%m", "MM").replace("%d", "dd")
        expected = F.when(precision == word, F.date_format(date, spark_form)).otherwise(expected)
        start = date if period == "day" else F.trunc(date, period)
        first = F.when(precision == word, start).otherwise(first)
    return (
        frame.select(ROW, date, precision, c(rule.as_given))
        .withColumn("__expected", expected)
        .withColumn("__first", first)
        .where(
            (~c(rule.as_given).eqNullSafe(F.col("__expected")) | ~date.eqNullSafe(F.col("__first")))
            & ~(date.isNull() & precision.isin(list(PRECISIONS)))
        )
    )


def _order(name: str, start: str, end: str, r: dict[str, Any]) -> Issue:
    return Issue.of(
        "date-order",
        name,
        row=r[ROW],
        column=end,
        value=str(r[end]),
        start_column=start,
        start=r[start],
    )


def _published(code: str, name: str, column: str, r: dict[str, Any]) -> Issue:
    return Issue.of(
        code, name, row=r[ROW], column=column, value=str(r[column]), published=r["__published"]
    )


SOURCE_TEXT = T.StructType(
    [
        T.StructField("__srow", T.LongType()),
        T.StructField("__source", T.StringType()),
        T.StructField("__length", T.LongType()),
        T.StructField("__issue", T.ArrayType(T.StringType())),
    ]
)


def _read_sources(
    root: str, names: SourceText
) -> Callable[[Iterable[Any]], Iterator[tuple[Any, ...]]]:
    """A task's sources, read and checked a batch at a time by the local code (spans._read_batch):
    each good source's text and length, and each broken source's issue."""

    def run(records: Iterable[Any]) -> Iterator[tuple[Any, ...]]:
        guard = PathGuard(Path(root))
        batch: list[dict[str, Any]] = []
        for record in records:
            batch.append(record.asDict())
            if len(batch) == spans.BATCH_SOURCES:
                yield from _source_rows(batch, guard, names)
                batch = []
        if batch:
            yield from _source_rows(batch, guard, names)

    return run


def _source_rows(
    records: list[dict[str, Any]], guard: PathGuard, names: SourceText
) -> Iterator[tuple[Any, ...]]:
    batch, issues = spans._read_batch(records, 0, guard, names)
    for issue in issues:
        fields = [issue.code, issue.table, issue.message, issue.column, issue.value]
        yield (issue.row, None, None, [*fields])
    for i, record in enumerate(records):
        at = int(batch.position[i])
        if at >= 0:
            text = bytes(batch.sources[at]).decode("utf-8")
            length = int(batch.char_base[at + 1] - batch.char_base[at])
            yield (record[ROW], text, length, None)


def _out_of_range(name: str, span: Span, r: dict[str, Any]) -> Issue:
    return Issue.of(
        "span-out-of-range",
        name,
        row=r[ROW],
        column=f"{span.start}, {span.end}",
        value=f"{r['start']}, {r['end']}",
        start=r["start"],
        end=r["end"],
        length=r["__length"],
    )


def _mismatch(name: str, span: Span, r: dict[str, Any]) -> Issue:
    return Issue.of(
        "span-mismatch",
        name,
        row=r[ROW],
        column=span.text,
        value=r["text"],
        start=r["start"],
        end=r["end"],
        actual=r["__actual"],
    )


def _nested(code: str, name: str, column: str, r: dict[str, Any]) -> Issue:
    return Issue.of(
        code,
        name,
        row=r[ROW],
        column=column,
        value=str(r["__link"]),
        start=r["start"],
        end=r["end"],
        outer_start=r["__pstart"],
        outer_end=r["__pend"],
    )


def span_checks(t: Tables) -> tuple[list[Issue], list[Found]]:
    """spans.check: the declared sources (read by the executors), every declared span against its
    source's text, and nested spans inside the rows that hold them."""
    issues: list[Issue] = []
    found: list[Found] = []
    for sources_name, sources_res in t.package.tables.items():
        names = sources_res.checks.source_text
        if names is None or sources_name not in t.read:
            continue
        (key,) = sources_res.primary_key
        columns = {
            "source_id": key,
            "path": names.path,
            "sha256": names.sha256,
            "chars": names.chars,
        }
        sources = t.typed(sources_name).select(
            ROW,
            F.lit(sources_name).alias("__table"),
            *(
                c(col).alias(alias) if col else F.lit(None).cast(T.StringType()).alias(alias)
                for alias, col in columns.items()
            ),
        )
        read = t.spark.createDataFrame(
            sources.rdd.mapPartitions(_read_sources(str(t.package.root), names)), SOURCE_TEXT
        ).persist()
        for r in read.where(F.col("__issue").isNotNull()).collect():
            code, table, message, column, value = r["__issue"]
            issues.append(Issue(code, table, message, row=r["__srow"], column=column, value=value))
        texts = read.where(F.col("__issue").isNull()).drop("__issue")
        # a repeated source_id is a duplicate-key issue: its spans are checked against the first
        first = sources.groupBy("source_id").agg(F.min(ROW).alias("__srow"))
        for name, res in t.package.tables.items():
            span = res.checks.span
            if name not in t.read or span is None or res.target_of(span.source) != sources_name:
                continue
            rows = (
                t.typed(name)
                .select(*_span_of(res, ROW))
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
                    partial(_out_of_range, name, span),
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
                    partial(_mismatch, name, span),
                )
            )
        for name, res in t.package.tables.items():
            quoted = res.checks.evidence
            if name not in t.read or quoted is None or res.target_of(quoted.source) != sources_name:
                continue
            for column in quoted.fields:
                fragments = (
                    t.typed(name)
                    .select(
                        ROW,
                        c(quoted.source).alias("source_id"),
                        F.explode(_fragments(c(column))).alias(evidence.FRAGMENT),
                    )
                    .join(first, "source_id")
                    .join(texts, "__srow")
                    .where(~F.col("__source").contains(F.col(evidence.FRAGMENT)))
                    .select(
                        ROW,
                        "source_id",
                        F.lit(column).alias(evidence.COLUMN),
                        evidence.FRAGMENT,
                    )
                )
                found.append(
                    Found(
                        "evidence-not-in-source",
                        name,
                        fragments,
                        partial(evidence.evidence_issue, name),
                    )
                )
    for name, res in t.package.tables.items():
        nests = [(c_, "nested-span-outside-parent") for c_ in res.checks.inside]
        if res.checks.reported_by:
            nests.append((res.checks.reported_by, "report-span-outside-statement"))
        for column, code in nests:
            link = res.link_of(column)
            if link is None or name not in t.read or link[0] not in t.read:
                continue
            parent, parent_id = link
            outer = t.typed(parent).select(
                *_span_of(t.package.resources[parent], c(parent_id).alias("__pid"))
            )
            outer = outer.select(
                "__pid",
                F.col("source_id").alias("__psource"),
                F.col("start").alias("__pstart"),
                F.col("end").alias("__pend"),
            )
            inner = t.typed(name).select(*_span_of(res, ROW, c(column).alias("__link")))
            inner = inner.where(F.col("__link").isNotNull())
            inner = inner.join(outer, inner["__link"] == outer["__pid"])
            outside = inner.where(
                (F.col("source_id") != F.col("__psource"))
                | (F.col("start") < F.col("__pstart"))
                | (F.col("end") > F.col("__pend"))
            ).select(ROW, "__link", "start", "end", "__pstart", "__pend")
            found.append(Found(code, name, outside, partial(_nested, code, name, column)))
    return issues, found
