"""The streaming engine: each table read, screened and checked a batch of rows at a time.

The default engine holds every table whole, about 1.4 GB per million statements. This one holds
only what checks across tables need: each registered rule (checks/registry.py) at each place it
applies becomes a Unit of the table's columns it reads and the columns of other tables it needs,
as the rule declares them (plan.py). Tables are read in an order that puts a foreign key's target
before the tables pointing to it; a unit whose other tables are all read by then runs on every
batch, against what they hold; the rest (a table's references to itself, a cycle of tables) run
at the end on the columns held for them (held.py). A sorted primary key is proved unique batch
by batch without being held. The rules' bodies are the default engine's own (their polars
bodies), called on a Context of the batch and the held columns, so issue codes, rows, columns,
values and messages are the same. batches.py holds the plumbing of the batches.
"""

from __future__ import annotations

import contextlib
import pickle
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polars as pl

from ..checks import CELL_CHECK, FILE_CHECKS, Rule, Use, keys, sources, spans
from ..core import interrupt
from ..core.capped import CappedIssues
from ..core.context import Context
from ..core.descriptor import Resource, load_package
from ..core.exact import NeedsExactRead, Reading, TableReadError
from ..core.report import Issue, PackageError
from ..core.rules import unique_key
from ..core.scans import FileScan, Scanner, scan_file
from ..core.scratch import scratch_folder
from ..core.tables import check_lines, read_text_batches, typed_expr
from .batches import (
    copied,
    finished,
    header_of,
    no_rows,
    one_thread_pool,
    prefetched,
    same_bytes,
    screened,
    shifted,
)
from .held import HeldParts, KeyOrder
from .plan import Run, Unit, Way, reading_order, units_of
from .screen import screen
from .shared import MAX_EXPLAINED_ROWS, Engine, explained, read_error_issue

DEFAULT_BATCH_ROWS = 1_000_000
MAX_BATCH_ROWS = (1 << 63) - 1  # what polars takes as a batch size (a 64-bit signed count)


def streaming_engine(batch_rows: int = DEFAULT_BATCH_ROWS) -> Engine:
    """An Engine for run_checks that streams every table in batches of about `batch_rows`."""
    if (
        isinstance(batch_rows, bool)
        or not isinstance(batch_rows, int)
        or not 1 <= batch_rows <= MAX_BATCH_ROWS
    ):
        raise PackageError.of("bad-usage", "batch-rows-not-whole", rows=batch_rows)

    def engine(ctx: Context, found: CappedIssues, say: Callable[[str], None]) -> None:
        Streamer(ctx, found, say, batch_rows).run()

    return engine


WHOLE_TABLES_PER_CSV_BYTE = 2  # the default engine's peak RSS is ~1.7x the CSVs (bench/results.md)


def outgrows(path: str | Path | None, budget: int) -> int | None:
    """The tables' CSV bytes when holding them whole would likely pass a memory budget of
    `budget` bytes (then --memory picks the streaming mode by itself), else None."""
    package = load_package(path)
    size = sum(res.path.stat().st_size for res in package.tables.values() if res.path.is_file())
    return size if size * WHOLE_TABLES_PER_CSV_BYTE > budget else None


def parse_batch_rows(text: str) -> int:
    """The --batch-rows option: a whole number of rows, at least 1 (`1_000_000` allowed)."""
    try:
        rows = int(text.replace("_", ""), 10)
    except ValueError:
        rows = 0
    if rows < 1 or rows > MAX_BATCH_ROWS:
        raise PackageError.of(
            "bad-usage", "batch-rows-out-of-range", rows=text, limit=MAX_BATCH_ROWS
        )
    return rows


@dataclass
class Streamer:
    """One streaming run: the tables read in order, what each holds, the issues found."""

    ctx: Context
    found: CappedIssues
    say: Callable[[str], None]
    batch_rows: int
    held: dict[str, pl.DataFrame] = field(default_factory=dict)
    keyed: set[str] = field(default_factory=set)  # tables whose primary key is checked
    windows_read: set[tuple[str, int]] = field(default_factory=set)  # (sources table, first)
    last_window: tuple[tuple[str, int], Any] | None = None
    reader: ThreadPoolExecutor | None = None  # reads the next window of sources ahead
    pending: dict[tuple[str, int], Future[tuple[Any, list[Issue]]]] = field(default_factory=dict)
    spill: Path | None = None  # a folder this run made for windows of sources read once
    source_state: dict[str, Any] = field(default_factory=dict)
    scratch: ExitStack = field(default_factory=ExitStack)  # removes the spill folder
    spill_lock: threading.Lock = field(default_factory=threading.Lock)
    # the scans of the files that are not tables: a span window's read must hash as they did
    file_scans: dict[str, Future[FileScan] | FileScan] = field(default_factory=dict)
    exact: set[str] = field(default_factory=set)  # tables read by the exact reader (core/exact.py)

    def run(self) -> None:
        with self.scratch:  # the folder and the files this run made, nothing else, on any exit
            self._run()

    def _run(self) -> None:
        package = self.ctx.package
        ways: dict[str, Way] = {"sorted-key": self._key_units, "source-windows": self._source_units}
        units = units_of(package, ways)
        order = reading_order(package, units)
        done: set[str] = set()
        per_batch: dict[str, list[Unit]] = {name: [] for name in order}
        at_end: list[Unit] = []
        for name in order:
            for unit in units:
                if unit.table == name:
                    ready = all(t in done for t in unit.needs)  # itself is not done yet
                    (per_batch[name] if ready else at_end).append(unit)
            done.add(name)
        keep: dict[str, set[str]] = {name: set() for name in order}
        for unit in units:
            for table, columns in unit.needs.items():
                keep.setdefault(table, set()).update(columns)
        for unit in at_end:
            keep[unit.table] |= unit.columns
        with (
            one_thread_pool() as pool,
            one_thread_pool() as ahead,
            one_thread_pool() as self.reader,
        ):
            scans: dict[str, Future[FileScan] | FileScan] = {
                name: pool.submit(scan_file, res.path, check_utf8=True)
                for name, res in package.resources.items()
                if not res.is_table
            }
            self.file_scans = dict(scans)
            for name in order:
                res = package.tables[name]
                if res.path.is_file():
                    self.say(f"streaming {res.relpath} ({self.batch_rows:,} rows a batch)")
                    scans[name] = self._stream(res, per_batch[name], keep[name], ahead)
                else:
                    scans[name] = scan_file(res.path)  # missing, or refused at load
            self.ctx.scans = {
                name: scan if isinstance(scan, FileScan) else scan.result()
                for name in package.resources
                for scan in [scans[name]]
            }
        self.reader = None  # shut down: what is left is read in turn
        self.ctx.typed = self.held
        for check in FILE_CHECKS:
            self.found.extend(check(self.ctx))
        self.say("checking what needs whole tables")
        for unit in at_end:
            if unit.table in self.held:
                self.found.extend(unit.run(self.ctx))
        self._unread_sources()

    def _stream(
        self, res: Resource, units: list[Unit], keep: set[str], ahead: ThreadPoolExecutor
    ) -> FileScan:
        """_stream_once; a table whose rows the fast reader finds of the wrong shape (or blank)
        is read again, whole, by the exact reader, which reports each (core/exact.py)."""
        try:
            return self._stream_once(res, units, keep, ahead)
        except NeedsExactRead:
            self.exact.add(res.name)
            return self._stream_once(res, units, keep, ahead)

    def _stream_once(
        self,
        res: Resource,
        units: list[Unit],
        keep: set[str],
        ahead: ThreadPoolExecutor,
    ) -> FileScan:
        """Read one table in batches (the next one on `ahead` while this one is checked); its
        issues count only once it has been read whole. Returns the scan of the bytes parsed:
        every other read of the table (its `unique` columns, an unsorted key) must hash the
        same, or `changed-while-reading` is raised."""
        name = res.name
        own = CappedIssues()
        key = list(res.primary_key) if name in self.keyed else []
        key_order = KeyOrder(name, key)
        with contextlib.suppress(OSError):  # the read reports it
            check_lines(res)  # before polars reads a line for the repeats or a batch
        repeated, before = self._repeated(res)
        parts = HeldParts(self._spill_folder() if keep else None, name, sorted(keep))
        flagged_parts: list[pl.DataFrame] = []
        flagged_count = offset = 0
        header: list[str] | None = None
        scanner = Scanner()
        reading = Reading(name)
        exact = name in self.exact
        batches = read_text_batches(res, self.batch_rows, scanner, exact=exact, reading=reading)
        try:
            for text, typed, flagged in prefetched(screened(res, batches, repeated), ahead):
                header = header or text.columns
                room = MAX_EXPLAINED_ROWS - sum(p.height for p in flagged_parts)
                if room > 0 and not flagged.is_empty():
                    flagged_parts.append(copied(flagged.head(room)))
                flagged_count += flagged.height
                batch = Context(
                    self.ctx.package,
                    typed={**self.held, name: typed},
                    increasing_columns=self.ctx.increasing_columns,
                )
                for unit in units:
                    own.extend(shifted(unit.run(batch), name, offset))
                key_order.add(typed.select(key), offset)
                parts.add(typed)
                offset += typed.height
        except TableReadError as exc:
            self.found.append(read_error_issue(res, exc))
            return finished(res, scanner)
        scan = finished(res, scanner)
        same_bytes(res, before, scan)
        self.ctx.readings[name] = reading
        if header is None:  # a header and no rows: no batch at all
            text = pl.DataFrame(schema={c: pl.String for c in scanner.header or []})
            header = text.columns
            typed, _ = screen(res, text)
            parts.add(typed)
        flagged = pl.concat(flagged_parts) if flagged_parts else no_rows(header)
        own.extend(explained(res, flagged, header, flagged_count))
        own.extend(CELL_CHECK(Context(self.ctx.package, flagged={name: flagged})))
        if key_order.proved:
            own.absorb(key_order.issues)
        elif key and set(key) <= set(header):  # a key column not in the file: missing-column
            own.extend(self._key_repeats(res, key, scan))
        self.held[name] = parts.frame()
        self.found.absorb(own)
        return scan

    def _repeated(self, res: Resource) -> tuple[dict[str, pl.Series] | None, FileScan | None]:
        """Each `unique` column's values that repeat anywhere in the table (read for that alone),
        and the scan of the bytes they were read from."""
        unique = [f.name for f in res.fields() if f.unique]
        if not unique:
            return None, None
        scanner = Scanner()
        try:
            header = header_of(res)
            present = [c for c in unique if c in header]
            batches = read_text_batches(
                res, self.batch_rows, scanner, columns=present, exact=res.name in self.exact
            )
            whole = pl.concat(list(batches)) if present else pl.DataFrame()
            keys = {f.name: unique_key(f).alias(f.name) for f in res.fields() if f.name in present}
            repeated = {
                c: whole.select(keys[c]).filter(pl.col(c).is_duplicated()).unique().to_series()
                for c in present
            }
        except (pl.exceptions.PolarsError, OSError, TableReadError, ValueError, NeedsExactRead):
            return None, None  # the batches' read reports what is wrong with the file
        if not present:
            return repeated, None
        return repeated, finished(res, scanner)

    def _key_repeats(self, res: Resource, key: list[str], scan: FileScan) -> list[Issue]:
        """The primary key read again, alone, when it is not sorted: then it is held whole."""
        typed = [typed_expr(f) for f in res.fields() if f.name in key]
        scanner = Scanner()
        batches = read_text_batches(
            res, self.batch_rows, scanner, columns=key, exact=res.name in self.exact
        )
        parts = [t.select(typed) for t in batches]
        same_bytes(res, finished(res, scanner), scan)
        frame = pl.concat(parts) if parts else pl.DataFrame(schema={k: pl.String for k in key})
        ctx = Context(self.ctx.package, typed={res.name: frame})
        return list(keys.duplicate_keys(ctx, res.name))

    def _key_units(self, rule: Rule, use: Use) -> list[Unit]:
        """A primary key is proved unique as its table is read (_stream), without a Unit."""
        self.keyed.add(use.table)
        return []

    def _source_units(self, rule: Rule, use: Use) -> list[Unit]:
        """A sources table's rule as one Unit per table whose spans or evidence lie in it: each
        runs on that table's batches, reading the windows of sources they need."""
        spanning, quoting = use.args
        source = {use.table: set(use.columns)}
        found = [
            Unit(t, set(c), source, self._against_sources(t, "span", spans.windowed_span_issues))
            for t, c in spanning.items()
        ]
        found += [
            Unit(
                t,
                set(c),
                source,
                self._against_sources(t, "evidence", spans.windowed_evidence_issues),
            )
            for t, c in quoting.items()
        ]
        return found

    def _against_sources(self, name: str, rule: str, issues: Callable[..., Iterator[Issue]]) -> Run:
        """A table's spans or evidence (`rule`, its declaration in `checks`) against its sources,
        in the windows of sources read as batches need them."""

        def run(ctx: Context) -> Iterator[Issue]:
            declared = getattr(ctx.package.resources[name].checks, rule)
            assert declared is not None
            source = ctx.package.resources[name].target_of(declared.source)
            if source is None or source not in ctx.typed:
                return
            records, read = self._sources(source)
            yield from issues(ctx, name, records, self._window(source, read))

        return run

    def _sources(self, source: str) -> tuple[pl.DataFrame, Callable[[int], Any]]:
        if source not in self.source_state:
            res = self.ctx.package.resources[source]
            held = Context(self.ctx.package, typed=self.held)
            held.scans = {
                name: scan if isinstance(scan, FileScan) else scan.result()
                for name, scan in self.file_scans.items()
            }
            frame = sources.source_records(held, res)
            read = sources.read_sources(held, res, frame.to_dicts())
            self.source_state[source] = (frame, read)
        state: tuple[pl.DataFrame, Callable[[int], Any]] = self.source_state[source]
        return state

    def _window(self, source: str, read: Callable[[int], Any]) -> Callable[[int], Any]:
        """read(first) for the span checks: each window of sources is read from its files once,
        its issues recorded then, and kept in one file of a temporary folder for the other
        tables' spans (hundreds of thousands of small files are slow to read again: the
        disk, not the CPU, set the pace at 20 million statements); the last one stays in memory.
        The window after a new one is read and spilled ahead, on the run's reader thread.
        """

        def window(first: int) -> Any:
            at = (source, first)
            if self.last_window is not None and self.last_window[0] == at:
                return self.last_window[1]
            if at in self.windows_read:
                with self._spilled(at).open("rb") as handle:
                    batch = pickle.load(handle)  # written by _read_and_spill, this run
            else:
                batch, issues = self._take(at, read)
                self.found.extend(issues)
                following = first + sources.BATCH_SOURCES
                if following < self.source_state[source][0].height:
                    self._ahead((source, following), read)
            self.last_window = (at, batch)
            return batch

        return window

    def _take(
        self, at: tuple[str, int], read: Callable[[int], Any], *, spill: bool = True
    ) -> tuple[Any, list[Issue]]:
        """A window not taken before: the one read ahead for it, or read now (and spilled for
        the later span tables unless `spill` is false: no span needs it)."""
        pending = self.pending.pop(at, None)
        if pending is not None:
            taken = pending.result()
        else:
            taken = self._read_and_spill(at, read) if spill else read(at[1])
        self.windows_read.add(at)  # once read whole: a window that failed is not taken as read
        return taken

    def _ahead(self, at: tuple[str, int], read: Callable[[int], Any]) -> None:
        if at not in self.windows_read and at not in self.pending and self.reader is not None:
            self.pending[at] = self.reader.submit(self._read_and_spill, at, read)

    def _read_and_spill(
        self, at: tuple[str, int], read: Callable[[int], Any]
    ) -> tuple[Any, list[Issue]]:
        batch, issues = read(at[1])
        with self._spilled(at).open("wb") as handle:
            pickle.dump(batch, handle, protocol=pickle.HIGHEST_PROTOCOL)
        interrupt.pause("spilled")
        return batch, issues

    def _spilled(self, at: tuple[str, int]) -> Path:
        source, first = at
        return self._spill_folder() / f"{len(source)}-{source}-{first}.pickle"

    def _spill_folder(self) -> Path:
        """A temporary folder of this run's own, made when first needed (removed by run)."""
        with self.spill_lock:  # the reader thread and the main thread may both ask first
            if self.spill is None:
                self.spill = self.scratch.enter_context(scratch_folder("streaming"))
            return self.spill

    def _unread_sources(self) -> None:
        """The sources no span needed still have their files checked."""
        for source, res in self.ctx.package.tables.items():
            if res.checks.source_text is None or source not in self.held:
                continue
            frame, read = self._sources(source)
            for first in range(0, frame.height, sources.BATCH_SOURCES):
                if (source, first) not in self.windows_read:
                    self.found.extend(self._take((source, first), read, spill=False)[1])
