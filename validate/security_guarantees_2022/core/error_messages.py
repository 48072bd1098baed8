"""How each unusable-input code reads, case by case: the templates `PackageError.of` fills.

A code (issue_codes.UNUSABLE) says what went wrong; a case names one situation in which it
does, and its template is the only place that situation's sentence is written. Call sites
pass facts (`table=`, `field=`, …), never prose, so every message can be read, reviewed and
documented here. `{command}` is always available (the installed command's name).
A code whose own `message` in the registry is a template uses the case "" (the empty case).
Entries are grouped by the part of the package that raises them.
"""

from __future__ import annotations

MESSAGES: dict[tuple[str, str], str] = {
    # --- the command line (cli.py) ---
    ("bad-usage", "click"): "{reason}",
    ("bad-usage", "batch-rows-without-streaming"): "--batch-rows applies only with --streaming",
    ("bad-usage", "streaming-with-spark"): (
        "--streaming is a mode of the local engine, not of --engine spark"
    ),
    ("unknown-command", "did-you-mean"): (
        "{word!r} is not a command (did you mean {close!r}?) and no such package path exists"
    ),
    ("write-failed", "stdout-closed"): "standard output is closed: the output could not be written",
    ("write-failed", "stdout"): "the output could not be written to standard output: {reason}",
    ("invalid-package", "not-valid"): "{package} is not valid ({count} issues: {codes})",
    ("internal-error", "out-of-memory"): "out of memory",
    ("internal-error", "uncaught"): (
        "{kind}: {reason} (please report this; {variable}=1 shows where)"
    ),
    ("interrupted", "nothing-written"): "stopped by {signal}; nothing was written",
    ("interrupted", "some-written"): (
        "stopped by {signal}; written whole before it: {files}; nothing else was written"
    ),
    # --- Table Schemas, fields, types and constraints (core/model.py, cells, rules, tables) ---
    # --- the descriptor, dialects, properties and metadata (core/descriptor.py and neighbours) ---
    # --- files, outputs and releases (core/safe_files.py, core/memory.py, release/, spark/) ---
    # the memory budget (core/memory.py)
    ("bad-usage", "memory-size"): "--memory {text!r}: give a size such as 4G or 512M",
    ("bad-usage", "memory-too-large"): "--memory {text!r}: give a size under 8 EiB",
    ("bad-usage", "memory-too-small"): "--memory {text!r}: a budget under 1 MiB cannot be kept",
    ("bad-usage", "memory-needs-proc"): "--memory needs /proc to read the process's memory",
    ("memory-budget", "over-budget"): (
        "the run held {held}, over the budget of {budget} (--memory); nothing was written. "
        "Raise the budget or validate on a machine with more memory"
    ),
    # reading files (core/safe_files.py)
    ("not-a-file", "not-regular"): "{what}: {path} is {kind}, not a regular file",
    ("not-a-file", "cannot-examine"): "{what}: {path} cannot be examined: {reason}",
    ("too-large", "file-over-limit"): "{what} is larger than {limit:,} bytes",
    ("invalid-json", "not-utf8"): "{what} is not valid UTF-8: {reason}",
    ("invalid-json", "too-deep"): "{what} nests deeper than {limit} levels",
    ("invalid-json", "not-json"): "{what} is not valid JSON: {reason}",
    ("invalid-json", "unwritable-value"): (
        "{what} holds a lone surrogate or an infinite number: {value!r}"
    ),
    ("missing-file", "not-found"): "{what} not found: {path}",
    ("missing-file", "unreadable"): "{what} cannot be read: {reason}",
    # writing files (core/safe_files.py, release/)
    ("write-failed", "not-utf8"): "{path}: text cannot be written as UTF-8 ({reason})",
    ("write-failed", "cannot-write"): "cannot write {path}: {reason}; it was left unchanged",
    ("write-failed", "cannot-open"): "cannot open {path}: {reason}",
    ("write-failed", "cannot-create"): "cannot create {path}: {reason}",
    ("write-failed", "release-copy"): "cannot write {path}: {reason}",
    ("write-failed", "sqlite"): "cannot build the SQLite database: {reason}",
    ("busy", "locked"): "{what}: another run is writing in {folder}; try again",
    # the output folder (release/output_folder.py)
    ("unsafe-output", "holds-the-package"): (
        "--out {out}: the package itself is in there; choose a new folder"
    ),
    ("unsafe-output", "inside-the-package"): (
        "--out {out}: inside the package's {part}; choose a new folder"
    ),
    ("unsafe-output", "not-a-folder"): "--out {out}: exists and is not a folder",
    ("unsafe-output", "marker-symlink"): "--out {out}: its {marker} is a symlink",
    ("unsafe-output", "not-empty"): (
        "--out {out}: the folder is not empty and was not made by this tool; "
        "choose a new or empty folder"
    ),
    ("unsafe-output", "marker-unreadable"): (
        "--out {out}: its {marker} is unreadable; choose a new folder"
    ),
    ("unsafe-output", "marker-not-a-list"): (
        "--out {out}: its {marker} is not a list of files inside it"
    ),
    ("unsafe-output", "not-a-plain-name"): "{relpath!r} is not a plain name inside --out",
    ("unsafe-output", "symlink-below-out"): "--out {out}: {path} is a symlink; nothing is written",
    # the release record, stamp and citation (release/record.py, stamp.py, citation.py)
    ("unsafe-output", "installed-releases"): (
        "an installed copy records no release (its releases/ is read-only); "
        "record releases in a clone"
    ),
    ("unsafe-output", "releases-symlink"): "{path} is a symlink; nothing is recorded",
    ("invalid-json", "release-index"): (
        "releases/index.json must be a list of releases with versions"
    ),
    ("unsafe-output", "latest-not-ours"): "{path} is not a folder this tool made",
    ("unsafe-output", "latest-not-a-package"): (
        "{path} does not hold a package this tool made ({reason})"
    ),
    ("unsafe-output", "latest-foreign-file"): (
        "{path} holds {relpath}, which is not a package file; "
        "move it away before recording a release"
    ),
    ("unsafe-output", "installed-stamp"): (
        "an installed package is not rewritten; stamp a copy of it (name its folder) or a clone"
    ),
    ("unsafe-output", "installed-citation"): (
        "an installed package is not rewritten; `{command} citation > CITATION.cff` "
        "writes its citation where you are"
    ),
    ("changed-while-reading", "stamp-edit"): (
        "{path} was changed while stamp ran; that edit is kept and nothing was written: "
        "run stamp again"
    ),
    ("missing-file", "resource-file"): "resource {name!r}: file not found: {path}",
    ("bad-usage", "release-variable"): "{variable}={value!r} is not {form}",
    # what a release carries (release/bundle.py)
    ("unsafe-path", "name-not-utf8"): "package file {relpath!r}: the name is not UTF-8",
    ("unsafe-path", "symlink-out-of-data"): (
        "package file {relpath} is a symlink to {target}, which is not package data"
    ),
    ("unsafe-path", "descriptor-name"): (
        "a release needs the descriptor named datapackage.json, not {name}"
    ),
    ("unsafe-path", "outside-release"): (
        "{relpath} is named by the descriptor but lies outside data/ and schemas/, "
        "which are all a release carries"
    ),
    ("missing-file", "package-file-unreadable"): "package file {relpath} cannot be read: {reason}",
    ("unsafe-path", "takeaway-symlink"): "{name} is a symlink; a release copies files",
    ("changed-while-reading", "since-validation"): (
        "{name} changed after it was validated (sha256 {then}… then, {now}… now); "
        "nothing of the release was written: run it again"
    ),
    # the sides of diff (release/diff.py, versions.py)
    ("unreadable-table", "read-failed"): "{path}: {reason}",
    ("invalid-descriptor", "version-not-semver"): (
        "version {version!r} is not semver MAJOR.MINOR.PATCH"
    ),
    ("unknown-ref", "no-git"): "git could not be run: {reason}",
    ("unknown-ref", "installed"): (
        "{spec!r} is no package folder, and git refs need a clone (an installed copy has "
        "no history)"
    ),
    ("unknown-ref", "not-a-ref"): (
        "{spec!r} is neither a package folder nor a git ref of this repository"
    ),
    ("unknown-ref", "export-failed"): "{spec!r}: git cannot export the package from it ({reason})",
    ("unsafe-path", "ref-unsafe"): (
        "{spec!r}: the package in this ref cannot be exported safely: {reason}"
    ),
    # the Spark engine (spark/session.py)
    ("engine-unavailable", "no-pyspark"): (
        "the Spark engine needs pyspark: pip install 'security-guarantees-2022[spark]' "
        "(and a Java runtime, e.g. Debian's openjdk-17-jre-headless)"
    ),
    ("engine-unavailable", "no-java"): (
        "the Spark engine needs a Java runtime (e.g. Debian's openjdk-17-jre-headless) "
        "on PATH or in JAVA_HOME"
    ),
    ("engine-unavailable", "not-started"): "Spark did not start at {master}: {reason}",
    # --- the engines and the rule registry (core/run.py, stream, context, checks/registry) ---
}
