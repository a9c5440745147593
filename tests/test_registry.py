"""Tests for the site registry: the bundled sites.yaml, scope checks and error messages."""

from __future__ import annotations

import socket
import textwrap
import unicodedata
from pathlib import Path

import pytest

from archive import registry as registry_module
from archive.provinces import (
    MERGED_INTO,
    PROVINCES_2025,
    PROVINCES_PRE_2025,
    canonical_province,
    normalise_province_name,
    province_2025_of,
)
from archive.registry import (
    DEFAULT_REGISTRY,
    Registry,
    RegistryError,
    Site,
    load_registry,
    load_registry_text,
)

DATA = Path(__file__).parent / "data" / "registry"

CONFIRMED = {
    "angiang": ("active", "An Giang", "An Giang"),
    "haugiang": ("active", "Hậu Giang", "Cần Thơ"),
    "thanhhoa": ("active", "Thanh Hóa", "Thanh Hóa"),
    "ninhthuan": ("active", "Ninh Thuận", "Khánh Hòa"),
    "lamdong": ("moved", "Lâm Đồng", "Lâm Đồng"),
    "danang": ("active", "Đà Nẵng", "Đà Nẵng"),
    "bacninh": ("active", "Bắc Ninh", "Bắc Ninh"),
    "thainguyen": ("active", "Thái Nguyên", "Thái Nguyên"),
    "vinhphuc": ("active", "Vĩnh Phúc", "Phú Thọ"),
}


def entry(**fields: str) -> str:
    """A valid one-site registry text, with fields overridden or added (raw YAML values)."""
    base = {
        "id": "thainguyen",
        "name": '"Ban Dân tộc tỉnh Thái Nguyên"',
        "province": "Thái Nguyên",
        "start_urls": '["https://bandantoc.thainguyen.gov.vn/"]',
    }
    base.update(fields)
    lines = [f"    {key}: {value}" for key, value in base.items() if value is not None]
    return "sites:\n  - " + "\n".join(lines)[4:] + "\n"


def make_site(**kwargs: object) -> Site:
    values: dict[str, object] = {
        "id": "t", "name": "T", "province": "Thái Nguyên", "province_2025": "Thái Nguyên",
        "start_urls": ("https://bandantoc.thainguyen.gov.vn/",),
        "scope_hosts": ("bandantoc.thainguyen.gov.vn",),
    }
    values.update(kwargs)
    return Site(**values)  # type: ignore[arg-type]


# --- the bundled registry ---------------------------------------------------------------


@pytest.fixture(scope="module")
def bundled() -> Registry:
    return load_registry()


def test_bundled_registry_loads(bundled: Registry) -> None:
    assert isinstance(bundled, Registry)
    assert bundled.path == DEFAULT_REGISTRY
    assert len(bundled) >= 63
    assert list(bundled)[0] == "angiang"  # file order
    assert all(site_id == site.id for site_id, site in bundled.items())


def test_bundled_registry_covers_all_63_provinces(bundled: Registry) -> None:
    assert len(PROVINCES_PRE_2025) == 63
    assert len(PROVINCES_2025) == 34
    provinces = {canonical_province(site.province) for site in bundled.values()}
    assert provinces == set(PROVINCES_PRE_2025)
    for site in bundled.values():
        assert site.province_2025 in PROVINCES_2025, site.id
        assert site.province_2025 == province_2025_of(site.province), site.id


def test_bundled_registry_confirmed_sites(bundled: Registry) -> None:
    for site_id, (status, province, province_2025) in CONFIRMED.items():
        site = bundled[site_id]
        assert (site.status, site.province, site.province_2025) == (
            status, province, province_2025), site_id
    assert bundled["lamdong"].moved_to == "https://w3.lamdong.gov.vn/sites/bandantoc"
    assert bundled["ninhthuan"].scope_hosts == ("www.ninhthuan.gov.vn",)
    assert bundled["ninhthuan"].path_prefix == "/chinhquyen/bandantoc"
    assert bundled["danang"].name.startswith("Sở Dân tộc và Tôn giáo")
    others = [s for s in bundled.values() if s.id not in CONFIRMED and s.id != "lamdong-w3"]
    assert others and all(s.status == "unverified" for s in others)
    for site in others:
        assert site.start_urls[0].startswith("https://bandantoc."), site.id
        assert site.start_urls[0].endswith(".gov.vn/"), site.id


def test_bundled_registry_is_consistent(bundled: Registry) -> None:
    text = DEFAULT_REGISTRY.read_text(encoding="utf-8")
    assert unicodedata.is_normalized("NFC", text)
    for site in bundled.values():
        assert all(site.in_scope(url) for url in site.start_urls), site.id
        assert not site.allow_private_network, site.id
        assert site.registered_domain.endswith(".gov.vn"), site.id
        if site.status == "active":
            assert site.schedule and site.download_delay, site.id


def test_default_registry_is_named_relative_to_cwd(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(DEFAULT_REGISTRY.parent.parent)
    assert load_registry().source == "archive/sites.yaml"


# --- provinces ----------------------------------------------------------------------------


def test_province_table() -> None:
    keys = {normalise_province_name(p) for p in PROVINCES_PRE_2025}
    assert len(keys) == 63
    assert set(MERGED_INTO.values()) <= set(PROVINCES_2025)
    assert {province_2025_of(p) for p in PROVINCES_PRE_2025} == set(PROVINCES_2025)


@pytest.mark.parametrize(("written", "expected"), [
    ("Vĩnh Phúc", "Phú Thọ"),
    ("Tỉnh Vĩnh Phúc", "Phú Thọ"),
    (unicodedata.normalize("NFD", "Tỉnh Hòa Bình"), "Phú Thọ"),
    ("Hoà Bình", "Phú Thọ"),
    ("TP. Hồ Chí Minh", "TP Hồ Chí Minh"),
    ("Thành phố Hồ Chí Minh", "TP Hồ Chí Minh"),
    ("Bà Rịa - Vũng Tàu", "TP Hồ Chí Minh"),
    ("Thừa Thiên Huế", "Huế"),
    ("Thành phố Huế", "Huế"),
    ("Thái Nguyên", "Thái Nguyên"),
    ("Atlantis", None),
])
def test_province_2025_of(written: str, expected: str | None) -> None:
    assert province_2025_of(written) == expected


# --- scope --------------------------------------------------------------------------------


@pytest.mark.parametrize(("url", "expected"), [
    ("https://bandantoc.thainguyen.gov.vn/", True),
    ("https://bandantoc.thainguyen.gov.vn", True),
    ("http://bandantoc.thainguyen.gov.vn/tin-tuc?id=1#top", True),  # http and https both
    ("https://BANDANTOC.ThaiNguyen.gov.vn./x", True),
    ("https://bandantoc.thainguyen.gov.vn:443/x", True),
    ("http://bandantoc.thainguyen.gov.vn:80/x", True),
    ("https://bandantoc.thainguyen.gov.vn:8443/x", False),
    ("https://thainguyen.gov.vn/", False),
    ("https://x.bandantoc.thainguyen.gov.vn/", False),
    ("https://bandantoc.thainguyen.gov.vn.evil.example/", False),
    ("https://evil.example/?u=https://bandantoc.thainguyen.gov.vn/", False),
    ("ftp://bandantoc.thainguyen.gov.vn/", False),
    ("mailto:bdt@thainguyen.gov.vn", False),
    ("javascript:void(0)", False),
    ("/relative/path", False),
    ("https://bandantoc.thainguyen.gov.vn:99999/", False),
    ("", False),
])
def test_in_scope_host_site(url: str, expected: bool) -> None:
    assert make_site().in_scope(url) is expected


@pytest.mark.parametrize(("url", "expected"), [
    ("http://www.ninhthuan.gov.vn/chinhquyen/bandantoc", True),
    ("http://www.ninhthuan.gov.vn/chinhquyen/bandantoc/", True),
    ("http://www.ninhthuan.gov.vn/chinhquyen/bandantoc/Pages/tin-tuc.aspx", True),
    ("https://www.ninhthuan.gov.vn/ChinhQuyen/BanDanToc/Pages/Tin.aspx?ItemID=5", True),
    ("http://www.ninhthuan.gov.vn/chinhquyen/%62andantoc/Pages/x.aspx", True),
    ("http://www.ninhthuan.gov.vn/chinhquyen/bandantoc2/Pages/x.aspx", False),
    ("http://www.ninhthuan.gov.vn/chinhquyen/sotuphap/Pages/x.aspx", False),
    ("http://www.ninhthuan.gov.vn/chinhquyen/bandantoc/../sotuphap/", False),
    ("http://www.ninhthuan.gov.vn/chinhquyen/bandantoc%2F..%2Fsotuphap", False),
    ("http://www.ninhthuan.gov.vn/", False),
    ("http://www.ninhthuan.gov.vn/?next=/chinhquyen/bandantoc/", False),
    ("http://ninhthuan.gov.vn/chinhquyen/bandantoc/", False),
])
def test_in_scope_portal_sub_site(url: str, expected: bool) -> None:
    site = make_site(scope_hosts=("www.ninhthuan.gov.vn",), path_prefix="/chinhquyen/bandantoc")
    assert site.in_scope(url) is expected


def test_in_scope_ports_and_default_ports() -> None:
    text = textwrap.dedent("""\
        - id: local
          name: Local
          province: Thái Nguyên
          start_urls: ["http://127.0.0.1:8765/"]
          allow_private_network: true
        - id: tls
          name: TLS
          province: Thái Nguyên
          start_urls: ["https://example.org/"]
          scope: {hosts: ["Example.org:443", "example.org:8443", "[::1]:9000"]}
          allow_private_network: true
        """)
    reg = load_registry_text(text)
    local, tls = reg["local"], reg["tls"]
    assert local.scope_hosts == ("127.0.0.1:8765",)
    assert local.in_scope("http://127.0.0.1:8765/a")
    assert not local.in_scope("http://127.0.0.1/a")
    assert not local.in_scope("http://127.0.0.1:8766/a")
    assert not local.in_scope("http://localhost:8765/a")
    assert tls.scope_hosts == ("example.org", "example.org:8443", "[::1]:9000")
    assert tls.in_scope("https://example.org/") and tls.in_scope("http://example.org:80/")
    assert tls.in_scope("https://example.org:8443/x")
    assert tls.in_scope("http://[::1]:9000/x") and not tls.in_scope("http://[::1]/x")


# --- registered domain, offline ------------------------------------------------------------


def test_registered_domain_offline(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_network(*args: object, **kwargs: object) -> None:
        raise AssertionError("registry code tried to use the network")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    monkeypatch.setattr(socket, "getaddrinfo", no_network)
    monkeypatch.setattr(registry_module, "_TLD_EXTRACT", None)  # build it under the block
    assert make_site().registered_domain == "thainguyen.gov.vn"
    assert make_site(scope_hosts=("sdttg.danang.gov.vn",)).registered_domain == "danang.gov.vn"
    assert make_site(scope_hosts=("lamdong.gov.vn",)).registered_domain == "lamdong.gov.vn"
    assert make_site(scope_hosts=("127.0.0.1:8765",)).registered_domain == "127.0.0.1"
    assert make_site(scope_hosts=("[::1]:8765",)).registered_domain == "::1"
    assert make_site(scope_hosts=("localhost:8765",)).registered_domain == "localhost"
    assert registry_module._TLD_EXTRACT is not None


# --- minimal and lenient input ---------------------------------------------------------


def test_minimal_outside_entry_gets_defaults() -> None:
    reg = load_registry(DATA / "minimal.yaml")
    assert reg.path == DATA / "minimal.yaml"
    site = reg["replica"]
    assert site.province == "Tỉnh Thái Nguyên"
    assert site.province_2025 == "Thái Nguyên"
    assert site.status == "active"
    assert site.start_urls == ("http://127.0.0.1:8765/",)
    assert site.scope_hosts == ("127.0.0.1:8765",)
    assert site.path_prefix == ""
    assert site.recheck_days == 30
    assert site.allow_private_network is True
    assert (site.schedule, site.max_pages, site.max_depth, site.cms, site.moved_to) == (
        None, None, None, None, None)
    assert (site.download_delay, site.autothrottle_max_delay, site.notes) == (None, None, "")
    assert site.line == 2
    assert site.registered_domain == "127.0.0.1"


def test_nfd_input_is_normalised_and_unknown_province_kept() -> None:
    text = unicodedata.normalize("NFD", entry(province="Vĩnh Phúc", name='"Ban Dân tộc"'))
    site = load_registry_text(text)["thainguyen"]
    assert site.province == "Vĩnh Phúc" and unicodedata.is_normalized("NFC", site.name)
    assert site.province_2025 == "Phú Thọ"
    assert load_registry_text(entry(province="Atlantis"))["thainguyen"].province_2025 == "Atlantis"


def test_all_optional_fields() -> None:
    text = entry(
        scope="{hosts: [bandantoc.thainguyen.gov.vn, thainguyen.gov.vn], path_prefix: /}",
        status="UNVERIFIED", schedule='"30  1 * * sun"', max_pages="5000", max_depth="8",
        politeness="{download_delay: 2, autothrottle_max_delay: 30.5}", recheck_days="14",
        cms="Liferay", moved_to="https://new.example.gov.vn/", notes='"Ghi chú"',
        province_2025='"Thai Nguyen"',
    )
    site = load_registry_text(text)["thainguyen"]
    assert site.scope_hosts == ("bandantoc.thainguyen.gov.vn", "thainguyen.gov.vn")
    assert site.path_prefix == ""
    assert (site.status, site.schedule, site.cms) == ("unverified", "30 1 * * sun", "liferay")
    assert (site.max_pages, site.max_depth, site.recheck_days) == (5000, 8, 14)
    assert (site.download_delay, site.autothrottle_max_delay) == (2, 30.5)
    assert site.province_2025 == "Thái Nguyên"
    assert site.moved_to == "https://new.example.gov.vn/" and site.notes == "Ghi chú"


def test_anchors_and_merge_keys_share_settings() -> None:
    text = textwrap.dedent("""\
        sites:
          - &base
            id: a
            name: A
            province: Hà Giang
            start_urls: [https://bandantoc.hagiang.gov.vn/]
            politeness: {download_delay: 2}
          - <<: *base
            id: b
            start_urls: [https://sdttg.hagiang.gov.vn/]
            status: gone
        """)
    reg = load_registry_text(text)
    assert [s.line for s in reg.values()] == [2, 8]
    assert reg["b"].download_delay == 2.0 and isinstance(reg["b"].download_delay, float)
    assert (reg["b"].name, reg["b"].status, reg["b"].scope_hosts) == (
        "A", "gone", ("sdttg.hagiang.gov.vn",))


def test_top_level_forms() -> None:
    assert len(load_registry_text("sites: []\n")) == 0
    assert len(load_registry_text("sites:\n")) == 0
    bare = entry().replace("sites:\n", "")
    assert list(load_registry_text(bare)) == ["thainguyen"]


# --- broken files ----------------------------------------------------------------------


def test_example_message_format() -> None:
    with pytest.raises(RegistryError) as info:
        load_registry_text(entry(status="actve"), "archive/sites.yaml")
    assert str(info.value) == (
        "archive/sites.yaml:6: site 'thainguyen': field 'status': "
        "'actve' is not one of active, unverified, moved, gone")
    err = info.value
    assert isinstance(err, ValueError)
    assert (err.source, err.line, err.entry, err.field) == (
        "archive/sites.yaml", 6, "site 'thainguyen'", "status")


def test_bad_yaml_names_file_line_and_column() -> None:
    with pytest.raises(RegistryError) as info:
        load_registry(DATA / "bad_yaml.yaml")
    message = str(info.value)
    assert message.startswith(f"{DATA / 'bad_yaml.yaml'}:6:")
    assert "invalid YAML" in message


def test_bad_file_names_file_line_entry_and_field() -> None:
    with pytest.raises(RegistryError) as info:
        load_registry(DATA / "bad_status.yaml")
    assert str(info.value).startswith(
        f"{DATA / 'bad_status.yaml'}:11: site 'thainguyen': field 'status': 'actve'")


def test_missing_file() -> None:
    with pytest.raises(RegistryError, match="no-such.yaml: cannot read registry"):
        load_registry(DATA / "no-such.yaml")


SECOND = textwrap.dedent("""\
    sites:
      - id: angiang
        name: "Ban Dân tộc tỉnh An Giang"
        province: An Giang
        start_urls: ["https://bandantoc.angiang.gov.vn/"]
      - {body}
    """)


def second(body: str) -> str:
    """A registry with a valid first entry and ``body`` (YAML lines) as the 2nd entry."""
    return SECOND.format(body=textwrap.indent(textwrap.dedent(body), "    ")[4:].rstrip())


BROKEN = [
    # (registry text, line, entry, field, words in the reason)
    pytest.param(second("""\
        id: thainguyen
        province: Thái Nguyên
        start_urls: ["https://bandantoc.thainguyen.gov.vn/"]
        """), 6, "site 'thainguyen'", "name", "is required", id="missing-name"),
    pytest.param(second("""\
        name: "Ban Dân tộc tỉnh Thái Nguyên"
        province: Thái Nguyên
        start_urls: ["https://bandantoc.thainguyen.gov.vn/"]
        """), 6, "entry #2", "id", "is required", id="missing-id"),
    pytest.param(second("""\
        id: thainguyen
        name: x
        province: Thái Nguyên
        start_urls: []
        """), 9, "site 'thainguyen'", "start_urls", "is required", id="empty-start-urls"),
    pytest.param(second("""\
        id: thainguyen
        name: x
        province: Thái Nguyên
        start_urls:
          - https://bandantoc.thainguyen.gov.vn/
          - ftp://bandantoc.thainguyen.gov.vn/
        """), 11, "site 'thainguyen'", "start_urls", "not an http(s) URL", id="bad-url"),
    pytest.param(second("""\
        id: thainguyen
        name: x
        province: Thái Nguyên
        start_urls: ["https:///no-host"]
        """), 9, "site 'thainguyen'", "start_urls", "not an http(s) URL", id="url-no-host"),
    pytest.param(second("""\
        id: thainguyen
        name: x
        province: Thái Nguyên
        start_urls: "https://bandantoc.thainguyen.gov.vn/"
        """), 9, "site 'thainguyen'", "start_urls", "is not a list", id="url-not-list"),
    pytest.param(second("""\
        id: thainguyen
        name: x
        province: Thái Nguyên
        start_urls: ["https://bandantoc.thainguyen.gov.vn/"]
        status: actve
        """), 10, "site 'thainguyen'", "status", "is not one of active", id="bad-status"),
    pytest.param(second("""\
        id: angiang
        name: x
        province: An Giang
        start_urls: ["https://bandantoc.angiang.gov.vn/"]
        """), 6, "site 'angiang'", "id", "duplicate id (first used at line 2)",
        id="duplicate-id"),
    pytest.param(second("""\
        id: thainguyen
        name: x
        province: Thái Nguyên
        start_urls: ["https://bandantoc.thainguyen.gov.vn/"]
        shedule: "0 3 * * mon"
        """), 10, "site 'thainguyen'", "shedule", "did you mean 'schedule'",
        id="unknown-field"),
    pytest.param(second("""\
        id: thainguyen
        name: x
        province: Thái Nguyên
        start_urls: ["https://bandantoc.thainguyen.gov.vn/"]
        scope: {hosts: [bandantoc.thainguyen.gov.vn], prefix: /x}
        """), 10, "site 'thainguyen'", "scope.prefix", "unknown field", id="unknown-subfield"),
    pytest.param(second("""\
        id: thainguyen
        name: x
        province: Thái Nguyên
        start_urls: ["https://bandantoc.thainguyen.gov.vn/"]
        schedule: "0 3 * *"
        """), 10, "site 'thainguyen'", "schedule", "5-field cron", id="cron-4-fields"),
    pytest.param(second("""\
        id: thainguyen
        name: x
        province: Thái Nguyên
        start_urls: ["https://bandantoc.thainguyen.gov.vn/"]
        schedule: "61 3 * * *"
        """), 10, "site 'thainguyen'", "schedule", "not a valid cron", id="cron-range"),
    pytest.param(second("""\
        id: thainguyen
        name: x
        province: Thái Nguyên
        start_urls: ["https://bandantoc.thainguyen.gov.vn/"]
        schedule: "0 3 * * 0"
        """), 10, "site 'thainguyen'", "schedule", "day of week as names",
        id="cron-numeric-weekday"),
    pytest.param(second("""\
        id: thainguyen
        name: x
        province: Thái Nguyên
        start_urls: ["https://bandantoc.thainguyen.gov.vn/"]
        max_pages: -5
        """), 10, "site 'thainguyen'", "max_pages", "positive integer", id="negative-int"),
    pytest.param(second("""\
        id: thainguyen
        name: x
        province: Thái Nguyên
        start_urls: ["https://bandantoc.thainguyen.gov.vn/"]
        max_depth: "3"
        """), 10, "site 'thainguyen'", "max_depth", "positive integer", id="int-as-string"),
    pytest.param(second("""\
        id: thainguyen
        name: x
        province: Thái Nguyên
        start_urls: ["https://bandantoc.thainguyen.gov.vn/"]
        recheck_days: true
        """), 10, "site 'thainguyen'", "recheck_days", "0 or more", id="bool-as-int"),
    pytest.param(second("""\
        id: thainguyen
        name: x
        province: Thái Nguyên
        start_urls: ["https://bandantoc.thainguyen.gov.vn/"]
        politeness:
          download_delay: -1
        """), 11, "site 'thainguyen'", "politeness.download_delay", "0 or more",
        id="negative-delay"),
    pytest.param(second("""\
        id: thainguyen
        name: x
        province: Thái Nguyên
        start_urls: ["https://bandantoc.thainguyen.gov.vn/"]
        allow_private_network: "yes please"
        """), 10, "site 'thainguyen'", "allow_private_network", "true or false",
        id="bad-bool"),
    pytest.param(second("""\
        id: thainguyen
        name: x
        province: Thái Nguyên
        start_urls: ["https://bandantoc.thainguyen.gov.vn/"]
        cms: drupal
        """), 10, "site 'thainguyen'", "cms", "is not one of liferay", id="bad-cms"),
    pytest.param(second("""\
        id: Thai Nguyen
        name: x
        province: Thái Nguyên
        start_urls: ["https://bandantoc.thainguyen.gov.vn/"]
        """), 6, "entry #2", "id", "must match", id="bad-id"),
    pytest.param(second("""\
        id: thainguyen
        name: x
        province: Thái Nguyên
        start_urls: ["https://bandantoc.thainguyen.gov.vn/"]
        status: active
        status: gone
        """), 11, "site 'thainguyen'", "status", "more than once", id="repeated-key"),
    pytest.param(second("""\
        id: ninhthuan
        name: x
        province: Ninh Thuận
        start_urls: ["http://www.ninhthuan.gov.vn/"]
        scope: {hosts: [www.ninhthuan.gov.vn], path_prefix: /chinhquyen/bandantoc}
        """), 9, "site 'ninhthuan'", "start_urls", "outside the site's scope",
        id="start-url-out-of-scope"),
    pytest.param(second("""\
        id: thainguyen
        name: x
        province: Thái Nguyên
        start_urls: ["https://bandantoc.thainguyen.gov.vn/"]
        scope:
          hosts: ["https://bandantoc.thainguyen.gov.vn/"]
        """), 11, "site 'thainguyen'", "scope.hosts", "not a host name", id="bad-scope-host"),
    pytest.param(second("""\
        id: thainguyen
        name: x
        province: Thái Nguyên
        start_urls: ["https://bandantoc.thainguyen.gov.vn/"]
        scope: {path_prefix: chinhquyen}
        """), 10, "site 'thainguyen'", "scope.path_prefix", "starting with '/'",
        id="relative-prefix"),
    pytest.param(second("""\
        id: replica
        name: x
        province: Thái Nguyên
        start_urls: ["http://127.0.0.1:8765/"]
        """), 9, "site 'replica'", "start_urls", "allow_private_network",
        id="private-network"),
    pytest.param(second("""\
        id: thainguyen
        name: x
        province: Thái Nguyên
        start_urls: ["https://bandantoc.thainguyen.gov.vn/"]
        moved_to: w3.thainguyen.gov.vn
        """), 10, "site 'thainguyen'", "moved_to", "not an http(s) URL", id="bad-moved-to"),
]


@pytest.mark.parametrize(("text", "line", "entry_label", "field", "reason"), BROKEN)
def test_broken_registry(tmp_path: Path, text: str, line: int, entry_label: str, field: str,
                         reason: str) -> None:
    path = tmp_path / "sites.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(RegistryError) as info:
        load_registry(path)
    message = str(info.value)
    assert message.startswith(f"{path}:{line}: {entry_label}: field '{field}': "), message
    assert reason in message
    assert (info.value.line, info.value.entry, info.value.field) == (line, entry_label, field)


@pytest.mark.parametrize(("text", "line", "words"), [
    pytest.param("", 1, "empty", id="empty"),
    pytest.param("sites: [\n", 2, "invalid YAML", id="unclosed"),
    pytest.param("sites:\n  - id: a\n   name: b\n", 3, "invalid YAML", id="bad-indent"),
    pytest.param("sites:\n  - id: a\n    name: [b\n", 4, "invalid YAML", id="unclosed-flow"),
    pytest.param("sites: []\nsite:\n  - id: a\n", 2, "unknown top-level key 'site'",
                 id="top-key"),
    pytest.param("{}\n", 1, "expected 'sites:'", id="empty-mapping"),
    pytest.param("sites: hello\n", 1, "list of site entries", id="not-a-list"),
    pytest.param("just a string\n", 1, "list of site entries", id="scalar"),
    pytest.param("---\nsites: []\n---\nsites: []\n", 3, "invalid YAML", id="two-documents"),
])
def test_broken_file_shape(text: str, line: int, words: str) -> None:
    with pytest.raises(RegistryError) as info:
        load_registry_text(text, "reg.yaml")
    assert str(info.value).startswith(f"reg.yaml:{line}"), str(info.value)
    assert words in str(info.value)


def test_entry_not_a_mapping() -> None:
    with pytest.raises(RegistryError) as info:
        load_registry_text("sites:\n  - thainguyen\n", "reg.yaml")
    assert str(info.value).startswith("reg.yaml:2: entry #1: expected a mapping")
