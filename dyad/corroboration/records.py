"""What clustering needs to know about each event and quotation, read once from an `Analysis`.

A record is plain, hashable-free data that can be written to the store as JSON and read
back, so re-clustering a block never re-parses articles. Reading an analysis decides the
things identity depends on:

- participants as actor codes ("Lavrov" -> RUSGOV), falling back on the actor's country;
- the date as an interval, granularity-aware: "2024-10" is the whole of October, a day is a
  day, and an event with no date of its own lies in the few days before publication
  ("Russian troops shelled Kharkiv." in an article of 2024-11-02 -> 2024-10-31 .. 2024-11-02);
- the place, when the text gives one;
- the speaker of a quotation, as a key that survives short forms ("Kaja Kallas" / "Kallas").
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field, fields
from datetime import date, datetime, timedelta
from functools import lru_cache
from pathlib import Path

from dyad.model import Analysis, Event, Quote, QuoteKind, Sector

DATA_DIR = Path(__file__).resolve().parents[1] / "data" / "corroboration"


@dataclass(frozen=True)
class Settings:
    """Identity thresholds and type families, read from ``dyad/data/corroboration/identity.json``."""

    families: dict[str, str]
    day_tolerance: int
    publication_window: int
    place_distance_km: float
    paraphrase_days: int
    edit_days: int
    same_ratio: float
    trimmed_ratio: float
    trimmed_min_words: int
    paraphrase_overlap: float
    paraphrase_min_shared: int
    anonymous_ratio: float
    duplicate_jaccard: float
    duplicate_containment: float
    stopwords: frozenset[str]


@lru_cache(maxsize=1)
def settings() -> Settings:
    """The identity settings, loaded once."""
    raw = json.loads((DATA_DIR / "identity.json").read_text(encoding="utf-8"))
    families = {t: name for name, types in raw["type_families"].items() for t in types}
    words = (DATA_DIR / "stopwords.txt").read_text(encoding="utf-8").split("\n")
    return Settings(
        families=families,
        day_tolerance=raw["day_tolerance_days"],
        publication_window=raw["publication_window_days"],
        place_distance_km=raw["place_distance_km"],
        paraphrase_days=raw["statement_paraphrase_days"],
        edit_days=raw["statement_edit_days"],
        same_ratio=raw["statement_same_ratio"],
        trimmed_ratio=raw["statement_trimmed_ratio"],
        trimmed_min_words=raw["statement_trimmed_min_words"],
        paraphrase_overlap=raw["statement_paraphrase_overlap"],
        paraphrase_min_shared=raw["statement_paraphrase_min_shared"],
        anonymous_ratio=raw["anonymous_same_ratio"],
        duplicate_jaccard=raw["near_duplicate_jaccard"],
        duplicate_containment=raw["near_duplicate_containment"],
        stopwords=frozenset(w.strip() for w in words if w.strip() and not w.startswith("#")),
    )


def type_family(event_type: str) -> str:
    """The family of PLOVER types an event clusters within: "SUPPORT" -> "COOPERATION_PLEDGE", "CONSULT" -> itself."""
    return settings().families.get(event_type, event_type)


# -- dates --------------------------------------------------------------------------------------------------------

_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_WEEK = re.compile(r"^(\d{4})-W(\d{2})$")
_QUARTER = re.compile(r"^(\d{4})-Q([1-4])$")
_YEAR = re.compile(r"^(\d{4})$")

#: Granularities from finest to coarsest; clustering seats fine-dated reports first.
GRANULARITY_RANK = {"day": 0, "publication": 1, "week": 2, "month": 3, "quarter": 4, "year": 5, "none": 6}


def date_interval(value: str | None) -> tuple[date, date, str] | None:
    """The calendar interval a TIMEX3 value covers, with its granularity; None when it names no interval.

    >>> date_interval("2024-10")
    (datetime.date(2024, 10, 1), datetime.date(2024, 10, 31), 'month')
    >>> date_interval("PAST_REF") is None
    True
    """
    if not value:
        return None
    try:
        if m := _DAY.match(value):
            day = date(int(m[1]), int(m[2]), int(m[3]))
            return day, day, "day"
        if m := _MONTH.match(value):
            first = date(int(m[1]), int(m[2]), 1)
            last = (first.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
            return first, last, "month"
        if m := _WEEK.match(value):
            monday = date.fromisocalendar(int(m[1]), int(m[2]), 1)
            return monday, monday + timedelta(days=6), "week"
        if m := _QUARTER.match(value):
            q = int(m[2])
            first = date(int(m[1]), 3 * q - 2, 1)
            last = date(int(m[1]) + (q == 4), 1 if q == 4 else 3 * q + 1, 1) - timedelta(days=1)
            return first, last, "quarter"
        if m := _YEAR.match(value):
            return date(int(m[1]), 1, 1), date(int(m[1]), 12, 31), "year"
    except ValueError:  # "2024-02-30": not a calendar date
        return None
    return None


# -- records ------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PlaceRef:
    """Where an event happened, as far as identity needs: gazetteer id, country, coordinates, kind."""

    name: str
    geonameid: int | None = None
    country: str | None = None
    admin1: str | None = None
    lat: float | None = None
    lon: float | None = None
    kind: str = "unknown"


@dataclass(frozen=True)
class EventRecord:
    """One event mention, reduced to what decides identity across articles."""

    article_id: str
    event_id: str
    type: str
    actors: tuple[str, ...]  # actor codes, sorted
    recipients: tuple[str, ...]
    reciprocal: bool
    modality: str
    narrator: bool  # the narrator's claim, not inside a quotation
    date_lo: date | None
    date_hi: date | None
    granularity: str  # day, week, month, quarter, year, publication, none
    date_value: str | None
    place: PlaceRef | None
    intensity: float | None
    published: datetime | None
    outlet: str | None

    @property
    def key(self) -> str:
        """The mention's stable key: article id and event id."""
        return f"{self.article_id}:{self.event_id}"

    def __post_init__(self) -> None:
        # Derived once: clustering asks for them many times per record.
        parties = tuple(sorted(set(self.actors) | set(self.recipients)))
        object.__setattr__(self, "_parties", parties)
        object.__setattr__(self, "_roots", frozenset(code_root(c) for c in parties))

    @property
    def family(self) -> str:
        return type_family(self.type)

    @property
    def parties(self) -> tuple[str, ...]:
        """Every participant's code, order-free (what reciprocal events are compared on)."""
        return self._parties

    @property
    def roots(self) -> frozenset[str]:
        """Who takes part, at the level identity compares: country or organisation roots of every party."""
        return self._roots

    @property
    def block_key(self) -> str:
        """The blocking key: type family, modality, anchor party and year; only events sharing it are compared.

        The anchor is the party root that sorts first, so "Turkey and Egypt held talks", "Egypt's minister
        met Turkey's" and "the Egyptian minister held talks" (the other party unresolved) share a block, and
        direction and the other parties are checked within it. An event without any coded participant cannot
        be matched safely and gets a block of its own.
        """
        if not self.roots:
            return f"solo|{self.key}"
        return f"{self.family}|{self.modality}|{min(self.roots)}|{self.year}"

    @property
    def year(self) -> str:
        """The year block of the event: events of different years are never compared (blocks stay small).

        A report dated only by its publication counts in the year it was published; so does a report
        published on 1 January about the last day of December, which is then missed: a known limit.
        """
        day = self.date_hi if self.granularity == "publication" else self.date_lo
        return str(day.year) if day else "undated"

    def to_json(self) -> str:
        data = {name: getattr(self, name) for name in _EVENT_FIELDS}
        for name in ("date_lo", "date_hi", "published"):
            data[name] = data[name].isoformat() if data[name] else None
        data["place"] = self.place.__dict__ if self.place else None
        return json.dumps(data, separators=(",", ":"))

    @classmethod
    def from_json(cls, text: str) -> EventRecord:
        data = json.loads(text)
        for name in ("date_lo", "date_hi"):
            data[name] = date.fromisoformat(data[name]) if data[name] else None
        data["published"] = datetime.fromisoformat(data["published"]) if data["published"] else None
        data["actors"], data["recipients"] = tuple(data["actors"]), tuple(data["recipients"])
        data["place"] = PlaceRef(**data["place"]) if data["place"] else None
        return cls(**data)


@dataclass(frozen=True)
class QuoteRecord:
    """One quotation, reduced to what decides whether two reports give the same statement."""

    article_id: str
    quote_id: str
    speaker_key: str
    speaker_name: str | None
    speaker_code: str | None
    anonymous: bool
    kind: str
    text: str  # the whole content, normalised
    quoted: str  # the words inside quotation marks, normalised ("" for indirect speech)
    display: str  # the content as written, for people
    day: date | None
    published: datetime | None
    outlet: str | None
    words: tuple[str, ...] = field(default=())  # content words of `text`, for paraphrase

    @property
    def key(self) -> str:
        return f"{self.article_id}:{self.quote_id}"

    @property
    def block_key(self) -> str:
        """The speaker and the year: a speaker's statements of different years are never compared."""
        return f"{self.speaker_key}|{self.day.year if self.day else 'undated'}"

    def to_json(self) -> str:
        data = {name: getattr(self, name) for name in _QUOTE_FIELDS}
        for name in ("day", "published"):
            data[name] = data[name].isoformat() if data[name] else None
        return json.dumps(data, separators=(",", ":"))

    @classmethod
    def from_json(cls, text: str) -> QuoteRecord:
        data = json.loads(text)
        data["day"] = date.fromisoformat(data["day"]) if data["day"] else None
        data["published"] = datetime.fromisoformat(data["published"]) if data["published"] else None
        data["words"] = tuple(data["words"])
        return cls(**data)


_EVENT_FIELDS = tuple(f.name for f in fields(EventRecord))
_QUOTE_FIELDS = tuple(f.name for f in fields(QuoteRecord))


def code_root(code: str) -> str:
    """The part of an actor code that names who the actor belongs to: the country, or the whole IGO/NGO code.

    >>> code_root("RUSGOV"), code_root("IGOEEC")
    ('RUS', 'IGOEEC')
    """
    if code[:3] in ("IGO", "NGO", "MNC"):
        return code[:6]
    return code[:3]


#: Codes that name only a sector ("GOV" for "the foreign minister" of no stated country) say nothing about
#: who the actor is, so identity treats them as unknown.
_SECTOR_CODES = frozenset(s.value for s in Sector)


def _participant_codes(analysis: Analysis, actor_ids: list[str]) -> tuple[str, ...]:
    codes = set()
    for actor_id in actor_ids:
        actor = analysis.actor(actor_id)
        if actor is None:
            continue
        code = (actor.code or actor.country or "").upper()
        if code and code not in _SECTOR_CODES:
            codes.add(code)
    return tuple(sorted(codes))


def _place(analysis: Analysis, event: Event) -> PlaceRef | None:
    """Where the event happened, unless the place name only stands for a party.

    In "Azerbaijani forces attacked Armenian posts, according to Yerevan", Yerevan is the Armenian
    government speaking, not the place of the attack: a place all of whose mentions are actor
    mentions (metonyms) is not a location.
    """
    place = next((p for p in analysis.places if p.id == event.place_id), None) if event.place_id else None
    if place is None:
        return None
    acting = {(m.span.start, m.span.end) for m in analysis.mentions if m.metonym or m.actor_id}
    if place.spans and all((s.start, s.end) in acting for s in place.spans):
        return None
    return PlaceRef(
        name=place.name,
        geonameid=place.geonameid,
        country=place.country,
        admin1=place.admin1,
        lat=place.lat,
        lon=place.lon,
        kind=place.kind,
    )


def _sentence_date(analysis: Analysis, event: Event) -> str | None:
    """The value of the date expression in the event's sentence nearest its trigger, when there is one.

    "Envoys met in Vienna on Thursday." dates the meeting by "Thursday" even before a dating component
    has set `Event.date`; expressions that name no interval (durations, "recently") are passed over.
    """
    best: tuple[int, str] | None = None
    for time in analysis.times:
        if time.type != "DATE" or not (event.sentence.start <= time.span.start < event.sentence.end):
            continue
        if date_interval(time.value) is None:
            continue
        distance = abs(time.span.start - event.trigger.start)
        if best is None or distance < best[0]:
            best = (distance, time.value)
    return best[1] if best else None


def event_date(analysis: Analysis, event: Event, window: int) -> tuple[date | None, date | None, str, str | None]:
    """The interval an event happened in: its own date, a date in its sentence, or the days before publication."""
    # A date the coder took from the publication is no better than our own publication window.
    value = event.date if event.date_source == "text" else None
    if value is None:
        value = _sentence_date(analysis, event)
    interval = date_interval(value)
    if interval is not None:
        return interval[0], interval[1], interval[2], value
    published = analysis.article.published
    if published is not None:
        # Asserted news is about the recent past: the event happened up to `window` days before it was reported.
        day = published.date()
        return day - timedelta(days=window), day, "publication", None
    return None, None, "none", None


def event_records(analysis: Analysis) -> list[EventRecord]:
    """One record per event of the analysis."""
    config = settings()
    records = []
    for event in analysis.events:
        lo, hi, granularity, value = event_date(analysis, event, config.publication_window)
        records.append(
            EventRecord(
                article_id=analysis.article.id,
                event_id=event.id,
                type=event.type,
                actors=_participant_codes(analysis, event.actors),
                recipients=_participant_codes(analysis, event.recipients),
                reciprocal=event.reciprocal,
                modality=event.modality.value,
                narrator=event.quote_id is None,
                date_lo=lo,
                date_hi=hi,
                granularity=granularity,
                date_value=value,
                place=_place(analysis, event),
                intensity=event.intensity,
                published=analysis.article.published,
                outlet=analysis.article.outlet,
            )
        )
    return records


# -- statements ---------------------------------------------------------------------------------------------------

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")


def normalize_wording(text: str) -> str:
    """Lower-case words without punctuation or quotation marks, so "Hello," and hello compare equal.

    >>> normalize_wording('"We will not  retreat," he said.')
    'we will not retreat he said'
    """
    text = unicodedata.normalize("NFKC", text).replace("’", "'").lower()
    return " ".join(_WORD.findall(text))


def content_words(text: str) -> tuple[str, ...]:
    """The words of a normalised text that carry meaning (function words left out), sorted and distinct."""
    stop = settings().stopwords
    return tuple(sorted({w for w in text.split() if w not in stop and len(w) > 1}))


def speaker_key(analysis: Analysis, quote: Quote) -> tuple[str, str | None, str | None, bool]:
    """Who said it, as a key shared by every report of the same speaker, with name, code and anonymity.

    A person is keyed by surname ("Kaja Kallas", "EU foreign policy chief Kallas", an unresolved "Kallas"
    -> person:kallas): the wording must match as well, so namesakes rarely meet. The knowledge base id wins
    when actors have been merged across articles; an organisation or country is keyed by its code; a quote
    whose speaker is a pronoun or missing gets a key of its own (it cannot be matched).
    """
    actor = analysis.actor(quote.speaker_actor_id)
    if actor is not None:
        code = actor.code or actor.country
        if actor.kb_id:
            return f"kb:{actor.kb_id}", actor.name, code, actor.anonymous
        if actor.anonymous:
            return f"anon:{code or '?'}", actor.name, code, True
        words = normalize_wording(actor.name).split()
        if actor.kind == "person" and words:
            return f"person:{words[-1]}", actor.name, code, False
        return f"{actor.kind}:{code or ' '.join(words)}", actor.name, code, False
    if quote.speaker is not None:
        words = quote.speaker.text.split()
        # An unresolved name ("Aydar") still names a person; "he" or "the official" does not.
        if words and words[-1][:1].isupper() and words[-1].isalpha():
            return f"person:{words[-1].lower()}", quote.speaker.text, None, False
    return f"solo|{analysis.article.id}:{quote.id}", None, None, False


def quote_records(analysis: Analysis) -> list[QuoteRecord]:
    """One record per quotation of the analysis."""
    records = []
    published = analysis.article.published
    for quote in analysis.quotes:
        key, name, code, anonymous = speaker_key(analysis, quote)
        display = " … ".join(s.text for s in quote.content)
        text = normalize_wording(display)
        quoted = normalize_wording(" ".join(s.text for s in quote.quoted_parts))
        if quote.kind == QuoteKind.DIRECT and not quoted:
            quoted = text
        interval = date_interval(quote.date)
        day = interval[0] if interval and interval[2] == "day" else (published.date() if published else None)
        records.append(
            QuoteRecord(
                article_id=analysis.article.id,
                quote_id=quote.id,
                speaker_key=key,
                speaker_name=name,
                speaker_code=code,
                anonymous=anonymous,
                kind=quote.kind.value,
                text=text,
                quoted=quoted,
                display=display,
                day=day,
                published=published,
                outlet=analysis.article.outlet,
                words=content_words(text),
            )
        )
    return records
