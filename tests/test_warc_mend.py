"""Mending ``.open`` files after a crash: cut tail, garbage, live files, a real kill -9."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from archive.warc import WarcFileWriter, iter_records, mend_open_files
from tests.support.warccheck import assert_warc_ok, exchange, sample_exchanges

INFO = {"operator": "Test Operator"}
ROOT = Path(__file__).resolve().parents[1]


def crashed_copy(tmp_path: Path, n: int = 4):
    """Write ``n`` exchanges without closing; copy the ``.open`` file as a crash leaves it."""
    live = tmp_path / "live"
    w = WarcFileWriter(live, "bdt-test", warcinfo_fields=INFO)
    samples = list(sample_exchanges().values())
    results = [w.write_exchange(samples[i % len(samples)]) for i in range(n)]
    crashed = tmp_path / "archive" / "warc" / "site"
    crashed.mkdir(parents=True)
    copy = crashed / w.current_path.name
    shutil.copy2(w.current_path, copy)
    w.close()
    return copy, results


def test_cut_in_middle_of_last_member(tmp_path) -> None:
    path, results = crashed_copy(tmp_path, n=6)  # the 6th is "gzip", with metadata
    last = results[-1]
    tail = last.metadata
    assert tail is not None
    size = path.stat().st_size
    cut_at = tail.offset + tail.length // 2
    with open(path, "r+b") as fh:
        fh.truncate(cut_at)
    reports = mend_open_files(tmp_path / "archive")
    assert len(reports) == 1
    report = reports[0]
    final = path.with_name(path.name[: -len(".open")])
    assert report.path == path and report.final_path == final
    assert not path.exists() and final.exists()
    assert report.kept_bytes == tail.offset == final.stat().st_size
    assert report.cut_bytes == cut_at - tail.offset
    assert size > cut_at
    assert_warc_ok(final)
    ids = [r.record_id for r in iter_records(final)]
    assert last.response.record_id in ids  # metadata is optional: the pair survives
    assert report.records_kept == len(ids)
    assert mend_open_files(tmp_path / "archive") == []  # second run: nothing to do


def test_cut_inside_request_drops_unpaired_response(tmp_path) -> None:
    path, results = crashed_copy(tmp_path)
    last = results[-1]
    with open(path, "r+b") as fh:
        fh.truncate(last.request.offset + 10)
    (report,) = mend_open_files(tmp_path / "archive")
    assert report.kept_bytes == last.response.offset
    assert report.cut_bytes == last.request.offset + 10 - last.response.offset
    assert report.final_path is not None
    assert_warc_ok(report.final_path)
    ids = {r.record_id for r in iter_records(report.final_path)}
    assert last.response.record_id not in ids
    assert results[-2].response.record_id in ids


def test_garbage_appended(tmp_path) -> None:
    path, results = crashed_copy(tmp_path)
    good_size = path.stat().st_size
    with open(path, "ab") as fh:
        fh.write(b"\x1f\x8b\x08\x00" + os.urandom(3000))
    (report,) = mend_open_files(tmp_path)
    assert report.kept_bytes == good_size
    assert report.cut_bytes == 3004
    assert report.records_kept == 1 + sum(2 + (r.metadata is not None) for r in results)
    assert_warc_ok(report.final_path)


def test_plain_garbage_appended(tmp_path) -> None:
    path, _ = crashed_copy(tmp_path, n=1)
    good_size = path.stat().st_size
    with open(path, "ab") as fh:
        fh.write(b"not gzip at all\n" * 10)
    (report,) = mend_open_files(tmp_path)
    assert (report.kept_bytes, report.cut_bytes) == (good_size, 160)
    assert_warc_ok(report.final_path)


def test_only_warcinfo_left_still_renamed(tmp_path) -> None:
    path, results = crashed_copy(tmp_path, n=1)
    with open(path, "r+b") as fh:
        fh.truncate(results[0].response.offset + 5)
    (report,) = mend_open_files(tmp_path)
    assert report.records_kept == 1 and report.final_path is not None
    assert [r.rec_type for r in iter_records(report.final_path)] == ["warcinfo"]
    assert_warc_ok(report.final_path)


def test_empty_or_hopeless_file_deleted(tmp_path) -> None:
    empty = tmp_path / "bdt-x-20240101000000000-00000-h.warc.gz.open"
    empty.write_bytes(b"")
    junk = tmp_path / "sub" / "bdt-x-20240101000000000-00001-h.warc.gz.open"
    junk.parent.mkdir()
    junk.write_bytes(b"\x1f\x8b\x08\x00" + b"\x00" * 20)
    reports = mend_open_files(tmp_path)
    assert {r.path for r in reports} == {empty, junk}
    assert all(r.final_path is None and r.kept_bytes == 0 for r in reports)
    assert not empty.exists() and not junk.exists()
    assert [r.cut_bytes for r in sorted(reports, key=lambda r: r.path.name)] == [0, 24]


def test_no_open_files_is_a_no_op(tmp_path) -> None:
    assert mend_open_files(tmp_path) == []
    assert mend_open_files(tmp_path / "does-not-exist") == []


def test_live_writer_file_left_alone(tmp_path) -> None:
    w = WarcFileWriter(tmp_path, "bdt-test", warcinfo_fields=INFO)
    w.write_exchange(exchange("http://sdt.example.vn/"))
    before = w.current_path.read_bytes()
    assert mend_open_files(tmp_path) == []
    assert w.current_path.exists() and w.current_path.read_bytes() == before
    w.write_exchange(exchange("http://sdt.example.vn/2"))
    w.close()
    assert_warc_ok(w.files_written[0])


KILL_SCRIPT = textwrap.dedent(
    """
    import os, sys
    from pathlib import Path
    from archive.warc import WarcFileWriter
    from tests.support.warccheck import exchange

    w = WarcFileWriter(Path(sys.argv[1]), "bdt-kill", warcinfo_fields={"operator": "t"})
    body = os.urandom(256 * 1024)
    i = 0
    while True:
        w.write_exchange(exchange(f"http://sdt.example.vn/{i}", body=body, hops="L", via="x"))
        i += 1
        if i == 3:
            print("ready", flush=True)
    """
)


@pytest.mark.parametrize("delay", [0.0, 0.05, 0.2])
def test_real_kill_9(tmp_path, delay: float) -> None:
    proc = subprocess.Popen(
        [sys.executable, "-c", KILL_SCRIPT, str(tmp_path)],
        cwd=ROOT,
        env=dict(os.environ, PYTHONPATH=str(ROOT)),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == b"ready", proc.stderr.read() if proc.stderr else ""
        time.sleep(delay)
    finally:
        proc.kill()  # SIGKILL: no close(), no rename, maybe a half-written exchange
        proc.wait(timeout=10)
    (open_file,) = tmp_path.glob("*.warc.gz.open")
    reports = mend_open_files(tmp_path)
    assert len(reports) == 1 and reports[0].path == open_file
    final = reports[0].final_path
    assert final is not None and final.exists() and not open_file.exists()
    assert reports[0].records_kept >= 1 + 3 * 3
    assert_warc_ok(final)
    assert mend_open_files(tmp_path) == []
