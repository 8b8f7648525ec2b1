"""Read-side queries over a `Store`: what the API, the web page and the query commands ask.

Every function takes a `Store`, runs parameterised SQL and returns plain dicts. Lists are paginated
(``limit``/``offset``) in a stable order: newest first, ties broken by article id and fact id, so a page
never repeats or skips a row while the data stays the same.

Questions that cut across articles (events of an actor, a pair's monthly series, the relations graph,
the actor and place directories) read a *read model*: tables of migration 2 derived from the fact
tables. `refresh` brings it up to date, incrementally (only articles added, replaced or deleted since
the last refresh), and is called by every query here, so callers never see stale results; when nothing
changed it costs two PRAGMA reads.

Dates: an event's *day* is its own date when the text gives a full one ("on October 29" →
2024-10-29), else the article's publication day. ``since``/``until`` accept YYYY, YYYY-MM or
YYYY-MM-DD and are inclusive ("until 2024-10" includes 31 October).
"""

from __future__ import annotations

import functools
import json
import re
import sqlite3
import weakref
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from dyad.errors import DyadError, NotFound
from dyad.store.dialect import SQLiteDialect
from dyad.store.sqlite import Store

#: The largest page any list returns (the API and CLI validate against it).
MAX_LIMIT = 500

#: Facets are counted over at most this many matching quotes (the newest), so they stay fast on big stores.
FACET_SAMPLE = 1000


class QueryError(DyadError):
    """A query parameter that cannot be used (a malformed date, an unknown interval)."""

    code = "E410"


@dataclass
class Page:
    """One page of a list: its rows, where it starts, and whether more rows follow."""

    items: list[dict[str, Any]]
    limit: int
    offset: int
    has_more: bool
    extra: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "items": self.items,
            "limit": self.limit,
            "offset": self.offset,
            "has_more": self.has_more,
            **self.extra,
        }


# -- parameters ------------------------------------------------------------------------------------------------
_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def date_bounds(since: str | None, until: str | None) -> tuple[str | None, str | None]:
    """Turn inclusive ``since``/``until`` (YYYY, YYYY-MM or YYYY-MM-DD) into ``[low, high)`` day strings.

    >>> date_bounds("2024-10", "2024-10")
    ('2024-10-01', '2024-11-01')
    """
    low = _parse_date(since, "since", end=False) if since else None
    high = _parse_date(until, "until", end=True) if until else None
    return (low.isoformat() if low else None, high.isoformat() if high else None)


def _parse_date(value: str, name: str, end: bool) -> date:
    match = _DATE.match(value.strip())
    if not match:
        raise QueryError(f"{name}: '{value}' is not a date (use YYYY, YYYY-MM or YYYY-MM-DD)")
    year, month, day = int(match[1]), int(match[2] or 1), int(match[3] or 1)
    try:
        start = date(year, month, day)
    except ValueError as exc:
        raise QueryError(f"{name}: '{value}' is not a valid date ({exc})") from None
    if not end:
        return start
    if match[3]:
        return start + timedelta(days=1)
    if match[2]:
        return date(year + (month == 12), month % 12 + 1, 1)
    return date(year + 1, 1, 1)


def _page_args(limit: int, offset: int) -> tuple[int, int]:
    if not 1 <= limit <= MAX_LIMIT:
        raise QueryError(f"limit must be between 1 and {MAX_LIMIT}, not {limit}")
    if offset < 0:
        raise QueryError(f"offset must be 0 or more, not {offset}")
    return limit, offset


def _page(rows: list[dict[str, Any]], limit: int, offset: int, **extra: Any) -> Page:
    return Page(items=rows[:limit], limit=limit, offset=offset, has_more=len(rows) > limit, extra=extra)


def fts_phrase(words: str) -> str:
    """User words as an FTS5 query of quoted terms (all must match), so no input is read as FTS syntax.

    >>> fts_phrase('sacred "war"')
    '"sacred" "war"'
    """
    # Control characters go too: a NUL ends the query string inside SQLite's FTS5 parser.
    cleaned = re.sub(r'["\x00-\x1f\x7f]', " ", words)
    terms = [t for t in re.split(r"\s+", cleaned.strip()) if t]
    if not terms:
        raise QueryError("the search text has no words")
    return " ".join(f'"{t}"' for t in terms)


# -- the read model ----------------------------------------------------------------------------------------------
# What refresh last saw, per open Store: (PRAGMA data_version, connection total_changes).
_seen: weakref.WeakKeyDictionary[Store, tuple[int, int]] = weakref.WeakKeyDictionary()
# How many refreshes of each open Store re-read articles (so derived caches know the facts changed).
_generation: weakref.WeakKeyDictionary[Store, int] = weakref.WeakKeyDictionary()

# A changed article gets a new rowid or ingested_at (Store.save deletes, then inserts).
_SIGNATURE = "a.rowid || '|' || a.ingested_at || '|' || a.extractor_version"


@functools.cache
def _refresh_sql(d: SQLiteDialect) -> list[str]:
    """The statements of a refresh in dialect ``d``, reading the articles listed in the temp table read_dirty."""
    dirty = f"(SELECT article_id FROM {d.temp}read_dirty)"
    day = f"CASE WHEN {d.is_full_date('e.date')} THEN substr(e.date, 1, 10) ELSE substr(a.published, 1, 10) END"
    return [
        # 1. Take away the aggregates of the articles about to be re-read (their rows are still in the read model).
        f"""INSERT INTO dyad_months (actor, recipient, month, type, quad_class, modality, n, intensity_sum, intensity_n)
            SELECT actor, recipient, substr(day, 1, 7), type, quad_class, modality, -count(*), -{d.total("intensity")},
                   -count(intensity)
            FROM event_dyads WHERE article_id IN {dirty} AND day IS NOT NULL GROUP BY 1, 2, 3, 4, 5, 6
            ON CONFLICT (actor, recipient, month, type, quad_class, modality) DO UPDATE SET
                n = dyad_months.n + excluded.n, intensity_sum = dyad_months.intensity_sum + excluded.intensity_sum,
                intensity_n = dyad_months.intensity_n + excluded.intensity_n""",
        f"""INSERT INTO dyad_totals (actor, recipient, n, intensity_sum, intensity_n, cooperation, conflict)
            SELECT actor, recipient, -count(*), -{d.total("intensity")}, -count(intensity),
                   -sum(CASE WHEN quad_class IN (1, 2) THEN 1 ELSE 0 END),
                   -sum(CASE WHEN quad_class IN (3, 4) THEN 1 ELSE 0 END)
            FROM event_dyads WHERE article_id IN {dirty} AND day IS NOT NULL GROUP BY 1, 2
            ON CONFLICT (actor, recipient) DO UPDATE SET n = dyad_totals.n + excluded.n,
                intensity_sum = dyad_totals.intensity_sum + excluded.intensity_sum,
                intensity_n = dyad_totals.intensity_n + excluded.intensity_n,
                cooperation = dyad_totals.cooperation + excluded.cooperation,
                conflict = dyad_totals.conflict + excluded.conflict""",
        f"""INSERT INTO actor_directory (name, code, kind, country, articles)
            SELECT name, code, kind, country, -count(*) FROM read_actors WHERE article_id IN {dirty}
            GROUP BY 1, 2, 3, 4
            ON CONFLICT (name, code, kind, country) DO UPDATE SET
                articles = actor_directory.articles + excluded.articles""",
        f"""INSERT INTO place_directory (key, name, articles, events)
            SELECT key, '', -count(*), -{d.total("events")} FROM read_places WHERE article_id IN {dirty} GROUP BY key
            ON CONFLICT (key) DO UPDATE SET articles = place_directory.articles + excluded.articles,
                events = place_directory.events + excluded.events""",
        *(
            f"DELETE FROM {table} WHERE article_id IN {dirty}"
            for table in ("event_days", "event_parties", "event_dyads", "read_actors", "read_places", "read_sync")
        ),
        "DELETE FROM dyad_months WHERE n <= 0",
        "DELETE FROM dyad_totals WHERE n <= 0",
        "DELETE FROM actor_directory WHERE articles <= 0",
        "DELETE FROM place_directory WHERE articles <= 0",
        # 2. Read the current facts of those articles.
        f"""INSERT INTO event_days (article_id, event_id, day, type, quad_class, modality, narrator, intensity,
                                    place_id)
            SELECT e.article_id, e.id, {day}, e.type, e.quad_class, e.modality,
                   CASE WHEN e.quote_id IS NULL THEN 1 ELSE 0 END, e.intensity, e.place_id
            FROM events e JOIN articles a ON a.id = e.article_id WHERE e.article_id IN {dirty}""",
        # Undated events (no date in the text, an undated article) have no parties: day is in the primary key.
        *(
            f"""INSERT INTO event_parties (code, role, day, article_id, event_id)
                SELECT x.code, '{role}', d.day, e.article_id, e.id
                FROM events e JOIN event_days d ON d.article_id = e.article_id AND d.event_id = e.id,
                     {d.json_values(f"e.{column}", "j")} JOIN actors x ON x.id = j.value
                WHERE x.article_id = e.article_id AND e.article_id IN {dirty} AND x.code IS NOT NULL
                    AND d.day IS NOT NULL
                ON CONFLICT DO NOTHING"""
            for role, column in (("actor", "actors_json"), ("recipient", "recipients_json"))
        ),
        # An actor acts on each recipient; the parties of a reciprocal event (talks) act on each other.
        f"""INSERT INTO event_dyads (actor, recipient, day, type, quad_class, modality, intensity, article_id,
                                     event_id)
            SELECT DISTINCT pa.code, pr.code, d.day, d.type, coalesce(d.quad_class, 0), d.modality, d.intensity,
                   d.article_id, d.event_id
            FROM event_days d JOIN events e ON e.article_id = d.article_id AND e.id = d.event_id
            JOIN event_parties pa ON pa.article_id = d.article_id AND pa.event_id = d.event_id AND pa.role = 'actor'
            JOIN event_parties pr ON pr.article_id = d.article_id AND pr.event_id = d.event_id
                 AND (pr.role = 'recipient' OR (pr.role = 'actor' AND e.reciprocal != 0))
            WHERE d.article_id IN {dirty} AND pa.code != pr.code""",
        f"""INSERT INTO dyad_months (actor, recipient, month, type, quad_class, modality, n, intensity_sum, intensity_n)
            SELECT actor, recipient, substr(day, 1, 7), type, quad_class, modality, count(*), {d.total("intensity")},
                   count(intensity)
            FROM event_dyads WHERE article_id IN {dirty} AND day IS NOT NULL GROUP BY 1, 2, 3, 4, 5, 6
            ON CONFLICT (actor, recipient, month, type, quad_class, modality) DO UPDATE SET
                n = dyad_months.n + excluded.n, intensity_sum = dyad_months.intensity_sum + excluded.intensity_sum,
                intensity_n = dyad_months.intensity_n + excluded.intensity_n""",
        f"""INSERT INTO dyad_totals (actor, recipient, n, intensity_sum, intensity_n, cooperation, conflict)
            SELECT actor, recipient, count(*), {d.total("intensity")}, count(intensity),
                   sum(CASE WHEN quad_class IN (1, 2) THEN 1 ELSE 0 END),
                   sum(CASE WHEN quad_class IN (3, 4) THEN 1 ELSE 0 END)
            FROM event_dyads WHERE article_id IN {dirty} AND day IS NOT NULL GROUP BY 1, 2
            ON CONFLICT (actor, recipient) DO UPDATE SET n = dyad_totals.n + excluded.n,
                intensity_sum = dyad_totals.intensity_sum + excluded.intensity_sum,
                intensity_n = dyad_totals.intensity_n + excluded.intensity_n,
                cooperation = dyad_totals.cooperation + excluded.cooperation,
                conflict = dyad_totals.conflict + excluded.conflict""",
        # Anonymous sources ("one official") are not directory entries: they are not the same actor across articles.
        f"""INSERT INTO read_actors (article_id, name, code, kind, country)
            SELECT DISTINCT article_id, name, coalesce(code, ''), kind, coalesce(country, '')
            FROM actors WHERE article_id IN {dirty} AND anonymous = 0""",
        f"""INSERT INTO actor_directory (name, code, kind, country, articles)
            SELECT name, code, kind, country, count(*) FROM read_actors WHERE article_id IN {dirty}
            GROUP BY 1, 2, 3, 4
            ON CONFLICT (name, code, kind, country) DO UPDATE SET
                articles = actor_directory.articles + excluded.articles""",
        f"""INSERT INTO read_places (article_id, key, name, geonameid, country, admin1, lat, lon, kind, events)
            SELECT p.article_id, CASE WHEN p.geonameid IS NOT NULL THEN 'g' || p.geonameid ELSE 'n:' || p.name END,
                   min(p.name), min(p.geonameid), min(p.country), min(p.admin1), min(p.lat), min(p.lon), min(p.kind),
                   {d.total("(SELECT count(*) FROM events e WHERE e.article_id = p.article_id AND e.place_id = p.id)")}
            FROM places p WHERE p.article_id IN {dirty} GROUP BY 1, 2""",
        f"""INSERT INTO place_directory (key, name, geonameid, country, admin1, lat, lon, kind, articles, events)
            SELECT key, min(name), min(geonameid), min(country), min(admin1), min(lat), min(lon), min(kind), count(*),
                   {d.total("events")}
            FROM read_places WHERE article_id IN {dirty} GROUP BY key
            ON CONFLICT (key) DO UPDATE SET articles = place_directory.articles + excluded.articles,
                events = place_directory.events + excluded.events,
                name = CASE WHEN place_directory.name = '' THEN excluded.name ELSE place_directory.name END,
                geonameid = coalesce(place_directory.geonameid, excluded.geonameid),
                country = coalesce(place_directory.country, excluded.country),
                admin1 = coalesce(place_directory.admin1, excluded.admin1),
                lat = coalesce(place_directory.lat, excluded.lat), lon = coalesce(place_directory.lon, excluded.lon),
                kind = coalesce(place_directory.kind, excluded.kind)""",
        f"""INSERT INTO read_sync (article_id, signature)
            SELECT a.id, {_SIGNATURE} FROM articles a WHERE a.id IN {dirty}""",
    ]


# Every write to `articles`, from any process, queues the article for the next refresh. These are created
# here rather than in a migration because a trigger's body holds semicolons, which the migration runner
# splits statements on.
_CHANGE_LOG = {
    "sqlite": [
        "CREATE TABLE IF NOT EXISTS read_queue (article_id TEXT PRIMARY KEY) WITHOUT ROWID",
        "CREATE TRIGGER IF NOT EXISTS read_queue_insert AFTER INSERT ON articles"
        " BEGIN INSERT OR IGNORE INTO read_queue (article_id) VALUES (new.id); END",
        "CREATE TRIGGER IF NOT EXISTS read_queue_delete AFTER DELETE ON articles"
        " BEGIN INSERT OR IGNORE INTO read_queue (article_id) VALUES (old.id); END",
    ],
    "postgresql": [
        "CREATE TABLE IF NOT EXISTS read_queue (article_id TEXT PRIMARY KEY)",
        "CREATE OR REPLACE FUNCTION read_queue_add() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
        " INSERT INTO read_queue (article_id) VALUES (CASE WHEN TG_OP = 'DELETE' THEN OLD.id ELSE NEW.id END)"
        " ON CONFLICT DO NOTHING; RETURN NULL; END $$",
        "CREATE OR REPLACE TRIGGER read_queue_insert AFTER INSERT ON articles"
        " FOR EACH ROW EXECUTE FUNCTION read_queue_add()",
        "CREATE OR REPLACE TRIGGER read_queue_delete AFTER DELETE ON articles"
        " FOR EACH ROW EXECUTE FUNCTION read_queue_add()",
    ],
}
_LOGGED = {
    "sqlite": "SELECT 1 FROM sqlite_master WHERE name = 'read_queue_delete'",
    "postgresql": "SELECT 1 FROM pg_trigger WHERE tgname = 'read_queue_delete' AND tgrelid = 'articles'::regclass",
}
_DEQUEUE = {
    # SQLite's writers wait for this transaction; PostgreSQL's go on, so only the articles read leave the queue.
    "sqlite": "DELETE FROM read_queue",
    "postgresql": "DELETE FROM read_queue WHERE article_id IN (SELECT article_id FROM pg_temp.read_dirty)",
}


def _may_have_changed(store: Store) -> bool:
    """Whether anyone may have written to the store since this connection's last refresh. SQLite tells for
    free (data_version counts other connections' commits, total_changes this one's); on PostgreSQL, whether
    the triggers queued an article."""
    conn = store.conn
    if store.dialect == "sqlite":
        return _seen.get(store) != (conn.execute("PRAGMA data_version").fetchone()[0], conn.total_changes)
    return bool(conn.execute("SELECT EXISTS (SELECT 1 FROM read_queue)").fetchone()[0])


def refresh(store: Store, force: bool = False) -> int:
    """Bring the read model up to date with the stored articles; returns how many articles were re-read.

    Only articles added, replaced or deleted since the last refresh are read again, all in one
    transaction: triggers queue every article written, so finding them costs nothing. The first
    refresh of a store (or one with ``force``) compares every article instead. Without ``force``, a
    store that nobody wrote to since this connection's last refresh is not even looked at.
    """
    conn, d = store.conn, store.sql
    if not force and store in _seen and not _may_have_changed(store):
        return 0
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS read_dirty (article_id TEXT PRIMARY KEY)")
    with store.transaction():
        # One refresh at a time (a no-op on SQLite, whose write transaction already is one at a time).
        store._lock_article(conn, "dyad read model")
        conn.execute(f"DELETE FROM {d.temp}read_dirty")
        logged = conn.execute(_LOGGED[store.dialect]).fetchone()
        if logged and not force:
            conn.execute(f"INSERT INTO {d.temp}read_dirty SELECT article_id FROM read_queue")
        else:
            for sql in _CHANGE_LOG[store.dialect]:
                conn.execute(sql)
            conn.execute(
                f"INSERT INTO {d.temp}read_dirty SELECT a.id FROM articles a"
                f" LEFT JOIN read_sync s ON s.article_id = a.id WHERE s.signature IS NULL OR s.signature != {_SIGNATURE}"
            )
            conn.execute(
                f"INSERT INTO {d.temp}read_dirty SELECT s.article_id FROM read_sync s"
                " WHERE NOT EXISTS (SELECT 1 FROM articles a WHERE a.id = s.article_id) ON CONFLICT DO NOTHING"
            )
        conn.execute(_DEQUEUE[store.dialect])
        dirty = conn.execute(f"SELECT count(*) FROM {d.temp}read_dirty").fetchone()[0]
        if dirty:
            for sql in _refresh_sql(d):
                conn.execute(sql)
    _seen[store] = (
        (conn.execute("PRAGMA data_version").fetchone()[0], conn.total_changes) if store.dialect == "sqlite" else ()
    )
    if dirty:
        _generation[store] = _generation.get(store, 0) + 1
    return dirty


# -- articles ----------------------------------------------------------------------------------------------------
def list_articles(
    store: Store,
    q: str | None = None,
    outlet: str | None = None,
    since: str | None = None,
    until: str | None = None,
    limit: int = 50,
    offset: int = 0,
) -> Page:
    """Stored articles, newest publication first (undated last); ``q`` searches title and URL."""
    limit, offset = _page_args(limit, offset)
    low, high = date_bounds(since, until)
    like = store.sql.like
    where, params = [], []
    if q:
        where.append(f"(a.title {like} ? ESCAPE '\\' OR a.url {like} ? ESCAPE '\\')")
        like = "%" + re.sub(r"([%_\\])", r"\\\1", q) + "%"
        params += [like, like]
    if outlet:
        where.append("a.outlet = ?")
        params.append(outlet)
    if low:
        where.append("a.published >= ?")
        params.append(low)
    if high:
        where.append("a.published < ?")
        params.append(high)
    sql = (
        "SELECT a.id, a.title, a.outlet, a.url, a.author, a.published, a.published_source, a.source_format,"
        " a.extractor_version FROM articles a"
        + (" WHERE " + " AND ".join(where) if where else "")
        + f" ORDER BY a.published {store.sql.desc}, a.rowid DESC LIMIT ? OFFSET ?"
    )
    rows = [dict(r) for r in store.conn.execute(sql, [*params, limit + 1, offset])]
    for row in rows[:limit]:
        row["quotes"] = store.conn.execute("SELECT count(*) FROM quotes WHERE article_id = ?", (row["id"],)).fetchone()[
            0
        ]
        row["events"] = store.conn.execute("SELECT count(*) FROM events WHERE article_id = ?", (row["id"],)).fetchone()[
            0
        ]
    return _page(rows, limit, offset)


def totals(store: Store) -> dict[str, int]:
    """Counts of articles, quotes and events (cheaper than `Store.stats`, which counts every table)."""
    return {
        table: store.conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
        for table in ("articles", "quotes", "events")
    }


def outlets(store: Store, limit: int = 100) -> list[dict[str, Any]]:
    """Outlets with their article counts, most articles first."""
    rows = store.conn.execute(
        "SELECT outlet, count(*) AS articles FROM articles WHERE outlet IS NOT NULL"
        " GROUP BY outlet ORDER BY articles DESC, outlet LIMIT ?",
        (limit,),
    )
    return [dict(r) for r in rows]


def article_json(store: Store, article_id: str) -> str:
    """The stored analysis of an article as JSON text, as written (by full id or a unique prefix of 6+ characters).

    Serving the stored text skips parsing and re-serialising it, which is most of the cost of a big article.
    """
    if not article_id.isalnum():  # ids are hex digits
        raise NotFound(f"no stored article with id '{article_id}'")
    rows = store.conn.execute("SELECT analysis_json FROM articles WHERE id = ?", (article_id,)).fetchall()
    if not rows and len(article_id) >= 6:
        # A prefix as a range of the primary key ('~' sorts after every letter and digit), so the index answers.
        rows = store.conn.execute(
            "SELECT analysis_json FROM articles WHERE id >= ? AND id < ? LIMIT 2", (article_id, article_id + "~")
        ).fetchall()
    if not rows:
        raise NotFound(f"no stored article with id '{article_id}'")
    if len(rows) > 1:
        raise NotFound(f"the id prefix '{article_id}' matches several articles; give more characters")
    return rows[0][0]


# -- actors ------------------------------------------------------------------------------------------------------
def list_actors(
    store: Store,
    q: str | None = None,
    code: str | None = None,
    country: str | None = None,
    kind: str | None = None,
    limit: int = 50,
    offset: int = 0,
) -> Page:
    """Actors across articles (one entry per name and code), most articles first; ``q`` searches names."""
    refresh(store)
    limit, offset = _page_args(limit, offset)
    where, params = [], []
    if q:
        where.append(f"name {store.sql.like} ? ESCAPE '\\'")
        params.append("%" + re.sub(r"([%_\\])", r"\\\1", q) + "%")
    for column, value in (("code", code), ("country", country), ("kind", kind)):
        if value:
            where.append(f"{column} = ?")
            params.append(value)
    sql = (
        "SELECT name, nullif(code, '') AS code, kind, nullif(country, '') AS country, articles FROM actor_directory"
        + (" WHERE " + " AND ".join(where) if where else "")
        + " ORDER BY articles DESC, name, code LIMIT ? OFFSET ?"
    )
    rows = [dict(r) for r in store.conn.execute(sql, [*params, limit + 1, offset])]
    return _page(rows, limit, offset)


def actor_profile(store: Store, name: str | None = None, code: str | None = None, recent: int = 500) -> dict[str, Any]:
    """What the store knows of an actor, by canonical name or by code: names, aliases, roles over time,
    countries, and counts of quotes, events as actor and events as recipient.

    Aliases and roles are read from the ``recent`` newest articles that mention the actor.
    """
    if not name and not code:
        raise QueryError("give an actor name or code")
    refresh(store)
    conn = store.conn
    where, params = [], []
    if name:
        where.append("x.name = ?")
        params.append(name)
    if code:
        where.append("x.code = ?")
        params.append(code)
    rows = conn.execute(
        "SELECT x.article_id, x.id, x.name, x.kind, x.code, x.country, x.sector, x.roles_json, x.aliases_json,"
        " a.published, a.title, a.outlet FROM actors x JOIN articles a ON a.id = x.article_id"
        f" WHERE {' AND '.join(where)} ORDER BY x.rowid DESC LIMIT ?",
        [*params, recent],
    ).fetchall()
    if not rows:
        raise NotFound(f"no stored actor with {'name ' + repr(name) if name else ''}{' and ' if name and code else ''}"
                       f"{'code ' + repr(code) if code else ''}")  # fmt: skip
    names: dict[str, int] = {}
    aliases: dict[str, int] = {}
    roles: dict[tuple[str, str | None], dict[str, Any]] = {}
    codes: dict[str, int] = {}
    countries: dict[str, int] = {}
    for r in rows:
        names[r["name"]] = names.get(r["name"], 0) + 1
        for alias in json.loads(r["aliases_json"]):
            if alias != r["name"]:
                aliases[alias] = aliases.get(alias, 0) + 1
        if r["code"]:
            codes[r["code"]] = codes.get(r["code"], 0) + 1
        if r["country"]:
            countries[r["country"]] = countries.get(r["country"], 0) + 1
        day = (r["published"] or "")[:10] or None
        for role in json.loads(r["roles_json"]):
            key = (role["title"], role.get("organization"))
            seen = roles.setdefault(
                key, {"title": key[0], "organization": key[1], "country": role.get("country"), "first": day,
                      "last": day, "articles": 0}
            )  # fmt: skip
            seen["articles"] += 1
            if day:
                seen["first"] = min(filter(None, [seen["first"], day]))
                seen["last"] = max(filter(None, [seen["last"], day]))

    def ranked(counts: dict[str, int]) -> list[dict[str, Any]]:
        return [{"value": k, "count": v} for k, v in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]

    main_code = code or (max(codes, key=lambda c: codes[c]) if codes else None)
    speaker_filter = ("speaker_code = ?", main_code) if code else ("speaker_name = ?", name)
    quote_count = conn.execute(f"SELECT count(*) FROM quotes WHERE {speaker_filter[0]}", (speaker_filter[1],))
    counts = {"quotes": quote_count.fetchone()[0], "articles": len({r["article_id"] for r in rows})}
    if main_code:
        for role in ("actor", "recipient"):
            counts[f"events_as_{role}"] = conn.execute(
                "SELECT count(*) FROM event_parties WHERE code = ? AND role = ?", (main_code, role)
            ).fetchone()[0]
    return {
        "name": name or ranked(names)[0]["value"],
        "code": main_code,
        "kind": rows[0]["kind"],
        "names": ranked(names),
        "aliases": ranked(aliases),
        "codes": ranked(codes),
        "countries": ranked(countries),
        "roles": sorted(roles.values(), key=lambda r: (r["first"] or "", r["title"])),
        "counts": counts,
        "recent_articles": [
            {"id": r["article_id"], "title": r["title"], "outlet": r["outlet"], "published": r["published"]}
            for r in rows[:10]
        ],
    }


# -- actors of the knowledge base -------------------------------------------------------------------------------
# The web page and the API present the knowledge base's actors (dyad.store.kb: one per actor across articles,
# as merged and renamed by users) when the store has any; a store without KB rows keeps the per-article
# directory above. The directory's counts per KB actor are summed into a temp table, kept until another
# connection commits, a refresh re-reads articles, or the KB is edited (merge, rename and import are logged).
_kb_seen: weakref.WeakKeyDictionary[Store, tuple[int, int, int]] = weakref.WeakKeyDictionary()
# How many refreshes of each open Store re-read articles (so derived caches know the facts changed).
_generation: weakref.WeakKeyDictionary[Store, int] = weakref.WeakKeyDictionary()


@functools.cache
def _kb_directory_sql(d: SQLiteDialect) -> list[str]:
    return [
        f"DROP TABLE IF EXISTS {d.temp}kb_directory",
        f"""CREATE TEMP TABLE kb_directory AS
           SELECT a.id, a.name, a.kind, a.country, a.sector, a.code, a.curated, a.first_seen, a.last_seen,
                  t.articles, t.quotes, t.events
           FROM (SELECT kb_id, count(DISTINCT article_id) AS articles, {d.total("quotes")} AS quotes,
                        {d.total("events")} AS events
                 FROM kb_links GROUP BY kb_id) t JOIN kb_actors a ON a.id = t.kb_id""",
        f"CREATE UNIQUE INDEX {d.temp_index}kb_directory_id ON kb_directory(id)",
        f"CREATE INDEX {d.temp_index}kb_directory_order ON kb_directory(articles DESC, name, id)",
        f"CREATE INDEX {d.temp_index}kb_directory_code ON kb_directory(code, articles DESC)",
    ]


_KB_COLUMNS = (
    "id, name, nullif(code, '') AS code, kind, nullif(country, '') AS country, sector, curated, first_seen,"
    " last_seen, articles, CAST(quotes AS INTEGER) AS quotes, CAST(events AS INTEGER) AS events"
)


def has_kb(store: Store) -> bool:
    """Whether the store has knowledge-base actors (stores written before the KB have none)."""
    return store.conn.execute("SELECT EXISTS (SELECT 1 FROM kb_actors)").fetchone()[0] == 1


def _kb_directory(store: Store) -> None:
    """Bring temp.kb_directory (each linked KB actor with its article, quote and event counts) up to date."""
    refresh(store)
    conn = store.conn
    # Not total_changes: other queries' temp tables (quote facets) would throw the directory away each time.
    mark = (
        conn.execute("PRAGMA data_version").fetchone()[0] if store.dialect == "sqlite" else 0,
        _generation.get(store, 0),
        conn.execute("SELECT coalesce(max(rowid), 0) FROM kb_log").fetchone()[0],
    )
    if _kb_seen.get(store) == mark:
        return
    for sql in _kb_directory_sql(store.sql):
        conn.execute(sql)
    _kb_seen[store] = mark


def kb_list_actors(
    store: Store,
    q: str | None = None,
    code: str | None = None,
    country: str | None = None,
    kind: str | None = None,
    limit: int = 50,
    offset: int = 0,
) -> Page:
    """Knowledge-base actors named in at least one article, most articles first; ``q`` searches their
    canonical names and aliases (so a merged or renamed actor is found by any of its names)."""
    limit, offset = _page_args(limit, offset)
    _kb_directory(store)
    where, params = [], []
    if q:
        from dyad.kb.identity import normalize_name

        pattern = "%" + re.sub(r"([%_\\])", r"\\\1", q) + "%"
        alias = "%" + re.sub(r"([%_\\])", r"\\\1", normalize_name(q) or q) + "%"
        like = store.sql.like
        where.append(
            f"(name {like} ? ESCAPE '\\' OR id IN (SELECT actor_id FROM kb_aliases WHERE alias {like} ? ESCAPE '\\'))"
        )
        params += [pattern, alias]
    for column, value in (("code", code), ("country", country), ("kind", kind)):
        if value:
            where.append(f"{column} = ?")
            params.append(value)
    sql = (
        f"SELECT {_KB_COLUMNS} FROM {store.sql.temp}kb_directory"
        + (" WHERE " + " AND ".join(where) if where else "")
        + " ORDER BY articles DESC, name, id LIMIT ? OFFSET ?"
    )
    rows = [dict(r) for r in store.conn.execute(sql, [*params, limit + 1, offset])]
    return _page(rows, limit, offset)


def kb_links(store: Store, article_id: str) -> dict[str, str]:
    """The knowledge-base actor of each of an article's actors: {article's actor id: KB id}."""
    rows = store.conn.execute("SELECT actor_id, kb_id FROM kb_links WHERE article_id = ?", (article_id,))
    return {r[0]: r[1] for r in rows}


def kb_resolve(store: Store, id: str | None = None, name: str | None = None, code: str | None = None) -> str | None:
    """The KB id an actor reference leads to: ``id`` itself; a ``name`` by the KB's aliases (narrowed by
    ``code`` when given both); a ``code`` by the country or group that code identifies, else the most
    reported KB actor with that code. None when nothing in the KB matches; NotFound for an unknown id or a
    name shared by several actors."""
    from dyad.kb.identity import normalize_name

    conn = store.conn
    if id:
        if conn.execute("SELECT 1 FROM kb_actors WHERE id = ?", (id,)).fetchone() is None:
            raise NotFound(f"no actor with id '{id}' in the knowledge base")
        return id
    if name:
        rows = conn.execute(
            "SELECT DISTINCT a.id, a.name, a.country, a.code FROM kb_aliases l JOIN kb_actors a ON a.id = l.actor_id"
            " WHERE l.alias = ? ORDER BY a.id",
            (normalize_name(name),),
        ).fetchall()
        if code and rows:
            rows = [r for r in rows if r["code"] == code] or rows
        if len(rows) > 1:
            rows = [r for r in rows if r["name"] == name] or rows
        if len(rows) > 1:
            choices = ", ".join(f"{r['id']} ({r['name']}, {r['country'] or '-'})" for r in rows)
            raise NotFound(f"'{name}' names several actors: {choices}; use an id")
        if rows:
            return rows[0]["id"]
        if not code:
            return None
    if code:
        row = conn.execute(
            "SELECT id FROM kb_actors WHERE identity IN (?, ?)", (f"country:{code}", f"group:{code}")
        ).fetchone()
        if row is None:
            row = conn.execute(
                "SELECT a.id FROM kb_actors a WHERE a.code = ? AND EXISTS (SELECT 1 FROM kb_links k WHERE k.kb_id = a.id)"
                " ORDER BY (SELECT count(*) FROM kb_links k WHERE k.kb_id = a.id) DESC, a.name, a.id LIMIT 1",
                (code,),
            ).fetchone()
        return row[0] if row else None
    return None


def kb_actor_profile(store: Store, kb_id: str, recent: int = 500) -> dict[str, Any]:
    """A KB actor: canonical name, every alias (merges and renames included), dated roles with their
    evidence count, the names and codes the articles gave it, and counts summed over every linked article.

    Names as written are read from the ``recent`` newest links."""
    refresh(store)
    conn = store.conn
    # Summed over this actor's links (index on kb_id), so a profile never waits for the whole directory.
    row = conn.execute(
        "SELECT a.id, a.name, nullif(a.code, '') AS code, a.kind, nullif(a.country, '') AS country, a.sector,"
        " a.curated, a.first_seen, a.last_seen, count(DISTINCT k.article_id) AS articles,"
        " coalesce(sum(k.quotes), 0) AS quotes, coalesce(sum(k.events), 0) AS events"
        " FROM kb_actors a LEFT JOIN kb_links k ON k.kb_id = a.id WHERE a.id = ? GROUP BY a.id",
        (kb_id,),
    ).fetchone()
    if row is None:
        raise NotFound(f"no actor with id '{kb_id}' in the knowledge base")
    profile = dict(row)
    profile["kb_aliases"] = [
        r[0] for r in conn.execute("SELECT alias FROM kb_aliases WHERE actor_id = ? ORDER BY alias", (kb_id,))
    ]
    profile["roles"] = [
        {**dict(r), "first": r["first_seen"], "last": r["last_seen"]}
        for r in conn.execute(
            "SELECT title, organization, country, min(as_of) AS first_seen, max(as_of) AS last_seen,"
            " count(DISTINCT article_id) AS articles, count(*) AS evidence FROM kb_roles WHERE actor_id = ?"
            f" GROUP BY title, organization, country ORDER BY min(as_of){store.sql.nulls_first}, title",
            (kb_id,),
        )
    ]
    linked = conn.execute(
        "SELECT x.article_id, x.name, x.code, x.country, x.aliases_json, a.published, a.title, a.outlet"
        " FROM kb_links k JOIN actors x ON x.article_id = k.article_id AND x.id = k.actor_id"
        " JOIN articles a ON a.id = k.article_id WHERE k.kb_id = ? ORDER BY k.rowid DESC LIMIT ?",
        (kb_id, recent),
    ).fetchall()
    names: dict[str, int] = {}
    aliases: dict[str, int] = {}
    codes: dict[str, int] = {}
    countries: dict[str, int] = {}
    for r in linked:
        names[r["name"]] = names.get(r["name"], 0) + 1
        for alias in json.loads(r["aliases_json"]):
            aliases[alias] = aliases.get(alias, 0) + 1
        if r["code"]:
            codes[r["code"]] = codes.get(r["code"], 0) + 1
        if r["country"]:
            countries[r["country"]] = countries.get(r["country"], 0) + 1

    def ranked(counts: dict[str, int]) -> list[dict[str, Any]]:
        return [{"value": k, "count": v} for k, v in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]

    from dyad.kb.identity import normalize_name

    # The KB keeps aliases normalised ("choe son hui"); people read them as the articles wrote them.
    written: dict[str, str] = {}
    for name, _ in sorted({**aliases, **names}.items(), key=lambda kv: (-kv[1], kv[0])):
        written.setdefault(normalize_name(name), name)
    written.setdefault(normalize_name(profile["name"]), profile["name"])
    profile["kb_alias_names"] = [written.get(key, key) for key in profile["kb_aliases"]]
    profile.update(
        source="kb",
        names=ranked(names),
        aliases=ranked({k: v for k, v in aliases.items() if k not in names}),
        codes=ranked(codes),
        countries=ranked(countries),
        counts={"articles": profile["articles"], "quotes": profile["quotes"], "events": profile["events"]},
        recent_articles=list(
            {
                r["article_id"]: {"id": r["article_id"], "title": r["title"], "outlet": r["outlet"],
                                  "published": r["published"]}
                for r in linked[:20]
            }.values()
        )[:10],
    )  # fmt: skip
    profile["curated"] = bool(profile["curated"])
    return profile


def kb_actor_quotes(store: Store, kb_id: str, text: str | None = None, limit: int = 50, offset: int = 0) -> Page:
    """The quotes of a KB actor in every article linked to it, newest first; ``text`` words narrow them."""
    limit, offset = _page_args(limit, offset)
    where, params = ["k.kb_id = ?", "k.quotes > 0"], [kb_id]
    if text:
        match, words = store.sql.quote_match("quotes_fts", fts_phrase(text), None)
        where.append(f"(q.article_id, q.id) IN (SELECT article_id, quote_id FROM quotes_fts WHERE {match})")
        params += words
    sql = (
        f"SELECT {_QUOTE_COLUMNS} FROM kb_links k"
        " JOIN quotes q ON q.article_id = k.article_id AND q.speaker_actor_id = k.actor_id"
        " JOIN articles a ON a.id = q.article_id"
        f" WHERE {' AND '.join(where)} ORDER BY q.date {store.sql.desc}, q.article_id DESC, q.id DESC LIMIT ? OFFSET ?"
    )
    rows = [dict(r) for r in store.conn.execute(sql, [*params, limit + 1, offset])]
    return _page(rows, limit, offset)


def kb_actor_events(store: Store, kb_id: str, role: str | None = None, limit: int = 50, offset: int = 0) -> Page:
    """The events of a KB actor in every article linked to it (as actor, as recipient, or either when
    ``role`` is None), newest day first."""
    if role not in (None, "actor", "recipient"):
        raise QueryError(f"role must be actor or recipient, not '{role}'")
    refresh(store)
    limit, offset = _page_args(limit, offset)
    sides = [f"e.{side}s_json" for side in ((role,) if role else ("actor", "recipient"))]
    party = " OR ".join(
        f"EXISTS (SELECT 1 FROM {store.sql.json_values(column, 'j')} WHERE j.value = k.actor_id)" for column in sides
    )
    sql = (
        "SELECT DISTINCT d.day, d.article_id, d.event_id FROM kb_links k"
        " JOIN events e ON e.article_id = k.article_id"
        " JOIN event_days d ON d.article_id = e.article_id AND d.event_id = e.id"
        f" WHERE k.kb_id = ? AND k.events > 0 AND ({party})"
        f" ORDER BY d.day {store.sql.desc}, d.article_id DESC, d.event_id DESC LIMIT ? OFFSET ?"
    )
    keys = store.conn.execute(sql, [kb_id, limit + 1, offset]).fetchall()
    return _page(_event_rows(store, [(k[1], k[2]) for k in keys]), limit, offset)


def actors(
    store: Store,
    q: str | None = None,
    code: str | None = None,
    country: str | None = None,
    kind: str | None = None,
    limit: int = 50,
    offset: int = 0,
) -> Page:
    """The actor directory the web page and the API show: the knowledge base's actors, or, in a store
    without a knowledge base, actors by name and code (`list_actors`)."""
    if has_kb(store):
        return kb_list_actors(store, q, code, country, kind, limit, offset)
    return list_actors(store, q, code, country, kind, limit, offset)


def actor(store: Store, id: str | None = None, name: str | None = None, code: str | None = None) -> dict[str, Any]:
    """One actor's profile, by KB id, name or alias, or code: the KB actor they lead to (`kb_actor_profile`,
    ``source`` "kb"), else what the articles say of that name or code (`actor_profile`, ``source`` "articles")."""
    if not (id or name or code):
        raise QueryError("give an actor id, name or code")
    if has_kb(store):
        kb_id = kb_resolve(store, id, name, code)
        if kb_id is not None:
            return kb_actor_profile(store, kb_id)
    if id:
        raise NotFound(f"no actor with id '{id}' in the knowledge base")
    return {**actor_profile(store, name=name, code=code), "id": None, "source": "articles"}


def actor_quotes(store: Store, profile: dict[str, Any], text: str | None = None, limit: int = 50,
                 offset: int = 0) -> Page:  # fmt: skip
    """The quotes of a profile from `actor`: every linked article's for a KB actor, else by code or name."""
    if profile.get("source") == "kb":
        return kb_actor_quotes(store, profile["id"], text, limit, offset)
    by = {"actor": profile["code"]} if profile.get("code") else {"speaker": profile["name"]}
    return search_quotes(store, **by, text=text, limit=limit, offset=offset)


def actor_events(store: Store, profile: dict[str, Any], role: str | None = None, limit: int = 50,
                 offset: int = 0) -> Page:  # fmt: skip
    """The events of a profile from `actor` (``role`` actor or recipient, or either): every linked article's
    for a KB actor, else by code (none for an actor without one)."""
    if profile.get("source") == "kb":
        return kb_actor_events(store, profile["id"], role, limit, offset)
    if not profile.get("code"):
        return _page([], limit, offset)
    if role is None:
        raise QueryError("give a role (actor or recipient) for an actor outside the knowledge base")
    kwargs = {role: profile["code"]}
    return filter_events(store, **kwargs, limit=limit, offset=offset)


# -- quotes ------------------------------------------------------------------------------------------------------
def _quote_filters(
    d: SQLiteDialect,
    speaker: str | None,
    actor: str | None,
    text: str | None,
    since: str | None,
    until: str | None,
    outlet: str | None,
    country: str | None,
    month: str | None,
) -> tuple[str, list[Any], str]:
    """FROM … WHERE … for a quote search, its parameters, and the ORDER BY that keeps pages stable."""
    low, high = date_bounds(since, until)
    where, params = [], []
    match = text or speaker
    if match:
        source = (
            "quotes_fts f JOIN quotes q ON q.article_id = f.article_id AND q.id = f.quote_id"
            " JOIN articles a ON a.id = q.article_id"
        )
        condition, words = d.quote_match(
            "f", fts_phrase(text) if text else None, fts_phrase(speaker) if speaker else None
        )
        where.append(condition)
        params += words
    else:
        source = "quotes q JOIN articles a ON a.id = q.article_id"
    if actor:
        where.append("q.speaker_code = ?")
        params.append(actor)
    # A quote's day: when it was said if the text says so, else when it was published.
    day = "coalesce(substr(q.date, 1, 10), substr(a.published, 1, 10))"
    if low:
        where.append(f"{day} >= ?")
        params.append(low)
    if high:
        where.append(f"{day} < ?")
        params.append(high)
    if month:
        if not re.fullmatch(r"\d{4}-\d{2}", month):
            raise QueryError(f"month: '{month}' is not YYYY-MM")
        where.append(f"substr({day}, 1, 7) = ?")
        params.append(month)
    if outlet:
        where.append("a.outlet = ?")
        params.append(outlet)
    if country:
        where.append("EXISTS (SELECT 1 FROM actors x WHERE x.article_id = q.article_id AND x.id = q.speaker_actor_id"
                     " AND x.country = ?)")  # fmt: skip
        params.append(country)
    sql = f" FROM {source}" + (" WHERE " + " AND ".join(where) if where else "")
    # A word search lists the most recently stored matches first: FTS5 gives that order without a sort,
    # where ordering thousands of matches of a common word by date would not stay fast.
    return sql, params, " ORDER BY f.rowid DESC" if match else f" ORDER BY q.date {d.desc}, q.rowid DESC"


_QUOTE_COLUMNS = (
    'q.article_id, q.id, q.kind, q.text, q.start, q."end", q.cue, q.speaker, q.speaker_name, q.speaker_code,'
    " q.speaker_role, q.speaker_actor_id, q.channel, q.date, q.date_source, a.title AS article_title,"
    " a.outlet, a.published, a.url"
)


def search_quotes(
    store: Store,
    speaker: str | None = None,
    actor: str | None = None,
    text: str | None = None,
    since: str | None = None,
    until: str | None = None,
    outlet: str | None = None,
    country: str | None = None,
    month: str | None = None,
    limit: int = 50,
    offset: int = 0,
) -> Page:
    """Quotes matching every given filter, newest first (by the quote's date; with ``text`` or ``speaker``
    words, most recently stored first).

    ``speaker`` matches words of the speaker's name ("lavrov" finds "Sergey Lavrov"); ``actor`` is the
    speaker's actor code (RUSGOV); ``text`` matches words of the content (full-text, diacritics ignored);
    ``country`` is the speaker's ISO alpha-3 country; ``month`` is YYYY-MM.
    """
    limit, offset = _page_args(limit, offset)
    source, params, order = _quote_filters(store.sql, speaker, actor, text, since, until, outlet, country, month)
    sql = f"SELECT {_QUOTE_COLUMNS}{source}{order} LIMIT ? OFFSET ?"
    rows = [dict(r) for r in store.conn.execute(sql, [*params, limit + 1, offset])]
    return _page(rows, limit, offset)


def quote_facets(
    store: Store,
    speaker: str | None = None,
    actor: str | None = None,
    text: str | None = None,
    since: str | None = None,
    until: str | None = None,
    outlet: str | None = None,
    country: str | None = None,
    month: str | None = None,
    size: int = 10,
) -> dict[str, Any]:
    """Counts by speaker, speaker country, outlet and month among the newest `FACET_SAMPLE` matching quotes."""
    source, params, order = _quote_filters(store.sql, speaker, actor, text, since, until, outlet, country, month)
    sample = (
        "SELECT q.speaker_name AS speaker, q.speaker_code AS code, a.outlet AS outlet,"
        " substr(coalesce(q.date, a.published), 1, 7) AS month,"
        " (SELECT x.country FROM actors x WHERE x.article_id = q.article_id AND x.id = q.speaker_actor_id) AS country"
        f"{source}{order} LIMIT {FACET_SAMPLE}"
    )
    conn, temp = store.conn, store.sql.temp
    conn.execute(f"DROP TABLE IF EXISTS {temp}quote_sample")
    conn.execute(f"CREATE TEMP TABLE quote_sample AS {sample}", params)
    total = conn.execute(f"SELECT count(*) FROM {temp}quote_sample").fetchone()[0]
    facets: dict[str, Any] = {"sampled": total, "sample_limit": FACET_SAMPLE}
    for facet in ("speaker", "country", "outlet", "month"):
        order_by = "value DESC" if facet == "month" else "count DESC, value"
        facets[facet] = [
            dict(r)
            for r in conn.execute(
                f"SELECT {facet} AS value, count(*) AS count FROM {temp}quote_sample WHERE {facet} IS NOT NULL"
                f" GROUP BY {facet} ORDER BY {order_by} LIMIT ?",
                (size,),
            )
        ]
    conn.execute(f"DROP TABLE {temp}quote_sample")
    return facets


# -- events ------------------------------------------------------------------------------------------------------
def _sentence(d: SQLiteDialect) -> str:
    """The text of an event's sentence, cut from its article."""
    return (
        f"substr(a.text, {d.integer('e.sentence_start + 1')}, {d.integer('e.sentence_end - e.sentence_start')})"
        " AS sentence"
    )


@functools.cache
def _event_columns(d: SQLiteDialect) -> str:
    return (
        "e.article_id, e.id, e.type, e.mode, e.cameo, e.quad_class, e.penta_class, e.intensity, e.actor_codes,"
        " e.recipient_codes, e.actors_json, e.recipients_json, e.reciprocal, e.trigger, e.trigger_start,"
        " e.trigger_end, e.sentence_start, e.sentence_end, e.modality, e.quote_id, e.date, e.date_source,"
        " e.place_id, e.confidence, d.day, a.title AS article_title, a.outlet, a.published,"
        f" {_sentence(d)},"
        " (SELECT p.name FROM places p WHERE p.article_id = e.article_id AND p.id = e.place_id) AS place"
    )


def filter_events(
    store: Store,
    actor: str | None = None,
    recipient: str | None = None,
    type: str | None = None,
    modality: str | None = None,
    since: str | None = None,
    until: str | None = None,
    place: str | None = None,
    narrator_only: bool = False,
    limit: int = 50,
    offset: int = 0,
) -> Page:
    """Events matching every given filter, newest day first.

    ``actor``/``recipient`` are actor codes (an event matches when the code is among its actors /
    recipients; given both, the parties of a reciprocal event such as talks count as acting on each
    other); ``type`` a PLOVER type; ``modality`` asserted, intended, hypothetical, desired or
    negated; ``place`` a place name or GeoNames id; ``narrator_only`` leaves out events stated inside
    a quotation.
    """
    refresh(store)
    limit, offset = _page_args(limit, offset)
    low, high = date_bounds(since, until)
    where, params = [], []
    # The most selective index drives the query; its day column gives the order without a sort.
    if actor and recipient:
        # A pair: its rows of event_dyads (an actor on a recipient, or the parties of talks on each other).
        driver = "event_dyads y JOIN event_days d ON d.article_id = y.article_id AND d.event_id = y.event_id"
        where += ["y.actor = ?", "y.recipient = ?"]
        params += [actor, recipient]
        day = "y.day"
    elif actor:
        driver = "event_parties pa JOIN event_days d ON d.article_id = pa.article_id AND d.event_id = pa.event_id"
        where += ["pa.code = ?", "pa.role = 'actor'"]
        params.append(actor)
        day = "pa.day"
    elif recipient:
        driver = "event_parties pr JOIN event_days d ON d.article_id = pr.article_id AND d.event_id = pr.event_id"
        where += ["pr.code = ?", "pr.role = 'recipient'"]
        params.append(recipient)
        day = "pr.day"
    elif place:
        # Few events happen at one place: start from the place's rows (index on name / GeoNames id).
        by_id = place.isdigit()
        driver = "places pl JOIN event_days d ON d.article_id = pl.article_id AND d.place_id = pl.id"
        where.append(f"pl.{'geonameid' if by_id else 'name'} = ?")
        params.append(int(place) if by_id else place)
        day = "d.day"
    else:
        driver = "event_days d"
        day = "d.day"
    if type:
        where.append("d.type = ?")
        params.append(type.upper())
    if modality:
        where.append("d.modality = ?")
        params.append(modality.lower())
    if narrator_only:
        where.append("d.narrator != 0")
    if low:
        where.append(f"{day} >= ?")
        params.append(low)
    if high:
        where.append(f"{day} < ?")
        params.append(high)
    if place and (actor or recipient):
        by_id = place.isdigit()
        where.append(
            "EXISTS (SELECT 1 FROM places p WHERE p.article_id = d.article_id AND p.id = d.place_id"
            f" AND p.{'geonameid' if by_id else 'name'} = ?)"
        )
        params.append(int(place) if by_id else place)
    sql = (
        f"SELECT d.article_id, d.event_id FROM {driver}"
        + (" WHERE " + " AND ".join(where) if where else "")
        # All descending, so the driving index (day, then article and event id) gives the order without a sort.
        + f" ORDER BY {day} {store.sql.desc}, d.article_id DESC, d.event_id DESC LIMIT ? OFFSET ?"
    )
    keys = store.conn.execute(sql, [*params, limit + 1, offset]).fetchall()
    return _page(_event_rows(store, [(k[0], k[1]) for k in keys]), limit, offset)


def all_events(
    store: Store,
    actor: str | None = None,
    recipient: str | None = None,
    type: str | None = None,
    modality: str | None = None,
    since: str | None = None,
    until: str | None = None,
    narrator_only: bool = False,
) -> Iterator[sqlite3.Row]:
    """Every matching event, unpaginated and oldest first, as one flat row each (for tables and DataFrames).

    Unlike `filter_events`, ``actor``/``recipient`` are code prefixes ("RUS" matches RUSGOV and RUSMIL),
    ``until`` includes the whole period it names ("2024-10"), and the read model is not needed.
    """
    where, params = [], []
    for column, code in (("e.actor_codes", actor), ("e.recipient_codes", recipient)):
        if code:
            where.append(f"(';' || {column}) LIKE ?")
            params.append(f"%;{code.upper()}%")
    if type:
        where.append("e.type = ?")
        params.append(type.upper())
    if modality:
        where.append("e.modality = ?")
        params.append(modality.lower())
    if since:
        where.append("e.date >= ?")
        params.append(since)
    if until:
        where.append(f"substr(e.date, 1, {store.sql.integer('?')}) <= ?")
        params.extend([len(until), until])
    if narrator_only:
        where.append("e.quote_id IS NULL")
    sql = (
        "SELECT e.article_id || ':' || e.id AS event_id, e.article_id, e.date, e.date_source, e.actor_codes,"
        " e.recipient_codes, e.type, e.mode, e.cameo, e.quad_class, e.penta_class, e.intensity, e.modality,"
        " e.quote_id, p.name AS place, p.country, p.lat, p.lon, a.url, a.outlet, a.published, e.trigger,"
        f" {_sentence(store.sql)}"
        " FROM events e JOIN articles a ON a.id = e.article_id"
        " LEFT JOIN places p ON p.article_id = e.article_id AND p.id = e.place_id"
        + (" WHERE " + " AND ".join(where) if where else "")
        + f" ORDER BY e.date{store.sql.nulls_first}, e.article_id, e.id"
    )
    yield from store.conn.execute(sql, params)


def _event_rows(store: Store, keys: list[tuple[str, str]]) -> list[dict[str, Any]]:
    """Full event rows (with their actors' names and codes) for (article_id, event_id) keys, in key order."""
    rows = []
    for article_id, event_id in keys:
        row = store.conn.execute(
            f"SELECT {_event_columns(store.sql)} FROM events e JOIN articles a ON a.id = e.article_id"
            " JOIN event_days d ON d.article_id = e.article_id AND d.event_id = e.id"
            " WHERE e.article_id = ? AND e.id = ?",
            (article_id, event_id),
        ).fetchone()
        if row is None:
            continue
        item = dict(row)
        for side in ("actors", "recipients"):
            ids = json.loads(item.pop(f"{side}_json"))
            item[side] = [_actor_ref(store, article_id, actor_id) for actor_id in ids]
        item["reciprocal"] = bool(item["reciprocal"])
        rows.append(item)
    return rows


def _actor_ref(store: Store, article_id: str, actor_id: str) -> dict[str, Any]:
    row = store.conn.execute(
        "SELECT id, name, code, country, kind FROM actors WHERE article_id = ? AND id = ?", (article_id, actor_id)
    ).fetchone()
    return dict(row) if row else {"id": actor_id, "name": None, "code": None, "country": None, "kind": None}


# -- series and graph --------------------------------------------------------------------------------------------
def timeline(
    store: Store,
    actor: str,
    recipient: str | None = None,
    interval: str = "month",
    since: str | None = None,
    until: str | None = None,
    both_directions: bool = False,
    modality: str | None = None,
) -> list[dict[str, Any]]:
    """Counts and mean intensity per PLOVER type per week or month, for events of ``actor`` (on ``recipient``).

    With ``both_directions``, events of the recipient on the actor count too (a pair's whole relation).
    Each row: period (YYYY-MM, or the Monday of the week as YYYY-MM-DD), type, quad_class, count,
    mean_intensity (None when no event of the group has one).
    """
    if interval not in ("week", "month"):
        raise QueryError(f"interval must be 'week' or 'month', not '{interval}'")
    refresh(store)
    low, high = date_bounds(since, until)
    period = "substr(day, 1, 7)" if interval == "month" else store.sql.week("day")
    pairs = [(actor, recipient)] if recipient else [(actor, None)]
    if both_directions and recipient:
        pairs.append((recipient, actor))
    parts, params = [], []
    for a, r in pairs:
        where = ["actor = ?", "day IS NOT NULL"]
        params.append(a)
        if r:
            where.append("recipient = ?")
            params.append(r)
        if low:
            where.append("day >= ?")
            params.append(low)
        if high:
            where.append("day < ?")
            params.append(high)
        if modality:
            where.append("modality = ?")
            params.append(modality)
        # One row per event, even when it has several recipients.
        parts.append(
            "SELECT DISTINCT article_id, event_id, day, type, quad_class, intensity FROM event_dyads"
            f" WHERE {' AND '.join(where)}"
        )
    if not recipient:
        # An actor alone: its events with or without a recipient.
        where = ["pa.code = ?", "pa.role = 'actor'", "d.day IS NOT NULL"]
        params = [actor]
        if low:
            where.append("d.day >= ?")
            params.append(low)
        if high:
            where.append("d.day < ?")
            params.append(high)
        if modality:
            where.append("d.modality = ?")
            params.append(modality)
        parts = [
            "SELECT d.article_id, d.event_id, d.day, d.type, coalesce(d.quad_class, 0) AS quad_class, d.intensity"
            " FROM event_parties pa JOIN event_days d ON d.article_id = pa.article_id AND d.event_id = pa.event_id"
            f" WHERE {' AND '.join(where)}"
        ]
    sql = (
        f"SELECT {period} AS period, type, quad_class, count(*) AS count, avg(intensity) AS mean_intensity"
        f" FROM ({' UNION '.join(parts)}) t GROUP BY 1, 2, 3 ORDER BY 1, 2"
    )
    return [dict(r) for r in store.conn.execute(sql, params)]


def relations(
    store: Store,
    since: str | None = None,
    until: str | None = None,
    types: list[str] | None = None,
    modality: str | None = None,
    min_events: int = 1,
    limit: int = 150,
) -> dict[str, Any]:
    """The relations graph: actor codes as nodes, directed edges weighted by event counts, with mean intensity.

    Dates are taken by month (``since 2024-10-15`` starts with October). Edges are the ``limit``
    heaviest with at least ``min_events`` events; nodes are the codes those edges touch.
    """
    refresh(store)
    low, high = date_bounds(since, until)
    where, params = [], []
    if low:
        where.append("month >= ?")
        params.append(low[:7])
    if high:
        where.append("month < ?")
        # The exclusive bound is a day; its month is excluded unless the bound is inside it.
        params.append(high[:7] if high.endswith("-01") else _next_month(high[:7]))
    if types:
        where.append(f"type IN ({','.join('?' * len(types))})")
        params += [t.upper() for t in types]
    if modality:
        where.append("modality = ?")
        params.append(modality)
    if not where:
        # No filter: the all-time totals, one row per pair.
        sql = (
            "SELECT actor AS source, recipient AS target, n AS events,"
            " intensity_sum / nullif(intensity_n, 0) AS mean_intensity, cooperation, conflict"
            " FROM dyad_totals WHERE n >= ? ORDER BY n DESC, actor, recipient LIMIT ?"
        )
        edges = [dict(r) for r in store.conn.execute(sql, [min_events, limit])]
        return {"nodes": _nodes(edges), "edges": edges}
    sql = (
        "SELECT actor AS source, recipient AS target, sum(n) AS events,"
        " sum(intensity_sum) / nullif(sum(intensity_n), 0) AS mean_intensity,"
        " sum(CASE WHEN quad_class IN (1, 2) THEN n ELSE 0 END) AS cooperation,"
        " sum(CASE WHEN quad_class IN (3, 4) THEN n ELSE 0 END) AS conflict"
        " FROM dyad_months" + (" WHERE " + " AND ".join(where) if where else "") + " GROUP BY actor, recipient"
        " HAVING sum(n) >= ? ORDER BY events DESC, source, target LIMIT ?"
    )
    edges = [dict(r) for r in store.conn.execute(sql, [*params, min_events, limit])]
    return {"nodes": _nodes(edges), "edges": edges}


def _nodes(edges: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The codes the edges touch, with their event counts, busiest first."""
    degree: dict[str, int] = {}
    for edge in edges:
        for end in (edge["source"], edge["target"]):
            degree[end] = degree.get(end, 0) + edge["events"]
    return [{"id": code, "events": n} for code, n in sorted(degree.items(), key=lambda kv: (-kv[1], kv[0]))]


def _next_month(month: str) -> str:
    year, mon = int(month[:4]), int(month[5:7])
    return f"{year + (mon == 12):04d}-{mon % 12 + 1:02d}"


# -- places ------------------------------------------------------------------------------------------------------
def list_places(
    store: Store,
    country: str | None = None,
    q: str | None = None,
    with_coordinates: bool = False,
    limit: int = 100,
    offset: int = 0,
) -> Page:
    """Places across articles with the number of articles naming them and of events located there."""
    refresh(store)
    limit, offset = _page_args(limit, offset)
    where, params = [], []
    if country:
        where.append("country = ?")
        params.append(country)
    if q:
        where.append(f"name {store.sql.like} ? ESCAPE '\\'")
        params.append("%" + re.sub(r"([%_\\])", r"\\\1", q) + "%")
    if with_coordinates:
        where.append("lat IS NOT NULL AND lon IS NOT NULL")
    sql = (
        "SELECT key, name, geonameid, country, admin1, lat, lon, kind, articles, CAST(events AS INTEGER) AS events"
        " FROM place_directory"
        + (" WHERE " + " AND ".join(where) if where else "")
        + " ORDER BY articles DESC, key LIMIT ? OFFSET ?"
    )
    rows = [dict(r) for r in store.conn.execute(sql, [*params, limit + 1, offset])]
    return _page(rows, limit, offset)


def event_locations(store: Store, limit: int = 300) -> list[dict[str, Any]]:
    """Places where events happened (with coordinates), most events first: the points of the map."""
    refresh(store)
    rows = store.conn.execute(
        "SELECT key, name, geonameid, country, lat, lon, kind, CAST(events AS INTEGER) AS events, articles"
        " FROM place_directory WHERE events > 0 AND lat IS NOT NULL AND lon IS NOT NULL"
        " ORDER BY events DESC, key LIMIT ?",
        (limit,),
    )
    return [dict(r) for r in rows]
