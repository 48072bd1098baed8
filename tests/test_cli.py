"""The command line through click's runner: exit codes, JSON equal to the API, no tracebacks."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from security_guarantees_2022 import PackageError, validate_package
from security_guarantees_2022.cli import main
from security_guarantees_2022.core.issue_codes import UNUSABLE
from security_guarantees_2022.core.memory import parse_size
from tests.support import edit_descriptor, edit_schema, set_cell

PACKAGE = Path(__file__).resolve().parents[1] / "validate" / "security_guarantees_2022"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_bundled_package_exits_0() -> None:
    code, out, _ = run("--no-second-opinion")
    assert code == 0
    assert out.strip().splitlines()[0].startswith("valid: ")


def test_invalid_data_exits_1_and_json_equals_the_api(tiny_package: Path) -> None:
    set_cell(tiny_package, "statements", 2, "speaker_id", "nobody")
    set_cell(tiny_package, "actors", 2, "note", "@cmd")
    code, out, _ = run(str(tiny_package), "--format", "json", "--second-opinion")
    assert code == 1
    assert json.loads(out) == validate_package(tiny_package).to_dict()


def test_text_report_groups_by_table_and_code(tiny_package: Path) -> None:
    set_cell(tiny_package, "statements", 2, "speaker_id", "nobody")
    code, out, _ = run(str(tiny_package), "--no-second-opinion")
    assert code == 1
    lines = out.splitlines()
    assert lines[0].startswith("invalid: 1 issue(s) in 1 table(s) of ")
    assert lines[0].endswith(": foreign-key")
    assert lines[1] == "  statements  1: foreign-key 1"
    assert lines[2].startswith("second opinion: not asked for")
    assert lines[3].startswith("declared rules: ") and "span (5)" in lines[3]
    assert lines[4] == "statements"
    assert lines[5].strip() == "foreign-key (1)  docs: validation.html#code-foreign-key"
    assert "row 2, speaker_id" in lines[6] and "'nobody'" in lines[6]


def _many_issues(package: Path) -> None:
    for row in (2, 3):
        set_cell(package, "statements", row, "speaker_id", "nobody")
    set_cell(package, "actors", 2, "note", "@cmd")


def test_text_report_caps_each_code_and_filters(tiny_package: Path) -> None:
    _many_issues(tiny_package)
    code, out, _ = run(str(tiny_package), "--no-second-opinion", "--limit", "1")
    assert code == 1
    assert "    … and 1 more (--limit, --format json)" in out.splitlines()
    _, only, _ = run(str(tiny_package), "--no-second-opinion", "--code", "formula-prefix")
    details = only.split("second opinion")[1]
    assert "formula-prefix (1)" in details and "foreign-key (" not in details
    assert "(2 issue(s) not shown: filtered by --code or --table)" in only
    _, table, _ = run(str(tiny_package), "--no-second-opinion", "--table", "actors")
    assert "foreign-key (" not in table.split("second opinion")[1]
    _, counts, _ = run(str(tiny_package), "--no-second-opinion", "--limit", "0")
    assert "row 2" not in counts and "… and 2 more" in counts


def test_json_stays_complete_and_progress_stays_on_stderr(tiny_package: Path) -> None:
    _many_issues(tiny_package)
    code, out, err = run(
        str(tiny_package), "--no-second-opinion", "--format", "json", "--limit", "0"
    )
    assert code == 1
    assert len(json.loads(out)["issues"]) == 3
    assert "… reading and screening" in err
    assert run(str(tiny_package), "--no-second-opinion", "--quiet")[2] == ""


def test_a_mistyped_command_is_named_as_one() -> None:
    code, out, err = run("relase", "--out", "x")
    assert code == 2 and out == ""
    assert err.startswith(
        "error [unknown-command]: 'relase' is not a command (did you mean 'release'?)"
    )


def test_a_hash_mismatch_says_how_to_fix_it(tiny_package: Path) -> None:
    edit_descriptor(tiny_package, lambda d: d["resources"][2].update(hash="sha256:" + "0" * 64))
    _, out, _ = run(str(tiny_package), "--no-second-opinion")
    assert "run `security-guarantees-2022 stamp` to record it" in out


def test_help_imports_no_data_library() -> None:
    script = (
        "import sys\n"
        "from security_guarantees_2022.cli import main\n"
        "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
        "print(sorted(m for m in ('polars', 'pandas', 'pyarrow', 'numpy', 'pandera') if m in sys.modules))"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert done.stdout.strip().splitlines()[-1] == "[]"


def test_folder_path_works_like_the_descriptor(tiny_package: Path) -> None:
    assert run(str(tiny_package.parent), "--no-second-opinion")[0] == 0


def unusable_cases() -> dict[str, Callable[[Path], str]]:
    """Each returns the path to validate, after making the input unusable."""

    def bad_json(pkg: Path) -> str:
        pkg.write_text("{not json", encoding="utf-8")
        return str(pkg)

    def no_resources(pkg: Path) -> str:
        edit_descriptor(pkg, lambda d: d.update(resources=[]))
        return str(pkg)

    def unknown_type(pkg: Path) -> str:
        edit_schema(pkg, "actors", lambda s: s["fields"][1].update(type="instant"))
        return str(pkg)

    def refused_type(pkg: Path) -> str:
        edit_schema(pkg, "actors", lambda s: s["fields"][1].update(type="geopoint"))
        return str(pkg)

    def unread_property(pkg: Path) -> str:
        edit_schema(pkg, "actors", lambda s: s.update(uniqueKeys=[["name", "kind"]]))
        return str(pkg)

    def unknown_reference(pkg: Path) -> str:
        edit_schema(
            pkg, "actors", lambda s: s["foreignKeys"][0]["reference"].update(resource="nothing")
        )
        return str(pkg)

    def absolute(pkg: Path) -> str:
        edit_descriptor(pkg, lambda d: d["resources"][0].update(path="/etc/passwd"))
        return str(pkg)

    def dotdot(pkg: Path) -> str:
        edit_descriptor(pkg, lambda d: d["resources"][0].update(path="../outside.csv"))
        return str(pkg)

    def remote(pkg: Path) -> str:
        edit_descriptor(pkg, lambda d: d["resources"][0].update(path="https://example.org/a.csv"))
        return str(pkg)

    def escaping_symlink(pkg: Path) -> str:
        outside = pkg.parent.parent / "outside.csv"
        outside.write_text("a\n1\n", encoding="utf-8")
        link = pkg.parent / "data" / "link.csv"
        os.symlink(outside, link)
        edit_descriptor(pkg, lambda d: d["resources"][0].update(path="data/link.csv"))
        return str(pkg)

    def remote_package(pkg: Path) -> str:
        return "https://example.org/datapackage.json"

    def no_descriptor(pkg: Path) -> str:
        return str(pkg.parent / "nowhere" / "datapackage.json")

    def fifo_table(pkg: Path) -> str:
        table = pkg.parent / "data" / "actors.csv"
        table.unlink()
        os.mkfifo(table)
        return str(pkg)

    def multi_row_header(pkg: Path) -> str:
        edit_descriptor(pkg, lambda d: d["resources"][2].update(dialect={"headerRows": [1, 2]}))
        return str(pkg)

    def huge_descriptor(pkg: Path) -> str:
        pkg.write_text('{"description": "' + "x" * (64 << 20) + '"}', encoding="utf-8")
        return str(pkg)

    return {
        "invalid-json": bad_json,
        "invalid-descriptor": no_resources,
        "invalid-schema": unknown_type,
        "unsupported-property/type": refused_type,
        "unknown-resource": unknown_reference,
        "unsupported-property/unique-keys": unread_property,
        "unsafe-path/absolute": absolute,
        "unsafe-path/dotdot": dotdot,
        "unsafe-path/remote": remote,
        "unsafe-path/symlink": escaping_symlink,
        "unsafe-path/remote-package": remote_package,
        "missing-file": no_descriptor,
        "not-a-file": fifo_table,
        "too-large": huge_descriptor,
        "unsupported-property/header-rows": multi_row_header,
    }


UNUSABLE_CASES = unusable_cases()


@pytest.mark.parametrize("case", sorted(UNUSABLE_CASES))
def test_unusable_input_exits_2_with_one_coded_line(tiny_package: Path, case: str) -> None:
    expected = case.split("/")[0]
    target = UNUSABLE_CASES[case](tiny_package)
    code, out, err = run(target)
    assert code == 2
    assert out == ""
    assert err.startswith(f"error [{expected}]: ")
    assert len(err.strip().splitlines()) == 1
    assert "Traceback" not in err
    with pytest.raises(PackageError) as caught:
        validate_package(target)
    assert caught.value.code == expected


DIFF_ONLY = {"unknown-ref", "unreadable-table"}  # raised by `diff`; tested in test_diff.py
OUTPUT_ONLY = {"unsafe-output", "write-failed", "busy"}  # raised by writers; test_safety.py
CLI_ONLY = {"unknown-command", "bad-usage"}  # test_cli and test_safety test them by name
ENGINE_ONLY = {"engine-unavailable", "unsupported-rule"}  # test_spark.py, test_registry.py
BUDGET_ONLY = {"memory-budget"}  # needs --memory: test_a_run_past_its_memory_budget_... below
SIGNAL_ONLY = {"interrupted"}  # a signal stops the run: each command tested in test_signals.py
RACE_ONLY = {"changed-while-reading"}  # a file changed mid-run: tested in test_toctou.py
# the outcome of a command that needs a valid package, and a fault in the tool: test_safety.py
# (test_releasing_an_invalid_package_..., test_a_library_panic_is_a_coded_internal_error)
OUTCOME_ONLY = {"invalid-package", "internal-error"}
# raised by the PLOVER export of a release: each tested by name in test_interchange.py
EXPORT_ONLY = {
    "export-missing-table",
    "export-missing-column",
    "export-self-dyad",
    "export-invalid",
}


def test_every_unusable_code_has_a_case() -> None:
    cases = {case.split("/")[0] for case in UNUSABLE_CASES}
    assert cases == (
        set(UNUSABLE)
        - DIFF_ONLY
        - OUTPUT_ONLY
        - CLI_ONLY
        - ENGINE_ONLY
        - BUDGET_ONLY
        - EXPORT_ONLY
        - SIGNAL_ONLY
        - RACE_ONLY
        - OUTCOME_ONLY
    )


def test_every_code_the_cli_fails_with_is_registered() -> None:
    """`fail` prints the code of the PackageError it is given (never a code and a sentence of
    its own), so the codes the CLI can fail with are those the tool makes PackageErrors of:
    each must be in the registry (and so in the docs' table of codes)."""
    source = "\n".join(p.read_text(encoding="utf-8") for p in PACKAGE.rglob("*.py"))
    assert not re.search(r'\bfail\(\s*f?"', source), "fail takes a PackageError, not prose"
    failed = set(re.findall(r'\bPackageError(?:\.of)?\(\s*"([a-z-]+)"', source))
    assert failed >= {"invalid-package", "internal-error", "write-failed", "interrupted"}
    assert failed >= {"bad-usage", "unknown-command", "memory-budget"}
    assert failed <= set(UNUSABLE)


def test_stamp_command(tiny_package: Path) -> None:
    edit_descriptor(tiny_package, lambda d: d["resources"][2].update(bytes=1))
    code, out, _ = run("stamp", str(tiny_package))
    assert (code, out.strip()) == (0, "stamped 1 resource(s): actors")
    assert run(str(tiny_package), "--no-second-opinion")[0] == 0


def test_help_lists_the_commands() -> None:
    code, out, _ = run("--help")
    assert code == 0
    assert "check" in out and "stamp" in out


def memory_run(budget: str, package: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "security_guarantees_2022", str(package), "-q", "--memory", budget],
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_a_run_past_its_memory_budget_stops_with_a_coded_line(tiny_package: Path) -> None:
    before = {p: p.read_bytes() for p in tiny_package.parent.rglob("*") if p.is_file()}
    done = memory_run("40M", tiny_package)  # the interpreter and polars alone hold more
    assert done.returncode == 2
    assert done.stderr.startswith("error [memory-budget]: the run held "), done.stderr
    assert "Traceback" not in done.stderr
    assert {p: p.read_bytes() for p in tiny_package.parent.rglob("*") if p.is_file()} == before


def test_a_run_within_its_memory_budget_is_unaffected(tiny_package: Path) -> None:
    done = memory_run("8G", tiny_package)
    assert (done.returncode, done.stderr) == (0, "")


@pytest.mark.parametrize(
    ("text", "size"),
    [("512M", 512 << 20), ("4G", 4 << 30), ("1.5GiB", 3 << 29), ("2097152", 2 << 20)],
)
def test_memory_sizes_are_read_as_binary_units(text: str, size: int) -> None:
    assert parse_size(text) == size


@pytest.mark.parametrize("text", ["lots", "-1G", "10", "4X"])
def test_a_memory_budget_that_is_no_size_is_bad_usage(text: str) -> None:
    code, _, err = run("--memory", text)
    assert code == 2 and "[bad-usage]" in err


def test_python_m_validate_at_the_clones_root_checks_the_bundled_package() -> None:
    """The command the package's card names, run as a user at the root of a clone runs it."""
    root = Path(__file__).resolve().parents[1]
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    done = subprocess.run(
        [sys.executable, "-m", "validate", "-q"],
        cwd=root,
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"valid: {root / 'datapackage.json'}")
    usage = subprocess.run(
        [sys.executable, "-m", "validate", "--help"], cwd=root, capture_output=True, text=True
    )
    assert usage.stdout.startswith("Usage: python -m validate ")
