"""check_warc finds what ``warcio check`` lets through (see shared notes on WARC)."""

from __future__ import annotations

import gzip
from io import BytesIO
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from archive.warc import RevisitOf, WarcFileWriter, check_warc
from archive.warc.members import scan_file
from tests.support.warccheck import BASE_TIME, exchange, gzip_test, warcio_check

URL = "http://sdt.example.vn/page"


def _records(
    headers: list[tuple[str, str]],
    body: bytes,
    *,
    version: str = "1.1",
    warcinfo: bool = True,
    request: bool = True,
) -> bytes:
    """A WARC (bytes) with warcio's own writer: warcinfo, response, request."""
    out = BytesIO()
    writer = WARCWriter(out, gzip=True, warc_version=version)
    if warcinfo:
        writer.write_record(writer.create_warcinfo_record("x.warc.gz", {"software": "test"}))
    http = StatusAndHeaders("200 OK", headers, protocol="HTTP/1.1")
    resp = writer.create_warc_record(
        URL, "response", payload=BytesIO(body), length=len(body), http_headers=http
    )
    writer.write_record(resp)
    if request:
        req_headers = StatusAndHeaders("/page HTTP/1.1", [("Host", "sdt.example.vn")], "GET")
        req = writer.create_warc_record(URL, "request", http_headers=req_headers)
        req.rec_headers.add_header("WARC-Concurrent-To", resp.rec_headers["WARC-Record-ID"])
        writer.write_record(req)
    return out.getvalue()


def _write(tmp_path: Path, data: bytes, name: str = "t.warc.gz") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def _has(problems: list[str], text: str) -> bool:
    return any(text in p for p in problems)


def test_good_file_from_warcio_passes(tmp_path) -> None:
    path = _write(tmp_path, _records([("Content-Length", "2")], b"ok"))
    assert check_warc(path) == []


def test_chunked_header_over_dechunked_body(tmp_path) -> None:
    path = _write(tmp_path, _records([("Transfer-Encoding", "chunked")], b"plain body"))
    assert warcio_check(path).returncode == 0  # warcio check does not notice
    assert _has(check_warc(path), "Transfer-Encoding")


def test_content_length_mismatch(tmp_path) -> None:
    path = _write(tmp_path, _records([("Content-Length", "100")], b"short"))
    assert warcio_check(path).returncode == 0
    assert _has(check_warc(path), "Content-Length 100 but 5 payload bytes")


def test_content_encoding_that_does_not_decode(tmp_path) -> None:
    path = _write(tmp_path, _records([("Content-Encoding", "gzip")], b"<html>not gzip</html>"))
    assert warcio_check(path).returncode == 0
    assert _has(check_warc(path), "does not decode")
    ok = _write(tmp_path, _records([("Content-Encoding", "gzip")], gzip.compress(b"x")), "ok.gz")
    assert check_warc(ok) == []


def test_encoding_pywb_cannot_decode(tmp_path) -> None:
    path = _write(tmp_path, _records([("Content-Encoding", "zstd")], b"\x28\xb5\x2f\xfd"))
    assert _has(check_warc(path), "cannot be decoded by warcio/pywb")


def test_truncated_last_member(tmp_path) -> None:
    data = _records([], b"x" * 5000)
    path = _write(tmp_path, data[:-7])
    assert gzip_test(path).returncode != 0
    assert warcio_check(path).returncode == 0  # warcio 1.8 passes it: why we check more
    problems = check_warc(path)
    assert _has(problems, "cut short")


def test_first_record_not_warcinfo_and_missing_request(tmp_path) -> None:
    path = _write(tmp_path, _records([], b"x", warcinfo=False, request=False))
    problems = check_warc(path)
    assert _has(problems, "not 'warcinfo'")
    assert _has(problems, "has no request after it")


def test_mixed_warc_versions(tmp_path) -> None:
    data = _records([], b"a", version="1.1") + _records([], b"b", version="1.0", warcinfo=False)
    assert _has(check_warc(_write(tmp_path, data)), "several WARC versions")


def test_two_records_in_one_member(tmp_path) -> None:
    plain = gzip.decompress(_records([], b"a"))  # all three records, one member
    path = _write(tmp_path, gzip.compress(plain))
    assert _has(check_warc(path), "headers say")


def test_block_digest_mismatch(tmp_path) -> None:
    plain = bytearray(gzip.decompress(_records([], b"abcdef", warcinfo=False, request=False)))
    plain[plain.index(b"abcdef")] = ord("X")
    path = _write(tmp_path, gzip.compress(bytes(plain)))
    assert warcio_check(path).returncode != 0
    problems = check_warc(path)
    assert _has(problems, "WARC-Block-Digest does not match")
    assert _has(problems, "digest failed")


def test_garbage_after_last_member(tmp_path) -> None:
    data = _records([], b"a") + b"\x1f\x8b\x08\x00garbage"
    problems = check_warc(_write(tmp_path, data))
    assert problems and _has(problems, "gzip")


def test_empty_file(tmp_path) -> None:
    assert check_warc(_write(tmp_path, b"")) == ["file is empty"]


def test_scan_reports_member_boundaries(tmp_path) -> None:
    with WarcFileWriter(tmp_path, "bdt-test", warcinfo_fields={}) as w:
        res = w.write_exchange(exchange(URL))
    members = scan_file(w.files_written[0])
    assert [m.record_type for m in members] == ["warcinfo", "response", "request"]
    assert (members[1].offset, members[1].length) == (res.response.offset, res.response.length)
    assert all(m.ok and m.block_digest_ok for m in members)


def test_revisit_content_length_must_match_revisited_payload(tmp_path) -> None:
    with WarcFileWriter(tmp_path, "bdt-test", warcinfo_fields={}) as w:
        first = w.write_exchange(exchange(URL, body=b"twelve bytes"))
        headers = [("Content-Type", "text/plain"), ("Content-Length", "999")]
        # no body handed over: the writer cannot fix Content-Length, the check catches it
        w.write_exchange(
            exchange(URL, response_headers=headers, body=b""),
            RevisitOf(
                "identical-payload-digest",
                first.response.record_id,
                URL,
                BASE_TIME,
                first.response.payload_digest,
            ),
        )
    problems = check_warc(w.files_written[0])
    assert _has(problems, "Content-Length 999 but the revisited payload is 12 bytes")


def test_metadata_must_point_at_a_capture(tmp_path) -> None:
    out = BytesIO()
    writer = WARCWriter(out, gzip=True, warc_version="1.1")
    writer.write_record(writer.create_warcinfo_record("x.warc.gz", {"software": "test"}))
    meta = writer.create_warc_record(
        URL,
        "metadata",
        payload=BytesIO(b"via: x\r\n"),
        length=8,
        warc_content_type="application/warc-fields",
        warc_headers_dict={"WARC-Concurrent-To": "<urn:uuid:nowhere>"},
    )
    writer.write_record(meta)
    assert _has(check_warc(_write(tmp_path, out.getvalue())), "no earlier response")
