"""The compiled UI catalogues (no Flask): messages.mo built from each messages.po.

The .mo files are build artefacts (git ignores them; scripts/translate.py and `make
translations` write them too). The app compiles the ones that are missing or older than
their .po when it starts, so that a fresh clone needs no extra build step; on a
read-only install the .mo files compiled at build time are used as they are.
"""
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po


def compile_catalogs(directory: Path) -> list:
    """Compile every <lang>/LC_MESSAGES/messages.po under `directory` whose .mo is missing
    or older; returns the .mo paths written (an unwritable one is skipped)."""
    written = []
    for po_path in sorted(directory.glob("*/LC_MESSAGES/messages.po")):
        mo_path = po_path.with_suffix(".mo")
        if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        with po_path.open("rb") as po_file:
            catalog = read_po(po_file)
        tmp = mo_path.with_suffix(".mo.tmp")
        try:
            with tmp.open("wb") as mo_file:
                write_mo(mo_file, catalog)
            tmp.replace(mo_path)
            written.append(mo_path)
        except OSError:
            pass  # read-only install: a catalog compiled at build time is used
    return written
