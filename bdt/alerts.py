"""Alerts: after a run, tell the archivists what needs a look, by e-mail and webhooks.

What raises an alert (one row in the catalog's `alerts`, shown on the dashboard, and
one notification):

* `run_failed`: the run ended failed or killed (`unreachable` when it failed because the
  site did not answer at all: robots.txt and the start URL unreachable);
* `no_pages`: it finished without archiving a single page;
* `moved`: a start URL now redirects out of the site (another host, or outside its path);
* `vanished`: a start URL answers 404/410;
* `unreachable`: a start URL could not be fetched at all (DNS error, connection refused).

Where notifications go is one YAML file, `$BDT_ALERTS` or `<archive>/alerts.yaml`:

    notify:                      # apprise URLs: mailto://, json://, ntfy://, slack://, ...
      - mailto://bdt:secret@mail.example.org?to=archivist@example.org
      - json://127.0.0.1:9000/hooks/bdt

Without the file alerts are still recorded and shown, only not sent.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import yaml

from archive.catalog import Catalog
from archive.errors import UsageError
from archive.layout import ArchiveLayout
from archive.logs import log_event

logger = logging.getLogger(__name__)

CONFIG_VARIABLE = "BDT_ALERTS"
CONFIG_NAME = "alerts.yaml"
REDIRECTS = (301, 302, 303, 307, 308)
GONE = (404, 410)
UNREACHABLE = ("DNSLookupError", "ConnectionRefusedError", "TCPTimedOutError",
               "ConnectError", "TimeoutError", "ConnectionLost", "NoRouteError")


@dataclass(frozen=True)
class Alert:
    site_id: str
    run_id: str | None
    kind: str
    message: str


def config_path(layout: ArchiveLayout) -> Path:
    configured = os.environ.get(CONFIG_VARIABLE)
    return Path(configured) if configured else layout.root / CONFIG_NAME


def load_targets(path: Path) -> list[str]:
    """The notification URLs of an alerts file ([] when there is no file); UsageError if bad."""
    if not path.is_file():
        return []
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as error:
        raise UsageError(f"{path}: not valid YAML: {error}".splitlines()[0]) from None
    notify = data.get("notify", []) if isinstance(data, dict) else None
    if not isinstance(notify, list) or not all(isinstance(u, str) for u in notify):
        raise UsageError(f"{path}: 'notify' must be a list of apprise URLs")
    return notify


# -- what went wrong ------------------------------------------------------------------------

def run_alerts(layout: ArchiveLayout, catalog: Catalog, site: Any,
               run: Mapping[str, Any]) -> list[Alert]:
    """The alerts one ended run raises (site: the registry entry, or None)."""
    site_id, run_id = run["site_id"], run["id"]
    alerts = []
    if run["status"] in ("failed", "killed"):
        why = run["message"] or run["close_reason"] or "no reason recorded"
        kind = "unreachable" if why.startswith("site unreachable") else "run_failed"
        alerts.append(Alert(site_id, run_id, kind, f"run {run['status']}: {why}"))
    elif run["status"] == "finished" and not run["captures"]:
        alerts.append(Alert(site_id, run_id, "no_pages", "the run archived no page at all"))
    if site is not None and run["status"] in ("finished", "failed"):
        alerts += start_url_alerts(layout, catalog, site, run)
    return alerts


def start_url_alerts(layout: ArchiveLayout, catalog: Catalog, site: Any,
                     run: Mapping[str, Any]) -> list[Alert]:
    """A moved or vanished site shows at its start URLs: a redirect away, a 404, no answer."""
    from archive.warc.reader import read_record

    alerts = []
    errors = catalog.errors(run["id"])
    for url in site.start_urls:
        answers = [c for c in catalog.captures(run_id=run["id"], url=url)
                   if c.record_type in ("response", "revisit")]
        if not answers:
            failed = [e for e in errors if e["url"] == url
                      and e["message"].startswith(UNREACHABLE)]
            if failed:
                alerts.append(Alert(site.id, run["id"], "unreachable",
                                    f"start URL {url} cannot be reached: {failed[-1]['message']}"))
            continue
        answer = answers[-1]
        if answer.status in GONE:
            alerts.append(Alert(site.id, run["id"], "vanished",
                                f"start URL {url} answers {answer.status}"))
        elif answer.status in REDIRECTS:
            try:
                location = read_record(layout.absolute(answer.warc_file),
                                       answer.warc_offset).http_header("Location")
            except (OSError, ValueError) as error:
                logger.warning("cannot read the redirect of %s: %s", url, error)
                continue
            target = urljoin(url, location or "")
            if location and not site.in_scope(target):
                where = urlsplit(target).netloc
                alerts.append(Alert(site.id, run["id"], "moved",
                                    f"start URL {url} now redirects to {target} ({where}), "
                                    f"outside the site"))
    return alerts


# -- telling people ---------------------------------------------------------------------------

def deliver(targets: list[str], alert: Alert) -> str | None:
    """Send one alert to every target; returns None, or why it could not be delivered."""
    if not targets:
        return "no notification targets configured"
    import apprise

    notifier = apprise.Apprise()
    bad = [url for url in targets if not notifier.add(url)]
    if bad:
        return f"unusable notification URL(s): {len(bad)} of {len(targets)}"
    title = f"bandantoc-archive: {alert.site_id}: {alert.kind.replace('_', ' ')}"
    body = alert.message + (f"\nrun: {alert.run_id}" if alert.run_id else "")
    ok = notifier.notify(body=body, title=title, notify_type=apprise.NotifyType.FAILURE)
    return None if ok else "a notification target refused or did not answer"


def check_runs(layout: ArchiveLayout, catalog: Catalog, registry: Mapping[str, Any],
               run_ids: Iterable[str]) -> list[Alert]:
    """Record and send the alerts of these ended runs; returns them.  Never raises for a
    delivery problem (it is logged and kept in the alert row)."""
    try:
        targets = load_targets(config_path(layout))
    except UsageError as error:
        logger.error("alerts are not sent: %s", error)
        targets = []
    raised = []
    for run_id in run_ids:
        run = catalog.run(run_id)
        if run is None or run["status"] in ("running", "interrupted", "skipped"):
            continue
        for alert in run_alerts(layout, catalog, registry.get(run["site_id"]), run):
            alert_id = catalog.add_alert(alert.site_id, alert.run_id, alert.kind, alert.message)
            problem = deliver(targets, alert)
            catalog.alert_delivered(alert_id, problem)
            log_event(logger, "alert", level=logging.WARNING, site=alert.site_id,
                      run=alert.run_id, kind=alert.kind, message=alert.message,
                      delivered=problem is None, problem=problem)
            raised.append(alert)
    return raised
