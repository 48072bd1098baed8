"""CITATION.cff and its BibTeX entry, generated from datapackage.json so the version and title
are written only once.

`version-check` fails when the committed file differs from this rendering; `security-guarantees-2022
stamp` (or `citation --write`) rewrites it after a version bump. What only a release knows (its
date, the repository's and the site's URLs, a DOI) comes from the environment the release
workflow sets from the hosting platform's own variables: a clone has none, so the committed file
never holds them, and nothing here is ever guessed.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Any

from ..core.descriptor import BUNDLED, INSTALLED, load_package
from ..core.metadata import Metadata
from ..core.report import PackageError
from ..core.safe_files import write_text_atomic

# CITATION.cff key -> the variable a release sets (see .github/workflows/release.yml)
RELEASE_ENV = {
    "date-released": "SG2022_RELEASE_DATE",
    "doi": "SG2022_DOI",
    "repository-code": "SG2022_REPOSITORY_URL",
    "url": "SG2022_SITE_URL",
}
_RELEASE_FORMS = {
    "date-released": (r"\d{4}-\d{2}-\d{2}", "a date YYYY-MM-DD"),
    "doi": (r"10\.\d{4,9}/\S+", "a DOI 10.NNNN/…, without https://doi.org/"),
    "repository-code": (r"https?://\S+", "an http(s) URL"),
    "url": (r"https?://\S+", "an http(s) URL"),
}


def release_fields(environ: Mapping[str, str] = os.environ) -> dict[str, str]:
    """The CITATION.cff fields a release fills, from the variables that are set (none in a
    clone); a malformed value is refused rather than published."""
    fields = {}
    for key, variable in RELEASE_ENV.items():
        value = environ.get(variable, "").strip()
        if not value:
            continue
        pattern, form = _RELEASE_FORMS[key]
        valid = re.fullmatch(pattern, value) is not None
        if valid and key == "date-released":
            try:
                date.fromisoformat(value)
            except ValueError:
                valid = False
        if not valid:
            raise PackageError.of(
                "bad-usage", "release-variable", variable=variable, value=value, form=form
            )
        fields[key] = value.rstrip("/") if key in ("repository-code", "url") else value
    return fields


def _quote(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a valid YAML scalar


CITED = ("title", "version", "description", "licenses", "contributors")


def render_citation(about: Metadata, release: Mapping[str, str] | None = None) -> str:
    """CITATION.cff's text; a package without what a citation names (CITED) is refused.

    `release` adds what a release knows (release_fields); without it the text is the
    committed file's."""
    about.require("CITATION.cff", *CITED)
    release = release or {}
    lines = [
        "# Generated from datapackage.json by `security-guarantees-2022 citation`; do not edit by hand.",
        "cff-version: 1.2.0",
        'message: "If you use this dataset, please cite it as below."',
        "type: dataset",
        f"title: {_quote(str(about.title))}",
        f"version: {_quote(str(about.version))}",
        *[f"{key}: {_quote(release[key])}" for key in ("date-released", "doi") if key in release],
        "authors:",
        *[f"  - name: {_quote(c.title)}" for c in about.contributors],
        *[f"{key}: {_quote(release[key])}" for key in ("repository-code", "url") if key in release],
        f"license: {_quote(str(about.licenses[0].name))}",
        "keywords:",
        *[f"  - {_quote(k)}" for k in about.keywords],
        f"abstract: {_quote(str(about.description))}",
    ]
    return "\n".join(lines) + "\n"


def _bib_escape(value: str) -> str:
    return re.sub(r"([&%$#_{}])", r"\\\1", value)


def render_bibtex(cff: Mapping[str, Any], date: str = "", name: str = "", version: str = "") -> str:
    """A BibTeX entry from CITATION.cff's fields (its preferred-citation where it has one);
    an author given as one name (an organisation) stays one literal name. `date` is the
    release date when there is one; `name` and `version` stand in for what the file lacks."""
    ref: Mapping[str, Any] = (
        cff["preferred-citation"] if isinstance(cff.get("preferred-citation"), dict) else cff
    )
    authors = []
    for author in ref.get("authors") or []:
        if isinstance(author, dict) and author.get("name"):
            authors.append("{" + _bib_escape(str(author["name"])) + "}")
        elif isinstance(author, dict):
            authors.append(
                _bib_escape(f"{author.get('family-names', '')}, {author.get('given-names', '')}")
            )
    version = str(ref.get("version") or cff.get("version") or version)
    fields = {
        "author": " and ".join(authors),
        "title": "{" + _bib_escape(str(ref.get("title", name))) + "}",
        "year": date[:4],
        "month": date[5:7],
        "version": version,
        "doi": str(ref.get("doi", "")),
        "url": str(ref.get("url") or ref.get("repository-code") or ""),
        "note": f"Dataset, version {version}" + (f", released {date}" if date else ""),
    }
    key = re.sub(r"[^A-Za-z0-9]+", "-", f"{name}-{version}")
    body = ",\n".join(f"  {k} = {{{v}}}" for k, v in fields.items() if v)
    return f"@misc{{{key},\n{body}\n}}\n"


def recorded_date(package_root: Path, version: str) -> str:
    """The date releases/index.json records for `version` ("" when it records none)."""
    try:
        records = json.loads((package_root / "releases" / "index.json").read_text("utf-8"))
    except (OSError, ValueError):
        return ""
    for record in records if isinstance(records, list) else []:
        if isinstance(record, dict) and record.get("version") == version:
            return str(record.get("date", ""))
    return ""


def bibtex_for(about: Metadata, package_root: Path) -> str:
    """The package's BibTeX entry, with what a release sets (release_fields) and its date."""
    release = release_fields()
    fields: dict[str, Any] = {
        "title": about.title or "",
        "version": about.version or "",
        "authors": [{"name": c.title} for c in about.contributors],
        **release,
    }
    when = release.get("date-released") or recorded_date(package_root, fields["version"])
    return render_bibtex(fields, when, about.name or "", fields["version"])


def render_zenodo(about: Metadata) -> str:
    """.zenodo.json: the deposit metadata Zenodo reads when a GitHub release is archived, so the
    DOI's record says what the package says. No identifiers: Zenodo mints the DOI itself."""
    about.require(".zenodo.json", *CITED)
    record = {
        "title": about.title,
        "upload_type": "dataset",
        "description": about.description,
        "version": about.version,
        "creators": [{"name": c.title} for c in about.contributors],
        "license": str(about.licenses[0].name).lower(),
        "access_right": "open",
        "keywords": list(about.keywords),
    }
    return json.dumps(record, ensure_ascii=False, indent=2) + "\n"


# the files generated from the descriptor beside it, in a clone
RENDERED = {"CITATION.cff": render_citation, ".zenodo.json": render_zenodo}


def citation_path(descriptor_path: Path = BUNDLED) -> Path:
    return descriptor_path.parent / "CITATION.cff"


def citation_stale(descriptor_path: Path = BUNDLED) -> bool:
    """Whether CITATION.cff (where there is one), or .zenodo.json beside it, differs from what
    the descriptor gives."""
    if not citation_path(descriptor_path).is_file():
        return False
    about = load_package(descriptor_path).metadata
    for name, render in RENDERED.items():
        target = descriptor_path.parent / name
        present = name == "CITATION.cff" or target.is_file()
        if present and target.read_text(encoding="utf-8") != render(about):
            return True
    return False


def sync_citation(path: str | Path | None = None) -> list[Path]:
    """Rewrite the bundled package's CITATION.cff and .zenodo.json if stale (after stamp); an
    empty list if there is nothing to do.

    Only the bundled package of a clone has a CITATION.cff of its own; a fork elsewhere is left
    alone, and so is an installed copy.
    """
    descriptor = load_package(path).descriptor_path
    if INSTALLED or descriptor != BUNDLED or not citation_stale(BUNDLED):
        return []
    return write_citation(BUNDLED)


def write_citation(descriptor_path: Path = BUNDLED) -> list[Path]:
    """Write CITATION.cff and .zenodo.json beside the descriptor; the paths written."""
    if INSTALLED and descriptor_path == BUNDLED:
        raise PackageError.of("unsafe-output", "installed-citation")
    about = load_package(descriptor_path).metadata
    written = []
    for name, render in RENDERED.items():
        target = descriptor_path.parent / name
        write_text_atomic(target, render(about))
        written.append(target)
    return written
