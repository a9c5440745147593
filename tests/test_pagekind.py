"""The crawl's page-kind check on every replica site: the manifest says which pages are
articles (leaves of the crawl) and which are listings (read again on every crawl)."""

from __future__ import annotations

import urllib.error
import urllib.request
from urllib.parse import urljoin

import pytest

from archive import discovery
from archive.pagekind import looks_like_article
from replica import ReplicaServer
from replica.sites import SITES


@pytest.fixture(scope="module")
def replica():
    with ReplicaServer() as server:
        yield server


def _tree(url: str):
    try:
        answer = urllib.request.urlopen(url, timeout=10)
    except urllib.error.HTTPError as error:  # some replica pages fail once, on purpose
        if error.code < 500:
            raise
        answer = urllib.request.urlopen(url, timeout=10)
    with answer:
        body = answer.read()
        content_type = answer.headers.get("Content-Type", "text/html")
    return discovery.page_tree(body, [("Content-Type", content_type)])


@pytest.mark.parametrize("key", list(SITES))
def test_articles_are_leaves_and_listings_are_not(replica, key):
    manifest = replica.manifest(key)
    missed = [path for path in manifest.articles
              if not looks_like_article(_tree(urljoin(manifest.base_url, path)))]
    # a page the check doubts costs a conditional request, so a few may be missed; a
    # whole family missed (every ASP.NET page sits in one page-wide <form>) may not
    assert len(missed) <= len(manifest.articles) // 3, missed
    taken = [path for path in manifest.listings
             if looks_like_article(_tree(urljoin(manifest.base_url, path)))]
    assert not taken, taken  # a listing taken for an article would hide new articles


# listings of whole posts with unlinked titles: one running text and no headline links, so
# they read as an article (re-read at the re-check interval; their posts are archived)
FULL_POST_LISTINGS = {"joomla_blog_unlinked_titles", "wordpress_full_post_archive"}


def test_no_listing_fixture_is_taken_for_an_article():
    import json
    from pathlib import Path

    fixtures = Path(__file__).parent / "fixtures" / "extract"
    taken = []
    for case in sorted(p for p in fixtures.iterdir() if (p / "expected.json").is_file()):
        if json.loads((case / "expected.json").read_text(encoding="utf-8"))["kind"] != "listing":
            continue
        page = next(p for p in case.iterdir() if p.name.startswith("page"))
        tree = discovery.page_tree(page.read_bytes(), [("Content-Type", "text/html")])
        if looks_like_article(tree):
            taken.append(case.name)
    assert set(taken) <= FULL_POST_LISTINGS, taken
