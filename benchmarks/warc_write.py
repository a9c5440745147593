"""Time our WarcFileWriter against plain warcio writing the same exchanges to one file.

    .venv/bin/python benchmarks/warc_write.py [--exchanges N]

Ours does more per exchange (request + metadata records, fsync, digest checks), so the
ratio says what faithfulness and crash safety cost.
"""

from __future__ import annotations

import argparse
import gzip
import io
import sys
import tempfile
import time
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from warcio.statusandheaders import StatusAndHeaders  # noqa: E402
from warcio.warcwriter import WARCWriter  # noqa: E402

from archive.warc.exchange import HttpExchange  # noqa: E402
from archive.warc.writer import WarcFileWriter  # noqa: E402


def exchanges(count: int) -> list[HttpExchange]:
    body = gzip.compress(("<html><body>" + "<p>Nội dung bài viết.</p>" * 400 +
                          "</body></html>").encode())
    return [HttpExchange(
        url=f"https://bandantoc.example.gov.vn/tin-tuc/{i}", status=200,
        response_headers=[("Content-Type", "text/html; charset=utf-8"),
                          ("Content-Encoding", "gzip"), ("Content-Length", str(len(body)))],
        body=body, request_headers=[("User-Agent", "bench"), ("Accept-Encoding", "gzip")],
        fetched_at=datetime.now(UTC), ip_address="10.0.0.1", fetch_ms=12,
        hops="L", via="https://bandantoc.example.gov.vn/") for i in range(count)]


def plain_warcio(items: list[HttpExchange], directory: Path) -> None:
    with open(directory / "plain.warc.gz", "wb") as handle:
        writer = WARCWriter(handle, gzip=True)
        for ex in items:
            http = StatusAndHeaders("200 OK", ex.response_headers, protocol="HTTP/1.1")
            record = writer.create_warc_record(ex.url, "response", payload=io.BytesIO(ex.body),
                                               http_headers=http)
            writer.write_record(record)


def ours(items: list[HttpExchange], directory: Path) -> None:
    with WarcFileWriter(directory, "bench", warcinfo_fields={"software": "bench"}) as writer:
        for ex in items:
            writer.write_exchange(ex)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--exchanges", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    items = exchanges(args.exchanges)
    timings: dict[str, float] = {}
    for name, func in (("plain warcio", plain_warcio), ("WarcFileWriter", ours)):
        best = float("inf")
        for _ in range(args.repeat):
            with tempfile.TemporaryDirectory() as tmp:
                start = time.perf_counter()
                func(items, Path(tmp))
                best = min(best, time.perf_counter() - start)
        timings[name] = best
    base, mine = timings["plain warcio"], timings["WarcFileWriter"]
    print(f"WARC writing, {args.exchanges} exchanges, best of {args.repeat}:")
    print(f"  plain warcio (response only): {1000 * base / args.exchanges:.2f} ms/exchange")
    per_exchange = 1000 * mine / args.exchanges
    print(f"  WarcFileWriter (resp+req+meta, fsync): {per_exchange:.2f} ms/exchange")
    print(f"  ratio: {mine / base:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
