"""Full-text search of reuses in French, Arabic and English, on SQLite (FTS5) and PostgreSQL (tsvector).

Neither engine folds Arabic the way readers type it (SQLite FTS5 keeps harakat; PostgreSQL's `arabic`
configuration does not exist on SQLite), so the text is folded here, in Python, the same way for what is
indexed and for what is searched; each engine then only splits on spaces and ranks:

- `fold()` lower-cases, removes Latin accents (é → e, œ → oe), Arabic harakat (U+064B–U+065F, U+0670) and
  tatweel (U+0640), unifies the alef forms (أ إ آ ٱ → ا), alef maqsura (ى → ي), teh marbuta (ة → ه), the
  hamza carriers (ؤ → و, ئ → ي) and Arabic-Indic digits, then drops the Arabic definite article
  (ال, وال, بال, كال, فال, لل) so that "المدارس" and "مدارس" meet. This is the normalisation of Lucene's
  ArabicNormalizer plus its article prefixes.
- SQLite: `reuse_search_fts`, an FTS5 table (rowid = reuse id; columns title, summary, meta, body;
  tokenize unicode61 remove_diacritics 2), ranked by bm25 with column weights 10/4/2/1.
- PostgreSQL: `reuse_search.document`, a tsvector of to_tsvector('simple', …) with weights A (title),
  B (summary), C (tags, themes, startup, author, dataset titles), D (description, impact), a GIN index,
  ranked by ts_rank ('simple': no stemming nor stop words, so the three languages behave alike).
- Both: `reuse_search` also keeps each reuse's publication date and title sort keys, and `reuse_facet` one row
  per facet value (type, theme, producer, dataset, startup, tag): the gallery lists, counts and filters from
  these narrow tables, never from the wide `reuse` rows (see showcase.reuses.gallery).

Only published, non-deleted reuses are indexed: `index_reuse()` runs inside the transaction of every save and
status change (showcase.reuses.domain) and removes the others. Titles of cited datasets, themes and startups are
copied when a reuse is indexed: after a portal refresh renames many, `rebuild_index()` brings them up to date. Words of three letters or more match as prefixes
("ecole" finds "écoles"); every word must match. Queries are always bound parameters.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from piccolo.querystring import QueryString

from showcase.db import get_engine

MAX_QUERY_LENGTH = 200
MAX_WORDS = 8
PREFIX_FROM = 3  # words this long or longer also match longer words
BATCH = 400

_ARABIC_FOLD = str.maketrans({
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه", "ؤ": "و", "ئ": "ي",
    **{chr(0x0660 + digit): str(digit) for digit in range(10)},  # Arabic-Indic digits
    **{chr(0x06F0 + digit): str(digit) for digit in range(10)},  # Eastern Arabic-Indic digits
    "œ": "oe", "æ": "ae", "ø": "o", "đ": "d", "ł": "l", "ı": "i",
})
_HARAKAT = re.compile("[\u064b-\u065f\u0670\u0640]")
_WORD = re.compile(r"[^\W_]+")
_ARTICLES = ("وال", "بال", "كال", "فال", "لل", "ال")  # longest first
_MARKDOWN_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_URL = re.compile(r"<?https?://\S+>?")


def _is_arabic(char: str) -> bool:
    return "\u0600" <= char <= "\u06ff"


def _strip_article(word: str) -> str:
    if word and _is_arabic(word[0]):
        for article in _ARTICLES:
            if word.startswith(article) and len(word) - len(article) >= 2:
                return word[len(article):]
    return word


def fold_words(text: str | None) -> list[str]:
    """The searchable words of a text, folded (see the module's docstring)."""
    if not text:
        return []
    text = unicodedata.normalize("NFKC", text)
    text = _HARAKAT.sub("", text).casefold().translate(_ARABIC_FOLD)
    text = "".join(char for char in unicodedata.normalize("NFD", text) if not unicodedata.combining(char))
    return [_strip_article(word) for word in _WORD.findall(text)]


def fold(text: str | None) -> str:
    return " ".join(fold_words(text))


def sort_key(text: str | None) -> str:
    """A title as it sorts: lower case, without accents or harakat, spaces kept, article kept."""
    text = unicodedata.normalize("NFKC", text or "")
    text = _HARAKAT.sub("", text).casefold().translate(_ARABIC_FOLD)
    text = "".join(char for char in unicodedata.normalize("NFD", text) if not unicodedata.combining(char))
    return " ".join(_WORD.findall(text))[:200]


def strip_markdown(source: str | None) -> str:
    """Markdown as plain words: link targets and bare addresses dropped, the rest folded away by fold()."""
    if not source:
        return ""
    return _URL.sub(" ", _MARKDOWN_LINK.sub(r" \1 ", source))


def query_words(query: str | None) -> list[str]:
    """The words of what a visitor typed, folded, without repeats, at most MAX_WORDS."""
    words = fold_words((query or "")[:MAX_QUERY_LENGTH])
    return list(dict.fromkeys(word[:40] for word in words))[:MAX_WORDS]


def fts5_query(words: list[str]) -> str:
    """An FTS5 MATCH expression: every word, quoted (so never FTS5 syntax), long ones as prefixes."""
    return " ".join(f'"{word}"*' if len(word) >= PREFIX_FROM else f'"{word}"' for word in words)


def tsquery(words: list[str]) -> str:
    """A to_tsquery('simple', …) expression; the words hold letters and digits only (fold_words)."""
    return " & ".join(f"{word}:*" if len(word) >= PREFIX_FROM else word for word in words)


def is_postgres() -> bool:
    return get_engine().engine_type == "postgres"


@dataclass(frozen=True, slots=True)
class Match:
    """The SQL that keeps the reuses matching a search; `{}` are placeholders for `args`."""

    ids_sql: str  # SELECT <reuse id> ... : the matching reuse ids
    rank_sql: str  # SELECT id, score ... : the same with a score, lower is better
    args: tuple


def match(words: list[str]) -> Match | None:
    if not words:
        return None
    if is_postgres():
        expression = tsquery(words)
        return Match(
            ids_sql="SELECT reuse_id FROM reuse_search WHERE document @@ to_tsquery('simple', {})",
            rank_sql="SELECT reuse_id AS id, -ts_rank(document, to_tsquery('simple', {})) AS score FROM reuse_search "
                     "WHERE document @@ to_tsquery('simple', {})",
            args=(expression,),
        )
    expression = fts5_query(words)
    return Match(
        ids_sql="SELECT rowid FROM reuse_search_fts WHERE reuse_search_fts MATCH {}",
        rank_sql="SELECT rowid AS id, bm25(reuse_search_fts, 10.0, 4.0, 2.0, 1.0) AS score FROM reuse_search_fts "
                 "WHERE reuse_search_fts MATCH {}",
        args=(expression,),
    )


def rank_args(found: Match) -> tuple:
    """The arguments of `rank_sql` (PostgreSQL repeats the query once)."""
    return found.args * 2 if is_postgres() else found.args


# --- the index ---------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Document:
    reuse_id: int
    title: str
    summary: str
    meta: str
    body: str
    sort_fr: str
    sort_ar: str
    published_at: Any
    facets: tuple[tuple[str, int | None, str], ...]  # (facet, ref, value): what the gallery counts and filters on


async def _raw(sql: str, *args: object) -> list[dict]:
    return await get_engine().run_querystring(QueryString(sql, *args))


def _id_list(ids: Iterable[int]) -> str:
    return ",".join(str(int(i)) for i in ids)


async def _documents(ids: list[int]) -> list[Document]:
    """The index documents of the visible reuses among `ids`, in four queries (raw SQL: safe in migrations)."""
    listed = _id_list(ids)
    reuses = await _raw(
        "SELECT r.id, r.title_fr, r.title_ar, r.summary_fr, r.summary_ar, r.description_fr, r.description_ar, "
        "r.impact_fr, r.impact_ar, r.type, r.startup, r.published_at, u.name AS owner_name, s.name AS startup_name "
        "FROM reuse r LEFT JOIN account_user u ON u.id = r.owner LEFT JOIN startup s ON s.id = r.startup "
        f"WHERE r.id IN ({listed}) AND r.status = 'published' AND r.deleted_at IS NULL")
    if not reuses:
        return []
    listed = _id_list(row["id"] for row in reuses)
    meta: dict[int, list[str]] = {row["id"]: [] for row in reuses}
    facets: dict[int, dict[tuple[str, int | None, str], None]] = {row["id"]: {} for row in reuses}
    for row in await _raw(f"SELECT reuse, tag FROM reuse_tag WHERE reuse IN ({listed})"):
        meta[row["reuse"]].append(row["tag"])
        facets[row["reuse"]][("tag", None, row["tag"])] = None
    for row in await _raw(
            "SELECT rt.reuse, t.id, t.title_fr, t.title_ar FROM reuse_theme rt JOIN portal_theme t ON t.id = rt.theme "
            f"WHERE rt.reuse IN ({listed})"):
        meta[row["reuse"]] += [row["title_fr"], row["title_ar"]]
        facets[row["reuse"]][("theme", row["id"], "")] = None
    for row in await _raw(
            "SELECT rd.reuse, d.id, d.producer, d.title_fr, d.title_ar FROM reuse_dataset rd "
            f"JOIN portal_dataset d ON d.id = rd.dataset WHERE rd.reuse IN ({listed})"):
        meta[row["reuse"]] += [row["title_fr"], row["title_ar"]]
        facets[row["reuse"]][("dataset", row["id"], "")] = None
        if row["producer"] is not None:
            facets[row["reuse"]][("producer", row["producer"], "")] = None
    documents = []
    for row in reuses:
        people = [row["startup_name"] or "", row["owner_name"] or ""]
        own = {("type", None, row["type"]): None, **({("startup", row["startup"], ""): None} if row["startup"] else {})}
        documents.append(Document(
            reuse_id=row["id"],
            title=fold(f"{row['title_fr']} {row['title_ar']}"),
            summary=fold(f"{row['summary_fr']} {row['summary_ar']}"),
            meta=fold(" ".join([*people, *(text or "" for text in meta[row["id"]])])),
            body=fold(" ".join(strip_markdown(row[key]) for key in (
                "description_fr", "description_ar", "impact_fr", "impact_ar"))),
            # Titles in the visitor's language first, then the others (0/1 before the key)
            sort_fr=("0 " if row["title_fr"] else "1 ") + sort_key(row["title_fr"] or row["title_ar"]),
            sort_ar=("0 " if row["title_ar"] else "1 ") + sort_key(row["title_ar"] or row["title_fr"]),
            published_at=row["published_at"],
            facets=tuple({**own, **facets[row["id"]]}),
        ))
    return documents


def _chunks(rows: list, size: int) -> Iterable[list]:
    for start in range(0, len(rows), size):
        yield rows[start:start + size]


async def _insert(table: str, columns: str, rows: list[tuple], *, row_sql: str | None = None) -> None:
    """Multi-row INSERTs of bound values, a few hundred rows per statement."""
    if not rows:
        return
    row_sql = row_sql or "(" + ", ".join("{}" for _ in rows[0]) + ")"
    for chunk in _chunks(rows, max(1, 2000 // len(rows[0]))):
        await _raw(f"INSERT INTO {table} ({columns}) VALUES " + ", ".join(row_sql for _ in chunk),
                   *[value for row in chunk for value in row])


async def _write(ids: list[int], documents: list[Document]) -> None:
    listed = _id_list(ids)
    postgres = is_postgres()
    if not postgres:
        await _raw(f"DELETE FROM reuse_search_fts WHERE rowid IN ({listed})")
    await _raw(f"DELETE FROM reuse_facet WHERE reuse_id IN ({listed})")
    await _raw(f"DELETE FROM reuse_search WHERE reuse_id IN ({listed})")
    if not documents:
        return
    if postgres:
        await _insert(
            "reuse_search", "reuse_id, sort_fr, sort_ar, published_at, document",
            [(d.reuse_id, d.sort_fr, d.sort_ar, d.published_at, d.title, d.summary, d.meta, d.body) for d in documents],
            row_sql="({}, {}, {}, {}, setweight(to_tsvector('simple', {}), 'A') || "
                    "setweight(to_tsvector('simple', {}), 'B') || setweight(to_tsvector('simple', {}), 'C') || "
                    "setweight(to_tsvector('simple', {}), 'D'))")
    else:
        await _insert("reuse_search_fts", "rowid, title, summary, meta, body",
                      [(d.reuse_id, d.title, d.summary, d.meta, d.body) for d in documents])
        await _insert("reuse_search", "reuse_id, sort_fr, sort_ar, published_at",
                      [(d.reuse_id, d.sort_fr, d.sort_ar, d.published_at) for d in documents])
    await _insert("reuse_facet", "reuse_id, facet, ref, value",
                  [(d.reuse_id, facet, ref, value) for d in documents for facet, ref, value in d.facets])


async def index_reuses(ids: Iterable[int]) -> int:
    """(Re)index these reuses: the visible ones get their current text and facets, the others leave the index.

    A fixed number of queries per batch of BATCH reuses. Call it inside the transaction that changed them.
    Returns how many are in the index afterwards.
    """
    ids = sorted({int(i) for i in ids})
    indexed = 0
    for batch in _chunks(ids, BATCH):
        documents = await _documents(batch)
        await _write(batch, documents)
        indexed += len(documents)
    if ids:
        from showcase.reuses import gallery

        gallery.forget_facets()
    return indexed


async def index_reuse(reuse_id: int) -> bool:
    """Bring one reuse's entry up to date after a save or a status change; True when it is listed."""
    return bool(await index_reuses([reuse_id]))


async def rebuild_index() -> int:
    """Index every published reuse from scratch (after a bulk import, or a portal refresh of dataset titles)."""
    if not is_postgres():
        await _raw("DELETE FROM reuse_search_fts")
    await _raw("DELETE FROM reuse_facet")
    await _raw("DELETE FROM reuse_search")
    rows = await _raw("SELECT id FROM reuse WHERE status = 'published' AND deleted_at IS NULL ORDER BY id")
    return await index_reuses([row["id"] for row in rows])
