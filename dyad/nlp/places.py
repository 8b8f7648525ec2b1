"""Places: find place names in the text and resolve each to a gazetteer entry, offline.

"Ukrainian troops crossed into the Kursk region, and officials in Moscow and
Washington reacted" gives three places: Kursk Oblast (an ADM1 of Russia),
Moscow (the capital, not Moscow, Idaho) and Washington (the US capital, not
the state, since nothing in the text points to the state); "Ukrainian" is a
demonym mention of Ukraine. A place name used for its government ("Moscow
said") stays a place here; the actors component decides it is also an actor.

Two halves, as in spaCy's own components:

- *finding* (`PlaceFinder.find`): spaCy's GPE, LOC and FAC entities ("Paris,
  Texas" split in two, "the Kursk region" extended by its division word, a
  known name pulled out of an unknown entity: "Northeast Georgia"), NORP
  entities that are demonyms, demonyms and towns heading organisation names
  ("the Georgian Interior Ministry", "the Gainesville Police Department"),
  datelines ("MANSFIELD --"), gazetteer names the NER missed (countries,
  large divisions, regions and large cities, matched case-sensitively by a
  `PhraseMatcher`), and every other mention of a name once it is a place (one
  sense per discourse). Names the text uses for a person ("coach Ripley",
  "Altom said", "Tim and Kristina") are dropped.
- *resolving* (`resolve_toponyms`): every candidate entry of every name is
  scored by population and feature class, then by the article's context —
  a qualifier right after the name ("Paris, Tenn."), countries and states the
  article's other names are read as ("Paris" in a story that names Texas), a
  state and a town that could hold each other ("Albany" ... "Georgia"), other
  small places near one reading, and the outlet's country — re-reading every
  name in the light of the others' readings.
- *writing* (`PlaceComponent.set_annotations`): one `Place` per resolved
  entry, with every span that names it (a demonym's span included).

`place_in_span` lets other components (events) find the place named inside a
stretch of text.
"""

from __future__ import annotations

import json
import math
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc
from spacy.tokens import Span as TokenSpan

from dyad.geo import Gazetteer, GeoEntry, haversine_km, load_gazetteer, normalize_name
from dyad.geo.build import DATA
from dyad.model import Analysis, Place, Span

#: NER labels that name places outright; NORP only when it is a demonym ("Israeli").
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
#: Largest number of gazetteer candidates weighed for one name.
MAX_CANDIDATES = 40
#: Bonus for a reading in (or being) a state that another name's prominent reading is (or lies in),
#: counting each name's PAIRING_CANDIDATES most populous readings.
PAIRED_CONTEXT = 1.0
PAIRING_CANDIDATES = 5
#: Bonus for each other name (up to MAX_CLUSTER_KEYS) with some reading within about one degree.
CLUSTER_CONTEXT = 1.0
MAX_CLUSTER_KEYS = 3
#: How many times every name is re-read in the light of the others' readings.
RESOLUTION_ROUNDS = 3
#: A town this large is taken for a place at the head of an organisation's name without NER support.
NOTABLE_TOWN_POPULATION = 10_000
NOTABLE_MEMO_SIZE = 100_000
#: Places closer than this to another place of the article count as "nearby" (km).
NEARBY_KM = 150.0

# Scoring weights, in units of log10(population): a country name stays a country unless the
# context says otherwise, a capital beats a larger homonymous division, and one piece of
# contextual evidence outweighs about a factor 30 in population.
KIND_PRIOR = {"country": 2.5, "continent": 3.0, "region": 3.0, "admin": 0.5, "city": 0.0}
ADMIN1_PRIOR = 0.5
CAPITAL_PRIOR = 2.5
ALTERNATE_PENALTY = 1.5
COUNTRY_CONTEXT = 1.5
NAMED_COUNTRY_CONTEXT = 2.5
ADMIN1_CONTEXT = 3.0
QUALIFIER_CONTEXT = 6.0
NEARBY_CONTEXT = 1.5
OUTLET_CONTEXT = 1.0

#: A dateline: a town in capitals opening a story, then a dash or its state and an agency or dash
#: ("MANSFIELD -- The council", "COLUMBUS, Ohio (AP) -").
_DATELINE = re.compile(
    r"(?:^|(?<=[\n.!?\"”]\s)|(?<=\n))([A-Z][A-Z.'’-]+(?: [A-Z][A-Z.'’-]+){0,3})"
    r"(?=\s*(?:--|—|–)|,\s+[A-Z][A-Za-z.]+(?:\s[A-Z][A-Za-z.]+)?\s*(?:\(|--|—|–))"
)
_LOCATIVE = re.compile(r"\b(?:in|at|near|outside|inside|across|into|around|from|to)\s+(?:the\s+)?$", re.IGNORECASE)
_TRIM_START = re.compile(r"^(?:the|The)\s+")
_TRIM_END = re.compile(r"(?:'s|’s|'|’)$")


@dataclass
class Toponym:
    """A place name found in the text (before resolution)."""

    start: int
    end: int
    text: str
    demonym: bool = False  # "Russian" in "Russian troops": names the country's people, not a location
    #: "ner"; "inner" (a known name inside an unknown entity); "gazetteer" (a safe name the NER missed);
    #: "weak" (a town's name at the head of an organisation or taken for a person: kept only when the
    #: article's other places support that reading).
    source: str = "ner"
    label: str = "GPE"

    key: str = field(init=False, repr=False)

    def __post_init__(self) -> None:
        # The name's identity within the article: every mention with this key is one place.
        self.key = ("demonym:" if self.demonym else "") + normalize_name(self.text)


@dataclass
class Resolution:
    """The entry chosen for one distinct name, and the candidates it was chosen from."""

    entry: GeoEntry | None
    candidates: list[GeoEntry] = field(default_factory=list)
    score: float = 0.0
    #: The article supports this reading beyond population: a qualifier ("Paris, Texas"), its
    #: first-level division named elsewhere, or another place of the article nearby.
    supported: bool = False


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop a leading article and a trailing possessive: "the United States's" -> "United States"."""
    piece = text[start:end]
    lead = _TRIM_START.match(piece)
    if lead:
        start += lead.end()
    tail = _TRIM_END.search(text[start:end])
    if tail:
        end -= len(tail.group(0))
    return start, end


def outlet_country(
    outlet: str | None, gazetteer: Gazetteer, generic_tlds: frozenset[str], tld_alpha2: dict[str, str] | None = None
) -> str | None:
    """The country of an outlet from its domain's country code: 'www.cbc.ca' -> 'CAN'; None when unknown.

    ``generic_tlds`` are country codes used for their letters (".tv"); ``tld_alpha2`` maps domains
    that differ from the ISO code (".uk" -> "GB").
    """
    if not outlet or "." not in outlet:
        return None
    tld = outlet.rstrip("/").rsplit(".", 1)[-1].casefold()
    if len(tld) != 2 or tld in generic_tlds:
        return None
    alpha2 = (tld_alpha2 or {}).get(tld, tld.upper())
    return gazetteer.alpha3(alpha2)


class PlaceFinder:
    """Finds toponyms in a parsed doc: NER entities plus gazetteer names the NER missed."""

    def __init__(self, nlp: Language, gazetteer: Gazetteer, min_city_population: int = 250_000):
        self.gazetteer = gazetteer
        cues = json.loads((DATA / "cues.json").read_text(encoding="utf-8"))
        self.person_titles = frozenset(cues["person_titles"])
        self.speech_verbs = frozenset(cues["speech_verbs"])
        self.generic_names = frozenset(cues["generic_names"])
        self.place_suffixes = tuple(cues["place_suffixes"])
        terms = json.loads((DATA / "admin_terms.json").read_text(encoding="utf-8"))
        self.division_words = frozenset(terms["generic"])
        self.matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.matchable = frozenset(self._matchable_names(min_city_population))
        self._notable: dict[str, bool] = {}  # memo of _is_notable: organisation heads repeat across articles
        self.matcher.add("PLACE", list(nlp.tokenizer.pipe(sorted(self.matchable))))

    def _matchable_names(self, min_city_population: int) -> set[str]:
        """Surface forms safe to match without NER: capitalised names of large or high-level places.

        Small towns are left to the NER: matched blindly, "Mobile", "Reading" and
        "Independence" would be places in every sentence.
        """
        gaz = self.gazetteer
        wanted = [
            *gaz.indices(kind="country"),
            *gaz.indices(kind="continent"),
            *gaz.indices(kind="region"),
            *gaz.indices(feature_code="ADM1", min_population=1_000_000),
            *gaz.indices(kind="city", min_population=min_city_population),
        ]
        forms = {name for name in map(gaz.name, wanted) if name[:1].isupper() and name.isascii()}
        forms.update(gaz.aliases)
        return forms - self.generic_names

    def find(self, doc: Doc, text: str | None = None) -> list[Toponym]:
        """Toponyms in document order, none overlapping another.

        ``text`` is the doc's text when the caller has it (building ``doc.text`` walks every token).
        """
        text = doc.text if text is None else text
        found: list[Toponym] = []
        taken = bytearray(len(text) + 1)
        persons = bytearray(len(text) + 1)

        def add(start: int, end: int, **kwargs) -> None:
            found.append(Toponym(start, end, text[start:end], **kwargs))
            taken[start:end] = b"\x01" * (end - start)

        ents = doc.ents
        bounds = {(ent.start_char, ent.end_char) for ent in ents}
        for ent in ents:
            if ent.label_ in PLACE_LABELS:
                for start, end in self._split_qualified(text, ent.start_char, ent.end_char):
                    start, end = _trim(text, start, end)
                    if end <= start:
                        continue
                    source = "ner"
                    start, end = self._with_division_word(doc, text, start, end)
                    if text[start:end] not in self.gazetteer:
                        inner = self._inner_name(doc, start, end)
                        if inner is not None:
                            start, end = inner
                            source = "inner"
                        elif ent.label_ == "FAC":
                            # Streets and buildings ("Dublin Road") are not gazetteer places.
                            continue
                    add(start, end, label=ent.label_, source=source)
            elif ent.label_ == "NORP":
                start, end = _trim(text, ent.start_char, ent.end_char)
                if self.gazetteer.demonym(text[start:end]) is not None:
                    add(start, end, demonym=True, label="NORP")
            elif ent.label_ == "PERSON" and len(ent) > 1:
                persons[ent.start_char : ent.end_char] = b"\x01" * (ent.end_char - ent.start_char)
        surnames = {tok.text for ent in ents if ent.label_ == "PERSON" and len(ent) > 1 for tok in ent}
        for ent in ents:
            demonym = self._leading_demonym(ent)
            if demonym is not None and not any(taken[demonym[0] : demonym[1]]):
                add(*demonym, demonym=True, label="NORP")
            elif ent.label_ in ("ORG", "FAC", "PERSON"):
                leading = self._leading_place(ent, surnames)
                if leading is not None and not any(taken[leading[0] : leading[1]]):
                    name = text[leading[0] : leading[1]]
                    strong = (
                        name in self.matchable
                        or name.casefold().endswith(self.place_suffixes)
                        or any(e.kind != "city" for e in self.gazetteer.lookup(name, limit=5) if not e.alternate)
                    )
                    add(*leading, source="gazetteer" if strong else "weak")
        for _match_id, start_tok, end_tok in self.matcher(doc):
            span = doc[start_tok:end_tok]
            self._add_match(doc, text, span.start_char, span.end_char, taken, persons, bounds, add)
        for match in _DATELINE.finditer(text):
            start, end = match.span(1)
            if match.group(1).title() in self.gazetteer:
                self._add_match(doc, text, start, end, taken, persons, bounds, add)
        # One sense per discourse: a name the text uses as a place is a place at its other mentions too,
        # including inside organisation names ("the Gainesville Police Department").
        surfaces = {
            t.text for t in found if t.source not in ("inner", "weak") and not t.demonym and t.text in self.gazetteer
        }
        # A dateline's capitals ("MANSFIELD --") name the town the rest of the article spells normally.
        surfaces |= {surface.title() for surface in surfaces if surface.isupper() and len(surface) > 3}
        if surfaces:
            alternation = "|".join(re.escape(surface) for surface in sorted(surfaces, key=len, reverse=True))
            for match in re.finditer(r"(?<!\w)(?:" + alternation + r")(?!\w)", text):
                self._add_match(doc, text, match.start(), match.end(), taken, persons, bounds, add)
        found.sort(key=lambda t: t.start)
        people = self._person_like_names(doc, found, surnames)
        return [t for t in found if t.text not in people]

    def _person_like_names(self, doc: Doc, found: Sequence[Toponym], surnames: set[str]) -> set[str]:
        """Names the text uses for a person somewhere: after a title ("coach Ripley"), as the speaker of a
        small town's name ("Altom said"), beside a person ("Tim and Kristina"), or as part of a person's
        full name ("Abraham Lincoln ... Lincoln's speech").

        Countries, states and large cities are exempt: "Moscow said" is a metonym, and stays a place.
        """
        people: set[str] = set()
        for toponym in found:
            if toponym.demonym or toponym.text in self.matchable or toponym.text in people:
                continue
            if toponym.text.casefold().endswith(self.place_suffixes):
                continue
            span = doc.char_span(toponym.start, toponym.end)
            if span is None or len(span) != 1:
                continue
            token = span[0]
            before = doc[token.i - 1].lower_.rstrip(".") if token.i > 0 else ""
            speaker = token.dep_ in ("nsubj", "nsubjpass") and token.head.lemma_ in self.speech_verbs
            beside_person = (token.dep_ == "conj" and token.head.ent_type_ == "PERSON") or any(
                child.dep_ == "conj" and child.ent_type_ == "PERSON" for child in token.children
            )
            if before in self.person_titles or speaker or beside_person or token.text in surnames:
                people.add(toponym.text)
        return people

    def _add_match(
        self,
        doc: Doc,
        text: str,
        start: int,
        end: int,
        taken: bytearray,
        persons: bytearray,
        bounds: set[tuple[int, int]],
        add: Callable[..., None],
    ) -> None:
        """Add a gazetteer match unless it overlaps a toponym already found or lies inside a person's name.

        A person entity that is nothing but a place name is an NER mistake ("Georgia" tagged PERSON).
        """
        if any(taken[start:end]):
            return
        if any(persons[start:end]) and (start, end) not in bounds:
            return
        if doc.char_span(start, end) is None:
            return
        start, end = self._with_division_word(doc, text, start, end)
        if any(taken[start:end]):
            return
        add(start, end, source="gazetteer")

    def _with_division_word(self, doc: Doc, text: str, start: int, end: int) -> tuple[int, int]:
        """Extend a name by the word for its kind of division when the NER left it out:
        "the Kursk region" (NER: "Kursk") names the oblast, not the city."""
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None or span.end >= len(doc):
            return start, end
        following = doc[span.end]
        if following.lower_ in self.division_words and following.idx == end + 1:
            extended_end = following.idx + len(following)
            if text[start:extended_end] in self.gazetteer:
                return start, extended_end
        return start, end

    def _leading_demonym(self, ent: TokenSpan) -> tuple[int, int] | None:
        """A demonym at the head of an organisation's name, or just before it: "the American Farm Bureau
        Federation", "the Georgian Interior Ministry" name the United States and Georgia."""
        if ent.label_ not in ("ORG", "FAC"):
            return None
        heads = [ent[1] if len(ent) > 1 and ent[0].lower_ == "the" else ent[0]]
        # The NER often leaves the demonym just outside: "the Georgian [Interior Ministry]".
        if ent.start > 0 and not ent.doc[ent.start - 1].ent_type_:
            heads.append(ent.doc[ent.start - 1])
        for head in heads:
            if head.is_title and head.i < ent.end - 1 and self.gazetteer.demonym(head.text) is not None:
                return head.idx, head.idx + len(head)
        return None

    def _leading_place(self, ent: TokenSpan, surnames: set[str]) -> tuple[int, int] | None:
        """A known town at the head of an organisation's name ("the Gainesville Police Department" -> Gainesville).

        Also a lone name the NER took for a person or organisation ("a Columbia woman"),
        unless the text uses it as part of a person's full name elsewhere ("Andrew Jackson ... Jackson said").
        """
        tokens = [tok for tok in ent if not (tok.i == ent.start and tok.lower_ == "the")]
        if not tokens or (ent.label_ == "PERSON" and len(tokens) > 1):
            return None
        for size in range(min(3, len(tokens)), 0, -1):
            head = tokens[:size]
            if not all(tok.is_title or tok.is_upper for tok in head):
                continue
            name = ent.doc[head[0].i : head[-1].i + 1]
            if size == 1 and head[0].text in surnames:
                return None
            if self._is_notable(name.text):
                return name.start_char, name.end_char
        return None

    def _is_notable(self, name: str) -> bool:
        """A name that, when capitalised, is worth taking for a place without NER support."""
        if name in self.matchable:
            return True
        known = self._notable.get(name)
        if known is None:
            if len(self._notable) >= NOTABLE_MEMO_SIZE:
                # A long run meets ever new organisation names; start the memo afresh rather than grow.
                self._notable.clear()
            known = self._notable[name] = self._has_notable_reading(name)
        return known

    def _has_notable_reading(self, name: str) -> bool:
        return any(
            e.population >= NOTABLE_TOWN_POPULATION or e.kind != "city"
            for e in self.gazetteer.lookup(name, limit=5)
            if not e.alternate
        )

    def _inner_name(self, doc: Doc, start: int, end: int) -> tuple[int, int] | None:
        """The longest gazetteer name inside an entity the gazetteer does not know: "Northeast Georgia" -> "Georgia"."""
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None or len(span) > 8:
            return None
        for size in range(len(span) - 1, 0, -1):
            for i in range(len(span) - size + 1):
                piece = span[i : i + size]
                # A lone common word inside a name ("City", "North", "Street") is not a place of its own.
                if piece[0].is_title and piece.text not in self.generic_names and self._is_notable(piece.text):
                    return piece.start_char, piece.end_char
        return None

    def _split_qualified(self, text: str, start: int, end: int) -> Iterable[tuple[int, int]]:
        """ "Paris, Texas" as one entity is two place names; other entities are returned whole."""
        piece = text[start:end]
        if ", " not in piece:
            return [(start, end)]
        parts, offset = [], start
        for part in piece.split(", "):
            parts.append((offset, offset + len(part)))
            offset += len(part) + 2
        if all(text[s:e] in self.gazetteer for s, e in parts):
            return parts
        return [(start, end)]


def _base_score(entry: GeoEntry) -> float:
    score = math.log10(entry.population + 100) + KIND_PRIOR.get(entry.kind, 0.0)
    if entry.feature_code == "ADM1":
        score += ADMIN1_PRIOR
    if entry.feature_code == "PPLC":
        score += CAPITAL_PRIOR
    if entry.alternate:
        score -= ALTERNATE_PENALTY
    return score


def _candidates(gazetteer: Gazetteer, toponym: Toponym) -> list[GeoEntry]:
    """The entries a name may stand for. A place's own name beats another place's foreign or old name
    ("Salisbury" is a town in Maryland before it is Harare's colonial name), so alternate-name matches
    only count when no entry has that name as its own. A demonym the NER took for a place ("Sri Lankan")
    stands for its country."""
    if not toponym.demonym:
        entries = gazetteer.lookup(toponym.text, limit=MAX_CANDIDATES)
        primary = [e for e in entries if not e.alternate]
        if primary or entries:
            return primary or entries
    country = gazetteer.demonym(toponym.text)
    return [country] if country else []


def _is_local(entry: GeoEntry) -> bool:
    """A town or a small division: places whose nearness to each other means something."""
    return entry.kind in ("city", "admin") and entry.feature_code != "ADM1"


def _cell(entry: GeoEntry) -> tuple[int, int]:
    """The one-degree grid cell of an entry (about 111 km a side)."""
    return math.floor(entry.lat), math.floor(entry.lon)


def resolve_toponyms(
    toponyms: Sequence[Toponym], gazetteer: Gazetteer, outlet_alpha3: str | None = None
) -> dict[str, Resolution]:
    """Choose a gazetteer entry for each distinct name (key) among ``toponyms``, using the whole article as context.

    Returns a `Resolution` per `Toponym.key`; its entry is None when the
    gazetteer has no candidate for that name.
    """
    by_key: dict[str, list[Toponym]] = defaultdict(list)
    for toponym in toponyms:
        by_key[toponym.key].append(toponym)
    candidates = {key: _candidates(gazetteer, group[0]) for key, group in by_key.items()}

    # A name with a reading inside a state that another name may be ("Albany" ... "Georgia") supports
    # both readings before either is chosen; only each name's more prominent readings count, since
    # some small town of the United States bears almost any name.
    admin1_keys: dict[int, set[str]] = defaultdict(set)
    for key, cands in candidates.items():
        for entry in cands[:PAIRING_CANDIDATES]:
            admin1_keys[entry.index if entry.feature_code == "ADM1" else entry.admin1_index].add(key)

    def paired(key: str, entry: GeoEntry) -> bool:
        if entry.feature_code == "ADM1":
            return bool(admin1_keys.get(entry.index, set()) - {key})
        return entry.admin1_index >= 0 and bool(admin1_keys.get(entry.admin1_index, set()) - {key})

    # Small places named together lie together: "Gainesville" and "Hall County" both have a reading in
    # north Georgia, and that pair of readings supports itself against Gainesville, Florida.
    cells: dict[tuple[int, int], set[str]] = defaultdict(set)
    for key, cands in candidates.items():
        for entry in cands:
            if _is_local(entry):
                cells[_cell(entry)].add(key)

    def neighbours(key: str, entry: GeoEntry) -> int:
        lat_cell, lon_cell = _cell(entry)
        keys: set[str] = set()
        for dlat in (-1, 0, 1):
            for dlon in (-1, 0, 1):
                keys |= cells.get((lat_cell + dlat, lon_cell + dlon), set())
        keys.discard(key)
        return len(keys)

    # A qualifier right after a name ("Springfield, Ill.", "Paris, France") is the strongest evidence.
    qualifiers: dict[str, set[str]] = defaultdict(set)
    ordered = sorted(toponyms, key=lambda t: t.start)
    for first, second in zip(ordered, ordered[1:], strict=False):
        if not first.demonym and not second.demonym and 0 < second.start - first.end <= 2:
            qualifiers[first.key].add(second.key)

    def context_score(key: str, entry: GeoEntry, context: _Context) -> tuple[float, bool]:
        score = _base_score(entry)
        supported = False
        if entry.country and context.named_countries.get(entry.country, set()) - {key}:
            # The article names the country itself ("Canada", "Canadian"), not only places in it.
            score += NAMED_COUNTRY_CONTEXT
        elif entry.country and context.countries.get(entry.country, set()) - {key}:
            score += COUNTRY_CONTEXT
        # The article names this place's state or province, or this is the state of another of its places.
        in_named_admin1 = entry.admin1_index >= 0 and context.admin1.get(entry.admin1_index, set()) - {key}
        holds_other = entry.feature_code == "ADM1" and context.admin1.get(entry.index, set()) - {key}
        if in_named_admin1 or holds_other:
            score += ADMIN1_CONTEXT
            supported = True
        elif paired(key, entry):
            score += PAIRED_CONTEXT
        for qualifier in qualifiers.get(key, ()):
            q = context.chosen.get(qualifier)
            if q is not None and (
                (q.feature_code == "ADM1" and q.index == entry.admin1_index)
                or (q.kind == "country" and q.country == entry.country)
            ):
                score += QUALIFIER_CONTEXT
                supported = True
        if outlet_alpha3 and entry.country == outlet_alpha3:
            score += OUTLET_CONTEXT
        if _is_local(entry):
            score += CLUSTER_CONTEXT * min(neighbours(key, entry), MAX_CLUSTER_KEYS)
            for other_key, other in context.local.items():
                if other_key != key and haversine_km(entry.lat, entry.lon, other.lat, other.lon) <= NEARBY_KM:
                    score += NEARBY_CONTEXT
                    supported = True
                    break
        return score, supported

    def choose(context: _Context) -> dict[str, Resolution]:
        result = {}
        for key, cands in candidates.items():
            if not cands:
                result[key] = Resolution(None)
                continue
            scored = [(*context_score(key, entry, context), entry) for entry in cands]
            score, supported, best = max(scored, key=lambda triple: triple[0])
            result[key] = Resolution(best, cands, score, supported)
        return result

    # Start from each name's most likely reading alone, then re-read every name in the light of the
    # others' readings: "Georgia" becomes the state once "Atlanta" is read as Atlanta, Georgia, and
    # "Athens" becomes Athens, Georgia once Georgia is the state.
    resolved = {
        key: Resolution(max(cands, key=_base_score), cands) if cands else Resolution(None)
        for key, cands in candidates.items()
    }
    for _ in range(RESOLUTION_ROUNDS):
        resolved = choose(_Context.of(resolved))
    return resolved


@dataclass
class _Context:
    """What an article's current readings say about where it is."""

    chosen: dict[str, GeoEntry]
    countries: dict[str, set[str]]  # alpha3 -> keys whose reading lies in (or is) that country
    named_countries: dict[str, set[str]]  # alpha3 -> keys whose reading is that country itself
    admin1: dict[int, set[str]]  # admin1 entry -> keys whose reading lies in (or is) that division
    local: dict[str, GeoEntry]  # readings that are towns or small divisions (for nearness)

    @classmethod
    def of(cls, resolved: dict[str, Resolution]) -> _Context:
        chosen = {key: r.entry for key, r in resolved.items() if r.entry is not None}
        countries: dict[str, set[str]] = defaultdict(set)
        named_countries: dict[str, set[str]] = defaultdict(set)
        admin1: dict[int, set[str]] = defaultdict(set)
        local = {}
        for key, entry in chosen.items():
            if entry.country:
                countries[entry.country].add(key)
                if entry.kind == "country":
                    named_countries[entry.country].add(key)
            if entry.feature_code == "ADM1":
                admin1[entry.index].add(key)
            elif entry.admin1_index >= 0:
                admin1[entry.admin1_index].add(key)
            if _is_local(entry):
                local[key] = entry
        return cls(chosen, countries, named_countries, admin1, local)


def _outside_outlet_names(toponyms: list[Toponym], analysis: Analysis) -> list[Toponym]:
    """Toponyms not inside a news outlet's name: "The New York Times" names a paper, not New York."""
    outlets = {actor.id for actor in analysis.actors if actor.kind == "media"}
    spans = [m.span for m in analysis.mentions if m.actor_id in outlets]
    if not spans:
        return toponyms
    return [t for t in toponyms if not any(s.start <= t.start and t.end <= s.end for s in spans)]


def keep_supported(toponyms: Sequence[Toponym], resolved: dict[str, Resolution]) -> list[Toponym]:
    """Drop weak toponyms ("a Columbia woman", NER saying PERSON) whose reading the article does not support.

    A name the NER also tags as a place elsewhere in the article keeps all its mentions.
    """
    strong = {t.key for t in toponyms if t.source != "weak"}
    return [
        t
        for t in toponyms
        if t.source != "weak" or t.key in strong or (t.key in resolved and resolved[t.key].supported)
    ]


_KIND_OF = {"city": "city", "admin": "admin", "country": "country", "region": "region", "continent": "continent"}


class PlaceComponent:
    """The ``dyad_places`` component: finds toponyms, resolves them, and adds `Place`s to ``doc._.dyad``."""

    def __init__(self, nlp: Language, gazetteer: Gazetteer | None = None, min_city_population: int = 250_000):
        self.gazetteer = gazetteer or load_gazetteer()
        self.finder = PlaceFinder(nlp, self.gazetteer, min_city_population=min_city_population)
        outlets = json.loads((DATA / "outlets.json").read_text(encoding="utf-8"))
        self.generic_tlds = frozenset(outlets["generic_cctlds"])
        self.tld_alpha2: dict[str, str] = outlets["tld_alpha2"]

    def __call__(self, doc: Doc) -> Doc:
        analysis: Analysis | None = doc._.dyad
        if analysis is None:
            return doc
        toponyms = _outside_outlet_names(self.finder.find(doc, analysis.article.text), analysis)
        outlet = outlet_country(analysis.article.outlet, self.gazetteer, self.generic_tlds, self.tld_alpha2)
        resolved = resolve_toponyms(toponyms, self.gazetteer, outlet)
        self.set_annotations(analysis, keep_supported(toponyms, resolved), resolved)
        return doc

    def set_annotations(self, analysis: Analysis, toponyms: Sequence[Toponym], resolved: dict[str, Resolution]) -> None:
        """One `Place` per distinct resolved entry (or per unresolved name), with all its spans, in order of first mention."""
        text = analysis.article.text
        places: dict[object, Place] = {}
        for toponym in toponyms:
            entry = resolved[toponym.key].entry if toponym.key in resolved else None
            if entry is None and toponym.demonym:
                continue
            identity: object = entry.index if entry is not None else toponym.key
            place = places.get(identity)
            if place is None:
                place = self._place(f"P{len(analysis.places) + len(places) + 1}", toponym, entry)
                places[identity] = place
            place.spans.append(Span.of(text, toponym.start, toponym.end))
        analysis.places.extend(places.values())

    def _place(self, place_id: str, toponym: Toponym, entry: GeoEntry | None) -> Place:
        if entry is None:
            kind = "landmark" if toponym.label == "FAC" else "unknown"
            return Place(id=place_id, name=toponym.text, kind=kind)
        return Place(
            id=place_id,
            name=entry.name,
            geonameid=entry.geonameid,
            feature_class=entry.feature_class,
            feature_code=entry.feature_code,
            country=entry.country,
            admin1=entry.admin1,
            lat=round(entry.lat, 5),
            lon=round(entry.lon, 5),
            kind=_KIND_OF.get(entry.kind, "unknown"),
        )


def is_demonym_span(span: Span) -> bool:
    """True when a place's span is a demonym ("Russian troops"): it names a people, not a location."""
    gazetteer = load_gazetteer()
    return gazetteer.demonym(span.text) is not None and span.text not in gazetteer


def place_in_span(analysis: Analysis, start: int, end: int) -> Place | None:
    """The place named inside characters ``[start, end)`` of the article, for locating an event.

    "Officials held talks in Moscow on Tuesday" -> Moscow. When several places
    are named, the one after a locative preposition ("in", "at", "near") wins,
    then the first; demonyms ("Russian troops") never locate anything. None when
    no place is named there: an event without a stated place gets none.
    """
    text = analysis.article.text
    best: tuple[int, int, Place] | None = None
    for place in analysis.places:
        for span in place.spans:
            if span.start < start or span.end > end or is_demonym_span(span):
                continue
            locative = 0 if _LOCATIVE.search(text[max(0, span.start - 16) : span.start]) else 1
            rank = (locative, span.start, place)
            if best is None or rank[:2] < best[:2]:
                best = rank
    return best[2] if best else None


@Language.factory("dyad_places", default_config={"min_city_population": 250_000})
def make_places(nlp: Language, name: str, min_city_population: int) -> PlaceComponent:
    """Toponym recognition and resolution against dyad's offline gazetteer."""
    return PlaceComponent(nlp, min_city_population=min_city_population)


__all__ = [
    "PlaceComponent",
    "PlaceFinder",
    "Resolution",
    "Toponym",
    "outlet_country",
    "place_in_span",
    "resolve_toponyms",
]
