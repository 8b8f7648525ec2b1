"""Response models of the REST API: what each list row holds, for the OpenAPI description and its clients.

The rows come from `dyad.store.queries` as plain dicts; these models document and check them.
"""

from __future__ import annotations

from typing import Generic, TypeVar

from pydantic import BaseModel, Field

Row = TypeVar("Row")


class Page(BaseModel, Generic[Row]):
    """One page of a list, in a stable order."""

    items: list[Row]
    limit: int = Field(description="Rows asked for.")
    offset: int = Field(description="Rows skipped.")
    has_more: bool = Field(description="Whether rows follow this page.")


class ArticleRow(BaseModel):
    id: str
    title: str | None
    outlet: str | None
    url: str | None
    author: str | None
    published: str | None = Field(description="ISO 8601; null when unknown.")
    published_source: str
    source_format: str
    extractor_version: str
    quotes: int
    events: int


class ActorRow(BaseModel):
    id: str | None = Field(None, description="Knowledge-base id (null in a store without a knowledge base).")
    name: str = Field(description="Canonical name (as renamed in the knowledge base).")
    code: str | None
    kind: str
    country: str | None
    sector: str | None = None
    curated: bool | None = Field(None, description="Whether a user merged or renamed this actor.")
    first_seen: str | None = None
    last_seen: str | None = None
    articles: int = Field(description="Articles naming this actor.")
    quotes: int | None = Field(None, description="Quotes it is the speaker of (knowledge-base actors).")
    events: int | None = Field(None, description="Events it is a party to (knowledge-base actors).")


class QuoteRow(BaseModel):
    article_id: str
    id: str
    kind: str = Field(description="direct, mixed or indirect.")
    text: str = Field(description="The content (several spans joined by ' … ').")
    start: int = Field(description="Offset of the content's first character in the article text.")
    end: int
    cue: str | None
    speaker: str | None = Field(description="The speaker as the text names them near the quote.")
    speaker_name: str | None = Field(description="The resolved speaker's canonical name.")
    speaker_code: str | None
    speaker_role: str | None
    speaker_actor_id: str | None
    channel: str | None
    date: str | None
    date_source: str | None
    article_title: str | None
    outlet: str | None
    published: str | None
    url: str | None


class ActorRef(BaseModel):
    id: str
    name: str | None
    code: str | None
    country: str | None
    kind: str | None


class EventRow(BaseModel):
    article_id: str
    id: str
    type: str
    mode: str | None
    cameo: str | None
    quad_class: int | None
    penta_class: int | None
    intensity: float | None
    actor_codes: str | None
    recipient_codes: str | None
    actors: list[ActorRef]
    recipients: list[ActorRef]
    reciprocal: bool
    trigger: str
    trigger_start: int
    trigger_end: int
    sentence_start: int
    sentence_end: int
    sentence: str
    modality: str
    quote_id: str | None = Field(description="Set when the event is stated inside that quotation.")
    date: str | None
    date_source: str | None
    day: str | None = Field(description="The event's date if the text gives a full one, else the publication day.")
    place_id: str | None
    place: str | None
    confidence: float | None
    article_title: str | None
    outlet: str | None
    published: str | None


class PlaceRow(BaseModel):
    key: str
    name: str
    geonameid: int | None
    country: str | None
    admin1: str | None
    lat: float | None
    lon: float | None
    kind: str | None
    articles: int
    events: int = Field(description="Events located at this place.")


class Facet(BaseModel):
    value: str
    count: int


class QuoteFacets(BaseModel):
    sampled: int = Field(description="Matches the counts are over (the newest, at most sample_limit).")
    sample_limit: int
    speaker: list[Facet]
    country: list[Facet]
    outlet: list[Facet]
    month: list[Facet]


class QuotePage(Page[QuoteRow]):
    facets: QuoteFacets | None = None


class SeriesRow(BaseModel):
    period: str = Field(description="YYYY-MM, or the Monday of the week as YYYY-MM-DD.")
    type: str
    quad_class: int
    count: int
    mean_intensity: float | None


class Timeline(BaseModel):
    actor: str
    recipient: str | None
    interval: str
    series: list[SeriesRow]


class Node(BaseModel):
    id: str = Field(description="Actor code.")
    events: int


class Edge(BaseModel):
    source: str
    target: str
    events: int
    mean_intensity: float | None
    cooperation: int = Field(description="Events of QuadClass 1-2.")
    conflict: int = Field(description="Events of QuadClass 3-4.")


class Graph(BaseModel):
    nodes: list[Node]
    edges: list[Edge]
