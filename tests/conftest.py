from __future__ import annotations

from pathlib import Path

import pytest

from tests.fixtures import tiny

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture
def tiny_package(tmp_path: Path) -> Path:
    """A fresh, valid copy of the tiny package; tests break it as they need."""
    return tiny.build(tmp_path / "tiny")
