"""The data model: what dyad finds in one article, as plain serialisable data.

This module is the contract between the NLP side (which fills an `Analysis`)
and everything downstream (store, API, exports), which reads it. Nothing here
imports spaCy or touches a database. Every fact points back into the article
text through character offsets (`Span`), so any claim can be checked against
the words that support it.

The schema is versioned (`SCHEMA_VERSION`); `dyad/data/analysis.schema.json`
is generated from these classes (`python -m dyad.schema`) and checked in.
"""

from __future__ import annotations

import hashlib
import unicodedata
from datetime import datetime
from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, field_validator

SCHEMA_VERSION = "1.0"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class Span(_Model):
    """A half-open character range ``[start, end)`` in the article text, with a copy of its text."""

    start: int = Field(ge=0, description="Offset of the first character.")
    end: int = Field(ge=0, description="Offset one past the last character.")
    text: str = Field("", description="The article text at these offsets (a copy, for readability).")

    @classmethod
    def of(cls, text: str, start: int, end: int) -> Span:
        """Build a span over ``text[start:end]``.

        Examples:
            >>> Span.of("Peru recalled its ambassador.", 5, 13)
            Span(start=5, end=13, text='recalled')
        """
        return cls(start=start, end=end, text=text[start:end])


class PublishedSource(StrEnum):
    """Where an article's publication date came from. ``unknown`` is explicit, never a silent today."""

    METADATA = "metadata"  # the page's or record's own metadata
    USER = "user"  # given on the command line or through the API
    URL = "url"  # read from a date in the URL
    UNKNOWN = "unknown"


def normalize_text(text: str) -> str:
    """Normalise article text once, at ingest: NFC, unified newlines, no NUL bytes.

    All offsets are into the normalised text, so later stages never shift them.

    Examples:
        >>> windows = "Talks ended." + chr(13) + chr(10) + "No deal."
        >>> normalize_text(windows).splitlines(keepends=True)
        ['Talks ended.\\n', 'No deal.']
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    return unicodedata.normalize("NFC", text)


def content_hash(text: str) -> str:
    """The article id: a SHA-256 of the normalised text (first 20 hex digits)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:20]


class Article(_Model):
    """One news article as ingested. Its ``id`` is the hash of its text, so re-ingesting is idempotent."""

    id: str = Field(description="Content hash of `text` (see `content_hash`).")
    text: str = Field(description="The article body, normalised (see `normalize_text`); every offset points into it.")
    title: str | None = Field(None, description="Headline, when the source gives one.")
    url: str | None = Field(None, description="Canonical URL, when known.")
    outlet: str | None = Field(None, description="Publishing outlet (domain or name).")
    author: str | None = Field(None, description="Byline, when the source gives one.")
    published: datetime | None = Field(
        None, description="Publication time; timezone-aware when the source gave one. None when unknown."
    )
    published_source: PublishedSource = Field(
        PublishedSource.UNKNOWN, description="Where `published` came from: metadata, user, url, or unknown."
    )
    language: str = Field("en", description="ISO 639-1 language code (dyad analyses English).")
    source: str | None = Field(None, description="Where it was read from: file path, WARC record, feed item.")
    source_format: Literal["text", "html", "jsonl", "feed", "warc", "api"] = Field(
        "text", description="The reader that produced the article."
    )

    @classmethod
    def from_text(cls, text: str, **meta) -> Article:
        """Make an article from raw text and metadata, normalising the text and computing its id.

        Examples:
            >>> article = Article.from_text("Peru recalled its ambassador.", outlet="Lima Post")
            >>> article.id, article.published_source.value
            ('82a4e5b48f689747f848', 'unknown')
        """
        text = normalize_text(text)
        if meta.get("published") is not None and "published_source" not in meta:
            meta["published_source"] = PublishedSource.METADATA
        return cls(id=content_hash(text), text=text, **meta)


class Sector(StrEnum):
    """CAMEO-style actor sectors (the role an actor plays, not who it is)."""

    GOV = "GOV"  # government, executive
    MIL = "MIL"  # military
    LEG = "LEG"  # legislature
    JUD = "JUD"  # judiciary
    COP = "COP"  # police, security forces
    SPY = "SPY"  # intelligence services
    BUS = "BUS"  # business
    MED = "MED"  # media
    NGO = "NGO"  # non-governmental organisation
    IGO = "IGO"  # international organisation
    REB = "REB"  # rebels, armed groups
    OPP = "OPP"  # political opposition
    PTY = "PTY"  # political party
    CVL = "CVL"  # civilians
    EDU = "EDU"  # education
    REL = "REL"  # religion
    HLH = "HLH"  # health
    LAB = "LAB"  # labour
    ELI = "ELI"  # elites
    CRM = "CRM"  # criminals


class Role(_Model):
    """A role read from the text ("Russian Foreign Minister", "a State Department spokesperson")."""

    title: str = Field(description="The role as a normalised phrase, e.g. 'foreign minister'.")
    organization: str | None = Field(None, description="The organisation the role belongs to ('State Department').")
    country: str | None = Field(None, description="ISO 3166 alpha-3.")
    sector: str | None = Field(None, description="Sector code of the role (GOV, MIL, ...).")
    evidence: Span | None = Field(None, description="The words the role was read from.")
    as_of: datetime | None = Field(None, description="The date the role is attested (the article's date).")


class Actor(_Model):
    """A resolved participant: a person, organisation, country or group, with its codes."""

    id: str = Field(description="Id within the analysis, e.g. 'A3'.")
    name: str = Field(description="Canonical name (the fullest mention).")
    kind: Literal["person", "organization", "country", "group", "media", "unknown"] = Field(
        "unknown", description="person, organization, country, group, media or unknown."
    )
    country: str | None = Field(None, description="ISO 3166 alpha-3 country the actor belongs to or stands for.")
    sector: str | None = Field(None, description="Sector code (see `Sector`), or an IGO's own code.")
    code: str | None = Field(None, description="CAMEO-style code, e.g. RUSGOV, PRKMIL, USAMED, IGOUNO.")
    roles: list[Role] = Field(default_factory=list, description="Roles read from this article, with their evidence.")
    aliases: list[str] = Field(
        default_factory=list, description="Other names used for the actor in the article ('Lavrov', 'the minister')."
    )
    anonymous: bool = Field(False, description="An unnamed source ('one American official').")
    kb_id: str | None = Field(None, description="Id in the store's actor knowledge base, once merged.")


class Mention(_Model):
    """A stretch of text that names or refers to something: entity, pronoun or nominal."""

    id: str = Field(description="Id within the analysis, e.g. 'M12'.")
    span: Span = Field(description="Where the mention is.")
    label: str = Field(description="spaCy NER label (PERSON, ORG, GPE, ...) or PRON / NOMINAL.")
    sentence: int = Field(-1, description="Index of the sentence in `Analysis.sentences`.")
    actor_id: str | None = Field(None, description="The actor the mention refers to, once resolved.")
    metonym: bool = Field(False, description="A place name standing for a government ('the Kremlin said').")


class QuoteKind(StrEnum):
    DIRECT = "direct"  # the content is entirely inside quotation marks
    MIXED = "mixed"  # reported speech with quoted fragments
    INDIRECT = "indirect"  # reported speech, no quotation marks


class Quote(_Model):
    """A statement attributed to a speaker: content, cue and source, as the text gives them."""

    id: str = Field(description="Id within the analysis, e.g. 'Q2'.")
    kind: QuoteKind = Field(description="direct, mixed (reported speech with quoted fragments) or indirect.")
    content: list[Span] = Field(description="The reported content; several spans when it is interrupted.")
    quoted_parts: list[Span] = Field(default_factory=list, description="Parts inside quotation marks.")
    cue: Span | None = Field(None, description="The verb or phrase that attributes ('said', 'according to').")
    cue_lemma: str | None = Field(None, description="Lemma of the cue ('say', 'according to').")
    speaker: Span | None = Field(None, description="The speaker mention as it appears near the quote.")
    speaker_actor_id: str | None = Field(None, description="The resolved actor (through pronouns and short names).")
    speaker_role: str | None = Field(None, description="The speaker's role at the time ('foreign minister').")
    channel: Span | None = Field(None, description="The medium it was said through ('told the publication').")
    channel_actor_id: str | None = Field(None, description="The actor of the channel (a media outlet), when resolved.")
    sentence: Span | None = Field(None, description="The sentence (or sentences) holding the quote.")
    date: str | None = Field(None, description="TIMEX3-style value of when it was said.")
    date_source: Literal["text", "publication", "unknown"] = Field(
        "unknown",
        description="Where `date` came from: 'text' (a time expression in the sentence), 'publication', or 'unknown'.",
    )
    confidence: float = Field(1.0, description="How sure the extractor is (0..1).")


class Modality(StrEnum):
    ASSERTED = "asserted"
    INTENDED = "intended"  # future or planned: "will support"
    HYPOTHETICAL = "hypothetical"  # "might transfer", "could"
    DESIRED = "desired"  # "hopes", "urged ... to"
    NEGATED = "negated"  # "did not attack"


class Event(_Model):
    """A PLOVER event: who did what to whom, with its evidence, modality, date and place."""

    id: str = Field(description="Id within the analysis, e.g. 'E4'.")
    type: str = Field(description="PLOVER event type, e.g. CONSULT, ASSAULT.")
    mode: str | None = Field(None, description="PLOVER mode where the codebook gives one.")
    cameo: str | None = Field(None, description="CAMEO code (root or finer) mapped from the type and mode.")
    quad_class: int | None = Field(
        None,
        ge=1,
        le=4,
        description="CAMEO QuadClass: 1 verbal coop., 2 material coop., 3 verbal conflict, 4 material conflict.",
    )
    penta_class: int | None = Field(
        None, ge=0, le=4, description="CAMEO PentaClass: 0 neutral statement, 1-4 as QuadClass."
    )
    intensity: float | None = Field(None, description="Goldstein score of the CAMEO code (-10 .. +10).")
    actors: list[str] = Field(default_factory=list, description="Actor ids; all parties for reciprocal events.")
    recipients: list[str] = Field(default_factory=list, description="Actor ids of the recipients (targets).")
    actor_spans: list[Span] = Field(
        default_factory=list, description="The words naming the actors (also when no actor could be resolved)."
    )
    recipient_spans: list[Span] = Field(default_factory=list, description="The words naming the recipients.")
    reciprocal: bool = Field(
        False, description="True for events between parties (talks, agreements): every party is in `actors`."
    )
    trigger: Span = Field(description="The word or phrase that expresses the event ('met', 'the talks').")
    sentence: Span = Field(description="The sentence holding the event.")
    modality: Modality = Field(Modality.ASSERTED, description="asserted, intended, hypothetical, desired or negated.")
    quote_id: str | None = Field(None, description="Set when the event is stated inside a quotation.")
    date: str | None = Field(None, description="TIMEX3-style value of when the event happened.")
    date_source: Literal["text", "publication", "unknown"] = Field(
        "unknown", description="Where `date` came from: 'text', 'publication' or 'unknown'."
    )
    place_id: str | None = Field(
        None, description="The place (in `Analysis.places`) where the event happened, when the text says."
    )
    confidence: float = Field(1.0, description="How sure the coder is (0..1).")


class TimeExpression(_Model):
    """A time expression normalised TIMEX3-style relative to its anchor."""

    id: str = Field(description="Id within the analysis, e.g. 'T3'.")
    span: Span = Field(description="Where the expression is.")
    type: Literal["DATE", "TIME", "DURATION", "SET"] = Field(description="TIMEX3 type: DATE, TIME, DURATION or SET.")
    value: str = Field(description="TIMEX3 value: 2024-11-01, 2024-10, 2024-W44, P3Y, PAST_REF, XXXX-10-29 ...")
    mod: str | None = Field(None, description="START, END, MID, APPROX, BEFORE, AFTER ...")
    anchor: Literal["publication", "previous", "absolute", "none"] = Field(
        "absolute", description="What a relative value was computed from; 'none' when it could not be anchored."
    )
    granularity: Literal["century", "decade", "year", "quarter", "month", "week", "day", "time", "none"] = Field(
        "day", description="The precision of `value`."
    )
    # For a length counted on from the narrative's last date ("three days later": P3D, as TIMEX3
    # has it), the date it reaches. Only the dating of events and quotes reads it; it is not stored.
    _reaches: str | None = PrivateAttr(default=None)

    @property
    def reaches(self) -> str | None:
        """The date a length counted from the narrative's last date reaches ("three days later"), or None."""
        return self._reaches


class Place(_Model):
    """A place resolved to a gazetteer entry."""

    id: str = Field(description="Id within the analysis, e.g. 'P1'.")
    name: str = Field(description="Gazetteer name of the place.")
    spans: list[Span] = Field(default_factory=list, description="Every mention of the place in the text.")
    geonameid: int | None = Field(None, description="GeoNames id, when the gazetteer has one.")
    feature_class: str | None = Field(
        None, description="GeoNames feature class (P populated place, A administrative, L area ...)."
    )
    feature_code: str | None = Field(None, description="GeoNames feature code (PPLC capital, ADM1, PCLI country ...).")
    country: str | None = Field(None, description="ISO 3166 alpha-3.")
    admin1: str | None = Field(None, description="First-level administrative division (state, province, oblast).")
    lat: float | None = Field(None, description="Latitude (WGS84).")
    lon: float | None = Field(None, description="Longitude (WGS84).")
    kind: Literal["city", "admin", "country", "region", "continent", "landmark", "unknown"] = Field(
        "unknown", description="city, admin, country, region, continent, landmark or unknown."
    )


class Analysis(_Model):
    """Everything dyad found in one article, with the version of the extractor that found it."""

    schema_version: str = Field(
        SCHEMA_VERSION, description="Version of this data model; readers accept the same major version."
    )
    extractor_version: str = Field(description="dyad version, model and components that produced the analysis.")
    article: Article = Field(description="The article analysed.")
    sentences: list[Span] = Field(default_factory=list, description="Sentence boundaries, in order.")
    mentions: list[Mention] = Field(default_factory=list, description="Entity, pronoun and nominal mentions.")
    actors: list[Actor] = Field(default_factory=list, description="Resolved actors.")
    quotes: list[Quote] = Field(default_factory=list, description="Attributed statements.")
    events: list[Event] = Field(default_factory=list, description="PLOVER events.")
    times: list[TimeExpression] = Field(default_factory=list, description="Normalised time expressions.")
    places: list[Place] = Field(default_factory=list, description="Resolved places.")
    warnings: list[str] = Field(
        default_factory=list, description="Problems met while analysing (the analysis is still usable)."
    )

    @field_validator("schema_version")
    @classmethod
    def _known_major(cls, value: str) -> str:
        if value.split(".")[0] != SCHEMA_VERSION.split(".")[0]:
            raise ValueError(f"schema version {value} is not readable by schema {SCHEMA_VERSION}")
        return value

    def to_json(self, indent: int | None = None) -> str:
        """Serialise to JSON (datetimes as ISO 8601)."""
        return self.model_dump_json(indent=indent, exclude_none=False)

    @classmethod
    def from_json(cls, data: str | bytes) -> Analysis:
        """Read an analysis back from `to_json` output, validating it.

        Examples:
            >>> analysis = Analysis(article=Article.from_text("Peru recalled its ambassador."), extractor_version="test")
            >>> Analysis.from_json(analysis.to_json()) == analysis
            True
        """
        return cls.model_validate_json(data)

    def _repr_html_(self) -> str:
        """Jupyter shows an analysis as its highlighted text and tables (see `dyad.render`)."""
        from dyad.notebook import render_analysis

        return render_analysis(self)

    def actor(self, actor_id: str | None) -> Actor | None:
        """The actor with this id, or None."""
        if actor_id is None:
            return None
        return next((a for a in self.actors if a.id == actor_id), None)

    def iter_spans(self):
        """Yield every span in the analysis (for checking offsets against the text)."""
        yield from self.sentences
        for m in self.mentions:
            yield m.span
        for a in self.actors:
            for r in a.roles:
                if r.evidence:
                    yield r.evidence
        for q in self.quotes:
            yield from q.content
            yield from q.quoted_parts
            for s in (q.cue, q.speaker, q.channel, q.sentence):
                if s:
                    yield s
        for e in self.events:
            yield e.trigger
            yield e.sentence
            yield from e.actor_spans
            yield from e.recipient_spans
        for t in self.times:
            yield t.span
        for p in self.places:
            yield from p.spans
