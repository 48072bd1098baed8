"""What a data user finds in the release zip besides the package: its README, a data
dictionary made from the Table Schemas, and the citation in both forms.

Everything here is generated from the descriptor and its schemas (one source of truth), so
the zip of any version describes exactly the tables it carries.
"""

from __future__ import annotations

from ..core.descriptor import Package, Resource
from ..core.metadata import Metadata
from ..core.model import Field
from .citation import bibtex_for, release_fields, render_citation

GUIDELINES = "annotation/guidelines.md"  # the annotators' rules, carried into the zip as is
DICTIONARY = "DATA-DICTIONARY.md"


def _cell(text: object) -> str:
    return " ".join(str(text).split()).replace("|", "\\|")


def _constraints(field: Field) -> str:
    shown = []
    for key, value in field.constraints.as_written().items():
        if key == "required":
            continue
        if key == "enum":
            value = ", ".join(f"`{v}`" for v in value)
        elif not isinstance(value, int | float):
            value = f"`{value}`"
        shown.append(f"{key} {value}")
    return "; ".join(shown)


def _links(res: Resource) -> dict[str, str]:
    links = {}
    for fk in res.foreign_keys:
        target = fk.reference[0] if len(fk.reference) == 1 else f"({', '.join(fk.reference)})"
        for column in fk.fields:  # a composite key is named whole on each of its columns
            links[column] = f"→ `{fk.resource}.{target}`"
    return links


def data_dictionary(package: Package) -> str:
    """Every table and column: type, required, key, constraints and description."""
    lines = [
        f"# Data dictionary: {package.metadata.name or ''} {package.metadata.version or ''}",
        "",
        "Generated from the Table Schemas in `schemas/` (which hold the same, machine-readable).",
        "Dates are ISO 8601; empty cells are missing values; codes are text (CAMEO `010` is not",
        "`10`). Offsets are 0-based Unicode code points into the source file, end exclusive.",
    ]
    for name, res in package.tables.items():
        about = res.metadata
        lines += ["", f"## {name}", "", f"File `{res.relpath}`. {about.title or ''}."]
        if about.description:
            lines += ["", _cell(about.description)]
        key = ", ".join(res.primary_key)
        if key:
            lines += ["", f"Primary key: `{key}`."]
        links = _links(res)
        lines += [
            "",
            "| column | type | required | links to | constraints | description |",
            "| --- | --- | --- | --- | --- | --- |",
        ]
        for field in res.fields():
            lines.append(
                f"| `{field.name}` | {field.type} | {'yes' if field.required else ''} | "
                f"{links.get(field.name, '')} | {_cell(_constraints(field))} | "
                f"{_cell(field.description or '')} |"
            )
    return "\n".join(lines) + "\n"


def _sources(about: Metadata) -> list[str]:
    return [f"- {s.title}" for s in about.sources if s.title]


def zip_readme(package: Package, has_guidelines: bool) -> str:
    """The zip's README, for someone who wants the tables, not the tools."""
    d = package.metadata
    stem = f"{d.name or ''}-{d.version or ''}"
    tables = [
        f"| `{res.relpath}` | {_cell(res.metadata.title or name)} |"
        for name, res in package.tables.items()
    ]
    guidelines = (
        [f"- `{GUIDELINES}`: how the annotators chose every value."] if has_guidelines else []
    )
    return "\n".join(
        [
            f"# {d.title or d.name or ''}",
            "",
            f"Version {d.version or ''}. {d.description or ''}",
            "",
            "## Source",
            "",
            *_sources(d),
            "",
            "The text in `data/sources/` is the article as it was collected, an English",
            "translation (not Izvestia's Russian original); every span and quotation in the tables",
            "refers to that English text. It keeps its publisher's rights and is not covered by the",
            "licence of the tables.",
            "",
            "## What is in this folder",
            "",
            "| file | table |",
            "| --- | --- |",
            *tables,
            "",
            "- `datapackage.json`: the Frictionless Data Package descriptor (size and SHA-256 of",
            "  every file, licences, keys between the tables).",
            "- `schemas/`: one Table Schema per table; `DATA-DICTIONARY.md` is the same, to read.",
            *guidelines,
            "- `CITATION.cff` and `CITATION.bib`: how to cite this version.",
            "- `LICENSE-DATA.md`: the licences; `SHA256SUMS`: check with `sha256sum -c SHA256SUMS`.",
            "",
            "The release that carries this zip also offers one Parquet file per table, a SQLite",
            "database with keys and datasette metadata, and PLOVER event records (JSON lines).",
            "",
            "## Load a table with pandas",
            "",
            "```python",
            "import pandas as pd",
            "",
            f'statements = pd.read_csv("{stem}/data/statements.csv", dtype=str, '
            "keep_default_na=False)",
            "```",
            "",
            "`dtype=str` keeps codes and identifiers as written; `DATA-DICTIONARY.md` gives each",
            "column's type. The `security-guarantees-2022` Python package loads every table",
            "typed and validated.",
            "",
            "## Cite",
            "",
            "```bibtex",
            bibtex_for(d, package.root).rstrip(),
            "```",
            "",
        ]
    )


def takeaway_files(package: Package) -> dict[str, bytes]:
    """The generated files of the zip, by path inside its folder (the citation with what a
    release knows, from release_fields)."""
    d = package.metadata
    has_guidelines = (package.root / GUIDELINES).is_file()
    files = {
        "README.md": zip_readme(package, has_guidelines),
        DICTIONARY: data_dictionary(package),
        "CITATION.cff": render_citation(d, release_fields()),
        "CITATION.bib": bibtex_for(d, package.root),
    }
    return {name: text.encode("utf-8") for name, text in files.items()}
