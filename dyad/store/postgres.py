"""The shared store: the same `Store` on a PostgreSQL server (``--db postgresql://…``).

The schema and its migrations are SQLite's, translated statement by statement
(`to_postgres`); the quote index is a table with a GIN full-text index instead
of FTS5. The tables whose SQLite rowid dyad reads (the order rows were stored in) get a ``rowid`` identity
column of the same name. Writers of one article are serialised with a transaction-scoped
advisory lock, so concurrent ingests of overlapping inputs store each article
once. SQL elsewhere in dyad is written with ``?`` placeholders; the connection
adapter rewrites them for psycopg.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from decimal import Decimal

from dyad.errors import SchemaTooNew, StoreError
from dyad.store.dialect import POSTGRES
from dyad.store.schema import SCHEMA_VERSION
from dyad.store.sqlite import Store

_TYPES = [
    (re.compile(r"\bINTEGER\b"), "BIGINT"),
    (re.compile(r"\bREAL\b"), "DOUBLE PRECISION"),
    (re.compile(r"\bBLOB\b"), "BYTEA"),
    (re.compile(r"\)\s*WITHOUT ROWID\s*$"), ")"),
]
#: Indexes only PostgreSQL needs (name: table and columns). A B-tree read backwards gives DESC with NULLs
#: first, so the newest-first orders (``DESC NULLS LAST``, `dyad.store.dialect`) need indexes built in that
#: order to be read without sorting every match; and SQLite's indexes end with the rowid, PostgreSQL's
#: do not, so orders by rowid name it.
ORDER_INDEXES = {
    "articles_newest": "articles (published DESC NULLS LAST, rowid DESC)",
    "quotes_code_newest": "quotes (speaker_code, date DESC NULLS LAST, rowid DESC)",
    "event_days_newest": "event_days (day DESC NULLS LAST, article_id DESC, event_id DESC)",
    "event_days_type_newest": "event_days (type, day DESC NULLS LAST, article_id DESC, event_id DESC)",
    "event_parties_newest": "event_parties (code, role, day DESC NULLS LAST, article_id DESC, event_id DESC)",
    "event_dyads_newest": "event_dyads (actor, recipient, day DESC NULLS LAST, article_id DESC, event_id DESC)",
    "kb_links_kb_newest": "kb_links (kb_id, rowid DESC)",
}
#: Tables whose SQLite rowid dyad's queries read: PostgreSQL gives them an identity column of that name.
ROWID_TABLES = ("articles", "actors", "quotes", "quotes_fts", "kb_links", "kb_log")
_FTS = re.compile(r"CREATE VIRTUAL TABLE (\w+) USING fts5\((.*)\)\s*$", re.S)


def to_postgres(statement: str) -> str:
    """Translate one SQLite DDL statement of `MIGRATIONS` to PostgreSQL."""
    statement = statement.strip()
    fts = _FTS.match(statement)
    if fts:
        name, spec = fts.groups()
        columns = [c.split()[0] for c in spec.split(",") if c.strip() and "=" not in c]
        searched = [c.split()[0] for c in spec.split(",") if c.strip() and "=" not in c and "UNINDEXED" not in c]
        return "; ".join([f"CREATE TABLE {name} ({', '.join(f'{c} TEXT' for c in columns)})",
                          *(fts_index(name, column) for column in searched)])  # fmt: skip
    for pattern, replacement in _TYPES:
        statement = pattern.sub(replacement, statement)
    return statement


def fts_index(table: str, column: str) -> str:
    """The GIN full-text index of one column of a quote-index table: its expression is the one
    `dyad.store.dialect.PostgresDialect.quote_match` tests, so a word search reads the index."""
    return (
        f"CREATE INDEX IF NOT EXISTS {table}_{column} ON {table} USING GIN"
        f" (to_tsvector('english', coalesce({column}, '')))"
    )


def to_psycopg(sql: str) -> str:
    """``?`` placeholders to psycopg's ``%s`` (and a literal ``%`` doubled)."""
    return sql.replace("%", "%%").replace("?", "%s")


class Row(tuple):
    """A result row readable by position and by column name, like sqlite3.Row."""

    __slots__ = ()
    _names: dict[str, int] = {}

    def __getitem__(self, key):  # type: ignore[override]
        if isinstance(key, str):
            return tuple.__getitem__(self, self._names[key])
        return tuple.__getitem__(self, key)

    def keys(self) -> list[str]:
        return list(self._names)


def _without_rowid(row: Row) -> Row:
    names = [n for n in row._names if n != "rowid"]
    row_class = type("Row", (Row,), {"__slots__": (), "_names": {n: i for i, n in enumerate(names)}})
    return row_class(row[n] for n in names)


def _numeric_loader():
    import psycopg

    class NumericLoader(psycopg.adapt.Loader):
        """NUMERIC (what PostgreSQL's sum of integers gives) as int when whole, else float, like SQLite."""

        def load(self, data):
            value = Decimal(bytes(data).decode())
            return int(value) if value == value.to_integral_value() else float(value)

    return NumericLoader


def _row_factory(cursor):
    names = {d.name: i for i, d in enumerate(cursor.description or [])}
    row_class = type("Row", (Row,), {"__slots__": (), "_names": names})
    return lambda values: row_class(values)


class PgConnection:
    """The part of sqlite3.Connection that dyad uses, over a psycopg connection in autocommit mode."""

    def __init__(self, conn):
        self.raw = conn

    def execute(self, sql: str, params: Sequence = ()):
        return self.raw.execute(to_psycopg(sql), tuple(params))

    def executemany(self, sql: str, rows: Iterable[Sequence]):
        rows = [tuple(r) for r in rows]
        cursor = self.raw.cursor()
        if rows:
            cursor.executemany(to_psycopg(sql), rows)
        return cursor

    def close(self) -> None:
        self.raw.close()


class PostgresStore(Store):
    """`Store` on PostgreSQL: same interface, same tables."""

    _BEGIN = "BEGIN"
    dialect = "postgresql"
    sql = POSTGRES

    def __init__(self, url: str, timeout: float = 60.0):
        import psycopg

        self.path = url
        try:
            raw = psycopg.connect(url, autocommit=True, connect_timeout=int(timeout), row_factory=_row_factory)
        except psycopg.OperationalError as exc:
            raise StoreError(f"{_redact(url)}: cannot connect to PostgreSQL ({str(exc).strip()})") from None
        raw.adapters.register_loader("numeric", _numeric_loader())
        self.conn = PgConnection(raw)
        self.conn.execute(f"SET lock_timeout = '{int(timeout)}s'")
        # Two processes opening a new database at once must not both run the migrations.
        self.conn.execute("SELECT pg_advisory_lock(4242)")
        try:
            self.conn.execute("CREATE TABLE IF NOT EXISTS dyad_schema (version BIGINT NOT NULL)")
            self._migrate()
            self._add_rowids()
            self._add_indexes()
        finally:
            self.conn.execute("SELECT pg_advisory_unlock(4242)")

    @property
    def schema_version(self) -> int:
        row = self.conn.execute("SELECT max(version) FROM dyad_schema").fetchone()
        return row[0] or 0

    def _set_schema_version(self, version: int) -> None:
        self.conn.execute("INSERT INTO dyad_schema (version) VALUES (?)", (version,))

    def _ddl(self, statement: str) -> str:
        return to_postgres(statement)

    def _migrate(self) -> None:
        if self.schema_version > SCHEMA_VERSION:
            raise SchemaTooNew(
                f"{_redact(self.path)}: database schema version {self.schema_version} is newer than this dyad "
                f"knows ({SCHEMA_VERSION}); upgrade dyad"
            )
        super()._migrate()

    def _add_rowids(self) -> None:
        """Give each table of `ROWID_TABLES` its ``rowid`` column (numbered in storage order when added later)."""
        present = {
            r[0]
            for r in self.conn.execute(
                "SELECT table_name FROM information_schema.columns WHERE table_schema = current_schema()"
                " AND column_name = 'rowid'"
            )
        }
        for table in ROWID_TABLES:
            if table not in present:
                self.conn.execute(f"ALTER TABLE {table} ADD COLUMN rowid BIGINT GENERATED BY DEFAULT AS IDENTITY")

    def _add_indexes(self) -> None:
        """Create `ORDER_INDEXES` where missing (on a big store, once, a few seconds each). A store made
        before the quote index had one GIN index per column gets those instead of its index of both."""
        if self.conn.execute("SELECT to_regclass('quotes_fts_search')").fetchone()[0] is not None:
            for column in ("text", "speaker"):
                self.conn.execute(fts_index("quotes_fts", column))
            self.conn.execute("DROP INDEX quotes_fts_search")
        for name, spec in ORDER_INDEXES.items():
            self.conn.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {spec}")

    def iter_table(self, table: str):
        for row in super().iter_table(table):
            if "rowid" in row._names:
                yield _without_rowid(row)
            else:
                yield row

    def _lock_article(self, conn, article_id: str) -> None:
        conn.execute("SELECT pg_advisory_xact_lock(hashtextextended(?, 0))", (article_id,))

    def _engine_problems(self) -> list[str]:
        return []


def _redact(url: str) -> str:
    """The URL without its password, for messages."""
    return re.sub(r"://([^:/@]+):[^@]*@", r"://\1:***@", url)
