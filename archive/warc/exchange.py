"""Plain data the crawler hands to the WARC writer, and what the writer hands back."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime

logger = logging.getLogger(__name__)

PROFILE_IDENTICAL_PAYLOAD = "identical-payload-digest"
PROFILE_SERVER_NOT_MODIFIED = "server-not-modified"
REVISIT_PROFILES = (PROFILE_IDENTICAL_PAYLOAD, PROFILE_SERVER_NOT_MODIFIED)


@dataclass
class HttpExchange:
    """One HTTP request/response as it went over the wire.

    ``body`` is the wire payload: still content-encoded (gzip, br...) but
    already de-chunked.  ``response_headers`` keeps repeats and order
    (e.g. two ``Set-Cookie``).  ``fetched_at`` is the capture start, in UTC.
    ``decode_limit``: a body that decodes (Content-Encoding undone) to more
    bytes than this is still stored as sent, but flagged as not to be parsed.
    """

    url: str
    status: int
    response_headers: list[tuple[str, str]]
    body: bytes
    request_headers: list[tuple[str, str]]
    fetched_at: datetime
    method: str = "GET"
    protocol: str = "HTTP/1.1"
    request_body: bytes = b""
    ip_address: str | None = None
    truncated: str | None = None
    fetch_ms: int | None = None
    via: str | None = None
    hops: str | None = None
    outlinks: list[str] = field(default_factory=list)
    decode_limit: int | None = None
    # more ``name: value`` lines for the metadata record (e.g. what a 304 said)
    metadata_fields: list[tuple[str, str]] = field(default_factory=list)

    @property
    def has_metadata(self) -> bool:
        """True when a metadata record is worth writing."""
        return bool(self.via or self.hops or self.outlinks or self.metadata_fields
                    or self.fetch_ms is not None)


@dataclass
class RevisitOf:
    """What an exchange is a revisit of (an earlier capture).

    ``profile`` is ``identical-payload-digest`` (same payload as the earlier
    capture) or ``server-not-modified`` (a 304 answer to a conditional request).
    """

    profile: str
    refers_to_record_id: str
    refers_to_uri: str
    refers_to_date: datetime
    payload_digest: str | None = None
    payload_length: int | None = None  # of the earlier payload, when the body is not at hand

    def __post_init__(self) -> None:
        if self.profile not in REVISIT_PROFILES:
            raise ValueError(f"unknown revisit profile {self.profile!r}")


@dataclass(frozen=True)
class WrittenRecord:
    """Where one record landed: ``offset``/``length`` of its gzip member."""

    record_type: str
    record_id: str
    warc_file: str
    offset: int
    length: int
    payload_digest: str | None


@dataclass(frozen=True)
class WrittenExchange:
    """The records written for one exchange (``response`` may be a revisit)."""

    response: WrittenRecord
    request: WrittenRecord
    metadata: WrittenRecord | None = None
    too_large: bool = False  # decoded past ``decode_limit``: flagged, not to be parsed
