"""`bdt demo` end to end: replica sites crawled, documents clean of the seeds' boilerplate.

Catalog on SQLite only: the demo makes a self-contained archive, its `catalog.sqlite` read
here with sqlite3.
"""

from __future__ import annotations

import random
import re
import socket
import sqlite3
import unicodedata
from pathlib import Path

import pytest

import archive
from replica.content import site_articles
from replica.sites import SITES
from tests.conftest import run_bdt
from tests.support.archive_checks import assert_warc_file_ok, warc_files

# Lines the naive extractor left in ../shared/seeds: none may survive in a document.
SEED_BOILERPLATE = [
    r"Truy cập nội dung luôn",
    r"Thống kê truy cập",
    r"Đang truy cập",
    r"Tổng truy cập",
    r"Số lượng và lượt người truy cập",
    r"^\W*Online\s+\d",
    r"^\W*Hôm nay\s+[\d.]+$",
    r"^\W*Tổng\s+[\d.]+$",
    r"Xem với cỡ chữ",
    r"A-\s+A\s+A\+",
    r"^Các tin khác$",
    r"Các tin đã đưa ngày",
    r"^Bản đồ hành chính$",
    r"Ghi rõ nguồn",
    r"Bản quyền ©",
    r"^Địa chỉ:",
    r"^Điện thoại:",
    r"^Email:",
    r"^Thứ (hai|ba|tư|năm|sáu|bảy),\s+\d{1,2}/\d{1,2}/\d{4}$",
]


def free_port_range(count: int) -> int:
    """A base port whose next `count` ports are free on 127.0.0.1 right now."""
    for _ in range(50):
        base = random.randrange(20000, 60000 - count)
        sockets = []
        try:
            for port in range(base, base + count):
                sock = socket.socket()
                sockets.append(sock)
                sock.bind(("127.0.0.1", port))
            return base
        except OSError:
            continue
        finally:
            for sock in sockets:
                sock.close()
    raise RuntimeError("no free port range")


@pytest.fixture(scope="module")
def demo_twice(tmp_path_factory):
    """`bdt demo` run twice into one archive, on one fixed port range."""
    root = tmp_path_factory.mktemp("demo")
    env = {"BDT_DEMO_PORT": str(free_port_range(len(SITES)))}
    first = run_bdt("demo", str(root / "demo"), timeout=600, env=env)
    assert first.returncode == 0, first.stdout[-3000:] + first.stderr[-5000:]
    documents = list(archive.open(root / "demo").documents())
    second = run_bdt("demo", str(root / "demo"), timeout=600, env=env)
    assert second.returncode == 0, second.stdout[-3000:] + second.stderr[-5000:]
    return root / "demo", first, documents, second


def test_demo_archives_every_site_with_clean_documents(demo_twice):
    archive_dir, result, documents, _ = demo_twice
    assert "finished" in result.stdout and "documents:" in result.stdout
    for path in warc_files(archive_dir):
        assert_warc_file_ok(path)

    sites = {doc["site"] for doc in documents}
    expected_sites = {f"replica-{key}" for key in SITES}
    assert sites == expected_sites
    for key in SITES:
        titles = {doc["title"] for doc in documents if doc["site"] == f"replica-{key}"}
        expected = {unicodedata.normalize("NFC", a.title) for a in site_articles(key)}
        assert titles == expected, f"{key}: documents are exactly the articles"
    patterns = [re.compile(p, re.IGNORECASE | re.MULTILINE) for p in SEED_BOILERPLATE]
    for doc in documents:
        assert doc["title"] and doc["text"], doc["url"]
        assert unicodedata.is_normalized("NFC", doc["text"]), doc["url"]
        leaks = [p.pattern for p in patterns if p.search(doc["text"])]
        assert not leaks, f"{doc['url']}: boilerplate left in text: {leaks}"


def test_demo_stderr_is_short_and_names_every_site(demo_twice):
    archive_dir, first, _, second = demo_twice
    for result in (first, second):
        lines = result.stderr.splitlines()
        assert len(lines) < 100, result.stderr[-5000:]
        assert "Overridden settings" not in result.stderr  # Scrapy's dump is in the run log
        assert "DEBUG" not in result.stderr
        for key in SITES:  # a progress line per site, with its counters
            assert any(re.match(rf"replica-{key}: \d+ pages, .* errors, \d+ queued", line)
                       for line in lines), f"no progress line for replica-{key}"
    events = (archive_dir / "logs" / "bdt.log").read_text(encoding="utf-8")
    assert events.count("event=crawl_start") == 2
    assert "Overridden settings" not in events and "Crawled (200)" not in events
    run_logs = sorted((archive_dir / "logs" / "runs").glob("crawl-*.log"))
    assert len(run_logs) == 2
    assert "Crawled (200)" in run_logs[0].read_text(encoding="utf-8")  # Scrapy's chatter


def test_second_demo_is_an_incremental_crawl_of_the_same_urls(demo_twice):
    archive_dir, _, documents, second = demo_twice
    again = list(archive.open(archive_dir).documents())
    assert sorted((d["document_id"], d["url"]) for d in again) == \
        sorted((d["document_id"], d["url"]) for d in documents)  # nothing doubled
    db = sqlite3.connect(archive_dir / "catalog.sqlite")
    runs = db.execute("SELECT site_id, id FROM runs WHERE status='finished'"
                      " ORDER BY started_at").fetchall()
    by_site: dict[str, list[str]] = {}
    for site, run in runs:
        by_site.setdefault(site, []).append(run)
    assert set(by_site) == {f"replica-{key}" for key in SITES}
    for site, (run1, run2) in by_site.items():
        urls1 = {u for (u,) in db.execute("SELECT url FROM captures WHERE run_id=?", (run1,))}
        urls2 = {u for (u,) in db.execute("SELECT url FROM captures WHERE run_id=?", (run2,))}
        assert urls2 and urls2 <= urls1, f"{site}: the second crawl fetched other URLs"
        revisits = db.execute("SELECT count(*) FROM captures WHERE run_id=? AND"
                              " record_type='revisit'", (run2,)).fetchone()[0]
        assert revisits > 0, f"{site}: nothing recognised as unchanged"
    assert "incremental crawl (9 of 9 sites crawled before)" in second.stdout
    assert "0 new, 0 changed, 0 removed" in second.stdout


def test_demo_port_taken_is_one_clear_line(tmp_path: Path):
    base = free_port_range(len(SITES))
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", base + 2))
        busy.listen()
        result = run_bdt("demo", str(tmp_path / "demo"), timeout=120,
                         env={"BDT_DEMO_PORT": str(base)})
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    problem = [line for line in result.stderr.splitlines() if line.startswith("bdt: ")]
    assert len(problem) == 1 and f"port {base + 2} on 127.0.0.1" in problem[0], result.stderr
    assert "BDT_DEMO_PORT" in problem[0]
