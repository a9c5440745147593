"""Vietnamese text without tone marks: what search compares, so `dân tộc` finds `dan toc`.

`fold` decomposes (NFD), drops every combining mark (tones, circumflex, breve, horn),
maps `đ`/`Đ` to `d` and lower-cases.  Folding is done one character at a time, so
`fold_with_map` can say where each folded character came from: search highlights
the matches in the original text, tone marks and all.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
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


class _FoldTable(dict[int, str]):
    """`str.translate` table filled on demand: code point -> its folded form."""

    def __missing__(self, code: int) -> str:
        value = self[code] = _fold_char(chr(code))
        return value


_TABLE = _FoldTable()
_WORD_CHARS = 40  # longer pieces are folded, not kept
_WORDS_KEPT = 100_000


class _WordTable(dict[str, str]):
    """Folded forms of the pieces of text between spaces, kept: a text repeats its words
    (Vietnamese has a few thousand syllables), and a dict lookup per word costs less than a
    table lookup per character.  Folding goes character by character, so folding the
    pieces and joining them gives the text's folded form."""

    def __missing__(self, word: str) -> str:
        value = word.translate(_TABLE)
        if len(word) <= _WORD_CHARS:
            if len(self) >= _WORDS_KEPT:
                self.clear()
            self[word] = value
        return value


_WORDS = _WordTable()


def fold(text: str) -> str:
    """`text` lower-cased, without tone or other diacritic marks, `đ` as `d`."""
    return " ".join(map(_WORDS.__getitem__, unicodedata.normalize("NFC", text).split(" ")))


def fold_with_map(text: str) -> tuple[str, Sequence[int]]:
    """The folded text of an NFC `text`, and for each folded character its index in `text`."""
    folded = text.translate(_TABLE)
    if len(folded) == len(text) and all(len(_TABLE[ord(c)]) == 1 for c in set(text)):
        return folded, range(len(text))  # one character each (Vietnamese text always is)
    pieces: list[str] = []
    where: list[int] = []
    for index, char in enumerate(text):
        for out in _TABLE[ord(char)]:
            pieces.append(out)
            where.append(index)
    return "".join(pieces), where
