"""Compile every locale/*/LC_MESSAGES/*.po into .mo with Babel (no GNU gettext needed).

Only rewrites a .mo older than its .po, so `make install` stays quick and idempotent.
"""

import sys
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent / "passeurs"


def main() -> int:
    for po_path in sorted(ROOT.glob("**/locale/*/LC_MESSAGES/*.po")):
        mo_path = po_path.with_suffix(".mo")
        if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        with open(po_path, "rb") as handle:
            catalog = read_po(handle, locale=po_path.parent.parent.name)
        with open(mo_path, "wb") as handle:
            write_mo(handle, catalog, use_fuzzy=False)
        print(f"compiled {mo_path.relative_to(ROOT.parent)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
