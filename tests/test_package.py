"""The bundled package, the tiny fixture, and promises the validator makes about its input."""

from __future__ import annotations

import csv
import hashlib
import json
import shutil
from pathlib import Path

import pytest

from security_guarantees_2022 import load_package, validate_package
from security_guarantees_2022.release.citation import render_citation
from security_guarantees_2022.release.stamp import stamp
from tests.conftest import REPO
from tests.support import edit_schema, field_of, set_cell


def test_bundled_package_is_valid_with_second_opinion() -> None:
    report = validate_package()
    assert report.issues == []
    assert report.second_opinion["valid"] is True
    assert report.second_opinion["scope"].startswith("full: every row")


def test_tiny_package_is_valid(tiny_package: Path) -> None:
    report = validate_package(tiny_package)
    assert report.valid, report.to_dict()
    assert report.second_opinion["valid"] is True


@pytest.mark.parametrize(
    "value", ["05/06/2021", "2021-5-6", "20210506", "2021-02-30", "2021-13-01"]
)
def test_dates_are_strict_iso(tiny_package: Path, value: str) -> None:
    set_cell(tiny_package, "statements", 2, "said_on", value)
    report = validate_package(tiny_package, second=False)
    assert [(i.code, i.row, i.column, i.value) for i in report.issues] == [
        ("type-error", 2, "said_on", value)
    ]


def test_second_opinion_reports_what_only_frictionless_checks(tiny_package: Path) -> None:
    # A fork declares an e-mail format: the validator checks an address's form, frictionless
    # also RFC 5321's limit of 64 characters before the @.
    def email(schema: dict) -> None:
        field_of(schema, "role").update(format="email")
        field_of(schema, "role").pop("example", None)

    edit_schema(tiny_package, "actors", email)
    set_cell(tiny_package, "actors", 2, "role", "a" * 65 + "@example.com")
    report = validate_package(tiny_package)
    assert [(i.code, i.table) for i in report.issues] == [("second-opinion", "actors")]
    assert not report.second_opinion["valid"]


def test_second_opinion_is_not_repeated_for_tables_with_own_issues(tiny_package: Path) -> None:
    set_cell(tiny_package, "statements", 2, "mode", "quoted")
    report = validate_package(tiny_package)
    assert report.codes() == ["constraint-enum"]
    assert not report.second_opinion["valid"]  # frictionless agrees, and is not counted twice


def tree_digest(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def test_validation_never_writes(tiny_package: Path) -> None:
    set_cell(tiny_package, "actors", 2, "note", "=HYPERLINK()")
    before = tree_digest(tiny_package.parent)
    report = validate_package(tiny_package)
    assert report.codes() == ["formula-prefix"]
    assert tree_digest(tiny_package.parent) == before


def test_stamping_the_bundled_package_changes_nothing(tmp_path: Path) -> None:
    copy = tmp_path / "pkg"
    copy.mkdir()
    for part in ("datapackage.json", "data", "schemas"):
        (shutil.copytree if (REPO / part).is_dir() else shutil.copy)(REPO / part, copy / part)
    assert stamp(copy) == []
    assert (copy / "datapackage.json").read_bytes() == (REPO / "datapackage.json").read_bytes()


def test_stamp_records_an_edit(tiny_package: Path) -> None:
    set_cell(tiny_package, "actors", 2, "note", "edited")  # set_cell stamps
    descriptor = json.loads(tiny_package.read_text(encoding="utf-8"))
    (actors,) = [r for r in descriptor["resources"] if r["name"] == "actors"]
    data = (tiny_package.parent / actors["path"]).read_bytes()
    assert actors["bytes"] == len(data)
    assert actors["hash"] == "sha256:" + hashlib.sha256(data).hexdigest()
    assert validate_package(tiny_package, second=False).valid


def test_citation_is_generated_from_the_descriptor() -> None:
    descriptor = json.loads((REPO / "datapackage.json").read_text(encoding="utf-8"))
    committed = (REPO / "CITATION.cff").read_text(encoding="utf-8")
    assert committed == render_citation(load_package().metadata), (
        "run: security-guarantees-2022 citation"
    )
    assert f'version: "{descriptor["version"]}"' in committed


def test_every_coded_row_has_its_intensity_a_join_away() -> None:
    """Each CAMEO code in use has a Goldstein value, and each PLOVER pair a score."""

    def rows(name: str) -> list[dict[str, str]]:
        with (REPO / "data" / f"{name}.csv").open(encoding="utf-8", newline="") as handle:
            return list(csv.DictReader(handle))

    coded = [r for t in ("statements", "events") for r in rows(t) if r["cameo_code"]]
    goldstein = {r["cameo_code"] for r in rows("cameo_goldstein")}
    scored = {(r["event_type"], r["mode"]) for r in rows("plover_event_types")}
    assert {r["cameo_code"] for r in coded} <= goldstein
    assert all((r["plover_type"], r["plover_mode"]) in scored for r in coded if r["plover_type"])
