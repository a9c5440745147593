"""bandantoc-archive: WARC capture, catalog and clean text of Vietnam's ethnic-affairs sites."""

__version__ = "0.1.0"

from archive.reader import open  # noqa: A001,E402 - `archive.open(path)` is the downstream API

__all__ = ["__version__", "open"]
