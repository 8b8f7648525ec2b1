"""The SQL that SQLite and PostgreSQL spell differently, chosen by `Store.dialect`.

Queries across articles (the read model, the query functions, the clusters) are written once, in SQL both
engines read; where the two differ (a JSON array as rows, a date pattern, full-text search, where NULLs
sort, temporary tables) the query asks its store's dialect for the fragment. SQLite's fragments are the
SQL dyad always ran, so SQLite plans stay as they were.
"""

from __future__ import annotations


class SQLiteDialect:
    """Fragments for SQLite (the SQL as dyad wrote it before PostgreSQL could read across articles)."""

    name = "sqlite"
    #: Prefix of a table private to this connection.
    temp = "temp."
    #: LIKE that ignores letter case (SQLite's LIKE already does, for ASCII).
    like = "LIKE"
    #: Prefix of the name of an index on a temporary table.
    temp_index = "temp."
    #: Descending with NULLs last, and what makes an ascending order put NULLs first: SQLite's order,
    #: made explicit on PostgreSQL (whose NULLs sort as the largest values).
    desc = "DESC"
    nulls_first = ""

    def total(self, expr: str) -> str:
        """Sum of ``expr`` that is 0 (not NULL) over no rows."""
        return f"total({expr})"

    def json_values(self, column: str, alias: str) -> str:
        """A FROM item: the elements of the JSON array in ``column``, as rows with a text column ``value``."""
        return f"json_each({column}) {alias}"

    def is_full_date(self, expr: str) -> str:
        """Whether ``expr`` starts with a full YYYY-MM-DD date."""
        return f"{expr} GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]*'"

    def week(self, day: str) -> str:
        """The Monday of the week of the YYYY-MM-DD text ``day``, as YYYY-MM-DD."""
        return f"date({day}, '-6 days', 'weekday 1')"

    def integer(self, expr: str) -> str:
        """``expr`` where a function wants a 32-bit integer (PostgreSQL's substr does not take a BIGINT)."""
        return expr

    def round(self, expr: str, digits: int) -> str:
        return f"round({expr}, {digits})"

    def quote_match(self, table: str, text: str | None, speaker: str | None) -> tuple[str, list[str]]:
        """A condition on the quote index ``table`` (by name or alias) that every word of ``text`` is in
        the quote and every word of ``speaker`` in its speaker, with its parameters. Words are FTS5
        phrases already (`dyad.store.queries.fts_phrase`)."""
        match = []
        if text:
            match.append(f"text : ({text})")
        if speaker:
            match.append(f"speaker : ({speaker})")
        return "quotes_fts MATCH ?", [" AND ".join(match)]


class PostgresDialect(SQLiteDialect):
    """Fragments for PostgreSQL."""

    name = "postgresql"
    temp = "pg_temp."
    like = "ILIKE"
    temp_index = ""
    desc = "DESC NULLS LAST"
    nulls_first = " NULLS FIRST"

    def total(self, expr: str) -> str:
        return f"coalesce(sum({expr}), 0)"

    def json_values(self, column: str, alias: str) -> str:
        return f"json_array_elements_text({column}::json) {alias}(value)"

    def is_full_date(self, expr: str) -> str:
        return f"{expr} ~ '^[0-9]{{4}}-[01][0-9]-[0-3][0-9]'"

    def week(self, day: str) -> str:
        return f"to_char(date_trunc('week', {day}::date), 'YYYY-MM-DD')"

    def integer(self, expr: str) -> str:
        return f"CAST({expr} AS INTEGER)"

    def round(self, expr: str, digits: int) -> str:
        return f"round(CAST({expr} AS NUMERIC), {digits})"

    def quote_match(self, table: str, text: str | None, speaker: str | None) -> tuple[str, list[str]]:
        # Each test is the expression of its column's GIN index (dyad.store.postgres.fts_index), so the index
        # answers it and a common word is never re-parsed row by row. Words are stemmed (English).
        conditions, params = [], []
        for column, phrase in (("text", text), ("speaker", speaker)):
            if phrase:
                conditions.append(
                    f"to_tsvector('english', coalesce({table}.{column}, '')) @@ plainto_tsquery('english', ?)"
                )
                params.append(" ".join(w.strip('"') for w in phrase.split()))
        return "(" + " AND ".join(conditions) + ")", params


SQLITE = SQLiteDialect()
POSTGRES = PostgresDialect()
