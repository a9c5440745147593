"""`bdt demo`: serve the replica sites on loopback, crawl them, extract, show the result.

The replica sites listen on fixed ports (``DEMO_BASE_PORT``, ``+1``, ... on 127.0.0.1;
``BDT_DEMO_PORT`` moves the range), so a second demo into the same archive crawls the very
same URLs: it is an incremental crawl, and the demo says what it changed.
"""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path
from typing import Any

import yaml

from archive.catalog import Catalog
from archive.layout import ArchiveLayout
from archive.logs import configure_logging
from bdt.cli_support import CliError
from bdt.crawling import crawl_once, run_log_path

logger = logging.getLogger(__name__)

DEMO_BASE_PORT = 8701  # replica sites on 127.0.0.1:8701, 8702, ... (BDT_DEMO_PORT=N moves them)


def demo_base_port() -> int:
    """``BDT_DEMO_PORT`` or the default; a bad value is a user error."""
    value = os.environ.get("BDT_DEMO_PORT")
    if not value:
        return DEMO_BASE_PORT
    try:
        port = int(value)
    except ValueError:
        port = -1
    if not 1024 <= port <= 65000:
        raise CliError(f"BDT_DEMO_PORT must be a port number from 1024 to 65000, got {value!r}")
    return port


def run_demo(archive_dir: Path, *, sites: list[str] | None = None,
             download_delay: float = 0.1, verbose: bool = False) -> int:
    """Crawl every replica site once into `archive_dir`; returns the exit code."""
    from replica.server import PortTaken, ReplicaServer

    layout = ArchiveLayout.at(archive_dir).ensure()
    run_log = run_log_path(layout)
    configure_logging(layout, verbose=verbose, run_log=run_log)
    base_port = demo_base_port()
    try:
        server = ReplicaServer(sites, base_port=base_port).start()
    except ValueError as error:
        raise CliError(str(error)) from None
    except PortTaken as error:
        raise CliError(f"{error.strerror}; stop whatever listens there, or pick other ports "
                       f"with BDT_DEMO_PORT=N (now {base_port})") from None
    try:
        entries = server.registry_entries()
        for entry in entries:
            entry.setdefault("politeness", {})["download_delay"] = download_delay
        site_ids = [e["id"] for e in entries]
        registry = layout.root / "replica-sites.yaml"
        registry.write_text(yaml.safe_dump({"sites": entries}, allow_unicode=True,
                                           sort_keys=False), encoding="utf-8")
        earlier = _finished_runs(layout, site_ids)
        ports = [server.port(key) for key in server.site_keys]
        print(f"replica sites serving on 127.0.0.1:{min(ports)}-{max(ports)} ({len(entries)} "
              f"sites); registry written to {registry}", file=sys.stderr)
        code = crawl_once(site_ids, archive_dir=layout.root, registry=registry,
                          verbose=verbose, run_log=run_log)
    finally:
        server.stop()
    print()
    print(changes_summary(layout, site_ids, earlier))
    print(f"\nreplay the WARCs (pywb on 127.0.0.1:8090; `make pywb` installs it): "
          f"bdt replay --archive {layout.root} --registry {registry}")
    print(f"read the documents: python -c \"import archive; "
          f"print(next(archive.open('{layout.root}').documents()))\"")
    return code


def _finished_runs(layout: ArchiveLayout, site_ids: list[str]) -> dict[str, list[dict[str, Any]]]:
    with Catalog(layout.catalog) as catalog:
        return {site: catalog.runs(site, status="finished") for site in site_ids}


def changes_summary(layout: ArchiveLayout, site_ids: list[str],
                    earlier: dict[str, list[dict[str, Any]]]) -> str:
    """What this demo's crawl found: a first crawl, or what changed since the last one."""
    now = _finished_runs(layout, site_ids)
    latest = [runs[0] for site, runs in now.items()
              if runs and len(runs) > len(earlier.get(site, []))]
    if not latest:
        return "no site finished its crawl"
    total = {key: sum(int(run[key] or 0) for run in latest)
             for key in ("requests", "captures", "revisits", "new_documents",
                         "changed_documents", "removed_documents")}
    repeat = [run for run in latest if earlier.get(run["site_id"])]
    if not repeat:
        return (f"first crawl of {len(latest)} sites: {total['captures']} records, "
                f"{total['new_documents']} documents.  Run `make demo` again for an "
                f"incremental crawl of the same URLs.")
    return (f"incremental crawl ({len(repeat)} of {len(latest)} sites crawled before): "
            f"{total['requests']} requests, {total['revisits']} unchanged pages stored as "
            f"revisit records, {total['captures'] - total['revisits']} full records; "
            f"documents: {total['new_documents']} new, {total['changed_documents']} changed, "
            f"{total['removed_documents']} removed")
