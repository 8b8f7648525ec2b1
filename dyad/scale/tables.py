"""The Parquet tables of a batch: their schemas, how an analysis becomes rows, how a part is written.

Columns follow the SQLite store's tables (same names, same meaning): every fact row carries its
``article_id``, its character offsets and the ``extractor_version`` that produced it. Lists of
ids are Parquet lists; nested structures (roles, multi-span contents) are JSON text, as in
SQLite. The articles table keeps the whole ``analysis_json``, so `dyad load` rebuilds each
analysis exactly. docs/scaling.md lists every column.

A part is written under a temporary name (``.NAME.parquet.tmp``) and renamed when complete:
readers globbing ``*.parquet`` never see a half-written file.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from dyad.model import Analysis

_S, _I, _F, _B = pa.string(), pa.int64(), pa.float64(), pa.bool_()
_IDS = pa.list_(pa.string())

SCHEMAS: dict[str, pa.Schema] = {
    "articles": pa.schema(
        [
            ("id", _S),
            ("url", _S),
            ("outlet", _S),
            ("title", _S),
            ("author", _S),
            ("published", pa.timestamp("us", tz="UTC")),
            ("published_source", _S),
            ("language", _S),
            ("source", _S),
            ("source_format", _S),
            ("input", _S),
            ("text", _S),
            ("mentions", _I),
            ("actors", _I),
            ("quotes", _I),
            ("events", _I),
            ("times", _I),
            ("places", _I),
            ("schema_version", _S),
            ("extractor_version", _S),
            ("analysis_json", _S),
        ]
    ),  # fmt: skip
    "mentions": pa.schema(
        [
            ("article_id", _S),
            ("id", _S),
            ("start", _I),
            ("end", _I),
            ("text", _S),
            ("label", _S),
            ("sentence", _I),
            ("actor_id", _S),
            ("metonym", _B),
            ("extractor_version", _S),
        ]
    ),  # fmt: skip
    "actors": pa.schema(
        [
            ("article_id", _S),
            ("id", _S),
            ("name", _S),
            ("kind", _S),
            ("country", _S),
            ("sector", _S),
            ("code", _S),
            ("anonymous", _B),
            ("roles_json", _S),
            ("aliases", _IDS),
            ("kb_id", _S),
            ("extractor_version", _S),
        ]
    ),  # fmt: skip
    "quotes": pa.schema(
        [
            ("article_id", _S),
            ("id", _S),
            ("kind", _S),
            ("start", _I),
            ("end", _I),
            ("text", _S),
            ("content_json", _S),
            ("quoted_parts_json", _S),
            ("cue", _S),
            ("cue_start", _I),
            ("cue_end", _I),
            ("cue_lemma", _S),
            ("speaker", _S),
            ("speaker_start", _I),
            ("speaker_end", _I),
            ("speaker_actor_id", _S),
            ("speaker_name", _S),
            ("speaker_code", _S),
            ("speaker_role", _S),
            ("channel", _S),
            ("channel_actor_id", _S),
            ("date", _S),
            ("date_source", _S),
            ("confidence", _F),
            ("extractor_version", _S),
        ]
    ),  # fmt: skip
    "events": pa.schema(
        [
            ("article_id", _S),
            ("id", _S),
            ("type", _S),
            ("mode", _S),
            ("cameo", _S),
            ("quad_class", _I),
            ("penta_class", _I),
            ("intensity", _F),
            ("actor_codes", _S),
            ("recipient_codes", _S),
            ("actor_ids", _IDS),
            ("recipient_ids", _IDS),
            ("reciprocal", _B),
            ("trigger_start", _I),
            ("trigger_end", _I),
            ("trigger", _S),
            ("sentence_start", _I),
            ("sentence_end", _I),
            ("modality", _S),
            ("quote_id", _S),
            ("date", _S),
            ("date_source", _S),
            ("place_id", _S),
            ("confidence", _F),
            ("extractor_version", _S),
        ]
    ),  # fmt: skip
    "times": pa.schema(
        [
            ("article_id", _S),
            ("id", _S),
            ("start", _I),
            ("end", _I),
            ("text", _S),
            ("type", _S),
            ("value", _S),
            ("mod", _S),
            ("anchor", _S),
            ("granularity", _S),
            ("extractor_version", _S),
        ]
    ),  # fmt: skip
    "places": pa.schema(
        [
            ("article_id", _S),
            ("id", _S),
            ("name", _S),
            ("spans_json", _S),
            ("geonameid", _I),
            ("feature_class", _S),
            ("feature_code", _S),
            ("country", _S),
            ("admin1", _S),
            ("lat", _F),
            ("lon", _F),
            ("kind", _S),
            ("extractor_version", _S),
        ]
    ),  # fmt: skip
    "errors": pa.schema(
        [("input", _S), ("source", _S), ("code", _S), ("reason", _S), ("stage", _S), ("extractor_version", _S)]
    ),
}

#: Every table of a batch output, one folder each.
TABLES = tuple(SCHEMAS)


def _spans_json(spans) -> str:
    return json.dumps([s.model_dump() for s in spans], ensure_ascii=False)


def _codes(analysis: Analysis, actor_ids: list[str]) -> str | None:
    codes = [a.code for i in actor_ids if (a := analysis.actor(i)) and a.code]
    return ";".join(codes) or None


def analysis_rows(analysis: Analysis, input_path: str) -> dict[str, list[dict]]:
    """The rows one analysis contributes to each table (errors excepted)."""
    a, art, v = analysis, analysis.article, analysis.extractor_version
    rows: dict[str, list[dict]] = {}
    rows["articles"] = [
        {
            "id": art.id, "url": art.url, "outlet": art.outlet, "title": art.title, "author": art.author,
            "published": art.published, "published_source": art.published_source.value, "language": art.language,
            "source": art.source, "source_format": art.source_format, "input": input_path, "text": art.text,
            "mentions": len(a.mentions), "actors": len(a.actors), "quotes": len(a.quotes), "events": len(a.events),
            "times": len(a.times), "places": len(a.places), "schema_version": a.schema_version,
            "extractor_version": v, "analysis_json": a.to_json(),
        }
    ]  # fmt: skip
    rows["mentions"] = [
        {
            "article_id": art.id, "id": m.id, "start": m.span.start, "end": m.span.end, "text": m.span.text,
            "label": m.label, "sentence": m.sentence, "actor_id": m.actor_id, "metonym": m.metonym,
            "extractor_version": v,
        }
        for m in a.mentions
    ]  # fmt: skip
    rows["actors"] = [
        {
            "article_id": art.id, "id": x.id, "name": x.name, "kind": x.kind, "country": x.country,
            "sector": x.sector, "code": x.code, "anonymous": x.anonymous,
            "roles_json": json.dumps([r.model_dump(mode="json") for r in x.roles], ensure_ascii=False),
            "aliases": x.aliases, "kb_id": x.kb_id, "extractor_version": v,
        }
        for x in a.actors
    ]  # fmt: skip
    rows["quotes"] = []
    for q in a.quotes:
        speaker = a.actor(q.speaker_actor_id)
        rows["quotes"].append(
            {
                "article_id": art.id, "id": q.id, "kind": q.kind.value,
                "start": min((s.start for s in q.content), default=0), "end": max((s.end for s in q.content), default=0),
                "text": " … ".join(s.text for s in q.content), "content_json": _spans_json(q.content),
                "quoted_parts_json": _spans_json(q.quoted_parts),
                "cue": q.cue.text if q.cue else None, "cue_start": q.cue.start if q.cue else None,
                "cue_end": q.cue.end if q.cue else None, "cue_lemma": q.cue_lemma,
                "speaker": q.speaker.text if q.speaker else None,
                "speaker_start": q.speaker.start if q.speaker else None,
                "speaker_end": q.speaker.end if q.speaker else None, "speaker_actor_id": q.speaker_actor_id,
                "speaker_name": speaker.name if speaker else (q.speaker.text if q.speaker else None),
                "speaker_code": speaker.code if speaker else None, "speaker_role": q.speaker_role,
                "channel": q.channel.text if q.channel else None, "channel_actor_id": q.channel_actor_id,
                "date": q.date, "date_source": q.date_source, "confidence": q.confidence, "extractor_version": v,
            }
        )  # fmt: skip
    rows["events"] = [
        {
            "article_id": art.id, "id": e.id, "type": e.type, "mode": e.mode, "cameo": e.cameo,
            "quad_class": e.quad_class, "penta_class": e.penta_class, "intensity": e.intensity,
            "actor_codes": _codes(a, e.actors), "recipient_codes": _codes(a, e.recipients), "actor_ids": e.actors,
            "recipient_ids": e.recipients, "reciprocal": e.reciprocal, "trigger_start": e.trigger.start,
            "trigger_end": e.trigger.end, "trigger": e.trigger.text, "sentence_start": e.sentence.start,
            "sentence_end": e.sentence.end, "modality": e.modality.value, "quote_id": e.quote_id, "date": e.date,
            "date_source": e.date_source, "place_id": e.place_id, "confidence": e.confidence, "extractor_version": v,
        }
        for e in a.events
    ]  # fmt: skip
    rows["times"] = [
        {
            "article_id": art.id, "id": t.id, "start": t.span.start, "end": t.span.end, "text": t.span.text,
            "type": t.type, "value": t.value, "mod": t.mod, "anchor": t.anchor, "granularity": t.granularity,
            "extractor_version": v,
        }
        for t in a.times
    ]  # fmt: skip
    rows["places"] = [
        {
            "article_id": art.id, "id": p.id, "name": p.name, "spans_json": _spans_json(p.spans),
            "geonameid": p.geonameid, "feature_class": p.feature_class, "feature_code": p.feature_code,
            "country": p.country, "admin1": p.admin1, "lat": p.lat, "lon": p.lon, "kind": p.kind,
            "extractor_version": v,
        }
        for p in a.places
    ]  # fmt: skip
    return rows


def part_path(output: Path, table: str, name: str) -> Path:
    """Where the part ``name`` of ``table`` lives."""
    return output / table / f"{name}.parquet"


def write_part(output: Path, table: str, name: str, rows: list[dict]) -> Path:
    """Write one table's part for a chunk: to a temporary name, synced, then renamed into place."""
    final = part_path(output, table, name)
    final.parent.mkdir(parents=True, exist_ok=True)
    temporary = final.with_name(f".{final.name}.tmp")
    table_data = pa.Table.from_pylist(rows, schema=SCHEMAS[table])
    with temporary.open("wb") as handle:
        pq.write_table(table_data, handle, compression="zstd")
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, final)
    return final


def remove_parts(output: Path, key: str) -> int:
    """Delete every part (and temporary part) of one input file, before it is analysed again."""
    removed = 0
    for table in TABLES:
        folder = output / table
        if not folder.is_dir():
            continue
        for path in list(folder.glob(f"{key}-*.parquet")) + list(folder.glob(f".{key}-*.parquet.tmp")):
            path.unlink()
            removed += 1
    return removed
