"""The SQLite search index: words analysed in Python, indexed by an FTS5 table.

`directory_organisationsearch` holds each organisation's analysed words (names apart);
migration 0003 creates the FTS5 table `directory_search_fts` over it as external content,
kept in step by triggers, so that Django's flush and cascades clean it too.
"""

import difflib
from functools import lru_cache

from django.db import connection
from django.db.models.expressions import RawSQL

from passeurs.blockers.similarity import analyse


@lru_cache(maxsize=200_000)
def _analyse_word(word: str) -> tuple[str, ...]:
    return tuple(analyse(word))


def analysed(text: str) -> list[str]:
    """Folded, stemmed words without stop words (cached per word: imports repeat them)."""
    return [term for word in (text or "").split() for term in _analyse_word(word)]


def documents(rows) -> list[tuple[int, str, str]]:
    """(id, name terms, other terms) for rows of (id, name, acronym, city, purpose, description)."""
    return [
        (
            pk,
            " ".join(analysed(f"{name} {acronym}")),
            " ".join(analysed(f"{city} {(purpose or '')[:600]} {(description or '')[:600]}")),
        )
        for pk, name, acronym, city, purpose, description in rows
    ]


def _store(cursor, docs: list[tuple[int, str, str]]) -> None:
    if not docs:
        return
    ids = [doc[0] for doc in docs]
    placeholders = ",".join(["%s"] * len(ids))
    cursor.execute(
        "SELECT organisation_id, name_terms, document FROM directory_organisationsearch "
        f"WHERE organisation_id IN ({placeholders})",
        ids,
    )
    before = {pk: set(f"{names} {rest}".split()) for pk, names, rest in cursor.fetchall()}
    cursor.executemany(
        "INSERT INTO directory_organisationsearch (organisation_id, name_terms, document) "
        "VALUES (%s, %s, %s) ON CONFLICT (organisation_id) DO UPDATE SET "
        "name_terms = excluded.name_terms, document = excluded.document",
        docs,
    )
    # Word counts follow the documents' changes.
    delta: dict[str, int] = {}
    for pk, names, rest in docs:
        old = before.get(pk, set())
        new = set(f"{names} {rest}".split())
        for word in new - old:
            delta[word] = delta.get(word, 0) + 1
        for word in old - new:
            delta[word] = delta.get(word, 0) - 1
    cursor.executemany(
        "INSERT INTO directory_searchword (word, documents) VALUES (%s, max(%s, 0)) "
        "ON CONFLICT (word) DO UPDATE SET documents = max(documents + %s, 0)",
        [(word[:100], count, count) for word, count in delta.items() if count],
    )
    cursor.execute("DELETE FROM directory_searchword WHERE documents <= 0")


SELECT_ROWS = "SELECT id, name, acronym, city, purpose, description FROM directory_organisation "


def index(ids: list[int]) -> None:
    with connection.cursor() as cursor:
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            cursor.execute(
                SELECT_ROWS + f"WHERE id IN ({','.join(['%s'] * len(chunk))})",
                chunk,
            )
            _store(cursor, documents(cursor.fetchall()))


def index_rows(rows) -> None:
    """Index rows already read, as (id, name, acronym, city, purpose, description)."""
    with connection.cursor() as cursor:
        _store(cursor, documents(rows))


def rebuild() -> None:
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM directory_organisationsearch")
        cursor.execute("DELETE FROM directory_searchword")
        cursor.execute("INSERT INTO directory_search_fts(directory_search_fts) VALUES ('rebuild')")
        last = 0
        while True:
            cursor.execute(SELECT_ROWS + "WHERE id > %s ORDER BY id LIMIT 5000", [last])
            rows = cursor.fetchall()
            if not rows:
                break
            _store(cursor, documents(rows))
            last = rows[-1][0]


def _phrase(terms: list[str]) -> str:
    return " AND ".join(f'"{term}"' for term in terms)


def filter_query(filters: dict) -> tuple[str, bool]:
    """SQLite joins the organisations for every filter (see postgres.filter_query)."""
    return "", False


def match_sql(groups: list[list[str]], *, names_only=False, exclude_names=False, filters=""):
    terms = [term for group in groups for term in group]
    if names_only:
        query = f"name_terms : ({_phrase(terms)})"
    elif exclude_names:
        query = f"({_phrase(terms)}) NOT name_terms : ({_phrase(terms)})"
    else:
        query = _phrase(terms)
    return (
        "SELECT rowid FROM directory_search_fts WHERE directory_search_fts MATCH %s",
        [query],
    )


def count_upto(sql: str, params, limit: int, *, groups=()) -> int:
    """How many rows `sql` (a `match_sql`) selects, counted up to `limit`."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM ({sql} LIMIT {int(limit)}) matches", params)
        return cursor.fetchone()[0]


def prepare(terms: list[str]) -> tuple[list[list[str]], list[bool]]:
    groups = [list(_analyse_word(term)) for term in terms]
    words = sorted({term for group in groups for term in group})
    known = set()
    if words:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT word FROM directory_searchword WHERE documents > 0 AND word IN "
                f"({','.join(['%s'] * len(words))})",
                words,
            )
            known = {row[0] for row in cursor.fetchall()}
    return groups, [all(term in known for term in group) for group in groups]


def closest_word(word: str) -> str | None:
    """The nearest indexed word sharing the first letter (typos rarely hit it)."""
    if len(word) < 3:
        return None
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT word FROM directory_searchword WHERE word >= %s AND word < %s "
            "AND documents > 0 AND length(word) BETWEEN %s AND %s "
            "ORDER BY documents DESC LIMIT 5000",
            [word[0], word[0] + "\uffff", len(word) - 2, len(word) + 2],
        )
        candidates = [row[0] for row in cursor.fetchall()]
    # Counts lag behind deletions: only a word some document still has is proposed.
    for close in difflib.get_close_matches(word, candidates, n=5, cutoff=0.7):
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT 1 FROM directory_search_fts WHERE directory_search_fts MATCH %s LIMIT 1",
                [f'"{close}"'],
            )
            if cursor.fetchone():
                return close
    return None


# SQLite's candidates are listed in Python and passed back as a list: past this many a tier
# comes in registry order (at 200,000 structures, 20,000 listed candidates cost 60-80 ms
# a query, the p95 of 200 queries was 161 ms; at 2,000 it is 55 ms).
SORTED_AT_MOST = 2000


def narrow(queryset, sql: str, params, *, candidates: int | None, keyed=None):
    """`queryset` restricted to the ids `sql` selects, sorted when they are few.

    SQLite has no estimate, but FTS5 lists candidates fast; left alone, SQLite walks the
    name index and probes each row, slowest of all when nothing matches. `candidates`
    None: the caller knows they are few. `keyed` (PostgreSQL's page on the search rows) has
    no use here: the candidates are sorted in Python.
    """
    if candidates is not None:
        candidates = min(candidates, SORTED_AT_MOST)
    limit = "" if candidates is None else f" LIMIT {candidates + 1}"
    with connection.cursor() as cursor:
        cursor.execute(f"{sql}{limit}", params)
        ids = [row[0] for row in cursor.fetchall()]
    if candidates is None or len(ids) <= candidates:
        return queryset.filter(pk__in=ids)
    return queryset.filter(pk__in=RawSQL(sql, params)).order_by("id")


def estimate(queryset) -> int | None:
    """SQLite has no row estimates: the caller shows "more than" its exact bound."""
    return None
