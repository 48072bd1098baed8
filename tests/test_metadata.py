"""The package's metadata model: every optional property handled, a missing one a command needs
refused by name with a code, a wrongly typed one refused when the package loads."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from security_guarantees_2022.core.descriptor import load_package
from security_guarantees_2022.core.report import PackageError
from security_guarantees_2022.release.build import build_release
from security_guarantees_2022.release.citation import render_citation, render_zenodo
from tests.support import edit_descriptor


def refusal(call: Any) -> PackageError:
    with pytest.raises(PackageError) as caught:
        call()
    return caught.value


def test_a_nameless_package_is_refused_a_release_by_name(
    tiny_package: Path, tmp_path: Path
) -> None:
    edit_descriptor(tiny_package, lambda d: d.pop("name"))
    assert load_package(tiny_package).metadata.name is None
    error = refusal(lambda: build_release(tiny_package, tmp_path / "dist"))
    assert error.code == "invalid-descriptor"
    assert "'name'" in str(error) and "a release" in str(error)
    assert not (tmp_path / "dist").exists()


def test_a_release_needs_no_optional_property_it_does_not_name(
    tiny_package: Path, tmp_path: Path
) -> None:
    def strip(descriptor: dict[str, Any]) -> None:
        for key in ("keywords", "sources", "created", "homepage", "image"):
            descriptor.pop(key, None)
        for res in descriptor["resources"]:
            for key in ("title", "description", "licenses", "sources"):
                res.pop(key, None)

    edit_descriptor(tiny_package, strip)
    build_release(tiny_package, tmp_path / "dist")
    assert any(p.suffix == ".zip" for p in (tmp_path / "dist").iterdir())


@pytest.mark.parametrize("missing", ["title", "version", "description", "licenses", "contributors"])
def test_a_citation_names_what_it_lacks(tiny_package: Path, missing: str) -> None:
    edit_descriptor(tiny_package, lambda d: d.pop(missing, None))
    about = load_package(tiny_package).metadata
    for render in (render_citation, render_zenodo):
        error = refusal(lambda render=render: render(about))
        assert error.code == "invalid-descriptor" and repr(missing) in str(error)


@pytest.mark.parametrize(
    ("edit", "said"),
    [
        (lambda d: d.update(title=7), "title must be a string"),
        (lambda d: d.update(keywords="war"), "keywords must be a list"),
        (lambda d: d.update(licenses=[{"title": "no name, no path"}]), "'name' or a 'path'"),
        (lambda d: d.update(licenses={"name": "CC-BY-4.0"}), "licenses must be a list"),
        (lambda d: d.update(contributors=[{"role": "author"}]), "needs a title"),
        (lambda d: d["resources"][0].update(description=["x"]), "description must be a string"),
    ],
)
def test_a_wrongly_typed_property_is_refused_when_the_package_loads(
    tiny_package: Path, edit: Any, said: str
) -> None:
    edit_descriptor(tiny_package, edit)
    error = refusal(lambda: load_package(tiny_package))
    assert error.code == "invalid-descriptor" and said in str(error)
