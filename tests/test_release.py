"""Release artefacts round-trip to the CSVs, are deterministic, and the version check holds."""

from __future__ import annotations

import hashlib
import sqlite3
import zipfile
from datetime import date
from pathlib import Path

import polars as pl
import pytest

from tests.support import edit_descriptor, set_cell
from validate.load import InvalidPackageError
from validate.release import build_release
from validate.releases import check_version, record_release
from validate.run import run_checks


@pytest.fixture
def dist(tiny_package: Path, tmp_path: Path) -> Path:
    build_release(tiny_package, tmp_path / "dist")
    return tmp_path / "dist"


def digests(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_parquet_reads_back_equal_to_the_typed_csvs(tiny_package: Path, dist: Path) -> None:
    _, ctx = run_checks(tiny_package, second=False)
    for name, frame in ctx.typed.items():
        back = pl.read_parquet(dist / "parquet" / f"{name}.parquet")
        assert back.equals(frame), name
        assert back.schema == frame.schema


def sqlite_value(value: object) -> object:
    """SQLite's conventions: ISO text for dates, 0/1 for booleans."""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, date):
        return value.isoformat()
    return value


def test_sqlite_reads_back_equal_to_the_csvs(tiny_package: Path, dist: Path) -> None:
    _, ctx = run_checks(tiny_package, second=False)
    (database,) = dist.glob("*.sqlite")
    with sqlite3.connect(database) as db:
        assert db.execute("PRAGMA foreign_key_check").fetchall() == []
        for name, frame in ctx.typed.items():
            columns = ", ".join(f'"{c}"' for c in frame.columns)
            rows = db.execute(f'SELECT {columns} FROM "{name}" ORDER BY rowid').fetchall()
            assert rows == [tuple(sqlite_value(v) for v in row) for row in frame.rows()], name
        keys = db.execute("SELECT sql FROM sqlite_master WHERE name = 'statements'").fetchone()[0]
        assert "PRIMARY KEY" in keys and 'REFERENCES "actors"' in keys
    db.close()


def test_zip_holds_the_package_and_its_sums(tiny_package: Path, dist: Path) -> None:
    (archive,) = dist.glob("*.zip")
    with zipfile.ZipFile(archive) as zipped:
        names = zipped.namelist()
        root = archive.name.removesuffix(".zip")
        assert f"{root}/datapackage.json" in names
        sums = zipped.read(f"{root}/SHA256SUMS").decode().splitlines()
        for line in sums:
            digest, name = line.split("  ")
            assert hashlib.sha256(zipped.read(f"{root}/{name}")).hexdigest() == digest
        assert len(sums) == len(names) - 1


def test_release_is_deterministic(tiny_package: Path, tmp_path: Path) -> None:
    build_release(tiny_package, tmp_path / "a")
    build_release(tiny_package, tmp_path / "b")
    assert digests(tmp_path / "a") == digests(tmp_path / "b")


def test_invalid_package_is_not_released(tiny_package: Path, tmp_path: Path) -> None:
    set_cell(tiny_package, "statements", 2, "speaker_id", "nobody")
    with pytest.raises(InvalidPackageError):
        build_release(tiny_package, tmp_path / "dist")
    assert not (tmp_path / "dist").exists()


def test_version_check_against_the_recorded_release(tiny_package: Path, tmp_path: Path) -> None:
    releases, changelog = tmp_path / "releases", tmp_path / "CHANGELOG.md"
    changelog.write_text("## [0.1.0] - 2022-01-20\n## [0.1.1] - 2022-01-21\n", encoding="utf-8")
    record_release(tiny_package, releases)
    assert check_version(tiny_package, releases, changelog)[0] == []
    set_cell(tiny_package, "actors", 2, "role", "Secretary of State")  # a patch change
    problems, result = check_version(tiny_package, releases, changelog)
    assert result is not None and result.level == "patch"
    assert problems == [
        "version 0.1.0 is too low: the changes since release 0.1.0 are patch, "
        "which needs at least 0.1.1"
    ]
    edit_descriptor(tiny_package, lambda d: d.update(version="0.1.1"))
    assert check_version(tiny_package, releases, changelog)[0] == []
    edit_descriptor(tiny_package, lambda d: d.update(version="0.1.2"))
    assert check_version(tiny_package, releases, changelog)[0] == [
        "CHANGELOG.md has no entry '## [0.1.2]'"
    ]
