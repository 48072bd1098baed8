"""A thin command line over the library: the exit code comes from the report.

0 valid, 1 invalid data, 2 unusable input (bad descriptor, unknown resource, unsafe path) or
output that cannot be written (`write-failed`: standard output closed, a full device, a closed
pipe), 3 a bug in the tool. A run stopped by a signal says `interrupted` and exits 128 + the
signal: 130 for SIGINT (Ctrl-C), 143 for SIGTERM, 129 for SIGHUP, after removing what it made
(validate/security_guarantees_2022/core/interrupt.py). Only click and the standard library are imported up front, so
`--help` answers at once; each command imports what it needs.
"""

from __future__ import annotations

import difflib
import os
import signal
import sys
import time
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import NoReturn, TextIO

import click

from .core import interrupt
from .core.report import InvalidPackageError, PackageError
from .core.safe_files import NO_ROOM, write_failure
from .render import json_text, printable

EXIT_VALID, EXIT_INVALID, EXIT_UNUSABLE, EXIT_BUG = 0, 1, 2, 3
DEBUG_VARIABLE = "SG2022_DEBUG"  # set to 1 to see the traceback behind an internal error


class DefaultCommandGroup(click.Group):
    """`security-guarantees-2022 [PATH]` runs `check`; named subcommands run as usual.

    A first word that is no command and no path, but close to a command (`relase`), is a typo:
    it is reported as one instead of being looked for as a package.
    """

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if not args or (args[0] not in self.commands and args[0] not in ("--help", "-h")):
            if args and not args[0].startswith("-") and not os.path.lexists(args[0]):
                close = difflib.get_close_matches(args[0], list(self.commands), n=1, cutoff=0.6)
                if close:
                    fail(
                        PackageError.of(
                            "unknown-command", "did-you-mean", word=args[0], close=close[0]
                        )
                    )
            args = ["check", *args]
        return super().parse_args(ctx, args)

    def main(self, *args: object, **kwargs: object) -> NoReturn:
        """click's own usage errors as one coded line too (exit 2), like every other error."""
        for stream in (sys.stdout, sys.stderr):  # a terminal that cannot show a character
            reconfigure = getattr(stream, "reconfigure", None)  # gets it escaped, not a crash
            if reconfigure is not None:
                reconfigure(errors="backslashreplace")
        interrupt.install()
        try:
            code = super().main(*args, standalone_mode=False, **kwargs)  # type: ignore[call-overload]
        except click.UsageError as exc:
            fail(PackageError.of("bad-usage", "click", reason=exc.format_message()))
        except interrupt.Interrupted as exc:
            fail(exc.error(), exc.exit_code)
        except (click.Abort, KeyboardInterrupt):  # SIGINT before the handler was in place
            fail(interrupt.Interrupted(signal.SIGINT).error(), 128 + signal.SIGINT)
        sys.exit(code if isinstance(code, int) else EXIT_VALID)


@click.group(cls=DefaultCommandGroup, context_settings={"help_option_names": ["-h", "--help"]})
def main() -> None:
    """Validate the security-guarantees-2022 data package, or a fork of it.

    Without a command, runs `check` on PATH (default: the bundled package).
    """


def fail(error: PackageError, exit_code: int = EXIT_UNUSABLE) -> NoReturn:
    """One coded line on stderr (if stderr can be written to at all), then the exit code.

    The line is always a PackageError's, so its code is registered and its sentence is its
    case's template (core/error_messages.py)."""
    try:
        click.echo(
            click.style("error", fg="red", bold=True)
            + f" [{error.code}]: {printable(error.message)}",
            err=True,
        )
    except (OSError, ValueError):  # stderr closed or full: the exit code still says it
        _discard(sys.stderr)
    sys.exit(exit_code)


def emit(text: str, *, nl: bool = True) -> None:
    """A command's output on stdout; output that cannot be written is `write-failed` (exit 2),
    never a traceback and never a silent success (with stdout closed, sys.stdout is None)."""
    _write_stdout(lambda out: click.echo(text, file=out, nl=nl))


def emit_json(payload: object) -> None:
    """JSON on stdout as UTF-8 bytes whatever the locale or PYTHONIOENCODING (RFC 8259)."""
    data = (json_text(payload) + "\n").encode("utf-8")

    def write(out: TextIO) -> None:
        binary = getattr(out, "buffer", None)
        if binary is None:  # a text-only stream (a test's capture): it takes the text
            out.write(data.decode("utf-8"))
            out.flush()
            return
        out.flush()
        binary.write(data)
        binary.flush()

    _write_stdout(write)


def _write_stdout(write: Callable[[TextIO], object]) -> None:
    out = sys.stdout
    if out is None:
        fail(PackageError.of("write-failed", "stdout-closed"))
    try:
        write(out)
    except (OSError, ValueError) as exc:  # a full device, a closed pipe, a closed file
        _discard(out)
        errno = exc.errno if isinstance(exc, OSError) else None
        reason = os.strerror(errno) if errno else str(exc)
        fail(PackageError.of("write-failed", "stdout", reason=reason))


def _discard(stream: TextIO | None) -> None:
    """Point a stream that failed at /dev/null: what it still buffers is flushed there at exit,
    which would otherwise fail again and turn the exit code into Python's 120."""
    try:
        if stream is not None:
            null = os.open(os.devnull, os.O_WRONLY)
            os.dup2(null, stream.fileno())
            os.close(null)
    except (OSError, ValueError, AttributeError):
        pass


@contextmanager
def reported_errors() -> Iterator[None]:
    """Every command's errors as one coded line and an exit code, never a traceback.

    Unusable input exits 2, an invalid package 1, and anything else is a bug in the tool: exit 3
    with `internal-error` (the traceback is shown when SG2022_DEBUG=1).
    """
    try:
        yield
    except PackageError as exc:
        fail(exc)
    except InvalidPackageError as exc:
        fail(exc.error, EXIT_INVALID)
    except (
        KeyboardInterrupt,
        interrupt.Interrupted,
        SystemExit,
        GeneratorExit,
        click.ClickException,
        click.exceptions.Exit,
    ):
        raise
    except MemoryError:
        fail(PackageError.of("internal-error", "out-of-memory"), EXIT_BUG)
    except OSError as exc:
        if exc.errno not in NO_ROOM:
            _internal(exc)
        fail(write_failure(Path(exc.filename or "a file"), exc))
    except BaseException as exc:  # a panic in a compiled library (polars) is no Exception
        _internal(exc)


def _internal(exc: BaseException) -> NoReturn:
    if os.environ.get(DEBUG_VARIABLE) == "1":
        traceback.print_exception(exc)
    fail(
        PackageError.of(
            "internal-error",
            "uncaught",
            kind=type(exc).__name__,
            reason=str(exc),
            variable=DEBUG_VARIABLE,
        ),
        EXIT_BUG,
    )


def stage_printer(quiet: bool) -> Callable[[str], None] | None:
    """One stderr line per stage, with the seconds so far: on a terminal, piped or in CI alike."""
    if quiet:
        return None
    started = time.monotonic()
    return lambda message: click.echo(
        f"… {printable(message)} ({time.monotonic() - started:.1f} s)", err=True
    )


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")


@main.command()
@click.argument("path", required=False)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="text for people (summary first); json for machines (the complete report).",
)
@click.option(
    "--second-opinion/--no-second-opinion",
    default=None,
    help="Also run frictionless on spec conformance (default: on when CI=true, else off).",
)
@click.option(
    "--limit",
    type=click.IntRange(min=0),
    default=20,
    show_default=True,
    help="Issues shown per code and table in text (0: counts only).",
)
@click.option("--code", "codes", multiple=True, help="Show only this issue code (repeatable).")
@click.option("--table", "tables", multiple=True, help="Show only this table (repeatable).")
@click.option("--quiet", "-q", is_flag=True, help="No progress lines on stderr.")
@click.option(
    "--engine",
    type=click.Choice(["local", "spark"]),
    default="local",
    show_default=True,
    help="local: polars on this machine. spark: the same checks on Apache Spark "
    "(needs the spark extra and Java).",
)
@click.option(
    "--spark-master",
    default="local[*]",
    show_default=True,
    metavar="URL",
    help="With --engine spark: the Spark master, e.g. local[2] or spark://host:7077.",
)
@click.option(
    "--memory",
    metavar="SIZE",
    help="Stop with memory-budget (exit 2) if the run holds more than SIZE (e.g. 4G, 512M); "
    "tables too large to hold whole within it are checked with --streaming.",
)
@click.option(
    "--streaming",
    is_flag=True,
    help="Read each table in batches and hold only the columns checks across tables need: "
    "bounded memory for a package larger than this machine's (local engine).",
)
@click.option(
    "--batch-rows",
    metavar="N",
    help="With --streaming: rows read at a time (default 1,000,000).",
)
def check(
    path: str | None,
    fmt: str,
    second_opinion: bool | None,
    limit: int,
    codes: tuple[str, ...],
    tables: tuple[str, ...],
    quiet: bool,
    engine: str,
    spark_master: str,
    memory: str | None,
    streaming: bool,
    batch_rows: str | None,
) -> None:
    """Validate PATH (a datapackage.json or its folder; default: the bundled package).

    The text report and its filters are for reading; the JSON report always holds every issue.
    """
    second = in_ci() if second_opinion is None else second_opinion
    with reported_errors():
        if memory is not None:
            from .core.memory import exit_over_budget, parse_size, watch

            budget = parse_size(memory)
            watch(budget, exit_over_budget)
            if not streaming and engine == "local":
                from .engines.streaming import outgrows

                size = outgrows(path, budget)
                streaming = size is not None
                if size is not None and not quiet:
                    click.echo(
                        f"… streaming: tables of {size / (1 << 30):.1f} GiB would not fit "
                        f"--memory {memory} held whole",
                        err=True,
                    )
        rows = None
        if batch_rows is not None:
            from .engines.streaming import parse_batch_rows

            rows = parse_batch_rows(batch_rows)
            if not streaming:
                fail(PackageError.of("bad-usage", "batch-rows-without-streaming"))
        if streaming and engine == "spark":
            fail(PackageError.of("bad-usage", "streaming-with-spark"))
        if engine == "spark":
            from .spark import validate_with_spark

            report = validate_with_spark(
                path, master=spark_master, second=second, progress=stage_printer(quiet)
            )
        else:
            from .engines.run import validate_package

            report = validate_package(
                path,
                second=second,
                progress=stage_printer(quiet),
                streaming=streaming,
                batch_rows=rows,
            )
    if fmt == "json":
        emit_json(report.to_dict())
    else:
        from .render import render_text

        emit(render_text(report, limit=limit, codes=codes, tables=tables))
    sys.exit(EXIT_VALID if report.valid else EXIT_INVALID)


@main.command("stamp")
@click.argument("path", required=False)
def stamp_command(path: str | None) -> None:
    """Record each file's bytes and SHA-256 in PATH's datapackage.json (after editing a fork).

    For the bundled package, CITATION.cff is brought in step with the descriptor too.
    """
    with reported_errors():
        from .release.citation import sync_citation
        from .release.stamp import stamp

        changed = stamp(path)
        cited = sync_citation(path)
    names = printable(", ".join(changed))
    emit(f"stamped {len(changed)} resource(s){': ' + names if changed else ''}")
    if cited:
        emit(f"updated {printable(', '.join(map(str, cited)))}")


@main.command("citation")
@click.option("--write", is_flag=True, help="Rewrite CITATION.cff in this clone.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["cff", "bibtex"]),
    default="cff",
    show_default=True,
    help="CITATION.cff, or the same citation as a BibTeX entry.",
)
def citation_command(write: bool, fmt: str) -> None:
    """Print the citation (CITATION.cff or BibTeX) made from the bundled datapackage.json."""
    with reported_errors():
        from .core.descriptor import BUNDLED, load_package
        from .release.citation import bibtex_for, release_fields, render_citation, write_citation

        if write:
            emit(f"wrote {printable(', '.join(map(str, write_citation())))}")
        elif fmt == "bibtex":
            package = load_package(BUNDLED)
            emit(bibtex_for(package.metadata, package.root), nl=False)
        else:
            emit(render_citation(load_package(BUNDLED).metadata, release_fields()), nl=False)


@main.command("diff")
@click.argument("old")
@click.argument("new", required=False)
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
@click.option("--limit", default=50, show_default=True, help="Changes shown per table in text.")
def diff_command(old: str, new: str | None, fmt: str, limit: int) -> None:
    """Compare OLD and NEW (package folders or git refs): schema, rows by key, semver bump.

    NEW is by default the current folder in a clone, the bundled package in an install.

    Exits 1 when NEW's version is lower than the bump requires.
    """
    with reported_errors():
        from .core.home import BUNDLED, INSTALLED
        from .release.diff import diff
        from .render import render_diff

        if new is None:
            new = str(BUNDLED.parent) if INSTALLED else "."
        result = diff(old, new)
    if fmt == "json":
        emit_json(result.to_dict())
    else:
        emit(render_diff(result, limit))
    sys.exit(EXIT_VALID if result.version_ok else EXIT_INVALID)


@main.command("version-check")
def version_check_command() -> None:
    """Check the bundled version against the last release, CHANGELOG.md and CITATION.cff."""
    with reported_errors():
        from .release.record import check_version

        problems, result = check_version()
    for problem in problems:
        click.echo(
            click.style("version", fg="red", bold=True) + f": {printable(problem)}", err=True
        )
    if problems:
        sys.exit(EXIT_INVALID)
    if result is None:
        since = "no release yet"
    elif result.level == "none":
        since = f"no changes since release {result.old_version}"
    else:
        since = f"{result.level} changes since release {result.old_version}"
    emit(f"version ok ({since})")


@main.command("release")
@click.option("--out", default="dist", show_default=True, type=click.Path(path_type=Path))
@click.option("--record", is_flag=True, help="Also record this version in releases/.")
@click.option("--quiet", "-q", is_flag=True, help="No progress lines on stderr.")
def release_command(out: Path, record: bool, quiet: bool) -> None:
    """Build dist/: package zip, Parquet per table, SQLite with keys, and their SHA256SUMS.

    The package is validated first, with frictionless's second opinion.
    """
    with reported_errors():
        from .release.build import build_release
        from .release.record import check_recordable, check_version, record_release

        if record:
            check_recordable()
        problems, _ = check_version()
        if problems:
            for problem in problems:
                click.echo(
                    click.style("version", fg="red", bold=True) + f": {printable(problem)}",
                    err=True,
                )
            sys.exit(EXIT_INVALID)
        files = build_release(None, out, progress=stage_printer(quiet))
        for path in files:
            emit(printable(path))
        if record:
            entry = record_release()
            emit(f"recorded release {entry['version']} in releases/")
