"""The embedded store: one SQLite file (WAL), nothing to set up.

`Store` owns every SQLite detail: connections, pragmas, migrations, and the
rule that each article is written in one transaction, so a crash or Ctrl-C
mid-batch never leaves half an article. The NLP side never imports this
module; it only produces `Analysis` objects that `Store.save` writes.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from dyad.errors import NotFound, SchemaTooNew, StoreError
from dyad.model import Analysis
from dyad.settings import DEFAULT_DB
from dyad.store.dialect import SQLITE
from dyad.store.kb import link_analysis, unlink_article
from dyad.store.schema import FACT_TABLES, MIGRATIONS, SCHEMA_VERSION


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _codes(analysis: Analysis, actor_ids: list[str]) -> str | None:
    codes = [a.code for i in actor_ids if (a := analysis.actor(i)) and a.code]
    return ";".join(codes) or None


class Store:
    """An SQLite database of articles and their analyses.

    >>> store = Store(":memory:")
    >>> store.stats()["articles"]
    0
    """

    def __init__(self, path: str | Path = DEFAULT_DB, timeout: float = 60.0):
        self.path = str(path)
        if self.path != ":memory:":
            parent = Path(self.path).expanduser().resolve().parent
            if not parent.is_dir():
                raise StoreError(f"{self.path}: the folder {parent} does not exist")
        try:
            self.conn = sqlite3.connect(self.path, timeout=timeout, isolation_level=None, check_same_thread=False)
            self.conn.row_factory = sqlite3.Row
            self.conn.execute("PRAGMA journal_mode=WAL")
            self.conn.execute("PRAGMA synchronous=NORMAL")
            self.conn.execute("PRAGMA foreign_keys=ON")
            self.conn.execute(f"PRAGMA busy_timeout={int(timeout * 1000)}")
            self._migrate()
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{self.path}: not a usable dyad database ({exc})") from None

    # -- schema -----------------------------------------------------------------
    #: The SQL dialect, and the fragments that queries across articles take from it (dyad.store.dialect).
    dialect = "sqlite"
    sql = SQLITE

    #: How a write transaction starts: IMMEDIATE takes SQLite's write lock at once, so writers queue
    #: (for busy_timeout) instead of failing half-way.
    _BEGIN = "BEGIN IMMEDIATE"

    @property
    def schema_version(self) -> int:
        return self.conn.execute("PRAGMA user_version").fetchone()[0]

    def _set_schema_version(self, version: int) -> None:
        self.conn.execute(f"PRAGMA user_version={int(version)}")

    def _ddl(self, statement: str) -> str:
        """A migration statement in this database's dialect (SQLite: as written)."""
        return statement

    def _lock_article(self, conn, article_id: str) -> None:
        """Serialise writers of one article. SQLite's IMMEDIATE transaction already serialises all writers."""

    def _migrate(self) -> None:
        current = self.schema_version
        if current > SCHEMA_VERSION:
            raise SchemaTooNew(
                f"{self.path}: database schema version {current} is newer than this dyad knows ({SCHEMA_VERSION}); "
                "upgrade dyad"
            )
        for version in range(current + 1, SCHEMA_VERSION + 1):
            with self.transaction():
                # executescript would COMMIT our transaction; run statements one by one instead.
                for statement in MIGRATIONS[version - 1].split(";"):
                    if statement.strip():
                        self.conn.execute(self._ddl(statement))
                self._set_schema_version(version)

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """BEGIN … COMMIT, rolled back on any exception (KeyboardInterrupt included)."""
        self.conn.execute(self._BEGIN)
        try:
            yield self.conn
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        else:
            self.conn.execute("COMMIT")

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- writing ----------------------------------------------------------------
    def stored_version(self, article_id: str) -> str | None:
        """The extractor version of the stored analysis of an article, or None if it is not stored."""
        row = self.conn.execute("SELECT extractor_version FROM articles WHERE id = ?", (article_id,)).fetchone()
        return row[0] if row else None

    def save(self, analysis: Analysis, force: bool = False) -> str:
        """Store an analysis, replacing any earlier one of the same article, in one transaction.

        Returns "added", "replaced" or "unchanged" (same article and extractor version, a no-op
        unless ``force``).
        """
        article = analysis.article
        if not force and self.stored_version(article.id) == analysis.extractor_version:
            return "unchanged"  # the common re-ingest case, without taking the write lock
        with self.transaction() as conn:
            # Read again under the write lock: another process may have stored it meanwhile.
            self._lock_article(conn, article.id)
            row = conn.execute("SELECT extractor_version FROM articles WHERE id = ?", (article.id,)).fetchone()
            previous = row[0] if row else None
            if previous == analysis.extractor_version and not force:
                return "unchanged"
            if previous is not None:
                self._delete_facts(conn, article.id)
                conn.execute("DELETE FROM articles WHERE id = ?", (article.id,))
            self._insert(conn, analysis)
            link_analysis(conn, analysis)
        return "added" if previous is None else "replaced"

    def _delete_facts(self, conn: sqlite3.Connection, article_id: str) -> None:
        for table in FACT_TABLES:
            conn.execute(f"DELETE FROM {table} WHERE article_id = ?", (article_id,))
        conn.execute("DELETE FROM quotes_fts WHERE article_id = ?", (article_id,))
        unlink_article(conn, article_id)

    def _insert(self, conn: sqlite3.Connection, a: Analysis) -> None:
        art, v = a.article, a.extractor_version
        conn.execute(
            "INSERT INTO articles (id, url, outlet, title, author, published, published_source, language, source,"
            " source_format, text, extractor_version, analysis_json, ingested_at)"
            " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (
                art.id, art.url, art.outlet, art.title, art.author,
                art.published.isoformat() if art.published else None,
                art.published_source.value, art.language, art.source, art.source_format, art.text, v,
                a.to_json(), _now(),
            ),
        )  # fmt: skip
        conn.executemany(
            'INSERT INTO mentions (article_id, id, start, "end", text, label, sentence, actor_id, metonym,'
            " extractor_version) VALUES (?,?,?,?,?,?,?,?,?,?)",
            [
                (
                    art.id,
                    m.id,
                    m.span.start,
                    m.span.end,
                    m.span.text,
                    m.label,
                    m.sentence,
                    m.actor_id,
                    int(m.metonym),
                    v,
                )
                for m in a.mentions
            ],
        )
        conn.executemany(
            "INSERT INTO actors (article_id, id, name, kind, country, sector, code, anonymous, roles_json,"
            " aliases_json, kb_id, extractor_version) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
            [
                (
                    art.id, x.id, x.name, x.kind, x.country, x.sector, x.code, int(x.anonymous),
                    json.dumps([r.model_dump(mode="json") for r in x.roles]), json.dumps(x.aliases), x.kb_id, v,
                )
                for x in a.actors
            ],
        )  # fmt: skip
        quote_rows, fts_rows = [], []
        for q in a.quotes:
            speaker = a.actor(q.speaker_actor_id)
            text = " … ".join(s.text for s in q.content)
            name = speaker.name if speaker else (q.speaker.text if q.speaker else None)
            quote_rows.append(
                (
                    art.id, q.id, q.kind.value,
                    min((s.start for s in q.content), default=0), max((s.end for s in q.content), default=0),
                    json.dumps([s.model_dump() for s in q.content]), text,
                    q.cue.text if q.cue else None, q.cue_lemma, q.speaker.text if q.speaker else None,
                    q.speaker_actor_id, name, speaker.code if speaker else None, q.speaker_role,
                    q.channel.text if q.channel else None, q.date, q.date_source, v,
                )
            )  # fmt: skip
            fts_rows.append((art.id, q.id, text, name or ""))
        conn.executemany(
            'INSERT INTO quotes (article_id, id, kind, start, "end", content_json, text, cue, cue_lemma, speaker,'
            " speaker_actor_id, speaker_name, speaker_code, speaker_role, channel, date, date_source,"
            " extractor_version) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            quote_rows,
        )
        conn.executemany("INSERT INTO quotes_fts (article_id, quote_id, text, speaker) VALUES (?,?,?,?)", fts_rows)
        conn.executemany(
            "INSERT INTO events (article_id, id, type, mode, cameo, quad_class, penta_class, intensity, actor_codes,"
            " recipient_codes, actors_json, recipients_json, reciprocal, trigger_start, trigger_end, trigger,"
            " sentence_start, sentence_end, modality, quote_id, date, date_source, place_id, confidence,"
            " extractor_version) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            [
                (
                    art.id, e.id, e.type, e.mode, e.cameo, e.quad_class, e.penta_class, e.intensity,
                    _codes(a, e.actors), _codes(a, e.recipients), json.dumps(e.actors), json.dumps(e.recipients),
                    int(e.reciprocal), e.trigger.start, e.trigger.end, e.trigger.text, e.sentence.start,
                    e.sentence.end, e.modality.value, e.quote_id, e.date, e.date_source, e.place_id, e.confidence, v,
                )
                for e in a.events
            ],
        )  # fmt: skip
        conn.executemany(
            'INSERT INTO times (article_id, id, start, "end", text, type, value, mod, anchor, granularity,'
            " extractor_version) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            [
                (
                    art.id,
                    t.id,
                    t.span.start,
                    t.span.end,
                    t.span.text,
                    t.type,
                    t.value,
                    t.mod,
                    t.anchor,
                    t.granularity,
                    v,
                )
                for t in a.times
            ],
        )
        conn.executemany(
            "INSERT INTO places (article_id, id, name, spans_json, geonameid, feature_class, feature_code, country,"
            " admin1, lat, lon, kind, extractor_version) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
            [
                (
                    art.id, p.id, p.name, json.dumps([s.model_dump() for s in p.spans]), p.geonameid,
                    p.feature_class, p.feature_code, p.country, p.admin1, p.lat, p.lon, p.kind, v,
                )
                for p in a.places
            ],
        )  # fmt: skip

    def record_error(self, source: str, code: str, reason: str) -> None:
        """Keep an ingest failure, so a batch's problems can be listed after it ran."""
        with self.transaction() as conn:
            conn.execute(
                "INSERT INTO ingest_errors (source, code, reason, at) VALUES (?,?,?,?)", (source, code, reason, _now())
            )

    # -- reading ----------------------------------------------------------------
    def analysis(self, article_id: str) -> Analysis:
        """The stored analysis of an article, by full id or a unique prefix (at least 6 characters)."""
        rows = self.conn.execute("SELECT analysis_json FROM articles WHERE id = ?", (article_id,)).fetchall()
        if not rows and len(article_id) >= 6:
            # A prefix as a range of the primary key ('~' sorts after every hex digit), so the index answers.
            rows = self.conn.execute(
                "SELECT analysis_json FROM articles WHERE id >= ? AND id < ? LIMIT 2", (article_id, article_id + "~")
            ).fetchall()
        if not rows:
            raise NotFound(f"no stored article with id '{article_id}'")
        if len(rows) > 1:
            raise NotFound(f"the id prefix '{article_id}' matches several articles; give more characters")
        return Analysis.from_json(rows[0][0])

    def iter_analyses(self, batch: int = 500) -> Iterator[Analysis]:
        """Every stored analysis, in article id order, read in batches (memory stays flat)."""
        last = ""
        while True:
            rows = self.conn.execute(
                "SELECT id, analysis_json FROM articles WHERE id > ? ORDER BY id LIMIT ?", (last, batch)
            ).fetchall()
            if not rows:
                return
            for row in rows:
                yield Analysis.from_json(row[1])
            last = rows[-1][0]

    def articles(self, limit: int = 50, offset: int = 0) -> list[dict]:
        """Article metadata rows, newest publication first (unknown dates last)."""
        rows = self.conn.execute(
            "SELECT id, title, outlet, url, published, published_source, source_format, source,"
            " (SELECT count(*) FROM quotes q WHERE q.article_id = a.id) AS quotes,"
            " (SELECT count(*) FROM events e WHERE e.article_id = a.id) AS events"
            " FROM articles a ORDER BY published IS NULL, published DESC, id LIMIT ? OFFSET ?",
            (limit, offset),
        ).fetchall()
        return [dict(r) for r in rows]

    def iter_table(self, table: str) -> Iterator[sqlite3.Row]:
        """Rows of a fact table joined with their article's url, outlet and publication date (or articles
        themselves, without text and analysis JSON), in a stable order."""
        if table == "articles":
            sql = (
                "SELECT id, url, outlet, title, author, published, published_source, language, source,"
                " source_format, extractor_version, ingested_at FROM articles ORDER BY id"
            )
        elif table in FACT_TABLES:
            sql = (
                f"SELECT f.*, a.url AS article_url, a.outlet AS article_outlet, a.published AS article_published"
                f" FROM {table} f JOIN articles a ON a.id = f.article_id ORDER BY f.article_id, length(f.id), f.id"
            )
        else:
            raise StoreError(f"unknown table '{table}'")
        yield from self.conn.execute(sql)

    def stats(self) -> dict:
        """Counts of stored articles and facts, plus schema and extractor versions."""
        counts = {"articles": self.conn.execute("SELECT count(*) FROM articles").fetchone()[0]}
        for table in FACT_TABLES:
            counts[table] = self.conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
        counts["ingest_errors"] = self.conn.execute("SELECT count(*) FROM ingest_errors").fetchone()[0]
        counts["undated_articles"] = self.conn.execute(
            "SELECT count(*) FROM articles WHERE published IS NULL"
        ).fetchone()[0]
        counts["schema_version"] = self.schema_version
        counts["extractor_versions"] = [
            r[0] for r in self.conn.execute("SELECT DISTINCT extractor_version FROM articles ORDER BY 1")
        ]
        return counts

    def _engine_problems(self) -> list[str]:
        return [r[0] for r in self.conn.execute("PRAGMA integrity_check") if r[0] != "ok"]

    def check_integrity(self) -> list[str]:
        """Problems found: SQLite's own check, facts without article, spans whose text does not match."""
        problems = self._engine_problems()
        for table in FACT_TABLES:
            orphans = self.conn.execute(
                f"SELECT count(*) FROM {table} WHERE article_id NOT IN (SELECT id FROM articles)"
            ).fetchone()[0]
            if orphans:
                problems.append(f"{orphans} rows of {table} without their article")
        for a in self.iter_analyses():
            for span in a.iter_spans():
                if a.article.text[span.start : span.end] != span.text:
                    problems.append(f"article {a.article.id}: span {span.start}-{span.end} does not match its text")
                    break
        return problems
