"""Crawl progress for people: a live table on a terminal, one line per site otherwise.

``bdt crawl`` and ``bdt demo`` hand :meth:`ProgressDisplay.update` to ``crawler.run`` as
its progress callback.  On a terminal (``rich``) the table shows, per site, pages, bytes,
errors, queue and elapsed time, refreshed every second.  Off a terminal (CI, a pipe, a log
file) it prints one line per site every ``interval`` seconds, and one when a site is done.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Sequence
from types import TracebackType
from typing import IO, Any

from bdt.report import size

DEFAULT_LINE_INTERVAL = 10.0  # seconds between progress lines off a terminal


def progress_line(site: Any) -> str:
    """``replica-liferay: 26 pages, 35.8 kB, 0 errors, 3 queued, 4 s [finished]``."""
    state = f" [{site.finished}]" if site.finished else ""
    return (f"{site.site_id}: {site.pages} pages, {size(site.bytes)}, {site.errors} errors, "
            f"{site.queued} queued, {site.elapsed:.0f} s{state}")


class ProgressDisplay:
    """Receives progress snapshots (``crawler.run.SiteProgress``) and shows them."""

    def __init__(self, stream: IO[str] | None = None, *, live: bool | None = None,
                 interval: float = DEFAULT_LINE_INTERVAL) -> None:
        self.stream = stream if stream is not None else sys.stderr
        self.live = self.stream.isatty() if live is None else live
        self.interval = interval
        self._last_lines = time.monotonic()  # the first lines after one interval
        self._done: set[str] = set()
        self._live: Any = None

    def __enter__(self) -> ProgressDisplay:
        if self.live:
            from rich.console import Console
            from rich.live import Live

            self._live = Live(console=Console(file=self.stream), auto_refresh=False,
                              redirect_stderr=self.stream is sys.stderr)
            self._live.start()
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        if self._live is not None:
            self._live.stop()
            self._live = None

    def update(self, sites: Sequence[Any]) -> None:
        """Show the sites' progress (called about every second)."""
        if self._live is not None:
            self._live.update(self._table(sites), refresh=True)
            return
        now = time.monotonic()
        due = now - self._last_lines >= self.interval
        for site in sites:
            finished_now = site.finished and site.site_id not in self._done
            if finished_now:
                self._done.add(site.site_id)
            if finished_now or (due and not site.finished):
                print(progress_line(site), file=self.stream, flush=True)
        if due:
            self._last_lines = now

    @staticmethod
    def _table(sites: Sequence[Any]) -> Any:
        from rich.table import Table

        table = Table(title="crawling", title_justify="left")
        for name in ("site", "pages", "bytes", "errors", "queue", "elapsed", "state"):
            table.add_column(name, justify="left" if name in ("site", "state") else "right")
        for site in sites:
            table.add_row(site.site_id, str(site.pages), size(site.bytes), str(site.errors),
                          str(site.queued), f"{site.elapsed:.0f} s",
                          site.finished or "crawling")
        return table
