"""Debian's Chromium for the browser tests (installed by `make browser`, which .ci/run calls)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

CHROMIUM = Path(os.environ.get("BDT_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--no-sandbox", "--disable-background-networking"]


def chromium_path() -> Path:
    """The browser, or a skip (locally) / a failure (under CI) when it is missing."""
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} missing under CI (.ci/run installs it with `make browser`)")
        pytest.skip(f"{CHROMIUM} not installed (`make browser` installs Debian's chromium)")
    pytest.importorskip("playwright.sync_api")
    return CHROMIUM
