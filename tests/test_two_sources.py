"""A package with two source texts passes every surface: the validator, the loader, diff and
release (the docs site is built for it in test_docs.py, whose tests run on both packages).

The package is the real one plus a synthetic second article (tests/fixtures/two_sources.py).
"""

from __future__ import annotations

import sqlite3
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from security_guarantees_2022 import load_tables, validate_package
from security_guarantees_2022.release.build import build_release
from security_guarantees_2022.release.diff import diff
from tests.fixtures import two_sources
from tests.support import set_cell

REPO = two_sources.REPO


@pytest.fixture(scope="module")
def two(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The two-source package's datapackage.json (tests that change it take a copy)."""
    return two_sources.build(tmp_path_factory.mktemp("two-sources") / "pkg")


@pytest.fixture
def two_copy(tmp_path: Path) -> Path:
    return two_sources.build(tmp_path / "pkg")


def test_the_validator_finds_nothing_wrong(two: Path) -> None:
    report = validate_package(two, second=True)
    assert [(i.code, i.table, i.row, i.column) for i in report.issues] == []
    assert report.valid


def test_spans_of_the_second_source_are_checked_against_its_own_text(two_copy: Path) -> None:
    """A mention of the second text moved by one character no longer matches that text."""
    mentions = pd.read_csv(two_copy.parent / "data" / "mentions.csv", dtype=str)
    (row,) = mentions.index[mentions["text"].eq("Ryabkov")].tolist()
    start = int(mentions.loc[row, "start"])
    set_cell(two_copy, "mentions", row + 2, "start", str(start + 1))
    set_cell(two_copy, "mentions", row + 2, "text", "yabkov")
    report = validate_package(two_copy, second=False)
    assert [(i.code, i.table, i.row, i.column) for i in report.issues] == []
    set_cell(two_copy, "mentions", row + 2, "text", "Ryabkov")
    report = validate_package(two_copy, second=False)
    assert [(i.code, i.table, i.row) for i in report.issues] == [
        ("span-mismatch", "mentions", row + 2)
    ]


def test_the_loader_reads_both_sources(two: Path) -> None:
    tables = load_tables(two)
    sources = tables["sources"].set_index("source_id")
    assert list(sources.index) == sorted(["izvestia-2022-01-20", two_sources.SOURCE_ID])
    published = pd.to_datetime(sources["published"]).dt.strftime("%Y-%m-%d")
    assert published[two_sources.SOURCE_ID] == two_sources.PUBLISHED
    statements = tables["statements"]
    second = statements[statements["source_id"] == two_sources.SOURCE_ID]
    assert len(second) == len(two_sources.STATEMENTS)
    for _, row in second.iterrows():
        assert two_sources.TEXT[row["start"] : row["end"]] == row["text"]
    assert {"ryabkov", two_sources.PUBLISHER} <= set(tables["actors"]["actor_id"])


def test_diff_against_the_one_source_package_reports_the_additions(two: Path) -> None:
    result = diff(str(REPO), str(two.parent))
    added = {(c.table, c.key) for c in result.changes}
    assert {c.kind for c in result.changes} == {"row-added"}
    _, real_statements = two_sources.read(REPO, "statements")
    new_ids = two_sources.next_ids(real_statements, "statement_id", len(two_sources.STATEMENTS))
    new_statements = {("statements", sid) for sid in new_ids}
    assert ("sources", two_sources.SOURCE_ID) in added
    assert {("actors", a["actor_id"]) for a in two_sources.NEW_ACTORS} <= added
    assert new_statements <= added
    assert sum(t == "mentions" for t, _ in added) == len(two_sources.MENTIONS)
    assert len(added) == 1 + len(two_sources.NEW_ACTORS) + len(two_sources.MENTIONS) + len(
        two_sources.STATEMENTS
    )
    assert result.level == "minor" and result.version_ok


def test_release_carries_both_texts(two: Path, tmp_path: Path) -> None:
    files = build_release(two, tmp_path / "dist")
    (zip_path,) = [f for f in files if f.suffix == ".zip"]
    stem = zip_path.stem
    with zipfile.ZipFile(zip_path) as zf:
        for path in (
            "data/sources/izvestia-2022-01-20.txt",
            f"data/sources/{two_sources.SOURCE_ID}.txt",
        ):
            assert zf.read(f"{stem}/{path}") == (two.parent / path).read_bytes(), path
    database = next(f for f in files if f.suffix == ".db")
    with sqlite3.connect(database) as db:
        ids = [r[0] for r in db.execute("SELECT source_id FROM sources ORDER BY source_id")]
    assert ids == sorted(["izvestia-2022-01-20", two_sources.SOURCE_ID])
