"""The package as users install it: a wheel in a fresh environment, used from anywhere.

The wheel is built from this checkout and installed beside configobj, whose top-level module
`validate` the repository's own folder name would clash with; then, from a folder outside the
repository, the tables load, the validator and the console script run, and configobj still
imports its own `validate`.
"""

from __future__ import annotations

import subprocess
import sys
import venv
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh virtual environment holding the built wheel and configobj; its bin folder."""
    root = tmp_path_factory.mktemp("install")
    wheels = root / "wheels"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(wheels), str(REPO)],
        check=True,
        capture_output=True,
    )
    venv.create(root / "venv", with_pip=True)
    bin_dir = root / "venv" / "bin"
    (wheel,) = wheels.glob("*.whl")
    subprocess.run(
        [str(bin_dir / "python"), "-m", "pip", "install", "-q", str(wheel), "configobj"],
        check=True,
        capture_output=True,
    )
    return bin_dir


def run_outside(bin_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(bin_dir / args[0]), *args[1:]],
        cwd=bin_dir.parent.parent,  # outside the repository: nothing found by relative path
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_tables_load_from_anywhere_with_their_checksums_verified(installed: Path) -> None:
    script = (
        "import security_guarantees_2022 as sg\n"
        "tables = sg.load_tables()\n"
        "print(sorted(tables), len(tables['statements']))\n"
        "print(sg.load_tables(tables=['actors'], validate=False)['actors'].shape[0])\n"
    )
    done = run_outside(installed, "python", "-c", script)
    assert done.returncode == 0, done.stderr
    names, count = done.stdout.splitlines()[0].rsplit(" ", 1)
    assert "statements" in names and int(count) > 0
    site = next((installed.parent / "lib").glob("python*/site-packages"))
    assert (site / "security_guarantees_2022" / "package" / "datapackage.json").is_file()
    # no module of ours named `validate`
    assert not (site / "validate" / "core" / "run.py").exists()


def test_the_validator_and_console_script_run_from_anywhere(installed: Path) -> None:
    for command in (
        ("security-guarantees-2022", "-q"),
        ("python", "-m", "security_guarantees_2022", "-q"),
    ):
        done = run_outside(installed, *command)
        assert done.returncode == 0, done.stderr
        assert done.stdout.startswith("valid: ")
        assert "site-packages/security_guarantees_2022/package/datapackage.json" in done.stdout
    cited = run_outside(installed, "security-guarantees-2022", "citation")
    assert cited.returncode == 0 and "cff-version: 1.2.0" in cited.stdout
    refused = run_outside(installed, "security-guarantees-2022", "citation", "--write")
    assert refused.returncode == 2 and "[unsafe-output]" in refused.stderr


def test_configobj_keeps_its_own_validate(installed: Path) -> None:
    done = run_outside(
        installed, "python", "-c", "from validate import Validator; print(Validator.__module__)"
    )
    assert done.returncode == 0, done.stderr
    assert "configobj" in done.stdout or done.stdout.strip() == "validate"
    uninstall = run_outside(installed, "python", "-m", "pip", "uninstall", "-y", "-q", "configobj")
    assert uninstall.returncode == 0
    after = run_outside(
        installed, "python", "-c", "import security_guarantees_2022 as sg; sg.load_tables()"
    )
    assert after.returncode == 0, after.stderr


def test_the_wheel_lists_the_package_files(installed: Path) -> None:
    site = next((installed.parent / "lib").glob("python*/site-packages"))
    record = next(site.glob("security_guarantees_2022-*.dist-info")) / "RECORD"
    listed = record.read_text(encoding="utf-8")
    for part in ("package/datapackage.json", "package/data/statements.csv", "package/schemas/"):
        assert f"security_guarantees_2022/{part}" in listed
    assert "\nvalidate/" not in listed


def test_the_readmes_three_line_load_runs_as_written(installed: Path) -> None:
    """The README's first Python block, with the installed name, outside the repository."""
    import re

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    block = re.findall(r"```python\n(.*?)```", readme, flags=re.S)[0]
    assert block.startswith("import security_guarantees_2022 as sg")
    done = run_outside(installed, "python", "-c", block)
    assert done.returncode == 0, done.stderr
    assert "s001" in done.stdout and "said_on" in done.stdout
