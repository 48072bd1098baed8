"""The validator's core: the schema model and types, reading the package and its tables, the
screen's field rules, what the checks share, the codes, messages and report. It imports
neither the domain checks (checks/) nor the engines (engines/)."""
