"""`passeurs demo`: load the demo content (idempotent) and print how to sign in."""

from django.core.management.base import BaseCommand

from passeurs.accounts.models import Role
from passeurs.core.demo import data
from passeurs.core.demo.load import load_demo


class Command(BaseCommand):
    help = (
        "Charge les données de démonstration (structures, projets, personnes, freins). "
        "Idempotent : une seconde exécution ne crée rien."
    )

    def handle(self, *args, **options):
        report = load_demo()
        write = self.stdout.write

        write("Données de démonstration Passeurs")
        for label, tally in report.rows():
            write(f"  {label:<20} {tally.created:>4} créé(s), {tally.existing:>4} déjà présent(s)")
        if report.created:
            write(self.style.SUCCESS(f"{report.created} objet(s) créé(s)."))
        else:
            write(
                self.style.SUCCESS(
                    "Rien de nouveau : les données de démonstration étaient déjà chargées."
                )
            )

        write("")
        write(f"Adresse : {data.DEMO_URL}")
        write("")
        write("Comptes de démonstration :")
        width = max(len(email) for email, _role in data.DEMO_ACCOUNTS)
        write(f"  {'e-mail':<{width}}  rôle")
        for email, role in data.DEMO_ACCOUNTS:
            write(f"  {email:<{width}}  {Role(role).label} ({role})")
        write(f"Mot de passe (commun à tous les comptes de démonstration) : {data.DEMO_PASSWORD}")
