#!/usr/bin/env python3
"""Regenerates RANGES in validate/security_guarantees_2022/core/nfc.py from this Python's unicodedata: python bench/gen_nfc.py"""

import sys
import unicodedata
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from security_guarantees_2022.core.nfc import unsafe_ranges  # noqa: E402

TARGET = REPO / "validate" / "core" / "nfc.py"


def main() -> None:
    ranges = unsafe_ranges()
    pairs = [f"(0x{lo:X}, 0x{hi:X})" for lo, hi in ranges]
    lines = ["    " + ", ".join(pairs[i : i + 4]) + "," for i in range(0, len(pairs), 4)]
    src = TARGET.read_text(encoding="utf-8")
    start = src.index("RANGES: tuple")
    end = src.index(")\n\n\n", start) + 2
    src = (
        src[:start]
        + "RANGES: tuple[tuple[int, int], ...] = (\n"
        + "\n".join(lines)
        + "\n)\n"
        + src[end:]
    )
    version_at = src.index("UNIDATA_VERSION = ")
    version_end = src.index("\n", version_at)
    src = (
        src[:version_at] + f'UNIDATA_VERSION = "{unicodedata.unidata_version}"' + src[version_end:]
    )
    TARGET.write_text(src, encoding="utf-8")
    print(f"{len(ranges)} ranges, Unicode {unicodedata.unidata_version}")


if __name__ == "__main__":
    main()
