"""Crawl nodes: Scrapyd instances the daemon starts crawls on (`bdt schedule --nodes FILE`).

The node list is a YAML file::

    nodes:
      - name: hanoi-1                      # letters, digits, '-', '_'; names WARC files
        url: http://10.0.0.5:6800/
        username: bdt                      # optional HTTP basic auth
        password: secret
        settings:                          # optional: sent with each crawl on the node
          BDT_ARCHIVE_DIR: /srv/bdt/archive  # where its WARCs go (default: Scrapyd's cwd)

Each site is pinned to one node: the registry's `node:` field, else the node whose
(node, site) hash is highest (rendezvous hashing: stable, and adding a node moves only the
sites it wins).  `ScrapydClient` speaks Scrapyd's JSON API (schedule, status, listjobs,
cancel, addversion); a node that cannot be reached raises `NodeDown`.
"""

from __future__ import annotations

import base64
import io
import json
import re
import urllib.error
import urllib.parse
import urllib.request
import zipfile
import zlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from archive.errors import OperationFailed, UsageError

PROJECT = "bandantoc"  # the Scrapyd project name
SPIDER = "site"
NAME = re.compile(r"^[A-Za-z0-9_-]{1,40}$")


class NodeDown(OperationFailed):
    """The node did not answer (refused, timed out, or not Scrapyd)."""


class NodeError(OperationFailed):
    """The node answered with an error."""


@dataclass(frozen=True)
class Node:
    name: str
    url: str
    username: str | None = None
    password: str | None = None
    settings: tuple[tuple[str, str], ...] = ()  # Scrapy settings for every crawl on the node

    def __str__(self) -> str:
        return f"node {self.name} ({self.url})"


def load_nodes(path: str | Path) -> list[Node]:
    """The node list, or UsageError naming the file and the bad entry."""
    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise UsageError(f"node list {path}: {error.strerror or error}") from None
    except yaml.YAMLError as error:
        raise UsageError(f"node list {path}: not YAML ({error})".splitlines()[0]) from None
    entries = data.get("nodes") if isinstance(data, dict) else None
    if not isinstance(entries, list) or not entries:
        raise UsageError(f"node list {path}: expected 'nodes:' with at least one node")
    nodes: list[Node] = []
    for index, entry in enumerate(entries):
        where = f"node list {path}: nodes[{index}]"
        if not isinstance(entry, dict):
            raise UsageError(f"{where}: expected name and url")
        if unknown := set(entry) - {"name", "url", "username", "password", "settings"}:
            raise UsageError(f"{where}: unknown field(s) {', '.join(sorted(unknown))}")
        name, url = str(entry.get("name") or ""), str(entry.get("url") or "")
        if not NAME.match(name):
            raise UsageError(f"{where}: name {name!r} must be 1-40 letters, digits, '-' or '_'")
        if urllib.parse.urlsplit(url).scheme not in ("http", "https"):
            raise UsageError(f"{where}: url {url!r} must be an http(s) URL")
        if any(node.name == name for node in nodes):
            raise UsageError(f"{where}: node name {name!r} given twice")
        settings = entry.get("settings") or {}
        if not isinstance(settings, dict):
            raise UsageError(f"{where}: settings must map setting names to values")
        nodes.append(Node(name, url.rstrip("/") + "/", entry.get("username"),
                          entry.get("password"),
                          tuple((str(k), str(v)) for k, v in settings.items())))
    return nodes


def check_pins(nodes: Sequence[Node], registry: Mapping[str, Any]) -> None:
    """UsageError if a registry entry names a node the list does not have."""
    names = {node.name for node in nodes}
    for site in registry.values():
        if site.node and site.node not in names:
            raise UsageError(f"site {site.id!r}: node {site.node!r} is not in the node list "
                             f"({', '.join(sorted(names))})")


def node_of(site: Any, nodes: Sequence[Node]) -> Node:
    """The node a site is crawled on: its registry pin, else rendezvous hashing of its id."""
    if site.node:
        for node in nodes:
            if node.name == site.node:
                return node
    return max(nodes, key=lambda node: (zlib.crc32(f"{node.name}/{site.id}".encode()),
                                        node.name))


def job_id(site_id: str, run_id: str) -> str:
    """The Scrapyd job of a run: its site and run id, so the job names its run and back."""
    return f"{site_id}.{run_id}"


def site_of_job(job: str) -> str:
    return job.rsplit(".", 1)[0]


def run_of_job(job: str) -> str | None:
    """The run id a job of :func:`job_id` names (None for a job of another form)."""
    return job.rsplit(".", 1)[1] if "." in job else None


def thin_egg(version: str) -> bytes:
    """The egg Scrapyd stores for the project: the settings entry point, no code.

    Nodes install bandantoc-archive with its dependencies (deploy/); the egg only tells
    Scrapyd which settings module the project uses (our packages read their data files
    from disk, which a zipped egg would not allow).
    """
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as egg:
        egg.writestr("EGG-INFO/PKG-INFO", f"Metadata-Version: 2.1\nName: {PROJECT}\n"
                                          f"Version: {version}\n")
        egg.writestr("EGG-INFO/entry_points.txt", "[scrapy]\nsettings = crawler.settings\n")
        egg.writestr("EGG-INFO/top_level.txt", "")
    return buffer.getvalue()


class ScrapydClient:
    """Scrapyd's JSON API on one node."""

    def __init__(self, node: Node, *, timeout: float = 10.0):
        self.node = node
        self.timeout = timeout

    def _call(self, endpoint: str, *, query: Mapping[str, str] | None = None,
              form: Sequence[tuple[str, str]] | None = None,
              files: Mapping[str, bytes] | None = None) -> dict[str, Any]:
        url = urllib.parse.urljoin(self.node.url, endpoint)
        if query:
            url += "?" + urllib.parse.urlencode(query)
        headers = {}
        data = None
        if files:
            boundary = "bdt-egg-boundary"
            parts = [f"--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n"
                     f"{value}\r\n".encode() for name, value in form or ()]
            parts += [f"--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"; "
                      f"filename=\"{name}.egg\"\r\nContent-Type: application/octet-stream"
                      f"\r\n\r\n".encode() + content + b"\r\n"
                      for name, content in files.items()]
            data = b"".join(parts) + f"--{boundary}--\r\n".encode()
            headers["Content-Type"] = f"multipart/form-data; boundary={boundary}"
        elif form is not None:
            data = urllib.parse.urlencode(list(form)).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        if self.node.username:
            token = f"{self.node.username}:{self.node.password or ''}".encode()
            headers["Authorization"] = "Basic " + base64.b64encode(token).decode()
        request = urllib.request.Request(url, data=data, headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                answer = json.loads(response.read().decode("utf-8"))
        except urllib.error.HTTPError as error:
            raise NodeError(f"{self.node}: {endpoint} answered HTTP {error.code}") from None
        except (urllib.error.URLError, OSError, ValueError) as error:
            reason = getattr(error, "reason", error)
            raise NodeDown(f"{self.node} is unreachable: {reason}") from None
        if not isinstance(answer, dict) or answer.get("status") != "ok":
            message = answer.get("message") if isinstance(answer, dict) else answer
            raise NodeError(f"{self.node}: {endpoint}: {message}")
        return answer

    def add_version(self, version: str, egg: bytes) -> dict[str, Any]:
        return self._call("addversion.json", form=[("project", PROJECT), ("version", version)],
                          files={"egg": egg})

    def schedule(self, site_id: str, job: str, settings: Mapping[str, str]) -> None:
        form = [("project", PROJECT), ("spider", SPIDER), ("jobid", job),
                ("site_id", site_id)]
        form += [("setting", f"{name}={value}") for name, value in settings.items()]
        self._call("schedule.json", form=form)

    def jobs(self) -> dict[str, list[dict[str, Any]]]:
        """pending / running / finished jobs of the project."""
        answer = self._call("listjobs.json", query={"project": PROJECT})
        return {state: list(answer.get(state) or []) for state in
                ("pending", "running", "finished")}

    def state(self, job: str) -> str:
        """pending, running, finished, or unknown."""
        answer = self._call("status.json", query={"job": job, "project": PROJECT})
        return str(answer.get("currstate") or "unknown")

    def cancel(self, job: str, signal: str = "TERM") -> None:
        self._call("cancel.json", form=[("project", PROJECT), ("job", job),
                                        ("signal", signal)])
