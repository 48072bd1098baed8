"""The package's own files as site downloads, the release zip, citation and licences.

Downloads keep the package layout (downloads/data/..., downloads/schemas/...), so the copied
datapackage.json still resolves its paths. The zip comes from validate.bundle, the same writer
the release command uses.
"""

from __future__ import annotations

import hashlib
import tempfile
from dataclasses import dataclass
from pathlib import Path

import yaml

from validate.bundle import write_package_zip

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


def zip_stem(site: Site) -> str:
    return f"{site.name}-{site.version}"


def package_downloads(site: Site) -> list[Download]:
    """datapackage.json, every resource and schema it names, CITATION.cff if present, the zip."""
    root = site.package.root
    seen: dict[str, str] = {"datapackage.json": "Data Package descriptor"}
    for res in site.package.resources.values():
        seen.setdefault(res.relpath, str(res.descriptor.get("title", res.name)))
        schema = res.descriptor.get("schema")
        if isinstance(schema, str):
            seen.setdefault(schema, f"Table Schema of {res.name}")
    if (root / CITATION).is_file():
        seen[CITATION] = "Citation File Format"
    files = [
        Download(download_uri(rel), label, (root / rel).read_bytes()) for rel, label in seen.items()
    ]
    with tempfile.TemporaryDirectory() as tmp:
        path = write_package_zip(root, Path(tmp) / f"{zip_stem(site)}.zip")
        files.append(Download(download_uri(path.name), "Release zip", path.read_bytes()))
    return files


def _size(n: int) -> str:
    return f"{n} B" if n < 1024 else f"{n / 1024:.1f} KiB"


def downloads_markdown(site: Site, src: str, files: list[Download]) -> str:
    zips = [f for f in files if f.uri.endswith(".zip")]
    lines = []
    for z in zips:
        lines += [
            f"**[{Path(z.uri).name}]({md_href(src, z.uri)})** — the whole package (version "
            f"{site.version}) in one folder, with a `SHA256SUMS` file inside; {_size(len(z.data))}, "
            f"SHA-256 `{z.sha256}`.",
            "",
        ]
    lines += ["| File | What | Size |", "| --- | --- | ---: |"]
    for f in files:
        if f in zips:
            continue
        rel = f.uri.removeprefix("downloads/")
        lines.append(f"| [`{rel}`]({md_href(src, f.uri)}) | {f.label} | {_size(len(f.data))} |")
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


def citation_markdown(site: Site, src: str) -> str:
    """A reference built from CITATION.cff when it exists; else from datapackage.json."""
    path = site.package.root / CITATION
    year = str(site.descriptor.get("created", ""))[:4]
    if not path.is_file():
        return (
            f"`{CITATION}` is not in this build. Cite the package by its title and version:\n\n"
            f"> {site.descriptor.get('title', site.name)} (version {site.version}"
            + (f", {year}" if year else "")
            + ")."
        )
    try:
        cff = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        return f"`{CITATION}` could not be read ({exc}); see the file itself."
    if not isinstance(cff, dict):
        return f"`{CITATION}` holds no mapping; see the file itself."
    ref = cff.get("preferred-citation") if isinstance(cff.get("preferred-citation"), dict) else cff
    date = str(ref.get("date-released", "") or "")[:4] or year
    parts = [_authors(ref.get("authors"))]
    if date:
        parts.append(f"({date})")
    reference = " ".join(p for p in parts if p) + f". *{ref.get('title', site.name)}*"
    if ref.get("version") or cff.get("version"):
        reference += f" (version {ref.get('version') or cff.get('version')})"
    reference += f" [{ref.get('type', cff.get('type', 'dataset'))}]."
    for key in ("doi", "url", "repository-code"):
        if ref.get(key):
            reference += f" {'https://doi.org/' if key == 'doi' else ''}{ref[key]}"
    link = md_href(src, download_uri(CITATION))
    return "\n".join(
        [
            f"> {reference}",
            "",
            f"From [`{CITATION}`]({link}); {cff.get('message', '')}".rstrip("; "),
        ]
    )


def licences_markdown(site: Site, src: str) -> str:
    """The package licence, and every resource that carries a licence of its own."""
    lines = ["| What | Licence |", "| --- | --- |"]

    def describe(licences: object) -> str:
        out = []
        for lic in licences if isinstance(licences, list) else []:
            name = lic.get("name") or lic.get("title", "")
            title = lic.get("title", "")
            path = lic.get("path", "")
            label = f"[{name}]({path})" if path else f"`{name}`"
            out.append(f"{label}: {title}" if title and title != name else label)
        return "<br>".join(out) or "not stated"

    lines.append(
        f"| The package (tables, schemas, annotations) | {describe(site.descriptor.get('licenses'))} |"
    )
    for res in site.package.resources.values():
        if res.descriptor.get("licenses"):
            link = md_href(src, download_uri(res.relpath))
            lines.append(f"| [`{res.relpath}`]({link}) | {describe(res.descriptor['licenses'])} |")
    return "\n".join(lines)
