"""Ingest: read articles from files of any supported format.

`read_paths` takes files, folders and globs and yields, in order, an `Article`
for each article it could read and an `InputError` (naming the file, line or
record, and the reason) for each it could not, so a batch always goes on.

Formats, chosen by extension: ``.txt``/``.text``/``.md`` plain text,
``.html``/``.htm`` pages, ``.jsonl``/``.ndjson`` dumps, ``.rss``/``.atom``/``.xml``
feeds, ``.warc``/``.warc.gz``/``.arc.gz`` crawls.
"""

from __future__ import annotations

import glob
from collections.abc import Iterable, Iterator
from pathlib import Path

from dyad.errors import InputError
from dyad.ingest.common import NotEnglish
from dyad.model import Article

__all__ = ["read_paths", "read_file", "detect_format", "InputError", "NotEnglish", "FORMATS"]

FORMATS = {
    ".txt": "text",
    ".text": "text",
    ".md": "text",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".rss": "feed",
    ".atom": "feed",
    ".xml": "feed",
    ".warc": "warc",
    ".arc": "warc",
}


def detect_format(path: Path) -> str | None:
    """The reader for a file, from its extension (``.gz`` is looked through for WARC/ARC)."""
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes[-1:] == [".gz"] and len(suffixes) >= 2 and suffixes[-2] in (".warc", ".arc"):
        return "warc"
    return FORMATS.get(suffixes[-1]) if suffixes else None


def read_file(path: Path, fmt: str | None = None) -> Iterator[Article | InputError]:
    """Yield what one file holds: Articles, and InputErrors for what cannot be read."""
    fmt = fmt or detect_format(path)
    try:
        if fmt == "text":
            from dyad.ingest.text import read_text_file

            yield read_text_file(path)
        elif fmt == "html":
            from dyad.ingest.html import read_html_file

            yield read_html_file(path)
        elif fmt == "jsonl":
            from dyad.ingest.jsonl import read_jsonl_file

            yield from read_jsonl_file(path)
        elif fmt == "feed":
            from dyad.ingest.feeds import read_feed_file

            yield from read_feed_file(path)
        elif fmt == "warc":
            from dyad.ingest.warc import read_warc_file

            yield from read_warc_file(path)
        else:
            yield InputError(
                str(path),
                f"unknown file type '{''.join(path.suffixes) or path.name}'; known: {', '.join(sorted(FORMATS))}, .warc.gz",
            )
    except InputError as exc:
        yield exc
    except OSError as exc:
        yield InputError(str(path), f"cannot read the file ({exc.strerror or exc})")


def expand_paths(paths: Iterable[str | Path]) -> Iterator[Path | InputError]:
    """Files named, found under folders (recursively, known types only, sorted) or matched by globs."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for child in sorted(p for p in path.rglob("*") if p.is_file() and not p.name.startswith(".")):
                if detect_format(child) is not None:
                    yield child
        elif path.is_file():
            yield path
        elif any(ch in str(raw) for ch in "*?["):
            matches = sorted(Path(m) for m in glob.glob(str(raw), recursive=True) if Path(m).is_file())
            if not matches:
                yield InputError(str(raw), "no file matches this pattern")
            yield from matches
        else:
            yield InputError(str(raw), "no such file or folder")


def read_paths(paths: Iterable[str | Path], fmt: str | None = None) -> Iterator[Article | InputError]:
    """Yield Articles and InputErrors from files, folders and globs, in a stable order."""
    for item in expand_paths(paths):
        if isinstance(item, InputError):
            yield item
        else:
            yield from read_file(item, fmt)
