"""Score place recognition and resolution against the XML geoparsing corpora of Gritta et al. (LGL, TR-News).

The format: ``<articles>`` of ``<article>`` with ``<text>``, ``<dltime>`` (the
download time, used as the publication date), ``<domain>`` (the outlet) and
``<toponyms>``; each ``<toponym>`` has ``<start>``, ``<end>``, ``<phrase>`` and,
when the annotators resolved it, a ``<gaztag geonameid=...>`` with ``<lat>``
and ``<lon>``.

Measures:

- recognition P/R/F1: gold and predicted toponym spans (every span of every
  `Place`, demonyms included, as the corpora annotate them) are paired
  one-to-one when they overlap;
- for recognised toponyms whose gold has coordinates: the share resolved
  within 161 km (100 miles) of the gold point (``acc_161km``) and the median
  error in km; a toponym resolved to the gold's own GeoNames id counts as 0 km
  (the same entity, however differently the gazetteers place it), and one dyad
  recognised but could not resolve counts as an error of 20,000 km (half the
  globe), not as left out. ``acc_161km_points`` is the same share measured on
  the points alone;
- ``geonameid_exact``: the share of those pairs, among the ones where both
  sides have a GeoNames id, whose ids are equal.

    dyad eval places --data ../shared/data/geo/gritta/data/Corpora/lgl.xml --json
"""

from __future__ import annotations

import json
import statistics
import time
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import click

from dyad.errors import InputError
from dyad.geo import haversine_km
from dyad.model import Analysis

#: The distance under which a resolution counts as right (100 miles, the usual geoparsing threshold).
ACCURACY_KM = 161.0
#: The error charged for a recognised toponym left unresolved.
UNRESOLVED_KM = 20_000.0
#: How far a gold offset may be off its phrase before the phrase is searched for nearby.
OFFSET_SLACK = 8


@dataclass
class GoldToponym:
    start: int
    end: int
    phrase: str
    geonameid: int | None = None
    lat: float | None = None
    lon: float | None = None


@dataclass
class GoldArticle:
    docid: str
    text: str
    published: datetime | None
    outlet: str | None
    toponyms: list[GoldToponym] = field(default_factory=list)


@dataclass
class PredictedToponym:
    start: int
    end: int
    geonameid: int | None
    lat: float | None
    lon: float | None


def _fix_offsets(text: str, start: int, end: int, phrase: str) -> tuple[int, int]:
    """Some gold offsets are a character or two off their phrase; find the phrase nearby."""
    if text[start:end] == phrase or not phrase:
        return start, end
    window_start = max(0, start - OFFSET_SLACK)
    found = text.find(phrase, window_start, end + OFFSET_SLACK + len(phrase))
    return (found, found + len(phrase)) if found >= 0 else (start, end)


def _parse_time(value: str | None) -> datetime | None:
    if not value:
        return None
    value = value.strip()
    # "2009-03-20 12:24:52.002364-05": a two-digit UTC offset that fromisoformat wants as -05:00.
    if len(value) > 3 and value[-3] in "+-" and value[-2:].isdigit():
        value += ":00"
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        return None


def read_corpus(path: Path) -> list[GoldArticle]:
    """Read an LGL / TR-News style XML file."""
    try:
        root = ET.parse(path).getroot()
    except (OSError, ET.ParseError) as exc:
        raise InputError(str(path), f"not a readable geoparsing XML corpus ({exc})") from exc
    articles = []
    for node in root.iter("article"):
        text = node.findtext("text") or ""
        gold = []
        for top in node.iter("toponym"):
            phrase = top.findtext("phrase") or ""
            start, end = _fix_offsets(text, int(top.findtext("start")), int(top.findtext("end")), phrase)
            toponym = GoldToponym(start, end, phrase)
            tag = top.find("gaztag")
            if tag is not None:
                gid = tag.get("geonameid")
                toponym.geonameid = int(gid) if gid and gid.isdigit() else None
                lat, lon = tag.findtext("lat"), tag.findtext("lon")
                if lat and lon:
                    toponym.lat, toponym.lon = float(lat), float(lon)
            gold.append(toponym)
        articles.append(
            GoldArticle(
                docid=node.get("docid") or str(len(articles)),
                text=text,
                published=_parse_time(node.findtext("dltime")),
                outlet=node.findtext("domain"),
                toponyms=gold,
            )
        )
    if not articles:
        raise InputError(str(path), "no <article> elements found")
    return articles


def predicted_toponyms(analysis: Analysis) -> list[PredictedToponym]:
    """Every span of every place, with the place's resolution."""
    return [
        PredictedToponym(span.start, span.end, place.geonameid, place.lat, place.lon)
        for place in analysis.places
        for span in place.spans
    ]


def pair_by_overlap(
    gold: Sequence[GoldToponym], predicted: Sequence[PredictedToponym]
) -> list[tuple[GoldToponym, PredictedToponym]]:
    """One-to-one pairs of overlapping gold and predicted spans, each gold taking the first free overlapping prediction."""
    used: set[int] = set()
    pairs = []
    for g in gold:
        for i, p in enumerate(predicted):
            if i not in used and p.start < g.end and g.start < p.end:
                used.add(i)
                pairs.append((g, p))
                break
    return pairs


@dataclass
class PlaceScores:
    n_gold: int = 0
    n_predicted: int = 0
    n_matched: int = 0
    errors_km: list[float] = field(default_factory=list)
    point_errors_km: list[float] = field(default_factory=list)
    id_pairs: int = 0
    id_equal: int = 0

    def add(self, gold: Sequence[GoldToponym], predicted: Sequence[PredictedToponym]) -> None:
        pairs = pair_by_overlap(gold, predicted)
        self.n_gold += len(gold)
        self.n_predicted += len(predicted)
        self.n_matched += len(pairs)
        for g, p in pairs:
            if g.lat is None or g.lon is None:
                continue
            if p.lat is None or p.lon is None:
                point_km = UNRESOLVED_KM
            else:
                point_km = haversine_km(g.lat, g.lon, p.lat, p.lon)
            self.point_errors_km.append(point_km)
            # The gold's own GeoNames entity is right by definition, wherever the two gazetteers put its
            # point (GeoNames places Canada at 60.1 N 113.6 W; dyad's centroid is 1,000 km east).
            same_entity = g.geonameid is not None and g.geonameid == p.geonameid
            self.errors_km.append(0.0 if same_entity else point_km)
            if g.geonameid is not None and p.geonameid is not None:
                self.id_pairs += 1
                self.id_equal += int(g.geonameid == p.geonameid)

    def summary(self) -> dict[str, float | int | None]:
        p = self.n_matched / self.n_predicted if self.n_predicted else 0.0
        r = self.n_matched / self.n_gold if self.n_gold else 0.0
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        within = sum(1 for km in self.errors_km if km <= ACCURACY_KM)
        return {
            "recognition_p": round(p, 4),
            "recognition_r": round(r, 4),
            "recognition_f1": round(f1, 4),
            "acc_161km": round(within / len(self.errors_km), 4) if self.errors_km else None,
            "median_km": round(statistics.median(self.errors_km), 1) if self.errors_km else None,
            "acc_161km_points": (
                round(sum(1 for km in self.point_errors_km if km <= ACCURACY_KM) / len(self.point_errors_km), 4)
                if self.point_errors_km
                else None
            ),
            "geonameid_exact": round(self.id_equal / self.id_pairs, 4) if self.id_pairs else None,
            "n_gold": self.n_gold,
            "n_predicted": self.n_predicted,
            "n_resolved_scored": len(self.errors_km),
        }


def evaluate(articles: Iterable[GoldArticle], analyses: Iterable[Analysis]) -> PlaceScores:
    """Score analyses against the gold articles they were made from (same order)."""
    scores = PlaceScores()
    for article, analysis in zip(articles, analyses, strict=True):
        scores.add(article.toponyms, predicted_toponyms(analysis))
    return scores


def analyze_articles(articles: Sequence[GoldArticle], components: Sequence[str]) -> list[Analysis]:
    """Run the pipeline (only ``components`` of dyad's) over the gold articles' texts."""
    from dyad.model import Article, PublishedSource
    from dyad.nlp.pipeline import AnalysisFailure, Analyzer

    analyzer = Analyzer(components=components)
    docs = []
    for gold in articles:
        meta = {"outlet": gold.outlet, "source": gold.docid}
        if gold.published is not None:
            meta.update(published=gold.published, published_source=PublishedSource.METADATA)
        article = Article.from_text(gold.text, **meta)
        if article.text != gold.text:
            raise InputError(gold.docid, "text changes under normalisation, so gold offsets would not fit")
        docs.append(article)
    results = []
    for result in analyzer.analyze_many(docs):
        if isinstance(result, AnalysisFailure):
            raise result.error
        results.append(result)
    return results


def measure_overhead(articles: Sequence[GoldArticle]) -> dict[str, float]:
    """Seconds of the spaCy parse of the articles, and of the place component on the parsed docs.

    The component's time is measured on its own (after the parse), so the
    ratio is not blurred by the parse's own variance on a busy machine.
    """
    from dyad.model import Article
    from dyad.nlp.pipeline import load_pipeline
    from dyad.nlp.places import PlaceComponent

    nlp = load_pipeline(components=[])
    component = PlaceComponent(nlp)
    started = time.perf_counter()
    docs = list(nlp.pipe(a.text for a in articles))
    parse = time.perf_counter() - started
    for doc, gold in zip(docs, articles, strict=True):
        doc._.dyad = Analysis(extractor_version="overhead", article=Article.from_text(gold.text, outlet=gold.outlet))
    started = time.perf_counter()
    for doc in docs:
        component(doc)
    places = time.perf_counter() - started
    return {"parse_s": round(parse, 2), "places_s": round(places, 3), "overhead_pct": round(100 * places / parse, 1)}


@click.command(name="places")
@click.option("--data", "data_path", required=True, type=click.Path(exists=True, path_type=Path), help="An XML corpus.")
@click.option("--limit", type=int, default=None, help="Score only the first N articles.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@click.option("--overhead", is_flag=True, help="Instead of scoring, time the place component against the spaCy parse.")
def command(data_path: Path, limit: int | None, as_json: bool, overhead: bool) -> None:
    """Score toponym recognition and resolution on an LGL / TR-News style XML corpus."""
    articles = read_corpus(data_path)[:limit]
    if overhead:
        timing = measure_overhead(articles)
        click.echo(json.dumps(timing) if as_json else "  ".join(f"{k} {v}" for k, v in timing.items()))
        return
    started = time.perf_counter()
    analyses = analyze_articles(articles, components=["dyad_places"])
    summary = evaluate(articles, analyses).summary()
    summary["seconds"] = round(time.perf_counter() - started, 1)
    if as_json:
        click.echo(json.dumps(summary))
        return
    click.echo(f"{data_path.name}: {len(articles)} articles, {summary['n_gold']} gold toponyms")
    click.echo(
        f"recognition  P {summary['recognition_p']:.3f}  R {summary['recognition_r']:.3f}  F1 {summary['recognition_f1']:.3f}"
    )
    for key in ("acc_161km", "acc_161km_points", "median_km", "geonameid_exact"):
        click.echo(f"{key:<18}{summary[key]}")
