"""Check `-s NAME=VALUE` crawl settings before anything runs.

A name must be one of Scrapy's settings or ours (`crawler/settings.py`), and the
value must read as the setting's type: the type of its default, or the one given
in `TYPES` where the default does not tell (None) or misleads.  A typo would
otherwise be ignored silently and a bad number would only fail inside the crawl.
"""

from __future__ import annotations

import difflib
import json
import math
from collections.abc import Iterable
from functools import cache

from archive.errors import BadSetting

# Settings whose default does not give their type (None), or gives the wrong one.
TYPES: dict[str, type] = {
    "BDT_MAX_PAGES": int, "BDT_RECHECK_DAYS": int,
    "TELNETCONSOLE_ENABLED": bool,  # an int (1) in Scrapy's defaults, read with getbool
    # int defaults that Scrapy reads with getfloat
    "CLOSESPIDER_TIMEOUT": float, "DNS_TIMEOUT": float, "DOWNLOAD_DELAY": float,
    "DOWNLOAD_TIMEOUT": float,
}
BOOL_WORDS = {"true": True, "false": False, "1": True, "0": False}


@cache
def known_settings() -> dict[str, type]:
    """Every setting name Scrapy or the project knows, with the type of its value."""
    from scrapy.settings import default_settings

    import crawler.settings as ours

    known: dict[str, type] = {}
    for module in (default_settings, ours):
        for name in dir(module):
            if name.isupper():
                known[name] = type(getattr(module, name))
    known.update(TYPES)
    return known


def check_setting(name: str, value: str) -> None:
    """Raise BadSetting unless `name` is known and `value` reads as its type."""
    known = known_settings()
    if name not in known:
        close = difflib.get_close_matches(name, known, n=1)
        hint = f" (did you mean {close[0]}?)" if close else ""
        raise BadSetting(f"-s {name}: unknown setting{hint}")
    kind = known[name]
    if kind is bool:
        if value.strip().lower() not in BOOL_WORDS:
            raise BadSetting(f"-s {name}={value}: expected true or false")
    elif kind in (int, float):
        try:
            number = int(value) if kind is int else float(value)
        except ValueError:
            raise BadSetting(f"-s {name}={value}: expected "
                             f"{'an integer' if kind is int else 'a number'}") from None
        if not math.isfinite(number):
            raise BadSetting(f"-s {name}={value}: expected a finite number")
        if number < 0 and "PRIORITY" not in name:
            raise BadSetting(f"-s {name}={value}: must not be negative")
    elif kind is dict:
        try:
            parsed = json.loads(value)
        except ValueError:
            parsed = None
        if not isinstance(parsed, dict):
            raise BadSetting(f"-s {name}={value}: expected a JSON object")


def parse_settings(items: Iterable[str]) -> tuple[tuple[str, str], ...]:
    """`NAME=VALUE` strings -> checked (name, value) pairs; raises BadSetting."""
    pairs = []
    for item in items:
        name, sep, value = item.partition("=")
        name = name.strip()
        if not sep or not name:
            raise BadSetting(f"-s expects NAME=VALUE, got {item!r}")
        check_setting(name, value)
        pairs.append((name, value))
    return tuple(pairs)
