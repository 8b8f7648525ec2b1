"""WARC files (the format of news crawls): every HTML response record becomes an article.

warcio reads WARC and ARC, gzipped or not, record by record. A truncated file
yields the records before the damage and then one error naming the offset.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from dyad.errors import InputError
from dyad.ingest.html import article_from_html
from dyad.model import Article


def read_warc_file(path: Path) -> Iterator[Article | InputError]:
    """Yield an Article or an InputError for each HTML response record."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    found = 0
    with path.open("rb") as stream:
        iterator = ArchiveIterator(stream)
        try:
            for record in iterator:
                if record.rec_type != "response":
                    continue
                content_type = (record.http_headers.get_header("Content-Type") or "") if record.http_headers else ""
                if "html" not in content_type.lower():
                    continue
                url = record.rec_headers.get_header("WARC-Target-URI")
                found += 1
                try:
                    body = record.content_stream().read()
                except Exception as exc:  # a damaged record body (bad gzip/chunking)
                    yield InputError(f"{path}@{iterator.offset}", f"cannot read the record ({type(exc).__name__})")
                    continue
                # The offset is known once the record has been read.
                source = f"{path}@{iterator.get_record_offset()}"
                try:
                    yield article_from_html(body, source, url=url, source_format="warc")
                except InputError as exc:
                    yield exc
        except (ArchiveLoadFailed, EOFError, OSError, ValueError) as exc:
            yield InputError(f"{path}@{iterator.offset}", f"truncated or damaged WARC ({type(exc).__name__}: {exc})")
            return
    if found == 0:
        yield InputError(str(path), "no HTML response records in the WARC file")
