"""The commands that work in-process, through `bdt.cli.main([...])`: what they print and return.

`crawl`, `demo` and `schedule` run Scrapy or a daemon and are tested end to end as
subprocesses (test_crawl, test_demo, test_scheduler); `status` is in test_status,
`run-now` in test_scheduler_parts, `extract` in test_extract_cli, bad input in test_cli_errors.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from bdt.cli import main
from tests.test_documents import (
    ARTICLE_A,
    ARTICLE_B,
    JULY,
    LISTING,
    REGISTRY_YAML,
    VP,
    Page,
    article_html,
    listing_html,
    make_archive,
    url_a,
    url_b,
)

FIXTURES = Path(__file__).parent / "fixtures" / "extract"


@pytest.fixture
def crawled(tmp_path: Path, catalog_backend: str | None):
    """A scratch archive with one extracted run of VP: two articles and a listing."""
    archive = make_archive(tmp_path / "archive")
    registry = tmp_path / "sites.yaml"
    registry.write_text(REGISTRY_YAML, encoding="utf-8")
    run_id = archive.crawl(VP, [Page(url_a(), article_html(ARTICLE_A)),
                                Page(url_b(), article_html(ARTICLE_B)),
                                Page(LISTING, listing_html())], JULY)
    archive.extract(run_id)
    yield archive, registry
    archive.catalog.close()


def test_sites_lists_the_registry(tmp_path, capsys):
    registry = tmp_path / "sites.yaml"
    registry.write_text(REGISTRY_YAML, encoding="utf-8")
    expected = [entry["id"] for entry in yaml.safe_load(REGISTRY_YAML)["sites"]]
    assert main(["sites", "--registry", str(registry), "--json"]) == 0
    listed = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [site["id"] for site in listed] == expected
    assert main(["sites", "--registry", str(registry)]) == 0
    table = capsys.readouterr().out.splitlines()
    assert [line.split()[0] for line in table[2:]] == expected


def test_export_writes_the_current_documents_of_a_site(crawled, tmp_path, capsys):
    archive, _ = crawled
    out = tmp_path / "out"
    assert main(["export", "--archive", str(archive.layout.root), "--site", VP,
                 "--out", str(out)]) == 0
    (printed,) = capsys.readouterr().out.splitlines()
    assert Path(printed).parent == out
    lines = [json.loads(x) for x in Path(printed).read_text(encoding="utf-8").splitlines()]
    assert sorted(line["url"] for line in lines) == sorted([url_a(), url_b()])
    assert {line["title"] for line in lines} == {ARTICLE_A["title"], ARTICLE_B["title"]}


def test_export_of_a_site_with_runs_but_no_documents_is_an_empty_file(crawled, tmp_path,
                                                                      capsys):
    archive, _ = crawled
    archive.catalog.finish_run(archive.catalog.start_run("kiemthu-langson"), "finished")
    assert main(["export", "--archive", str(archive.layout.root), "--site", "kiemthu-langson",
                 "--out", str(tmp_path / "out")]) == 0
    (printed,) = capsys.readouterr().out.splitlines()
    assert Path(printed).read_text(encoding="utf-8") == ""


def test_reextract_with_unchanged_rules_changes_nothing(crawled, capsys):
    archive, registry = crawled
    assert main(["reextract", "--archive", str(archive.layout.root), "--registry",
                 str(registry), "--site", VP]) == 0
    printed = capsys.readouterr().out
    assert printed.startswith("pages 3, articles 2: 0 new, 0 changed, 2 unchanged")
    assert printed.rstrip().endswith("0 errors")


def test_eval_scores_the_given_cases(capsys):
    case = FIXTURES / "seed_001_liferay"
    expected = json.loads((case / "expected.json").read_text())
    assert main(["eval", str(case), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["cases"] == 1 and [row["case"] for row in report["rows"]] == [case.name]
    assert report["rows"][0]["kind_expected"] == expected["kind"]
    assert main(["-v", "eval", str(case)]) == 0  # -v before the command: per-case details
    table = capsys.readouterr().out
    assert "line_f1" in table and case.name in table
