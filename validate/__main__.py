"""`python -m validate` at a clone's root, the package's own command: the same as
`security-guarantees-2022` (the code is the one package, validate/security_guarantees_2022/)."""

from security_guarantees_2022.cli import main

main(prog_name="python -m validate")
