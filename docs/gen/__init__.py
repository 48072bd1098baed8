"""Generators for the docs site: every page and picture is built from the package at build time.

The mkdocs hook (hooks.py) is the only entry point; each other module does one job, reading
column names, types and keys from the Table Schemas so that the site cannot drift from the data.
"""
