"""How place names are compared: one normal form for the index and for the text.

"St. Louis", "Saint Louis" and "ST LOUIS" must find the same entry, "the
Balkans" must find "Balkans", and "Zürich" must find "Zurich"; the normal form
folds case and accents, drops full stops and a leading article, and spells
out "St." as "saint".
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_SPACES = re.compile(r"\s+")
_ARTICLE = re.compile(r"^(the|la|le|el|al|al-)\s+")
_SAINT = re.compile(r"\b(st|ste|mt|ft)\b")
_EXPANSIONS = {"st": "saint", "ste": "sainte", "mt": "mount", "ft": "fort"}


def fold_accents(text: str) -> str:
    """Drop combining accents: 'Zürich' -> 'Zurich', 'Qué.' -> 'Que.'."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def is_latin(text: str) -> bool:
    """True when every letter is ASCII after folding accents (alternate names in other scripts are skipped)."""
    return all(ord(ch) < 128 for ch in fold_accents(text))


@lru_cache(maxsize=1 << 16)
def normalize_name(name: str) -> str:
    """The index key of a place name: 'the  St. Louis' -> 'saint louis', 'U.S.' -> 'us'."""
    key = fold_accents(name).casefold().replace("’", "'").replace(".", " ").replace("-", " ")
    key = _SPACES.sub(" ", key).strip()
    key = _ARTICLE.sub("", key)
    key = _SAINT.sub(lambda m: _EXPANSIONS[m.group(1)], key)
    # "U S" (from "U.S.") and "US" are the same key.
    if all(len(part) == 1 for part in key.split(" ")):
        key = key.replace(" ", "")
    return key
