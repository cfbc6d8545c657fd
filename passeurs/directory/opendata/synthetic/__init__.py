"""Synthetic RNA (waldec) and SIRENE (StockUniteLegale) files for tests and benchmarks.

Pure Python, no Django: `passeurs generate` drives it, tests call it directly. Everything is
deterministic for a seed (one `random.Random` per file, seeded with a string: string seeds go
through SHA-512, so the bytes do not depend on PYTHONHASHSEED) and streamed: the generators
yield one row (a list of strings) at a time and the writers write them as they come.

The rows imitate the real files, quirks included (see /work/shared/data/README.md): RNA ids
whose prefix is the prefecture's code (`W751…`, `W2A1…`, `W9T1…`), `date_disso` at
`0001-01-01`, `titre_court` cut with `...`, `objet` cut mid-word, Latin-1 and UTF-8 files,
`[ND]` in the private fields of SIRENE units that are not fully public. A share of rows is
deliberately invalid, one defect each (`RNA_INVALID_KINDS`, `SIRENE_INVALID_KINDS`), so that
an importer's error report can be checked; `labelled_rna_rows` / `labelled_sirene_rows` say
which rows and which defect.

The parts, by topic (this package re-exports the public names; the private ones stay in
their module):

- `common`: headers, invalid kinds, departments and RNA ids, Luhn, dates and clocks, text
  helpers (accents, the Latin-1 fallback, acronyms, slugs), used by both kinds of rows;
- `vocabulary`: word lists, themes and their template slots, communes, neighbourhoods;
- `rna`: RNA rows (`labelled_rna_rows`, `rna_rows`), their address and date pools, defects;
- `sirene`: SIRENE rows (`labelled_sirene_rows`, `sirene_rows`), defects;
- `files`: RNA ids read back from waldec files or their zip, and the writers (`write_rna`,
  `write_sirene`).
"""

from passeurs.directory.opendata.synthetic.common import (
    DEPARTMENTS,
    ENCODINGS,
    EXTRACT_DATE,
    RNA_HEADER,
    RNA_ID_RE,
    RNA_INVALID_KINDS,
    SIRENE_HEADER,
    SIRENE_INVALID_KINDS,
    file_encodings,
    luhn_check_digit,
    luhn_valid,
    normalize_department,
    rna_filename,
    rna_id,
    rna_zip_filename,
    split_rows,
)
from passeurs.directory.opendata.synthetic.files import (
    read_rna_ids,
    sample_ids,
    write_rna,
    write_sirene,
)
from passeurs.directory.opendata.synthetic.rna import labelled_rna_rows, rna_rows
from passeurs.directory.opendata.synthetic.sirene import (
    labelled_sirene_rows,
    sirene_ids_needed,
    sirene_rows,
)

__all__ = [
    "DEPARTMENTS",
    "ENCODINGS",
    "EXTRACT_DATE",
    "RNA_HEADER",
    "RNA_ID_RE",
    "RNA_INVALID_KINDS",
    "SIRENE_HEADER",
    "SIRENE_INVALID_KINDS",
    "file_encodings",
    "labelled_rna_rows",
    "labelled_sirene_rows",
    "luhn_check_digit",
    "luhn_valid",
    "normalize_department",
    "read_rna_ids",
    "rna_filename",
    "rna_id",
    "rna_rows",
    "rna_zip_filename",
    "sample_ids",
    "sirene_ids_needed",
    "sirene_rows",
    "split_rows",
    "write_rna",
    "write_sirene",
]
