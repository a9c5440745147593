"""warcio's `br` content decoding, made to work with Google's `brotli` (Scrapy's).

warcio 1.8 was written against brotlipy: it sets ``unused_data`` on a
``brotli.Decompressor`` and calls ``decompress``, which Google's C type refuses.
The crawler's environment has only Google's `brotli` (brotlipy, which pywb pulls
in, shadows it and breaks Scrapy), so warcio gets this small adapter.
"""

from __future__ import annotations

try:
    import brotli
except ImportError:  # pragma: no cover - Scrapy depends on brotli
    brotli = None


class BrotliDecompressor:
    """The zlib-style object warcio's BufferedReader expects."""

    def __init__(self) -> None:
        self._inner = brotli.Decompressor()
        self.unused_data = None

    def decompress(self, data: bytes) -> bytes:
        return bytes(self._inner.process(data))


def install() -> None:
    """Make warcio decode `br` with Google's brotli (no-op with brotlipy or without brotli)."""
    from warcio.bufferedreaders import BufferedReader

    if brotli is None or not hasattr(brotli.Decompressor(), "process"):
        return
    BufferedReader.DECOMPRESSORS["br"] = BrotliDecompressor


def main() -> None:
    """``python -m archive.warc.brotli_compat check -v FILE``: the warcio CLI, adapted."""
    from warcio.cli import main as warcio_main

    install()
    warcio_main()


if __name__ == "__main__":
    main()
