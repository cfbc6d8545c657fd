"""PostgreSQL: the RNA lookups read the partial unique index; the plain one goes.

`organisation_rna` (migration 0005) exists for SQLite, which cannot use the partial unique
index `unique_organisation_rna` for `rna = 'W…'`. PostgreSQL can (it proves `rna = 'W…'`
implies `NOT rna = ''`), so there the plain index was a second copy of the same keys: one
more index to maintain on every write and to rebuild after a national import (a second
per 1.5 M rows). The model keeps declaring it (SQLite needs it); on PostgreSQL a later
`RemoveIndex` drops it with `IF EXISTS`.
"""

from django.db import migrations


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS organisation_rna")


def restore(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS organisation_rna ON directory_organisation (rna)"
        )


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0009_count_without_sequential_scans"),
    ]

    operations = [
        migrations.RunPython(drop, restore),
    ]
