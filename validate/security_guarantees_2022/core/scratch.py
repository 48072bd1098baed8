"""Scratch space a run makes for itself, and removes: when it ends, fails, is interrupted
(validate/security_guarantees_2022/core/interrupt.py) or stops at its memory budget, and, for what a SIGKILL left, in a
later run.

A scratch folder is `sg2022-KIND-XXXXXXXX` in the temporary folder (TMPDIR) with an owner file
`.sg2022-owner` naming this tool, the process id and the process's start time. A later run
removes such a folder only when it is a real folder of the same user whose owner file says it
was this tool's and that process is gone (no process with that id, or one started at another
time). Anything else with a similar name, and the scratch of a run still going, is left alone.

A temporary folder beside folders users keep (release --record's new and old copies of
releases/latest) is made by `owned_folder`: `.sg2022-KIND-XXXXXXXX` in that folder, with the same
owner file; what it holds for the user sits in a subfolder, moved out whole, so the owner file
never reaches a kept folder. `sweep(folder, HIDDEN)` removes those whose process is gone.

A temporary file beside a file users keep (safe_files.atomic_write) cannot hold an owner file,
so its name carries the same facts: `.NAME.sg2022-PID-START-XXXXXXXX.tmp`; a later write into
that folder removes those whose process is gone.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import stat
import subprocess
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

from . import interrupt

PREFIX = "sg2022-"
HIDDEN = f".{PREFIX}"  # the prefix of a folder `owned_folder` makes beside kept folders
OWNER = ".sg2022-owner"
TOOL = "security-guarantees-2022"
BESIDE = re.compile(r"^\..+\.sg2022-(\d+)-(\d+)-[A-Za-z0-9_]+\.tmp$")

_lock = threading.Lock()
_live: list[Path] = []  # folders made and not yet removed
_children: list[subprocess.Popen[Any]] = []  # child processes started and not yet ended
_closing = threading.Event()  # set by remove_all: the process ends without unwinding


def process_start(pid: int) -> str | None:
    """When process `pid` started (clock ticks since boot, from /proc), or None if unknown."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as handle:
            fields = handle.read().rsplit(")", 1)[1].split()
        return fields[19]  # field 22, starttime; fields[0] is field 3
    except (OSError, IndexError):
        return None


def alive(pid: int, start: str | None) -> bool:
    """Whether process `pid`, started at `start` (if known), still runs."""
    if pid <= 0:
        return True  # not a process id this tool writes: treat as someone's, leave it
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # someone else's process, or the check is not allowed: keep
        return True
    now = process_start(pid)
    return now is None or start is None or now == start


def beside_prefix(name: str) -> str:
    """The prefix of a temporary file written beside `name` by this process."""
    return f".{name}.{PREFIX}{os.getpid()}-{process_start(os.getpid()) or 0}-"


@contextmanager
def scratch_folder(kind: str) -> Iterator[Path]:
    """A new private folder in TMPDIR, removed with all it holds when the block ends."""
    sweep()
    with interrupt.deferred(), _lock:
        if _closing.is_set():  # the process is ending from another thread: make nothing more
            threading.Event().wait()
        folder = Path(tempfile.mkdtemp(prefix=f"{PREFIX}{kind}-"))
        _live.append(folder)
    try:
        owner = {"tool": TOOL, "pid": os.getpid(), "start": process_start(os.getpid())}
        (folder / OWNER).write_text(json.dumps(owner), encoding="utf-8")
        yield folder
    finally:
        _remove(folder)


def owned_folder(base: Path, kind: str) -> Path:
    """A new private folder `.sg2022-KIND-XXXXXXXX` in `base`, with an owner file, for the
    caller to remove (call it `interrupt.deferred`, remembering the folder, so it is made and
    known or neither). A later `sweep(base, HIDDEN)` removes it if a SIGKILL left it."""
    folder = Path(tempfile.mkdtemp(prefix=f"{HIDDEN}{kind}-", dir=base))
    try:
        owner = {"tool": TOOL, "pid": os.getpid(), "start": process_start(os.getpid())}
        (folder / OWNER).write_text(json.dumps(owner), encoding="utf-8")
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return folder


def _remove(folder: Path) -> None:
    for _ in range(3):  # a thread may still be writing into it when the process stops
        shutil.rmtree(folder, ignore_errors=True)
        if not os.path.lexists(folder):
            break
    with _lock:
        if folder in _live:
            _live.remove(folder)


def started(process: subprocess.Popen[Any]) -> None:
    """Remember a child process, to be ended by `remove_all` if the run cannot unwind."""
    with _lock:
        _children.append(process)
        if _closing.is_set():
            process.kill()


def ended(process: subprocess.Popen[Any]) -> None:
    with _lock:
        if process in _children:
            _children.remove(process)


def remove_all() -> None:
    """End every child and remove every scratch folder now: for a stop that cannot unwind
    (memory-budget ends the process from its watchdog thread)."""
    with _lock:
        _closing.set()
        children, folders = list(_children), list(_live)
    for process in children:
        with suppress(OSError):
            process.kill()
    for process in children:  # SIGKILL is delivered, not awaited: the child is gone on return
        with suppress(OSError, subprocess.TimeoutExpired):
            process.wait(timeout=5)
    for folder in folders:
        _remove(folder)


def _owner_gone(folder: Path) -> bool:
    """Whether `folder` is this tool's scratch, of this user, whose process is gone."""
    try:
        info = os.lstat(folder)
        if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.getuid():
            return False
        owner = folder / OWNER
        meta = os.lstat(owner)
        if not stat.S_ISREG(meta.st_mode) or meta.st_size > 4096:
            return False
        data = json.loads(owner.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    if not isinstance(data, dict) or data.get("tool") != TOOL:
        return False
    pid, start = data.get("pid"), data.get("start")
    if not isinstance(pid, int) or isinstance(pid, bool) or not isinstance(start, str | None):
        return False
    return pid != os.getpid() and not alive(pid, start)


def sweep(base: Path | None = None, prefix: str = PREFIX) -> None:
    """Remove from TMPDIR (or `base`) the scratch folders of this tool's runs that a SIGKILL
    ended: those named `prefix`… whose owner file says so; nothing else."""
    folder = Path(tempfile.gettempdir()) if base is None else base
    try:
        names = [n for n in os.listdir(folder) if n.startswith(prefix)]
    except OSError:
        return
    for name in names:
        if _owner_gone(folder / name):
            shutil.rmtree(folder / name, ignore_errors=True)


def sweep_beside(folder: Path) -> None:
    """Remove from `folder` the temporary files of this tool's writes that a SIGKILL ended."""
    try:
        names = os.listdir(folder)
    except OSError:
        return
    for name in names:
        match = BESIDE.match(name)
        if match is None:
            continue
        pid, start = int(match.group(1)), match.group(2)
        try:
            info = os.lstat(folder / name)
        except OSError:
            continue
        if not stat.S_ISREG(info.st_mode) or info.st_uid != os.getuid():
            continue
        if pid != os.getpid() and not alive(pid, None if start == "0" else start):
            with suppress(OSError):
                os.unlink(folder / name)
