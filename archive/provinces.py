"""Vietnam's provinces before and after the 1 July 2025 merger (63 -> 34).

Plain data plus a name normaliser; no Scrapy.  Names are NFC Vietnamese.
"""

from __future__ import annotations

import re
import unicodedata

#: The 34 provinces and centrally-run cities from 1 July 2025.
PROVINCES_2025: tuple[str, ...] = (
    "Hà Nội", "Huế", "Lai Châu", "Điện Biên", "Sơn La", "Lạng Sơn", "Quảng Ninh",
    "Thanh Hóa", "Nghệ An", "Hà Tĩnh", "Cao Bằng",
    "Tuyên Quang", "Lào Cai", "Thái Nguyên", "Phú Thọ", "Bắc Ninh", "Hưng Yên", "Hải Phòng",
    "Ninh Bình", "Quảng Trị", "Đà Nẵng", "Quảng Ngãi", "Gia Lai", "Khánh Hòa", "Lâm Đồng",
    "Đắk Lắk", "TP Hồ Chí Minh", "Đồng Nai", "Tây Ninh", "Cần Thơ", "Vĩnh Long", "Đồng Tháp",
    "Cà Mau", "An Giang",
)

#: Pre-2025 provinces that were merged into another one: old name -> new province.
MERGED_INTO: dict[str, str] = {
    "Hà Giang": "Tuyên Quang",
    "Yên Bái": "Lào Cai",
    "Bắc Kạn": "Thái Nguyên",
    "Vĩnh Phúc": "Phú Thọ",
    "Hòa Bình": "Phú Thọ",
    "Bắc Giang": "Bắc Ninh",
    "Thái Bình": "Hưng Yên",
    "Hải Dương": "Hải Phòng",
    "Hà Nam": "Ninh Bình",
    "Nam Định": "Ninh Bình",
    "Quảng Bình": "Quảng Trị",
    "Quảng Nam": "Đà Nẵng",
    "Kon Tum": "Quảng Ngãi",
    "Bình Định": "Gia Lai",
    "Ninh Thuận": "Khánh Hòa",
    "Đắk Nông": "Lâm Đồng",
    "Bình Thuận": "Lâm Đồng",
    "Phú Yên": "Đắk Lắk",
    "Bà Rịa-Vũng Tàu": "TP Hồ Chí Minh",
    "Bình Dương": "TP Hồ Chí Minh",
    "Bình Phước": "Đồng Nai",
    "Long An": "Tây Ninh",
    "Sóc Trăng": "Cần Thơ",
    "Hậu Giang": "Cần Thơ",
    "Bến Tre": "Vĩnh Long",
    "Trà Vinh": "Vĩnh Long",
    "Tiền Giang": "Đồng Tháp",
    "Bạc Liêu": "Cà Mau",
    "Kiên Giang": "An Giang",
}

#: The 63 pre-2025 provinces (Huế was "Thừa Thiên Huế" until January 2025).
PROVINCES_PRE_2025: tuple[str, ...] = tuple(
    "Thừa Thiên Huế" if p == "Huế" else p for p in PROVINCES_2025
) + tuple(MERGED_INTO)

# Other spellings people write, keyed by normalised form -> canonical pre-2025 name.
_ALIASES: dict[str, str] = {
    "hue": "Thừa Thiên Huế",
    "hcm": "TP Hồ Chí Minh",
    "tphcm": "TP Hồ Chí Minh",
    "hochiminhcity": "TP Hồ Chí Minh",
    "saigon": "TP Hồ Chí Minh",
    "daclac": "Đắk Lắk",
    "baria": "Bà Rịa-Vũng Tàu",
    "brvt": "Bà Rịa-Vũng Tàu",
}

_PREFIXES = (("thanh", "pho"), ("tinh",), ("tp",))


def normalise_province_name(name: str) -> str:
    """Lookup key for a province name: no diacritics, no case, no 'Tỉnh'/'TP' prefix."""
    text = unicodedata.normalize("NFD", name).replace("\u0111", "d").replace("\u0110", "d")
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    words = re.sub(r"[^a-z0-9]+", " ", text).split()
    for prefix in _PREFIXES:
        if tuple(words[: len(prefix)]) == prefix and len(words) > len(prefix):
            words = words[len(prefix):]
            break
    return "".join(words)


def _build_index() -> dict[str, str]:
    index: dict[str, str] = {}
    for old in PROVINCES_PRE_2025:
        index[normalise_province_name(old)] = old
    for new in PROVINCES_2025:
        index.setdefault(normalise_province_name(new), new)
    for key, old in _ALIASES.items():
        index.setdefault(key, old)
    return index


_INDEX = _build_index()
_NEW_INDEX = {normalise_province_name(p): p for p in PROVINCES_2025}


def canonical_province(name: str) -> str | None:
    """The canonical pre-2025 spelling of a province name, or None if unknown."""
    return _INDEX.get(normalise_province_name(name))


def canonical_province_2025(name: str) -> str | None:
    """The canonical spelling of a post-July-2025 province name, or None if not one of the 34."""
    key = normalise_province_name(name)
    if key in _NEW_INDEX:
        return _NEW_INDEX[key]
    old = _INDEX.get(key)
    return province_2025_of(old) if old is not None and old not in MERGED_INTO else None


def province_2025_of(name: str) -> str | None:
    """The province a pre-2025 province belongs to from 1 July 2025, or None if unknown."""
    old = canonical_province(name)
    if old is None:
        return None
    if old in MERGED_INTO:
        return MERGED_INTO[old]
    return "Huế" if old == "Thừa Thiên Huế" else old
