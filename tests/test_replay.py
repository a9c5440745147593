"""Round trip: crawl, index with cdxj-indexer, replay with pywb (id_), compare with the wire.

The replica server keeps the bytes it actually sent; pywb must give back the same
status, body (still content-encoded) and meaningful headers.
"""

from __future__ import annotations

import pytest

from archive.catalog import Catalog
from archive.layout import ArchiveLayout
from replica.manifest import path_of
from tests.conftest import run_bdt, write_registry
from tests.support.archive_checks import warc_files
from tests.support.pywb import PywbReplay, header_values

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
    with Catalog(ArchiveLayout.at(archive).catalog_path) as catalog:
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
