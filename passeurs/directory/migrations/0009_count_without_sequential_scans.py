"""PostgreSQL: the search's bounded counts planned without a sequential scan.

"How many matches, up to 1,001?" is a `LIMIT` over the search table, and for a frequent word
(64,000 documents of 1.5 M) the planner expects a sequential scan to meet 1,001 matches after
a sixtieth of the table. The registries' rows are imported department by department, so a
town's name or a department's lexeme sits in one stretch of the table, and a scan that starts
elsewhere (synchronised scans start where the last one stopped) reads most of it: 250-300 ms
instead of the 10-20 ms of the GIN index. `passeurs_count_upto` runs such a count with
sequential scans disabled for that statement only (a function's own `SET`), planned for the
actual values (`EXECUTE ... USING`), unless the planner expects matches in more than 15 % of
the documents ("organiser", a third of them): then a scan is the faster way, wherever it
starts. The statement comes from `search.postgres.match_sql`
(constant SQL, the lexemes as parameters $1..$4).
"""

from django.db import migrations

# Frozen here: later changes to the search code must not change what this migration did.
# `%%` for Django's schema editor, which formats the statement.
POSTGRES = """
    CREATE OR REPLACE FUNCTION passeurs_count_upto(
        statement text, upto integer, params text[], trusted_above integer DEFAULT NULL
    ) RETURNS integer LANGUAGE plpgsql VOLATILE SET enable_seqscan = off AS $$
    DECLARE
      found integer;
      plan json;
      total float8;
      expected float8;
    BEGIN
      -- A word in more than 15 %% of the documents is everywhere: a scan meets `upto` of
      -- them at once, sooner than the index lists them all. (A town, the most clustered
      -- kind of word, is never that much of the country.)
      SELECT reltuples INTO total FROM pg_class
      WHERE oid = 'directory_organisationsearch'::regclass;
      IF total > 0 THEN
        EXECUTE 'EXPLAIN (FORMAT JSON) ' || statement INTO plan
          USING params[1], params[2], params[3], params[4];
        expected := (plan->0->'Plan'->>'Plan Rows')::float8;
        -- The caller knows when the estimate is reliable (one word, whose frequency the
        -- statistics keep): far above `upto`, there is nothing to count.
        IF expected > trusted_above THEN
          RETURN upto;
        END IF;
        IF expected > 0.15 * total THEN
          PERFORM set_config('enable_seqscan', 'on', true);
        END IF;
      END IF;
      EXECUTE format('SELECT count(*) FROM (%%s LIMIT %%s) matches', statement, upto)
        INTO found USING params[1], params[2], params[3], params[4];
      RETURN found;
    END $$
"""


def install(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(POSTGRES)


def uninstall(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP FUNCTION IF EXISTS passeurs_count_upto")


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0008_bulk_load_without_row_checks"),
    ]

    operations = [
        migrations.RunPython(install, uninstall),
    ]
