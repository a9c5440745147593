"""Vietnamese text without tone marks: what search compares, so `dân tộc` finds `dan toc`.

`fold` decomposes (NFD), drops every combining mark (tones, circumflex, breve, horn),
maps `đ`/`Đ` to `d` and lower-cases.  Folding is done one character at a time, so
`fold_with_map` can say where each folded character came from: search highlights
the matches in the original text, tone marks and all.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

_EXTRA = {"đ": "d", "Đ": "d", "ð": "d", "Ð": "d", "ı": "i"}


@lru_cache(maxsize=4096)
def _fold_char(char: str) -> str:
    if char in _EXTRA:
        return _EXTRA[char]
    if char.isascii():
        return char.lower()
    decomposed = unicodedata.normalize("NFD", char)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def fold(text: str) -> str:
    """`text` lower-cased, without tone or other diacritic marks, `đ` as `d`."""
    if text.isascii():
        return text.lower()
    return "".join(_fold_char(char) for char in unicodedata.normalize("NFC", text))


def fold_with_map(text: str) -> tuple[str, list[int]]:
    """The folded text of an NFC `text`, and for each folded character its index in `text`."""
    folded: list[str] = []
    where: list[int] = []
    for index, char in enumerate(text):
        for out in _fold_char(char):
            folded.append(out)
            where.append(index)
    return "".join(folded), where
