"""Crawls on two Scrapyd nodes sharing a PostgreSQL catalog, started by `bdt schedule --nodes`.

Real parts only: two `scrapyd` processes on loopback ports (each with its own directory and
archive), the project deployed to both through `addversion.json`, the daemon in a
subprocess, PostgreSQL from `.ci/postgres`, the replica sites as the web.  The replica's
request log is the ground truth of what was fetched; the registry's `node:` pins say where.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import urllib.request
from collections import Counter
from pathlib import Path
from urllib.parse import urljoin

import pytest
import yaml

from archive.catalog import Catalog
from archive.layout import ArchiveLayout
from replica import ReplicaServer
from tests.conftest import run_bdt, write_registry
from tests.test_scheduler import DaemonProcess, far_away_cron, wait_for

pytest.importorskip("scrapyd")

KEYS = {"wordpress": "node-a", "liferay": "node-b"}  # replica site -> the node it is pinned to


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class ScrapydNode:
    """One `scrapyd` process on 127.0.0.1 with its own directory, archive and port."""

    def __init__(self, root: Path, name: str):
        self.name, self.dir, self.port = name, root / name, free_port()
        # Not inside Scrapyd's working directory: `python -m scrapyd.runner` puts that first
        # on sys.path, where a directory named `archive` would shadow the package.
        self.archive = root / f"archive-{name}"
        self.process: subprocess.Popen[bytes] | None = None
        self.dir.mkdir(parents=True, exist_ok=True)
        (self.dir / "scrapyd.conf").write_text(
            "[scrapyd]\nbind_address = 127.0.0.1\n"
            f"http_port = {self.port}\neggs_dir = {self.dir / 'eggs'}\n"
            f"logs_dir = {self.dir / 'logs'}\ndbs_dir = {self.dir / 'dbs'}\n"
            "items_dir =\njobs_dir =\npoll_interval = 0.3\nmax_proc = 4\n")

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    def start(self) -> ScrapydNode:
        log = open(self.dir / "scrapyd.out", "ab")  # noqa: SIM115 - the process keeps it
        self.process = subprocess.Popen([sys.executable, "-m", "scrapyd"], cwd=self.dir,
                                        stdout=log, stderr=subprocess.STDOUT,
                                        env={**os.environ, "PYTHONUNBUFFERED": "1"},
                                        start_new_session=True)
        wait_for(self.answers, 60, f"scrapyd {self.name} to listen")
        return self

    def answers(self) -> bool:
        try:
            with urllib.request.urlopen(self.url + "daemonstatus.json", timeout=2) as answer:
                return json.loads(answer.read())["status"] == "ok"
        except OSError:
            return False

    def kill(self) -> None:
        """The machine goes down: Scrapyd and its crawl processes, at once."""
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()


@pytest.fixture
def replica():
    with ReplicaServer(list(KEYS), crawl_delay=None) as server:
        yield server


@pytest.mark.timeout(300)
@pytest.mark.parametrize("catalog_backend", ["postgres"], indirect=True)
def test_two_nodes_crawl_their_sites_once_and_survive_a_node_going_down(
        replica, tmp_path, catalog_backend):
    nodes = {name: ScrapydNode(tmp_path, name) for name in sorted(set(KEYS.values()))}
    try:
        _two_nodes(replica, tmp_path, catalog_backend, nodes)
    finally:
        for node in nodes.values():
            node.kill()


def _two_nodes(replica, tmp_path: Path, db_url: str, nodes: dict[str, ScrapydNode]) -> None:
    for node in nodes.values():
        node.start()
    delays = {"wordpress": 0.05, "liferay": 0.4}  # liferay slow enough to be cut mid-crawl
    entries = [dict(entry, node=KEYS[key], schedule=far_away_cron(),
                    politeness={"download_delay": delays[key]})
               for entry in replica.registry_entries()
               if (key := entry["id"].removeprefix("replica-"))]
    registry = write_registry(tmp_path / "sites.yaml", entries)
    node_list = tmp_path / "nodes.yaml"
    node_list.write_text(yaml.safe_dump({"nodes": [
        {"name": node.name, "url": node.url,
         "settings": {"BDT_ARCHIVE_DIR": str(node.archive), "BDT_REGISTRY": str(registry)}}
        for node in nodes.values()]}), encoding="utf-8")
    deployed = run_bdt("nodes", "deploy", "--nodes", str(node_list), check=True)
    assert deployed.stdout.count("spiders 1") == 2, deployed.stdout

    archive = tmp_path / "daemon"
    ArchiveLayout.at(archive).ensure()
    daemon = DaemonProcess(archive, registry, "--nodes", str(node_list), "--db-url", db_url)
    daemon.start()
    try:
        # Every site on its node; node-b goes down in the middle of its crawl.
        for key in KEYS:
            run_bdt("run-now", f"replica-{key}", "--registry", str(registry), "--archive",
                    str(archive), check=True)
        wait_for(lambda: _capture_count(db_url, "liferay") >= 8, 60,
                 "node-b's crawl under way", daemon)
        nodes["node-b"].kill()
        wait_for(lambda: _runs(db_url, "liferay", "failed"), 120, "the failed run", daemon)
        failed = _runs(db_url, "liferay", "failed")[0]
        assert failed["node"] == "node-b" and "unreachable" in failed["message"], failed
        assert failed["captures"] >= 8  # cut mid-crawl, not before it began
        with Catalog(db_url) as catalog:
            archived = {c.url for c in catalog.captures(site_id="replica-liferay")
                        if c.status == 200}

        # node-a was not disturbed.
        wait_for(lambda: "event=run_end site=replica-wordpress" in daemon.log(), 120,
                 "node-a's crawl", daemon)  # the job's end: crawled, then extracted
        assert [r["node"] for r in _finished_runs(db_url, "wordpress")] == ["node-a"]

        # node-b returns: its site is crawled again, nothing it archived is fetched again.
        nodes["node-b"].start()
        run_bdt("run-now", "replica-liferay", "--registry", str(registry), "--archive",
                str(archive), check=True)
        wait_for(lambda: daemon.log().count("event=run_end site=replica-liferay") >= 2, 120,
                 "node-b's crawl on its return", daemon)
        assert [r["node"] for r in _finished_runs(db_url, "liferay")] == ["node-b"]
    finally:
        assert daemon.stop() == 0, daemon.log()[-3000:]

    wordpress = _article_fetches(replica, "wordpress")
    assert set(wordpress) == _articles(replica, "wordpress") and set(wordpress.values()) == {1}
    liferay = _article_fetches(replica, "liferay")
    assert set(liferay) == _articles(replica, "liferay")
    assert archived & set(liferay), "the cut crawl had archived no article yet"
    assert all(liferay[url] == 1 for url in archived & set(liferay)), liferay
    # an article in flight when the node died (fetched, not yet written) may come twice
    assert sum(count - 1 for count in liferay.values()) <= 1, liferay

    with Catalog(db_url) as catalog:  # one catalog: every capture with its node
        for key, node in KEYS.items():
            captures = catalog.captures(site_id=f"replica-{key}")
            assert captures and {c.node for c in captures} == {node}
            assert _articles(replica, key) <= {c.url for c in captures}
            for capture in captures:  # each record on its node's disk, in a node-named WARC
                path = nodes[node].archive / capture.warc_file
                assert path.is_file() and path.name.endswith(f"-{node}.warc.gz"), path
            for url in _articles(replica, key):  # extracted where the WARC is
                assert catalog.document_by_url(url), url
    assert not list(nodes["node-b"].archive.rglob("*.open"))  # the cut WARC was mended

    status = json.loads(run_bdt("status", "--json", "--registry", str(registry), "--archive",
                                str(archive), "--db-url", db_url, check=True).stdout)
    by_site = {s["site_id"]: s for s in status["sites"]}
    assert all(by_site[f"replica-{k}"]["last_run"]["status"] == "finished" for k in KEYS)
    assert {by_site[f"replica-{k}"]["last_run"]["node"] for k in KEYS} == set(KEYS.values())
    out = tmp_path / "export"
    exported = run_bdt("export", "--archive", str(archive), "--out", str(out),
                       env={"BDT_DB_URL": db_url})
    assert exported.returncode == 0, exported.stderr
    urls = {json.loads(line)["url"] for path in out.rglob("*.jsonl")
            for line in path.read_text(encoding="utf-8").splitlines()}
    assert all(_articles(replica, key) <= urls for key in KEYS)


def _articles(replica: ReplicaServer, key: str) -> set[str]:
    manifest = replica.manifest(key)
    return {urljoin(manifest.base_url, path) for path in manifest.articles}


def _article_fetches(replica: ReplicaServer, key: str) -> Counter[str]:
    articles = _articles(replica, key)
    base = replica.manifest(key).base_url
    return Counter(url for e in replica.requests_for(key)  # a 500-once page is retried
                   if e.status == 200 and (url := urljoin(base, e.path)) in articles)


def _capture_count(db_url: str, key: str) -> int:
    with Catalog(db_url) as catalog:
        return len(catalog.captures(site_id=f"replica-{key}"))


def _runs(db_url: str, key: str, status: str) -> list[dict]:
    with Catalog(db_url) as catalog:
        return catalog.runs(f"replica-{key}", status=status)


def _finished_runs(db_url: str, key: str) -> list[dict]:
    return _runs(db_url, key, "finished")



def test_sites_stay_on_their_node_and_a_new_node_takes_only_its_share(tmp_path):
    from archive.errors import UsageError
    from archive.registry import load_registry_text
    from bdt.scheduler.nodes import Node, check_pins, node_of

    entries = [{"id": f"site{i:02}", "name": f"Ban {i}", "province": "An Giang",
                "start_urls": [f"https://s{i}.example.vn/"]} for i in range(40)]
    entries[0]["node"] = "b"
    registry = load_registry_text(yaml.safe_dump({"sites": entries}))
    two = [Node("a", "http://127.0.0.1:1/"), Node("b", "http://127.0.0.1:2/")]
    three = [*two, Node("c", "http://127.0.0.1:3/")]
    before = {site.id: node_of(site, two).name for site in registry.values()}
    after = {site.id: node_of(site, three).name for site in registry.values()}
    assert before["site00"] == after["site00"] == "b"  # the registry's pin
    assert set(before.values()) == {"a", "b"}
    moved = {site for site in before if before[site] != after[site]}
    assert moved and all(after[site] == "c" for site in moved)  # only to the new node
    assert before == {site.id: node_of(site, list(reversed(two))).name  # order-free
                      for site in registry.values()}
    with pytest.raises(UsageError, match="node 'b' is not in the node list"):
        check_pins(two[:1], registry)
