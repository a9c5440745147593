"""Compression bombs: a few MB of gzip or deflate that inflate to GiBs of zeros.

Built without compressing the GiBs: after a full flush, deflate encodes each further
MiB of zeros as the same bytes, so the body is one block repeated; only the
checksum (CRC-32 or Adler-32 over the zeros) costs time, about 0.3 s per GiB.
"""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

MIB = 1 << 20
GIB = 1 << 30
_ZEROS = bytes(MIB)


def write_bomb(path: Path, decoded_size: int, coding: str = "gzip") -> Path:
    """Write a ``coding`` ("gzip" or "deflate", zlib-wrapped) body of ``decoded_size``
    zero bytes (a whole number of MiB, at least 2) to ``path``; return ``path``."""
    if decoded_size % MIB or decoded_size < 2 * MIB:
        raise ValueError("decoded_size must be a whole number of MiB, at least 2 MiB")
    if coding not in ("gzip", "deflate"):
        raise ValueError(f"no bombs of {coding!r}")
    gzip = coding == "gzip"
    compressor = zlib.compressobj(9, zlib.DEFLATED, 31 if gzip else 15)
    head = compressor.compress(_ZEROS) + compressor.flush(zlib.Z_FULL_FLUSH)
    block = compressor.compress(_ZEROS) + compressor.flush(zlib.Z_FULL_FLUSH)
    again = compressor.compress(_ZEROS) + compressor.flush(zlib.Z_FULL_FLUSH)
    assert block == again, "zlib did not repeat itself after a full flush"
    end = compressor.flush(zlib.Z_FINISH)  # the last, empty block + a trailer for 3 MiB
    end = end[:-8] if gzip else end[:-4]
    count = decoded_size // MIB
    check = zlib.crc32(b"") if gzip else zlib.adler32(b"")
    for _ in range(count):
        check = zlib.crc32(_ZEROS, check) if gzip else zlib.adler32(_ZEROS, check)
    if gzip:
        trailer = struct.pack("<II", check, decoded_size & 0xFFFFFFFF)
    else:
        trailer = struct.pack(">I", check)
    tmp = path.with_name(path.name + ".part")
    with open(tmp, "wb") as out:
        out.write(head)
        for _ in range(count - 1):
            out.write(block)
        out.write(end + trailer)
    tmp.replace(path)
    return path
