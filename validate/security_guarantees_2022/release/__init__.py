"""Releases and versioning: stamp, diff, version rules, the release record and its artefacts."""
