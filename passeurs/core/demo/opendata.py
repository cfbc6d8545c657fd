"""Demo structures from the open registries: real RNA lines and synthetic files, imported.

Four real waldec lines (Mayotte associations, public open data) and synthetic RNA and
SIRENE files written with a fixed seed, then imported exactly as production imports them:
a second run finds every line unchanged.
"""

import tempfile
from pathlib import Path

from passeurs.directory.opendata import importer
from passeurs.directory.opendata.synthetic import write_rna, write_sirene

SAMPLE = Path(__file__).resolve().parents[2] / "directory" / "opendata" / "samples"


def load_open_data(tally) -> None:
    with tempfile.TemporaryDirectory(prefix="passeurs-demo-") as folder:
        folder = Path(folder)
        files = [
            SAMPLE / "rna_waldec_mayotte.csv",
            *write_rna(folder / "rna", rows=300, departments=["69", "13", "35"], seed=2026),
        ]
        rna = importer.import_rna(files)
        numbers = [line.split(";", 1)[0] for line in _lines(files[1:])]
        stock = write_sirene(
            folder / "StockUniteLegale.csv",
            rows=600,
            seed=2026,
            ess_share=0.3,
            association_ids=numbers,
        )
        sirene = importer.import_sirene([stock])
    tally.created += rna.created + sirene.created
    tally.existing += rna.unchanged + sirene.unchanged + rna.updated + sirene.updated


def _lines(files):
    for path in files:
        with open(path, encoding="latin-1") as stream:
            next(stream)
            yield from stream
