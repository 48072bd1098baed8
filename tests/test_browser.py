"""The built site in a real browser: Debian's chromium, headless, offline, driven by playwright.

Every page loads without console errors or failed requests (and nothing leaves localhost);
material's own search finds Dzhabarov's statements; the tables sort and filter; and a
screenshot of the annotated article is kept as a build artefact.
"""

from __future__ import annotations

import csv
import functools
import os
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.test_docs import REPO, build_site

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
SCREENSHOT = REPO / "artifacts" / "annotated-article.png"

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
def browser(base_url: str) -> Iterator[object]:
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

    def __init__(self, page: object, base_url: str) -> None:
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

        def guard(route: object) -> None:
            url = route.request.url
            if urlsplit(url).scheme in ("http", "https") and urlsplit(url).netloc != host:
                self.problems.append(f"remote request blocked: {url}")
                route.abort()
            else:
                route.continue_()

        page.route("**/*", guard)


@pytest.fixture
def page(browser: object, base_url: str) -> Iterator[tuple[object, Watch]]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    watch = Watch(tab, base_url)
    try:
        yield tab, watch
    finally:
        context.close()


def test_every_page_loads_without_errors(
    page: tuple[object, Watch], base_url: str, site: Path
) -> None:
    tab, watch = page
    paths = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))
    assert "article.html" in paths and "index.html" in paths
    for path in paths:
        tab.goto(f"{base_url}/{path}", wait_until="networkidle")
        assert tab.locator("h1").count() >= 1, f"{path} has no title"
    assert watch.problems == []


def dzhabarov() -> tuple[str, list[str]]:
    """His actor id and statement ids, from the CSVs."""
    with (REPO / "data" / "actors.csv").open(encoding="utf-8", newline="") as handle:
        (actor,) = [r["actor_id"] for r in csv.DictReader(handle) if "Dzhabarov" in r["name"]]
    with (REPO / "data" / "statements.csv").open(encoding="utf-8", newline="") as handle:
        ids = [r["statement_id"] for r in csv.DictReader(handle) if r["speaker_id"] == actor]
    assert ids
    return actor, ids


def test_search_finds_dzhabarovs_statements(page: tuple[object, Watch], base_url: str) -> None:
    tab, watch = page
    actor, statement_ids = dzhabarov()
    tab.goto(f"{base_url}/index.html", wait_until="networkidle")
    search = tab.locator("input.md-search__input")
    search.click()
    search.press_sequentially("Dzhabarov", delay=40)
    tab.wait_for_selector(".md-search-result__item", timeout=15_000)
    results = [
        (link.get_attribute("href") or "", link.text_content() or "")
        for link in tab.locator(".md-search-result__link").all()
    ]
    speaker = [
        text for href, text in results if "article.html" in href and f"#speaker-{actor}" in href
    ]
    assert speaker, f"no result for his section of the article: {[h for h, _ in results]}"
    assert any(sid in speaker[0] for sid in statement_ids), speaker[0]
    assert any("tables/statements.html" in href for href, _ in results)
    assert watch.problems == []


def test_data_tables_sort_and_filter(page: tuple[object, Watch], base_url: str) -> None:
    tab, watch = page
    with (REPO / "data" / "statements.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    tab.goto(f"{base_url}/tables/statements.html", wait_until="networkidle")
    table = tab.locator("table.sg-data")
    start = table.locator("thead th", has_text="start").first
    start.click()
    start.click()  # descending
    first = table.locator("tbody tr").first.get_attribute("id")
    assert first == max(rows, key=lambda r: int(r["start"]))["statement_id"]
    tab.locator(".sg-filter input").fill("blinken")
    visible = table.locator("tbody tr:visible").count()
    expected = sum(1 for r in rows if any("blinken" in v.lower() for v in r.values()))
    assert 0 < visible == expected < len(rows)
    assert watch.problems == []


def test_screenshot_of_the_annotated_article(page: tuple[object, Watch], base_url: str) -> None:
    tab, watch = page
    tab.goto(f"{base_url}/article.html", wait_until="networkidle")
    with (REPO / "data" / "statements.csv").open(encoding="utf-8", newline="") as handle:
        n_statements = sum(1 for _ in csv.DictReader(handle))
    assert tab.locator(".sg-article .sg-stmt[id]").count() == n_statements
    assert tab.locator(".sg-article .sg-stmt[id]").first.is_visible()
    SCREENSHOT.parent.mkdir(exist_ok=True)
    SCREENSHOT.unlink(missing_ok=True)
    tab.screenshot(path=str(SCREENSHOT), full_page=True)
    assert SCREENSHOT.is_file() and SCREENSHOT.stat().st_size > 0
    assert SCREENSHOT.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert watch.problems == []
