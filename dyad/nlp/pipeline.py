"""Load the spaCy pipeline with dyad's components and turn articles into `Analysis` objects.

Flow: an `Article` becomes a spaCy `Doc` whose ``doc._.dyad`` holds an empty
`Analysis`; spaCy's own components parse it, then each dyad component (a
registered spaCy factory) adds its facts to that `Analysis`. Components run
in the order of `COMPONENTS`; a later one may read what an earlier one found
(quotes read actors, events read quotes, times and places).
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from dyad import __version__
from dyad.errors import DyadError, InputError, ModelNotFound
from dyad.ingest.common import MAX_ARTICLE_CHARS
from dyad.model import Analysis, Article, Span
from dyad.settings import DEFAULT_MODEL

log = logging.getLogger(__name__)


# Component name -> module that registers it. A module that does not exist
# (a capability not built yet) is skipped, so the pipeline always loads.
COMPONENTS: dict[str, str] = {
    "dyad_mentions": "dyad.nlp.mentions",
    "dyad_actors": "dyad.nlp.actors",
    "dyad_time": "dyad.nlp.timex",
    "dyad_places": "dyad.nlp.places",
    "dyad_quotes": "dyad.nlp.quotes",
    "dyad_events": "dyad.nlp.events",
    "dyad_dates": "dyad.nlp.dating",
}

if not Doc.has_extension("dyad"):
    Doc.set_extension("dyad", default=None)


def available_components() -> list[str]:
    """Names of the dyad components whose modules can be imported, in pipeline order."""
    names = []
    for name, module in COMPONENTS.items():
        try:
            importlib.import_module(module)
        except ModuleNotFoundError as exc:
            if exc.name != module:
                raise
            continue
        names.append(name)
    return names


def load_pipeline(model: str = DEFAULT_MODEL, components: Iterable[str] | None = None) -> Language:
    """Load spaCy model ``model`` and append dyad's components.

    Args:
        model: an installed spaCy model package name.
        components: dyad component names to add (default: every available one).
    Raises:
        ModelNotFound: the model package is not installed.
    """
    try:
        nlp = spacy.load(model)
    except OSError as exc:
        raise ModelNotFound(model) from exc
    wanted = list(components) if components is not None else available_components()
    for name in wanted:
        if name not in COMPONENTS:
            raise DyadError(f"unknown dyad component '{name}'; known: {', '.join(COMPONENTS)}")
        importlib.import_module(COMPONENTS[name])
        nlp.add_pipe(name, last=True)
    return nlp


def extractor_version(nlp: Language) -> str:
    """A string that changes whenever the code or model that produced an analysis changes."""
    meta = nlp.meta
    dyad_pipes = [p for p in nlp.pipe_names if p.startswith("dyad_")]
    return f"dyad-{__version__}+{meta.get('name', 'model')}-{meta.get('version', '0')}+{'.'.join(p[5:] for p in dyad_pipes)}"


def sentence_spans(doc: Doc) -> list[Span]:
    """The document's sentences as spans, trimmed of surrounding whitespace."""
    spans = []
    text = doc.text  # rebuilt from the tokens on every access: read it once
    for sent in doc.sents:
        start, end = sent.start_char, sent.end_char
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            spans.append(Span.of(text, start, end))
    return spans


@dataclass
class AnalysisFailure:
    """An article the pipeline could not analyse, and why (a batch goes on past it)."""

    article: Article
    error: DyadError


class Analyzer:
    """Turns articles into analyses with one loaded pipeline.

    >>> analyzer = Analyzer()                                    # doctest: +SKIP
    >>> analyzer.analyze(Article.from_text("Lavrov met Choe in Moscow.")).mentions[0].label  # doctest: +SKIP
    'PERSON'
    """

    #: Articles longer than this are refused with a clear error (the ingest readers use the same budget).
    max_chars = MAX_ARTICLE_CHARS

    def __init__(
        self, model: str = DEFAULT_MODEL, components: Iterable[str] | None = None, nlp: Language | None = None
    ):
        self.nlp = nlp if nlp is not None else load_pipeline(model, components)
        self.version = extractor_version(self.nlp)

    def _make_doc(self, article: Article) -> Doc:
        if not article.text.strip():
            raise InputError(article.source or article.id, "the article has no text")
        if len(article.text) > self.max_chars:
            raise InputError(
                article.source or article.id,
                f"text of {len(article.text):,} characters exceeds the limit of {self.max_chars:,}",
            )
        doc = self.nlp.make_doc(article.text)
        doc._.dyad = Analysis(extractor_version=self.version, article=article)
        return doc

    @staticmethod
    def _finish(doc: Doc) -> Analysis:
        analysis: Analysis = doc._.dyad
        analysis.sentences = sentence_spans(doc)
        return analysis

    def analyze(self, article: Article) -> Analysis:
        """Analyse one article."""
        return self._finish(self.nlp(self._make_doc(article)))

    def analyze_many(
        self, articles: Iterable[Article], batch_size: int = 32, n_process: int = 1
    ) -> Iterator[Analysis | AnalysisFailure]:
        """Analyse a stream of articles through one `nlp.pipe`, yielding results in input order.

        An article that cannot be analysed yields an `AnalysisFailure` instead; the stream goes on.
        """
        failures: dict[int, AnalysisFailure] = {}

        def docs() -> Iterator[tuple[Doc, int]]:
            for i, article in enumerate(articles):
                try:
                    yield self._make_doc(article), i
                except DyadError as exc:
                    failures[i] = AnalysisFailure(article, exc)

        expected = 0
        for doc, i in self.nlp.pipe(docs(), as_tuples=True, batch_size=batch_size, n_process=n_process):
            while expected < i:
                if expected in failures:
                    yield failures.pop(expected)
                expected += 1
            yield self._finish(doc)
            expected = i + 1
        for key in sorted(failures):
            yield failures.pop(key)
