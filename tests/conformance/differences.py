"""The one list of differences: where this validator's verdict may differ from the standard's or
from frictionless's, each with its reason.

Kinds:
- `stricter`: this package's hygiene rules (validate/security_guarantees_2022/checks/hygiene.py)
  flag a package the standard accepts; frictionless accepts it too.
- `may-refuse`: the standard lets an implementation say a feature is not supported (Table
  Dialect: "An implementation MUST choose the most suitable strategy for communicating to the
  users if some relevant feature is not supported"; Table Schema: "Implementations SHOULD report
  an error if an attempt is made to evaluate a value against an unsupported constraint"), so a
  coded `unsupported-property` refusal is an accepted answer, whatever frictionless says.
- `frictionless`: frictionless 5 departs from the standard's text (quoted); this validator
  follows the text.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Difference:
    kind: str
    reason: str


KINDS = ("stricter", "may-refuse", "frictionless")


def _stricter(reason: str) -> Difference:
    return Difference("stricter", reason)


def _refusable(reason: str) -> Difference:
    return Difference("may-refuse", reason)


def _frictionless(reason: str) -> Difference:
    return Difference("frictionless", reason)


DIFFERENCES: dict[str, list[Difference]] = {
    # -- stricter: the dataset's hygiene rules ---------------------------------------------
    "hygiene-crlf": [_stricter("LF line ends only: the data is diffed and hashed line by line, and one line-end convention keeps a file's hash stable across platforms (code crlf)")],
    "hygiene-bom": [_stricter("UTF-8 without a byte-order mark, the standard's own recommendation made a rule (code bom)")],
    "hygiene-leading-space": [_stricter("no leading or trailing whitespace in a string cell: invisible differences make equal-looking keys differ (code whitespace)")],
    "hygiene-trailing-space": [_stricter("no leading or trailing whitespace in a string cell (code whitespace)")],
    "hygiene-not-nfc": [_stricter("string cells in Unicode NFC, so equal text is equal bytes and text spans count the same characters (code not-nfc)")],
    "hygiene-formula": [_stricter("no cell starts with = + - @: such cells run as formulas when the CSV is opened in a spreadsheet (code formula-prefix)")],
    "hygiene-control": [_stricter("no C0/C1 control characters in a cell (code control-character)")],
    "hygiene-bidi": [_stricter("no bidirectional formatting characters, which can reorder or hide text (Trojan Source) (code bidi-control)")],
}
