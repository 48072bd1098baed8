"""Whether every string a field's pattern accepts is clean for the cell-hygiene rules.

Identifier columns carry patterns such as `^[a-z0-9]+(?:-[a-z0-9]+)*$`. A string matching one
is printable ASCII without spaces and cannot start with = + - @, so it can break no hygiene rule,
and a row whose id breaks the pattern is flagged by the pattern rule anyway. The screen can then
skip the hygiene pre-filter on that column, which is a large share of its work.

The answer must never be a wrong "yes". polars matches with Rust's regex engine and this reads
the pattern with Python's parser, so only a plain subset of the syntax, where the two agree, is
analysed: literals, bracket classes of literals and ranges, groups, alternation, repetition and
anchors. Anything else (escapes, `.`, negated or POSIX classes, flags) gets "no".
"""

from __future__ import annotations

import re

PLAIN = re.compile(r"[A-Za-z0-9^$()|?*+{},:\[\]_/-]*")
UNSURE = ("[:", "[[", "&&", "--", "~~", "(?", "[^")
FORMULA = {ord(c) for c in "=+-@"}
PRINTABLE = set(range(0x21, 0x7F))


def pattern_is_hygienic(pattern: str) -> bool:
    """True only if every string fully matching `pattern` passes every cell-hygiene rule."""
    body = pattern.replace("(?:", "(")
    if not PLAIN.fullmatch(body) or any(u in body for u in UNSURE):
        return False
    found = _Plain(body).parse()
    if found is None:
        return False
    alphabet, first, _ = found
    return alphabet <= PRINTABLE and not (first & FORMULA)


Summary = tuple[set[int], set[int], bool]  # characters used, possible first ones, matches ""
QUANTIFIER = re.compile(r"\{(\d+)(,\d*)?\}")


class _Plain:
    """A reader of the plain subset only; anything it is unsure of makes `parse` return None."""

    def __init__(self, text: str) -> None:
        self.text, self.at = text, 0

    def parse(self) -> Summary | None:
        try:
            found = self._alternation()
        except ValueError:
            return None
        return found if self.at == len(self.text) else None

    def _peek(self) -> str:
        return self.text[self.at] if self.at < len(self.text) else ""

    def _alternation(self) -> Summary:
        branches = [self._sequence()]
        while self._peek() == "|":
            self.at += 1
            branches.append(self._sequence())
        return (
            set().union(*(b[0] for b in branches)),
            set().union(*(b[1] for b in branches)),
            any(b[2] for b in branches),
        )

    def _sequence(self) -> Summary:
        alphabet: set[int] = set()
        first: set[int] = set()
        nullable = True
        while self._peek() not in ("", "|", ")"):
            chars, starts, empty = self._repeated(self._atom())
            alphabet |= chars
            if nullable:
                first |= starts
            nullable = nullable and empty
        return alphabet, first, nullable

    def _atom(self) -> Summary:
        char = self._peek()
        self.at += 1
        if char == "(":
            inner = self._alternation()
            if self._peek() != ")":
                raise ValueError("unclosed group")
            self.at += 1
            return inner
        if char == "[":
            end = self.text.find("]", self.at)
            if end <= self.at:
                raise ValueError("empty or unclosed class")
            chars = self._class(self.text[self.at : end])
            self.at = end + 1
            return chars, chars, False
        if char in ("^", "$"):
            return set(), set(), True
        if char in "?*+{}])":
            raise ValueError(f"{char!r} where a character belongs")
        return {ord(char)}, {ord(char)}, False

    @staticmethod
    def _class(body: str) -> set[int]:
        chars: set[int] = set()
        i = 0
        while i < len(body):
            if i + 2 < len(body) and body[i + 1] == "-":
                low, high = ord(body[i]), ord(body[i + 2])
                if low > high:
                    raise ValueError("reversed range")
                chars.update(range(low, high + 1))
                i += 3
            elif body[i] == "[" or (body[i] == "-" and 0 < i < len(body) - 1):
                raise ValueError("a '[', or a '-' inside a class, may not be a literal")
            else:
                chars.add(ord(body[i]))
                i += 1
        return chars

    def _repeated(self, atom: Summary) -> Summary:
        char = self._peek()
        if char in ("?", "*"):
            self.at += 1
            return atom[0], atom[1], True
        if char == "+":
            self.at += 1
            return atom
        if char == "{":
            match = QUANTIFIER.match(self.text, self.at)
            if match is None:
                raise ValueError("a '{' that is not a repetition")
            self.at = match.end()
            return atom[0], atom[1], atom[2] or int(match.group(1)) == 0
        return atom
