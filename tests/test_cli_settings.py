"""`-s NAME=VALUE`: every real setting with a sensible value passes, typos and bad values do not."""

from __future__ import annotations

import json

import pytest
from scrapy.settings import default_settings

import crawler.settings as ours
from archive.errors import BadSetting
from bdt.crawl_settings import check_setting, parse_settings


def _as_text(value: object) -> str:
    return json.dumps(value) if isinstance(value, dict) else str(value)


@pytest.mark.parametrize("module", [default_settings, ours], ids=["scrapy", "ours"])
def test_every_default_value_is_accepted_as_written(module):
    """A setting's own default, typed on the command line, is never refused."""
    checked = 0
    for name in dir(module):
        value = getattr(module, name)
        if name.isupper() and value is not None:
            check_setting(name, _as_text(value))
            checked += 1
    assert checked > (150 if module is default_settings else 30)


def test_values_people_type():
    assert parse_settings(["DOWNLOAD_DELAY=0", "DOWNLOAD_DELAY=2.5", "ROBOTSTXT_OBEY=False",
                           "BDT_RECHECK_DAYS=0", "BDT_MAX_PAGES=50", "DEPTH_PRIORITY=-1",
                           "LOG_LEVEL=DEBUG", "BDT_REGISTRY=/srv/sites.yaml",
                           "USER_AGENT=a=b"]) == (
        ("DOWNLOAD_DELAY", "0"), ("DOWNLOAD_DELAY", "2.5"), ("ROBOTSTXT_OBEY", "False"),
        ("BDT_RECHECK_DAYS", "0"), ("BDT_MAX_PAGES", "50"), ("DEPTH_PRIORITY", "-1"),
        ("LOG_LEVEL", "DEBUG"), ("BDT_REGISTRY", "/srv/sites.yaml"), ("USER_AGENT", "a=b"))


@pytest.mark.parametrize(("item", "message"), [
    ("DOWNLOAD_DELAYY=5", "did you mean DOWNLOAD_DELAY"),
    ("download_delay=5", "unknown setting"),
    ("BDT_MAX_PAGES=many", "expected an integer"),
    ("BDT_CAPTURE_IMAGES=yes", "expected true or false"),
    ("DOWNLOAD_TIMEOUT=-1", "must not be negative"),
    ("DOWNLOAD_DELAY=inf", "finite"),
    ("DOWNLOADER_MIDDLEWARES=[1]", "JSON object"),
    ("=5", "NAME=VALUE"),
])
def test_refused(item, message):
    with pytest.raises(BadSetting, match=message):
        parse_settings([item])
