"""Spans: every text cell equals source[start:end], and the sources themselves are intact.

Offsets are 0-based Unicode code points, end exclusive. A reported statement's span, and an
editorial insertion's, must lie inside the statement that contains it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator

import polars as pl

from ..context import Context
from ..descriptor import safe_path
from ..report import Issue, PackageError

SOURCES = "sources"
SPAN_FIELDS = ("source_id", "start", "end", "text")
# (table, column pointing to the containing row, containing table)
NESTED = (
    ("statements", "reported_by", "statements"),
    ("editorial_insertions", "statement_id", "statements"),
)


def load_sources(ctx: Context) -> tuple[dict[str, str], list[Issue]]:
    """Source id -> text, for sources whose file is safe, present and matches its hash and length."""
    texts: dict[str, str] = {}
    issues: list[Issue] = []
    if SOURCES not in ctx.typed:
        return texts, issues
    for record in ctx.rows(ctx.typed[SOURCES]).iter_rows(named=True):
        row, source_id, relpath = record["__row"], record["source_id"], record["path"]
        try:
            path = safe_path(ctx.package.root, relpath, f"source {source_id!r}")
        except PackageError as exc:
            issues.append(
                Issue(exc.code, SOURCES, exc.message, row=row, column="path", value=relpath)
            )
            continue
        if not path.is_file():
            issues.append(
                Issue(
                    "missing-file",
                    SOURCES,
                    f"source file not found: {relpath}",
                    row=row,
                    column="path",
                    value=relpath,
                )
            )
            continue
        raw = path.read_bytes()
        digest = hashlib.sha256(raw).hexdigest()
        if record["sha256"] is not None and digest != record["sha256"]:
            issues.append(
                Issue(
                    "source-hash-mismatch",
                    SOURCES,
                    f"{relpath} hashes to {digest}",
                    row=row,
                    column="sha256",
                    value=record["sha256"],
                )
            )
            continue
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            issues.append(
                Issue(
                    "encoding",
                    SOURCES,
                    f"{relpath} is not valid UTF-8",
                    row=row,
                    column="path",
                    value=relpath,
                )
            )
            continue
        if record["chars"] is not None and len(text) != record["chars"]:
            issues.append(
                Issue(
                    "source-length-mismatch",
                    SOURCES,
                    f"{relpath} has {len(text)} code points",
                    row=row,
                    column="chars",
                    value=str(record["chars"]),
                )
            )
        texts[source_id] = text
    return texts, issues


def _span_issues(name: str, frame: pl.DataFrame, texts: dict[str, str]) -> Iterator[Issue]:
    for (source_id,), part in frame.partition_by(
        "source_id", as_dict=True, maintain_order=True
    ).items():
        text = texts.get(str(source_id))
        if text is None:
            continue  # unknown or broken source: reported by the key or source checks
        bad_range = part.filter(
            (pl.col("start") < 0) | (pl.col("end") < pl.col("start")) | (pl.col("end") > len(text))
        )
        for record in bad_range.iter_rows(named=True):
            yield Issue(
                "span-out-of-range",
                name,
                f"[{record['start']}, {record['end']}) is outside 0..{len(text)}",
                row=record["__row"],
                column="start, end",
                value=f"{record['start']}, {record['end']}",
            )
        good = part.filter(
            (pl.col("start") >= 0)
            & (pl.col("end") >= pl.col("start"))
            & (pl.col("end") <= len(text))
        )
        actual = pl.lit(text).str.slice(pl.col("start"), pl.col("end") - pl.col("start"))
        wrong = good.with_columns(actual.alias("__actual")).filter(
            pl.col("__actual") != pl.col("text")
        )
        for record in wrong.iter_rows(named=True):
            yield Issue(
                "span-mismatch",
                name,
                f"source[{record['start']}:{record['end']}] is {record['__actual']!r}",
                row=record["__row"],
                column="text",
                value=record["text"],
            )


def _nested_issues(ctx: Context, name: str, column: str, parent: str) -> Iterator[Issue]:
    parent_key = ctx.package.resources[parent].schema.get("primaryKey", [])  # type: ignore[union-attr]
    parent_id = parent_key[0] if isinstance(parent_key, list) else parent_key
    outer = ctx.typed[parent].select(
        pl.col(parent_id).alias(column),
        pl.col("source_id").alias("__psource"),
        pl.col("start").alias("__pstart"),
        pl.col("end").alias("__pend"),
    )
    inner = (
        ctx.rows(ctx.typed[name])
        .filter(pl.col(column).is_not_null())
        .join(outer, on=column, how="inner")
    )
    outside = inner.filter(
        (pl.col("source_id") != pl.col("__psource"))
        | (pl.col("start") < pl.col("__pstart"))
        | (pl.col("end") > pl.col("__pend"))
    )
    for record in outside.iter_rows(named=True):
        yield Issue(
            "nested-span-outside-parent",
            name,
            f"span [{record['start']}, {record['end']}) is not inside {record[column]}'s "
            f"[{record['__pstart']}, {record['__pend']})",
            row=record["__row"],
            column=column,
            value=str(record[column]),
        )


def check(ctx: Context) -> Iterator[Issue]:
    texts, issues = load_sources(ctx)
    yield from issues
    for name, res in ctx.package.tables.items():
        if name in ctx.typed and all(res.field(f) for f in SPAN_FIELDS):
            frame = ctx.rows(ctx.typed[name]).select("__row", *SPAN_FIELDS).drop_nulls()
            yield from _span_issues(name, frame, texts)
    for name, column, parent in NESTED:
        if name in ctx.typed and parent in ctx.typed and ctx.package.resources[name].field(column):
            yield from _nested_issues(ctx, name, column, parent)
