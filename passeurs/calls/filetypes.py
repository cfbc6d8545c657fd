"""What an uploaded file really is: its extension must match its first bytes.

A small table of the formats a call may accept, with the signature each starts with; zip
formats (OpenDocument, Office Open XML) are opened to find the entry that names them. Pure
Python: no Django, no database.
"""

import io
import zipfile
from dataclasses import dataclass


@dataclass(frozen=True)
class FileType:
    extensions: tuple[str, ...]
    label: str
    magic: tuple[bytes, ...] = ()
    # For zip containers: the entry that must be present, and for OpenDocument the mimetype.
    zip_entry: str = ""
    zip_mimetype: bytes = b""


FILE_TYPES = (
    FileType(("pdf",), "PDF", magic=(b"%PDF-",)),
    FileType(("png",), "PNG", magic=(b"\x89PNG\r\n\x1a\n",)),
    FileType(("jpg", "jpeg"), "JPEG", magic=(b"\xff\xd8\xff",)),
    FileType(
        ("odt",),
        "OpenDocument texte",
        magic=(b"PK\x03\x04",),
        zip_entry="mimetype",
        zip_mimetype=b"application/vnd.oasis.opendocument.text",
    ),
    FileType(
        ("ods",),
        "OpenDocument tableur",
        magic=(b"PK\x03\x04",),
        zip_entry="mimetype",
        zip_mimetype=b"application/vnd.oasis.opendocument.spreadsheet",
    ),
    FileType(
        ("odp",),
        "OpenDocument présentation",
        magic=(b"PK\x03\x04",),
        zip_entry="mimetype",
        zip_mimetype=b"application/vnd.oasis.opendocument.presentation",
    ),
    FileType(("docx",), "Word", magic=(b"PK\x03\x04",), zip_entry="word/document.xml"),
    FileType(("xlsx",), "Excel", magic=(b"PK\x03\x04",), zip_entry="xl/workbook.xml"),
    FileType(("pptx",), "PowerPoint", magic=(b"PK\x03\x04",), zip_entry="ppt/presentation.xml"),
)
BY_EXTENSION = {extension: kind for kind in FILE_TYPES for extension in kind.extensions}
KNOWN_EXTENSIONS = tuple(BY_EXTENSION)
# What a file question accepts when the coordinator lists nothing.
DEFAULT_EXTENSIONS = ("pdf", "odt", "docx")
HEAD_SIZE = 16


def extension_of(name: str) -> str:
    _stem, dot, extension = name.rpartition(".")
    return extension.lower() if dot else ""


def _zip_matches(kind: FileType, data: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            if kind.zip_entry not in names:
                return False
            if kind.zip_mimetype:
                return archive.read(kind.zip_entry).strip() == kind.zip_mimetype
            return True
    except (zipfile.BadZipFile, KeyError, OSError, RuntimeError, ValueError):
        return False


def content_matches(extension: str, data: bytes) -> bool:
    """Whether `data` (the whole file) is what `extension` says it is."""
    kind = BY_EXTENSION.get(extension)
    if kind is None:
        return False
    if not any(data.startswith(magic) for magic in kind.magic):
        return False
    if kind.zip_entry:
        return _zip_matches(kind, data)
    return True
