"""The store: where analyses are kept and queried. SQLite by default."""

from __future__ import annotations

from pathlib import Path

from dyad.store.sqlite import DEFAULT_DB, Store

__all__ = ["Store", "open_store", "DEFAULT_DB"]


def open_store(db: str | Path = DEFAULT_DB) -> Store:
    """Open (creating if needed) the store at ``db``: a SQLite file path, ``sqlite:///PATH``, or a
    ``postgresql://user@host:port/dbname`` URL (the database must exist; dyad creates its tables)."""
    db = str(db)
    if db.startswith(("postgresql://", "postgres://")):
        from dyad.store.postgres import PostgresStore

        return PostgresStore(db)
    if db.startswith("sqlite:///"):
        db = db[len("sqlite:///") :]
    return Store(db)
