"""The shipped territory tables (regions and departments with their INSEE codes)."""

import csv
from pathlib import Path

from django.utils.text import slugify

DATA_DIR = Path(__file__).resolve().parent / "data"


def read_regions() -> list[dict]:
    with open(DATA_DIR / "regions.csv", encoding="utf-8", newline="") as handle:
        return [{**row, "slug": slugify(row["name"])} for row in csv.DictReader(handle)]


def read_departments() -> list[dict]:
    with open(DATA_DIR / "departments.csv", encoding="utf-8", newline="") as handle:
        return [{**row, "slug": slugify(row["name"])} for row in csv.DictReader(handle)]


DEFAULT_CHALLENGES = [
    ("inclusion", "Inclusion"),
    ("education", "Éducation"),
    ("transition-ecologique", "Transition écologique"),
    ("lien-intergenerationnel-autonomie", "Lien intergénérationnel et autonomie"),
    ("cohesion-territoires-ruralite", "Cohésion des territoires et ruralité"),
    ("sante", "Santé"),
    ("emploi", "Emploi"),
    ("alimentation-durable", "Alimentation durable"),
    ("numerique", "Numérique"),
    ("culture", "Culture"),
]
