"""The extraction stage's own CPU per page: `bdt reextract` with `extract_page` answered from
results recorded beforehand, so all the CPU it takes is the stage's (start-up, reading and
decoding records, workers and hand-off, hashing, folding, catalog, clean archive).

    .venv/bin/python benchmarks/extraction_stage.py [--articles 3000] [--runs 3]
        [--work DIR [--reuse]]

Crawls the generated portal of benchmarks/portal_crawl.py once (`bdt crawl --no-extract`),
runs `extract_page` over its pages in this process (its CPU per page, for scale, and the
results), then `--runs` times: a fresh copy of the crawled archive, `bdt reextract` on it in
a child process whose `archive.extract.extract_page` returns the recorded result.  CPU is
user + system of that process and its workers (RUSAGE_CHILDREN).  The lookup and a pickle
round trip of the document (a stand-in for the copy `extract_page` makes) stay in the figure:
about 20 us a page.  ``--reuse`` takes the crawl and results already in ``--work`` (left by an
earlier run with the same ``--articles``), to measure the stage again after a change.
"""

from __future__ import annotations

import argparse
import pickle
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from datetime import datetime
from http.server import ThreadingHTTPServer
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.portal_crawl import BDT, REPO, Portal, handler_for  # noqa: E402
from tests.conftest import write_registry  # noqa: E402

# The child: `bdt` with extract_page replaced (argv: results file, then bdt's arguments).
CHILD = """
import pickle, sys, types
import archive.extract
RESULTS = pickle.loads(open(sys.argv[1], "rb").read())
def extract_page(body, url, **options):
    kind, document = RESULTS[url]
    return types.SimpleNamespace(kind=kind, document=pickle.loads(pickle.dumps(document)))
archive.extract.extract_page = extract_page
from bdt.cli import main
sys.exit(main(sys.argv[2:]))
"""


def crawl(root: Path, articles: int) -> Path:
    portal = Portal(articles, 20)
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler_for(portal))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    host = f"127.0.0.1:{server.server_address[1]}"
    portal.base = f"http://{host}"
    registry = write_registry(root / "sites.yaml", [{
        "id": "portal-bench", "name": "Ban Dân tộc tỉnh Bench", "province": "An Giang",
        "start_urls": [f"http://{host}/"], "allow_private_network": True,
        "requisites": False, "max_pages": articles * 2 + 1000}])
    try:
        with (root / "crawl.log").open("w") as log:
            subprocess.run([BDT, "crawl", "portal-bench", "--registry", str(registry),
                            "--archive", str(root / "archive"), "--no-extract"],
                           check=True, cwd=REPO, stdout=log, stderr=subprocess.STDOUT)
    finally:
        server.shutdown()
    return registry


def record(root: Path, registry: Path) -> tuple[int, float]:
    """extract_page over every page the stage extracts: (pages, CPU seconds); results saved."""
    from archive.catalog import Catalog
    from archive.documents import _read, _Stage
    from archive.extract import extract_page, load_rulebook
    from archive.layout import ArchiveLayout
    from archive.registry import load_registry

    layout = ArchiveLayout(root / "archive")
    load_rulebook()
    results, cpu = {}, 0.0
    with Catalog(layout.catalog) as catalog:
        stage = _Stage(layout, catalog, load_registry(registry))
        for capture in catalog.captures(site_id="portal-bench"):
            if (job := stage.job_for(capture)) is None:
                continue
            stored = _read(Path(job.warc_path), job.offset, job.length)
            body = stored.decoded_body()
            start = time.thread_time()
            result = extract_page(body, job.url, headers=stored.http_headers, site=job.site,
                                  fetched_at=datetime.fromisoformat(
                                      job.fetched_at.replace("Z", "+00:00")))
            cpu += time.thread_time() - start
            results[job.url] = (result.kind,
                                result.document if result.kind == "article" else None)
    (root / "results.pickle").write_bytes(pickle.dumps(results))
    return len(results), cpu


def stage_run(root: Path, registry: Path) -> tuple[int, float]:
    """One `bdt reextract` over a fresh copy of the crawled archive: (pages, CPU seconds)."""
    archive = root / "run"
    shutil.rmtree(archive, ignore_errors=True)
    shutil.copytree(root / "archive", archive)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    done = subprocess.run([sys.executable, "-c", CHILD, str(root / "results.pickle"),
                           "reextract", "--site", "portal-bench", "--registry", str(registry),
                           "--archive", str(archive)],
                          cwd=REPO, capture_output=True, text=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    pages = re.search(r"pages (\d+)", done.stdout)
    if done.returncode or pages is None:
        sys.exit(f"bdt reextract failed (exit {done.returncode}):\n{done.stderr[-3000:]}")
    return int(pages[1]), (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=3000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--work", type=Path, default=None,
                        help="keep the crawl, results and logs here (default: a temporary one)")
    parser.add_argument("--reuse", action="store_true",
                        help="use the crawl and results already in --work (no crawl)")
    args = parser.parse_args()
    if args.reuse and not (args.work and (args.work / "results.pickle").exists()):
        parser.error("--reuse needs a --work directory holding an earlier run's results")
    with tempfile.TemporaryDirectory(prefix="bdt-stage-") as tmp:
        root = args.work or Path(tmp)
        root.mkdir(parents=True, exist_ok=True)
        if args.reuse:
            registry = root / "sites.yaml"
        else:
            registry = crawl(root, args.articles)
            pages, cpu = record(root, registry)
            print(f"{pages} pages; extract_page {1000 * cpu / pages:.2f} ms/page"
                  " (this process)")
        figures = []
        for run in range(args.runs):
            pages, cpu = stage_run(root, registry)
            figures.append(1000 * cpu / pages)
            print(f"  run {run + 1}: stage {cpu:.2f} s CPU, {figures[-1]:.3f} ms/page",
                  flush=True)
    print(f"extraction stage without extract_page: {min(figures):.3f} ms/page (best of "
          f"{len(figures)}), median {sorted(figures)[len(figures) // 2]:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
