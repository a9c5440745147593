"""No traffic but to the registered sites: no suffix-list download, no stray extension.

The demo (nine replica sites on loopback, cookies included) runs with an audit hook
(``tests/support/netguard``) that records every connection and name lookup that is not
loopback, with an empty home and cache directory (no suffix list cached from earlier).
"""

from __future__ import annotations

import os
from pathlib import Path

from scrapy.utils.conf import build_component_list

from crawler.cookies import is_public_suffix
from crawler.run import CrawlRequest, crawl_settings
from tests.conftest import REPO, run_bdt
from tests.test_demo import free_port_range

NETGUARD = REPO / "tests" / "support" / "netguard"

# The extensions we chose (crawler/settings.py says why); anything else is a regression.
CHOSEN_EXTENSIONS = {
    "scrapy.extensions.corestats.CoreStats",
    "scrapy.extensions.logcount.LogCount",
    "scrapy.extensions.memusage.MemoryUsage",
    "scrapy.extensions.closespider.CloseSpider",
    "scrapy.extensions.logstats.LogStats",
    "scrapy.extensions.spiderstate.SpiderState",
    "scrapy.extensions.throttle.AutoThrottle",
    "crawler.capture.ArchiveExtension",
}


def _name(component: object) -> str:
    return component if isinstance(component, str) else \
        f"{component.__module__}.{component.__qualname__}"  # type: ignore[attr-defined]


def test_only_the_chosen_extensions_are_enabled(tmp_path: Path) -> None:
    settings = crawl_settings(CrawlRequest((), tmp_path))
    enabled = {_name(c) for c in build_component_list(settings.getwithbase("EXTENSIONS"))}
    assert enabled == CHOSEN_EXTENSIONS, (f"not chosen: {enabled - CHOSEN_EXTENSIONS}; "
                                          f"missing: {CHOSEN_EXTENSIONS - enabled}")
    assert not settings.getbool("TELNETCONSOLE_ENABLED")
    assert not settings.getbool("REMOTE_CONTROL_ENABLED")
    middlewares = {_name(c) for c in
                   build_component_list(settings.getwithbase("DOWNLOADER_MIDDLEWARES"))}
    assert "crawler.cookies.OfflineCookiesMiddleware" in middlewares
    assert "scrapy.downloadermiddlewares.cookies.CookiesMiddleware" not in middlewares


def test_public_suffix_check_is_offline_and_right() -> None:
    # ground truth: the public suffix list has gov.vn and github.io (a private domain)
    assert is_public_suffix("gov.vn") and is_public_suffix("github.io")
    assert not is_public_suffix("thainguyen.gov.vn")
    assert not is_public_suffix("bandantoc.thainguyen.gov.vn")


def test_demo_talks_only_to_loopback(tmp_path: Path) -> None:
    denied, seen = tmp_path / "denied.log", tmp_path / "seen.log"
    home = tmp_path / "home"
    home.mkdir()
    env = {
        "PYTHONPATH": os.pathsep.join(filter(None, [str(NETGUARD),
                                                    os.environ.get("PYTHONPATH")])),
        "BDT_NETGUARD_LOG": str(denied), "BDT_NETGUARD_SEEN": str(seen),
        "HOME": str(home), "XDG_CACHE_HOME": str(home / ".cache"),
        "BDT_DEMO_PORT": str(free_port_range(9)),
    }
    result = run_bdt("demo", str(tmp_path / "demo"), timeout=600, env=env)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-5000:]
    assert seen.is_file() and "127.0.0.1" in seen.read_text(), "the guard saw nothing"
    assert not denied.exists(), denied.read_text()
    assert "publicsuffix" not in result.stderr
    run_log = next((tmp_path / "demo" / "logs" / "runs").glob("crawl-*.log")).read_text()
    assert "RemoteControl" not in run_log and "TelnetConsole" not in run_log
    assert "Enabled extensions" in run_log  # Scrapy's own listing, in the run log
