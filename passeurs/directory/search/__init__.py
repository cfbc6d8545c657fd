"""Directory search: one index per database engine behind one interface.

PostgreSQL keeps a weighted `tsvector` per organisation (a `french` configuration with
`unaccent`) under a GIN index, and a table of distinct words with a trigram index for
spelling correction, and the words of each name with the folded name under a btree
(`directory_nameword`: a broad name tier is read in name order, a page at a time); SQLite
keeps the same words, analysed in Python, in an FTS5 table.
`passeurs.directory.search.results.OrganisationResults` ranks and pages on top of either.

Every write of an organisation calls `index([ids])`; the importers call `index_changed` or
`rebuild` in bulk.
"""

from django.db import connection


def backend():
    if connection.vendor == "postgresql":
        from passeurs.directory.search import postgres

        return postgres
    from passeurs.directory.search import sqlite

    return sqlite


def index(ids) -> None:
    """(Re)index these organisations: call after any write of their searchable fields."""
    ids = [int(pk) for pk in ids]
    if ids:
        backend().index(ids)


def rebuild() -> None:
    """Recompute every organisation's search document and the word table."""
    backend().rebuild()
