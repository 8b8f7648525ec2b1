"""The manifest of a batch output: which input files are completely analysed and written.

One JSON line per finished input file (``_manifest.jsonl`` in the output folder), appended and
synced only after every part of the file is in place. A rerun skips the files listed with the
same path, size and modification time; a file changed since, or cut off mid-way, is done again.
A line cut short by a crash is ignored.
"""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime
from pathlib import Path

from dyad.scale.inputs import InputFile

MANIFEST_NAME = "_manifest.jsonl"


class Manifest:
    """The finished input files of one output folder."""

    def __init__(self, output: Path):
        self.path = output / MANIFEST_NAME
        self.entries: dict[str, dict] = {}
        if self.path.exists():
            for line in self.path.read_text(encoding="utf-8").splitlines():
                try:
                    entry = json.loads(line)
                except json.JSONDecodeError:
                    continue  # the last line of a crashed run
                self.entries[entry["input"]] = entry

    def is_done(self, item: InputFile) -> bool:
        """Whether this file, as it is now, was completely analysed by an earlier run."""
        entry = self.entries.get(item.path)
        return entry is not None and entry["size"] == item.size and entry["mtime_ns"] == item.mtime_ns

    def record(self, item: InputFile, chunks: int, articles: int, errors: int, extractor_version: str) -> None:
        """Mark a file as finished (call only when all its parts are written)."""
        entry = {
            "input": item.path,
            "key": item.key,
            "size": item.size,
            "mtime_ns": item.mtime_ns,
            "chunks": chunks,
            "articles": articles,
            "errors": errors,
            "extractor_version": extractor_version,
            "finished": datetime.now(UTC).isoformat(timespec="seconds"),
        }
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self.path.open("a", encoding="utf-8") as handle:
            handle.write(json.dumps(entry) + "\n")
            handle.flush()
            os.fsync(handle.fileno())
        self.entries[item.path] = entry
