"""Hand-made analyses for the query, API and browser tests: articles written for the tests, facts placed by hand.

Building `Analysis` objects directly (rather than through the NLP pipeline) keeps these tests about the
store, the API and the page, whatever the extractors find today.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from dyad.model import Actor, Analysis, Article, Event, Mention, Place, Quote, QuoteKind, Role, Span, TimeExpression


@dataclass
class A:
    """An actor: its name as it appears in the text, code, country, kind, other names, role."""

    name: str
    code: str | None = None
    country: str | None = None
    kind: str = "person"
    aliases: list[str] = field(default_factory=list)
    role: str | None = None


@dataclass
class Q:
    """A quote: its content (a substring of the text), its speaker's name and cue."""

    content: str
    speaker: str
    cue: str = "said"
    kind: QuoteKind = QuoteKind.DIRECT
    date: str | None = None


@dataclass
class E:
    """An event: trigger word, PLOVER type, actor and recipient names, and coding."""

    trigger: str
    type: str
    actors: list[str]
    recipients: list[str] = field(default_factory=list)
    quad_class: int = 1
    intensity: float = 1.0
    modality: str = "asserted"
    reciprocal: bool = False
    date: str | None = None
    place: str | None = None
    in_quote: bool = False


@dataclass
class P:
    """A place: its name in the text and gazetteer data."""

    name: str
    lat: float
    lon: float
    country: str
    geonameid: int


def _span(text: str, needle: str, start: int = 0) -> Span:
    at = text.find(needle, start)
    assert at >= 0, f"'{needle}' is not in the text"
    return Span.of(text, at, at + len(needle))


def _sentence(text: str, span: Span) -> Span:
    start = text.rfind(". ", 0, span.start)
    start = 0 if start < 0 else start + 2
    end = text.find(".", span.end)
    end = len(text) if end < 0 else end + 1
    return Span.of(text, start, end)


def build(
    text: str,
    *,
    title: str,
    published: str | None = "2024-10-30T09:00:00+00:00",
    outlet: str | None = "Test Wire",
    actors: list[A] = (),
    quotes: list[Q] = (),
    events: list[E] = (),
    places: list[P] = (),
    times: list[tuple[str, str]] = (),
) -> Analysis:
    """An analysis of ``text`` with the given facts, every span found in the text by its words."""
    article = Article.from_text(
        text,
        title=title,
        outlet=outlet,
        published=datetime.fromisoformat(published) if published else None,
        url=f"https://example.test/{title.lower().replace(' ', '-')}",
    )
    text = article.text
    analysis = Analysis(extractor_version="test-1", article=article)
    by_name: dict[str, str] = {}
    for i, a in enumerate(actors, 1):
        actor_id = f"A{i}"
        roles = [Role(title=a.role, country=a.country, evidence=_span(text, a.role))] if a.role else []
        analysis.actors.append(
            Actor(id=actor_id, name=a.name, kind=a.kind, country=a.country, code=a.code, aliases=a.aliases, roles=roles)
        )
        for name in [a.name, *a.aliases]:
            by_name[name] = actor_id
            at = text.find(name)
            while at >= 0:
                analysis.mentions.append(
                    Mention(
                        id=f"M{len(analysis.mentions) + 1}",
                        span=Span.of(text, at, at + len(name)),
                        label="PERSON" if a.kind == "person" else "ORG",
                        actor_id=actor_id,
                    )
                )
                at = text.find(name, at + len(name))
    for i, q in enumerate(quotes, 1):
        content = _span(text, q.content)
        # The speaker named next to the quote, else the first mention of the name.
        speaker = (
            _span(text, q.speaker, content.end) if text.find(q.speaker, content.end) >= 0 else _span(text, q.speaker)
        )
        analysis.quotes.append(
            Quote(
                id=f"Q{i}",
                kind=q.kind,
                content=[content],
                quoted_parts=[content] if q.kind != QuoteKind.INDIRECT else [],
                cue=_span(text, q.cue, content.end) if text.find(q.cue, content.end) >= 0 else _span(text, q.cue),
                cue_lemma=q.cue,
                speaker=speaker,
                speaker_actor_id=by_name.get(q.speaker),
                sentence=_sentence(text, content),
                date=q.date,
                date_source="text" if q.date else "publication",
            )
        )
    for i, p in enumerate(places, 1):
        analysis.places.append(
            Place(
                id=f"P{i}",
                name=p.name,
                spans=[_span(text, p.name)],
                geonameid=p.geonameid,
                country=p.country,
                lat=p.lat,
                lon=p.lon,
                kind="city",
                feature_class="P",
            )
        )
    place_ids = {p.name: f"P{i}" for i, p in enumerate(places, 1)}
    for i, e in enumerate(events, 1):
        trigger = _span(text, e.trigger)
        analysis.events.append(
            Event(
                id=f"E{i}",
                type=e.type,
                quad_class=e.quad_class,
                intensity=e.intensity,
                actors=[by_name[n] for n in e.actors],
                recipients=[by_name[n] for n in e.recipients],
                reciprocal=e.reciprocal,
                trigger=trigger,
                sentence=_sentence(text, trigger),
                modality=e.modality,
                quote_id="Q1" if e.in_quote else None,
                date=e.date,
                date_source="text" if e.date else "publication",
                place_id=place_ids.get(e.place) if e.place else None,
            )
        )
    for i, (words, value) in enumerate(times, 1):
        analysis.times.append(TimeExpression(id=f"T{i}", span=_span(text, words), type="DATE", value=value))
    return analysis


def sample_analyses() -> list[Analysis]:
    """Three small articles: a meeting in Vienna, a border clash, and a trade dispute a month later."""
    vienna = build(
        "Foreign Minister Anna Keller met Chinese envoy Li Wei in Vienna on Tuesday. "
        '"We will keep talking until the ceasefire holds," Keller said. '
        "Li Wei said China would send aid to the region.",
        title="Talks in Vienna",
        published="2024-10-30T09:00:00+00:00",
        outlet="Danube Wire",
        actors=[
            A("Anna Keller", "AUTGOV", "AUT", aliases=["Keller"], role="Foreign Minister"),
            A("Li Wei", "CHNGOV", "CHN"),
        ],
        quotes=[
            Q("We will keep talking until the ceasefire holds", "Keller"),
            Q("China would send aid to the region", "Li Wei", kind=QuoteKind.INDIRECT),
        ],
        events=[
            E("met", "CONSULT", ["Anna Keller", "Li Wei"], reciprocal=True, date="2024-10-29", place="Vienna"),
            E("send aid", "AID", ["Li Wei"], ["Anna Keller"], quad_class=2, intensity=7.0, modality="intended"),
        ],
        places=[P("Vienna", 48.2085, 16.3721, "AUT", 2761369)],
        times=[("on Tuesday", "2024-10-29")],
    )
    clash = build(
        "Soldiers of Ruritania shelled a village near Strelsau on Monday, the army of Borduria said. "
        '"This attack will not go unanswered," General Petar Vuk told reporters. '
        "Ruritania denied the attack.",
        title="Border clash",
        published="2024-11-05T12:00:00+00:00",
        outlet="Balkan Post",
        actors=[
            A("Ruritania", "RURMIL", "RUR", kind="country"),
            A("Petar Vuk", "BORMIL", "BOR", role="General"),
        ],
        quotes=[Q("This attack will not go unanswered", "Petar Vuk", cue="told")],
        events=[
            E(
                "shelled",
                "ASSAULT",
                ["Ruritania"],
                ["Petar Vuk"],
                quad_class=4,
                intensity=-10.0,
                date="2024-11-04",
                place="Strelsau",
            ),
            E("denied", "REJECT", ["Ruritania"], ["Petar Vuk"], quad_class=3, intensity=-4.0),
        ],  # fmt: skip
        places=[P("Strelsau", 45.0, 20.0, "RUR", 9000001)],
    )
    trade = build(
        "Anna Keller accused Li Wei of breaking the trade deal. "
        'Keller said the tariffs were "a grave mistake" and urged Beijing to reconsider.',
        title="Trade dispute",
        published="2024-12-02T08:00:00+00:00",
        outlet="Danube Wire",
        actors=[A("Anna Keller", "AUTGOV", "AUT", aliases=["Keller"]), A("Li Wei", "CHNGOV", "CHN")],
        quotes=[Q('the tariffs were "a grave mistake"', "Keller", kind=QuoteKind.MIXED)],
        events=[E("accused", "ACCUSE", ["Anna Keller"], ["Li Wei"], quad_class=3, intensity=-2.0)],
    )
    return [vienna, clash, trade]


HOSTILE_TEXT = (
    "Officials said <script>document.title='pwned';window.pwned=1</script> nothing happened. "
    "A caption read <img src=x onerror=\"window.pwned=2;document.title='pwned'\"> and then "
    "</span></article><b>bold</b> closed the story."
)


def hostile_analysis() -> Analysis:
    """An article whose text carries script and HTML payloads, with facts over them."""
    return build(
        HOSTILE_TEXT,
        title="<script>window.pwned=3</script>Hostile title",
        outlet="<b>Evil Outlet</b>",
        actors=[A("Officials", "XSSGOV", "XSS", kind="group")],
        quotes=[Q("<script>document.title='pwned';window.pwned=1</script> nothing happened", "Officials")],
        events=[E("onerror", "ASSAULT", ["Officials"], quad_class=4)],
    )
