"""Interrupted runs: a signal at any point leaves nothing behind, says so, and exits 128 + it.

Each case starts the real command in its own process with SG2022_TEST_PAUSE naming a stage
(validate/security_guarantees_2022/core/interrupt.py): the command says `paused at STAGE` on stderr and waits there, so
the signal lands at a known point of the run; nothing waits on a sleep. TMPDIR is a folder of
the test's own, so any scratch left behind there is seen, as is any file left in the package
or the release folder.
"""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from security_guarantees_2022.core.interrupt import PAUSE_VARIABLE
from security_guarantees_2022.core.scratch import OWNER, TOOL, process_start
from tests.conftest import require_spark
from tests.support import edit_descriptor

REPO = Path(__file__).resolve().parents[1]
LIMIT_SECONDS = 120
SIGNALS = [signal.SIGINT, signal.SIGTERM, signal.SIGHUP]


class Run:
    """A command in its own process, its stderr read as it comes."""

    def __init__(self, args: list[str], *, cwd: Path, tmpdir: Path, pause: str | None) -> None:
        env = {
            **os.environ,
            "PYTHONPATH": os.pathsep.join(
                ["validate", str((cwd if (cwd / "validate").is_dir() else REPO) / "validate")]
            ),
        }
        env["TMPDIR"] = str(tmpdir)
        env.pop(PAUSE_VARIABLE, None)
        if pause is not None:
            env[PAUSE_VARIABLE] = pause
        self.process = subprocess.Popen(
            [sys.executable, "-m", "security_guarantees_2022", *args],
            cwd=cwd,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        self.lines: list[str] = []
        self.paused = threading.Event()
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        assert self.process.stderr is not None
        for line in self.process.stderr:
            self.lines.append(line)
            if line.startswith("paused at "):
                self.paused.set()
        self.paused.set()  # the end of stderr: the run ended without pausing

    def wait_paused(self) -> None:
        assert self.paused.wait(LIMIT_SECONDS), "the run neither paused nor ended"
        assert self.process.poll() is None, f"the run ended without pausing: {self.stderr}"

    def finish(self) -> int:
        code = self.process.wait(LIMIT_SECONDS)
        self.reader.join(LIMIT_SECONDS)
        return code

    @property
    def stderr(self) -> str:
        return "".join(self.lines)


def tree(*folders: Path) -> dict[str, str]:
    """Every file and folder under `folders`, hidden ones too, with each file's SHA-256."""
    snapshot = {}
    for folder in folders:
        if not folder.exists():
            continue
        for path in sorted(folder.rglob("*")):
            if path.is_file() and not path.is_symlink():
                snapshot[str(path)] = hashlib.sha256(path.read_bytes()).hexdigest()
            else:
                snapshot[str(path)] = "folder" if path.is_dir() else "other"
    return snapshot


def interrupted(run: Run, signum: int, *, written: str | None = None) -> None:
    run.wait_paused()
    run.process.send_signal(signum)
    code = run.finish()
    name = signal.Signals(signum).name
    assert code == 128 + signum, run.stderr
    last = run.stderr.strip().splitlines()[-1]
    if written is None:
        assert last == f"error [interrupted]: stopped by {name}; nothing was written"
    else:
        assert last.startswith(f"error [interrupted]: stopped by {name}; written whole before it: ")
        assert written in last
    assert "Traceback" not in run.stderr


@pytest.fixture
def scratch(tmp_path: Path) -> Path:
    folder = tmp_path / "tmpdir"
    folder.mkdir()
    return folder


@pytest.fixture
def clone(tmp_path: Path) -> Path:
    """A copy of this repository with the worktree's package and code (release builds from it)."""
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


# --- check, check --streaming, stamp, diff: a signal at each stage ---------------------------

CHECK_CASES = {
    "check/before-checks": (["-q"], "checks"),
    "check/second-opinion-running": (["-q", "--second-opinion"], "opinion-started"),
    "streaming/spill-written": (["-q", "--streaming"], "spilled"),
    "streaming/second-opinion-running": (
        ["-q", "--streaming", "--second-opinion"],
        "opinion-started",
    ),
}


@pytest.mark.parametrize("signum", SIGNALS, ids=lambda s: signal.Signals(s).name)
@pytest.mark.parametrize("case", sorted(CHECK_CASES))
def test_an_interrupted_check_leaves_nothing(
    tiny_package: Path, scratch: Path, case: str, signum: int
) -> None:
    options, stage = CHECK_CASES[case]
    before = tree(tiny_package.parent)
    run = Run([str(tiny_package), *options], cwd=REPO, tmpdir=scratch, pause=stage)
    run.wait_paused()
    assert any(scratch.iterdir()) or stage == "checks"  # the scratch the signal must remove
    interrupted(run, signum)
    assert list(scratch.iterdir()) == []
    assert tree(tiny_package.parent) == before


@pytest.mark.parametrize("signum", SIGNALS, ids=lambda s: signal.Signals(s).name)
def test_an_interrupted_stamp_leaves_the_descriptor_and_no_temp_file(
    tiny_package: Path, scratch: Path, signum: int
) -> None:
    edit_descriptor(tiny_package, lambda d: d["resources"][2].update(bytes=1))
    before = tree(tiny_package.parent)
    run = Run(["stamp", str(tiny_package)], cwd=REPO, tmpdir=scratch, pause="write:*.json")
    run.wait_paused()
    assert [p for p in tiny_package.parent.iterdir() if p.name.endswith(".tmp")]
    interrupted(run, signum)
    assert tree(tiny_package.parent) == before
    assert list(scratch.iterdir()) == []


DIFF_CASES = {
    "two-refs/exported": (["HEAD", "HEAD"], "exported"),
    "two-refs/comparing": (["HEAD", "HEAD~1"], "compare"),
    "ref-and-folder/exported": (["HEAD", "FOLDER"], "exported"),
    "two-folders/comparing": (["FOLDER", "FOLDER"], "compare"),
}


@pytest.mark.parametrize("signum", SIGNALS, ids=lambda s: signal.Signals(s).name)
@pytest.mark.parametrize("case", sorted(DIFF_CASES))
def test_an_interrupted_diff_leaves_no_export(
    tiny_package: Path, scratch: Path, case: str, signum: int
) -> None:
    sides, stage = DIFF_CASES[case]
    sides = [str(tiny_package.parent) if side == "FOLDER" else side for side in sides]
    before = tree(tiny_package.parent)
    run = Run(["diff", *sides], cwd=REPO, tmpdir=scratch, pause=stage)
    run.wait_paused()
    assert any(scratch.iterdir()) == ("HEAD" in sides)  # the export of a ref
    interrupted(run, signum)
    assert list(scratch.iterdir()) == []
    assert tree(tiny_package.parent) == before


# --- release: no half release, no temp zip, no scratch -------------------------------------


@pytest.mark.parametrize("signum", SIGNALS, ids=lambda s: signal.Signals(s).name)
@pytest.mark.parametrize("stage", ["opinion-started", "write:*.zip", "write:SHA256SUMS"])
def test_an_interrupted_release_leaves_no_release_folder(
    clone: Path, tmp_path: Path, scratch: Path, stage: str, signum: int
) -> None:
    out = tmp_path / "dist"
    before = tree(clone)
    run = Run(["release", "--out", str(out), "-q"], cwd=clone, tmpdir=scratch, pause=stage)
    interrupted(run, signum)
    assert not out.exists()  # it made the folder, so it removed it
    assert tree(clone) == before
    assert list(scratch.iterdir()) == []


def test_an_interrupted_release_into_its_own_folder_keeps_what_was_there(
    clone: Path, tmp_path: Path, scratch: Path
) -> None:
    out = tmp_path / "dist"
    first = Run(["release", "--out", str(out), "-q"], cwd=clone, tmpdir=scratch, pause=None)
    assert first.finish() == 0, first.stderr
    (out / "notes.txt").write_text("mine", encoding="utf-8")
    names = sorted(str(p) for p in out.rglob("*"))
    run = Run(
        ["release", "--out", str(out), "-q"], cwd=clone, tmpdir=scratch, pause="write:SHA256SUMS"
    )
    interrupted(run, signal.SIGTERM, written=".zip")  # the files it replaced, whole, are named
    assert sorted(str(p) for p in out.rglob("*")) == names
    assert (out / "notes.txt").read_text(encoding="utf-8") == "mine"
    assert list(scratch.iterdir()) == []


def test_an_interrupted_record_leaves_releases_as_they_were(
    clone: Path, tmp_path: Path, scratch: Path
) -> None:
    releases = clone / "releases"
    before = tree(releases)
    args = ["release", "--out", str(tmp_path / "dist"), "--record", "-q"]
    run = Run(args, cwd=clone, tmpdir=scratch, pause="write:datapackage.json")
    run.wait_paused()
    assert [p for p in releases.iterdir() if p.name.startswith(".sg2022-latest-")]
    interrupted(run, signal.SIGTERM, written=".zip")  # the release files, whole; not the record
    assert tree(releases) == before
    assert list(scratch.iterdir()) == []


# --- SIGKILL: the next run removes what the killed one left, and nothing else --------------


def owner_file(folder: Path, pid: int, start: str | None, tool: str = TOOL) -> None:
    folder.mkdir()
    (folder / OWNER).write_text(json.dumps({"tool": tool, "pid": pid, "start": start}), "utf-8")
    (folder / "keep").write_text("someone's", encoding="utf-8")


def test_a_later_run_removes_the_scratch_a_sigkill_left_and_nothing_else(
    tiny_package: Path, scratch: Path
) -> None:
    # no second opinion (CI=true turns it on by default): its own scratch would be a second folder
    command = [str(tiny_package), "-q", "--streaming", "--no-second-opinion"]
    run = Run(command, cwd=REPO, tmpdir=scratch, pause="spilled")
    run.wait_paused()
    run.process.kill()
    assert run.finish() == -signal.SIGKILL
    (left,) = scratch.iterdir()
    assert left.name.startswith("sg2022-streaming-") and (left / OWNER).is_file()
    me = os.getpid()
    owner_file(scratch / "sg2022-streaming-alive", me, process_start(me))  # a run still going
    owner_file(scratch / "sg2022-streaming-other", run.process.pid, None, tool="another tool")
    (scratch / "sg2022-streaming-no-owner").mkdir()
    (scratch / "sg2022-streaming-no-owner" / "keep").write_text("x", encoding="utf-8")
    (scratch / "sg2022-notes.txt").write_text("x", encoding="utf-8")
    unrelated = sorted(p.name for p in scratch.iterdir() if p != left)
    again = Run(command, cwd=REPO, tmpdir=scratch, pause=None)
    assert again.finish() == 0, again.stderr
    assert sorted(p.name for p in scratch.iterdir()) == unrelated


def test_a_later_stamp_removes_the_temp_file_a_sigkill_left_and_nothing_else(
    tiny_package: Path, scratch: Path
) -> None:
    edit_descriptor(tiny_package, lambda d: d["resources"][2].update(bytes=1))
    folder = tiny_package.parent
    run = Run(["stamp", str(tiny_package)], cwd=REPO, tmpdir=scratch, pause="write:*.json")
    run.wait_paused()
    run.process.kill()
    assert run.finish() == -signal.SIGKILL
    (left,) = [p for p in folder.iterdir() if p.name.endswith(".tmp")]
    assert f".sg2022-{run.process.pid}-" in left.name
    me = os.getpid()
    alive = folder / f".datapackage.json.sg2022-{me}-{process_start(me)}-abcdefgh.tmp"
    look_alike = folder / ".datapackage.json.abcdefgh.tmp"
    for path in (alive, look_alike):
        path.write_text("someone's", encoding="utf-8")
    again = Run(["stamp", str(tiny_package)], cwd=REPO, tmpdir=scratch, pause=None)
    assert again.finish() == 0, again.stderr
    assert not left.exists()
    assert alive.read_text(encoding="utf-8") == look_alike.read_text(encoding="utf-8")


def test_a_later_record_removes_the_copies_a_sigkill_left_and_nothing_else(
    clone: Path, tmp_path: Path, scratch: Path
) -> None:
    releases = clone / "releases"
    args = ["release", "--out", str(tmp_path / "dist"), "--record", "-q"]
    run = Run(args, cwd=clone, tmpdir=scratch, pause="write:datapackage.json")
    run.wait_paused()
    run.process.kill()
    assert run.finish() == -signal.SIGKILL
    (left,) = [p for p in releases.iterdir() if p.name.startswith(".")]
    assert left.name.startswith(".sg2022-latest-") and (left / OWNER).is_file()
    me = os.getpid()
    owner_file(releases / ".sg2022-latest-old-dead", run.process.pid, None)  # its process gone
    owner_file(releases / ".sg2022-latest-alive", me, process_start(me))  # a record still going
    owner_file(releases / ".sg2022-latest-other", run.process.pid, None, tool="another tool")
    for look_alike in (".sg2022-latest-no-owner", ".latest-abcdefgh"):
        (releases / look_alike).mkdir()
        (releases / look_alike / "keep").write_text("x", encoding="utf-8")
    kept = [".latest-abcdefgh", ".sg2022-latest-alive", ".sg2022-latest-no-owner"]
    kept.append(".sg2022-latest-other")
    again = Run(args, cwd=clone, tmpdir=scratch, pause=None)
    assert again.finish() == 0, again.stderr
    assert sorted(p.name for p in releases.iterdir() if p.name.startswith(".")) == kept
    assert (releases / "latest" / "datapackage.json").is_file()
    assert not [p for p in (releases / "latest").rglob(".*")]  # no owner file reached it


# --- memory-budget: "nothing was written" is true ------------------------------------------

BUDGET_SCRIPT = """
import sys, time
from pathlib import Path
from security_guarantees_2022.core import memory, scratch, second_opinion
from security_guarantees_2022.core.descriptor import load_package

opinion = second_opinion.start(load_package(Path(sys.argv[1])))
folder = scratch.scratch_folder("streaming")
spill = folder.__enter__()
(spill / "window.pickle").write_bytes(b"spilled")
print(opinion.process.pid, flush=True)
memory.watch(1 << 20, memory.exit_over_budget)  # already past it: stops within 0.2 s
time.sleep(60)
"""


def test_a_memory_budget_stop_removes_its_scratch_and_ends_its_child(
    tiny_package: Path, scratch: Path
) -> None:
    done = subprocess.run(
        [sys.executable, "-c", BUDGET_SCRIPT, str(tiny_package)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=LIMIT_SECONDS,
        env={
            **os.environ,
            "PYTHONPATH": os.pathsep.join(["validate", str(REPO / "validate")]),
            "TMPDIR": str(scratch),
        },
    )
    assert done.returncode == 2, done.stderr
    assert done.stderr.startswith("error [memory-budget]: "), done.stderr
    assert list(scratch.iterdir()) == []
    child = int(done.stdout.split()[0])
    state = Path(f"/proc/{child}/stat")
    assert not state.exists() or state.read_text().rsplit(")", 1)[1].split()[0] in ("Z", "X")


STREAMED = ("--streaming", "--second-opinion")


def test_a_run_stopped_by_its_memory_budget_leaves_nothing(
    tiny_package: Path, scratch: Path
) -> None:
    before = tree(tiny_package.parent)
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "security_guarantees_2022",
            str(tiny_package),
            "-q",
            "--memory",
            "40M",
            *STREAMED,
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=LIMIT_SECONDS,
        env={
            **os.environ,
            "PYTHONPATH": os.pathsep.join(["validate", str(REPO / "validate")]),
            "TMPDIR": str(scratch),
        },
    )
    assert done.returncode == 2, done.stderr
    assert "[memory-budget]" in done.stderr
    assert list(scratch.iterdir()) == []
    assert tree(tiny_package.parent) == before


# --- the Spark engine: its JVM and Spark's own temporary folders go too --------------------


def children(pid: int) -> set[int]:
    """The processes `pid` started that still run (from /proc), and theirs."""
    found: set[int] = set()
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found |= {int(c) for c in (task / "children").read_text().split()}
        except OSError:
            continue
    for child in list(found):
        found |= children(child)
    return found


def running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state not in ("Z", "X")


@pytest.mark.spark
@pytest.mark.parametrize("stage", ["spark-started", "spark-scanned"])
def test_an_interrupted_spark_run_leaves_no_jvm_and_no_temp_folder(
    tiny_package: Path, scratch: Path, stage: str
) -> None:
    require_spark()
    before = tree(tiny_package.parent)
    args = [str(tiny_package), "-q", "--no-second-opinion", "--engine", "spark"]
    run = Run([*args, "--spark-master", "local[1]"], cwd=REPO, tmpdir=scratch, pause=stage)
    run.wait_paused()
    jvm = children(run.process.pid)
    assert jvm, "the Spark run started no child process"
    commands = [Path(f"/proc/{pid}/cmdline").read_bytes() for pid in jvm if running(pid)]
    assert any(b"java" in command for command in commands)
    (folder,) = scratch.iterdir()  # everything Spark writes is in the run's one scratch folder
    assert folder.name.startswith("sg2022-spark-") and (folder / OWNER).is_file()
    assert any(p.name.startswith("blockmgr-") for p in (folder / "local").iterdir())
    assert using(scratch)  # the JVM, told where to write
    interrupted(run, signal.SIGTERM)
    assert list(scratch.iterdir()) == []
    assert [pid for pid in jvm if running(pid)] == []
    assert using(scratch) == []
    assert tree(tiny_package.parent) == before


def using(folder: Path) -> list[int]:
    """The running processes whose command line names `folder` (a JVM told to write there)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                command = (entry / "cmdline").read_bytes()
            except OSError:
                continue
            if str(folder).encode() in command and running(int(entry.name)):
                found.append(int(entry.name))
    return found


@pytest.mark.spark
def test_a_spark_run_that_ends_or_fails_leaves_no_jvm_and_no_temp_folder(
    tiny_package: Path, scratch: Path
) -> None:
    require_spark()
    options = ["-q", "--no-second-opinion", "--engine", "spark", "--spark-master", "local[1]"]
    for package, code in ((tiny_package, 0), (tiny_package.parent / "missing", 2)):
        run = Run([str(package), *options], cwd=REPO, tmpdir=scratch, pause=None)
        assert run.finish() == code, run.stderr
        assert "Traceback" not in run.stderr
        assert list(scratch.iterdir()) == []
        assert using(scratch) == []
