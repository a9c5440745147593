"""`python -m bdt.scheduler [options]`: the daemon without the `bdt` front end."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from archive.errors import BdtError
from bdt.cli_support import report
from bdt.scheduler.daemon import run_daemon
from bdt.scheduler.options import add_arguments, options_from_args


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bdt.scheduler",
                                     description="Run the bandantoc-archive crawl scheduler.")
    parser.add_argument("-v", "--verbose", action="store_true", help="debug logging")
    add_arguments(parser)
    args = parser.parse_args(argv)
    try:
        return run_daemon(options_from_args(args), verbose=args.verbose)
    except BdtError as error:
        return report(error)


if __name__ == "__main__":
    sys.exit(main())
