"""Retry-After values as servers send them (the crawl itself is in tests/test_faults.py)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from crawler.backoff import retry_after_seconds

NOW = datetime(2026, 11, 27, 12, 0, 0, tzinfo=UTC)


@pytest.mark.parametrize(("value", "seconds"), [
    (b"120", 120.0),
    ("  3600 ", 3600.0),
    (b"Fri, 27 Nov 2026 12:05:00 GMT", 300.0),
    ("Fri, 27 Nov 2026 11:00:00 GMT", 0.0),  # in the past: no wait
    (None, None),
    (b"soon", None),
    (b"-5", None),
    (b"", None),
])
def test_retry_after_seconds(value, seconds):
    assert retry_after_seconds(value, now=NOW) == seconds
