"""The README's promises: its first two commands, and its pandas recipes, work as written."""

from __future__ import annotations

import importlib.util
import json
import os
import re
from pathlib import Path

import pandas as pd
import pytest

from tests.conftest import REPO
from validate import load_tables

README = (REPO / "README.md").read_text(encoding="utf-8")


def code_blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", README, flags=re.S)


def test_first_two_commands_validate_and_test() -> None:
    commands = [line.split("#")[0].strip() for line in code_blocks("sh")[0].splitlines()]
    assert commands[:2] == ["make validate", "make test"]
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^validate: ", makefile, flags=re.M)
    assert re.search(r"^test: ", makefile, flags=re.M)


@pytest.fixture
def in_repo() -> object:
    before = Path.cwd()
    os.chdir(REPO)
    yield
    os.chdir(before)


def test_plain_pandas_recipe_equals_the_loader(in_repo: object) -> None:
    namespace: dict[str, object] = {}
    loader_block, plain_block = code_blocks("python")[:2]
    exec(plain_block, namespace)
    read_table = namespace["read_table"]
    typed = load_tables()
    for name, frame in typed.items():
        pd.testing.assert_frame_equal(read_table(name), frame)  # type: ignore[operator]
    exec(loader_block, {})


def test_performance_table_is_the_one_the_benchmark_wrote() -> None:
    spec = importlib.util.spec_from_file_location("bench_run", REPO / "bench" / "run.py")
    assert spec is not None and spec.loader is not None
    bench_run = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench_run)
    results = json.loads((REPO / "bench" / "results.json").read_text(encoding="utf-8"))
    start, end = bench_run.README_BLOCK
    block = README.split(start, 1)[1].split(end, 1)[0]
    assert block == bench_run.readme_table(results)
