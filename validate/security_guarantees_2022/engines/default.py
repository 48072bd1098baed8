"""The default engine: every table read whole, once; its bytes hashed on a worker thread while
polars parses the same bytes (what is validated is what was hashed), screened meanwhile, and the
span check run on another thread beside the other checks (polars, numpy and hashlib release the
GIL)."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor

from ..checks import CELL_CHECK, FILE_CHECKS, Rule, Use, rule_uses
from ..core.capped import CappedIssues
from ..core.context import Context
from ..core.descriptor import Resource
from ..core.exact import TableReadError
from ..core.report import Issue, PackageError
from ..core.scans import FileScan, read_whole, scan_bytes, scan_file
from ..core.tables import check_lines, read_table_text
from .screen import screen
from .shared import MAX_EXPLAINED_ROWS, explained, read_error_issue


def default_engine(ctx: Context, report: CappedIssues, say: Callable[[str], None]) -> None:
    """Every check on every table held whole, into `report`; `say` tells the progress."""
    package = ctx.package
    with ThreadPoolExecutor(max_workers=1) as pool, ThreadPoolExecutor(max_workers=1) as lane:
        scans: dict[str, Future[FileScan]] = {
            name: pool.submit(scan_file, res.path, check_utf8=True)
            for name, res in package.resources.items()
            if not res.is_table
        }
        for name, res in package.tables.items():
            data = _read_table_bytes(res)
            if data is None:
                scans[name] = pool.submit(FileScan, exists=False)
                continue
            # hashed on the pool's thread while polars parses the very same bytes
            scans[name] = pool.submit(scan_bytes, data)
            say(f"reading and screening {res.relpath}")
            report.extend(_read_and_screen(ctx, res, data, scans[name]))
            del data
        ctx.scans = {name: scans[name].result() for name in package.resources}
        for check in FILE_CHECKS:
            report.extend(check(ctx))
        report.extend(CELL_CHECK(ctx))
        uses = [(rule, use) for rule, use in rule_uses(package) if use.table in ctx.typed]
        say("checking spans and sources (on a second thread)")
        beside = lane.submit(_collected, ctx, [(r, u) for r, u in uses if r.lane])
        for rule, use in uses:
            if not rule.lane:
                say(f"checking {rule.name} in {use.table}")
                report.extend(rule.polars(ctx, use))
        say("waiting for the span check")
        report.absorb(beside.result())


def _collected(ctx: Context, uses: list[tuple[Rule, Use]]) -> CappedIssues:
    found = CappedIssues()
    for rule, use in uses:
        found.extend(rule.polars(ctx, use))
    return found


def _read_table_bytes(res: Resource) -> bytes | None:
    """A table's bytes, read once (None: missing or not a regular file, as scan_file says); a
    file with a line past the limit is refused before it is held (`too-large`)."""
    try:
        check_lines(res)
        return read_whole(res.path)
    except (FileNotFoundError, NotADirectoryError):
        return None
    except PackageError as exc:
        if exc.code != "not-a-file":
            raise
        return None
    except OSError as exc:
        raise PackageError.of(
            "missing-file", "unreadable", file=res.relpath, reason=exc.strerror
        ) from None


def _read_and_screen(
    ctx: Context, res: Resource, data: bytes, scan: Future[FileScan]
) -> list[Issue]:
    """Read one table from its bytes, screen it, and explain what the screen flags; keep it
    typed in ctx."""
    try:
        text, ctx.readings[res.name] = read_table_text(res, scan=scan.result, data=data)
    except TableReadError as exc:
        return [read_error_issue(res, exc, data)]
    typed, flagged = screen(res, text)
    ctx.typed[res.name] = typed
    count = flagged.height
    flagged = flagged.head(MAX_EXPLAINED_ROWS)  # explaining each row costs; a count is enough
    ctx.flagged[res.name] = flagged
    return explained(res, flagged, text.columns, count)
