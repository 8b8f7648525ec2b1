"""RSS and Atom files: one article per item, from its full content or, failing that, its summary.

feedparser handles every RSS/Atom dialect and bad XML leniently; dyad only
maps items to articles.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

from dyad.errors import InputError
from dyad.ingest.common import check_article_text, outlet_from_url
from dyad.model import Article, PublishedSource


def html_fragment_text(fragment: str) -> str:
    """Plain text of an HTML fragment, paragraphs kept as lines."""
    if "<" not in fragment:
        return fragment.strip()
    import lxml.html

    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except Exception:  # lxml's parser errors on broken fragments
        return fragment.strip()
    for block in root.iter("p", "br", "div", "li", "h1", "h2", "h3"):
        block.tail = "\n" + (block.tail or "")
    return "\n".join(line.strip() for line in root.text_content().split("\n") if line.strip())


def _entry_date(entry) -> datetime | None:
    for key in ("published_parsed", "updated_parsed"):
        value = entry.get(key)
        if value:
            return datetime.fromtimestamp(calendar.timegm(value), tz=UTC)
    return None


def read_feed_file(path: Path) -> Iterator[Article | InputError]:
    """Yield an Article or an InputError for each item of an RSS/Atom file."""
    import feedparser

    data = path.read_bytes()
    if not data.strip():
        yield InputError(str(path), "the file is empty")
        return
    feed = feedparser.parse(data)
    if not feed.entries:
        reason = f"not a readable RSS/Atom feed ({feed.bozo_exception})" if feed.bozo else "the feed has no items"
        yield InputError(str(path), reason)
        return
    outlet = feed.feed.get("title") or outlet_from_url(feed.feed.get("link"))
    for i, entry in enumerate(feed.entries, start=1):
        source = f"{path}#item{i}"
        body = ""
        if entry.get("content"):
            body = max((c.get("value", "") for c in entry.content), key=len)
        body = html_fragment_text(body or entry.get("summary", "") or "")
        if not body:
            yield InputError(source, "the item has no content or summary")
            continue
        published = _entry_date(entry)
        try:
            yield Article.from_text(
                body,
                title=entry.get("title"),
                url=entry.get("link"),
                outlet=outlet,
                author=entry.get("author"),
                published=published,
                published_source=PublishedSource.METADATA if published else PublishedSource.UNKNOWN,
                language=check_article_text(body, source),
                source=source,
                source_format="feed",
            )
        except InputError as exc:
            yield exc
