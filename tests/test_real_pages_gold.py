"""The real-page gold (benchmarks/real_pages.json): fingerprints only, and its held-out split."""

from __future__ import annotations

import json
from typing import Any

from benchmarks.real_pages import GOLD, held_out

ALLOWED = {"id", "repo", "commit", "path", "url", "family", "group", "note", "held_out", "sha256",
           "title", "title_len", "author", "date", "tz", "paragraphs", "shingles", "boilerplate"}


def pages() -> list[dict[str, Any]]:
    gold: list[dict[str, Any]] = json.loads(GOLD.read_text(encoding="utf-8"))["pages"]
    return gold


def test_gold_stores_no_page_text() -> None:
    for page in pages():
        assert set(page) <= ALLOWED, (page["id"], set(page) - ALLOWED)
        assert len(page["title"]) == 12 and page["title"].isalnum(), page["id"]
        for fingerprint, words in page["boilerplate"]:
            assert len(fingerprint) == 12 and isinstance(words, int), page["id"]


def test_flagged_pages_are_held_out_and_the_hash_rule_stays() -> None:
    assert held_out({"id": "any-id", "held_out": True})
    # the hash rule picks the same pages as before the flag existed (one in five by sha1 of the id)
    assert held_out({"id": "sotttt-hanoi-4381111"}) == held_out({"id": "sotttt-hanoi-4381111",
                                                                   "held_out": False})
    flagged = [p for p in pages() if p.get("group") == "vn-gov-2"]
    assert len(flagged) >= 10 and all(p.get("held_out") is True and held_out(p) for p in flagged)
    unflagged = [p for p in pages() if "held_out" not in p]
    assert 0 < sum(held_out(p) for p in unflagged) < len(unflagged)
