"""The search store: full-text search over the current version of every document.

SQLite FTS5 over an accent-folded copy of title and text (`archive.textfold`), so a
query matches with and without tone marks and `đ` matches `d`; `search_docs` beside it
holds what results are filtered by (site, old and 2025 province, publication day).
The document store calls `index_document` whenever a version is added;
`refresh_search` indexes documents extracted before the index existed.  A query
is bound as an FTS5 match expression built from quoted terms, never as SQL.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from archive.catalog.database import Database, where
from archive.errors import OperationFailed
from archive.textfold import fold, fold_with_map

_TERM_RE = re.compile(r'"([^"]*)"|(\w+)')
SNIPPET_CHARS = 240
# Ranking by relevance (bm25) costs time in proportion to the matches; past this many, the
# newest documents come first (an index walk), so a query stays fast on a large archive.
RANK_LIMIT = 20_000


def query_terms(query: str) -> list[str]:
    """Folded terms and quoted phrases of a query (`"dân tộc" huyện` -> ['dan toc', 'huyen'])."""
    terms = []
    for phrase, word in _TERM_RE.findall(query):
        words = re.findall(r"\w+", fold(phrase or word))
        if words:
            terms.append(" ".join(words))
    return terms


def match_expression(terms: list[str]) -> str:
    """FTS5 query: every term (a word or a phrase) must occur; each is a quoted string."""
    return " ".join(f'"{term}"' for term in terms)


@dataclass(frozen=True)
class SearchFilters:
    """What a search is narrowed to; None means any."""

    site_id: str | None = None
    province: str | None = None
    province_2025: str | None = None
    published_from: str | None = None  # YYYY-MM-DD, inclusive
    published_to: str | None = None


@dataclass
class SearchHit:
    document_id: int
    site_id: str
    url: str
    title: str
    published_date: str | None
    province: str | None
    province_2025: str | None
    removed_at: str | None
    snippet: list[tuple[str, bool]] = field(default_factory=list)  # (text, is a match)

    def as_json(self) -> dict[str, Any]:
        return {"document_id": self.document_id, "site": self.site_id, "url": self.url,
                "title": self.title, "published_date": self.published_date,
                "province": self.province, "province_2025": self.province_2025,
                "removed_at": self.removed_at,
                "snippet": "".join(f"[{t}]" if hit else t for t, hit in self.snippet)}


@dataclass
class SearchResult:
    query: str
    total: int
    hits: list[SearchHit]
    order: str  # "relevance", or "recently archived" past RANK_LIMIT matches


def highlight(text: str, terms: list[str], width: int = SNIPPET_CHARS) -> list[tuple[str, bool]]:
    """A window of `text` around the first match, split into (text, is a match) pieces."""
    folded, where = fold_with_map(text)
    spans: list[tuple[int, int]] = []
    for term in terms:
        for found in re.finditer(r"(?<!\w)" + re.escape(term) + r"(?!\w)", folded):
            start, end = where[found.start()], where[found.end() - 1] + 1
            spans.append((start, end))
    spans.sort()
    merged: list[tuple[int, int]] = []
    for start, end in spans:  # neighbouring words read as one mark: "[Đồng bào]"
        if merged and not text[merged[-1][1]:start].strip():
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    spans = merged
    first = spans[0][0] if spans else 0
    begin = max(0, first - width // 3)
    if begin:  # start at a word boundary
        space = text.find(" ", begin)
        begin = space + 1 if 0 <= space < first else begin
    stop = min(len(text), begin + width)
    pieces: list[tuple[str, bool]] = [("… ", False)] if begin else []
    at = begin
    for start, end in spans:
        if start < at or start >= stop:
            continue
        pieces += [(text[at:start], False), (text[start:end], True)]
        at = end
    pieces.append((text[at:stop] + (" …" if stop < len(text) else ""), False))
    return [(piece, hit) for piece, hit in pieces if piece]


# SQLite only, so it is not a migration (the catalog's migrations also run on PostgreSQL):
# made on first use, by whichever process indexes or searches first.
FTS_TABLE = ("CREATE VIRTUAL TABLE IF NOT EXISTS search_text USING fts5(title, body,"
             " tokenize='unicode61 remove_diacritics 2')")


class SearchUnavailable(OperationFailed):
    """Full-text search on a catalog that has no full-text index (PostgreSQL, for now)."""


class SearchStore(Database):
    """The search index (`search_docs` + the FTS5 table `search_text`) and its queries."""

    _full_text_ready = False

    def _full_text(self) -> bool:
        """True once the FTS5 table exists; False on a PostgreSQL catalog (`shared`), whose
        full-text index is not written yet: there only `search_docs` is kept."""
        if getattr(self, "shared", False):
            return False
        if not self._full_text_ready:
            self.db.execute(FTS_TABLE)
            self._full_text_ready = True
        return True

    def index_document(self, document_id: int) -> None:
        """(Re)index the document's current version; call inside the writer's transaction."""
        full_text = self._full_text()
        row = self.db.execute(
            "SELECT d.id, d.site_id, v.id AS version_id, v.data FROM documents d"
            " JOIN document_versions v ON v.id = d.current_version_id WHERE d.id=?",
            (document_id,)).fetchone()
        if full_text:
            self.db.execute("DELETE FROM search_text WHERE rowid=?", (document_id,))
        self.db.execute("DELETE FROM search_docs WHERE document_id=?", (document_id,))
        if row is None:
            return
        data = json.loads(row["data"])
        title = str(data.get("title") or "")
        body = "\n\n".join(str(data.get(name) or "") for name in ("lead", "text"))
        published = data.get("published_date") or str(data.get("published") or "")[:10] or None
        self.db.execute(
            "INSERT INTO search_docs (document_id, version_id, site_id, province, province_2025,"
            " published_date, title) VALUES (?,?,?,?,?,?,?)",
            (document_id, row["version_id"], row["site_id"], data.get("province"),
             data.get("province_2025"), published, title))
        if full_text:
            self.db.execute("INSERT INTO search_text (rowid, title, body) VALUES (?,?,?)",
                            (document_id, fold(title), fold(body)))

    def refresh_search(self, batch: int = 500) -> int:
        """Index every document whose current version is not indexed yet; returns how many."""
        if self._full_text() and not self.db.execute(
                "SELECT 1 FROM search_text LIMIT 1").fetchone():
            self.db.execute("DELETE FROM search_docs")  # indexed before the FTS table existed
        stale = [row[0] for row in self.db.execute(
            "SELECT d.id FROM documents d LEFT JOIN search_docs s ON s.document_id = d.id"
            " WHERE d.current_version_id IS NOT NULL"
            " AND (s.version_id IS NULL OR s.version_id <> d.current_version_id)")]
        for start in range(0, len(stale), batch):
            with self.transaction():
                for document_id in stale[start:start + batch]:
                    self.index_document(document_id)
        return len(stale)

    def search(self, query: str, filters: SearchFilters | None = None, *, limit: int = 20,
               offset: int = 0) -> SearchResult:
        """Documents matching every term of `query`, best first, with highlighted snippets."""
        if not self._full_text():
            raise SearchUnavailable("full-text search needs an SQLite catalog for now "
                                    "(this one is PostgreSQL)")
        filters = filters or SearchFilters()
        terms = query_terms(query)
        if not terms:
            return SearchResult(query, 0, [], "relevance")
        clause, args = where(
            ("search_text MATCH ?", match_expression(terms)),
            ("s.site_id=?", filters.site_id or None),
            ("s.province=?", filters.province or None),
            ("s.province_2025=?", filters.province_2025 or None),
            ("s.published_date>=?", filters.published_from or None),
            ("s.published_date<=?", filters.published_to or None))
        # FTS5 first (CROSS JOIN keeps SQLite from driving the search from search_docs)
        base = " FROM search_text CROSS JOIN search_docs s ON s.document_id = search_text.rowid"
        total = int(self.db.execute("SELECT count(*)" + base + clause, args).fetchone()[0])
        by_relevance = total <= RANK_LIMIT
        order = ("bm25(search_text, 4.0, 1.0), s.document_id" if by_relevance
                 else "search_text.rowid DESC")
        ids = [row[0] for row in self.db.execute(
            "SELECT s.document_id" + base + clause + f" ORDER BY {order} LIMIT ? OFFSET ?",
            (*args, limit, offset))]
        details = {row["document_id"]: row for row in self.db.execute(
            "SELECT s.*, d.canonical_url, d.removed_at, v.data FROM search_docs s"
            " JOIN documents d ON d.id = s.document_id"
            " JOIN document_versions v ON v.id = s.version_id"
            f" WHERE s.document_id IN ({','.join('?' * len(ids))})", ids)}
        rows = [details[i] for i in ids if i in details]
        hits = []
        for row in rows:
            data = json.loads(row["data"])
            text = str(data.get("text") or data.get("lead") or "")
            hits.append(SearchHit(
                row["document_id"], row["site_id"], row["canonical_url"], row["title"] or "",
                row["published_date"], row["province"], row["province_2025"],
                row["removed_at"], highlight(text, terms)))
        return SearchResult(query, total, hits,
                            "relevance" if by_relevance else "recently archived")

    def search_facets(self) -> dict[str, list[str]]:
        """The values the filters can take: sites, old provinces, 2025 provinces."""
        facets = {}
        for name in ("site_id", "province", "province_2025"):
            facets[name] = [row[0] for row in self.db.execute(
                f"SELECT DISTINCT {name} FROM search_docs WHERE {name} IS NOT NULL"
                f" ORDER BY {name}")]
        return facets
