"""The standards' descriptor rules, read from their text: fieldsMatch, the constraints each type
takes, licences, misplaced properties, JSON types, profiles and hashes."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import pytest

from security_guarantees_2022 import validate_package
from security_guarantees_2022.core.descriptor import load_package
from security_guarantees_2022.core.report import PackageError
from tests.test_property_coverage import TABLE, mini

ENGINES = {"default": {}, "streaming": {"streaming": True}}


def codes(package: Path, **options: Any) -> list[str]:
    return sorted(i.code for i in validate_package(package, second=False, **options).issues)


def refused_with(package: Path) -> str:
    with pytest.raises(PackageError) as caught:
        load_package(package)
    return caught.value.code


def schema(edit: Any) -> Any:
    return lambda d: edit(d["resources"][0]["schema"])


def header(root: Path, first_line: str) -> None:
    """The table with another header row (rows of as many cells)."""
    values = {"id": "1", "name": "a", "score": "1.5", "flag": "true", "day": "2022-01-20"}
    row = ",".join(values.get(name, "z") for name in first_line.split(","))
    (root / "data" / "t.csv").write_text(f"{first_line}\n{row}\n", encoding="utf-8")


# --- fieldsMatch: how the header maps to the fields --------------------------------------------

FULL = "id,name,score,flag,day"
HEADERS = {
    "same": FULL,
    "reordered": "name,id,score,flag,day",
    "one more": FULL + ",extra",
    "one fewer": "id,name,score,flag",
    "none of them": "other",
}
EXPECTED = {  # (fieldsMatch, header) -> codes
    ("exact", "same"): [],
    ("exact", "reordered"): ["column-order"],
    ("exact", "one more"): ["extra-column"],
    ("exact", "one fewer"): ["missing-column"],
    ("equal", "same"): [],
    ("equal", "reordered"): [],
    ("equal", "one more"): ["extra-column"],
    ("equal", "one fewer"): ["missing-column"],
    ("subset", "reordered"): [],
    ("subset", "one more"): [],
    ("subset", "one fewer"): ["missing-column"],
    ("superset", "reordered"): [],
    ("superset", "one more"): ["extra-column"],
    ("superset", "one fewer"): [],
    ("partial", "one more"): [],
    ("partial", "one fewer"): [],
    ("partial", "none of them"): ["missing-column"] * 5,
}


@pytest.mark.parametrize("engine", sorted(ENGINES))
@pytest.mark.parametrize(("match", "case"), sorted(EXPECTED))
def test_fields_match(tmp_path: Path, match: str, case: str, engine: str) -> None:
    package = mini(tmp_path / "p", schema(lambda s: s.update(fieldsMatch=match)))
    header(package, HEADERS[case])
    found = [c for c in codes(package, **ENGINES[engine]) if c != "primary-key"]
    assert found == EXPECTED[match, case]


def test_fields_match_default_is_exact(tmp_path: Path) -> None:
    package = mini(tmp_path / "p")
    header(package, HEADERS["reordered"])
    assert codes(package) == ["column-order"]


def test_an_unknown_fields_match_is_invalid(tmp_path: Path) -> None:
    package = mini(tmp_path / "p", schema(lambda s: s.update(fieldsMatch="loose")))
    assert refused_with(package) == "invalid-schema"


def test_fields_match_still_checks_the_cells(tmp_path: Path) -> None:
    """A column the header may leave out is not checked; one it has still is."""
    package = mini(tmp_path / "p", schema(lambda s: s.update(fieldsMatch="superset")))
    (package / "data" / "t.csv").write_text("id,name\nx,a\n", encoding="utf-8")
    assert codes(package) == ["type-error"]


# --- descriptor rules the standards state -----------------------------------------------------


def field(n: int, **props: Any) -> Any:
    return schema(lambda s: s["fields"][n].update(props))


INVALID: dict[str, tuple[Any, str]] = {
    # constraints of another type (the Table Schema's table of constraints)
    "pattern on an integer": (field(0, constraints={"pattern": "[0-9]+"}), "invalid-schema"),
    "minLength on an integer": (field(0, constraints={"minLength": 1}), "invalid-schema"),
    "maxLength on a date": (field(4, constraints={"maxLength": 10}), "invalid-schema"),
    "minimum on a boolean": (field(3, constraints={"minimum": 0}), "invalid-schema"),
    "maximum on a string": (field(1, constraints={"maximum": "z"}), "invalid-schema"),
    # licences name themselves or their text
    "package licence without name or path": (
        lambda d: d.update(licenses=[{"title": "Some licence"}]),
        "invalid-descriptor",
    ),
    "resource licence without name or path": (
        lambda d: d["resources"][0].update(licenses=[{"title": "Some licence"}]),
        "invalid-descriptor",
    ),
    "licence not an object": (lambda d: d.update(licenses=["CC0"]), "invalid-descriptor"),
    # properties in the wrong object
    "a constraint on the field": (field(1, required=True), "invalid-schema"),
    "an enum on the field": (field(1, enum=["a", "b"]), "invalid-schema"),
    "trueValues on an integer": (field(0, trueValues=["yes"]), "invalid-schema"),
    "decimalChar on a string": (field(1, decimalChar=","), "invalid-schema"),
    "constraints on the schema": (
        schema(lambda s: s.update(constraints={"required": True})),
        "invalid-schema",
    ),
    "primaryKey on the resource": (
        lambda d: d["resources"][0].update(primaryKey="id"),
        "invalid-descriptor",
    ),
    "a dialect property on the resource": (
        lambda d: d["resources"][0].update(delimiter=","),
        "invalid-descriptor",
    ),
    "a resource property on the package": (
        lambda d: d.update(path="data/t.csv"),
        "invalid-descriptor",
    ),
    # missing values once each
    "duplicate missingValues": (
        schema(lambda s: s.update(missingValues=["", "NA", "NA"])),
        "invalid-schema",
    ),
    # standard properties of the wrong JSON type
    "bytes a string": (lambda d: d["resources"][0].update(bytes="12"), "invalid-descriptor"),
    "bytes true": (lambda d: d["resources"][0].update(bytes=True), "invalid-descriptor"),
    "hash a number": (lambda d: d["resources"][0].update(hash=5), "invalid-descriptor"),
    "title a list": (lambda d: d.update(title=["t"]), "invalid-descriptor"),
    "keywords a string": (lambda d: d.update(keywords="k"), "invalid-descriptor"),
    "dialect header a string": (
        lambda d: d["resources"][0].update(dialect={"header": "yes"}),
        "invalid-descriptor",
    ),
    "field title a number": (field(1, title=5), "invalid-schema"),
    "foreign key reference not an object": (
        schema(lambda s: s.update(foreignKeys=[{"fields": "id", "reference": "t"}])),
        "invalid-schema",
    ),
}


@pytest.mark.parametrize("case", sorted(INVALID))
def test_descriptor_rules(tmp_path: Path, case: str) -> None:
    edit, code = INVALID[case]
    assert refused_with(mini(tmp_path / "p", edit)) == code


def test_constraints_of_the_right_type_pass(tmp_path: Path) -> None:
    def edit(d: dict[str, Any]) -> None:
        fields = d["resources"][0]["schema"]["fields"]
        fields[0]["constraints"] = {"minimum": 1, "maximum": 9, "required": True, "unique": True}
        fields[1]["constraints"] = {"pattern": "[a-z]", "minLength": 1, "maxLength": 3}
        fields[3]["constraints"] = {"enum": ["true", "false"]}
        fields[4]["constraints"] = {"minimum": "2022-01-01"}
        d["licenses"] = [{"path": "https://creativecommons.org/publicdomain/zero/1.0/"}]

    assert codes(mini(tmp_path / "p", edit)) == []


# --- profiles are names, never fetched; hashes by the standard's algorithms -------------------

PROFILES = {
    "v1 $schema URL": lambda d: d.update(
        {"$schema": "https://specs.frictionlessdata.io/schemas/data-package.json"}
    ),
    "v1 profile URL over http": lambda d: d.update(
        profile="http://specs.frictionlessdata.io/schemas/tabular-data-package.json"
    ),
    "v2 $schema URL": lambda d: d.update(
        {"$schema": "https://datapackage.org/profiles/2.0/datapackage.json"}
    ),
    "registry names": lambda d: (
        d.update(profile="tabular-data-package"),
        d["resources"][0].update(profile="tabular-data-resource"),
        d["resources"][0]["schema"].update(profile="table-schema"),
    ),
    "data-package": lambda d: d.update(profile="data-package"),
}


@pytest.mark.parametrize("case", sorted(PROFILES))
def test_standard_profiles_are_names(tmp_path: Path, case: str) -> None:
    assert codes(mini(tmp_path / "p", PROFILES[case])) == []


def test_a_custom_remote_profile_stays_refused(tmp_path: Path) -> None:
    package = mini(tmp_path / "p", lambda d: d.update(profile="https://example.org/p.json"))
    assert refused_with(package) == "unsafe-path"


NOT_IMPLEMENTED = {
    "an unknown name": lambda d: d.update(profile="bogus"),
    "a profile with rules of its own": lambda d: d.update(profile="fiscal-data-package"),
    "a schema's profile on the package": lambda d: d.update(
        {"$schema": "https://datapackage.org/profiles/2.0/tableschema.json"}
    ),
    "an unknown name on a resource": lambda d: d["resources"][0].update(profile="bogus"),
}


@pytest.mark.parametrize("case", sorted(NOT_IMPLEMENTED))
def test_a_profile_whose_rules_are_not_applied_is_refused(tmp_path: Path, case: str) -> None:
    assert refused_with(mini(tmp_path / "p", NOT_IMPLEMENTED[case])) == "unsupported-property"


def test_a_dialect_file_names_a_standard_profile_or_is_refused(tmp_path: Path) -> None:
    def dialect_file(d: dict[str, Any]) -> None:
        d["resources"][0]["dialect"] = "dialect.json"

    package = mini(tmp_path / "p", dialect_file)
    (package / "dialect.json").write_text(
        '{"$schema": "https://evil.example/x.json"}', encoding="utf-8"
    )
    assert refused_with(package) == "unsafe-path"


DATA = TABLE.encode()
HASHES = {
    "unprefixed md5": (hashlib.md5(DATA).hexdigest(), []),
    "md5": ("md5:" + hashlib.md5(DATA).hexdigest(), []),
    "sha1": ("sha1:" + hashlib.sha1(DATA).hexdigest(), []),
    "sha256": ("sha256:" + hashlib.sha256(DATA).hexdigest(), []),
    "SHA512 upper-case": ("SHA512:" + hashlib.sha512(DATA).hexdigest().upper(), []),
    "wrong md5": ("0" * 32, ["resource-hash-mismatch"]),
    "wrong sha1": ("sha1:" + "0" * 40, ["resource-hash-mismatch"]),
    "unprefixed sha256 is read as md5": (
        hashlib.sha256(DATA).hexdigest(),
        ["resource-hash-mismatch"],
    ),
    "unknown algorithm": ("crc32:00000000", ["hash-algorithm-unsupported"]),
}


@pytest.mark.parametrize("engine", sorted(ENGINES))
@pytest.mark.parametrize("case", sorted(HASHES))
def test_hashes(tmp_path: Path, case: str, engine: str) -> None:
    value, expected = HASHES[case]
    package = mini(tmp_path / "p", lambda d: d["resources"][0].update(hash=value))
    assert codes(package, **ENGINES[engine]) == expected


def test_a_mismatch_names_the_algorithm(tmp_path: Path) -> None:
    package = mini(tmp_path / "p", lambda d: d["resources"][0].update(hash="sha1:" + "0" * 40))
    (issue,) = validate_package(package, second=False).issues
    assert issue.message.startswith("datapackage.json declares sha1 " + "0" * 40)


SPARK_CASES = [
    ("fieldsMatch", ("equal", "reordered")),
    ("fieldsMatch", ("subset", "one more")),
    ("fieldsMatch", ("superset", "one fewer")),
    ("fieldsMatch", ("superset", "one more")),
    ("fieldsMatch", ("partial", "none of them")),
    ("hash", "md5"),
    ("hash", "wrong sha1"),
]


@pytest.mark.spark
def test_fields_match_and_hashes_on_spark(tmp_path: Path) -> None:
    """The Spark engine reads fieldsMatch and every hash algorithm as the local one does."""
    from tests.conftest import require_spark

    require_spark()
    from security_guarantees_2022.engines.run import run_checks
    from security_guarantees_2022.spark.engine import SparkEngine
    from security_guarantees_2022.spark.session import spark_session

    session = spark_session("local[1]")
    try:
        for n, (kind, case) in enumerate(SPARK_CASES):
            if kind == "fieldsMatch":
                match, head = case
                package = mini(
                    tmp_path / str(n), schema(lambda s, m=match: s.update(fieldsMatch=m))
                )
                header(package, HEADERS[head])
                expected = EXPECTED[match, head]
            else:
                value, expected = HASHES[str(case)]
                package = mini(
                    tmp_path / str(n), lambda d, v=value: d["resources"][0].update(hash=v)
                )
            report = run_checks(
                package, second=False, engine=SparkEngine(session), engine_name="spark"
            )[0]
            found = sorted(i.code for i in report.issues if i.code != "primary-key")
            assert found == expected, (kind, case)
    finally:
        session.stop()
