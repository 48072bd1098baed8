"""The schema model accepts every well-formed Table Schema frictionless accepts, and reads it right."""

from __future__ import annotations

from typing import Any

import pytest
from frictionless import Schema as FrictionlessSchema
from hypothesis import given, settings
from hypothesis import strategies as st

from security_guarantees_2022.core.model import TYPES, build_schema, names_of
from security_guarantees_2022.core.report import PackageError

NAMES = st.text(alphabet="abcdefghij_", min_size=1, max_size=6).filter(lambda n: n[0] != "_")
VALUES: dict[str, st.SearchStrategy[Any]] = {
    "string": st.text(alphabet="xyz", min_size=1, max_size=3),
    "integer": st.integers(-1000, 1000),
    "number": st.floats(-1e6, 1e6, allow_nan=False),
    "boolean": st.booleans(),
    "date": st.dates().map(lambda d: d.isoformat()),
}


@st.composite
def constraints(draw: st.DrawFn, kind: str) -> dict[str, Any]:
    chosen: dict[str, Any] = {}
    if draw(st.booleans()):
        chosen["required"] = draw(st.booleans())
    if draw(st.booleans()):
        chosen["unique"] = draw(st.booleans())
    if kind in ("string", "integer") and draw(st.booleans()):
        chosen["enum"] = draw(st.lists(VALUES[kind], min_size=1, max_size=4, unique_by=str))
    if kind == "string" and draw(st.booleans()):
        chosen["pattern"] = draw(st.sampled_from(["[a-z]+", "x|y", r"\d{2}"]))
    if kind == "string" and draw(st.booleans()):
        chosen[draw(st.sampled_from(["minLength", "maxLength"]))] = draw(st.integers(0, 9))
    if kind in ("integer", "number", "date") and draw(st.booleans()):
        chosen[draw(st.sampled_from(["minimum", "maximum"]))] = draw(VALUES[kind])
    return chosen


@st.composite
def schemas(draw: st.DrawFn) -> dict[str, Any]:
    names = draw(st.lists(NAMES, min_size=1, max_size=6, unique=True))
    fields = []
    for name in names:
        field: dict[str, Any] = {"name": name}
        kind = draw(st.sampled_from([None, *TYPES]))  # None: no `type`, a string
        if kind is not None:
            field["type"] = kind
        cons = draw(constraints(kind or "string"))
        if cons:
            field["constraints"] = cons
        fields.append(field)
    schema: dict[str, Any] = {"fields": fields}
    key = draw(st.lists(st.sampled_from(names), min_size=1, max_size=2, unique=True))
    form = draw(st.sampled_from(["none", "string", "list"]))
    if form != "none":
        schema["primaryKey"] = key[0] if form == "string" else key
        if draw(st.booleans()):  # a self-reference onto the key, each part onto itself
            parts = key if form == "list" else key[:1]
            single = len(parts) == 1 and draw(st.booleans())
            schema["foreignKeys"] = [
                {
                    "fields": parts[0] if single else parts,
                    "reference": {"resource": "", "fields": parts[0] if single else parts},
                }
            ]
    if draw(st.booleans()):
        schema["missingValues"] = draw(st.lists(st.sampled_from(["", "NA", "n/a"]), unique=True))
    return schema


@settings(max_examples=300, deadline=None)
@given(schemas())
def test_every_schema_frictionless_accepts_is_modelled_as_written(raw: dict[str, Any]) -> None:
    assert FrictionlessSchema.validate_descriptor(raw).valid  # the generator writes valid ones
    model = build_schema(raw, "t")
    assert model.names == [f["name"] for f in raw["fields"]]
    key = names_of(raw["primaryKey"]) if "primaryKey" in raw else ()
    for field, written in zip(model.fields, raw["fields"], strict=True):
        assert field.type == written.get("type", "string")
        # a primary key's fields cannot be null: "equivalent to adding required: true"
        as_read = {
            **written.get("constraints", {}),
            **({"required": True} if field.name in key else {}),
        }
        assert field.constraints.as_written() == as_read
        assert field.required == bool(as_read.get("required"))
    assert model.primary_key == key
    for fk, written in zip(model.foreign_keys, raw.get("foreignKeys", []), strict=True):
        assert fk.fields == names_of(written["fields"])
        assert fk.resource == "t"  # "" names the table itself
        assert fk.reference == names_of(written["reference"]["fields"])
    assert model.missing_values == tuple(raw.get("missingValues", [""]))


@pytest.mark.parametrize(
    "raw",
    [
        {"fields": [{"name": "a", "type": "instant"}]},  # a type the standard does not define
        {"fields": [{"name": "a"}], "primaryKey": "b"},  # a key that is not a field
        {"fields": [{"name": "a", "constraints": {"shape": 1}}]},  # an unknown constraint
        {"fields": [{"name": "a", "type": "integer", "constraints": {"minimum": "one"}}]},
        {"fields": [{"name": "a"}, {"name": "a"}]},
    ],
)
def test_what_cannot_be_checked_is_refused_as_invalid_schema(raw: dict[str, Any]) -> None:
    with pytest.raises(PackageError) as caught:
        build_schema(raw, "t")
    assert caught.value.code == "invalid-schema"
