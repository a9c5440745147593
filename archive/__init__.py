"""bandantoc-archive: WARC capture, catalog and clean text of Vietnam's ethnic-affairs sites."""

__version__ = "0.1.0"
