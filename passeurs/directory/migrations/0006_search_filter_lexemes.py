"""The filters' values as lexemes of the PostgreSQL search document.

A department, region, kind, family and status become lexemes ("~d12", "~kassociation",
"~active") that no text query can produce, so that a text query and its filters are one
GIN search instead of a text search joined to every structure of a department. SQLite is
left as it is: it keeps joining the organisations for its filters.
"""

from django.db import migrations

# Frozen here: later changes to the search code must not change what this migration did.
POSTGRES = """
    CREATE OR REPLACE FUNCTION passeurs_filters(
        department bigint, region bigint, kind text, family text, active boolean
    ) RETURNS tsvector LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
      SELECT array_to_tsvector(array_remove(ARRAY[
          '~d' || department, '~r' || region, '~k' || kind, '~f' || family,
          CASE WHEN active THEN '~active' ELSE '~dissolved' END], NULL))
    $$
"""


def install(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(POSTGRES)
    Organisation = apps.get_model("directory", "Organisation")
    if Organisation.objects.exists():
        from passeurs.directory import search

        search.rebuild()


def uninstall(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    # The documents keep their filter lexemes until the next rebuild: harmless, no text
    # query produces them and the code before this migration never asks for them.
    schema_editor.execute("DROP FUNCTION IF EXISTS passeurs_filters")


class Migration(migrations.Migration):

    dependencies = [
        ("directory", "0005_rna_lookup_index"),
    ]

    operations = [
        migrations.RunPython(install, uninstall),
    ]
