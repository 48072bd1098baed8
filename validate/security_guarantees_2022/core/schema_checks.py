"""pandera schemas built from the Table Schemas' rules, and their failures turned into Issues.

pandera's own `from_frictionless_schema` maps dates to plain strings and drops formats and keys,
so the schema is built here from validate/security_guarantees_2022/core/rules.py. It explains what the screen flagged: it runs on
the rows the screen picked out (and on the header), which keeps pandera's import and its
per-check passes off the path of a clean table.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator, Sequence

import polars as pl

with warnings.catch_warnings():
    # pandera imports pyspark.pandas whenever pyspark is installed (the spark extra), and that
    # warns about pandas 3 on stderr; this module uses neither pyspark nor pandas.
    warnings.filterwarnings("ignore", "PySpark does not yet fully support", FutureWarning)
    import pandera.polars as pa
    from pandera.api.polars.types import PolarsData

from .descriptor import Resource
from .report import Issue
from .rules import Rule, compared_typed, field_rules, rule_details, unique_rule


def _check(rule: Rule) -> pa.Check:
    """A pandera check named by its issue code, running the rule's own expression."""

    def run(data: PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(~rule.bad)

    return pa.Check(run, name=rule.code)


def build_schema(res: Resource) -> pa.DataFrameSchema:
    """One pandera schema per Table Schema; columns are read as text and checked for their type.

    `fieldsMatch` says which columns may be extra (subset, partial), missing (superset, partial)
    or in another order (all but exact)."""
    match = _fields_match(res)
    columns = {}
    for field in res.fields():
        columns[field.name] = pa.Column(
            pl.Utf8,
            nullable=not field.required,
            unique=field.unique and not compared_typed(field),
            checks=[_check(rule) for rule in field_rules(field)]
            + ([_check(unique_rule(field))] if field.unique and compared_typed(field) else []),
            required=match not in ("superset", "partial"),
        )
    strict = match in ("exact", "equal", "superset")
    return pa.DataFrameSchema(columns, strict=strict, ordered=match == "exact", name=res.name)


def _fields_match(res: Resource) -> str:
    return res.schema.fields_match if res.schema is not None else "exact"


_STRUCTURAL = {  # pandera's check names -> issue codes
    "column_in_dataframe": "missing-column",
    "column_ordered": "column-order",
    "not_nullable": "missing-value",
    "field_uniqueness": "constraint-unique",
}


def schema_issues(res: Resource, frame: pl.DataFrame, rows: Sequence[int]) -> Iterator[Issue]:
    """Run the pandera schema lazily, so every failure is reported at once.

    `rows[i]` is the report row number of the frame's i-th row.
    """
    declared = {f.name for f in res.fields()}
    match = _fields_match(res)
    extra = [
        c for c in frame.columns if c not in declared and match in ("exact", "equal", "superset")
    ]
    if match == "partial" and not declared & set(frame.columns):  # not one field: all missing
        for name in res.schema.names if res.schema else []:
            yield Issue.of("missing-column", res.name, column=name)
    if extra:  # one issue that names every extra column (pandera stops at the first)
        names = ", ".join(repr(c) for c in extra)
        columns = f"columns {names} are" if len(extra) > 1 else f"column {names} is"
        yield Issue.of("extra-column", res.name, column=", ".join(extra), columns=columns)
    try:
        build_schema(res).validate(frame, lazy=True)
    except pa.errors.SchemaErrors as exc:
        cases = exc.failure_cases
    else:
        return
    for case in cases.iter_rows(named=True):
        check, column, value = case["check"], case["column"], case["failure_case"]
        if check == "column_in_schema":
            continue  # reported above, all at once
        index = case["index"]
        row = None if index is None else rows[int(index)]
        if check in _STRUCTURAL:
            code = _STRUCTURAL[check]
            if code in ("missing-column", "column-order"):
                yield Issue.of(code, res.name, column=str(value))
            else:
                yield Issue.of(code, res.name, row=row, column=column, value=value)
            continue
        field = res.field(column or "")
        assert field is not None  # a check pandera ran on a column is one of the schema's fields
        yield Issue.of(
            check, res.name, row=row, column=column, value=value, **rule_details(check, field)
        )
