"""Property tests: rows drawn from the schema's own constraints pass; one mutation fails with
exactly the expected code."""

from __future__ import annotations

import json
import shutil
import tempfile
import unicodedata
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from security_guarantees_2022 import validate_package
from tests.fixtures import tiny
from tests.support import edit_rows

SETTINGS = settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
TEMPLATE_DIR = tempfile.TemporaryDirectory(prefix="tiny-template-")  # removed at exit
TEMPLATE = tiny.build(Path(TEMPLATE_DIR.name) / "tiny")
ACTORS = json.loads((TEMPLATE.parent / "schemas" / "actors.schema.json").read_text("utf-8"))
KINDS = next(f for f in ACTORS["fields"] if f["name"] == "kind")["constraints"]["enum"]

slug = st.from_regex(r"\A[a-z0-9]{1,8}(-[a-z0-9]{1,8}){0,2}\Z")
clean_text = st.text(
    alphabet=st.characters(codec="utf-8", categories=["L", "N", "Zs", "P"]), min_size=1, max_size=30
).filter(lambda s: s == s.strip() and s[0] not in "=+-@" and s.isprintable())
actor = st.fixed_dictionaries(
    {
        "actor_id": slug,
        "name": clean_text.map(lambda s: unicodedata.normalize("NFC", s)),
        "kind": st.sampled_from(KINDS),
        "country": st.from_regex(r"\A[A-Z]{3}\Z") | st.just(""),
        "wikidata_id": st.from_regex(r"\AQ[1-9][0-9]{0,6}\Z") | st.just(""),
    }
)
new_actors = st.lists(actor, min_size=1, max_size=5, unique_by=lambda a: a["actor_id"]).filter(
    lambda rows: not {r["actor_id"] for r in rows} & {r["actor_id"] for r in tiny.ROWS["actors"]}
)


@contextmanager
def package_with(actors: list[dict[str, str]]) -> Iterator[Path]:
    """A throw-away copy of the tiny package with `actors` added in key order."""
    with tempfile.TemporaryDirectory(prefix="tiny-") as root:
        shutil.copytree(TEMPLATE.parent, Path(root) / "tiny")
        pkg = Path(root) / "tiny" / "datapackage.json"

        def add(fields: list[str], rows: list[dict[str, str]]) -> None:
            rows.extend(actors)
            rows.sort(key=lambda r: r["actor_id"])

        edit_rows(pkg, "actors", add)
        yield pkg


@SETTINGS
@given(new_actors)
def test_rows_drawn_from_the_schema_pass(actors: list[dict[str, str]]) -> None:
    with package_with(actors) as pkg:
        report = validate_package(pkg, second=False)
    assert report.valid, report.to_dict()["issues"]


MUTATIONS: dict[str, Callable[[dict[str, str]], None]] = {
    "constraint-enum": lambda row: row.update(kind=row["kind"] + "x"),
    "constraint-pattern": lambda row: row.update(wikidata_id="Q0" + row["wikidata_id"][1:]),
    "formula-prefix": lambda row: row.update(name="=" + row["name"]),
    "whitespace": lambda row: row.update(name=row["name"] + " "),
    "foreign-key": lambda row: row.update(affiliation_id=row["actor_id"] + "-nowhere"),
    "missing-value": lambda row: row.update(name=""),
    "control-character": lambda row: row.update(name=row["name"] + "\x1b"),
}


@SETTINGS
@given(new_actors, st.sampled_from(sorted(MUTATIONS)), st.data())
def test_one_mutation_fails_with_its_code(
    actors: list[dict[str, str]], code: str, data: st.DataObject
) -> None:
    victim = data.draw(st.sampled_from(actors))
    MUTATIONS[code](victim)
    with package_with(actors) as pkg:
        report = validate_package(pkg, second=False)
    assert report.codes() == [code]
    assert len(report.issues) == 1
    assert report.issues[0].table == "actors"


source_spans = (
    st.tuples(st.integers(0, len(tiny.SOURCE) - 1), st.integers(1, 40))
    .map(lambda p: (p[0], min(p[0] + p[1], len(tiny.SOURCE))))
    .filter(
        lambda p: (
            (t := tiny.SOURCE[p[0] : p[1]]) == t.strip()
            and t
            and t[0] not in "=+-@"
            and t.isprintable()
        )
    )
)


@SETTINGS
@given(source_spans, st.booleans())
def test_spans_from_the_source_pass_and_a_changed_text_fails(
    bounds: tuple[int, int], corrupt: bool
) -> None:
    start, end = bounds
    text = tiny.SOURCE[start:end]
    if corrupt:
        text = text[:-1] + ("x" if text[-1] != "x" else "y")
    mention = {
        "mention_id": "m999",
        "source_id": tiny.SOURCE_ID,
        "actor_id": "lavrov",
        "start": str(start),
        "end": str(end),
        "text": text,
        "mention_type": "name",
    }
    with package_with([]) as pkg:
        edit_rows(pkg, "mentions", lambda fields, rows: rows.append(mention))
        report = validate_package(pkg, second=False)
    assert report.codes() == (["span-mismatch"] if corrupt else [])
