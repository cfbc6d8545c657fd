"""The starting list of social challenges; coordinators add more from the admin."""

from django.db import migrations

from passeurs.core.territories import DEFAULT_CHALLENGES


def load(apps, schema_editor):
    Challenge = apps.get_model("core", "Challenge")
    for position, (slug, name) in enumerate(DEFAULT_CHALLENGES, start=1):
        Challenge.objects.get_or_create(slug=slug, defaults={"name": name, "position": position})


def unload(apps, schema_editor):
    slugs = [slug for slug, _name in DEFAULT_CHALLENGES]
    apps.get_model("core", "Challenge").objects.filter(slug__in=slugs).delete()


class Migration(migrations.Migration):
    dependencies = [("core", "0002_load_territories")]
    operations = [migrations.RunPython(load, unload)]
