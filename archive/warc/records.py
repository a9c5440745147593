"""Build WARC/1.1 records (warcinfo, response, revisit, request, metadata) with warcio."""

from __future__ import annotations

import base64
import hashlib
import http
import logging
import re
from collections.abc import Iterable, Mapping
from dataclasses import replace
from datetime import UTC, datetime
from importlib.metadata import PackageNotFoundError, version
from io import BytesIO
from typing import Any
from urllib.parse import quote, urlsplit

from warcio.recordbuilder import RecordBuilder
from warcio.recordloader import ArcWarcRecord
from warcio.statusandheaders import StatusAndHeaders, StatusAndHeadersParser
from warcio.warcwriter import WARCWriter

from archive.warc.encoding import DecodeCheck, inspect_decoding, parse_codings, split
from archive.warc.exchange import PROFILE_IDENTICAL_PAYLOAD, HttpExchange, RevisitOf

logger = logging.getLogger(__name__)

WARC_VERSION = "WARC/1.1"
CONFORMS_TO = "http://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/"
REVISIT_PROFILE_URIS = {
    "identical-payload-digest": "http://netpreserve.org/warc/1.1/revisit/identical-payload-digest",
    "server-not-modified": "http://netpreserve.org/warc/1.1/revisit/server-not-modified",
}
# Hop-by-hop headers: the crawler hands over a de-chunked body, so these would lie.
HOP_BY_HOP = frozenset(
    {"transfer-encoding", "connection", "keep-alive", "te", "trailer", "trailers", "upgrade"}
)
ORIG_PREFIX = "X-Archive-Orig-"
_TOKEN = re.compile(r"^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$")
_builder = RecordBuilder(warc_version=WARC_VERSION)


def _package_version(name: str) -> str:
    try:
        return version(name)
    except PackageNotFoundError:  # pragma: no cover - only when not installed
        return "0+unknown"


SOFTWARE = (
    f"bandantoc-archive/{_package_version('bandantoc-archive')} warcio/{_package_version('warcio')}"
)


class HttpHeaderBlock(StatusAndHeaders):  # type: ignore[misc]  # warcio has no type hints
    """HTTP status line + headers serialised as latin-1 bytes (warcio uses ASCII)."""

    def compute_headers_buffer(self, header_filter: Any = None) -> None:  # noqa: D401 - warcio hook
        self.headers_buff = self.to_str(header_filter).encode("latin-1") + b"\r\n"


def payload_digest(body: bytes) -> str:
    """WARC payload digest of ``body``: ``sha1:`` + base32, as warcio writes it."""
    return "sha1:" + base64.b32encode(hashlib.sha1(body).digest()).decode("ascii")


def warc_date(when: datetime) -> str:
    """ISO 8601 UTC date for WARC headers (microseconds when non-zero)."""
    if when.tzinfo is not None:
        when = when.astimezone(UTC)
    text = when.strftime("%Y-%m-%dT%H:%M:%S")
    if when.microsecond:
        text += f".{when.microsecond:06d}"
    return text + "Z"


def status_line(code: int) -> str:
    """``"<code> <reason>"`` with the standard reason phrase (empty if unknown)."""
    try:
        reason = http.HTTPStatus(code).phrase
    except ValueError:
        reason = ""
    return f"{code} {reason}"


def clean_header_value(value: str) -> str:
    """Make a header value safe: one line, latin-1 (other characters %-escaped as UTF-8)."""
    value = value.replace("\r", " ").replace("\n", " ")
    try:
        value.encode("latin-1")
        return value
    except UnicodeEncodeError:
        return "".join(ch if ord(ch) < 256 else quote(ch, safe="") for ch in value)


def clean_headers(
    headers: Iterable[tuple[str, str]], *, drop: frozenset[str] = frozenset()
) -> list[tuple[str, str]]:
    """Copy headers keeping order and repeats; drop invalid names and those in ``drop``."""
    out = []
    for name, value in headers:
        name = name.strip()
        if not _TOKEN.match(name):
            logger.warning("dropping header with invalid name %r", name)
            continue
        if name.lower() in drop:
            continue
        out.append((name, clean_header_value(value)))
    return out


def _one_line(value: str) -> str:
    return value.replace("\r", "%0D").replace("\n", "%0A")


def _warc_headers(record_type: str, uri: str, fields: Mapping[str, str]) -> StatusAndHeaders:
    """WARC headers in the usual order: type, id, date, target URI, then the rest."""
    headers = StatusAndHeaders("", [], protocol=WARC_VERSION)
    headers.add_header("WARC-Type", record_type)
    headers.add_header("WARC-Record-ID", StatusAndHeadersParser.make_warc_id())
    headers.add_header("WARC-Date", fields["WARC-Date"])
    if uri:
        headers.add_header("WARC-Target-URI", _one_line(uri))
    for name, value in fields.items():
        if name != "WARC-Date":
            headers.add_header(name, value)
    return headers


def _fix_content_length(headers: list[tuple[str, str]], body_len: int) -> list[tuple[str, str]]:
    """Make every Content-Length equal ``body_len``, keeping a differing original."""
    lengths = [v.strip() for n, v in headers if n.lower() == "content-length"]
    if not lengths or all(v == str(body_len) for v in lengths):
        return headers
    out: list[tuple[str, str]] = []
    done = False
    for name, value in headers:
        if name.lower() != "content-length":
            out.append((name, value))
        elif not done:
            out.append((name, str(body_len)))
            out.append((ORIG_PREFIX + name, value))
            done = True
        else:
            out.append((ORIG_PREFIX + name, value))
    logger.info("Content-Length %s rewritten to stored length %d", lengths, body_len)
    return out


# Metadata field of a response whose body decodes past the crawl's limit (its value).
TOO_LARGE_FIELD = "decodedSizeExceeded"


def check_payload(ex: HttpExchange) -> DecodeCheck:
    """Decode the body in bounded memory, up to ``ex.decode_limit`` bytes of output.

    Only warns when it does not decode (it is archived as sent all the same)."""
    encoding = ", ".join(v for n, v in ex.response_headers if n.lower() == "content-encoding")
    if not ex.body or not parse_codings(encoding):
        too_large = bool(ex.decode_limit and len(ex.body) > ex.decode_limit)
        return DecodeCheck(too_large=too_large, decoded_size=len(ex.body))
    check = inspect_decoding(split(ex.body), encoding, allow_incomplete=bool(ex.truncated),
                             max_size=ex.decode_limit)
    if check.problem:
        logger.warning("%s: body does not decode as %r (%s); kept as is", ex.url, encoding,
                       check.problem)
    if check.too_large:
        logger.warning("%s: body decodes to more than %d bytes (%d on the wire, %r);"
                       " archived as sent, not parsed", ex.url, ex.decode_limit, len(ex.body),
                       encoding)
    return check


def _http_warc_headers(ex: HttpExchange) -> dict[str, str]:
    fields = {"WARC-Date": warc_date(ex.fetched_at)}
    if ex.ip_address:
        fields["WARC-IP-Address"] = _one_line(ex.ip_address)
    if ex.protocol and ex.protocol.lower() not in ("http/1.1", "http/1.0"):
        fields["WARC-Protocol"] = _one_line(ex.protocol.lower())
    return fields


def response_header_block(ex: HttpExchange, *, fix_length: bool = True) -> HttpHeaderBlock:
    """The stored HTTP header block for an exchange's response."""
    headers = clean_headers(ex.response_headers, drop=HOP_BY_HOP)
    if fix_length:
        headers = _fix_content_length(headers, len(ex.body))
    return HttpHeaderBlock(status_line(ex.status), headers, protocol="HTTP/1.1")


def build_response(ex: HttpExchange) -> ArcWarcRecord:
    """A ``response`` record holding the wire payload of ``ex``."""
    block = response_header_block(ex)
    fields = _http_warc_headers(ex)
    if ex.truncated:
        fields["WARC-Truncated"] = _one_line(ex.truncated)
    return _builder.create_warc_record(
        ex.url,
        "response",
        payload=BytesIO(ex.body),
        length=len(ex.body),
        warc_headers=_warc_headers("response", ex.url, fields),
        http_headers=block,
    )


def build_revisit(ex: HttpExchange, revisit_of: RevisitOf) -> ArcWarcRecord:
    """A ``revisit`` record: HTTP headers only, pointing at the earlier capture."""
    digest = revisit_of.payload_digest
    if digest is None and revisit_of.profile == PROFILE_IDENTICAL_PAYLOAD:
        if not ex.body:
            raise ValueError("identical-payload-digest revisit needs a payload digest")
        digest = payload_digest(ex.body)
    fields = _http_warc_headers(ex)
    fields.update(
        {
            "WARC-Profile": REVISIT_PROFILE_URIS[revisit_of.profile],
            "WARC-Refers-To": _one_line(revisit_of.refers_to_record_id),
            "WARC-Refers-To-Target-URI": _one_line(revisit_of.refers_to_uri),
            "WARC-Refers-To-Date": warc_date(revisit_of.refers_to_date),
            "WARC-Truncated": "length",
        }
    )
    if digest:
        fields["WARC-Payload-Digest"] = digest
    # pywb serves the revisit's headers with the earlier payload and cuts the
    # body at this Content-Length, so it must equal the (identical) payload's
    # length.  A 304 has no body: its headers are kept as they came.
    block = response_header_block(ex, fix_length=bool(ex.body))
    if not ex.body and revisit_of.payload_length is not None:
        block.headers = _fix_content_length(block.headers, revisit_of.payload_length)
    return _builder.create_warc_record(
        ex.url, "revisit", warc_headers=_warc_headers("revisit", ex.url, fields), http_headers=block
    )


# What a 304 cannot change: the headers describing the stored payload (RFC 9111 3.2).
PAYLOAD_HEADERS = frozenset(
    {"content-length", "content-encoding", "content-type", "content-range", *HOP_BY_HOP}
)


def freshen_headers(
    stored: Iterable[tuple[str, str]], not_modified: Iterable[tuple[str, str]]
) -> list[tuple[str, str]]:
    """The earlier response's headers updated with a 304's (RFC 9111 4.3.4)."""
    fresh = [(n, v) for n, v in not_modified if n.lower() not in PAYLOAD_HEADERS]
    names = {n.lower() for n, _ in fresh}
    return [(n, v) for n, v in stored if n.lower() not in names] + fresh


def not_modified_as_revisit(
    ex: HttpExchange,
    earlier_status: int,
    earlier_headers: list[tuple[str, str]],
    revisit_of: RevisitOf,
) -> tuple[HttpExchange, RevisitOf]:
    """A 304 stored as what it means: the earlier payload, served again.

    pywb serves a 3xx revisit as an empty 304, so a ``server-not-modified``
    revisit never replays as the page.  This turns the 304 into an
    ``identical-payload-digest`` revisit of the earlier capture whose HTTP
    headers are the earlier ones freshened by the 304's; what the server
    really answered (status line and headers) goes into the metadata record,
    and the request record keeps the conditional headers as sent.
    ``revisit_of`` must carry the earlier payload's digest and length.
    """
    if revisit_of.payload_digest is None or revisit_of.payload_length is None:
        raise ValueError("a 304 becomes a revisit only with the earlier payload digest and length")
    facts = [("serverResponse", f"HTTP/1.1 {status_line(ex.status)}")]
    facts += [
        ("serverResponseHeader", f"{n}: {v}")
        for n, v in clean_headers(ex.response_headers, drop=HOP_BY_HOP)
    ]
    stored = replace(
        ex,
        status=earlier_status,
        response_headers=freshen_headers(earlier_headers, ex.response_headers),
        metadata_fields=[*ex.metadata_fields, *facts],
    )
    return stored, replace(revisit_of, profile=PROFILE_IDENTICAL_PAYLOAD)


def request_target(url: str) -> tuple[str, str]:
    """``(path?query, host[:port])`` for the request line and Host header."""
    parts = urlsplit(url)
    target = parts.path or "/"
    if parts.query:
        target += "?" + parts.query
    target = quote(target, safe="/?&=%:;@!$'()*+,-._~[]#")
    host = parts.netloc.rsplit("@", 1)[-1]
    try:
        host.encode("ascii")
    except UnicodeEncodeError:
        name, sep, port = host.partition(":")
        host = name.encode("idna").decode("ascii") + sep + port
    return target, host


def build_request(ex: HttpExchange, response_id: str) -> ArcWarcRecord:
    """The ``request`` record that goes right after the response (or revisit)."""
    target, host = request_target(ex.url)
    sent = clean_headers(ex.request_headers)
    host_values = [v for n, v in sent if n.lower() == "host"]
    headers = [("Host", host_values[0] if host_values else host)]
    headers += [(n, v) for n, v in sent if n.lower() != "host"]
    block = HttpHeaderBlock(f"{target} HTTP/1.1", headers, protocol=ex.method.upper())
    fields = _http_warc_headers(ex)
    fields.pop("WARC-Protocol", None)
    fields["WARC-Concurrent-To"] = response_id
    return _builder.create_warc_record(
        ex.url,
        "request",
        payload=BytesIO(ex.request_body),
        length=len(ex.request_body),
        warc_headers=_warc_headers("request", ex.url, fields),
        http_headers=block,
    )


def _warc_fields(pairs: Iterable[tuple[str, str]]) -> bytes:
    return b"".join(f"{k}: {_one_line(v)}\r\n".encode() for k, v in pairs)


def build_metadata(ex: HttpExchange, response_id: str, *,
                   too_large: bool = False) -> ArcWarcRecord:
    """An ``application/warc-fields`` metadata record about the capture.

    ``too_large``: the body decodes past ``ex.decode_limit``; a
    ``decodedSizeExceeded: <limit>`` line says so (stored as sent, not parsed)."""
    pairs: list[tuple[str, str]] = []
    if ex.via:
        pairs.append(("via", ex.via))
    if ex.hops is not None and ex.hops != "":
        pairs.append(("hopsFromSeed", ex.hops))
    if ex.fetch_ms is not None:
        pairs.append(("fetchTimeMs", str(ex.fetch_ms)))
    pairs.extend(("outlink", link) for link in ex.outlinks)
    if too_large:
        pairs.append((TOO_LARGE_FIELD, str(ex.decode_limit)))
    pairs.extend(ex.metadata_fields)
    body = _warc_fields(pairs)
    fields = {"WARC-Date": warc_date(ex.fetched_at), "WARC-Concurrent-To": response_id}
    return _builder.create_warc_record(
        ex.url,
        "metadata",
        payload=BytesIO(body),
        length=len(body),
        warc_content_type="application/warc-fields",
        warc_headers=_warc_headers("metadata", ex.url, fields),
    )


def build_warcinfo(filename: str, fields: Mapping[str, str]) -> ArcWarcRecord:
    """The ``warcinfo`` record that opens every file; ``fields`` override defaults."""
    info = {
        "software": SOFTWARE,
        "format": "WARC File Format 1.1",
        "conformsTo": CONFORMS_TO,
        "robots": "obey",
    }
    info.update({k: v for k, v in fields.items() if v})
    body = _warc_fields(info.items())
    headers = _warc_headers(
        "warcinfo", "", {"WARC-Date": warc_date(datetime.now(UTC)), "WARC-Filename": filename}
    )
    return _builder.create_warc_record(
        "", "warcinfo", payload=BytesIO(body), length=len(body), warc_headers=headers
    )


def record_id(record: ArcWarcRecord) -> str:
    """The record's ``WARC-Record-ID``."""
    return str(record.rec_headers.get_header("WARC-Record-ID"))


def to_gzip_member(record: ArcWarcRecord) -> bytes:
    """Serialise one record as one whole gzip member (digests filled in)."""
    out = BytesIO()
    WARCWriter(out, gzip=True, warc_version=WARC_VERSION).write_record(record)
    return out.getvalue()
