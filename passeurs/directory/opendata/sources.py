"""Open-data files as streams of bytes: folders, .zip archives, encodings, line numbers.

Nothing here holds a whole file in memory: every reader works block by block, so a
gigabyte file costs a few megabytes.
"""

import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

BLOCK = 1 << 20  # 1 MiB


class SourceError(Exception):
    """A file that cannot be read at all (missing, not CSV, wrong header)."""


@dataclass(frozen=True)
class Source:
    """One CSV file, on disk or inside a zip archive."""

    path: Path
    member: str | None = None

    @property
    def name(self) -> str:
        return f"{self.path.name}:{self.member}" if self.member else self.path.name

    @property
    def size(self) -> int:
        if self.member:
            with zipfile.ZipFile(self.path) as archive:
                return archive.getinfo(self.member).file_size
        return self.path.stat().st_size

    def open(self) -> io.BufferedIOBase:
        if self.member:
            archive = zipfile.ZipFile(self.path)
            return archive.open(self.member)
        return open(self.path, "rb")


def expand(paths, *, suffix: str = ".csv") -> list[Source]:
    """The CSV files named: files themselves, the CSV files of folders and of zip archives."""
    sources = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            sources.extend(expand(sorted(path.iterdir()), suffix=suffix))
        elif not path.exists():
            raise SourceError(f"Fichier introuvable : {path}")
        elif zipfile.is_zipfile(path):
            with zipfile.ZipFile(path) as archive:
                members = sorted(
                    info.filename
                    for info in archive.infolist()
                    if not info.is_dir() and info.filename.lower().endswith(suffix)
                )
            if not members:
                raise SourceError(f"Aucun fichier {suffix} dans l’archive {path.name}.")
            sources.extend(Source(path, member) for member in members)
        elif path.suffix.lower() in (suffix, ".txt"):
            sources.append(Source(path))
    if not sources:
        raise SourceError("Aucun fichier à importer.")
    return sources


@dataclass(frozen=True)
class Encoding:
    """What a file is written in: UTF-8, Latin-1, or UTF-8 with some Latin-1 lines."""

    name: str  # "utf-8" or "latin-1"
    repaired_lines: int = 0  # lines of a UTF-8 file that only decode as Latin-1

    @property
    def label(self) -> str:
        if self.name == "latin-1":
            return "Latin-1"
        if self.repaired_lines:
            return f"UTF-8 ({self.repaired_lines} ligne(s) en Latin-1)"
        return "UTF-8"


def detect_encoding(source: Source) -> Encoding:
    """Read the whole file once: UTF-8 if every line decodes, else the majority's encoding.

    A file where most non-ASCII lines are valid UTF-8 is UTF-8 with a few stray Latin-1
    lines (decoded line by line); otherwise it is Latin-1, where every byte is a character.
    """
    utf8_lines = latin1_lines = 0
    tail = b""
    with source.open() as stream:
        while block := stream.read(BLOCK):
            block = tail + block
            cut = block.rfind(b"\n") + 1
            if cut == 0:
                tail = block
                continue
            tail = block[cut:]
            utf8, latin1 = _count_lines(block[:cut])
            utf8_lines += utf8
            latin1_lines += latin1
        if tail:
            utf8, latin1 = _count_lines(tail)
            utf8_lines += utf8
            latin1_lines += latin1
    if latin1_lines == 0:
        return Encoding("utf-8")
    if utf8_lines > latin1_lines:
        return Encoding("utf-8", repaired_lines=latin1_lines)
    return Encoding("latin-1")


def _count_lines(chunk: bytes) -> tuple[int, int]:
    """(non-ASCII lines valid in UTF-8, lines invalid in UTF-8) of whole lines."""
    try:
        chunk.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        return (0 if chunk.isascii() else 1), 0
    utf8 = latin1 = 0
    for line in chunk.split(b"\n"):
        if line.isascii():
            continue
        try:
            line.decode("utf-8")
        except UnicodeDecodeError:
            latin1 += 1
        else:
            utf8 += 1
    return utf8, latin1


def utf8_blocks(source: Source, encoding: Encoding, *, skip_header: bool = True) -> Iterator[bytes]:
    """The file's lines as UTF-8 bytes, in blocks of whole lines, header dropped.

    Carriage returns and NUL bytes, which PostgreSQL's COPY refuses, are removed.
    """
    tail = b""
    first = skip_header
    with source.open() as stream:
        while True:
            block = stream.read(BLOCK)
            data = tail + block
            if not block:
                cut = len(data)
            else:
                cut = data.rfind(b"\n") + 1
                if cut == 0:
                    tail = data
                    continue
            tail = data[cut:]
            chunk = data[:cut]
            if first:
                newline = chunk.find(b"\n")
                chunk = b"" if newline < 0 else chunk[newline + 1 :]
                first = False
            if chunk:
                yield _to_utf8(chunk, encoding).replace(b"\r", b"").replace(b"\x00", b"")
            if not block:
                return


def text_lines(source: Source, encoding: Encoding, progress) -> Iterator[tuple[int, str]]:
    """(line number, text) of each line after the header; `progress` follows the blocks."""
    line = 1
    for block in utf8_blocks(source, encoding):
        text = block.decode("utf-8")
        parts = text.split("\n")
        if text.endswith("\n"):
            parts.pop()
        for raw in parts:
            line += 1
            yield line, raw
        progress.advance(bytes_read=len(block), rows=len(parts))


def _to_utf8(chunk: bytes, encoding: Encoding) -> bytes:
    if encoding.name == "latin-1":
        return chunk.decode("latin-1").encode("utf-8")
    try:
        chunk.decode("utf-8")
    except UnicodeDecodeError:
        return b"\n".join(_line_to_utf8(line) for line in chunk.split(b"\n"))
    return chunk


def _line_to_utf8(line: bytes) -> bytes:
    try:
        line.decode("utf-8")
    except UnicodeDecodeError:
        return line.decode("latin-1").encode("utf-8")
    return line


def header_line(source: Source, encoding: Encoding) -> str:
    with source.open() as stream:
        first = stream.readline(1 << 16)
    return first.decode(encoding.name, errors="replace").lstrip("\ufeff").strip()


def header(source: Source, encoding: Encoding, *, delimiter: str) -> list[str]:
    text = header_line(source, encoding)
    return [column.strip().strip('"') for column in text.split(delimiter)]


def check_columns(source: Source, found: list[str], required: list[str]) -> dict[str, int]:
    """Each required column's position in the header (files are read by column name)."""
    positions = {name: index for index, name in enumerate(found)}
    missing = [name for name in required if name not in positions]
    if missing:
        raise SourceError(f"{source.name} : colonnes absentes de l’en-tête : {', '.join(missing)}.")
    return {name: positions[name] for name in required}
