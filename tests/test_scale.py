"""Batch analysis into Parquet: the same output on a real local Ray cluster and on the process pool,
errors kept as rows, resumable runs, and `dyad load` giving what `dyad ingest` gives."""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")

from dyad.errors import InputError  # noqa: E402
from dyad.model import Analysis, Article, Event, Quote, QuoteKind, Span  # noqa: E402
from dyad.scale.batch import run_batch  # noqa: E402
from dyad.scale.inputs import InputFile, find_inputs, read_chunks, read_records  # noqa: E402
from dyad.scale.load import load_output  # noqa: E402
from dyad.scale.manifest import MANIFEST_NAME, Manifest  # noqa: E402
from dyad.scale.tables import SCHEMAS, TABLES, analysis_rows, write_part  # noqa: E402
from dyad.scale.worker import EXTRACTOR_FAILED, ChunkWorker  # noqa: E402
from dyad.store import Store  # noqa: E402

WIRE = [
    {
        "title": "Fishing talks",
        "published": "2025-03-04T09:00:00Z",
        "outlet": "Harbour Post",
        "text": "The fisheries ministers of Chile and Peru met in Lima on Tuesday to settle a dispute over anchovy quotas.",
    },
    {
        "title": "Arrests",
        "published": "2025-03-05T09:00:00Z",
        "text": "Police in Nairobi arrested twelve students on Friday after a march on parliament, a spokesman said.",
    },
    {
        "published": "2025-03-06T09:00:00Z",
        "text": '"We will not sign these terms," Prime Minister Anna Berg told reporters after the meeting in Oslo.',
    },
    {
        "published": "2025-03-07T09:00:00Z",
        "outlet": "Delta Times",
        "text": "Japan pledged two million dollars in flood aid to Bangladesh, the foreign ministry said on Monday.",
    },
]
PAGE = "<html><head><title>{title}</title></head><body><article><h1>{title}</h1><p>{body}</p></article></body></html>"
PAGES = [
    (
        "https://valley.example/2025/05/02/dam",
        "Dam deal",
        "Egypt and Sudan agreed on Thursday to share data on the flow of the Nile, officials in Cairo said. "
        "The agreement follows months of talks between the two governments about water security in the region.",
    ),
    (
        "https://valley.example/2025/05/03/border",
        "Border closed",
        "Hungary closed two border crossings with Serbia on Saturday, the interior ministry in Budapest said. "
        "The ministry said the crossings would stay closed until further notice while checks were reviewed.",
    ),
]
DIGEST = [
    {"text": "Brazil and Argentina signed a trade accord in Brasilia on Wednesday, the two presidents said."},
    {"title": "no body"},
]


def write_jsonl(path: Path) -> Path:
    lines = [json.dumps(r) for r in WIRE]
    lines.insert(2, "{this line is not json")  # line 3
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def write_warc(path: Path) -> Path:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=True)
    for url, title, body in PAGES:
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        html = PAGE.format(title=title, body=body).encode()
        writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(html), http_headers=headers))
    path.write_bytes(buffer.getvalue())
    return path


def write_parquet(path: Path) -> Path:
    pq.write_table(pa.Table.from_pylist(DIGEST), path)
    return path


@pytest.fixture(scope="module")
def inputs(tmp_path_factory) -> list[Path]:
    folder = tmp_path_factory.mktemp("inputs")
    return [
        write_jsonl(folder / "wire.jsonl"),
        write_warc(folder / "crawl.warc.gz"),
        write_parquet(folder / "digest.parquet"),
    ]


def table_rows(output: Path, table: str) -> list[dict]:
    """Every row of one table, in a stable order (engines finish chunks in any order)."""
    rows = []
    for part in sorted((output / table).glob("*.parquet")):
        rows.extend(pq.read_table(part).to_pylist())
    return sorted(rows, key=lambda r: json.dumps(r, sort_keys=True, default=str))


@pytest.fixture(scope="module")
def local_run(inputs, tmp_path_factory):
    output = tmp_path_factory.mktemp("local") / "out"
    report = run_batch([str(p) for p in inputs], output, engine="local", workers=2, chunk_size=2)
    return output, report


@pytest.fixture(scope="module")
def ray_cluster():
    ray = pytest.importorskip("ray")
    os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")  # no network in tests
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    yield ray
    ray.shutdown()


@pytest.fixture(scope="module")
def ray_run(inputs, ray_cluster, tmp_path_factory):
    output = tmp_path_factory.mktemp("ray") / "out"
    report = run_batch([str(p) for p in inputs], output, engine="ray", workers=2, chunk_size=2)
    return output, report


# -- the two engines -------------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("table", TABLES)
def test_ray_output_equals_the_local_pool_output_row_by_row(local_run, ray_run, table):
    assert table_rows(ray_run[0], table) == table_rows(local_run[0], table)


@pytest.mark.slow
def test_the_output_holds_the_articles_of_every_input_format(local_run):
    output, report = local_run
    formats = sorted(r["source_format"] for r in table_rows(output, "articles"))
    assert formats == ["jsonl"] * 5 + ["warc"] * 2
    assert report.articles == 7 and report.finished == 3


@pytest.mark.slow
def test_every_part_has_the_documented_schema(local_run):
    output, _ = local_run
    for table in TABLES:
        parts = sorted((output / table).glob("*.parquet"))
        assert parts, f"no part for {table}"
        for part in parts:
            assert pq.read_schema(part).remove_metadata() == SCHEMAS[table]


@pytest.mark.slow
def test_fact_rows_carry_article_offsets_and_extractor_version(local_run):
    output, _ = local_run
    texts = {r["id"]: r["text"] for r in table_rows(output, "articles")}
    mentions = table_rows(output, "mentions")
    assert mentions
    for row in mentions:
        assert texts[row["article_id"]][row["start"] : row["end"]] == row["text"]
        assert row["extractor_version"].startswith("dyad-")


@pytest.mark.slow
def test_a_malformed_record_becomes_an_error_row_and_the_file_goes_on(local_run):
    output, report = local_run
    errors = {(Path(r["source"]).name, r["stage"]) for r in table_rows(output, "errors")}
    assert ("wire.jsonl:3", "read") in errors
    assert ("digest.parquet#1", "read") in errors
    assert report.errors == 2
    # the records after the bad line are there
    assert any(r["source"].endswith("wire.jsonl:5") for r in table_rows(output, "articles"))


@pytest.mark.slow
def test_the_manifest_lists_each_finished_input(local_run, inputs):
    output, _ = local_run
    manifest = Manifest(output)
    assert all(manifest.is_done(InputFile.of(p)) for p in inputs)
    assert manifest.entries[str(inputs[0].resolve())]["articles"] == 4


# -- resuming ----------------------------------------------------------------------------------


@pytest.mark.slow
def test_a_second_run_skips_finished_inputs_and_rewrites_nothing(local_run, inputs):
    output, _ = local_run
    before = {p: p.stat().st_mtime_ns for p in output.rglob("*.parquet")}
    report = run_batch([str(p) for p in inputs], output, engine="local", workers=2, chunk_size=2)
    assert (report.already_done, report.articles, report.chunks) == (3, 0, 0)
    assert {p: p.stat().st_mtime_ns for p in output.rglob("*.parquet")} == before


@pytest.mark.slow
def test_an_unfinished_input_is_redone_and_its_leftovers_removed(local_run, inputs, tmp_path):
    original, _ = local_run
    output = tmp_path / "out"
    shutil.copytree(original, output)
    wire = str(inputs[0].resolve())
    manifest = output / MANIFEST_NAME
    # the run "died" before the JSONL file was recorded, leaving a temporary and a stray part of it
    kept = [line for line in manifest.read_text().splitlines() if json.loads(line)["input"] != wire]
    manifest.write_text("\n".join(kept) + "\n")
    key = InputFile.of(inputs[0]).key
    (output / "quotes" / f".{key}-00000.parquet.tmp").write_bytes(b"half a file")
    shutil.copy(next((output / "articles").glob(f"{key}-*.parquet")), output / "articles" / f"{key}-00099.parquet")

    report = run_batch([str(p) for p in inputs], output, engine="local", workers=1, chunk_size=2)

    assert (report.already_done, report.finished, report.articles) == (2, 1, 4)
    assert not list(output.rglob("*.tmp"))
    for table in TABLES:
        assert table_rows(output, table) == table_rows(original, table)


def test_read_chunks_marks_the_last_chunk(tmp_path):
    path = tmp_path / "w.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in WIRE) + "\n")
    chunks = list(read_chunks(InputFile.of(path), chunk_size=3))
    assert [(c.index, c.last, len(c.items)) for c in chunks] == [(0, False, 3), (1, True, 1)]


def test_an_input_without_records_still_gives_one_last_chunk(tmp_path):
    path = tmp_path / "empty.jsonl"
    path.write_text("\n\n")
    assert [(c.index, c.last, c.items) for c in read_chunks(InputFile.of(path), chunk_size=3)] == [(0, True, [])]


def test_a_changed_input_is_no_longer_done(tmp_path):
    path = tmp_path / "w.jsonl"
    path.write_text(json.dumps(WIRE[0]) + "\n")
    manifest = Manifest(tmp_path)
    manifest.record(InputFile.of(path), chunks=1, articles=1, errors=0, extractor_version="v")
    assert Manifest(tmp_path).is_done(InputFile.of(path))
    path.write_text(json.dumps(WIRE[0]) + "\n" + json.dumps(WIRE[1]) + "\n")
    assert not Manifest(tmp_path).is_done(InputFile.of(path))


def test_a_manifest_line_cut_by_a_crash_is_ignored(tmp_path):
    path = tmp_path / "w.jsonl"
    path.write_text(json.dumps(WIRE[0]) + "\n")
    Manifest(tmp_path).record(InputFile.of(path), chunks=1, articles=1, errors=0, extractor_version="v")
    with (tmp_path / MANIFEST_NAME).open("a") as handle:
        handle.write('{"input": "/data/other.jsonl", "si')
    assert list(Manifest(tmp_path).entries) == [str(path.resolve())]


def test_a_part_is_renamed_into_place_only_when_written(tmp_path):
    path = write_part(tmp_path, "errors", "x-00000", [{"input": "a", "source": "a:1", "code": "E100", "reason": "r"}])
    assert path.name == "x-00000.parquet" and [p.name for p in (tmp_path / "errors").iterdir()] == [path.name]
    assert pq.read_table(path).column("reason").to_pylist() == ["r"]


# -- inputs --------------------------------------------------------------------------------------


def test_parquet_rows_become_articles_named_by_row(tmp_path):
    records = list(read_records(write_parquet(tmp_path / "d.parquet")))
    assert isinstance(records[0], Article) and records[0].source.endswith("d.parquet#0")
    assert isinstance(records[1], InputError) and records[1].source.endswith("d.parquet#1")


def test_a_parquet_file_without_text_column_is_one_error(tmp_path):
    path = tmp_path / "meta.parquet"
    pq.write_table(pa.Table.from_pylist([{"title": "a"}]), path)
    [error] = list(read_records(path))
    assert isinstance(error, InputError) and "no 'text' or 'html' column" in error.reason


def test_find_inputs_takes_batch_formats_from_folders_and_refuses_others(tmp_path):
    write_jsonl(tmp_path / "a.jsonl")
    (tmp_path / "notes.txt").write_text("a note")
    found, errors = find_inputs([str(tmp_path), str(tmp_path / "notes.txt"), str(tmp_path / "missing.jsonl")])
    assert [Path(f.path).name for f in found] == ["a.jsonl"]
    assert [Path(e.source).name for e in errors] == ["notes.txt", "missing.jsonl"]


# -- tables --------------------------------------------------------------------------------------


def hand_made_analysis() -> Analysis:
    text = 'Ana Ruiz said: "We will talk." Chile met Peru.'
    article = Article.from_text(text, source="t.jsonl:1", source_format="jsonl")
    return Analysis(
        extractor_version="test-1",
        article=article,
        quotes=[
            Quote(
                id="Q1", kind=QuoteKind.DIRECT, content=[Span.of(text, 16, 29)], cue=Span.of(text, 9, 13),
                speaker=Span.of(text, 0, 8),
            )
        ],
        events=[
            Event(
                id="E1", type="CONSULT", trigger=Span.of(text, 37, 40), sentence=Span.of(text, 31, 46),
                actors=["A1", "A2"], reciprocal=True,
            )
        ],
    )  # fmt: skip


def test_analysis_rows_keep_offsets_and_the_full_analysis():
    analysis = hand_made_analysis()
    rows = analysis_rows(analysis, "/in/t.jsonl")
    [quote] = rows["quotes"]
    assert (quote["start"], quote["end"], quote["text"]) == (16, 29, "We will talk.")
    assert (quote["cue_start"], quote["cue"], quote["speaker"]) == (9, "said", "Ana Ruiz")
    [event] = rows["events"]
    assert event["actor_ids"] == ["A1", "A2"] and event["trigger"] == "met"
    [article] = rows["articles"]
    assert Analysis.from_json(article["analysis_json"]) == analysis
    assert (article["quotes"], article["events"], article["input"]) == (1, 1, "/in/t.jsonl")


def test_analysis_rows_fit_the_schemas():
    for table, rows in analysis_rows(hand_made_analysis(), "/in/t.jsonl").items():
        assert pa.Table.from_pylist(rows, schema=SCHEMAS[table]).num_rows == len(rows)


# -- the worker ----------------------------------------------------------------------------------


class ExplodingAnalyzer:
    """The real analyzer, except that it raises on any article that mentions a volcano."""

    def __init__(self, analyzer):
        self.real, self.version = analyzer, analyzer.version

    def analyze(self, article):
        if "volcano" in article.text:
            raise RuntimeError("boom")
        return self.real.analyze(article)

    def analyze_many(self, articles, batch_size=16):
        for article in articles:
            yield self.analyze(article)


@pytest.mark.slow
def test_an_article_whose_analysis_fails_is_an_error_row_and_the_chunk_goes_on(analyzer, tmp_path):
    from dyad.scale.inputs import Chunk, article_item

    texts = ["Kenya sent police to Haiti on Monday.", "A volcano erupted in Iceland.", "Peru met Chile."]
    items = [article_item(Article.from_text(t, source=f"x.jsonl:{i}")) for i, t in enumerate(texts, 1)]
    worker = ChunkWorker(str(tmp_path), analyzer=ExplodingAnalyzer(analyzer))
    summary = worker.process(Chunk("/in/x.jsonl", "x-1", 0, True, items))
    assert (summary.articles, summary.errors) == (2, 1)
    [error] = table_rows(tmp_path, "errors")
    assert (error["source"], error["code"], error["stage"]) == ("x.jsonl:2", EXTRACTOR_FAILED, "analyse")
    assert "RuntimeError: boom" in error["reason"]


# -- load ----------------------------------------------------------------------------------------


@pytest.mark.slow
def test_load_gives_the_same_analyses_as_ingest(local_run, inputs, analyzer, tmp_path):
    from dyad.runner import ingest

    output, _ = local_run
    ingested, loaded = Store(tmp_path / "ingest.db"), Store(tmp_path / "load.db")
    ingest([str(p.resolve()) for p in inputs[:2]], ingested, analyzer)
    counts = load_output(output, loaded)
    assert counts["added"] == 7
    by_ingest = {a.article.id: a for a in ingested.iter_analyses()}
    by_load = {a.article.id: a for a in loaded.iter_analyses()}
    # the Parquet digest is read by batch only; everything else must be identical
    del by_load[Article.from_text(DIGEST[0]["text"]).id]
    assert by_load == by_ingest
    assert loaded.check_integrity() == []


@pytest.mark.slow
def test_loading_twice_changes_nothing(local_run, tmp_path):
    output, _ = local_run
    store = Store(tmp_path / "x.db")
    load_output(output, store)
    assert load_output(output, store) == {"added": 0, "replaced": 0, "unchanged": 7}


@pytest.mark.slow
def test_cli_batch_reports_finished_inputs_and_load_fills_the_store(local_run, inputs, tmp_path):
    output, _ = local_run
    copy = tmp_path / "out"
    shutil.copytree(output, copy)
    args = [sys.executable, "-m", "dyad"]
    batch = subprocess.run(
        [*args, "batch", *map(str, inputs), "--output", str(copy), "-q"], capture_output=True, text=True, timeout=120
    )
    assert batch.returncode == 0, batch.stderr
    assert "3 inputs (3 already done), 0 articles" in batch.stdout
    load = subprocess.run(
        [*args, "load", str(copy), "--db", str(tmp_path / "x.db")], capture_output=True, text=True, timeout=120
    )
    assert load.returncode == 0, load.stderr
    assert load.stdout.startswith("7 added, 0 replaced, 0 unchanged")
    assert "2 records of the batch could not be read or analysed" in load.stderr
