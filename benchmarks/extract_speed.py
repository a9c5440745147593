"""CPU time of ``extract_page`` against plain ``trafilatura.extract`` on the same pages.

    .venv/bin/python benchmarks/extract_speed.py [--rounds N] [--profile FILE] [--only SET]
                                                 [--real DIR] [DIR ...]

Page sets: the golden fixtures (``tests/fixtures/extract``), every article and listing page
the replica sites serve (rendered in-process, as sent), 100 article and 10 listing pages of
the generated provincial portal of ``portal_crawl.py`` (``portal``), and with ``--real DIR``
the real pages of ``real_pages.json`` rebuilt into DIR by ``real_pages_rebuild.py``; or the
case folders given.
Both sides run interleaved page by page in the same process (the order alternates between
rounds), each timed in process CPU time; every round starts cold (rules reloaded, caches
emptied, as in a fresh worker) and gives one ratio ours/plain, and the
median with the range over rounds is printed per page set, for all pages, and for the pages
we classify as articles and as others (listings, home and about pages) (target <= 1.15).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from email.utils import parsedate_to_datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import trafilatura  # noqa: E402

from archive.evaluation import Case, iter_cases  # noqa: E402
from archive.extract import extract_page, load_rulebook  # noqa: E402

FIXTURES_DIR = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "extract"
TARGET = 1.15  # ours / plain trafilatura, CPU per page
PORTAL_BASE = "http://127.0.0.1:1"  # the generated pages carry no host; any fixed one will do


def replica_cases() -> list[Case]:
    """Every article and listing page of every replica site, as served (no gzip)."""
    from replica import ReplicaServer

    cases = []
    with ReplicaServer() as server:
        for key in server.site_keys:
            manifest = server.manifest(key)
            for path in [*manifest.articles, *manifest.listings]:
                sent = server.raw_response(key, path, None)
                if sent.status != 200:
                    continue  # a fail-once page answers 500 to its first client
                headers = dict(sent.headers)
                date = next((v for k, v in headers.items() if k.lower() == "date"), None)
                cases.append(Case(f"{key}{path}", Path(path), sent.decoded,
                                  manifest.base_url.rstrip("/") + path, headers,
                                  parsedate_to_datetime(date) if date else None, None))
    return cases


def portal_cases(articles: int = 100, listings: int = 10) -> list[Case]:
    """Article and listing pages of the generated portal (deterministic, no server)."""
    from benchmarks.portal_crawl import Portal

    portal = Portal(200, 20)
    pages = [(portal.article_path(i), portal.article(i)) for i in range(1, articles + 1)]
    pages += [(f"/tin-tuc/trang-{i}", portal.listing(i)) for i in range(1, listings + 1)]
    return [Case(path, Path(path), body, PORTAL_BASE + path, {}, None, None)
            for path, body in pages]


def real_cases(directory: Path) -> list[Case]:
    """The real pages of ``real_pages.json``, as rebuilt into ``directory``."""
    from benchmarks.real_pages import GOLD

    gold = json.loads(GOLD.read_text("utf-8"))["pages"]
    cases = []
    for page in gold:
        path = directory / f"{page['id']}.html"
        if not path.is_file():
            raise SystemExit(f"extract_speed: {path}: missing; run real_pages_rebuild.py "
                             f"rebuild {directory}")
        cases.append(Case(page["id"], path, path.read_bytes(), page["url"], {}, None, None))
    return cases


def page_sets(dirs: Sequence[Path], real: Path | None = None,
              only: str | None = None) -> dict[str, list[Case]]:
    """Named page sets: the folders given, else fixtures, replica and portal (and real);
    with ``only``, just that one."""
    makers: dict[str, Callable[[], list[Case]]] = {
        str(d): (lambda d=d: list(iter_cases([d]))) for d in dirs}
    if not dirs:
        makers = {"fixtures": lambda: list(iter_cases([FIXTURES_DIR])),
                  "replica": replica_cases, "portal": portal_cases}
    if real is not None:
        makers["real"] = lambda: real_cases(real)
    return {name: make() for name, make in makers.items() if only in (None, name)}


def ours(case: Case) -> object:
    return extract_page(case.body, case.url, headers=case.headers, fetched_at=case.fetched_at)


def plain(case: Case) -> object:
    return trafilatura.extract(case.body, url=case.url)


def _cpu(func: Callable[[Case], object], case: Case) -> float:
    start = time.process_time()
    func(case)
    return time.process_time() - start


def cold_start() -> None:
    """Forget what earlier pages taught ``extract_page``, as in a fresh extraction worker:
    the rule book (with its per-(tag, id, class) verdicts) is loaded again, untimed, and the
    cleaned link texts are forgotten.  Pages then gain only from the pages before them in
    the same round (a site's menus repeat), never from their own earlier rounds."""
    from archive.extract.classify import _kept_clean
    from archive.extract.rules import clear_cache

    clear_cache()
    _kept_clean.cache_clear()
    load_rulebook()


def measure(cases: Sequence[Case], rounds: int) -> tuple[list[float], list[float]]:
    """CPU seconds per page for (plain, ours), one entry per round, interleaved per page;
    each round starts cold (:func:`cold_start`)."""
    plain_rounds, ours_rounds = [], []
    for r in range(rounds):
        cold_start()
        t_plain = t_ours = 0.0
        for case in cases:
            if r % 2:
                t_ours += _cpu(ours, case)
                t_plain += _cpu(plain, case)
            else:
                t_plain += _cpu(plain, case)
                t_ours += _cpu(ours, case)
        plain_rounds.append(t_plain / len(cases))
        ours_rounds.append(t_ours / len(cases))
    return plain_rounds, ours_rounds


def profile(cases: Sequence[Case], out: Path) -> None:
    """cProfile of ``extract_page`` over the cases (5 passes), top functions printed."""
    import cProfile
    import pstats

    prof = cProfile.Profile()
    prof.enable()
    for _ in range(5):
        for case in cases:
            ours(case)
    prof.disable()
    prof.dump_stats(out)
    pstats.Stats(prof).sort_stats("cumulative").print_stats(40)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dirs", nargs="*", type=Path)
    parser.add_argument("--rounds", "--repeat", type=int, default=7)
    parser.add_argument("--profile", type=Path, help="write a cProfile of ours here instead")
    parser.add_argument("--real", type=Path, metavar="DIR",
                        help="also the real pages rebuilt into DIR (real_pages_rebuild.py)")
    parser.add_argument("--only", help="time only this page set (e.g. portal)")
    args = parser.parse_args(argv)
    sets = {name: cases for name, cases in page_sets(args.dirs, args.real, args.only).items()
            if cases}
    if not sets:
        print("extract_speed: no cases", file=sys.stderr)
        return 2
    load_rulebook()  # rules are loaded once per process; keep that out of the timing
    everything = [case for cases in sets.values() for case in cases]
    kinds: dict[str, str] = {}
    for case in everything:  # warm-up (imports, caches)
        kinds[case.url] = ours(case).kind  # type: ignore[attr-defined]
        plain(case)
    if args.profile:
        profile(everything, args.profile)
        return 0
    print(f"CPU time per page, {args.rounds} interleaved rounds; ratio = median (min-max)")
    print(f"{'pages':<10} {'n':>4} {'trafilatura ms':>15} {'ours ms':>9}   ratio ours/plain")
    by_kind = [("articles", [c for c in everything if kinds[c.url] == "article"]),
               ("others", [c for c in everything if kinds[c.url] != "article"])]
    worst = 0.0
    for name, cases in [*sets.items(), ("all", everything), *by_kind]:
        if not cases:
            continue
        p, o = measure(cases, args.rounds)
        ratios = sorted(b / a for a, b in zip(p, o, strict=True))
        if name not in ("articles", "others"):  # the kinds are slices of the sets, shown
            worst = max(worst, statistics.median(ratios))
        print(f"{name:<10} {len(cases):>4} {statistics.median(p) * 1000:>15.2f} "
              f"{statistics.median(o) * 1000:>9.2f}   {statistics.median(ratios):.3f} "
              f"({ratios[0]:.3f}-{ratios[-1]:.3f})")
    met = worst <= TARGET
    print(f"target: ratio <= {TARGET} on every page set and all: {'met' if met else 'NOT met'} "
          f"(highest median {worst:.3f})")
    return 0 if met else 1


if __name__ == "__main__":
    raise SystemExit(main())
