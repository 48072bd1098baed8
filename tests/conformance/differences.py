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
    "hygiene-crlf": [
        _stricter(
            "LF line ends only: the data is diffed and hashed line by line, and one line-end convention keeps a file's hash stable across platforms (code crlf)"
        )
    ],
    "hygiene-bom": [
        _stricter(
            "UTF-8 without a byte-order mark, the standard's own recommendation made a rule (code bom)"
        )
    ],
    "hygiene-leading-space": [
        _stricter(
            "no leading or trailing whitespace in a string cell: invisible differences make equal-looking keys differ (code whitespace)"
        )
    ],
    "hygiene-trailing-space": [
        _stricter("no leading or trailing whitespace in a string cell (code whitespace)")
    ],
    "hygiene-not-nfc": [
        _stricter(
            "string cells in Unicode NFC, so equal text is equal bytes and text spans count the same characters (code not-nfc)"
        )
    ],
    "hygiene-formula": [
        _stricter(
            "no cell starts with = + - @: such cells run as formulas when the CSV is opened in a spreadsheet (code formula-prefix)"
        )
    ],
    "hygiene-control": [
        _stricter("no C0/C1 control characters in a cell (code control-character)")
    ],
    "hygiene-bidi": [
        _stricter(
            "no bidirectional formatting characters, which can reorder or hide text (Trojan Source) (code bidi-control)"
        )
    ],
    # -- may-refuse: features outside what this validator promises to read ---------------------
    "profile-unknown-name": [
        _refusable(
            "a profile that is no standard one (its rules unknown) is refused (unsupported-property), never read past"
        )
    ],
    "dialect-header-rows": [
        _refusable(
            "a header of several rows is refused (unsupported-property): one header row is read"
        )
    ],
    "dialect-header-join": [
        _refusable("headerJoin joins a header of several rows, which is refused (one row is read)")
    ],
    "dialect-comment-two-chars": [
        _refusable("a commentChar of more than one character is refused (unsupported-property)")
    ],
    "dialect-line-terminator": [
        _refusable(
            "lineTerminator other than a line end: refusing it (unsupported-property) is a coded answer the Table Dialect text allows"
        ),
        _frictionless(
            "frictionless reads with Python's csv module, which ignores lineterminator when reading; the TD spec example ('id,name;1,apple;2,orange' with lineTerminator ';') gives two rows"
        ),
    ],
    "dialect-null-sequence": [
        _refusable("nullSequence may be refused (unsupported-property) rather than read"),
        _frictionless(
            "frictionless 5 does not read nullSequence; TD: 'This property specifies the null sequence', spec example 'NA' -> null"
        ),
    ],
    "dialect-null-sequence-required": [
        _refusable("nullSequence may be refused (unsupported-property) rather than read"),
        _frictionless(
            "frictionless 5 does not read nullSequence, so the null in a required field passes; TD spec example gives {id: 2, name: null}"
        ),
    ],
    "dialect-escape-char": [
        _refusable("escapeChar may be refused (unsupported-property) rather than read")
    ],
    "dialect-escape-no-double-quote": [
        _refusable("doubleQuote false with an escapeChar may be refused (unsupported-property)")
    ],
    "dialect-comment-rows": [
        _refusable("commentRows may be refused (unsupported-property) rather than read")
    ],
    "exclusive-minimum": [
        _refusable(
            "exclusiveMinimum (v2) may be refused; TS: 'Implementations SHOULD report an error if an attempt is made to evaluate a value against an unsupported constraint'"
        )
    ],
    "exclusive-maximum": [
        _refusable("exclusiveMaximum (v2) may be refused, as an unsupported constraint")
    ],
    "categories-string": [
        _refusable("categories (v2) may be refused (unsupported-property) rather than read"),
        _frictionless(
            "frictionless 5 does not check categories; TS: 'The logical representation of data in the field MUST exactly match one of the values in categories.'"
        ),
    ],
    "categories-ok": [
        _refusable("categories (v2) may be refused (unsupported-property) rather than read")
    ],
    "unique-keys": [
        _refusable("uniqueKeys (v2) may be refused (unsupported-property) rather than read"),
        _frictionless(
            "frictionless 5 does not check uniqueKeys; TS: 'each row has a unique set of logical values in the fields a and b'"
        ),
    ],
    "unique-keys-nulls": [
        _refusable("uniqueKeys (v2) may be refused (unsupported-property) rather than read")
    ],
    "missing-objects": [
        _refusable(
            "missingValues as objects with labels (v2) may be refused (unsupported-property)"
        )
    ],
    "missing-objects-required": [
        _refusable(
            "missingValues as objects with labels (v2) may be refused (unsupported-property)"
        )
    ],
    "date-format-any": [
        _refusable(
            "format 'any' is 'NOT RECOMMENDED ... as it might cause interoperability issues' (TS datetime): refusing it is a coded answer"
        )
    ],
    "hash-sha512": [
        _refusable(
            "a hash algorithm other than md5, sha1 and sha256 may be refused (unsupported-property) rather than left unchecked"
        )
    ],
    # -- frictionless: where frictionless 5 departs from the standard's text --------------------
    "integer-groupchar-comma": [
        _frictionless(
            "frictionless 5 ignores groupChar on integer fields; TS integer: 'groupChar: A string whose value is used to group digits within the integer.'"
        )
    ],
    "integer-groupchar-space": [
        _frictionless("frictionless 5 ignores groupChar on integer fields (TS integer: groupChar)")
    ],
    "integer-groupchar-dot": [
        _frictionless("frictionless 5 ignores groupChar on integer fields (TS integer: groupChar)")
    ],
    "integer-bare-false-groupchar": [
        _frictionless(
            "frictionless 5 ignores groupChar on integer fields (TS integer: groupChar with bareNumber false)"
        )
    ],
    "string-binary-bad": [
        _frictionless(
            "frictionless 5 accepts '!!!!' as binary; TS string: 'binary: A base64 encoded string representing binary data.'"
        )
    ],
    "datetime-space": [
        _frictionless(
            "frictionless 5 accepts a space between date and time; TS datetime default follows XML Schema dateTime, whose lexical form separates them with 'T'"
        )
    ],
    "yearmonth-one-digit-month": [
        _frictionless(
            "frictionless 5 accepts '2024-1'; TS yearmonth: 'as per XMLSchema gYearMonth', whose month has two digits (YYYY-MM)"
        )
    ],
    "duration-t-without-time": [
        _frictionless(
            "frictionless 5 accepts 'P1DT'; TS duration follows XML Schema duration, where 'T' must be followed by a time element"
        )
    ],
    "missing-duplicate": [
        _frictionless(
            "frictionless 5 accepts repeated missingValues; TS: 'missingValues MUST be an array where each entry is a unique string'"
        )
    ],
    "missing-field-duplicate": [
        _frictionless(
            "frictionless 5 accepts repeated field missingValues; TS: each entry 'a unique string'"
        )
    ],
    "dialect-undeclared-semicolon": [
        _frictionless(
            "frictionless sniffs the delimiter when none is declared; TD: 'delimiter: , by default'"
        )
    ],
    "dialect-skip-initial-space-default": [
        _frictionless(
            "frictionless strips the header's spaces; TD skipInitialSpace: 'if false, it means that whitespace immediately after a delimiter is treated as part of the following field', so the label ' name' is not 'name'"
        )
    ],
    "dialect-comment-char-empty": [
        _frictionless(
            "frictionless 5 accepts an empty commentChar; TD: commentChar 'MUST be a string of one or more characters'"
        )
    ],
    "hash-sha1-wrong": [
        _frictionless(
            "frictionless 5 does not check a sha1 hash; DR hash: 'Other algorithms can be indicated by prefixing the hash's value with the algorithm name' (example sha1:)"
        )
    ],
    "package-profile-v1-url": [
        _frictionless(
            "frictionless fetches the v1 profile URL from the network (which this suite shuts, so it reports metadata-error); DP: a data consumer MUST validate the descriptor according to the Profiles specification, whose standard profiles are known by URL and need no fetch"
        )
    ],
    "contributors-empty-object": [
        _frictionless(
            "frictionless 5 accepts an empty contributor; DP contributors: 'A Contributor MUST have at least one property.'"
        )
    ],
    "sources-empty-object": [
        _frictionless(
            "frictionless 5 accepts an empty source; DP sources: 'A Source object MUST have at least one property.'"
        )
    ],
    "resources-empty": [
        _frictionless(
            "frictionless 5 accepts an empty resources list; DP: 'The resources property is REQUIRED, with at least one resource.'"
        )
    ],
}
