"""The Validation page's table of the standards' properties, from the validator's one
declaration of them (validate/security_guarantees_2022/core/properties.py), and where the
validator is stricter than the standards."""

from __future__ import annotations

from security_guarantees_2022.core import properties

from .common import esc


def properties_markdown() -> str:
    """Each standard property: implemented (engines, values), refused or descriptive."""
    rows = [
        f"<tr><td>{esc(place)}</td><td><code>{esc(name)}</code></td><td>{esc(what)}</td>"
        f"<td>{esc(note)}</td></tr>"
        for place, name, what, note in properties.table()
    ]
    stricter = "\n".join(f"- {what}: {why}." for what, why in properties.STRICTER)
    return (
        '<div class="sg-scroll"><table class="sg-data" data-sortable><thead><tr>'
        "<th>object</th><th>property</th><th>this validator</th><th>note</th></tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table></div>\n\n"
        "Where this validator is stricter than the standards:\n\n" + stricter
    )
