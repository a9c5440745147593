"""Legacy Vietnamese font encodings (TCVN3/ABC and VNI-Windows): detect and convert.

Old documents typed with ``.VnTime`` (TCVN3) or ``VNI-Times`` fonts reach us as Latin-1
look-alikes: ``"c¬ së d÷ liÖu"`` is TCVN3 and ``"cô sôû döõ lieäu"`` VNI for "cơ sở dữ liệu".
Detection is per document (decided on the whole text), conversion per paragraph, and only
paragraphs that look legacy and hold no real Vietnamese letters are converted.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from itertools import islice

logger = logging.getLogger(__name__)

# TCVN3 (ABC): single byte per letter; bytes shown as the Latin-1 characters they decode to.
_TCVN3_PAIRS = (
    "¡Ă ¢Â £Ê ¤Ô ¥Ơ ¦Ư §Đ ¨ă ©â ªê «ô ¬ơ ­ư ®đ "
    "µà ¶ả ·ã ¸á ¹ạ »ằ ¼ẳ ½ẵ ¾ắ Æặ Çầ Èẩ Éẫ Êấ Ëậ "
    "Ìè Îẻ Ïẽ Ðé Ñẹ Òề Óể Ôễ Õế Öệ ×ì Øỉ Üĩ Ýí Þị "
    "ßò áỏ âõ ãó äọ åồ æổ çỗ èố éộ êờ ëở ìỡ íớ îợ "
    "ïù ñủ òũ óú ôụ õừ öử ÷ữ øứ ùự úỳ ûỷ üỹ ýý þỵ"
)
TCVN3_MAP: dict[str, str] = {pair[0]: pair[1] for pair in _TCVN3_PAIRS.split()}
_TCVN3_TABLE = str.maketrans(TCVN3_MAP)
# characters that are not Vietnamese letters in Unicode text but are TCVN3 letters
_TCVN3_MARKERS = set("¡¢£¤¥¦§¨©ª«¬®µ¶·¸¹»¼½¾ÆÇÈËÎÏÐÑÖ×ØÜÞßåæçëîïñö÷øûüþ")

# VNI-Windows: base letter followed by one mark character.
_VNI_MARKS_LOWER = {
    "ù": "\u0301", "ø": "\u0300", "û": "\u0309", "õ": "\u0303", "ï": "\u0323",
}
_VNI_HAT = {  # mark characters that also add a circumflex (â ê ô) or breve (ă)
    "â": ("\u0302", ""), "á": ("\u0302", "\u0301"), "à": ("\u0302", "\u0300"),
    "å": ("\u0302", "\u0309"), "ã": ("\u0302", "\u0303"), "ä": ("\u0302", "\u0323"),
    "ê": ("\u0306", ""), "é": ("\u0306", "\u0301"), "è": ("\u0306", "\u0300"),
    "ú": ("\u0306", "\u0309"), "ü": ("\u0306", "\u0303"), "ë": ("\u0306", "\u0323"),
}
_VNI_SINGLE = {
    "ô": "ơ", "Ô": "Ơ", "ö": "ư", "Ö": "Ư", "ñ": "đ", "Ñ": "Đ",
    "í": "í", "ì": "ì", "æ": "ỉ", "ó": "ĩ", "ò": "ị", "î": "ỵ",
    "Í": "Í", "Ì": "Ì", "Æ": "Ỉ", "Ó": "Ĩ", "Ò": "Ị", "Î": "Ỵ",
}


def _build_vni() -> dict[str, str]:
    table: dict[str, str] = {}
    for base in "aeiouyAEIOUY" + "ôÔöÖ":
        real = _VNI_SINGLE.get(base, base)
        for mark, comb in _VNI_MARKS_LOWER.items():
            for m in (mark, mark.upper()):
                table[base + m] = unicodedata.normalize("NFC", real + comb)
        if base.lower() in "aeo":
            for mark, (hat, tone) in _VNI_HAT.items():
                if hat == "\u0306" and base.lower() != "a":
                    continue
                for m in (mark, mark.upper()):
                    table[base + m] = unicodedata.normalize("NFC", real + hat + tone)
    return table


VNI_PAIRS = _build_vni()
_VNI_RE = re.compile(
    "|".join(re.escape(k) for k in sorted(VNI_PAIRS, key=len, reverse=True))
    + "|["
    + "".join(_VNI_SINGLE)
    + "]"
)
# a VNI mark after a vowel ("ô" = "oâ"), "ñ"/"ö" after a letter, or a word-initial "ñ" ("đ");
# matched from the mark (then what precedes it), so the engine skips to the next mark
_VNI_SIGNAL = re.compile(r"[ùøûõïâáàåãäêéèúüëñöÑ](?:(?<=[aeouyAEOUY][ùøûõïâáàåãäêéèúüë])"
                         r"|(?<=[a-zA-Z][ñö])|(?<=[ñÑ])(?<!\w[ñÑ]))")
_REAL_VI = re.compile(r"[ăĂơƠưƯđĐ\u1ea0-\u1ef9]")
_WORD = re.compile(r"\w+")


# a word from its first TCVN3 marker on (markers that are not word characters are in none)
_TCVN3_WORD = re.compile("[" + re.escape("".join(sorted(
    c for c in _TCVN3_MARKERS if re.fullmatch(r"\w", c)))) + r"]\w*")


def _tcvn3_score(text: str) -> int:
    """How many words of ``text`` hold a TCVN3 marker."""
    return len(_TCVN3_WORD.findall(text))


SAMPLE = 20000  # characters of text a document's encoding is decided on


LEGACY_SHARE = 0.08  # of a sample's words that must hold legacy letters


def _many_legacy_words(sample: str, score: int) -> bool:
    """``score >= LEGACY_SHARE * max(1, words in sample)``, counting the words only as far
    as needed: past ``limit`` words the share is too small whatever follows."""
    limit = int(score / LEGACY_SHARE) + 2
    words = sum(1 for _ in islice(_WORD.finditer(sample), limit))
    if words < limit:
        return score >= LEGACY_SHARE * max(1, words)
    if score < LEGACY_SHARE * limit:  # and so for any count from limit on
        return False
    return score >= LEGACY_SHARE * len(_WORD.findall(sample))


def detect_legacy(text: str) -> str | None:
    """``"tcvn3"``, ``"vni"`` or None for a whole document's text."""
    if not text:
        return None
    sample = text[:SAMPLE]
    tcvn = _tcvn3_score(sample)
    vni = len(_VNI_SIGNAL.findall(sample))
    best, score = ("tcvn3", tcvn) if tcvn >= vni else ("vni", vni)
    if score < 5:
        return None
    real = len(_REAL_VI.findall(sample))
    if score > real and _many_legacy_words(sample, score) and _reads_vietnamese(sample, best):
        logger.debug("legacy encoding %s detected (score %d, real %d)", best, score, real)
        return best
    return None


MIN_SYLLABLES = 0.5  # Vietnamese prose: nearly every word is one Vietnamese syllable
MIN_VI_WORDS = 0.25  # ... and far more words than this carry a Vietnamese letter or tone
_TONES = dict.fromkeys(map(ord, "\u0300\u0301\u0303\u0309\u0323"))
_VI_MARKED = re.compile(r"[ăâêôơưđ\u0300\u0301\u0303\u0309\u0323]")
# one Vietnamese syllable without its tone mark: onset, vowel cluster, final consonant
_SYLLABLE = re.compile(
    r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnprstvx])?"
    r"(?:iêu|yêu|oai|oay|oao|oeo|uây|uôi|ươi|ươu|uya|uyê|uyu"
    r"|ai|ao|au|ay|âu|ây|eo|êu|ia|iê|iu|oa|oă|oe|oi|ôi|ơi|ua|uâ|uê|ui|uô|uơ|uy|ưa|ưi|ưu|ươ|yê"
    r"|[aăâeêioôơuưy])"
    r"(?:ch|ng|nh|[cmnpt])?")


def _vietnamese_syllable(word: str) -> tuple[bool, bool]:
    """Whether ``word`` is shaped like one Vietnamese syllable, and whether it carries a
    Vietnamese letter or tone mark."""
    decomposed = unicodedata.normalize("NFD", word.lower())
    toneless = unicodedata.normalize("NFC", decomposed.translate(_TONES))
    shaped = _SYLLABLE.fullmatch(toneless) is not None
    return shaped, shaped and _VI_MARKED.search(decomposed) is not None


def _reads_vietnamese(sample: str, encoding: str) -> bool:
    """Whether the converted text reads as Vietnamese: most words are Vietnamese syllables
    and many carry Vietnamese marks. German "Brücke über" or Danish "både børn" text also
    scores as legacy, but converts to "Brỹcke ỹber", "bồde bứrn": no Vietnamese syllables."""
    words = _WORD.findall(convert(sample, encoding))
    checked = [_vietnamese_syllable(w) for w in words]
    syllables = sum(1 for shaped, _ in checked if shaped)
    marked = sum(1 for _, vi in checked if vi)
    return (bool(words) and syllables >= MIN_SYLLABLES * len(words)
            and marked >= MIN_VI_WORDS * len(words))


def looks_legacy(paragraph: str, encoding: str) -> bool:
    """Whether one paragraph should be converted (it holds markers, no real Vietnamese)."""
    if _REAL_VI.search(paragraph):
        return False
    if encoding == "tcvn3":
        return _tcvn3_score(paragraph) > 0
    return _VNI_SIGNAL.search(paragraph) is not None


def convert(paragraph: str, encoding: str) -> str:
    """Convert one legacy-encoded string to NFC Unicode."""
    if encoding == "tcvn3":
        out = paragraph.translate(_TCVN3_TABLE)
    elif encoding == "vni":
        out = _VNI_RE.sub(lambda m: VNI_PAIRS.get(m.group(0)) or _VNI_SINGLE[m.group(0)], paragraph)
    else:
        raise ValueError(f"unknown legacy encoding {encoding!r}")
    # capitals typed with the "H" fonts (.VnTimeH) share the lowercase code points
    out = _WORD.sub(lambda m: m.group(0).upper() if _caps_word(m.group(0)) else m.group(0), out)
    return unicodedata.normalize("NFC", out)


def _caps_word(word: str) -> bool:
    ascii_letters = [c for c in word if c.isascii() and c.isalpha()]
    return len(ascii_letters) >= 2 and all(c.isupper() for c in ascii_letters)


def fix_legacy(paragraph: str, encoding: str | None) -> str:
    """Convert ``paragraph`` if a legacy encoding was detected and it looks encoded."""
    if encoding and looks_legacy(paragraph, encoding):
        return convert(paragraph, encoding)
    return paragraph


_TAGS = re.compile(r"<script\b.*?</script>|<style\b.*?</style>|<[^>]+>", re.S | re.I)
_TEXT_RUN = re.compile(r">([^<]+)<")
# characters a Unicode Vietnamese page never needs, but TCVN3/VNI text is full of
LEGACY_ONLY = "".join(sorted(set(_TCVN3_MARKERS - {"©", "®"}) | set("øûïåäëüÑÖØÛÏÅÄËÜ")))
MIN_LEGACY_ONLY = 5  # characters of LEGACY_ONLY a page needs to be looked at closer


def _legacy_only_count(sample: str) -> int:
    """How many characters of ``sample`` are in LEGACY_ONLY (counted up to MIN_LEGACY_ONLY):
    one fast search per character, most of them absent from a page."""
    hits = 0
    for char in LEGACY_ONLY:
        if char in sample:
            hits += sample.count(char)
            if hits >= MIN_LEGACY_ONLY:
                break
    return hits


def detect_legacy_html(html: str) -> str | None:
    """Detect a legacy encoding from a page's visible text (tags stripped)."""
    sample = html[:200000]
    if _legacy_only_count(sample) < MIN_LEGACY_ONLY:
        return None  # fast path: (almost) no letters that only legacy text uses
    return detect_legacy(_TAGS.sub(" ", sample))


def convert_html(html: str, encoding: str) -> str:
    """Convert every legacy-looking text run of an HTML string (markup is ASCII, untouched).

    Done before parsing so that TCVN3's soft-hyphen letter (0xAD = "ư") survives extraction.
    """
    return _TEXT_RUN.sub(lambda m: ">" + fix_legacy(m.group(1), encoding) + "<", html)
