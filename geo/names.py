"""Place-name helpers: compare names the way a reader would, whatever their accents or case."""

import re
import unicodedata

_SPACES = re.compile(r"\s+")
_PARENTHESES = re.compile(r"\([^)]*\)")
_SMALL_WORDS = {"de", "del", "la", "las", "los", "y", "el"}


def normalize_name(name: object) -> str:
    """Upper-case ``name`` without accents or repeated spaces, for matching.

    Examples
    --------
    >>> normalize_name("Apurímac")
    'APURIMAC'
    >>> normalize_name("  san   Román ")
    'SAN ROMAN'
    """
    if not isinstance(name, str):
        return ""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return _SPACES.sub(" ", text).strip().upper()


def title_name(name: str) -> str:
    """Readable title case for INEI's upper-case names: ``"MADRE DE DIOS"`` -> ``"Madre de Dios"``."""
    words = name.strip().lower().split()
    return " ".join(w if (i > 0 and w in _SMALL_WORDS) else w[:1].upper() + w[1:] for i, w in enumerate(words))


def place_name(location: object) -> str:
    """The place a location string names, without qualifiers: ``"La Joya (km 48)"`` -> ``"La Joya"``.

    A location that is only a parenthesised qualifier, such as ``"(department-wide)"``, names no
    place and gives ``""``.
    """
    if not isinstance(location, str):
        return ""
    return _SPACES.sub(" ", _PARENTHESES.sub("", location)).strip()
