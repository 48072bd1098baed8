"""The conformance suite: tiny packages written from the standard's own text (Data Package,
Data Resource, Table Schema, Table/CSV Dialect, v1 and v2), each with the verdict the text gives."""
