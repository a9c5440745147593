"""A broken registry file stops everything with a message naming the entry and field."""

from __future__ import annotations

import pytest

from bdt.cli import main
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
def test_broken_registry_is_refused_and_nothing_happens(tmp_path, case, capsys):
    text, expected = BROKEN[case]
    registry = tmp_path / "sites.yaml"
    registry.write_text(text, encoding="utf-8")
    archive = tmp_path / "archive"
    assert main(["crawl", "alpha", "--registry", str(registry), "--archive", str(archive)]) == 2
    err = capsys.readouterr().err
    assert str(registry) in err and expected in err, err
    if case != "bad-yaml":
        assert "alpha" in err
    assert "Traceback" not in err
    assert not archive.exists(), "a refused registry must not create the archive"
    assert main(["sites", "--registry", str(registry)]) == 2
    assert expected in capsys.readouterr().err


def test_bundled_registry_lists_all_provinces():
    result = run_bdt("sites", check=True)
    assert result.stdout.count("\n") > 63
    assert "thainguyen" in result.stdout
