"""`bdt`: the command line.  Thin: each subcommand parses its options and calls one function."""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from archive.layout import DEFAULT_ARCHIVE_DIR
from bdt.cli_support import CliError, load_sites, open_layout

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


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="bdt", description=(
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
    crawl.add_argument("--max-pages", type=int, default=None, help="stop a site after N pages")
    crawl.add_argument("--no-extract", action="store_true",
                       help="only capture; do not extract documents afterwards")
    crawl.add_argument("-s", "--set", action="append", default=[], metavar="NAME=VALUE",
                       help="override a Scrapy/BDT setting (e.g. -s DOWNLOAD_DELAY=0)")

    extract = commands.add_parser("extract", help="extract one saved page (for writing rules)")
    extract.add_argument("file", type=Path, help="the page as served (original bytes)")
    extract.add_argument("--url", required=True, help="the URL the page was served at")
    extract.add_argument("--json", action="store_true", help="print exactly one JSON object")
    extract.add_argument("--cms", default=None, help="pin a CMS family instead of detecting it")
    extract.add_argument("--explain", action="store_true",
                         help="show the rule or heuristic behind every removal and field")

    commands.add_parser("eval", help="text P/R/F1 and metadata accuracy vs plain trafilatura",
                        add_help=False)

    reextract = commands.add_parser("reextract",
                                    help="rebuild documents from the WARCs with the current rules")
    _add_registry(reextract)
    _add_archive(reextract)
    reextract.add_argument("--site", default=None, help="only this site id")
    reextract.add_argument("--since", default=None, help="captures fetched on/after YYYY-MM-DD")
    reextract.add_argument("--until", default=None, help="captures fetched on/before YYYY-MM-DD")
    reextract.add_argument("--workers", type=int, default=None, help="extraction processes")

    export = commands.add_parser("export", help="export current documents for downstream use")
    _add_archive(export)
    export.add_argument("--format", choices=("jsonl", "parquet", "wet"), default="jsonl")
    export.add_argument("--site", default=None, help="only this site id")
    export.add_argument("--since", default=None, help="versions fetched on/after YYYY-MM-DD")
    export.add_argument("--out", type=Path, default=None, help="output directory")

    from bdt.scheduler.options import add_arguments as add_schedule_arguments
    schedule = commands.add_parser("schedule", help="run the crawl scheduler (the daemon)")
    add_schedule_arguments(schedule)

    status = commands.add_parser("status", help="per site: last run, next run, crawling now")
    _add_registry(status)
    _add_archive(status)
    status.add_argument("--json", action="store_true", help="machine-readable output")
    status.add_argument("--db-url", default=None, help="scheduler job store URL")

    run_now = commands.add_parser("run-now", help="ask the running scheduler to crawl a site now")
    run_now.add_argument("site_id", metavar="SITE_ID")
    _add_registry(run_now)
    _add_archive(run_now)

    demo = commands.add_parser("demo", help="crawl the built-in replica sites")
    demo.add_argument("archive_dir", nargs="?", type=Path, default=Path("demo-archive"))
    demo.add_argument("--sites", default=None, help="comma-separated replica site keys")
    return parser


def _settings_pairs(values: list[str]) -> tuple[tuple[str, object], ...]:
    pairs = []
    for item in values:
        name, sep, value = item.partition("=")
        if not sep:
            raise CliError(f"-s expects NAME=VALUE, got {item!r}")
        pairs.append((name.strip(), value))
    return tuple(pairs)


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["eval"]:  # evaluation has its own options
        from archive.evaluation import main as eval_main
        return eval_main(argv[1:])
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.DEBUG if args.verbose else logging.INFO,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    handler = COMMANDS[args.command]
    try:
        return handler(args)
    except CliError as error:
        print(f"bdt: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


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
    from bdt.crawling import crawl_once
    return crawl_once(args.site_ids, archive_dir=args.archive, registry=args.registry,
                      max_pages=args.max_pages, extract=not args.no_extract,
                      settings=_settings_pairs(args.set), verbose=args.verbose)


def cmd_demo(args: argparse.Namespace) -> int:
    from bdt.demo import run_demo
    sites = args.sites.split(",") if args.sites else None
    return run_demo(args.archive_dir, sites=sites, verbose=args.verbose)


def cmd_extract(args: argparse.Namespace) -> int:
    from archive.extract.cli import extract_file
    if not args.file.is_file():
        raise CliError(f"no such file: {args.file}")
    print(extract_file(args.file, args.url, as_json=args.json, cms=args.cms,
                       explain=args.explain))
    return 0


def _date(value: str | None, option: str):
    from datetime import date
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CliError(f"{option} expects YYYY-MM-DD, got {value!r}") from None


def cmd_reextract(args: argparse.Namespace) -> int:
    from archive.catalog import Catalog
    from archive.documents import reextract

    registry = load_sites(args.registry)
    layout = open_layout(args.archive)
    with Catalog(layout.catalog_path) as catalog:
        summary = reextract(layout, catalog, registry, site_id=args.site,
                            since=_date(args.since, "--since"), until=_date(args.until, "--until"),
                            workers=args.workers)
    print(f"pages {summary.pages}, articles {summary.articles}: {summary.new} new, "
          f"{summary.changed} changed, {summary.unchanged} unchanged, {summary.removed} removed, "
          f"{summary.errors} errors")
    return 1 if summary.errors else 0


def cmd_export(args: argparse.Namespace) -> int:
    from archive.catalog import Catalog
    from archive.export import export

    layout = open_layout(args.archive)
    with Catalog(layout.catalog_path) as catalog:
        paths = export(layout, catalog, fmt=args.format, site_id=args.site,
                       since=_date(args.since, "--since"), out_dir=args.out)
    for path in paths:
        print(path)
    return 0


def cmd_schedule(args: argparse.Namespace) -> int:
    from bdt.scheduler.daemon import run_daemon
    from bdt.scheduler.options import options_from_args
    try:
        options = options_from_args(args)
    except ValueError as error:
        print(f"bdt: {error}", file=sys.stderr)
        return 2
    return run_daemon(options, verbose=args.verbose)


def cmd_status(args: argparse.Namespace) -> int:
    from bdt.status import print_status
    return print_status(args.archive, registry=args.registry, as_json=args.json,
                        db_url=args.db_url)


def cmd_run_now(args: argparse.Namespace) -> int:
    from bdt.scheduler.run_queue import request_run
    return request_run(args.archive, args.site_id, registry=args.registry)


COMMANDS = {
    "schedule": cmd_schedule,
    "status": cmd_status,
    "run-now": cmd_run_now,
    "extract": cmd_extract,
    "reextract": cmd_reextract,
    "export": cmd_export,
    "sites": cmd_sites,
    "crawl": cmd_crawl,
    "demo": cmd_demo,
}


if __name__ == "__main__":
    sys.exit(main())
