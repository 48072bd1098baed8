"""Every property of the standards is implemented, refused or descriptive (core/properties.py),
and a refused one really is refused, up front, by every engine.

The walk reads frictionless's shipped profiles (Package, Resource, Table Schema, each field type
with its constraints, the dialect and the CSV control) and the v2 specifications' properties,
listed below from the specifications' text (datapackage.org: Data Package, Data Resource, Table
Schema, Table Dialect).
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import frictionless
import frictionless.formats
import pytest
from click.testing import CliRunner

from security_guarantees_2022.cli import main
from security_guarantees_2022.core import properties
from security_guarantees_2022.core.descriptor import load_package
from security_guarantees_2022.core.model import TYPES
from security_guarantees_2022.core.properties import (
    ENGINES,
    FIELD_TYPES,
    IMPLEMENTED,
    PLACES,
    REFUSED,
    declared,
)
from security_guarantees_2022.core.report import PackageError

# The v2 specifications' properties, by the object that holds them.
V2: dict[str, set[str]] = {
    "package": set(
        [
            "$schema",
            "contributors",
            "created",
            "description",
            "homepage",
            "id",
            "image",
            "keywords",
            "licenses",
            "name",
            "profile",
            "resources",
            "sources",
            "title",
            "version",
        ]
    ),
    "license": set(["name", "path", "title"]),
    "source": set(["email", "path", "title", "version"]),
    "contributor": set(
        ["email", "familyName", "givenName", "organization", "path", "roles", "title"]
    ),
    "resource": set(
        [
            "$schema",
            "bytes",
            "data",
            "description",
            "dialect",
            "encoding",
            "format",
            "hash",
            "homepage",
            "licenses",
            "mediatype",
            "name",
            "path",
            "profile",
            "schema",
            "sources",
            "title",
            "type",
        ]
    ),
    "schema": set(
        [
            "$schema",
            "fields",
            "fieldsMatch",
            "foreignKeys",
            "missingValues",
            "primaryKey",
            "uniqueKeys",
        ]
    ),
    "foreignKey": set(["fields", "reference"]),
    "reference": set(["fields", "resource"]),
    "missingValue": set(["label", "value"]),
    "field": set(
        [
            "categories",
            "categoriesOrdered",
            "constraints",
            "description",
            "example",
            "format",
            "missingValues",
            "name",
            "rdfType",
            "title",
            "type",
        ]
    ),
    "constraints": set(
        [
            "enum",
            "exclusiveMaximum",
            "exclusiveMinimum",
            "jsonSchema",
            "maximum",
            "maxLength",
            "minimum",
            "minLength",
            "pattern",
            "required",
            "unique",
        ]
    ),
    "dialect": set(
        [
            "$schema",
            "caseSensitiveHeader",
            "commentChar",
            "commentRows",
            "csvddfVersion",
            "delimiter",
            "doubleQuote",
            "escapeChar",
            "header",
            "headerJoin",
            "headerRows",
            "itemKeys",
            "itemType",
            "lineTerminator",
            "nullSequence",
            "property",
            "quoteChar",
            "sheetName",
            "sheetNumber",
            "skipInitialSpace",
            "table",
        ]
    ),
}
V2_TYPED = {  # properties of fields of one type
    "boolean": {"trueValues", "falseValues"},
    "number": {"decimalChar", "groupChar", "bareNumber"},
    "integer": {"groupChar", "bareNumber"},
    "list": {"delimiter", "itemType"},
}


def _profile(cls: type) -> dict[str, Any]:
    return cls.metadata_ensure_profile()  # type: ignore[attr-defined]


def _properties(schema: dict[str, Any], place: str, kind: str | None) -> set[tuple[str, str]]:
    """(place, property) of a frictionless JSON Schema, into its nested objects."""
    nested = {
        "licenses": "license",
        "sources": "source",
        "contributors": "contributor",
        "foreignKeys": "foreignKey",
        "reference": "reference",
        "missingValues": "missingValue",
        "constraints": "constraints",
    }
    found: set[tuple[str, str]] = set()
    for name, sub in schema.get("properties", {}).items():
        found.add((place, name))
        if name in nested:
            for part in [sub, sub.get("items", {}), *sub.get("anyOf", [])]:
                for inner in [part, part.get("items", {})]:
                    if isinstance(inner, dict) and "properties" in inner:
                        found |= _properties(inner, nested[name], kind)
    return found


def _walked() -> set[tuple[str, str, str | None]]:
    found: set[tuple[str, str, str | None]] = set()
    tops = {
        "package": frictionless.Package,
        "resource": frictionless.Resource,
        "schema": frictionless.Schema,
        "dialect": frictionless.Dialect,
    }
    for place, cls in [*tops.items(), ("dialect", frictionless.formats.CsvControl)]:
        found |= {(p, n, None) for p, n in _properties(_profile(cls), place, None)}
    for name in dir(frictionless.fields):
        cls = getattr(frictionless.fields, name)
        kind = getattr(cls, "type", None)
        if isinstance(cls, type) and isinstance(kind, str) and hasattr(cls, "metadata_profile"):
            found |= {(p, n, kind) for p, n in _properties(_profile(cls), "field", kind)}
    for place, names in V2.items():
        found |= {(place, n, None) for n in names}
    for kind, names in V2_TYPED.items():
        found |= {("field", n, kind) for n in names}
    return found


def test_the_walk_reads_the_profiles() -> None:
    """The walk is not empty by accident: it finds what the standards are known to hold."""
    walked = _walked()
    assert ("field", "decimalChar", "number") in walked
    assert ("dialect", "lineTerminator", None) in walked
    assert ("constraints", "exclusiveMinimum", "integer") in walked
    assert ("license", "path", None) in walked
    assert len(walked) > 150


def test_every_standard_property_is_declared() -> None:
    missing = sorted(
        (place, name, str(kind))
        for place, name, kind in _walked()
        if declared(place, name, kind) is None
    )
    assert missing == []


def test_declarations_are_well_formed() -> None:
    for props in PLACES.values():
        for prop in props.values():
            assert prop.status in (IMPLEMENTED, REFUSED, properties.DESCRIPTIVE)
            assert set(prop.engines) <= set(ENGINES)
            assert (prop.status == IMPLEMENTED) == bool(prop.engines)


# --- each refused property, in a small package, is refused up front by every engine ----------

TABLE = "id,name,score,flag,day\n1,a,1.5,true,2022-01-20\n2,b,2.5,false,2022-01-21\n"
FIELDS = [
    {"name": "id", "type": "integer"},
    {"name": "name", "type": "string"},
    {"name": "score", "type": "number"},
    {"name": "flag", "type": "boolean"},
    {"name": "day", "type": "date"},
]
KIND_FIELD = {"integer": 0, "string": 1, "number": 2, "boolean": 3, "date": 4}


def mini(root: Path, edit: Any = None) -> Path:
    """A package of one small table; `edit(descriptor)` changes its descriptor first."""
    (root / "data").mkdir(parents=True, exist_ok=True)
    (root / "data" / "t.csv").write_text(TABLE, encoding="utf-8")
    descriptor: dict[str, Any] = {
        "name": "mini",
        "resources": [
            {
                "name": "t",
                "path": "data/t.csv",
                "schema": {"fields": copy.deepcopy(FIELDS), "primaryKey": "id"},
            }
        ],
    }
    if edit is not None:
        edit(descriptor)
    (root / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    return root


def _sample(prop: properties.Property) -> Any:
    """A value of the property's JSON type that is not among its implemented values."""
    kinds = prop.json or (str,)
    samples: dict[type, list[Any]] = {
        str: ["x", "xlsx"],
        bool: [True, False],
        int: [2],
        list: [[2], []],
    }
    for value in samples.get(kinds[0], [{}]):
        if prop.values is None or value not in prop.values:
            return value
    raise AssertionError(prop)


def _refused_cases() -> dict[str, Any]:
    """Each refused property (or refused value of an implemented one), as a descriptor edit."""
    cases: dict[str, Any] = {}

    def setter(place: str, name: str, value: Any, kind: str | None = None) -> Any:
        def edit(d: dict[str, Any]) -> None:
            res = d["resources"][0]
            schema = res["schema"]
            field = schema["fields"][KIND_FIELD.get(kind or "integer", 0)]
            target = {
                "package": d,
                "resource": res,
                "dialect": res.setdefault("dialect", {}),
                "schema": schema,
                "field": field,
                "constraints": field.setdefault("constraints", {}),
                "reference": {},
            }[place]
            target[name] = value

        return edit

    for place in ("package", "resource", "dialect", "schema", "field", "constraints"):
        for name, prop in PLACES[place].items():
            if prop.status == REFUSED or (prop.status == IMPLEMENTED and prop.values is not None):
                cases[f"{place}.{name}"] = setter(place, name, _sample(prop))
    for kind, props in FIELD_TYPES.items():
        for name, prop in props.items():
            if kind in TYPES and prop.status == REFUSED:
                cases[f"field ({kind}).{name}"] = setter("field", name, _sample(prop), kind)
    cases["field.format"] = setter("field", "format", "wkt", "string")

    def inline_data(d: dict[str, Any]) -> None:  # data instead of path (both: invalid)
        res = d["resources"][0]
        res["data"] = [["id"], [1]]
        del res["path"]

    cases["resource.data"] = inline_data
    cases["reference.package"] = lambda d: d["resources"][0]["schema"].update(
        foreignKeys=[
            {"fields": "id", "reference": {"package": "other", "resource": "t", "fields": "id"}}
        ]
    )
    # a value the declaration refuses beats a JSON type nobody would write: extrapaths lists paths
    cases["resource.extrapaths"] = setter("resource", "extrapaths", [])
    return cases


REFUSED_CASES = _refused_cases()


@pytest.mark.parametrize("case", sorted(REFUSED_CASES))
def test_a_refused_property_is_refused_by_every_engine(tmp_path: Path, case: str) -> None:
    package = mini(tmp_path / "p", REFUSED_CASES[case])
    for engine in ENGINES:
        with pytest.raises(PackageError) as caught:
            load_package(package, engine)
        assert caught.value.code == "unsupported-property", (engine, str(caught.value))
        assert "is not supported" in str(caught.value)


def test_the_refusal_names_the_property_and_exits_2(tmp_path: Path) -> None:
    package = mini(
        tmp_path / "p", lambda d: d["resources"][0].update(dialect={"headerRows": [1, 2]})
    )
    result = CliRunner().invoke(main, [str(package)])
    assert result.exit_code == 2
    assert "[unsupported-property]" in result.stderr
    assert "resource 't': dialect.headerRows is not supported: [1, 2]" in result.stderr
    streaming = CliRunner().invoke(main, [str(package), "--streaming"])
    assert streaming.exit_code == 2
    assert "[unsupported-property]" in streaming.stderr


def test_spark_refuses_before_a_session_starts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The refusal needs no pyspark, no Java and no master: it comes first."""
    from security_guarantees_2022.spark import session

    def no_session(*_args: Any, **_kwargs: Any) -> Any:
        raise AssertionError("a Spark session was started")

    monkeypatch.setattr(session, "spark_run", no_session)
    package = mini(tmp_path / "p", lambda d: d["resources"][0]["schema"].update(uniqueKeys=[]))
    result = CliRunner().invoke(main, [str(package), "--engine", "spark"])
    assert result.exit_code == 2, result.output
    assert "[unsupported-property]" in result.stderr
    assert "uniqueKeys is not supported" in result.stderr


def test_an_engine_without_a_property_refuses_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A property implemented in some engines only is refused by the others, naming the engine."""
    only_default = properties.implemented(properties.STR, engines=("default",))
    monkeypatch.setitem(properties.SCHEMA, "fieldsMatch", only_default)
    package = mini(
        tmp_path / "p", lambda d: d["resources"][0]["schema"].update(fieldsMatch="equal")
    )
    load_package(package, "default")
    with pytest.raises(PackageError) as caught:
        load_package(package, "streaming")
    assert caught.value.code == "unsupported-property"
    assert "fieldsMatch is not supported by the streaming engine: 'equal'" in str(caught.value)


def test_the_small_package_and_custom_properties_pass(tmp_path: Path) -> None:
    """Not every property is refused: the bare package, descriptive and custom ones load."""

    def edit(d: dict[str, Any]) -> None:
        d.update(title="t", keywords=["k"], myOwn={"a": 1})
        d["resources"][0].update(vocabulary=False, format="CSV", encoding="UTF-8")
        d["resources"][0]["dialect"] = {"delimiter": ",", "header": True, "doubleQuote": True}
        d["resources"][0]["schema"]["fields"][1].update(example="a", rdfType="x", extra=1)

    for engine in ENGINES:
        load_package(mini(tmp_path / "p", edit), engine)
