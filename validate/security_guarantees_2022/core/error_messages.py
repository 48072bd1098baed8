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
    # --- Table Schemas, fields, types and constraints (core/model.py, cells, rules, tables) ---
    # --- the descriptor, dialects, properties and metadata (core/descriptor.py and neighbours) ---
    # --- files, outputs and releases (core/safe_files.py, core/memory.py, release/, spark/) ---
    # --- the engines and the rule registry (core/run.py, stream, context, checks/registry) ---
    ("bad-usage", "batch-rows-not-whole"): "--batch-rows {rows!r}: give a whole number ≥ 1",
    ("bad-usage", "batch-rows-out-of-range"): (
        "--batch-rows {rows!r}: give a whole number from 1 to {limit:,}"
    ),
    ("changed-while-reading", "read-twice"): (
        "{path} changed while it was read ({why}); nothing read from it was used: run again "
        "once nothing writes to it"
    ),
    ("missing-file", "unreadable"): "{file} cannot be read: {reason}",
    ("unknown-resource", "no-such-table"): "no table named {names}; the tables are {tables}",
    ("unreadable-table", "not-csv"): "{file}: {reason}",
    ("unreadable-table", "columns-missing"): (
        "{file}: the header lacks the column(s) {columns} of its schema"
    ),
}
