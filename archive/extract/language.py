"""A small language guess: Vietnamese letters and stopwords, else English stopwords."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from itertools import islice

logger = logging.getLogger(__name__)

_VI_ONLY = re.compile(r"[ăâđêôơưĂÂĐÊÔƠƯ\u1ea0-\u1ef9]")
_NON_LETTERS = re.compile(r"[\W\d_]")  # the complement of a letter, fewer to count
_WORDS = re.compile(r"[^\W\d_]+")
_LETTERS = re.compile(r"[^\W\d_]")
_VI_STOP = {"và", "của", "các", "là", "có", "được", "trong", "cho", "với", "những", "người",
            "không", "này", "đã", "để", "một", "tỉnh", "dân", "tộc"}
_EN_STOP = {"the", "and", "of", "to", "in", "is", "that", "for", "with", "was", "on", "as",
            "are", "by", "it", "from", "at", "this", "be", "have"}


LANGUAGE_SAMPLE = 5000  # characters a language is told from


def detect_language(text: str, html_lang: str | None = None) -> str | None:
    """``"vi"``, ``"en"``, the page's declared language, or None."""
    sample = text[:LANGUAGE_SAMPLE]
    # most pages: enough Vietnamese letters early on settle it without counting the rest
    # (Vietnamese letters are letters, so this many make the share below at least 3%)
    enough = max(20, 3 * len(sample) // 100 + 1)
    vietnamese = sum(1 for _ in islice(_VI_ONLY.finditer(sample), enough))
    if vietnamese == enough:
        return "vi"
    # fewer: ``vietnamese`` counts them all; without any, only whether 20 letters are there
    # matters (the share below is then 0)
    if vietnamese:
        letters = len(sample) - len(_NON_LETTERS.findall(sample))
        if letters >= 20 and vietnamese / letters >= 0.03:
            return "vi"  # most pages: the word counts below are not needed
    else:
        letters = sum(1 for _ in islice(_LETTERS.finditer(sample), 20))
    if letters >= 20:
        words = [w.lower() for w in _WORDS.findall(sample)]
        if sum(w in _VI_STOP for w in words) / max(1, len(words)) >= 0.08:
            return "vi"
        if sum(w in _EN_STOP for w in words) / max(1, len(words)) >= 0.08:
            return "en"
    if html_lang:
        return html_lang.split("-")[0].strip().lower() or None
    return None


# Vietnamese letters that settle ``detect_language`` on a sample of any length up to
# LANGUAGE_SAMPLE (it needs at most this many)
SETTLED = max(20, 3 * LANGUAGE_SAMPLE // 100 + 1)


def language_of_parts(parts: Iterable[str], html_lang: str | None = None) -> str | None:
    """``detect_language(" ".join(parts)[:LANGUAGE_SAMPLE], html_lang)``, reading ``parts``
    only as far as needed: once the parts read, all inside the sample, hold SETTLED
    Vietnamese letters, the sample is Vietnamese whatever follows."""
    taken: list[str] = []
    size = -1  # of the parts joined
    vietnamese = 0
    for part in parts:
        taken.append(part)
        size += len(part) + 1
        if size >= LANGUAGE_SAMPLE:
            break
        vietnamese += len(_VI_ONLY.findall(part))
        if vietnamese >= SETTLED:
            return "vi"
    return detect_language(" ".join(taken)[:LANGUAGE_SAMPLE], html_lang)
