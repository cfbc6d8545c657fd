"""`passeurs import rna PATH...` and `passeurs import sirene PATH`: the open registries."""

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext_lazy

from passeurs.directory.opendata import importer, rna, sirene
from passeurs.directory.opendata.progress import Progress
from passeurs.directory.opendata.sources import SourceError


def _number(value: int) -> str:
    return f"{value:,}".replace(",", "\u202f")


def _counted(text, count: int) -> str:
    """An `ngettext_lazy(..., "n")` with its count: agreed, thin spaces in thousands."""
    return text % {"n": count, "count": _number(count)}


LINES = ngettext_lazy("%(count)s ligne", "%(count)s lignes", "n")
READ = ngettext_lazy("%(count)s ligne lue", "%(count)s lignes lues", "n")
OUTCOMES = {
    "created": ngettext_lazy("%(count)s créée", "%(count)s créées", "n"),
    "updated": ngettext_lazy("%(count)s mise à jour", "%(count)s mises à jour", "n"),
    "unchanged": ngettext_lazy("%(count)s inchangée", "%(count)s inchangées", "n"),
    "rejected": ngettext_lazy("%(count)s rejetée", "%(count)s rejetées", "n"),
}
# The importer's stages, as the summary names them.
STAGES = {
    "copy": gettext_lazy("copie"),
    "merge": gettext_lazy("fusion"),
    "index": gettext_lazy("index de recherche"),
    "vacuum": gettext_lazy("nettoyage"),
    "load": gettext_lazy("chargement"),
}


class Command(BaseCommand):
    help = _("Importe le RNA (fichiers waldec) ou le stock SIRENE des unités légales de l’ESS.")

    def add_arguments(self, parser):
        commands = parser.add_subparsers(dest="registry", required=True)
        for name, help_text in (
            ("rna", _("fichiers waldec (.csv), dossiers ou archives .zip")),
            ("sirene", _("fichier StockUniteLegale (.csv) ou son archive .zip")),
        ):
            sub = commands.add_parser(name, help=help_text)
            sub.add_argument("paths", nargs="+", metavar="PATH")
            sub.add_argument(
                "--rejects",
                metavar="FICHIER",
                help=_("fichier des lignes rejetées (par défaut : rejets-<registre>-<date>.csv)"),
            )

    def handle(self, *args, registry, paths, rejects=None, **options):
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
        rejects_path = Path(rejects or f"rejets-{registry}-{stamp}.csv")
        progress = Progress(self.stdout._out)
        run = importer.import_rna if registry == "rna" else importer.import_sirene
        started = time.perf_counter()
        try:
            summary = run(paths, rejects_path=rejects_path, progress=progress)
        except SourceError as error:
            raise CommandError(str(error)) from error
        elapsed = time.perf_counter() - started
        self.stdout.write("")
        for name, encoding, lines in summary.files:
            self.stdout.write(
                _("%(name)s : %(lines)s, %(encoding)s")
                % {"name": name, "lines": _counted(LINES, lines), "encoding": encoding}
            )
        counts = {
            "created": summary.created,
            "updated": summary.updated,
            "unchanged": summary.unchanged,
            "rejected": sum(summary.rejected.values()),
        }
        self.stdout.write(
            _("%(read)s en %(seconds).1f s (%(rate)s lignes/s) : %(outcome)s.")
            % {
                "read": _counted(READ, summary.lines),
                "seconds": elapsed,
                "rate": _number(int(summary.lines / max(elapsed, 1e-6))),
                "outcome": ", ".join(
                    _counted(text, counts[name]) for name, text in OUTCOMES.items()
                ),
            }
        )
        if not summary.changed:
            self.stdout.write(_("Rien n’a changé : l’annuaire était déjà à jour."))
        reasons = rna.REASONS if registry == "rna" else sirene.REASONS
        for reason, count in summary.rejected.most_common():
            self.stdout.write(f"  - {reasons.get(reason, reason)} : {_number(count)}")
        if summary.rejects_path:
            self.stdout.write(
                _("Lignes rejetées, avec leur numéro et le motif : %(path)s")
                % {"path": summary.rejects_path}
            )
        stages = ", ".join(
            f"{STAGES.get(name, name)} {seconds:.1f} s" for name, seconds in summary.stages.items()
        )
        self.stdout.write(_("Étapes : %(stages)s") % {"stages": stages})
