"""A table's CSV dialect (Table Dialect v2, CSV Dialect v1), read and vetted once when loaded.

Each property the readers implement is checked for a value they can honour; any other property
(a spreadsheet's `sheetName`, a multi-row header, a multi-character delimiter, one not in the
standard) is refused up front as `unsupported-property`, naming it: never read past. A dialect
that parses like RFC 4180 (the default) keeps the fast polars reader; any other takes the exact
reader (validate/security_guarantees_2022/core/exact.py), in every engine.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .properties import DESCRIPTIVE as SAYS_WHAT_IT_IS
from .properties import DIALECT
from .report import PackageError

# Properties that say what a dialect is, not how the file is read (the declaration's descriptive
# ones, and the profile, which core/descriptor.py vets).
DESCRIPTIVE = {"$schema", "profile"} | {
    key for key, declared in DIALECT.items() if declared.status == SAYS_WHAT_IT_IS
}
LINE_TERMINATORS = ("\r\n", "\n", "\r")  # the exact reader takes all three whatever is declared
SPECIAL = ("\r", "\n")


@dataclass(frozen=True)
class Dialect:
    delimiter: str = ","
    quote_char: str = '"'
    double_quote: bool = True
    escape_char: str | None = None
    skip_initial_space: bool = False
    header: bool = True
    header_row: int = 1  # the one header row (headerRows: [n]), counted from 1
    comment_char: str | None = None
    comment_rows: frozenset[int] = frozenset()
    null_sequence: str | None = None
    header_case: bool = True  # False: header labels match field names whatever their case
    skip_blank_rows: bool = False

    @property
    def is_default(self) -> bool:
        """Parses as the fast reader does (RFC 4180, one header row, nothing skipped)."""
        return self == DEFAULT

    def csv_options(self) -> dict[str, Any]:
        """The options of Python's csv.reader for this dialect (strict: bad quoting is an error)."""
        return {
            "delimiter": self.delimiter,
            "quotechar": self.quote_char,
            "doublequote": self.double_quote,
            "escapechar": self.escape_char,
            "skipinitialspace": self.skip_initial_space,
            "strict": True,
        }


DEFAULT = Dialect()


def _refuse(name: str, key: str, value: object, why: str = "") -> PackageError:
    if not why:
        return PackageError.of(
            "unsupported-property", "dialect-value", name=name, key=key, value=value
        )
    return PackageError.of(
        "unsupported-property", "dialect-value-why", name=name, key=key, value=value, why=why
    )


def _char(name: str, key: str, value: object) -> str:
    if not isinstance(value, str):
        raise PackageError.of("invalid-descriptor", "dialect-not-a-string", name=name, key=key)
    if key == "quoteChar" and len(value) != 1:  # what the standard forbids
        raise PackageError.of(
            "invalid-descriptor", "dialect-not-one-character", name=name, key=key, value=value
        )
    if not value:
        raise PackageError.of(
            "invalid-descriptor", "dialect-empty", name=name, key=key, value=value
        )
    if len(value) != 1 or value in SPECIAL:
        raise _refuse(name, key, value, "one character, not a line break, is read")
    return value


def _bool(name: str, key: str, value: object) -> bool:
    if not isinstance(value, bool):
        raise PackageError.of("invalid-descriptor", "dialect-not-a-boolean", name=name, key=key)
    return value


def _rows(name: str, key: str, value: object) -> list[int]:
    if not isinstance(value, list) or not all(
        isinstance(v, int) and not isinstance(v, bool) and v >= 1 for v in value
    ):
        raise PackageError.of("invalid-descriptor", "dialect-not-rows", name=name, key=key)
    return value


def read_dialect(descriptor: dict[str, Any] | None, name: str) -> Dialect:
    """The dialect of a table (`descriptor` is the dialect object, already read from its file
    when it was a path), every property vetted; frictionless's nested `csv` object is read too."""
    if descriptor is None:
        return DEFAULT
    flat = {k: v for k, v in descriptor.items() if k != "csv"}
    nested = descriptor.get("csv")
    if nested is not None:
        if not isinstance(nested, dict):
            raise PackageError.of("invalid-descriptor", "dialect-csv-not-an-object", name=name)
        flat.update(nested)
    options: dict[str, Any] = {}
    for key, value in flat.items():
        if key in DESCRIPTIVE:
            continue
        if key == "delimiter":
            options["delimiter"] = _char(name, key, value)
        elif key == "quoteChar":
            options["quote_char"] = _char(name, key, value)
        elif key == "escapeChar":
            options["escape_char"] = _char(name, key, value)
        elif key == "commentChar":
            options["comment_char"] = _char(name, key, value)
        elif key == "doubleQuote":
            options["double_quote"] = _bool(name, key, value)
        elif key == "skipInitialSpace":
            options["skip_initial_space"] = _bool(name, key, value)
        elif key == "header":
            options["header"] = _bool(name, key, value)
        elif key == "skipBlankRows":
            options["skip_blank_rows"] = _bool(name, key, value)
        elif key == "headerCase" or key == "caseSensitiveHeader":
            options["header_case"] = _bool(name, key, value)
        elif key == "headerRows":
            rows = _rows(name, key, value)
            if len(rows) != 1:
                raise _refuse(name, key, value, "a header of one row is read")
            options["header_row"] = rows[0]
        elif key == "headerJoin":  # joins the rows of a multi-row header, refused above
            if not isinstance(value, str):
                raise PackageError.of(
                    "invalid-descriptor", "dialect-not-a-string", name=name, key=key
                )
        elif key == "commentRows":
            options["comment_rows"] = frozenset(_rows(name, key, value))
        elif key == "lineTerminator":
            if value not in LINE_TERMINATORS:
                raise _refuse(name, key, value, "rows end with LF, CRLF or CR")
        elif key == "nullSequence":
            if not isinstance(value, str):
                raise PackageError.of(
                    "invalid-descriptor", "dialect-not-a-string", name=name, key=key
                )
            options["null_sequence"] = value
        else:
            raise _refuse(name, key, value)
    dialect = Dialect(**options)
    if dialect.quote_char in (dialect.delimiter, dialect.escape_char):
        raise _refuse(name, "quoteChar", dialect.quote_char, "the same as another character")
    if dialect.header and dialect.header_row in dialect.comment_rows:
        raise _refuse(name, "commentRows", sorted(dialect.comment_rows), "it holds the header row")
    return dialect
