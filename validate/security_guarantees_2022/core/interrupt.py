"""Interrupted runs: SIGINT, SIGTERM and SIGHUP unwind the run, which then exits 128 + the signal.

`install` gives the three signals a handler that raises `Interrupted` in the main thread. It is
a BaseException, like KeyboardInterrupt, so no `except Exception` swallows it: it unwinds through
the try/finally blocks and context managers that remove every temporary file and folder the run
made and stop every child process it started (validate/security_guarantees_2022/core/scratch.py, safe_files.py,
second_opinion.py), and the command says so in one coded line, `interrupted`, and exits 130
(SIGINT), 143 (SIGTERM) or 129 (SIGHUP). A second signal while the run unwinds is ignored, so
the cleanup itself is not cut short. Steps that must not be cut in two (make a temporary file
and remember it; rename a file and note it as written) run `deferred`: a signal that arrives
then is raised when the step is over.
"""

from __future__ import annotations

import fnmatch
import os
import signal
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType

from .report import PackageError

SIGNALS = tuple(
    getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name)
)
PAUSE_VARIABLE = "SG2022_TEST_PAUSE"  # test-only: see `pause`

stopping = threading.Event()  # set once a signal has been taken: the run is unwinding
_deferring = 0
_pending: int | None = None
written: list[Path] = []  # files users keep that this run has replaced, each whole


class Interrupted(BaseException):
    """The run was stopped by a signal; raised in the main thread by the handler."""

    def __init__(self, signum: int) -> None:
        self.signum = signum
        super().__init__(self.name)

    @property
    def name(self) -> str:
        return signal.Signals(self.signum).name

    @property
    def exit_code(self) -> int:
        return 128 + self.signum

    def error(self) -> PackageError:
        """`interrupted`, saying what the run left: nothing, or the files it had already
        replaced whole."""
        if not written:
            return PackageError.of("interrupted", "nothing-written", signal=self.name)
        kept = ", ".join(str(path) for path in dict.fromkeys(written))
        return PackageError.of("interrupted", "some-written", signal=self.name, files=kept)


def _handler(signum: int, _frame: FrameType | None) -> None:
    global _pending
    if stopping.is_set():
        return  # already unwinding: let the cleanup finish
    if _deferring:
        _pending = _pending or signum
        return
    stopping.set()
    raise Interrupted(signum)


def install() -> None:
    """Handle SIGINT, SIGTERM and SIGHUP by raising Interrupted (call from the main thread)."""
    for signum in SIGNALS:
        signal.signal(signum, _handler)


@contextmanager
def deferred() -> Iterator[None]:
    """Hold a signal until the block is over (main thread; a no-op in others, which signals
    never interrupt: their work is waited for before the main thread cleans up)."""
    global _deferring, _pending
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    _deferring += 1
    try:
        yield
    finally:
        _deferring -= 1
        if not _deferring and _pending is not None and not stopping.is_set():
            signum, _pending = _pending, None
            stopping.set()
            raise Interrupted(signum)


def note_written(path: Path) -> None:
    written.append(path)


def forget_written(path: Path) -> None:
    while path in written:
        written.remove(path)


def forget_under(folder: Path) -> None:
    """Forget the files written inside a temporary folder that is removed or renamed."""
    written[:] = [path for path in written if folder not in path.parents]


def pause(stage: str) -> None:
    """Test-only (tests/test_signals.py): when SG2022_TEST_PAUSE is a glob that matches `stage`,
    say `paused at STAGE` on stderr and wait for a signal, so a test can signal the run at a
    known point instead of guessing with sleeps. Unset, as it always is outside the tests, this
    does nothing. In a thread other than the main one it waits until the signal has been taken.
    """
    pattern = os.environ.get(PAUSE_VARIABLE)
    if not pattern or not fnmatch.fnmatchcase(stage, pattern):
        return
    sys.stderr.write(f"paused at {stage}\n")
    sys.stderr.flush()
    while not stopping.is_set():  # not stopping.wait(): the handler's stopping.set() would
        time.sleep(0.05)  # deadlock on the event's lock if the signal came while wait held it
