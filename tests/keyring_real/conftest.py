"""Tests against a real Secret Service run only under scripts/with-secret-service.sh, which
sets MICLARO_REAL_KEYRING=1; anywhere else they are deselected (not skipped)."""

from __future__ import annotations

import os

import pytest


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if os.environ.get("MICLARO_REAL_KEYRING") == "1":
        return
    # This hook sees the whole session's items: drop only the keyring_real ones.
    deselected = [item for item in items if item.get_closest_marker("keyring_real")]
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = [item for item in items if not item.get_closest_marker("keyring_real")]
