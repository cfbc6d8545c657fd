"""`passeurs generate rna|sirene`: synthetic open-data files for tests and benchmarks.

    passeurs generate rna --rows N --departments 75,13,2A,974 --out DIR [--seed 2026]
        [--invalid 0.01] [--encoding utf-8|latin-1|mixed] [--zip]
    passeurs generate sirene --rows N --out FILE [--seed 2026] [--ess-share 0.1]
        [--invalid 0.01] [--associations-from DIR_OR_ZIP]

Thin on purpose: the rows and the files come from passeurs.directory.opendata.synthetic.
"""

import time
import zipfile
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from passeurs.directory.opendata import synthetic


class Command(BaseCommand):
    # A plain string: argparse cannot format a lazy translation.
    help = (
        "Génère des fichiers open data synthétiques (RNA waldec, SIRENE StockUniteLegale) "
        "pour les tests et les mesures de performance."
    )

    def add_arguments(self, parser):
        datasets = parser.add_subparsers(dest="dataset", required=True, metavar="JEU")

        rna = datasets.add_parser(
            "rna", help=_("Fichiers waldec du RNA, un par département (rna_waldec_…_dpt_XX.csv).")
        )
        rna.add_argument("--rows", type=int, required=True, help=_("Nombre total de lignes."))
        rna.add_argument(
            "--departments",
            required=True,
            help=_("Codes des départements séparés par des virgules, par exemple 75,13,2A,974."),
        )
        rna.add_argument("--out", required=True, help=_("Dossier où écrire les fichiers."))
        rna.add_argument(
            "--encoding",
            choices=synthetic.ENCODINGS,
            default="mixed",
            help=_("Encodage des fichiers ; « mixed » alterne UTF-8 et Latin-1 (par défaut)."),
        )
        rna.add_argument(
            "--zip",
            action="store_true",
            help=_("Écrire les fichiers dans une seule archive rna_waldec_….zip."),
        )
        self._common_arguments(rna)

        sirene = datasets.add_parser(
            "sirene", help=_("Un fichier StockUniteLegale de SIRENE (CSV, UTF-8).")
        )
        sirene.add_argument("--rows", type=int, required=True, help=_("Nombre de lignes."))
        sirene.add_argument("--out", required=True, help=_("Fichier à écrire."))
        sirene.add_argument(
            "--ess-share",
            type=float,
            default=0.1,
            help=_(
                "Part des unités de l’économie sociale et solidaire "
                "(nombre décimal avec un point, 0.1 par défaut)."
            ),
        )
        sirene.add_argument(
            "--associations-from",
            metavar="DOSSIER_OU_ZIP",
            help=_(
                "Dossier de fichiers waldec ou leur archive zip : environ la moitié des "
                "associations de l’ESS reprennent leurs identifiants RNA."
            ),
        )
        self._common_arguments(sirene)

    @staticmethod
    def _common_arguments(parser):
        parser.add_argument(
            "--seed", type=int, default=2026, help=_("Graine du tirage (2026 par défaut).")
        )
        parser.add_argument(
            "--invalid",
            type=float,
            default=0.01,
            help=_(
                "Part des lignes volontairement invalides "
                "(nombre décimal avec un point, 0.01 par défaut)."
            ),
        )

    def handle(self, *args, dataset, **options):
        if options["rows"] < 1:
            raise CommandError(
                _("Le nombre de lignes doit être un entier positif (reçu : %(rows)s).")
                % {"rows": options["rows"]}
            )
        self._check_share(options["invalid"], _("La part de lignes invalides"))
        started = time.perf_counter()
        paths = self._rna(options) if dataset == "rna" else [self._sirene(options)]
        elapsed = time.perf_counter() - started
        rate = options["rows"] / elapsed if elapsed > 0 else 0
        self.stdout.write(
            ngettext(
                "%(rows)s ligne écrite en %(seconds).1f s (%(rate)s lignes/s) :",
                "%(rows)s lignes écrites en %(seconds).1f s (%(rate)s lignes/s) :",
                options["rows"],
            )
            % {"rows": options["rows"], "seconds": elapsed, "rate": round(rate)}
        )
        # Each path alone on its line, for scripts.
        for path in paths:
            self.stdout.write(str(path))

    def _rna(self, options):
        departments = []
        for raw in options["departments"].split(","):
            if not raw.strip():
                continue
            code = synthetic.normalize_department(raw)
            if code is None:
                raise CommandError(_("Département inconnu : %(code)s.") % {"code": raw.strip()})
            if code in departments:
                raise CommandError(_("Département en double : %(code)s.") % {"code": code})
            departments.append(code)
        if not departments:
            raise CommandError(_("Donnez au moins un département, par exemple --departments 75."))
        return synthetic.write_rna(
            options["out"],
            options["rows"],
            departments,
            seed=options["seed"],
            invalid_share=options["invalid"],
            encoding=options["encoding"],
            as_zip=options["zip"],
        )

    def _sirene(self, options):
        self._check_share(options["ess_share"], _("La part des unités de l’ESS"))
        source = options["associations_from"]
        if source is not None:
            source = Path(source)
            if not source.is_dir() and not zipfile.is_zipfile(source):
                raise CommandError(
                    _("« %(path)s » n’est ni un dossier ni une archive zip.") % {"path": source}
                )
            ids = synthetic.read_rna_ids(source)
            first = next(ids, None)
            ids.close()
            if first is None:
                raise CommandError(
                    _("Aucun identifiant RNA trouvé dans « %(path)s ».") % {"path": source}
                )
        return synthetic.write_sirene(
            options["out"],
            options["rows"],
            seed=options["seed"],
            ess_share=options["ess_share"],
            invalid_share=options["invalid"],
            associations_from=source,
        )

    @staticmethod
    def _check_share(value, label):
        if not 0 <= value <= 1:
            raise CommandError(
                _("%(label)s doit être comprise entre 0 et 1 (reçu : %(value)s).")
                % {"label": label, "value": value}
            )
