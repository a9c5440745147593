"""deploy/: the systemd unit verifies, and the env file, Dockerfile and compose file agree.

What is checked here: `systemd-analyze verify` and `security --offline` on the unit
(with ExecStart pointed at this checkout's `bdt`, since verify insists the binary
exists), the environment file against the options the daemon reads, and the
Dockerfile and compose file statically.  Not checked: running the unit under a real
systemd, building the image (no Docker daemon in the test environment).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from bdt.scheduler.options import ENVIRONMENT, options_from

REPO = Path(__file__).resolve().parents[1]
DEPLOY = REPO / "deploy"
UNIT = DEPLOY / "bandantoc-archive.service"
SYSTEMD_ANALYZE = shutil.which("systemd-analyze")
needs_systemd_analyze = pytest.mark.skipif(
    SYSTEMD_ANALYZE is None, reason="systemd-analyze is not installed on this machine")


def unit_settings(text: str) -> dict[str, list[str]]:
    settings: dict[str, list[str]] = {}
    for line in text.splitlines():
        if line and not line.startswith(("#", "[")) and "=" in line:
            key, _, value = line.partition("=")
            settings.setdefault(key.strip(), []).append(value.strip())
    return settings


def local_copy(tmp_path: Path) -> Path:
    """The unit with ExecStart at this checkout's bdt (verify needs an existing binary)."""
    bdt = Path(sys.executable).with_name("bdt")
    assert bdt.exists(), f"{bdt} missing: install the project into its venv"
    text = UNIT.read_text()
    assert "ExecStart=/opt/bandantoc-archive/venv/bin/bdt schedule" in text
    copy = tmp_path / UNIT.name
    copy.write_text(text.replace("/opt/bandantoc-archive/venv/bin/bdt", str(bdt)))
    return copy


@needs_systemd_analyze
def test_unit_passes_systemd_analyze_verify(tmp_path):
    result = subprocess.run([SYSTEMD_ANALYZE, "verify", str(local_copy(tmp_path))],
                            capture_output=True, text=True, timeout=60)
    # verify exits 0 even for unknown keys or bad values ("..., ignoring"): any line
    # about the unit counts as a failure.  It does not check that User=bdt exists.
    complaints = [line for line in (result.stdout + result.stderr).splitlines()
                  if UNIT.name in line]
    assert result.returncode == 0 and not complaints, result.stdout + result.stderr


@needs_systemd_analyze
def test_unit_hardening_scores_ok_offline(tmp_path):
    result = subprocess.run([SYSTEMD_ANALYZE, "security", "--offline=yes",
                             str(local_copy(tmp_path))], capture_output=True, text=True,
                            timeout=60)
    if "--offline" in result.stderr and "unrecognized" in result.stderr:
        pytest.skip("this systemd-analyze has no --offline security check")
    score = re.search(r"Overall exposure level for \S+: ([\d.]+)", result.stdout)
    assert score, result.stdout[-2000:] + result.stderr
    assert float(score.group(1)) <= 2.0, result.stdout


def test_unit_runs_the_daemon_as_its_user_and_stops_it_gracefully():
    settings = unit_settings(UNIT.read_text())
    one = {key: values[-1] for key, values in settings.items()}
    assert one["User"] == "bdt" and one["Restart"] == "on-failure"
    assert one["KillSignal"] == "SIGTERM" and one["KillMode"] == "mixed"
    assert one["EnvironmentFile"] == "/etc/bandantoc-archive/bdt.env"
    minutes = re.fullmatch(r"(\d+)min", one["TimeoutStopSec"])
    assert minutes and int(minutes.group(1)) * 60 > 120, "longer than the daemon's kill grace"
    for key, value in {"ProtectSystem": "strict", "ReadWritePaths": "/var/lib/bandantoc-archive",
                       "ProtectHome": "yes", "PrivateTmp": "yes", "NoNewPrivileges": "yes",
                       "ProtectKernelTunables": "yes", "ProtectKernelModules": "yes",
                       "ProtectKernelLogs": "yes",
                       "RestrictAddressFamilies": "AF_INET AF_INET6 AF_UNIX"}.items():
        assert one[key] == value, key
    assert "@system-service" in settings["SystemCallFilter"]


def test_env_example_sets_only_what_the_daemon_reads():
    env, commented = {}, {}  # set, and shown commented out (`#NAME=value`)
    for line in (DEPLOY / "bdt.env.example").read_text().splitlines():
        line = line.strip()
        if re.fullmatch(r"#[A-Z][A-Z0-9_]*=.*", line):
            name, _, value = line[1:].partition("=")
            commented[name] = value
        elif line and not line.startswith("#"):
            name, _, value = line.partition("=")
            env[name] = value
    known = {variable for variable, _ in ENVIRONMENT.values()} | {"BDT_CRAWL_SETTINGS"}
    unknown = {n for n in env if n.startswith("BDT_")} - known
    assert not unknown, f"bdt.env.example sets variables nobody reads: {unknown}"
    sources = "".join(path.read_text(encoding="utf-8") for package in ("archive", "bdt")
                      for path in (REPO / package).rglob("*.py"))
    unread = {n for n in commented if n.startswith("BDT_") and f'"{n}"' not in sources}
    assert not unread, f"bdt.env.example documents variables nobody reads: {unread}"
    options = options_from({}, env)
    assert options.archive_dir == Path("/var/lib/bandantoc-archive/archive")
    assert options.time_limit_hours == 6
    assert str(options.archive_dir).startswith("/var/lib/bandantoc-archive")
    # crawls at once come from the crawl plan unless the operator overrides them
    assert options.max_crawls is None and "BDT_MAX_CRAWLS" in commented
    assert options_from({}, {**env, "BDT_MAX_CRAWLS": commented["BDT_MAX_CRAWLS"]}
                        ).max_crawls == int(commented["BDT_MAX_CRAWLS"])


def test_container_files_agree_with_the_unit():
    dockerfile = (DEPLOY / "Dockerfile").read_text()
    assert re.search(r"^FROM python:3\.11-slim$", dockerfile, re.MULTILINE)
    users = re.findall(r"^USER (\S+)$", dockerfile, re.MULTILINE)
    assert users and users[-1] not in ("root", "0"), "the container must not run as root"
    assert 'VOLUME ["/var/lib/bandantoc-archive"]' in dockerfile
    assert 'CMD ["bdt", "schedule"]' in dockerfile and "STOPSIGNAL SIGTERM" in dockerfile
    copied = re.findall(r"^COPY (?!--from)(\S+) ", dockerfile, re.MULTILINE)
    for name in copied:
        assert (REPO / name).exists(), f"Dockerfile copies missing {name}"
    # every package of the wheel is copied into the build stage, and only the wheel is
    # installed in the image (no source tree beside it)
    packages = {p.parent.name for p in REPO.glob("*/__init__.py")} - {"tests", "benchmarks"}
    assert packages <= set(copied), f"not copied: {packages - set(copied)}"
    assert re.search(r"^RUN pip install /tmp/dist/\*\.whl", dockerfile, re.MULTILINE)

    compose = yaml.safe_load((DEPLOY / "compose.yaml").read_text())
    service = compose["services"]["scheduler"]
    assert service["build"]["dockerfile"] == "deploy/Dockerfile"
    assert service["init"] is True and service["stop_signal"] == "SIGTERM"
    assert service["stop_grace_period"] == "5m"
    assert any(v.endswith(":/var/lib/bandantoc-archive") for v in service["volumes"])
    assert "archive" in compose["volumes"]
