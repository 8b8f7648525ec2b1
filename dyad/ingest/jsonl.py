"""JSON Lines dumps: one article per line.

Each line is an object with ``text`` (or ``html``) and optional ``title``,
``published``, ``url``, ``outlet``, ``author``. A malformed line is reported
as ``FILE:LINE`` with the reason, and the lines after it are still read.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from dyad.errors import InputError
from dyad.ingest.common import check_article_text, parse_published
from dyad.model import Article, PublishedSource


def article_from_record(record: object, source: str) -> Article:
    """Build an Article from one decoded JSON record."""
    if not isinstance(record, dict):
        raise InputError(source, f"expected a JSON object, got {type(record).__name__}")
    text = record.get("text")
    if text is None and record.get("html"):
        from dyad.ingest.html import article_from_html

        return article_from_html(record["html"], source, url=record.get("url"), source_format="jsonl")
    if not isinstance(text, str) or not text.strip():
        raise InputError(source, "the record has no 'text' (or 'html') field with content")
    published = parse_published(record.get("published") or record.get("date"), source)
    for key in ("title", "url", "outlet", "author"):
        if record.get(key) is not None and not isinstance(record[key], str):
            raise InputError(source, f"field '{key}' must be a string")
    return Article.from_text(
        text,
        title=record.get("title"),
        url=record.get("url"),
        outlet=record.get("outlet"),
        author=record.get("author"),
        published=published,
        published_source=PublishedSource.METADATA if published else PublishedSource.UNKNOWN,
        language=check_article_text(text, source),
        source=source,
        source_format="jsonl",
    )


def read_jsonl_file(path: Path) -> Iterator[Article | InputError]:
    """Yield an Article or an InputError (naming ``FILE:LINE``) for each non-blank line."""
    with path.open("rb") as handle:
        for lineno, raw in enumerate(handle, start=1):
            if not raw.strip():
                continue
            source = f"{path}:{lineno}"
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                yield InputError(source, f"not valid UTF-8 (byte offset {exc.start} in the line)")
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                yield InputError(source, f"malformed JSON ({exc.msg} at column {exc.colno})")
                continue
            try:
                yield article_from_record(record, source)
            except InputError as exc:
                yield exc
