"""`bdt`: the command line.  Thin: each subcommand parses its options and calls one function."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

from archive.layout import DEFAULT_ARCHIVE_DIR

logger = logging.getLogger("bdt")


def _add_registry(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--registry", type=Path, default=None,
                        help="site registry YAML (default: the bundled crawler/sites.yaml)")


def _add_archive(parser: argparse.ArgumentParser, default: Path = DEFAULT_ARCHIVE_DIR) -> None:
    parser.add_argument("--archive", type=Path, default=default,
                        help=f"archive directory (default: ./{default})")


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

    demo = commands.add_parser("demo", help="crawl the built-in replica sites")
    demo.add_argument("archive_dir", nargs="?", type=Path, default=Path("demo-archive"))
    demo.add_argument("--sites", default=None, help="comma-separated replica site keys")
    return parser


def _settings_pairs(values: list[str]) -> tuple[tuple[str, object], ...]:
    pairs = []
    for item in values:
        name, sep, value = item.partition("=")
        if not sep:
            raise SystemExit(f"bdt: -s expects NAME=VALUE, got {item!r}")
        pairs.append((name.strip(), value))
    return tuple(pairs)


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.DEBUG if args.verbose else logging.INFO,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    handler = COMMANDS[args.command]
    try:
        return handler(args)
    except KeyboardInterrupt:
        return 130


def cmd_sites(args: argparse.Namespace) -> int:
    from archive.report import sites_table
    from crawler.registry import RegistryError, load_registry

    try:
        registry = load_registry(args.registry)
    except RegistryError as error:
        print(f"bdt: invalid registry: {error}", file=sys.stderr)
        return 2
    if args.json:
        from dataclasses import asdict
        for site in registry.values():
            print(json.dumps(asdict(site), ensure_ascii=False))
    else:
        print(sites_table(list(registry.values())))
    return 0


def cmd_crawl(args: argparse.Namespace) -> int:
    from archive.crawling import crawl_once
    return crawl_once(args.site_ids, archive_dir=args.archive, registry=args.registry,
                      max_pages=args.max_pages, extract=not args.no_extract,
                      settings=_settings_pairs(args.set))


def cmd_demo(args: argparse.Namespace) -> int:
    from archive.demo import run_demo
    sites = args.sites.split(",") if args.sites else None
    return run_demo(args.archive_dir, sites=sites)


COMMANDS = {
    "sites": cmd_sites,
    "crawl": cmd_crawl,
    "demo": cmd_demo,
}


if __name__ == "__main__":
    sys.exit(main())
