"""Dating quotes and events: when was it said, when did it happen.

"Lavrov said on Friday that talks would resume next week." The quote is dated by
"Friday" (its own sentence names the day it was said), not by "next week", which is
inside what was said. "Officials said on Friday that troops attacked the town on
Oct. 29": the attack is dated by the expression that hangs on its own trigger,
Oct. 29, not by the day it was reported. An event whose sentence names no date gets
the article's publication date, and ``date_source`` says which of the two it is
("text" or "publication"); without either the date stays unknown.

This component runs last, after the time expressions, quotes and events exist.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Literal

from spacy.language import Language
from spacy.tokens import Doc

from dyad.model import Analysis, Event, Quote, Span, TimeExpression

DateSource = Literal["text", "publication", "unknown"]

#: Values that name a calendar point (2024-11-01, 2024-W44, 2024-Q3, 2024, XXXX-10-29), not a
#: duration (P3Y) or a vague reference (PAST_REF), which cannot date a fact.
_CALENDAR_VALUE = re.compile(r"^(?:\d{2,4}|XXXX)")


@dataclass(frozen=True)
class FactDate:
    """The date chosen for one quote or event, and where it came from."""

    fact: Quote | Event
    value: str | None
    source: DateSource
    time_id: str | None = None


def calendar_value(time: TimeExpression) -> str | None:
    """The calendar point ``time`` dates a fact by, or None when it dates none.

    A DATE or TIME with a calendar value dates by that value; a length counted on from an
    earlier date ("three days later") by the date it reaches.
    """
    if time.type in ("DATE", "TIME") and _CALENDAR_VALUE.match(time.value) is not None:
        return time.value
    return time.reaches


def is_calendar(time: TimeExpression) -> bool:
    """Whether ``time`` can date a fact (see `calendar_value`)."""
    return calendar_value(time) is not None


def _inside(span: Span, spans: Iterable[Span]) -> bool:
    return any(s.start <= span.start and span.end <= s.end for s in spans)


def choose_time(
    times: list[TimeExpression],
    sentence: tuple[int, int],
    focus: int,
    exclude: list[Span] = (),
    attached: Callable[[TimeExpression], bool] | None = None,
) -> TimeExpression | None:
    """The calendar time expression in ``sentence`` nearest to the character ``focus``.

    Expressions inside ``exclude`` (a quote's own content: "we will strike next week")
    do not date the fact that contains them. When ``attached`` says some expressions hang
    on the fact's own word, the nearest of those wins over nearer ones that do not.
    """
    start, end = sentence
    candidates = [
        t
        for t in times
        if start <= t.span.start and t.span.end <= end and is_calendar(t) and not _inside(t.span, exclude)
    ]
    if attached is not None:
        candidates = [t for t in candidates if attached(t)] or candidates
    if not candidates:
        return None
    return min(candidates, key=lambda t: min(abs(t.span.start - focus), abs(t.span.end - focus)))


def attachment(doc: Doc, word: Span) -> Callable[[TimeExpression], bool]:
    """Whether a time expression hangs on ``word`` (a trigger or cue) in ``doc``'s parse.

    It does when walking up from the expression reaches ``word`` before any other verb:
    "attacked the town on Oct. 29" yes, "said on Friday that troops attacked" no.
    """
    target = doc.char_span(word.start, word.end, alignment_mode="expand")

    def attached(time: TimeExpression) -> bool:
        span = doc.char_span(time.span.start, time.span.end, alignment_mode="expand")
        if target is None or span is None:
            return False
        node = span.root
        for _ in range(12):
            if target.start <= node.i < target.end:
                return True
            if node.head is node or (node.pos_ in ("VERB", "AUX") and node not in span):
                return False
            node = node.head
        return False

    return attached


class FactDating:
    """The ``dyad_dates`` component: gives every quote and event a ``date`` and ``date_source``."""

    @staticmethod
    def _sentence_of(bounds: list[tuple[int, int]], starts: list[int], offset: int) -> tuple[int, int]:
        index = max(0, bisect_right(starts, offset) - 1)
        return bounds[index] if bounds else (0, 0)

    def find(self, analysis: Analysis, bounds: list[tuple[int, int]], doc: Doc | None = None) -> list[FactDate]:
        """A date for each quote and event of ``analysis``; ``bounds`` are the sentences' character ranges.

        With the parsed ``doc``, an expression that hangs on the fact's own cue or trigger is preferred.
        """
        published = analysis.article.published
        fallback_value = published.date().isoformat() if published is not None else None
        fallback: DateSource = "publication" if published is not None else "unknown"
        starts = [start for start, _ in bounds]
        found: list[FactDate] = []
        for quote in analysis.quotes:
            # When it was said: the cue's sentence, leaving out what the quote itself says.
            anchor = quote.cue or quote.speaker or (quote.content[0] if quote.content else None)
            if anchor is None:
                found.append(FactDate(quote, fallback_value, fallback))
                continue
            sentence = self._sentence_of(bounds, starts, anchor.start)
            attached = attachment(doc, anchor) if doc is not None else None
            time = choose_time(analysis.times, sentence, anchor.start, exclude=quote.content, attached=attached)
            found.append(self._dated(quote, time, fallback_value, fallback))
        for event in analysis.events:
            sentence = (event.sentence.start, event.sentence.end)
            attached = attachment(doc, event.trigger) if doc is not None else None
            time = choose_time(analysis.times, sentence, event.trigger.start, attached=attached)
            found.append(self._dated(event, time, fallback_value, fallback))
        return found

    @staticmethod
    def _dated(
        fact: Quote | Event, time: TimeExpression | None, fallback_value: str | None, fallback: DateSource
    ) -> FactDate:
        if time is not None:
            return FactDate(fact, calendar_value(time), "text", time.id)
        return FactDate(fact, fallback_value, fallback)

    @staticmethod
    def set_annotations(found: list[FactDate]) -> None:
        """Write each chosen date onto its quote or event."""
        for item in found:
            item.fact.date = item.value
            item.fact.date_source = item.source

    def __call__(self, doc: Doc) -> Doc:
        analysis: Analysis | None = doc._.dyad
        if analysis is None:
            return doc
        bounds = [(sent.start_char, sent.end_char) for sent in doc.sents]
        self.set_annotations(self.find(analysis, bounds, doc))
        return doc


@Language.factory("dyad_dates")
def make_fact_dating(nlp: Language, name: str) -> FactDating:
    return FactDating()
