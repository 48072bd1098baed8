"""Evidence quoted from a source (`checks.evidence`): each fragment of an evidence cell occurs
verbatim in the text of the source its row names.

A cell holds one fragment or several, separated by " … " or "; " (model.EVIDENCE_SEPARATORS).
The texts are the span check's own windows of sources (sources.py): a table's fragments are
checked a window at a time, while the window is in memory, by every engine.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import polars as pl

from ..core.context import Context
from ..core.lookup import positions_in
from ..core.model import EVIDENCE_SEPARATORS
from ..core.report import Issue
from .sources import Batch

FRAGMENT = "__fragment"
COLUMN = "__column"


def fragments(cell: pl.Expr) -> pl.Expr:
    """A cell's fragments, as a list (every separator made the last one, then split at it)."""
    last = EVIDENCE_SEPARATORS[-1]
    for separator in EVIDENCE_SEPARATORS[:-1]:
        cell = cell.str.replace_all(separator, last, literal=True)
    return cell.str.split(last)


@dataclass
class EvidenceRows:
    """A table's evidence fragments, one a row, with their source's index in the sources table,
    ordered by it: "__row", "source_id", "__column", "__fragment", "__sidx"."""

    name: str
    frame: pl.DataFrame

    @classmethod
    def of(cls, ctx: Context, name: str, sources: pl.DataFrame) -> EvidenceRows:
        """`sources` is the sources' records (sources.source_records) in the table's order."""
        declared = ctx.package.resources[name].checks.evidence
        assert declared is not None
        rows = ctx.rows(ctx.typed[name].select(declared.source, *declared.fields))
        parts = [
            rows.select(
                "__row",
                pl.col(declared.source).alias("source_id"),
                pl.lit(column).alias(COLUMN),
                fragments(pl.col(column)).alias(FRAGMENT),
            )
            .explode(FRAGMENT)
            .drop_nulls()
            for column in declared.fields
        ]
        frame = pl.concat(parts)
        # a repeated source_id is a duplicate-key issue: evidence is checked against the first
        sidx = positions_in(sources.get_column("source_id"), frame.get_column("source_id"))
        frame = frame.with_columns(sidx.alias("__sidx")).drop_nulls("__sidx")
        return cls(name, frame.sort("__sidx", maintain_order=True))

    def windows(self, size: int) -> list[int]:
        """The first source index of each window of `size` sources some fragment needs."""
        firsts = (self.frame.get_column("__sidx") // size * size).unique(maintain_order=True)
        return firsts.to_list()

    def between(self, low: int, high: int) -> pl.DataFrame:
        sidx = self.frame.get_column("__sidx")
        start, stop = sidx.search_sorted(pl.Series([low, high]), side="left").to_list()
        return self.frame.slice(start, stop - start)


def evidence_issues(name: str, part: pl.DataFrame, batch: Batch) -> Iterator[Issue]:
    """The fragments of `part` (rows whose sources are in `batch`) not found in their source;
    a broken source (already reported) is not searched."""
    position = batch.position[part.get_column("__sidx").to_numpy() - batch.first]
    keep = position >= 0
    if not keep.all():
        part, position = part.filter(pl.Series(keep)), position[keep]
    if part.is_empty():
        return
    found = pl.DataFrame(
        {"source": batch.sources.gather(position), "fragment": part.get_column(FRAGMENT)}
    ).select(pl.col("source").bin.contains(pl.col("fragment").cast(pl.Binary)))
    for record in part.filter(~found.to_series()).iter_rows(named=True):
        yield evidence_issue(name, record)


def evidence_issue(name: str, record: dict[str, Any]) -> Issue:
    """A fragment (`__fragment` of column `__column`) its source (`source_id`) does not hold."""
    return Issue.of(
        "evidence-not-in-source",
        name,
        row=record["__row"],
        column=record[COLUMN],
        value=record[FRAGMENT],
        source=record["source_id"],
    )
