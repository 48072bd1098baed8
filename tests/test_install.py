"""The package as users install it: a wheel in a fresh environment, used from anywhere.

The wheel is built from this checkout and installed beside configobj, whose top-level module
`validate` the repository's own folder name would clash with; then, from a folder outside the
repository, the tables load, the validator and the console script run, and configobj still
imports its own `validate`. Every command works there as in a clone (a release is the clone's,
byte for byte), or refuses in one coded line that names what the user can run instead.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import venv
from pathlib import Path

import pytest

from security_guarantees_2022.release.build import build_release

REPO = Path(__file__).resolve().parents[1]
COMMAND = "security-guarantees-2022"


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh virtual environment holding the built wheel and configobj, at this run's versions;
    its bin folder."""
    root = tmp_path_factory.mktemp("install")
    wheels = root / "wheels"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(wheels), str(REPO)],
        check=True,
        capture_output=True,
    )
    # the versions this run has (lowest, newest or the dev set), so that a release made there is
    # byte for byte the clone's: Parquet files name the pyarrow that wrote them
    frozen = subprocess.run(
        [sys.executable, "-m", "pip", "freeze", "--exclude-editable"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.splitlines()
    constraints = root / "constraints.txt"
    constraints.write_text(
        "".join(f"{line}\n" for line in frozen if "==" in line and "@" not in line),
        encoding="utf-8",
    )
    venv.create(root / "venv", with_pip=True)
    bin_dir = root / "venv" / "bin"
    (wheel,) = wheels.glob("*.whl")
    pip = [str(bin_dir / "python"), "-m", "pip", "install", "-q", "-c", str(constraints)]
    subprocess.run(
        [*pip, str(wheel), "configobj"],
        check=True,
        capture_output=True,
    )
    return bin_dir


def run_outside(bin_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(bin_dir / args[0]), *args[1:]],
        cwd=bin_dir.parent.parent,  # outside the repository: nothing found by relative path
        env={k: v for k, v in os.environ.items() if k != "PYTHONPATH"},  # nor by a path set here
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


def site_package(bin_dir: Path) -> Path:
    site = next((bin_dir.parent / "lib").glob("python*/site-packages"))
    return site / "security_guarantees_2022" / "package"


def test_help_lists_the_commands_this_module_tries(installed: Path) -> None:
    done = run_outside(installed, COMMAND, "--help")
    assert done.returncode == 0, done.stderr
    listed = set(re.findall(r"^  ([a-z-]+) ", done.stdout.split("Commands:")[1], flags=re.M))
    assert listed == {"check", "citation", "diff", "release", "stamp", "version-check"}
    module = run_outside(installed, "python", "-m", "security_guarantees_2022", "--help")
    assert module.stdout.startswith("Usage: python -m security_guarantees_2022 ")


def test_a_release_from_the_installed_copy_is_the_clones(installed: Path, tmp_path: Path) -> None:
    checked = run_outside(installed, COMMAND, "version-check")
    assert checked.returncode == 0, checked.stderr
    assert checked.stdout.startswith("version ok")
    done = run_outside(installed, COMMAND, "release", "-q", "--out", str(tmp_path / "installed"))
    assert done.returncode == 0, done.stderr
    build_release(None, tmp_path / "clone")
    sums = (tmp_path / "installed" / "SHA256SUMS").read_text(encoding="utf-8")
    assert sums == (tmp_path / "clone" / "SHA256SUMS").read_text(encoding="utf-8")
    assert ".zip\n" in sums and ".db\n" in sums and "-plover.jsonl\n" in sums


def test_what_an_install_cannot_do_is_refused_in_one_coded_line(
    installed: Path, tmp_path: Path
) -> None:
    bundled = site_package(installed)
    before = sorted(p.relative_to(bundled) for p in bundled.rglob("*"))
    out = tmp_path / "dist"
    for args, code, hint in (
        (("citation", "--write"), "unsafe-output", f"`{COMMAND} citation > CITATION.cff`"),
        (("stamp",), "unsafe-output", "stamp a copy of it"),
        (("release", "--record", "--out", str(out)), "unsafe-output", "record releases in a clone"),
        (("diff", "HEAD"), "unknown-ref", "git refs need a clone"),
    ):
        done = run_outside(installed, COMMAND, *args)
        assert done.returncode == 2, (args, done.stderr)
        (line,) = done.stderr.splitlines()
        assert line.startswith(f"error [{code}]: ") and hint in line, line
    assert not out.exists()  # the refused release wrote nothing
    assert sorted(p.relative_to(bundled) for p in bundled.rglob("*")) == before


def test_a_copy_of_the_installed_package_is_stamped_diffed_and_hinted_at(
    installed: Path, tmp_path: Path
) -> None:
    fork = tmp_path / "fork"
    shutil.copytree(site_package(installed), fork)
    diffed = run_outside(installed, COMMAND, "diff", str(fork))  # against the installed one
    assert diffed.returncode == 0, diffed.stderr
    assert "0 change(s)" in diffed.stdout
    table = fork / "data" / "actors.csv"
    table.write_bytes(table.read_bytes() + b"\n")
    done = run_outside(installed, COMMAND, str(fork), "-q", "--code", "resource-hash-mismatch")
    assert done.returncode == 1
    assert f"run `{COMMAND} stamp` to record it" in done.stdout  # the command this user has
    assert "python -m" not in done.stdout + done.stderr  # a module run a clone would name
    stamped = run_outside(installed, COMMAND, "stamp", str(fork))
    assert stamped.returncode == 0 and stamped.stdout.startswith("stamped 1 resource(s)")


def test_an_editable_install_in_a_fresh_venv_imports_the_clones_own_code(tmp_path: Path) -> None:
    """`pip install -e .` works and points at validate/security_guarantees_2022/ itself: no
    frozen copy, so an edit in the clone is what runs (the module is found, not imported, so
    the fresh venv needs none of the dependencies)."""
    venv.create(tmp_path / "venv", with_pip=True)
    python = str(tmp_path / "venv" / "bin" / "python")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    subprocess.run(
        [python, "-m", "pip", "install", "-q", "--no-deps", "-e", str(REPO)],
        check=True,
        capture_output=True,
        env=env,
    )
    found = subprocess.run(
        [
            python,
            "-c",
            "import importlib.util as u; print(u.find_spec('security_guarantees_2022').origin)",
        ],
        cwd=tmp_path,
        check=True,
        capture_output=True,
        text=True,
        env=env,
    ).stdout.strip()
    assert Path(found) == REPO / "validate" / "security_guarantees_2022" / "__init__.py"
    site = subprocess.run(
        [python, "-c", "import importlib.util as u; print(u.find_spec('validate'))"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env=env,
    ).stdout.strip()
    assert site == "None", "the clone's validate/ folder is not installed as a top-level module"
