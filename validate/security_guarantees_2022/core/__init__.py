"""The validator's core: the schema model, reading, the screen, the report, the loader."""
