"""Round trip: crawl, index with cdxj-indexer, replay with pywb (id_), compare with the wire.

The replica server keeps the bytes it actually sent; pywb must give back the same
status, body (still content-encoded) and meaningful headers.

Catalog on SQLite only: replay reads the WARC files and their CDXJ indexes, never the
catalog.
"""

from __future__ import annotations

import html
import os
import re
import signal
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin

import pytest

from archive.catalog import Capture, Catalog
from archive.layout import ArchiveLayout
from replica.manifest import path_of
from replica.server import ReplicaServer
from tests.conftest import REPO, run_bdt, write_registry
from tests.support.archive_checks import warc_files
from tests.support.pywb import PywbReplay, _venv_tool, free_port, header_values

SITES = ("liferay", "aspnet", "joomla", "wordpress")


@pytest.fixture(scope="module")
def replayed(replica, tmp_path_factory):
    root = tmp_path_factory.mktemp("replay")
    entries = [e for e in replica.registry_entries() if e["id"] in
               {f"replica-{k}" for k in SITES}]
    registry = write_registry(root / "sites.yaml", entries)
    archive = root / "archive"
    run_bdt("crawl", *(e["id"] for e in entries), "--registry", str(registry), "--archive",
            str(archive), "--no-extract", check=True)
    with Catalog(ArchiveLayout.at(archive).catalog) as catalog:
        captures = [c for c in catalog.captures() if c.status == 200
                    and c.record_type == "response"]
    with PywbReplay(warc_files(archive), root / "pywb") as replay:
        yield replay, captures


def _sent_for(replica, capture):
    """The last 200 the replica sent for the capture's request target."""
    key = capture.site_id.removeprefix("replica-")
    ok = [r for r in replica.sent_responses(key, path_of(capture.url)) if r.status == 200]
    assert ok, f"replica has no sent response for {capture.url}"
    return ok[-1]


def _timestamp(capture) -> str:
    return "".join(ch for ch in capture.fetched_at if ch.isdigit())[:14]


def _pick(replica, captures, predicate, what):
    for capture in captures:
        sent = _sent_for(replica, capture) if capture.site_id.startswith("replica-") else None
        if sent is not None and predicate(capture, sent):
            return capture, sent
    raise AssertionError(f"the crawl captured no {what}")


def _gzip(capture, sent):
    return "gzip" in [v.lower() for v in header_values(sent.headers, "Content-Encoding")]


def _chunked(capture, sent):
    return sent.chunked


def _pdf(capture, sent):
    return capture.url.lower().endswith(".pdf")


def _two_cookies(capture, sent):
    return len(header_values(sent.headers, "Set-Cookie")) >= 2


@pytest.mark.parametrize("kind", ["gzip", "chunked", "pdf", "two-set-cookie"])
def test_replay_matches_what_the_server_sent(replica, replayed, kind):
    replay, captures = replayed
    predicate = {"gzip": _gzip, "chunked": _chunked, "pdf": _pdf,
                 "two-set-cookie": _two_cookies}[kind]
    capture, sent = _pick(replica, captures, predicate, kind)
    status, headers, body = replay.get_id(capture.url, _timestamp(capture))
    assert status == sent.status
    assert body == sent.body, f"{kind}: replayed body differs for {capture.url}"
    for name in ("Content-Type", "Content-Encoding", "Set-Cookie"):
        assert header_values(headers, name) == header_values(sent.headers, name), name
    sent_length = header_values(sent.headers, "Content-Length")
    if sent_length:
        assert header_values(headers, "Content-Length") == sent_length
    if kind == "chunked":
        assert not header_values(sent.headers, "Content-Length")
    if kind == "gzip":
        import gzip
        assert gzip.decompress(body) == sent.decoded


# -- a site crawled twice: the newest capture replays as the page ---------------------

TWICE = "liferay7"


@pytest.fixture(scope="module")
def crawled_twice(tmp_path_factory):
    """A replica crawled twice (the second crawl incremental: 304s), replayed by pywb."""
    root = tmp_path_factory.mktemp("twice")
    with ReplicaServer([TWICE]) as server:
        entries = [e for e in server.registry_entries() if e["id"] == f"replica-{TWICE}"]
        registry = write_registry(root / "sites.yaml", entries)
        archive = root / "archive"
        for _ in range(2):
            run_bdt("crawl", f"replica-{TWICE}", "--registry", str(registry), "--archive",
                    str(archive), "--no-extract", check=True)
        with Catalog(ArchiveLayout.at(archive).catalog) as catalog:
            newest = {}
            for capture in catalog.captures(site_id=f"replica-{TWICE}"):
                newest[capture.url] = capture  # ordered by fetched_at: the last one wins
        with PywbReplay(warc_files(archive), root / "pywb") as replay:
            yield Twice(server, replay, newest, archive, registry)


@dataclass
class Twice:
    server: ReplicaServer
    replay: PywbReplay
    newest: dict[str, Capture]
    archive: Path
    registry: Path


def test_second_crawl_replays_at_its_newest_timestamp_with_the_full_page(crawled_twice):
    server, replay, newest = crawled_twice.server, crawled_twice.replay, crawled_twice.newest
    manifest = server.manifest(TWICE)
    home = server.start_url(TWICE)
    listing = next(manifest.url(p) for p in manifest.listings if manifest.url(p) != home)
    targets = {"home": home, "listing": listing,
               "article": manifest.url(sorted(manifest.articles)[0])}
    not_modified = [what for what, url in targets.items() if newest[url].status == 304]
    assert {"home", "listing"} <= set(not_modified), "expected 304s on the second crawl"
    for what, url in targets.items():
        capture = newest[url]
        sent = [r for r in server.sent_responses(TWICE, path_of(url)) if r.status == 200][-1]
        status, headers, body = replay.get_id(url)  # no timestamp: the newest capture
        assert status == 200, (what, url, status)
        assert body == sent.body, f"{what}: replayed body is not the page {url}"
        assert header_values(headers, "Content-Type") == header_values(sent.headers,
                                                                       "Content-Type")
        stamp = capture.fetched_at[:19]  # 2026-11-27T18:00:00
        memento = header_values(headers, "Memento-Datetime")
        assert memento and _http_date_iso(memento[0]) == stamp, (what, memento, stamp)
        embeds = _embeds(sent.decoded.decode("utf-8"), url)
        assert any(kind == "stylesheet" for kind, _ in embeds), (what, embeds)
        assert any(kind == "image" for kind, _ in embeds), (what, embeds)
        for kind, embed in embeds:  # replayed as of the page's own timestamp
            live = [r for r in server.sent_responses(TWICE, path_of(embed)) if r.status == 200]
            assert live, f"{what}: the crawl never fetched its {kind} {embed}"
            status, _, body = replay.get_id(embed, _timestamp(capture))
            assert (status, body) == (200, live[-1].body), (what, kind, embed, status)


_EMBED = re.compile(r"""<(link|img)\b[^>]*>""", re.I)
_ATTR = re.compile(r'\b(href|src|rel)\s*=\s*"([^"]*)"', re.I)


def _embeds(page: str, base: str) -> list[tuple[str, str]]:
    """Stylesheets and images as the page's HTML names them (read with a regex, not ours)."""
    found = []
    for tag in _EMBED.finditer(page):
        attrs = {k.lower(): html.unescape(v) for k, v in _ATTR.findall(tag.group(0))}
        if tag.group(1).lower() == "img" and attrs.get("src"):
            found.append(("image", urljoin(base, attrs["src"])))
        elif "stylesheet" in attrs.get("rel", "").lower().split() and attrs.get("href"):
            found.append(("stylesheet", urljoin(base, attrs["href"])))
    return found


def _http_date_iso(value: str) -> str:
    from email.utils import parsedate_to_datetime

    return parsedate_to_datetime(value).strftime("%Y-%m-%dT%H:%M:%S")


def test_bdt_replay_serves_the_archive_in_place_until_stopped(crawled_twice):
    """`bdt replay` prints each site's home page in replay; pywb answers; SIGTERM stops both."""
    twice = crawled_twice
    _venv_tool("wayback")  # skips outside CI when the replay tools are not installed
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "bdt.cli", "replay", "--archive", str(twice.archive),
         "--registry", str(twice.registry), "--port", str(port)],
        cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"})
    try:
        lines = [proc.stdout.readline() for _ in range(2)]
        home = twice.server.start_url(TWICE)
        expected = f"http://127.0.0.1:{port}/replica-{TWICE}/{home}"
        assert lines[1].split() == [f"replica-{TWICE}:", expected], lines
        replay = PywbReplay([], twice.archive)
        replay.port = port
        status, _, body = replay.request(f"/replica-{TWICE}/id_/{home}",
                                         {"Accept-Encoding": "gzip, deflate, br"})
        sent = [r for r in twice.server.sent_responses(TWICE, path_of(home))
                if r.status == 200][-1]
        assert status == 200 and body == sent.body
        assert _listening_addresses(port) == {"127.0.0.1"}, "bound to loopback only"
        # served in place: no WARC copied into the replay directory
        assert not list((twice.archive / "replay").rglob("*.warc.gz"))
        assert list((twice.archive / "replay" / "indexes" / f"replica-{TWICE}").glob("*.cdxj"))
    finally:
        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=30)
    assert proc.returncode == 0, err[-3000:]
    with pytest.raises(OSError):  # pywb is gone with it
        replay.request("/")


def _listening_addresses(port: int) -> set[str]:
    """IPv4 addresses with a socket listening on `port` (from /proc/net/tcp)."""
    found = set()
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        local, state = line.split()[1], line.split()[3]
        address, hex_port = local.split(":")
        if state == "0A" and int(hex_port, 16) == port:  # 0A: LISTEN
            found.add(".".join(str(b) for b in reversed(bytes.fromhex(address))))
    return found


def test_bdt_replay_without_archive_is_one_clear_line(tmp_path):
    result = run_bdt("replay", "--archive", str(tmp_path / "none"))
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        f"bdt: {tmp_path / 'none'} is not an archive (no such directory)"]


def test_bdt_replay_without_pywb_says_how_to_install_it(crawled_twice, monkeypatch, tmp_path):
    """pywb is never looked for in the crawler's environment; missing, one clear message."""
    import bdt.replay as replay_module
    from archive.errors import OperationFailed
    from archive.registry import load_registry

    monkeypatch.setattr(replay_module, "CHECKOUT_TOOLS", tmp_path / "no-venv" / "bin")
    monkeypatch.setenv("PATH", str(Path(sys.executable).parent))  # the crawler's venv only
    monkeypatch.delenv("BDT_PYWB_BIN", raising=False)
    with pytest.raises(OperationFailed, match=r"wayback not found .*make pywb"):
        replay_module.run_replay(ArchiveLayout.at(crawled_twice.archive),
                                 load_registry(crawled_twice.registry), port=free_port())
