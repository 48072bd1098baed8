"""The built site in a real browser: Debian's chromium, headless, offline, driven by playwright.

Every page is driven at a desktop width (1280 px) and a phone width (390 px): it loads without
console errors or failed requests, nothing leaves localhost, and axe-core finds no serious or
critical accessibility violation in the page's content. Search finds rows by code, id and name;
the data tables keep their key columns in view at 1280 px with headers that stay on screen; the
field reference and the pictures stay legible on a phone; the annotated article's spans work by
keyboard, click and tap. Screenshots of the article, a table page and the pictures at both widths
are written to artifacts/ (git-ignored).
"""

from __future__ import annotations

import csv
import functools
import os
import re
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import pytest

from tests.test_docs import REPO, build_site

if TYPE_CHECKING:  # playwright is imported when a test runs (skipped without chromium)
    from playwright.sync_api import Browser, BrowserContext, Page, Route

CHROMIUM = Path("/usr/bin/chromium")
LAUNCH_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = REPO / "artifacts"
WIDTHS = {"desktop": 1280, "phone": 390}
SERIOUS = ("serious", "critical")

pytestmark = pytest.mark.browser


def require_chromium() -> None:
    if CHROMIUM.exists():
        return
    reason = f"{CHROMIUM} not found: install Debian's chromium (make browser)"
    if os.environ.get("CI"):
        pytest.fail(reason)
    pytest.skip(reason)


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    require_chromium()
    return build_site(tmp_path_factory.mktemp("browser-site") / "site")


@pytest.fixture(scope="module")
def base_url(site: Path) -> Iterator[str]:
    """The built site over http on a free localhost port, served from a thread."""
    server = ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(site))
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def browser(base_url: str) -> Iterator[Browser]:
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        # launch() gives chromium a fresh temporary profile; each test opens a default context.
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=LAUNCH_ARGS
        )
        try:
            yield browser
        finally:
            browser.close()


class Watch:
    """Console errors, page errors, failed requests and anything fetched from off this host."""

    def __init__(self, page: Page, base_url: str) -> None:
        self.problems: list[str] = []
        host = urlsplit(base_url).netloc
        page.on(
            "console",
            lambda m: (
                self.problems.append(f"console {m.type}: {m.text}")
                if m.type in ("error", "assert")
                else None
            ),
        )
        page.on("pageerror", lambda e: self.problems.append(f"page error: {e}"))
        page.on(
            "requestfailed",
            lambda r: self.problems.append(f"request failed: {r.url} {r.failure}"),
        )
        page.on(
            "response",
            lambda r: (
                self.problems.append(f"HTTP {r.status}: {r.url}") if r.status >= 400 else None
            ),
        )

        def guard(route: Route) -> None:
            url = route.request.url
            if urlsplit(url).scheme in ("http", "https") and urlsplit(url).netloc != host:
                self.problems.append(f"remote request blocked: {url}")
                route.abort()
            else:
                route.continue_()

        page.route("**/*", guard)


def open_tab(browser: Browser, base_url: str, width: int) -> tuple[BrowserContext, Page, Watch]:
    context = browser.new_context(
        viewport={"width": width, "height": 900}, has_touch=width < 600, is_mobile=False
    )
    tab = context.new_page()
    return context, tab, Watch(tab, base_url)


@pytest.fixture(params=sorted(WIDTHS))
def page(request: pytest.FixtureRequest, browser: Browser, base_url: str) -> Iterator[Tab]:
    context, tab, watch = open_tab(browser, base_url, WIDTHS[request.param])
    try:
        yield Tab(tab, watch, WIDTHS[request.param], request.param)
    finally:
        context.close()


@pytest.fixture
def desktop(browser: Browser, base_url: str) -> Iterator[Tab]:
    context, tab, watch = open_tab(browser, base_url, WIDTHS["desktop"])
    try:
        yield Tab(tab, watch, WIDTHS["desktop"], "desktop")
    finally:
        context.close()


class Tab:
    """A page in a browser context of one width, with its watch."""

    def __init__(self, tab: Page, watch: Watch, width: int, label: str) -> None:
        self.tab, self.watch, self.width, self.label = tab, watch, width, label

    def shot(self, name: str) -> Path:
        """A full-page screenshot under artifacts/, checked to be a PNG."""
        ARTIFACTS.mkdir(exist_ok=True)
        path = ARTIFACTS / f"{name}-{self.width}.png"
        path.unlink(missing_ok=True)
        self.tab.screenshot(path=str(path), full_page=True)
        assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        return path


def site_pages(site: Path) -> list[str]:
    paths = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))
    assert "article.html" in paths and "index.html" in paths
    return [p for p in paths if p != "404.html"]


def axe_violations(tab: Page) -> list[str]:
    """Serious and critical axe-core violations inside the page's content (not the theme)."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(tab, context={"include": [[".md-content"]]})
    found = []
    for violation in results.response["violations"]:
        if violation.get("impact") in SERIOUS:
            targets = [" ".join(map(str, n["target"])) for n in violation["nodes"][:3]]
            found.append(f"{violation['id']} ({violation['impact']}): {targets}")
    return found


def test_every_page_at_both_widths(page: Tab, base_url: str, site: Path) -> None:
    """No console error, failed or remote request, or serious axe violation, on any page."""
    problems = []
    for path in site_pages(site):
        page.tab.goto(f"{base_url}/{path}", wait_until="networkidle")
        assert page.tab.locator("h1").count() >= 1, f"{path} has no title"
        problems += [f"{path}: {v}" for v in axe_violations(page.tab)]
        wide = page.tab.evaluate("document.documentElement.scrollWidth")
        if wide > page.width + 1:
            problems.append(f"{path}: the page is {wide} px wide at {page.width} px")
    assert problems + page.watch.problems == [], "\n".join(problems + page.watch.problems)


def search(tab: Page, base_url: str, term: str) -> list[tuple[str, str]]:
    """(href, text) of every result material's search shows for term."""
    tab.goto(f"{base_url}/index.html", wait_until="networkidle")
    box = tab.locator("input.md-search__input")
    opener = tab.locator('label.md-header__button[for="__search"]')
    if opener.is_visible():  # phones: the search box opens from the header
        opener.click()
    box.click()
    box.press_sequentially(term, delay=30)
    tab.wait_for_selector(".md-search-result__item", timeout=15_000)

    def results() -> list[tuple[str, str]]:
        # read in one call: the list is re-rendered while search runs, so links read one by one
        # can vanish between the count and the read
        links = tab.eval_on_selector_all(
            "a.md-search-result__link",
            "links => links.map(a => [a.getAttribute('href') || '', a.textContent || ''])",
        )
        found = []
        for href_, text in links:
            url = urlsplit(href_)  # material adds ?h=term
            found.append(
                (url.path + (f"#{url.fragment}" if url.fragment else ""), " ".join(text.split()))
            )
        return found

    # Search runs as the term is typed: wait until the list stops changing.
    found = results()
    for _ in range(20):
        tab.wait_for_timeout(250)
        again = results()
        if again == found and found:
            break
        found = again
    return found


def dzhabarov() -> tuple[str, list[str]]:
    """His actor id and statement ids, from the CSVs."""
    with (REPO / "data" / "actors.csv").open(encoding="utf-8", newline="") as handle:
        (actor,) = [r["actor_id"] for r in csv.DictReader(handle) if "Dzhabarov" in r["name"]]
    with (REPO / "data" / "statements.csv").open(encoding="utf-8", newline="") as handle:
        ids = [r["statement_id"] for r in csv.DictReader(handle) if r["speaker_id"] == actor]
    assert ids
    return actor, ids


def test_search_finds_dzhabarovs_statements(page: Tab, base_url: str) -> None:
    actor, statement_ids = dzhabarov()
    results = search(page.tab, base_url, "Dzhabarov")
    speaker = [
        text for href, text in results if "article.html" in href and f"#speaker-{actor}" in href
    ]
    assert speaker, f"no result for his section of the article: {[h for h, _ in results]}"
    assert any(sid in speaker[0] for sid in statement_ids), speaker[0]
    assert any(href.endswith(f"tables/actors.html#{actor}") for href, _ in results), results
    assert any("tables/statements.html#" in href for href, _ in results), results
    assert page.watch.problems == []


def code_row(code: str) -> dict[str, str]:
    with (REPO / "data" / "cameo_event_codes.csv").open(encoding="utf-8", newline="") as handle:
        (row,) = [r for r in csv.DictReader(handle) if r["code"] == code]
    return row


@pytest.mark.parametrize("code", ["010", "0242"])
def test_search_finds_a_code_as_a_readable_row(desktop: Tab, base_url: str, code: str) -> None:
    """A code leads to its vocabulary row, its codebook entry and the statements coded with it."""
    results = search(desktop.tab, base_url, code)
    name = code_row(code)["name"]
    row = [t for h, t in results if h.endswith(f"tables/cameo_event_codes.html#{code}")]
    assert row, f"{code}: no result for its vocabulary row: {[h for h, _ in results]}"
    assert code in row[0].split() and name in row[0], row[0]
    assert any(h.endswith(f"codebook.html#cameo_event_codes-{code}") for h, _ in results), results
    with (REPO / "data" / "statements.csv").open(encoding="utf-8", newline="") as handle:
        coded = [r["statement_id"] for r in csv.DictReader(handle) if r["cameo_code"] == code]
    for sid in coded:
        assert any(h.endswith(f"tables/statements.html#{sid}") for h, _ in results), sid
    assert desktop.watch.problems == []


def test_search_finds_a_field_by_name(desktop: Tab, base_url: str) -> None:
    results = search(desktop.tab, base_url, "said_on")
    assert any(h.endswith("tables/statements.html#statements.said_on") for h, _ in results), results
    assert desktop.watch.problems == []


def test_data_tables_sort_and_filter(desktop: Tab, base_url: str) -> None:
    tab = desktop.tab
    with (REPO / "data" / "statements.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    tab.goto(f"{base_url}/tables/statements.html", wait_until="networkidle")
    table = tab.locator("table.sg-data")
    start = table.locator("thead th", has_text="start").first
    if not start.is_visible():
        tab.get_by_role("button", name=re.compile("all .*columns", re.I)).click()
    start.click()
    start.click()  # descending
    first = table.locator("tbody tr").first.get_attribute("id")
    assert first == max(rows, key=lambda r: int(r["start"]))["statement_id"]
    tab.locator(".sg-filter input").fill("blinken")
    visible = table.locator("tbody tr:visible").count()
    expected = sum(1 for r in rows if any("blinken" in v.lower() for v in r.values()))
    assert 0 < visible == expected < len(rows)
    assert desktop.watch.problems == []


OVERFLOW = """table => {
  const wrap = table.closest('.sg-scroll') || table.parentElement;
  const box = wrap.getBoundingClientRect();
  const out = [];
  for (const th of table.tHead.rows[0].cells) {
    if (th.offsetParent === null || !th.hasAttribute('data-key')) continue;
    const r = th.getBoundingClientRect();
    if (r.right > box.right + 1 || r.left < box.left - 1) out.push(th.textContent.trim());
  }
  if (wrap.scrollWidth > wrap.clientWidth + 1) out.push('scrolls: ' + wrap.scrollWidth);
  return out;
}"""


def test_key_columns_fit_at_desktop_width(desktop: Tab, base_url: str, site: Path) -> None:
    """Every data table shows its key columns without horizontal scrolling at 1280 px."""
    checked = 0
    for path in sorted(p.relative_to(site).as_posix() for p in (site / "tables").glob("*.html")):
        desktop.tab.goto(f"{base_url}/{path}", wait_until="networkidle")
        table = desktop.tab.locator("table.sg-data").first
        keys = table.locator("thead th[data-key]")
        assert keys.count() >= 1, f"{path}: no column is marked as a key column"
        assert table.evaluate(OVERFLOW) == [], path
        checked += 1
    assert checked >= 10
    assert desktop.watch.problems == []


def test_codebook_tables_fit_at_desktop_width(desktop: Tab, base_url: str) -> None:
    """Codes are not wrapped inside themselves and no codebook table scrolls sideways."""
    tab = desktop.tab
    tab.goto(f"{base_url}/codebook.html", wait_until="networkidle")
    wide = tab.evaluate(
        """() => [...document.querySelectorAll('.md-content .sg-scroll')]
            .filter(w => w.scrollWidth > w.clientWidth + 1)
            .map(w => w.querySelector('th') ? w.querySelector('th').textContent : '?')"""
    )
    assert wide == [], f"tables wider than the page: {wide}"
    code = tab.locator('a[href$="tables/cameo_event_codes.html#0242"]').first
    box = code.bounding_box()
    assert box and box["height"] < 30, "the code 0242 wraps over two lines"
    assert desktop.watch.problems == []


def test_table_header_stays_in_view(desktop: Tab, base_url: str) -> None:
    tab = desktop.tab
    tab.goto(f"{base_url}/tables/mentions.html", wait_until="networkidle")
    table = tab.locator("table.sg-data")
    table.locator("tbody tr").nth(-1).scroll_into_view_if_needed()
    top = table.locator("thead th").first.evaluate("th => th.getBoundingClientRect().top")
    assert 0 <= top < 200, f"the header is at {top} px after scrolling"
    assert desktop.watch.problems == []


# Each visible data table, scrolled to sit 200 px below the top of the window (so that no
# header is legitimately stuck over it): is the centre of its first row's first shown cell the
# cell itself, or is something (a sticky header) drawn over it?
FIRST_ROWS = """() => [...document.querySelectorAll('.md-content table.sg-data')]
  .filter(t => t.offsetParent && t.tBodies.length && t.tBodies[0].rows.length)
  .map(t => {
    window.scrollTo(0, t.getBoundingClientRect().top + window.scrollY - 200);
    const row = t.tBodies[0].rows[0];
    const cell = [...row.cells].find(c => c.offsetParent);
    const r = cell.getBoundingClientRect();
    const hit = document.elementFromPoint(r.left + Math.min(r.width / 2, 20), r.top + r.height / 2);
    const head = t.tHead ? t.tHead.getBoundingClientRect().bottom : r.top;
    return [cell.textContent.trim().slice(0, 30), !!hit && cell.contains(hit) && head <= r.top + 1];
  })"""


@pytest.mark.parametrize("path", ["codebook.html", "tables/statements.html"])
def test_first_data_row_is_not_under_the_header(page: Tab, base_url: str, path: str) -> None:
    """A sticky header inside a box that scrolls sideways sticks to the box: it must not sit
    over the first row (s001 was hidden under it)."""
    page.tab.goto(f"{base_url}/{path}", wait_until="networkidle")
    rows = page.tab.evaluate(FIRST_ROWS)
    assert rows, f"{path}: no data table"
    hidden = [text for text, shown in rows if not shown]
    assert hidden == [], f"{path} at {page.width} px: first rows under the header: {hidden}"
    assert page.watch.problems == []


def test_header_stays_in_view_with_every_column_shown(desktop: Tab, base_url: str) -> None:
    tab = desktop.tab
    tab.goto(f"{base_url}/tables/statements.html", wait_until="networkidle")
    tab.get_by_role("button", name=re.compile("all columns", re.I)).click()
    table = tab.locator("table.sg-data")
    assert table.locator("thead th.sg-more").first.is_visible()
    table.locator("tbody tr").nth(-1).scroll_into_view_if_needed()
    head = table.locator("thead th").first.bounding_box()
    last = table.locator("tbody tr").nth(-1).bounding_box()
    assert head and last and 0 <= head["y"] < last["y"] < 900, (head, last)
    assert desktop.watch.problems == []


def test_field_reference_reflows_on_a_phone(browser: Browser, base_url: str) -> None:
    context, tab, watch = open_tab(browser, base_url, WIDTHS["phone"])
    try:
        tab.goto(f"{base_url}/tables/statements.html", wait_until="networkidle")
        rows = tab.locator("table.sg-fields tbody tr")
        assert rows.count() > 1
        for row in (rows.first, rows.nth(-1)):
            cells = row.locator("td").all()
            assert len(cells) == 5
            for cell in cells:
                box = cell.bounding_box()
                assert box and box["x"] >= 0 and box["x"] + box["width"] <= WIDTHS["phone"], box
                assert cell.is_visible()
                assert box["width"] > WIDTHS["phone"] / 2, "cells side by side, not a card"
        assert watch.problems == []
    finally:
        context.close()


SMALLEST_TEXT = """svg => {
  const scale = svg.getScreenCTM().a;
  let smallest = 1e9;
  for (const t of svg.querySelectorAll('text')) {
    if (!t.textContent.trim()) continue;
    smallest = Math.min(smallest, parseFloat(getComputedStyle(t).fontSize) * scale);
  }
  return smallest;
}"""


def test_pictures_stay_legible(page: Tab, base_url: str) -> None:
    page.tab.goto(f"{base_url}/pictures.html", wait_until="networkidle")
    svgs = page.tab.locator(".sg-figure svg:visible").all()
    assert len(svgs) >= 2
    for svg in svgs:
        assert svg.evaluate(SMALLEST_TEXT) >= 9, "SVG labels below 9 px"
    page.shot("pictures")
    page.tab.goto(f"{base_url}/index.html", wait_until="networkidle")
    for svg in page.tab.locator(".sg-figure svg:visible").all():
        assert svg.evaluate(SMALLEST_TEXT) >= 9, "SVG labels below 9 px"
    assert page.watch.problems == []


def test_timeline_fits_the_screen(page: Tab, base_url: str) -> None:
    """The timeline is drawn whole inside the page's column at both widths: on a phone it no
    longer leaves most of its plot off-screen, to be scrolled to sideways."""
    tab = page.tab
    tab.goto(f"{base_url}/pictures.html", wait_until="networkidle")
    (svg,) = [
        s
        for s in tab.locator(".sg-figure svg:visible").all()
        if "timeline" in (s.get_attribute("id") or "")
    ]
    box = svg.bounding_box()
    column = tab.locator(".md-content__inner").bounding_box()
    assert box and column
    assert (
        column["x"] - 1 <= box["x"] and box["x"] + box["width"] <= column["x"] + column["width"] + 1
    )
    wrap = svg.evaluate("s => [s.parentElement.scrollWidth, s.parentElement.clientWidth]")
    assert wrap[0] <= wrap[1] + 1, f"the timeline scrolls sideways at {page.width} px: {wrap}"
    assert tab.evaluate("document.documentElement.scrollWidth") <= page.width
    assert svg.evaluate(SMALLEST_TEXT) >= 9, "SVG labels below 9 px"
    assert page.watch.problems == []


def test_article_spans_show_their_details(page: Tab, base_url: str) -> None:
    """Focus, click or tap a statement: a panel gives speaker, date and evidence, and its row."""
    tab = page.tab
    tab.goto(f"{base_url}/article.html", wait_until="networkidle")
    with (REPO / "data" / "statements.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert tab.locator(".sg-article .sg-stmt[id]").count() == len(rows)
    names = {}
    with (REPO / "data" / "actors.csv").open(encoding="utf-8", newline="") as handle:
        names = {r["actor_id"]: r["name"] for r in csv.DictReader(handle)}
    panel = tab.locator("#sg-details")
    first = rows[0]
    nested = [r for r in rows if r["reported_by"]]
    assert nested, "the data has reported speech; the test needs some"
    span = tab.locator(f"#stmt-{first['statement_id']}")
    span.focus()
    assert span.evaluate("e => document.activeElement === e")
    text = panel.text_content() or ""
    assert names[first["speaker_id"]] in text and first["said_on_evidence"] in text, text
    assert panel.locator(f'a[href$="tables/statements.html#{first["statement_id"]}"]').is_visible()
    # The keyboard walks on: the statement's row link, then the next statement, whose details
    # replace the first one's.
    second = rows[1]["statement_id"]
    for _ in range(40):  # mentions between the two statements take the focus on the way
        tab.keyboard.press("Tab")
        if tab.evaluate("document.activeElement.id") == f"stmt-{second}":
            break
    assert tab.evaluate("document.activeElement.id") == f"stmt-{second}"
    assert f"Statement {second}" in (panel.text_content() or "")
    # A mention inside a statement still shows the statement around it.
    inner = [
        (row, tab.locator(f'.sg-stmt[data-span="stmt-{row["statement_id"]}"] .sg-mention'))
        for row in nested
    ]
    row, mention = next((r, m.first) for r, m in inner if m.count())
    mention.scroll_into_view_if_needed()
    if page.width < 600:
        mention.tap()
    else:
        mention.click()
    text = panel.text_content() or ""
    assert row["statement_id"] in text and row["reported_by"] in text, text
    assert "Inside it:" in text, "the mention's own line is missing"
    assert panel.is_visible()
    # A mention outside every statement: focus or tap shows its line and a link to its row.
    lone = tab.locator(
        "xpath=//*[contains(@class,'sg-article')]//span[contains(@class,'sg-mention') and @id"
        " and not(ancestor::span[contains(@class,'sg-stmt')])]"
    ).first
    lone.scroll_into_view_if_needed()
    if page.width < 600:
        lone.tap()
    else:
        lone.focus()
    mid = (lone.get_attribute("id") or "").removeprefix("mention-")
    text = panel.text_content() or ""
    assert f"Mention {mid} · " in text, text
    assert panel.locator(f'a[href$="tables/mentions.html#{mid}"]').is_visible()
    page.shot("annotated-article")
    assert page.watch.problems == []


OVERLAP = """key => {
  const panel = document.getElementById('sg-details').getBoundingClientRect();
  const boxes = [...document.querySelectorAll(`[data-span="${key}"]`)]
    .map(e => e.getBoundingClientRect());
  return boxes.some(b => b.bottom > panel.top && b.top < panel.bottom
    && b.right > panel.left && b.left < panel.right);
}"""


def tab_until(tab: Page, condition: str, most: int) -> int:
    """Press Tab until `condition` (a JS expression on the focused element `e`) holds."""
    for n in range(1, most + 1):
        tab.keyboard.press("Tab")
        if tab.evaluate(
            f"(() => {{ const e = document.activeElement; return !!({condition}); }})()"
        ):
            return n
    raise AssertionError(f"not reached in {most} Tab presses: {condition}")


def test_article_text_is_a_few_tab_presses_away(page: Tab, base_url: str) -> None:
    """A skip link leads past the menus and the legend: the text is a few Tab presses from the
    top of the page, its spans are controls, Enter opens one (aria-expanded) and the panel that
    opens does not cover it."""
    tab = page.tab
    tab.goto(f"{base_url}/article.html", wait_until="networkidle")
    presses = tab_until(tab, "e.classList.contains('sg-skip')", 5)
    assert (tab.evaluate("document.activeElement.textContent") or "").startswith("Skip to")
    tab.keyboard.press("Enter")
    presses += tab_until(tab, "e.closest('.sg-article')", 3)
    assert presses <= 5, f"{presses} Tab presses to the text"
    presses += tab_until(tab, "e.classList.contains('sg-stmt')", 10)
    span = tab.evaluate_handle("document.activeElement")
    assert span.evaluate("e => e.getAttribute('role')") == "link"  # a button may hold no link
    assert span.evaluate("e => e.getAttribute('aria-controls')") == "sg-details"
    tab.keyboard.press("Enter")
    assert span.evaluate("e => e.getAttribute('aria-expanded')") == "true"
    assert tab.locator("#sg-details").is_visible()
    # Every statement, scrolled to the bottom edge of the window and opened with Enter, is
    # left uncovered by the panel (the page scrolls it clear).
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    covered = []
    for sid in tab.eval_on_selector_all(".sg-article .sg-stmt[id]", "s => s.map(e => e.id)"):
        stmt = tab.locator(f"#{sid}")
        stmt.evaluate("e => e.scrollIntoView({block: 'end'})")
        stmt.focus()
        stmt.press("Enter")
        assert stmt.get_attribute("aria-expanded") == "true", sid
        try:  # the page scrolls on the next animation frame
            tab.wait_for_function(f"key => !({OVERLAP})(key)", arg=sid, timeout=3000)
        except PlaywrightTimeout:
            covered.append(sid)
    assert covered == [], f"the panel covers {covered} at {page.width} px"
    others = tab.locator('.sg-article [aria-controls="sg-details"][aria-expanded="true"]')
    assert others.count() == 1, "only the span shown in the panel is expanded"
    tab.keyboard.press("Escape")
    assert stmt.get_attribute("aria-expanded") == "false"
    assert page.watch.problems == []


def test_screenshot_of_a_table_page(page: Tab, base_url: str) -> None:
    page.tab.goto(f"{base_url}/tables/statements.html", wait_until="networkidle")
    assert page.tab.locator("table.sg-data tbody tr").count() > 0
    page.shot("table-statements")
    assert page.watch.problems == []


def test_opened_from_disk_the_search_box_says_why_it_cannot_search(
    browser: Browser, site: Path
) -> None:
    """Browsers refuse the search index to a page opened from file://: the box says so."""
    context = browser.new_context(viewport={"width": WIDTHS["desktop"], "height": 900})
    try:
        tab = context.new_page()
        tab.goto((site / "index.html").as_uri(), wait_until="load")
        placeholder = tab.locator("input.md-search__input").get_attribute("placeholder") or ""
        assert "served over http" in placeholder, placeholder
    finally:
        context.close()
