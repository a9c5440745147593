"""Scrapy settings for bandantoc-archive: polite by default, every BDT_* setting in one place.

Per-site overrides (delay, page and depth caps) come from the registry entry and
are applied by the spider's `from_crawler`; command-line `-s` settings win over both.
"""

from archive import __version__

BOT_NAME = "bandantoc-archive"
SPIDER_MODULES = ["crawler.spiders"]
NEWSPIDER_MODULE = "crawler.spiders"

# --- politeness ---------------------------------------------------------------
CONTACT_URL = "https://github.com/bandantoc-archive/bandantoc-archive"
USER_AGENT = (
    f"bandantoc-archive/{__version__} (+{CONTACT_URL}; web archiving of public "
    "ethnic-affairs agency sites)"
)
ROBOTSTXT_OBEY = True
# Requests handed to the downloader at once, across sites.  One per site crawled in the
# process (crawler.run raises it for multi-site runs): a deeper queue would keep fetching
# after a stop or a page cap, since queued requests are still downloaded on close.
CONCURRENT_REQUESTS = 1
CONCURRENT_REQUESTS_PER_DOMAIN = 1  # one request at a time per site
DOWNLOAD_DELAY = 2.0  # seconds between requests to one site (start to start)
DOWNLOAD_DELAY_JITTER = 0.0  # never go below the configured delay
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 2.0
AUTOTHROTTLE_MAX_DELAY = 60.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
DOWNLOAD_TIMEOUT = 60
DOWNLOAD_MAXSIZE = 200 * 1024 * 1024  # wire bytes, and decoded bytes: past it a body is
# archived as sent, flagged in its metadata record, recorded as an error, and not parsed
DOWNLOAD_WARNSIZE = 32 * 1024 * 1024
RETRY_ENABLED = True
RETRY_TIMES = 2
COOKIES_ENABLED = True
# warcio and pywb cannot decode zstd, which Scrapy would otherwise advertise.
DEFAULT_REQUEST_HEADERS = {
    "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
    "Accept-Language": "vi,en;q=0.5",
    "Accept-Encoding": "gzip, deflate",
}

# --- crawl order: breadth first, so listings come before deep pages -----------------
DEPTH_LIMIT = 12
DEPTH_PRIORITY = 1
SCHEDULER_DISK_QUEUE = "scrapy.squeues.PickleFifoDiskQueue"
SCHEDULER_MEMORY_QUEUE = "scrapy.squeues.FifoMemoryQueue"
SCHEDULER_PRIORITY_QUEUE = "scrapy.pqueues.DownloaderAwarePriorityQueue"  # fair across sites

# --- our components -------------------------------------------------------------
DOWNLOADER_MIDDLEWARES = {
    "crawler.middlewares.SafetyMiddleware": 40,  # before robots.txt is even fetched
    "crawler.middlewares.IncrementalMiddleware": 60,
    "crawler.middlewares.CrawlDelayMiddleware": 120,  # after robots.txt (100) is read
    # the same cookie handling, with the bundled public suffix list instead of a download
    "scrapy.downloadermiddlewares.cookies.CookiesMiddleware": None,
    "crawler.cookies.OfflineCookiesMiddleware": 700,
    # RFC 9309: an unreachable (5xx, network error) robots.txt means "disallow all"
    "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,
    "crawler.robots.StrictRobotsTxtMiddleware": 100,
    "crawler.backoff.RetryAfterMiddleware": 560,  # sees 429/503 before RetryMiddleware
    "crawler.oversize.OversizeMiddleware": 595,  # a bomb is dropped before it is inflated
}

# --- extensions: only the ones we use; every other one off by name --------------------
# tests/test_network.py lists the enabled extensions and fails on one not chosen here.
EXTENSIONS = {
    "crawler.capture.ArchiveExtension": 100,
    "scrapy.extensions.telnet.TelnetConsole": None,  # a debugging shell on a TCP port
    "scrapy.extensions.remote_control.RemoteControl": None,  # an HTTP endpoint running Python
    "scrapy.extensions.memdebug.MemoryDebugger": None,
    "scrapy.extensions.feedexport.FeedExporter": None,  # we write WARCs, not feeds
}
# kept (Scrapy's defaults): CoreStats and LogCount (run statistics), LogStats (progress in
# the run log), CloseSpider (page caps), SpiderState (resume from JOBDIR), AutoThrottle,
# MemoryUsage (peak memory in the stats; it mails nobody unless MEMUSAGE_NOTIFY_MAIL is set).
TELNETCONSOLE_ENABLED = False
REMOTE_CONTROL_ENABLED = False

LOG_LEVEL = "INFO"
LOGSTATS_INTERVAL = 30.0

# --- bandantoc-archive settings (BDT_*) and their defaults -------------------------
BDT_ARCHIVE_DIR = "archive-data"  # archive root: WARCs, catalog, documents, logs
BDT_REGISTRY = None  # path of the site registry; None = the bundled archive/sites.yaml
BDT_RUN_ID = None  # set by the scheduler to resume a run; None = a new run id
BDT_TRIGGER = "manual"  # manual, schedule, catch-up, resume (recorded on the run)
BDT_NODE = None  # the crawl node's name (set by `bdt schedule --nodes`): runs, captures, WARCs
BDT_EXTRACT_AT_CLOSE = False  # extract the run when it closes, where its WARC is (Scrapyd)
BDT_WARC_MAX_SIZE = 1_000_000_000  # roll over to a new WARC file past this size
BDT_OPERATOR = "bandantoc-archive operator"
BDT_CALENDAR_BUDGET = 12  # requests per calendar-like URL shape
BDT_PATTERN_BUDGET = 1000  # requests per URL shape of any kind (a safety net)
BDT_CAPTURE_IMAGES = True  # in-scope <img> of the pages (article photos) are archived too
BDT_MAX_PAGES = None  # override every site's max_pages
BDT_RECHECK_DAYS = None  # override every site's recheck_days (0 = re-check everything)
BDT_RETRY_AFTER_MAX = 600.0  # seconds; a longer Retry-After ends the site's run (an error)
BDT_429_MIN_DELAY = 10.0  # seconds between a site's requests after it answered 429
BDT_REQUISITE_BUDGET = 300  # page requisites (CSS, JS, fonts, icons, images) per run
BDT_WACZ_PER_RUN = False  # after each finished run's extraction, write ARCHIVE/wacz/SITE/RUN.wacz
