"""diff: one fixture pair per kind of change, each giving the expected smallest semver bump."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from security_guarantees_2022.cli import main
from security_guarantees_2022.release.diff import diff
from tests.support import edit_descriptor, edit_rows, edit_schema, field_of, set_cell


def add_actor(fields: list[str], rows: list[dict[str, str]]) -> None:
    rows.append({"actor_id": "zz-new", "name": "New", "kind": "group"})


def drop_position(fields: list[str], rows: list[dict[str, str]]) -> None:
    rows.pop()


def add_optional_field(pkg: Path) -> None:
    edit_schema(pkg, "actors", lambda s: s["fields"].append({"name": "alias", "type": "string"}))
    edit_rows(pkg, "actors", lambda fields, rows: fields.append("alias"))


def add_required_field(pkg: Path) -> None:
    new = {"name": "alias", "type": "string", "constraints": {"required": True}}
    edit_schema(pkg, "actors", lambda s: s["fields"].append(new))
    edit_rows(pkg, "actors", lambda fields, rows: fields.append("alias"))


def remove_field(pkg: Path) -> None:
    edit_schema(pkg, "actors", lambda s: s["fields"].remove(field_of(s, "note")))
    edit_rows(pkg, "actors", lambda fields, rows: fields.remove("note"))


def rename_field(pkg: Path) -> None:
    edit_schema(pkg, "actors", lambda s: field_of(s, "note").update(name="remark"))

    def rename(fields: list[str], rows: list[dict[str, str]]) -> None:
        fields[fields.index("note")] = "remark"
        for row in rows:
            row["remark"] = row.pop("note")

    edit_rows(pkg, "actors", rename)


def schema_edit(table: str, edit: Callable[[dict], None]) -> Callable[[Path], None]:
    return lambda pkg: edit_schema(pkg, table, edit)


def mode(schema: dict) -> dict:
    return field_of(schema, "mode")


CHANGES: dict[str, tuple[Callable[[Path], None], str, set[str]]] = {
    "nothing": (lambda pkg: None, "none", set()),
    "value corrected": (
        lambda pkg: set_cell(pkg, "actors", 2, "role", "Secretary of State"),
        "patch",
        {"cell-changed"},
    ),
    "description edited": (
        schema_edit("actors", lambda s: field_of(s, "role").update(description="Title.")),
        "patch",
        {"field-documented"},
    ),
    "row added": (lambda pkg: edit_rows(pkg, "actors", add_actor), "minor", {"row-added"}),
    "export role declared": (
        schema_edit("positions", lambda s: s.update(plover={"cameoName": "note"})),
        "minor",
        {"declaration-added"},
    ),
    "domain rule removed": (
        schema_edit("events", lambda s: s["checks"].pop("occurrence")),
        "major",
        {"declaration-changed"},
    ),
    "optional field added": (add_optional_field, "minor", {"field-added"}),
    "enum value added": (
        schema_edit("statements", lambda s: mode(s)["constraints"]["enum"].append("summary")),
        "minor",
        {"constraint-loosened"},
    ),
    "row removed": (
        lambda pkg: edit_rows(pkg, "positions", drop_position),
        "major",
        {"row-removed"},
    ),
    "field removed": (remove_field, "major", {"field-removed"}),
    "field renamed": (rename_field, "major", {"field-removed", "field-added"}),
    "field retyped": (
        schema_edit("cameo_goldstein", lambda s: field_of(s, "goldstein").update(type="integer")),
        "major",
        {"field-retyped"},
    ),
    "enum value removed": (
        schema_edit("statements", lambda s: mode(s)["constraints"]["enum"].remove("mixed")),
        "major",
        {"constraint-tightened"},
    ),
    "field made required": (
        schema_edit("actors", lambda s: field_of(s, "role").update(constraints={"required": True})),
        "major",
        {"constraint-tightened"},
    ),
    "minimum raised": (
        schema_edit("mentions", lambda s: field_of(s, "start")["constraints"].update(minimum=1)),
        "major",
        {"constraint-tightened"},
    ),
    "primary key changed": (
        schema_edit("actors", lambda s: s.update(primaryKey=["actor_id", "name"])),
        "major",
        {"primary-key-changed"},
    ),
    "required field added": (add_required_field, "major", {"required-field-added"}),
}


@pytest.mark.parametrize("change", list(CHANGES))
def test_each_kind_of_change_needs_its_bump(
    tiny_package: Path, tmp_path: Path, change: str
) -> None:
    edit, level, kinds = CHANGES[change]
    new = tmp_path / "new"
    shutil.copytree(tiny_package.parent, new)
    edit(new / "datapackage.json")
    result = diff(str(tiny_package.parent), str(new))
    assert result.level == level
    assert {c.kind for c in result.changes} == kinds


def test_changed_cell_shows_old_and_new(tiny_package: Path, tmp_path: Path) -> None:
    new = tmp_path / "new"
    shutil.copytree(tiny_package.parent, new)
    set_cell(new / "datapackage.json", "statements", 2, "said_on", "2022-01-19")
    (change,) = diff(str(tiny_package), str(new)).changes
    assert (change.table, change.key, change.column, change.old, change.new) == (
        "statements",
        "s001",
        "said_on",
        "2022-01-20",
        "2022-01-19",
    )


@pytest.mark.parametrize(
    ("version", "exit_code"), [("0.1.0", 1), ("0.1.1", 1), ("0.2.0", 0), ("1.0.0", 0)]
)
def test_cli_exits_1_when_the_version_is_too_low(
    tiny_package: Path, tmp_path: Path, version: str, exit_code: int
) -> None:
    new = tmp_path / "new"
    shutil.copytree(tiny_package.parent, new)
    edit_rows(new / "datapackage.json", "actors", add_actor)  # a minor change
    edit_descriptor(new / "datapackage.json", lambda d: d.update(version=version))
    result = CliRunner().invoke(
        main, ["diff", str(tiny_package.parent), str(new), "--format", "json"]
    )
    assert result.exit_code == exit_code
    payload = json.loads(result.stdout)
    assert (payload["bump"], payload["required_version"]) == ("minor", "0.2.0")


def test_git_refs_are_sides() -> None:
    result = CliRunner().invoke(main, ["diff", "HEAD", "HEAD"])
    assert result.exit_code == 0
    assert "bump needed: none" in result.stdout


def test_unknown_ref_is_unusable_input() -> None:
    result = CliRunner().invoke(main, ["diff", "no-such-ref-or-folder", "."])
    assert result.exit_code == 2
    assert result.stderr.startswith("error [unknown-ref]: ")


def test_a_format_of_default_is_no_format(tiny_package: Path, tmp_path: Path) -> None:
    """The standard's default format named or left out: the same field, no change."""
    new = tmp_path / "new"
    shutil.copytree(tiny_package.parent, new)
    edit_schema(
        new / "datapackage.json",
        "statements",
        lambda s: field_of(s, "said_on").update(format="default"),
    )
    assert diff(str(tiny_package.parent), str(new)).changes == []
    edit_schema(
        new / "datapackage.json", "statements", lambda s: field_of(s, "said_on").update(format="%Y")
    )
    assert {c.kind for c in diff(str(tiny_package.parent), str(new)).changes} >= {"field-retyped"}


def test_a_missing_table_file_is_missing_file(tiny_package: Path, tmp_path: Path) -> None:
    new = tmp_path / "new"
    shutil.copytree(tiny_package.parent, new)
    (new / "data" / "actors.csv").unlink()
    result = CliRunner().invoke(main, ["diff", str(tiny_package.parent), str(new)])
    assert result.exit_code == 2
    assert result.stderr.startswith("error [missing-file]: data/actors.csv not found"), (
        result.stderr
    )


def test_unreadable_table_is_unusable_input(tiny_package: Path, tmp_path: Path) -> None:
    new = tmp_path / "new"
    shutil.copytree(tiny_package.parent, new)
    with (new / "data" / "actors.csv").open("a", encoding="utf-8") as handle:
        handle.write('x,"unclosed\n')
    result = CliRunner().invoke(main, ["diff", str(tiny_package.parent), str(new)])
    assert result.exit_code == 2
    assert result.stderr.startswith("error [unreadable-table]: ")


def test_a_table_that_is_not_utf8_exits_2_every_time(tiny_package: Path, tmp_path: Path) -> None:
    """The reader's fallback (pyarrow, for its message) must not leave a thread that aborts the
    process at exit: it did, about one run in three, with exit 134 instead of 2."""
    new = tmp_path / "new"
    shutil.copytree(tiny_package.parent, new)
    table = new / "data" / "actors.csv"
    lines = table.read_bytes().split(b"\n")
    lines[2] = lines[2].replace(b",", b"\xff,", 1)  # a bad byte inside a row of full width
    table.write_bytes(b"\n".join(lines))
    command = [sys.executable, "-m", "security_guarantees_2022", "diff", str(tiny_package.parent)]
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1] / "validate")}
    for _ in range(8):
        done = subprocess.run([*command, str(new)], capture_output=True, text=True, env=env)
        assert done.returncode == 2, done.stderr
        assert done.stderr.startswith("error [unreadable-table]: "), done.stderr
