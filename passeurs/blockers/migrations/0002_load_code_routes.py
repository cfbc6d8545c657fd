"""Load the shipped code → ministry routing table; coordinators edit it in the admin."""

import csv
from pathlib import Path

from django.db import migrations

ROUTES = Path(__file__).resolve().parent.parent / "data" / "code_routes.csv"


def load(apps, schema_editor):
    from passeurs.blockers.legal.codes import codes_by_slug

    CodeRoute = apps.get_model("blockers", "CodeRoute")
    codes = codes_by_slug()
    with open(ROUTES, encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            code = codes[row["code_slug"]]
            CodeRoute.objects.get_or_create(
                code_slug=row["code_slug"],
                defaults={"code_name": code.name, "ministry_name": row["ministry_name"]},
            )


def unload(apps, schema_editor):
    apps.get_model("blockers", "CodeRoute").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("blockers", "0001_blockers_references_events")]
    operations = [migrations.RunPython(load, unload)]
