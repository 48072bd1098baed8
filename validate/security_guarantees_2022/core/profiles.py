"""The standard profiles (`$schema`, `profile`) a package, resource, schema or dialect may name."""

from __future__ import annotations

import re
from typing import Any

from .report import PackageError

# The standard profiles each object may name: registry names (v1) and the profiles' file names
# (v1 under specs.frictionlessdata.io/schemas, v1 and v2 under datapackage.org/profiles). A
# profile is a name, never fetched; one that adds rules this validator does not apply (a fiscal
# data package) or that names another kind of object is refused, never read past.
PROFILES = {
    "package": ("data-package", "tabular-data-package", "datapackage"),
    "resource": ("data-resource", "tabular-data-resource", "dataresource"),
    "schema": ("table-schema", "tableschema"),
    "dialect": ("csv-dialect", "table-dialect", "tabledialect"),
}
_STANDARD_PROFILE = re.compile(
    r"^https?://(?:datapackage\.org/profiles/(?:1\.0|2\.0)|specs\.frictionlessdata\.io/schemas)"
    r"/([a-z-]+)\.json$"
)
_PROFILE_NAME = re.compile(r"^[a-z][a-z0-9_-]*$")  # a registry name such as tabular-data-package


def profile_of(metadata: dict[str, Any], what: str, place: str) -> str | None:
    """The standard profile `$schema` or `profile` names (its registry or file name), if any: a
    remote one that is not standard is unsafe-path, a standard one of another object or with
    rules this validator does not apply is unsupported-property."""
    found = None
    for key in ("$schema", "profile"):
        value = metadata.get(key)
        if value is None:
            continue
        if not isinstance(value, str):
            raise PackageError.of("invalid-descriptor", "profile-not-a-string", what=what, key=key)
        standard = _STANDARD_PROFILE.match(value)
        name = value if _PROFILE_NAME.match(value) else standard and standard.group(1)
        if not name:
            raise PackageError.of(
                "unsafe-path", "profile-not-standard", what=what, key=key, value=value
            )
        if name not in PROFILES[place]:
            raise PackageError.of(
                "unsupported-property",
                "profile-of-another",
                what=what,
                key=key,
                value=value,
                place=place,
            )
        found = name
    return found
