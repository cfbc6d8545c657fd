"""Imports of the open registries into the directory, on PostgreSQL and on SQLite.

PostgreSQL: Python parses and checks the lines (in worker processes for a large import)
and `COPY` takes the accepted ones into a temporary table; the lines that are not newer
than their structure are set aside, one statement merges the others into the
organisations, and what changed is indexed, all in one transaction. SQLite: Python parses
the same lines with the same rules and writes them in batches. Either way a run is
idempotent (rows whose registry date has not moved are left alone and counted as
unchanged) and resumable (a killed run leaves either nothing, on PostgreSQL, or whole
batches, on SQLite; running it again ends with exactly the same rows).

The package, by source: `common` (the summary, the rejected lines, the stages' timing, the
lock on the directory, the search index's refresh, the VACUUM after a large import),
`rna` (waldec files) and `sirene` (the ESS units of the SIRENE stock); the line rules are
`opendata.rna`'s and `opendata.sirene`'s. Callers use the names below. The constants and
helpers are not re-exported: a test patches one in the module that reads it
(`importer.rna.BATCH`, `importer.common.BULK_ROWS`), and a patch of this package fails
instead of changing nothing.
"""

from passeurs.directory.opendata.importer.common import Rejects, Summary
from passeurs.directory.opendata.importer.rna import import_rna
from passeurs.directory.opendata.importer.sirene import import_sirene

__all__ = ["Rejects", "Summary", "import_rna", "import_sirene"]
