"""gettext for every user-facing string. Message ids are English; Spanish is the default
language, with English and Brazilian Portuguese catalogs beside it in ``locale/``."""

from __future__ import annotations

import gettext
import re
from pathlib import Path

LOCALE_DIR = Path(__file__).parent / "locale"
DOMAIN = "miclaro"
DEFAULT_LANGUAGE = "es"
LANGUAGES = ("es", "en", "pt_BR")

_translations: gettext.NullTranslations = gettext.NullTranslations()
_language = "en"


def normalize_language(locale: str | None) -> str:
    """Map a locale such as ``es_CO.UTF-8``, ``pt-BR`` or ``en_US`` to a catalog we ship."""
    if not locale:
        return DEFAULT_LANGUAGE
    tag = locale.split(".")[0].replace("-", "_")
    if tag in LANGUAGES:
        return tag
    base = tag.split("_")[0].lower()
    if base == "pt":
        return "pt_BR"
    return base if base in LANGUAGES else DEFAULT_LANGUAGE


def supported_language(locale: str) -> str | None:
    """The catalog for ``locale`` (``es_CO.UTF-8``, ``pt-BR``, ``en``), or None when we ship
    no catalog for that language (``fr``): the command line refuses it."""
    tag = locale.split(".")[0].replace("-", "_")
    base = tag.split("_")[0].lower()
    if tag in LANGUAGES or base in ("es", "en", "pt"):
        return normalize_language(locale)
    return None


def set_language(locale: str | None) -> str:
    """Switch the catalog every ``_()`` call reads from; returns the language chosen."""
    global _translations, _language
    _language = normalize_language(locale)
    _translations = gettext.translation(
        DOMAIN, localedir=LOCALE_DIR, languages=[_language], fallback=True
    )
    return _language


def current_language() -> str:
    return _language


def _(message: str) -> str:
    return _translations.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return _translations.ngettext(singular, plural, n)


def C_(context: str, message: str) -> str:
    """A message whose English is shared by meanings other languages tell apart ("Paid" of an
    invoice is "Pagada", of a payment "Pagado")."""
    return _translations.pgettext(context, message)


def receipt_file_name(number: str) -> str:
    """The file a receipt is saved as, named in the user's language: ``claro-comprobante-RC1.pdf``
    (es), ``claro-comprovante-RC1.pdf`` (pt_BR), ``claro-receipt-RC1.pdf`` (en). Characters
    a file name should not hold become "-"."""
    safe = re.sub(r"[^A-Za-z0-9._-]", "-", number).strip(".") or "-"
    return _("claro-receipt-{number}.pdf").format(number=safe)


def N_(message: str) -> str:
    """Mark a string for extraction where it is translated later (module-level tables)."""
    return message


set_language(DEFAULT_LANGUAGE)
