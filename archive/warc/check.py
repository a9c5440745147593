"""Check a ``.warc.gz`` file beyond ``warcio check``; ``python -m archive.warc.check FILE...``.

``warcio check`` verifies digests but passes a truncated last gzip member and
headers that contradict their payload; this module checks those too.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from warcio.archiveiterator import ArchiveIterator
from warcio.bufferedreaders import BufferedReader
from warcio.recordloader import ArcWarcRecord

from archive.warc.encoding import check_decodes, parse_codings
from archive.warc.members import scan_file
from archive.warc.records import REVISIT_PROFILE_URIS

logger = logging.getLogger(__name__)

_CHUNK = 1 << 20
_IDENTICAL = REVISIT_PROFILE_URIS["identical-payload-digest"]


def check_warc(path: Path, *, decode_limit: int | None = None) -> list[str]:
    """Human-readable problems with the WARC file at ``path``; [] means good.

    Content-encoded payloads are decoded (in bounded memory) to check them; with
    ``decode_limit``, only their first ``decode_limit`` decoded bytes."""
    path = Path(path)
    problems: list[str] = []
    members = scan_file(path, stop_on_error=False)
    if not members:
        return ["file is empty"]
    for member in members:
        if member.error:
            problems.append(f"offset {member.offset}: {member.error}")
        elif member.block_digest_ok is False:
            problems.append(f"offset {member.offset}: WARC-Block-Digest does not match")
    if members[0].record_type != "warcinfo":
        problems.append(f"first record is {members[0].record_type!r}, not 'warcinfo'")
    versions = sorted({m.warc_version for m in members if m.warc_version})
    if len(versions) > 1:
        problems.append(f"several WARC versions in one file: {', '.join(versions)}")
    try:
        problems.extend(_check_records(path, decode_limit))
    except Exception as exc:  # noqa: BLE001 - a reader crash is a finding, not a bug here
        problems.append(f"warcio cannot read the file: {type(exc).__name__}: {exc}")
    return problems


def _chunks(stream: BinaryIO, counter: list[int]) -> Iterator[bytes]:
    while True:
        chunk = stream.read(_CHUNK)
        if not chunk:
            return
        counter[0] += len(chunk)
        yield chunk


def _check_records(path: Path, decode_limit: int | None = None) -> list[str]:
    problems: list[str] = []
    supported = set(BufferedReader.get_supported_decompressors())
    pending: tuple[str, str, str] | None = None  # (type, id, uri) awaiting its request
    payload_lengths: dict[str, int] = {}  # response record id -> stored payload length
    captures: set[str] = set()  # response and revisit record ids
    with open(path, "rb") as stream:
        it = ArchiveIterator(stream, check_digests=True)
        for record in it:
            found, length = _check_http(record, supported, decode_limit)
            where = f"offset {it.get_record_offset()} ({record.rec_type})"
            if record.digest_checker.passed is False:
                found.extend(record.digest_checker.problems)
            rec_id = record.rec_headers.get_header("WARC-Record-ID")
            uri = record.rec_headers.get_header("WARC-Target-URI")
            if record.rec_type == "response":
                payload_lengths[rec_id] = length
            if record.rec_type in ("response", "revisit"):
                captures.add(rec_id)
            found.extend(_check_links(record, payload_lengths, captures))
            problems.extend(f"{where}: {p}" for p in found)
            if record.rec_type == "request":
                concurrent = record.rec_headers.get_header("WARC-Concurrent-To")
                if pending is None:
                    problems.append(f"{where}: request does not follow a response")
                elif concurrent != pending[1] or uri != pending[2]:
                    problems.append(
                        f"{where}: request's WARC-Concurrent-To/Target-URI do not match "
                        f"the {pending[0]} {pending[1]} before it"
                    )
            elif pending is not None:
                problems.append(f"{where}: {pending[0]} {pending[1]} has no request after it")
            pending = (
                (record.rec_type, rec_id, uri)
                if record.rec_type in ("response", "revisit")
                else None
            )
    if pending is not None:
        problems.append(f"last {pending[0]} {pending[1]} has no request after it")
    return problems


def _check_links(
    record: ArcWarcRecord, payload_lengths: dict[str, int], captures: set[str]
) -> list[str]:
    """Revisit and metadata records against the records they point at (same file only)."""
    rec = record.rec_headers
    if record.rec_type == "metadata":
        concurrent = rec.get_header("WARC-Concurrent-To")
        if concurrent and concurrent not in captures:
            return [f"WARC-Concurrent-To {concurrent} is no earlier response in this file"]
    refers = rec.get_header("WARC-Refers-To")
    if record.rec_type != "revisit" or refers not in payload_lengths or not record.http_headers:
        return []
    # pywb replays the revisit's headers with the earlier payload, cut at this length
    lengths = [v.strip() for n, v in record.http_headers.headers if n.lower() == "content-length"]
    want = str(payload_lengths[refers])
    return [
        f"Content-Length {v} but the revisited payload is {want} bytes"
        for v in lengths
        if v != want and rec.get_header("WARC-Profile") == _IDENTICAL
    ]


def _check_http(record: ArcWarcRecord, supported: set[str],
                decode_limit: int | None = None) -> tuple[list[str], int]:
    """Header/payload consistency of one record (reads the whole payload).

    Returns the problems and the number of payload bytes stored."""
    problems: list[str] = []
    rec = record.rec_headers
    if record.rec_type == "revisit":
        for name in ("WARC-Refers-To-Target-URI", "WARC-Refers-To-Date", "WARC-Profile"):
            if not rec.get_header(name):
                problems.append(f"revisit without {name}")
        if rec.get_header("WARC-Profile") == _IDENTICAL and not rec.get_header(
            "WARC-Payload-Digest"
        ):
            problems.append("identical-payload-digest revisit without WARC-Payload-Digest")
    if record.rec_type not in ("response", "revisit") or record.http_headers is None:
        counter = [0]
        for _ in _chunks(record.raw_stream, counter):
            pass
        return problems, counter[0]
    headers = record.http_headers
    transfer = [v for n, v in headers.headers if n.lower() == "transfer-encoding"]
    if transfer:
        problems.append(f"Transfer-Encoding {transfer} stored (body is not chunked)")
    counter = [0]
    encoding = ", ".join(v for n, v in headers.headers if n.lower() == "content-encoding")
    codings = parse_codings(encoding)
    unsupported = [c for c in codings if c not in supported]
    if unsupported:
        problems.append(f"Content-Encoding {unsupported} cannot be decoded by warcio/pywb")
    chunks = _chunks(record.raw_stream, counter)
    if codings and not unsupported and record.rec_type == "response":
        truncated = bool(rec.get_header("WARC-Truncated"))
        error = check_decodes(chunks, encoding, allow_incomplete=truncated,
                              max_size=decode_limit)
        if error:
            problems.append(f"payload does not decode as Content-Encoding {encoding!r}: {error}")
    for _ in chunks:  # drain whatever is left
        pass
    if record.rec_type == "response":
        lengths = [v.strip() for n, v in headers.headers if n.lower() == "content-length"]
        for value in lengths:
            if value != str(counter[0]):
                problems.append(
                    f"HTTP Content-Length {value} but {counter[0]} payload bytes stored"
                )
    elif counter[0]:
        problems.append(f"revisit stores {counter[0]} payload bytes (headers only expected)")
    return problems, counter[0]


def main(argv: list[str] | None = None) -> int:
    """CLI: print problems per file; exit 1 if any file has problems."""
    parser = argparse.ArgumentParser(prog="python -m archive.warc.check", description=__doc__)
    parser.add_argument("files", nargs="+", type=Path, help=".warc.gz files to check")
    parser.add_argument("-q", "--quiet", action="store_true", help="print only problems")
    args = parser.parse_args(argv)
    bad = 0
    for path in args.files:
        if not path.is_file():
            print(f"{path}: no such file")
            bad += 1
            continue
        problems = check_warc(path)
        if problems:
            bad += 1
            print(f"{path}: {len(problems)} problem(s)")
            for problem in problems:
                print(f"  {problem}")
        elif not args.quiet:
            print(f"{path}: OK")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
