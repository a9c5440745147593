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

PINS = {"wordpress": "node-a", "liferay": "node-b"}  # registry `node:` pins; the rest hashed
NODES = ("node-a", "node-b")


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
    with ReplicaServer(crawl_delay=None) as server:  # every replica site
        yield server


@pytest.mark.timeout(300)
@pytest.mark.parametrize("catalog_backend", ["postgres"], indirect=True)
@pytest.mark.timeout(600)
def test_two_nodes_crawl_their_sites_once_and_survive_a_node_going_down(
        replica, tmp_path, catalog_backend):
    nodes = {name: ScrapydNode(tmp_path, name) for name in NODES}
    try:
        _two_nodes(replica, tmp_path, catalog_backend, nodes)
    finally:
        for node in nodes.values():
            node.kill()


def _two_nodes(replica, tmp_path: Path, db_url: str, nodes: dict[str, ScrapydNode]) -> None:
    from archive.registry import load_registry
    from bdt.scheduler.nodes import Node, node_of

    for node in nodes.values():
        node.start()
    entries = []
    for entry in replica.registry_entries():
        key = entry["id"].removeprefix("replica-")
        delay = 0.4 if key == "liferay" else 0.05  # liferay slow enough to be cut mid-crawl
        entry = dict(entry, schedule=far_away_cron(), politeness={"download_delay": delay})
        if key in PINS:
            entry["node"] = PINS[key]
        entries.append(entry)
    registry = write_registry(tmp_path / "sites.yaml", entries)
    # Where each site must run: its pin, else the stable hash (wordpress's pin overrides it).
    listed = [Node(name, node.url) for name, node in nodes.items()]
    home = {site_id.removeprefix("replica-"): node_of(site, listed).name
            for site_id, site in load_registry(registry).items()}
    assert home["wordpress"] == "node-a" and home["liferay"] == "node-b"
    assert {home[k] for k in home if k not in PINS} == set(NODES)  # hashing uses both
    on_b = sorted(k for k in home if home[k] == "node-b")
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

    def ended(key: str) -> int:
        return daemon.log().count(f"event=run_end site=replica-{key} ")  # not liferay7

    try:
        # Every site on its node; node-b goes down in the middle of liferay's crawl.
        for key in home:
            run_bdt("run-now", f"replica-{key}", "--registry", str(registry), "--archive",
                    str(archive), check=True)
        wait_for(lambda: _capture_count(db_url, "liferay") >= 8, 120,
                 "node-b's crawl under way", daemon)
        nodes["node-b"].kill()
        wait_for(lambda: _runs(db_url, "liferay", "failed"), 120, "the failed run", daemon)
        failed = _runs(db_url, "liferay", "failed")[0]
        assert failed["node"] == "node-b" and "unreachable" in failed["message"], failed
        assert failed["captures"] >= 8  # cut mid-crawl, not before it began
        with Catalog(db_url) as catalog:
            archived = {key: {c.url for c in catalog.captures(site_id=f"replica-{key}")
                              if c.status == 200} for key in on_b}

        # node-a was not disturbed: each of its sites crawled (then extracted) once, there.
        wait_for(lambda: all(ended(k) for k in home if home[k] == "node-a"), 180,
                 "node-a's crawls", daemon)
        for key in home:
            if home[key] == "node-a":
                assert [r["node"] for r in _finished_runs(db_url, key)] == ["node-a"], key
                assert not _runs(db_url, key, "failed"), key
        wait_for(lambda: all(ended(k) for k in on_b), 120, "node-b's runs recorded", daemon)
        cut = {k for k in on_b if _runs(db_url, k, "failed")}
        assert "liferay" in cut

        # node-b returns: its sites are crawled again, nothing they archived fetched again.
        nodes["node-b"].start()
        before = {key: ended(key) for key in on_b}
        for key in on_b:
            run_bdt("run-now", f"replica-{key}", "--registry", str(registry), "--archive",
                    str(archive), check=True)
        wait_for(lambda: all(ended(k) > before[k] for k in on_b), 180,
                 "node-b's crawls on its return", daemon)
        for key in on_b:
            runs = _finished_runs(db_url, key)
            assert runs and {r["node"] for r in runs} == {"node-b"}, (key, runs)
    finally:
        assert daemon.stop() == 0, daemon.log()[-3000:]

    for key in home:  # the replica's request log: every article fetched, and once
        fetches = _article_fetches(replica, key)
        assert set(fetches) == _articles(replica, key), key
        if key not in cut:
            assert set(fetches.values()) == {1}, (key, fetches)
            continue
        assert all(fetches[url] == 1 for url in archived[key] & set(fetches)), (key, fetches)
        # an article in flight when the node died (fetched, not yet written) may come twice
        assert sum(count - 1 for count in fetches.values()) <= 1, (key, fetches)
    assert archived["liferay"] & set(_article_fetches(replica, "liferay")), \
        "the cut crawl had archived no article yet"

    with Catalog(db_url) as catalog:  # one catalog: every capture with its node
        for key, node in home.items():
            captures = catalog.captures(site_id=f"replica-{key}")
            assert captures and {c.node for c in captures} == {node}, key
            assert _articles(replica, key) <= {c.url for c in captures}, key
            for capture in captures:  # each record on its node's disk, in a node-named WARC
                path = nodes[node].archive / capture.warc_file
                assert path.is_file() and path.name.endswith(f"-{node}.warc.gz"), path
            for url in _articles(replica, key):  # extracted where the WARC is
                assert catalog.document_by_url(url), url
    assert not list(nodes["node-b"].archive.rglob("*.open"))  # the cut WARC was mended

    status = json.loads(run_bdt("status", "--json", "--registry", str(registry), "--archive",
                                str(archive), "--db-url", db_url, check=True).stdout)
    by_site = {s["site_id"]: s for s in status["sites"]}
    assert all(by_site[f"replica-{k}"]["last_run"]["status"] == "finished" for k in home)
    assert all(by_site[f"replica-{k}"]["last_run"]["node"] == home[k] for k in home)
    out = tmp_path / "export"
    exported = run_bdt("export", "--archive", str(archive), "--out", str(out),
                       env={"BDT_DB_URL": db_url})
    assert exported.returncode == 0, exported.stderr
    urls = {json.loads(line)["url"] for path in out.rglob("*.jsonl")
            for line in path.read_text(encoding="utf-8").splitlines()}
    assert all(_articles(replica, key) <= urls for key in home)


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
