"""Where the bundled package is, and which command a hint names: in a clone or an install.

Installed from a wheel, the package's files sit inside the code's folder (`package/`) and the
user has the console script; in a clone they sit at the clone's root, and the code runs as a
module.
"""

from __future__ import annotations

from pathlib import Path

CODE = Path(__file__).resolve().parents[1]  # the folder of the package's code
CLONE = CODE.parents[1]  # the clone's root, when the code runs from a clone
INSTALLED = (CODE / "package" / "datapackage.json").is_file()
BUNDLED = (CODE / "package" if INSTALLED else CLONE) / "datapackage.json"
COMMAND = "security-guarantees-2022"
