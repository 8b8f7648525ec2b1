"""Hostile and broken input: nothing crashes, nothing hangs, every span stays true to the text.

Property-based (hypothesis) over the ingest readers and the analysis; the number of generated cases is
bounded for CI and raised with DYAD_FUZZ_EXAMPLES for longer runs.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dyad.errors import InputError
from dyad.ingest import read_file
from dyad.model import Article

EXAMPLES = int(os.environ.get("DYAD_FUZZ_EXAMPLES", "40"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

# Pieces of news-like text and the characters that break naive code: quotation marks of every kind,
# zero-width and bidi controls, right-to-left scripts, emoji, NUL, lone surrogates are impossible in str.
NASTY = [
    "\u201c", "\u201d", '"', "'", "\u2018", "\u2019", "\u00ab", "\u00bb", "\u200b", "\u200d", "\u202e", "\u2066",
    "\ufeff", "\x00", "\n", "\n\n", "\t", " — ", ": ", "مرحبا بالعالم", "שלום", "😀", "🇺🇦", "e\u0301",
]  # fmt: skip
WORDS = [
    "The", "minister", "said", "Moscow", "on Friday", "Lavrov", "warned", "according to", "officials", "troops",
    "attacked", "talks", "in", "Kyiv", "will", "not", "met", "he", "she", "they", "told", "Reuters", ".", ",",
]  # fmt: skip
news_text = st.lists(st.sampled_from(NASTY + WORDS), min_size=1, max_size=120).map(" ".join)


def assert_spans_true(analysis) -> None:
    text = analysis.article.text
    for span in analysis.iter_spans():
        assert 0 <= span.start <= span.end <= len(text)
        assert text[span.start : span.end] == span.text


@FUZZ
@given(text=news_text)
def test_analysis_of_hostile_text_never_crashes_and_keeps_offsets_true(analyzer, text):
    if not text.replace("\x00", "").strip():
        return
    analysis = analyzer.analyze(Article.from_text(text))
    assert_spans_true(analysis)


@FUZZ
@given(data=st.binary(max_size=4000), suffix=st.sampled_from([".txt", ".html", ".jsonl", ".rss", ".warc", ".warc.gz"]))
def test_random_bytes_in_any_format_give_articles_or_named_errors(data, suffix):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"input{suffix}"
        path.write_bytes(data)
        for item in read_file(path):
            assert isinstance(item, Article | InputError)
            if isinstance(item, InputError):
                assert "input" in item.source and item.reason


@FUZZ
@given(text=news_text)
def test_jsonl_records_of_hostile_text_round_trip_through_the_reader(text):
    import json

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "d.jsonl"
        path.write_text(json.dumps({"text": text, "title": text[:20]}) + "\n", "utf-8")
        for item in read_file(path):
            if isinstance(item, Article):
                assert item.text == Article.from_text(text).text


def test_ten_megabytes_in_one_paragraph_is_refused_by_size_without_parsing(analyzer, tmp_path):
    path = tmp_path / "huge.txt"
    path.write_text("word " * 2_100_000)
    [item] = list(read_file(path))
    if isinstance(item, Article):
        [failure] = list(analyzer.analyze_many([item]))
        error = failure.error
    else:
        error = item
    assert "huge.txt" in str(error) and "limit" in str(error)


@pytest.mark.slow
def test_a_hundred_thousand_tiny_lines_are_analysed(analyzer, tmp_path):
    # 100,000 lines take a minute or two of parsing; CI runs 20,000 (linear cost, so no hang hides between).
    lines = 100_000 if os.environ.get("DYAD_FUZZ_LONG") else 20_000
    path = tmp_path / "lines.txt"
    phrases = ["the talks", "went on", "she said", "and they", "were told", "of this", "by him", "on Monday"]
    path.write_text("".join(phrases[i % len(phrases)] + "\n" for i in range(lines)))
    [article] = list(read_file(path))
    assert isinstance(article, Article)
    assert_spans_true(analyzer.analyze(article))


def test_deeply_nested_html_gives_an_article_or_a_named_error(tmp_path):
    path = tmp_path / "deep.html"
    body = "<div>" * 20000 + "Officials met in Lima on Tuesday to discuss a new trade route." + "</div>" * 20000
    path.write_text(f"<html><body>{body}</body></html>")
    [item] = list(read_file(path))
    assert isinstance(item, Article | InputError)
    if isinstance(item, InputError):
        assert "deep.html" in item.source


@pytest.mark.parametrize(
    ("declared", "encoding"),
    [("utf-8", "latin-1"), ("iso-8859-1", "utf-8"), ("windows-1251", "utf-8"), ("shift_jis", "cp1252")],
)
def test_html_whose_declared_charset_is_wrong_still_reads_or_fails_cleanly(tmp_path, declared, encoding):
    text = "The café owners in Bogotá said “prices will rise” after the minister’s decision on Friday."
    page = f'<html><head><meta charset="{declared}"><title>Prices</title></head><body><article><p>{text}</p>'
    page += "<p>Officials from the ministry said the measure was temporary and would be reviewed.</p></article></body></html>"
    path = tmp_path / "wrong.html"
    path.write_bytes(page.encode(encoding, errors="replace"))
    [item] = list(read_file(path))
    assert isinstance(item, Article | InputError)
    if isinstance(item, Article):
        assert "minister" in item.text


def test_unbalanced_quotation_marks_do_not_break_the_analysis(analyzer):
    text = (
        'The minister said "we will never accept this. Officials said the talks would go on.\n\n“Another one, he added.'
    )
    assert_spans_true(analyzer.analyze(Article.from_text(text)))


def test_bidi_and_zero_width_controls_keep_offsets(analyzer):
    text = "The envoy\u200b said\u202e that Kyiv\u2066 and Warsaw\u2069 agreed on Friday.\ufeff"
    analysis = analyzer.analyze(Article.from_text(text))
    assert_spans_true(analysis)
