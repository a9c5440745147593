"""Extraction stage: captures -> documents and their versions -> clean-archive partitions.

It runs after a crawl, never inside it: the crawl is network-bound and deliberately slow
(politeness delays), extraction is CPU-bound (lxml, trafilatura).  Inside the crawl it would
stall Scrapy's reactor and a rule change would need a re-crawl.  As its own stage it reads the
records back from the WARCs (the source of truth), extracts in worker processes, writes the
catalog from the parent alone, and ``reextract`` takes exactly the same path.

- Identity: one document per canonical URL (the page's canonical link, else the capture URL,
  also when the link leaves the site); ``document_urls`` maps every URL that produced it.
- Versions: ``text_sha1`` = sha1 of ``title + "\\n\\n" + text``, NFC, whitespace runs collapsed
  per line, blank lines dropped.  A new version only when it differs from the version current
  *at the capture's fetch time*, so run order does not matter and a reextract with unchanged
  rules adds nothing.  Metadata-only changes (author, dates) make no version.
- Revisits (identical payload, 304) only move ``last_seen``.  A 404/410 of a known URL
  tombstones its document once (``removed_at`` = that capture's fetched_at) unless it was seen
  alive later; a later 200 (response or revisit) clears the tombstone.
- Run counters (new/changed/removed documents) count a capture only on its first extraction:
  they describe what a crawl found, not rule changes.
- A page that fails is logged, recorded as a run error and left pending (retried next time).
"""

from __future__ import annotations

import gc
import hashlib
import logging
import multiprocessing
import os
import threading
import time
import unicodedata
from collections import Counter, deque
from collections.abc import Iterable, Iterator, Mapping
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from archive.catalog import Capture, Catalog, VersionData
from archive.export import write_partitions
from archive.layout import ArchiveLayout
from archive.warc.reader import StoredRecord, read_record
from archive.warc.writer import OPEN_SUFFIX

logger = logging.getLogger(__name__)

GONE_STATUSES = (404, 410)
ALIVE_STATUSES = (200, 304)
# Outcomes written per catalog transaction (a commit per page cost more than the writes),
# and the longest a written outcome waits for its transaction.  A kill loses at most the
# open transaction: those captures stay pending and are extracted again.
BATCH_PAGES = 100
BATCH_SECONDS = 1.0
# Pages a worker process is sent at once: each task costs ~0.6 ms of CPU in the pool's
# queues, threads and wake-ups (8 a task: 0.07 ms a page; 32: 0.02; 64 gained nothing more).
TASK_PAGES = 32
PARENT_GC_GEN0 = 50_000  # the parent's young generation during the stage (Python's: 700)


@dataclass
class ExtractionSummary:
    """What one pass of the stage did."""

    pages: int = 0  # HTML 200 responses looked at (including failures)
    articles: int = 0
    new: int = 0
    changed: int = 0
    unchanged: int = 0
    removed: int = 0
    restored: int = 0  # tombstones cleared by a later 200
    revisits: int = 0
    errors: int = 0
    partitions: list[Path] = field(default_factory=list)


@dataclass(frozen=True)
class _Job:
    url: str
    warc_path: str
    offset: int
    length: int  # of the record's gzip member, as catalogued
    record_id: str
    site: Any  # archive.extract.SiteInfo
    fetched_at: str


@dataclass(frozen=True)
class _Article:
    """What the catalog needs of an extracted article, made in the worker that extracted it:
    a few strings to send back, instead of the document to hash, fold and encode here."""

    canonical_url: str | None  # as the page gives it (checked against the site here)
    text_sha1: str
    extractor_version: str
    rules_version: str
    data: VersionData


@dataclass
class _Outcome:
    kind: str | None = None
    article: _Article | None = None  # an article with a document
    error: str | None = None


_Applied = tuple[Capture, _Outcome | None]


# -- public entry points --------------------------------------------------------------------

def extract_runs(layout: ArchiveLayout, catalog: Catalog, registry: Mapping[str, Any],
                 run_ids: Iterable[str], *, workers: int | None = None) -> ExtractionSummary:
    """Extract what ``run_ids`` captured, and the older captures of their sites still waiting.

    A run killed before its extraction leaves captures that no later run would extract;
    they are taken here, whatever run captured them, if fetched before the newest capture
    of ``run_ids`` (so versions still follow fetch order) and not by a run still crawling.
    """
    ids = list(dict.fromkeys(run_ids))
    own = [c for run_id in ids for c in catalog.captures(run_id=run_id, pending_extraction=True)]
    runs = [run for run_id in ids if (run := catalog.run(run_id))]
    busy = {run["id"] for run in catalog.runs(status="running")}
    newest = max((c.fetched_at for c in own), default="")
    waiting = [c for site_id in sorted({run["site_id"] for run in runs})
               for c in catalog.captures(site_id=site_id, pending_extraction=True)
               if c.run_id not in busy and c.run_id not in ids and c.fetched_at <= newest]
    captures = own + waiting
    captures.sort(key=lambda c: (c.fetched_at, c.id))
    return process_captures(layout, catalog, registry, captures, workers=workers)


def reextract(layout: ArchiveLayout, catalog: Catalog, registry: Mapping[str, Any], *,
              site_id: str | None = None, since: date | datetime | str | None = None,
              until: date | datetime | str | None = None,
              workers: int | None = None) -> ExtractionSummary:
    """Extract again every capture matching (days are inclusive, UTC, on fetched_at)."""
    captures = catalog.captures(site_id=site_id, since=_bound(since),
                                until=_bound(until, end=True))
    return process_captures(layout, catalog, registry, captures, workers=workers)


def process_captures(layout: ArchiveLayout, catalog: Catalog, registry: Mapping[str, Any],
                     captures: Iterable[Capture], *,
                     workers: int | None = None) -> ExtractionSummary:
    """Apply captures in order (fetched_at, id); ``workers=0`` extracts in this process."""
    _forget_rules()
    stage = _Stage(layout, catalog, registry)
    jobs = ((capture, stage.job_for(capture)) for capture in captures)
    with _fewer_collections():
        outcomes = _run(jobs, default_workers() if workers is None else workers)
        for batch in _batches(outcomes):
            with catalog.transaction():
                for capture, outcome in batch:
                    stage.apply(capture, outcome)
                stage.flush()
        stage.summary.partitions = write_partitions(layout, catalog, stage.touched)
    logger.info("extraction: %s", {k: v for k, v in vars(stage.summary).items()
                                   if k != "partitions"})
    return stage.summary


@contextmanager
def _fewer_collections() -> Iterator[None]:
    """The stage's parent makes and drops a few objects per page and per row, none in a
    cycle that lives past the page; with Python's default young generation (700
    allocations) it collected every few pages.  A larger one for the stage's time only."""
    thresholds = gc.get_threshold()
    gc.set_threshold(PARENT_GC_GEN0, *thresholds[1:])
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)


def default_workers() -> int:
    return max(1, min(2, os.cpu_count() or 1))


def text_sha1(document: Mapping[str, Any]) -> str:
    """Hash deciding whether a capture's text is a new version (see module docstring)."""
    joined = f"{document.get('title') or ''}\n\n{document.get('text') or ''}"
    lines = map(_collapse, unicodedata.normalize("NFC", joined).split("\n"))
    return hashlib.sha1("\n".join(ln for ln in lines if ln).encode("utf-8")).hexdigest()


def _collapse(line: str) -> str:
    """``" ".join(line.split())``, taking a shortcut (a tenth of the time) for the usual line,
    whose words are apart by single spaces: every whitespace character but the space is
    unprintable (a control or separator character), so a printable line has no other."""
    if line.isprintable() and "  " not in line:
        return line.strip(" ")
    return " ".join(line.split())


# -- the catalog side (parent process only) ---------------------------------------------

class _Stage:
    def __init__(self, layout: ArchiveLayout, catalog: Catalog,
                 registry: Mapping[str, Any]) -> None:
        self.layout, self.catalog = layout, catalog
        self.registry = registry
        self.summary = ExtractionSummary()
        self.touched: set[int] = set()  # documents whose partition lines changed
        self._sites: dict[str, Any] = {}
        self._warc_paths: dict[str, str] = {}  # catalogued WARC name -> absolute path
        # written by `flush`, once per transaction: captures done, run counters to add
        self._extracted: list[int] = []
        self._counts: dict[str, Counter[str]] = {}

    def job_for(self, capture: Capture) -> _Job | None:
        if capture.record_type != "response" or capture.status != 200 or not capture.is_html:
            return None
        path = self._warc_paths.get(capture.warc_file)
        if path is None:
            path = self._warc_paths[capture.warc_file] = str(
                self.layout.absolute(capture.warc_file))
        return _Job(capture.url, path, capture.warc_offset, capture.warc_length, capture.record_id,
                    self._site(capture.site_id), capture.fetched_at)

    def _site(self, site_id: str) -> Any:
        if site_id not in self._sites:
            from archive.extract import SiteInfo

            site = self.registry.get(site_id)
            if site is None:
                logger.warning("site %s is not in the registry; extracting without it", site_id)
            self._sites[site_id] = SiteInfo(id=site_id) if site is None else SiteInfo(
                id=site.id, name=site.name, province=site.province,
                province_2025=site.province_2025, cms=site.cms)
        return self._sites[site_id]

    def apply(self, capture: Capture, outcome: _Outcome | None) -> None:
        """Write what one capture brings; call inside the catalog's transaction, and
        `flush` before it ends."""
        if outcome is not None:
            self.summary.pages += 1
        if outcome is not None and outcome.error is not None:
            logger.warning("extraction of %s (capture %d) failed: %s", capture.url, capture.id,
                           outcome.error)
            self.catalog.record_error(capture.run_id, capture.site_id, capture.url,
                                      f"extraction failed: {outcome.error}")
            self.summary.errors += 1
            return
        if capture.record_type == "revisit":
            self._revisit(capture)
        elif capture.record_type == "response" and capture.status in GONE_STATUSES:
            self._gone(capture)
        elif outcome is not None and outcome.article is not None:
            self._article(capture, outcome.article)
        self._extracted.append(capture.id)

    def flush(self) -> None:
        """Mark the captures applied since the last flush extracted; add their counts."""
        self.catalog.mark_extracted(*self._extracted)
        for run_id, counts in self._counts.items():
            self.catalog.add_run_counts(run_id, **counts)
        self._extracted, self._counts = [], {}

    def _count(self, capture: Capture, counter: str) -> None:
        if capture.run_id and capture.extracted_at is None:
            self._counts.setdefault(capture.run_id, Counter())[counter] += 1

    def _revisit(self, capture: Capture) -> None:
        self.summary.revisits += 1
        doc = self.catalog.document_by_url(capture.url)
        if doc is None:
            return
        self.catalog.document_seen(doc["id"], capture.fetched_at)
        if capture.status in ALIVE_STATUSES:
            self._restore(doc, capture)

    def _restore(self, doc: Any, capture: Capture) -> None:
        if doc["removed_at"] and capture.fetched_at > doc["removed_at"]:
            self.catalog.tombstone(doc["id"], None)
            self.summary.restored += 1
            self.touched.add(doc["id"])

    def _gone(self, capture: Capture) -> None:
        doc = self.catalog.document_by_url(capture.url)
        if doc is None or doc["removed_at"] or capture.fetched_at < doc["last_seen"]:
            return
        self.catalog.tombstone(doc["id"], capture.fetched_at)
        self.summary.removed += 1
        self._count(capture, "removed_documents")
        self.touched.add(doc["id"])

    def _article(self, capture: Capture, article: _Article) -> None:
        self.summary.articles += 1
        canonical = self._canonical(capture, article.canonical_url)
        sha = article.text_sha1
        doc = self.catalog.document_by_canonical(canonical)
        if doc is None:
            doc_id = self.catalog.add_document(capture.site_id, canonical, capture.fetched_at)
            self._add_version(doc_id, capture, article, new_document=True)
            self.summary.new += 1
            self._count(capture, "new_documents")
        else:
            doc_id = doc["id"]
            base = self.catalog.version_at(doc_id, capture.fetched_at)
            if base is not None and base["text_sha1"] == sha:
                self.summary.unchanged += 1
            else:
                self._add_version(doc_id, capture, article)
                self.summary.changed += 1
                self._count(capture, "changed_documents")
            self.catalog.document_seen(doc_id, capture.fetched_at)
            self._restore(doc, capture)
        self.catalog.link_url(capture.url, doc_id)

    def _canonical(self, capture: Capture, given: str | None) -> str:
        canonical = given or capture.url
        site = self.registry.get(capture.site_id)
        if canonical != capture.url and site is not None and not site.in_scope(canonical):
            logger.info("%s: canonical %s is outside the site; using the URL", capture.url,
                        canonical)
            return capture.url
        return canonical

    def _add_version(self, doc_id: int, capture: Capture, article: _Article, *,
                     new_document: bool = False) -> None:
        self.catalog.add_version(
            doc_id, capture.id, article.text_sha1, capture.fetched_at,
            extractor_version=article.extractor_version, rules_version=article.rules_version,
            data=article.data, new_document=new_document)
        self.touched.add(doc_id)


# -- the extraction side (worker processes) -------------------------------------------------

def _read(path: Path, offset: int, length: int) -> StoredRecord:
    """Read a record; a file still being written exists only as ``<name>.open``."""
    try:
        return read_record(path, offset, length)
    except FileNotFoundError:
        try:
            return read_record(path.with_name(path.name + OPEN_SUFFIX), offset, length)
        except FileNotFoundError:
            return read_record(path, offset, length)  # renamed in between


def _extract(job: _Job) -> _Outcome:
    try:
        from archive.extract import extract_page

        record = _read(Path(job.warc_path), job.offset, job.length)
        if record.record_id != job.record_id:
            raise ValueError(f"{job.warc_path}@{job.offset} holds {record.record_id}, "
                             f"not {job.record_id}")
        result = extract_page(record.decoded_body(), job.url, headers=record.http_headers,
                              site=job.site, fetched_at=datetime.fromisoformat(
                                  job.fetched_at.replace("Z", "+00:00")))
        document = result.document if result.kind == "article" else None
        return _Outcome(result.kind, _prepare(document) if document else None)
    except Exception as exc:  # noqa: BLE001 - any page may fail; the stage goes on
        logger.debug("extraction of %s failed", job.url, exc_info=True)
        return _Outcome(error=f"{type(exc).__name__}: {exc}")


def _prepare(document: dict[str, Any]) -> _Article:
    from archive.extract.model import EXTRACTOR_VERSION

    return _Article(document.get("canonical_url"), text_sha1(document),
                    str(document.get("extractor_version") or EXTRACTOR_VERSION),
                    str(document.get("rules_version") or "unknown"), VersionData.of(document))


WORKER_GC_GEN0 = 10_000  # allocations between young collections (Python's default: 700)


def _init_worker(env: dict[str, str], creator: int, forked: bool) -> None:
    """Give the worker the parent's BDT_* settings (a forkserver child may predate them),
    and make it leave when its parent dies."""
    parent = os.getppid()
    if forked and parent != creator:
        os._exit(0)  # the pool's process died between the fork and this line
    for key in [k for k in os.environ if k.startswith("BDT_") and k not in env]:
        del os.environ[key]
    os.environ.update(env)
    if not forked:  # a fork has the rules its parent loaded for this stage (`_Workers`)
        _forget_rules()
        _load_rules()
    # The rules, modules and caches live as long as the worker: frozen, the collector never
    # walks them again (a full collection walked ~48K such objects every ~100 pages), and a
    # forked worker shares their memory pages with its parent instead of copying them.  Each
    # page's tree index holds hundreds of element proxies, freed by reference counting when
    # the page is done; a larger young generation keeps them from triggering a collection on
    # nearly every page.  A process-wide setting: it belongs here, not in the library.
    gc.freeze()
    gc.set_threshold(WORKER_GC_GEN0, *gc.get_threshold()[1:])
    threading.Thread(target=_exit_with_parent, args=(parent,), daemon=True,
                     name="bdt-parent-watch").start()


def _exit_with_parent(parent: int) -> None:
    """A worker whose parent was killed (kill -9, OOM) would wait on the job queue forever:
    a forked worker holds the queue's write end itself, so it never reads end-of-file."""
    while os.getppid() == parent:
        time.sleep(1.0)
    os._exit(0)


def _forget_rules() -> None:
    from archive.extract import rules

    rules.clear_cache()


def _load_rules() -> None:
    """Load the rules now if they load; if not, every page's extraction reports why."""
    from archive.extract import RulesError, load_rulebook

    try:
        load_rulebook()
    except RulesError:
        pass


def _mp_context() -> multiprocessing.context.BaseContext:
    """fork while this process has a single thread (fast, safe); else forkserver, since
    forking a threaded process (a crawl's leftovers, the scheduler) can deadlock the child."""
    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")


def _extract_all(jobs: list[_Job]) -> list[_Outcome]:
    return [_extract(job) for job in jobs]


_Handle = tuple[ProcessPoolExecutor, Future[list[_Outcome]]]


class _Workers:
    """A process pool that is replaced when a worker dies (crash, OOM); each job of the
    lost task then gets one retry of its own in the new pool before it is reported as
    failed."""

    def __init__(self, workers: int) -> None:
        self.workers = workers
        self.pool: ProcessPoolExecutor | None = None
        self.env = {k: v for k, v in os.environ.items() if k.startswith("BDT_")}

    def submit(self, jobs: list[_Job]) -> _Handle:
        if self.pool is None:
            context = _mp_context()
            forked = context.get_start_method() == "fork"  # else the forkserver's children
            if forked:
                _load_rules()  # once here, not in every worker
            self.pool = ProcessPoolExecutor(self.workers, mp_context=context,
                                            initializer=_init_worker,
                                            initargs=(self.env, os.getpid(), forked))
        try:
            return self.pool, self.pool.submit(_extract_all, jobs)
        except BrokenProcessPool:  # a worker died since the last result: a new pool
            self.pool.shutdown(wait=False)
            self.pool = None
            return self.submit(jobs)

    def results(self, jobs: list[_Job], handle: _Handle, *,
                retry: bool = True) -> list[_Outcome]:
        pool, future = handle
        try:
            return future.result()
        except BrokenProcessPool:
            if pool is self.pool:
                self.pool = None
                pool.shutdown(wait=False)
            if not retry:
                return [_Outcome(error="extraction worker process died") for _ in jobs]
            logger.error("extraction pool broke (a worker died); retrying %s",
                         ", ".join(job.url for job in jobs))
            return [self.results([job], self.submit([job]), retry=False)[0] for job in jobs]

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)


def _run(jobs: Iterable[tuple[Capture, _Job | None]],
         workers: int) -> Iterator[tuple[Capture, _Outcome | None]]:
    """Outcomes in job order.  Jobs go to the workers ``TASK_PAGES`` at a time (a round trip
    per page cost more than reading the page).  A batch's worth of pages more than
    ``3 * workers`` tasks are in flight, so the workers go on while the parent writes one."""
    if workers <= 0:
        yield from ((capture, _extract(job) if job else None) for capture, job in jobs)
        return
    pool = _Workers(workers)
    ahead = 3 * workers + BATCH_PAGES // TASK_PAGES  # tasks
    # a task: the captures it covers in order (None: nothing to extract), its jobs, handle
    window: deque[tuple[list[tuple[Capture, _Job | None]], list[_Job], _Handle | None]] = deque()
    covered: list[tuple[Capture, _Job | None]] = []
    tasked: list[_Job] = []

    def send() -> None:
        nonlocal covered, tasked
        window.append((covered, tasked, pool.submit(tasked) if tasked else None))
        covered, tasked = [], []

    def settle() -> Iterator[tuple[Capture, _Outcome | None]]:
        entries, task, handle = window.popleft()
        outcomes = iter(pool.results(task, handle) if handle else ())
        for capture, job in entries:
            yield capture, next(outcomes) if job else None

    try:
        for capture, job in jobs:
            covered.append((capture, job))
            if job is not None:
                tasked.append(job)
            if len(tasked) >= TASK_PAGES:
                send()
            while len(window) > ahead or (window and window[0][2] is None):
                yield from settle()
        if covered:
            send()
        while window:
            yield from settle()
    finally:
        pool.close()


def _batches(outcomes: Iterable[_Applied], size: int = BATCH_PAGES,
             seconds: float = BATCH_SECONDS) -> Iterator[list[_Applied]]:
    """Outcomes in groups, one catalog transaction each: at most ``size``, and a group ends
    with the first outcome arriving ``seconds`` or more after the group's first."""
    batch: list[_Applied] = []
    started = 0.0
    for item in outcomes:
        if not batch:
            started = time.monotonic()
        batch.append(item)
        if len(batch) >= size or time.monotonic() - started >= seconds:
            yield batch
            batch = []
    if batch:
        yield batch


def _bound(value: date | datetime | str | None, *, end: bool = False) -> str | None:
    """A fetched_at bound: days are inclusive (``end`` moves to the next day)."""
    if isinstance(value, str) and len(value) == 10:
        value = date.fromisoformat(value)
    if isinstance(value, datetime):
        value = value.astimezone(UTC) if value.tzinfo else value.replace(tzinfo=UTC)
        return value.isoformat(timespec="milliseconds").replace("+00:00", "Z")
    if isinstance(value, date):
        return (value + timedelta(days=1) if end else value).isoformat()
    return value  # None, or a timestamp string used as given
