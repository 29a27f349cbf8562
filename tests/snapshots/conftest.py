from tests.tui.conftest import make_app, memory_keyring, settings  # noqa: F401  (fixtures)
