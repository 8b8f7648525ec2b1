"""An analysis as self-contained HTML, for Jupyter (``Analysis._repr_html_``) and `dyad.render`.

The text is cut into segments at every fact boundary (`dyad.web.render.segments`, shared with the web
page); Jinja2 escapes every piece, so nothing from an article becomes markup. Inline styles only: the
HTML works offline, in a notebook, an e-mail or a saved file.
"""

from __future__ import annotations

from functools import lru_cache

from dyad.model import Analysis

#: Background colour of each kind of highlight (events win over times, places, actors, quotes).
STYLES = {
    "event": "background: #ffd6a5; border-bottom: 2px solid #e07a00;",
    "time": "background: #caffbf;",
    "place": "background: #9bf6ff;",
    "actor": "background: #bdb2ff;",
    "quote": "background: #fdffb6;",
}


@lru_cache(maxsize=1)
def _template():
    from importlib import resources

    import jinja2

    source = resources.files("dyad").joinpath("data/templates/analysis.html").read_text("utf-8")
    return jinja2.Environment(autoescape=True).from_string(source)


def render_analysis(a: Analysis) -> str:
    """HTML of one analysis: highlighted text (hover for the facts), then quotes and events tables."""
    from dyad.web.render import article_items, segments

    items = article_items(a)
    labels = {item.id: f"{item.kind}: {item.label}" for item in items}
    segs = [
        {
            "text": s.text,
            "ids": s.ids,
            "title": "; ".join(labels[i] for i in s.ids),
            "style": STYLES.get(s.kinds[0], "") if s.kinds else "",
        }
        for s in segments(a.article.text, items)
    ]

    def names(ids: list[str]) -> str:
        return ", ".join((x.code or x.name) for i in ids if (x := a.actor(i))) or "—"

    quotes = []
    for q in a.quotes:
        who = a.actor(q.speaker_actor_id)
        quotes.append(
            {
                "speaker": who.name if who else (q.speaker.text if q.speaker else "unknown"),
                "cue": q.cue.text if q.cue else "—",
                "kind": q.kind.value,
                "content": " … ".join(s.text for s in q.content),
            }
        )
    places = {p.id: p.name for p in a.places}
    events = [
        (e.type, names(e.actors), names(e.recipients), e.modality.value, e.date or "—", places.get(e.place_id or "", "—"),
         e.trigger.text)
        for e in a.events
    ]  # fmt: skip
    published = a.article.published.date().isoformat() if a.article.published else "date unknown"
    counts = f"{len(a.actors)} actors, {len(a.quotes)} quotes, {len(a.events)} events, {len(a.times)} times, {len(a.places)} places"
    return _template().render(
        article=a.article, published=published, counts=counts, segments=segs, quotes=quotes, events=events,
        legend=list(STYLES.items()),
    )  # fmt: skip
