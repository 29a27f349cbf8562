"""Country profiles: currency, locale, documents, line format, payment methods, help channels.

The help channels are the ones the carrier publishes (see ../shared/seeds for the words and
numbers customers know); each is shown with a kind word, never by an icon alone.
"""

from __future__ import annotations

from dataclasses import dataclass

from miclaro_tui.i18n import N_


@dataclass(frozen=True)
class Channel:
    kind: str  # N_-marked word: phone, WhatsApp, chat, web, app, in person
    label: str  # N_-marked description
    contact: str  # number, address or where to find it (not translated)


@dataclass(frozen=True)
class Country:
    code: str
    name: str  # N_-marked
    currency: str
    locale: str
    time_zone: str  # IANA name: when figures were fetched, when a payment was made
    documents: tuple[str, ...]
    payment_methods: tuple[str, ...]
    channels: tuple[Channel, ...]
    bank_transfer: str = N_("Bank transfer")
    """N_-marked: what a payment by bank transfer is called here (PSE is Colombia's network)."""


PHONE = N_("Phone")
WHATSAPP = N_("WhatsApp")
CHAT = N_("Chat")
WEB = N_("Web")
APP = N_("App")
IN_PERSON = N_("In person")

COUNTRIES: dict[str, Country] = {
    "CO": Country(
        code="CO",
        name=N_("Colombia"),
        currency="COP",
        locale="es_CO",
        time_zone="America/Bogota",
        documents=("CC", "CE", "NIT", "PA"),
        payment_methods=("card", "pse", "cash"),
        bank_transfer=N_("PSE"),
        channels=(
            Channel(PHONE, N_("Customer service from your Claro line"), "*611"),
            Channel(WEB, N_("Mi Claro self-service portal"), "www.claro.com.co/personas"),
            Channel(APP, N_("Mi Claro app"), "Google Play / App Store"),
            Channel(CHAT, N_("Online chat"), "www.claro.com.co > Ayuda"),
            Channel(IN_PERSON, N_("Service centres and payment points"), "www.claro.com.co"),
        ),
    ),
    "PE": Country(
        code="PE",
        name=N_("Peru"),
        currency="PEN",
        locale="es_PE",
        time_zone="America/Lima",
        documents=("DNI", "CE", "RUC", "PA"),
        payment_methods=("card", "cash"),
        channels=(
            Channel(PHONE, N_("Customer service from your Claro line"), "123"),
            Channel(WEB, N_("Mi Claro self-service portal"), "www.claro.com.pe"),
            Channel(APP, N_("Mi Claro app"), "Google Play / App Store"),
            Channel(IN_PERSON, N_("Service centres and payment points"), "www.claro.com.pe"),
        ),
    ),
    "BR": Country(
        code="BR",
        name=N_("Brazil"),
        currency="BRL",
        locale="pt_BR",
        time_zone="America/Sao_Paulo",
        documents=("CPF", "CNPJ"),
        payment_methods=("card", "pix", "boleto"),
        channels=(
            Channel(WHATSAPP, N_("Minha Claro WhatsApp, South-East region"), "(11) 99991-0621"),
            Channel(WHATSAPP, N_("Minha Claro WhatsApp, other regions"), "(32) 99991-0621"),
            Channel(APP, N_("Minha Claro app: Help > Service channels > Open chat"), "Minha Claro"),
            Channel(WEB, N_("Minha Claro mobile site: Invoices > My invoices"), "www.claro.com.br"),
            Channel(WEB, N_("Debt over 45 days overdue: Claro Negocia Fácil"), "www.claro.com.br"),
        ),
    ),
    "DO": Country(
        code="DO",
        name=N_("Dominican Republic"),
        currency="DOP",
        locale="es_DO",
        time_zone="America/Santo_Domingo",
        documents=("CED",),
        payment_methods=("card", "cash"),
        channels=(
            Channel(PHONE, N_("From your home, business or mobile"), "*96"),
            Channel(PHONE, N_("Customer service, option 1"), "809-220-1111"),
            Channel(PHONE, N_("Customer service, option 1"), "809-220-1212"),
            Channel(
                WEB, N_("Online services (e-invoice sign-up)"), "www.claro.com.do/serviciosonline"
            ),
            Channel(IN_PERSON, N_("Payment points and customer service centres"), "claro.com.do"),
        ),
    ),
    "EC": Country(
        code="EC",
        name=N_("Ecuador"),
        currency="USD",
        locale="es_EC",
        time_zone="America/Guayaquil",
        documents=("CI", "RUC"),
        payment_methods=("card", "cash"),
        channels=(
            Channel(PHONE, N_("Customer service from your Claro line"), "*611"),
            Channel(WEB, N_("Mi Claro self-service portal"), "www.claro.com.ec"),
            Channel(APP, N_("Mi Claro app"), "Google Play / App Store"),
        ),
    ),
}


def country(code: str) -> Country:
    return COUNTRIES.get(code.upper(), COUNTRIES["CO"])


def words_locale(language: str, country_code: str) -> str:
    """The Babel locale for dates in words (month names): ``display_locale`` where it is in
    the UI's language (es_CO, pt_BR), otherwise the language alone, so an English reader of a
    Colombian account reads "Oct 2026", not "oct de 2026". Numbers and numeric dates keep the
    country's notation (``display_locale``)."""
    known = display_locale(language, country_code)
    bare = language.split("_")[0]
    return known if known.split("_")[0] == bare else bare


def display_locale(language: str, country_code: str) -> str:
    """The Babel locale for money and dates: the UI language in the country if Babel knows
    that pair (es_CO, pt_BR), otherwise the country's own locale (en + CO -> es_CO)."""
    from babel import Locale, UnknownLocaleError

    profile = country(country_code)
    candidate = f"{language.split('_')[0]}_{profile.code}"
    try:
        Locale.parse(candidate)
    except (UnknownLocaleError, ValueError):
        return profile.locale
    return candidate
