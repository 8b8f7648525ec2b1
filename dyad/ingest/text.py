"""Plain-text articles, with optional metadata in a header block or a sidecar file.

A header is a block of ``Key: value`` lines at the very top, ended by a blank
line, with keys among title, url, outlet, author, published (or date)::

    Title: Ministers meet in Vienna
    Published: 2024-11-01
    Outlet: Example Wire

    The foreign ministers met on Friday ...

A sidecar ``article.txt.json`` (or ``article.json``) beside the file may hold
the same keys; the header wins over the sidecar.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from dyad.errors import InputError
from dyad.ingest.common import check_article_text, decode_text, parse_published
from dyad.model import Article, PublishedSource

HEADER_KEYS = {"title", "url", "outlet", "author", "published", "date", "source", "language"}
_HEADER_LINE = re.compile(r"^([A-Za-z]+):[ \t]*(.*)$")


def split_header(text: str) -> tuple[dict[str, str], str]:
    """Split a leading ``Key: value`` block (known keys only) from the body."""
    lines = text.split("\n")
    meta: dict[str, str] = {}
    for i, line in enumerate(lines):
        if not line.strip():
            if meta:
                return meta, "\n".join(lines[i + 1 :])
            break
        match = _HEADER_LINE.match(line)
        if not match or match[1].lower() not in HEADER_KEYS:
            break
        meta[match[1].lower()] = match[2].strip()
    return {}, text


def read_sidecar(path: Path) -> dict:
    """Metadata from ``FILE.json`` or ``STEM.json`` beside the file, if any."""
    for candidate in (path.with_name(path.name + ".json"), path.with_suffix(".json")):
        if candidate.is_file() and candidate != path:
            try:
                data = json.loads(candidate.read_text("utf-8"))
            except (ValueError, UnicodeDecodeError) as exc:
                raise InputError(str(candidate), f"sidecar metadata is not valid JSON: {exc}") from None
            if not isinstance(data, dict):
                raise InputError(str(candidate), "sidecar metadata must be a JSON object")
            return data
    return {}


def article_from_text(text: str, source: str, meta: dict | None = None) -> Article:
    """Build an Article from text and a metadata dict (keys as in the header)."""
    meta = dict(meta or {})
    header, body = split_header(text)
    meta.update(header)
    if not body.strip():
        raise InputError(source, "no article text after the header")
    published = parse_published(meta.get("published") or meta.get("date"), source)
    language = check_article_text(body, source)
    return Article.from_text(
        body.strip("\n"),
        title=meta.get("title") or None,
        url=meta.get("url") or None,
        outlet=meta.get("outlet") or None,
        author=meta.get("author") or None,
        published=published,
        published_source=PublishedSource.METADATA if published else PublishedSource.UNKNOWN,
        language=language,
        source=source,
        source_format="text",
    )


def read_text_file(path: Path) -> Article:
    """Read one plain-text article file (UTF-8)."""
    text = decode_text(path.read_bytes(), str(path))
    return article_from_text(text, str(path), read_sidecar(path))
