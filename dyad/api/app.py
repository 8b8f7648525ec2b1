"""The REST API (FastAPI) and the web page on one store: `create_app(db_path)`.

Reads go through `dyad.store.queries`; every endpoint is a thin function over one query. The store
is used from the event loop's thread only (SQLite reads here take milliseconds), and the spaCy work
of POST /analyze and POST /articles runs in a worker thread. Writing is off unless the app is made
with ``allow_writes=True`` and a token; CORS is closed unless origins are given; request bodies
larger than ``max_body`` bytes are refused with 413 before they are read whole.
"""

from __future__ import annotations

import asyncio
import hmac
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import Body, Depends, FastAPI, Header, HTTPException, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from dyad import __version__
from dyad.api import schemas
from dyad.errors import DyadError, InputError, NotFound
from dyad.model import Analysis, Article, Modality, PublishedSource
from dyad.store import open_store, queries
from dyad.store.queries import MAX_LIMIT, QueryError

#: Default largest request body (bytes): an article of 1,000,000 characters with some room for JSON.
DEFAULT_MAX_BODY = 4_000_000

DESCRIPTION = """\
dyad turns news articles into sourced event data: who said and did what to whom, when and where.
Every fact points to the characters of the article that support it.

Lists are paginated with `limit` (1–500) and `offset`, in a stable order (newest first), and say
whether more rows follow (`has_more`). Dates (`since`, `until`) are YYYY, YYYY-MM or YYYY-MM-DD,
both inclusive. Errors are JSON `{"error": message, "code": code}` with a 4xx status.
"""


# Query parameters shared by several endpoints.
Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Rows per page.")]
Offset = Annotated[int, Query(ge=0, description="Rows to skip.")]
Day = Annotated[str | None, Query(pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$", description="YYYY, YYYY-MM or YYYY-MM-DD.")]
Code = Annotated[str | None, Query(max_length=40, pattern=r"^[A-Za-z0-9_]+$", description="Actor code, e.g. RUSGOV.")]


ActorId = Annotated[str | None, Query(max_length=40, pattern=r"^[A-Za-z0-9]+$", description="Knowledge-base actor id.")]
ActorName = Annotated[str | None, Query(max_length=300, description="A name or alias of the actor.")]


class ActorRole(StrEnum):
    ACTOR = "actor"
    RECIPIENT = "recipient"


class Interval(StrEnum):
    WEEK = "week"
    MONTH = "month"


class ArticleIn(BaseModel):
    """An article to analyse (or ingest): its text and what is known of it."""

    text: str = Field(min_length=1, max_length=1_000_000, description="The article body (plain text).")
    title: str | None = Field(None, max_length=1000)
    url: str | None = Field(None, max_length=4000)
    outlet: str | None = Field(None, max_length=300)
    author: str | None = Field(None, max_length=300)
    published: datetime | None = Field(None, description="Publication time, ISO 8601 (a missing date stays unknown).")

    def to_article(self) -> Article:
        meta = self.model_dump(exclude={"text"}, exclude_none=True)
        if self.published is not None:
            meta["published_source"] = PublishedSource.USER
        return Article.from_text(self.text, source_format="api", **meta)


class Stored(BaseModel):
    id: str = Field(description="The article id (content hash).")
    status: str = Field(description="added, replaced or unchanged.")
    quotes: int
    events: int


class BodyLimit:
    """ASGI middleware: refuse request bodies over ``max_body`` bytes with 413, declared or streamed."""

    def __init__(self, app: ASGIApp, max_body: int):
        self.app, self.max_body = app, max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers", [])).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_body:
            await _too_large(send, self.max_body)
            return
        seen = 0

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > self.max_body:
                raise _BodyTooLarge
            return message

        try:
            await self.app(scope, counted, send)
        except _BodyTooLarge:
            await _too_large(send, self.max_body)


class _BodyTooLarge(Exception):
    pass


async def _too_large(send: Send, limit: int) -> None:
    response = JSONResponse({"error": f"request body larger than {limit} bytes", "code": "E413"}, status_code=413)
    await response({"type": "http"}, _no_body, send)


async def _no_body() -> Message:
    return {"type": "http.request", "body": b"", "more_body": False}


class SecurityHeaders:
    """ASGI middleware: a strict Content-Security-Policy on every response, so that even a markup bug
    could not run a script from an article (no inline script, nothing from another origin)."""

    policy = (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; "
        "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    )

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                headers += [
                    (b"content-security-policy", self.policy.encode()),
                    (b"x-content-type-options", b"nosniff"),
                    (b"referrer-policy", b"no-referrer"),
                ]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, with_headers if scope["type"] == "http" else send)


def create_app(
    db_path: str | Path,
    allow_writes: bool = False,
    token: str | None = None,
    *,
    analyzer: Any = None,
    max_body: int = DEFAULT_MAX_BODY,
    cors_origins: list[str] | None = None,
    web: bool = True,
) -> FastAPI:
    """The dyad app on the store at ``db_path``: the REST API under /api and the web page under /.

    Args:
        db_path: SQLite file (created if missing), or a postgresql:// URL.
        allow_writes: enable POST /api/articles; needs ``token``, which clients send as
            ``Authorization: Bearer TOKEN``.
        analyzer: an `Analyzer` to use for POST requests (default: loaded on first use).
        max_body: largest request body in bytes.
        cors_origins: origins allowed to call the API from a browser (default: none).
        web: serve the web page too.
    """
    if allow_writes and not token:
        raise DyadError("writes need a token: pass --token (clients send it as 'Authorization: Bearer TOKEN')")
    store = open_store(db_path)
    if store.dialect == "sqlite":
        # A server reads the same pages over and over: keep more of them in memory than SQLite's default 2 MB.
        store.conn.execute("PRAGMA cache_size = -262144")
        store.conn.execute("PRAGMA mmap_size = 1073741824")
    queries.refresh(store)
    app = FastAPI(
        title="dyad",
        version=__version__,
        description=DESCRIPTION,
        # FastAPI's Swagger and ReDoc pages load their scripts from a CDN: the description is at /openapi.json.
        docs_url=None,
        redoc_url=None,
        openapi_tags=[
            {"name": "articles", "description": "Stored articles and their analyses."},
            {"name": "actors", "description": "Actors across articles."},
            {"name": "quotes", "description": "Quotation search."},
            {"name": "events", "description": "PLOVER events, series and the relations graph."},
            {"name": "places", "description": "Places named in the articles."},
            {"name": "clusters", "description": "The same event or statement across articles (as of `dyad cluster`)."},
            {"name": "analysis", "description": "Analyse or ingest new text."},
        ],
    )
    app.state.store = store
    app.state.allow_writes = allow_writes
    app.state.analyzer = analyzer
    app.state.analyzer_lock = asyncio.Lock()
    app.state.analysis_lock = asyncio.Lock()

    @app.exception_handler(QueryError)
    async def bad_query(request: Request, exc: QueryError) -> JSONResponse:
        return JSONResponse({"error": str(exc), "code": exc.code}, status_code=400)

    @app.exception_handler(InputError)
    async def bad_input(request: Request, exc: InputError) -> JSONResponse:
        return JSONResponse({"error": str(exc), "code": exc.code}, status_code=422)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        problems = "; ".join(f"{'.'.join(str(p) for p in e['loc'][1:]) or 'body'}: {e['msg']}" for e in exc.errors())
        return JSONResponse(
            {"error": problems, "code": "E422", "detail": jsonable_encoder(exc.errors())}, status_code=422
        )

    @app.exception_handler(NotFound)
    async def not_found(request: Request, exc: NotFound) -> JSONResponse:
        return JSONResponse({"error": str(exc), "code": exc.code}, status_code=404)

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> JSONResponse:
        return JSONResponse({"error": exc.detail, "code": f"E{exc.status_code}"}, status_code=exc.status_code,
                            headers=exc.headers)  # fmt: skip

    async def analyze_text(body: ArticleIn) -> Analysis:
        analyzer = await get_analyzer()
        # One analysis at a time: a spaCy pipeline is not meant to be shared by threads.
        async with app.state.analysis_lock:
            return await run_in_threadpool(analyzer.analyze, body.to_article())

    async def get_analyzer() -> Any:
        async with app.state.analyzer_lock:
            if app.state.analyzer is None:
                from dyad.nlp.pipeline import Analyzer  # spaCy: only loaded when text is to be analysed

                app.state.analyzer = await run_in_threadpool(Analyzer)
        return app.state.analyzer

    def check_token(authorization: Annotated[str | None, Header()] = None) -> None:
        if not app.state.allow_writes:
            raise HTTPException(403, "writes are disabled on this server (start it with --allow-writes --token T)")
        scheme, _, given = (authorization or "").partition(" ")
        if scheme.lower() != "bearer" or not hmac.compare_digest(given.encode(), (token or "").encode()):
            raise HTTPException(401, "a valid token is needed: send 'Authorization: Bearer TOKEN'",
                                headers={"WWW-Authenticate": "Bearer"})  # fmt: skip

    @app.get("/api/stats", tags=["articles"], summary="Counts of stored articles and facts")
    async def stats() -> dict[str, Any]:
        return store.stats()

    @app.get("/api/articles", tags=["articles"], summary="List and search articles")
    async def articles(
        q: Annotated[str | None, Query(max_length=200, description="Words of the title or URL.")] = None,
        outlet: Annotated[str | None, Query(max_length=300)] = None,
        since: Day = None,
        until: Day = None,
        limit: Limit = 50,
        offset: Offset = 0,
    ) -> schemas.Page[schemas.ArticleRow]:
        return queries.list_articles(store, q, outlet, since, until, limit, offset).to_dict()

    @app.get(
        "/api/articles/{article_id}",
        tags=["articles"],
        summary="One article with its analysis",
        responses={200: {"description": "The stored Analysis (JSON Schema: dyad/data/analysis.schema.json)."}},
    )
    async def article(article_id: Annotated[str, Depends(_article_id)]) -> Response:
        return Response(queries.article_json(store, article_id), media_type="application/json")

    @app.get("/api/actors", tags=["actors"], summary="Actors across articles, most mentioned first")
    async def actors(
        q: Annotated[str | None, Query(max_length=200, description="Part of a name or alias.")] = None,
        code: Code = None,
        country: Annotated[str | None, Query(pattern=r"^[A-Z]{3}$")] = None,
        kind: Annotated[str | None, Query(max_length=20)] = None,
        limit: Limit = 50,
        offset: Offset = 0,
    ) -> schemas.Page[schemas.ActorRow]:
        return queries.actors(store, q, code, country, kind, limit, offset).to_dict()

    def actor_of(id: str | None, name: str | None, code: str | None) -> dict[str, Any]:
        profile = queries.actor(store, id=id, name=name, code=code)
        if profile.get("source") == "kb":
            query = urlencode({"id": profile["id"]})
            profile["links"] = {"quotes": f"/api/actors/quotes?{query}", "events": f"/api/actors/events?{query}",
                                "page": f"/actor?{query}"}  # fmt: skip
        return profile

    @app.get("/api/actors/profile", tags=["actors"], summary="An actor's names, aliases, roles and counts")
    async def actor_profile(id: ActorId = None, name: ActorName = None, code: Code = None) -> dict[str, Any]:
        return actor_of(id, name, code)

    @app.get("/api/actors/quotes", tags=["actors"], summary="An actor's quotes in every article linked to it")
    async def actor_quotes(
        id: ActorId = None,
        name: ActorName = None,
        code: Code = None,
        text: Annotated[str | None, Query(max_length=500, description="Words of the quote (full-text).")] = None,
        limit: Limit = 50,
        offset: Offset = 0,
    ) -> schemas.Page[schemas.QuoteRow]:
        return queries.actor_quotes(store, actor_of(id, name, code), text, limit, offset).to_dict()

    @app.get("/api/actors/events", tags=["actors"], summary="An actor's events in every article linked to it")
    async def actor_events(
        id: ActorId = None,
        name: ActorName = None,
        code: Code = None,
        role: Annotated[ActorRole | None, Query(description="Only as actor, or only as recipient.")] = None,
        limit: Limit = 50,
        offset: Offset = 0,
    ) -> schemas.Page[schemas.EventRow]:
        return queries.actor_events(
            store, actor_of(id, name, code), role.value if role else None, limit, offset
        ).to_dict()

    @app.get("/api/quotes", tags=["quotes"], summary="Search quotations")
    async def quotes(
        speaker: Annotated[str | None, Query(max_length=200, description="Words of the speaker's name.")] = None,
        actor: Code = None,
        text: Annotated[str | None, Query(max_length=500, description="Words of the quote (full-text).")] = None,
        since: Day = None,
        until: Day = None,
        outlet: Annotated[str | None, Query(max_length=300)] = None,
        country: Annotated[str | None, Query(pattern=r"^[A-Z]{3}$", description="Speaker's country.")] = None,
        month: Annotated[str | None, Query(pattern=r"^\d{4}-\d{2}$")] = None,
        facets: Annotated[bool, Query(description="Add counts by speaker, country, outlet and month.")] = False,
        limit: Limit = 50,
        offset: Offset = 0,
    ) -> schemas.QuotePage:
        filters = dict(speaker=speaker, actor=actor, text=text, since=since, until=until, outlet=outlet,
                       country=country, month=month)  # fmt: skip
        page = queries.search_quotes(store, **filters, limit=limit, offset=offset).to_dict()
        if facets:
            page["facets"] = queries.quote_facets(store, **filters)
        return page

    @app.get("/api/events", tags=["events"], summary="Filter events")
    async def events(
        actor: Code = None,
        recipient: Code = None,
        type: Annotated[str | None, Query(pattern=r"^[A-Za-z]+$", description="PLOVER type.")] = None,
        modality: Modality | None = None,
        since: Day = None,
        until: Day = None,
        place: Annotated[str | None, Query(max_length=200, description="Place name or GeoNames id.")] = None,
        narrator_only: Annotated[bool, Query(description="Leave out events stated inside quotations.")] = False,
        limit: Limit = 50,
        offset: Offset = 0,
    ) -> schemas.Page[schemas.EventRow]:
        return queries.filter_events(store, actor, recipient, type, modality.value if modality else None, since,
                                     until, place, narrator_only, limit, offset).to_dict()  # fmt: skip

    @app.get("/api/timeline", tags=["events"], summary="Counts and mean intensity per type per week or month")
    async def timeline(
        actor: Annotated[str, Query(max_length=40, pattern=r"^[A-Za-z0-9_]+$")],
        recipient: Code = None,
        interval: Interval = Interval.MONTH,
        since: Day = None,
        until: Day = None,
        both: Annotated[bool, Query(description="Count the recipient's events on the actor too.")] = False,
        modality: Modality | None = None,
    ) -> schemas.Timeline:
        rows = queries.timeline(store, actor, recipient, interval.value, since, until, both,
                                modality.value if modality else None)  # fmt: skip
        return {"actor": actor, "recipient": recipient, "interval": interval.value, "series": rows}

    @app.get("/api/graph", tags=["events"], summary="Relations graph: actors and event-weighted edges")
    async def graph(
        since: Day = None,
        until: Day = None,
        type: Annotated[list[str] | None, Query(description="PLOVER types (repeat the parameter).")] = None,
        modality: Modality | None = None,
        min_events: Annotated[int, Query(ge=1)] = 1,
        limit: Annotated[int, Query(ge=1, le=1000)] = 150,
    ) -> schemas.Graph:
        return queries.relations(store, since, until, type, modality.value if modality else None, min_events, limit)

    @app.get("/api/places", tags=["places"], summary="Places with article and event counts")
    async def places(
        country: Annotated[str | None, Query(pattern=r"^[A-Z]{3}$")] = None,
        q: Annotated[str | None, Query(max_length=200)] = None,
        limit: Limit = 100,
        offset: Offset = 0,
    ) -> schemas.Page[schemas.PlaceRow]:
        return queries.list_places(store, country, q, limit=limit, offset=offset).to_dict()

    @app.get(
        "/api/clusters/events", tags=["clusters"], summary="Events as reported across articles, best supported first"
    )
    async def event_clusters(
        actor: Code = None,
        recipient: Code = None,
        type: Annotated[str | None, Query(pattern=r"^[A-Za-z]+$", description="PLOVER type.")] = None,
        all_modalities: Annotated[bool, Query(description="Add intended, hypothetical, desired, negated.")] = False,
        include_quoted: Annotated[bool, Query(description="Add events known only from quotations.")] = False,
        limit: Limit = 50,
    ) -> dict[str, Any]:
        from dyad.store import clusters

        rows = clusters.event_clusters(store, actor=actor, recipient=recipient, event_type=type,
                                       all_modalities=all_modalities, include_quoted=include_quoted, limit=limit)  # fmt: skip
        return {"items": rows, "limit": limit}

    @app.get("/api/clusters/events/{cluster_id}", tags=["clusters"], summary="One event cluster and its evidence")
    async def event_cluster(cluster_id: Annotated[str, Depends(_cluster_id)]) -> dict[str, Any]:
        from dyad.store import clusters

        return {**clusters.event_cluster(store, cluster_id), "evidence": clusters.event_evidence(store, cluster_id)}

    @app.get("/api/clusters/statements", tags=["clusters"], summary="Statements reported by several articles")
    async def statement_clusters(
        speaker: Annotated[str | None, Query(max_length=200, description="Code prefix or part of a name.")] = None,
        limit: Limit = 50,
    ) -> dict[str, Any]:
        from dyad.store import clusters

        return {"items": clusters.statement_clusters(store, speaker=speaker, limit=limit), "limit": limit}

    @app.get("/api/clusters/statements/{cluster_id}", tags=["clusters"], summary="One statement and its reports")
    async def statement_cluster(cluster_id: Annotated[str, Depends(_cluster_id)]) -> dict[str, Any]:
        from dyad.store import clusters

        return {**clusters.statement_cluster(store, cluster_id),
                "evidence": clusters.statement_evidence(store, cluster_id)}  # fmt: skip

    @app.post("/api/analyze", tags=["analysis"], summary="Analyse a text without storing it")
    async def analyze(body: Annotated[ArticleIn, Body()]) -> dict[str, Any]:
        analysis = await analyze_text(body)
        return analysis.model_dump(mode="json")

    @app.post("/api/articles", tags=["analysis"], status_code=201, dependencies=[Depends(check_token)],
              summary="Analyse and store an article (writes must be enabled; needs the token)")  # fmt: skip
    async def ingest(body: Annotated[ArticleIn, Body()]) -> Stored:
        analysis = await analyze_text(body)
        status = store.save(analysis)
        queries.refresh(store)
        return Stored(id=analysis.article.id, status=status, quotes=len(analysis.quotes), events=len(analysis.events))

    if web:
        from dyad.web.views import mount_web

        mount_web(app, store)
    if cors_origins:
        app.add_middleware(CORSMiddleware, allow_origins=cors_origins, allow_methods=["GET", "POST"],
                           allow_headers=["Authorization", "Content-Type"])  # fmt: skip
    app.add_middleware(SecurityHeaders)
    app.add_middleware(BodyLimit, max_body=max_body)
    return app


def _cluster_id(cluster_id: str) -> str:
    if not 1 <= len(cluster_id) <= 100 or not all(c.isalnum() or c in "-_:." for c in cluster_id):
        raise QueryError(f"'{cluster_id}' is not a cluster id")
    return cluster_id


def _article_id(article_id: str) -> str:
    if not 6 <= len(article_id) <= 64 or not article_id.isalnum():
        raise QueryError(f"'{article_id}' is not an article id (6 to 64 letters and digits)")
    return article_id


@contextmanager
def running(app: ASGIApp) -> Iterator[str]:
    """Serve an ASGI app with uvicorn on a free localhost port in a background thread; yields its base URL.

    For tests, benchmarks and notebooks; `dyad serve` runs uvicorn in the foreground instead.
    """
    import uvicorn

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the test server did not start")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
