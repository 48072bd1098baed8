"""The README's promises: its first two commands, and its pandas recipes, work as written."""

from __future__ import annotations

import importlib.util
import json
import re
from pathlib import Path

import pandas as pd
import pytest

from security_guarantees_2022 import load_tables
from security_guarantees_2022.core.descriptor import load_package
from tests.conftest import REPO

README = (REPO / "README.md").read_text(encoding="utf-8")


def code_blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", README, flags=re.S)


def test_first_two_commands_validate_and_test() -> None:
    commands = [line.split("#")[0].strip() for line in code_blocks("sh")[0].splitlines()]
    assert commands[:2] == ["make validate", "make test"]
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^validate: ", makefile, flags=re.M)
    assert re.search(r"^test: ", makefile, flags=re.M)


def test_plain_pandas_recipe_equals_the_loader_from_any_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # the recipe names the package's folder; it needs no cwd
    _, plain_block = code_blocks("python")[:2]
    namespace: dict[str, object] = {}
    exec(plain_block.split("\n\nstatements = ")[0], namespace)
    read_table = namespace["read_table"]
    typed = load_tables()
    for name, frame in typed.items():
        pd.testing.assert_frame_equal(read_table(name, REPO), frame)  # type: ignore[operator]


INSTALLED_IMPORT = "import security_guarantees_2022 as sg"


def test_three_line_load_runs_in_a_clone_as_written() -> None:
    """The block runs as written, in a clone as installed (tests/test_install.py)."""
    loader_block = code_blocks("python")[0]
    code = [line for line in loader_block.splitlines() if line.strip()]
    assert code[0] == INSTALLED_IMPORT and len(code) == 3
    namespace: dict[str, object] = {}
    exec(loader_block, namespace)
    statements = namespace["statements"]
    pd.testing.assert_frame_equal(statements, load_tables()["statements"])  # type: ignore[arg-type]


def test_release_zip_recipe_reads_the_zip_without_unpacking(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from security_guarantees_2022.release.bundle import package_zip_bytes

    version = json.loads((REPO / "datapackage.json").read_text(encoding="utf-8"))["version"]
    stem = f"security-guarantees-2022-{version}"
    (tmp_path / f"{stem}.zip").write_bytes(package_zip_bytes(REPO, stem))
    monkeypatch.chdir(tmp_path)
    _, plain_block, zip_block = code_blocks("python")[:3]
    namespace: dict[str, object] = {}
    exec(plain_block.split("\n\nstatements = ")[0], namespace)
    assert f'zip_path = "{stem}.zip"' in zip_block  # the README names the current version
    exec(zip_block, namespace)
    pd.testing.assert_frame_equal(namespace["statements"], load_tables()["statements"])  # type: ignore[arg-type]


def test_performance_table_is_the_one_the_benchmark_wrote() -> None:
    spec = importlib.util.spec_from_file_location("bench_run", REPO / "bench" / "run.py")
    assert spec is not None and spec.loader is not None
    bench_run = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench_run)
    results = json.loads((REPO / "bench" / "results.json").read_text(encoding="utf-8"))
    start, end = bench_run.README_BLOCK
    page = bench_run.VALIDATOR_PAGE.read_text(encoding="utf-8")
    block = page.split(start, 1)[1].split(end, 1)[0]
    assert block == bench_run.readme_table(results)


def test_citation_block_is_what_the_citation_command_prints() -> None:
    from security_guarantees_2022.release.citation import bibtex_for

    (block,) = code_blocks("bibtex")
    package = load_package()
    assert block == bibtex_for(package.metadata, package.root)


def test_the_wheel_named_is_the_current_versions_and_commands_exist() -> None:
    from click.testing import CliRunner

    from security_guarantees_2022.cli import main

    version = load_package().descriptor["version"]
    assert f"pip install security_guarantees_2022-{version}-py3-none-any.whl" in README
    for args in (["citation"], ["citation", "--format", "bibtex"]):
        assert CliRunner().invoke(main, args).exit_code == 0
    for page in re.findall(r"\]\((docs/[a-z]+\.md)\)", README):
        assert (REPO / page).is_file(), page
