"""HTML pages: main text and metadata (title, date, author, outlet) through trafilatura.

trafilatura is the well-kept choice for news boilerplate removal and metadata
(it reads OpenGraph, JSON-LD and htmldate's date heuristics), so dyad does not
keep its own extractor.
"""

from __future__ import annotations

from pathlib import Path

from dyad.errors import InputError
from dyad.ingest.common import check_article_text, date_from_url, outlet_from_url, parse_published
from dyad.model import Article, PublishedSource

#: Pages larger than this are refused before parsing (a news page is rarely over 2 MB).
MAX_HTML_BYTES = 20_000_000

#: Main text shorter than this is page furniture, not an article.
MIN_ARTICLE_WORDS = 8


def article_from_html(html: bytes | str, source: str, url: str | None = None, source_format: str = "html") -> Article:
    """Extract the article from an HTML page; raise InputError when there is none."""
    size = len(html)
    if size == 0 or not (html.strip() if isinstance(html, str) else html.strip()):
        raise InputError(source, "the page is empty")
    if size > MAX_HTML_BYTES:
        raise InputError(source, f"page of {size:,} bytes exceeds the limit of {MAX_HTML_BYTES:,}")
    import trafilatura

    try:
        doc = trafilatura.bare_extraction(
            html, url=url, with_metadata=True, include_comments=False, include_tables=False, favor_precision=True
        )
    except Exception as exc:  # trafilatura raises a zoo of parser errors on broken markup
        raise InputError(source, f"cannot parse the HTML ({type(exc).__name__}: {exc})") from None
    text = getattr(doc, "text", None) if doc is not None else None
    words = len(text.split()) if text else 0
    if words < MIN_ARTICLE_WORDS:
        # Menus and cookie banners survive boilerplate removal as a word or two; that is not an article.
        raise InputError(source, f"no article text found in the HTML page ({words} words of main text)")
    url = url or getattr(doc, "url", None)
    published, published_source = None, PublishedSource.UNKNOWN
    raw_date = getattr(doc, "date", None)
    if raw_date:
        try:
            published, published_source = parse_published(raw_date, source), PublishedSource.METADATA
        except InputError:
            published = None
    if published is None and (from_url := date_from_url(url)):
        published, published_source = from_url, PublishedSource.URL
    language = check_article_text(text, source)
    return Article.from_text(
        text,
        title=getattr(doc, "title", None),
        url=url,
        outlet=getattr(doc, "sitename", None) or outlet_from_url(url) or getattr(doc, "hostname", None),
        author=getattr(doc, "author", None),
        published=published,
        published_source=published_source,
        language=language,
        source=source,
        source_format=source_format,
    )


def read_html_file(path: Path) -> Article:
    """Read one saved HTML page."""
    return article_from_html(path.read_bytes(), str(path))
