"""The docs site is generated from the package: every table, field, statement and code shows up,
every link lands, and nothing is fetched from anywhere else.

The site is built once per module with `mkdocs build --strict`, exactly as CI builds it.
"""

from __future__ import annotations

import csv
import hashlib
import html
import json
import math
import os
import re
import subprocess
import sys
import zipfile
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit
from xml.etree import ElementTree

import pytest

from docs.gen.hooks import PACKAGE_ENV
from security_guarantees_2022 import load_package
from security_guarantees_2022.core.error_messages import MESSAGES
from security_guarantees_2022.core.issue_codes import ALL
from security_guarantees_2022.release.bundle import write_package_zip
from tests.fixtures import two_sources

REPO = Path(__file__).resolve().parents[1]
PICTURES = ("pictures/erd.svg", "pictures/timeline.svg", "pictures/network.svg")
SVG_NS = "http://www.w3.org/2000/svg"


def build_site(dest: Path, package: Path | None = None) -> Path:
    """`mkdocs build --strict` into dest with the project's own Python; fails with mkdocs' log.

    `package` is the folder of the datapackage.json to document (the hook's SG2022_DOCS_PACKAGE);
    by default this repository's."""
    venv_python = REPO / ".venv" / "bin" / "python"
    python = str(venv_python) if venv_python.exists() else sys.executable
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    env.pop(PACKAGE_ENV, None)
    if package is not None:
        env[PACKAGE_ENV] = str(package)
    result = subprocess.run(
        [python, "-m", "mkdocs", "build", "--strict", "--site-dir", str(dest)],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, f"mkdocs build failed:\n{result.stdout}\n{result.stderr}"
    return dest


# The site of each built package, and the package's folder: every test below runs on the real
# package and on a fork of it with a second source text (tests/fixtures/two_sources.py).
PACKAGE_OF: dict[Path, Path] = {}


@pytest.fixture(scope="module", params=["one source", "two sources"])
def site(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    if request.param == "one source":
        package = REPO
        built = build_site(tmp_path_factory.mktemp("site") / "site")
    else:
        package = two_sources.build(tmp_path_factory.mktemp("two-sources") / "pkg").parent
        built = build_site(tmp_path_factory.mktemp("site") / "site", package)
    PACKAGE_OF[built] = package
    return built


def root(site: Path) -> Path:
    """The folder of the package `site` documents."""
    return PACKAGE_OF[site]


def raw_rows(site: Path, table: str) -> list[dict[str, str]]:
    return raw_rows_of(root(site), table)


def raw_rows_of(package: Path, table: str) -> list[dict[str, str]]:
    res = load_package(package).tables[table]
    with res.path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def page_text(path: Path) -> str:
    """What a reader sees: tags dropped, entities decoded, whitespace collapsed."""
    text = re.sub(r"<[^>]+>", "", path.read_text(encoding="utf-8"))
    return " ".join(html.unescape(text).split())


def pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


class Elements(HTMLParser):
    """Collects ids, resource URLs and links of a page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[str] = []
        self.resources: list[tuple[str, str]] = []  # (tag, url) of things the page loads

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        for key in ("id", "name"):
            if a.get(key) and (key == "id" or tag == "a"):
                self.ids.add(a[key])
        if tag == "a" and "href" in a:
            self.links.append(a["href"])
        if tag in ("script", "img", "iframe", "source", "audio", "video", "embed") and a.get("src"):
            self.resources.append((tag, a["src"]))
        if tag == "link" and a.get("href"):
            rel = a.get("rel", "")
            if any(r in rel.split() for r in ("stylesheet", "preload", "icon", "modulepreload")):
                self.resources.append((tag, a["href"]))
            self.links.append(a["href"])
        if tag == "object" and a.get("data"):
            self.resources.append((tag, a["data"]))


def parse(path: Path) -> Elements:
    parser = Elements()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


# --- tables and fields ------------------------------------------------------------------------


def test_every_table_has_a_page(site: Path) -> None:
    tables = load_package(root(site)).tables
    assert tables
    for name in tables:
        assert (site / "tables" / f"{name}.html").is_file(), f"no page for table {name}"


def field_row(page: str, table: str, name: str) -> str:
    """The field's row in the field reference, found by its stable id `table.field`."""
    match = re.search(
        rf'<tr id="{re.escape(table)}\.{re.escape(name)}">(.*?)</tr>', page, flags=re.S
    )
    assert match, f"field {table}.{name} is missing from its table page"
    return html.unescape(match.group(1))


def test_every_schema_field_is_documented_on_its_table_page(site: Path) -> None:
    """Name, type, description and every enum value, for every field of every schema."""
    checked = 0
    for name, res in load_package(root(site)).tables.items():
        page = (site / "tables" / f"{name}.html").read_text(encoding="utf-8")
        for fld in res.fields():
            row = field_row(page, name, fld.name)
            assert fld.name in row
            assert fld.type in row, f"{name}.{fld.name}: type missing"
            if fld.description:
                assert fld.description in row, f"{name}.{fld.name}: description missing"
            constraints = fld.constraints
            for value in constraints.enum or ():
                assert f"<code>{value}</code>" in row, f"{name}.{fld.name}: enum {value}"
            if constraints.pattern is not None:
                assert constraints.pattern in row, f"{name}.{fld.name}: pattern missing"
            if constraints.required:
                assert "required" in row
            checked += 1
    assert checked > 0


def test_keys_are_shown_and_linked_to_the_tables_they_reference(site: Path) -> None:
    for name, res in load_package(root(site)).tables.items():
        page = (site / "tables" / f"{name}.html").read_text(encoding="utf-8")
        for key in res.primary_key:
            assert 'title="primary key">PK' in field_row(page, name, key)
        for fields, target, target_fields in res.foreign_keys:
            row = field_row(page, name, fields[0])
            link = f'href="{target}.html#{target}.{target_fields[0]}"'
            assert link in html.escape(row, quote=False)


def test_field_anchors_named_in_the_readme_exist(site: Path) -> None:
    """The anchor format the validator page promises (TABLE.html#TABLE.COLUMN) is the one
    pages use."""
    manual = (REPO / "docs" / "validator.md").read_text(encoding="utf-8")
    named = re.findall(r"`tables/(\w+)\.html#(\w+)\.(\w+)`", manual)
    assert named, "the validator page names no field anchor"
    for table, table_again, column in named:
        assert table == table_again
        assert f"{table}.{column}" in parse(site / "tables" / f"{table}.html").ids


def test_every_example_is_a_real_value_of_the_row_it_links_to(site: Path) -> None:
    """Examples come from the data: the shown value is that field's cell in the linked row,
    and a table's examples come from one row wherever that row has a value."""
    checked = 0
    for name, res in load_package(root(site)).tables.items():
        page = (site / "tables" / f"{name}.html").read_text(encoding="utf-8")
        key = res.primary_key
        rows = {".".join(r[k] for k in key): r for r in raw_rows(site, name)}
        used = set()
        for fld in res.fields():
            cell = re.search(
                r'<td data-label="Example"><code class="sg-example">(.*?)</code> '
                r'<a class="sg-example-row" href="#([^"]+)">',
                field_row(page, name, fld.name),
                flags=re.S,
            )
            if not any(r[fld.name] for r in rows.values()):
                assert cell is None and "empty in every row" in field_row(page, name, fld.name)
                continue
            assert cell, f"{name}.{fld.name}: no example"
            shown, anchor = cell.group(1), cell.group(2)
            value = rows[anchor][fld.name]
            assert value == shown or (shown.endswith("…") and value.startswith(shown[:-1]))
            used.add(anchor)
            checked += 1
        assert len(used) <= len(res.fields())
    statements = {r["statement_id"]: r for r in raw_rows(site, "statements")}
    page = (site / "tables" / "statements.html").read_text(encoding="utf-8")
    shown = {
        f: re.search(
            r'class="sg-example">(.*?)</code> <a class="sg-example-row" href="#([^"]+)">',
            field_row(page, "statements", f),
            re.S,
        )
        for f in ("start", "end", "text")
    }
    start, end, text = (m.group(1) if m else "" for m in shown.values())
    (anchor,) = {m.group(2) for m in shown.values() if m}  # one row gives all three
    paths = {r["source_id"]: r["path"] for r in raw_rows(site, "sources")}
    source_id = statements[anchor]["source_id"]
    source = (root(site) / paths[source_id]).read_text(encoding="utf-8")
    assert source[int(start) : int(end)] == text or text.endswith("…")
    assert statements and checked > 0


def test_every_schema_example_is_real() -> None:
    """The `example` of each schema field (shown wherever the schemas are read) is a cell of
    its column that passes the field's own rules, and a table's start, end and text examples
    are one span: the source holds that text at those offsets."""
    import polars as pl

    from security_guarantees_2022.core.rules import field_rules

    package = load_package(REPO)
    paths = {r["source_id"]: r["path"] for r in raw_rows_of(REPO, "sources")}
    spans = 0
    for name, res in package.tables.items():
        schema = json.loads((REPO / res.descriptor["schema"]).read_text(encoding="utf-8"))
        rows = raw_rows_of(REPO, name)
        examples = {f["name"]: f["example"] for f in schema["fields"] if "example" in f}
        for field_name, example in examples.items():
            cell = example if isinstance(example, str) else json.dumps(example)
            fld = res.field(field_name)
            assert fld is not None
            frame = pl.DataFrame({field_name: [cell]})
            broken = [r.code for r in field_rules(fld) if frame.select(r.bad).item()]
            assert broken == [], f"{name}.{field_name}: example {example!r} breaks {broken}"
            assert cell in {r[field_name] for r in rows}, f"{name}.{field_name}: {example!r}"
        if {"start", "end", "text"} <= examples.keys():
            source = (REPO / paths[examples["source_id"]]).read_text(encoding="utf-8")
            start, end = examples["start"], examples["end"]
            assert source[start:end] == examples["text"], (name, start, end)
            assert any(
                (r["start"], r["end"], r["text"]) == (str(start), str(end), examples["text"])
                for r in rows
            ), f"{name}: the span example is no row's span"
            spans += 1
    assert spans >= 5


def test_row_count_and_every_row_are_on_the_table_page(site: Path) -> None:
    package = load_package(root(site))
    for name, res in package.tables.items():
        rows = raw_rows(site, name)
        ids = parse(site / "tables" / f"{name}.html").ids
        key = res.primary_key
        page = (site / "tables" / f"{name}.html").read_text(encoding="utf-8")
        assert f"<strong>{len(rows)}</strong> rows" in page
        for row in rows:
            assert ".".join(row[k] for k in key) in ids, f"{name}: row {row} has no anchor"


# --- the annotated article --------------------------------------------------------------------


class ArticleParser(HTMLParser):
    """Each source's text (badges left out) and, for each span, the spans around it."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0  # inside div.sg-article
        self.stack: list[str | None] = []
        self.texts: list[list[str]] = []  # one per div.sg-article, in page order
        self.parents: dict[str, set[str]] = {}
        self.skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "div" and "sg-article" in a.get("class", "").split():
            self.depth = 1
            self.texts.append([])
            return
        if not self.depth:
            return
        if tag == "div":
            self.depth += 1
        if tag == "a" and "sg-sid" in a.get("class", ""):
            self.skip += 1
        span = a.get("data-span") if tag == "span" else None
        if span:
            self.parents.setdefault(span, set()).update(s for s in self.stack if s)
        self.stack.append(span)

    def handle_endtag(self, tag: str) -> None:
        if not self.depth:
            return
        if tag == "div":
            self.depth -= 1
            return
        if tag == "a" and self.skip:
            self.skip -= 1
        if self.stack:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        if self.depth and not self.skip:
            self.texts[-1].append(data)


@pytest.fixture(scope="module")
def article(site: Path) -> ArticleParser:
    parser = ArticleParser()
    parser.feed((site / "article.html").read_text(encoding="utf-8"))
    return parser


def test_article_shows_each_source_text_exactly(site: Path, article: ArticleParser) -> None:
    """One annotated text per source, in the sources table's order, each exactly as stored."""
    texts = [
        (root(site) / source["path"]).read_text(encoding="utf-8")
        for source in raw_rows(site, "sources")
    ]
    assert ["".join(parts) for parts in article.texts] == texts


def test_every_statement_is_a_span_linked_to_its_row(site: Path, article: ArticleParser) -> None:
    page = (site / "article.html").read_text(encoding="utf-8")
    statements = raw_rows(site, "statements")
    assert statements
    for row in statements:
        sid = row["statement_id"]
        assert f"stmt-{sid}" in article.parents, f"{sid} is not drawn on the article"
        assert f'href="tables/statements.html#{sid}"' in page, f"{sid} is not linked to its row"
        title = re.search(rf'<span class="[^"]*" title="([^"]*)" id="stmt-{sid}"', page)
        assert title, f"{sid} has no tooltip"
        tip = html.unescape(title.group(1))
        assert row["mode"] in tip
        assert (f"said {row['said_on_as_given']} (" if row["said_on"] else "date unknown") in tip


def test_reported_speech_is_nested_inside_its_reporting_statement(
    site: Path, article: ArticleParser
) -> None:
    nested = [r for r in raw_rows(site, "statements") if r["reported_by"]]
    assert nested, "the data has reported speech; the test needs some"
    for row in nested:
        assert f"stmt-{row['reported_by']}" in article.parents[f"stmt-{row['statement_id']}"]


def test_every_mention_and_insertion_is_drawn(site: Path, article: ArticleParser) -> None:
    for row in raw_rows(site, "mentions"):
        assert f"mention-{row['mention_id']}" in article.parents
    for row in raw_rows(site, "editorial_insertions"):
        span = f"ins-{row['insertion_id']}"
        assert span in article.parents
        assert f"stmt-{row['statement_id']}" in article.parents[span]


def test_statements_are_listed_under_their_speakers(site: Path) -> None:
    """Under the speaker's heading of the statement's own source (speaker-SOURCE-ID with several
    sources, since one speaker may speak in more than one)."""
    ids = parse(site / "article.html").ids
    several = len(raw_rows(site, "sources")) > 1
    for row in raw_rows(site, "statements"):
        speaker = row["speaker_id"]
        assert (f"speaker-{row['source_id']}-{speaker}" if several else f"speaker-{speaker}") in ids


class AllIds(HTMLParser):
    """Every id attribute of a page, repeats kept."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.ids += [v for k, v in attrs if k == "id" and v]


def test_search_index_does_not_glue_ids_to_words(site: Path) -> None:
    """Search reads the text with its tags dropped: an id badge written as text right before
    the statement's first word became one token (s001Russia) that no query finds."""
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    ids = [r["statement_id"] for r in raw_rows(site, "statements")]
    glued = re.compile(rf"(?<![^\W_])({'|'.join(map(re.escape, ids))})[^\W\d_]")
    found = [
        (doc["location"], m.group(0))
        for doc in index["docs"]
        for m in glued.finditer(re.sub(r"<[^>]+>", "", doc["title"] + " " + doc["text"]))
    ]
    assert found == [], found


def test_no_page_gives_one_id_twice(site: Path) -> None:
    """A repeated id makes a link land on the wrong element (two sources with one speaker, or a
    picture beside a heading of its name)."""
    for page in pages(site):
        parser = AllIds()
        parser.feed(page.read_text(encoding="utf-8"))
        repeated = sorted({i for i in parser.ids if parser.ids.count(i) > 1})
        assert repeated == [], f"{page.relative_to(site)}: {repeated}"


# --- pictures ---------------------------------------------------------------------------------


def external_urls(text: str) -> list[str]:
    """http(s) URLs other than XML namespace declarations."""
    urls = re.findall(r"""(?:https?:)?//[^\s"'<>)]+""", text)
    return [u for u in urls if not re.search(rf'xmlns(?::\w+)?="{re.escape(u)}"', text)]


@pytest.mark.parametrize("picture", PICTURES)
def test_svgs_exist_and_are_self_contained(site: Path, picture: str) -> None:
    path = site / picture
    assert path.is_file() and path.stat().st_size > 0
    text = path.read_text(encoding="utf-8")
    root = ElementTree.fromstring(text)
    assert root.tag == f"{{{SVG_NS}}}svg"
    assert external_urls(text) == []
    for element in root.iter():
        for key, value in element.attrib.items():
            if key.endswith("href"):
                assert not urlsplit(value).scheme, f"{picture} links out: {value}"


def contrast(colour: str, background: str = "#ffffff") -> float:
    """WCAG contrast ratio of two #rgb or #rrggbb colours."""

    def luminance(hex_colour: str) -> float:
        h = hex_colour.lstrip("#")
        h = "".join(c * 2 for c in h) if len(h) == 3 else h
        channels = [int(h[i : i + 2], 16) / 255 for i in (0, 2, 4)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    light, dark = sorted((luminance(colour), luminance(background)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


@pytest.mark.parametrize("picture", PICTURES)
def test_svg_labels_have_enough_contrast(site: Path, picture: str) -> None:
    """Every label is at least 4.5:1 against the picture's white background."""
    root = ElementTree.parse(site / picture).getroot()
    texts = list(root.iter(f"{{{SVG_NS}}}text"))
    assert texts
    for element in texts:
        fill = element.attrib.get("fill", "#000000")
        assert contrast(fill) >= 4.5, f"{picture}: {element.text!r} in {fill}"


def test_timeline_shows_every_event_and_tells_statuses_apart(site: Path) -> None:
    svg = (site / "pictures" / "timeline.svg").read_text(encoding="utf-8")
    for row in raw_rows(site, "events"):
        assert f'href="../tables/events.html#{row["event_id"]}"' in svg, row["event_id"]
    statuses = {r["status"] for r in raw_rows(site, "events") if r["date_start"]}
    schema = json.loads((root(site) / "schemas" / "events.schema.json").read_text(encoding="utf-8"))
    (status,) = [f for f in schema["fields"] if f["name"] == "status"]
    for value in status["constraints"]["enum"]:
        assert f">{value}</text>" in svg, f"the legend lacks status {value}"
    marks = {}
    for value in statuses:
        styles = re.findall(rf'(fill="[^"]*" stroke="[^"]*"[^>]*)><title>[^<]*· {value} ·', svg)
        assert styles, value
        marks[value] = styles[0]
    assert len(set(marks.values())) == len(marks), "two statuses are drawn alike"


def timeline_and_publication_lines(site: Path) -> tuple[ElementTree.Element, list[float]]:
    """The timeline's SVG root and the x of each publication line on it."""
    root = ElementTree.parse(site / "pictures" / "timeline.svg").getroot()
    lines = [
        float(e.attrib["x1"])
        for e in root.iter(f"{{{SVG_NS}}}line")
        if (e.findtext(f"{{{SVG_NS}}}title") or "").startswith("publication")
    ]
    return root, lines


def test_timeline_date_labels_keep_clear_of_the_publication_line(site: Path) -> None:
    from docs.gen.svg import CHAR_WIDTH

    root, lines = timeline_and_publication_lines(site)
    assert lines, "no publication line"
    labels = [
        e
        for e in root.iter(f"{{{SVG_NS}}}text")
        if re.fullmatch(r"\d+(?: \w+)?(?:–\d+ \w+)?|\w+ \d{4}", e.text or "")
    ]
    assert labels
    for label in labels:
        x, size = float(label.attrib["x"]), float(label.attrib.get("font-size", "12"))
        width = len(label.text or "") * size * CHAR_WIDTH
        lo, hi = (x - width, x) if label.attrib.get("text-anchor") == "end" else (x, x + width)
        if label.attrib.get("text-anchor") == "middle":
            continue  # the axis's day numbers sit on their own ticks
        for line in lines:
            assert not lo - 2 < line < hi + 2, f"{label.text!r} touches the publication line"


def test_timeline_marks_keep_clear_of_the_publication_line(site: Path) -> None:
    """A mark of another day than the publication's does not touch the publication line."""
    root, lines = timeline_and_publication_lines(site)
    published = {r["published"] for r in raw_rows(site, "sources")}
    checked = 0
    for circle in root.iter(f"{{{SVG_NS}}}circle"):
        tip = circle.findtext(f"{{{SVG_NS}}}title") or ""
        day = re.search(r" · (\d{4}-\d{2}-\d{2}) \(day\) · ", tip)
        if not day or day.group(1) in published:
            continue
        x, r = float(circle.attrib["cx"]), float(circle.attrib["r"])
        for line in lines:
            assert abs(x - line) >= r + 2, f"{tip.split(' · ')[0]} touches the publication line"
        checked += 1
    assert checked > 0


def test_network_shows_every_linked_actor(site: Path) -> None:
    svg = (site / "pictures" / "network.svg").read_text(encoding="utf-8")
    page = (site / "pictures.html").read_text(encoding="utf-8")
    statements = raw_rows(site, "statements")
    participants = raw_rows(site, "event_participants")
    linked = {r["recipient_id"] for r in statements if r["recipient_id"]}
    linked |= {r["speaker_id"] for r in statements if r["recipient_id"] or r["about_event_id"]}
    about = {r["about_event_id"] for r in statements}
    linked |= {r["actor_id"] for r in participants if r["event_id"] in about}
    for actor in linked:
        assert f'href="../tables/actors.html#{actor}"' in svg, actor
    for row in raw_rows(site, "actors"):
        assert f"actors.html#{row['actor_id']}" in page, f"{row['actor_id']} missing from page"


def network_links(site: Path) -> dict[tuple[str, str, str], tuple[int, list[str]]]:
    """(from, link, to) -> count and rows behind it, from the table under the network picture."""
    page = (site / "pictures.html").read_text(encoding="utf-8")
    words = page[page.index("The links in words") :]
    cells = re.findall(
        r"<tr><td>(.*?)</td> <td>(.*?)</td> <td>(.*?)</td> <td>(\d+)</td> <td>(.*?)</td>", words
    )
    assert cells, "no links listed under the network"
    return {
        (html.unescape(a), k, html.unescape(b)): (int(n), html.unescape(why).split(", "))
        for a, k, b, n, why in cells
    }


def test_network_draws_each_statement_dyad_with_its_count(site: Path) -> None:
    """speaker -> target of every statement with a target, counted (Dzhabarov -> the United
    States is the article's main dyad), and the same edge in the picture."""
    names = {r["actor_id"]: r["name"] for r in raw_rows(site, "actors")}
    expected: dict[tuple[str, str, str], int] = {}
    for row in raw_rows(site, "statements"):
        if row["target_id"] and row["target_id"] != row["speaker_id"]:
            key = (names[row["speaker_id"]], "targeted", names[row["target_id"]])
            expected[key] = expected.get(key, 0) + 1
    assert expected, "the data has statement targets; the test needs some"
    links = network_links(site)
    assert {k: n for k, (n, _) in links.items() if k[1] == "targeted"} == expected
    svg = (site / "pictures" / "network.svg").read_text(encoding="utf-8")
    titles = [html.unescape(t) for t in re.findall(r"<title>([^<]*)</title>", svg)]
    for (a, _, b), n in expected.items():
        noun = "statement" if n == 1 else "statements"
        assert any(t.startswith(f"{a} targeted {b} ({n} {noun}):") for t in titles), (a, b)


def test_network_keeps_the_sides_of_an_event_apart(site: Path) -> None:
    """An event's actor and its recipient (the accusers and the accused) are linked by an
    arrow from actor to recipient, never as partners who took part together."""
    names = {r["actor_id"]: r["name"] for r in raw_rows(site, "actors")}
    roles: dict[str, dict[str, set[str]]] = {}
    for row in raw_rows(site, "event_participants"):
        roles.setdefault(row["event_id"], {}).setdefault(row["role"], set()).add(row["actor_id"])
    links = network_links(site)
    opposed = 0
    for event, sides in roles.items():
        for a in sides.get("actor", set()):
            for b in sides.get("recipient", set()) - {a}:
                x, y = names[a], names[b]
                assert event in links[(x, "acted toward", y)][1], (event, x, y)
                for key in ((x, "took part together", y), (y, "took part together", x)):
                    assert event not in links.get(key, (0, []))[1], (event, x, y)
                opposed += 1
    assert opposed > 0


def test_network_arrowheads_do_not_pile_up(site: Path) -> None:
    """Arrows arriving at one actor end at different points, so every head shows."""
    root = ElementTree.parse(site / "pictures" / "network.svg").getroot()
    ends = []
    for path in root.iter(f"{{{SVG_NS}}}path"):
        if "marker-end" in path.attrib and path.attrib["d"].startswith("M"):
            x, y = path.attrib["d"].split()[-1].split(",")
            ends.append((float(x), float(y)))
    assert len(ends) > 2
    for i, a in enumerate(ends):
        for b in ends[i + 1 :]:
            assert math.dist(a, b) >= 8, f"two arrowheads at {a} and {b}"


def test_network_legend_lists_only_what_is_drawn(site: Path) -> None:
    svg = (site / "pictures" / "network.svg").read_text(encoding="utf-8")
    from docs.gen.network import KINDS

    for kind in KINDS:
        drawn = f"{kind}" in "".join(re.findall(r"<title>([^<]*)</title>", svg))
        assert (f">{kind}</text>" in svg) == drawn, kind
    assert "took part together Lavrov" not in svg


def test_erd_draws_every_foreign_key(site: Path) -> None:
    svg = html.unescape((site / "pictures" / "erd.svg").read_text(encoding="utf-8"))
    for name, res in load_package(root(site)).tables.items():
        for fields, target, target_fields in res.foreign_keys:
            edge = f"{name}.{' + '.join(fields)} → {target}.{' + '.join(target_fields)}"
            assert edge in svg, edge


# --- offline and links ------------------------------------------------------------------------


def test_no_page_loads_anything_remote(site: Path) -> None:
    for page in pages(site):
        for tag, url in parse(page).resources:
            assert not re.match(r"^(?:[a-z]+:)?//", url, flags=re.I), f"{page}: <{tag}> {url}"
    for css in site.rglob("*.css"):
        for url in re.findall(r"""url\(\s*['"]?([^'")]+)""", css.read_text(encoding="utf-8")):
            assert not re.match(r"^(?:https?:)?//", url), f"{css}: {url}"
        assert (
            "@import" not in css.read_text(encoding="utf-8")
            or "http" not in css.read_text(encoding="utf-8").split("@import", 1)[1].split(";", 1)[0]
        )


def test_every_internal_link_lands(site: Path) -> None:
    """Raw-HTML links are written by the generators, not checked by mkdocs: check them here."""
    ids: dict[Path, set[str]] = {}

    def ids_of(path: Path) -> set[str]:
        if path not in ids:
            if path.suffix == ".svg":
                root = ElementTree.parse(path).getroot()
                ids[path] = {e.attrib["id"] for e in root.iter() if "id" in e.attrib}
            else:
                ids[path] = parse(path).ids
        return ids[path]

    documents = pages(site) + [site / p for p in PICTURES]
    broken = []
    for doc in documents:
        if doc.suffix == ".svg":
            root = ElementTree.parse(doc).getroot()
            links = [v for e in root.iter() for k, v in e.attrib.items() if k.endswith("href")]
        else:
            links = parse(doc).links
        for link in links:
            parts = urlsplit(link)
            if parts.scheme or link.startswith(("//", "mailto:")) or link.startswith("url("):
                continue
            path = unquote(parts.path)
            if path.startswith("/"):  # 404.html links from the site root
                target = site / path.lstrip("/")
            else:
                target = (doc.parent / path).resolve() if path else doc
            if target.is_dir():
                target = target / "index.html"
            if not target.exists():
                broken.append(f"{doc.relative_to(site)} -> {link}")
            elif (
                parts.fragment
                and target.suffix in (".html", ".svg")
                and unquote(parts.fragment) not in ids_of(target)
            ):
                broken.append(f"{doc.relative_to(site)} -> {link} (no such anchor)")
    assert broken == []


# --- downloads, citation, other pages --------------------------------------------------------


def test_downloads_are_the_package_files(site: Path) -> None:
    package = load_package(root(site))
    expected = {"datapackage.json"} | {r.relpath for r in package.resources.values()}
    expected |= {
        r.descriptor["schema"]
        for r in package.tables.values()
        if isinstance(r.descriptor.get("schema"), str)
    }
    for rel in expected:
        copy = site / "downloads" / rel
        assert copy.is_file(), rel
        assert copy.read_bytes() == (root(site) / rel).read_bytes(), rel


def test_release_zip_is_named_by_version_and_reproducible(site: Path, tmp_path: Path) -> None:
    descriptor = json.loads((root(site) / "datapackage.json").read_text(encoding="utf-8"))
    stem = f"{descriptor['name']}-{descriptor['version']}"
    built = site / "downloads" / f"{stem}.zip"
    assert built.is_file()
    again = write_package_zip(root(site), tmp_path / f"{stem}.zip")
    assert built.read_bytes() == again.read_bytes()
    with zipfile.ZipFile(built) as zf:
        names = zf.namelist()
        files = [n for n in names if not n.endswith("/SHA256SUMS")]
        assert files == sorted(files)
        assert zf.getinfo(names[0]).date_time == (1980, 1, 1, 0, 0, 0)
        assert all(n.startswith(f"{stem}/") for n in names)
        sums = zf.read(f"{stem}/SHA256SUMS").decode("utf-8").splitlines()
        for line in sums:
            digest, name = line.split("  ", 1)
            assert hashlib.sha256(zf.read(f"{stem}/{name}")).hexdigest() == digest
        assert f"{stem}/datapackage.json" in names
    home = (site / "index.html").read_text(encoding="utf-8")
    assert f'href="downloads/{stem}.zip"' in home


def test_home_shows_citation_from_citation_cff(site: Path) -> None:
    home = page_text(site / "index.html")
    descriptor = json.loads((root(site) / "datapackage.json").read_text(encoding="utf-8"))
    assert f"version {descriptor['version']}" in home
    if (root(site) / "CITATION.cff").exists():
        assert (site / "downloads" / "CITATION.cff").read_bytes() == (
            root(site) / "CITATION.cff"
        ).read_bytes()
        assert 'href="downloads/CITATION.cff"' in (site / "index.html").read_text(encoding="utf-8")
    else:
        assert "CITATION.cff is not in this build" in home


def test_every_download_is_listed_with_its_size_and_checksum(site: Path) -> None:
    """Each file under downloads/ (Parquet and SQLite included) with the SHA-256 of its bytes."""
    home = (site / "index.html").read_text(encoding="utf-8")
    files = [p for p in (site / "downloads").rglob("*") if p.is_file()]
    kinds = {p.suffix for p in files}
    assert {".zip", ".parquet", ".db", ".jsonl", ".bib", ".csv", ".json"} <= kinds
    tables = load_package(root(site)).tables
    # each table, and the derived coded rows
    assert {p.stem for p in files if p.suffix == ".parquet"} == {*tables, "coded_rows"}
    for path in files:
        rel = path.relative_to(site).as_posix()
        row = re.search(rf'<tr>\s*<td><a href="{re.escape(rel)}">(.*?)</tr>', home, flags=re.S)
        assert row, f"{rel} is not listed"
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        assert f'<code class="sg-sha">{digest}</code>' in row.group(1), rel
        assert re.search(r"\d (?:B|KiB)</td>", row.group(1)), rel


def test_downloads_list_data_users_formats_first(site: Path) -> None:
    """The release zip, then Parquet, SQLite, PLOVER JSONL, and only then each table's CSV
    beside its schema: a data user finds the typed files without reading past 28 rows."""
    home = (site / "index.html").read_text(encoding="utf-8")
    table = home[home.index('class="sg-scroll sg-downloads"') :]
    table = table[: table.index("</table>")]
    listed = re.findall(r'<tr>\s*<td><a href="downloads/([^"]+)"', table)
    assert listed, "no downloads listed"

    def kind(rel: str) -> str:
        for suffix in (".zip", ".parquet", ".db", ".jsonl"):
            if rel.endswith(suffix):
                return suffix
        return "table" if rel.startswith(("data/", "schemas/")) and rel.count("/") == 1 else ""

    order = [k for k in (kind(r) for r in listed) if k]
    firsts = [order.index(k) for k in (".zip", ".parquet", ".db", ".jsonl", "table")]
    assert firsts == sorted(firsts), order
    lasts = [len(order) - 1 - order[::-1].index(k) for k in (".zip", ".parquet", ".db", ".jsonl")]
    assert max(lasts) < firsts[-1], f"a CSV or schema comes before a typed format: {listed}"
    tables = list(load_package(root(site)).tables)
    pairs = [r for r in listed if kind(r) == "table"]
    expected = [p for t in tables for p in (f"data/{t}.csv", f"schemas/{t}.schema.json")]
    assert pairs == [p for p in expected if p in pairs], pairs


def test_bibtex_and_plain_citation_come_from_citation_cff(site: Path) -> None:
    import yaml

    cff = yaml.safe_load((root(site) / "CITATION.cff").read_text(encoding="utf-8"))
    bib = (site / "downloads" / "CITATION.bib").read_text(encoding="utf-8")
    assert bib.startswith("@misc{")
    assert cff["title"] in bib and f"version = {{{cff['version']}}}" in bib
    for author in cff["authors"]:
        assert author.get("name", author.get("family-names")) in bib
    home = page_text(site / "index.html")
    assert cff["title"] in home and bib.splitlines()[0] in home
    records = json.loads((root(site) / "releases" / "index.json").read_text(encoding="utf-8"))
    dates = [r["date"] for r in records if r["version"] == cff["version"]]
    dates += [str(cff["date-released"])] if cff.get("date-released") else []
    if root(site) == REPO:
        assert dates, "the version has a release date to cite"
    if dates:
        assert any(f"released {d}" in home for d in dates)
    else:  # a version not released yet (the two-source fork's) is cited without a date
        assert not re.search(r"released \d{4}-\d{2}-\d{2}", home)


def test_codebook_lists_codes_in_use_and_every_enum_value(site: Path) -> None:
    page = (site / "codebook.html").read_text(encoding="utf-8")
    used = {r["cameo_code"] for t in ("statements", "events") for r in raw_rows(site, t)} - {""}
    assert used
    listed = set(re.findall(r'<tr><td><a href="tables/cameo_event_codes.html#(\w+)">', page))
    assert listed == used
    entries = set(re.findall(r'<h4 id="cameo_event_codes-(\w+)">', page))
    assert entries == used, "every code in use has an entry of its own"
    for row in raw_rows(site, "statements") + raw_rows(site, "events"):
        if row["cameo_code"]:
            entry = page.split(f'<h4 id="cameo_event_codes-{row["cameo_code"]}">', 1)[1]
            entry = entry.split("<h4", 1)[0]
            key = row.get("statement_id") or row["event_id"]
            assert f"#{key}" in entry, f"{key} is not listed under {row['cameo_code']}"
    for name, res in load_package(root(site)).tables.items():
        for fld in res.fields():
            for value in fld.constraints.enum or ():
                assert f"<code>{html.escape(str(value))}</code>" in page, f"{name}: {value}"


def test_validation_page_lists_every_issue_code(site: Path) -> None:
    ids = parse(site / "validation.html").ids
    for code in ALL:
        assert f"code-{code}" in ids, code


def test_validation_page_shows_every_message_template_under_its_code(site: Path) -> None:
    page = (site / "validation.html").read_text(encoding="utf-8")
    rows = dict(re.findall(r'<tr id="code-([a-z-]+)">(.*?)</tr>', page, flags=re.S))
    for (code, _case), template in MESSAGES.items():
        assert f"<code>{html.escape(template, quote=True)}</code>" in rows[code], (code, template)


def test_no_empty_sitemap(site: Path) -> None:
    """A sitemap only when the site's address is known (CITATION.cff's url); never an empty one."""
    sitemap = site / "sitemap.xml"
    if not sitemap.exists():
        return
    urls = re.findall(r"<loc>([^<]+)</loc>", sitemap.read_text(encoding="utf-8"))
    assert urls and any(u.endswith("article.html") for u in urls)


def test_cli_help_is_shown_whole(site: Path) -> None:
    """No command summary is cut short with '...' or '…'."""
    text = page_text(site / "validation.html")
    commands = text.split("Commands:", 1)[1].split("Exit codes", 1)[0]
    assert "..." not in commands and "…" not in commands
    from security_guarantees_2022.cli import main

    for name in main.commands:
        assert name in commands


def test_exit_codes_agree_with_the_readme(site: Path) -> None:
    """The validation page's table says what the validator page says, code by code."""
    page = (site / "validation.html").read_text(encoding="utf-8")
    table = dict(
        re.findall(r"<td[^>]*><code>([0-3])</code></td>\s*<td>(.*?)</td>", page, flags=re.S)
    )
    assert set(table) == {"0", "1", "2", "3"}
    readme = (REPO / "docs" / "validator.md").read_text(encoding="utf-8")
    readme = " ".join(readme.split("Exit codes:", 1)[1].split("\n\n", 1)[0].split())
    assert (
        "an output that cannot be written" in readme
        and "an output that cannot be written" in table["2"]
    )
    assert "SG2022_DEBUG=1" in readme and "SG2022_DEBUG=1" in html.unescape(table["3"])


def test_the_property_table_is_the_declaration(site: Path) -> None:
    """The Validation page lists every declared property as the declaration says, and the
    validator's stricter rules; a property flipped in the declaration is flipped in the table."""
    from docs.gen.properties import properties_markdown
    from security_guarantees_2022.core import properties

    page = html.unescape((site / "validation.html").read_text(encoding="utf-8"))
    rows = re.findall(
        r"<tr><td>([^<]+)</td>\s*<td><code>([^<]+)</code></td>\s*<td>([^<]+)</td>", page
    )
    assert rows == [(p, n, w) for p, n, w, _ in properties.table()]
    assert ("schema", "uniqueKeys", "refused") in rows
    assert ("resource", "hash", "implemented (all engines)") in rows
    for what, _why in properties.STRICTER:
        assert what.split("`")[1 if what.startswith("`") else 0].split(":")[0] in page
    flipped = dict(properties.SCHEMA, uniqueKeys=properties.implemented(engines=("default",)))
    with pytest.MonkeyPatch.context() as patch:
        patch.setitem(properties.PLACES, "schema", flipped)
        assert "<code>uniqueKeys</code></td><td>implemented (default)" in properties_markdown()


def test_changelog_links_the_pages_it_names(site: Path) -> None:
    text = (REPO / "CHANGELOG.md").read_text(encoding="utf-8")
    page = (site / "changelog.html").read_text(encoding="utf-8")
    named = set(
        re.findall(r"\bthe (Performance|Validation|Codebook|Pictures|Versioning) page", text)
    )
    for title in named:
        assert f'the <a href="{title.lower()}.html">{title}</a> page' in page, title


def test_agreement_counts_are_not_put_under_another_column(site: Path) -> None:
    page = (site / "method.html").read_text(encoding="utf-8")
    assert "colspan" not in page.split('id="agreement"', 1)[1]


def test_changelog_is_included_verbatim(site: Path) -> None:
    text = page_text(site / "changelog.html")
    for line in (REPO / "CHANGELOG.md").read_text(encoding="utf-8").splitlines():
        words = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", line)  # [text](url) -> text
        words = re.sub(r"^#+ |^- |[`*]", "", words).strip()
        if words:
            assert " ".join(words.split()) in text, line


def test_method_page_shows_annotation_files_or_says_they_are_missing(site: Path) -> None:
    page = page_text(site / "method.html")
    for name in ("guidelines.md", "adjudication.md", "agreement.json"):
        path = REPO / "annotation" / name
        if not path.exists():
            assert f"annotation/{name} is not in this build" in page
        elif name.endswith(".md"):
            headings = re.findall(r"^#+ (.+)$", path.read_text(encoding="utf-8"), flags=re.M)
            for heading in headings:
                assert heading.replace("`", "").replace("*", "") in page, heading
        else:
            for key in json.loads(path.read_text(encoding="utf-8")):
                assert key in page


def test_agreement_figures_are_shown_as_given_and_never_invented(tmp_path: Path) -> None:
    from docs.gen import method  # the repository root is on sys.path, as for `tests`

    assert "is not in this build" in method.agreement_markdown(tmp_path)
    figures = {"mentions": {"exact_span": {"first": 75, "second": 71, "f1": 0.912}}}
    (tmp_path / "agreement.json").write_text(json.dumps(figures), encoding="utf-8")
    shown = method.agreement_markdown(tmp_path)
    numbers = set(re.findall(r"<td>([0-9.]+)</td>", shown))
    assert numbers == {"75", "71", "0.912"}


def _section_rows(page: Path, heading: str) -> list[list[str]]:
    """The cells, as text, of the first table after a heading."""
    text = page.read_text(encoding="utf-8")
    body = text[text.index(heading) :]
    body = body[body.index("<tbody>") : body.index("</tbody>")]
    return [
        [
            " ".join(html.unescape(re.sub(r"<[^>]+>", "", cell.replace("<br>", " | "))).split())
            for cell in row.split("<td>")[1:]
        ]
        for row in body.split("<tr>")[1:]
    ]


def test_codebook_shows_every_coded_row_as_event_data(site: Path) -> None:
    """Dyad, PLOVER score and Goldstein value joined, factuality and reporting statement."""
    from security_guarantees_2022.release.interchange import plover_kind

    rows = {r[0]: r for r in _section_rows(site / "codebook.html", "Coded rows as event data")}
    names = {r["actor_id"]: r["name"] for r in raw_rows(site, "actors")}
    # the mode that stands for a type itself, as the schema declares it: keyed and shown as none
    itself = load_package(REPO / "datapackage.json").declaring("plover_types")
    assert itself is not None and itself.checks.plover_types is not None
    no_mode = itself.checks.plover_types.itself
    assert no_mode and any(r["mode"] == no_mode for r in raw_rows(site, "plover_event_types"))
    plover = {
        (r["event_type"], None if r["mode"] == no_mode else r["mode"]): r
        for r in raw_rows(site, "plover_event_types")
    }
    goldstein = {r["cameo_code"]: r["goldstein"] for r in raw_rows(site, "cameo_goldstein")}
    coded = [("statements", r) for r in raw_rows(site, "statements") if r["cameo_code"]]
    coded += [("events", r) for r in raw_rows(site, "events") if r["cameo_code"]]
    assert set(rows) == {r[f"{t[:-1]}_id"] for t, r in coded}
    for table, r in coded:
        cells = rows[r[f"{table[:-1]}_id"]]
        assert cells[3].startswith(r["cameo_code"])
        mode = None if r["plover_mode"] == no_mode else r["plover_mode"] or None
        kind = plover_kind(plover, r["plover_type"] or None, mode)
        parts = [
            "/".join(v for v in (r["plover_type"], mode) if v),
            kind.get("quad_class", ""),
            kind.get("score", ""),
        ]
        assert cells[4] == (" | ".join(p for p in parts if p) or "—")
        assert float(cells[5]) == float(goldstein[r["cameo_code"]])
        if table == "statements":
            assert cells[1] == names[r["speaker_id"]]
            assert cells[2] == (names[r["target_id"]] if r["target_id"] else "—")
        else:
            report = r["reporting_statement_id"]
            # the reporting source's factuality, then the newspaper's
            both = f"{r['factuality']} / {r['author_factuality']}"
            assert cells[6] == (f"{both} | {report}" if report else both)


def test_article_lists_each_event_with_its_factuality_and_reporting_statement(site: Path) -> None:
    text = page_text(site / "article.html")
    for r in raw_rows(site, "events"):
        assert f"factuality {r['factuality']}" in text
        reported = (
            f"reported by {r['reporting_statement_id']}"
            if r["reporting_statement_id"]
            else "narrated by the newspaper"
        )
        assert f"{r['event_id']}: {r['title']}" in text
        start = text.index(f"{r['event_id']}: {r['title']}")
        assert reported in text[start : start + 600], r["event_id"]


def test_report_links_lead_to_anchors_on_the_site(site: Path, tiny_package: Path) -> None:
    """Every issue in a JSON report names a page and anchor of the site that explain it."""
    from security_guarantees_2022 import validate_package
    from security_guarantees_2022.core.issue_codes import ALL
    from security_guarantees_2022.core.report import Issue, code_link, docs_link
    from tests.support import set_cell

    set_cell(tiny_package, "statements", 2, "said_on", "yesterday")
    set_cell(tiny_package, "statements", 2, "speaker_id", "nobody")
    issues = validate_package(tiny_package, second=False).to_dict()["issues"]
    assert {i["docs"] for i in issues} >= {
        "tables/statements.html#statements.said_on",
        "tables/statements.html#statements.speaker_id",
    }
    links = [i["docs"] for i in issues] + [code_link(code) for code in ALL]
    links.append(docs_link(Issue("span-mismatch", "statements", "x", column="start, end")))
    for link in links:
        page, anchor = link.split("#")
        text = (site / page).read_text(encoding="utf-8")
        assert f'id="{anchor}"' in text, link


def test_the_method_page_counts_the_wikidata_ids_the_tables_hold() -> None:
    from docs.gen.common import load_site
    from docs.gen.method import wikidata_coverage_markdown

    def rows(table: str) -> list[dict[str, str]]:
        with (REPO / "data" / f"{table}.csv").open(encoding="utf-8", newline="") as handle:
            return list(csv.DictReader(handle))

    actors, events = rows("actors"), rows("events")
    places = [r for r in events if r["location"]]
    expected = [
        ("actors", sum(bool(r["wikidata_id"]) for r in actors), len(actors)),
        ("event places", sum(bool(r["location_wikidata_id"]) for r in places), len(places)),
    ]
    shown = re.findall(
        r"<tr><td>([^<]+)</td><td>(\d+)</td><td>(\d+)</td></tr>",
        wikidata_coverage_markdown(load_site(REPO)),
    )
    assert [(what, int(have), int(total)) for what, have, total in shown] == expected
    assert expected[1][1] > 0  # the place QIDs restored in 2.0.0 are there
