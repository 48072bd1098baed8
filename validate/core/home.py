"""Where the bundled package is, and which command a hint names: in a clone or an install.

Installed from a wheel, the package's files sit inside the code's folder (`package/`) and the
user has the console script; in a clone they sit beside the code's folder, run as a module.
"""

from __future__ import annotations

from pathlib import Path

CODE = Path(__file__).resolve().parents[1]  # the code's folder: validate/, or the installed one
INSTALLED = (CODE / "package" / "datapackage.json").is_file()
BUNDLED = (CODE / "package" if INSTALLED else CODE.parent) / "datapackage.json"
COMMAND = "security-guarantees-2022" if INSTALLED else "python -m validate"
