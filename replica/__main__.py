"""`python -m replica`: serve the replica sites until Ctrl-C."""

from __future__ import annotations

import argparse
import sys
import threading
from pathlib import Path

import yaml

from replica.server import PortTaken, ReplicaServer
from replica.sites import SITES


def write_registry(server: ReplicaServer, path: Path) -> None:
    """Write a site registry (``sites:`` list) for the served replicas."""
    path.parent.mkdir(parents=True, exist_ok=True)
    text = yaml.safe_dump(
        {"sites": server.registry_entries()}, allow_unicode=True, sort_keys=False
    )
    path.write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None, *, stop: threading.Event | None = None) -> int:
    """Start the server, print the URLs, write the registry if asked, serve until stopped."""
    parser = argparse.ArgumentParser(prog="python -m replica", description=__doc__)
    parser.add_argument("--sites", help=f"comma-separated subset of: {','.join(SITES)}")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--base-port", type=int, default=None,
                        help="fixed ports N, N+1, ... (in the order of replica.sites.SITES) "
                             "instead of ephemeral ones")
    parser.add_argument("--log", type=Path, help="append a JSONL request log to this file")
    parser.add_argument("--registry-out", type=Path, help="write a registry YAML for the replicas")
    args = parser.parse_args(argv)
    keys = [k.strip() for k in args.sites.split(",") if k.strip()] if args.sites else None
    try:
        server = ReplicaServer(keys, host=args.host, log_path=args.log,
                               base_port=args.base_port).start()
    except ValueError as exc:
        parser.error(str(exc))
    except PortTaken as exc:
        parser.error(exc.strerror)
    stop = stop or threading.Event()
    with server:
        for key in server.site_keys:
            print(f"{key:<11} {server.start_url(key)}", flush=True)
        if args.registry_out:
            write_registry(server, args.registry_out)
            print(f"registry written to {args.registry_out}", flush=True)
        try:
            while not stop.wait(0.5):
                pass
        except KeyboardInterrupt:
            print("stopping", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
