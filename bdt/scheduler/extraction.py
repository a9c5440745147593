"""`python -m bdt.scheduler.extraction --archive DIR RUN_ID...`: the stage after a crawl.

The daemon runs extraction in a process of its own, like the crawl: the stage
forks worker processes, which must not be forked from the daemon's threads, and
a crash or a memory spike stays out of the daemon.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

from archive.catalog import Catalog
from archive.layout import ArchiveLayout

logger = logging.getLogger(__name__)


def extract(archive_dir: Path, run_ids: Sequence[str], registry: Path | None = None,
            *, wacz: bool = False) -> int:
    """Extract the captures of the runs (then package each as WACZ); returns the exit status."""
    from archive.documents import extract_runs
    from archive.registry import load_registry

    layout = ArchiveLayout.at(archive_dir)
    with Catalog(layout.catalog) as catalog:
        summary = extract_runs(layout, catalog, load_registry(registry), list(run_ids))
        logger.info("extracted runs %s: %d new, %d changed, %d errors", ", ".join(run_ids),
                    summary.new, summary.changed, summary.errors)
        if wacz:
            from archive.wacz import wacz_for_runs
            for path in wacz_for_runs(layout, catalog, run_ids):
                logger.info("wrote %s", path)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bdt.scheduler.extraction")
    parser.add_argument("--archive", type=Path, required=True)
    parser.add_argument("--registry", type=Path, default=None)
    parser.add_argument("--wacz", action="store_true", help="also write one WACZ per run")
    parser.add_argument("run_ids", nargs="+")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO,
                        format="%(asctime)s [%(name)s] %(levelname)s: %(message)s")
    return extract(args.archive, args.run_ids, args.registry, wacz=args.wacz)


if __name__ == "__main__":
    sys.exit(main())
