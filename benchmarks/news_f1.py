"""Text F1 on general news pages: our extractor against plain trafilatura, same run.

    .venv/bin/python benchmarks/news_f1.py DIR

DIR is a checkout of the public article-extraction benchmark
(github.com/scrapinghub/article-extraction-benchmark: `ground-truth.json` and
`html/<id>.html.gz`); it is not shipped with this project.  F1 is computed on
word 4-gram shingles (multiset overlap), micro-averaged over pages.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import trafilatura  # noqa: E402

from archive.extract import extract_page  # noqa: E402


def shingles(text: str, size: int = 4) -> Counter[tuple[str, ...]]:
    words = re.findall(r"\w+", text.lower())
    return Counter(tuple(words[i:i + size]) for i in range(max(1, len(words) - size + 1)))


def overlap(truth: str, predicted: str) -> tuple[int, int, int]:
    """(true positives, false positives, false negatives) of shingles."""
    t, p = shingles(truth), shingles(predicted)
    common = sum((t & p).values())
    return common, sum(p.values()) - common, sum(t.values()) - common


def scores(counts: list[tuple[int, int, int]]) -> tuple[float, float, float]:
    tp, fp, fn = (sum(c[i] for c in counts) for i in range(3))
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("benchmark_dir", type=Path)
    args = parser.parse_args(argv)
    truth = json.loads((args.benchmark_dir / "ground-truth.json").read_text())
    ours, plain = [], []
    for key, item in truth.items():
        html = gzip.decompress((args.benchmark_dir / "html" / f"{key}.html.gz").read_bytes())
        url = item.get("url") or "http://example.com/"
        body = item.get("articleBody") or ""
        document = extract_page(html, url, always_document=True).document or {}
        ours.append(overlap(body, document.get("text") or ""))
        plain.append(overlap(body, trafilatura.extract(html, url=url) or ""))
    print(f"pages: {len(truth)}")
    for name, counts in (("trafilatura.extract", plain), ("extract_page", ours)):
        precision, recall, f1 = scores(counts)
        print(f"{name:<20} P {precision:.4f}  R {recall:.4f}  F1 {f1:.4f}")
    print(f"F1 ratio ours/plain: {scores(ours)[2] / scores(plain)[2]:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
