"""French legal citations: parsing, normalised keys and canonical formatting."""

from passeurs.blockers.legal.parser import (
    Kind,
    Reference,
    format_reference,
    normalise_article,
    normalise_key,
    parse,
)

__all__ = ["Kind", "Reference", "format_reference", "normalise_article", "normalise_key", "parse"]
