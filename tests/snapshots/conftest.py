from tests.tui.conftest import (  # noqa: F401  (fixtures)
    large_db_template,
    make_app,
    make_large_app,
    memory_keyring,
    settings,
)
