"""Files users keep: read only if regular and bounded, written only atomically, one writer at a time.

A FIFO or device named as a table would hang a reader; a crash, a full disk or a second writer
halfway through an in-place write would truncate a descriptor. So reads check the file type on
the open descriptor before reading, and writes go to a temporary file in the same folder that is
fsynced and renamed over the old file only once it is complete (and, where a check is given,
only once it passes). The old file is intact until that rename. A signal removes the temporary
file (validate/security_guarantees_2022/core/interrupt.py); one a SIGKILL left is removed by the next write into that
folder (validate/security_guarantees_2022/core/scratch.py).
"""

from __future__ import annotations

import errno
import fcntl
import json
import math
import os
import re
import stat
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

from . import interrupt, scratch
from .report import PackageError

MAX_JSON_BYTES = 64 << 20  # a descriptor or schema larger than this is refused, not read
MAX_JSON_DEPTH = 64  # objects and arrays nested deeper than this are refused
LOCK_WAIT_SECONDS = 30.0
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)


def open_regular(path: str | os.PathLike[str], what: str, flags: int = 0) -> int:
    """A read-only descriptor of a regular file; FIFOs, devices, sockets and folders are refused.

    O_NONBLOCK keeps the open of a FIFO from waiting for a writer; the type is then checked on
    the descriptor itself, so a file swapped in between cannot slip through.
    """
    fd = os.open(path, os.O_RDONLY | _NONBLOCK | _CLOEXEC | flags)
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise PackageError.of(
                "not-a-file", "not-regular", what=what, path=path, kind=_kind(mode)
            )
        if _NONBLOCK:
            os.set_blocking(fd, True)
    except BaseException:
        os.close(fd)
        raise
    return fd


def require_regular(path: str | os.PathLike[str], what: str) -> None:
    """Refuse a path that exists and is not a regular file (a missing file is reported later)."""
    try:
        mode = os.stat(path).st_mode
    except (FileNotFoundError, NotADirectoryError):
        return
    except OSError as exc:
        raise PackageError.of(
            "not-a-file", "cannot-examine", what=what, path=path, reason=exc.strerror
        ) from None
    if not stat.S_ISREG(mode):
        raise PackageError.of("not-a-file", "not-regular", what=what, path=path, kind=_kind(mode))


def _kind(mode: int) -> str:
    for test, name in (
        (stat.S_ISDIR, "a folder"),
        (stat.S_ISFIFO, "a FIFO"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISSOCK, "a socket"),
    ):
        if test(mode):
            return name
    return "not a regular file"


def read_regular(path: str | os.PathLike[str], what: str, limit: int | None = None) -> bytes:
    """The bytes of a regular file; more than `limit` bytes is refused with `too-large`."""
    return read_fd(open_regular(path, what), what, limit)


def read_fd(fd: int, what: str, limit: int | None = None) -> bytes:
    """Every byte from an open file descriptor, which is closed after."""
    try:
        chunks, size = [], 0
        while chunk := os.read(fd, 1 << 24):
            size += len(chunk)
            if limit is not None and size > limit:
                raise PackageError.of("too-large", "file-over-limit", what=what, limit=limit)
            chunks.append(chunk)
    finally:
        os.close(fd)
    return chunks[0] if len(chunks) == 1 else b"".join(chunks)


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise ValueError(f"key {key!r} appears twice in one object")
        result[key] = value
    return result


def parse_json(raw: bytes, what: str) -> Any:
    """Strict JSON: UTF-8, no NaN or Infinity, no repeated key, no lone surrogate, bounded depth.

    A parser where the first key wins would read another `resources` list than this one, so a
    repeated key is an error, not a choice.
    """
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise PackageError.of("invalid-json", "not-utf8", what=what, reason=str(exc)) from None
    if _depth_over(text, MAX_JSON_DEPTH):
        raise PackageError.of("invalid-json", "too-deep", what=what, limit=MAX_JSON_DEPTH)
    try:
        data = json.loads(text, parse_constant=_refuse_constant, object_pairs_hook=_no_duplicates)
    except (ValueError, RecursionError) as exc:  # JSONDecodeError is a ValueError; so are huge ints
        raise PackageError.of("invalid-json", "not-json", what=what, reason=str(exc)) from None
    bad = _unwritable(data)
    if bad is not None:
        raise PackageError.of("invalid-json", "unwritable-value", what=what, value=bad)
    return data


_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.S)
_BRACKET = re.compile(r"[\[\]{}]")


def _depth_over(text: str, limit: int) -> bool:
    """Whether brackets outside strings nest deeper than `limit` (checked before parsing)."""
    if text.count("[") + text.count("{") <= limit:
        return False
    depth = 0
    for match in _BRACKET.finditer(_STRING.sub("", text)):
        depth += 1 if match.group() in "[{" else -1
        if depth > limit:
            return True
    return False


def is_utf8(text: str) -> bool:
    """Whether text can be written as UTF-8 (a lone surrogate, e.g. from a non-UTF-8 file name,
    cannot)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _unwritable(data: Any) -> str | None:
    """The first key or string that cannot be written as UTF-8 (shown escaped), or the first
    number that is not finite; else None."""
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
        elif isinstance(item, str) and not is_utf8(item):
            return item.encode("utf-8", "backslashreplace").decode("ascii")[:80]
        elif isinstance(item, float) and not math.isfinite(item):
            return f"a number too large for a float ({item})"  # 1e999 parses as infinity
    return None


def read_json(path: str | os.PathLike[str], what: str) -> Any:
    return parse_json(read_json_bytes(path, what), what)


def read_json_bytes(path: str | os.PathLike[str], what: str) -> bytes:
    """A JSON file's bytes (at most MAX_JSON_BYTES), or a coded PackageError."""
    try:
        return read_regular(path, what, MAX_JSON_BYTES)
    except (FileNotFoundError, NotADirectoryError):
        raise PackageError.of("missing-file", "not-found", what=what, path=path) from None
    except OSError as exc:
        raise PackageError.of(
            "missing-file", "unreadable", file=what, reason=exc.strerror
        ) from None


def atomic_write(path: Path, data: bytes, *, check: Callable[[Path], None] | None = None) -> None:
    """Replace `path` with `data` all at once: temp file beside it, fsync, check, rename, fsync.

    On any failure (full disk, file size limit, read-only folder, a check that raises) the temp
    file is removed and `path` is left as it was; the error is a PackageError `write-failed`.
    """
    folder = path.parent
    scratch.sweep_beside(folder)  # what a run killed by SIGKILL left here
    temp = ""
    try:
        try:
            with interrupt.deferred():  # a signal never falls between making and knowing it
                fd, temp = tempfile.mkstemp(
                    prefix=scratch.beside_prefix(path.name), suffix=".tmp", dir=folder
                )
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            if os.path.exists(path):
                os.chmod(temp, stat.S_IMODE(os.stat(path).st_mode))
            else:
                os.chmod(temp, 0o644)
            interrupt.pause(f"write:{path.name}")
            if check is not None:
                check(Path(temp))
            with interrupt.deferred():
                os.replace(temp, path)
                interrupt.note_written(path)
        except OSError as exc:
            raise write_failure(path, exc) from None
    except BaseException:
        if temp:
            with suppress(OSError):
                os.unlink(temp)
        raise
    fsync_folder(folder)


def write_text_atomic(path: Path, text: str, **kwargs: Any) -> None:
    try:
        data = text.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise PackageError.of("write-failed", "not-utf8", path=path, reason=exc.reason) from None
    atomic_write(path, data, **kwargs)


def fsync_folder(folder: Path) -> None:
    """Make a rename in `folder` durable (a no-op where folders cannot be opened)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


# What running out of room looks like to a writer: the cases a user can fix, not a bug.
NO_ROOM = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EROFS}


def write_failure(path: Path, exc: OSError) -> PackageError:
    """`write-failed`, saying why in words, for a write to `path` that raised `exc`."""
    reason = {
        errno.ENOSPC: "the disk is full",
        errno.EDQUOT: "the disk quota is exceeded",
        errno.EFBIG: "the file size limit is reached",
        errno.EROFS: "the file system is read-only",
        errno.EACCES: "permission denied",
        errno.EPERM: "permission denied",
    }.get(exc.errno or 0, exc.strerror or type(exc).__name__)
    return PackageError.of("write-failed", "cannot-write", path=path, reason=reason)


@contextmanager
def exclusive(folder: Path, what: str, wait: float = LOCK_WAIT_SECONDS) -> Iterator[None]:
    """Hold an exclusive lock on `folder` itself (no lock file is left behind).

    A second writer waits up to `wait` seconds, then is refused with `busy`. The lock is on the
    folder, not the file, because an atomic write replaces the file's inode.
    """
    try:
        fd = os.open(folder, os.O_RDONLY | _CLOEXEC)
    except OSError as exc:
        raise PackageError.of(
            "write-failed", "cannot-open", path=folder, reason=exc.strerror
        ) from None
    try:
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise PackageError.of("busy", "locked", what=what, folder=folder) from None
                time.sleep(0.05)
        yield
    finally:
        os.close(fd)  # closing releases the lock
