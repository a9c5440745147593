"""A broken registry file stops everything with a message naming the entry and field."""

from __future__ import annotations

import pytest

from tests.conftest import run_bdt

BROKEN = {
    "bad-yaml": ("sites:\n  - id: x\n    name: [unclosed\n", "line"),
    "missing-field": ("sites:\n  - id: alpha\n    name: A\n    start_urls: [https://a.gov.vn/]\n",
                      "province"),
    "bad-url": ("sites:\n  - id: alpha\n    name: A\n    province: Sơn La\n"
                "    start_urls: [ftp//nowhere]\n", "start_urls"),
    "unknown-status": ("sites:\n  - id: alpha\n    name: A\n    province: Sơn La\n"
                       "    start_urls: [https://a.gov.vn/]\n    status: actve\n", "status"),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_broken_registry_is_refused_and_nothing_happens(tmp_path, case):
    text, expected = BROKEN[case]
    registry = tmp_path / "sites.yaml"
    registry.write_text(text, encoding="utf-8")
    archive = tmp_path / "archive"
    result = run_bdt("crawl", "alpha", "--registry", str(registry), "--archive", str(archive))
    assert result.returncode != 0
    assert str(registry) in result.stderr and expected in result.stderr, result.stderr
    if case != "bad-yaml":
        assert "alpha" in result.stderr
    assert "Traceback" not in result.stderr
    assert not archive.exists(), "a refused registry must not create the archive"
    listing = run_bdt("sites", "--registry", str(registry))
    assert listing.returncode != 0 and expected in listing.stderr


def test_bundled_registry_lists_all_provinces():
    result = run_bdt("sites", check=True)
    assert result.stdout.count("\n") > 63
    assert "thainguyen" in result.stdout
