"""Time ``extract_page`` against plain ``trafilatura.extract`` on the same pages.

    .venv/bin/python benchmarks/extract_speed.py [--repeat N] [DIR ...]

Prints per-page milliseconds for both and the ratio ours/trafilatura (target <= 1.15).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import trafilatura  # noqa: E402

from archive.evaluation import Case, iter_cases  # noqa: E402
from archive.extract import extract_page, load_rulebook  # noqa: E402

FIXTURES_DIR = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "extract"


def _ours(case: Case) -> object:
    return extract_page(case.body, case.url, headers=case.headers, fetched_at=case.fetched_at)


def _plain(case: Case) -> object:
    return trafilatura.extract(case.body, url=case.url)


def time_runs(func: Callable[[Case], object], cases: Sequence[Case], repeat: int) -> list[float]:
    """Seconds per pass over all cases, one entry per repetition."""
    passes = []
    for _ in range(repeat):
        start = time.perf_counter()
        for case in cases:
            func(case)
        passes.append(time.perf_counter() - start)
    return passes


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dirs", nargs="*", type=Path)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    cases = list(iter_cases(args.dirs or [FIXTURES_DIR]))
    if not cases:
        print("no cases", file=sys.stderr)
        return 2
    load_rulebook()  # rules are loaded once per process; keep that out of the timing
    for case in cases:  # warm-up (imports, caches)
        _ours(case)
        _plain(case)
    plain, ours = [], []
    for _ in range(args.repeat):  # interleave so machine noise hits both alike
        plain += time_runs(_plain, cases, 1)
        ours += time_runs(_ours, cases, 1)
    n = len(cases)
    t_plain, t_ours = statistics.median(plain) / n, statistics.median(ours) / n
    print(f"pages: {n}  repeats: {args.repeat}")
    print(f"trafilatura.extract : {t_plain * 1000:8.2f} ms/page")
    print(f"extract_page        : {t_ours * 1000:8.2f} ms/page")
    print(f"ratio ours/plain    : {t_ours / t_plain:8.3f}  (target <= 1.15)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
