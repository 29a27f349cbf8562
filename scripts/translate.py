"""Add translations to the catalogs from a JSON file, then compile them.

    .venv/bin/python scripts/translate.py NEW.json

NEW.json maps each English message id to its translations; a key "context|msgid" is a
message with a context (``C_("invoices", "All")``), and a plural is a list of forms::

    {"Pay": {"es": "Pagar", "pt_BR": "Pagar"},
     "invoices|All": {"es": "Todas", "pt_BR": "Todas"},
     "{n} bill": {"es": ["{n} factura", "{n} facturas"], "pt_BR": ["{n} fatura", "{n} faturas"]}}

It runs scripts/update_catalogs.sh first (so the catalogs hold every message of the source),
fills in what the file gives, and compiles. An flock serialises runs, so several people (or
sessions) adding strings at once do not overwrite each other's work.
"""

from __future__ import annotations

import fcntl
import json
import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "miclaro_tui" / "locale"


def apply(translations: dict[str, dict[str, str | list[str]]]) -> list[str]:
    subprocess.run(
        ["bash", str(ROOT / "scripts" / "update_catalogs.sh")],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    missing: list[str] = []
    for lang in ("es", "pt_BR"):
        po = LOCALE / lang / "LC_MESSAGES" / "miclaro.po"
        with po.open("rb") as stream:
            catalog = read_po(stream, locale=lang)
        for key, by_language in translations.items():
            context, _, msgid = key.rpartition("|") if "|" in key else (None, "", key)
            message = next(
                (
                    m
                    for m in catalog
                    if (m.id[0] if isinstance(m.id, tuple) else m.id) == msgid
                    and m.context == (context or None)
                ),
                None,
            )
            if message is None:
                missing.append(f"{lang}: {key!r} is not in the source")
                continue
            text = by_language.get(lang)
            if text is None:
                missing.append(f"{lang}: {key!r} has no {lang} translation in the file")
                continue
            message.string = tuple(text) if isinstance(text, list) else text
            message.flags.discard("fuzzy")
        with po.open("wb") as stream:
            write_po(stream, catalog, width=76, no_location=True, sort_output=True)
    subprocess.run(
        ["bash", str(ROOT / "scripts" / "update_catalogs.sh")],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return missing


def main() -> int:
    translations = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))
    with (ROOT / ".translate.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        missing = apply(translations)
    for line in missing:
        print(line, file=sys.stderr)
    untranslated = []
    for lang in ("es", "pt_BR"):
        with (LOCALE / lang / "LC_MESSAGES" / "miclaro.po").open("rb") as stream:
            catalog = read_po(stream, locale=lang)
        untranslated += [
            f"{lang}: {m.id!r}"
            for m in catalog
            if m.id and not m.string or (isinstance(m.string, tuple) and not all(m.string))
        ]
    if untranslated:
        print("still untranslated:\n  " + "\n  ".join(untranslated), file=sys.stderr)
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
