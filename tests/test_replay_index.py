"""Replay indexes follow the archive: one CDXJ per closed WARC, new files indexed, gone ones
dropped, open files left alone."""

from __future__ import annotations

import json

from archive.layout import ArchiveLayout
from archive.replay_index import index_dir, update_indexes
from archive.warc import WarcFileWriter
from tests.support.warccheck import exchange

SITE = "tinh"


def _write(layout: ArchiveLayout, url: str) -> None:
    with WarcFileWriter(layout.warc_dir(SITE), f"bdt-{SITE}", warcinfo_fields={}) as writer:
        writer.write_exchange(exchange(url))


def _indexed_urls(layout: ArchiveLayout) -> dict[str, set[str]]:
    out = {}
    for path in sorted(index_dir(layout, SITE).glob("*.cdxj")):
        lines = path.read_text().splitlines()
        out[path.name] = {json.loads(line.split(" ", 2)[2])["url"] for line in lines}
    return out


def test_new_warcs_are_indexed_and_gone_ones_dropped(tmp_path) -> None:
    layout = ArchiveLayout.at(tmp_path).ensure()
    _write(layout, "http://sdt.example.vn/a")
    assert len(update_indexes(layout, SITE)) == 1
    assert update_indexes(layout, SITE) == []  # nothing new: nothing rewritten

    _write(layout, "http://sdt.example.vn/b")
    open_file = layout.warc_dir(SITE) / "bdt-tinh-99999999999999999-00000-x.warc.gz.open"
    open_file.write_bytes(b"")  # a crawl still writing: not indexed yet
    assert len(update_indexes(layout, SITE)) == 1
    warcs = sorted(p.name for p in layout.warc_dir(SITE).glob("*.warc.gz"))
    indexed = _indexed_urls(layout)
    assert sorted(indexed) == [name + ".cdxj" for name in warcs]
    assert set().union(*indexed.values()) == {"http://sdt.example.vn/a", "http://sdt.example.vn/b"}

    (layout.warc_dir(SITE) / warcs[0]).unlink()
    update_indexes(layout, SITE)
    assert sorted(_indexed_urls(layout)) == [warcs[1] + ".cdxj"]
