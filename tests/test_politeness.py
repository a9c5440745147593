"""Politeness: robots.txt Crawl-delay, the page cap, and refusal of private addresses."""

from __future__ import annotations

import socket

import pytest

from crawler.middlewares import is_private_address, resolve
from replica import ReplicaServer
from tests.conftest import run_bdt, write_registry


def test_crawl_delay_from_robots_is_obeyed_and_page_cap_holds(tmp_path):
    with ReplicaServer(["wordpress"], crawl_delay=1.0) as server:
        registry = write_registry(tmp_path / "sites.yaml", server.registry_entries())
        result = run_bdt("crawl", "replica-wordpress", "--registry", str(registry),
                         "--archive", str(tmp_path / "archive"), "--max-pages", "8",
                         "--no-extract")
        assert result.returncode == 0, result.stderr[-3000:]
        log = sorted(server.requests_for("wordpress"), key=lambda e: e.started)
    assert log[0].path == "/robots.txt"
    assert 6 <= len(log) <= 10, [e.path for e in log]
    gaps = [b.started - a.started for a, b in zip(log[1:], log[2:], strict=False)]
    assert min(gaps) >= 0.5, gaps  # Crawl-delay 1 s; the site's own delay is 0


def test_private_address_needs_explicit_permission(tmp_path):
    """A host name that resolves to loopback is refused unless the entry allows it."""
    host = socket.gethostname()  # resolves to a loopback/private address on most machines
    addresses = resolve(host)
    if not addresses or not all(is_private_address(a) for a in addresses):
        pytest.skip(f"host name {host} does not resolve to a private address here")
    with ReplicaServer(["wordpress"]) as server:
        port = server.port("wordpress")
        entry = {"id": "sneaky", "name": "Sneaky", "province": "Sơn La",
                 "start_urls": [f"http://{host}:{port}/"]}
        registry = write_registry(tmp_path / "sites.yaml", [entry])
        result = run_bdt("crawl", "sneaky", "--registry", str(registry), "--archive",
                         str(tmp_path / "archive"), "--no-extract")
        assert server.requests_for("wordpress") == [], "nothing may reach a private address"
    assert result.returncode != 0
    assert "allow_private_network" in result.stderr
