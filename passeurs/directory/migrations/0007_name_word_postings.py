"""PostgreSQL: a posting table of the words of each name, in name order.

`directory_nameword` holds one row per lexeme of each structure's `name_terms` (its name and
acronym, analysed by `passeurs_french`) with the structure's folded name, under a btree on
(word, name_key, organisation_id): the name tier of a broad query ("lyon", 64,000 names)
then reads its first page as a range of that index, already in the tier's order, instead
of fetching every match from the GIN index to sort them. The search code keeps it current
with the documents (`search.index`, `index_table`, `rebuild`); deleting a structure deletes
its postings (a trigger: the table is not a Django model). SQLite is left as it is: its
FTS5 path does not change.
"""

from django.db import migrations

# Frozen here: later changes to the search code must not change what this migration did.
POSTGRES = [
    """
    CREATE TABLE directory_nameword (
        word text NOT NULL,
        name_key text NOT NULL,
        organisation_id bigint NOT NULL
    )
    """,
    """
    CREATE FUNCTION passeurs_nameword_delete() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      DELETE FROM directory_nameword WHERE organisation_id IN (SELECT id FROM gone);
      RETURN NULL;
    END $$
    """,
    """
    CREATE TRIGGER directory_nameword_delete AFTER DELETE ON directory_organisation
    REFERENCING OLD TABLE AS gone FOR EACH STATEMENT
    EXECUTE FUNCTION passeurs_nameword_delete()
    """,
    """
    CREATE FUNCTION passeurs_nameword_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      TRUNCATE directory_nameword;
      RETURN NULL;
    END $$
    """,
    """
    CREATE TRIGGER directory_nameword_truncate AFTER TRUNCATE ON directory_organisation
    FOR EACH STATEMENT EXECUTE FUNCTION passeurs_nameword_truncate()
    """,
    """
    INSERT INTO directory_nameword (word, name_key, organisation_id)
    SELECT word, o.name_key, o.id
    FROM directory_organisationsearch s JOIN directory_organisation o ON o.id = s.organisation_id,
         unnest(tsvector_to_array(s.name_terms)) AS word
    """,
    "CREATE INDEX directory_nameword_order ON directory_nameword (word, name_key, organisation_id)",
    "CREATE INDEX directory_nameword_organisation ON directory_nameword (organisation_id, word)",
    "ANALYZE directory_nameword",
]

UNDO = [
    "DROP TRIGGER IF EXISTS directory_nameword_delete ON directory_organisation",
    "DROP TRIGGER IF EXISTS directory_nameword_truncate ON directory_organisation",
    "DROP FUNCTION IF EXISTS passeurs_nameword_delete",
    "DROP FUNCTION IF EXISTS passeurs_nameword_truncate",
    "DROP TABLE IF EXISTS directory_nameword",
]


def install(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("SET LOCAL maintenance_work_mem = '256MB'")
    for statement in POSTGRES:
        schema_editor.execute(statement)


def uninstall(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for statement in UNDO:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0006_search_filter_lexemes"),
    ]

    operations = [
        migrations.RunPython(install, uninstall),
    ]
