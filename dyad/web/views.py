"""The web page: server-rendered views over the same queries as the API.

Each view is a thin function: read the query parameters, run a query from `dyad.store.queries`, hand
plain data to a Jinja2 template. Templates autoescape everything; the only script is the page's own
``static/dyad.js`` (no inline script, nothing from another origin: see the Content-Security-Policy
set by the app).
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from dyad.errors import DyadError, NotFound
from dyad.model import Analysis, Modality
from dyad.store import Store, queries
from dyad.store.queries import QueryError
from dyad.web import render

HERE = Path(__file__).parent
# The 16 PLOVER types, in the ontology's order, from the event coder's own data file.
PLOVER_TYPES = [
    name
    for name in json.loads(resources.files("dyad").joinpath("data/events/types.json").read_text(encoding="utf-8"))
    if not name.startswith("_")
]
MODALITIES = tuple(m.value for m in Modality)
PAGE = 50


def _clean(params: dict[str, Any]) -> dict[str, str]:
    """Query parameters with empty values dropped (an empty form field means no filter)."""
    return {k: v.strip() for k, v in params.items() if k != "offset" and isinstance(v, str) and v.strip()}


def mount_web(app: FastAPI, store: Store) -> None:
    """Add the page's routes and static files to ``app``."""
    templates = Jinja2Templates(directory=str(HERE / "templates"))
    templates.env.globals.update(PLOVER_TYPES=PLOVER_TYPES, MODALITIES=MODALITIES, urlencode=urlencode)
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")

    def page(request: Request, template: str, status: int = 200, **context: Any) -> HTMLResponse:
        return templates.TemplateResponse(request, template, context, status_code=status)

    def error(request: Request, exc: DyadError) -> HTMLResponse:
        status = 404 if isinstance(exc, NotFound) else 400
        return page(
            request,
            "error.html",
            status=status,
            message=str(exc),
            title="Not found" if status == 404 else "Bad request",
        )

    def offset_of(request: Request) -> int:
        raw = request.query_params.get("offset", "0")
        return int(raw) if raw.isdigit() else 0

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    async def home(request: Request) -> HTMLResponse:
        params = _clean(dict(request.query_params))
        try:
            result = queries.list_articles(store, params.get("q"), params.get("outlet"), params.get("since"),
                                           params.get("until"), limit=PAGE, offset=offset_of(request))  # fmt: skip
        except DyadError as exc:
            return error(request, exc)
        return page(request, "index.html", title="Articles", result=result, params=params,
                    outlets=queries.outlets(store), stats=queries.totals(store))  # fmt: skip

    @app.get("/articles/{article_id}", response_class=HTMLResponse, include_in_schema=False)
    async def article(request: Request, article_id: str) -> HTMLResponse:
        try:
            analysis = Analysis.from_json(queries.article_json(store, article_id))
        except DyadError as exc:
            return error(request, exc)
        items = render.article_items(analysis, queries.kb_links(store, analysis.article.id))
        groups = {kind: [i for i in items if i.kind == kind] for kind in ("actor", "quote", "event", "time", "place")}
        return page(request, "article.html", title=analysis.article.title or "Article", a=analysis,
                    segments=render.segments(analysis.article.text, items), groups=groups, items=items)  # fmt: skip

    @app.get("/actors", response_class=HTMLResponse, include_in_schema=False)
    async def actors(request: Request) -> HTMLResponse:
        params = _clean(dict(request.query_params))
        try:
            result = queries.actors(store, params.get("q"), params.get("code"), params.get("country"),
                                    params.get("kind"), limit=PAGE, offset=offset_of(request))  # fmt: skip
        except DyadError as exc:
            return error(request, exc)
        return page(request, "actors.html", title="Actors", result=result, params=params)

    @app.get("/actor", response_class=HTMLResponse, include_in_schema=False)
    async def actor_page(request: Request) -> HTMLResponse:
        params = _clean(dict(request.query_params))
        try:
            # A KB actor (by id, or by the name, alias or code that leads to it), else the old per-name profile.
            profile = queries.actor(store, id=params.get("id"), name=params.get("name"), code=params.get("code"))
            said = queries.actor_quotes(store, profile, text=params.get("text"), limit=20)
            as_actor = queries.actor_events(store, profile, "actor", limit=20)
            as_recipient = queries.actor_events(store, profile, "recipient", limit=20)
        except DyadError as exc:
            return error(request, exc)
        return page(request, "actor.html", title=profile["name"], p=profile, params=params, said=said,
                    as_actor=as_actor, as_recipient=as_recipient)  # fmt: skip

    @app.get("/quotes", response_class=HTMLResponse, include_in_schema=False)
    async def quotes(request: Request) -> HTMLResponse:
        params = _clean(dict(request.query_params))
        filters = {
            k: params.get(k) for k in ("speaker", "actor", "text", "since", "until", "outlet", "country", "month")
        }
        try:
            result = queries.search_quotes(store, **filters, limit=PAGE, offset=offset_of(request))
            facets = queries.quote_facets(store, **filters)
        except DyadError as exc:
            return error(request, exc)
        return page(request, "quotes.html", title="Quotes", result=result, facets=facets, params=params)

    @app.get("/events", response_class=HTMLResponse, include_in_schema=False)
    async def events(request: Request) -> HTMLResponse:
        params = _clean(dict(request.query_params))
        try:
            result = queries.filter_events(store, params.get("actor"), params.get("recipient"), params.get("type"),
                                           params.get("modality"), params.get("since"), params.get("until"),
                                           params.get("place"), bool(params.get("narrator_only")), limit=PAGE,
                                           offset=offset_of(request))  # fmt: skip
        except DyadError as exc:
            return error(request, exc)
        return page(request, "events.html", title="Events", result=result, params=params)

    @app.get("/timeline", response_class=HTMLResponse, include_in_schema=False)
    async def timeline(request: Request) -> HTMLResponse:
        params = _clean(dict(request.query_params))
        chart, rows = None, []
        if params.get("actor"):
            try:
                interval = params.get("interval", "month")
                rows = queries.timeline(store, params["actor"], params.get("recipient"), interval, params.get("since"),
                                        params.get("until"), both_directions=bool(params.get("recipient")),
                                        modality=params.get("modality"))  # fmt: skip
            except DyadError as exc:
                return error(request, exc)
            chart = render.timeline_chart(rows, interval)
        pairs = queries.relations(store, limit=20)["edges"]
        return page(request, "timeline.html", title="Timeline", params=params, chart=chart, rows=rows, pairs=pairs)

    @app.get("/graph", response_class=HTMLResponse, include_in_schema=False)
    async def graph(request: Request) -> HTMLResponse:
        params = _clean(dict(request.query_params))
        types = [t for t in request.query_params.getlist("type") if t in PLOVER_TYPES]
        min_events = params.get("min_events", "1")
        try:
            if not min_events.isdigit() or int(min_events) < 1:
                raise QueryError(f"min_events must be a whole number of 1 or more, not '{min_events}'")
            data = queries.relations(store, params.get("since"), params.get("until"), types or None,
                                     params.get("modality"), int(min_events), limit=120)  # fmt: skip
        except DyadError as exc:
            return error(request, exc)
        return page(request, "graph.html", title="Relations", params=params, types=types,
                    layout=render.graph_layout(data), data=data)  # fmt: skip

    @app.get("/map", response_class=HTMLResponse, include_in_schema=False)
    async def event_map(request: Request) -> HTMLResponse:
        points = render.map_points(queries.event_locations(store))
        return page(request, "map.html", title="Map", countries=render.country_paths(), points=points,
                    width=render.MAP_WIDTH, height=render.MAP_HEIGHT)  # fmt: skip

    @app.get("/search", include_in_schema=False)
    async def search(request: Request) -> RedirectResponse:
        # The header's one search box: words go to the quote search.
        words = request.query_params.get("q", "")
        return RedirectResponse("/quotes?" + urlencode({"text": words}) if words.strip() else "/quotes", 303)
