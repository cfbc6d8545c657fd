"""The files: RNA ids read back from waldec files, and the RNA and SIRENE writers.

Part of `passeurs.directory.opendata.synthetic` (see its docstring).
"""

from __future__ import annotations

import csv
import io
import random
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from datetime import date
from pathlib import Path

from passeurs.directory.opendata.synthetic.common import (
    _DEPARTMENT_SET,
    _LATIN1_ERRORS,
    EXTRACT_DATE,
    RNA_HEADER,
    RNA_ID_RE,
    SIRENE_HEADER,
    file_encodings,
    normalize_department,
    rna_filename,
    rna_zip_filename,
    split_rows,
)
from passeurs.directory.opendata.synthetic.rna import rna_rows
from passeurs.directory.opendata.synthetic.sirene import sirene_ids_needed, sirene_rows

# --------------------------------------------------------------------------------------------
# Reading RNA ids back (for --associations-from)
# --------------------------------------------------------------------------------------------


def read_rna_ids(source: str | Path) -> Iterator[str]:
    """The well-formed ids of the waldec files in a folder or a zip, in file-name order.

    Ids are ASCII, so the files' encoding (UTF-8 or Latin-1) does not matter.
    """
    source = Path(source)
    if source.is_dir():
        for path in sorted(source.glob("*.csv")):
            with open(path, "rb") as handle:
                yield from _ids_of(handle)
    elif zipfile.is_zipfile(source):
        with zipfile.ZipFile(source) as archive:
            for name in sorted(archive.namelist()):
                if name.lower().endswith(".csv"):
                    with archive.open(name) as handle:
                        yield from _ids_of(handle)
    else:
        raise ValueError(f"Neither a folder nor a zip file: {source}")


def _ids_of(handle) -> Iterator[str]:
    lines = iter(handle)
    next(lines, None)  # header
    for line in lines:
        candidate = line.split(b";", 1)[0].decode("latin-1")
        if RNA_ID_RE.match(candidate):
            yield candidate


def sample_ids(ids: Iterable[str], limit: int, seed: int = 2026) -> list[str]:
    """Up to `limit` distinct ids drawn uniformly from `ids` (reservoir), in a shuffled order."""
    rng = random.Random(f"sample:{seed}")
    reservoir: list[str] = []
    seen: set[str] = set()
    distinct = 0
    for candidate in ids:
        if candidate in seen:
            continue
        distinct += 1
        if len(reservoir) < limit:
            reservoir.append(candidate)
            seen.add(candidate)
        else:
            slot = rng.randrange(distinct)
            if slot < limit:
                seen.discard(reservoir[slot])
                reservoir[slot] = candidate
                seen.add(candidate)
    rng.shuffle(reservoir)
    return reservoir


# --------------------------------------------------------------------------------------------
# Writers
# --------------------------------------------------------------------------------------------

_BATCH = 1024


def _write_rna_text(stream: io.TextIOBase, rows: Iterable[list[str]]) -> None:
    """Header then rows, `;`-joined, unquoted, `\\n`-terminated, a batch of lines at a time."""
    stream.write(";".join(RNA_HEADER) + "\n")
    batch: list[str] = []
    append = batch.append
    for row in rows:
        append(";".join(row))
        if len(batch) >= _BATCH:
            batch.append("")
            stream.write("\n".join(batch))
            batch.clear()
    if batch:
        batch.append("")
        stream.write("\n".join(batch))


def _rna_text_stream(raw: io.BufferedIOBase, encoding: str) -> io.TextIOWrapper:
    # Latin-1 files spell what Latin-1 lacks (`œ`, `’`…) as French files do without it.
    errors = _LATIN1_ERRORS if encoding == "latin-1" else "strict"
    return io.TextIOWrapper(raw, encoding=encoding, errors=errors, newline="\n")


def write_rna(
    folder: str | Path,
    rows: int,
    departments: Sequence[str],
    seed: int = 2026,
    invalid_share: float = 0.01,
    encoding: str = "mixed",
    as_zip: bool = False,
    extract_date: date = EXTRACT_DATE,
) -> list[Path]:
    """Write `rows` waldec rows split over one file per department; the paths written.

    With `as_zip`, the department files go into one `rna_waldec_YYYYMMDD.zip` (deflated, with
    fixed timestamps so that the archive is byte-for-byte reproducible).
    """
    folder = Path(folder)
    departments = [normalize_department(code) or code for code in departments]
    unknown = [code for code in departments if code not in _DEPARTMENT_SET]
    if unknown:
        raise ValueError(f"Unknown department: {unknown[0]}")
    if len(set(departments)) != len(departments):
        raise ValueError("Each department may be given only once.")
    counts = split_rows(rows, len(departments))
    encodings = file_encodings(len(departments), encoding)
    jobs = list(zip(departments, counts, encodings, strict=True))
    folder.mkdir(parents=True, exist_ok=True)

    if as_zip:
        path = folder / rna_zip_filename(extract_date)
        stamp = (extract_date.year, extract_date.month, extract_date.day, 6, 0, 0)
        with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for department, count, file_encoding in jobs:
                info = zipfile.ZipInfo(rna_filename(department, extract_date), date_time=stamp)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = 0o644 << 16
                # Level 1: deflating at the default level would take longer than generating.
                # (`compress_level` is public from Python 3.13, `_compresslevel` before.)
                setattr(
                    info,
                    "compress_level" if hasattr(info, "compress_level") else "_compresslevel",
                    1,
                )
                # Past about 2 GB a member needs ZIP64 headers, which must be asked up front.
                raw = archive.open(info, "w", force_zip64=count > 1_000_000)
                with _rna_text_stream(raw, file_encoding) as stream:
                    _write_rna_text(stream, rna_rows(department, count, seed, invalid_share))
        return [path]

    paths = []
    for department, count, file_encoding in jobs:
        path = folder / rna_filename(department, extract_date)
        raw = open(path, "wb", buffering=1 << 20)  # noqa: SIM115 - closed by the wrapper
        with _rna_text_stream(raw, file_encoding) as stream:
            _write_rna_text(stream, rna_rows(department, count, seed, invalid_share))
        paths.append(path)
    return paths


def write_sirene(
    path: str | Path,
    rows: int,
    seed: int = 2026,
    ess_share: float = 0.1,
    invalid_share: float = 0.01,
    association_ids: Iterable[str] = (),
    associations_from: str | Path | None = None,
) -> Path:
    """Write a StockUniteLegale CSV of `rows` rows (UTF-8, `,`, minimal quoting); its path.

    `associations_from` (a folder of waldec files or their zip) supplies existing RNA ids for
    about half of the ESS associations, sampled deterministically from all the ids found.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    if associations_from is not None:
        association_ids = sample_ids(
            read_rna_ids(associations_from), sirene_ids_needed(rows, ess_share), seed
        )
    with open(path, "w", encoding="utf-8", newline="", buffering=1 << 20) as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(SIRENE_HEADER)
        writer.writerows(sirene_rows(rows, seed, ess_share, invalid_share, association_ids))
    return path
