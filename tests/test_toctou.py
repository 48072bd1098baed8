"""Files that change while a command runs: what is validated, loaded or released is what was hashed.

Each test changes a file at one stage of a run (before it is read, halfway through its read,
between two reads, after validation) through a hook on the tool's own functions, and checks
that the run either fails with `changed-while-reading` or uses only the bytes it hashed: never
"valid" for bytes that were not checked, never the swapped rows.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import sqlite3
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from click.testing import CliRunner

from security_guarantees_2022 import load, load_tables
from security_guarantees_2022.cli import main
from security_guarantees_2022.core import scans
from security_guarantees_2022.core.report import PackageError
from security_guarantees_2022.engines import default
from security_guarantees_2022.engines import streaming as streamed
from security_guarantees_2022.engines.run import run_checks, validate_package
from security_guarantees_2022.release import build, stamp
from security_guarantees_2022.release.build import build_release
from tests.support import set_cell, table_path

CODE = "changed-while-reading"


def cli(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def swapped(data: bytes) -> bytes:
    """A valid table of other rows: the same header, one name changed (and a byte longer)."""
    assert b"Tiny Gazette" in data
    return data.replace(b"Tiny Gazette", b"Tiny Gazettes")


def swap_by_rename(path: Path) -> None:
    """What an editor or `git checkout` does: a new file renamed over the old one."""
    new = path.with_name(path.name + ".new")
    new.write_bytes(swapped(path.read_bytes()))
    os.replace(new, path)


def swap_in_place(path: Path) -> None:
    """A writer that rewrites the same file (same inode)."""
    data = path.read_bytes()
    with path.open("r+b") as handle:
        handle.write(swapped(data))


def on_first_read_of(
    monkeypatch: pytest.MonkeyPatch, path: Path, change: Callable[[Path], None]
) -> None:
    """Change `path` right after the first read(2) of it returns: halfway through its read."""
    real = scans._read_block
    done: list[bool] = []

    def read_block(fd: int, size: int) -> bytes:
        chunk = real(fd, size)
        if not done and os.readlink(f"/proc/self/fd/{fd}") == str(path.resolve()):
            done.append(True)
            change(path)
        return chunk

    monkeypatch.setattr(scans, "_read_block", read_block)


def after(
    monkeypatch: pytest.MonkeyPatch,
    owner: Any,
    name: str,
    path: Path,
    change: Callable[[Path], None],
) -> None:
    """Change `path` once, right after `owner.name` first returns."""
    real = getattr(owner, name)
    done: list[bool] = []

    def wrapped(*args: Any, **kwargs: Any) -> Any:
        result = real(*args, **kwargs)
        if not done:
            done.append(True)
            change(path)
        return result

    monkeypatch.setattr(owner, name, wrapped)


def actors(package: Path) -> Path:
    return table_path(package, "actors")


def names_read(frame: pl.DataFrame) -> list[str]:
    return frame.get_column("name").to_list()


# --- before the read: the hash is of the new bytes, which the descriptor does not declare ------


@pytest.mark.parametrize("streaming", [False, True])
def test_a_table_swapped_before_the_run_is_a_hash_mismatch(
    tiny_package: Path, streaming: bool
) -> None:
    swap_by_rename(actors(tiny_package))
    report = validate_package(tiny_package, second=False, streaming=streaming)
    assert not report.valid
    assert {(i.code, i.table) for i in report.issues} >= {("resource-hash-mismatch", "actors")}


# --- after the bytes are read and hashed, before they are parsed: the read bytes are parsed ----


def test_default_engine_parses_the_bytes_it_hashed_not_a_later_swap(
    tiny_package: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    original = actors(tiny_package).read_bytes()
    real = default.scan_bytes

    def scan_then_swap(data: bytes, **kwargs: Any) -> scans.FileScan:
        scan = real(data, **kwargs)
        if data == original:  # actors.csv hashed: now swap it before polars parses
            swap_by_rename(actors(tiny_package))
        return scan

    monkeypatch.setattr(default, "scan_bytes", scan_then_swap)
    report, ctx = run_checks(tiny_package, second=False)
    assert actors(tiny_package).read_bytes() == swapped(original)  # the swap did happen
    assert report.valid  # of the bytes read, hashed and parsed: the declared ones
    assert ctx.scans["actors"].sha256 == hashlib.sha256(original).hexdigest()
    assert "Tiny Gazettes" not in names_read(ctx.typed["actors"])
    assert "Tiny Gazette" in names_read(ctx.typed["actors"])


# --- during the read: the file is written in place under the open descriptor ------------------


@pytest.mark.parametrize("streaming", [False, True])
def test_a_table_written_while_it_is_read_fails_with_a_coded_error(
    tiny_package: Path, monkeypatch: pytest.MonkeyPatch, streaming: bool
) -> None:
    on_first_read_of(monkeypatch, actors(tiny_package), swap_in_place)
    with pytest.raises(PackageError) as caught:
        validate_package(tiny_package, second=False, streaming=streaming)
    assert caught.value.code == CODE
    assert "actors.csv" in caught.value.message


def test_the_cli_reports_a_change_while_reading_as_one_coded_line_exit_2(
    tiny_package: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    on_first_read_of(monkeypatch, actors(tiny_package), swap_in_place)
    code, out, err = cli(str(tiny_package), "--no-second-opinion", "--streaming", "--quiet")
    assert (code, out) == (2, "")
    assert err.startswith(f"error [{CODE}]: ")
    assert len(err.strip().splitlines()) == 1


@pytest.mark.parametrize("streaming", [False, True])
def test_a_table_renamed_over_while_it_is_read_fails_with_a_coded_error(
    tiny_package: Path, monkeypatch: pytest.MonkeyPatch, streaming: bool
) -> None:
    """The open file's bytes are whole, but the rename unlinks it (its ctime changes): the
    run stops rather than validate a file that is no longer the package's."""
    on_first_read_of(monkeypatch, actors(tiny_package), swap_by_rename)
    with pytest.raises(PackageError) as caught:
        validate_package(tiny_package, second=False, streaming=streaming)
    assert caught.value.code == CODE


def test_a_source_text_written_while_it_is_read_fails_with_a_coded_error(
    tiny_package: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = table_path(tiny_package, "tiny-2022-01-20")

    def rewrite(path: Path) -> None:
        path.write_bytes(path.read_bytes() + b" more")

    on_first_read_of(monkeypatch, text, rewrite)
    with pytest.raises(PackageError) as caught:
        validate_package(tiny_package, second=False)
    assert caught.value.code == CODE


@pytest.mark.parametrize("streaming", [False, True], ids=["default", "streaming"])
@pytest.mark.parametrize("cell", ["sha256 cell", "no sha256 cell"])
def test_a_source_text_swapped_between_its_scan_and_the_span_check_fails(
    tiny_package: Path, monkeypatch: pytest.MonkeyPatch, streaming: bool, cell: str
) -> None:
    """The span check's read of a source must hash as the resource's scan did, or the spans were
    checked against bytes no check hashed; without a sha256 cell only that hash can tell."""
    if cell == "no sha256 cell":
        set_cell(tiny_package, "sources", 2, "sha256", "")
        stamp.stamp(tiny_package)
    text = table_path(tiny_package, "tiny-2022-01-20")
    engine_module = streamed if streaming else default
    real = engine_module.scan_file

    def scan_then_swap(path: Path, **kwargs: Any) -> scans.FileScan:
        scan = real(path, **kwargs)
        if path == text:
            new = text.with_name("new.txt")
            new.write_bytes(text.read_bytes().replace(b"a", b"o", 1))
            os.replace(new, text)
        return scan

    monkeypatch.setattr(engine_module, "scan_file", scan_then_swap)
    with pytest.raises(PackageError) as caught:
        run_checks(tiny_package, second=False, streaming=streaming)
    assert caught.value.code == CODE


# --- the streaming engine: every read of a table must hash the same ----------------------------


def test_streaming_a_table_swapped_between_two_reads_of_it_fails(
    tiny_package: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A `unique` column is read for its repeats before the batches: both reads must agree."""
    schema = tiny_package.parent / "schemas" / "actors.schema.json"
    descriptor = json.loads(schema.read_text(encoding="utf-8"))
    for field in descriptor["fields"]:
        if field["name"] == "name":
            field.setdefault("constraints", {})["unique"] = True
    schema.write_text(json.dumps(descriptor), encoding="utf-8")
    assert validate_package(tiny_package, second=False, streaming=True).valid
    after(monkeypatch, streamed.Streamer, "_repeated", actors(tiny_package), swap_by_rename)
    with pytest.raises(PackageError) as caught:
        validate_package(tiny_package, second=False, streaming=True)
    assert caught.value.code == CODE


def test_streaming_batches_are_the_bytes_hashed_across_block_seams(
    tiny_package: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Blocks of a few bytes: records (quoted line breaks too) cut only between records."""
    monkeypatch.setattr(scans, "CHUNK", 7)
    monkeypatch.setattr("security_guarantees_2022.core.tables.BLOCK", 7)
    whole, _ = run_checks(tiny_package, second=False)
    streamed, ctx = run_checks(tiny_package, second=False, streaming=True, batch_rows=2)
    assert whole.valid and streamed.valid
    assert (
        ctx.scans["statements"].sha256
        == hashlib.sha256(table_path(tiny_package, "statements").read_bytes()).hexdigest()
    )


# --- load_tables --------------------------------------------------------------------------------


def test_load_tables_returns_the_validated_rows_when_a_table_is_swapped_before_it_returns(
    tiny_package: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    after(monkeypatch, load, "to_pandas", actors(tiny_package), swap_by_rename)
    frames = load_tables(tiny_package, tables=["actors", "statements"])
    assert "Tiny Gazettes" not in frames["actors"]["name"].tolist()
    assert "Tiny Gazette" in frames["actors"]["name"].tolist()


@pytest.mark.parametrize("validate", [True, False])
def test_load_tables_of_a_table_written_while_it_is_read_fails(
    tiny_package: Path, monkeypatch: pytest.MonkeyPatch, validate: bool
) -> None:
    on_first_read_of(monkeypatch, actors(tiny_package), swap_in_place)
    with pytest.raises(PackageError) as caught:
        load_tables(tiny_package, tables=["actors"], validate=validate)
    assert caught.value.code == CODE


# --- stamp --------------------------------------------------------------------------------------


def test_stamp_keeps_an_edit_saved_while_it_runs_and_writes_nothing(
    tiny_package: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = actors(tiny_package)
    path.write_bytes(path.read_bytes() + b"extra,Extra,person,,,,,,,,\n")  # stamp has work
    edited = tiny_package.read_text(encoding="utf-8").replace('"version"', '"x-note": 1, "version"')

    def user_edit(_path: Path) -> None:
        tiny_package.write_text(edited, encoding="utf-8")

    after(monkeypatch, stamp, "_loads_as_package", tiny_package, user_edit)
    code, out, err = cli("stamp", str(tiny_package))
    assert (code, out) == (2, "")
    assert err.startswith(f"error [{CODE}]: ")
    assert tiny_package.read_text(encoding="utf-8") == edited
    assert not list(tiny_package.parent.glob(".datapackage.json.*"))  # no temp file left


def test_stamp_of_a_descriptor_with_a_lone_surrogate_exits_2(tiny_package: Path) -> None:
    text = tiny_package.read_text(encoding="utf-8")
    tiny_package.write_text(text.replace('"version"', '"title": "\\ud800", "version"', 1))
    before = tiny_package.read_bytes()
    code, out, err = cli("stamp", str(tiny_package))
    assert (code, out) == (2, "")
    assert err.startswith("error [invalid-json]: ")
    assert tiny_package.read_bytes() == before


# --- release ------------------------------------------------------------------------------------


def test_release_refuses_a_table_swapped_after_validation(
    tiny_package: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    after(monkeypatch, build, "run_checks", actors(tiny_package), swap_by_rename)
    out = tmp_path / "dist"
    with pytest.raises(PackageError) as caught:
        build_release(tiny_package, out)
    assert caught.value.code == CODE
    assert "data/actors.csv" in caught.value.message
    assert not list(out.glob("*.zip")) and not list(out.glob("*.db"))


def test_release_refuses_a_descriptor_edited_after_validation(
    tiny_package: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def edit(path: Path) -> None:
        path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")

    after(monkeypatch, build, "run_checks", tiny_package, edit)
    with pytest.raises(PackageError) as caught:
        build_release(tiny_package, tmp_path / "dist")
    assert caught.value.code == CODE


def test_every_artefact_of_a_release_is_built_from_the_validated_bytes(
    tiny_package: Path, tmp_path: Path
) -> None:
    out = tmp_path / "dist"
    build_release(tiny_package, out)
    descriptor = json.loads(tiny_package.read_text(encoding="utf-8"))
    hashes = {r["path"]: r["hash"].removeprefix("sha256:") for r in descriptor["resources"]}
    (archive,) = out.glob("*.zip")
    root = archive.name.removesuffix(".zip")
    with zipfile.ZipFile(archive) as zipped:
        inner = json.loads(zipped.read(f"{root}/datapackage.json"))
        assert inner == descriptor
        for relpath, digest in hashes.items():
            assert hashlib.sha256(zipped.read(f"{root}/{relpath}")).hexdigest() == digest
        actors_csv = zipped.read(f"{root}/data/actors.csv")
    names = pl.read_csv(io.BytesIO(actors_csv), infer_schema=False).get_column("name").to_list()
    parquet = pl.read_parquet(out / "parquet" / "actors.parquet").get_column("name").to_list()
    (database,) = out.glob("*.db")
    with sqlite3.connect(database) as db:
        stored = [r[0] for r in db.execute('SELECT name FROM "actors" ORDER BY rowid')]
    db.close()
    assert names == parquet == stored


# --- the Spark engine: a change is detected (its executors' reads are not hashed) ---------------


@pytest.mark.spark  # deselected, not skipped, where the spark extra is not installed
def test_spark_engine_detects_a_file_changed_during_its_run(tiny_package: Path) -> None:
    pytest.importorskip("pyspark")
    from security_guarantees_2022.core.descriptor import load_package
    from security_guarantees_2022.core.scans import scan_file
    from security_guarantees_2022.spark.engine import identities, unchanged_since

    package = load_package(tiny_package)
    before = identities(package)
    scans = {name: scan_file(res.path) for name, res in package.resources.items()}
    unchanged_since(package, before, scans)  # nothing changed: no error
    swap_by_rename(actors(tiny_package))
    with pytest.raises(PackageError) as caught:
        unchanged_since(package, before, scans)
    assert caught.value.code == CODE
