"""The actor knowledge base in the store: actors across articles, their aliases and roles over time.

`link_analysis` runs inside `Store.save`'s transaction: each actor of the
article is matched to a knowledge-base actor (by `dyad.kb.identity`'s rules)
or creates one, its names become aliases, its roles are kept with their
evidence and date. Re-analysing an article replaces its links and roles, never
the knowledge-base actors themselves, so a user's merges and renames survive
re-ingest. `export_kb` / `import_kb` write and read the curated knowledge base
as JSON, so a team can share it and any merge or rename can be undone.
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime

from dyad.errors import NotFound
from dyad.kb.identity import Candidate, choose, identity_key, lookup_names, normalize_name
from dyad.model import Actor, Analysis

KB_FORMAT = "dyad-kb/1"
LINKED_KINDS = ("person", "organization", "media", "country", "group")


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _new_id(actor: Actor) -> str:
    seed = f"{actor.kind}|{normalize_name(actor.name)}|{actor.country or ''}|{actor.code or ''}"
    return "K" + hashlib.sha1(seed.encode()).hexdigest()[:11]


def _candidates(conn, actor: Actor) -> list[Candidate]:
    found: dict[str, Candidate] = {}
    for i, name in enumerate(lookup_names(actor)):
        rows = conn.execute(
            "SELECT a.id, a.name, a.kind, a.country, l.single_token FROM kb_aliases l"
            " JOIN kb_actors a ON a.id = l.actor_id WHERE l.alias = ?",
            (name,),
        ).fetchall()
        for row in rows:
            # Only the article's own full name can match in full; its other aliases ("Lavrov") count as one word.
            single = bool(row[4]) or (i > 0 and actor.kind == "person")
            previous = found.get(row[0])
            if previous is None or (previous.single_token_alias and not single):
                found[row[0]] = Candidate(row[0], row[1], row[2], row[3], single)
    return list(found.values())


def _add_aliases(conn, kb_id: str, actor: Actor) -> None:
    for name in lookup_names(actor):
        conn.execute(
            "INSERT INTO kb_aliases (alias, actor_id, single_token) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
            (name, kb_id, int(len(name.split()) == 1)),
        )


def resolve_actor(conn, actor: Actor, seen: str | None) -> str | None:
    """The knowledge-base id of an article's actor, creating the KB actor when it is new."""
    if actor.anonymous or actor.kind not in LINKED_KINDS:
        return None
    key = identity_key(actor)
    kb_id = None
    if key is not None:
        row = conn.execute("SELECT id FROM kb_actors WHERE identity = ?", (key,)).fetchone()
        kb_id = row[0] if row else None
    elif actor.kind in ("country", "group"):
        return None  # a group without a code has nothing to be the same by
    else:
        kb_id = choose(actor, _candidates(conn, actor))
    if kb_id is None:
        kb_id = _new_id(actor)
        conn.execute(
            "INSERT INTO kb_actors (id, name, kind, country, sector, code, identity, first_seen, last_seen)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING",
            (kb_id, actor.name, actor.kind, actor.country, actor.sector, actor.code, key, seen, seen),
        )
    elif seen:
        conn.execute(
            "UPDATE kb_actors SET"
            " first_seen = CASE WHEN first_seen IS NULL OR first_seen > ? THEN ? ELSE first_seen END,"
            " last_seen = CASE WHEN last_seen IS NULL OR last_seen < ? THEN ? ELSE last_seen END,"
            " country = COALESCE(country, ?), code = COALESCE(code, ?), sector = COALESCE(sector, ?)"
            " WHERE id = ?",
            (seen, seen, seen, seen, actor.country, actor.code, actor.sector, kb_id),
        )
    if key is None:
        _add_aliases(conn, kb_id, actor)
    return kb_id


def link_analysis(conn, analysis: Analysis) -> dict[str, str]:
    """Link every actor of a stored analysis to the knowledge base; returns {local actor id: kb id}."""
    art = analysis.article
    seen = art.published.date().isoformat() if art.published else None
    # Counts per actor, kept on the link so a profile sums them instead of searching every event.
    quotes: dict[str, int] = {}
    for q in analysis.quotes:
        if q.speaker_actor_id:
            quotes[q.speaker_actor_id] = quotes.get(q.speaker_actor_id, 0) + 1
    events: dict[str, int] = {}
    for e in analysis.events:
        for party in set(e.actors) | set(e.recipients):
            events[party] = events.get(party, 0) + 1
    links: dict[str, str] = {}
    for actor in analysis.actors:
        kb_id = resolve_actor(conn, actor, seen)
        if kb_id is None:
            continue
        links[actor.id] = kb_id
        conn.execute(
            "INSERT INTO kb_links (article_id, actor_id, kb_id, quotes, events) VALUES (?, ?, ?, ?, ?)",
            (art.id, actor.id, kb_id, quotes.get(actor.id, 0), events.get(actor.id, 0)),
        )
        for role in actor.roles:
            conn.execute(
                'INSERT INTO kb_roles (actor_id, title, organization, country, sector, as_of, article_id, start, "end",'
                " evidence) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    kb_id, role.title, role.organization, role.country, role.sector,
                    role.as_of.date().isoformat() if role.as_of else seen, art.id,
                    role.evidence.start if role.evidence else None, role.evidence.end if role.evidence else None,
                    role.evidence.text if role.evidence else None,
                ),
            )  # fmt: skip
    return links


def unlink_article(conn, article_id: str) -> None:
    """Forget an article's links and role evidence (before it is re-analysed or removed)."""
    conn.execute("DELETE FROM kb_links WHERE article_id = ?", (article_id,))
    conn.execute("DELETE FROM kb_roles WHERE article_id = ?", (article_id,))


# -- reading --------------------------------------------------------------------------------------------------
def find_actor(store, name_or_id: str) -> dict:
    """One KB actor by id, exact name or alias; NotFound (listing the choices) when none or several match."""
    conn = store.conn
    row = conn.execute("SELECT * FROM kb_actors WHERE id = ?", (name_or_id,)).fetchone()
    if row:
        return dict(row)
    rows = conn.execute(
        "SELECT DISTINCT a.* FROM kb_aliases l JOIN kb_actors a ON a.id = l.actor_id WHERE l.alias = ? ORDER BY a.id",
        (normalize_name(name_or_id),),
    ).fetchall()
    if not rows:
        raise NotFound(f"no actor named '{name_or_id}' in the knowledge base")
    if len(rows) > 1:
        choices = ", ".join(f"{r['id']} ({r['name']}, {r['country'] or '-'})" for r in rows)
        raise NotFound(f"'{name_or_id}' names several actors: {choices}; use an id")
    return dict(rows[0])


def _counts_sql(where: str = "") -> str:
    return (
        "SELECT a.id, a.name, a.kind, a.country, a.code, a.curated, a.first_seen, a.last_seen,"
        " count(DISTINCT k.article_id) AS articles, coalesce(sum(k.quotes), 0) AS quotes,"
        " coalesce(sum(k.events), 0) AS events"
        f" FROM kb_actors a LEFT JOIN kb_links k ON k.kb_id = a.id {where}"
        " GROUP BY a.id, a.name, a.kind, a.country, a.code, a.curated, a.first_seen, a.last_seen"
    )


def list_actors(store, kind: str | None = None, country: str | None = None, limit: int = 50) -> list[dict]:
    """KB actors with their article, quote and event counts, most reported first."""
    clauses, params = [], []
    if kind:
        clauses.append("a.kind = ?")
        params.append(kind)
    if country:
        clauses.append("a.country = ?")
        params.append(country.upper())
    where = ("WHERE " + " AND ".join(clauses)) if clauses else ""
    sql = f"SELECT * FROM ({_counts_sql(where)}) t ORDER BY articles DESC, name LIMIT ?"
    return [dict(r) for r in store.conn.execute(sql, (*params, limit)).fetchall()]


def actor_profile(store, name_or_id: str) -> dict:
    """An actor's knowledge: names, roles over time (first/last seen, evidence count), and counts."""
    actor = find_actor(store, name_or_id)
    conn = store.conn
    profile = dict(conn.execute(_counts_sql("WHERE a.id = ?"), (actor["id"],)).fetchone())
    profile["aliases"] = [
        r[0] for r in conn.execute("SELECT alias FROM kb_aliases WHERE actor_id = ? ORDER BY alias", (actor["id"],))
    ]
    profile["roles"] = [
        dict(r)
        for r in conn.execute(
            "SELECT title, organization, country, min(as_of) AS first_seen, max(as_of) AS last_seen,"
            " count(*) AS evidence FROM kb_roles WHERE actor_id = ?"
            f" GROUP BY title, organization, country ORDER BY min(as_of){store.sql.nulls_first}, title",
            (actor["id"],),
        )
    ]
    return profile


# -- editing --------------------------------------------------------------------------------------------------
def _log(conn, action: str, detail: dict) -> None:
    conn.execute("INSERT INTO kb_log (at, action, detail) VALUES (?, ?, ?)", (_now(), action, json.dumps(detail)))


def merge_actors(store, keep: str, other: str) -> dict:
    """Merge actor ``other`` into ``keep``: its aliases, roles and links move; ``other`` is gone."""
    a, b = find_actor(store, keep), find_actor(store, other)
    if a["id"] == b["id"]:
        raise NotFound(f"'{keep}' and '{other}' are the same actor ({a['id']})")
    with store.transaction() as conn:
        conn.execute(
            "INSERT INTO kb_aliases (alias, actor_id, single_token) SELECT alias, ?, single_token FROM kb_aliases"
            " WHERE actor_id = ? ON CONFLICT DO NOTHING",
            (a["id"], b["id"]),
        )
        conn.execute("DELETE FROM kb_aliases WHERE actor_id = ?", (b["id"],))
        conn.execute("UPDATE kb_roles SET actor_id = ? WHERE actor_id = ?", (a["id"], b["id"]))
        conn.execute("UPDATE kb_links SET kb_id = ? WHERE kb_id = ?", (a["id"], b["id"]))
        conn.execute(
            "UPDATE kb_actors SET curated = 1, first_seen = (SELECT min(d) FROM (SELECT first_seen AS d FROM kb_actors"
            " WHERE id IN (?, ?)) t), last_seen = (SELECT max(d) FROM (SELECT last_seen AS d FROM kb_actors"
            " WHERE id IN (?, ?)) t) WHERE id = ?",
            (a["id"], b["id"], a["id"], b["id"], a["id"]),
        )
        conn.execute("DELETE FROM kb_actors WHERE id = ?", (b["id"],))
        _log(conn, "merge", {"keep": a["id"], "merged": b["id"], "merged_name": b["name"]})
    return find_actor(store, a["id"])


def rename_actor(store, name_or_id: str, new_name: str) -> dict:
    """Give an actor a new canonical name; the old one stays an alias."""
    actor = find_actor(store, name_or_id)
    alias = normalize_name(new_name)
    if not alias:
        raise NotFound(f"'{new_name}' is not a usable name")
    with store.transaction() as conn:
        conn.execute("UPDATE kb_actors SET name = ?, curated = 1 WHERE id = ?", (new_name, actor["id"]))
        conn.execute(
            "INSERT INTO kb_aliases (alias, actor_id, single_token) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
            (alias, actor["id"], int(len(alias.split()) == 1)),
        )
        _log(conn, "rename", {"id": actor["id"], "from": actor["name"], "to": new_name})
    return find_actor(store, actor["id"])


def export_kb(store) -> dict:
    """The knowledge base as JSON-ready data: actors with their aliases (roles are re-read from the articles)."""
    conn = store.conn
    aliases: dict[str, list[str]] = {}
    for alias, actor_id in conn.execute("SELECT alias, actor_id FROM kb_aliases ORDER BY actor_id, alias"):
        aliases.setdefault(actor_id, []).append(alias)
    actors = [
        {**dict(r), "aliases": aliases.get(r["id"], [])}
        for r in conn.execute(
            "SELECT id, name, kind, country, sector, code, identity, curated, first_seen, last_seen FROM kb_actors"
            " ORDER BY id"
        )
    ]
    return {"format": KB_FORMAT, "exported": _now(), "actors": actors}


def import_kb(store, data: dict) -> int:
    """Replace the knowledge base with an exported one, then re-link every stored article to it.

    Returns the number of actors imported. Articles whose actors match nothing in the imported knowledge base
    create actors as on ingest.
    """
    if not isinstance(data, dict) or data.get("format") != KB_FORMAT or not isinstance(data.get("actors"), list):
        raise NotFound(f"not a dyad knowledge-base export (expected format '{KB_FORMAT}')")
    with store.transaction() as conn:
        for table in ("kb_links", "kb_roles", "kb_aliases", "kb_actors"):
            conn.execute(f"DELETE FROM {table}")
        for a in data["actors"]:
            conn.execute(
                "INSERT INTO kb_actors (id, name, kind, country, sector, code, identity, curated, first_seen, last_seen)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    a["id"], a["name"], a["kind"], a.get("country"), a.get("sector"), a.get("code"), a.get("identity"),
                    int(a.get("curated", 0)), a.get("first_seen"), a.get("last_seen"),
                ),
            )  # fmt: skip
            for alias in a.get("aliases", []):
                conn.execute(
                    "INSERT INTO kb_aliases (alias, actor_id, single_token) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                    (alias, a["id"], int(len(alias.split()) == 1)),
                )
        for analysis in store.iter_analyses():
            link_analysis(conn, analysis)
        _log(conn, "import", {"actors": len(data["actors"])})
    return len(data["actors"])
