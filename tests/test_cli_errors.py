"""Every subcommand given bad input: one line naming what is wrong, a non-zero exit, no
traceback, nothing printed on stdout, nothing created and the archive left as it was.

In-process through `bdt.cli.main`; each case fails before any crawl or daemon starts.
Catalog on SQLite only: the input is refused before a catalog is read, and {BADCAT} is a
`catalog.sqlite` that is not SQLite.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

from archive.catalog import Catalog
from archive.layout import ArchiveLayout
from bdt.cli import main
from tests.conftest import REPO

REGISTRY = """sites:
- {id: alpha, name: 'Ban Dân tộc tỉnh Thái Nguyên', province: 'Thái Nguyên',
   start_urls: ['https://alpha.example.vn/']}
- {id: beta, name: 'Ban Dân tộc tỉnh Lào Cai', province: 'Lào Cai',
   start_urls: ['https://beta.example.vn/']}
"""
PAGE = REPO / "tests" / "fixtures" / "extract" / "seed_001_liferay" / "page.html"

# (argv, a fragment the one error line must contain, environment).  Placeholders:
# {R} registry, {A} archive (with runs of alpha), {BROKEN} a broken registry, {FILE} a plain
# file, {NEW} a path that must stay absent, {DIR} an empty directory, {NOURL} an eval case
# without url.txt, {BADJSON} an eval case with a broken expected.json, {BADCAT} a directory
# whose catalog.sqlite is not SQLite.
CASES: list[tuple[list[str], str, dict[str, str]]] = [
    # no or unknown command, unknown option
    ([], "COMMAND", {}),
    (["nosuch"], "invalid choice", {}),
    (["--bogus", "sites"], "unrecognized arguments", {}),
    # sites
    (["sites", "--registry", "{NEW}"], "cannot read registry", {}),
    (["sites", "--registry", "{BROKEN}"], "invalid registry", {}),
    (["sites", "--registry", "{DIR}"], "cannot read registry", {}),
    # crawl: settings are checked before anything is created or recorded
    (["crawl", "alpha", "--registry", "{R}", "--archive", "{NEW}", "-s", "DOWNLOAD_DELAY=abc"],
     "DOWNLOAD_DELAY=abc: expected a number", {}),
    (["crawl", "alpha", "--registry", "{R}", "--archive", "{A}", "-s", "DOWNLOAD_DELAYY=5"],
     "did you mean DOWNLOAD_DELAY", {}),
    (["crawl", "alpha", "--registry", "{R}", "--archive", "{NEW}", "-s", "DOWNLOAD_DELAY"],
     "NAME=VALUE", {}),
    (["crawl", "alpha", "--registry", "{R}", "--archive", "{NEW}", "-s", "ROBOTSTXT_OBEY=maybe"],
     "ROBOTSTXT_OBEY=maybe: expected true or false", {}),
    (["crawl", "alpha", "--registry", "{R}", "--archive", "{NEW}", "-s", "BDT_MAX_PAGES=-3"],
     "must not be negative", {}),
    (["crawl", "alpha", "--registry", "{R}", "--archive", "{NEW}", "-s", "DOWNLOAD_DELAY=nan"],
     "finite", {}),
    (["crawl", "alpha", "--registry", "{R}", "--archive", "{NEW}", "-s", "RETRY_TIMES=2.5"],
     "RETRY_TIMES=2.5: expected an integer", {}),
    (["crawl", "alpha", "--registry", "{R}", "--archive", "{NEW}", "-s",
      "DEFAULT_REQUEST_HEADERS=gzip"], "expected a JSON object", {}),
    (["crawl", "alpha", "--registry", "{R}", "--archive", "{NEW}", "--max-pages", "-5"],
     "--max-pages", {}),
    (["crawl", "alpha", "--registry", "{R}", "--archive", "{NEW}", "--max-pages", "ten"],
     "--max-pages", {}),
    (["crawl", "typo", "--registry", "{R}", "--archive", "{NEW}"], "typo", {}),
    (["crawl", "alpha", "--registry", "{R}", "--archive", "/proc/nope"], "/proc/nope", {}),
    (["crawl", "alpha", "--registry", "{R}", "--archive", "{FILE}"], "not a directory", {}),
    (["crawl", "alpha", "--registry", "{BROKEN}", "--archive", "{NEW}"], "invalid registry", {}),
    (["crawl", "--registry", "{R}"], "SITE_ID", {}),
    # extract
    (["extract", "{NEW}", "--url", "https://a.gov.vn/x"], "no such file", {}),
    (["extract", "{DIR}", "--url", "https://a.gov.vn/x"], "not a file", {}),
    (["extract", str(PAGE), "--url", "https://a.gov.vn/x", "--cms", "typo"],
     "unknown CMS family", {}),
    (["extract", str(PAGE), "--url", "a.gov.vn/x"], "--url", {}),
    (["extract", str(PAGE)], "--url", {}),
    # eval goes through the parser like every command
    (["eval", "{NOURL}"], "missing url.txt", {}),
    (["-v", "eval", "{NOURL}"], "missing url.txt", {}),
    (["eval", "{BADJSON}"], "unreadable evaluation case", {}),
    (["eval", "{NEW}"], "no such directory", {}),
    (["eval", "{DIR}"], "no evaluation cases", {}),
    (["eval", "--bogus"], "unrecognized arguments", {}),
    (["eval"], "no case directory given", {}),
    (["eval", "--json"], "no such directory", {"BDT_EVAL_DIR": "{NEW}"}),
    # reextract
    (["reextract", "--registry", "{R}", "--archive", "{NEW}"], "not an archive", {}),
    (["reextract", "--registry", "{R}", "--archive", "{A}", "--site", "typo"], "'typo'", {}),
    (["reextract", "--registry", "{R}", "--archive", "{A}", "--since", "2024-13-01"],
     "--since", {}),
    (["reextract", "--registry", "{R}", "--archive", "{A}", "--since", "2024-05-01",
      "--until", "2024-01-01"], "after --until", {}),
    (["reextract", "--registry", "{R}", "--archive", "{A}", "--workers", "0"], "--workers", {}),
    (["reextract", "--registry", "{R}", "--archive", "{BADCAT}"], "not an SQLite database", {}),
    # export
    (["export", "--archive", "{A}", "--out", "{FILE}"], "not a directory", {}),
    (["export", "--archive", "{A}", "--site", "typo"], "'typo'", {}),
    (["export", "--archive", "{NEW}"], "not an archive", {}),
    (["export", "--archive", "{FILE}"], "not a directory", {}),
    (["export", "--archive", "{A}", "--since", "yesterday"], "--since", {}),
    (["export", "--archive", "{A}", "--published-since", "09/07/2021"], "--published-since",
     {}),
    (["export", "--archive", "{A}", "--format", "xml"], "invalid choice", {}),
    (["export", "--archive", "{BADCAT}"], "not an SQLite database", {}),
    (["export", "--archive", "{A}", "--out", "/proc/nope/out"], "/proc/nope/out", {}),
    # status
    (["status", "--registry", "{R}", "--archive", "{NEW}"], "not an archive", {}),
    (["status", "--registry", "{R}", "--archive", "{A}", "--db-url", "foo://x"], "foo://x", {}),
    (["status", "--registry", "{R}", "--archive", "{A}", "--db-url", "nonsense"],
     "bad database URL", {}),
    (["status", "--registry", "{R}", "--archive", "{A}", "--db-url",  # nothing listens there
      "postgresql+psycopg://bdt@127.0.0.1:9/bdt"], "cannot read the job store", {}),
    (["status", "--registry", "{BROKEN}", "--archive", "{A}"], "invalid registry", {}),
    (["status", "--registry", "{R}", "--archive", "{A}", "--db-url", "sqlite:///{FILE}"],
     "cannot read the job store", {}),
    # plan
    (["plan", "--registry", "{BROKEN}", "--archive", "{A}"], "invalid registry", {}),
    (["plan", "--archive", "{A}", "--delay", "-1"], "--delay", {}),
    # nodes
    (["nodes", "deploy"], "--nodes FILE", {}),
    (["nodes", "deploy", "--nodes", "{FILE}"], "expected 'nodes:'", {}),
    (["nodes", "list", "--nodes", "{BROKEN}"], "not YAML", {}),
    (["nodes", "deploy", "--nodes", "{NEW}"], "No such file", {}),
    # run-now
    (["run-now", "typo", "--registry", "{R}", "--archive", "{A}"], "'typo'", {}),
    (["run-now", "alpha", "--registry", "{R}", "--archive", "{NEW}"], "not an archive", {}),
    (["run-now", "alpha", "--registry", "{BROKEN}", "--archive", "{A}"], "invalid registry", {}),
    # schedule: refused before the daemon starts
    (["schedule", "--archive", "{NEW}", "--max-crawls", "0"], "--max-crawls", {}),
    (["schedule", "--archive", "{NEW}", "--jitter", "-1"], "must not be negative", {}),
    (["schedule", "--archive", "{NEW}", "--time-limit", "soon"], "--time-limit", {}),
    (["schedule", "--archive", "{NEW}", "--poll-interval", "0"], "--poll-interval", {}),
    (["schedule", "--archive", "{NEW}", "-s", "NOPE=1"], "NOPE: unknown setting", {}),
    (["schedule", "--archive", "{NEW}", "--db-url", "foo://x"], "foo://x", {}),
    (["schedule", "--archive", "{NEW}"], "BDT_MAX_CRAWLS", {"BDT_MAX_CRAWLS": "four"}),
    (["schedule", "--archive", "{NEW}"], "DOWNLOAD_DELAYY",
     {"BDT_CRAWL_SETTINGS": "DOWNLOAD_DELAYY=5"}),
    (["schedule", "--archive", "{FILE}"], "not a directory", {}),
    (["schedule", "--archive", "{NEW}", "--registry", "{BROKEN}"], "invalid registry", {}),
    # replay: refused before pywb starts
    (["replay", "--registry", "{R}", "--archive", "{NEW}"], "not an archive", {}),
    (["replay", "--registry", "{R}", "--archive", "{A}"], "nothing to replay", {}),
    (["replay", "--registry", "{R}", "--archive", "{A}", "--site", "typo"], "'typo'", {}),
    (["replay", "--registry", "{R}", "--archive", "{A}", "--port", "70000"], "--port", {}),
    (["replay", "--registry", "{R}", "--archive", "{A}", "--port", "http"], "--port", {}),
    (["replay", "--registry", "{BROKEN}", "--archive", "{A}"], "invalid registry", {}),
    # wacz
    (["wacz", "--archive", "{NEW}", "--site", "alpha"], "not an archive", {}),
    (["wacz", "--archive", "{A}"], "say what to package", {}),
    (["wacz", "--archive", "{A}", "--site", "typo"], "'typo'", {}),
    (["wacz", "--archive", "{A}", "--site", "alpha"], "nothing to package", {}),
    (["wacz", "--archive", "{A}", "--run", "nope"], "no run 'nope'", {}),
    (["wacz", "--archive", "{A}", "--run", "r1", "--since", "2024-01-01"], "not allowed", {}),
    (["wacz", "--archive", "{A}", "--run", "r1", "--until", "2024-01-01"], "--until", {}),
    (["wacz", "--archive", "{A}", "--since", "2024-99-01"], "--since", {}),
    # serve: a bind beyond loopback needs a token; checked before anything listens
    (["serve", "--registry", "{R}", "--archive", "{NEW}"], "not an archive", {}),
    (["serve", "--registry", "{R}", "--archive", "{A}", "--host", "0.0.0.0"],
     "BDT_SERVE_TOKEN", {"BDT_SERVE_TOKEN": ""}),
    (["serve", "--registry", "{R}", "--archive", "{A}"], "too short",
     {"BDT_SERVE_TOKEN": "secret"}),
    (["serve", "--registry", "{R}", "--archive", "{A}", "--port", "0"], "--port", {}),
    (["serve", "--registry", "{R}", "--archive", "{A}", "--replay-url", "ftp://x/"],
     "--replay-url", {}),
    (["serve", "--registry", "{BROKEN}", "--archive", "{A}"], "invalid registry", {}),
    # search
    (["search", "dân tộc", "--archive", "{NEW}"], "not an archive", {}),
    (["search", "?!", "--archive", "{A}"], "no word", {}),
    (["search", "dân tộc", "--archive", "{A}", "--site", "typo"], "'typo'", {}),
    (["search", "dân tộc", "--archive", "{A}", "--since", "2024-13-01"], "--since", {}),
    (["search", "dân tộc", "--archive", "{A}", "--limit", "0"], "--limit", {}),
    # demo: replica keys are checked before any server starts
    (["demo", "{NEW}", "--sites", "liferay,nosuch"], "nosuch", {}),
    (["demo", "{NEW}", "--sites", ""], "no replica site given", {}),
    (["demo", "{NEW}", "--sites", "liferay,,Liferay"], "unknown replica site(s) Liferay", {}),
    (["demo", "{FILE}", "--sites", "liferay"], "not a directory", {}),
    (["demo", "{NEW}", "--sites", "liferay"], "BDT_DEMO_PORT", {"BDT_DEMO_PORT": "80"}),
]


@pytest.fixture(scope="module")
def places(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("bad-input")
    registry = root / "sites.yaml"
    registry.write_text(REGISTRY, encoding="utf-8")
    broken = root / "broken.yaml"
    broken.write_text("sites:\n  - id: x\n    name: [unclosed\n", encoding="utf-8")
    layout = ArchiveLayout.at(root / "archive").ensure()
    with Catalog(layout.catalog) as catalog:
        catalog.finish_run(catalog.start_run("alpha"), "finished")
    plain = root / "plain.txt"
    plain.write_text("not a directory\n", encoding="utf-8")
    (root / "empty").mkdir()
    no_url = root / "cases" / "no-url"
    no_url.mkdir(parents=True)
    (no_url / "page.html").write_bytes(PAGE.read_bytes())
    bad_json = root / "bad-json" / "case"
    bad_json.mkdir(parents=True)
    (bad_json / "page.html").write_bytes(PAGE.read_bytes())
    (bad_json / "url.txt").write_text("https://a.gov.vn/x\n", encoding="utf-8")
    (bad_json / "expected.json").write_text("{not json", encoding="utf-8")
    bad_catalog = root / "bad-catalog"
    bad_catalog.mkdir()
    (bad_catalog / "catalog.sqlite").write_text("not a database", encoding="utf-8")
    return {"R": registry, "A": layout.root, "BROKEN": broken, "FILE": plain,
            "DIR": root / "empty", "NOURL": root / "cases", "BADJSON": root / "bad-json",
            "BADCAT": bad_catalog, "ROOT": root}


def _fingerprint(directory: Path) -> str:
    """A digest of every file's path and bytes under `directory`."""
    digest = hashlib.sha256()
    for path in sorted(p for p in directory.rglob("*") if p.is_file()):
        digest.update(str(path.relative_to(directory)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def test_the_table_covers_every_subcommand():
    from bdt.cli import COMMANDS
    covered = {arg for argv, _, _ in CASES for arg in argv[:2] if arg in COMMANDS}
    assert covered == set(COMMANDS) and len(CASES) >= 40


@pytest.mark.timeout(120)
@pytest.mark.parametrize(("argv", "fragment", "env"), CASES,
                         ids=[" ".join(argv) or "(nothing)" for argv, _, _ in CASES])
def test_bad_input_gives_one_line_and_a_non_zero_exit(places, tmp_path, monkeypatch, capsys,
                                                      argv, fragment, env):
    new = tmp_path / "typo"
    names = {**{key: str(path) for key, path in places.items()}, "NEW": str(new)}
    for variable in ("BDT_ARCHIVE_DIR", "BDT_REGISTRY", "BDT_SCHEDULER_DB_URL",
                     "BDT_CRAWL_SETTINGS", "BDT_MAX_CRAWLS", "BDT_EVAL_DIR", "BDT_DEMO_PORT"):
        monkeypatch.delenv(variable, raising=False)
    for variable, value in env.items():
        monkeypatch.setenv(variable, value.format(**names))
    monkeypatch.chdir(tmp_path)  # a default ./archive-data would land here, and be noticed
    before = _fingerprint(places["ROOT"])

    code = main([arg.format(**names) for arg in argv])

    out, err = capsys.readouterr()
    lines = [line for line in err.splitlines() if line.strip()]
    assert code not in (0, None), f"silent success: {out!r} {err!r}"
    assert "Traceback" not in err + out
    assert len(lines) == 1 and lines[0].startswith("bdt"), err
    assert fragment in lines[0], lines[0]
    assert out == ""
    assert not new.exists() and not (tmp_path / "archive-data").exists()
    assert _fingerprint(places["ROOT"]) == before, "bad input changed an existing file"


def test_a_closed_pipe_ends_quietly():
    """`bdt sites | head -1`: the reader is gone before bdt writes; no traceback, exit 141."""
    process = subprocess.Popen([sys.executable, "-m", "bdt.cli", "sites", "--json"], cwd=REPO,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()  # before the child has even started Python
    err = process.stderr.read().decode()
    assert process.wait(timeout=60) == 141
    assert err == "", err


def test_a_closed_pipe_in_process(monkeypatch):
    class Closed:
        def write(self, text: str) -> int:
            raise BrokenPipeError(32, "Broken pipe")

        def flush(self) -> None:
            raise BrokenPipeError(32, "Broken pipe")

    monkeypatch.setattr(sys, "stdout", Closed())
    assert main(["sites"]) == 141


def test_the_installed_entry_point_refuses_a_bad_setting_before_recording_a_run(places,
                                                                               tmp_path):
    """End to end through the console script: nothing is created, the message is one line."""
    bdt = Path(sys.executable).with_name("bdt")
    archive = tmp_path / "archive"
    result = subprocess.run([str(bdt), "crawl", "alpha", "--registry", str(places["R"]),
                             "--archive", str(archive), "-s", "DOWNLOAD_DELAY=abc"],
                            capture_output=True, text=True, timeout=120,
                            env={**os.environ, "PYTHONUNBUFFERED": "1"})
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.strip() == "bdt: -s DOWNLOAD_DELAY=abc: expected a number"
    assert not archive.exists()


def test_the_scheduler_module_entry_point_uses_the_same_error_path(tmp_path):
    result = subprocess.run([sys.executable, "-m", "bdt.scheduler", "--archive",
                             str(tmp_path / "a"), "--db-url", "foo://x"], cwd=REPO,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr.startswith("bdt: bad database URL 'foo://x'")
    assert not (tmp_path / "a").exists()


def test_help_is_not_an_error(capsys):
    assert main(["--help"]) == 0
    assert "COMMAND" in capsys.readouterr().out
    assert main(["status", "--help"]) == 0
    assert "--db-url" in capsys.readouterr().out


def test_a_file_system_error_is_one_line_and_exit_1(monkeypatch, capsys):
    """What the file system refuses (permissions, a full disk) is named, not a traceback."""
    from bdt.cli import COMMANDS

    def refused(args: object) -> int:
        raise PermissionError(13, "Permission denied", "/srv/archive/catalog.sqlite")

    monkeypatch.setitem(COMMANDS, "sites", refused)
    assert main(["sites"]) == 1
    assert capsys.readouterr().err == "bdt: /srv/archive/catalog.sqlite: Permission denied\n"
