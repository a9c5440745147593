"""Content-Encoding undone in bounded memory: bombs stop at the limit, whole bodies decode."""

from __future__ import annotations

import gzip
import random
import tracemalloc
import zlib

import pytest

from archive.warc import WarcFileWriter, iter_records, read_record
from archive.warc.check import check_warc
from archive.warc.encoding import (
    DEFLATE_MAX_RATIO,
    ContentDecodingError,
    DecodedTooLarge,
    decode_chunks,
    decode_content,
    inspect_decoding,
    is_supported,
    split,
)
from tests.support.bombs import GIB, MIB, write_bomb
from tests.support.warccheck import exchange, gzip_test, warcio_check

INFO = {"operator": "Test Operator"}
TEXT = random.Random(9).randbytes(300_000)


@pytest.fixture(scope="module")
def bomb(tmp_path_factory):
    """1 MB of gzip that inflates to 1 GiB of zeros."""
    return write_bomb(tmp_path_factory.mktemp("bombs") / "1g.gz", GIB).read_bytes()


def peak_bytes(func) -> tuple[object, int]:
    """(result, peak Python memory allocated while it ran)."""
    tracemalloc.start()
    try:
        result = func()
        return result, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_bomb_stops_at_the_limit_without_holding_the_output(bomb):
    def decode():
        with pytest.raises(DecodedTooLarge) as info:
            for _ in decode_chunks(split(bomb), "gzip", max_size=64 * MIB):
                pass
        return info.value

    error, peak = peak_bytes(decode)
    assert error.limit == 64 * MIB and 64 * MIB < error.decoded <= 65 * MIB
    assert peak < len(bomb) + 8 * MIB, f"peak {peak} bytes"


def test_whole_bomb_is_checked_in_bounded_memory(tmp_path):
    body = write_bomb(tmp_path / "256m.z", 256 * MIB, "deflate").read_bytes()
    check, peak = peak_bytes(lambda: inspect_decoding(split(body), "deflate"))
    assert check.problem is None and not check.too_large
    assert check.decoded_size == 256 * MIB
    assert peak < len(body) + 8 * MIB, f"peak {peak} bytes"
    limited = inspect_decoding(split(body), "deflate", max_size=10 * MIB)
    assert limited.too_large and limited.problem is None


@pytest.mark.parametrize("coding", ["gzip", "x-gzip", "deflate", "raw-deflate", "br", "zstd"])
def test_each_coding_round_trips_fed_in_small_pieces(coding):
    if coding in ("gzip", "x-gzip"):
        body = gzip.compress(TEXT)
    elif coding == "deflate":
        body = zlib.compress(TEXT)
    elif coding == "raw-deflate":
        packer = zlib.compressobj(6, zlib.DEFLATED, -15)
        body, coding = packer.compress(TEXT) + packer.flush(), "deflate"
    elif not is_supported(coding):
        pytest.skip(f"{coding} not installed")
    elif coding == "br":
        import brotli

        body = brotli.compress(TEXT)
    else:
        from backports import zstd

        body = zstd.compress(TEXT)
    assert decode_content(body, coding) == TEXT
    assert b"".join(decode_chunks(split(body, 1000), coding)) == TEXT
    with pytest.raises(ContentDecodingError):
        decode_content(body[: len(body) // 2], coding)
    partial = decode_content(body[: len(body) // 2], coding, allow_incomplete=True)
    assert TEXT.startswith(partial)


def test_several_gzip_members_and_stacked_codings():
    members = gzip.compress(TEXT[:1000]) + gzip.compress(TEXT[1000:])
    assert decode_content(members, "gzip") == TEXT
    twice = gzip.compress(zlib.compress(TEXT))
    assert decode_content(twice, "deflate, gzip") == TEXT
    assert decode_content(twice, "deflate, gzip", max_size=len(TEXT)) == TEXT
    with pytest.raises(DecodedTooLarge):
        decode_content(twice, "deflate, gzip", max_size=len(TEXT) - 1)


def test_one_decoding_pass_when_the_body_cannot_pass_the_limit():
    """The most compressible body (zeros, zlib's best level) stays within the deflate ratio
    that lets decoding skip its measuring pass; at and around that bound it decodes right."""
    zeros = b"\0" * (8 * MIB)
    for body, coding in ((gzip.compress(zeros, 9), "gzip"), (zlib.compress(zeros, 9), "deflate"),
                         (gzip.compress(zeros[:MIB], 9) * 8, "gzip")):  # 8 members
        assert len(zeros) <= DEFLATE_MAX_RATIO * len(body)
        for limit in (DEFLATE_MAX_RATIO * len(body), len(zeros)):
            assert decode_content(body, coding, max_size=limit) == zeros
        with pytest.raises(DecodedTooLarge):
            decode_content(body, coding, max_size=len(zeros) - 1)


def test_identity_and_garbage():
    assert decode_content(b"plain", None) == b"plain"
    with pytest.raises(DecodedTooLarge):
        decode_content(b"plain", "identity", max_size=3)
    assert "gzip" in inspect_decoding([b"<html>not gzip"], "gzip").problem


def test_bomb_is_archived_as_sent_and_flagged(tmp_path, bomb):
    ex = exchange("http://sdt.example.vn/bomb.html", body=bomb, decode_limit=64 * MIB,
                  response_headers=[("Content-Type", "text/html"), ("Content-Encoding", "gzip"),
                                    ("Content-Length", str(len(bomb)))])
    normal = exchange("http://sdt.example.vn/ok.html", body=gzip.compress(b"<p>ok</p>"),
                      decode_limit=64 * MIB,
                      response_headers=[("Content-Type", "text/html"),
                                        ("Content-Encoding", "gzip")])

    def write():
        with WarcFileWriter(tmp_path, "bdt-test", warcinfo_fields=INFO) as writer:
            return writer.write_exchange(ex), writer.write_exchange(normal), writer

    (flagged, fine, writer), peak = peak_bytes(write)
    assert peak < 8 * len(bomb) + 16 * MIB, f"peak {peak} bytes"
    assert flagged.too_large and flagged.metadata is not None
    assert not fine.too_large and fine.metadata is None
    path = writer.files_written[0]
    assert warcio_check(path).returncode == 0 and gzip_test(path).returncode == 0
    assert check_warc(path, decode_limit=64 * MIB) == []
    stored = read_record(path, flagged.response.offset)
    assert stored.payload == bomb
    with pytest.raises(DecodedTooLarge):
        stored.decoded_body()  # the default limit (200 MiB) stops it
    meta = read_record(path, flagged.metadata.offset)
    assert meta.payload.decode().splitlines() == [f"decodedSizeExceeded: {64 * MIB}"]
    assert [r.rec_type for r in iter_records(path)] == [
        "warcinfo", "response", "request", "metadata", "response", "request"]


def test_brotli_bomb_stops_at_the_limit():
    if not is_supported("br"):
        pytest.skip("br not installed")
    import brotli

    bomb = brotli.compress(bytes(256 * MIB), quality=5)  # under a kilobyte

    def check():
        return (inspect_decoding(split(bomb), "br", max_size=16 * MIB),
                inspect_decoding(split(bomb), "br"))

    (limited, whole), peak = peak_bytes(check)
    assert limited.too_large and limited.decoded_size <= 20 * MIB  # brotli's limit is loose
    assert whole.problem is None and whole.decoded_size == 256 * MIB
    assert peak < 8 * MIB, f"peak {peak} bytes"


def test_a_whole_gzip_body_decodes_alike_with_and_without_isal(monkeypatch) -> None:
    """One whole gzip member is inflated at once (ISA-L when installed); the bytes, and for
    a broken body the error, are those of the streaming decoder: two members, bytes after
    the member, a cut body and a wrong checksum or length are left to it."""
    from archive.warc import encoding

    body = "Đồng bào dân tộc thiểu số xin chào. ".encode() * 3000
    member = gzip.compress(body)
    bad_crc, bad_size = bytearray(member), bytearray(member)
    bad_crc[-5] ^= 1
    bad_size[-1] ^= 1
    bodies = {"whole": member, "two members": member + member, "trailing": member + b"junk",
              "cut": member[:len(member) // 2], "bad crc": bytes(bad_crc),
              "bad size": bytes(bad_size)}

    def outcomes() -> dict[str, object]:
        seen: dict[str, object] = {}
        for name, data in bodies.items():
            for incomplete in (False, True):
                try:
                    seen[f"{name} {incomplete}"] = decode_content(
                        data, "gzip", allow_incomplete=incomplete, max_size=50 * MIB)
                except ContentDecodingError as exc:
                    seen[f"{name} {incomplete}"] = str(exc)
        return seen

    fast = outcomes()
    assert fast["whole False"] == body and fast["two members False"] == body * 2
    assert fast["trailing False"] == body
    assert isinstance(fast["bad crc False"], str) and isinstance(fast["bad size False"], str)
    assert isinstance(fast["cut False"], str) and body.startswith(fast["cut True"])  # type: ignore[arg-type]
    assert encoding._isal_zlib is not None, "isal is a dependency (pyproject.toml)"
    assert encoding._whole_gzip(member, "gzip") == body  # the fast path was taken
    monkeypatch.setattr(encoding, "_isal_zlib", None)
    assert encoding._whole_gzip(member, "gzip") is None
    assert outcomes() == fast
