"""The installed wheel works like the checkout: rules, registry and schema ship inside it.

Builds the wheel from a copy of the tracked files, installs it into a fresh virtual
environment (dependencies from the package index, as `deploy/README.md` and the Dockerfile
do), then runs `bdt extract`, `bdt eval DIR` and a crawl of a replica site from a directory
outside the source tree, and compares each with the same command run from the checkout.
Slow (one `pip install`, about a minute from a warm cache): everything shares one install.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

import archive
from tests.conftest import REPO, run_bdt, write_registry

pytestmark = pytest.mark.timeout(1200)

FIXTURES = REPO / "tests" / "fixtures" / "extract"
SHIPPED = ("boilerplate_rules/common.yaml", "boilerplate_rules/liferay.yaml",
           "archive/sites.yaml", "archive/schema/document-v1.json")


def _clean_env(**extra: str) -> dict[str, str]:
    """The environment without anything pointing back at the checkout."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHONPATH", "BDT_RULES_DIR", "BDT_REGISTRY", "VIRTUAL_ENV")}
    return {**env, "PYTHONUNBUFFERED": "1", **extra}


def _run(args: list[str], cwd: Path, timeout: float = 600,
         guarded: bool = True) -> subprocess.CompletedProcess[str]:
    """Run a command; ``guarded`` keeps `make test`'s network guard on (all but pip)."""
    netguard = REPO / "tests" / "support" / "netguard"  # holds sitecustomize.py only
    extra = {"PYTHONPATH": str(netguard)} if guarded and os.environ.get("BDT_NETGUARD_LOG") \
        else {}
    result = subprocess.run(args, cwd=cwd, capture_output=True, text=True, timeout=timeout,
                            env=_clean_env(**extra))
    assert result.returncode == 0, (f"{' '.join(map(str, args))} exited {result.returncode}:\n"
                                    f"{result.stdout[-3000:]}\n{result.stderr[-5000:]}")
    return result


@pytest.fixture(scope="module")
def wheel_env(tmp_path_factory) -> tuple[Path, Path, Path]:
    """(wheel file, the fresh venv's bin directory, a working directory outside the repo)."""
    root = tmp_path_factory.mktemp("wheel")
    source = root / "source"
    listed = subprocess.run(["git", "ls-files", "-co", "--exclude-standard", "-z"], cwd=REPO,
                            capture_output=True, check=True).stdout.decode().split("\0")
    for name in filter(None, listed):
        if (REPO / name).is_file():
            (source / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(REPO / name, source / name)
    dist = root / "dist"
    _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(dist),
          str(source)], cwd=root, guarded=False)  # pip fetches the build backend
    wheel = next(dist.glob("bandantoc_archive-*.whl"))
    _run([sys.executable, "-m", "venv", str(root / "venv")], cwd=root)
    bin_dir = root / "venv" / "bin"
    _run([str(bin_dir / "pip"), "install", "-q", str(wheel)], cwd=root, timeout=900,
         guarded=False)  # dependencies from the package index
    work = root / "work"
    work.mkdir()
    return wheel, bin_dir, work


def test_wheel_ships_the_files_read_at_run_time(wheel_env) -> None:
    wheel, bin_dir, work = wheel_env
    names = set(zipfile.ZipFile(wheel).namelist())
    missing = [name for name in SHIPPED if name not in names]
    assert not missing, f"not in the wheel: {missing}"
    rule_files = sorted(p.relative_to(REPO).as_posix()
                        for p in (REPO / "boilerplate_rules").rglob("*.yaml"))
    assert rule_files and set(rule_files) <= names
    where = _run([str(bin_dir / "python"), "-c",
                  "import archive, boilerplate_rules; print(archive.__file__); "
                  "print(boilerplate_rules.__file__)"], cwd=work).stdout.split()
    for path in where:  # imported from the venv, not from the source tree
        assert Path(path).resolve().is_relative_to((bin_dir.parent).resolve()), where


def test_installed_extract_equals_checkout(wheel_env) -> None:
    _, bin_dir, work = wheel_env
    cases = sorted(p for p in FIXTURES.iterdir() if (p / "page.html").is_file())
    assert len(cases) >= 10
    for case in cases[:: max(1, len(cases) // 8)]:  # a spread of CMS families
        url = (case / "url.txt").read_text(encoding="utf-8").strip()
        args = ["extract", str(case / "page.html"), "--url", url, "--json"]
        installed = _run([str(bin_dir / "bdt"), *args], cwd=work).stdout
        checkout = run_bdt(*args, check=True).stdout
        document = json.loads(installed)
        assert document == json.loads(checkout), case.name
        expected = json.loads((case / "expected.json").read_text(encoding="utf-8"))
        assert document["cms"] == expected["cms"], case.name  # the rules were found


def test_installed_eval_equals_checkout(wheel_env) -> None:
    _, bin_dir, work = wheel_env
    installed = json.loads(_run([str(bin_dir / "bdt"), "eval", str(FIXTURES), "--json"],
                                cwd=work).stdout)
    checkout = json.loads(run_bdt("eval", str(FIXTURES), "--json", check=True).stdout)
    assert installed == checkout
    assert installed["cases"] >= 10 and installed["cms_accuracy"] == checkout["cms_accuracy"]


def test_installed_crawl_equals_checkout(wheel_env, replica, tmp_path: Path) -> None:
    _, bin_dir, work = wheel_env
    key = "aspnet"
    entries = [e for e in replica.registry_entries() if e["id"] == f"replica-{key}"]
    registry = write_registry(tmp_path / "replica.yaml", entries)
    args = ["crawl", f"replica-{key}", "--registry", str(registry)]
    replica.reset_faults()
    _run([str(bin_dir / "bdt"), *args, "--archive", str(tmp_path / "installed")], cwd=work)
    replica.reset_faults()
    run_bdt(*args, "--archive", str(tmp_path / "checkout"), check=True)

    def documents(path: Path) -> list[tuple]:
        return sorted((d["url"], d["title"], d["text"], d["published"], d["author"], d["cms"],
                       d["rules_version"])
                      for d in archive.open(path).documents())

    installed, checkout = documents(tmp_path / "installed"), documents(tmp_path / "checkout")
    assert installed == checkout
    assert len(installed) >= 2 and all(doc[1] and doc[2] for doc in installed)
