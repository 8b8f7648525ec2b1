"""Across articles in the store: near-duplicate groups, event and statement clusters, timelines, evidence.

`update_clusters` brings the cluster tables (migration 3) up to date with the stored articles,
incrementally: only articles stored (or re-analysed, or removed) since the last update are read,
and only the blocks their events and quotations fall in are clustered again (see
`dyad.corroboration.events`). The identity logic lives in `dyad.corroboration`; this module holds
the SQL. Every function takes a `Store`.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from dyad.corroboration.duplicates import Signature, components, is_near_duplicate, signature, similarity
from dyad.corroboration.events import SYMMETRIC_FAMILIES, EventCluster, cluster_block
from dyad.corroboration.records import EventRecord, QuoteRecord, event_records, quote_records, settings
from dyad.corroboration.statements import StatementCluster, cluster_statement_block, extend_statement_block
from dyad.corroboration.support import Report, Support, support
from dyad.errors import NotFound, StoreError
from dyad.model import Analysis
from dyad.store.sqlite import Store

#: Bumped whenever identity or blocking rules change: every article is then clustered again, because clusters
#: made under other rules would never meet the new ones (the version is kept beside the extractor's).
CLUSTERING_VERSION = 2
_VERSION_SUFFIX = f"+clusters-{CLUSTERING_VERSION}"

#: SQLite's default limit on host parameters is 999 in old builds: keep IN lists below it.
_CHUNK = 500


@dataclass
class ClusterUpdate:
    """What one `update_clusters` run did."""

    articles: int = 0  # articles (re)clustered
    removed: int = 0  # articles gone from the store (or re-analysed) whose old clusters were undone
    duplicate_pairs: int = 0  # near-duplicate pairs found
    event_blocks: int = 0
    statement_blocks: int = 0
    event_clusters: int = 0  # event clusters written (in the blocks clustered again)
    statement_clusters: int = 0

    def summary(self) -> str:
        return (
            f"{self.articles} articles clustered, {self.removed} undone, {self.duplicate_pairs} near-duplicate pairs, "
            f"{self.event_clusters} event clusters in {self.event_blocks} blocks, "
            f"{self.statement_clusters} statements in {self.statement_blocks} blocks"
        )


def _chunks(items: Sequence, size: int = _CHUNK) -> Iterator[Sequence]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def _marks(n: int) -> str:
    return ",".join("?" * n)


def _replace_sql(table: str, columns: str, key: str) -> str:
    """INSERT of one row (a ``?`` for each of ``columns``) that replaces the stored row with the same ``key``.

    An upsert rather than SQLite's INSERT OR REPLACE, which PostgreSQL does not know; for these tables, whose
    only unique constraint is the key, the two leave the same row."""
    names = [c.strip() for c in columns.split(",")]
    keys = {k.strip() for k in key.split(",")}
    update = ", ".join(f"{c} = excluded.{c}" for c in names if c not in keys)
    return f"INSERT INTO {table} ({columns}) VALUES ({_marks(len(names))}) ON CONFLICT ({key}) DO UPDATE SET {update}"


def pending_articles(store: Store) -> list[str]:
    """Ids of stored articles not yet clustered with their current analysis."""
    rows = store.conn.execute(
        "SELECT a.id FROM articles a LEFT JOIN cluster_sync s ON s.article_id = a.id"
        " WHERE s.article_id IS NULL OR s.extractor_version != a.extractor_version || ? ORDER BY a.id",
        (_VERSION_SUFFIX,),
    )
    return [r[0] for r in rows]


def _stale_articles(conn: sqlite3.Connection) -> list[str]:
    rows = conn.execute(
        "SELECT s.article_id FROM cluster_sync s LEFT JOIN articles a ON a.id = s.article_id"
        " WHERE a.id IS NULL OR a.extractor_version || ? != s.extractor_version ORDER BY s.article_id",
        (_VERSION_SUFFIX,),
    )
    return [r[0] for r in rows]


# -- writing ------------------------------------------------------------------------------------------------------


def update_clusters(store: Store, batch: int = 500) -> ClusterUpdate:
    """Bring near-duplicate groups and clusters up to date with the stored articles, in one transaction.

    Cheap when nothing changed; after an ingest it reads only the new articles and re-clusters only the
    blocks they touch. The result does not depend on the order articles were stored in.
    """
    report = ClusterUpdate()
    with store.transaction() as conn:
        # Blocks to cluster again, with the records of new articles (kept in memory until their block is written).
        new_events: dict[str, list[EventRecord]] = {}
        new_quotes: dict[str, list[QuoteRecord]] = {}
        regrouped: set[str] = set()  # articles whose near-duplicate group changed
        undone_events: set[str] = set()
        undone_statements: set[str] = set()
        stale = _stale_articles(conn)
        if stale:
            report.removed = len(stale)
            undone_events, undone_statements = _undo(conn, stale, regrouped)
            new_events.update((key, []) for key in undone_events)
            new_quotes.update((key, []) for key in undone_statements)
        pending = pending_articles(store)
        for ids in _chunks(pending, batch):
            rows = conn.execute(
                f"SELECT id, analysis_json FROM articles WHERE id IN ({_marks(len(ids))}) ORDER BY id", list(ids)
            ).fetchall()
            analyses = [Analysis.from_json(row["analysis_json"]) for row in rows]
            pairs, changed = _add_articles(conn, analyses)
            report.duplicate_pairs += pairs
            regrouped |= changed
            for analysis in analyses:
                for record in event_records(analysis):
                    new_events.setdefault(record.block_key, []).append(record)
                for record in quote_records(analysis):
                    new_quotes.setdefault(record.block_key, []).append(record)
        report.articles = len(pending)
        groups = _group_map(conn)
        for key in sorted(new_events):
            # A block that lost reports is clustered whole; one that only gains them, in the stretches they reach.
            whole = key in undone_events
            report.event_clusters += _recluster_events(conn, key, new_events[key], groups, whole)
        for key in sorted(new_quotes):
            whole = key in undone_statements
            report.statement_clusters += _recluster_statements(conn, key, new_quotes[key], groups, whole)
        report.event_blocks, report.statement_blocks = len(new_events), len(new_quotes)
        if regrouped:
            _recount(conn, regrouped, groups)
    return report


def _undo(conn: sqlite3.Connection, article_ids: list[str], regrouped: set[str]) -> tuple[set[str], set[str]]:
    """Take articles out of groups and clusters (deleted or re-analysed).

    Returns the event and statement blocks they were in; adds the articles whose group changed to ``regrouped``.
    """
    event_blocks: set[str] = set()
    statement_blocks: set[str] = set()
    old_groups: set[str] = set()
    for ids in _chunks(article_ids):
        marks, params = _marks(len(ids)), list(ids)
        for table, blocks in (("event_cluster_members", event_blocks), ("statement_cluster_members", statement_blocks)):
            blocks.update(
                r[0]
                for r in conn.execute(f"SELECT DISTINCT block_key FROM {table} WHERE article_id IN ({marks})", params)
            )
            conn.execute(f"DELETE FROM {table} WHERE article_id IN ({marks})", params)
        old_groups.update(
            r[0]
            for r in conn.execute(f"SELECT DISTINCT dup_group FROM cluster_sync WHERE article_id IN ({marks})", params)
        )
        conn.execute(f"DELETE FROM article_bands WHERE article_id IN ({marks})", params)
        conn.execute(
            f"DELETE FROM near_duplicates WHERE article_id IN ({marks}) OR other_id IN ({marks})", params + params
        )
        conn.execute(f"DELETE FROM cluster_sync WHERE article_id IN ({marks})", params)
    # The groups the removed articles belonged to may fall apart: recompute them from the remaining pairs.
    for group in sorted(old_groups):
        members = [r[0] for r in conn.execute("SELECT article_id FROM cluster_sync WHERE dup_group = ?", (group,))]
        if not members:
            continue
        edges = conn.execute(
            f"SELECT article_id, other_id FROM near_duplicates WHERE article_id IN ({_marks(len(members))})", members
        ).fetchall()
        for article_id, new_group in components(members, [(a, b) for a, b in edges]).items():
            if new_group != group:
                conn.execute("UPDATE cluster_sync SET dup_group = ? WHERE article_id = ?", (new_group, article_id))
                regrouped.add(article_id)
    return event_blocks, statement_blocks


def _add_articles(conn: sqlite3.Connection, analyses: list[Analysis]) -> tuple[int, set[str]]:
    """Sign and index a batch of articles, link them to their near-duplicates and merge their groups.

    The batch is compared with the stored articles through one band lookup per few hundred keys and with
    itself in memory; the pairs found do not depend on batching or order, so neither do the groups.
    Returns the number of near-duplicate pairs found and the stored articles whose group changed.
    """
    signatures = {a.article.id: signature(a.article.text) for a in analyses}
    keys = {article_id: sig.band_keys() for article_id, sig in signatures.items()}
    stored_by_key: dict[int, list[str]] = {}
    for chunk in _chunks(sorted({k for ks in keys.values() for k in ks})):
        for band_key, article_id in conn.execute(
            f"SELECT band_key, article_id FROM article_bands WHERE band_key IN ({_marks(len(chunk))})", list(chunk)
        ):
            stored_by_key.setdefault(band_key, []).append(article_id)
    stored: dict[str, tuple[Signature, str]] = {}
    candidates = sorted({a for ids in stored_by_key.values() for a in ids})
    for chunk in _chunks(candidates):
        for row in conn.execute(
            f"SELECT article_id, minhash, shingles, dup_group FROM cluster_sync WHERE article_id IN"
            f" ({_marks(len(chunk))})",
            list(chunk),
        ):
            stored[row[0]] = (Signature.from_bytes(row[1], row[2]), row[3])
    edges: list[tuple[str, str, float, float]] = []
    batch_by_key: dict[int, list[str]] = {}
    for article_id in sorted(signatures):
        sig = signatures[article_id]
        others = {o for k in keys[article_id] for o in stored_by_key.get(k, []) + batch_by_key.get(k, [])}
        for other in sorted(others - {article_id}):
            other_sig = stored[other][0] if other in stored else signatures[other]
            if is_near_duplicate(sig, other_sig):
                jaccard, containment = similarity(sig, other_sig)
                edges.append((*sorted((article_id, other)), round(jaccard, 4), round(containment, 4)))
        for k in keys[article_id]:
            batch_by_key.setdefault(k, []).append(article_id)
    conn.executemany(
        _replace_sql("near_duplicates", "article_id, other_id, jaccard, containment", "article_id, other_id"), edges
    )
    # New groups: the components of the new pairs over the new articles and the stored groups they touch.
    node_of = {a: stored[a][1] if a in stored else a for edge in edges for a in edge[:2]}
    node_of.update((a, a) for a in signatures)
    merged = components(set(node_of.values()), [(node_of[a], node_of[b]) for a, b, _, _ in edges])
    changed: set[str] = set()
    for old, group in sorted(merged.items()):
        if old != group and old not in signatures:  # a stored group joins a smaller-named one
            changed.update(
                r[0] for r in conn.execute("SELECT article_id FROM cluster_sync WHERE dup_group = ?", (old,))
            )
            conn.execute("UPDATE cluster_sync SET dup_group = ? WHERE dup_group = ?", (group, old))
    rows = []
    for analysis in analyses:
        article = analysis.article
        sig = signatures[article.id]
        published = article.published.isoformat() if article.published else None
        version = analysis.extractor_version + _VERSION_SUFFIX
        rows.append((article.id, version, sig.size, sig.to_bytes(), merged[article.id], published, article.outlet))
    conn.executemany(
        _replace_sql(
            "cluster_sync",
            "article_id, extractor_version, shingles, minhash, dup_group, published, outlet",
            "article_id",
        ),
        rows,
    )
    conn.executemany(
        "INSERT INTO article_bands (band_key, article_id) VALUES (?,?) ON CONFLICT DO NOTHING",
        sorted((k, article_id) for article_id, ks in keys.items() for k in ks),
    )
    return len(edges), changed


def _group_map(conn: sqlite3.Connection) -> dict[str, str]:
    """Article id -> near-duplicate group, for the articles that have a copy (the others are their own group)."""
    rows = conn.execute(
        "SELECT article_id, dup_group FROM cluster_sync WHERE dup_group != article_id"
        " OR dup_group IN (SELECT dup_group FROM cluster_sync GROUP BY dup_group HAVING count(*) > 1)"
    )
    return {r[0]: r[1] for r in rows}


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def _period_day(cluster: EventCluster) -> date | None:
    """The day a cluster is counted on in timelines: its first day, or its report day when only that is known."""
    if cluster.granularity == "publication":
        return cluster.hi
    return cluster.lo


def _write_block(
    conn: sqlite3.Connection,
    kind: str,
    block_key: str,
    cluster_rows: dict[str, tuple],
    members: dict[tuple[str, str], str],
    new_records: Sequence[EventRecord] | Sequence[QuoteRecord],
    old_members: dict[tuple[str, str], str | None],
    whole: bool = True,
) -> list[str]:
    """Write what changed in a block: clusters added, changed or gone, and members whose cluster changed.

    Most clusters of a block stay as they were when an article joins it; rewriting only the difference keeps an
    incremental update cheap. Returns the ids of the clusters (re)written.
    """
    table, member_table, id_column = (
        ("event_clusters", "event_cluster_members", "event_id")
        if kind == "event"
        else ("statement_clusters", "statement_cluster_members", "quote_id")
    )
    if whole:
        old_rows = {r[0]: tuple(r) for r in conn.execute(f"SELECT * FROM {table} WHERE block_key = ?", (block_key,))}
    else:  # only the clusters of the stretch that was clustered again
        old_ids = sorted({cid for cid in old_members.values() if cid is not None})
        old_rows = {}
        for ids in _chunks(old_ids):
            old_rows.update(
                (r[0], tuple(r))
                for r in conn.execute(f"SELECT * FROM {table} WHERE id IN ({_marks(len(ids))})", list(ids))
            )
    gone = [cid for cid, row in old_rows.items() if cluster_rows.get(cid) != row]
    written = [cid for cid, row in cluster_rows.items() if old_rows.get(cid) != row]
    for ids in _chunks(gone):
        if kind == "event":
            conn.execute(f"DELETE FROM event_cluster_parties WHERE cluster_id IN ({_marks(len(ids))})", list(ids))
        conn.execute(f"DELETE FROM {table} WHERE id IN ({_marks(len(ids))})", list(ids))
    if written:
        width = len(cluster_rows[written[0]])
        conn.executemany(f"INSERT INTO {table} VALUES ({_marks(width)})", [cluster_rows[cid] for cid in written])
    conn.executemany(
        f"UPDATE {member_table} SET cluster_id = ? WHERE article_id = ? AND {id_column} = ?",
        [(cid, *key) for key, cid in members.items() if key in old_members and old_members[key] != cid],
    )
    if kind == "event":
        conn.executemany(
            _replace_sql(
                "event_cluster_members",
                "article_id, event_id, block_key, cluster_id, record_json, date_lo, date_hi",
                "article_id, event_id",
            ),
            [
                (
                    *_member_key(r),
                    block_key,
                    members[_member_key(r)],
                    r.to_json(),
                    _iso_day(r.date_lo),
                    _iso_day(r.date_hi),
                )
                for r in new_records
            ],
        )
    else:
        conn.executemany(
            _replace_sql(
                "statement_cluster_members",
                "article_id, quote_id, block_key, cluster_id, record_json",
                "article_id, quote_id",
            ),
            [(*_member_key(r), block_key, members[_member_key(r)], r.to_json()) for r in new_records],
        )
    return written


def _member_key(record: EventRecord | QuoteRecord) -> tuple[str, str]:
    return (record.article_id, record.event_id if isinstance(record, EventRecord) else record.quote_id)


def _stored_members(
    conn: sqlite3.Connection, kind: str, block_key: str, keys: list[tuple[str, str]] | None = None
) -> tuple[list, dict[tuple[str, str], str]]:
    """The records already stored in a block (or only those of ``keys``), and the cluster each is in."""
    member_table, id_column, parse = (
        ("event_cluster_members", "event_id", EventRecord.from_json)
        if kind == "event"
        else ("statement_cluster_members", "quote_id", QuoteRecord.from_json)
    )
    select = f"SELECT article_id, {id_column}, cluster_id, record_json FROM {member_table}"
    if keys is None:
        rows = conn.execute(f"{select} WHERE block_key = ?", (block_key,)).fetchall()
    else:
        rows = []
        for chunk in _chunks(sorted(keys), 300):
            pairs = " OR ".join([f"(article_id = ? AND {id_column} = ?)"] * len(chunk))
            rows += conn.execute(f"{select} WHERE {pairs}", [v for key in chunk for v in key]).fetchall()
    return [parse(r[3]) for r in rows], {(r[0], r[1]): r[2] for r in rows}


def _reachable(
    conn: sqlite3.Connection, block_key: str, new_records: list[EventRecord]
) -> list[tuple[str, str]] | None:
    """The stored event mentions of a block that new reports can reach, or None for the whole block.

    Clusters never span a gap in time: a cluster's reports all overlap its first report's dates within the day
    tolerance. So the block splits into stretches of overlapping date intervals, each clustered on its own, and
    new reports need only the stretches their dates touch. Read from the dates index, without parsing records.
    """
    if any(r.date_lo is None or r.date_hi is None for r in new_records):
        return None
    rows = conn.execute(
        "SELECT date_lo, date_hi, article_id, event_id FROM event_cluster_members WHERE block_key = ?", (block_key,)
    ).fetchall()
    if any(r[0] is None or r[1] is None for r in rows):
        return None
    tolerance = timedelta(days=settings().day_tolerance)
    spans = [(date.fromisoformat(r[0]), date.fromisoformat(r[1]), (r[2], r[3])) for r in rows]
    spans += [(r.date_lo, r.date_hi, None) for r in new_records]
    spans.sort(key=lambda s: (s[0], s[1]))
    reached: list[tuple[str, str]] = []
    stretch: list[tuple[str, str]] = []
    touched, end = False, None
    for lo, hi, key in spans:
        if end is not None and lo > end + tolerance:  # a gap: the stretch so far is closed
            if touched:
                reached += stretch
            stretch, touched, end = [], False, None
        if key is None:
            touched = True
        else:
            stretch.append(key)
        end = hi if end is None else max(end, hi)
    if touched:
        reached += stretch
    return reached


def _recluster_events(
    conn: sqlite3.Connection, block_key: str, new_records: list[EventRecord], groups: dict[str, str], whole: bool
) -> int:
    """Cluster one block of event mentions again (stored ones and ``new_records``), only the stretches new
    reports reach unless ``whole``; returns the number of clusters written."""
    keys = None if whole else _reachable(conn, block_key, new_records)
    stored, old_members = _stored_members(conn, "event", block_key, keys)
    clusters = cluster_block(stored + new_records)
    cluster_rows: dict[str, tuple] = {}
    party_rows: dict[str, list[tuple]] = {}
    members: dict[tuple[str, str], str] = {}
    for cluster in clusters:
        cid = cluster.id
        actors, recipients, reciprocal = cluster.parties
        day = _period_day(cluster)
        counts = _support_of(cluster.members, groups)
        place = cluster.place
        cluster_rows[cid] = (
            cid, block_key, cluster.type, ";".join(actors) or None, ";".join(recipients) or None, int(reciprocal),
            cluster.modality, cluster.date, cluster.granularity, _iso_day(cluster.lo), _iso_day(cluster.hi),
            _week(day), day.strftime("%Y-%m") if day else None, place.name if place else None,
            place.geonameid if place else None, place.country if place else None, cluster.intensity,
            counts.mentions, cluster.narrator_mentions, counts.articles, counts.reports, counts.outlets,
            _iso(counts.first_report), _iso(counts.last_report),
        )  # fmt: skip
        symmetric = reciprocal or cluster.members[0].family in SYMMETRIC_FAMILIES
        party_rows[cid] = [(code, "party" if symmetric else "actor", cid) for code in actors] + [
            (code, "party" if symmetric else "recipient", cid) for code in recipients
        ]
        members.update((_member_key(m), cid) for m in cluster.members)
    written = _write_block(
        conn, "event", block_key, cluster_rows, members, new_records, old_members, whole=keys is None
    )
    conn.executemany(
        "INSERT INTO event_cluster_parties (code, role, cluster_id) VALUES (?,?,?) ON CONFLICT DO NOTHING",
        [row for cid in written for row in party_rows[cid]],
    )
    return len(clusters)


def _recluster_statements(
    conn: sqlite3.Connection, block_key: str, new_records: list[QuoteRecord], groups: dict[str, str], whole: bool
) -> int:
    """Cluster one speaker's quotations again (stored ones and ``new_records``); returns the statements written.

    A block that lost quotations is clustered whole; one that only gains them keeps its statements and adds the
    new quotations to them (`extend_statement_block`), comparing each only with the stored quotations it can
    reach, so a prolific speaker's block is not compared pair by pair on every ingest.
    """
    stored, old_members = _stored_members(conn, "statement", block_key)
    if whole:
        clusters: list[StatementCluster] = cluster_statement_block(stored + new_records)
    else:
        clusters, replaced = extend_statement_block([(r, old_members[_member_key(r)]) for r in stored], new_records)
        old_members = {key: cid for key, cid in old_members.items() if cid in replaced}
    cluster_rows: dict[str, tuple] = {}
    members: dict[tuple[str, str], str] = {}
    for cluster in clusters:
        counts = _support_of(cluster.members, groups)
        cluster_rows[cluster.id] = (
            cluster.id, block_key, cluster.speaker_name, cluster.speaker_code, cluster.canonical.display,
            cluster.day, counts.mentions, counts.articles, counts.reports, counts.outlets,
            _iso(counts.first_report), _iso(counts.last_report),
        )  # fmt: skip
        members.update((_member_key(m), cluster.id) for m in cluster.members)
    _write_block(conn, "statement", block_key, cluster_rows, members, new_records, old_members, whole=whole)
    return len(clusters)


def _support_of(members: Iterable[EventRecord] | Iterable[QuoteRecord], groups: dict[str, str]) -> Support:
    return support((Report(m.article_id, m.published, m.outlet) for m in members), groups)


def _iso_day(day: date | None) -> str | None:
    return day.isoformat() if day else None


def _week(day: date | None) -> str | None:
    if day is None:
        return None
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def _recount(conn: sqlite3.Connection, article_ids: set[str], groups: dict[str, str]) -> None:
    """Recount the support of every cluster with an article whose near-duplicate group changed.

    Done after re-clustering, so it also reaches clusters of touched blocks that were not clustered again.
    """
    ids = sorted(article_ids)
    for kind, members, clusters in (
        ("event", "event_cluster_members", "event_clusters"),
        ("statement", "statement_cluster_members", "statement_clusters"),
    ):
        affected: set[str] = set()
        for chunk in _chunks(ids):
            affected.update(
                r[0]
                for r in conn.execute(
                    f"SELECT DISTINCT m.cluster_id FROM {members} m JOIN {clusters} c ON c.id = m.cluster_id"
                    f" WHERE m.article_id IN ({_marks(len(chunk))})",
                    list(chunk),
                )
                if r[0] is not None
            )
        for cid in sorted(affected):
            parse = EventRecord.from_json if kind == "event" else QuoteRecord.from_json
            records = [
                parse(r[0]) for r in conn.execute(f"SELECT record_json FROM {members} WHERE cluster_id = ?", (cid,))
            ]
            counts = _support_of(records, groups)
            conn.execute(
                f"UPDATE {clusters} SET mentions = ?, articles = ?, reports = ?, outlets = ?, first_report = ?,"
                " last_report = ? WHERE id = ?",
                (
                    counts.mentions,
                    counts.articles,
                    counts.reports,
                    counts.outlets,
                    _iso(counts.first_report),
                    _iso(counts.last_report),
                    cid,
                ),
            )


# -- reading ------------------------------------------------------------------------------------------------------


def near_duplicate_groups(store: Store) -> list[list[str]]:
    """Groups of two or more near-duplicate articles (sorted article ids), largest first."""
    rows = store.conn.execute(
        "SELECT dup_group, article_id FROM cluster_sync WHERE dup_group IN"
        " (SELECT dup_group FROM cluster_sync GROUP BY dup_group HAVING count(*) > 1) ORDER BY dup_group, article_id"
    )
    groups: dict[str, list[str]] = {}
    for group, article_id in rows:
        groups.setdefault(group, []).append(article_id)
    return sorted(groups.values(), key=lambda g: (-len(g), g))


def _prefix_range(code: str) -> tuple[str, str]:
    # Codes are upper-case letters and digits: "RUS" .. "RUS~" holds RUS, RUSGOV, RUSMIL.
    code = code.upper()
    return code, code + "~"


def event_clusters(
    store: Store,
    *,
    actor: str | None = None,
    recipient: str | None = None,
    event_type: str | None = None,
    all_modalities: bool = False,
    include_quoted: bool = False,
    limit: int | None = 50,
) -> list[dict]:
    """Event clusters, best supported first; filters as in `timeline`."""
    where, params = _filters(actor, recipient, event_type, all_modalities, include_quoted)
    sql = f"SELECT c.* FROM event_clusters c WHERE {where} ORDER BY c.reports DESC, c.articles DESC, c.id"
    if limit is not None:
        sql += f" LIMIT {int(limit)}"
    return [dict(r) for r in store.conn.execute(sql, params)]


def _filters(
    actor: str | None, recipient: str | None, event_type: str | None, all_modalities: bool, include_quoted: bool
) -> tuple[str, list]:
    where, params = ["1 = 1"], []
    for code, roles in ((actor, ("actor", "party")), (recipient, ("recipient", "party"))):
        if code:
            where.append(
                "c.id IN (SELECT cluster_id FROM event_cluster_parties WHERE code >= ? AND code < ? AND role IN (?,?))"
            )
            params.extend([*_prefix_range(code), *roles])
    if event_type:
        where.append("c.type = ?")
        params.append(event_type.upper())
    if not all_modalities:
        where.append("c.modality = 'asserted'")
    if not include_quoted:
        where.append("c.narrator_mentions > 0")
    return " AND ".join(where), params


def timeline(
    store: Store,
    actor: str,
    recipient: str | None = None,
    by: str = "month",
    all_modalities: bool = False,
    include_quoted: bool = False,
) -> list[dict]:
    """Events (clusters, not mentions) per period and PLOVER type, with their mean intensity and support.

    ``actor``/``recipient`` are code prefixes ("RUS" matches RUSGOV and RUSMIL); by default only asserted
    events the narrator reports count, ``all_modalities`` adds planned, hypothetical, desired and negated ones,
    ``include_quoted`` adds events known only from inside quotations.
    """
    if by not in ("week", "month"):
        raise StoreError(f"timeline periods are 'week' or 'month', not '{by}'")
    where, params = _filters(actor, recipient, None, all_modalities, include_quoted)
    rows = store.conn.execute(
        f"SELECT c.{by} AS period, c.type AS type, count(*) AS events, {store.sql.round('avg(c.intensity)', 2)} AS mean_intensity,"
        f" sum(c.articles) AS articles, sum(c.reports) AS reports FROM event_clusters c WHERE {where}"
        f" AND c.{by} IS NOT NULL GROUP BY c.{by}, c.type ORDER BY c.{by}, c.type",
        params,
    )
    return [dict(r) for r in rows]


def resolve_event_cluster(store: Store, ref: str) -> str:
    """The id of an event cluster given its id, or one of its mentions as ARTICLE_ID:EVENT_ID (id prefix allowed)."""
    if store.conn.execute("SELECT 1 FROM event_clusters WHERE id = ?", (ref,)).fetchone():
        return ref
    if ":" in ref:
        article, event = ref.rsplit(":", 1)
        rows = store.conn.execute(
            "SELECT DISTINCT cluster_id FROM event_cluster_members WHERE event_id = ? AND article_id >= ? AND"
            " article_id < ? AND cluster_id IS NOT NULL LIMIT 2",
            (event, article, article + "~"),
        ).fetchall()
        if len(rows) == 1:
            return rows[0][0]
        if len(rows) > 1:
            raise NotFound(f"'{ref}' matches events of several articles; give more characters of the article id")
    raise NotFound(f"no event cluster '{ref}' (give a cluster id, or ARTICLE_ID:EVENT_ID; run `dyad cluster` first)")


def event_cluster(store: Store, cluster_id: str) -> dict:
    """One event cluster's row."""
    row = store.conn.execute("SELECT * FROM event_clusters WHERE id = ?", (cluster_id,)).fetchone()
    if row is None:
        raise NotFound(f"no event cluster '{cluster_id}'")
    return dict(row)


def event_evidence(store: Store, cluster_id: str) -> list[dict]:
    """Every mention supporting an event cluster, earliest report first: article, outlet, date, title, the
    sentence and, as offsets into the sentence, the trigger, actor and recipient words."""
    members = store.conn.execute(
        "SELECT m.article_id, m.event_id, a.outlet, a.published, a.title, a.url, s.dup_group,"
        " (SELECT count(*) FROM cluster_sync g WHERE g.dup_group = s.dup_group) AS group_size"
        " FROM event_cluster_members m JOIN articles a ON a.id = m.article_id"
        " LEFT JOIN cluster_sync s ON s.article_id = m.article_id WHERE m.cluster_id = ?"
        " ORDER BY a.published IS NULL, a.published, m.article_id, m.event_id",
        (cluster_id,),
    ).fetchall()
    evidence = []
    for row in members:
        analysis = store.analysis(row["article_id"])
        event = next((e for e in analysis.events if e.id == row["event_id"]), None)
        if event is None:
            continue
        start = event.sentence.start

        def local(spans, start=start, end=event.sentence.end):
            return [(s.start - start, s.end - start) for s in spans if start <= s.start and s.end <= end]

        evidence.append(
            {
                **dict(row),
                "sentence": event.sentence.text,
                "trigger": local([event.trigger]),
                "actors": local(event.actor_spans),
                "recipients": local(event.recipient_spans),
                "modality": event.modality.value,
                "quote_id": event.quote_id,
                "date": event.date,
            }
        )
    return evidence


def statement_clusters(store: Store, speaker: str | None = None, limit: int | None = 50) -> list[dict]:
    """Statements, best supported first; ``speaker`` matches a code prefix or part of the speaker's name."""
    sql, params = "SELECT * FROM statement_clusters", []
    if speaker:
        sql += " WHERE (speaker_code >= ? AND speaker_code < ?) OR speaker_name LIKE ?"
        params = [*_prefix_range(speaker), f"%{speaker}%"]
    sql += " ORDER BY reports DESC, articles DESC, id"
    if limit is not None:
        sql += f" LIMIT {int(limit)}"
    return [dict(r) for r in store.conn.execute(sql, params)]


def statement_evidence(store: Store, cluster_id: str) -> list[dict]:
    """Every report of a statement, earliest first: article, outlet, date and the quotation as printed."""
    rows = store.conn.execute(
        "SELECT m.article_id, m.quote_id, a.outlet, a.published, a.title, q.text, q.speaker, q.cue"
        " FROM statement_cluster_members m JOIN articles a ON a.id = m.article_id"
        " JOIN quotes q ON q.article_id = m.article_id AND q.id = m.quote_id WHERE m.cluster_id = ?"
        " ORDER BY a.published IS NULL, a.published, m.article_id, m.quote_id",
        (cluster_id,),
    )
    return [dict(r) for r in rows]


def statement_cluster(store: Store, cluster_id: str) -> dict:
    """One statement's row."""
    row = store.conn.execute("SELECT * FROM statement_clusters WHERE id = ?", (cluster_id,)).fetchone()
    if row is None:
        raise NotFound(f"no statement '{cluster_id}'")
    return dict(row)


def event_cluster_members(store: Store) -> dict[str, str]:
    """Every clustered event mention ("ARTICLE_ID:EVENT_ID") and its cluster id."""
    rows = store.conn.execute("SELECT article_id, event_id, cluster_id FROM event_cluster_members")
    return {f"{a}:{e}": c for a, e, c in rows}


def statement_cluster_members(store: Store) -> dict[str, str]:
    """Every clustered quotation ("ARTICLE_ID:QUOTE_ID") and its statement id."""
    rows = store.conn.execute("SELECT article_id, quote_id, cluster_id FROM statement_cluster_members")
    return {f"{a}:{q}": c for a, q, c in rows}


def cluster_counts(store: Store) -> dict[str, int]:
    """How many clusters and groups the store holds."""
    one = store.conn.execute
    return {
        "event_clusters": one("SELECT count(*) FROM event_clusters").fetchone()[0],
        "statement_clusters": one("SELECT count(*) FROM statement_clusters").fetchone()[0],
        "near_duplicate_pairs": one("SELECT count(*) FROM near_duplicates").fetchone()[0],
        "pending_articles": len(pending_articles(store)),
    }


def _json_default(value: object) -> str:
    return value.isoformat() if isinstance(value, date | datetime) else str(value)


def dumps(rows: list[dict]) -> str:
    """Rows as JSON (dates as ISO 8601)."""
    return json.dumps(rows, default=_json_default, ensure_ascii=False, indent=2)
