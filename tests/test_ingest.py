"""Each ingest format, and bad input: every failure names its input and reason; the batch goes on."""

from __future__ import annotations

import gzip
import io
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from dyad.errors import InputError
from dyad.ingest import NotEnglish, detect_format, read_paths

BODY = (
    "The finance ministers of Chile and Peru met in Lima on Tuesday to discuss a new trade corridor. "
    "Both governments said they hoped to sign an agreement before the end of the year."
)

PAGE = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>Ministers meet in Lima | Andes Daily</title>
<meta property="og:site_name" content="Andes Daily">
<meta name="author" content="Ana Ruiz">
<meta property="article:published_time" content="2025-06-10T08:00:00-05:00">
</head><body><nav>Home | World | Sport</nav><article><h1>Ministers meet in Lima</h1>
<p>{body}</p><p>Officials from both countries said the corridor would cut shipping times by a third,
and that customs checks would be shared at the border crossing near Tacna.</p></article>
<footer>Copyright Andes Daily</footer></body></html>"""


def read_all(*paths):
    return list(read_paths(paths))


def write(path: Path, content: str | bytes) -> Path:
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, "utf-8")
    return path


def test_plain_text_with_header_gives_metadata_and_body(tmp_path):
    path = write(tmp_path / "a.txt", f"Title: Ministers meet\nPublished: 2025-06-10\nOutlet: Andes Daily\n\n{BODY}\n")
    [article] = read_all(path)
    assert article.title == "Ministers meet"
    assert article.outlet == "Andes Daily"
    assert article.published == datetime(2025, 6, 10, tzinfo=UTC)
    assert article.published_source == "metadata"
    assert article.text == BODY
    assert article.source_format == "text"


def test_plain_text_without_date_says_the_date_is_unknown(tmp_path):
    [article] = read_all(write(tmp_path / "a.txt", BODY))
    assert article.published is None
    assert article.published_source == "unknown"


def test_a_first_line_that_is_not_a_header_stays_in_the_text(tmp_path):
    text = "Note: this story was updated.\n\n" + BODY
    [article] = read_all(write(tmp_path / "a.txt", text))
    assert article.text.startswith("Note: this story")


def test_sidecar_json_gives_metadata(tmp_path):
    path = write(tmp_path / "a.txt", BODY)
    write(tmp_path / "a.txt.json", json.dumps({"published": "2025-06-10T10:00:00+02:00", "url": "https://x.example/a"}))
    [article] = read_all(path)
    assert article.url == "https://x.example/a"
    assert article.published.utcoffset().total_seconds() == 7200


def test_html_page_gives_main_text_and_metadata(tmp_path):
    [article] = read_all(write(tmp_path / "page.html", PAGE.format(body=BODY)))
    assert "trade corridor" in article.text
    assert "Copyright" not in article.text and "Home | World" not in article.text
    assert article.title == "Ministers meet in Lima"
    assert article.outlet == "Andes Daily"
    assert article.author == "Ana Ruiz"
    assert article.published is not None and article.published.date().isoformat() == "2025-06-10"


def test_jsonl_reads_one_article_per_line_and_reports_a_malformed_line(tmp_path):
    lines = [
        json.dumps({"text": BODY, "title": "One", "published": "2025-06-10", "outlet": "Wire"}),
        '{"text": "broken',
        json.dumps({"text": BODY + " A second story.", "title": "Two"}),
    ]
    results = read_all(write(tmp_path / "dump.jsonl", "\n".join(lines) + "\n"))
    assert [type(r).__name__ for r in results] == ["Article", "InputError", "Article"]
    assert results[1].source.endswith("dump.jsonl:2")
    assert "malformed JSON" in results[1].reason
    assert results[2].published_source == "unknown"


def test_jsonl_record_without_text_is_an_error_naming_the_line(tmp_path):
    [error] = read_all(write(tmp_path / "d.jsonl", json.dumps({"title": "no body"}) + "\n"))
    assert isinstance(error, InputError)
    assert error.source.endswith("d.jsonl:1") and "no 'text'" in error.reason


RSS = """<?xml version="1.0"?><rss version="2.0"><channel><title>Andes Daily</title>
<link>https://andes.example</link>
<item><title>Lima talks</title><link>https://andes.example/lima</link>
<pubDate>Tue, 10 Jun 2025 08:00:00 +0000</pubDate>
<description><![CDATA[<p>{body}</p>]]></description></item>
<item><title>Empty</title><link>https://andes.example/empty</link></item>
</channel></rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">
<title>Andes Atom</title><link href="https://andes.example/"/><id>urn:x</id><updated>2025-06-10T08:00:00Z</updated>
<entry><title>Lima talks</title><link href="https://andes.example/a"/><id>urn:a</id>
<updated>2025-06-10T08:00:00Z</updated><content type="html">&lt;p&gt;{body}&lt;/p&gt;</content></entry>
</feed>"""


def test_rss_items_become_articles_and_an_empty_item_is_reported(tmp_path):
    results = read_all(write(tmp_path / "feed.rss", RSS.format(body=BODY)))
    article, error = results
    assert article.text == BODY
    assert article.outlet == "Andes Daily"
    assert article.published == datetime(2025, 6, 10, 8, tzinfo=UTC)
    assert isinstance(error, InputError) and "no content" in error.reason


def test_atom_entries_become_articles(tmp_path):
    [article] = read_all(write(tmp_path / "feed.atom", ATOM.format(body=BODY)))
    assert article.text == BODY and article.source_format == "feed"


def make_warc(pages: list[tuple[str, str]], gz: bool = True) -> bytes:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=gz)
    for url, html in pages:
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        writer.write_record(
            writer.create_warc_record(url, "response", payload=io.BytesIO(html.encode()), http_headers=headers)
        )
    return buffer.getvalue()


def test_warc_html_responses_become_articles_with_their_urls(tmp_path):
    data = make_warc([("https://andes.example/2025/06/10/lima", PAGE.format(body=BODY))])
    [article] = read_all(write(tmp_path / "crawl.warc.gz", data))
    assert article.url == "https://andes.example/2025/06/10/lima"
    assert article.source_format == "warc"
    assert "trade corridor" in article.text


def test_truncated_warc_keeps_the_records_before_the_damage(tmp_path):
    pages = [(f"https://andes.example/{i}", PAGE.format(body=BODY + f" Story {i}.")) for i in range(3)]
    data = make_warc(pages, gz=False)
    cut = data[: int(len(data) * 0.8)]
    results = read_all(write(tmp_path / "cut.warc", cut))
    articles = [r for r in results if not isinstance(r, InputError)]
    errors = [r for r in results if isinstance(r, InputError)]
    assert len(articles) == 2
    assert len(errors) == 1 and "cut.warc" in errors[0].source


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("empty.txt", b"", "empty"),
        ("blank.txt", b"  \n\n ", "empty"),
        ("binary.txt", bytes(range(256)) * 4, "binary"),
        ("latin1.txt", "Caf\u00e9 in Bogot\u00e1 reopened.".encode("latin-1"), "not valid UTF-8"),
        ("nothing.html", b"<html><body><nav>Home</nav></body></html>", "no article text"),
        ("empty.html", b"", "empty"),
        ("notes.docx", b"PK\x03\x04", "unknown file type"),
    ],
)
def test_bad_input_gives_an_error_naming_the_file_and_reason(tmp_path, name, content, reason):
    [error] = read_all(write(tmp_path / name, content))
    assert isinstance(error, InputError)
    assert name in error.source
    assert reason in error.reason
    assert name in str(error)


def test_non_english_text_is_skipped_with_the_language_named(tmp_path):
    text = (
        "Los ministros de Chile y Perú se reunieron en Lima el martes para discutir un nuevo corredor "
        "comercial. Ambos gobiernos dijeron que esperan firmar un acuerdo antes de fin de año."
    )
    [error] = read_all(write(tmp_path / "es.txt", text))
    assert isinstance(error, NotEnglish)
    assert "'es'" in error.reason


def test_a_bad_file_does_not_stop_the_others(tmp_path):
    write(tmp_path / "a.txt", BODY)
    write(tmp_path / "b.txt", b"\xff\xfe\x00\x00garbage\x00")
    write(tmp_path / "c.txt", BODY + " More.")
    results = read_all(tmp_path)
    assert [type(r).__name__ for r in results] == ["Article", "InputError", "Article"]


def test_missing_path_and_unmatched_glob_are_reported(tmp_path):
    results = read_all(tmp_path / "nope.txt", str(tmp_path / "*.jsonl"))
    assert [r.reason for r in results] == ["no such file or folder", "no file matches this pattern"]


def test_glob_and_folder_expansion_find_known_types_only(tmp_path):
    write(tmp_path / "a.txt", BODY)
    write(tmp_path / "a.txt.json", "{}")
    write(tmp_path / "image.png", b"\x89PNG")
    assert len(read_all(tmp_path)) == 1
    assert len(read_all(str(tmp_path / "*.txt"))) == 1


def test_detect_format_looks_through_gzip_for_warc():
    assert detect_format(Path("x.warc.gz")) == "warc"
    assert detect_format(Path("x.jsonl")) == "jsonl"
    assert detect_format(Path("x.gz")) is None


def test_gzip_that_is_not_a_warc_is_reported(tmp_path):
    [error] = read_all(write(tmp_path / "bad.warc.gz", gzip.compress(b"not a warc at all")))
    assert isinstance(error, InputError)
    assert "bad.warc.gz" in error.source
