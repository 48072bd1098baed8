"""Release artefacts round-trip to the CSVs, are deterministic, and the version check holds."""

from __future__ import annotations

import hashlib
import json
import sqlite3
import zipfile
from datetime import date
from pathlib import Path

import polars as pl
import pytest

from security_guarantees_2022.engines.run import run_checks
from security_guarantees_2022.load import InvalidPackageError, load_tables
from security_guarantees_2022.release.build import build_release
from security_guarantees_2022.release.record import check_version, record_release
from tests.fixtures.tiny import REPO
from tests.support import edit_descriptor, set_cell


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
        enums = [c for c, t in back.schema.items() if t == pl.Categorical]
        assert all(frame.schema[c] == pl.String for c in enums)  # enums are dictionaries
        back = back.with_columns(pl.col(enums).cast(pl.String))
        assert back.equals(frame), name
        assert back.schema == frame.schema


def test_parquet_gives_pandas_the_loaders_dtypes_and_carries_descriptions(
    tiny_package: Path, dist: Path
) -> None:
    import pandas as pd
    import pyarrow.parquet as pq

    loaded = load_tables(tiny_package)
    descriptor = json.loads(tiny_package.read_text(encoding="utf-8"))
    for name, frame in loaded.items():
        path = dist / "parquet" / f"{name}.parquet"
        back = pd.read_parquet(path)
        assert back.dtypes.to_dict() == frame.dtypes.to_dict(), name
        pd.testing.assert_frame_equal(back, frame)
        schema = pq.read_schema(path)
        about = json.loads(schema.metadata[b"security_guarantees_2022"])
        resource = next(r for r in descriptor["resources"] if r["name"] == name)
        # a resource licensed apart from the package (the PLOVER tables) keeps its own licence
        assert (about["version"], about["licenses"]) == (
            descriptor["version"],
            resource.get("licenses") or descriptor["licenses"],
        )
        for field in schema:
            if str(frame[field.name].dtype).startswith("date32"):
                assert str(field.type) == "date32[day]"
        described = [f for f in schema if f.metadata and b"description" in f.metadata]
        assert described, f"{name}: no column description in the Parquet metadata"


def test_sqlite_indexes_foreign_keys_and_checks_enums(tiny_package: Path, dist: Path) -> None:
    from security_guarantees_2022.core.descriptor import load_package

    package = load_package(tiny_package)
    (database,) = dist.glob("*.db")
    assert database.name == "security_guarantees_2022.db"
    with sqlite3.connect(database) as db:
        indexed = {
            (table, tuple(r[2] for r in db.execute(f'PRAGMA index_info("{index}")')))
            for table in package.tables
            for (_, index, *_rest) in db.execute(f'PRAGMA index_list("{table}")')
        }
        for name, res in package.tables.items():
            for fields, _target, _refs in res.foreign_keys:
                assert (name, tuple(fields)) in indexed, (name, fields)
        enum_field = next(
            (name, f)
            for name, res in package.tables.items()
            for f in res.fields()
            if f.constraints.enum and f.type == "string"
        )
        table, field = enum_field
        with pytest.raises(sqlite3.IntegrityError):
            db.execute(f'UPDATE "{table}" SET "{field.name}" = ? WHERE rowid = 1', ("nonsense",))
    metadata = json.loads((dist / "metadata.json").read_text(encoding="utf-8"))
    tables = metadata["databases"]["security_guarantees_2022"]["tables"]
    assert set(tables) == set(package.tables) | {"coded_rows"}  # and the derived table
    assert metadata["license"] and metadata["title"]
    assert all(tables[n]["columns"] for n in tables)
    assert tables["plover_event_types"]["license"] == "CC-BY-SA-4.0"
    assert tables["cameo_plover_crosswalk"]["license"] == "CC-BY-SA-4.0"
    assert "license" not in tables["statements"]  # the package's own licence, at the top


def test_zip_carries_what_users_take_away() -> None:
    import io

    from security_guarantees_2022.release.bundle import package_zip_bytes

    repo = Path(__file__).resolve().parents[1]
    with zipfile.ZipFile(io.BytesIO(package_zip_bytes(repo, "pkg"))) as zipped:
        names = {n.split("/", 1)[1] for n in zipped.namelist()}
        sums = zipped.read("pkg/SHA256SUMS").decode()
    take_away = {"README.md", "CITATION.cff", "LICENSE", "LICENSE-DATA.md", "datapackage.json"}
    assert take_away <= names
    assert all(f"  {name}" in sums for name in take_away)


def sqlite_value(value: object) -> object:
    """SQLite's conventions: ISO text for dates, 0/1 for booleans."""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, date):
        return value.isoformat()
    return value


def test_sqlite_reads_back_equal_to_the_csvs(tiny_package: Path, dist: Path) -> None:
    _, ctx = run_checks(tiny_package, second=False)
    (database,) = dist.glob("*.db")
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


@pytest.fixture(scope="module")
def released(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The package's own release (the real tables), built once for these tests."""
    out = tmp_path_factory.mktemp("released") / "dist"
    build_release(REPO, out)
    return out


def test_the_declared_plover_key_joins_every_coded_row_in_plain_sql(released: Path) -> None:
    """The foreign key (plover_type, plover_mode) as the schema writes it, joined with `=` in
    SQLite on the released file and with pandas: both find every PLOVER-coded row (a null part,
    which SQL never matches, would lose the rows coded with a type alone)."""
    from security_guarantees_2022.core.descriptor import load_package

    package = load_package(REPO)
    frames = load_tables(REPO / "datapackage.json")
    (database,) = released.glob("*.db")
    with sqlite3.connect(database) as db:
        for name in ("statements", "events"):
            (fk,) = [fk for fk in package.tables[name].foreign_keys if len(fk.fields) > 1]
            on = " AND ".join(
                f't."{f}" = r."{r}"' for f, r in zip(fk.fields, fk.reference, strict=True)
            )
            sql = f'SELECT COUNT(*) FROM "{name}" t JOIN "{fk.resource}" r ON {on}'
            (joined,) = db.execute(sql).fetchone()
            coded = frames[name][fk.fields[0]].notna().sum()
            merged = frames[name].merge(
                frames[fk.resource], left_on=list(fk.fields), right_on=list(fk.reference)
            )
            assert joined == coded == len(merged) > 0, name
    statements = frames["statements"]
    assert statements["plover_type"].notna().sum() == 7  # the article's PLOVER-coded claims


def test_no_declared_key_has_a_row_with_a_null_part() -> None:
    """Every composite key is all set or all empty in every row, and primary keys are required:
    a key with a null part joins in pandas but not in SQL."""
    from security_guarantees_2022.core.descriptor import load_package

    package = load_package(REPO)
    frames = load_tables(REPO / "datapackage.json")
    composite = 0
    for name, res in package.tables.items():
        assert all(res.field(f).required for f in res.primary_key), name  # type: ignore[union-attr]
        for fk in res.foreign_keys:
            if len(fk.fields) > 1:
                composite += 1
                nulls = frames[name][list(fk.fields)].isna().sum(axis=1)
                assert set(nulls) <= {0, len(fk.fields)}, (name, fk.fields)
    assert composite >= 2


def test_the_coded_rows_ship_as_the_codebook_joins_them(released: Path) -> None:
    """coded_rows in SQLite and Parquet equal what the codebook's code joins, one row per
    CAMEO-coded statement and event, each PLOVER-coded one with its quad class and score."""
    from security_guarantees_2022.release.interchange import coded_rows

    report, ctx = run_checks(REPO / "datapackage.json", second=False)
    assert report.valid
    expected = coded_rows(ctx.package, ctx.typed)
    coded = sum(ctx.typed[t]["cameo_code"].is_not_null().sum() for t in ("statements", "events"))
    assert expected.height == coded
    with sqlite3.connect(next(released.glob("*.db"))) as db:
        cursor = db.execute('SELECT * FROM "coded_rows"')
        columns = [d[0] for d in cursor.description]
        in_sqlite = pl.DataFrame(cursor.fetchall(), schema=columns, orient="row")
        (broken,) = db.execute(
            'SELECT COUNT(*) FROM "coded_rows" c LEFT JOIN "plover_event_types" p '
            'ON c."plover_type" = p."event_type" AND c."plover_mode" = p."mode" '
            'WHERE c."plover_type" IS NOT NULL AND p."event_type" IS NULL'
        ).fetchone()
    assert broken == 0
    assert in_sqlite.equals(expected)
    assert pl.read_parquet(released / "parquet" / "coded_rows.parquet").equals(expected)
    scored = expected.filter(pl.col("plover_type").is_not_null())
    assert scored["quad_class"].null_count() == 0 and scored["plover_score"].null_count() == 0
    s005 = expected.filter(pl.col("row_id") == "s005").row(0, named=True)
    assert (s005["cameo_name"], s005["plover_type"], s005["quad_class"]) == (
        "Express intent to meet or negotiate",
        "AGREE",
        "verbal cooperation",
    )


def test_datasette_labels_each_referenced_row_and_states_the_composite_keys(
    released: Path,
) -> None:
    """Every table a single-column foreign key points to has a label column that no row leaves
    empty (a source no longer shows as "None"), and the PLOVER keys are stated."""
    from security_guarantees_2022.core.descriptor import load_package

    package = load_package(REPO)
    frames = load_tables(REPO / "datapackage.json")
    metadata = json.loads((released / "metadata.json").read_text(encoding="utf-8"))
    tables = metadata["databases"]["security_guarantees_2022"]["tables"]
    targets = {fk.resource for res in package.tables.values() for fk in res.foreign_keys}
    for name in targets - {"plover_event_types"}:
        label = tables[name]["label_column"]
        assert frames[name][label].notna().all(), (name, label)
    assert tables["sources"]["label_column"] == "publisher"
    assert tables["actors"]["label_column"] == "name"
    assert "Primary key: (event_type, mode)." in tables["plover_event_types"]["description"]
    said = (
        "Foreign key: (plover_type, plover_mode) references plover_event_types (event_type, mode)."
    )
    assert said in tables["statements"]["description"]
    assert said in tables["events"]["description"]
    assert set(tables["coded_rows"]["columns"]) >= {"cameo_name", "quad_class", "plover_score"}
