#!/usr/bin/env bash
# Extract every _()/N_()/ngettext() string into locale/miclaro.pot, merge it into the es,
# en and pt_BR catalogs, and compile the .mo files the app loads. Run after changing strings,
# translate what is new in the .po files, then run again.
set -euo pipefail
cd "$(dirname "$0")/.."
PYBABEL=".venv/bin/pybabel"
LOCALE=miclaro_tui/locale
"$PYBABEL" -q extract --no-location --sort-output -k _ -k N_ -k ngettext:1,2 -k C_:1c,2 \
    -o "$LOCALE/miclaro.pot" miclaro_tui >/dev/null
for lang in es en pt_BR; do
    po="$LOCALE/$lang/LC_MESSAGES/miclaro.po"
    if [ -f "$po" ]; then
        "$PYBABEL" -q update --no-fuzzy-matching --ignore-obsolete -i "$LOCALE/miclaro.pot" \
            -d "$LOCALE" -D miclaro -l "$lang" >/dev/null
    else
        "$PYBABEL" -q init -i "$LOCALE/miclaro.pot" -d "$LOCALE" -D miclaro -l "$lang" >/dev/null
    fi
done
"$PYBABEL" -q compile --use-fuzzy -d "$LOCALE" -D miclaro >/dev/null
echo "catalogs updated in $LOCALE"
