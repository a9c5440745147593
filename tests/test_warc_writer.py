"""WarcFileWriter and record building: checks pass, offsets read back, rollover, naming."""

from __future__ import annotations

import gzip
import random
import re
import subprocess
import sys
import zlib
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from archive.warc import (
    RevisitOf,
    WarcFileWriter,
    WrittenExchange,
    iter_records,
    payload_digest,
    read_record,
)
from archive.warc import writer as writer_module
from archive.warc.reader import _read_response
from archive.warc.records import REVISIT_PROFILE_URIS
from tests.support.warccheck import (
    BASE_TIME,
    HTML,
    PDF,
    assert_warc_ok,
    exchange,
    gzip_test,
    sample_exchanges,
    warcio_check,
)

INFO = {"operator": "Test Operator", "http-header-user-agent": "bandantoc-archive/test"}
NAME_RE = re.compile(r"^bdt-test-\d{17}-\d{5}-[A-Za-z0-9_-]+\.warc\.gz$")


def write_all(directory: Path, **kwargs) -> tuple[WarcFileWriter, dict[str, WrittenExchange]]:
    """Write every sample plus a 304 and an identical-payload revisit; close."""
    out: dict[str, WrittenExchange] = {}
    samples = sample_exchanges()
    with WarcFileWriter(directory, "bdt-test", warcinfo_fields=INFO, **kwargs) as w:
        for name, ex in samples.items():
            out[name] = w.write_exchange(ex)
        first = out["gzip"].response
        again = samples["gzip"]
        again.fetched_at = BASE_TIME + timedelta(days=1)
        out["revisit"] = w.write_exchange(
            again,
            RevisitOf("identical-payload-digest", first.record_id, again.url, BASE_TIME, None),
        )
        not_modified = exchange(
            again.url,
            status=304,
            response_headers=[("ETag", '"v1"'), ("Date", "Thu, 02 May 2024 10:00:00 GMT")],
            body=b"",
            request_headers=[("If-None-Match", '"v1"')],
            fetched_at=BASE_TIME + timedelta(days=2),
        )
        out["not_modified"] = w.write_exchange(
            not_modified,
            RevisitOf(
                "server-not-modified", first.record_id, again.url, BASE_TIME, first.payload_digest
            ),
        )
    return w, out


@pytest.fixture(scope="module")
def written(tmp_path_factory) -> tuple[WarcFileWriter, dict[str, WrittenExchange]]:
    return write_all(tmp_path_factory.mktemp("warc"))


def test_file_passes_warcio_gzip_and_own_checks(written) -> None:
    w, _ = written
    assert len(w.files_written) == 1
    path = w.files_written[0]
    assert NAME_RE.match(path.name), path.name
    assert not list(path.parent.glob("*.open"))
    assert_warc_ok(path)
    assert "digest pass" in warcio_check(path).stdout


def test_offsets_and_lengths_read_back_the_right_records(written) -> None:
    w, out = written
    path = w.files_written[0]
    by_offset = {r.offset: r for r in iter_records(path)}
    for name, ex in out.items():
        for rec in (ex.response, ex.request, ex.metadata):
            if rec is None:
                continue
            assert rec.warc_file == path.name
            stored = read_record(path, rec.offset)
            assert stored.record_id == rec.record_id, name
            assert stored.rec_type == rec.record_type
            assert by_offset[rec.offset].length == rec.length
            with open(path, "rb") as fh:  # the member is exactly offset..offset+length
                fh.seek(rec.offset)
                member = fh.read(rec.length)
            assert zlib.decompressobj(31).decompress(member).startswith(b"WARC/1.1\r\n")
    samples = sample_exchanges()
    for name in ("gzip", "chunked", "pdf", "cookies", "h2"):
        stored = read_record(path, out[name].response.offset)
        assert stored.payload == samples[name].body
        assert out[name].response.payload_digest == payload_digest(samples[name].body)
        assert stored.warc_header("WARC-Payload-Digest") == payload_digest(samples[name].body)
    assert read_record(path, out["gzip"].response.offset).decoded_body() == HTML.encode()
    assert read_record(path, out["pdf"].response.offset).decoded_body() == PDF


def test_reading_with_the_member_length_gives_the_same_record(written, tmp_path) -> None:
    """Given the member's length, read_record parses a whole response itself: every record
    of the sample file, and a hand-written response with a folded header line and a latin-1
    value (read with its length, a cut one and an overlong one) come out as warcio's record
    stream reads them."""
    w, _ = written
    path = w.files_written[0]
    for rec in iter_records(path):
        assert vars(read_record(path, rec.offset, rec.length)) == vars(
            read_record(path, rec.offset)), rec.offset
    block = (b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nX-Folded: a\r\n  b\r\n"
             b"X-Latin: caf\xe9\r\nSet-Cookie: a=1\r\nSet-Cookie: b=2\r\n\r\n"
             b"<p>xin ch\xc3\xa0o</p>")
    head = (b"WARC/1.1\r\nWARC-Type: response\r\n"
            b"WARC-Record-ID: <urn:uuid:00000000-0000-4000-8000-000000000001>\r\n"
            b"WARC-Date: 2021-07-10T03:00:00Z\r\nWARC-Target-URI: http://sdt.example.vn/x\r\n"
            b"Content-Type: application/http; msgtype=response\r\n"
            b"Content-Length: %d\r\n\r\n" % len(block))
    member = gzip.compress(head + block + b"\r\n\r\n")
    assert _read_response(member, 0) is not None  # not left to warcio
    hand = tmp_path / "hand.warc.gz"
    hand.write_bytes(member + member)
    for length in (len(member), len(member) - 5, len(member) + 7):
        assert vars(read_record(hand, 0, length)) == vars(read_record(hand, 0)), length


def test_first_record_is_warcinfo_with_fields(written) -> None:
    w, _ = written
    path = w.files_written[0]
    first = next(iter_records(path))
    assert first.rec_type == "warcinfo" and first.offset == 0
    assert first.warc_header("WARC-Filename") == path.name
    fields = dict(line.split(": ", 1) for line in first.payload.decode().splitlines())
    assert fields["software"].startswith("bandantoc-archive/")
    assert "warcio/" in fields["software"]
    assert fields["format"] == "WARC File Format 1.1"
    assert fields["operator"] == "Test Operator"
    assert fields["robots"] == "obey"
    assert fields["http-header-user-agent"] == "bandantoc-archive/test"
    assert "conformsTo" in fields


def test_response_headers_are_cleaned_and_faithful(written) -> None:
    w, out = written
    path = w.files_written[0]
    chunked = read_record(path, out["chunked"].response.offset)
    names = {n.lower() for n, _ in chunked.http_headers}
    assert not names & {"transfer-encoding", "connection", "keep-alive"}
    assert chunked.http_statusline == "200 OK"
    cookies = read_record(path, out["cookies"].response.offset)
    assert cookies.http_header_all("Set-Cookie") == [
        "PHPSESSID=abc123; path=/; HttpOnly",
        "lang=vi; path=/; Max-Age=3600",
    ]
    gz = read_record(path, out["gzip"].response.offset)
    assert gz.http_header("Content-Encoding") == "gzip"
    assert gz.warc_header("WARC-IP-Address") == "127.0.0.1"
    assert gz.date == BASE_TIME
    h2 = read_record(path, out["h2"].response.offset)
    assert h2.warc_header("WARC-Protocol") == "h2"
    with open(path, "rb") as fh:
        fh.seek(out["h2"].response.offset)
        raw = zlib.decompressobj(31).decompress(fh.read(out["h2"].response.length))
    assert b"\r\n\r\nHTTP/1.1 200 OK\r\ncontent-type: text/html\r\n" in raw


def test_request_record_follows_with_host_first(written) -> None:
    w, out = written
    path = w.files_written[0]
    for name in ("gzip", "h2"):
        req = read_record(path, out[name].request.offset)
        assert out[name].request.offset == out[name].response.offset + out[name].response.length
        assert req.warc_header("WARC-Concurrent-To") == out[name].response.record_id
        assert req.target_uri == read_record(path, out[name].response.offset).target_uri
        assert req.http_headers[0] == ("Host", "sdt.example.vn")
    req = read_record(path, out["gzip"].request.offset)
    assert req.http_statusline == "GET /tin-tuc/bai-1.html?id=1 HTTP/1.1"
    assert ("Accept-Encoding", "gzip, deflate") in req.http_headers


def test_metadata_record(written) -> None:
    w, out = written
    meta = out["gzip"].metadata
    assert meta is not None and out["pdf"].metadata is None
    stored = read_record(w.files_written[0], meta.offset)
    assert stored.warc_header("Content-Type") == "application/warc-fields"
    assert stored.warc_header("WARC-Concurrent-To") == out["gzip"].response.record_id
    lines = stored.payload.decode().splitlines()
    assert "via: http://sdt.example.vn/" in lines
    assert "hopsFromSeed: L" in lines
    assert "fetchTimeMs: 42" in lines
    assert "outlink: http://sdt.example.vn/a.pdf" in lines


def test_revisit_records(written) -> None:
    w, out = written
    path = w.files_written[0]
    first = out["gzip"].response
    rev = read_record(path, out["revisit"].response.offset)
    assert rev.rec_type == "revisit" and rev.payload == b""
    assert rev.warc_header("WARC-Profile") == REVISIT_PROFILE_URIS["identical-payload-digest"]
    assert rev.warc_header("WARC-Refers-To") == first.record_id
    assert rev.warc_header("WARC-Refers-To-Target-URI") == rev.target_uri
    assert rev.warc_header("WARC-Refers-To-Date") == "2024-05-01T10:00:00Z"
    assert rev.warc_header("WARC-Payload-Digest") == first.payload_digest
    assert rev.warc_header("WARC-Truncated") == "length"
    assert rev.http_header("Content-Encoding") == "gzip"
    nm = read_record(path, out["not_modified"].response.offset)
    assert nm.warc_header("WARC-Profile") == REVISIT_PROFILE_URIS["server-not-modified"]
    assert nm.http_status == 304 and nm.http_statusline == "304 Not Modified"
    assert nm.warc_header("WARC-Payload-Digest") == first.payload_digest


def test_content_length_rewritten_and_reason_rebuilt(tmp_path) -> None:
    body = b"short body"
    ex = exchange(
        "http://sdt.example.vn/cut",
        status=599,
        response_headers=[("Content-Type", "text/plain"), ("Content-Length", "999")],
        body=body,
        truncated="length",
    )
    with WarcFileWriter(tmp_path, "bdt-test", warcinfo_fields=INFO) as w:
        res = w.write_exchange(ex)
    path = w.files_written[0]
    assert_warc_ok(path)
    stored = read_record(path, res.response.offset)
    assert stored.http_header("Content-Length") == str(len(body))
    assert stored.http_header("X-Archive-Orig-Content-Length") == "999"
    assert stored.http_statusline == "599"  # unknown code: empty reason
    assert stored.warc_header("WARC-Truncated") == "length"


def test_header_values_are_made_safe(tmp_path) -> None:
    ex = exchange(
        "http://sdt.example.vn/h",
        response_headers=[
            ("Content-Type", "text/plain"),
            ("X-Latin", "café"),
            ("X-Viet", "Tiếng Việt"),
            ("X-Inject", "a\r\nX-Evil: 1"),
            ("Bad Name", "dropped"),
        ],
    )
    with WarcFileWriter(tmp_path, "bdt-test", warcinfo_fields=INFO) as w:
        res = w.write_exchange(ex)
    path = w.files_written[0]
    assert_warc_ok(path)
    with open(path, "rb") as fh:
        fh.seek(res.response.offset)
        raw = zlib.decompressobj(31).decompress(fh.read(res.response.length))
    assert b"X-Latin: caf\xe9\r\n" in raw  # latin-1 bytes as they came
    assert b"X-Viet: Ti%E1%BA%BFng Vi%E1%BB%87t\r\n" in raw
    assert b"\r\nX-Evil" not in raw and b"Bad Name" not in raw


def test_rollover_by_size(tmp_path) -> None:
    body = random.Random(1).randbytes(100_000)  # incompressible
    big = exchange("http://sdt.example.vn/big", body=body)
    with WarcFileWriter(tmp_path, "bdt-test", max_size=250_000, warcinfo_fields=INFO) as w:
        results = []
        for i in range(7):
            big.url = f"http://sdt.example.vn/big/{i}"
            results.append(w.write_exchange(big))
    files = w.files_written
    assert len(files) >= 3
    assert len({f.name for f in files}) == len(files)
    assert all(NAME_RE.match(f.name) for f in files)
    for path in files:
        records = list(iter_records(path))
        assert records[0].rec_type == "warcinfo"
        assert records[0].warc_header("WARC-Filename") == path.name
        assert path.stat().st_size <= 250_000 or len(records) == 3
        assert_warc_ok(path)
    for res in results:  # a pair is never split across files
        assert res.response.warc_file == res.request.warc_file


def test_names_unique_when_timestamps_collide(tmp_path, monkeypatch) -> None:
    frozen = datetime(2024, 5, 1, 10, 0, 0, 123000, tzinfo=UTC)

    class FrozenDatetime(datetime):
        @classmethod
        def now(cls, tz=None):  # noqa: ANN001 - mirrors datetime.now
            return frozen

    monkeypatch.setattr(writer_module, "datetime", FrozenDatetime)
    one = WarcFileWriter(tmp_path, "bdt-test", warcinfo_fields=INFO, hostname="host")
    two = WarcFileWriter(tmp_path, "bdt-test", warcinfo_fields=INFO, hostname="host")
    one.write_exchange(exchange("http://a.example.vn/"))
    two.write_exchange(exchange("http://b.example.vn/"))
    assert one.current_path != two.current_path
    assert one.current_path.name == "bdt-test-20240501100000123-00000-host.warc.gz.open"
    assert two.current_path.name == "bdt-test-20240501100000123-00001-host.warc.gz.open"
    one.close()
    two.close()
    three = WarcFileWriter(tmp_path, "bdt-test", warcinfo_fields=INFO, hostname="host")
    three.write_exchange(exchange("http://c.example.vn/"))
    three.close()
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names[-1] == "bdt-test-20240501100000123-00002-host.warc.gz"
    assert len(names) == 3


def test_close_is_idempotent_and_lazy(tmp_path) -> None:
    w = WarcFileWriter(tmp_path, "bdt-test", warcinfo_fields=INFO)
    assert w.current_path is None
    w.close()
    w.close()
    assert list(tmp_path.iterdir()) == []  # nothing written, no empty file
    with pytest.raises(ValueError):
        w.write_exchange(exchange("http://a.example.vn/"))


def test_written_bytes_are_on_disk_before_close(tmp_path) -> None:
    w = WarcFileWriter(tmp_path, "bdt-test", warcinfo_fields=INFO)
    res = w.write_exchange(exchange("http://a.example.vn/"))
    assert w.current_path is not None and w.current_path.name.endswith(".warc.gz.open")
    assert res.response.warc_file == w.current_path.name[: -len(".open")]
    size = w.current_path.stat().st_size
    assert size == res.request.offset + res.request.length
    assert gzip_test(w.current_path).returncode == 0
    w.close()


def test_payload_digest_matches_warcio() -> None:
    assert payload_digest(b"") == "sha1:3I42H3S6NNFQ2MSVX7XZKYAYSCX5QBYJ"
    assert payload_digest(gzip.compress(b"x", mtime=0)).startswith("sha1:")


def test_check_cli(written, tmp_path) -> None:
    w, _ = written
    good = w.files_written[0]
    run = [sys.executable, "-m", "archive.warc.check"]
    ok = subprocess.run([*run, str(good)], capture_output=True, text=True, timeout=60)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    bad = tmp_path / "bad.warc.gz"
    bad.write_bytes(good.read_bytes()[:-10])
    res = subprocess.run([*run, str(good), str(bad)], capture_output=True, text=True, timeout=60)
    assert res.returncode == 1
    assert "bad.warc.gz" in res.stdout and "cut short" in res.stdout


def test_body_that_does_not_decode_is_kept_with_a_warning(tmp_path, caplog) -> None:
    ex = exchange(
        "http://sdt.example.vn/liar",
        response_headers=[("Content-Type", "text/html"), ("Content-Encoding", "gzip")],
        body=b"<html>not gzip</html>",
    )
    with caplog.at_level("WARNING", logger="archive.warc.records"):
        with WarcFileWriter(tmp_path, "bdt-test", warcinfo_fields=INFO) as w:
            res = w.write_exchange(ex)
    assert "does not decode" in caplog.text
    stored = read_record(w.files_written[0], res.response.offset)
    assert stored.payload == ex.body and stored.http_header("Content-Encoding") == "gzip"


def test_truncated_gzip_body_decodes_partially(tmp_path, caplog) -> None:
    whole = gzip.compress(random.Random(2).randbytes(50_000), mtime=0)
    ex = exchange(
        "http://sdt.example.vn/cut.gz",
        response_headers=[("Content-Encoding", "gzip"), ("Content-Length", str(len(whole)))],
        body=whole[:20_000],
        truncated="disconnect",
    )
    with caplog.at_level("WARNING", logger="archive.warc.records"):
        with WarcFileWriter(tmp_path, "bdt-test", warcinfo_fields=INFO) as w:
            res = w.write_exchange(ex)
    assert "does not decode" not in caplog.text
    assert_warc_ok(w.files_written[0])
    stored = read_record(w.files_written[0], res.response.offset)
    assert stored.warc_header("WARC-Truncated") == "disconnect"
    assert 0 < len(stored.decoded_body()) < 50_000
