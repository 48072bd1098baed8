"""Domain checks: one family per module; the registry (registry.py) declares each rule once and
every engine runs the rules from it. The file checks and the cells' hygiene are stages every
engine runs on its own scans and screened rows."""

from . import hygiene, integrity
from .registry import RULES, Rule, Use, registered, rule_uses

FILE_CHECKS = (integrity.check, hygiene.check_files)
CELL_CHECK = hygiene.check_cells  # the exact rules on the rows the screen flagged

__all__ = ["CELL_CHECK", "FILE_CHECKS", "RULES", "Rule", "Use", "registered", "rule_uses"]
