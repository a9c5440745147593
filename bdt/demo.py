"""`bdt demo`: serve the replica sites on loopback, crawl them, extract, show the result."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

import yaml

from archive.layout import ArchiveLayout
from bdt.crawling import crawl_once

logger = logging.getLogger(__name__)


def run_demo(archive_dir: Path, *, sites: list[str] | None = None,
             download_delay: float = 0.1) -> int:
    """Crawl every replica site once into `archive_dir`; returns the exit code."""
    from replica.server import ReplicaServer

    layout = ArchiveLayout.at(archive_dir).ensure()
    with ReplicaServer(sites) as server:
        entries = server.registry_entries()
        for entry in entries:
            entry.setdefault("politeness", {})["download_delay"] = download_delay
        registry = layout.root / "replica-sites.yaml"
        registry.write_text(yaml.safe_dump({"sites": entries}, allow_unicode=True,
                                           sort_keys=False), encoding="utf-8")
        print(f"replica sites serving on 127.0.0.1 ({len(entries)} sites); "
              f"registry written to {registry}", file=sys.stderr)
        code = crawl_once([e["id"] for e in entries], archive_dir=layout.root,
                          registry=registry)
    print(f"\nreplay the WARCs: wb-manager init demo && wb-manager add demo "
          f"{layout.warc_root}/*/*.warc.gz && wayback")
    print(f"read the documents: python -c \"import archive; "
          f"print(next(archive.open('{layout.root}').documents()))\"")
    return code
