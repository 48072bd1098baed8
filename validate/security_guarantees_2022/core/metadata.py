"""What a package and each resource say about themselves: name, version, title, licences, sources.

Read once from the descriptor and vetted when the package loads, so that a release, a citation or
the docs ask this model instead of the raw JSON: a property that is absent is `None` (or empty),
one of the wrong JSON type is `invalid-descriptor`, and what a command cannot do without is asked
for by name (`Metadata.require`) instead of failing on a missing key.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .report import PackageError


@dataclass(frozen=True)
class License:
    """A licence: the standard asks for a `name` or a `path` (or both)."""

    name: str | None = None
    path: str | None = None
    title: str | None = None

    @property
    def label(self) -> str:
        return self.name or self.title or self.path or ""

    def as_json(self) -> dict[str, str]:
        """As the descriptor writes it, for the files a release carries."""
        return {
            k: v for k, v in (("name", self.name), ("path", self.path), ("title", self.title)) if v
        }


@dataclass(frozen=True)
class Source:
    title: str | None = None
    path: str | None = None


@dataclass(frozen=True)
class Contributor:
    title: str


@dataclass(frozen=True)
class Metadata:
    """The descriptive properties of a package or of one resource."""

    where: str  # "datapackage.json" or "resource 'x'", for messages
    name: str | None = None
    version: str | None = None
    title: str | None = None
    description: str | None = None
    created: str | None = None
    licenses: tuple[License, ...] = ()
    sources: tuple[Source, ...] = ()
    contributors: tuple[Contributor, ...] = ()
    keywords: tuple[str, ...] = ()
    schema_path: str | None = None  # a resource's schema, when it names a file
    bytes: int | None = None  # a resource's declared size
    hash: str | None = None  # a resource's declared hash, as written (`sha256:…`, or MD5 bare)

    @property
    def license(self) -> License | None:
        """The first licence: the one a citation or an export names."""
        return self.licenses[0] if self.licenses else None

    def require(self, purpose: str, *properties: str) -> None:
        """Refuse, naming each, the properties `purpose` cannot do without."""
        missing = [p for p in properties if not self._has(p)]
        if missing:
            names = ", ".join(repr(p) for p in missing)
            raise PackageError.of(
                "invalid-descriptor",
                "metadata-required",
                purpose=purpose,
                where=self.where,
                names=names,
            )

    def _has(self, name: str) -> bool:
        if name == "licenses":
            return self.license is not None and bool(self.license.name)
        if name == "contributors":
            return bool(self.contributors)
        return bool(getattr(self, name))


_TEXTS = ("name", "version", "title", "description", "created")


def read_metadata(raw: dict[str, Any], where: str) -> Metadata:
    """The descriptive properties of `raw` (a package or resource descriptor), each of the JSON
    type the standard gives it, or invalid-descriptor naming the one that is not."""
    texts = {key: _text(raw, key, where) for key in _TEXTS}
    schema, size = raw.get("schema"), raw.get("bytes")  # their types vetted by property_check
    return Metadata(
        where=where,
        **texts,
        licenses=tuple(_license(item, where) for item in _objects(raw, "licenses", where)),
        sources=tuple(
            Source(**_parts(item, ("title", "path"), f"{where}: a source"))
            for item in _objects(raw, "sources", where)
        ),
        contributors=tuple(
            _contributor(item, where) for item in _objects(raw, "contributors", where)
        ),
        keywords=tuple(_keywords(raw, where)),
        schema_path=schema if isinstance(schema, str) else None,
        bytes=size if isinstance(size, int) and not isinstance(size, bool) else None,
        hash=_text(raw, "hash", where),
    )


def _text(raw: dict[str, Any], key: str, where: str) -> str | None:
    value = raw.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise PackageError.of(
            "invalid-descriptor", "metadata-not-a-string", where=where, key=key, value=value
        )
    return value


def _objects(raw: dict[str, Any], key: str, where: str) -> list[dict[str, Any]]:
    value = raw.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        raise PackageError.of("invalid-descriptor", "metadata-not-objects", where=where, key=key)
    return value


def _parts(item: dict[str, Any], keys: tuple[str, ...], where: str) -> dict[str, str | None]:
    return {key: _text(item, key, where) for key in keys}


def _license(item: dict[str, Any], where: str) -> License:
    """A licence (that it has a name or a path, core/property_check.py has checked)."""
    return License(**_parts(item, ("name", "path", "title"), f"{where}: a licence"))


def _contributor(item: dict[str, Any], where: str) -> Contributor:
    title = _text(item, "title", f"{where}: a contributor")
    if not title:
        raise PackageError.of("invalid-descriptor", "contributor-without-title", where=where)
    return Contributor(title)


def _keywords(raw: dict[str, Any], where: str) -> list[str]:
    value = raw.get("keywords", [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise PackageError.of("invalid-descriptor", "keywords-not-strings", where=where)
    return value
