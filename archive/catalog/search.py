"""The search store: full-text search over the current version of every document.

Title and text are accent-folded (`archive.textfold`), so a query matches with and
without tone marks and `đ` matches `d`, then cut into words (letters and digits).  The
index is the table `search_text`: SQLite's FTS5 (made on first use), or on PostgreSQL
(migration 6) a tsvector per document built here from the same words, so both find the
same documents; `search_docs` beside it holds what results are filtered by (site, old
and 2025 province, publication day).  The document store calls `index_document`
whenever a version is added; `refresh_search` indexes documents extracted before the
index existed.  A query is bound as a match expression (FTS5) or a tsquery (PostgreSQL)
built from quoted words, never as SQL.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from archive.catalog.database import Database, where
from archive.textfold import fold, fold_with_map

_TERM_RE = re.compile(r'"([^"]*)"|(\w+)')
_WORD_RE = re.compile(r"[^\W_]+")  # a word, as FTS5's unicode61 cuts text: letters, digits
SNIPPET_CHARS = 240
# Ranking by relevance (bm25) costs time in proportion to the matches; past this many, the
# newest documents come first (an index walk), so a query stays fast on a large archive.
# PostgreSQL's ts_rank reads each match's whole tsvector (about 30 µs each): a lower limit.
RANK_LIMIT = 20_000
RANK_LIMIT_POSTGRES = 2_000


def query_terms(query: str) -> list[str]:
    """Folded terms and quoted phrases of a query (`"dân tộc" huyện` -> ['dan toc', 'huyen'])."""
    terms = []
    for phrase, word in _TERM_RE.findall(query):
        words = _WORD_RE.findall(fold(phrase or word))
        if words:
            terms.append(" ".join(words))
    return terms


def match_expression(terms: list[str]) -> str:
    """FTS5 query: every term (a word or a phrase) must occur; each is a quoted string."""
    return " ".join(f'"{term}"' for term in terms)


def _lexeme(word: str) -> str:
    return "'" + word.replace("\\", "\\\\").replace("'", "''") + "'"


def tsquery(terms: list[str]) -> str:
    """PostgreSQL's form of `match_expression`: every term, a phrase as words that follow
    each other (`'dan' <-> 'toc' & 'huyen'`); bound as a value and cast to tsquery."""
    return " & ".join("(" + " <-> ".join(_lexeme(w) for w in term.split()) + ")"
                      for term in terms)


# PostgreSQL's limits on a tsvector: positions up to 16383, 256 of them per word, words
# under 2 KB, their text under 1 MB in all.  Past them a long document is indexed in part
# (words beyond position 16383 still match, but not as a phrase).
_MAX_POSITION, _MAX_POSITIONS, _MAX_WORD_BYTES, _MAX_WORDS_BYTES = 16383, 256, 2047, 1_000_000


def tsvector(title: str, body: str) -> str:
    """The folded words of a document as a tsvector value: title words weighted A, body
    words D; the body's positions start past a gap, so no phrase spans title and body."""
    return _folded_tsvector(fold(title), fold(body))


def _folded_tsvector(folded_title: str, folded_body: str) -> str:
    positions: dict[str, list[str]] = {}
    size = 0
    start = 1
    for text, weight in ((folded_title, "A"), (folded_body, "")):
        words = _WORD_RE.findall(text)
        for offset, word in enumerate(words):
            found = positions.get(word)
            if found is None:
                length = len(word.encode())
                if length > _MAX_WORD_BYTES or size + length > _MAX_WORDS_BYTES:
                    continue
                size += length
                found = positions[word] = []
            if len(found) < _MAX_POSITIONS:
                found.append(f"{min(start + offset, _MAX_POSITION)}{weight}")
        start += len(words) + 1
    return " ".join(f"{_lexeme(word)}:{','.join(at)}" for word, at in positions.items())


@dataclass(frozen=True)
class SearchEntry:
    """What the index holds of a version, computed from its data once (by the extraction
    worker that extracted it: folding the text is most of the cost of indexing it)."""

    title: str
    folded_title: str
    folded_body: str  # lead and text
    province: Any
    province_2025: Any
    published_date: str | None

    @classmethod
    def of(cls, data: Mapping[str, Any]) -> SearchEntry:
        title = str(data.get("title") or "")
        body = "\n\n".join(str(data.get(name) or "") for name in ("lead", "text"))
        published = data.get("published_date") or str(data.get("published") or "")[:10] or None
        return cls(title, fold(title), fold(body), data.get("province"),
                   data.get("province_2025"), published)


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


# SQLite's full-text table: made on first use by whichever process indexes or searches
# first (PostgreSQL's is migration 6).
FTS_TABLE = ("CREATE VIRTUAL TABLE IF NOT EXISTS search_text USING fts5(title, body,"
             " tokenize='unicode61 remove_diacritics 2')")


class SearchStore(Database):
    """The search index (`search_docs` + the full-text table `search_text`) and its queries.

    On SQLite, rows of the full-text table written inside a transaction are held back and
    written at its end, in one go: FTS5 keeps what is written to it in memory until the
    commit, but writes it out as a new segment before every later write statement of the
    transaction (its savepoint), so row by row each document became a segment of its own
    (a fifth of the stage's catalog time, then merging them at the commit).
    """

    _full_text_ready = False
    _unindexed: dict[int, None] | None = None  # held back: documents to drop from search_text
    _indexed: dict[int, tuple[str, str]] | None = None  # ... and (title, body) to add

    def _full_text(self) -> None:
        """Make sure `search_text` exists (SQLite: the FTS5 table, made on first use)."""
        if not self._full_text_ready and not self.shared:
            self.db.execute(FTS_TABLE)
        self._full_text_ready = True

    def index_document(self, document_id: int) -> None:
        """(Re)index the document's current version; call inside the writer's transaction."""
        self._full_text()
        row = self.db.execute(
            "SELECT d.id, d.site_id, v.id AS version_id, v.data FROM documents d"
            " JOIN document_versions v ON v.id = d.current_version_id WHERE d.id=?",
            (document_id,)).fetchone()
        if row is None:
            self._unindex(document_id)
        else:
            self.index_version(document_id, row["version_id"], row["site_id"],
                               json.loads(row["data"]))

    def _unindex(self, document_id: int) -> None:
        if self.shared:
            self.db.execute("DELETE FROM search_text WHERE document_id=?", (document_id,))
        elif self.in_transaction:
            self._held_back()[0][document_id] = None
            self._held_back()[1].pop(document_id, None)
        else:
            self.db.execute("DELETE FROM search_text WHERE rowid=?", (document_id,))
        self.db.execute("DELETE FROM search_docs WHERE document_id=?", (document_id,))

    def _held_back(self) -> tuple[dict[int, None], dict[int, tuple[str, str]]]:
        if self._unindexed is None or self._indexed is None:
            self._unindexed, self._indexed = {}, {}
        return self._unindexed, self._indexed

    def _before_commit(self) -> None:
        super()._before_commit()
        self._write_held_back()

    def _rolled_back(self) -> None:
        super()._rolled_back()
        self._unindexed = self._indexed = None

    def _write_held_back(self) -> None:
        """Write the full-text rows held back, as they would have been written one by one:
        a document dropped and added again is dropped first."""
        unindexed, indexed = self._unindexed, self._indexed
        self._unindexed = self._indexed = None
        if unindexed:
            self.db.executemany("DELETE FROM search_text WHERE rowid=?",
                                [(document_id,) for document_id in unindexed])
        if indexed:
            self.db.executemany("INSERT INTO search_text (rowid, title, body) VALUES (?,?,?)",
                                [(document_id, *row) for document_id, row in indexed.items()])

    def index_version(self, document_id: int, version_id: int, site_id: str,
                      data: Mapping[str, Any] | SearchEntry, *, indexed: bool = True) -> None:
        """Index `data`, the document's current version (or its entry); `indexed=False`
        when the document cannot be in the index yet (added in this transaction)."""
        self._full_text()
        if indexed:
            self._unindex(document_id)
        entry = data if isinstance(data, SearchEntry) else SearchEntry.of(data)
        self.db.execute(
            "INSERT INTO search_docs (document_id, version_id, site_id, province, province_2025,"
            " published_date, title) VALUES (?,?,?,?,?,?,?)",
            (document_id, version_id, site_id, entry.province, entry.province_2025,
             entry.published_date, entry.title))
        if self.shared:
            self.db.execute("INSERT INTO search_text (document_id, terms)"
                            " VALUES (?, CAST(? AS tsvector))",
                            (document_id, _folded_tsvector(entry.folded_title,
                                                           entry.folded_body)))
        elif self.in_transaction:
            self._held_back()[1][document_id] = (entry.folded_title, entry.folded_body)
        else:
            self.db.execute("INSERT INTO search_text (rowid, title, body) VALUES (?,?,?)",
                            (document_id, entry.folded_title, entry.folded_body))

    def refresh_search(self, batch: int = 500) -> int:
        """Index every document whose current version is not indexed yet; returns how many."""
        self._full_text()
        if not self.db.execute("SELECT 1 FROM search_text LIMIT 1").fetchone():
            self.db.execute("DELETE FROM search_docs")  # indexed before search_text existed
        stale = [row[0] for row in self.db.execute(
            "SELECT d.id FROM documents d LEFT JOIN search_docs s ON s.document_id = d.id"
            " WHERE d.current_version_id IS NOT NULL"
            " AND (s.version_id IS NULL OR s.version_id <> d.current_version_id)")]
        for start in range(0, len(stale), batch):
            with self.transaction():
                for document_id in stale[start:start + batch]:
                    self.index_document(document_id)
        return len(stale)

    @contextmanager
    def _planned_for_search(self) -> Iterator[None]:
        """On PostgreSQL, a transaction whose planner prefers the GIN index: it does not count
        the cost of reading every tsvector, so for common words it would scan the table
        and read them all (0.5 s for 100 000 documents), where the index answers word queries
        without reading any."""
        if not self.shared:
            yield
            return
        with self.transaction():
            self.db.execute("SET LOCAL enable_seqscan = off")
            yield

    def search(self, query: str, filters: SearchFilters | None = None, *, limit: int = 20,
               offset: int = 0) -> SearchResult:
        """Documents matching every term of `query`, best first, with highlighted snippets."""
        self._full_text()
        if self.in_transaction:  # rows held back are part of what it searches
            self._write_held_back()
        filters = filters or SearchFilters()
        terms = query_terms(query)
        if not terms:
            return SearchResult(query, 0, [], "relevance")
        if self.shared:  # the tsquery is bound twice: to match, and to rank
            matches: tuple[str, Any] = ("t.terms @@ CAST(? AS tsquery)", tsquery(terms))
            base = " FROM search_text t JOIN search_docs s ON s.document_id = t.document_id"
            rank = ("ts_rank('{0.25, 0.25, 0.25, 1.0}', t.terms, CAST(? AS tsquery), 1) DESC,"
                    " s.document_id")
            rank_args: tuple[Any, ...] = (matches[1],)
            newest = "t.document_id DESC"
        else:  # FTS5 first (CROSS JOIN keeps SQLite from driving the search from search_docs)
            matches = ("search_text MATCH ?", match_expression(terms))
            base = (" FROM search_text CROSS JOIN search_docs s"
                    " ON s.document_id = search_text.rowid")
            rank, rank_args = "bm25(search_text, 4.0, 1.0), s.document_id", ()
            newest = "search_text.rowid DESC"
        clause, args = where(
            matches,
            ("s.site_id=?", filters.site_id or None),
            ("s.province=?", filters.province or None),
            ("s.province_2025=?", filters.province_2025 or None),
            ("s.published_date>=?", filters.published_from or None),
            ("s.published_date<=?", filters.published_to or None))
        with self._planned_for_search():
            total = int(self.db.execute("SELECT count(*)" + base + clause, args).fetchone()[0])
            by_relevance = total <= (RANK_LIMIT_POSTGRES if self.shared else RANK_LIMIT)
            order, order_args = (rank, rank_args) if by_relevance else (newest, ())
            ids = [row[0] for row in self.db.execute(
                "SELECT s.document_id" + base + clause + f" ORDER BY {order} LIMIT ? OFFSET ?",
                (*args, *order_args, limit, offset))]
        details = {row["document_id"]: row for row in self.db.execute(
            "SELECT s.*, d.canonical_url, d.removed_at, v.data FROM search_docs s"
            " JOIN documents d ON d.id = s.document_id"
            " JOIN document_versions v ON v.id = s.version_id"
            f" WHERE s.document_id IN ({','.join('?' * len(ids))})", ids)} if ids else {}
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
