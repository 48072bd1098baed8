"""Text hygiene: UTF-8 without BOM, LF line ends, and cells safe to open in a spreadsheet.

Cells are flagged, never rewritten: validation does not write to the data. The screen
(validate/security_guarantees_2022/engines/screen.py) marks rows whose cells could break a rule
with one cheap regex (core/suspect.py); the exact rules, NFC normalisation included, run only on
those rows.
"""

from __future__ import annotations

from collections.abc import Iterator

import polars as pl

from ..core.context import Context
from ..core.report import Issue
from ..core.suspect import BIDI, CONTROL


def check_files(ctx: Context) -> Iterator[Issue]:
    for name in ctx.package.resources:
        scan = ctx.scans[name]
        if not scan.exists:
            continue
        if scan.bad_utf8_at is not None:
            relpath = ctx.package.resources[name].relpath
            yield Issue.of("encoding", name, file=relpath, offset=scan.bad_utf8_at)
        if scan.bom:
            yield Issue.of("bom", name)
        if scan.cr_line is not None:
            yield Issue.of("crlf", name, line=scan.cr_line)


def cell_rules(col: pl.Expr) -> list[tuple[str, pl.Expr]]:
    return [
        ("formula-prefix", col.str.contains(r"^[=+\-@]")),
        ("control-character", col.str.contains(CONTROL)),
        ("bidi-control", col.str.contains(BIDI)),
        ("whitespace", col.str.contains(r"^\s|\s$")),
        ("not-nfc", col != col.str.normalize("NFC")),
    ]


def string_columns(ctx: Context, name: str, columns: list[str]) -> list[str]:
    res = ctx.package.resources[name]
    return [f.name for f in res.fields() if f.type == "string" and f.name in columns]


def check_cells(ctx: Context) -> Iterator[Issue]:
    """The exact rules on the rows the screen flagged, all rules in one pass."""
    for name, frame in ctx.flagged.items():
        columns = string_columns(ctx, name, frame.columns)
        if not columns or frame.is_empty():
            continue
        flags = []
        for column in columns:
            for code, expr in cell_rules(pl.col(column)):
                flags.append(expr.fill_null(False).alias(f"{code}\t{column}"))
        hits = frame.select(pl.col("__row"), *flags, *[pl.col(c).alias(f"\t{c}") for c in columns])
        hits = hits.filter(pl.any_horizontal(flags_only(hits.columns)))
        for record in hits.iter_rows(named=True):
            for key, flagged in record.items():
                if key == "__row" or key.startswith("\t") or not flagged:
                    continue
                code, column = key.split("\t")
                yield cell_issue(name, code, column, record["__row"], record[f"\t{column}"])


def cell_codes() -> list[str]:
    """The cell-hygiene codes, in the order both engines check them."""
    return [code for code, _ in cell_rules(pl.col("x"))]


def cell_issue(name: str, code: str, column: str, row: int, value: str) -> Issue:
    return Issue.of(code, name, row=row, column=column, value=value)


def flags_only(columns: list[str]) -> list[pl.Expr]:
    return [pl.col(c) for c in columns if "\t" in c and not c.startswith("\t")]
