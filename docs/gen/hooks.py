"""The mkdocs hook: builds every generated page, picture and download in memory at build time.

Hand-written pages (docs/*.md) hold `<!-- gen:NAME -->` markers that are replaced by generated
blocks; table pages, the changelog, the SVGs and the downloads are added as virtual files, so
nothing is written into docs/ and `mkdocs serve` does not rebuild in a loop.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from docs.gen import (  # noqa: E402  (the path above must come first)
    article,
    codebook,
    codes,
    details,
    downloads,
    erd,
    method,
    network,
    performance,
    properties,
    search,
    tables,
    timeline,
    usage,
)
from docs.gen.common import DocsError, Site, href, load_site, table_page  # noqa: E402

MARKER = re.compile(r"^<!-- gen:([a-z-]+) -->$", flags=re.M)
PICTURES = {
    "pictures/erd.svg": erd.erd_svg,
    "pictures/timeline.svg": timeline.timeline_svg,
    "pictures/network.svg": network.network_svg,
}
TABLES_SECTION = "Tables"
# The package documented: this repository's, or the folder this variable names (a fork's, or a
# test's package); the pages, generators and CHANGELOG stay this repository's.
PACKAGE_ENV = "SG2022_DOCS_PACKAGE"
WATCHED = (
    "datapackage.json",
    "schemas",
    "data",
    "annotation",
    "CHANGELOG.md",
    "README.md",
    "CITATION.cff",
    "validate",
    "docs/gen",
    "bench/results.md",
    "bench/phases-5000000.txt",
    "bench/startup.md",
    "bench/spark.md",
    "bench/streaming.md",
)

_state: dict[str, Any] = {}


def site() -> Site:
    return _state["site"]


def package_root() -> Path:
    """The folder holding the datapackage.json to document."""
    return Path(os.environ.get(PACKAGE_ENV) or ROOT).resolve()


def figure(src: str, picture: str, caption: str, narrow: str = "") -> str:
    """A picture inline (so its links and tooltips work) plus a link to the SVG file; with
    `narrow`, a second drawing of it that phones show instead."""
    svg = PICTURES[picture](site(), src)
    link = href(src, picture)
    boxes = [(svg, " sg-wide-only"), (narrow, " sg-narrow-only")] if narrow else [(svg, "")]
    return (
        '<figure class="sg-figure">'
        + "".join(
            f'<div class="sg-svg-scroll{extra}" role="region" tabindex="0" aria-label="{caption}" '
            f'style="--sg-min-width: {legible_width(drawing)}px">{drawing}</div>'
            for drawing, extra in boxes
        )
        + f'<figcaption>{caption} (<a href="{link}">SVG file</a>)</figcaption></figure>'
    )


SMALLEST_LABEL_PX = 9.5


def legible_width(svg: str) -> int:
    """The narrowest the picture may be drawn with its smallest label still SMALLEST_LABEL_PX."""
    width = float(re.search(r'viewBox="0 0 ([0-9.]+) ', svg).group(1))  # type: ignore[union-attr]
    sizes = [float(s) for s in re.findall(r'font-size="([0-9.]+)"', svg)] or [SMALLEST_LABEL_PX]
    return round(width * min(1.0, SMALLEST_LABEL_PX / min(sizes)))


def summary(src: str) -> str:
    about = site().package.metadata
    sources = "; ".join(s.title or "" for s in about.sources)
    return "\n".join(
        [
            f"**{about.title or site().name}** — version **{site().version}**.",
            "",
            about.description or "",
            "",
            f"*Source:* {sources}" if sources else "",
        ]
    )


def timeline_block(src: str) -> str:
    return "\n\n".join(
        [
            figure(
                src,
                "pictures/timeline.svg",
                "Dated events, and beside them those the text gives no date for. "
                "Hover a mark for its evidence; click it for its row.",
                narrow=timeline.timeline_svg(site(), src, narrow=True),
            ),
            timeline.undated_markdown(site(), src),
        ]
    )


def network_block(src: str) -> str:
    return "\n\n".join(
        [
            figure(
                src, "pictures/network.svg", "Hover an edge for the statements or events behind it."
            ),
            network.isolated_markdown(site(), src),
            network.edges_markdown(site(), src),
        ]
    )


def erd_block(src: str) -> str:
    return "\n\n".join(
        [
            figure(
                src, "pictures/erd.svg", "Generated from the schemas' primaryKey and foreignKeys."
            ),
            '??? info "Every foreign key in words"',
            "\n".join(
                "    " + line for line in erd.relationships_markdown(site(), src).splitlines()
            ),
        ]
    )


def link_repository(markdown: str) -> str:
    """'this repository' linked to the project, when CITATION.cff says where it lives."""
    url = downloads.project_url(site())
    if not url:
        return markdown
    return re.sub(r"\bthis repository\b", f"[this repository]({url})", markdown)


def link_page_names(text: str, config: MkDocsConfig) -> str:
    """'the Performance page' -> a link to it, for every page the nav names."""
    pages = {
        title: target
        for item in config.nav or []
        if isinstance(item, dict)
        for title, target in item.items()
        if isinstance(target, str)
    }
    if not pages:
        return text
    names = "|".join(re.escape(t) for t in sorted(pages, key=len, reverse=True))
    return re.sub(
        rf"\bthe ({names}) page\b",
        lambda m: f"the [{m.group(1)}]({pages[m.group(1)]}) page",
        text,
    )


BLOCKS: dict[str, Callable[[str], str]] = {
    "summary": summary,
    "version": lambda src: site().version,
    "tables": lambda src: tables.tables_overview(site(), src),
    "erd": erd_block,
    "downloads": lambda src: downloads.downloads_markdown(site(), src, _state["downloads"]),
    "provenance": lambda src: usage.readme_section("Where the article comes from"),
    "load": lambda src: link_repository(
        usage.readme_section("Install and load the tables in pandas")
    ),
    "validate": lambda src: link_repository(
        usage.readme_section("Validate your own fork", usage.VALIDATOR_PAGE)
    ),
    "citation": lambda src: downloads.citation_markdown(site(), src),
    "licences": lambda src: downloads.licences_markdown(site(), src),
    "codebook": lambda src: (
        codebook.codebook_markdown(site(), src) + "\n\n" + codes.code_entries_markdown(site(), src)
    ),
    "article": lambda src: (
        article.article_markdown(site(), src) + "\n\n" + details.details_block(site(), src)
    ),
    "timeline": timeline_block,
    "network": network_block,
    "guidelines": lambda src: method.markdown_file(method.GUIDELINES),
    "agreement": lambda src: method.agreement_markdown(),
    "wikidata-coverage": lambda src: method.wikidata_coverage_markdown(site()),
    "adjudication": lambda src: method.markdown_file(method.ADJUDICATION),
    "issue-codes": lambda src: usage.issue_codes_markdown(),
    "standard-properties": lambda src: properties.properties_markdown(),
    "check-help": lambda src: usage.command_help("check"),
    "cli-help": lambda src: usage.command_help(),
    "benchmark": lambda src: performance.results_markdown(),
    "phases": lambda src: performance.phases_markdown(),
    "startup": lambda src: performance.startup_markdown(),
    "spark": lambda src: performance.spark_markdown(),
    "streaming": lambda src: performance.streaming_markdown(),
}


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Load the package afresh and list one nav entry per table under the Tables section."""
    if config.use_directory_urls:
        raise PluginError("docs/gen needs use_directory_urls: false (raw HTML links use .html)")
    load_site.cache_clear()
    try:
        _state["site"] = load_site(package_root())
    except Exception as exc:  # an invalid package cannot be documented: say why, plainly
        raise PluginError(f"cannot document the package: {exc}") from exc
    if not config.site_url and downloads.project_url(site()).startswith("http"):
        config.site_url = downloads.project_url(site())
    for item in config.nav or []:
        if isinstance(item, dict) and item.get(TABLES_SECTION) == []:
            item[TABLES_SECTION] = [
                {res.metadata.title or name: table_page(name)}
                for name, res in site().tables.items()
            ]
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Add the generated pages, pictures and downloads as virtual files."""
    try:
        generated: dict[str, str | bytes] = dict(tables.table_pages(site()))
        generated["changelog.md"] = link_page_names(
            (ROOT / "CHANGELOG.md").read_text(encoding="utf-8"), config
        )
        for uri, draw in PICTURES.items():
            generated[uri] = draw(site(), uri)
        _state["downloads"] = downloads.package_downloads(site())
        for item in _state["downloads"]:
            generated[item.uri] = item.data
    except DocsError as exc:
        raise PluginError(str(exc)) from exc
    for uri, content in generated.items():
        if files.get_file_from_path(uri) is not None:
            raise PluginError(f"{uri} is generated; remove the file of that name from docs/")
        files.append(File.generated(config, uri, content=content))
    return files


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Replace each `<!-- gen:NAME -->` line with its generated block."""
    src = page.file.src_uri

    def block(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in BLOCKS:
            raise PluginError(f"{src}: unknown generated block {name!r}")
        try:
            return BLOCKS[name](src)
        except DocsError as exc:
            raise PluginError(f"{src}: {exc}") from exc

    return MARKER.sub(block, markdown)


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Space between table cells, so that search does not run their values together."""
    return search.space_cells(html)


def on_post_build(config: MkDocsConfig) -> None:
    """An entry per row and per field in the search index, each linking to its anchor."""
    search.rewrite_index(site(), Path(config.site_dir))
    if not config.site_url:
        # Without the site's address a sitemap can list no page: leave none rather than an
        # empty one.
        for name in ("sitemap.xml", "sitemap.xml.gz"):
            (Path(config.site_dir) / name).unlink(missing_ok=True)


def on_serve(server: Any, config: MkDocsConfig, builder: Callable[..., Any]) -> Any:
    """Rebuild when the package, its tooling or the generators change."""
    for name in WATCHED:
        for root in {ROOT, package_root()}:
            if (root / name).exists():
                server.watch(str(root / name))
    return server
