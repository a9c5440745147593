"""Search answers on a large archive: a catalog of N synthetic documents, then timed queries.

    .venv/bin/python benchmarks/search_speed.py [--documents 100000] [--catalog PATH]
    .venv/bin/python benchmarks/search_speed.py --db-url postgresql://.../db?options=-csearch_path%3Dbench

With `--db-url` the catalog is PostgreSQL's (generated there unless it already holds
documents; give it an empty database or schema).

The generator writes documents, captures and versions the way extraction does (one
capture and one version per document) and then indexes them through the search store's
own `refresh_search`, so the index is the one a real archive gets.  Texts are runs of
consecutive words from the sentences of the replica articles (`replica/texts`, written for
this project), strung into sentences of 8-25 words: a realistic mix of very
common words (`dân tộc`, in most documents) and rare ones.  Every query is timed as the
dashboard runs it (count + first page with snippets), best and worst of five runs.
Target: every query under 200 ms.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import statistics
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from archive.catalog import Catalog, SearchFilters  # noqa: E402

TARGET_MS = 200.0
SITES = [(f"site-{i:02d}", province, p2025) for i, (province, p2025) in enumerate([
    ("Thái Nguyên", "Thái Nguyên"), ("Bắc Kạn", "Thái Nguyên"), ("Vĩnh Phúc", "Phú Thọ"),
    ("Hòa Bình", "Phú Thọ"), ("Lâm Đồng", "Lâm Đồng"), ("Đắk Nông", "Lâm Đồng"),
    ("Cao Bằng", "Cao Bằng"), ("Lạng Sơn", "Lạng Sơn"), ("Hà Giang", "Tuyên Quang"),
    ("Kon Tum", "Quảng Ngãi"), ("Bình Định", "Gia Lai"), ("Sóc Trăng", "Cần Thơ")])]


def vocabulary() -> list[list[str]]:
    """The sentences of the replica articles, as word lists."""
    from replica.content import Article
    from replica.texts import blind, seeds, seeds_2, written, written_2, written_3

    sentences = []
    for module in (blind, seeds, seeds_2, written, written_2, written_3):
        for value in vars(module).values():
            items = value if isinstance(value, (list, tuple)) else [value]
            for item in items:
                if isinstance(item, Article):
                    for text in [item.title, *item.paragraphs, *item.list_items]:
                        for part in re.split(r"[.;:!?]\s", text):
                            if len(words := part.split()) >= 4:
                                sentences.append(words)
    return sentences


def generate(catalog_path: Path | str, count: int, seed: int = 12) -> None:
    """A catalog with `count` documents, indexed for search."""
    rng = random.Random(seed)
    sentences = vocabulary()

    def sentence(low: int, high: int) -> str:
        """Runs of 3-8 consecutive words from replica sentences, strung together."""
        chosen: list[str] = []
        while len(chosen) < rng.randint(low, high):
            source = rng.choice(sentences)
            start = rng.randrange(len(source))
            chosen += source[start:start + rng.randint(3, 8)]
        text = " ".join(chosen)
        return text[:1].upper() + text[1:] + "."

    with Catalog(catalog_path) as catalog:
        catalog.db.execute("SET synchronous_commit=off" if catalog.shared
                           else "PRAGMA synchronous=OFF")
        run_id = catalog.start_run("site-00")
        for start in range(0, count, 5000):
            with catalog.transaction() as db:
                for number in range(start, min(count, start + 5000)):
                    site, province, p2025 = SITES[number % len(SITES)]
                    url = f"https://{site}.example.gov.vn/tin-tuc/{number}"
                    fetched = f"2026-{1 + number % 12:02d}-{1 + number % 28:02d}T01:00:00Z"
                    published = (f"{2015 + number % 11}-{1 + number % 12:02d}-"
                                 f"{1 + (number // 12) % 28:02d}")
                    capture = db.execute(
                        "INSERT INTO captures (run_id, site_id, url, record_type, status,"
                        " content_type, fetched_at, warc_file, warc_offset, warc_length,"
                        " record_id) VALUES (?,?,?,?,?,?,?,?,?,?,?) RETURNING id",
                        (run_id, site, url, "response", 200, "text/html", fetched,
                         f"warc/{site}/bench.warc.gz", number * 1000, 1000,
                         f"<urn:uuid:bench-{number}>")).fetchone()[0]
                    document = db.execute(
                        "INSERT INTO documents (site_id, canonical_url, first_seen, last_seen)"
                        " VALUES (?,?,?,?) RETURNING id",
                        (site, url, fetched, fetched)).fetchone()[0]
                    paragraphs = ["".join(sentence(8, 25) + " " for _ in range(rng.randint(2, 5)))
                                  .strip() for _ in range(rng.randint(3, 8))]
                    data = {"title": sentence(8, 16).rstrip("."), "text": "\n\n".join(paragraphs),
                            "published": f"{published}T08:00:00+07:00", "province": province,
                            "province_2025": p2025, "site": site}
                    version = db.execute(
                        "INSERT INTO document_versions (document_id, capture_id, text_sha1,"
                        " fetched_at, extracted_at, extractor_version, rules_version, data)"
                        " VALUES (?,?,?,?,?,?,?,?) RETURNING id",
                        (document, capture, f"{number:040x}", fetched, fetched, "bench",
                         "bench", json.dumps(data, ensure_ascii=False))).fetchone()[0]
                    db.execute("UPDATE documents SET current_version_id=? WHERE id=?",
                               (version, document))
        catalog.refresh_search()
        catalog.db.execute("ANALYZE" if catalog.shared else "PRAGMA optimize")


QUERIES: list[tuple[str, SearchFilters]] = [
    ("dân tộc", SearchFilters()),  # in most documents
    ("dan toc", SearchFilters()),
    ("đồng bào dân tộc thiểu số", SearchFilters()),
    ('"dong bao dan toc"', SearchFilters()),
    ("hội nghị", SearchFilters(province_2025="Lâm Đồng")),
    ("chinh sach", SearchFilters(site_id="site-03")),
    ("phát triển", SearchFilters(published_from="2024-01-01", published_to="2024-12-31")),
    ("dan toc", SearchFilters(province="Bắc Kạn", published_from="2020-01-01")),
    ("Katê", SearchFilters()),  # a rare word
    ("quyet dinh 1719", SearchFilters()),
]


def time_queries(catalog_path: Path | str,
                 repeat: int = 5) -> list[tuple[str, str, int, float, float]]:
    """(query, filters, matches, best ms, worst ms) per query, as the dashboard runs it."""
    rows = []
    with Catalog(catalog_path) as catalog:
        for query, filters in QUERIES:
            times = []
            for _ in range(repeat):
                began = time.perf_counter()
                result = catalog.search(query, filters, limit=20)
                times.append((time.perf_counter() - began) * 1000)
            shown = ", ".join(f"{k}={v}" for k, v in vars(filters).items() if v) or "-"
            rows.append((query, shown, result.total, min(times), max(times)))
    return rows


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=100_000)
    parser.add_argument("--catalog", type=Path, default=None,
                        help="keep the generated catalog here (reused if it exists)")
    parser.add_argument("--db-url", default=None,
                        help="a PostgreSQL catalog instead (generated if it has no documents)")
    args = parser.parse_args(argv)
    if args.db_url:
        with Catalog(args.db_url) as catalog:
            empty = catalog.db.execute("SELECT count(*) FROM documents").fetchone()[0] == 0
        if empty:
            began = time.perf_counter()
            generate(args.db_url, args.documents)
            print(f"generated and indexed {args.documents} documents in PostgreSQL in "
                  f"{time.perf_counter() - began:.0f} s")
        return report(time_queries(args.db_url))
    with tempfile.TemporaryDirectory() as scratch:
        path = args.catalog or Path(scratch) / "catalog.sqlite"
        if not path.exists():
            began = time.perf_counter()
            generate(path, args.documents)
            print(f"generated and indexed {args.documents} documents in "
                  f"{time.perf_counter() - began:.0f} s ({path.stat().st_size / 2**20:.0f} MB)")
        rows = time_queries(path)
    return report(rows)


def report(rows: list[tuple[str, str, int, float, float]]) -> int:
    width = max(len(q) for q, *_ in rows)
    print(f"{'query':{width}}  {'filters':44}  {'matches':>8}  {'best ms':>8}  {'worst ms':>8}")
    for query, filters, total, best, worst in rows:
        print(f"{query:{width}}  {filters:44}  {total:8d}  {best:8.1f}  {worst:8.1f}")
    slowest = max(worst for *_, worst in rows)
    median = statistics.median(best for *_, best, _ in rows)
    verdict = "ok" if slowest < TARGET_MS else "TOO SLOW"
    print(f"median {median:.1f} ms, slowest {slowest:.1f} ms (target < {TARGET_MS:.0f} ms): "
          f"{verdict}")
    return 0 if slowest < TARGET_MS else 1


if __name__ == "__main__":
    sys.exit(main())
