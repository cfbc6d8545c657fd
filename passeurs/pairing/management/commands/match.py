"""`passeurs match solve FILE` / `passeurs match generate --n N --seed S`: the pure solver's CLI.

Thin on purpose: the parsing, solving and printing live in passeurs.matching.orlib.
"""

from django.core.management.base import BaseCommand, CommandError

from passeurs.matching import orlib


class Command(BaseCommand):
    help = "Solve or generate OR-Library assignment instances (the matching solver)."

    def add_arguments(self, parser):
        orlib.configure_parser(parser)

    def handle(self, *args, **options):
        try:
            orlib.run(options["action"], options, self.stdout)
        except orlib.OrlibError as error:
            raise CommandError(str(error), returncode=2) from None
