"""Load the 18 regions and 101 departments shipped in core/data (official INSEE codes)."""

from django.db import migrations

from passeurs.core.territories import read_departments, read_regions


def load(apps, schema_editor):
    Region = apps.get_model("core", "Region")
    Department = apps.get_model("core", "Department")
    regions = {}
    for row in read_regions():
        region, _ = Region.objects.update_or_create(
            code=row["code"], defaults={"name": row["name"], "slug": row["slug"]}
        )
        regions[row["code"]] = region
    for row in read_departments():
        Department.objects.update_or_create(
            code=row["code"],
            defaults={"name": row["name"], "slug": row["slug"], "region": regions[row["region"]]},
        )


def unload(apps, schema_editor):
    apps.get_model("core", "Department").objects.all().delete()
    apps.get_model("core", "Region").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("core", "0001_territories_and_challenges")]
    operations = [migrations.RunPython(load, unload)]
