"""The analyst's Python API: analyse text, open a store, get rows or pandas DataFrames, render an analysis.

>>> import dyad
>>> analysis = dyad.analyze("Chile and Peru signed a fishing accord in Lima on Monday.",
...                         published="2025-06-10")                      # doctest: +SKIP
>>> news = dyad.open("news.db")                                           # doctest: +SKIP
>>> news.events(actor="RUS", as_frame=True).groupby("type").size()       # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

from dyad.model import Analysis, Article, PublishedSource
from dyad.settings import DEFAULT_DB, DEFAULT_MODEL
from dyad.store import Store, open_store


@lru_cache(maxsize=4)
def analyzer(model: str = DEFAULT_MODEL):
    """The shared `Analyzer` for a model (loaded once per process).

    Args:
        model: an installed spaCy model package.

    Returns:
        The `dyad.nlp.pipeline.Analyzer`, the same object on every call with the same model.

    Examples:
        >>> analyzer() is analyzer()
        True
    """
    from dyad.nlp.pipeline import Analyzer

    return Analyzer(model)


def _published(value: str | datetime | None) -> datetime | None:
    from dyad.ingest.common import parse_published

    return parse_published(value, "published") if value is not None else None


def make_article(text: str, published: str | datetime | None = None, **meta: Any) -> Article:
    """An `Article` from text and metadata (``outlet``, ``url``, ``title``, ``author``).

    Args:
        text: the article body.
        published: publication date or time (ISO 8601 string or datetime); None when unknown.
        **meta: other `Article` fields.

    Returns:
        The article; its id is the hash of its normalised text.

    Examples:
        >>> article = make_article("Peru recalled its ambassador.", published="2025-03-01", outlet="Lima Post")
        >>> article.outlet, article.published.date().isoformat(), article.published_source.value
        ('Lima Post', '2025-03-01', 'user')
        >>> make_article("No date given.").published is None
        True
    """
    when = _published(published)
    return Article.from_text(
        text,
        published=when,
        published_source=PublishedSource.USER if when else PublishedSource.UNKNOWN,
        source_format="api",
        **meta,
    )


def analyze(text: str, published: str | datetime | None = None, model: str = DEFAULT_MODEL, **meta: Any) -> Analysis:
    """Analyse one text; ``published`` (ISO 8601 string or datetime) anchors relative dates.

    Args:
        text: the article body.
        published: publication date or time; relative dates ("on Tuesday") are resolved against it.
        model: an installed spaCy model package (loaded once per process).
        **meta: article metadata: ``outlet``, ``url``, ``title``, ``author``.

    Returns:
        The `Analysis`: actors, quotes, events, time expressions and places, each with its offsets.

    Examples:
        >>> a = analyze("Ministers from Chile and Peru met in Lima on Tuesday.", published="2025-06-12")
        >>> [t.value for t in a.times]
        ['2025-06-10']
        >>> [(e.type, e.trigger.text, e.modality.value) for e in a.events]
        [('CONSULT', 'met', 'asserted')]
    """
    return analyzer(model).analyze(make_article(text, published, **meta))


def analyze_many(
    items: Iterable[str | dict | Article], n_process: int = 1, batch_size: int = 32, model: str = DEFAULT_MODEL
) -> Iterator[Analysis]:
    """Analyse a stream of texts, dicts (``text``, ``published``, ``outlet``, ``url``, ``title``) or Articles.

    Streams through one `nlp.pipe`; an item that cannot be analysed is skipped with a warning in the log.

    Args:
        items: texts, dicts with a ``text`` key, or `Article` objects, in any mix.
        n_process: parser processes (spaCy's ``n_process``).
        batch_size: texts per `nlp.pipe` batch.
        model: an installed spaCy model package.

    Yields:
        One `Analysis` per item, in input order.

    Examples:
        >>> [len(a.sentences) for a in analyze_many(["One. Two.", {"text": "Three."}])]
        [2, 1]
        >>> items = [{"text": "Peru recalled its ambassador.", "published": "2025-03-01", "outlet": "Lima Post"}]
        >>> [(a.article.outlet, [e.type for e in a.events]) for a in analyze_many(items)]
        [('Lima Post', ['SANCTION'])]
    """
    import logging

    from dyad.nlp.pipeline import AnalysisFailure

    def articles() -> Iterator[Article]:
        for item in items:
            if isinstance(item, Article):
                yield item
            elif isinstance(item, str):
                yield make_article(item)
            else:
                fields = dict(item)
                yield make_article(fields.pop("text"), fields.pop("published", None), **fields)

    for result in analyzer(model).analyze_many(articles(), batch_size=batch_size, n_process=n_process):
        if isinstance(result, AnalysisFailure):
            logging.getLogger("dyad").warning("skipped: %s", result.error)
            continue
        yield result


# -- reading a store ---------------------------------------------------------------------------------------------
#: Events as a table: dyad's column -> GDELT 2.0's nearest column (documented in docs/python.md).
EVENT_COLUMNS = {
    "event_id": "GLOBALEVENTID",
    "date": "SQLDATE (but from the text when it gives one)",
    "date_source": "(none: GDELT always uses the article date)",
    "actor": "Actor1Code",
    "recipient": "Actor2Code",
    "actor_codes": "Actor1Code (all parties)",
    "recipient_codes": "Actor2Code (all parties)",
    "type": "(PLOVER event type; GDELT has CAMEO only)",
    "mode": "(PLOVER mode)",
    "cameo": "EventCode",
    "cameo_root": "EventRootCode",
    "quad_class": "QuadClass",
    "penta_class": "(CAMEO PentaClass)",
    "intensity": "GoldsteinScale",
    "modality": "(none: GDELT codes hypothetical and negated events as if asserted)",
    "narrator": "(none: True when the event is the narrator's, False when inside a quotation)",
    "place": "ActionGeo_FullName",
    "country": "ActionGeo_CountryCode (ISO alpha-3 here, FIPS in GDELT)",
    "lat": "ActionGeo_Lat",
    "lon": "ActionGeo_Long",
    "url": "SOURCEURL",
    "outlet": "(source outlet)",
    "published": "DATEADDED (publication, not crawl, time)",
    "trigger": "(the words that express the event)",
    "sentence": "(the sentence, as evidence)",
    "article_id": "(dyad's article id)",
}


def _frame(rows: list[dict], categorical: Iterable[str] = (), dates: Iterable[str] = (), utc: Iterable[str] = ()):
    import pandas as pd

    frame = pd.DataFrame(rows)
    if frame.empty:
        return frame
    for column in categorical:
        frame[column] = frame[column].astype("category")
    for column in dates:
        # Dates of day precision become timestamps; coarser ones ("2024-10") the first day of their period.
        frame[column] = pd.to_datetime(frame[column].str.slice(0, 10), errors="coerce", format="mixed")
    for column in utc:
        frame[column] = pd.to_datetime(frame[column], errors="coerce", utc=True, format="ISO8601")
    return frame


class Dataset:
    """A store opened for analysis: the CLI's queries as Python methods returning rows or DataFrames.

    Get one with `dyad.open`. Every query returns a list of dicts, or with ``as_frame=True`` a pandas
    DataFrame with typed columns (datetimes, categoricals for codes).

    Examples:
        >>> import dyad
        >>> news = dyad.open(":memory:")
        >>> news.store.save(dyad.analyze(
        ...     "Chile and Peru signed a fishing accord in Lima on Monday. "
        ...     '"This agreement protects our fishermen," Peruvian Foreign Minister Elmer Schialer said. '
        ...     "Chilean police arrested two Peruvian fishermen near Arica on Sunday.",
        ...     published="2025-06-10", outlet="Andes Daily"))
        'added'
        >>> news
        <dyad.Dataset :memory:: 1 articles, 2 events, 1 quotes>
    """

    def __init__(self, store: Store):
        self.store = store

    def __repr__(self) -> str:
        stats = self.store.stats()
        return f"<dyad.Dataset {self.store.path}: {stats['articles']} articles, {stats['events']} events, {stats['quotes']} quotes>"

    def stats(self) -> dict:
        """Counts of articles and facts.

        Examples:
            >>> import dyad
            >>> stats = dyad.open(":memory:").stats()
            >>> stats["articles"], stats["events"]
            (0, 0)
        """
        return self.store.stats()

    def analysis(self, article_id: str) -> Analysis:
        """One stored article's analysis (an id prefix of 6+ characters is enough).

        Examples:
            >>> import dyad
            >>> news = dyad.open(":memory:")
            >>> analysis = dyad.analyze("Peru recalled its ambassador.", outlet="Lima Post")
            >>> news.store.save(analysis)
            'added'
            >>> news.analysis(analysis.article.id[:8]).article.outlet
            'Lima Post'
        """
        return self.store.analysis(article_id)

    def events(
        self,
        actor: str | None = None,
        recipient: str | None = None,
        type: str | None = None,
        modality: str | None = None,
        since: str | None = None,
        until: str | None = None,
        narrator_only: bool = False,
        as_frame: bool = False,
    ):
        """One row per event; ``actor``/``recipient`` are code prefixes ("RUS" matches RUSGOV and RUSMIL).

        With ``as_frame`` a pandas DataFrame with typed columns (see `EVENT_COLUMNS` for GDELT's equivalents).

        Args:
            actor: code prefix of any actor-side party.
            recipient: code prefix of any recipient-side party.
            type: PLOVER event type (ASSAULT, AGREE, ...).
            modality: asserted, intended, hypothetical, desired or negated.
            since: first date, inclusive ("2024-10" or "2024-10-05").
            until: last date, inclusive, at the precision given ("2024-10" includes the whole month).
            narrator_only: leave out events stated only inside quotations.
            as_frame: return a pandas DataFrame instead of a list of dicts.

        Examples:
            >>> import dyad
            >>> news = dyad.open(":memory:")
            >>> news.store.save(dyad.analyze(
            ...     "Chile and Peru signed a fishing accord in Lima on Monday. "
            ...     '"This agreement protects our fishermen," Peruvian Foreign Minister Elmer Schialer said. '
            ...     "Chilean police arrested two Peruvian fishermen near Arica on Sunday.",
            ...     published="2025-06-10", outlet="Andes Daily"))
            'added'
            >>> [(e["actor"], e["type"], e["date"], e["date_source"], e["place"]) for e in news.events()]
            [('CHLCOP', 'COERCE', '2025-06-08', 'text', 'Arica'), ('CHL', 'SUPPORT', '2025-06-09', 'text', 'Lima')]
            >>> frame = news.events(actor="CHL", type="coerce", as_frame=True)
            >>> frame[["date", "actor", "type", "quad_class", "intensity", "trigger"]]
                    date   actor    type  quad_class  intensity   trigger
            0 2025-06-08  CHLCOP  COERCE           4       -5.0  arrested
            >>> str(frame["date"].dtype), str(frame["type"].dtype)
            ('datetime64[us]', 'category')
        """
        from dyad.store import queries

        rows = []
        for row in queries.all_events(self.store, actor, recipient, type, modality, since, until, narrator_only):
            record = dict(row)
            record["narrator"] = record.pop("quote_id") is None
            record["cameo_root"] = (record["cameo"] or "")[:2] or None
            record["actor"] = (record["actor_codes"] or "").split(";")[0] or None
            record["recipient"] = (record["recipient_codes"] or "").split(";")[0] or None
            rows.append(record)
        if not as_frame:
            return rows
        frame = _frame(
            rows,
            categorical=("type", "mode", "modality", "date_source", "actor", "recipient", "country", "outlet"),
            dates=("date",),
            utc=("published",),
        )
        return frame[[c for c in EVENT_COLUMNS if c in frame.columns]] if not frame.empty else frame

    def quotes(
        self,
        speaker: str | None = None,
        actor: str | None = None,
        text: str | None = None,
        since: str | None = None,
        until: str | None = None,
        limit: int = 500,
        as_frame: bool = False,
    ):
        """Quotes by speaker name, speaker code, words (full-text) and date.

        Args:
            speaker: words of the speaker's name or description.
            actor: the speaker's code, exactly ("PERGOV"; unlike `events`, not a prefix).
            text: words of the quotation (full-text search).
            since: first date, inclusive.
            until: last date, inclusive.
            limit: at most this many quotes (500 at most).
            as_frame: return a pandas DataFrame instead of a list of dicts.

        Examples:
            >>> import dyad
            >>> news = dyad.open(":memory:")
            >>> news.store.save(dyad.analyze(
            ...     "Chile and Peru signed a fishing accord in Lima on Monday. "
            ...     '"This agreement protects our fishermen," Peruvian Foreign Minister Elmer Schialer said. '
            ...     "Chilean police arrested two Peruvian fishermen near Arica on Sunday.",
            ...     published="2025-06-10", outlet="Andes Daily"))
            'added'
            >>> [(q["speaker_name"], q["speaker_code"], q["text"]) for q in news.quotes(speaker="Schialer")]
            [('Elmer Schialer', 'PERGOV', '"This agreement protects our fishermen,"')]
            >>> news.quotes(text="fishermen", as_frame=True)[["speaker_name", "speaker_role", "date"]]
                 speaker_name      speaker_role       date
            0  Elmer Schialer  foreign minister 2025-06-10
        """
        from dyad.store import queries

        page = queries.search_quotes(
            self.store, speaker=speaker, actor=actor, text=text, since=since, until=until, limit=limit
        )
        if not as_frame:
            return page.items
        return _frame(page.items, categorical=("kind", "speaker_code", "outlet"), dates=("date",), utc=("published",))

    def actors(self, kind: str | None = None, country: str | None = None, limit: int = 1000, as_frame: bool = False):
        """Knowledge-base actors with their article, quote and event counts.

        Args:
            kind: person, organization, media, country or group.
            country: ISO alpha-3 country of the actor.
            limit: at most this many actors, most reported first.
            as_frame: return a pandas DataFrame instead of a list of dicts.

        Examples:
            >>> import dyad
            >>> news = dyad.open(":memory:")
            >>> news.store.save(dyad.analyze(
            ...     "Chile and Peru signed a fishing accord in Lima on Monday. "
            ...     '"This agreement protects our fishermen," Peruvian Foreign Minister Elmer Schialer said. '
            ...     "Chilean police arrested two Peruvian fishermen near Arica on Sunday.",
            ...     published="2025-06-10", outlet="Andes Daily"))
            'added'
            >>> sorted((a["name"], a["code"]) for a in news.actors())
            [('Chile', 'CHL'), ('Chile police', 'CHLCOP'), ('Elmer Schialer', 'PERGOV'), ('Peru', 'PER')]
            >>> news.actors(kind="person", as_frame=True)[["name", "country", "quotes", "first_seen"]]
                         name country  quotes first_seen
            0  Elmer Schialer     PER       1 2025-06-10
        """
        from dyad.store import kb

        rows = kb.list_actors(self.store, kind=kind, country=country, limit=limit)
        if not as_frame:
            return rows
        return _frame(rows, categorical=("kind", "country", "code"), dates=("first_seen", "last_seen"))

    def actor(self, name: str) -> dict:
        """One knowledge-base actor's profile (roles over time, aliases, counts).

        Examples:
            >>> import dyad
            >>> news = dyad.open(":memory:")
            >>> news.store.save(dyad.analyze(
            ...     "Chile and Peru signed a fishing accord in Lima on Monday. "
            ...     '"This agreement protects our fishermen," Peruvian Foreign Minister Elmer Schialer said. '
            ...     "Chilean police arrested two Peruvian fishermen near Arica on Sunday.",
            ...     published="2025-06-10", outlet="Andes Daily"))
            'added'
            >>> profile = news.actor("Elmer Schialer")
            >>> profile["name"], profile["code"], [r["title"] for r in profile["roles"]]
            ('Elmer Schialer', 'PERGOV', ['foreign minister'])
        """
        from dyad.store import kb

        return kb.actor_profile(self.store, name)

    def timeline(
        self,
        actor: str,
        recipient: str | None = None,
        by: str = "month",
        all_modalities: bool = False,
        include_quoted: bool = False,
        as_frame: bool = False,
    ):
        """Counts of event clusters (one per real-world event, not per report) and mean intensity per period.

        Clusters are brought up to date first (as `dyad cluster` does). By default only asserted events that the
        narrator reports count.

        Args:
            actor: code prefix of one side.
            recipient: code prefix of the other side; None for any.
            by: "week" or "month".
            all_modalities: count planned, hypothetical, desired and negated events too.
            include_quoted: count events known only from inside quotations too.
            as_frame: return a pandas DataFrame instead of a list of dicts.

        Examples:
            >>> import dyad
            >>> news = dyad.open(":memory:")
            >>> news.store.save(dyad.analyze(
            ...     "Chile and Peru signed a fishing accord in Lima on Monday. "
            ...     '"This agreement protects our fishermen," Peruvian Foreign Minister Elmer Schialer said. '
            ...     "Chilean police arrested two Peruvian fishermen near Arica on Sunday.",
            ...     published="2025-06-10", outlet="Andes Daily"))
            'added'
            >>> news.timeline("CHL", as_frame=True)
                period     type  events  mean_intensity  articles  reports
            0  2025-06   COERCE       1            -5.0         1        1
            1  2025-06  SUPPORT       1             8.0         1        1
        """
        from dyad.store import clusters

        clusters.update_clusters(self.store)
        rows = clusters.timeline(self.store, actor, recipient, by, all_modalities, include_quoted)
        if not as_frame:
            return rows
        return _frame(rows, categorical=("type",))


def open(db: str | Path = DEFAULT_DB) -> Dataset:  # noqa: A001 - dyad.open mirrors the CLI's --db
    """Open a store (SQLite path or postgresql:// URL) for analysis.

    Args:
        db: a SQLite file (created if missing), ``:memory:``, or a ``postgresql://`` URL.

    Returns:
        A `Dataset` over the store.

    Examples:
        >>> import dyad, os, tempfile
        >>> news = dyad.open(os.path.join(tempfile.mkdtemp(), "news.db"))
        >>> news.stats()["articles"]
        0
    """
    return Dataset(open_store(db))


def render(analysis: Analysis) -> str:
    """Self-contained HTML of an analysis: the text with its facts highlighted, and a table of events.

    Every piece of article text is escaped; the HTML uses inline styles only (no scripts, no external assets).
    In Jupyter an `Analysis` displays itself this way.

    Examples:
        >>> html = render(analyze("Chile and Peru <b>signed</b> a fishing accord.", published="2025-06-10"))
        >>> "&lt;b&gt;signed&lt;/b&gt;" in html, "<script" in html
        (True, False)
    """
    from dyad.notebook import render_analysis

    return render_analysis(analysis)
