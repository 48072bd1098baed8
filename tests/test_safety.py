"""The tools under hostile input and faults: nothing lost, nothing leaked, nothing hangs.

Every case runs the real command in its own process, with a time limit, and checks the exit
code, the coded message, the absence of a traceback, and that no file changed outside the
command's stated output. Faults are injected for real: SIGKILL in the middle of a write, a file
size limit (what a full disk looks like to a writer), concurrent writers.
"""

from __future__ import annotations

import hashlib
import json
import os
import resource
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from security_guarantees_2022 import PackageError, load_tables
from security_guarantees_2022.checks import sources
from security_guarantees_2022.core.descriptor import PathGuard
from security_guarantees_2022.core.safe_files import atomic_write, exclusive, parse_json
from security_guarantees_2022.release.output_folder import MARKER
from tests.fixtures import tiny
from tests.support import edit_descriptor, edit_schema, field_of, set_cell, table_path

REPO = Path(__file__).resolve().parents[1]
LIMIT_SECONDS = 60


def cli(*args: str, cwd: Path = REPO, limits: Callable[[], None] | None = None, **env: str):
    return subprocess.run(
        [sys.executable, "-m", "security_guarantees_2022", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=LIMIT_SECONDS,
        stdin=subprocess.DEVNULL,
        env={
            **os.environ,
            "PYTHONPATH": os.pathsep.join(["validate", str(REPO / "validate")]),
            **env,
        },
        preexec_fn=limits,
    )


def tree(folder: Path) -> dict[str, str]:
    """Every file under `folder` (symlinks not followed) with its SHA-256: a snapshot."""
    snapshot = {}
    for path in sorted(folder.rglob("*")):
        if path.is_symlink():
            snapshot[str(path.relative_to(folder))] = "-> " + os.readlink(path)
        elif path.is_file():
            snapshot[str(path.relative_to(folder))] = hashlib.sha256(path.read_bytes()).hexdigest()
    return snapshot


def assert_refused(done: subprocess.CompletedProcess[str], code: str, exit_code: int = 2) -> None:
    assert done.returncode == exit_code, done.stderr
    assert f"[{code}]" in done.stderr
    assert "Traceback" not in done.stderr + (done.stdout or "")


# --- release: never deletes what it did not make, never leaks a file from outside -------------


@pytest.fixture
def clone(tmp_path: Path) -> Path:
    """A copy of this repository's package, with the validate package beside it."""
    target = tmp_path / "clone"
    subprocess.run(
        ["git", "clone", "--quiet", "--no-hardlinks", str(REPO), str(target)], check=True
    )
    parts = ("validate", "datapackage.json", "data", "schemas", "releases", "CHANGELOG.md")
    for part in (*parts, "CITATION.cff", "README.md", "LICENSE", "LICENSE-DATA.md"):
        source = REPO / part
        if source.is_dir():
            subprocess.run(["cp", "-r", "-T", str(source), str(target / part)], check=True)
        else:
            (target / part).write_bytes(source.read_bytes())
    return target


@pytest.mark.parametrize("out", [".", "data", "schemas", "README.md", "releases/latest", ".git"])
def test_release_refuses_an_output_that_holds_or_is_the_package(clone: Path, out: str) -> None:
    before = tree(clone)
    done = cli("release", "--out", out, cwd=clone)
    assert_refused(done, "unsafe-output")
    assert tree(clone) == before


def test_release_refuses_a_folder_it_did_not_make(clone: Path, tmp_path: Path) -> None:
    foreign = tmp_path / "mine"
    foreign.mkdir()
    (foreign / "thesis.tex").write_text("years of work", encoding="utf-8")
    done = cli("release", "--out", str(foreign), cwd=clone)
    assert_refused(done, "unsafe-output")
    assert (foreign / "thesis.tex").read_text(encoding="utf-8") == "years of work"


def test_release_reuses_its_own_folder_and_keeps_what_it_did_not_write(
    clone: Path, tmp_path: Path
) -> None:
    out = tmp_path / "dist"
    assert cli("release", "--out", str(out), cwd=clone).returncode == 0
    first = json.loads((out / MARKER).read_text(encoding="utf-8"))["files"]
    assert "SHA256SUMS" in first and any(f.endswith(".zip") for f in first)
    (out / "notes.txt").write_text("mine", encoding="utf-8")
    stale = out / "security-guarantees-2022-0.0.1.zip"  # as if an older release had written it
    stale.write_bytes(b"old")
    marker = json.loads((out / MARKER).read_text(encoding="utf-8"))
    marker["files"].append(stale.name)
    (out / MARKER).write_text(json.dumps(marker), encoding="utf-8")
    assert cli("release", "--out", str(out), cwd=clone).returncode == 0
    assert (out / "notes.txt").read_text(encoding="utf-8") == "mine"
    assert not stale.exists()  # written by the tool, no longer part of the release
    assert json.loads((out / MARKER).read_text(encoding="utf-8"))["files"] == first


def test_a_tampered_marker_cannot_point_outside_the_folder(clone: Path, tmp_path: Path) -> None:
    out = tmp_path / "dist"
    out.mkdir()
    victim = tmp_path / "victim.txt"
    victim.write_text("keep", encoding="utf-8")
    (out / MARKER).write_text(json.dumps({"files": ["../victim.txt"]}), encoding="utf-8")
    assert_refused(cli("release", "--out", str(out), cwd=clone), "unsafe-output")
    assert victim.read_text(encoding="utf-8") == "keep"


def test_a_symlink_out_of_the_package_is_not_released(clone: Path, tmp_path: Path) -> None:
    secret = tmp_path / "id_rsa"
    secret.write_text("PRIVATE KEY", encoding="utf-8")
    os.symlink(secret, clone / "data" / "notes.txt")
    before = tree(clone)
    done = cli("release", "--out", str(tmp_path / "dist"), "--record", cwd=clone)
    assert_refused(done, "unsafe-path")
    assert tree(clone) == before  # releases/latest untouched
    leaked = [p for p in (tmp_path / "dist").rglob("*") if p.is_file()]
    assert all(b"PRIVATE KEY" not in p.read_bytes() for p in leaked)


def test_release_on_a_full_disk_fails_cleanly(clone: Path, tmp_path: Path) -> None:
    out = tmp_path / "dist"
    done = cli("release", "--out", str(out), cwd=clone, limits=file_size_limit(20_000))
    assert_refused(done, "write-failed")
    assert not [p for p in out.rglob("*.tmp")]  # no half-written temp file left behind


def test_release_record_replaces_latest_atomically(clone: Path) -> None:
    from security_guarantees_2022.release.record import record_release

    releases = clone / "releases"
    (releases / "latest" / "stray.txt").write_text("someone's", encoding="utf-8")
    with pytest.raises(PackageError) as caught:
        record_release(clone / "datapackage.json", releases)
    assert caught.value.code == "unsafe-output"
    (releases / "latest" / "stray.txt").unlink()
    entry = record_release(clone / "datapackage.json", releases)
    assert tree(releases / "latest") == {
        k: v
        for k, v in tree(clone).items()
        if k.split("/")[0] in ("datapackage.json", "data", "schemas")
    }
    assert json.loads((releases / "index.json").read_text(encoding="utf-8"))[-1] == entry
    assert not [p for p in releases.iterdir() if p.name.startswith((".latest", ".sg2022-"))]


# --- stamp: atomic, validated before it replaces, one writer at a time --------------------------


def file_size_limit(size: int) -> Callable[[], None]:
    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (size, size))

    return limit


def test_stamp_refuses_a_lone_surrogate_and_keeps_the_descriptor(tiny_package: Path) -> None:
    text = tiny_package.read_text(encoding="utf-8")
    broken = text.replace("{", '{"x-note": "\\ud800", ', 1)
    assert broken != text
    tiny_package.write_text(broken, encoding="utf-8")
    done = cli("stamp", str(tiny_package))
    assert_refused(done, "invalid-json")
    assert tiny_package.read_text(encoding="utf-8") == broken


def _needs_stamp(package: Path) -> bytes:
    set_cell(package, "actors", 2, "note", "edited after the last stamp")
    edit_descriptor(package, lambda d: d["resources"][2].update(bytes=1))
    return package.read_bytes()


def test_stamp_on_a_full_disk_leaves_the_descriptor_whole(tiny_package: Path) -> None:
    before = _needs_stamp(tiny_package)
    done = cli("stamp", str(tiny_package), limits=file_size_limit(len(before) // 2))
    assert_refused(done, "write-failed")
    assert tiny_package.read_bytes() == before
    assert [p.name for p in tiny_package.parent.iterdir() if p.suffix == ".tmp"] == []


HALF_WRITE_THEN_DIE = """
real_fdopen = os.fdopen
class HalfThenDie:
    def __init__(self, handle): self.handle = handle
    def __enter__(self): return self
    def __exit__(self, *exc): self.handle.close()
    def write(self, data):
        self.handle.write(data[: len(data) // 2]); self.handle.flush(); die()
def fdopen(fd, mode="r", *args, **kwargs):
    handle = real_fdopen(fd, mode, *args, **kwargs)
    return HalfThenDie(handle) if "w" in mode else handle
os.fdopen = fdopen
"""


@pytest.mark.parametrize("moment", ["write", "fsync", "replace"])
def test_stamp_killed_mid_write_leaves_the_old_or_the_new_descriptor(
    tiny_package: Path, moment: str
) -> None:
    """SIGKILL at each step of the write: the descriptor is always a whole, loadable file."""
    before = _needs_stamp(tiny_package)
    hook = {
        "write": HALF_WRITE_THEN_DIE,
        "fsync": "os.fsync = die",
        "replace": "os.replace = die",
    }[moment]
    script = (
        "import os, signal, sys\n"
        "def die(*a, **k): os.kill(os.getpid(), signal.SIGKILL)\n"
        "from security_guarantees_2022.release import stamp as s\n"
        f"{hook}\n"
        f"s.stamp({str(tiny_package)!r})\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        env={**os.environ, "PYTHONPATH": os.pathsep.join(["validate", str(REPO / "validate")])},
        capture_output=True,
        timeout=LIMIT_SECONDS,
    )
    assert done.returncode == -signal.SIGKILL
    assert tiny_package.read_bytes() == before
    assert cli("stamp", str(tiny_package)).returncode == 0  # and the next stamp still works
    assert cli(str(tiny_package), "--no-second-opinion").returncode == 0


def test_concurrent_stamps_never_show_a_reader_a_partial_file(tiny_package: Path) -> None:
    _needs_stamp(tiny_package)
    seen_bad: list[str] = []
    stop = threading.Event()

    def read_all_the_time() -> None:
        while not stop.is_set():
            try:
                json.loads(tiny_package.read_bytes())
            except ValueError as exc:
                seen_bad.append(str(exc))

    reader = threading.Thread(target=read_all_the_time)
    reader.start()
    try:
        runs = [
            subprocess.Popen(
                [sys.executable, "-m", "security_guarantees_2022", "stamp", str(tiny_package)],
                env={
                    **os.environ,
                    "PYTHONPATH": os.pathsep.join(["validate", str(REPO / "validate")]),
                },
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for _ in range(4)
        ]
        results = [(r.wait(timeout=LIMIT_SECONDS), r.stdout.read()) for r in runs]  # type: ignore[union-attr]
    finally:
        stop.set()
        reader.join()
    assert seen_bad == []
    assert [code for code, _ in results] == [0, 0, 0, 0]
    assert sorted(out.strip() for _, out in results)[-1] == "stamped 1 resource(s): actors"
    assert cli(str(tiny_package), "--no-second-opinion").returncode == 0


def test_a_second_writer_is_refused_when_the_lock_is_held(tmp_path: Path) -> None:
    with exclusive(tmp_path, "first"), pytest.raises(PackageError) as caught:  # noqa: SIM117
        with exclusive(tmp_path, "second", wait=0.2):
            pass
    assert caught.value.code == "busy"


def test_atomic_write_checks_before_replacing(tmp_path: Path) -> None:
    target = tmp_path / "kept.json"
    target.write_text("{}", encoding="utf-8")

    def refuse(_candidate: Path) -> None:
        raise PackageError("invalid-json", "not good enough")

    with pytest.raises(PackageError):
        atomic_write(target, b"{broken", check=refuse)
    assert target.read_text(encoding="utf-8") == "{}"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kept.json"]


# --- diff: refs are refs -----------------------------------------------------------------------


@pytest.mark.parametrize("ref", ["--output=VICTIM", "-o", "HEAD --output=VICTIM", "a..b", "--"])
def test_diff_never_passes_an_option_to_git(tmp_path: Path, ref: str) -> None:
    victim = tmp_path / "victim"
    victim.write_text("keep", encoding="utf-8")
    done = cli("diff", "--", ref.replace("VICTIM", str(victim)), ".")
    assert_refused(done, "unknown-ref")
    assert victim.read_text(encoding="utf-8") == "keep"


# --- no network, no hang, bounded memory -------------------------------------------------------


@pytest.fixture
def listener() -> Iterator[tuple[str, list[object]]]:
    """A local TCP server that records every connection made to it."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    server.settimeout(0.2)
    accepted: list[object] = []
    stop = threading.Event()

    def serve() -> None:
        while not stop.is_set():
            try:
                accepted.append(server.accept())
            except TimeoutError:
                continue

    thread = threading.Thread(target=serve)
    thread.start()
    yield f"http://127.0.0.1:{server.getsockname()[1]}", accepted
    stop.set()
    thread.join()
    server.close()


REMOTE_EDITS: dict[str, Callable[[Path, str], None]] = {
    "dialect": lambda pkg, url: edit_descriptor(
        pkg, lambda d: d["resources"][2].update(dialect=f"{url}/d.json")
    ),
    "resource $schema": lambda pkg, url: edit_descriptor(
        pkg, lambda d: d["resources"][2].update({"$schema": f"{url}/p.json"})
    ),
    "package profile": lambda pkg, url: edit_descriptor(
        pkg, lambda d: d.update(profile=f"{url}/p.json")
    ),
    "inline dialect $schema": lambda pkg, url: edit_descriptor(
        pkg, lambda d: d["resources"][2].update(dialect={"$schema": f"{url}/p.json"})
    ),
    "schema $schema": lambda pkg, url: edit_schema(
        pkg, "actors", lambda s: s.update({"$schema": f"{url}/s.json"})
    ),
    "foreign package": lambda pkg, url: edit_schema(
        pkg, "actors", lambda s: s["foreignKeys"][0]["reference"].update(package=url)
    ),
}


@pytest.mark.parametrize("case", sorted(REMOTE_EDITS))
def test_remote_references_are_refused_and_never_fetched(
    tiny_package: Path, listener, case: str
) -> None:
    url, accepted = listener
    REMOTE_EDITS[case](tiny_package, url)
    assert_refused(cli(str(tiny_package)), "unsafe-path")
    with pytest.raises(PackageError) as caught:
        load_tables(tiny_package)
    assert caught.value.code == "unsafe-path"
    time.sleep(0.3)
    assert accepted == []


def _fifo(path: Path) -> None:
    path.unlink()
    os.mkfifo(path)


FIFO_CASES: dict[str, tuple[Callable[[Path], Path], str, int]] = {
    "table": (lambda pkg: table_path(pkg, "actors"), "not-a-file", 2),
    "schema": (lambda pkg: pkg.parent / "schemas" / "actors.schema.json", "not-a-file", 2),
    "descriptor": (lambda pkg: pkg, "not-a-file", 2),
    "source text": (lambda pkg: pkg.parent / tiny.SOURCE_PATH, "not-a-file", 2),
}


@pytest.mark.parametrize("case", sorted(FIFO_CASES))
def test_a_fifo_is_refused_not_waited_on(tiny_package: Path, case: str) -> None:
    where, code, exit_code = FIFO_CASES[case]
    _fifo(where(tiny_package))
    for flag in ("--no-second-opinion", "--format=text"):
        assert_refused(cli(str(tiny_package), flag), code, exit_code)


def test_a_descriptor_that_is_a_device_is_refused(tmp_path: Path) -> None:
    os.symlink("/dev/zero", tmp_path / "datapackage.json")
    assert_refused(cli(str(tmp_path)), "unsafe-path")  # a symlink out of its folder
    (tmp_path / "datapackage.json").unlink()
    os.symlink("zero", tmp_path / "datapackage.json")
    os.symlink("/dev/zero", tmp_path / "zero")  # inside the folder, but still a device
    assert_refused(cli(str(tmp_path)), "unsafe-path")


def test_the_second_opinion_has_a_time_budget(tiny_package: Path) -> None:
    """frictionless backtracks for ever on (a+)+; the validator's own check answers at once."""
    edit_schema(
        tiny_package,
        "actors",
        lambda s: field_of(s, "note").update(constraints={"pattern": "(a+)+"}),
    )
    set_cell(tiny_package, "actors", 2, "note", "a" * 40 + "!")
    started = time.monotonic()
    done = cli(
        str(tiny_package),
        "--format",
        "json",
        "--second-opinion",
        SG2022_SECOND_OPINION_SECONDS="3",
    )
    assert time.monotonic() - started < LIMIT_SECONDS
    report = json.loads(done.stdout)
    assert done.returncode == 1
    assert report["second_opinion"]["scope"].startswith("stopped: no answer within")
    assert report["second_opinion"]["valid"] is None
    assert [i["code"] for i in report["issues"]] == ["constraint-pattern"]


def test_a_long_enum_is_named_once_not_copied_into_every_message(tiny_package: Path) -> None:
    values = [f"v{i}" for i in range(100_000)]
    edit_schema(
        tiny_package, "actors", lambda s: field_of(s, "name").update(constraints={"enum": values})
    )
    done = cli(str(tiny_package), "--no-second-opinion", "--format", "json")
    issues = json.loads(done.stdout)["issues"]
    assert issues and all(i["code"] == "constraint-enum" for i in issues)
    assert max(len(i["message"]) for i in issues) < 300
    assert "99988 more in the schema" in issues[0]["message"]


def test_a_source_named_by_many_rows_is_read_once(tmp_path: Path, monkeypatch) -> None:
    (tmp_path / "big.txt").write_text("x" * 100_000, encoding="utf-8")
    reads: list[str] = []
    original = PathGuard.read_bytes

    def counting(self: PathGuard, relpath: object, what: str) -> bytes:
        reads.append(str(relpath))
        return original(self, relpath, what)

    monkeypatch.setattr(PathGuard, "read_bytes", counting)
    records = [
        {"__row": i + 2, "source_id": f"s{i}", "path": "big.txt", "sha256": None, "chars": 100_000}
        for i in range(300)
    ]
    batch, issues = sources.read_batch(records, 0, PathGuard(tmp_path))
    assert issues == []
    assert reads == ["big.txt"]
    assert len(batch.sources) == 1 and list(batch.position) == [0] * 300


# --- clear errors and exit codes for every kind of bad descriptor -----------------------------


def _replace_in(pkg: Path, old: str, new: str) -> None:
    text = pkg.read_text(encoding="utf-8")
    assert old in text
    pkg.write_text(text.replace(old, new, 1), encoding="utf-8")


def _schema_text(pkg: Path, table: str, old: str, new: str) -> None:
    _replace_in(pkg.parent / "schemas" / f"{table}.schema.json", old, new)


BAD_DESCRIPTORS: dict[str, tuple[Callable[[Path], object], str]] = {
    "nested 100k deep": (
        lambda p: p.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8"),
        "invalid-json",
    ),
    "5000-digit integer": (
        lambda p: _replace_in(p, "{", '{"x": ' + "9" * 5000 + ", "),
        "invalid-json",
    ),
    "NaN": (lambda p: _replace_in(p, "{", '{"x": NaN, '), "invalid-json"),
    "Infinity": (
        lambda p: _replace_in(p, "{", '{"x": -Infinity, '),
        "invalid-json",
    ),
    "duplicate key": (
        lambda p: _replace_in(p, "{", '{"resources": [], '),
        "invalid-json",
    ),
    "lone surrogate in a field name": (
        lambda p: _schema_text(p, "actors", '"name": "note"', '"name": "no\\ud800te"'),
        "invalid-json",
    ),
    "NUL in a path": (
        lambda p: edit_descriptor(
            p, lambda d: d["resources"][2].update(path="data/act\x00ors.csv")
        ),
        "unsafe-path",
    ),
    "constraints null": (
        lambda p: edit_schema(p, "actors", lambda s: field_of(s, "note").update(constraints=None)),
        "invalid-schema",
    ),
    "primaryKey 5": (
        lambda p: edit_schema(p, "actors", lambda s: s.update(primaryKey=5)),
        "invalid-schema",
    ),
    "foreignKeys an object": (
        lambda p: edit_schema(p, "actors", lambda s: s.update(foreignKeys={"fields": "x"})),
        "invalid-schema",
    ),
    "enum not a list": (
        lambda p: edit_schema(
            p, "actors", lambda s: field_of(s, "note").update(constraints={"enum": "ab"})
        ),
        "invalid-schema",
    ),
    "maxLength a string": (
        lambda p: edit_schema(
            p, "actors", lambda s: field_of(s, "note").update(constraints={"maxLength": "9"})
        ),
        "invalid-schema",
    ),
    "field named __row": (
        lambda p: edit_schema(p, "actors", lambda s: field_of(s, "note").update(name="__row")),
        "invalid-schema",
    ),
    "field name with a tab": (
        lambda p: edit_schema(p, "actors", lambda s: field_of(s, "note").update(name="no\tte")),
        "invalid-schema",
    ),
    "resources not a list": (
        lambda p: edit_descriptor(p, lambda d: d.update(resources={})),
        "invalid-descriptor",
    ),
    "package name with ../": (
        lambda p: edit_descriptor(p, lambda d: d.update(name="../../escaped")),
        "invalid-descriptor",
    ),
    "resource name with ../": (
        lambda p: edit_descriptor(p, lambda d: d["resources"][2].update(name="../../x")),
        "invalid-descriptor",
    ),
    "two resources, one file": (
        lambda p: edit_descriptor(
            p, lambda d: d["resources"].append({**d["resources"][2], "name": "again"})
        ),
        "invalid-descriptor",
    ),
    "minimum a string on a number": (
        lambda p: edit_schema(
            p, "sources", lambda s: field_of(s, "chars").update(constraints={"minimum": "abc"})
        ),
        "invalid-schema",
    ),
    "minimum on a string field": (
        lambda p: edit_schema(
            p, "actors", lambda s: field_of(s, "name").update(constraints={"minimum": 3})
        ),
        "invalid-schema",
    ),
    "minimum not a date": (
        lambda p: edit_schema(
            p,
            "statements",
            lambda s: field_of(s, "said_on").update(constraints={"minimum": "2022-13-45"}),
        ),
        "invalid-schema",
    ),
    "primary key repeats a field": (
        lambda p: edit_schema(p, "actors", lambda s: s.update(primaryKey=["actor_id", "actor_id"])),
        "invalid-schema",
    ),
    "foreign key across types": (
        lambda p: edit_schema(
            p,
            "sources",
            lambda s: s.setdefault("foreignKeys", []).append(
                {"fields": "chars", "reference": {"resource": "actors", "fields": "actor_id"}}
            ),
        ),
        "invalid-schema",
    ),
    "extrapaths not a list": (
        lambda p: edit_descriptor(p, lambda d: d["resources"][2].update(extrapaths=5)),
        "invalid-descriptor",
    ),
    "an enum that repeats a value": (
        lambda p: edit_schema(
            p,
            "actors",
            lambda s: field_of(s, "kind")["constraints"]["enum"].append(
                field_of(s, "kind")["constraints"]["enum"][0]
            ),
        ),
        "invalid-schema",
    ),
    "missingValues a string": (
        lambda p: edit_schema(p, "actors", lambda s: s.update(missingValues="")),
        "invalid-schema",
    ),
}


@pytest.mark.parametrize("case", sorted(BAD_DESCRIPTORS))
def test_bad_descriptors_exit_2_with_a_code_from_every_entry_point(
    tiny_package: Path, case: str
) -> None:
    edit, code = BAD_DESCRIPTORS[case]
    edit(tiny_package)
    before = tree(tiny_package.parent)
    for args in (
        [str(tiny_package)],
        ["stamp", str(tiny_package)],
        ["diff", str(tiny_package), "."],
    ):
        assert_refused(cli(*args), code)
    with pytest.raises(PackageError) as caught:
        load_tables(tiny_package)
    assert caught.value.code == code
    assert tree(tiny_package.parent) == before


@pytest.mark.parametrize("what", ["resources", "fields"])
def test_thousands_of_resources_or_fields_are_refused_not_ground_through(
    tiny_package: Path, what: str
) -> None:
    if what == "resources":
        edit_descriptor(
            tiny_package,
            lambda d: d["resources"].extend(
                {**d["resources"][2], "name": f"r{i}"} for i in range(60_000)
            ),
        )
    else:
        edit_schema(
            tiny_package,
            "actors",
            lambda s: s["fields"].extend({"name": f"c{i}"} for i in range(100_000)),
        )
    assert_refused(cli(str(tiny_package)), "too-large")


def test_a_primary_key_written_as_a_string_is_valid(tiny_package: Path) -> None:
    edit_schema(tiny_package, "actors", lambda s: s.update(primaryKey="actor_id"))
    assert cli(str(tiny_package), "--no-second-opinion").returncode == 0


def test_strict_json_refuses_what_other_parsers_would_read_differently() -> None:
    for text in ('{"a": 1, "a": 2}', '{"a": NaN}', '{"a": "\\udc00"}', "[" * 100 + "]" * 100):
        with pytest.raises(PackageError) as caught:
            parse_json(text.encode(), "sample")
        assert caught.value.code == "invalid-json"
    assert parse_json(b'{"a": "[[[[", "b": [1]}', "sample") == {"a": "[[[[", "b": [1]}


def test_every_extra_column_is_listed_in_one_issue(tiny_package: Path) -> None:
    from tests.support import edit_rows

    def add(fields: list[str], rows: list[dict[str, str]]) -> None:
        fields += ["extra1", "extra2"]
        for row in rows:
            row.update(extra1="a", extra2="b")

    edit_rows(tiny_package, "actors", add)
    issues = json.loads(cli(str(tiny_package), "--format", "json").stdout)["issues"]
    extra = [i for i in issues if i["code"] == "extra-column"]
    assert [(i["table"], i["column"]) for i in extra] == [("actors", "extra1, extra2")]


def test_text_output_escapes_control_characters(tmp_path: Path) -> None:
    hostile = tmp_path / "\x1b]0;X\x07pkg"
    hostile.mkdir()
    done = cli(str(hostile))
    assert_refused(done, "unsafe-path")
    assert "\x1b" not in done.stderr and "\x07" not in done.stderr
    assert "\\x1b]0;X\\x07" in done.stderr


# --- found by a hostile review: paths, symlinks and names that lead out of bounds ---------------


def test_a_symlink_to_another_file_of_the_repository_is_not_released(
    clone: Path, tmp_path: Path
) -> None:
    (clone / ".env").write_text("SECRET=hunter2", encoding="utf-8")
    os.symlink("../.env", clone / "data" / "notes.txt")
    before = tree(clone)
    done = cli("release", "--out", str(tmp_path / "dist"), "--record", cwd=clone)
    assert_refused(done, "unsafe-path")
    assert tree(clone) == before


def test_a_marker_cannot_delete_through_a_symlinked_folder(clone: Path, tmp_path: Path) -> None:
    victim = tmp_path / "v" / "precious.txt"
    victim.parent.mkdir()
    victim.write_text("x", encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    os.symlink(victim.parent, out / "sub")
    (out / MARKER).write_text(json.dumps({"files": ["sub/precious.txt"]}), encoding="utf-8")
    assert_refused(cli("release", "--out", str(out), cwd=clone), "unsafe-output")
    assert victim.read_text(encoding="utf-8") == "x"


def test_release_never_writes_through_a_symlinked_subfolder(clone: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert cli("release", "--out", str(out), cwd=clone).returncode == 0
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "actors.parquet").write_text("mine", encoding="utf-8")
    subprocess.run(["rm", "-r", str(out / "parquet")], check=True)
    os.symlink(elsewhere, out / "parquet")
    assert_refused(cli("release", "--out", str(out), cwd=clone), "unsafe-output")
    assert [p.name for p in elsewhere.iterdir()] == ["actors.parquet"]
    assert (elsewhere / "actors.parquet").read_text(encoding="utf-8") == "mine"


def test_record_keeps_a_users_file_inside_releases_latest(clone: Path, tmp_path: Path) -> None:
    mine = clone / "releases" / "latest" / "data" / "notes.txt"
    mine.write_text("mine", encoding="utf-8")
    done = cli("release", "--out", str(tmp_path / "dist"), "--record", cwd=clone)
    assert_refused(done, "unsafe-output")
    assert mine.read_text(encoding="utf-8") == "mine"


def test_bad_release_index_stops_the_record_before_latest_is_replaced(
    clone: Path, tmp_path: Path
) -> None:
    (clone / "releases" / "index.json").write_text("[1]", encoding="utf-8")
    before = tree(clone / "releases")
    done = cli("release", "--out", str(tmp_path / "dist"), "--record", cwd=clone)
    assert_refused(done, "invalid-json")
    assert tree(clone / "releases") == before


def test_a_deeply_nested_marker_is_refused(clone: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / MARKER).write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    assert_refused(cli("release", "--out", str(out), cwd=clone), "unsafe-output")


def test_a_file_name_that_is_not_utf8_is_not_released(clone: Path, tmp_path: Path) -> None:
    (clone / "data" / os.fsdecode(b"bad\xffname.txt")).write_text("x", encoding="utf-8")
    done = cli("release", "--out", str(tmp_path / "dist"), cwd=clone)
    assert_refused(done, "unsafe-path")


def test_a_descriptor_symlinked_from_another_folder_is_refused(tmp_path: Path) -> None:
    here, there = tiny.build(tmp_path / "here"), tiny.build(tmp_path / "there")
    here.unlink()
    os.symlink(there, here)
    set_cell(there, "actors", 2, "note", "edited")
    before = tree(tmp_path / "there")
    for args in ([str(here.parent)], ["stamp", str(here.parent)]):
        assert_refused(cli(*args), "unsafe-path")
    assert tree(tmp_path / "there") == before


def test_paths_that_cannot_be_opened_are_coded(tmp_path: Path) -> None:
    assert_refused(cli("a" * 300), "missing-file")
    built = tiny.build(tmp_path / "plain").parent
    odd = tmp_path / os.fsdecode(b"bad\xff")
    built.rename(odd)
    assert_refused(cli(str(odd)), "unsafe-path")


def test_maintainer_files_that_are_broken_give_codes(clone: Path) -> None:
    original = (clone / "datapackage.json").read_text(encoding="utf-8")
    descriptor = json.loads(original)
    descriptor["contributors"] = ["x"]
    (clone / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    assert_refused(cli("citation", cwd=clone), "invalid-descriptor")
    (clone / "datapackage.json").write_text(original, encoding="utf-8")
    with (clone / "CHANGELOG.md").open("ab") as changelog:
        changelog.write(b"\xff")
    done = cli("version-check", cwd=clone)
    assert done.returncode in (0, 1) and "Traceback" not in done.stderr


def test_a_fifo_as_the_last_release_is_refused(clone: Path) -> None:
    _fifo(clone / "releases" / "latest" / "datapackage.json")
    assert_refused(cli("version-check", cwd=clone), "not-a-file")


def test_a_diff_against_a_ref_holding_an_outward_symlink_is_refused(clone: Path) -> None:
    git = ["git", "-C", str(clone), "-c", "user.name=t", "-c", "user.email=t@example.org"]
    subprocess.run([*git, "checkout", "-qb", "evil"], check=True)
    os.symlink("/etc/passwd", clone / "data" / "x.csv")
    subprocess.run([*git, "add", "data/x.csv"], check=True)
    subprocess.run([*git, "commit", "-qm", "x"], check=True)
    subprocess.run([*git, "checkout", "-q", "main"], check=True)
    assert_refused(cli("diff", "evil", ".", cwd=clone), "unsafe-path")


def test_an_option_git_does_not_know_is_a_coded_usage_error() -> None:
    assert_refused(cli("diff", "--output=/tmp/x", "."), "bad-usage")


@pytest.mark.parametrize("budget", ["inf", "1e309", "1e12", "nan", "-5"])
def test_odd_second_opinion_budgets_are_held_to_bounds(tiny_package: Path, budget: str) -> None:
    done = cli(str(tiny_package), "--second-opinion", SG2022_SECOND_OPINION_SECONDS=budget)
    assert done.returncode == 0, done.stderr


def test_the_caps_keep_a_broken_table_small(tiny_package: Path, monkeypatch) -> None:
    from security_guarantees_2022.core import capped
    from security_guarantees_2022.engines import default, run, shared

    monkeypatch.setattr(capped, "MAX_PER_CODE", 2)
    monkeypatch.setattr(shared, "MAX_EXPLAINED_ROWS", 3)
    monkeypatch.setattr(default, "MAX_EXPLAINED_ROWS", 3)
    from tests.support import edit_rows

    def bad_rows(fields: list[str], rows: list[dict[str, str]]) -> None:
        template = dict(rows[0])
        for i in range(5):
            rows.append({**template, "actor_id": f"bad-{i}", "kind": "alien"})

    edit_rows(tiny_package, "actors", bad_rows)
    report = run.validate_package(tiny_package, second=False)
    actors = sorted((i.code, i.value) for i in report.issues if i.table == "actors")
    assert actors == [
        ("constraint-enum", "alien"),
        ("constraint-enum", "alien"),
        ("issues-truncated", "2"),  # five rows flagged, three explained
        ("issues-truncated", "constraint-enum"),  # three enum issues found, two listed
    ]


def test_the_loader_gives_codes_and_loads_dates_of_any_year(
    tiny_package: Path,
) -> None:
    set_cell(tiny_package, "statements", 2, "said_on", "1500-01-01")
    set_cell(tiny_package, "statements", 2, "said_on_as_given", "1500-01-01")
    edit_schema(
        tiny_package, "statements", lambda s: field_of(s, "said_on").pop("constraints", None)
    )
    loaded = load_tables(tiny_package, validate=False)
    assert str(loaded["statements"]["said_on"].dtype) == "date32[day][pyarrow]"
    assert str(loaded["statements"]["said_on"].iloc[0]) == "1500-01-01"
    with pytest.raises(PackageError) as caught:
        load_tables(tiny_package, tables=["nothing"])
    assert caught.value.code == "unknown-resource"


# --- found by a second hostile review ----------------------------------------------------------


def test_diff_pairs_repeated_keys_once_not_in_every_combination(tmp_path: Path) -> None:
    from tests.support import edit_rows

    old = tiny.build(tmp_path / "old")

    def repeat(fields: list[str], rows: list[dict[str, str]]) -> None:
        rows[:] = [dict(rows[0]) for _ in range(3_000)]

    edit_rows(old, "actors", repeat)
    new = tiny.build(tmp_path / "new")
    edit_rows(new, "actors", repeat)
    set_cell(new, "actors", 2, "name", "Renamed")
    done = cli("diff", str(old), str(new), "--format", "json")
    changes = json.loads(done.stdout)["changes"]
    actors = [c for c in changes if c["table"] == "actors"]
    assert [c["kind"] for c in actors].count("key-repeated") == 2
    changed = [(c["column"], c["new"]) for c in actors if c["kind"] == "cell-changed"]
    assert changed == [("name", "Renamed")]


def test_diff_of_a_column_named_like_its_working_names(tmp_path: Path) -> None:
    from tests.support import edit_rows

    def add(fields: list[str], rows: list[dict[str, str]]) -> None:
        fields.append("name__new")
        for row in rows:
            row["name__new"] = "x"

    sides = []
    for side in ("old", "new"):
        pkg = tiny.build(tmp_path / side)
        edit_schema(pkg, "actors", lambda s: s["fields"].append({"name": "name__new"}))
        edit_rows(pkg, "actors", add)
        sides.append(pkg)
    set_cell(sides[1], "actors", 2, "name", "Renamed")
    done = cli("diff", str(sides[0]), str(sides[1]), "--format", "json")
    assert done.returncode in (0, 1), done.stderr
    changed = [c for c in json.loads(done.stdout)["changes"] if c["kind"] == "cell-changed"]
    assert [(c["column"], c["new"]) for c in changed] == [("name", "Renamed")]


def test_release_carries_only_files_under_data_and_schemas(clone: Path, tmp_path: Path) -> None:
    descriptor = json.loads((clone / "datapackage.json").read_text(encoding="utf-8"))
    descriptor["resources"].append({"name": "notes", "path": ".git/config", "format": "txt"})
    (clone / "datapackage.json").write_text(json.dumps(descriptor, indent=2), encoding="utf-8")
    assert cli("stamp", cwd=clone).returncode == 0
    before = tree(clone / "releases")
    done = cli("release", "--out", str(tmp_path / "dist"), "--record", cwd=clone)
    assert done.returncode in (1, 2) and "Traceback" not in done.stderr
    assert tree(clone / "releases") == before


def test_a_symlinked_licence_is_not_released(clone: Path, tmp_path: Path) -> None:
    (clone / "LICENSE").unlink()
    os.symlink(".git/config", clone / "LICENSE")
    assert_refused(cli("release", "--out", str(tmp_path / "dist"), cwd=clone), "unsafe-path")


def test_record_never_writes_through_a_symlinked_releases_folder(
    clone: Path, tmp_path: Path
) -> None:
    elsewhere = tmp_path / "elsewhere"
    (clone / "releases").rename(elsewhere)
    os.symlink(elsewhere, clone / "releases")
    before = tree(elsewhere)
    done = cli("release", "--out", str(tmp_path / "dist"), "--record", cwd=clone)
    assert done.returncode in (1, 2) and "Traceback" not in done.stderr
    assert tree(elsewhere) == before


def test_stamp_writes_the_descriptor_it_was_given(tiny_package: Path) -> None:
    fork = tiny_package.parent / "fork.json"
    fork.write_bytes(tiny_package.read_bytes())
    tiny_package.write_text('{"mine": 1}\n', encoding="utf-8")
    edit_descriptor(fork, lambda d: d["resources"][2].update(bytes=1))  # stale: stamp rewrites it
    assert cli("stamp", str(fork)).returncode == 0
    assert tiny_package.read_text(encoding="utf-8") == '{"mine": 1}\n'
    assert json.loads(fork.read_text(encoding="utf-8"))["resources"][2]["bytes"] != 1


def test_releasing_an_invalid_package_exits_1_with_its_findings(
    clone: Path, tmp_path: Path
) -> None:
    set_cell(clone / "datapackage.json", "statements", 2, "speaker_id", "nobody")
    edit_descriptor(clone / "datapackage.json", lambda d: d.update(version="99.0.0"))
    with (clone / "CHANGELOG.md").open("a", encoding="utf-8") as changelog:
        changelog.write("\n## [99.0.0]\n- A speaker no actor row names.\n")
    assert cli("stamp", cwd=clone).returncode == 0  # the citation follows the version
    done = cli("release", "-q", "--out", str(tmp_path / "dist"), cwd=clone)
    assert_refused(done, "invalid-package", exit_code=1)
    assert "foreign-key" in done.stdout + done.stderr
    assert not (tmp_path / "dist").exists()


def test_a_library_panic_is_a_coded_internal_error(tiny_package: Path) -> None:
    done = cli(str(tiny_package), "-q", POLARS_MAX_THREADS="0")
    assert done.returncode == 3
    assert "[internal-error]" in done.stderr and "Traceback" not in done.stderr


@pytest.mark.parametrize("bound", [10**40, -(10**40)])
def test_integer_bounds_beyond_64_bits_are_refused(tiny_package: Path, bound: int) -> None:
    edit_schema(
        tiny_package,
        "sources",
        lambda s: field_of(s, "chars").update(constraints={"minimum": bound}),
    )
    assert_refused(cli(str(tiny_package)), "invalid-schema")
    with pytest.raises(PackageError):
        load_tables(tiny_package)


def test_an_infinite_number_is_not_json(tiny_package: Path) -> None:
    _replace_in(tiny_package, "{", '{"x": 1e999, ')
    assert_refused(cli(str(tiny_package)), "invalid-json")


def test_a_terminal_that_cannot_show_a_character_gets_it_escaped() -> None:
    done = cli("citation", PYTHONIOENCODING="latin-1")
    assert done.returncode == 0 and "Traceback" not in done.stderr


def test_diff_of_an_overlong_name_is_an_unknown_ref(tiny_package: Path) -> None:
    assert_refused(cli("diff", "a" * 300, str(tiny_package)), "unknown-ref")


def test_the_loader_refuses_arguments_of_the_wrong_type(tiny_package: Path) -> None:
    for kwargs in ({"tables": 123}, {"tables": [["actors"]]}):
        with pytest.raises(TypeError):
            load_tables(tiny_package, **kwargs)
    with pytest.raises(TypeError):
        load_tables(123)  # type: ignore[arg-type]


# --- text that reorders or hides itself on a terminal ("Trojan Source") ------------------------

HIDING = [
    *map(chr, range(0x202A, 0x202F)),  # embeddings and overrides
    *map(chr, range(0x2066, 0x206A)),  # isolates
    "\u200e",
    "\u200f",
    "\u061c",  # the invisible direction marks
    "\u2028",
    "\u2029",  # line and paragraph separators
]
C1 = [chr(c) for c in range(0x80, 0xA0)]


@pytest.mark.parametrize("char", HIDING + C1, ids=lambda c: f"U+{ord(c):04X}")
def test_every_hiding_character_is_escaped_in_text_and_json(char: str) -> None:
    from security_guarantees_2022.render import json_text, printable

    code = ord(char)
    escaped = f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"
    assert printable(f"a{char}b") == f"a{escaped}b"
    assert char not in json_text({"v": f"a{char}b"})
    assert json.loads(json_text({"v": f"a{char}b"})) == {"v": f"a{char}b"}


def _escaped_everywhere(text: str) -> None:
    assert not any(char in text for char in HIDING), repr(text)


def test_hiding_characters_in_a_path_reach_the_terminal_escaped(tmp_path: Path) -> None:
    done = cli(str(tmp_path / ("pkg" + "".join(HIDING))))
    assert_refused(done, "missing-file")
    _escaped_everywhere(done.stderr)
    assert "\\u202e" in done.stderr


def test_hiding_characters_in_a_name_reach_the_terminal_escaped(tiny_package: Path) -> None:
    edit_descriptor(tiny_package, lambda d: d["resources"][0].update(name="x" + "".join(HIDING)))
    done = cli(str(tiny_package))
    assert done.returncode == 2, done.stderr
    _escaped_everywhere(done.stderr + done.stdout)
    assert "\\u2066" in done.stderr


def test_hiding_characters_in_cells_reach_the_terminal_escaped(tiny_package: Path) -> None:
    set_cell(tiny_package, "actors", 2, "note", "a" + "".join(HIDING) + "b")
    done = cli(str(tiny_package), "--limit", "5")
    assert done.returncode == 1, done.stderr
    assert "bidi-control" in done.stdout
    _escaped_everywhere(done.stdout + done.stderr)
    as_json = cli(str(tiny_package), "--format", "json")
    _escaped_everywhere(as_json.stdout)
    (bidi,) = [i for i in json.loads(as_json.stdout)["issues"] if i["code"] == "bidi-control"]
    assert bidi["value"] == "a" + "".join(HIDING) + "b"


# --- standard output that cannot take the output: closed, full, or in a legacy encoding --------

STDOUT_COMMANDS = {
    "check text": ["{tiny}", "-q"],
    "check json": ["{tiny}", "-q", "--format", "json"],
    "diff text": ["diff", "{tiny}", "{tiny}"],
    "diff json": ["diff", "{tiny}", "{tiny}", "--format", "json"],
    "version-check": ["version-check"],
    "citation": ["citation"],
}


def _stdout_command(name: str, tiny_package: Path) -> list[str]:
    return [arg.format(tiny=tiny_package.parent) for arg in STDOUT_COMMANDS[name]]


@pytest.mark.parametrize("name", sorted(STDOUT_COMMANDS))
def test_output_to_a_full_device_is_write_failed(tiny_package: Path, name: str) -> None:
    with open("/dev/full", "w", encoding="utf-8") as full:
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "security_guarantees_2022",
                *_stdout_command(name, tiny_package),
            ],
            cwd=REPO,
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            timeout=LIMIT_SECONDS,
            stdin=subprocess.DEVNULL,
            env={**os.environ, "PYTHONPATH": os.pathsep.join(["validate", str(REPO / "validate")])},
        )
    assert_refused(done, "write-failed")
    assert "No space left on device" in done.stderr


@pytest.mark.parametrize("name", sorted(STDOUT_COMMANDS))
def test_output_to_a_closed_stdout_is_write_failed(tiny_package: Path, name: str) -> None:
    """`security-guarantees-2022 >&-`: sys.stdout is None, and a valid package is no silent exit 0."""
    command = _stdout_command(name, tiny_package)
    done = subprocess.run(
        [
            "sh",
            "-c",
            'exec "$@" >&-',
            "sh",
            sys.executable,
            "-m",
            "security_guarantees_2022",
            *command,
        ],
        cwd=REPO,
        stderr=subprocess.PIPE,
        text=True,
        timeout=LIMIT_SECONDS,
        stdin=subprocess.DEVNULL,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(["validate", str(REPO / "validate")])},
    )
    assert_refused(done, "write-failed")


def test_with_stdout_and_stderr_closed_the_exit_code_still_says_it(tiny_package: Path) -> None:
    done = subprocess.run(
        [
            "sh",
            "-c",
            'exec "$@" >&- 2>&-',
            "sh",
            sys.executable,
            "-m",
            "security_guarantees_2022",
            "-q",
        ],
        cwd=REPO,
        timeout=LIMIT_SECONDS,
        stdin=subprocess.DEVNULL,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(["validate", str(REPO / "validate")])},
    )
    assert done.returncode == 2


@pytest.mark.parametrize("encoding", ["latin-1", "ascii", "cp1252", "utf-8"])
def test_json_is_utf8_json_whatever_the_encoding(tiny_package: Path, encoding: str) -> None:
    hostile = "Café «Лавров» \u202e 名 \x85 \U0001f600"
    set_cell(tiny_package, "actors", 2, "note", f"a{hostile}b")
    for name in ("check json", "diff json"):
        args = _stdout_command(name, tiny_package)
        done = subprocess.run(
            [sys.executable, "-m", "security_guarantees_2022", *args],
            cwd=REPO,
            capture_output=True,
            timeout=LIMIT_SECONDS,
            stdin=subprocess.DEVNULL,
            env={
                **os.environ,
                "PYTHONPATH": os.pathsep.join(["validate", str(REPO / "validate")]),
                "PYTHONIOENCODING": encoding,
            },
        )
        assert done.returncode in (0, 1), done.stderr
        report = json.loads(done.stdout.decode("utf-8"))
        if name == "check json":
            values = [i["value"] for i in report["issues"] if i["code"] == "bidi-control"]
            assert values == [f"a{hostile}b"]


# --- limits on extreme inputs: refused early, in bounded memory, in every engine ---------------

ENGINES = {"default": [], "streaming": ["--streaming"]}
BIG = 3 << 30  # a sparse file: no disk, but a reader that holds it needs 3 GiB


def _peak_run(*args: str, **env: str) -> tuple[subprocess.CompletedProcess[str], int]:
    """The command's result and its peak resident memory in bytes (its own process tree)."""
    probe = (
        "import resource, subprocess, sys\n"
        "done = subprocess.run(sys.argv[1:], capture_output=True, text=True)\n"
        "sys.stderr.write(done.stderr)\n"
        "print(done.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe, sys.executable, "-m", "security_guarantees_2022", *args],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=LIMIT_SECONDS,
        stdin=subprocess.DEVNULL,
        env={
            **os.environ,
            "PYTHONPATH": os.pathsep.join(["validate", str(REPO / "validate")]),
            **env,
        },
    )
    code, peak_kib = done.stdout.split()
    return subprocess.CompletedProcess(done.args, int(code), "", done.stderr), int(peak_kib) << 10


@pytest.mark.parametrize("engine", sorted(ENGINES))
def test_a_table_of_one_endless_line_of_nul_bytes_is_refused_at_once(
    tiny_package: Path, engine: str
) -> None:
    with table_path(tiny_package, "statements").open("wb") as handle:
        handle.truncate(BIG)
    started = time.monotonic()
    done, peak = _peak_run(str(tiny_package), "-q", *ENGINES[engine])
    assert_refused(done, "too-large")
    assert "header is longer than 1,048,576 bytes" in done.stderr
    assert peak < 600 << 20, f"peak {peak >> 20} MiB"
    assert time.monotonic() - started < 30  # 3 GiB is not read, not even hashed


@pytest.mark.parametrize("engine", sorted(ENGINES))
def test_a_header_of_more_columns_than_a_schema_may_have_is_refused(
    tiny_package: Path, engine: str
) -> None:
    path = table_path(tiny_package, "actors")
    path.write_text(",".join(f"c{i}" for i in range(1_001)) + "\n", encoding="utf-8")
    done = cli(str(tiny_package), "-q", *ENGINES[engine])
    assert_refused(done, "too-large")
    assert "1,001 columns" in done.stderr


@pytest.mark.parametrize("engine", sorted(ENGINES))
def test_a_header_longer_than_the_limit_is_refused(tiny_package: Path, engine: str) -> None:
    path = table_path(tiny_package, "actors")
    header = ",".join(f"column_with_a_long_name_{i}" for i in range(200))
    path.write_text(header + "\n", encoding="utf-8")
    done = cli(str(tiny_package), "-q", *ENGINES[engine], SG2022_MAX_HEADER_BYTES="2000")
    assert_refused(done, "too-large")
    assert "header is longer than 2,000 bytes" in done.stderr


@pytest.mark.parametrize("engine", sorted(ENGINES))
def test_a_line_longer_than_the_limit_is_refused(tiny_package: Path, engine: str) -> None:
    set_cell(tiny_package, "actors", 3, "note", "x" * 30_000)
    done = cli(str(tiny_package), "-q", *ENGINES[engine], SG2022_MAX_LINE_BYTES="20000")
    assert_refused(done, "too-large")
    assert "longer than 20,000 bytes" in done.stderr
    assert cli(str(tiny_package), "-q", *ENGINES[engine]).returncode == 0  # under the default


@pytest.mark.parametrize("most", [1, 7, 64, 1000])
def test_line_lengths_are_measured_exactly_across_blocks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, most: int
) -> None:
    from security_guarantees_2022.core import tables

    class Table:
        relpath = "t.csv"
        path = tmp_path / "t.csv"

    monkeypatch.setenv(tables.LINE_VARIABLE, str(most))
    for lines, fits in (
        (["a" * most] * 5, True),
        (["", "b" * most, ""], True),
        (["a", "b" * (most + 1)], False),
        (["c" * (most + 1)], False),
        (["d" * most, "e" * (most + 1), "f"], False),
    ):
        Table.path.write_bytes("\n".join(lines).encode())
        if fits:
            tables.check_lines(Table)  # type: ignore[arg-type]
        else:
            with pytest.raises(PackageError) as caught:
                tables.check_lines(Table)  # type: ignore[arg-type]
            assert caught.value.code == "too-large"


def test_the_loader_without_validation_refuses_what_is_no_table(tiny_package: Path) -> None:
    path = table_path(tiny_package, "actors")
    path.write_bytes(b"\0" * 10_000)
    with pytest.raises(PackageError) as caught:
        load_tables(tiny_package, tables=["actors"], validate=False)
    assert caught.value.code == "unreadable-table"
    with path.open("wb") as handle:
        handle.truncate(BIG)
    with pytest.raises(PackageError) as caught:
        load_tables(tiny_package, tables=["actors"], validate=False)
    assert caught.value.code == "too-large"


@pytest.mark.parametrize(
    "args",
    [
        ["--memory", "9" * 400],
        ["--memory", "9" * 400 + ".5G"],
        ["--memory", "9" * 20 + "T"],
        ["--streaming", "--batch-rows", str(1 << 64)],
        ["--streaming", "--batch-rows", "9" * 400],
    ],
    ids=lambda a: f"{a[-2]} {a[-1][:12]}",
)
def test_sizes_past_any_machine_are_usage_errors(args: list[str]) -> None:
    assert_refused(cli("-q", *args), "bad-usage")
