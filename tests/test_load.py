"""load_tables(): typed pandas frames read from the schemas, only for a valid package."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from security_guarantees_2022 import InvalidPackageError, load_tables
from tests.conftest import REPO
from tests.support import set_cell

EXPECTED_DTYPES = {
    "date": "date32[day][pyarrow]",
    "integer": "Int64",
    "number": "Float64",
    "boolean": "boolean",
    "string": "string",
}


@pytest.fixture(scope="module")
def bundled() -> dict[str, pd.DataFrame]:
    return load_tables()


def schemas() -> dict[str, dict]:
    descriptor = json.loads((REPO / "datapackage.json").read_text(encoding="utf-8"))
    return {
        r["name"]: json.loads((REPO / r["schema"]).read_text(encoding="utf-8"))
        for r in descriptor["resources"]
        if "schema" in r
    }


def test_every_table_and_column_in_schema_order(bundled: dict[str, pd.DataFrame]) -> None:
    tables = schemas()
    assert set(bundled) == set(tables)
    for name, schema in tables.items():
        assert list(bundled[name].columns) == [f["name"] for f in schema["fields"]]


def test_dtypes_follow_the_schema(bundled: dict[str, pd.DataFrame]) -> None:
    for name, schema in schemas().items():
        for field in schema["fields"]:
            column = bundled[name][field["name"]]
            enum = field.get("constraints", {}).get("enum")
            if enum and field.get("type", "string") == "string":
                assert isinstance(column.dtype, pd.CategoricalDtype), (name, field["name"])
                assert list(column.cat.categories) == enum
            else:
                assert str(column.dtype) == EXPECTED_DTYPES[field.get("type", "string")], (
                    name,
                    field["name"],
                )


def test_values_survive_typing(bundled: dict[str, pd.DataFrame]) -> None:
    statements = bundled["statements"].set_index("statement_id")
    raw = pd.read_csv(REPO / "data" / "statements.csv", dtype=str, keep_default_na=False)
    raw = raw.set_index("statement_id")
    for key, row in raw.iterrows():
        sid = str(key)
        assert statements.loc[sid, "text"] == row["text"]
        assert statements.loc[sid, "start"] == int(row["start"])
        said_on: Any = statements.loc[sid, "said_on"]  # a date, or missing
        if row["said_on"] == "":
            assert pd.isna(said_on)
        else:
            assert said_on.strftime("%Y-%m-%d") == row["said_on"]


def test_codes_stay_zero_padded_strings(bundled: dict[str, pd.DataFrame]) -> None:
    codes = bundled["statements"]["cameo_code"].dropna()
    assert len(codes) > 0
    assert all(isinstance(c, str) for c in codes)
    assert any(c.startswith("0") for c in codes)  # "010" read as a number would lose its zero
    assert set(codes) <= set(bundled["cameo_event_codes"]["code"])


def test_invalid_package_raises_with_its_report(tiny_package: Path) -> None:
    set_cell(tiny_package, "statements", 2, "speaker_id", "nobody")
    with pytest.raises(InvalidPackageError) as caught:
        load_tables(tiny_package)
    assert caught.value.report.codes() == ["foreign-key"]
