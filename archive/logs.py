"""Structured logging: one `key=value` line per event, to stderr and `<archive>/logs/bdt.log`.

Events (run start and end, skips, errors) are logged with `log_event(logger, "run_end",
site=..., run=...)`; every other record becomes a line with `msg=...`.  One record is
always one line: newlines and quotes in values are escaped, so `grep event=run_end`
and `awk` work on the file.
"""

from __future__ import annotations

import logging
import logging.handlers
import re
import sys
import time
from pathlib import Path
from typing import Any

from archive.layout import ArchiveLayout

LOG_FILE_NAME = "bdt.log"
LOG_MAX_BYTES = 10 * 1024 * 1024
LOG_BACKUPS = 10
_BARE = re.compile(r"^[A-Za-z0-9_.:/@+,-]+$")
_NOISY = ("apscheduler.executors", "apscheduler.scheduler", "sqlalchemy", "urllib3")
CHATTER = ("scrapy", "twisted", "py.warnings", "protego", "asyncio", "filelock")
RUN_LOG_FORMAT = "%(asctime)s [%(name)s] %(levelname)s: %(message)s"


def quote(value: object) -> str:
    """A value as a `key=value` token: bare if safe, else double-quoted and escaped."""
    if value is None:
        return "-"
    if isinstance(value, float):
        text = f"{value:.3f}".rstrip("0").rstrip(".")
    else:
        text = str(value)
    if text and _BARE.match(text):
        return text
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    escaped = escaped.replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t")
    return f'"{escaped}"'


class KeyValueFormatter(logging.Formatter):
    """`ts=... level=... logger=... event=... k=v ... msg="..."` on one line."""

    def format(self, record: logging.LogRecord) -> str:
        stamp = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created))
        parts = [f"ts={stamp}.{int(record.msecs):03d}Z", f"level={record.levelname}",
                 f"logger={record.name}"]
        fields: dict[str, Any] = getattr(record, "bdt_fields", None) or {}
        event = getattr(record, "bdt_event", None)
        if event:
            parts.append(f"event={quote(event)}")
        parts.extend(f"{key}={quote(value)}" for key, value in fields.items())
        if not event:
            parts.append(f"msg={quote(record.getMessage())}")
        if record.exc_info:
            parts.append(f"exc={quote(self.formatException(record.exc_info))}")
        return " ".join(parts)


def log_event(logger: logging.Logger, event: str, *, level: int = logging.INFO,
              exc_info: Any = None, **fields: Any) -> None:
    """Log one structured event line; the plain message repeats the fields for humans."""
    message = event + " " + " ".join(f"{k}={quote(v)}" for k, v in fields.items())
    logger.log(level, message.strip(), exc_info=exc_info,
               extra={"bdt_event": event, "bdt_fields": fields})


class _Stderr(logging.StreamHandler):  # type: ignore[type-arg]
    """Writes to whatever ``sys.stderr`` is now (a live progress display replaces it)."""

    def __init__(self) -> None:
        super().__init__(sys.stderr)

    @property
    def stream(self) -> Any:
        return sys.stderr

    @stream.setter
    def stream(self, _value: Any) -> None:
        pass


def is_chatter(record: logging.LogRecord) -> bool:
    """Scrapy's and Twisted's own lines (settings dumps, per-request DEBUG, stats)."""
    return record.name.split(".", 1)[0] in CHATTER and record.levelno < logging.WARNING


def _only(test: Any) -> logging.Filter:
    chosen = logging.Filter()
    chosen.filter = test  # type: ignore[method-assign]
    return chosen


def configure_logging(layout: ArchiveLayout | None, *, verbose: bool = False,
                      run_log: Path | None = None) -> None:
    """Root logging to stderr and (with an archive) a rotating file; safe to call twice.

    With ``run_log`` (``bdt crawl``, ``bdt demo``), Scrapy's own INFO and DEBUG lines go to
    that file only, and stderr shows warnings and errors plus the ``bdt`` lines; ``verbose``
    puts everything on stderr again.  ``bdt.log`` never gets Scrapy's chatter.
    """
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, "bdt_handler", False) or type(handler) is logging.StreamHandler:
            root.removeHandler(handler)  # ours from an earlier call, or logging.basicConfig's
            handler.close()
    formatter = KeyValueFormatter()
    stderr = _Stderr()
    stderr.setFormatter(formatter)
    handlers: list[logging.Handler] = [stderr]
    if run_log is not None and not verbose:
        stderr.addFilter(_only(lambda r: r.levelno >= logging.WARNING
                               or r.name.split(".", 1)[0] == "bdt"))
    if layout is not None:
        layout.log_dir.mkdir(parents=True, exist_ok=True)
        events = logging.handlers.RotatingFileHandler(
            layout.log_dir / LOG_FILE_NAME, maxBytes=LOG_MAX_BYTES, backupCount=LOG_BACKUPS,
            encoding="utf-8")
        events.setFormatter(formatter)
        events.setLevel(logging.DEBUG if verbose else logging.INFO)
        events.addFilter(_only(lambda r: not is_chatter(r)))
        handlers.append(events)
    if run_log is not None:
        run_log.parent.mkdir(parents=True, exist_ok=True)
        everything = logging.FileHandler(run_log, encoding="utf-8")
        everything.setFormatter(logging.Formatter(RUN_LOG_FORMAT))
        handlers.append(everything)
    for handler in handlers:
        handler.bdt_handler = True  # type: ignore[attr-defined]
        root.addHandler(handler)
    root.setLevel(logging.DEBUG if verbose else logging.INFO)
    if run_log is not None:  # Scrapy's per-request lines are DEBUG: keep them in the run log
        logging.getLogger("scrapy").setLevel(logging.DEBUG)
    for name in _NOISY:
        logging.getLogger(name).setLevel(logging.INFO if verbose else logging.WARNING)
