"""The streaming mode (--streaming) gives the default report: the same issues, rows, columns,
values and messages (order aside), with batches small enough that their seams fall inside
tables: on the benchmark's seeded-error package, a valid generated package, the bundled package
and the tiny package broken in every way the golden tests break it."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from security_guarantees_2022.engines.run import run_checks
from security_guarantees_2022.engines.streaming import Streamer
from tests.fixtures import tiny
from tests.fixtures.tiny import REPO
from tests.test_cli import run
from tests.test_spark import assert_same, generated

SEAMS = 997  # rows a batch: prime, so batch seams fall mid-table and mid-source


def reports(path: Path, batch_rows: int = SEAMS) -> tuple[dict[str, Any], dict[str, Any]]:
    """(default report, streaming report) of one package, as their JSON dicts."""
    whole = run_checks(path, second=False)[0]
    streamed = run_checks(path, second=False, streaming=True, batch_rows=batch_rows)[0]
    return whole.to_dict(), streamed.to_dict()


@pytest.fixture(scope="module")
def seeded_10k(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generated(tmp_path_factory.mktemp("seeded"), 10_000, errors=True)


def test_seeded_errors_give_the_same_report_10k(seeded_10k: Path) -> None:
    whole, streamed = reports(seeded_10k)
    seeded = json.loads((seeded_10k / "seeded.json").read_text(encoding="utf-8"))
    found = {(i["code"], i["table"], i["row"]) for i in streamed["issues"]}
    assert {(s["code"], s["table"], s["row"]) for s in seeded["seeded"]} <= found
    assert_same(whole, streamed)


def test_sources_read_ahead_in_small_windows_give_the_same_report(
    seeded_10k: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Windows of 7 sources: each span batch crosses many windows, each read ahead of its use;
    a source changed in a later window is reported once, and its spans as mismatches."""
    from security_guarantees_2022.checks import sources

    package = tmp_path / "package"
    shutil.copytree(seeded_10k, package)
    changed = package / "data" / "sources" / "000" / "src-100.txt"
    changed.write_text("X" + changed.read_text(encoding="utf-8")[1:], encoding="utf-8")
    monkeypatch.setattr(sources, "BATCH_SOURCES", 7)
    read_on: list[str] = []  # the threads that read and spilled a window
    spill = Streamer._read_and_spill

    def recorded(self: Streamer, *args: Any) -> Any:
        read_on.append(threading.current_thread().name)
        return spill(self, *args)

    monkeypatch.setattr(Streamer, "_read_and_spill", recorded)
    whole, streamed = reports(package)
    assert_same(whole, streamed)
    assert threading.main_thread().name in read_on  # the first window, read when needed
    assert len([t for t in read_on if t != threading.main_thread().name]) > len(read_on) // 2
    mismatched = [i for i in streamed["issues"] if i["code"] == "source-hash-mismatch"]
    assert [(i["table"], i["row"]) for i in mismatched] == [("sources", 101)]


def test_prefetched_keeps_order_and_raises_in_turn() -> None:
    """The items made ahead come in order (None too); the maker's error after the ones before."""
    from concurrent.futures import ThreadPoolExecutor

    from security_guarantees_2022.engines.batches import prefetched

    def items() -> Iterator[int | None]:
        yield from (1, None, 3)
        raise ValueError("bad row 4")

    seen: list[int | None] = []
    with ThreadPoolExecutor(1) as pool, pytest.raises(ValueError, match="bad row 4"):
        for item in prefetched(items(), pool):
            seen.append(item)
    assert seen == [1, None, 3]


def test_a_valid_package_is_valid_streamed(tmp_path: Path) -> None:
    whole, streamed = reports(generated(tmp_path, 10_000, errors=False))
    assert whole["issues"] == streamed["issues"] == []


def test_the_bundled_package_gives_the_same_report() -> None:
    assert_same(*reports(REPO / "datapackage.json", batch_rows=7))


def _cases() -> list[str]:
    from tests.test_broken_fixtures import CASES, COLUMN_CASES

    return [*sorted(CASES), *sorted(COLUMN_CASES)]


def _golden(case: str) -> Callable[[Path], None]:
    from tests.test_broken_fixtures import CASES, COLUMN_CASES

    return (CASES.get(case) or COLUMN_CASES[case])[0]


@pytest.mark.parametrize("case", _cases())
def test_a_broken_fixture_gives_the_same_report(tmp_path: Path, case: str) -> None:
    """Every golden case, the schemas' own column cases too (those tests/test_spark.py compares
    among them), two rows a batch."""
    package = tiny.build(tmp_path / "tiny")
    _golden(case)(package)
    whole, streamed = reports(package, batch_rows=2)
    assert_same(whole, streamed)


def test_only_the_columns_checks_need_are_held() -> None:
    """The claims' text is checked batch by batch and not kept; keys other tables name are."""
    _, ctx = run_checks(REPO / "datapackage.json", second=False, streaming=True, batch_rows=5)
    assert "statement_id" in ctx.typed["statements"].columns
    assert "text" not in ctx.typed["statements"].columns
    assert ctx.typed["mentions"].width == 0


def test_the_command_line_streams(tiny_package: Path) -> None:
    _golden("span-mismatch")(tiny_package)
    base = [str(tiny_package), "--format", "json", "-q", "--no-second-opinion"]
    code, whole, _ = run(*base)
    streamed_code, streamed, err = run(*base, "--streaming", "--batch-rows", "3")
    assert code == streamed_code == 1, err
    assert_same(json.loads(whole), json.loads(streamed))


@pytest.mark.parametrize("text", ["0", "-1", "lots", "1.5"])
def test_a_batch_size_that_is_no_whole_number_is_bad_usage(text: str) -> None:
    code, _, err = run("--streaming", "--batch-rows", text, "-q")
    assert code == 2 and err.startswith("error [bad-usage]: --batch-rows "), err
    assert "Traceback" not in err


@pytest.mark.parametrize(
    "args", [("--batch-rows", "10"), ("--streaming", "--engine", "spark")], ids=str
)
def test_streaming_options_out_of_place_are_bad_usage(args: tuple[str, ...]) -> None:
    code, _, err = run(*args, "-q")
    assert code == 2 and err.startswith("error [bad-usage]: "), err


def test_a_memory_budget_too_small_for_whole_tables_streams(tiny_package: Path) -> None:
    """--memory picks the streaming mode when the tables held whole would likely not fit."""
    from security_guarantees_2022.engines.streaming import outgrows

    assert outgrows(tiny_package, 1 << 40) is None
    assert outgrows(tiny_package, 1 << 10) is not None  # under the CSVs' own size
    _golden("span-mismatch")(tiny_package)
    code = (  # every package outgrows the budget here, so the run streams
        "import sys\n"
        "import security_guarantees_2022.engines.streaming as stream\n"
        "from security_guarantees_2022.cli import main\n"
        "stream.WHOLE_TABLES_PER_CSV_BYTE = 1 << 40\n"
        "sys.argv = ['validate', *sys.argv[1:]]\n"
        "main()\n"
    )
    args = [str(tiny_package), "--memory", "8G", "--format", "json", "--no-second-opinion"]
    done = subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, cwd=REPO
    )
    assert done.returncode == 1, done.stderr
    assert "… streaming: tables of " in done.stderr
    whole = run_checks(tiny_package, second=False)[0].to_dict()
    assert_same(whole, json.loads(done.stdout))
