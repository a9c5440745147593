"""deploy/: the dashboard's unit verifies and stays on loopback; compose runs it beside the
scheduler, published on the host's loopback only, with the token the app then requires."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import yaml

from tests.test_deploy import DEPLOY, SYSTEMD_ANALYZE, needs_systemd_analyze, unit_settings

UNIT = DEPLOY / "bandantoc-archive-web.service"


@needs_systemd_analyze
def test_web_unit_passes_systemd_analyze_verify(tmp_path):
    bdt = Path(sys.executable).with_name("bdt")
    copy = tmp_path / UNIT.name
    copy.write_text(UNIT.read_text().replace("/opt/bandantoc-archive/venv/bin/bdt", str(bdt)))
    result = subprocess.run([SYSTEMD_ANALYZE, "verify", str(copy)], capture_output=True,
                            text=True, timeout=60)
    complaints = [line for line in (result.stdout + result.stderr).splitlines()
                  if UNIT.name in line]
    assert result.returncode == 0 and not complaints, result.stdout + result.stderr


def test_web_unit_serves_loopback_as_the_archive_user():
    one = {key: values[-1] for key, values in unit_settings(UNIT.read_text()).items()}
    assert one["ExecStart"].endswith("bdt serve --host 127.0.0.1 --port 8080")
    assert one["User"] == "bdt" and one["EnvironmentFile"] == "/etc/bandantoc-archive/bdt.env"
    assert one["ReadWritePaths"] == "/var/lib/bandantoc-archive"
    assert one["IPAddressDeny"] == "any" and one["IPAddressAllow"] == "localhost"


def test_compose_web_service_beside_the_scheduler():
    compose = yaml.safe_load((DEPLOY / "compose.yaml").read_text())
    web, scheduler = compose["services"]["web"], compose["services"]["scheduler"]
    assert web["command"][:2] == ["bdt", "serve"]
    assert web["ports"] == ["127.0.0.1:8080:8080"]
    assert web["volumes"] == scheduler["volumes"] and web["image"] == scheduler["image"]
    assert "BDT_SERVE_TOKEN" in (DEPLOY / "bdt.env.example").read_text()
