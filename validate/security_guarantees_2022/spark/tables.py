"""Each table read by Spark as text, numbered like the local engine's rows, typed and screened.

Row numbers: a CSV is read in splits (one per task); each row's place is its split's offset plus
its place in the split, from Spark's own ids, with no sort of the table. The read is checked like
the local engine's (every comma of the file is a separator or inside a cell); a file that fails
that, is not UTF-8 or has a bad header is explained by the local reader on that file alone, so the
message is the same. The screen flags rows exactly as engines/screen.py does, and the first
MAX_EXPLAINED_ROWS flagged rows are explained cell by cell as Spark operations.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import polars as pl
from pyspark.sql import Column, DataFrame, SparkSession, Window
from pyspark.sql import functions as F
from pyspark.sql import types as T

from ..checks.hygiene import cell_issue
from ..core.descriptor import Resource
from ..core.exact import Reading, TableReadError, field_missing, missing_values
from ..core.report import Issue, PackageError
from ..core.rules import rule_details
from ..core.scans import FileScan
from ..core.tables import check_lines, header_row, read_table_text
from ..engines.shared import MAX_EXPLAINED_ROWS, read_error_issue, unexplained_issue
from .columns import bad, cell_rules, dup_column, flag, rules, spark_type, typed, unique_key

ROW = "__row"


@dataclass
class Table:
    """A table as Spark read it: its text columns and its typed columns, each with "__row"."""

    text: DataFrame
    typed: DataFrame
    columns: list[str]  # the file's header


def c(name: str) -> Column:
    return F.col(f"`{name}`")


def read_table(
    spark: SparkSession, res: Resource, scan: FileScan, readings: dict[str, Reading]
) -> tuple[Table | None, list[Issue]]:
    """(the table, or None when it cannot be read; the issues of reading and screening it).

    A table of another dialect than RFC 4180's, or one whose rows are not all as wide as its
    header, or that has blank rows, is read by the local exact reader (core/exact.py) on the
    driver and handed to Spark, so that every engine reads it alike; what that read found goes
    to `readings`."""
    check_lines(res)  # a line too long is refused (too-large) before Spark reads it
    if scan.bad_utf8_at is not None:
        return None, [read_error_issue(res, TableReadError("not UTF-8"))]
    if not res.dialect.is_default:
        return _exact_table(spark, res, scan, readings)
    header = _header_or_none(res)
    if not header or len(set(header)) != len(header):
        return _exact_table(spark, res, scan, readings)
    raw = _read_csv(spark, res, header, scan)
    default, per_field = missing_values(res), field_missing(res) or {}
    missing = [per_field.get(name, default) for name in header]  # each column's own
    counts = (
        raw.groupBy("__pid", "__blk")
        .agg(
            F.count(F.lit(1)).alias("n"),
            F.min("__mid").alias("m0"),
            _commas_in_cells(header) if scan.quoted else F.lit(0).alias("commas"),
            F.max(_blank(header, missing).cast("int")).alias("blank"),
        )
        .collect()
    )
    rows = sum(int(r["n"]) for r in counts)
    in_cells = sum(int(r["commas"] or 0) for r in counts)
    expected = (len(header) - 1) * (rows + 1) + sum(n.count(",") for n in header) + in_cells
    blank = any(r["blank"] for r in counts)
    if rows == 0 or expected != scan.commas or scan.blank_line or blank:  # Spark skips blank lines
        raw.unpersist()
        return _exact_table(spark, res, scan, readings)
    text = _numbered(spark, raw, counts, header, missing)
    table = Table(text, _typed(res, text, header), header)
    return table, screen(res, table)


def _blank(header: list[str], missing: list[list[str]]) -> Column:
    """A row whose every cell is empty or one of its column's missing values (a blank row)."""
    cells = [
        F.col(f"_c{i}").isNull() | F.col(f"_c{i}").isin(missing[i]) for i in range(len(header))
    ]
    blank = cells[0]
    for cell in cells[1:]:
        blank = blank & cell
    return F.coalesce(blank, F.lit(False))


def _header_or_none(res: Resource) -> list[str] | None:
    try:
        return header_row(res)
    except PackageError:  # too-large: refused, not explained
        raise
    except Exception:  # any failure: the local reader says what is wrong with the file
        return None


def _exact_table(
    spark: SparkSession, res: Resource, scan: FileScan, readings: dict[str, Reading]
) -> tuple[Table | None, list[Issue]]:
    """The table as the local reader reads it (the exact reader for a ragged or blank row or
    another dialect), handed to Spark, numbered as the local engine numbers its rows."""
    try:
        frame, readings[res.name] = read_table_text(res, scan=lambda: scan)
    except TableReadError as exc:
        return None, [read_error_issue(res, exc)]
    header = frame.columns
    schema = T.StructType(
        [T.StructField(f"_c{i}", T.StringType()) for i in range(len(header))]
        + [T.StructField(ROW, T.LongType())]
    )
    numbered = frame.with_row_index(ROW, offset=2).select(*header, pl.col(ROW).cast(pl.Int64))
    made = spark.createDataFrame(numbered.rows(), schema)
    text = made.select(
        *[F.col(f"_c{i}").alias(name) for i, name in enumerate(header)], ROW
    ).persist()
    table = Table(text, _typed(res, text, header), header)
    return table, screen(res, table)


def _read_csv(spark: SparkSession, res: Resource, header: list[str], scan: FileScan) -> DataFrame:
    schema = T.StructType([T.StructField(f"_c{i}", T.StringType()) for i in range(len(header))])
    frame = spark.read.csv(
        str(res.path),
        schema=schema,
        header=True,
        enforceSchema=True,
        multiLine=scan.quoted,  # only a quoted cell can hold a line break; else the file splits
        quote='"',
        escape='"',
        encoding="UTF-8",
        mode="PERMISSIVE",
        ignoreLeadingWhiteSpace=False,
        ignoreTrailingWhiteSpace=False,
    )
    return frame.select(
        "*",
        F.spark_partition_id().alias("__pid"),
        F.input_file_block_start().alias("__blk"),
        F.monotonically_increasing_id().alias("__mid"),
    ).persist()


def _commas_in_cells(header: list[str]) -> Column:
    total: Column = F.lit(0)
    for i in range(len(header)):
        cell = F.col(f"_c{i}")
        total = total + F.coalesce(
            F.length(cell) - F.length(F.regexp_replace(cell, ",", "")), F.lit(0)
        )
    return F.sum(total).alias("commas")


def _numbered(
    spark: SparkSession,
    raw: DataFrame,
    counts: list[Any],
    header: list[str],
    missing: list[list[str]],
) -> DataFrame:
    """The text columns, named by the header, missing values as null, and the report row number."""
    offsets, done = [], 0
    for r in sorted(counts, key=lambda r: (r["__blk"], r["__pid"])):
        offsets.append((r["__pid"], r["__blk"], done + 2 - int(r["m0"])))
        done += int(r["n"])
    base = spark.createDataFrame(offsets, "__pid int, __blk long, __base long")
    cells = [
        F.when(F.col(f"_c{i}").isin(missing[i]), F.lit(None)).otherwise(F.col(f"_c{i}")).alias(name)
        for i, name in enumerate(header)
    ]
    text = raw.join(F.broadcast(base), ["__pid", "__blk"]).select(
        *cells, (F.col("__mid") + F.col("__base")).alias(ROW)
    )
    return text.persist()


def _typed(res: Resource, text: DataFrame, header: list[str]) -> DataFrame:
    """Every schema field cast to its type; an absent column is all nulls (reported already)."""
    cols = [
        typed(f, c(f.name)).alias(f.name)
        if f.name in header
        else F.lit(None).cast(spark_type(f)).alias(f.name)
        for f in res.fields()
    ]
    return text.select(*cols, ROW).persist()


def screen(res: Resource, table: Table) -> list[Issue]:
    """engines/default.py's _read_and_screen: flag, keep the first flagged rows, explain them."""
    columns = table.columns
    frame = table.text
    for f in res.fields():
        if f.unique and f.name in columns:
            key = unique_key(f, c(f.name))
            repeats = F.count(key).over(Window.partitionBy(key)) > 1
            frame = frame.withColumn(dup_column(f.name), key.isNotNull() & repeats)
    flagged = frame.where(flag(res.fields(), columns)).select(*[c(n) for n in columns], ROW)
    head = flagged.orderBy(ROW).limit(MAX_EXPLAINED_ROWS).persist()
    shown = head.count()
    issues: list[Issue] = []
    if shown == 0 and res.schema is not None and res.schema.header_fits(columns):
        head.unpersist()
        return issues
    from ..core.schema_checks import (
        schema_issues,
    )  # the header's own issues, worded by the local code

    issues.extend(schema_issues(res, pl.DataFrame(schema=dict.fromkeys(columns, pl.Utf8)), []))
    issues.extend(_explained(res, head, columns))
    head.unpersist()
    if shown == MAX_EXPLAINED_ROWS:
        unexplained = flagged.count() - MAX_EXPLAINED_ROWS
        if unexplained:
            issues.append(unexplained_issue(res.name, unexplained))
    return issues


def _explained(res: Resource, head: DataFrame, columns: list[str]) -> Iterator[Issue]:
    """Each failing cell of the flagged rows: (code, column, value) as Spark finds them."""
    found: list[Column] = []

    def when(cond: Column, code: str, column: str, value: Column) -> None:
        found.append(
            F.when(
                cond,
                F.struct(
                    F.lit(code).alias("code"),
                    F.lit(column).alias("column"),
                    value.cast(T.StringType()).alias("value"),
                ),
            )
        )

    for f in res.fields():
        name = f.name
        if name not in columns:
            continue
        col = c(name)
        for code, ok in rules(f, col):
            when(bad(col, ok), code, name, col)
        if f.required:
            when(col.isNull(), "missing-value", name, F.lit(None))
        if f.unique:  # among the explained rows, as pandera sees them
            key = unique_key(f, col)
            repeats = F.count(key).over(Window.partitionBy(key)) > 1
            head = head.withColumn(dup_column(name), key.isNotNull() & repeats)
            when(F.col(dup_column(name)), "constraint-unique", name, col)
        if f.type == "string":
            for code, breaks in cell_rules(col):
                when(F.coalesce(breaks, F.lit(False)), "\t" + code, name, col)
    if not found:
        return
    cells = head.select(ROW, F.explode(F.filter(F.array(*found), lambda x: x.isNotNull())))
    for row in cells.select(ROW, "col.code", "col.column", "col.value").collect():
        code, column, value = row["code"], row["column"], row["value"]
        if code.startswith("\t"):
            yield cell_issue(res.name, code[1:], column, row[ROW], value)
        elif code in ("missing-value", "constraint-unique"):
            yield Issue.of(code, res.name, row=row[ROW], column=column, value=value)
        else:
            field = res.field(column)
            assert field is not None  # flagged columns are the schema's fields
            details = rule_details(code, field)
            yield Issue.of(code, res.name, row=row[ROW], column=column, value=value, **details)
