"""The per-URL-shape safety net never stops an archive of articles.

Article URLs of many agency CMSs differ only in a number (`Default.aspx?tabid=N&ndid=N`,
`ArticleId/N/...`): all of a site's articles can share one shape.  With the net set below
the number of articles of a shape, a crawl must still fetch every article the replica lists
(its manifest), once: a page that proves an article gives back what it cost, and links the
spent budget refused meanwhile are followed then (a sitemap's entries are not counted at
all: tests/test_urls.py).
"""

from __future__ import annotations

from collections import Counter
from urllib.parse import urljoin

import pytest

from archive.urls import url_pattern
from replica import ReplicaServer
from tests.conftest import run_bdt, write_registry


@pytest.mark.parametrize("key", ["aspnet"])  # its articles share numeric shapes
def test_a_shape_of_many_articles_is_crawled_whole(tmp_path, key):
    with ReplicaServer([key]) as server:
        manifest = server.manifest(key)
        articles = {urljoin(manifest.base_url, path) for path in manifest.articles}
        budget = 1
        assert Counter(url_pattern(url) for url in articles).most_common(1)[0][1] > budget
        registry = write_registry(tmp_path / "sites.yaml", server.registry_entries())
        result = run_bdt("crawl", f"replica-{key}", "--registry", str(registry), "--archive",
                         str(tmp_path / "archive"), "--no-extract",
                         "-s", f"BDT_PATTERN_BUDGET={budget}")
        assert result.returncode == 0, result.stderr[-3000:]
        fetched = Counter(urljoin(manifest.base_url, e.path)
                          for e in server.requests_for(key) if e.status == 200)
    assert articles <= set(fetched), sorted(articles - set(fetched))
    assert all(fetched[url] == 1 for url in articles), fetched
