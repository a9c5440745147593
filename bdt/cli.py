"""`bdt`: the command line.  Thin: each subcommand parses its options and calls one function."""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import NoReturn

from archive.errors import BdtError, OperationFailed, UnknownSite, UsageError
from archive.layout import DEFAULT_ARCHIVE_DIR
from bdt.cli_support import (
    check_archived_site,
    check_site_ids,
    create_archive,
    load_sites,
    open_archive,
    output_dir,
    parse_date,
    report,
)

logger = logging.getLogger("bdt")


def _add_registry(parser: argparse.ArgumentParser) -> None:
    default = os.environ.get("BDT_REGISTRY")
    parser.add_argument("--registry", type=Path, default=Path(default) if default else None,
                        help="site registry YAML (default: $BDT_REGISTRY, else the bundled "
                             "archive/sites.yaml)")


def _add_archive(parser: argparse.ArgumentParser) -> None:
    default = Path(os.environ.get("BDT_ARCHIVE_DIR") or DEFAULT_ARCHIVE_DIR)
    parser.add_argument("--archive", type=Path, default=default,
                        help=f"archive directory (default: $BDT_ARCHIVE_DIR, else ./{default})")


def _positive_int(text: str) -> int:
    """argparse type: an integer >= 1."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {value}")
    return value


def _port(text: str) -> int:
    """argparse type: a TCP port number."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a port number, got {text!r}") from None
    if not 1 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"must be 1-65535, got {value}")
    return value


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line (the usage is one `--help` away)."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: {message} (see {self.prog} --help)\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="bdt", description=(
        "Archive the websites of Vietnam's provincial ethnic-affairs agencies."))
    parser.add_argument("-v", "--verbose", action="store_true", help="debug logging")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    sites = commands.add_parser("sites", help="list the registered sites")
    _add_registry(sites)
    sites.add_argument("--json", action="store_true", help="one JSON object per site")

    crawl = commands.add_parser("crawl", help="crawl sites once, now")
    crawl.add_argument("site_ids", nargs="+", metavar="SITE_ID")
    _add_registry(crawl)
    _add_archive(crawl)
    crawl.add_argument("--max-pages", type=_positive_int, default=None,
                       help="stop a site after N pages")
    crawl.add_argument("--no-extract", action="store_true",
                       help="only capture; do not extract documents afterwards")
    crawl.add_argument("-s", "--set", action="append", default=[], metavar="NAME=VALUE",
                       help="override a Scrapy/BDT setting (e.g. -s DOWNLOAD_DELAY=0)")

    extract = commands.add_parser("extract", help="extract one saved page (for writing rules)")
    extract.add_argument("file", type=Path, help="the page as served (original bytes)")
    extract.add_argument("--url", required=True, help="the URL the page was served at")
    extract.add_argument("--json", action="store_true", help="print exactly one JSON object")
    extract.add_argument("--cms", default=None, metavar="FAMILY",
                         help="pin a CMS family instead of detecting it")
    extract.add_argument("--explain", action="store_true",
                         help="show the rule or heuristic behind every removal and field")

    evaluate = commands.add_parser(
        "eval", help="text P/R/F1 and metadata accuracy vs plain trafilatura")
    evaluate.add_argument("dirs", nargs="*", type=Path, metavar="DIR",
                          help="case directories (default: $BDT_EVAL_DIR; in a source checkout "
                               "the corpus is tests/fixtures/extract)")
    evaluate.add_argument("--json", action="store_true", help="print one JSON report")
    evaluate.add_argument("-v", "--verbose", dest="details", action="store_true",
                          help="per-case details")

    reextract = commands.add_parser("reextract",
                                    help="rebuild documents from the WARCs with the current rules")
    _add_registry(reextract)
    _add_archive(reextract)
    reextract.add_argument("--site", default=None, help="only this site id")
    reextract.add_argument("--since", default=None, help="captures fetched on/after YYYY-MM-DD")
    reextract.add_argument("--until", default=None, help="captures fetched on/before YYYY-MM-DD")
    reextract.add_argument("--workers", type=_positive_int, default=None,
                           help="extraction processes")

    export = commands.add_parser("export", help="export current documents for downstream use")
    _add_archive(export)
    export.add_argument("--format", choices=("jsonl", "parquet", "wet"), default="jsonl")
    export.add_argument("--site", default=None, help="only this site id")
    export.add_argument("--since", default=None, help="versions fetched on/after YYYY-MM-DD")
    export.add_argument("--published-since", default=None,
                        help="documents published on/after YYYY-MM-DD (undated ones left out)")
    export.add_argument("--out", type=Path, default=None, help="output directory")

    from bdt.scheduler.options import add_arguments as add_schedule_arguments
    schedule = commands.add_parser("schedule", help="run the crawl scheduler (the daemon)")
    add_schedule_arguments(schedule)

    status = commands.add_parser("status", help="per site: last run, next run, crawling now")
    _add_registry(status)
    _add_archive(status)
    status.add_argument("--json", action="store_true", help="machine-readable output")
    status.add_argument("--db-url", default=None,
                        help="scheduler job store URL; a postgresql:// URL also holds the "
                             "catalog (as BDT_DB_URL does)")

    plan = commands.add_parser("plan", help="how long the next round of crawls takes, and how "
                               "many crawls at once (or nodes) keep it within the schedule")
    _add_registry(plan)
    _add_archive(plan)
    plan.add_argument("--json", action="store_true", help="machine-readable output")
    plan.add_argument("--assume-pages", type=_positive_int, default=None, metavar="N",
                      help="requests of a first crawl of a site without max_pages (5000)")
    plan.add_argument("--delay", type=float, default=None, metavar="SECONDS",
                      help="download delay of sites that set none (2)")
    plan.add_argument("--crawls-per-node", type=_positive_int, default=4, metavar="N",
                      help="crawls one node runs at once, to count nodes (4)")

    nodes = commands.add_parser("nodes", help="Scrapyd crawl nodes: deploy the project, "
                                "show which node crawls which site")
    nodes.add_argument("action", choices=("deploy", "list"))
    nodes.add_argument("--nodes", type=Path, default=None, metavar="FILE",
                       help="node list (default: $BDT_NODES)")
    _add_registry(nodes)

    run_now = commands.add_parser("run-now", help="ask the running scheduler to crawl a site now")
    run_now.add_argument("site_id", metavar="SITE_ID")
    _add_registry(run_now)
    _add_archive(run_now)

    replay = commands.add_parser("replay", help="browse the archive in pywb (Ctrl-C stops)")
    _add_registry(replay)
    _add_archive(replay)
    replay.add_argument("--site", default=None, help="only this site id")
    replay.add_argument("--port", type=_port, default=8090, help="port (default 8090)")
    replay.add_argument("--bind", default="127.0.0.1",
                        help="address to listen on (default 127.0.0.1: this machine only)")

    wacz = commands.add_parser("wacz", help="package a run (or a date range) as a WACZ file")
    _add_archive(wacz)
    wacz.add_argument("--site", default=None, help="only this site id")
    chosen = wacz.add_mutually_exclusive_group()
    chosen.add_argument("--run", default=None, help="the run id (default: the site's last "
                                                    "finished run)")
    chosen.add_argument("--since", default=None, help="captures fetched on/after YYYY-MM-DD")
    wacz.add_argument("--until", default=None, help="captures fetched on/before YYYY-MM-DD")
    wacz.add_argument("--out", type=Path, default=None,
                      help="output file (default: ARCHIVE/wacz/SITE/RUN.wacz)")

    serve = commands.add_parser("serve", help="the dashboard: a web page over the archive")
    _add_registry(serve)
    _add_archive(serve)
    serve.add_argument("--port", type=_port, default=8080, help="port (default 8080)")
    serve.add_argument("--host", default="127.0.0.1",
                       help="address to listen on (default 127.0.0.1: this machine only; "
                            "any other needs BDT_SERVE_TOKEN)")
    serve.add_argument("--replay-url", default=os.environ.get("BDT_REPLAY_URL")
                       or "http://127.0.0.1:8090",
                       help="where `bdt replay` answers (default: $BDT_REPLAY_URL, else "
                            "http://127.0.0.1:8090)")
    serve.add_argument("--db-url", default=None, help="scheduler job store URL")

    search = commands.add_parser("search", help="full-text search over the clean archive")
    search.add_argument("query", metavar="QUERY", help="words (with or without tone marks); "
                                                       "\"quoted phrases\"")
    _add_archive(search)
    search.add_argument("--site", default=None, help="only this site id")
    search.add_argument("--province", default=None, help="only this province (before 2025)")
    search.add_argument("--province-2025", default=None, help="only this province (since 2025)")
    search.add_argument("--since", default=None, help="published on/after YYYY-MM-DD")
    search.add_argument("--until", default=None, help="published on/before YYYY-MM-DD")
    search.add_argument("--limit", type=_positive_int, default=20, help="results (default 20)")
    search.add_argument("--json", action="store_true", help="one JSON object per result")

    demo = commands.add_parser("demo", help="crawl the built-in replica sites")
    demo.add_argument("archive_dir", nargs="?", type=Path, default=Path("demo-archive"))
    demo.add_argument("--sites", default=None, help="comma-separated replica site keys")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; returns the exit status.  Errors are printed and mapped to exit codes
    only here: a typed error (`archive.errors`) becomes `bdt: <message>` on stderr and its
    `exit_code`; a closed pipe ends quietly (141); a file-system error is `path: reason` (1)."""
    try:
        args = build_parser().parse_args(list(sys.argv[1:] if argv is None else argv))
    except SystemExit as exit_:  # argparse printed usage and the error (or --help)
        return exit_.code if isinstance(exit_.code, int) else 2
    logging.basicConfig(level=logging.DEBUG if args.verbose else logging.INFO,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    from archive.catalog.database import catalog_errors
    try:
        with _database_url(args):
            code = COMMANDS[args.command](args)
        sys.stdout.flush()  # a closed pipe shows here, not at interpreter exit
        return code
    except BdtError as error:
        return report(error)
    except BrokenPipeError:  # `bdt sites | head -1`: stop quietly, like git
        _silence_stdout()
        return 141  # 128 + SIGPIPE, what the shell shows for a tool killed by it
    except OSError as error:  # the file system refused (permissions, full disk, ...)
        where = f"{error.filename}: " if error.filename else ""
        print(f"bdt: {where}{error.strerror or error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except catalog_errors() as error:  # the catalog database refused (down, no access, ...)
        reason = str(error).strip().splitlines()[0] if str(error).strip() else repr(error)
        print(f"bdt: the catalog database: {reason}", file=sys.stderr)
        return 1


@contextmanager
def _database_url(args: argparse.Namespace) -> Iterator[None]:
    """`--db-url postgresql://...` holds the catalog too: BDT_DB_URL for the command (every
    layout and every crawl subprocess reads it); the job store gets SQLAlchemy's psycopg form."""
    from archive.catalog.database import is_postgres_url
    from archive.layout import DB_URL_VARIABLE

    url = getattr(args, "db_url", None)
    if not (url and is_postgres_url(url)):
        yield
        return
    before = os.environ.get(DB_URL_VARIABLE)
    os.environ[DB_URL_VARIABLE] = url.replace("postgresql+psycopg://", "postgresql://", 1)
    args.db_url = "postgresql+psycopg://" + url.split("://", 1)[1]
    try:
        yield
    finally:
        if before is None:
            os.environ.pop(DB_URL_VARIABLE, None)
        else:
            os.environ[DB_URL_VARIABLE] = before


def _silence_stdout() -> None:
    """Point stdout at /dev/null so the interpreter's final flush cannot fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):  # stdout is not a real file (tests)
        pass


def cmd_sites(args: argparse.Namespace) -> int:
    from bdt.report import sites_table

    registry = load_sites(args.registry)
    if args.json:
        from dataclasses import asdict
        for site in registry.values():
            print(json.dumps(asdict(site), ensure_ascii=False))
    else:
        print(sites_table(list(registry.values())))
    return 0


def cmd_crawl(args: argparse.Namespace) -> int:
    from bdt.crawl_settings import parse_settings
    from bdt.crawling import crawl_once

    settings = parse_settings(args.set)  # before anything is created or recorded
    check_site_ids(load_sites(args.registry), args.site_ids)
    create_archive(args.archive)
    return crawl_once(args.site_ids, archive_dir=args.archive, registry=args.registry,
                      max_pages=args.max_pages, extract=not args.no_extract,
                      settings=settings, verbose=args.verbose)


def cmd_demo(args: argparse.Namespace) -> int:
    from bdt.demo import demo_base_port, run_demo
    from replica.sites import SITES

    sites = None
    if args.sites is not None:
        sites = [key.strip() for key in args.sites.split(",") if key.strip()]
        unknown = [key for key in sites if key not in SITES]
        if unknown or not sites:
            what = f"unknown replica site(s) {', '.join(unknown)}" if unknown else \
                "no replica site given"
            raise UnknownSite(f"--sites: {what} (known: {', '.join(SITES)})")
    demo_base_port()  # $BDT_DEMO_PORT, checked before anything is created
    create_archive(args.archive_dir)
    return run_demo(args.archive_dir, sites=sites, verbose=args.verbose)


def cmd_extract(args: argparse.Namespace) -> int:
    from archive.extract.cli import extract_file
    print(extract_file(args.file, args.url, as_json=args.json, cms=args.cms,
                       explain=args.explain))
    return 0


def cmd_eval(args: argparse.Namespace) -> int:
    from archive.extract.cli import evaluation_report
    print(evaluation_report(args.dirs, as_json=args.json, verbose=args.details or args.verbose))
    return 0


def cmd_reextract(args: argparse.Namespace) -> int:
    from archive.catalog import Catalog
    from archive.documents import reextract

    since, until = parse_date(args.since, "--since"), parse_date(args.until, "--until")
    if since and until and since > until:
        raise UsageError(f"--since {since} is after --until {until}")
    registry = load_sites(args.registry)
    layout = open_archive(args.archive)
    with Catalog(layout.catalog) as catalog:
        check_archived_site(catalog, layout, args.site)
        summary = reextract(layout, catalog, registry, site_id=args.site, since=since,
                            until=until, workers=args.workers)
    print(f"pages {summary.pages}, articles {summary.articles}: {summary.new} new, "
          f"{summary.changed} changed, {summary.unchanged} unchanged, {summary.removed} removed, "
          f"{summary.errors} errors")
    return 1 if summary.errors else 0


def cmd_export(args: argparse.Namespace) -> int:
    from archive.catalog import Catalog
    from archive.export import export

    since = parse_date(args.since, "--since")
    published_since = parse_date(args.published_since, "--published-since")
    layout = open_archive(args.archive)
    with Catalog(layout.catalog) as catalog:
        check_archived_site(catalog, layout, args.site)
        out_dir = output_dir(args.out, "--out") if args.out is not None else None
        paths = export(layout, catalog, fmt=args.format, site_id=args.site, since=since,
                       out_dir=out_dir, published_since=published_since)
    for path in paths:
        print(path)
    return 0


def cmd_schedule(args: argparse.Namespace) -> int:
    from bdt.scheduler.daemon import run_daemon
    from bdt.scheduler.options import options_from_args
    return run_daemon(options_from_args(args), verbose=args.verbose)


def cmd_status(args: argparse.Namespace) -> int:
    from bdt.status import collect_status, format_status

    registry = load_sites(args.registry)
    report_ = collect_status(open_archive(args.archive), registry, db_url=args.db_url)
    print(json.dumps(report_, ensure_ascii=False, indent=2) if args.json
          else format_status(report_))
    return 0


def cmd_plan(args: argparse.Namespace) -> int:
    from dataclasses import asdict

    from archive.layout import ArchiveLayout
    from bdt.scheduler.plan import ASSUME_PAGES, DEFAULT_DELAY, format_plan, plan_for_archive

    if args.delay is not None and not args.delay >= 0:
        raise UsageError(f"--delay must not be negative, got {args.delay}")
    registry = load_sites(args.registry)
    layout = ArchiveLayout.at(args.archive)  # no archive yet: every crawl is a first crawl
    plan = plan_for_archive(layout, registry, crawls_per_node=args.crawls_per_node,
                            assume_pages=args.assume_pages or ASSUME_PAGES,
                            default_delay=DEFAULT_DELAY if args.delay is None else args.delay)
    print(json.dumps(asdict(plan), indent=2) if args.json else format_plan(plan))
    return 0


def cmd_nodes(args: argparse.Namespace) -> int:
    import time

    from archive import __version__
    from bdt.scheduler.nodes import NodeDown, NodeError, ScrapydClient, load_nodes, thin_egg

    path = args.nodes or os.environ.get("BDT_NODES")
    if not path:
        raise UsageError("give the node list: --nodes FILE (or BDT_NODES)")
    nodes = load_nodes(path)
    if args.action == "list":
        from bdt.scheduler.nodes import check_pins, node_of
        registry = load_sites(args.registry)
        check_pins(nodes, registry)
        for node in nodes:
            sites = [s.id for s in registry.values() if node_of(s, nodes) == node]
            print(f"{node.name}\t{node.url}\t{len(sites)} sites: {' '.join(sites)}")
        return 0
    version = f"{__version__}-{int(time.time())}"  # Scrapyd runs the newest version
    egg, failed = thin_egg(version), 0
    for node in nodes:
        try:
            answer = ScrapydClient(node).add_version(version, egg)
            print(f"{node.name}: project {answer.get('project')} version {version}, "
                  f"spiders {answer.get('spiders')}")
        except (NodeDown, NodeError) as error:
            print(f"bdt: {error}", file=sys.stderr)
            failed += 1
    return 1 if failed else 0


def cmd_run_now(args: argparse.Namespace) -> int:
    from bdt.scheduler.run_queue import request_run

    registry = load_sites(args.registry)
    layout = open_archive(args.archive)
    request, pid = request_run(layout, registry, args.site_id)
    if pid:
        print(f"queued a crawl of {args.site_id}; the scheduler (pid {pid}) starts it within a "
              f"few seconds, or skips it if the site is being crawled now ({request.path.name})")
    else:
        print(f"queued a crawl of {args.site_id} in {request.path.parent}, but no scheduler is "
              f"running on {layout.root}: the request waits until `bdt schedule` starts")
    return 0


def cmd_replay(args: argparse.Namespace) -> int:
    from bdt.replay import run_replay
    return run_replay(open_archive(args.archive), load_sites(args.registry), site_id=args.site,
                      host=args.bind, port=args.port)


def cmd_wacz(args: argparse.Namespace) -> int:
    from datetime import timedelta

    from archive.catalog import Catalog
    from archive.wacz import WaczError, default_path, write_wacz

    layout = open_archive(args.archive)
    since, until = parse_date(args.since, "--since"), parse_date(args.until, "--until")
    if args.until and args.run:
        raise UsageError("--until goes with --since, not with --run")
    with Catalog(layout.catalog) as catalog:
        check_archived_site(catalog, layout, args.site)
        run_id = args.run
        if run_id is not None and catalog.run(run_id) is None:
            raise UsageError(f"no run {run_id!r} in the catalog")
        if run_id is None and since is None and until is None:
            if args.site is None:
                raise UsageError("say what to package: --run RUN, --since/--until, or --site")
            finished = catalog.runs(args.site, status="finished", limit=1)
            if not finished:
                raise UsageError(f"site {args.site!r} has no finished run")
            run_id = finished[0]["id"]
        out = args.out or default_path(layout, args.site, run_id)
        try:
            summary = write_wacz(
                layout, catalog, out, site_id=args.site, run_id=run_id,
                since=since.isoformat() if since else None,
                until=(until + timedelta(days=1)).isoformat() if until else None)
        except WaczError as error:  # no such run, nothing selected: the input's fault
            raise UsageError(str(error)) from None
        except OSError as error:  # the output cannot be written; the archive is untouched
            raise OperationFailed(f"{out}: {error.strerror or error}") from None
    print(f"{summary.path}: {len(summary.warc_files)} WARC file(s), {summary.pages} pages")
    for stored in summary.missing:
        print(f"bdt: left out {stored}: not a finished WARC file", file=sys.stderr)
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from bdt.web.serve import run_serve, serve_token

    serve_token(args.host)  # a bind beyond loopback without a token: refused first
    if not args.replay_url.startswith(("http://", "https://")):
        raise UsageError(f"--replay-url expects an http(s) URL, got {args.replay_url!r}")
    return run_serve(open_archive(args.archive), load_sites(args.registry), host=args.host,
                     port=args.port, replay_url=args.replay_url,
                     db_url=args.db_url or os.environ.get("BDT_SCHEDULER_DB_URL") or None)


def cmd_search(args: argparse.Namespace) -> int:
    from archive.catalog import Catalog, SearchFilters
    from archive.catalog.search import query_terms

    since, until = parse_date(args.since, "--since"), parse_date(args.until, "--until")
    if since and until and since > until:
        raise UsageError(f"--since {since} is after --until {until}")
    if not query_terms(args.query):
        raise UsageError(f"QUERY {args.query!r} has no word to search for")
    layout = open_archive(args.archive)
    filters = SearchFilters(site_id=args.site, province=args.province,
                            province_2025=args.province_2025,
                            published_from=since.isoformat() if since else None,
                            published_to=until.isoformat() if until else None)
    with Catalog(layout.catalog) as catalog:
        check_archived_site(catalog, layout, args.site)
        catalog.refresh_search()
        result = catalog.search(args.query, filters, limit=args.limit)
    if args.json:
        for hit in result.hits:
            print(json.dumps(hit.as_json(), ensure_ascii=False))
        return 0
    for hit in result.hits:
        print(f"{hit.title or hit.url}\n  {hit.site_id} · {hit.published_date or 'undated'} · "
              f"{hit.url}\n  {' '.join(hit.as_json()['snippet'].split())}\n")
    print(f"{result.total} document(s) match; showing {len(result.hits)}, "
          f"{'best matches' if result.order == 'relevance' else 'most recently archived'} "
          f"first")
    return 0


COMMANDS = {
    "serve": cmd_serve,
    "search": cmd_search,
    "wacz": cmd_wacz,
    "replay": cmd_replay,
    "schedule": cmd_schedule,
    "status": cmd_status,
    "plan": cmd_plan,
    "nodes": cmd_nodes,
    "run-now": cmd_run_now,
    "extract": cmd_extract,
    "eval": cmd_eval,
    "reextract": cmd_reextract,
    "export": cmd_export,
    "sites": cmd_sites,
    "crawl": cmd_crawl,
    "demo": cmd_demo,
}


if __name__ == "__main__":
    sys.exit(main())
