"""Batch inputs: find the input files and cut each one into chunks of articles as it is read.

A chunk is the unit of work and of output: one worker analyses it and writes one Parquet
part per table for it. Chunks are made while reading (a 50 GB JSONL file is never held in
memory), and the same file always gives the same chunks, so both engines write the same parts
and a rerun overwrites exactly what an interrupted run left.

Records go into a chunk as JSON strings, either ``{"article": {...}}`` or ``{"error": {...}}``
for a record that could not be read (a malformed JSONL line, a damaged WARC record): the
error travels to the errors table like any other result, and the file goes on.
"""

from __future__ import annotations

import glob
import hashlib
import json
import re
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

from dyad.errors import InputError
from dyad.ingest import detect_format, read_file
from dyad.model import Article

#: The formats `dyad batch` reads: collections of articles (one file = many articles).
BATCH_FORMATS = ("jsonl", "parquet", "warc")

#: Records per chunk: small enough to spread a file over many workers, large enough that the
#: eight Parquet parts per chunk stay few.
DEFAULT_CHUNK_SIZE = 200

_UNSAFE = re.compile(r"[^A-Za-z0-9_.-]+")


def batch_format(path: Path) -> str | None:
    """The batch reader for a file ("jsonl", "parquet" or "warc"), or None."""
    if path.suffix.lower() == ".parquet":
        return "parquet"
    fmt = detect_format(path)
    return fmt if fmt in BATCH_FORMATS else None


@dataclass(frozen=True)
class InputFile:
    """One input file of a batch, with what identifies its content for resuming (size, mtime)."""

    path: str  # absolute, so workers on other processes or nodes read the same file
    key: str  # names the file's parts: readable stem + hash of the path
    size: int
    mtime_ns: int

    @classmethod
    def of(cls, path: Path) -> InputFile:
        path = path.resolve()
        stat = path.stat()
        digest = hashlib.sha1(str(path).encode("utf-8")).hexdigest()[:10]
        stem = _UNSAFE.sub("_", path.name.split(".")[0])[:40] or "input"
        return cls(str(path), f"{stem}-{digest}", stat.st_size, stat.st_mtime_ns)


def find_inputs(paths: list[str]) -> tuple[list[InputFile], list[InputError]]:
    """Input files named, under folders (recursively, sorted) or matched by globs; errors for the rest.

    Folders contribute only files of a batch format; a named file of another format is an error
    (`dyad ingest` reads single articles).
    """
    found: dict[str, InputFile] = {}
    errors: list[InputError] = []

    def add(path: Path) -> None:
        if batch_format(path) is None:
            errors.append(InputError(str(path), "not a JSONL, Parquet or WARC file; `dyad ingest` reads other formats"))
            return
        item = InputFile.of(path)
        found.setdefault(item.path, item)

    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for child in sorted(p for p in path.rglob("*") if p.is_file() and not p.name.startswith((".", "_"))):
                if batch_format(child) is not None:
                    add(child)
        elif path.is_file():
            add(path)
        elif any(ch in raw for ch in "*?["):
            matches = sorted(Path(m) for m in glob.glob(raw, recursive=True) if Path(m).is_file())
            if not matches:
                errors.append(InputError(raw, "no file matches this pattern"))
            for match in matches:
                add(match)
        else:
            errors.append(InputError(raw, "no such file or folder"))
    return list(found.values()), errors


@dataclass
class Chunk:
    """A run of consecutive records of one input file; ``last`` marks the file's final chunk."""

    input: str
    key: str
    index: int
    last: bool
    items: list[str]

    def to_row(self) -> dict:
        return asdict(self)

    @property
    def name(self) -> str:
        """The name of this chunk's part in every table folder."""
        return f"{self.key}-{self.index:05d}"


def error_item(error: InputError) -> str:
    """A chunk item for a record that could not be read or analysed."""
    return json.dumps({"error": {"source": error.source, "code": error.code, "reason": error.reason}})


def article_item(article: Article) -> str:
    """A chunk item for an article read successfully."""
    return '{"article": ' + article.model_dump_json() + "}"


def read_records(path: Path) -> Iterator[Article | InputError]:
    """Articles (and errors for unreadable records) of one input file, in file order."""
    if batch_format(path) == "parquet":
        yield from read_parquet_file(path)
    else:
        yield from read_file(path)


def read_parquet_file(path: Path, batch_rows: int = 256) -> Iterator[Article | InputError]:
    """Articles from a Parquet file whose columns are the JSONL fields (``text`` or ``html``, ``title``,
    ``published``, ``url``, ``outlet``, ``author``); each row is named ``FILE#ROW``.

    Read in row batches, so a large file never sits in memory.
    """
    import pyarrow.parquet as pq

    from dyad.ingest.jsonl import article_from_record

    try:
        parquet = pq.ParquetFile(path)
    except Exception as exc:  # pyarrow raises ArrowInvalid and OSError subclasses for damaged files
        yield InputError(str(path), f"not a readable Parquet file ({exc})")
        return
    columns = set(parquet.schema_arrow.names)
    if not columns & {"text", "html"}:
        yield InputError(str(path), f"no 'text' or 'html' column (columns: {', '.join(sorted(columns))})")
        return
    row = 0
    for batch in parquet.iter_batches(batch_size=batch_rows):
        for record in batch.to_pylist():
            source = f"{path}#{row}"
            row += 1
            try:
                yield article_from_record({k: v for k, v in record.items() if v is not None}, source)
            except InputError as exc:
                yield exc


def read_chunks(item: InputFile, chunk_size: int) -> Iterator[Chunk]:
    """Cut one input file into chunks of at most ``chunk_size`` records, reading it once, lazily.

    The final chunk is marked ``last`` and may be empty (a file with no record, or whose record count
    is a multiple of ``chunk_size``), so every file ends with a chunk that says it is complete.
    """
    index = 0
    items: list[str] = []
    for record in read_records(Path(item.path)):
        items.append(error_item(record) if isinstance(record, InputError) else article_item(record))
        if len(items) == chunk_size:
            yield Chunk(item.path, item.key, index, False, items)
            index += 1
            items = []
    yield Chunk(item.path, item.key, index, True, items)
