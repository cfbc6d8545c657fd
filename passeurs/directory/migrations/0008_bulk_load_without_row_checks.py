"""What a bulk import pays per row, removed where it bought nothing.

- The department and region of a structure stay foreign keys for Django (`PROTECT` is
  enforced by Django's deletion collector, forms offer existing rows only) but without a
  database constraint: the imports take both from a join on `core_department`, so the
  constraint's check, one query per row, only cost time (2 s per 200,000 rows, a third of
  the load). The departments and regions are reference data loaded by migrations and
  never deleted. The index on `department_id` alone goes too: `organisation_dept_order`
  starts with it.
- The search document of a structure keeps no database constraint either (another check
  per row when the index is rebuilt: 1.2 s per 200,000 rows). It is a derived index like
  `directory_nameword`: Django deletes it with its structure (`CASCADE` in the collector),
  and on PostgreSQL the statement trigger of migration 0007 now deletes both for raw SQL.
- On PostgreSQL, the folded names (`name_key`, in the organisations and in the name
  postings) and the posting words compare byte by byte (`COLLATE "C"`): the folded names
  are lower case without accents, where that order is the alphabetical one, and whatever
  the database's locale the list, the postings and their indexes sort the same way, with
  the cheap comparisons (sorting the postings' index: 2.1 s → 1.5 s per 200,000 rows).
"""

import django.db.models.deletion
from django.db import migrations, models

# Frozen here: later changes to the search code must not change what this migration did.
POSTGRES = [
    """
    DO $$
    DECLARE name text;
    BEGIN
      FOR name IN SELECT conname FROM pg_constraint
          WHERE conrelid = 'directory_organisationsearch'::regclass AND contype = 'f' LOOP
        EXECUTE format('ALTER TABLE directory_organisationsearch DROP CONSTRAINT %%I', name);
      END LOOP;
    END $$
    """,
    """
    CREATE OR REPLACE FUNCTION passeurs_nameword_delete() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      DELETE FROM directory_nameword WHERE organisation_id IN (SELECT id FROM gone);
      DELETE FROM directory_organisationsearch WHERE organisation_id IN (SELECT id FROM gone);
      RETURN NULL;
    END $$
    """,
    """
    CREATE OR REPLACE FUNCTION passeurs_nameword_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      TRUNCATE directory_nameword;
      -- Not TRUNCATE: Django's flush truncates both tables in one statement.
      DELETE FROM directory_organisationsearch;
      RETURN NULL;
    END $$
    """,
    'ALTER TABLE directory_organisation ALTER COLUMN name_key TYPE varchar(255) COLLATE "C"',
    """
    ALTER TABLE directory_nameword
        ALTER COLUMN word TYPE text COLLATE "C",
        ALTER COLUMN name_key TYPE text COLLATE "C"
    """,
]

UNDO = [
    "DELETE FROM directory_organisationsearch s WHERE NOT EXISTS "
    "(SELECT 1 FROM directory_organisation o WHERE o.id = s.organisation_id)",
    "ALTER TABLE directory_organisationsearch ADD CONSTRAINT "
    "directory_organisationsearch_organisation_fk FOREIGN KEY (organisation_id) "
    "REFERENCES directory_organisation (id) DEFERRABLE INITIALLY DEFERRED",
    """
    CREATE OR REPLACE FUNCTION passeurs_nameword_delete() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      DELETE FROM directory_nameword WHERE organisation_id IN (SELECT id FROM gone);
      RETURN NULL;
    END $$
    """,
    """
    CREATE OR REPLACE FUNCTION passeurs_nameword_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      TRUNCATE directory_nameword;
      RETURN NULL;
    END $$
    """,
    "ALTER TABLE directory_organisation ALTER COLUMN name_key TYPE varchar(255) "
    'COLLATE "default"',
    """
    ALTER TABLE directory_nameword
        ALTER COLUMN word TYPE text COLLATE "default",
        ALTER COLUMN name_key TYPE text COLLATE "default"
    """,
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
        ("core", "0003_default_challenges"),
        ("directory", "0007_name_word_postings"),
    ]

    operations = [
        migrations.AlterField(
            model_name="organisation",
            name="department",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="organisations",
                to="core.department",
                verbose_name="département",
            ),
        ),
        migrations.AlterField(
            model_name="organisation",
            name="region",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="organisations",
                to="core.region",
                verbose_name="région",
            ),
        ),
        # SQLite keeps its constraint: altering it there would rebuild the table and lose
        # the FTS5 triggers of migration 0003 (and SQLite is not the bulk-load database).
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="organisationsearch",
                    name="organisation",
                    field=models.OneToOneField(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="search",
                        serialize=False,
                        to="directory.organisation",
                    ),
                ),
            ],
        ),
        migrations.RunPython(install, uninstall),
    ]
