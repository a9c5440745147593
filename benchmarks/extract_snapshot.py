"""Every extraction output of the benchmark pages as JSON, to prove a speed-up changes nothing.

    .venv/bin/python benchmarks/extract_snapshot.py OUT.json [--pages DIR] [--real DIR]
    .venv/bin/python benchmarks/extract_snapshot.py --compare BEFORE.json AFTER.json

Same page sets as ``extract_speed.py`` (fixtures, replica, portal pages and with ``--real``
the rebuilt real pages); each page's whole
``Extraction`` (kind, document, warnings, explanations) is written.  Replica pages carry
the port and the time they were served, so they are saved once as case folders under
``--pages DIR`` and read back from there by later runs.  ``--compare`` prints
the pages whose output differs and exits 1 when any does.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from archive.evaluation import iter_cases  # noqa: E402
from benchmarks.extract_speed import (  # noqa: E402
    FIXTURES_DIR,
    ours,
    portal_cases,
    real_cases,
    replica_cases,
)


def save_replica(directory: Path) -> None:
    """Write the replica pages as case folders (page.html, headers.json, url.txt)."""
    for n, case in enumerate(replica_cases()):
        folder = directory / f"{n:03d}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "page.html").write_bytes(case.body)
        (folder / "headers.json").write_text(json.dumps(case.headers), "utf-8")
        (folder / "url.txt").write_text(case.url, "utf-8")


def snapshot(pages: Path, real: Path | None = None) -> dict[str, object]:
    """Page set/name -> the extraction as plain JSON data."""
    if not any(pages.glob("*/page.html")):
        save_replica(pages)
    out: dict[str, object] = {}
    sets = {"fixtures": list(iter_cases([FIXTURES_DIR])), "replica": list(iter_cases([pages])),
            "portal": portal_cases()}
    if real is not None:
        sets["real"] = real_cases(real)
    for name, cases in sets.items():
        for case in cases:
            out[f"{name}/{case.name}"] = json.loads(json.dumps(
                dataclasses.asdict(ours(case)), ensure_ascii=False, default=str))
    return out


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--compare", nargs=2, type=Path, metavar=("BEFORE", "AFTER"))
    parser.add_argument("out", nargs="?", type=Path)
    parser.add_argument("--pages", type=Path, default=Path("/tmp/extract_snapshot_pages"),
                        help="replica pages saved as case folders (written when empty)")
    parser.add_argument("--real", type=Path, metavar="DIR",
                        help="also the real pages rebuilt into DIR (real_pages_rebuild.py)")
    args = parser.parse_args(argv)
    if args.compare:
        before, after = (json.loads(p.read_text("utf-8")) for p in args.compare)
        differ = sorted(k for k in before.keys() | after.keys() if before.get(k) != after.get(k))
        for key in differ:
            print(f"differs: {key}")
        print(f"{len(before)} pages before, {len(after)} after, {len(differ)} differ")
        return 1 if differ else 0
    if args.out is None:
        parser.error("give OUT.json or --compare BEFORE AFTER")
    data = snapshot(args.pages, args.real)
    args.out.write_text(json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True), "utf-8")
    print(f"{len(data)} pages written to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
