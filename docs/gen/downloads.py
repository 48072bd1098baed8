"""The package's own files as site downloads, the release zip, citation and licences.

Downloads keep the package layout (downloads/data/..., downloads/schemas/...), so the copied
datapackage.json still resolves its paths. The release artefacts (zip, Parquet per table,
SQLite) are written at build time by the same functions `security-guarantees-2022 release` uses, so
nothing binary is committed; each is listed with its size and SHA-256. The citation, plain and
BibTeX, is generated from CITATION.cff.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from security_guarantees_2022.core.metadata import License
from security_guarantees_2022.engines.run import run_checks
from security_guarantees_2022.release.build import release_artefacts, validated_hashes
from security_guarantees_2022.release.bundle import named_files, read_package_file
from security_guarantees_2022.release.citation import recorded_date, release_fields, render_bibtex

from .common import Site, download_uri, md_href

CITATION = "CITATION.cff"


@dataclass(frozen=True)
class Download:
    uri: str  # where it lands in the site
    label: str
    data: bytes

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


def package_downloads(site: Site) -> list[Download]:
    """datapackage.json, every resource and schema it names, CITATION.cff if present, and what
    `security-guarantees-2022 release` writes (the zip, Parquet, SQLite, PLOVER records)."""
    package = site.package
    labels = {"datapackage.json": "Data Package descriptor"}
    for res in package.resources.values():
        labels.setdefault(res.relpath, res.metadata.title or res.name)
        if res.metadata.schema_path:
            labels.setdefault(res.metadata.schema_path, f"Table Schema of {res.name}")
    names = named_files(package)
    if (package.root / CITATION).is_file():
        labels[CITATION] = "Citation File Format"
        names.append(CITATION)
    files = [
        Download(download_uri(rel), labels[rel], read_package_file(package.root, rel))
        for rel in names
    ]
    files += release_downloads(site)
    bib = bibtex(site)
    if bib:
        files.append(Download(download_uri("CITATION.bib"), "BibTeX entry", bib.encode("utf-8")))
    return files


def release_downloads(site: Site) -> list[Download]:
    """The release's artefacts, as `security-guarantees-2022 release` would write them."""
    report, ctx = run_checks(site.package.descriptor_path, second=False)
    if not report.valid:
        return []
    typed = {name: ctx.typed[name] for name in site.tables}
    return [
        Download(download_uri(a.relpath), a.label, a.data)
        for a in release_artefacts(ctx.package, typed, validated_hashes(ctx))
    ]


def _size(n: int) -> str:
    return f"{n} B" if n < 1024 else f"{n / 1024:.1f} KiB"


# What a data user reaches for first: the whole release, then the typed tables (Parquet,
# SQLite and its datasette metadata), the PLOVER records, the descriptor, each table's CSV
# beside its schema, and the rest (source texts, citation files).
FORMAT_RANK = ((".zip", 0), (".parquet", 1), (".db", 2), (".sqlite", 2), (".jsonl", 3))


def download_rank(uri: str, tables: list[str]) -> tuple[int, int, str]:
    """Sort key: the format's rank, then the table's place in the package, then the path."""
    rel = uri.removeprefix("downloads/")
    name = Path(rel).name
    stem = name.split(".", 1)[0]
    place = tables.index(stem) if stem in tables else len(tables)
    rank = next((r for suffix, r in FORMAT_RANK if name.endswith(suffix)), None)
    if rank is None and rel == "metadata.json":  # datasette's metadata for the SQLite file
        rank = 2
    if rank is None:
        rank = 4 if rel == "datapackage.json" else 5 if stem in tables else 6
    return (rank, place, rel)


def ordered(site: Site, files: list[Download]) -> list[Download]:
    tables = list(site.tables)
    return sorted(files, key=lambda f: download_rank(f.uri, tables))


def downloads_markdown(site: Site, src: str, files: list[Download]) -> str:
    """The zip first, then the typed formats, then each table's CSV and schema, each file with
    its size and SHA-256."""
    files = ordered(site, files)
    zips = [f for f in files if f.uri.endswith(".zip")]
    lines = []
    for z in zips:
        lines += [
            f"**[{Path(z.uri).name}]({md_href(src, z.uri)})** — the whole package (version "
            f"{site.version}) in one folder, with a `SHA256SUMS` file inside; {_size(len(z.data))}.",
            "",
        ]
    lines += [
        "Parquet and SQLite are the package's tables typed from the schemas (dates as dates, "
        "integers as integers, enums as categories), and the PLOVER records are the coded "
        "statements and events that happened, in the PLOVER manual's interchange format, each "
        "checked against `plover_record.schema.json`; all were written when "
        "this site was built by the same code as `security-guarantees-2022 release`.",
        "",
        '<div markdown="1" class="sg-scroll sg-downloads" role="region" tabindex="0" aria-label="Downloads">',
        "",
        "| File | What | Size | SHA-256 |",
        "| --- | --- | ---: | --- |",
    ]
    for f in files:
        rel = f.uri.removeprefix("downloads/")
        lines.append(
            f"| [`{rel}`]({md_href(src, f.uri)}) | {f.label} | {_size(len(f.data))} | "
            f'<code class="sg-sha">{f.sha256}</code> |'
        )
    lines += ["", "</div>"]
    return "\n".join(lines)


def _authors(authors: object) -> str:
    names = []
    for author in authors if isinstance(authors, list) else []:
        if not isinstance(author, dict):
            continue
        if author.get("name"):
            names.append(str(author["name"]))
        else:
            given, family = author.get("given-names", ""), author.get("family-names", "")
            names.append(f"{family}, {given}".strip(", "))
    return "; ".join(n for n in names if n)


def read_cff(site: Site) -> dict[str, Any] | None:
    path = site.package.root / CITATION
    if not path.is_file():
        return None
    try:
        cff = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError:
        return None
    # a release build adds what the platform knows (date, URLs, DOI), as the zip's copy has it
    return {**cff, **release_fields()} if isinstance(cff, dict) else None


def project_url(site: Site) -> str:
    """Where the project lives online, from CITATION.cff (repository-code, else url); "" if unsaid."""
    cff = read_cff(site) or {}
    return str(cff.get("repository-code") or cff.get("url") or "")


def release_date(site: Site) -> str:
    """The date this version was released: CITATION.cff's date-released, else the release record."""
    cff = read_cff(site) or {}
    if cff.get("date-released"):
        return str(cff["date-released"])
    return recorded_date(site.package.root, site.version)


def bibtex(site: Site) -> str:
    """A BibTeX entry from CITATION.cff (authors as one literal name where the file gives one)."""
    cff = read_cff(site)
    return "" if cff is None else render_bibtex(cff, release_date(site), site.name, site.version)


def citation_markdown(site: Site, src: str) -> str:
    """A reference built from CITATION.cff when it exists; else from datapackage.json."""
    path = site.package.root / CITATION
    year = (site.package.metadata.created or "")[:4]
    if not path.is_file():
        return (
            f"`{CITATION}` is not in this build. Cite the package by its title and version:\n\n"
            f"> {site.package.metadata.title or site.name} (version {site.version}"
            + (f", {year}" if year else "")
            + ")."
        )
    try:
        cff = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        return f"`{CITATION}` could not be read ({exc}); see the file itself."
    if not isinstance(cff, dict):
        return f"`{CITATION}` holds no mapping; see the file itself."
    ref: dict[str, Any] = (
        cff["preferred-citation"] if isinstance(cff.get("preferred-citation"), dict) else cff
    )
    released = release_date(site)
    date = released[:4] or year
    parts = [_authors(ref.get("authors"))]
    if date:
        parts.append(f"({date})")
    reference = " ".join(p for p in parts if p) + f". *{ref.get('title', site.name)}*"
    if ref.get("version") or cff.get("version"):
        reference += f" (version {ref.get('version') or cff.get('version')})"
    reference += f" [{ref.get('type', cff.get('type', 'dataset'))}]"
    reference += f", released {released}." if released else "."
    where = [
        f"{'https://doi.org/' if key == 'doi' else ''}{ref[key]}"
        for key in ("doi", "url", "repository-code")
        if ref.get(key)
    ]
    reference += "".join(f" {w}" for w in where)
    link = md_href(src, download_uri(CITATION))
    bib_link = md_href(src, download_uri("CITATION.bib"))
    message = str(cff.get("message", "")).strip()
    lines = [message, "", f"> {reference}", ""] if message else [f"> {reference}", ""]
    if not where:
        lines += ["The package has no DOI or published URL yet; cite it by title and version.", ""]
    lines += [
        f"Both forms are generated from [`{CITATION}`]({link}) when the site is built; "
        f"the BibTeX entry is also a file, [`CITATION.bib`]({bib_link}).",
        "",
        "```bibtex",
        bibtex(site).rstrip(),
        "```",
    ]
    return "\n".join(lines)


def licences_markdown(site: Site, src: str) -> str:
    """The package licence, and every resource that carries a licence of its own."""
    lines = ["| What | Licence |", "| --- | --- |"]

    def describe(licences: tuple[License, ...]) -> str:
        out = []
        for lic in licences:
            name, title, path = lic.name or lic.title or "", lic.title or "", lic.path
            label = f"[{name}]({path})" if path else f"`{name}`"
            out.append(f"{label}: {title}" if title and title != name else label)
        return "<br>".join(out) or "not stated"

    lines.append(
        f"| The package (tables, schemas, annotations) | {describe(site.package.metadata.licenses)} |"
    )
    for res in site.package.resources.values():
        if res.metadata.licenses:
            link = md_href(src, download_uri(res.relpath))
            lines.append(f"| [`{res.relpath}`]({link}) | {describe(res.metadata.licenses)} |")
    return "\n".join(lines)
