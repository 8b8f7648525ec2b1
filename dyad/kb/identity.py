"""When two actors found in different articles are the same actor: the rules of the knowledge base.

"Sergey Lavrov" in one article and "Sergey Lavrov" in another are one person;
"Lavrov" alone joins him only when the knowledge base knows exactly one person
of that surname who fits (same country); two different people who share a
surname ("Kim Jong Un", "Kim Yo Jong") are never merged by surname. Countries
and groups ("Russia military") are identified by their code. Anonymous
sources are never merged: "a source" in two articles is not one person.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from dyad.model import Actor

_TITLE_WORDS = {"mr", "mrs", "ms", "dr", "sir", "president", "minister", "gen", "general", "prof"}


def normalize_name(name: str) -> str:
    """Case-, accent- and punctuation-insensitive form of a name, honorifics dropped ("Mr. Lavrov" -> "lavrov")."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    text = re.sub(r"[’'`]s\b", "", text)
    words = [w for w in re.split(r"[^\w]+", text) if w]
    while len(words) > 1 and words[0] in _TITLE_WORDS:
        words.pop(0)
    if words and words[0] == "the":
        words.pop(0)
    return " ".join(words)


@dataclass(frozen=True)
class Candidate:
    """A knowledge-base actor that might be the same as an article's actor."""

    kb_id: str
    name: str
    kind: str
    country: str | None
    single_token_alias: bool  # matched through a one-word alias only


def identity_key(actor: Actor) -> str | None:
    """A key under which this actor is the same everywhere, when its code alone identifies it.

    Countries and unnamed groups ("Russia government") are identified by code; people, organisations and
    media by name (None here: they are matched with `choose`).
    """
    if actor.anonymous:
        return None
    if actor.kind in ("country", "group") and actor.code and actor.country:
        return f"{actor.kind}:{actor.code}"
    return None  # "the government" of an unknown country is not the same group everywhere


def lookup_names(actor: Actor) -> list[str]:
    """The normalised names to look an actor up by: its name, then its aliases (fullest first)."""
    names = [actor.name, *sorted(actor.aliases, key=len, reverse=True)]
    seen: list[str] = []
    for n in names:
        key = normalize_name(n)
        if key and key not in seen:
            seen.append(key)
    return seen


def compatible(actor: Actor, candidate: Candidate) -> bool:
    """Same kind of actor, and no conflicting country."""
    if candidate.kind != actor.kind and not {candidate.kind, actor.kind} <= {"organization", "media"}:
        return False
    return actor.country is None or candidate.country is None or actor.country == candidate.country


def choose(actor: Actor, candidates: list[Candidate]) -> str | None:
    """The knowledge-base id this actor belongs to, or None when it is new (or ambiguous).

    A full-name match wins; a match through a one-word name counts only when it is the only compatible one
    (a surname shared by two known people decides nothing).
    """
    if actor.anonymous:
        return None
    fitting = [c for c in candidates if compatible(actor, c)]
    full = [c for c in fitting if not c.single_token_alias]
    if full:
        return sorted(full, key=lambda c: c.kb_id)[0].kb_id
    if actor.kind == "person" and len(normalize_name(actor.name).split()) > 1:
        return None  # a full name that matches only someone's surname is someone else
    distinct = {c.kb_id for c in fitting}
    return next(iter(distinct)) if len(distinct) == 1 else None
