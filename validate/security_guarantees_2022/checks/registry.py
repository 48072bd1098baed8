"""The registry of domain rules: each rule is declared once here, and every engine runs it from here.

A Rule names its issue codes and says where it applies: `uses(package)` gives one Use per place
(a table, a key, a declaration) the rule checks, with the columns of that table it reads and the
columns of other tables (or of itself, whole) it needs. It has one polars body, which the default
engine runs on whole tables and the streaming engine on batches against the columns it holds,
and, optionally, a Spark body (validate/security_guarantees_2022/spark/, named as "module:function" so that pyspark is
imported only by the Spark engine, which refuses a rule without one: `unsupported-rule`). Both
bodies word their issues with the same function of the rule's module, which fills the code's
template in core/issue_codes.py. The file checks (integrity, BOM, line ends) and the screen's
cell checks are stages of every engine, not rules: they need no declaration.
"""

from __future__ import annotations

import dataclasses
import importlib
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from ..core.context import Context
from ..core.descriptor import Package, Resource
from ..core.report import Issue, PackageError
from . import coding, dates, events, keys, parents, spans

# How the streaming engine runs a rule: "batches" (the polars body on each batch of the table,
# or at the end on the columns held when the rule needs its own table whole), or a way of its
# own the streaming engine provides: "sorted-key" (a key proved unique batch by batch) and
# "source-windows" (sources read a window at a time for the tables whose spans lie in them).
STREAMING = ("batches", "sorted-key", "source-windows")


@dataclass
class Use:
    """One place a rule checks: the table, the columns of it the rule reads, the columns of
    other tables (or of itself, for a check that needs it whole) it needs, and what its bodies
    are given besides."""

    table: str
    columns: set[str]
    needs: dict[str, set[str]] = field(default_factory=dict)
    args: tuple[Any, ...] = ()


Body = Callable[[Context, Use], Iterable[Issue]]


@dataclass(frozen=True)
class Rule:
    """A domain rule: its codes, where it applies, its bodies, and how each engine runs it."""

    name: str
    codes: tuple[str, ...]
    uses: Callable[[Package], Iterable[Use]]
    polars: Body
    spark: str | None = None  # "module:function" of the Spark body: (Tables, Use) -> findings
    no_spark: str = ""  # why a rule has no Spark body (the Spark engine then refuses it)
    streaming: str = "batches"
    lane: bool = False  # the default engine runs it beside the others, on a thread of its own
    fixtures: tuple[str, ...] = ()  # tests/test_broken_fixtures.py cases besides its codes'

    def __post_init__(self) -> None:
        if self.streaming not in STREAMING:
            raise ValueError(
                f"rule {self.name!r}: streaming {self.streaming!r} is not one of {STREAMING}"
            )

    def cases(self) -> tuple[str, ...]:
        """The broken fixtures that break this rule: one per code, and its own."""
        return (*self.codes, *self.fixtures)


def unsupported(engine: str, rule: Rule, why: str) -> PackageError:
    """The coded refusal of an engine that cannot run a rule the package needs."""
    return PackageError.of(
        "unsupported-rule", engine=engine, rule=rule.name, codes=", ".join(rule.codes), why=why
    )


def spark_bodies(uses: Iterable[tuple[Rule, Use]]) -> list[tuple[Callable[..., Any], Rule, Use]]:
    """Each rule's Spark body at each place it applies (imported here, by the Spark engine); a
    rule the package needs that has none is refused (`unsupported-rule`), never left out."""
    uses = list(uses)
    for rule, _use in uses:  # every refusal before any import: pyspark may not be installed
        if rule.spark is None:
            raise unsupported("spark", rule, rule.no_spark or "it has no Spark body")
    found = []
    for rule, use in uses:
        module, _, function = str(rule.spark).partition(":")
        found.append((getattr(importlib.import_module(module), function), rule, use))
    return found


def _primary_keys(package: Package) -> Iterator[Use]:
    for name, res in package.tables.items():
        if res.primary_key:
            yield Use(name, set(res.primary_key))


def _foreign_keys(vocabulary: bool) -> Callable[[Package], Iterator[Use]]:
    """Keys into data tables (vocabulary false) or into vocabulary tables (true)."""

    def uses(package: Package) -> Iterator[Use]:
        for name, res in package.tables.items():
            for fk in res.foreign_keys:
                if package.resources[fk.resource].is_vocabulary == vocabulary:
                    yield Use(name, set(fk.fields), {fk.resource: set(fk.reference)}, (fk,))

    return uses


def _self_references(package: Package) -> Iterator[Use]:
    """One-column keys of a data table into itself: trees, never cycles."""
    for name, res in package.tables.items():
        if res.is_vocabulary:
            continue
        for fk in res.foreign_keys:
            if fk.resource == name and len(fk.fields) == 1:
                columns = {*fk.fields, *fk.reference}
                yield Use(name, columns, {name: columns}, (fk,))


def _date_orders(package: Package) -> Iterator[Use]:
    for name, res in package.tables.items():
        if res.checks.date_order:
            yield Use(name, {c for pair in res.checks.date_order for c in pair})


def _dates_as_given(package: Package) -> Iterator[Use]:
    """Each declared `dateAsGiven`: a typed date, its precision and its date as given."""
    for name, res in package.tables.items():
        for given in res.checks.date_as_given:
            yield Use(name, {given.date, given.precision, given.as_given}, {}, (given,))


def _publications(package: Package) -> Iterator[Use]:
    """`notAfterPublication` where the source it names declares a publication date."""
    for name, res in package.tables.items():
        rule = res.checks.not_after_publication
        link = res.link_of(rule.source) if rule else None
        declared = package.resources[link[0]].checks.source_text if link else None
        if rule is None or link is None or declared is None or not declared.published:
            continue
        columns = {rule.source, *rule.fields}
        if rule.scheduled:
            columns |= {rule.scheduled.field, rule.scheduled.start}
        when = dates.Published(link[0], link[1], declared.published)
        yield Use(name, columns, {link[0]: {link[1], declared.published}}, (rule, when))


def _codings(package: Package) -> Iterator[Use]:
    """Coded tables, with the columns of the crosswalk, PLOVER types and CAMEO codes."""
    needs: dict[str, set[str]] = {}
    for declaration in ("crosswalk", "plover_types", "cameo_codes"):
        res = package.declaring(declaration)
        declared = getattr(res.checks, declaration) if res else None
        if res is None or not declared:
            continue
        if isinstance(declared, str):
            needs[res.name] = {declared}
        else:
            columns = dataclasses.replace(declared, itself=None)  # itself is a value, no column
            needs[res.name] = {c for c in dataclasses.astuple(columns) if isinstance(c, str)}
    for name, res in package.tables.items():
        declared_coding = res.checks.coding
        if declared_coding:
            found = (declared_coding.cameo, declared_coding.type, declared_coding.mode)
            columns = {c for c in (*found, declared_coding.mode_reason) if c}
            yield Use(name, columns, {t: set(c) for t, c in needs.items()})


def _cameo_vocabularies(package: Package) -> Iterator[Use]:
    res = package.declaring("cameo_codes")
    column = res.checks.cameo_codes if res else None
    if res is not None and column:
        yield Use(res.name, {column}, {res.name: {column}}, (column,))


def _span_links(package: Package, res: Resource, columns: Iterable[str | None]) -> Iterator[Use]:
    """Each of `columns` of a spanned table that names a row of a spanned table."""
    span = res.checks.span
    if span is None:
        return
    for column in columns:
        link = res.link_of(column) if column else None
        outer = package.resources[link[0]].checks.span if link else None
        if column is None or link is None or outer is None:
            continue
        parent = {link[1], outer.source, outer.start, outer.end}
        yield Use(
            res.name, {span.source, span.start, span.end, column}, {link[0]: parent}, (column, link)
        )


def _nestings(package: Package) -> Iterator[Use]:
    """`inside` and `reportedBy` columns: the row lies inside the span of the row it names."""
    for res in package.tables.values():
        for use in _span_links(package, res, res.checks.inside):
            yield dataclasses.replace(use, args=(*use.args, "nested-span-outside-parent"))
        for use in _span_links(package, res, [res.checks.reported_by]):
            yield dataclasses.replace(use, args=(*use.args, "report-span-outside-statement"))


def _reports(package: Package) -> Iterator[Use]:
    """`reportedBy` columns: a row inside a statement names it."""
    for res in package.tables.values():
        yield from _span_links(package, res, [res.checks.reported_by])


def _sources(package: Package) -> Iterator[Use]:
    """Each table declaring `sourceText`, with the tables whose spans or evidence lie in it:
    `args` maps each of those to the columns its spans, and its evidence, read."""
    for name, res in package.tables.items():
        declared = res.checks.source_text
        if declared is None:
            continue
        spanning: dict[str, set[str]] = {}
        quoting: dict[str, set[str]] = {}
        for other, other_res in package.tables.items():
            span, quoted = other_res.checks.span, other_res.checks.evidence
            if span and other_res.target_of(span.source) == name:
                spanning[other] = {span.source, span.start, span.end, span.text}
            if quoted and other_res.target_of(quoted.source) == name:
                quoting[other] = {quoted.source, *quoted.fields}
        columns = {*res.primary_key, *(c for c in dataclasses.astuple(declared) if c)}
        needs: dict[str, set[str]] = {}
        for table, read in (*spanning.items(), *quoting.items()):
            needs.setdefault(table, set()).update(read)
        yield Use(name, columns, needs, (spanning, quoting))


def _source_body(ctx: Context, use: Use) -> Iterable[Issue]:
    spanning, quoting = use.args
    return spans.source_and_span_issues(ctx, ctx.package.resources[use.table], spanning, quoting)


def _dyads(package: Package) -> Iterator[Use]:
    for name, res in package.tables.items():
        dyad = res.checks.dyad
        if dyad:  # an actor's rows of one event may lie in different batches: held whole
            columns = {dyad.event, dyad.actor, dyad.role}
            yield Use(name, columns, {name: columns}, (dyad,))


def _occurrences(package: Package) -> Iterator[Use]:
    for name, res in package.tables.items():
        rule = res.checks.occurrence
        if rule:
            yield Use(name, {rule.code, rule.status, rule.factuality}, {}, (rule,))


SPARK = "security_guarantees_2022.spark.checks"

RULES: list[Rule] = [
    Rule(
        "primary-key",
        ("duplicate-key",),
        _primary_keys,
        lambda ctx, use: keys.duplicate_keys(ctx, use.table),
        spark=f"{SPARK}:duplicate_keys",
        streaming="sorted-key",
    ),
    Rule(
        "foreign-key",
        ("foreign-key",),
        _foreign_keys(vocabulary=False),
        lambda ctx, use: keys.unmatched_issues(ctx, "foreign-key", use.table, *use.args),
        spark=f"{SPARK}:foreign_keys",
        fixtures=("statements.target_id", "events.reporting_statement_id"),
    ),
    Rule(
        "vocabulary-code",
        ("unknown-code",),
        _foreign_keys(vocabulary=True),
        lambda ctx, use: keys.unmatched_issues(ctx, "unknown-code", use.table, *use.args),
        spark=f"{SPARK}:unknown_codes",
    ),
    Rule(
        "cameo-parents",
        ("cameo-parent-missing",),
        _cameo_vocabularies,
        lambda ctx, use: coding.cameo_parents(ctx, use.table, *use.args),
        spark=f"{SPARK}:cameo_parents",
    ),
    Rule(
        "crosswalk",
        ("plover-crosswalk-mismatch",),
        _codings,
        lambda ctx, use: coding.crosswalk(ctx, use.table),
        spark=f"{SPARK}:crosswalk",
        fixtures=(
            "plover_mode departing from the crosswalk, with a reason and without one",
            "statements.plover_type on CAMEO 01",
            "statements.plover_mode where the crosswalk names one",
        ),
    ),
    Rule(
        "report-link",
        ("report-link-missing",),
        _reports,
        lambda ctx, use: coding.unlinked_report_issues(ctx, use.table, *use.args),
        spark=f"{SPARK}:unlinked_reports",
    ),
    Rule(
        "parent-cycle",
        ("parent-cycle",),
        _self_references,
        lambda ctx, use: parents.cycles(ctx, use.table, *use.args),
        spark=f"{SPARK}:cycles",
    ),
    Rule(
        "date-order",
        ("date-order",),
        _date_orders,
        lambda ctx, use: dates.date_order(ctx, use.table),
        spark=f"{SPARK}:date_order",
    ),
    Rule(
        "date-as-given",
        ("date-as-given",),
        _dates_as_given,
        lambda ctx, use: dates.date_as_given(ctx, use.table, *use.args),
        spark=f"{SPARK}:date_as_given",
        fixtures=(
            "events.date_start of a month not typed as its first day",
            "statements.said_on_as_given beside no date",
        ),
    ),
    Rule(
        "not-after-publication",
        ("date-after-publication", "scheduled-not-after-publication"),
        _publications,
        lambda ctx, use: dates.after_publication(ctx, use.table, *use.args),
        spark=f"{SPARK}:after_publication",
    ),
    Rule(
        "self-dyad",
        ("self-dyad",),
        _dyads,
        lambda ctx, use: events.self_dyads(ctx, use.table, *use.args),
        spark=f"{SPARK}:self_dyads",
    ),
    Rule(
        "occurrence",
        ("uncommitted-event-coded",),
        _occurrences,
        lambda ctx, use: events.uncommitted_events(ctx, use.table, *use.args),
        spark=f"{SPARK}:uncommitted_events",
    ),
    Rule(
        "nested-spans",
        ("nested-span-outside-parent", "report-span-outside-statement"),
        _nestings,
        lambda ctx, use: spans.nested_issues(ctx, use.table, *use.args),
        spark=f"{SPARK}:nested_spans",
    ),
    Rule(
        "sources-and-spans",
        (
            "source-hash-mismatch",
            "source-length-mismatch",
            "missing-file",
            "unsafe-path",
            "span-mismatch",
            "span-out-of-range",
            "evidence-not-in-source",
        ),
        _sources,
        _source_body,
        spark=f"{SPARK}:sources_and_spans",
        streaming="source-windows",
        lane=True,  # the longest check: it reads every source text
        fixtures=("events.date_evidence fragments separated by a semicolon",),
    ),
]


def rule_uses(package: Package) -> Iterator[tuple[Rule, Use]]:
    """Every registered rule at every place it applies in `package`, in the registry's order.

    A Use naming a table the package lacks is a fault of the rule, raised: an engine would
    otherwise pass over it without a word."""
    for rule in RULES:
        for use in rule.uses(package):
            unknown = {use.table, *use.needs} - set(package.tables)
            if unknown:
                raise ValueError(f"rule {rule.name!r} names tables the package lacks: {unknown}")
            yield rule, use


@contextmanager
def registered(rule: Rule) -> Iterator[Rule]:
    """`rule` in the registry for the block (a fork's own rule, or a test's)."""
    RULES.append(rule)
    try:
        yield rule
    finally:
        RULES.remove(rule)
