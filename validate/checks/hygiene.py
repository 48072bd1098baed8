"""Text hygiene: UTF-8 without BOM, LF line ends, and cells safe to open in a spreadsheet.

Cells are flagged, never rewritten: validation does not write to the data.
"""

from __future__ import annotations

from collections.abc import Iterator

import polars as pl

from ..context import Context
from ..report import Issue

FORMULA_PREFIXES = ("=", "+", "-", "@")


def check_files(ctx: Context) -> Iterator[Issue]:
    for name in ctx.package.resources:
        scan = ctx.scans[name]
        if not scan.exists:
            continue
        if scan.bad_utf8_at is not None:
            yield Issue(
                "encoding", name, f"not valid UTF-8 (first bad byte at offset {scan.bad_utf8_at})"
            )
        if scan.bom:
            yield Issue(
                "bom", name, "file starts with a byte-order mark; save as UTF-8 without BOM"
            )
        if scan.cr_line is not None:
            yield Issue(
                "crlf",
                name,
                f"carriage return found (line {scan.cr_line}); use LF line ends",
                row=None,
            )


def _cell_rules(col: pl.Expr) -> list[tuple[str, str, pl.Expr]]:
    return [
        (
            "formula-prefix",
            "starts with = + - or @, which spreadsheets run as a formula",
            col.str.contains(r"^[=+\-@]"),
        ),
        ("control-character", "contains a control character", col.str.contains(r"[\x00-\x1f\x7f]")),
        ("whitespace", "has leading or trailing whitespace", col.str.contains(r"^\s|\s$")),
        ("not-nfc", "is not in Unicode NFC", col != col.str.normalize("NFC")),
    ]


def check_cells(ctx: Context) -> Iterator[Issue]:
    """Scan every string field once, all rules in one pass over the frame."""
    for name, frame in ctx.text.items():
        res = ctx.package.resources[name]
        columns = [
            f["name"]
            for f in res.fields()
            if f.get("type", "string") == "string" and f["name"] in frame.columns
        ]
        if not columns:
            continue
        flags = []
        for column in columns:
            for code, _, expr in _cell_rules(pl.col(column)):
                flags.append(expr.fill_null(False).alias(f"{code}\t{column}"))
        hits = ctx.rows(frame).select(pl.col("__row"), *flags)
        any_flag = pl.any_horizontal(pl.exclude("__row"))
        hits = hits.filter(any_flag)
        if hits.is_empty():
            continue
        messages = {code: message for code, message, _ in _cell_rules(pl.col("x"))}
        for record in hits.iter_rows(named=True):
            for key, flagged in record.items():
                if key == "__row" or not flagged:
                    continue
                code, column = key.split("\t")
                value = frame[column][record["__row"] - 2]
                yield Issue(
                    code,
                    name,
                    f"cell {messages[code]}",
                    row=record["__row"],
                    column=column,
                    value=value,
                )
