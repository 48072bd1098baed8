"""The cases: one tiny table each, the verdict the standard's text gives it, and the sentence.

Written from the specifications (datapackage.org v2: Data Package, Data Resource, Table Schema,
Table Dialect; specs.frictionlessdata.io v1: the same and CSV Dialect), not from anyone's tests.
`expect` holds the codes this validator may give for a package the standard rejects (any one of
them is enough; a PackageError's code counts); an empty `expect` means the standard accepts it.
Where this validator is deliberately stricter than the standard, `spec_valid` is True and
`expect` names its finding: every such case is listed in differences.py with the reason.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

Value = Any  # a descriptor value, or a callable that computes one from the table's bytes


@dataclass(frozen=True)
class Case:
    id: str
    csv: str | bytes  # the table t.csv
    fields: list[dict[str, Any]]
    spec: str  # the sentence or section of the standard the verdict comes from
    expect: tuple[str, ...] = ()  # () = valid; else any of these codes
    spec_valid: bool | None = None  # the standard's verdict (default: valid iff no expect)
    schema: dict[str, Any] = field(default_factory=dict)  # more schema properties
    resource: dict[str, Value] = field(default_factory=dict)  # more resource properties
    package: dict[str, Any] = field(default_factory=dict)  # more package properties
    where: tuple[tuple[str, int], ...] = ()  # (code, row) findings that must be there
    more: tuple[
        tuple[str, str, list[dict[str, Any]]], ...
    ] = ()  # (name, csv, fields) of more tables
    files: dict[str, str] = field(default_factory=dict)  # other files beside the tables

    @property
    def valid(self) -> bool:
        return not self.expect if self.spec_valid is None else self.spec_valid


def F(name: str, type: str | None = None, c: dict[str, Any] | None = None, **props: Any) -> dict:
    """A field descriptor: name, type, constraints `c` and any other property."""
    out: dict[str, Any] = {"name": name}
    if type is not None:
        out["type"] = type
    if c is not None:
        out["constraints"] = c
    out.update(props)
    return out


def digest(algorithm: str, prefix: bool = True) -> Callable[[bytes], str]:
    def compute(data: bytes) -> str:
        value = hashlib.new(algorithm, data).hexdigest()
        return f"{algorithm}:{value}" if prefix else value

    return compute


def wrong(algorithm: str, prefix: bool = True) -> Callable[[bytes], str]:
    return lambda data: digest(algorithm, prefix)(data + b"!")


CASES: list[Case] = []


def ok(id: str, csv: str | bytes, fields: list[dict], spec: str, **kw: Any) -> None:
    CASES.append(Case(id, csv, fields, spec, **kw))


def bad(
    id: str,
    csv: str | bytes,
    fields: list[dict],
    expect: str | tuple[str, ...],
    spec: str,
    **kw: Any,
) -> None:
    codes = (expect,) if isinstance(expect, str) else expect
    CASES.append(Case(id, csv, fields, spec, codes, **kw))


# One case a line: the cases read as a table, so the formatter leaves them as written.
# fmt: off
INT = [F("a", "integer")]
NUM = [F("a", "number")]
STR = [F("id", "integer"), F("name", "string")]
AB = [F("a", "integer"), F("b", "string")]
DESCRIPTOR = ("invalid-descriptor",)
SCHEMA = ("invalid-schema",)
HEADER = ("missing-column", "extra-column", "column-order")
# Table Schema v2 properties are read in a package that declares v2 (frictionless needs it too)
V2 = {"$schema": "https://datapackage.org/profiles/2.0/datapackage.json"}

# -- integer ---------------------------------------------------------------------------------
TS_INT = "TS integer: 'Integer values are indicated in the standard way for any valid integer.'"
ok("integer-plain", "a\n1\n-2\n0\n42\n", INT, TS_INT)
bad("integer-fraction", "a\n1.5\n", INT, "type-error", TS_INT)
bad("integer-word", "a\nten\n", INT, "type-error", TS_INT)
bad("integer-exponent", "a\n1E3\n", INT, "type-error", TS_INT)
TS_GROUP = "TS integer: 'groupChar: A string whose value is used to group digits within the integer.'"
ok("integer-groupchar-comma", 'a\n"1,000"\n"12,345,678"\n', [F("a", "integer", groupChar=",")], TS_GROUP, package=V2)
ok("integer-groupchar-space", "a\n1 000\n", [F("a", "integer", groupChar=" ")], TS_GROUP, package=V2)
ok("integer-groupchar-dot", "a\n1.000.000\n", [F("a", "integer", groupChar=".")], TS_GROUP, package=V2)
bad("integer-group-undeclared", 'a\n"1,000"\n', INT, "type-error", TS_GROUP + " 'This property does not have a default value.'")
TS_BARE = "TS integer: 'bareNumber ... If false the contents of this field may contain leading and/or trailing non-numeric characters (which implementors MUST therefore strip).'"
ok("integer-bare-false-percent", "a\n95%\n", [F("a", "integer", bareNumber=False)], TS_BARE)
ok("integer-bare-false-currency", "a\n€95\nEUR 95\n", [F("a", "integer", bareNumber=False)], TS_BARE)
ok("integer-bare-false-plain", "a\n95\n", [F("a", "integer", bareNumber=False)], TS_BARE)
bad("integer-bare-default-percent", "a\n95%\n", INT, "type-error", "TS integer: 'bareNumber: a boolean field with a default of true. If true the physical contents of this field MUST follow the formatting constraints already set out.'")
bad("integer-bare-true-currency", "a\n€95\n", [F("a", "integer", bareNumber=True)], "type-error", TS_BARE)
bad("integer-bare-false-no-digits", "a\nabc\n", [F("a", "integer", bareNumber=False)], "type-error", TS_BARE + " (nothing numeric is left)")
ok("integer-bare-false-groupchar", 'a\n"$1,000"\n', [F("a", "integer", bareNumber=False, groupChar=",")], TS_BARE + " + " + TS_GROUP, package=V2)

# -- number ----------------------------------------------------------------------------------
TS_NUM = "TS number: 'a non-empty finite-length sequence of decimal digits separated by a period as a decimal indicator. An optional leading sign is allowed.' e.g. '-1.23', '12678967.543233', '+100000.00', '210'"
ok("number-spec-examples", "a\n-1.23\n12678967.543233\n+100000.00\n210\n", NUM, TS_NUM)
ok("number-special-values", "a\nNaN\nINF\n-INF\n", NUM, "TS number: 'The following special string values are permitted: NaN, INF, -INF'")
ok("number-special-any-case", "a\nnan\ninf\n-Inf\n", NUM, "TS number: special values, '(case need not be respected)'")
ok("number-exponent", "a\n1.5E3\n2E-2\n-3E+4\n", NUM, "TS number: 'exponent: this MUST consist of an E followed by an optional + or - sign followed by one or more decimal digits'")
bad("number-two-points", "a\n1.2.3\n", NUM, "type-error", TS_NUM)
bad("number-word", "a\nabc\n", NUM, "type-error", TS_NUM)
bad("number-exponent-no-digits", "a\n1E\n", NUM, "type-error", "TS number: exponent 'followed by one or more decimal digits'")
TS_DEC = "TS number: 'decimalChar: A string whose value is used to represent a decimal point within the number. The default value is \".\".'"
ok("number-decimalchar-comma", 'a\n"1,5"\n"-0,25"\n', [F("a", "number", decimalChar=",")], TS_DEC)
ok("number-decimal-and-group", 'a\n"1.000,5"\n', [F("a", "number", decimalChar=",", groupChar=".")], TS_DEC + " + groupChar")
ok("number-groupchar-comma", 'a\n"1,000.5"\n"100,000"\n', [F("a", "number", groupChar=",")], "TS number: 'groupChar ... A common value is \",\" e.g. \"100,000\".'")
bad("number-decimalchar-undeclared", 'a\n"1,5"\n', NUM, "type-error", TS_DEC)
bad("number-group-undeclared", 'a\n"1,000.5"\n', NUM, "type-error", "TS number: groupChar 'does not have a default value'")
ok("number-bare-false-percent", "a\n95%\n12.5%\n", [F("a", "number", bareNumber=False)], "TS number: bareNumber false: 'numeric data that contains trailing characters such as percentages e.g. 95%'")
ok("number-bare-false-currency", "a\n€95\nEUR 95.5\n", [F("a", "number", bareNumber=False)], "TS number: bareNumber false: 'leading characters such as currencies e.g. €95 or EUR 95'")
bad("number-bare-default-percent", "a\n95%\n", NUM, "type-error", "TS number: 'bareNumber ... If true the physical contents of this field MUST follow the formatting constraints'")
bad("number-bare-default-currency", "a\nEUR 95\n", NUM, "type-error", "TS number: bareNumber default true")
ok("number-bare-false-decimalchar", 'a\n"12,5 %"\n', [F("a", "number", bareNumber=False, decimalChar=",")], "TS number: bareNumber false with decimalChar")

# -- boolean ---------------------------------------------------------------------------------
TS_BOOL = "TS boolean: 'trueValues: [ \"true\", \"True\", \"TRUE\", \"1\" ], falseValues: [ \"false\", \"False\", \"FALSE\", \"0\" ]'"
ok("boolean-defaults", "a\ntrue\nTrue\nTRUE\n1\nfalse\nFalse\nFALSE\n0\n", [F("a", "boolean")], TS_BOOL)
bad("boolean-yes", "a\nyes\n", [F("a", "boolean")], "type-error", TS_BOOL)
bad("boolean-tRuE", "a\ntRuE\n", [F("a", "boolean")], "type-error", TS_BOOL)
TS_BOOLC = "TS boolean: 'trueValues and falseValues are arrays which can be customised to user need.'"
ok("boolean-custom", "a\nyes\nno\n", [F("a", "boolean", trueValues=["yes"], falseValues=["no"])], TS_BOOLC)
bad("boolean-custom-replaces-defaults", "a\ntrue\n", [F("a", "boolean", trueValues=["yes"], falseValues=["no"])], "type-error", TS_BOOLC)
bad("boolean-enum", "a\nfalse\n", [F("a", "boolean", c={"enum": [True]})], "constraint-enum", "TS enum: 'The value of the field MUST exactly match one of the values in the enum array.' (logical values)")

# -- string and its formats ------------------------------------------------------------------
TS_FMT = "TS string formats: 'email: A valid email address. uri: A valid URI. binary: A base64 encoded string representing binary data. uuid: A string that is a uuid.'"
ok("string-default", "a\napple\nx y\n", [F("a", "string")], "TS string: 'The field contains strings, that is, sequences of characters.'")
ok("string-email", "a\njane@example.org\n", [F("a", "string", format="email")], TS_FMT)
bad("string-email-bad", "a\nnot an email\n", [F("a", "string", format="email")], "type-error", TS_FMT)
bad("string-email-no-domain", "a\njane@\n", [F("a", "string", format="email")], "type-error", TS_FMT)
ok("string-uri", "a\nhttps://example.org/x?y=1\n", [F("a", "string", format="uri")], TS_FMT)
bad("string-uri-bad", "a\nnot a uri\n", [F("a", "string", format="uri")], "type-error", TS_FMT)
ok("string-uuid", "a\nf47ac10b-58cc-4372-a567-0e02b2c3d479\n", [F("a", "string", format="uuid")], TS_FMT)
bad("string-uuid-bad", "a\n1234\n", [F("a", "string", format="uuid")], "type-error", TS_FMT)
bad("string-uuid-bad-digit", "a\nf47ac10b-58cc-4372-a567-0e02b2c3d47g\n", [F("a", "string", format="uuid")], "type-error", TS_FMT)
ok("string-binary", "a\naGVsbG8=\nAAEC\n", [F("a", "string", format="binary")], TS_FMT)
bad("string-binary-bad", "a\n!!!!\n", [F("a", "string", format="binary")], "type-error", TS_FMT)
bad("string-format-unknown", "a\nx\n", [F("a", "string", format="phone")], SCHEMA, "TS string: 'Supported formats: default, email, uri, binary, uuid' (v1 profile: format enum)")

# -- constraints on strings (what already works) ---------------------------------------------
ok("required-present", "id,name\n1,apple\n", [F("id", "integer"), F("name", "string", c={"required": True})], "TS required: 'Indicates whether this field cannot be null.'")
bad("required-missing", "id,name\n1,apple\n2,\n", [F("id", "integer"), F("name", "string", c={"required": True})], "missing-value", "TS required: spec example 'Will be invalid because the name field is missing a value for the second row.'", where=(("missing-value", 3),))
bad("unique-duplicate", "id,name\n1,apple\n2,apple\n", [F("id", "integer"), F("name", "string", c={"unique": True})], "constraint-unique", "TS unique: spec example 'Will be invalid because the name field has a duplicate value.'")
ok("unique-nulls", "id,name\n1,\n2,\n", [F("id", "integer"), F("name", "string", c={"unique": True})], "TS unique: 'all values for that field MUST be unique' (nulls are not values; cf. uniqueKeys 'null values MUST be excluded')")
bad("minlength-short", "id,name\n1,apple\n2,plum\n", [F("id", "integer"), F("name", "string", c={"minLength": 5})], "constraint-length", "TS minLength: spec example 'invalid because the name field has a value that is too short'")
bad("maxlength-long", "id,name\n1,apple\n2,grapefruit\n", [F("id", "integer"), F("name", "string", c={"maxLength": 5})], "constraint-length", "TS maxLength: spec example 'too long'")
ok("length-counts-characters", "a\nééé\n", [F("a", "string", c={"minLength": 3, "maxLength": 3})], "TS minLength/maxLength: 'the minimum length of a value' (characters of the logical string)")
bad("pattern-mismatch", "id,name\n1,apple\n2,orange\n", [F("id", "integer"), F("name", "string", c={"pattern": "^a.*$"})], "constraint-pattern", "TS pattern: spec example 'invalid because the name field has a value that does not match the pattern'")
bad("pattern-whole-value", "a\naab\n", [F("a", "string", c={"pattern": "a+"})], "constraint-pattern", "TS pattern: 'MUST conform to the standard XML Schema regular expression syntax' (XML Schema patterns match the whole value)")
ok("pattern-match", "a\naa\n", [F("a", "string", c={"pattern": "a+"})], "TS pattern: 'If the regular expression matches then the value is valid.'")
bad("enum-string", "id,name\n1,apple\n2,orange\n", [F("id", "integer"), F("name", "string", c={"enum": ["apple"]})], "constraint-enum", "TS enum: spec example")
ok("enum-null-allowed", "id,name\n1,apple\n2,\n", [F("id", "integer"), F("name", "string", c={"enum": ["apple"]})], "TS required: 'If required is false (the default), then null is allowed.'")
bad("integer-minimum", "id,name,price\n1,apple,100\n2,orange,50\n", [F("id", "integer"), F("name", "string"), F("price", "integer", c={"minimum": 100})], "constraint-minimum", "TS minimum: spec example 'too low'")
bad("integer-maximum", "id,name,price\n1,apple,100\n2,orange,150\n", [F("id", "integer"), F("name", "string"), F("price", "integer", c={"maximum": 100})], "constraint-maximum", "TS maximum: spec example 'too high'")
ok("integer-minimum-equal", "a\n100\n", [F("a", "integer", c={"minimum": 100})], "TS minimum: 'checks whether a field value is greater than or equal to the specified value'")
bad("integer-enum", "a\n3\n", [F("a", "integer", c={"enum": [1, 2]})], "constraint-enum", "TS enum: 'exactly match one of the values' (logical integers)")
ok("integer-enum-logical", "a\n1\n", [F("a", "integer", c={"enum": [1, 2]})], "TS constraints: 'Constraints MUST be applied on the logical representation of field values and constraint values.'")
bad("number-minimum", "a\n0.4\n", [F("a", "number", c={"minimum": 0.5})], "constraint-minimum", "TS minimum: number fields")
bad("number-maximum", "a\n10.5\n", [F("a", "number", c={"maximum": 10})], "constraint-maximum", "TS maximum: number fields")
ok("integer-minimum-as-string", "a\n150\n", [F("a", "integer", c={"minimum": "100"})], "TS constraints: 'the physical representation of constraint values MAY be primitive types as possible in JSON, or represented as strings that are castable with the type and format rules of the field'")
bad("integer-maximum-as-string", "a\n150\n", [F("a", "integer", c={"maximum": "100"})], "constraint-maximum", "TS constraints: constraint values 'represented as strings that are castable'")

# -- date, and the temporal types ------------------------------------------------------------
DATE = [F("a", "date")]
TS_DATE = "TS date: 'default: The lexical representation MUST be yyyy-mm-dd e.g. 2024-01-26'"
ok("date-default", "a\n2024-01-26\n2024-02-29\n", DATE, TS_DATE)
bad("date-month-13", "a\n2024-13-01\n", DATE, "type-error", TS_DATE)
bad("date-feb-30", "a\n2023-02-29\n", DATE, "type-error", TS_DATE + " (no such day)")
bad("date-day-first", "a\n26/01/2024\n", DATE, "type-error", TS_DATE)
bad("date-with-time", "a\n2024-01-26T10:00:00\n", DATE, "type-error", "TS date: 'The field contains a date without a time.'")
TS_PAT = "TS datetime: '<PATTERN>: values in this field can be parsed according to <PATTERN> ... standard Python / C strptime'"
ok("date-pattern", "a\n26/01/2024\n", [F("a", "date", format="%d/%m/%Y")], TS_PAT)
bad("date-pattern-mismatch", "a\n2024-01-26\n", [F("a", "date", format="%d/%m/%Y")], "type-error", TS_PAT)
ok("date-fmt-prefix", "a\n26/01/2024\n", [F("a", "date", format="fmt:%d/%m/%Y")], "TS type and format: 'If format property start with fmt: prefix, an implementation MUST remove the prefix'")
ok("date-format-default-named", "a\n2024-01-26\n", [F("a", "date", format="default")], "TS type and format: 'the absence of a format property indicates that the field's type format is \"default\"'")
ok("date-format-any", "a\n2024-01-26\n", [F("a", "date", format="any")], "TS date: 'any: The same as for datetime' ('Any parsable representation of the value')")
bad("date-minimum", "a\n2023-12-31\n", [F("a", "date", c={"minimum": "2024-01-01"})], "constraint-minimum", "TS minimum: 'a date field might have a minimum date'")
bad("date-maximum", "a\n2024-02-01\n", [F("a", "date", c={"maximum": "2024-01-31"})], "constraint-maximum", "TS maximum: date fields")

DT = [F("a", "datetime")]
TS_DT = "TS datetime: 'default: ... XML Schema containing required date and time parts, followed by optional milliseconds and timezone parts, for example, 2024-01-26T15:00:00 or 2024-01-26T15:00:00.300-05:00'"
ok("datetime-default", "a\n2024-01-26T15:00:00\n2024-01-26T15:00:00.300-05:00\n2024-01-26T15:00:00Z\n", DT, TS_DT)
bad("datetime-date-only", "a\n2024-01-26\n", DT, "type-error", TS_DT)
bad("datetime-hour-25", "a\n2024-01-26T25:00:00\n", DT, "type-error", TS_DT)
bad("datetime-space", "a\n2024-01-26 15:00:00\n", DT, "type-error", TS_DT + " (XML Schema dateTime separates date and time with T)")
bad("datetime-word", "a\nnow\n", DT, "type-error", TS_DT)
ok("datetime-pattern", "a\n12/11/2018 09:15:32\n", [F("a", "datetime", format="%d/%m/%Y %H:%M:%S")], "TS datetime: spec example format '%d/%m/%Y %H:%M:%S' ... '12/11/2018 09:15:32'")
bad("datetime-pattern-mismatch", "a\n2018-11-12T09:15:32\n", [F("a", "datetime", format="%d/%m/%Y %H:%M:%S")], "type-error", TS_PAT)
bad("datetime-minimum", "a\n2023-12-31T23:59:59\n", [F("a", "datetime", c={"minimum": "2024-01-01T00:00:00"})], "constraint-minimum", "TS minimum: 'Fields: integer, number, date, time, datetime, ...'")
ok("datetime-required", "a\n2024-01-26T15:00:00\n", [F("a", "datetime", c={"required": True})], "TS required: 'Fields: all'")
bad("datetime-required-missing", "a,b\n,x\n", [F("a", "datetime", c={"required": True}), F("b")], "missing-value", "TS required: 'Fields: all'")

TM = [F("a", "time")]
TS_TIME = "TS time: 'default: The lexical representation MUST be hh:mm:ss e.g. 15:00:00'"
ok("time-default", "a\n15:00:00\n00:00:00\n23:59:59\n", TM, TS_TIME)
bad("time-hour-25", "a\n25:00:00\n", TM, "type-error", TS_TIME)
bad("time-no-seconds", "a\n15:00\n", TM, "type-error", TS_TIME)
bad("time-word", "a\nnoon\n", TM, "type-error", TS_TIME)
ok("time-pattern", "a\n1500\n", [F("a", "time", format="%H%M")], "TS time: '<PATTERN>: The same as for datetime'")
bad("time-maximum", "a\n13:00:00\n", [F("a", "time", c={"maximum": "12:00:00"})], "constraint-maximum", "TS maximum: 'Fields: ... time ...'")

YR = [F("a", "year")]
TS_YEAR = "TS year: 'A calendar year as per XMLSchema gYear. Usual lexical representation is YYYY.'"
ok("year-default", "a\n2024\n1999\n", YR, TS_YEAR)
bad("year-two-digits", "a\n24\n", YR, "type-error", TS_YEAR + " (gYear has at least four digits)")
bad("year-word", "a\nabcd\n", YR, "type-error", TS_YEAR)
bad("year-with-month", "a\n2024-01\n", YR, "type-error", TS_YEAR)
bad("year-minimum", "a\n1999\n", [F("a", "year", c={"minimum": 2000})], "constraint-minimum", "TS minimum: 'Fields: ... year ...'")

YM = [F("a", "yearmonth")]
TS_YM = "TS yearmonth: 'A specific month in a specific year as per XMLSchema gYearMonth. Usual lexical representation is: YYYY-MM.'"
ok("yearmonth-default", "a\n2024-01\n1999-12\n", YM, TS_YM)
bad("yearmonth-13", "a\n2024-13\n", YM, "type-error", TS_YM)
bad("yearmonth-year-only", "a\n2024\n", YM, "type-error", TS_YM)
bad("yearmonth-one-digit-month", "a\n2024-1\n", YM, "type-error", TS_YM + " (gYearMonth: two-digit month)")
bad("yearmonth-minimum", "a\n2023-12\n", [F("a", "yearmonth", c={"minimum": "2024-01"})], "constraint-minimum", "TS minimum: 'Fields: ... yearmonth'")

DU = [F("a", "duration")]
TS_DUR = "TS duration: 'the ISO 8601 extended format PnYnMnDTnHnMnS ... The number of seconds can include decimal digits to arbitrary precision. ... elements MAY be omitted if their value is zero'"
ok("duration-default", "a\nP1Y2M3DT4H5M6S\nPT0.5S\nP3D\nPT36H\n", DU, TS_DUR)
bad("duration-words", "a\n1 day\n", DU, "type-error", TS_DUR)
bad("duration-no-p", "a\n1Y2M\n", DU, "type-error", TS_DUR)
bad("duration-t-without-time", "a\nP1DT\n", DU, "type-error", TS_DUR + " (XML Schema: T must be followed by a time element)")

TS_ANY = "TS any: 'A data consumer MUST NOT perform any processing on this field's values and MUST interpret them as it is in the data source.'"
ok("any-mixed", "a\n1\napple\n2024-01-26\n", [F("a", "any")], TS_ANY, package=V2)
ok("any-untyped-v2", "id,name\n1,apple\n2,orange\n", [F("id"), F("name")], "TS type and format: 'If type is not provided a consumer MUST utilize the any type for the field'", package=V2)
bad("any-required", "a,b\n,x\n", [F("a", "any", c={"required": True}), F("b")], "missing-value", "TS required: 'Fields: all'", package=V2)
bad("any-enum", "a\nc\n", [F("a", "any", c={"enum": ["a", "b"]})], "constraint-enum", "TS enum: 'Fields: all'", package=V2)
bad("type-unknown", "a\nx\n", [F("a", "strang")], SCHEMA, "TS Field Types: 'The type list with associated formats' (v1/v2 profiles: type enum)")
bad("type-not-string", "a\nx\n", [F("a", 5)], SCHEMA, "TS type and format: 'A field's type property is a string'")  # type: ignore[arg-type]

# -- missing values --------------------------------------------------------------------------
TS_MV = "TS missingValues: 'missingValues dictates which values SHOULD be treated as missing values.'"
TS_FMV = "TS field missingValues: 'it takes precedence over the schema-level property and completely replaces it for the field without combining the values.'"
ok("missing-schema-na", "a,b\nNA,x\n1,y\n", AB, TS_MV, schema={"missingValues": ["", "NA"]})
bad("missing-schema-na-required", "a,b\nNA,x\n", [F("a", "integer", c={"required": True}), F("b")], "missing-value", TS_MV + " + required", schema={"missingValues": ["", "NA"]})
ok("missing-field-na", "a,b\nNA,x\n1,y\n", [F("a", "integer", missingValues=["NA"]), F("b")], TS_FMV, package=V2)
bad("missing-field-na-required", "a,b\nNA,x\n", [F("a", "integer", missingValues=["NA"], c={"required": True}), F("b")], "missing-value", TS_FMV + " + required", package=V2, where=(("missing-value", 2),))
bad("missing-field-replaces-schema", "column1,column2\nNA,NA\n", [F("column1", "integer"), F("column2", "integer", missingValues=["-"])], "type-error", "TS field missingValues: spec example: 'interpret only - as a missing value for column2'", schema={"missingValues": ["", "NA"]}, package=V2, where=(("type-error", 2),))
ok("missing-field-dash", "column1,column2,b\nNA,-,x\n,-,y\n", [F("column1", "integer"), F("column2", "integer", missingValues=["-"]), F("b")], "TS field missingValues: spec example: 'interpret \"\" and NA as missing values for column1'", schema={"missingValues": ["", "NA"]}, package=V2)
bad("missing-field-empty-not-missing", "a,b\n,x\n", [F("a", "integer", missingValues=["-"]), F("b")], "type-error", TS_FMV + " (\"\" is no longer missing)", package=V2)
ok("missing-empty-list-string", "a,b\n,x\n", [F("a", "string", c={"required": True}), F("b")], "TS missingValues: 'Providing the empty list [] means that no conversion to null will be done, on any value.'", schema={"missingValues": []})
bad("missing-empty-list-integer", "a,b\n,x\n", [F("a", "integer"), F("b")], "type-error", "TS missingValues: '[] means that no conversion to null will be done'", schema={"missingValues": []})
ok("missing-number-dash", "a,b\n-,x\n1.5,y\n", [F("a", "number"), F("b")], "TS missingValues: 'a number field to have missing values indicated by -'", schema={"missingValues": ["-"]})
bad("missing-default-empty-required", "a,b\n,x\n", [F("a", "integer", c={"required": True}), F("b")], "missing-value", "TS missingValues: 'The default value [ \"\" ] means that empty strings will be converted to null'")
ok("missing-objects", "a,b\n-99,x\n1,y\n", AB, "TS missingValues (v2): 'or an array where each entry is an object ... each object MUST have a unique value'", schema={"missingValues": [{"value": "", "label": "OMITTED"}, {"value": "-99", "label": "REFUSED"}]}, package=V2)
bad("missing-objects-required", "a,b\n-99,x\n", [F("a", "integer", c={"required": True}), F("b")], "missing-value", "TS missingValues (v2) objects + required", schema={"missingValues": [{"value": "-99", "label": "REFUSED"}]}, package=V2)
bad("missing-duplicate", "a\n1\n", INT, SCHEMA, "TS missingValues: 'MUST be an array where each entry is a unique string'", schema={"missingValues": ["NA", "NA"]})
bad("missing-field-duplicate", "a\n1\n", [F("a", "integer", missingValues=["NA", "NA"])], SCHEMA, "TS field missingValues: 'as per Missing Values definition' (each entry unique)", package=V2)
bad("missing-not-strings", "a\n1\n", INT, SCHEMA, "TS missingValues: 'each entry is a unique string'", schema={"missingValues": [1]})
bad("missing-field-not-list", "a\n1\n", [F("a", "integer", missingValues="NA")], SCHEMA, "TS missingValues: 'MUST be an array'", package=V2)
bad("missing-primary-key", "a,b\nNA,x\n", AB, "missing-value", "TS primaryKey: 'the fields cannot be null, so their use in the primary key is equivalent to adding required: true'", schema={"missingValues": ["", "NA"], "primaryKey": ["a"]})

# -- dialect ---------------------------------------------------------------------------------
TD_DELIM = "TD delimiter: 'This property specifies the character sequence which separates fields in the data file.'"
ok("dialect-semicolon", "a;b\n1;x\n2;y\n", AB, TD_DELIM, resource={"dialect": {"delimiter": ";"}})
ok("dialect-pipe", "id|name\n1|apple\n2|orange\n", STR, "TD delimiter: spec example 'delimiter: |'", resource={"dialect": {"delimiter": "|"}})
ok("dialect-tab", "a\tb\n1\tx\n", AB, TD_DELIM, resource={"dialect": {"delimiter": "\t"}})
bad("dialect-semicolon-on-comma-file", "a,b\n1,x\n", AB, (*HEADER, "missing-cell"), TD_DELIM + " (the file has one column 'a,b')", resource={"dialect": {"delimiter": ";"}})
bad("dialect-undeclared-semicolon", "a;b\n1;x\n", AB, HEADER, "TD delimited: 'delimiter: , by default'")
bad("dialect-semicolon-typed", "a;b\nx;y\n", AB, "type-error", TD_DELIM + " (cells are read, then typed)", resource={"dialect": {"delimiter": ";"}})
ok("dialect-semicolon-quoted", 'a;b\n1;"x;y"\n', AB, TD_DELIM + " + quoteChar", resource={"dialect": {"delimiter": ";"}})
ok("dialect-from-path", "a;b\n1;x\n", AB, "DR dialect: 'MUST be a Table Dialect descriptor in a form of an object or URL-or-Path'", resource={"dialect": "dialect.json"}, files={"dialect.json": '{"delimiter": ";"}\n'})
TD_HEADER = "TD header: 'This property indicates whether the file includes a header row. If true the first row in the file MUST be interpreted as a header row, not data.'"
ok("dialect-header-false", "1,apple\n2,orange\n", STR, TD_HEADER + " (spec example header: false)", resource={"dialect": {"header": False}})
bad("dialect-header-false-typed", "x,apple\n", STR, "type-error", TD_HEADER + " (the first row is data, so it is typed)", resource={"dialect": {"header": False}})
bad("dialect-header-default-true", "1,apple\n2,orange\n", STR, HEADER, "TD header: 'MUST be boolean with default value true'")
ok("dialect-header-true-explicit", "id,name\n1,apple\n", STR, TD_HEADER, resource={"dialect": {"header": True}})
TD_HROWS = "TD headerRows: 'This property specifies the row numbers for the header.' headerJoin: ' ' by default"
ok("dialect-header-rows", "a,b\nx,y\n1,2\n", [F("a x", "integer"), F("b y", "integer")], TD_HROWS, resource={"dialect": {"headerRows": [1, 2]}})
ok("dialect-header-join", "a,b\nx,y\n1,2\n", [F("a-x", "integer"), F("b-y", "integer")], "TD headerJoin: 'This property specifies how multiline-header files have to join the resulting header rows.'", resource={"dialect": {"headerRows": [1, 2], "headerJoin": "-"}}, package=V2)
TD_COMMENT = "TD commentChar: 'This property specifies what rows have to be omitted from the data based on the row's first characters.'"
ok("dialect-comment-char", "id,name\n#fruits\n1,apple\n2,orange\n", STR, TD_COMMENT + " (spec example)", resource={"dialect": {"commentChar": "#"}})
bad("dialect-comment-undeclared", "id,name\n#fruits\n1,apple\n", STR, ("type-error", "missing-cell"), "TD commentChar: 'undefined by default'")
ok("dialect-comment-two-chars", "id,name\n//fruits\n1,apple\n", STR, "TD commentChar: 'MUST be a string of one or more characters'", resource={"dialect": {"commentChar": "//"}})
ok("dialect-comment-rows", "id,name\n#fruits\n1,apple\n", STR, "TD commentRows: 'This property specifies what rows have to be omitted from the data.' (spec example [2])", resource={"dialect": {"commentRows": [2]}}, package=V2)
TD_QUOTE = "TD quoteChar: 'This property specifies a character to use for quoting in case the delimiter needs to be used inside a data cell.'"
ok("dialect-quote-single", "id,name\n1,'apple,fruits'\n2,'orange,fruits'\n", STR, TD_QUOTE + " (spec example)", resource={"dialect": {"quoteChar": "'"}})
bad("dialect-quote-default-double", "id,name\n1,'apple,fruits'\n", STR, ("extra-cell",), "TD quoteChar: 'with default value \" (double quote)'", where=(("extra-cell", 2),))
ok("dialect-double-quote", 'id,name\n1,"apple""fruits"\n', STR, "TD doubleQuote: 'If true, two consecutive quotes are interpreted as one.' (spec example)")
ok("dialect-escape-char", "id,name\n1,apple|,fruits\n2,orange|,fruits\n", STR, "TD escapeChar: 'This property specifies a one-character string to use for escaping' (spec example)", resource={"dialect": {"escapeChar": "|"}})
ok("dialect-escape-no-double-quote", 'id,name\n1,"apple\\"fruits"\n', STR, "TD doubleQuote false with escapeChar: quotes inside cells are escaped", resource={"dialect": {"doubleQuote": False, "escapeChar": "\\"}})
TD_SKIP = "TD skipInitialSpace: 'This property specifies how to interpret whitespace which immediately follows a delimiter'"
ok("dialect-skip-initial-space", "id, name\n1, apple\n2, orange\n", STR, TD_SKIP + " (spec example skipInitialSpace: true)", resource={"dialect": {"skipInitialSpace": True}})
bad("dialect-skip-initial-space-default", "id, name\n1, apple\n", STR, HEADER, TD_SKIP + " 'if false, it means that whitespace immediately after a delimiter is treated as part of the following field' (header ' name')")
ok("dialect-skip-initial-space-integer", "a, b\n1, 2\n", [F("a", "integer"), F("b", "integer")], TD_SKIP, resource={"dialect": {"skipInitialSpace": True}})
ok("dialect-line-terminator", "id,name;1,apple;2,orange", STR, "TD lineTerminator: 'This property specifies the character sequence which terminates rows.' (spec example ';')", resource={"dialect": {"lineTerminator": ";"}})
ok("dialect-null-sequence", "id,n\n1,5\n2,NA\n", [F("id", "integer"), F("n", "integer")], "TD nullSequence: 'This property specifies the null sequence' (spec example: NA is null)", resource={"dialect": {"nullSequence": "NA"}}, package=V2)
bad("dialect-null-sequence-required", "id,name\n1,apple\n2,NA\n", [F("id", "integer"), F("name", "string", c={"required": True})], "missing-value", "TD nullSequence: spec example '{id: 2, name: null}' + required", resource={"dialect": {"nullSequence": "NA"}}, package=V2)
ok("dialect-csvddf-version", "a,b\n1,x\n", AB, "CSV Dialect v1: 'csvddfVersion - a number to indicate the schema version of CSV Dialect'", resource={"dialect": {"csvddfVersion": 1.2}})
ok("dialect-schema-v2", "a,b\n1,x\n", AB, "TD $schema: 'the recommended value is https://datapackage.org/profiles/2.0/tabledialect.json'", resource={"dialect": {"$schema": "https://datapackage.org/profiles/2.0/tabledialect.json"}}, package=V2)
bad("dialect-delimiter-number", "a,b\n1,x\n", AB, DESCRIPTOR, "TD delimiter: 'MUST be a string'", resource={"dialect": {"delimiter": 5}})
bad("dialect-header-string", "a,b\n1,x\n", AB, DESCRIPTOR, "TD header: 'MUST be boolean'", resource={"dialect": {"header": "yes"}})
bad("dialect-quote-two-chars", "a,b\n1,x\n", AB, DESCRIPTOR, "TD quoteChar: 'MUST be a string of one character length'", resource={"dialect": {"quoteChar": "''"}})
bad("dialect-double-quote-string", "a,b\n1,x\n", AB, DESCRIPTOR, "TD doubleQuote: 'MUST be boolean'", resource={"dialect": {"doubleQuote": "true"}})
bad("dialect-skip-initial-space-number", "a,b\n1,x\n", AB, DESCRIPTOR, "TD skipInitialSpace: 'MUST be boolean'", resource={"dialect": {"skipInitialSpace": 1}})
bad("dialect-comment-char-empty", "a,b\n1,x\n", AB, DESCRIPTOR, "TD commentChar: 'MUST be a string of one or more characters'", resource={"dialect": {"commentChar": ""}})
bad("dialect-header-rows-zero", "a,b\n1,x\n", AB, DESCRIPTOR, "TD headerRows: 'MUST be an array of positive integers starting from 1'", resource={"dialect": {"headerRows": [0]}})
bad("dialect-not-object", "a,b\n1,x\n", AB, DESCRIPTOR, "DR dialect: 'MUST be a Table Dialect descriptor in a form of an object or URL-or-Path'", resource={"dialect": 5})

# -- blank rows, short and long rows ---------------------------------------------------------
RAGGED = "Tabular data (glossary): every row has a value for each field; frictionless reports each ragged row (missing-cell, extra-cell) with its number"
bad("blank-row-commas-required", "a,b\n1,x\n,\n2,y\n", [F("a", "integer", c={"required": True}), F("b")], ("blank-row", "missing-value"), "TS required: a row of empty cells has null in a required field")
bad("blank-row-commas", "a,b\n1,x\n,\n2,y\n", AB, "blank-row", "Rows of empty cells: frictionless's blank-row (see the report: the standard's text is silent)", where=(("blank-row", 3),))
bad("blank-row-empty-line", "a,b\n1,x\n\n2,y\n", AB, ("blank-row", "missing-cell"), "An empty line in a CSV file is a row with no cells (RFC 4180), not a reason to drop the whole table", where=(("blank-row", 3),))
bad("short-row", "a,b\n1,x\n2\n3,z\n", AB, "missing-cell", RAGGED, where=(("missing-cell", 3),))
bad("long-row", "a,b\n1,x\n2,y,extra\n3,z\n", AB, "extra-cell", RAGGED, where=(("extra-cell", 3),))
bad("short-and-long-rows", "a,b\n1\n2,y\n3,z,w\n", AB, ("missing-cell", "extra-cell"), RAGGED + " (each one)", where=(("missing-cell", 2), ("extra-cell", 4)))
bad("short-row-hides-nothing-type", "a,b\n1\nx,y\n", AB, ("missing-cell", "type-error"), RAGGED + " (the other rows are still typed)", where=(("missing-cell", 2), ("type-error", 3)))
bad("short-row-hides-nothing-unique", "a,b\n1,x\n1,y\n2\n", [F("a", "integer", c={"unique": True}), F("b")], ("missing-cell", "constraint-unique"), RAGGED + " (the other rows still checked)", where=(("missing-cell", 4), ("constraint-unique", 3)))
bad("long-row-hides-nothing-pattern", "a,b\n1,x,z\n2,Y\n", [F("a", "integer"), F("b", "string", c={"pattern": "[a-z]"})], ("extra-cell", "constraint-pattern"), RAGGED, where=(("extra-cell", 2), ("constraint-pattern", 3)))
bad("short-row-hides-nothing-key", "a,b\n1,x\n1,y\n2\n", AB, ("missing-cell", "duplicate-key"), RAGGED, schema={"primaryKey": ["a"]}, where=(("missing-cell", 4), ("duplicate-key", 3)))
bad("short-row-required-cell", "a,b\n1\n", [F("a", "integer"), F("b", "string", c={"required": True})], ("missing-cell", "missing-value"), RAGGED + " + TS required", where=(("missing-cell", 2),))

# -- fieldsMatch (v2) ------------------------------------------------------------------------
TS_FM = "TS fieldsMatch: "
bad("fields-match-exact-order", "b,a\nx,1\n", AB, HEADER, TS_FM + "'exact (default): ... Fields MUST be mapped by their order.'", package=V2)
ok("fields-match-exact-explicit", "a,b\n1,x\n", AB, TS_FM + "'exact'", schema={"fieldsMatch": "exact"}, package=V2)
ok("fields-match-equal-order", "b,a\nx,1\n", AB, TS_FM + "'equal: The data source MUST have exactly the same fields ... Fields MUST be mapped by their names.'", schema={"fieldsMatch": "equal"}, package=V2)
bad("fields-match-equal-typed-by-name", "b,a\n1,x\n", AB, "type-error", TS_FM + "'equal: ... mapped by their names' (a is x)", schema={"fieldsMatch": "equal"}, package=V2)
bad("fields-match-equal-missing", "a\n1\n", AB, HEADER, TS_FM + "'equal: exactly the same fields'", schema={"fieldsMatch": "equal"}, package=V2)
bad("fields-match-equal-extra", "a,b,c\n1,x,z\n", AB, HEADER, TS_FM + "'equal: exactly the same fields'", schema={"fieldsMatch": "equal"}, package=V2)
ok("fields-match-subset-more", "a,c,b\n1,z,x\n", AB, TS_FM + "'subset: The data source MUST have all the fields defined in the fields array, but MAY have more.'", schema={"fieldsMatch": "subset"}, package=V2)
bad("fields-match-subset-fewer", "a\n1\n", AB, HEADER, TS_FM + "'subset: MUST have all the fields'", schema={"fieldsMatch": "subset"}, package=V2)
ok("fields-match-superset-fewer", "a\n1\n", AB, TS_FM + "'superset: The data source MUST only have fields defined in the fields array, but MAY have fewer.'", schema={"fieldsMatch": "superset"}, package=V2)
bad("fields-match-superset-extra", "a,c\n1,z\n", AB, HEADER, TS_FM + "'superset: MUST only have fields defined'", schema={"fieldsMatch": "superset"}, package=V2)
ok("fields-match-partial-one", "c,a\nz,1\n", AB, TS_FM + "'partial: The data source MUST have at least one field defined in the fields array.'", schema={"fieldsMatch": "partial"}, package=V2)
bad("fields-match-partial-none", "c,d\n1,2\n", AB, HEADER, TS_FM + "'partial: at least one field'", schema={"fieldsMatch": "partial"}, package=V2)
bad("fields-match-subset-typed", "c,a\nz,x\n", AB, "type-error", TS_FM + "'subset: ... mapped by their names'", schema={"fieldsMatch": "subset"}, package=V2)
bad("fields-match-bogus", "a,b\n1,x\n", AB, SCHEMA, TS_FM + "'MUST be a string with the following possible values'", schema={"fieldsMatch": "loose"}, package=V2)
bad("fields-match-not-string", "a,b\n1,x\n", AB, SCHEMA, TS_FM + "'MUST be a string'", schema={"fieldsMatch": True}, package=V2)

# -- descriptor rules: constraints and properties --------------------------------------------
bad("constraint-pattern-on-integer", "a\n1\n", [F("a", "integer", c={"pattern": "[0-9]"})], SCHEMA, "TS pattern: 'Fields: string'")
bad("constraint-minlength-on-integer", "a\n1\n", [F("a", "integer", c={"minLength": 1})], SCHEMA, "TS minLength: 'Fields: collections (string, array, object)'")
bad("constraint-maxlength-on-date", "a\n2024-01-26\n", [F("a", "date", c={"maxLength": 10})], SCHEMA, "TS maxLength: 'Fields: collections (string, array, object)'")
bad("constraint-minimum-on-string", "a\nx\n", [F("a", "string", c={"minimum": "a"})], SCHEMA, "TS minimum: 'Fields: integer, number, date, time, datetime, duration, year, yearmonth'")
bad("constraint-maximum-on-boolean", "a\ntrue\n", [F("a", "boolean", c={"maximum": 1})], SCHEMA, "TS maximum: 'Fields: integer, number, date, ...' (not boolean)")
bad("constraint-required-string", "a\n1\n", [F("a", "integer", c={"required": "yes"})], SCHEMA, "TS required: 'Type: boolean'")
bad("constraint-unique-number", "a\n1\n", [F("a", "integer", c={"unique": 1})], SCHEMA, "TS unique: 'Type: boolean'")
bad("constraint-enum-not-array", "a\n1\n", [F("a", "integer", c={"enum": 1})], SCHEMA, "TS enum: 'Type: array'")
bad("constraint-minlength-string", "a\nx\n", [F("a", "string", c={"minLength": "3"})], SCHEMA, "TS minLength: 'Type: integer'")
bad("constraints-not-object", "a\n1\n", [F("a", "integer", constraints=[])], SCHEMA, "TS constraints: 'A constraints descriptor MUST be a JSON object'")
bad("exclusive-minimum", "id,name,price\n1,apple,100\n2,orange,0\n", [F("id", "integer"), F("name", "string"), F("price", "integer", c={"exclusiveMinimum": 0})], ("constraint-minimum", "constraint-exclusive-minimum"), "TS exclusiveMinimum: spec example 'too low'", package=V2)
bad("exclusive-maximum", "id,name,price\n1,apple,100\n2,orange,150\n", [F("id", "integer"), F("name", "string"), F("price", "integer", c={"exclusiveMaximum": 150})], ("constraint-maximum", "constraint-exclusive-maximum"), "TS exclusiveMaximum: spec example 'too high'", package=V2)
bad("categories-string", "a\nbanana\n", [F("a", "string", categories=["apple", "orange"])], ("constraint-enum", "type-error"), "TS categories: 'The logical representation of data in the field MUST exactly match one of the values in categories.'", package=V2)
ok("categories-ok", "a\napple\n", [F("a", "string", categories=["apple", "orange"])], "TS categories: 'MUST exactly match one of the values in categories'", package=V2)
bad("unique-keys", "a,b\n1,x\n1,x\n", AB, ("duplicate-key", "constraint-unique"), "TS uniqueKeys: 'each row has a unique set of logical values in the fields'", schema={"uniqueKeys": [["a", "b"]]}, package=V2)
ok("unique-keys-nulls", "a,b\n1,\n1,\n", AB, "TS uniqueKeys: 'null values MUST be excluded from the uniqueness check'", schema={"uniqueKeys": [["a", "b"]]}, package=V2)
bad("field-name-missing", "a\n1\n", [{"type": "integer"}], SCHEMA, "TS name: 'The field descriptor MUST contain a name property'")
bad("field-name-number", "a\n1\n", [{"name": 1, "type": "integer"}], SCHEMA, "TS name: a name is a string (profile)")
bad("fields-empty", "a\n1\n", [], SCHEMA, "TS fields: 'fields MUST be an array where each entry in the array is a field descriptor' (profile: minItems 1)")
bad("field-title-number", "a\n1\n", [F("a", "integer", title=5)], SCHEMA, "TS title: 'A human readable label or title' (profile: string)")
bad("field-description-list", "a\n1\n", [F("a", "integer", description=["x"])], SCHEMA, "TS description: a string (profile)")
bad("field-true-values-string", "a\nyes\n", [F("a", "boolean", trueValues="yes")], SCHEMA, "TS boolean: 'trueValues and falseValues are arrays'")
bad("field-decimal-char-number", "a\n1\n", [F("a", "number", decimalChar=1)], SCHEMA, "TS number: 'decimalChar: A string'")
bad("field-group-char-number", "a\n1\n", [F("a", "number", groupChar=1)], SCHEMA, "TS number: 'groupChar: A string'")
bad("field-bare-number-string", "a\n1\n", [F("a", "integer", bareNumber="no")], SCHEMA, "TS integer: 'bareNumber: a boolean field'")
ok("field-descriptive", "a\n1\n", [F("a", "integer", title="A", description="The a", example="1", rdfType="http://schema.org/Number")], "TS field: 'The field descriptor object MAY contain any number of other properties.'")
ok("schema-dollar-schema", "a,b\n1,x\n", AB, "TS $schema: 'the recommended value is https://datapackage.org/profiles/2.0/tableschema.json'", schema={"$schema": "https://datapackage.org/profiles/2.0/tableschema.json"}, package=V2)

# -- keys (what already works) ---------------------------------------------------------------
TS_PK = "TS primaryKey: 'A primary key is a field or set of fields that uniquely identifies each row in the table.'"
ok("primary-key", "a,b\n1,x\n2,x\n", AB, TS_PK, schema={"primaryKey": ["a"]})
bad("primary-key-duplicate", "a,b\n1,x\n1,y\n", AB, "duplicate-key", TS_PK, schema={"primaryKey": ["a"]}, where=(("duplicate-key", 3),))
ok("primary-key-composite", "a,b\n1,x\n1,y\n", AB, TS_PK, schema={"primaryKey": ["a", "b"]})
bad("primary-key-composite-duplicate", "a,b\n1,x\n1,x\n", AB, "duplicate-key", TS_PK, schema={"primaryKey": ["a", "b"]})
bad("primary-key-null", "a,b\n,x\n", AB, "missing-value", "TS primaryKey: 'the fields cannot be null'", schema={"primaryKey": ["a"]})
ok("primary-key-string-v1", "a,b\n1,x\n", AB, "TS primaryKey: 'Data consumer MUST support the primaryKey property in a form of a single string'", schema={"primaryKey": "a"})
bad("primary-key-unknown-field", "a,b\n1,x\n", AB, SCHEMA, "TS primaryKey: 'each string corresponding to one of the field name values'", schema={"primaryKey": ["c"]})
TS_FK = "TS foreignKeys: 'values in a field (or fields) on the table ... connect to values a field (or fields) on this or a separate table'"
SELF = {"foreignKeys": [{"fields": ["b"], "reference": {"fields": ["a"]}}]}
SELF_AB = [F("a", "integer"), F("b", "integer")]
ok("foreign-key-self", "a,b\n1,\n2,1\n", SELF_AB, TS_FK + " (self-reference: 'the resource property MUST be omitted')", schema=SELF)
bad("foreign-key-self-broken", "a,b\n1,\n2,3\n", SELF_AB, "foreign-key", TS_FK, schema=SELF, where=(("foreign-key", 3),))
ok("foreign-key-self-empty-resource", "a,b\n1,\n2,1\n", SELF_AB, "TS foreignKeys: 'If the value of the foreignKey.reference.resource property is an empty string \"\" a data consumer MUST interpret it as an omited property'", schema={"foreignKeys": [{"fields": ["b"], "reference": {"resource": "", "fields": ["a"]}}]})
ok("foreign-key-string-fields-v1", "a,b\n1,\n2,1\n", SELF_AB, "TS foreignKeys: 'Data consumer MUST support the foreignKey.fields and foreignKey.reference.fields properties in a form of a single string'", schema={"foreignKeys": [{"fields": "b", "reference": {"fields": "a"}}]})
OTHER = (("codes", "code\nx\ny\n", [F("code", "string")]),)
FK_OTHER = {"foreignKeys": [{"fields": ["b"], "reference": {"resource": "codes", "fields": ["code"]}}]}
ok("foreign-key-other", "a,b\n1,x\n2,y\n", AB, TS_FK + " (spec example: state-codes)", schema=FK_OTHER, more=OTHER)
bad("foreign-key-other-broken", "a,b\n1,x\n2,z\n", AB, "foreign-key", TS_FK, schema=FK_OTHER, more=OTHER, where=(("foreign-key", 3),))
bad("foreign-key-length", "a,b\n1,x\n", AB, SCHEMA, "TS foreignKeys: 'an array of strings of the same length as the outer fields'", schema={"foreignKeys": [{"fields": ["a", "b"], "reference": {"resource": "codes", "fields": ["code"]}}]}, more=OTHER)
bad("foreign-key-unknown-resource", "a,b\n1,x\n", AB, ("unknown-resource", "invalid-schema"), "TS foreignKeys: 'resource which is the name of the resource within the current data package'", schema={"foreignKeys": [{"fields": ["b"], "reference": {"resource": "nowhere", "fields": ["code"]}}]})

# -- hashes and bytes ------------------------------------------------------------------------
DR_HASH = "DR hash: 'The MD5 hash for this resource. Other algorithms can be indicated by prefixing the hash's value with the algorithm name in lower-case.'"
ok("hash-md5-unprefixed", "a,b\n1,x\n", AB, DR_HASH, resource={"hash": digest("md5", prefix=False)})
bad("hash-md5-unprefixed-wrong", "a,b\n1,x\n", AB, "resource-hash-mismatch", DR_HASH, resource={"hash": wrong("md5", prefix=False)})
ok("hash-md5-prefixed", "a,b\n1,x\n", AB, DR_HASH, resource={"hash": digest("md5")})
bad("hash-md5-prefixed-wrong", "a,b\n1,x\n", AB, "resource-hash-mismatch", DR_HASH, resource={"hash": wrong("md5")})
ok("hash-sha1", "a,b\n1,x\n", AB, DR_HASH + " example 'sha1:8843d7f9…'", resource={"hash": digest("sha1")})
bad("hash-sha1-wrong", "a,b\n1,x\n", AB, "resource-hash-mismatch", DR_HASH, resource={"hash": wrong("sha1")})
ok("hash-sha256", "a,b\n1,x\n", AB, DR_HASH, resource={"hash": digest("sha256")})
bad("hash-sha256-wrong", "a,b\n1,x\n", AB, "resource-hash-mismatch", DR_HASH, resource={"hash": wrong("sha256")})
ok("hash-sha512", "a,b\n1,x\n", AB, DR_HASH, resource={"hash": digest("sha512")})
bad("hash-not-string", "a,b\n1,x\n", AB, DESCRIPTOR, "DR hash: a string (profile)", resource={"hash": 5})
ok("bytes-right", "a,b\n1,x\n", AB, "DR bytes: 'Size of the file in bytes.'", resource={"bytes": lambda data: len(data)})
bad("bytes-wrong", "a,b\n1,x\n", AB, "resource-bytes-mismatch", "DR bytes: 'Size of the file in bytes.'", resource={"bytes": lambda data: len(data) + 1})
bad("bytes-string", "a,b\n1,x\n", AB, DESCRIPTOR, "DR bytes: an integer (profile)", resource={"bytes": "8"})

# -- profiles and $schema --------------------------------------------------------------------
DP_SCHEMA = "DP $schema: 'The default value is https://datapackage.org/profiles/1.0/datapackage.json and the recommended value is https://datapackage.org/profiles/2.0/datapackage.json.'"
ok("package-schema-v1", "a,b\n1,x\n", AB, DP_SCHEMA, package={"$schema": "https://datapackage.org/profiles/1.0/datapackage.json"})
ok("package-schema-v2", "a,b\n1,x\n", AB, DP_SCHEMA, package={"$schema": "https://datapackage.org/profiles/2.0/datapackage.json"})
DP_PROFILE = "DP $schema: 'If the $schema property is not provided but a descriptor has the profile property a data consumer MUST validate the descriptor according to the Profiles specification.'"
ok("package-profile-name", "a,b\n1,x\n", AB, DP_PROFILE + " (v1 registry name 'data-package')", package={"profile": "data-package"})
ok("package-profile-tabular-name", "a,b\n1,x\n", AB, DP_PROFILE + " (v1 registry name 'tabular-data-package')", package={"profile": "tabular-data-package"}, resource={"profile": "tabular-data-resource"})
ok("package-profile-v1-url", "a,b\n1,x\n", AB, DP_PROFILE + " (v1 profile URL)", package={"profile": "https://specs.frictionlessdata.io/schemas/data-package.json"})
ok("resource-schema-v2", "a,b\n1,x\n", AB, "DR $schema: 'the recommended value is https://datapackage.org/profiles/2.0/dataresource.json'", resource={"$schema": "https://datapackage.org/profiles/2.0/dataresource.json"}, package=V2)
ok("resource-profile-tabular", "a,b\n1,x\n", AB, "DR type: 'If a resource has profile property that equals to tabular-data-resource ... treat it as type property were set to table'", resource={"profile": "tabular-data-resource"})
ok("resource-type-table", "a,b\n1,x\n", AB, "DR type: 'table: indicates that the resource is tabular'", resource={"type": "table"}, package=V2)
bad("resource-type-unknown", "a,b\n1,x\n", AB, DESCRIPTOR, "DR type: 'MUST be a string with the following possible values: table'", resource={"type": "tabel"}, package=V2)

# -- package and resource properties ---------------------------------------------------------
DP_LIC = "DP licenses: 'The object MUST contain a name property and/or a path property'"
ok("licenses-name", "a,b\n1,x\n", AB, DP_LIC, package={"licenses": [{"name": "ODC-PDDL-1.0", "title": "Open Data Commons Public Domain Dedication and License v1.0"}]})
ok("licenses-path", "a,b\n1,x\n", AB, DP_LIC, package={"licenses": [{"path": "https://opendatacommons.org/licenses/pddl/"}]})
bad("licenses-title-only", "a,b\n1,x\n", AB, DESCRIPTOR, DP_LIC, package={"licenses": [{"title": "Some licence"}]})
bad("licenses-not-array", "a,b\n1,x\n", AB, DESCRIPTOR, "DP licenses: 'licenses MUST be an array'", package={"licenses": {"name": "ODC-PDDL-1.0"}})
bad("licenses-item-string", "a,b\n1,x\n", AB, DESCRIPTOR, "DP licenses: 'Each MUST be an object.'", package={"licenses": ["ODC-PDDL-1.0"]})
bad("resource-licenses-title-only", "a,b\n1,x\n", AB, DESCRIPTOR, "DR licenses: 'List of licenses as for Data Package' + " + DP_LIC, resource={"licenses": [{"title": "Some licence"}]})
bad("contributors-empty-object", "a,b\n1,x\n", AB, DESCRIPTOR, "DP contributors: 'A Contributor MUST have at least one property.'", package={"contributors": [{}]})
bad("contributors-not-array", "a,b\n1,x\n", AB, DESCRIPTOR, "DP contributors: 'It MUST be an array.'", package={"contributors": {"title": "Jane"}})
ok("contributors-title", "a,b\n1,x\n", AB, "DP contributors: 'A Contributor is RECOMMENDED to have title property'", package={**V2, "contributors": [{"title": "Jane Doe", "roles": ["creator"]}]})
bad("sources-empty-object", "a,b\n1,x\n", AB, DESCRIPTOR, "DP sources: 'A Source object MUST have at least one property.'", package={"sources": [{}]})
bad("keywords-string", "a,b\n1,x\n", AB, DESCRIPTOR, "DP keywords: 'An Array of string keywords'", package={"keywords": "news"})
bad("title-number", "a,b\n1,x\n", AB, DESCRIPTOR, "DP title: 'A string providing a title'", package={"title": 5})
bad("created-not-rfc3339", "a,b\n1,x\n", AB, DESCRIPTOR, "DP created: 'The datetime MUST conform to the string formats for datetime as described in RFC3339'", package={"created": "yesterday"})
ok("created-rfc3339", "a,b\n1,x\n", AB, "DP created: example '1985-04-12T23:20:50.52Z'", package={"created": "1985-04-12T23:20:50.52Z"})
bad("package-name-number", "a,b\n1,x\n", AB, DESCRIPTOR, "DP name: 'a simple name or identifier' (profile: string)", package={"name": 5})
bad("resources-empty", "a,b\n1,x\n", AB, DESCRIPTOR, "DP resources: 'The resources property is REQUIRED, with at least one resource.'", package={"resources": []})
bad("resource-names-repeat", "a,b\n1,x\n", AB, DESCRIPTOR, "DR name: 'It MUST be unique amongst all resources in this data package.'", more=(("t", "a,b\n1,x\n", AB),))
bad("resource-path-and-data", "a,b\n1,x\n", AB, DESCRIPTOR, "DR path or data: 'MUST be specified by the presence of one (and only one) of these two properties'", resource={"data": [["a", "b"], [1, "x"]]})
bad("resource-encoding-number", "a,b\n1,x\n", AB, DESCRIPTOR, "DR encoding: a preferred MIME name (profile: string)", resource={"encoding": 5})
ok("resource-encoding-utf8", "a,b\n1,x\n", AB, "DR encoding: 'It is RECOMMENDED to use UTF-8 (without BOM)'", resource={"encoding": "utf-8"})
ok("resource-format-mediatype", "a,b\n1,x\n", AB, "DR format / mediatype: 'csv', 'text/csv'", resource={"format": "csv", "mediatype": "text/csv"})
bad("schema-not-object", "a,b\n1,x\n", AB, ("invalid-schema", "invalid-descriptor"), "DR schema: 'MUST be a Table Schema descriptor in a form of an object or URL-or-Path'", resource={"schema": 5})

# -- where this validator is stricter than the standard (each listed in differences.py) -------
H = [F("a", "string")]
ok("hygiene-crlf", b"a\r\n1\r\n", H, "TD lineTerminator: '\\r\\n by default' (CRLF is the standard's own line end)", spec_valid=True, expect=("crlf",))
ok("hygiene-bom", "\ufeffa\nx\n".encode(), H, "DR encoding: 'It is RECOMMENDED to use UTF-8 (without BOM)' (a recommendation, not a MUST)", spec_valid=True, expect=("bom",))
ok("hygiene-leading-space", "a\n x\n", H, "TD skipInitialSpace: 'if false ... whitespace immediately after a delimiter is treated as part of the following field'", spec_valid=True, expect=("whitespace",))
ok("hygiene-trailing-space", "a\nx \n", H, "TS string: 'any valid string'", spec_valid=True, expect=("whitespace",))
ok("hygiene-not-nfc", "a\ne\u0301\n", H, "TS string: 'any valid string' (decomposed é)", spec_valid=True, expect=("not-nfc",))
ok("hygiene-formula", "a\n=1+1\n", H, "TS string: 'any valid string'", spec_valid=True, expect=("formula-prefix",))
ok("hygiene-control", "a\nx\x07y\n", H, "TS string: 'any valid string' (BEL)", spec_valid=True, expect=("control-character",))
ok("hygiene-bidi", "a\nx\u202ey\n", H, "TS string: 'any valid string' (RIGHT-TO-LEFT OVERRIDE)", spec_valid=True, expect=("bidi-control",))

# -- logical values, profiles, URIs, comments before the header (a second look) ---------------
LOGICAL = "TS constraints: 'Constraints MUST be applied on the logical representation of field values and constraint values'"
bad("unique-integer-logical", "a\n1\n01\n", [F("a", "integer", constraints={"unique": True})], ("constraint-unique",), LOGICAL)
bad("unique-number-logical", "a\n1\n1.0\n", [F("a", "number", constraints={"unique": True})], ("constraint-unique",), LOGICAL)
ok("enum-number-logical", "a\n1.0\n", [F("a", "number", constraints={"enum": [1]})], LOGICAL)
ok("enum-integer-logical", "a\n01\n", [F("a", "integer", constraints={"enum": [1]})], LOGICAL)
bad("profile-unknown-name", "a,b\n1,x\n", AB, ("unsupported-property",), "DP profile: a registry name or a profile's URL; 'bogus' names no standard profile", package={"profile": "bogus"})
bad("title-null", "a,b\n1,x\n", AB, DESCRIPTOR, "DP title: 'a string providing a title or one sentence description for this package'", package={"title": None})
ok("uri-mailto", "a\nmailto:a@example.org\n", [F("a", "string", format="uri")], "TS string format uri: 'The value should be a URI' (RFC 3986: scheme ':' hier-part)")
ok("dialect-comment-before-header", "#note\na,b\n1,x\n", AB, "TD commentChar: 'Specifies that any row beginning with this one-character string, without preceeding whitespace, causes the entire line to be ignored.'", resource={"dialect": {"commentChar": "#"}})
# fmt: on
