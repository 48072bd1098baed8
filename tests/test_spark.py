"""The Spark engine gives the local engine's report: the same issues, rows, columns, values and
messages (order aside), on the benchmark's seeded-error packages, the bundled package and the
tiny package broken in every way the local engine's golden tests break it. Spark runs as a
standalone cluster on 127.0.0.1 (tests/spark_cluster.py): its executors read the files and run
the UDFs in Python workers, every closure serialised.

The tests that run Spark carry the `spark` mark: skipped when pyspark or Java is missing, except
in CI (CI=true), where that fails; `make test-spark` runs them, the other runs deselect them.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from security_guarantees_2022.checks import RULES
from security_guarantees_2022.core.report import Report
from security_guarantees_2022.engines.run import run_checks
from tests.fixtures import tiny
from tests.fixtures.tiny import REPO

LOCAL_MASTER = "local[2]"


@pytest.fixture(scope="module")
def spark(spark_master: str) -> Iterator[Any]:
    """One session for the module (starting one costs seconds), a driver of the standalone
    cluster: its executors read the files and run the UDFs' Python workers."""
    from security_guarantees_2022.spark.session import spark_session

    session = spark_session(spark_master)
    assert session.sparkContext.master == spark_master
    yield session
    session.stop()


def reports(spark: Any, path: Path) -> tuple[dict[str, Any], dict[str, Any]]:
    """(local report, Spark report) of one package, as their JSON dicts."""
    from security_guarantees_2022.spark.engine import SparkEngine

    local: Report = run_checks(path, second=False)[0]
    on_spark: Report = run_checks(path, second=False, engine=SparkEngine(spark))[0]
    return local.to_dict(), on_spark.to_dict()


def issues(report: dict[str, Any]) -> Counter[str]:
    """Every issue with everything the report says of it, as a multiset (order aside)."""
    return Counter(json.dumps(issue, sort_keys=True) for issue in report["issues"])


def assert_same(local: dict[str, Any], on_spark: dict[str, Any]) -> None:
    only_local, only_spark = issues(local) - issues(on_spark), issues(on_spark) - issues(local)
    assert not only_local and not only_spark, (
        f"only local: {sorted(only_local)[:5]}; only Spark: {sorted(only_spark)[:5]}"
    )
    strip = lambda report: {k: v for k, v in report.items() if k != "issues"}  # noqa: E731
    assert strip(local) == strip(on_spark)


def generated(tmp: Path, statements: int, errors: bool) -> Path:
    out = tmp / f"bench-{statements}{'-errors' if errors else ''}"
    command = [sys.executable, str(REPO / "bench" / "generate.py"), "--statements"]
    command += [str(statements), "--out", str(out)] + (["--errors"] if errors else [])
    subprocess.run(command, check=True, capture_output=True)
    return out


@pytest.fixture(scope="module")
def seeded_10k(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generated(tmp_path_factory.mktemp("seeded"), 10_000, errors=True)


@pytest.mark.spark
def test_seeded_errors_give_the_same_report_10k(spark: Any, seeded_10k: Path) -> None:
    local, on_spark = reports(spark, seeded_10k)
    seeded = json.loads((seeded_10k / "seeded.json").read_text(encoding="utf-8"))
    assert local["issue_count"] >= len(seeded["seeded"]) > 0  # a report with findings
    assert_same(local, on_spark)


@pytest.mark.spark
def test_seeded_errors_give_the_same_report_100k(spark: Any, tmp_path: Path) -> None:
    package = generated(tmp_path, 100_000, errors=True)
    local, on_spark = reports(spark, package)
    assert local["issue_count"] > 0
    assert_same(local, on_spark)


@pytest.mark.spark
def test_a_valid_package_is_valid_on_both(spark: Any, tmp_path: Path) -> None:
    local, on_spark = reports(spark, generated(tmp_path, 10_000, errors=False))
    assert local["issues"] == on_spark["issues"] == []


@pytest.mark.spark
def test_the_bundled_package_gives_the_same_report(spark: Any) -> None:
    assert_same(*reports(spark, REPO / "datapackage.json"))


# The local engine's golden cases for the stages every engine runs itself, which the seeded
# packages do not break: the files' own checks (shared with the local engine, run on Spark's
# scans), the header, bounds, lengths, uniqueness and the cells' hygiene.
STAGE_CASES = (
    "resource-bytes-mismatch",
    "resource-hash-mismatch",
    "hash-algorithm-unsupported",
    "encoding",
    "bom",
    "crlf",
    "malformed-csv",
    "missing-cell",
    "extra-cell",
    "blank-row",
    "a semicolon dialect with a comment row and a finding",
    "missing-column",
    "extra-column",
    "column-order",
    "constraint-minimum",
    "constraint-maximum",
    "constraint-length",
    "constraint-unique",
    "bidi-control",
    "C1 control characters in cells",
    "every bidirectional formatting character in cells",
)
# ... and every registered rule's broken fixtures (validate/security_guarantees_2022/checks/registry.py), each rule having
# a Spark body (test_registry.py: the Spark engine refuses a rule without one)
BROKEN = (*STAGE_CASES, *sorted({case for rule in RULES if rule.spark for case in rule.cases()}))


def _golden(case: str) -> tuple[Callable[[Path], None], list[tuple[Any, ...]]]:
    from tests.test_broken_fixtures import CASES, COLUMN_CASES

    return CASES.get(case) or COLUMN_CASES[case]


@pytest.mark.spark
@pytest.mark.parametrize("case", BROKEN)
def test_a_broken_fixture_gives_the_same_report(spark: Any, tmp_path: Path, case: str) -> None:
    breaks, _ = _golden(case)
    package = tiny.build(tmp_path / "tiny")
    breaks(package)
    local, on_spark = reports(spark, package)
    assert local["issues"], "the broken copy has no issue"
    assert_same(local, on_spark)


def test_every_finding_code_is_compared(seeded_10k: Path) -> None:
    """The seeded package and the broken fixtures above hold every code a check can report."""
    from security_guarantees_2022.core.issue_codes import FINDINGS

    local = run_checks(seeded_10k, second=False)[0]
    compared = {i.code for i in local.issues}
    compared |= {code for case in BROKEN for code, *_ in _golden(case)[1]}
    assert set(FINDINGS) - {"second-opinion", "issues-truncated"} <= compared


@pytest.mark.spark
def test_the_java_char_class_holds_the_same_characters(spark: Any) -> None:
    """The hygiene pre-filter rewritten for Java's regex engine flags exactly the cells the local
    engine's polars filter flags: nfc.RANGES, and the control and bidirectional characters."""
    import polars as pl
    from pyspark.sql import functions as F

    from security_guarantees_2022.core.nfc import RANGES
    from security_guarantees_2022.core.suspect import SUSPECT
    from security_guarantees_2022.spark.columns import suspect

    edges = {c for lo, hi in RANGES for c in (lo - 1, lo, hi, hi + 1)}
    extra = {*range(0x7F, 0xA1), 0x61C, 0x200E, 0x200F, *range(0x202A, 0x202F)}
    extra |= {*range(0x2066, 0x206A)}
    points = sorted(c for c in edges | extra | set(range(0x20, 0x3000, 7)) if 0x20 <= c <= 0x10FFFF)
    points = [c for c in points if not 0xD800 <= c <= 0xDFFF]  # surrogates are no characters
    cells = [f"a{chr(c)}a" for c in points]
    local = pl.Series(cells).str.contains(SUSPECT).to_list()
    assert any(local) and not all(local)
    rows = list(zip(cells, local, strict=True))
    frame = spark.createDataFrame(rows, "cell string, unsafe boolean")
    assert frame.where(suspect(F.col("cell")) != F.col("unsafe")).count() == 0


@pytest.mark.spark
@pytest.mark.parametrize("where", ["cluster", LOCAL_MASTER])
def test_the_command_line_runs_the_spark_engine(
    spark_master: str, tmp_path: Path, where: str
) -> None:
    """`--spark-master` at the standalone cluster, and in local mode, which sets its own session
    up (127.0.0.1, its shuffle partitions, its driver memory)."""
    master = spark_master if where == "cluster" else where
    package = tiny.build(tmp_path / "tiny")
    _golden("span-mismatch")[0](package)
    base = [
        sys.executable,
        "-m",
        "security_guarantees_2022",
        str(package),
        "--format",
        "json",
        "-q",
    ]
    base += ["--no-second-opinion"]
    local = subprocess.run(base, capture_output=True, text=True, cwd=REPO)
    on_spark = subprocess.run(
        [*base, "--engine", "spark", "--spark-master", master],
        capture_output=True,
        text=True,
        cwd=REPO,
    )
    assert local.returncode == on_spark.returncode == 1, on_spark.stderr[-2000:]
    assert_same(json.loads(local.stdout), json.loads(on_spark.stdout))


def test_without_pyspark_the_engine_is_a_coded_error(tmp_path: Path) -> None:
    """No pyspark: one coded line and exit 2, never a traceback (runs without Spark too)."""
    fake = tmp_path / "no-spark" / "pyspark"
    fake.mkdir(parents=True)
    (fake / "__init__.py").write_text("raise ImportError('no pyspark here')\n", encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": f"{fake.parent}{os.pathsep}{REPO}"}
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "security_guarantees_2022",
            "--engine",
            "spark",
            "-q",
            "--no-second-opinion",
        ],
        capture_output=True,
        text=True,
        cwd=REPO,
        env=env,
    )
    assert done.returncode == 2
    assert done.stderr.startswith("error [engine-unavailable]: the Spark engine needs pyspark")
    assert "Traceback" not in done.stderr


def test_the_default_check_does_not_import_pyspark() -> None:
    code = (
        "import sys\n"
        "from click.testing import CliRunner\n"
        "from security_guarantees_2022.cli import main\n"
        "CliRunner().invoke(main, ['--help'])\n"
        "CliRunner().invoke(main, ['-q', '--no-second-opinion', '--format', 'json'])\n"
        "print('pyspark' in sys.modules)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, check=True
    )
    assert done.stdout.strip() == "False"


def _refused_on_spark(spark: Any, package: Path) -> str:
    """The too-large message both engines give (Spark's before it reads the table)."""
    from security_guarantees_2022.core.report import PackageError
    from security_guarantees_2022.spark.engine import SparkEngine

    messages = []
    for engine in (None, SparkEngine(spark)):
        with pytest.raises(PackageError) as caught:
            run_checks(package, second=False, engine=engine)
        assert caught.value.code == "too-large"
        messages.append(caught.value.message)
    assert messages[0] == messages[1]
    return messages[0]


@pytest.mark.spark
def test_extreme_tables_are_refused_on_spark_too(
    spark: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.support import set_cell, table_path

    package = tiny.build(tmp_path / "nul")
    with table_path(package, "statements").open("wb") as handle:
        handle.truncate(3 << 30)  # sparse: one endless line of NUL bytes
    assert "header is longer" in _refused_on_spark(spark, package)
    package = tiny.build(tmp_path / "wide")
    table_path(package, "actors").write_text(",".join(f"c{i}" for i in range(1_001)) + "\n")
    assert "1,001 columns" in _refused_on_spark(spark, package)
    package = tiny.build(tmp_path / "long")
    set_cell(package, "actors", 3, "note", "x" * 30_000)
    monkeypatch.setenv("SG2022_MAX_LINE_BYTES", "20000")
    assert "longer than 20,000 bytes" in _refused_on_spark(spark, package)
