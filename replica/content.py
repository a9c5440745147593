"""Article data model and the articles each replica site publishes (ground truth)."""

from __future__ import annotations

import copy
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

try:  # the zone database may be missing on minimal systems; Vietnam has no DST
    from zoneinfo import ZoneInfo

    VN_TZ: timezone | ZoneInfo = ZoneInfo("Asia/Ho_Chi_Minh")
except Exception:  # pragma: no cover - depends on the host
    VN_TZ = timezone(timedelta(hours=7), "Asia/Ho_Chi_Minh")


def vn(
    year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0
) -> datetime:
    """A datetime in Asia/Ho_Chi_Minh."""
    return datetime(year, month, day, hour, minute, second, tzinfo=VN_TZ)


def nfc(text: str) -> str:
    """NFC-normalise and collapse runs of whitespace to single spaces."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip()


def slugify(text: str, max_words: int = 14) -> str:
    """ASCII URL slug of Vietnamese text: 'Tặng quà Tết' -> 'tang-qua-tet'."""
    text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    words = re.findall(r"[a-z0-9]+", text)
    return "-".join(words[:max_words])


@dataclass
class Article:
    """One article as the ground truth for extraction tests.

    ``caption_after[i]`` places caption ``i`` after that many paragraphs (0: right
    after the lead); ``list_after`` places the list the same way (None: at the end);
    ``list_ordered`` renders it as a numbered list (the numbers are not in the text).
    The author line, title and date are never part of ``text``.
    """

    slug: str
    title: str
    published: datetime
    paragraphs: list[str]
    author: str | None = None
    lead: str | None = None
    modified: datetime | None = None
    list_items: list[str] = field(default_factory=list)
    captions: list[str] = field(default_factory=list)
    attachments: list[str] = field(default_factory=list)
    caption_after: list[int] = field(default_factory=list)
    list_after: int | None = None
    list_ordered: bool = False
    tags: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.title = nfc(self.title)
        self.lead = nfc(self.lead) if self.lead else None
        self.author = nfc(self.author) if self.author else None
        self.paragraphs = [nfc(p) for p in self.paragraphs]
        self.list_items = [nfc(p) for p in self.list_items]
        self.captions = [nfc(p) for p in self.captions]
        if len(self.caption_after) < len(self.captions):
            default = min(1, len(self.paragraphs))
            missing = len(self.captions) - len(self.caption_after)
            self.caption_after = list(self.caption_after) + [default] * missing

    @property
    def last_modified(self) -> datetime:
        """Modification time if any, else publication time."""
        return self.modified or self.published

    def blocks(self) -> Iterator[tuple[str, str]]:
        """(kind, text) in rendered reading order; kind: lead, p, caption, li."""
        if self.lead:
            yield "lead", self.lead
        list_at = len(self.paragraphs) if self.list_after is None else self.list_after
        for pos in range(len(self.paragraphs) + 1):
            if pos > 0:
                yield "p", self.paragraphs[pos - 1]
            for cap, after in zip(self.captions, self.caption_after, strict=True):
                if after == pos:
                    yield "caption", cap
            if pos == list_at:
                for item in self.list_items:
                    yield "li", item

    @property
    def text(self) -> str:
        """Lead, paragraphs, list items and captions in reading order, one per line."""
        return "\n".join(text for _, text in self.blocks())

    def copy(self) -> Article:
        """A deep copy (server instances mutate their own copies)."""
        return copy.deepcopy(self)


def article(title: str, published: datetime, paragraphs: list[str], **kw: object) -> Article:
    """Build an Article with a slug derived from the title."""
    slug = str(kw.pop("slug", "") or slugify(title))
    return Article(slug=slug, title=title, published=published, paragraphs=paragraphs, **kw)  # type: ignore[arg-type]


def site_articles(key: str) -> list[Article]:
    """Fresh copies of the articles a replica site publishes (oldest first)."""
    from replica.texts import ARTICLES  # imported lazily: the texts are large

    return sorted((a.copy() for a in ARTICLES[key]), key=lambda a: a.published)
