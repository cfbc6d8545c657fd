"""PostgreSQL: each search row keeps its structure's folded name.

A text tier of a few thousand matches is shown in name order: the matches were read from the
GIN index, then each structure's row fetched for its name, then sorted (17,000 matches for
an object word: 17,000 wide rows read, 140 ms). With the folded name beside the document,
the page is chosen on the search rows the GIN index already leads to, and only the page's
structures are read (`search.postgres.SearchKeys`). Kept by the same writes as the rest of
the row (`search.index`, `index_table`, `rebuild`). SQLite has no such column: its tiers
are sorted in Python (`search.sqlite`).

Filling the column rewrites every search row: on a large directory the table and its GIN
indexes are then compacted (`VACUUM FULL`, a few seconds per 100,000 rows, the table locked
meanwhile), else the rewritten GIN posting lists slow every search by a third. Hence a
migration outside a transaction: the column is added and filled in one statement each.
"""

from django.db import migrations

COMPACT_FROM = 10_000


def add(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        'ALTER TABLE directory_organisationsearch ADD COLUMN name_key text COLLATE "C"'
    )
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            "UPDATE directory_organisationsearch s SET name_key = o.name_key "
            "FROM directory_organisation o WHERE o.id = s.organisation_id"
        )
        if cursor.rowcount >= COMPACT_FROM:
            cursor.execute("VACUUM FULL ANALYZE directory_organisationsearch")


def remove(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE directory_organisationsearch DROP COLUMN name_key")


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("directory", "0010_rna_lookup_from_the_unique_index"),
    ]

    operations = [
        migrations.RunPython(add, remove),
    ]
