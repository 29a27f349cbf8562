"""The translation catalogs: complete, consistent with the source, compiled, and loaded.

Message ids are English and live in the code as ``_()``, ``N_()`` and ``ngettext()``.
``scripts/update_catalogs.sh`` extracts them, merges them into ``locale/*/miclaro.po`` and
compiles the ``.mo`` files the app reads. These tests fail when a string was added without a
Spanish or Portuguese translation, when a translation lost or invented a ``{placeholder}``,
and when a ``.po`` was edited but not compiled.
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterator
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

import miclaro_tui
from miclaro_tui import i18n

PACKAGE_DIR = Path(miclaro_tui.__file__).parent
LOCALE_DIR = PACKAGE_DIR / "locale"
LANGUAGES = ("es", "en", "pt_BR")
TRANSLATED = ("es", "pt_BR")  # English falls back to the (English) message ids
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2), "C_": ((1, "c"), 2)}

MsgId = str | tuple[str, ...]
Key = tuple[str | None, MsgId]  # (context, message id)


def po_path(lang: str) -> Path:
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{i18n.DOMAIN}.po"


def mo_path(lang: str) -> Path:
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{i18n.DOMAIN}.mo"


def load_po(lang: str) -> Catalog:
    with po_path(lang).open("rb") as f:
        return read_po(f, locale=lang, domain=i18n.DOMAIN)


def load_mo(lang: str) -> Catalog:
    with mo_path(lang).open("rb") as f:
        return read_mo(f)


def extracted_ids() -> dict[Key, str]:
    """Every (context, message id) in the source, with the first place it appears."""
    found: dict[Key, str] = {}
    for filename, lineno, message, _comments, context in extract_from_dir(
        str(PACKAGE_DIR), keywords=KEYWORDS, comment_tags=()
    ):
        msgid = tuple(message) if isinstance(message, (list, tuple)) else message
        found.setdefault((context, msgid), f"{filename}:{lineno}")
    return found


SOURCE_IDS = extracted_ids()


def messages(catalog: Catalog) -> Iterator:
    """The catalog's messages, without the header entry."""
    return (m for m in catalog if m.id)


def strings(value: str | tuple[str, ...] | list[str] | None) -> tuple[str, ...]:
    if value is None:
        return ()
    return (value,) if isinstance(value, str) else tuple(value)


def key(message) -> Key:  # type: ignore[no-untyped-def]
    msgid = message.id
    context = message.context
    if isinstance(context, bytes):  # babel's read_mo leaves msgctxt undecoded
        context = context.decode("utf-8")
    return context, tuple(msgid) if isinstance(msgid, (list, tuple)) else msgid


_FIELD = re.compile(r"(?<!\{)\{([^{}]*)\}(?!\})")


def placeholders(text: str) -> set[str]:
    """The ``{name}`` fields of a str.format template (``{{`` and ``}}`` are literal)."""
    try:
        return {
            field
            for _lit, field, _spec, _conv in string.Formatter().parse(text)
            if field is not None
        }
    except ValueError:  # not a valid format string: compare what looks like fields
        return set(_FIELD.findall(text))


_MARKUP = re.compile(r"\[/?[a-z][a-z0-9 _#=.-]*\]")


# a status marker such as "! ", "✔ " or "… " that opens a message and must open its translation
_MARKER = re.compile(r"^[^\w\s{\[(]+ ")


def markup(text: str) -> list[str]:
    """Rich/Textual markup tags such as ``[b]`` and ``[/b]``, in order."""
    return _MARKUP.findall(text)


def test_the_source_has_messages() -> None:
    # A broken extraction (wrong directory, wrong keywords) would make every test below pass.
    assert len(SOURCE_IDS) > 50
    assert ("invoice", "Paid") in SOURCE_IDS


@pytest.mark.parametrize("lang", TRANSLATED)
def test_every_source_message_is_translated(lang: str) -> None:
    catalog = load_po(lang)
    problems = []
    for (context, msgid), where in sorted(SOURCE_IDS.items(), key=lambda item: str(item[0])):
        message = catalog.get(msgid if isinstance(msgid, str) else msgid[0], context=context)
        if message is None:
            problems.append(
                f"not in the catalog (run scripts/update_catalogs.sh): {msgid!r} ({where})"
            )
        elif key(message) != (context, msgid):
            problems.append(f"catalog has {message.id!r} for {msgid!r} ({where})")
        elif message.fuzzy:
            problems.append(f"fuzzy: {msgid!r}")
        elif not strings(message.string) or not all(s.strip() for s in strings(message.string)):
            problems.append(f"untranslated: {msgid!r} ({where})")
    assert not problems, f"{lang}: " + "\n".join(problems)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_fuzzy_or_stale_entries(lang: str) -> None:
    catalog = load_po(lang)
    fuzzy = [m.id for m in messages(catalog) if m.fuzzy]
    stale = [key(m) for m in messages(catalog) if key(m) not in SOURCE_IDS]
    assert not fuzzy, f"{lang}: fuzzy entries {fuzzy}"
    assert not stale, f"{lang}: entries no longer in the source {stale}"


def test_english_falls_back_to_the_message_ids() -> None:
    translated = [m.id for m in messages(load_po("en")) if any(strings(m.string))]
    assert not translated, f"en should leave msgstr empty: {translated}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_translations_keep_placeholders_and_markup(lang: str) -> None:
    problems = []
    for message in messages(load_po(lang)):
        ids = strings(message.id)
        for index, text in enumerate(strings(message.string)):
            if not text:
                continue
            # plural forms: the singular id may leave out the count, so match either id
            candidates = ids if len(ids) > 1 else ids[:1]
            if all(placeholders(text) != placeholders(source) for source in candidates):
                problems.append(
                    f"placeholders {sorted(placeholders(text))} != "
                    f"{sorted(placeholders(candidates[-1]))}: {message.id!r} -> {text!r}"
                )
            source = candidates[min(index, len(candidates) - 1)]
            if markup(text) != markup(source):
                problems.append(f"markup {markup(text)} != {markup(source)}: {text!r}")
            marker = _MARKER.match(source)
            if marker and not text.startswith(marker.group(0)):
                problems.append(f"lost the leading {marker.group(0)!r} marker: {text!r}")
            if source != source.strip() and (
                source[:1].isspace() != text[:1].isspace()
                or source[-1:].isspace() != text[-1:].isspace()
            ):
                problems.append(f"leading/trailing space differs: {message.id!r} -> {text!r}")
    assert not problems, f"{lang}: " + "\n".join(problems)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_compiled_catalog_matches_the_po(lang: str) -> None:
    """A .po edited without running scripts/update_catalogs.sh leaves a stale .mo."""
    assert mo_path(lang).exists(), f"{mo_path(lang)} is missing: run scripts/update_catalogs.sh"
    # compile runs with --use-fuzzy, so fuzzy entries are compiled too; empty ones are not
    from_po = {key(m): strings(m.string) for m in messages(load_po(lang)) if any(strings(m.string))}
    from_mo = {
        key(m): strings(m.string)
        for m in messages(load_mo(lang))
        # an untranslated plural compiles to its English ids: that is no translation
        if any(strings(m.string))
        and not (isinstance(m.id, (list, tuple)) and strings(m.string) == strings(m.id))
    }
    missing = sorted(str(k) for k in from_po.keys() - from_mo.keys())
    extra = sorted(str(k) for k in from_mo.keys() - from_po.keys())
    changed = sorted(str(k) for k in from_po.keys() & from_mo.keys() if from_po[k] != from_mo[k])
    assert not (missing or extra or changed), (
        f"{mo_path(lang)} is out of date, run scripts/update_catalogs.sh: "
        f"not compiled {missing}, only in .mo {extra}, different {changed}"
    )


# --- the running app's catalogs -------------------------------------------------------


@pytest.fixture
def spanish_afterwards() -> Iterator[None]:
    yield
    i18n.set_language("es")


@pytest.mark.parametrize(
    ("locale", "language", "paid"),
    [
        ("es", "es", "Pagada"),
        ("pt_BR", "pt_BR", "Paga"),
        ("en", "en", "Paid"),
        ("es_CO.UTF-8", "es", "Pagada"),
        ("pt-BR", "pt_BR", "Paga"),
        ("pt_PT", "pt_BR", "Paga"),
        ("en_US.UTF-8", "en", "Paid"),
    ],
)
def test_set_language(locale: str, language: str, paid: str, spanish_afterwards: None) -> None:
    assert i18n.set_language(locale) == language
    assert i18n.current_language() == language
    assert i18n.C_("invoice", "Paid") == paid


@pytest.mark.parametrize("locale", ["fr_FR.UTF-8", "de", "zz", "", None, "C", "POSIX"])
def test_unknown_locales_fall_back_to_spanish(locale: str | None, spanish_afterwards: None) -> None:
    i18n.set_language("en")
    assert i18n.normalize_language(locale) == "es"
    assert i18n.set_language(locale) == "es"
    assert i18n.C_("invoice", "Paid") == "Pagada"


def test_switching_back_and_forth(spanish_afterwards: None) -> None:
    i18n.set_language("pt_BR")
    assert i18n._("Sign out") == "Sair"
    i18n.set_language("en")
    assert i18n._("Sign out") == "Sign out"
    i18n.set_language("es")
    assert i18n._("Sign out") == "Cerrar sesión"


def test_unknown_message_ids_are_returned_unchanged(spanish_afterwards: None) -> None:
    for lang in LANGUAGES:
        i18n.set_language(lang)
        assert i18n._("no such message {x}") == "no such message {x}"


@pytest.mark.parametrize(
    ("context", "msgid", "spanish"),
    [
        (None, "Wrong user or password.", "Usuario o contraseña incorrectos."),
        ("invoice", "Overdue", "Vencida"),
        ("invoice", "Paid", "Pagada"),
        ("payment", "Paid", "Pagado"),
        ("invoice", "Pending", "Pendiente"),
        ("invoice", "Partly paid", "Pago parcial"),
        ("invoice", "In dispute", "En reclamo"),
        (None, "Hello, {name}", "Hola, {name}"),
        (None, "Invoices", "Facturas"),
        (None, "Sign out", "Cerrar sesión"),
        (None, "Help", "Ayuda"),
        (None, "Plan", "Plan"),
        (None, "Taxes", "Impuestos"),
        (None, "Total", "Total"),
    ],
)
def test_spanish_glossary(context: str | None, msgid: str, spanish: str) -> None:
    """The words Claro's Spanish-speaking customers know, which other tests look for."""
    i18n.set_language("es")
    translated = i18n.C_(context, msgid) if context else i18n._(msgid)
    assert translated == spanish
