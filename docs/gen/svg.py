"""Tiny helpers for hand-written SVG, so each picture module only says what to draw.

No fonts, images or styles are fetched: everything is inline, and text uses the reader's
own sans-serif font.
"""

from __future__ import annotations

from .common import esc

PALETTE = (
    "#4e79a7",
    "#f28e2b",
    "#59a14f",
    "#e15759",
    "#76b7b2",
    "#edc948",
    "#b07aa1",
    "#ff9da7",
    "#9c755f",
    "#bab0ac",
    "#17becf",
)
CHAR_WIDTH = 0.58  # rough advance of a sans-serif character, in ems, for layout only


def text_width(text: str, size: float) -> float:
    return len(text) * size * CHAR_WIDTH


def fmt(value: float) -> str:
    """Coordinates with at most one decimal, so the output is stable and small."""
    return f"{value:.1f}".rstrip("0").rstrip(".")


def attrs(**kwargs: object) -> str:
    """key_name=value -> key-name="value"; None values are left out."""
    parts = []
    for key, value in kwargs.items():
        if value is None:
            continue
        if isinstance(value, float):
            value = fmt(value)
        parts.append(f'{key.rstrip("_").replace("_", "-")}="{esc(value)}"')
    return " ".join(parts)


def text(x: float, y: float, content: str, size: float = 12, **kwargs: object) -> str:
    return f"<text {attrs(x=float(x), y=float(y), font_size=size, **kwargs)}>{esc(content)}</text>"


def title(content: str) -> str:
    return f"<title>{esc(content)}</title>"


def link(url: str | None, body: str) -> str:
    return f'<a href="{esc(url)}">{body}</a>' if url else body


def document(ident: str, width: float, height: float, label: str, body: list[str]) -> str:
    """A standalone SVG document that can also be inlined in a page (ids are prefixed; the
    picture's own id ends in -picture, so that it never takes the id of a heading beside it)."""
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" id="{esc(ident)}-picture" class="sg-svg" '
        f'viewBox="0 0 {fmt(width)} {fmt(height)}" width="{fmt(width)}" height="{fmt(height)}" '
        f'role="group" aria-labelledby="{esc(ident)}-title" '
        'font-family="system-ui, -apple-system, Segoe UI, Roboto, Helvetica, Arial, sans-serif">'
        f'<title id="{esc(ident)}-title">{esc(label)}</title>'
        f'<rect width="100%" height="100%" fill="#ffffff"/>' + "".join(body) + "</svg>\n"
    )


def arrow_marker(ident: str, colour: str) -> str:
    return (
        f'<marker id="{esc(ident)}" viewBox="0 0 10 10" refX="9" refY="5" markerUnits="userSpaceOnUse" markerWidth="11" '
        f'markerHeight="11" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" '
        f'fill="{esc(colour)}"/></marker>'
    )
