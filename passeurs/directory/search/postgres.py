"""The PostgreSQL search index: weighted tsvectors, GIN, and a trigram table of words.

The document and fold functions are SQL functions created by migration 0003, so that
imports compute them set-based inside the database and single edits use the same code.
"""

import json

from django.db import connection
from django.db.models.expressions import RawSQL

# One configuration for documents and queries: French stemming after unaccent.
CONFIG = "passeurs_french"

# The filters' values, as lexemes of the document that no text query can produce (the
# query words are letters and digits): a text query and its filters are then one GIN
# search, instead of a text search joined to every structure of a department.
# `passeurs_filters` is created by migration 0006.
FILTERS = "passeurs_filters(department_id, region_id, kind, family, is_active)"
_FILTER_PREFIXES = {"department": "~d", "region": "~r", "kind": "~k", "family": "~f"}

# Above this many name matches, the name tier walks `directory_nameword` in name order
# instead of reading every match from the GIN index and sorting them (migration 0007).
WALK_ABOVE = 1000

# The posting table: one row per word of each name (the lexemes of `name_terms`) with the
# structure's folded name, under a btree on (word, name_key, organisation_id). `source` is
# the search table or the rebuild's table: both hold the folded name (migration 0011).
_POSTINGS = """
    INSERT INTO directory_nameword (word, name_key, organisation_id)
    SELECT word, s.name_key, s.organisation_id
    FROM {source} s, unnest(tsvector_to_array(s.name_terms)) AS word
    {where}
"""


def _word_upsert(where: str) -> str:
    return f"""
        INSERT INTO directory_searchword (word, documents)
        SELECT word, ndoc FROM ts_stat($$SELECT document::tsvector
            FROM directory_organisationsearch {where}$$)
        WHERE length(word) <= 100 AND left(word, 1) <> '~'
        ON CONFLICT (word) DO NOTHING
    """


def index(ids: list[int]) -> None:
    """Index these organisations (after any write of their searchable fields)."""
    _index("VALUES " + ", ".join(f"({int(pk)})" for pk in ids))


def index_table(table: str) -> None:
    """Index the organisations whose ids are in `table` (column `id`), set-based."""
    _index(f"SELECT id FROM {table}")


def _index(ids: str) -> None:
    """Their search rows, their name postings and their words, for the organisations whose
    ids `ids` selects (constant SQL: the word count reads it inside a quoted statement)."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            INSERT INTO directory_organisationsearch (organisation_id, name_terms, document,
                name_key)
            SELECT id, names, names || passeurs_rest(city, purpose, description) || {FILTERS},
                name_key
            FROM (SELECT o.*, passeurs_names(o.name, o.acronym) AS names
                  FROM directory_organisation o WHERE o.id IN ({ids})) o
            ON CONFLICT (organisation_id) DO UPDATE
            SET name_terms = EXCLUDED.name_terms, document = EXCLUDED.document,
                name_key = EXCLUDED.name_key
            """
        )
        cursor.execute(f"DELETE FROM directory_nameword WHERE organisation_id IN ({ids})")
        cursor.execute(
            _POSTINGS.format(
                source="directory_organisationsearch", where=f"WHERE s.organisation_id IN ({ids})"
            )
        )
        cursor.execute(_word_upsert(f"WHERE organisation_id IN ({ids})"))


def rebuild() -> None:
    """Every document again, computed in parallel workers, then the indexes built once.

    `CREATE TABLE AS` may use parallel workers where `INSERT ... SELECT` may not, and a GIN
    index built in one pass is several times faster than one maintained row by row.
    """
    with connection.cursor() as cursor:
        # Deferred foreign-key checks would leave pending events that forbid CREATE INDEX.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("SET LOCAL jit = off")
        cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
        cursor.execute("DROP TABLE IF EXISTS passeurs_search_build")
        cursor.execute(
            f"""
            CREATE TEMP TABLE passeurs_search_build AS
            SELECT id AS organisation_id, names AS name_terms,
                   names || passeurs_rest(city, purpose, description) || {FILTERS} AS document,
                   name_key
            FROM (SELECT id, city, purpose, description, department_id, region_id, kind, family,
                         is_active, name_key, passeurs_names(name, acronym) AS names
                  FROM directory_organisation) o
            """
        )
        cursor.execute("DROP INDEX IF EXISTS directory_search_document")
        cursor.execute("DROP INDEX IF EXISTS directory_search_names")
        cursor.execute("TRUNCATE directory_organisationsearch")
        cursor.execute(
            """
            INSERT INTO directory_organisationsearch (organisation_id, name_terms, document,
                name_key)
            SELECT organisation_id, name_terms, document, name_key FROM passeurs_search_build
            """
        )
        # The name postings, loaded unindexed and indexed once, like the documents.
        cursor.execute("DROP INDEX IF EXISTS directory_nameword_order")
        cursor.execute("DROP INDEX IF EXISTS directory_nameword_organisation")
        cursor.execute("TRUNCATE directory_nameword")
        cursor.execute(_POSTINGS.format(source="passeurs_search_build", where=""))
        cursor.execute("DROP TABLE passeurs_search_build")
        cursor.execute(
            "CREATE INDEX directory_nameword_order ON directory_nameword "
            "(word, name_key, organisation_id)"
        )
        cursor.execute(
            "CREATE INDEX directory_nameword_organisation ON directory_nameword "
            "(organisation_id, word)"
        )
        cursor.execute(
            "CREATE INDEX directory_search_document ON directory_organisationsearch "
            "USING gin (document)"
        )
        cursor.execute(
            "CREATE INDEX directory_search_names ON directory_organisationsearch "
            "USING gin (name_terms)"
        )
        cursor.execute("TRUNCATE directory_searchword")
        cursor.execute(_word_upsert(""))
        cursor.execute("ANALYZE directory_organisationsearch")
        cursor.execute("ANALYZE directory_searchword")
        cursor.execute("ANALYZE directory_nameword")


def _operand(lexeme: str, weight: str) -> str:
    return "'" + lexeme.replace("'", "''") + "'" + weight


def filter_query(filters: dict) -> tuple[str, bool]:
    """The tsquery of the filters' lexemes, and whether it covers every filter given.

    Only the filters `selectors.organisation_list` applies count (empty values filter
    nothing); a challenge (many-to-many) has no lexeme and stays a join.
    """
    tokens, covered = [], True
    for name, value in filters.items():
        if name == "q" or not value:
            continue
        if name in _FILTER_PREFIXES:
            tokens.append(_FILTER_PREFIXES[name] + str(getattr(value, "pk", value)))
        elif name == "status":
            if value in ("active", "dissolved"):
                tokens.append("~" + value)
        else:
            covered = False
    return " & ".join(_operand(token, "") for token in tokens), covered


def match_condition(
    groups: list[list[str]], *, names_only=False, exclude_names=False, filters=""
) -> tuple[str, list]:
    """(condition, params) on a row of directory_organisationsearch: see `match_sql`."""
    lexemes = [lexeme for group in groups for lexeme in group]
    query = " & ".join(_operand(lexeme, "") for lexeme in lexemes)
    document, params = "document @@ to_tsquery('simple', %s)", [query]
    if filters:
        document = "document @@ (to_tsquery('simple', %s) && %s::tsquery)"
        params = [query, filters]
    if names_only:
        if filters:
            # The words again in the document's query: its GIN index intersects them with
            # the filters' lexemes itself (instead of listing a department's every row),
            # and the names are checked on those rows only (`IS TRUE` keeps the planner from
            # also reading every name with a frequent word from the other GIN index).
            condition = f"(name_terms @@ to_tsquery('simple', %s)) IS TRUE AND {document}"
            return condition, [query, *params]
        return "name_terms @@ to_tsquery('simple', %s)", [query]
    if exclude_names:
        return document + " AND NOT name_terms @@ to_tsquery('simple', %s)", [*params, query]
    return document, params


# What `match_sql` selects from; `SearchKeys` reads its condition back after it.
MATCHES = "SELECT organisation_id FROM directory_organisationsearch WHERE "


def match_sql(groups: list[list[str]], *, names_only=False, exclude_names=False, filters=""):
    """(sql, params) of the ids whose document has every group's lexemes.

    `groups` come from `prepare`; the query is built from lexemes with the `simple`
    configuration so that corrected words are searched exactly as stored. `filters` is a
    `filter_query`: literal lexemes, cast rather than parsed (the parser drops the "~").
    """
    condition, params = match_condition(
        groups, names_only=names_only, exclude_names=exclude_names, filters=filters
    )
    return MATCHES + condition, params


# A one-word query the planner expects this many times above a count's limit is not
# counted: the statistics keep the frequencies of the common words (`ts_typanalyze`).
TRUSTED_ESTIMATE = 20


def _counted(sql: str, params, limit: int, groups) -> tuple[str, list]:
    """(sql, params) of a call of `passeurs_count_upto` (migration 0009) counting the rows of
    `sql` up to `limit` without a sequential scan; `params` are `match_sql`'s, all text.

    For one word and no filter (`params` is that word's query alone) the planner's estimate
    is trusted far above the limit; with several words or filters it assumes them
    independent, and towns or departments are not.
    """
    numbered = sql
    for number in range(1, len(params) + 1):
        numbered = numbered.replace("%s", f"${number}", 1)
    single = len(params) == 1 and sum(len(group) for group in groups) == 1
    trusted = min(TRUSTED_ESTIMATE * int(limit), 2**31 - 1) if single else None
    return (
        "passeurs_count_upto(%s, %s, %s::text[], %s::integer)",
        [numbered, int(limit), list(params), trusted],
    )


def count_upto(sql: str, params, limit: int, *, groups=()) -> int:
    """How many rows `sql` (a `match_sql` of `groups`) selects, counted up to `limit`.

    A frequent word's matches sit in one stretch of the table (imports come department by
    department): a sequential scan could read most of it before meeting `limit` of them,
    so the count is made from the GIN index (see migration 0009).
    """
    call, call_params = _counted(sql, params, limit, groups)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {call}", call_params)
        return cursor.fetchone()[0]


def prepare(terms: list[str]) -> tuple[list[list[str]], list[bool]]:
    """Each term's lexemes (empty for a stop word) and whether they are all indexed words."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            SELECT t.ord, coalesce(array_agg(l.lexeme ORDER BY l.lexeme)
                       FILTER (WHERE l.lexeme IS NOT NULL), '{{}}'),
                   bool_and(l.lexeme IS NULL OR w.word IS NOT NULL)
            FROM unnest(%s::text[]) WITH ORDINALITY AS t(term, ord)
            LEFT JOIN LATERAL unnest(tsvector_to_array(to_tsvector('{CONFIG}', t.term)))
                AS l(lexeme) ON true
            LEFT JOIN directory_searchword w ON w.word = l.lexeme
            GROUP BY t.ord ORDER BY t.ord
            """,
            [terms],
        )
        rows = cursor.fetchall()
    return [list(row[1]) for row in rows], [bool(row[2]) for row in rows]


def closest_word(term: str) -> str | None:
    """The indexed word nearest to a misspelt term (trigram similarity), or None."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT set_config('pg_trgm.similarity_threshold', '0.35', true)")
        # Counts lag behind edits and deletions: only a word some document still has counts.
        cursor.execute(
            """
            SELECT word FROM (
                SELECT word, similarity(word, %s) AS score, documents
                FROM directory_searchword WHERE word %% %s
                ORDER BY score DESC, documents DESC, word LIMIT 5
            ) candidates
            WHERE passeurs_count_upto(
                'SELECT 1 FROM directory_organisationsearch
                 WHERE document @@ to_tsquery(''simple'', quote_literal($1))', 1, ARRAY[word]) > 0
            ORDER BY score DESC, documents DESC, word LIMIT 1
            """,
            [term, term],
        )
        row = cursor.fetchone()
    return row[0] if row else None


def plan_rows(sql: str, params) -> int:
    """The planner's row estimate for a statement: a millisecond, approximate."""
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (FORMAT JSON) " + sql, params)
        plan = cursor.fetchone()[0]
    plan = json.loads(plan) if isinstance(plan, str) else plan
    return int(plan[0]["Plan"]["Plan Rows"])


def estimate(queryset) -> int:
    """The planner's row estimate for a queryset: instant, approximate."""
    return plan_rows(*queryset.values("pk").query.sql_with_params())


def name_tier(queryset, sql: str, params, *, groups: list[list[str]], key: str, base, at_most=None):
    """The name tier: `queryset` restricted to the ids `sql` selects, in (name_key, id) order.

    One query chooses the plan: the matches counted up to WALK_ABOVE (the GIN index, a few
    milliseconds) and the query's lexemes from the rarest to the most frequent. Up to
    WALK_ABOVE matches are read from the GIN index and sorted; more, and they are walked in
    name order along the name postings, rarest lexeme first (`NameWalk`), so that a page
    reads about a page of rows. `key` is the folded query (names beginning with it belong to
    earlier tiers); `base` is the queryset with the caller's filters but not the tiers'
    exclusions. `at_most`: the caller counted every match exactly; up to WALK_ABOVE, the
    tier is sorted without counting its matches again (two words and a department: 30 ms).
    """
    if at_most is not None and at_most <= WALK_ABOVE:
        return _sorted(queryset, sql, params)
    lexemes = sorted({lexeme for group in groups for lexeme in group})
    call, call_params = _counted(sql, params, WALK_ABOVE + 1, groups)
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            SELECT {call},
                   ARRAY(SELECT l FROM unnest(%s::text[]) AS l
                         LEFT JOIN directory_searchword w ON w.word = l
                         ORDER BY coalesce(w.documents, 0), l)
            """,
            [*call_params, lexemes],
        )
        found, ordered = cursor.fetchone()
    if found <= WALK_ABOVE:
        return _sorted(queryset, sql, params)
    return NameWalk(queryset, list(ordered), key=key, base=base)


def _sorted(queryset, sql: str, params):
    """`queryset` restricted to the ids `sql` selects, all read from the GIN index (the
    caller's order then sorts them): for matches known to be few."""
    table = queryset.model._meta.db_table
    return queryset.extra(  # noqa: S610 (constant SQL, values as parameters)
        where=[f'"{table}"."id" = ANY(ARRAY({sql}))'], params=params
    )


class NameWalk:
    """A name tier read in name order from `directory_nameword` (migration 0007).

    The btree (word, name_key, organisation_id) serves each lexeme's postings in the tier's
    order: one lexeme is a range of it; several are joined by a leapfrog walk (see `_walk`);
    with filters, each hit is kept when its structure passes them (a primary-key probe).
    The page's LIMIT stops the walk after about a page of matches, whatever their number;
    `name_tier` only chooses it when the GIN index counts more than WALK_ABOVE matches.
    """

    def __init__(self, queryset, lexemes: list[str], *, key: str, base):
        self.queryset = queryset
        self.lexemes = lexemes
        self.key = key
        self.base = base

    def _walk(self) -> tuple[str, list]:
        """(sql, params) of the tier's ids in (name_key, id) order, read as far as the
        caller's LIMIT only."""
        conditions, params = ["NOT starts_with(w.name_key, %s)"], [self.key]
        if self.base.query.where:
            base_sql, base_params = self.base.order_by().values("pk").query.sql_with_params()
            # A scalar subquery stays a per-row probe of the primary key: an EXISTS could
            # become a join that no longer returns the walk's order.
            conditions.append(
                f"(SELECT 1 FROM ({base_sql}) f WHERE f.pk = w.id LIMIT 1) IS NOT NULL"
            )
            params.extend(base_params)
        where = " AND ".join(conditions)
        if len(self.lexemes) == 1:
            # One word: a range of the btree, in order.
            sql = f"""
                SELECT w.id FROM (
                    SELECT name_key, organisation_id AS id FROM directory_nameword
                    WHERE word = %s) w
                WHERE {where} ORDER BY w.name_key, w.id
            """
            return sql, [self.lexemes[0], *params]
        # Several words: a leapfrog join of their postings, all in (name_key, id) order.
        # From the last position, each word's next posting at or after the previous
        # word's; when the last lands where the first did, every word is in that name (a
        # hit); else the walk resumes from where the last landed, skipping at once the runs
        # of names that only some words share ("Amicale des anciens ..." for "association
        # anciens"). The recursion runs only as far as the outer LIMIT reads.
        seeks, seek_params = [], []
        previous = None
        for index, lexeme in enumerate(self.lexemes):
            bound = (
                "> (s.name_key, s.id)"
                if previous is None
                else f">= ({previous}.name_key, {previous}.id)"
            )
            seeks.append(
                f"""CROSS JOIN LATERAL (
                    SELECT name_key, organisation_id AS id FROM directory_nameword
                    WHERE word = %s AND (name_key, organisation_id) {bound}
                    ORDER BY name_key, organisation_id LIMIT 1) l{index}"""
            )
            seek_params.append(lexeme)
            previous = f"l{index}"
        hit = f"(l0.name_key = {previous}.name_key AND l0.id = {previous}.id)"
        sql = f"""
            WITH RECURSIVE steps(name_key, id, hit) AS (
                SELECT ''::text COLLATE "C", 0::bigint, false
                UNION ALL
                SELECT {previous}.name_key,
                       CASE WHEN {hit} THEN {previous}.id ELSE {previous}.id - 1 END, {hit}
                FROM steps s {" ".join(seeks)}
            )
            SELECT w.id FROM steps w WHERE w.hit AND {where}
        """
        return sql, [*seek_params, *params]

    def __getitem__(self, item: slice) -> list:
        start, stop = item.start or 0, item.stop
        sql, params = self._walk()
        page = RawSQL(f"{sql} LIMIT {int(stop - start)} OFFSET {int(start)}", params)
        return list(self.queryset.filter(pk__in=page))

    def length_upto(self, limit: int) -> int:
        """How many rows the tier has, counted up to `limit`."""
        sql, params = self._walk()
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT count(*) FROM ({sql} LIMIT {int(limit)}) w", params)
            return cursor.fetchone()[0]


class SearchKeys:
    """A text tier in name order whose page is chosen on the search rows (migration 0011).

    The GIN index leads to the matching search rows, and they hold the folded name: the
    page's ids are the first of those rows in (name_key, id) order (a top-N sort), and only
    the page's structures are read, where joining every match to its structure first read
    as many wide rows as there were matches (17,000 for an object word: 140 ms). Only for a
    tier that is exactly those rows: every filter a lexeme, and the earlier tiers' names
    (the query itself, and those beginning with it) excluded by their folded name.
    """

    def __init__(self, rows, sql: str, params, *, below: str, above: str):
        """`sql`: a `match_sql`; its condition, and the names outside [below, above)."""
        condition = sql.removeprefix(MATCHES)
        if condition == sql:
            raise ValueError("SearchKeys pages a match_sql statement only")
        self.sql = f"{MATCHES}({condition}) AND NOT (name_key >= %s AND name_key < %s)"
        self.params = [*params, below, above]
        self.rows = rows

    def __getitem__(self, item: slice) -> list:
        start, stop = item.start or 0, item.stop
        page = RawSQL(
            f"{self.sql} ORDER BY name_key, organisation_id "
            f"LIMIT {int(stop - start)} OFFSET {int(start)}",
            self.params,
        )
        return list(self.rows.filter(pk__in=page))

    def length_upto(self, limit: int) -> int:
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT count(*) FROM ({self.sql} LIMIT {int(limit)}) m", self.params)
            return cursor.fetchone()[0]


def narrow(queryset, sql: str, params, *, candidates: int | None, keyed=None):
    """`queryset` restricted to the ids `sql` selects, in a plan chosen by the estimate.

    Up to `candidates` matches the ids are read from the GIN index and sorted (the
    caller's order); more, and they come in id order, so that the walk of the primary key
    meets matches at once instead of walking the name index to where the words cluster.
    `candidates` None: the caller knows they are few. `keyed`: (rows, below, above) when
    the tier is the matches minus the names from `below` to `above` (see `SearchKeys`),
    `rows` the caller's queryset to read the page's structures from.
    """
    if candidates is None or plan_rows(sql, params) <= candidates:
        if keyed is not None:
            rows, below, above = keyed
            return SearchKeys(rows, sql, params, below=below, above=above)
        return _sorted(queryset, sql, params)
    return queryset.filter(pk__in=RawSQL(sql, params)).order_by("id")
