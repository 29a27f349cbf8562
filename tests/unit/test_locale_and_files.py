"""Languages the app has, percentages and file names in the user's language."""

from __future__ import annotations

from decimal import Decimal

import pytest

from miclaro_tui import i18n
from miclaro_tui.__main__ import main
from miclaro_tui.config import SettingsError, load_settings
from miclaro_tui.money import format_percent


def test_a_language_we_do_not_have_is_refused_with_the_list(capsys):
    assert main(["--locale", "fr", "sandbox", "reset"]) == 2
    error = capsys.readouterr().err
    assert "'fr'" in error and "es, en, pt_BR" in error


@pytest.mark.parametrize(
    ("given", "language"), [("es_CO.UTF-8", "es"), ("pt-BR", "pt_BR"), ("en", "en")]
)
def test_locales_of_our_languages_are_read_as_them(given, language):
    assert load_settings({"locale": given}).locale == language


def test_the_environment_is_checked_too():
    with pytest.raises(SettingsError, match="es, en, pt_BR"):
        load_settings(env={"MICLARO_LOCALE": "de_DE"})


@pytest.mark.parametrize(
    ("locale", "text"), [("pt_BR", "0,65%"), ("es", "0,65\xa0%"), ("en", "0.65%")]
)
def test_percentages_are_written_as_the_locale_does(locale, text):
    assert format_percent(Decimal("0.0065"), locale) == text


@pytest.mark.parametrize(
    ("language", "name"),
    [
        ("es", "claro-comprobante-RC-1.pdf"),
        ("pt_BR", "claro-comprovante-RC-1.pdf"),
        ("en", "claro-receipt-RC-1.pdf"),
    ],
)
def test_the_receipt_file_is_named_in_the_users_language(language, name):
    i18n.set_language(language)
    assert i18n.receipt_file_name("RC-1") == name
    assert "/" not in i18n.receipt_file_name("../x/y")


@pytest.mark.parametrize(
    ("language", "country", "numbers", "month"),
    [
        ("es", "CO", "es_CO", "oct de 2026"),
        ("en", "CO", "es_CO", "Oct 2026"),
        ("pt_BR", "BR", "pt_BR", "out. de 2026"),
        ("en", "BR", "pt_BR", "Oct 2026"),
        ("pt_BR", "CO", "es_CO", "out. de 2026"),
    ],
)
def test_months_are_in_the_readers_words_and_numbers_in_the_countrys(
    language, country, numbers, month
):
    """An English reader of a Colombian account reads "Oct 2026" and "$153.646,00": the
    month in English words, the money and numeric dates as the country writes them."""
    from datetime import date

    from miclaro_tui.countries import display_locale, words_locale
    from miclaro_tui.money import format_month

    assert display_locale(language, country) == numbers
    assert format_month(date(2026, 10, 1), words_locale(language, country)) == month
