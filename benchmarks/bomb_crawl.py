"""Peak memory and time of `bdt crawl` with compression bombs, against the same site without.

    .venv/bin/python benchmarks/bomb_crawl.py [--gib 10] [--bombs 3]

The longer version of tests/test_faults.py: a site with `--bombs` bombs of `--gib` GiB
each (gzip, deflate, gzip in gzip, in turn) among plain pages, crawled by `bdt crawl`
in a subprocess; the baseline is the same site with the bombs replaced by plain pages.
Then every WARC is checked whole: `warcio check` and check_warc with no decode limit
(both inflate each bomb to the end, in bounded memory).
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from archive.warc.check import check_warc  # noqa: E402
from tests.conftest import write_registry  # noqa: E402
from tests.support.bombs import GIB, write_bomb  # noqa: E402
from tests.support.faults import (  # noqa: E402
    Fault,
    FaultServer,
    FaultSite,
    _body,
    _file,
    _html,
    write_nested_bomb,
)

REPO = Path(__file__).resolve().parents[1]
BDT = str(Path(sys.executable).with_name("bdt"))
WARCIO = str(Path(sys.executable).with_name("warcio"))
CODINGS = ("gzip", "deflate", "gzip, gzip")


def build_bombs(folder: Path, count: int, size: int) -> list[tuple[Path, str]]:
    bombs = []
    for i in range(count):
        coding = CODINGS[i % len(CODINGS)]
        path = folder / f"bomb{i}"
        if coding == "gzip, gzip":
            write_nested_bomb(path, write_bomb(folder / f"inner{i}", size))
        else:
            write_bomb(path, size, coding)
        bombs.append((path, coding))
    return bombs


def site(bombs: list[tuple[Path, str]], plain: bool) -> FaultSite:
    pages = [Fault(f"/tin-tuc/{i}", "body", "archived",
                   _body(200, _html(f"Bài viết số {i}. " * 200))) for i in range(40)]
    traps = [Fault(f"/bomb/{i}", "bomb", "archived+error",
                   _body(200, _html("thay thế")) if plain else _file(path, coding))
             for i, (path, coding) in enumerate(bombs)]
    return FaultSite("bench", pages[:20] + traps + pages[20:])


def crawl(folder: Path, fault_site: FaultSite) -> tuple[float, int, int]:
    """(seconds, peak RSS bytes, exit code) of one `bdt crawl`."""
    with FaultServer([fault_site]) as server:
        registry = write_registry(folder / "sites.yaml", server.registry_entries())
        start = time.perf_counter()
        proc = subprocess.Popen([BDT, "crawl", "faults-bench", "--registry", str(registry),
                                 "--archive", str(folder / "archive")], cwd=REPO,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _, status, usage = os.wait4(proc.pid, 0)
        return time.perf_counter() - start, usage.ru_maxrss * 1024, os.waitstatus_to_exitcode(
            status)


def check_all(archive: Path) -> tuple[float, list[str]]:
    start = time.perf_counter()
    problems = []
    for path in sorted(archive.rglob("*.warc.gz")):
        result = subprocess.run([WARCIO, "check", str(path)], capture_output=True, text=True)
        if result.returncode:
            problems.append(f"warcio check {path.name}: {result.stdout[-500:]}")
        problems += [f"{path.name}: {p}" for p in check_warc(path)
                     if "does not decode" not in p]
    return time.perf_counter() - start, problems


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gib", type=int, default=10, help="decoded size of each bomb")
    parser.add_argument("--bombs", type=int, default=3)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bdt-bomb-") as tmp:
        root = Path(tmp)
        (root / "bombs").mkdir()
        start = time.perf_counter()
        bombs = build_bombs(root / "bombs", args.bombs, args.gib * GIB)
        made = time.perf_counter() - start
        wire = sum(p.stat().st_size for p, _ in bombs)
        (root / "plain").mkdir()
        (root / "bombed").mkdir()
        base_s, base_rss, base_code = crawl(root / "plain", site(bombs, plain=True))
        bomb_s, bomb_rss, bomb_code = crawl(root / "bombed", site(bombs, plain=False))
        check_s, problems = check_all(root / "bombed" / "archive")
    mib = 1 << 20
    print(f"{args.bombs} bombs of {args.gib} GiB decoded ({wire / mib:.0f} MiB on the wire, "
          f"built in {made:.1f} s), 40 plain pages:")
    print(f"  without bombs: {base_s:.1f} s, peak RSS {base_rss / mib:.0f} MiB (exit {base_code})")
    print(f"  with bombs:    {bomb_s:.1f} s, peak RSS {bomb_rss / mib:.0f} MiB (exit {bomb_code})")
    print(f"  ratio: time {bomb_s / base_s:.2f}x, peak RSS {bomb_rss / base_rss:.2f}x")
    print(f"  whole-WARC checks (warcio check + check_warc, bombs inflated to the end): "
          f"{check_s:.1f} s, {len(problems)} problem(s)")
    for problem in problems:
        print(f"    {problem}")
    print(f"  this process's peak RSS: "
          f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")
    return 1 if problems or bomb_rss > 600 * mib else 0


if __name__ == "__main__":
    sys.exit(main())
