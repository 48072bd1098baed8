"""A memory budget the run keeps: past it, the run stops with a coded message and exit 2.

The kernel's OOM killer ends a process without a word, and may take others with it. With
`--memory SIZE`, a watchdog thread reads the process's resident memory every few tenths of a
second; when it passes the budget the run stops at once with `memory-budget`, saying how much
it held. Validation writes nothing, so stopping loses nothing. The budget bounds the process,
not the machine: a budget below what the package needs fails early and clearly instead of
late and silently.
"""

from __future__ import annotations

import os
import re
import sys
import threading
from collections.abc import Callable
from decimal import Decimal

from . import scratch
from .report import PackageError

UNITS = {"": 1, "K": 1 << 10, "M": 1 << 20, "G": 1 << 30, "T": 1 << 40}
SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([KMGT]?)(?:i?B)?\s*$", re.IGNORECASE)
POLL_SECONDS = 0.2
MAX_SIZE = (1 << 63) - 1  # 8 EiB: past any machine, and past what a C size holds


def parse_size(text: str) -> int:
    """'4G', '512M', '1.5GiB' or a number of bytes; at least 1 MiB."""
    match = SIZE.match(text)
    if match is None:
        raise PackageError.of("bad-usage", "memory-size", text=text)
    size = int(Decimal(match.group(1)) * UNITS[match.group(2).upper()])  # exact, any length
    if size > MAX_SIZE:
        raise PackageError.of("bad-usage", "memory-too-large", text=text)
    if size < UNITS["M"]:
        raise PackageError.of("bad-usage", "memory-too-small", text=text)
    return size


def resident_bytes() -> int | None:
    """This process's resident set size, from /proc (None where there is no /proc)."""
    try:
        with open("/proc/self/statm", encoding="ascii") as handle:
            return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return None


def shown(size: int) -> str:
    return f"{size / UNITS['G']:.2f} GiB" if size >= UNITS["G"] else f"{size / UNITS['M']:.0f} MiB"


def over_budget(held: int, budget: int) -> PackageError:
    return PackageError.of("memory-budget", "over-budget", held=shown(held), budget=shown(budget))


def watch(budget: int, stop: Callable[[PackageError], None]) -> threading.Event:
    """Start the watchdog; set the returned event to end it. `stop` gets the error."""
    if resident_bytes() is None:
        raise PackageError.of("bad-usage", "memory-needs-proc")
    done = threading.Event()

    def run() -> None:
        while not done.wait(POLL_SECONDS):
            held = resident_bytes()
            if held is not None and held > budget:
                stop(over_budget(held, budget))
                return

    threading.Thread(target=run, name="memory-budget", daemon=True).start()
    return done


def exit_over_budget(error: PackageError) -> None:
    """Stop the whole process now, from the watchdog thread: a coded line and exit 2.

    The run cannot unwind from here, so its scratch folders are removed and its child process
    (the second opinion) ended first: "nothing was written" stays true."""
    scratch.remove_all()
    sys.stderr.write(f"error [{error.code}]: {error.message}\n")
    sys.stderr.flush()
    os._exit(2)
