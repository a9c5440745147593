"""A plain Scrapy spider, the baseline of benchmarks/portal_crawl.py: no archive, no rules.

    .venv/bin/python benchmarks/plain_scrapy.py http://127.0.0.1:PORT/ [--log FILE]

It follows what `bdt crawl` follows on the generated portal: the sitemaps named in
robots.txt (a sitemap index, then its sitemaps) and every link of every HTML page from the
home page on, within the host. Same politeness and order settings as ours at zero delay:
robots.txt obeyed, one request at a time, no delay, AutoThrottle on, depth limit 12,
breadth first, gzip. Nothing is stored: each page is parsed for its links and dropped.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import AsyncIterator, Iterator, Sequence
from typing import Any
from urllib.parse import urljoin, urlsplit

import scrapy
from scrapy.crawler import CrawlerProcess
from scrapy.http import HtmlResponse, Response
from scrapy.spiders import SitemapSpider

SETTINGS = {
    "ROBOTSTXT_OBEY": True,
    "CONCURRENT_REQUESTS": 1,
    "CONCURRENT_REQUESTS_PER_DOMAIN": 1,
    "DOWNLOAD_DELAY": 0,
    "AUTOTHROTTLE_ENABLED": True,
    "AUTOTHROTTLE_START_DELAY": 0,
    "DEPTH_LIMIT": 12,
    "DEPTH_PRIORITY": 1,
    "SCHEDULER_DISK_QUEUE": "scrapy.squeues.PickleFifoDiskQueue",
    "SCHEDULER_MEMORY_QUEUE": "scrapy.squeues.FifoMemoryQueue",
    "DEFAULT_REQUEST_HEADERS": {
        "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
        "Accept-Language": "vi,en;q=0.5",
        "Accept-Encoding": "gzip, deflate",
    },
    "USER_AGENT": "plain-scrapy-baseline",
    "TELNETCONSOLE_ENABLED": False,
    "LOG_LEVEL": "INFO",
    "LOGSTATS_INTERVAL": 10.0,
}


class PlainSpider(SitemapSpider):
    name = "plain"

    def __init__(self, home: str, **kwargs: Any):
        super().__init__(**kwargs)
        self.home = home
        self.sitemap_urls = [urljoin(home, "/robots.txt")]
        self.allowed_domains = [urlsplit(home).hostname or ""]

    async def start(self) -> AsyncIterator[Any]:
        async for request in super().start():
            yield request
        yield scrapy.Request(self.home, self.parse)

    def parse(self, response: Response) -> Iterator[scrapy.Request]:
        if isinstance(response, HtmlResponse):
            yield from response.follow_all(css="a", callback=self.parse)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("home", help="the portal's home page URL")
    parser.add_argument("--log", default=None, help="Scrapy's log file (default: stderr)")
    parser.add_argument("--max-pages", type=int, default=0, help="stop after this many responses")
    args = parser.parse_args(argv)
    process = CrawlerProcess({**SETTINGS, "CLOSESPIDER_PAGECOUNT": args.max_pages,
                              **({"LOG_FILE": args.log} if args.log else {})})
    process.crawl(PlainSpider, home=args.home)
    process.start()
    return 0


if __name__ == "__main__":
    sys.exit(main())
