"""Run every benchmark; each reports a ratio against a baseline measured in the same run.

    make bench      (or .venv/bin/python benchmarks/run.py)
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks import bomb_crawl, extract_speed, search_speed, warc_write  # noqa: E402


def main() -> int:
    print("== extraction: extract_page vs plain trafilatura.extract ==")
    code = extract_speed.main([])
    print("\n== WARC writing: WarcFileWriter vs plain warcio ==")
    code = warc_write.main([]) or code
    print("\n== search: 100 000 generated documents, every query under 200 ms ==")
    code = search_speed.main([]) or code
    print("\n== bdt crawl with 10 GiB compression bombs vs without (several minutes) ==")
    return bomb_crawl.main([]) or code


if __name__ == "__main__":
    sys.exit(main())
