"""Typed errors the library raises for a problem the user can fix.

The message is one line naming what is wrong and where; `bdt` prints it as
`bdt: <message>` and exits with `exit_code` (2: the input was wrong, 1: the
operation could not be done).  Anything else escaping is a bug and keeps its traceback.
"""

from __future__ import annotations


class BdtError(Exception):
    """A problem the user can fix; `str(error)` is the one line to show."""

    exit_code = 2


class UsageError(BdtError, ValueError):
    """A bad argument or option value (also a ValueError, for library callers)."""


class BadSetting(UsageError):
    """An unknown Scrapy/BDT setting name, or a value of the wrong type."""


class BadDatabaseUrl(UsageError):
    """A database URL SQLAlchemy cannot parse, or whose driver is not installed."""


class BadRegistry(BdtError):
    """The site registry file is missing or invalid (the message names file, line, field)."""


class NotAnArchive(BdtError):
    """A path that should be an archive directory is not one (or cannot become one)."""


class UnknownSite(BdtError):
    """A site id that is not in the registry, or has nothing in the archive."""


class OperationFailed(BdtError):
    """The input was fine but the work could not be done (busy, unreachable, refused)."""

    exit_code = 1
