"""Time expressions: find them, and normalise each to a TIMEX3 value relative to its anchor.

"Officials met on Friday and will meet again next week; talks began in mid-2023 and
have lasted two years." gives four expressions: "Friday" (DATE, the latest Friday
on or before publication, because "met" is past tense), "next week" (DATE, an ISO
week), "mid-2023" (DATE 2023, mod MID) and "two years" (DURATION P2Y).

Finding is a small grammar of regular expressions compiled once from the word lists
in ``dyad/data/time/lexicon.json``; the longest expression wins where candidates
overlap. Normalising is calendar arithmetic on the publication date (the document
creation time), on the last date the text mentioned for narrative expressions
("the next day", "a year earlier"), and on the tense of the governing verb for
expressions that could point either way ("Friday", "October 29", "the fourth
quarter"). Without a publication date nothing is anchored to today: relative
expressions keep X placeholders or become PAST_REF/FUTURE_REF/PRESENT_REF.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from spacy.language import Language
from spacy.tokens import Doc, Token

from dyad.model import Analysis, Span, TimeExpression

Direction = Literal["past", "future"] | None
#: The named groups a rule matched, by name (only those that took part in the match).
Groups = dict[str, str]
LEXICON_PATH = Path(__file__).resolve().parents[1] / "data" / "time" / "lexicon.json"
Granularity = Literal["century", "decade", "year", "quarter", "month", "week", "day", "time", "none"]


@lru_cache(maxsize=1)
def load_lexicon() -> dict[str, Any]:
    """The time lexicon shipped in ``dyad/data/time/lexicon.json``."""
    return json.loads(LEXICON_PATH.read_text(encoding="utf-8"))


# --------------------------------------------------------------------------- finding


def _words(words: list[str] | dict[str, Any]) -> str:
    """A case-insensitive alternation of words, longest first; spaces match any whitespace."""
    ordered = sorted(words, key=len, reverse=True)
    parts = [re.escape(w).replace(r"\ ", r"\s+") for w in ordered]
    return "(?i:" + "|".join(parts) + ")"


def _names(words: dict[str, int], stop_optional: bool = False) -> str:
    """Capitalised names (months, weekdays): "October", "Oct.", "OCTOBER"; lower case is not a name.

    An abbreviation ("Jan", "Wed": the start of a longer name for the same thing) needs its full
    stop unless ``stop_optional``, so the name "Jan Kavan" is no month.
    """
    parts = []
    for w in sorted(words, key=len, reverse=True):
        abbreviation = any(o != w and o.startswith(w) and words[o] == words[w] for o in words)
        stop = (r"\.?" if stop_optional else r"\.") if abbreviation else ""
        parts.append(f"(?:{w.capitalize()}|{w.upper()}){stop}")
    return "(?:" + "|".join(parts) + ")"


_WORD = re.compile(r"[A-Za-z]+|\d+")
#: Characters searched around a trigger word: room for "at least the past", "the end of", "this year's".
_WINDOW = 60
_ARTICLE_BEFORE_ADJECTIVE = re.compile(r"(?i:an?|the|that)\s+(?=[\w.]+-[\w-]+$)")


@dataclass(frozen=True)
class TimexMatch:
    """A time expression found in text, before normalisation: its offsets and the rule that found it."""

    start: int
    end: int
    rule: str
    groups: dict[str, str]


class TimexGrammar:
    """Finds time expressions in plain text with patterns compiled once from the lexicon.

    >>> [m.rule for m in TimexGrammar().find("Talks ended on Oct. 29, two years ago.")]
    ['month_day', 'ago']
    """

    def __init__(self, lexicon: dict[str, Any] | None = None):
        lex = lexicon or load_lexicon()
        month = _names(lex["months"])
        month_before_day = _names(lex["months"], stop_optional=True)
        weekday = _names(lex["weekdays"])
        unit = _words(list(lex["units"]) + list(lex["unit_plurals"]))
        # "twenty-four", "two thousand": a second number word, never "a" ("seven a year ago").
        second = [w for w in lex["numbers"] if " " not in w and w not in ("a", "an")]
        number = rf"(?:\d+(?:[.,]\d+)?(?:\s+1/2)?|{_words(list(lex['numbers']))}(?:[- ]{_words(second)}\b)?)"
        vague = _words(lex["vague_numbers"])
        ordinal = _words(list(lex["ordinals"]))
        approx = _words(list(lex["approximators"]))
        # "about five hours": annotators leave a loose "about" outside a duration, but keep "nearly", "more than".
        duration_approx = _words([a for a in lex["approximators"] if a not in lex["loose_approximators"]])
        edges = [m for m in lex["modifiers"] if not m.endswith("-")]
        mod = rf"(?:(?P<mod>{_words(edges)})(?:\s+|-)|(?P<midh>(?i:mid)-))"
        # Before a day name "earlier"/"later" stay outside the expression ("Earlier Friday, ...").
        day_edges = [m for m in edges if m not in ("earlier", "later")]
        day_mod = rf"(?:(?P<mod>{_words(day_edges)})(?:\s+|-)|(?P<midh>(?i:mid)-))"
        year = r"(?:1[0-9]|20)\d\d(?![\d,.]\d|%|\s*(?i:percent))"
        # "nineteen ninety-four", "two thousand and one": years as broadcasts speak them.
        spoken = (
            rf"(?i:nineteen)[\s-]+{_words(second)}(?:[\s-]+{_words(second)})?"
            rf"|(?i:two\s+thousand)(?:[\s-]+(?i:and\s+)?{_words(second)})?"
        )
        season = _words(list(lex["seasons"]))
        part = _words(list(lex["parts_of_day"]))
        rel = rf"(?P<rel>{_words(lex['relations'])})\s+"
        deictic = _words(list(lex["deictic_days"]))
        clock = r"(?:\d{1,2}(?::\d\d)?\s*(?i:a\.m\.?|p\.m\.?|am\b|pm\b|o'clock)|\d{1,2}:\d\d|(?i:noon|midnight|midday))"
        zone = rf"(?:\s+{_words(lex['time_zones'])})?"
        references = _words([r for r in lex["references"] if r not in lex["reference_words_needing_context"]])
        quarter_qualifier = _words(lex["quarter_qualifiers"])
        span_words = _words(lex["duration_qualifiers"])
        rules = [
            ("iso", r"\b(?P<y>\d{4})-(?P<m>\d\d)-(?P<d>\d\d)(?:T(?P<hh>\d\d):(?P<mm>\d\d))?\b"),
            ("slash", r"\b(?P<m>\d{1,2})/(?P<d>\d{1,2})/(?P<y>\d{4}|\d\d)\b"),
            (
                "month_day",
                rf"(?:{day_mod})?(?:(?P<wd>{weekday}),?\s+)?(?:(?P<mrel>(?i:last|next|this))\s+)?"
                rf"\b(?P<month>{month_before_day})\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(?P<year>{year}))?"
                # "June 3 and 4, 1999": the year after the second day is the first's too.
                rf"(?:(?=\s*(?:and|-|–|to|through)\s*(?:{month_before_day}\s+)?\d{{1,2}},?\s+(?P<ayear>{year})\b))?",
            ),
            (
                "day_month",
                rf"(?:(?P<wd>{weekday}),?\s+)?\b(?:the\s+)?(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?"
                rf"(?P<month>{month})(?:,?\s+(?P<year>{year}))?",
            ),
            (
                "week_of",
                rf"\b(?:(?i:the)\s+)?(?P<wunit>(?i:week|weekend))\s+(?i:of)\s+(?P<month>{month_before_day})\s+"
                rf"(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(?P<year>{year}))?",
            ),
            ("month_year", rf"(?:{mod})?\b(?P<month>{month})(?:\s+of)?,?\s+(?P<year>{year}|(?:{spoken})\b)\b"),
            (
                "month_rel_year",
                rf"(?:{day_mod})?\b(?P<month>{month})\s+(?:of\s+)?(?P<yrel>(?i:this|last|next))\s+(?i:year)\b",
            ),
            ("month", rf"(?:{day_mod})?(?:{rel})?\b(?P<month>{month})(?!\w)"),
            (
                "quarter",
                rf"(?:(?P<the>(?i:the|this|that|a))\s+)?(?:(?P<qyear>{year})\s+|(?P<qrel>(?i:this|last|next)(?:\s+(?i:year's))?)\s+)?"
                rf"(?P<qmod>(?:{quarter_qualifier}\s+){{1,2}})?(?:(?i:fiscal)\s+)?(?:(?P<qord>{ordinal}|(?i:last|latter)(?=\s+half))[- ])?"
                rf"(?P<qunit>(?i:quarter|half|period))"
                rf"(?:\s+(?i:of|in)\s+(?:(?i:fiscal)\s+)?(?P<qof>{year}|(?i:this|last|next)\s+(?i:year))"
                # "the quarter a year ago", "the same period last year": the comparison quarter.
                rf"|\s+(?P<qago>(?i:a\s+year\s+(?:ago|earlier|before)|last\s+year)))?(?![\w-])(?!\s+of\s+(?![$£€]))",
            ),
            ("year_earlier", r"(?<![\w-])(?P<qmod>(?i:year-earlier|year-ago|year-before))(?![\w-])"),
            ("fiscal_year", rf"(?:{mod})?\b(?i:fiscal)(?:\s+(?i:year))?\s+(?P<year>{year})\b"),
            ("century", rf"\b(?:(?i:the)\s+)?(?P<ord>{ordinal})[\s-]+(?i:century)\b"),
            (
                "decade",
                rf"(?:(?i:the)\s+)?(?:{mod})?(?:(?i:the)\s+)?(?:(?P<dyear>1[0-9]|20)(?P<dd>\d)0s|'(?P<dshort>\d)0s)\b",
            ),
            ("year", rf"(?<![\d$£€/.-])(?:{mod})?\b(?P<year>{year})\b(?!-\d|/)"),
            # "post-1959 politics", "pre-1990 prices": the year, and which side of it.
            ("year_prefixed", rf"\b(?P<side>(?i:post|pre))-(?P<year>{year})\b(?!-\d|/)"),
            ("year_end", r"\b(?P<yearend>(?i:year-end|year\s+end|year's\s+end))\b"),
            ("spoken_year", rf"(?:(?i:the\s+year)\s+)?\b(?P<spoken>{spoken})\b"),
            (
                # "on Mondays", "Tuesday nights": every such day.
                "weekday_set",
                rf"\b(?P<wd>{weekday})(?:s\b|\s+(?P<part>(?i:mornings|afternoons|evenings|nights))\b)",
            ),
            (
                "weekday",
                rf"(?:(?P<pre>{part})\s+)?(?:{day_mod})?(?:{rel})?\b(?P<wd>{weekday})(?!\w)(?:\s+(?P<part>{part}))?",
            ),
            ("deictic", rf"(?:(?P<pre>{part})\s+)?(?:{day_mod})?\b(?P<deictic>{deictic})\b(?:\s+(?P<part>{part}))?"),
            (
                "part_of_day",
                rf"(?:{mod})?(?:(?P<prel>(?i:this|last|tomorrow|yesterday|that|early\s+this|later\s+this))\s+)?"
                rf"(?<!-)\b(?P<part>{part})\b",
            ),
            (
                "clock",
                rf"(?:(?P<approx>{approx})\s+)?\b(?P<clock>{clock}){zone}"
                rf"(?:,?\s+(?:(?P<cwd>{weekday})|(?P<cdeictic>{deictic})|(?P<cmonth>{month_before_day})\s+(?P<cday>\d{{1,2}})))?",
            ),
            ("holiday", rf"(?:{rel})?\b(?P<holiday>{_words(list(lex['holidays']))})(?:\s+(?P<year>{year}))?\b"),
            (
                "season",
                rf"(?:(?P<the>(?i:the))\s+(?=(?i:early|late|mid)))?(?:{mod})?(?:{rel})?\b(?P<season>{season})(?:\s+(?:of\s+)?(?P<year>{year}|(?:{spoken})\b))?\b",
            ),
            (
                "relative_unit",
                rf"(?:{mod})?(?:(?P<edge>(?i:earlier|later))\s+)?{rel}(?:(?i:fiscal)\s+)?"
                rf"(?P<unit>(?i:week|weekend|month|year|decade|century|day))\b(?!-)",
            ),
            (
                "the_unit",
                rf"(?:{mod})?\b(?i:the)\s+(?P<full>(?i:full|fiscal|calendar)\s+)?(?P<unit>(?i:weekend|year|month|week))\b(?!-|\s+(?i:before|after|earlier|later|ago))"
                r"(?:(?=\s+(?i:ended|ending|to\s+date|that\s+ended|through|to\s+(?:the\s+)?end))(?P<ending>))?",
            ),
            (
                "narrative",
                r"\b(?P<nart>(?i:the|that))\s+(?P<nrel>(?i:next|following|previous|preceding|same|prior))\s+"
                r"(?P<unit>(?i:day|week|month|year))(?:\s+(?P<nwhen>(?i:before|after|earlier|later)))?\b",
            ),
            (
                # "the day before", but not "the day before the vote" (a duration before an event).
                "narrative_edge",
                r"\b(?P<nart>(?i:the))\s+(?P<unit>(?i:day|week|month|year))\s+(?P<nwhen>(?i:before|after))\b"
                r"(?!\s+(?i:that|the|a|an|his|her|their|its|he|she|they|it|we)\b)",
            ),
            (
                "ago",
                rf"(?:(?P<approx>{approx})\s+)?\b(?P<n>{number}|{vague})\s+(?P<unit>{unit})(?P<orso>\s+(?i:or\s+so))?\s+(?P<dir>(?i:ago|earlier|later|from\s+now|hence|back))\b",
            ),
            (
                # "a day-long meeting", "a decades-long battle": a length used as an adjective.
                "duration_long",
                rf"\b(?:(?!(?i:an?)\s)(?P<n>{number})[- ])?(?P<unit>(?i:hour|day|week|month|year|decade|century|centurie))(?P<plural>s)?-long\b",
            ),
            (
                "duration",
                rf"(?:(?P<approx>{duration_approx})\s+)?(?:(?P<the>(?i:the|another|an\s+additional))\s+)?"
                rf"(?:(?P<span>{span_words})\s+)?"
                rf"\b(?P<n>{number}|{vague})(?:\s+(?i:more|additional|straight|consecutive|full))?[\s-]+(?P<unit>{unit})\b(?!-old|\s+old|(?<=quarters)\s+of|(?<=quarter)\s+of)"
                rf"(?P<half>\s+(?i:and\s+a\s+half))?(?:\s+(?i:or\s+so))?",
            ),
            # "as soon as", "as recently as": a comparison, not a reference to a time.
            ("reference", rf"(?<!\b[Aa]s\s)\b(?P<ref>{references})\b(?!\s+(?i:as)\b)"),
            # "Previously, the firm offered ...": opening a sentence it places what follows in the past;
            # inside one ("a previously announced deal") it is part of a modifier.
            (
                "opening_reference",
                r"(?:^|(?<=[.!?\n]\s)|(?<=[.!?]\s\s)|(?<=[.!?][\"”’']\s)|(?<=\n))(?P<ref>Previously|Formerly)\b",
            ),
            (
                "vague_duration",
                r"(?:(?P<the>(?i:the))\s+)?\b(?P<span>(?i:recent|coming|past|next|last|ensuing|several))\s+"
                r"(?P<unit>(?i:days|weeks|months|years|decades|hours))\b",
            ),
            (
                # "in the weeks ahead", "the months to come": a stretch of unsaid length ahead.
                "duration_ahead",
                r"(?:(?i:the)\s+)?\b(?P<unit>(?i:days|weeks|months|years|decades))\s+(?i:ahead|to\s+come)\b",
            ),
            (
                "bare_units",
                r"(?:(?<=\bfor )|(?<=\bin ))(?P<unit>(?i:years|months|weeks|decades|centuries))\b(?!\s+(?i:ago|of|old))",
            ),
            ("set", rf"\b(?P<set>{_words(list(lex['sets']))})\b"),
            (
                "every",
                rf"\b(?i:every|each|per)\s+(?:(?i:other)\s+)?(?:(?P<unit>(?i:day|week|month|year|quarter|hour|night|morning|weekend))|(?P<wd>{weekday})|(?P<month>{month}))\b",
            ),
        ]
        self.rules: list[tuple[str, re.Pattern[str]]] = [(name, re.compile(pattern)) for name, pattern in rules]
        self.priority = {name: i for i, (name, _) in enumerate(self.rules)}
        # Each rule runs only near the words it needs: scanning all text with every rule is slow.
        self.triggers: dict[str, set[str]] = {}
        for word_class, words in lex["trigger_words"].items():
            for word in words:
                self.triggers.setdefault(word, set()).add(word_class)
        for word_class, source in (("month", "months"), ("weekday", "weekdays"), ("part", "parts_of_day")):
            for word in lex[source]:
                self.triggers.setdefault(word, set()).add(word_class)
        for word in list(lex["units"]) + list(lex["unit_plurals"]):
            self.triggers.setdefault(word, set()).add("unit")
        self.needs: dict[str, set[str]] = {name: set(classes) for name, classes in lex["rule_triggers"].items()}

    def windows(self, text: str) -> dict[str, list[tuple[int, int]]]:
        """For each trigger class, the merged stretches of ``text`` around words of that class."""
        hits: dict[str, list[tuple[int, int]]] = {}
        for m in _WORD.finditer(text):
            word = m.group()
            classes = {"digit"} if word[0].isdigit() else self.triggers.get(word.lower())
            if classes:
                start, end = max(0, m.start() - _WINDOW), min(len(text), m.end() + _WINDOW)
                for word_class in classes:
                    spans = hits.setdefault(word_class, [])
                    if spans and spans[-1][1] >= start:
                        spans[-1] = (spans[-1][0], end)
                    else:
                        spans.append((start, end))
        return hits

    def _rule_windows(self, name: str, hits: dict[str, list[tuple[int, int]]]) -> list[tuple[int, int]]:
        spans = sorted(span for word_class in self.needs[name] for span in hits.get(word_class, ()))
        merged: list[tuple[int, int]] = []
        for start, end in spans:
            if merged and merged[-1][1] >= start:
                merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
            else:
                merged.append((start, end))
        return merged

    def find(self, text: str) -> list[TimexMatch]:
        """All non-overlapping time expressions in ``text``, in order; the longest wins an overlap."""
        candidates: dict[tuple[int, int, str], TimexMatch] = {}
        hits = self.windows(text)
        for name, pattern in self.rules:
            for window_start, window_end in self._rule_windows(name, hits):
                for m in pattern.finditer(text, window_start, window_end):
                    candidate = self._candidate(text, name, m)
                    if candidate is not None:
                        candidates[(candidate.start, candidate.end, name)] = candidate
        candidates = list(candidates.values())
        candidates.sort(key=lambda c: (c.start - c.end, self.priority[c.rule], c.start))
        taken: list[TimexMatch] = []
        occupied = bytearray(len(text) + 1)
        for c in candidates:
            if any(occupied[c.start : c.end]):
                continue
            occupied[c.start : c.end] = b"\x01" * (c.end - c.start)
            taken.append(c)
        return sorted(taken, key=lambda c: c.start)

    @staticmethod
    def _candidate(text: str, name: str, m: re.Match[str]) -> TimexMatch | None:
        """A match as a candidate expression, trimmed of trailing punctuation and of an article before an adjective."""
        start, end = m.span()
        while end > start and text[end - 1] in " \t\n,":
            end -= 1
        article = _ARTICLE_BEFORE_ADJECTIVE.match(text, start, end)
        if article is not None and name != "decade":
            # "a 16-hour shift", "the third-quarter loss": the adjective alone is the expression.
            start = article.end()
        if end <= start:
            return None
        return TimexMatch(start, end, name, {k: v for k, v in m.groupdict().items() if v is not None})


# --------------------------------------------------------------------------- tense


def governing_verb(doc: Doc, start: int, end: int) -> Token | None:
    """The verb that governs the expression at ``[start, end)``: its root's nearest verbal head."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or not len(span):
        return None
    token = span.root
    for _ in range(8):
        if token.pos_ in ("VERB", "AUX"):
            return token
        if token.head is token:
            return None
        token = token.head
    return None


@dataclass(frozen=True)
class TenseCues:
    """The words tense detection needs, from the lexicon."""

    future_auxiliaries: frozenset[str]
    future_markers: frozenset[str]
    present_states: frozenset[str]
    unchanged_past: frozenset[str]
    deadline_verbs: frozenset[str]
    commitment_verbs: frozenset[str]

    @classmethod
    def from_lexicon(cls, lex: dict[str, Any]) -> TenseCues:
        return cls(
            frozenset(lex["future_auxiliaries"]),
            frozenset(lex["future_markers"]),
            frozenset(lex["present_states"]),
            frozenset(lex["unchanged_past_forms"]),
            frozenset(lex["deadline_verbs"]),
            frozenset(lex["commitment_verbs"]),
        )


def verb_direction(verb: Token | None, cues: TenseCues, depth: int = 0) -> Direction:
    """Whether ``verb`` speaks of the past or the future, or None when its tense does not say.

    "met" / "has met" / "had been due to meet" -> past; "will meet" / "plans to meet" /
    "is scheduled" / "is meeting" -> future. A verb without tense of its own ("departing",
    "to make") takes the direction of the verb it depends on.
    """
    if verb is None or depth > 4:
        return None
    auxiliaries = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    if any(a.lower_ in cues.future_auxiliaries for a in auxiliaries):
        # "may meet" points ahead; "may have met", "would have met" look back.
        return "past" if any(a.lemma_ == "have" for a in auxiliaries) else "future"
    # "is scheduled for", "plans": a plan made now points ahead; "set Friday as the deadline" is past.
    present = verb.tag_ in ("VBZ", "VBP") or any(a.tag_ in ("VBZ", "VBP") for a in auxiliaries)
    if verb.lemma_ in cues.future_markers and present:
        return "future"
    if any(a.tag_ == "TO" for a in auxiliaries):
        # "to meet": ahead of a plan ("agreed to meet", "is due to meet"), unless the plan itself
        # lies in a past before the past ("had been due to expire", "was kidnapped to make").
        head = _verbal_head(verb)
        if head is None:
            return "future"
        if _past_perfect(head):
            return "past"
        if (
            head.lemma_ in cues.future_markers
            or head.lemma_ in cues.commitment_verbs  # "agreed to buy the line in February"
            or any(c.lower_ in cues.future_auxiliaries for c in head.children)
        ):
            return "future"
        if head.tag_ == "VBD" and not any(c.dep_ in ("aux", "auxpass") for c in head.children):
            return "past"
        if head.tag_ == "VBN" and any(c.tag_ == "VBD" for c in head.children):
            return "past"
        return "future"
    if verb.tag_ == "VBD" or any(a.tag_ == "VBD" for a in auxiliaries):
        return "past"
    if verb.tag_ == "VBN" and any(a.lemma_ == "have" for a in auxiliaries):
        return "past"
    if verb.tag_ == "VBG" and any(a.lower_ in ("is", "are", "am", "'s", "'re") for a in auxiliaries):
        return "future"
    if (
        verb.tag_ in ("VBZ", "VBP")
        and not auxiliaries
        and verb.lemma_ not in cues.present_states
        # "Weak stocks hurt the index Friday": "hurt" may be a past tense the tagger took for present.
        and not (verb.tag_ == "VBP" and verb.lower_ in cues.unchanged_past)
    ):
        # "Arafat and Albright meet Monday": the simple present of an action is a timetable.
        return "future"
    if verb.tag_ == "VBN" and not auxiliaries:
        # "the decision, announced Wednesday": a done deed; "talks scheduled for Friday": a plan,
        # unless the clause it hangs on is past ("a service planned for Saturday was canceled").
        if verb.lemma_ not in cues.future_markers:
            return "past"
        head = _verbal_head(verb)
        outer = verb_direction(head, cues, depth + 1) if head is not None else None
        return "past" if outer == "past" else "future"
    if verb.tag_ == "VBG" and not auxiliaries and verb.dep_ != "ROOT":
        # "with the third flight departing Thursday": the tense is the clause's it hangs on.
        head = _verbal_head(verb)
        return verb_direction(head, cues, depth + 1) if head is not None else None
    return None


def _verbal_head(token: Token) -> Token | None:
    """The nearest verb (or predicate adjective, "due") above ``token``, or None."""
    node = token
    for _ in range(6):
        if node.head is node:
            return None
        node = node.head
        if node.pos_ in ("VERB", "AUX") or (node.pos_ == "ADJ" and node.dep_ == "acomp"):
            if node.pos_ == "ADJ":
                return node.head if node.head.pos_ in ("VERB", "AUX") else node
            return node
    return None


def _past_perfect(verb: Token) -> bool:
    """ "had met", "had been allowed": an auxiliary "had" on ``verb``."""
    return any(c.dep_ in ("aux", "auxpass") and c.lower_ in ("had", "'d") for c in verb.children)


# --------------------------------------------------------------------------- calendar


def _day(d: date) -> str:
    return d.isoformat()


def _week(d: date) -> str:
    iso = d.isocalendar()
    return f"{iso[0]:04d}-W{iso[1]:02d}"


def _shift_month(year: int, month: int, n: int) -> tuple[int, int]:
    index = year * 12 + month - 1 + n
    return index // 12, index % 12 + 1


def _quarter(month: int) -> int:
    return (month - 1) // 3 + 1


@dataclass(frozen=True)
class Reference:
    """A calendar point the text mentioned, for narrative anchoring: first day and granularity."""

    day: date
    granularity: Granularity
    value: str


@dataclass(frozen=True)
class Normalized:
    """A normalised time expression: everything `TimeExpression` needs but id and span."""

    type: Literal["DATE", "TIME", "DURATION", "SET"]
    value: str
    mod: str | None = None
    anchor: Literal["publication", "previous", "absolute", "none"] = "absolute"
    granularity: Granularity = "day"
    reference: Reference | None = None
    #: A length counted from another date ("three days later") reaches this one.
    reaches: str | None = None


def reference_value(day: date, granularity: Granularity) -> str:
    """The TIMEX3 value of a calendar point at a granularity: 2024-11-01, 2024-W44, 2024-Q3, 2024, 202, 20."""
    if granularity == "day" or granularity == "time":
        return _day(day)
    if granularity == "week":
        return _week(day)
    if granularity == "month":
        return f"{day.year:04d}-{day.month:02d}"
    if granularity == "quarter":
        return f"{day.year:04d}-Q{_quarter(day.month)}"
    if granularity == "decade":
        return f"{day.year // 10:03d}"
    if granularity == "century":
        return f"{day.year // 100:02d}"
    return f"{day.year:04d}"


def shift(day: date, granularity: Granularity, n: int) -> date:
    """``day`` moved by ``n`` units of ``granularity`` (months and longer keep the day where they can)."""
    if granularity in ("day", "time"):
        return day + timedelta(days=n)
    if granularity == "week":
        return day + timedelta(weeks=n)
    months = {"month": 1, "quarter": 3, "year": 12, "decade": 120, "century": 1200}.get(granularity, 12) * n
    y, m = _shift_month(day.year, day.month, months)
    return date(y, m, min(day.day, 28))


def weekday_date(dct: date, weekday: int, relation: str | None, direction: Direction) -> date:
    """The date a weekday name points to, seen from ``dct``.

    "last Friday" is strictly before, "next Friday" strictly after, "this Friday" in the same
    ISO week; a bare "Friday" is the latest one on or before ``dct``, or with a future verb the
    first one on or after it.
    """
    delta = weekday - dct.isoweekday()
    if relation == "this":
        return dct + timedelta(days=delta)
    if relation is None and direction == "future":
        # "will fly to Paris on Thursday" in Thursday's paper: today, not a week ahead.
        return dct + timedelta(days=delta % 7)
    if relation == "next" or relation == "coming":
        return dct + timedelta(days=delta % 7 or 7)
    if relation in ("last", "past", "previous"):
        return dct - timedelta(days=(-delta) % 7 or 7)
    return dct - timedelta(days=(-delta) % 7)


def month_year(dct: date, month: int, direction: Direction) -> int:
    """The year of a month named without one ("December 30", "in March"), seen from ``dct``.

    Future tense: the next such month from the publication month on. Otherwise the latest
    one up to the publication month (an article of 2 January says "December 30" of last
    year), except a month one or two ahead, which past-tense news names as a schedule
    ("directors approved a dividend payable Dec. 7" in November). Months, not days, are
    compared: "will pay Nov. 16" in an article of 20 November is still this year's.
    """
    upcoming = dct.year + (month < dct.month)
    if direction == "future" or 0 < (month - dct.month) % 12 <= 2:
        return upcoming
    return dct.year - 1 if month > dct.month else dct.year


# --------------------------------------------------------------------------- normalising


#: Parts of a named day written into its value ("Friday evening" -> 2024-11-01TEV).
_DAY_PARTS_KEPT = frozenset({"TEV", "TAF"})


class TimexNormalizer:
    """Turns a `TimexMatch` into a TIMEX3 value, given the publication date, tense and last date mentioned."""

    def __init__(self, lexicon: dict[str, Any] | None = None):
        lex = lexicon or load_lexicon()
        self.months = lex["months"]
        self.weekdays = lex["weekdays"]
        self.numbers = lex["numbers"]
        self.vague = set(lex["vague_numbers"])
        self.ordinals = lex["ordinals"]
        self.units = lex["units"]
        self.plurals = lex["unit_plurals"]
        self.seasons = lex["seasons"]
        self.parts = lex["parts_of_day"]
        self.holidays = lex["holidays"]
        self.deictic = lex["deictic_days"]
        self.references = lex["references"]
        self.sets = lex["sets"]
        self.modifiers = lex["modifiers"]
        self.approximators = lex["approximators"]

    # -- small readers

    @staticmethod
    def _key(word: str) -> str:
        return re.sub(r"\s+", " ", word.lower()).strip().rstrip(".")

    def _month(self, word: str) -> int:
        return self.months[self._key(word)]

    def _weekday(self, word: str) -> int:
        return self.weekdays[self._key(word)]

    def _unit(self, word: str) -> str:
        key = self._key(word)
        return self.plurals.get(key, key)

    def number(self, text: str) -> float | None:
        """ "24" -> 24, "twenty-four" -> 24, "a hundred" -> 100; None for vague amounts ("several")."""
        key = self._key(text)
        if key in self.vague and key not in self.numbers:
            return None
        if re.fullmatch(r"\d+(?:\.\d+)?", key):
            return float(key)
        if re.fullmatch(r"\d+ 1/2", key):
            return float(key.split()[0]) + 0.5
        if re.fullmatch(r"\d{1,3}(?:,\d{3})+", key):
            return float(key.replace(",", ""))
        if key in self.numbers:
            return float(self.numbers[key])
        # "a six-year term": the article is not part of the number.
        key = re.sub(r"^an?[- ]", "", key)
        total = 0.0
        for word in re.split(r"[- ]", key):
            if word not in self.numbers:
                return None
            value = self.numbers[word]
            total = (total or 1) * value if value >= 100 else total + value
        return total

    def _mod(self, groups: dict[str, str]) -> str | None:
        if "midh" in groups:
            return "MID"
        if "mod" in groups:
            return self.modifiers.get(self._key(groups["mod"]))
        return None

    def _year(self, text: str) -> int:
        """A year in digits ("1994") or spoken ("nineteen ninety-four", "two thousand and one")."""
        if text.isdigit():
            return int(text)
        words = re.split(r"[\s-]+", self._key(text))
        if words[0] == "nineteen":
            rest = self.number(" ".join(words[1:]))
            base = 1900
        else:
            rest = self.number(" ".join(w for w in words[2:] if w != "and")) if len(words) > 2 else 0
            base = 2000
        if rest is None or rest >= 100 or rest != int(rest):
            raise ValueError(f"not a year: {text!r}")
        return base + int(rest)

    # -- entry point

    def normalize(
        self, match: TimexMatch, dct: date | None, direction: Direction = None, previous: Reference | None = None
    ) -> Normalized | None:
        """The normalised value of ``match``, or None when the words turn out not to be a time expression."""
        handler = getattr(self, f"_n_{match.rule}")
        try:
            return handler(match.groups, dct, direction, previous)
        except ValueError:
            return None  # "nineteen hundred", "February 30": words shaped like a date that is none

    # -- absolute dates

    def _n_iso(
        self, g: Groups, dct: date | None, direction: Direction, previous: Reference | None
    ) -> Normalized | None:
        try:
            day = date(int(g["y"]), int(g["m"]), int(g["d"]))
        except ValueError:
            return None
        if "hh" in g:
            return Normalized(
                "TIME",
                f"{_day(day)}T{g['hh']}:{g['mm']}",
                granularity="time",
                reference=Reference(day, "day", _day(day)),
            )
        return Normalized("DATE", _day(day), reference=Reference(day, "day", _day(day)))

    def _n_slash(
        self, g: Groups, dct: date | None, direction: Direction, previous: Reference | None
    ) -> Normalized | None:
        year = int(g["y"])
        if year < 100:
            year += 1900 if year > 30 else 2000
        try:
            day = date(year, int(g["m"]), int(g["d"]))
        except ValueError:
            return None
        return Normalized("DATE", _day(day), reference=Reference(day, "day", _day(day)))

    def _month_day(self, g: Groups, dct: date | None, direction: Direction) -> Normalized | None:
        month, day_of_month = self._month(g["month"]), int(g["day"])
        if "year" in g or "ayear" in g:
            year, anchor = self._year(g.get("year") or g["ayear"]), "absolute"
        elif dct is not None and "mrel" in g:
            # "last Oct. 23": the latest one before publication; "next March 1": the first one after.
            relation, year, anchor = self._key(g["mrel"]), dct.year, "publication"
            if relation == "last" and (month, day_of_month) >= (dct.month, dct.day):
                year -= 1
            elif relation == "next" and (month, day_of_month) <= (dct.month, dct.day):
                year += 1
        elif dct is not None:
            year, anchor = month_year(dct, month, direction), "publication"
        else:
            return Normalized("DATE", f"XXXX-{month:02d}-{day_of_month:02d}", anchor="none")
        try:
            day = date(year, month, day_of_month)
        except ValueError:
            return None
        return Normalized("DATE", _day(day), self._mod(g), anchor, reference=Reference(day, "day", _day(day)))

    def _n_month_day(
        self, g: Groups, dct: date | None, direction: Direction, previous: Reference | None
    ) -> Normalized | None:
        return self._month_day(g, dct, direction)

    def _n_day_month(
        self, g: Groups, dct: date | None, direction: Direction, previous: Reference | None
    ) -> Normalized | None:
        return self._month_day(g, dct, direction)

    def _n_week_of(
        self, g: Groups, dct: date | None, direction: Direction, previous: Reference | None
    ) -> Normalized | None:
        """ "the week of March 6": the ISO week holding that day; "the weekend of": its weekend."""
        found = self._month_day(g, dct, direction)
        if found is None or found.reference is None:
            return found
        monday = found.reference.day - timedelta(days=found.reference.day.isoweekday() - 1)
        value = _week(monday) + ("-WE" if self._key(g["wunit"]) == "weekend" else "")
        return Normalized("DATE", value, None, found.anchor, "week", Reference(monday, "week", _week(monday)))

    def _n_month_year(
        self, g: Groups, dct: date | None, direction: Direction, previous: Reference | None
    ) -> Normalized | None:
        year, month = self._year(g["year"]), self._month(g["month"])
        value = f"{year:04d}-{month:02d}"
        return Normalized(
            "DATE", value, self._mod(g), granularity="month", reference=Reference(date(year, month, 1), "month", value)
        )

    def _n_month_rel_year(
        self, g: Groups, dct: date | None, direction: Direction, previous: Reference | None
    ) -> Normalized | None:
        """ "June last year", "January this year"."""
        month = self._month(g["month"])
        if dct is None:
            return Normalized("DATE", f"XXXX-{month:02d}", self._mod(g), "none", "month")
        year = dct.year + {"last": -1, "next": 1}.get(self._key(g["yrel"]), 0)
        value = f"{year:04d}-{month:02d}"
        return Normalized(
            "DATE", value, self._mod(g), "publication", "month", Reference(date(year, month, 1), "month", value)
        )

    def _n_month(
        self, g: Groups, dct: date | None, direction: Direction, previous: Reference | None
    ) -> Normalized | None:
        month = self._month(g["month"])
        relation = self._key(g.get("rel", ""))
        if dct is None:
            return Normalized("DATE", f"XXXX-{month:02d}", self._mod(g), "none", "month")
        year = dct.year
        if relation in ("last", "past", "previous"):
            # "last November" said in December is last month's name for it: that one is "last month".
            year = dct.year if month < dct.month - 1 else dct.year - 1
        elif relation in ("next", "coming", "the coming"):
            year = dct.year if month > dct.month else dct.year + 1
        elif relation in ("this", "current"):
            year = dct.year
        else:
            year = month_year(dct, month, direction)
        value = f"{year:04d}-{month:02d}"
        return Normalized(
            "DATE", value, self._mod(g), "publication", "month", Reference(date(year, month, 1), "month", value)
        )

    def _n_year(
        self, g: Groups, dct: date | None, direction: Direction, previous: Reference | None
    ) -> Normalized | None:
        year = self._year(g["year"])
        return Normalized(
            "DATE",
            f"{year:04d}",
            self._mod(g),
            granularity="year",
            reference=Reference(date(year, 1, 1), "year", f"{year:04d}"),
        )

    def _n_year_prefixed(
        self, g: Groups, dct: date | None, direction: Direction, previous: Reference | None
    ) -> Normalized | None:
        year = self._year(g["year"])
        mod = "AFTER" if self._key(g["side"]) == "post" else "BEFORE"
        return Normalized("DATE", f"{year:04d}", mod, granularity="year")

    def _n_duration_long(
        self, g: Groups, dct: date | None, direction: Direction, previous: Reference | None
    ) -> Normalized | None:
        unit = self._unit(g["unit"] + g.get("plural", ""))
        if unit not in self.units:
            return None
        # "decades-long": an unsaid number of them; "day-long": one.
        n = self.number(g["n"]) if "n" in g else (None if "plural" in g else 1)
        return Normalized("DURATION", self._duration_value(n, unit), None, granularity="none")

    def _n_fiscal_year(
        self, g: Groups, dct: date | None, direction: Direction, previous: Reference | None
    ) -> Normalized | None:
        return self._n_year(g, dct, direction, previous)

    def _n_spoken_year(
        self, g: Groups, dct: date | None, direction: Direction, previous: Reference | None
    ) -> Normalized | None:
        """ "nineteen ninety-six" -> 1996, "the year two thousand" -> 2000."""
        try:
            year = self._year(g["spoken"])
        except ValueError:
            return None
        return self._n_year({"year": str(year)}, dct, direction, previous)

    def _n_year_earlier(
        self, g: Groups, dct: date | None, direction: Direction, previous: Reference | None
    ) -> Normalized | None:
        """ "year-earlier profit": the period the text is about, a year before."""
        if previous is not None and dct is not None and previous.day.year < dct.year:
            # The text is already on last year's period ("the 1988 quarter"): that is the year-earlier one.
            return Normalized("DATE", previous.value, None, "previous", previous.granularity)
        if previous is not None and previous.granularity in ("quarter", "month", "year"):
            day = shift(previous.day, "year", -1)
            return Normalized(
                "DATE", reference_value(day, previous.granularity), None, "previous", previous.granularity
            )
        if dct is None:
            return Normalized("DATE", "PAST_REF", None, "none", "none")
        return Normalized("DATE", f"{dct.year - 1:04d}", None, "publication", "year")

    def _n_decade(
        self, g: Groups, dct: date | None, direction: Direction, previous: Reference | None
    ) -> Normalized | None:
        if "dshort" in g:
            century = dct.year // 100 if dct is not None and int(g["dshort"]) * 10 <= dct.year % 100 else 19
            value = f"{century:02d}{g['dshort']}"
        else:
            value = f"{g['dyear']}{g['dd']}"
        return Normalized("DATE", value, self._mod(g), granularity="decade")

    def _n_quarter(
        self, g: Groups, dct: date | None, direction: Direction, previous: Reference | None
    ) -> Normalized | None:
        unit = self._key(g["qunit"])
        ordinal = self.ordinals.get(self._key(g["qord"]), 2) if "qord" in g else None  # "the latter half": H2
        if unit == "half" and ordinal is None and "qof" in g and self._key(g.get("qrel", "")) == "last":
            # "the last half of 1989": its second half, not last year's.
            ordinal, g = 2, {k: v for k, v in g.items() if k != "qrel"}
        qualifier = self._key(g.get("qmod", ""))
        year_of = g.get("qyear") or g.get("qof")
        if unit == "half":
            if ordinal not in (1, 2) or g.get("the", "").lower() == "a":
                return None
        if unit == "quarter" and ordinal is not None and ordinal > 4:
            return None
        if unit == "period" and ordinal is None and not qualifier and not year_of and "qago" not in g:
            return None
        if g.get("the", "").lower() == "a" and ordinal is None:
            return Normalized("DURATION", "P1Q" if unit == "quarter" else "P6M", granularity="none")
        letter = "H" if unit == "half" else "Q"
        year_earlier = re.search(r"year[- ](?:earlier|ago)", qualifier) is not None or "qago" in g
        anchor: str = "publication"
        offset = 0
        if year_of and re.fullmatch(r"\d{4}", year_of):
            year, anchor = int(year_of), "absolute"
        elif dct is None and previous is None:
            return Normalized("DATE", f"XXXX-{letter}{ordinal or 'X'}", anchor="none", granularity="quarter")
        else:
            relation = self._key(g.get("qrel", "") or (year_of or ""))
            offset = -1 if relation.startswith("last") else 1 if relation.startswith("next") else 0
            year = (dct or previous.day).year + offset
        if ordinal is None:
            # "the quarter", "the latest quarter": the quarter the text is about, else the last one completed.
            completed = shift(date(dct.year, dct.month, 1), "quarter", -1) if dct is not None else None
            latest = re.search(r"latest|recent|past|previous|prior|current", qualifier) is not None
            if (
                not latest
                and previous is not None
                and previous.granularity == "quarter"
                and (completed is None or previous.day.year >= completed.year)
            ):
                q_day = previous.day
                anchor = "previous"
            elif dct is not None and "current" in qualifier:
                q_day = date(dct.year, dct.month, 1)
            elif completed is not None:
                q_day = completed
            else:
                return Normalized("DATE", f"XXXX-{letter}X", anchor="none", granularity="quarter")
            if year_of and re.fullmatch(r"\d{4}", year_of):
                q_day = date(int(year_of), q_day.month, 1)
            ordinal = _quarter(q_day.month) if letter == "Q" else (1 if q_day.month <= 6 else 2)
            # "last year's quarter": the same quarter, a year before.
            year = q_day.year + offset
        elif not year_of and dct is not None and not g.get("qrel"):
            current = _quarter(dct.month) if letter == "Q" else (1 if dct.month <= 6 else 2)
            # A fourth quarter named early in a year is last year's; one just ahead is this year's.
            if (
                letter == "Q"
                and ordinal - current >= 2
                or (letter == "H" and direction == "past" and ordinal > current)
            ):
                year -= 1
        if year_earlier:
            year -= 1
        value = f"{year:04d}-{letter}{ordinal}"
        first_month = (ordinal - 1) * (3 if letter == "Q" else 6) + 1
        # "the year-earlier quarter" is a comparison: the narrative stays on the current quarter.
        reference = None if year_earlier else Reference(date(year, first_month, 1), "quarter", value)
        return Normalized("DATE", value, None, anchor, "quarter", reference)

    # -- relative to the publication date

    def _part_suffix(self, part: str | None) -> str:
        if not part:
            return ""
        code = self.parts[self._key(part)]
        return code if code.startswith("T") else "T" + code

    def _n_weekday(
        self, g: Groups, dct: date | None, direction: Direction, previous: Reference | None
    ) -> Normalized | None:
        weekday = self._weekday(g["wd"])
        # A clock word ("noon Friday") or an evening or afternoon makes it a time of that day
        # (T12:00, TEV, TAF). "Friday night" and "Friday morning" stay dated to the day: a night runs
        # into the next day and is written TEV as often as TNI, and TimeBank writes a morning
        # without its TMO about as often as with it.
        suffix = self._part_suffix(g.get("part") or g.get("pre"))
        suffix = suffix if ":" in suffix or suffix in _DAY_PARTS_KEPT else ""
        kind = "TIME" if suffix else "DATE"
        relation = self._key(g["rel"]) if "rel" in g else None
        base, anchor = dct, "publication"
        if relation in ("the following", "following", "the previous", "previous") and previous is not None:
            # "the previous Friday": seen from the date the narrative is at, not from publication.
            base, anchor = previous.day, "previous"
        if relation in ("that", "the same", "the following", "the previous", "following", "current"):
            relation = {"the following": "next", "following": "next", "the previous": "last"}.get(relation)
        if base is None:
            return Normalized(kind, f"XXXX-WXX-{weekday}{suffix}", self._mod(g), "none", "day")
        day = weekday_date(base, weekday, relation, direction)
        return Normalized(
            kind,
            _day(day) + suffix,
            self._mod(g),
            anchor,
            "time" if suffix else "day",
            Reference(day, "day", _day(day)),
        )

    def _n_deictic(
        self, g: Groups, dct: date | None, direction: Direction, previous: Reference | None
    ) -> Normalized | None:
        word = self._key(g["deictic"])
        offset = self.deictic[word]
        part = g.get("part") or g.get("pre")
        suffix = self._part_suffix(part)
        kind = "TIME" if suffix else "DATE"
        if dct is None:
            ref = {-1: "PAST_REF", 0: "PRESENT_REF", 1: "FUTURE_REF"}[offset]
            return Normalized(kind, ref, self._mod(g), "none", "none")
        day = dct + timedelta(days=offset)
        return Normalized(
            kind,
            _day(day) + suffix,
            self._mod(g),
            "publication",
            "time" if suffix else "day",
            Reference(day, "day", _day(day)),
        )

    def _n_part_of_day(
        self, g: Groups, dct: date | None, direction: Direction, previous: Reference | None
    ) -> Normalized | None:
        relation = self._key(g.get("prel", ""))
        part = self._key(g["part"])
        if (
            not relation
            and part not in ("overnight", "noon", "midnight", "midday")
            and "mod" not in g
            and "midh" not in g
        ):
            return None
        suffix = self._part_suffix(part)
        offset = {"last": -1, "yesterday": -1, "tomorrow": 1}.get(relation, 0)
        if part in ("night",) and relation == "last":
            offset = -1
        if relation == "that":
            base, anchor = (previous.day, "previous") if previous is not None else (dct, "publication")
        else:
            base, anchor = dct, "publication"
        if base is None:
            return Normalized("TIME", f"XXXX-XX-XX{suffix}", self._mod(g), "none", "time")
        day = base + timedelta(days=offset)
        reference = Reference(day, "day", _day(day)) if relation else None
        return Normalized("TIME", _day(day) + suffix, self._mod(g), anchor, "time", reference)

    def _n_clock(
        self, g: Groups, dct: date | None, direction: Direction, previous: Reference | None
    ) -> Normalized | None:
        clock = g["clock"].lower().replace(" ", "")
        named = {"noon": "12:00", "midday": "12:00", "midnight": "24:00"}
        if clock in named:
            hhmm = named[clock]
        else:
            m = re.match(r"(\d{1,2})(?::(\d\d))?(a\.?m\.?|p\.?m\.?|o'clock)?", clock)
            hour, minute = int(m.group(1)), int(m.group(2) or 0)
            if m.group(3) and m.group(3).startswith("p") and hour < 12:
                hour += 12
            if m.group(3) and m.group(3).startswith("a") and hour == 12:
                hour = 0
            if hour > 24 or minute > 59 or (not m.group(3) and not m.group(2)):
                return None
            hhmm = f"{hour:02d}:{minute:02d}"
        mod = self.approximators.get(self._key(g["approx"])) if "approx" in g else None
        day: date | None = None
        anchor = "publication"
        if "cwd" in g and dct is not None:
            day = weekday_date(dct, self._weekday(g["cwd"]), None, direction)
        elif "cdeictic" in g and dct is not None:
            day = dct + timedelta(days=self.deictic[self._key(g["cdeictic"])])
        elif "cmonth" in g and dct is not None:
            month, dom = self._month(g["cmonth"]), int(g["cday"])
            try:
                day = date(month_year(dct, month, direction), month, dom)
            except ValueError:
                return None
        elif previous is not None and previous.granularity == "day":
            day, anchor = previous.day, "previous"
        else:
            day = dct
        if day is None:
            return Normalized("TIME", f"XXXX-XX-XXT{hhmm}", mod, "none", "time")
        return Normalized("TIME", f"{_day(day)}T{hhmm}", mod, anchor, "time", Reference(day, "day", _day(day)))

    def _holiday_date(self, rule: str, year: int) -> date | None:
        if re.fullmatch(r"\d\d-\d\d", rule):
            return date(year, int(rule[:2]), int(rule[3:]))
        kind, *args = rule.split(":")
        if kind == "weekday":
            month, weekday, nth = int(args[0]), int(args[1]), args[2]
            extra = int(nth.split("+")[1]) if "+" in nth else 0
            first = date(year, month, 1)
            offset = (weekday - first.isoweekday()) % 7
            return first + timedelta(days=offset + 7 * (int(nth.split("+")[0]) - 1) + extra)
        if kind == "lastweekday":
            month, weekday = int(args[0]), int(args[1])
            last = date(year, month + 1, 1) - timedelta(days=1)
            return last - timedelta(days=(last.isoweekday() - weekday) % 7)
        return None

    def _n_holiday(
        self, g: Groups, dct: date | None, direction: Direction, previous: Reference | None
    ) -> Normalized | None:
        rule = self.holidays[self._key(g["holiday"])]
        relation = self._key(g["rel"]) if "rel" in g else None
        if "year" in g:
            year, anchor = self._year(g["year"]), "absolute"
        elif dct is None:
            md = rule if re.fullmatch(r"\d\d-\d\d", rule) else "XX-XX"
            return Normalized("DATE", f"XXXX-{md}", anchor="none")
        else:
            year, anchor = dct.year, "publication"
            this_year = self._holiday_date(rule, year)
            if this_year is None:
                return None
            if relation in ("last", "past", "previous") or (relation is None and direction == "past"):
                year -= this_year > dct
            elif relation in ("next", "coming") or direction == "future":
                year += this_year < dct
            elif abs((this_year - dct).days) > 183:
                year += 1 if this_year < dct else -1
        day = self._holiday_date(rule, year)
        if day is None:
            return None
        return Normalized("DATE", _day(day), anchor=anchor, reference=Reference(day, "day", _day(day)))

    def _n_season(
        self, g: Groups, dct: date | None, direction: Direction, previous: Reference | None
    ) -> Normalized | None:
        season = self._key(g["season"])
        code = self.seasons[season]
        relation = self._key(g["rel"]) if "rel" in g else None
        if season == "fall" and relation is None and "the" not in g and "year" not in g and "mod" not in g:
            return None  # "prices fall": the verb
        if "year" in g:
            return Normalized("DATE", f"{self._year(g['year']):04d}-{code}", self._mod(g), granularity="quarter")
        if dct is None:
            return Normalized("DATE", f"XXXX-{code}", self._mod(g), "none", "quarter")
        start_month = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}[code]
        year = dct.year
        if relation in ("last", "past", "previous"):
            year = dct.year if start_month + 3 <= dct.month else dct.year - 1
        elif relation in ("next", "coming", "the coming"):
            year = dct.year if start_month > dct.month else dct.year + 1
        elif relation in (None,) and direction == "past" and start_month > dct.month:
            year -= 1
        return Normalized("DATE", f"{year:04d}-{code}", self._mod(g), "publication", "quarter")

    def _n_relative_unit(
        self, g: Groups, dct: date | None, direction: Direction, previous: Reference | None
    ) -> Normalized | None:
        unit = self._key(g["unit"])
        relation = self._key(g["rel"])
        mod = self._mod(g)
        if "edge" in g:
            mod = "START" if self._key(g["edge"]) == "earlier" else "END"
        if (
            relation in ("past", "the coming", "coming", "following", "the following", "previous", "the previous")
            and unit != "weekend"
        ):
            if relation in ("following", "the following", "previous", "the previous") and previous is not None:
                granularity = self.units[unit]["granularity"]
                n = 1 if "following" in relation else -1
                day = shift(previous.day, granularity, n)
                return Normalized(
                    "DATE",
                    reference_value(day, granularity),
                    mod,
                    "previous",
                    granularity,
                    Reference(day, granularity, reference_value(day, granularity)),
                )
            code = self.units[unit]["code"]
            return Normalized(
                "DURATION",
                f"P1{code}" if unit not in ("decade", "century") else f"P{10 if unit == 'decade' else 100}Y",
                mod,
                granularity="none",
            )
        if unit == "day":
            if relation in ("that", "the same") and previous is not None:
                return Normalized(
                    "DATE",
                    _day(previous.day),
                    mod,
                    "previous",
                    "day",
                    Reference(previous.day, "day", _day(previous.day)),
                )
            return None
        granularity: Granularity = "week" if unit == "weekend" else self.units[unit]["granularity"]
        if relation in ("that", "the same"):
            if previous is None:
                return None
            base, anchor, n = previous.day, "previous", 0
        else:
            if dct is None:
                ref = {"last": "PAST_REF", "next": "FUTURE_REF"}.get(relation, "PRESENT_REF")
                return Normalized("DATE", ref, mod, "none", "none")
            base, anchor = dct, "publication"
            n = {"last": -1, "next": 1}.get(relation, 0)
        if unit == "weekend":
            # "this weekend" / "the weekend" is the coming one unless the verb is past.
            if relation == "last" or (relation != "next" and direction == "past"):
                saturday = weekday_date(base, 6, None, "past")
            else:
                saturday = weekday_date(base, 6, "this", None)
            if relation == "next":
                saturday += timedelta(weeks=1)
            value = _week(saturday) + "-WE"
            return Normalized("DATE", value, mod, anchor, "week", Reference(saturday, "week", value))
        day = shift(base, granularity, n)
        value = reference_value(day, granularity)
        return Normalized("DATE", value, mod, anchor, granularity, Reference(day, granularity, value))

    def _n_the_unit(
        self, g: Groups, dct: date | None, direction: Direction, previous: Reference | None
    ) -> Normalized | None:
        unit = self._key(g["unit"])
        if unit == "weekend":
            return self._n_relative_unit({**g, "rel": "this"}, dct, direction, previous)
        if "mod" in g or "midh" in g or "full" in g and self._key(g["full"]) != "fiscal" or unit == "week":
            # "the end of the year", "the full year", "the week": the current one.
            return self._n_relative_unit({**g, "rel": "this"}, dct, direction, previous)
        if unit in ("year", "month") and "ending" not in g and "full" not in g:
            # "a high for the year", "earlier in the month": the one the story is in.
            return self._n_relative_unit({**g, "rel": "this"}, dct, direction, previous)
        # "the year ended Sept. 30", "the fiscal year": a stretch of time.
        return Normalized("DURATION", self._duration_value(1, unit), None, granularity="none")

    def _n_year_end(
        self, g: Groups, dct: date | None, direction: Direction, previous: Reference | None
    ) -> Normalized | None:
        """ "by year-end": the end of the current year."""
        if dct is None:
            return Normalized("DATE", "XXXX", "END", "none", "year")
        return Normalized("DATE", f"{dct.year:04d}", "END", "publication", "year")

    def _n_century(
        self, g: Groups, dct: date | None, direction: Direction, previous: Reference | None
    ) -> Normalized | None:
        """ "the 20th century" -> 19."""
        ordinal = self.ordinals.get(self._key(g["ord"]))
        if ordinal is None:
            return None
        return Normalized("DATE", f"{ordinal - 1:02d}", None, granularity="century")

    def _n_narrative(
        self, g: Groups, dct: date | None, direction: Direction, previous: Reference | None
    ) -> Normalized | None:
        unit = self._key(g["unit"])
        relation = self._key(g.get("nrel", ""))
        when = self._key(g.get("nwhen", ""))
        article = self._key(g["nart"])
        if unit in self.parts:
            return None
        if article == "a" and not when:
            return None
        if not relation and not when and article != "that":
            return None
        n = 0
        if relation in ("next", "following") or when in ("after", "later"):
            n = 1
        elif relation in ("previous", "preceding", "prior") or when in ("before", "earlier"):
            n = -1
        granularity: Granularity = self.units[unit]["granularity"]
        if previous is not None:
            base, anchor = previous.day, "previous"
        elif dct is not None:
            base, anchor = dct, "publication"
        else:
            return Normalized(
                "DATE", "PAST_REF" if n < 0 else "FUTURE_REF" if n > 0 else "PRESENT_REF", None, "none", "none"
            )
        if article == "that" and not relation and not when and previous is None:
            return None
        day = shift(base, granularity, n)
        value = reference_value(day, granularity)
        return Normalized("DATE", value, None, anchor, granularity, Reference(day, granularity, value))

    def _n_ago(
        self, g: Groups, dct: date | None, direction: Direction, previous: Reference | None
    ) -> Normalized | None:
        unit = self._unit(g["unit"])
        if unit not in self.units:
            return None
        n = self.number(g["n"])
        word = self._key(g["dir"])
        sign = -1 if word in ("ago", "earlier", "before", "back") else 1
        narrative = word in ("earlier", "later", "before", "after")
        mod = self.approximators.get(self._key(g["approx"])) if "approx" in g else None
        if mod is None and "orso" in g:
            mod = "APPROX"  # "a week or so ago"
        if word == "later":
            return self._later(n, unit, mod, previous)
        info = self.units[unit]
        granularity: Granularity = info["granularity"]
        if granularity == "time":
            granularity = "day"
        if n is None or n != int(n):
            return Normalized("DATE", "PAST_REF" if sign < 0 else "FUTURE_REF", mod, "none", "none")
        n = int(n) * info.get("times", 1)
        if granularity in ("decade", "century"):
            # "a decade ago" is a year, ten years back (not the previous decade).
            n, granularity = n * (10 if granularity == "decade" else 100), "year"
        if unit == "year" and previous is not None and (previous.granularity == "quarter" or narrative):
            # "a year ago" after "the third quarter": that quarter, a year before; "a year earlier"
            # after "Sept. 30, 1988": the year before that date's.
            day = shift(previous.day, "year", sign * n)
            granularity = previous.granularity if previous.granularity in ("quarter", "year") else "year"
            return Normalized("DATE", reference_value(day, granularity), mod, "previous", granularity)
        if narrative and previous is not None:
            start, anchor = previous.day, "previous"
        elif dct is not None:
            start, anchor = dct, "publication"
        else:
            return Normalized("DATE", "PAST_REF" if sign < 0 else "FUTURE_REF", mod, "none", "none")
        if unit == "weekend":
            granularity = "week"
        day = shift(start, granularity, sign * n)
        value = reference_value(day, granularity)

        # Only a day computed this way moves the narrative on; "a year ago" does not replace the quarter discussed.
        reference = Reference(day, granularity, value) if granularity == "day" else None
        return Normalized("DATE", value, mod, anchor, granularity, reference)

    def _later(self, n: float | None, unit: str, mod: str | None, previous: Reference | None) -> Normalized:
        """ "Three days later": TIMEX3 marks the length, P3D, and leaves "later" outside as a signal.

        Counted on from the date the narrative is at, the length reaches a date, which still dates
        what happened then and moves the narrative on; a vague or clock-sized length reaches none.
        """
        length = self._duration_value(n, unit)
        info = self.units[unit]
        granularity: Granularity = info["granularity"]
        if previous is None or n is None or n != int(n) or granularity not in ("day", "week", "month", "year"):
            return Normalized("DURATION", length, mod, granularity="none")
        day = shift(previous.day, granularity, int(n) * info.get("times", 1))
        value = reference_value(day, granularity)
        reference = Reference(day, granularity, value) if granularity == "day" else None
        return Normalized("DURATION", length, mod, "previous", "none", reference, reaches=value)

    def _duration_value(self, n: float | None, unit: str) -> str:
        info = self.units[unit]
        code, time_unit = info["code"], info.get("time", False)
        if unit in ("decade", "century", "millennium"):
            factor = {"decade": 10, "century": 100, "millennium": 1000}[unit]
            amount = "X" if n is None else _amount(n * factor)
            return f"P{amount}Y"
        if unit == "weekend":
            return "P2D" if n in (None, 1) else f"P{_amount(n * 2)}D"
        if n is None:
            amount = "X"
        else:
            n *= info.get("times", 1)
            if n != int(n) and unit in _SMALLER_UNIT:
                # "a minute and a half" -> PT1M30S, "2 1/2 years" -> P2Y6M: no decimals in a TIMEX3 value.
                smaller, factor = _SMALLER_UNIT[unit]
                whole = f"{int(n)}{code}" if int(n) else ""
                rest = self._duration_value(round((n - int(n)) * factor, 3), smaller)[1:]
                rest = rest.lstrip("T") if time_unit else rest
                return f"PT{whole}{rest}" if time_unit else f"P{whole}{rest}"
            amount = _amount(n)
        return f"PT{amount}{code}" if time_unit else f"P{amount}{code}"

    def _n_duration(
        self, g: Groups, dct: date | None, direction: Direction, previous: Reference | None
    ) -> Normalized | None:
        unit = self._unit(g["unit"])
        if unit not in self.units:
            return None
        n = self.number(g["n"])
        if unit == "second" and self._key(g["n"]) in ("a", "one"):
            return None  # "a second round", "one second-quarter": the ordinal, not a second of time
        if n is not None and "half" in g:
            n += 0.5
        if n is not None and n > 1000 and unit != "year":
            return None
        mod = self.approximators.get(self._key(g["approx"])) if "approx" in g else None
        return Normalized("DURATION", self._duration_value(n, unit), mod, granularity="none")

    def _n_narrative_edge(
        self, g: Groups, dct: date | None, direction: Direction, previous: Reference | None
    ) -> Normalized | None:
        return self._n_narrative(g, dct, direction, previous)

    def _n_vague_duration(
        self, g: Groups, dct: date | None, direction: Direction, previous: Reference | None
    ) -> Normalized | None:
        unit = self._unit(g["unit"])
        return Normalized("DURATION", self._duration_value(None, unit), None, granularity="none")

    _n_duration_ahead = _n_vague_duration

    def _n_bare_units(
        self, g: Groups, dct: date | None, direction: Direction, previous: Reference | None
    ) -> Normalized | None:
        return Normalized("DURATION", self._duration_value(None, self._unit(g["unit"])), None, granularity="none")

    def _n_set(
        self, g: Groups, dct: date | None, direction: Direction, previous: Reference | None
    ) -> Normalized | None:
        return Normalized("SET", self.sets[self._key(g["set"])], None, granularity="none")

    def _n_weekday_set(
        self, g: Groups, dct: date | None, direction: Direction, previous: Reference | None
    ) -> Normalized | None:
        part = g.get("part")
        suffix = self._part_suffix(part[:-1]) if part else ""
        return Normalized("SET", f"XXXX-WXX-{self._weekday(g['wd'])}{suffix}", None, granularity="none")

    def _n_every(
        self, g: Groups, dct: date | None, direction: Direction, previous: Reference | None
    ) -> Normalized | None:
        if "wd" in g:
            return Normalized("SET", f"XXXX-WXX-{self._weekday(g['wd'])}", None, granularity="none")
        if "month" in g:
            return Normalized("SET", f"XXXX-{self._month(g['month']):02d}", None, granularity="none")
        unit = self._key(g["unit"])
        if unit in self.parts:
            return Normalized("SET", f"XXXX-XX-XX{self._part_suffix(unit)}", None, granularity="none")
        return Normalized("SET", self._duration_value(1, unit), None, granularity="none")

    def _n_reference(
        self, g: Groups, dct: date | None, direction: Direction, previous: Reference | None
    ) -> Normalized | None:
        return Normalized("DATE", self.references[self._key(g["ref"])], None, granularity="none")

    _n_opening_reference = _n_reference


#: The unit below each unit, and how many of it make one: to write fractions as whole numbers.
_SMALLER_UNIT: dict[str, tuple[str, int]] = {
    "year": ("month", 12),
    "month": ("day", 30),
    "week": ("day", 7),
    "day": ("hour", 24),
    "hour": ("minute", 60),
    "minute": ("second", 60),
}


def _amount(n: float) -> str:
    return str(int(n)) if n == int(n) else str(n)


# --------------------------------------------------------------------------- component


_SINCE = re.compile(r"\b(?i:since|ever\s+since)\s+$")
_LATER = re.compile(r"\s+(?i:later)$")
_AS_SOON_AS = re.compile(r"\b(?i:as\s+soon\s+as)\s+$")
_QUARTER_RULES = frozenset({"quarter", "year_earlier"})
_INDEFINITE = re.compile(r"\b[Aa]n?\s+(?:[a-z]+\s+)?$")
# After "April 24": " and 25", "-26", " to 27, 1999" followed by punctuation or a preposition;
# not "and 25 percent", "and 25 others", "and 25,000".
_SECOND_DAY = re.compile(
    r"\s*(?:and|or|to|through|-|–)\s*(?P<day>\d{1,2})\b"
    r"(?:,?\s+(?:1[0-9]|20)\d\d\b|(?=\s*(?:[.;:)!?]|,(?!\s*\d)|$)|\s+(?:in|at|on|when|as|after|before|with|for|during)\b))"
)
_ONE_DAY = re.compile(r"(?i:one\s+day)")
_AFTER_MODAL = re.compile(r"\b(?i:will|would|may|might|could|can|shall|should|must|'ll)\s+$")
_AS_EARLY_AS = re.compile(r"\b(?i:as\s+early\s+as)\s+$")
_UNTIL = re.compile(r"\b(?i:until|till|til|through|thru)\s+$")
_EFFECTIVE = re.compile(r"\b(?i:effective)\s+(?i:on\s+|as\s+of\s+)?$")


def _in_month_of_simple_past(doc: Doc, match: TimexMatch) -> bool:
    """ "changed ... in December": the month hangs on "in", and "in" on a verb in the simple past."""
    span = doc.char_span(match.start, match.end, alignment_mode="expand")
    if span is None or not len(span):
        return False
    preposition = span.root.head
    return preposition.lower_ == "in" and preposition.head.tag_ == "VBD"


class TimeExpressions:
    """The ``dyad_time`` component: finds, normalises and records time expressions in ``doc._.dyad``."""

    def __init__(self, lexicon: dict[str, Any] | None = None):
        lex = lexicon or load_lexicon()
        self.grammar = TimexGrammar(lex)
        self.normalizer = TimexNormalizer(lex)
        self.verb_like = frozenset(lex["verb_like_months"])
        self.tense = TenseCues.from_lexicon(lex)

    def _is_verb_not_month(self, doc: Doc, match: TimexMatch) -> bool:
        """ "May" and "March" as verbs ("It may rain", "They march on") are not months."""
        word = match.groups.get("month")
        if (
            word is None
            or self.normalizer._key(word) not in self.verb_like
            or match.rule not in ("month", "month_year")
        ):
            return False
        span = doc.char_span(match.start, match.end, alignment_mode="expand")
        if span is None:
            return False
        month_tokens = [t for t in span if t.lower_ == word.lower()]
        return any(t.pos_ in ("VERB", "AUX") or t.tag_ == "MD" for t in month_tokens)

    def find(self, doc: Doc) -> list[tuple[TimexMatch, Normalized]]:
        """Time expressions of ``doc`` with their values, in text order (narrative anchors follow the text)."""
        analysis: Analysis | None = doc._.dyad
        published = analysis.article.published if analysis is not None else None
        dct = published.date() if published is not None else None
        previous: Reference | None = None
        last_quarter: Reference | None = None
        found: list[tuple[TimexMatch, Normalized]] = []
        text = doc.text
        for match in self.grammar.find(text):
            if self._is_verb_not_month(doc, match) or (found and match.start < found[-1][0].end):
                continue  # a verb, or words a previous expression took ("April 24 and 25, 1999")
            if text.startswith("-to-", match.end) or text.endswith("-to-", 0, match.start):
                continue  # "the quarter-to-quarter comparison", "day-to-day": a kind of comparison, no time
            before = text[max(0, match.start - 12) : match.start]
            direction = self._direction(doc, text, match, before)
            anchor = previous
            if match.rule in _QUARTER_RULES and last_quarter is not None:
                # "the quarter ended Sept. 29 ... the 1988 period": the quarter under discussion,
                # even when a day was named since.
                anchor = last_quarter
            if anchor is not None and direction == "past" and dct is not None and anchor.day > dct:
                # "the third quarter of 1990 ... In the year-ago period it earned": a past tense
                # cannot go on from a date still ahead of publication.
                anchor = None
            normalized = self.normalizer.normalize(match, dct, direction, anchor)
            if normalized is None:
                continue
            if normalized.type == "DURATION" and match.rule == "ago":
                # "Three days later": the signal "later" stays outside the expression.
                match = replace(match, end=match.start + len(_LATER.sub("", text[match.start : match.end])))
            if (
                match.rule == "month"
                and direction == "past"
                and dct is not None
                and normalized.reference is not None
                and normalized.reference.day > dct
                and _in_month_of_simple_past(doc, match)
            ):
                # "changed to a calendar year in December" in October: a deed done in a month names
                # one already gone, not the schedule a month or two ahead that `month_year` allows.
                day = normalized.reference.day.replace(year=normalized.reference.day.year - 1)
                value = f"{day.year:04d}-{day.month:02d}"
                normalized = replace(normalized, value=value, reference=Reference(day, "month", value))
            if _ONE_DAY.fullmatch(text, match.start, match.end) and _AFTER_MODAL.search(before):
                # "Islam will one day be ...": not a day's length but some day ahead.
                normalized = Normalized("DATE", "FUTURE_REF", None, "none", "none")
            if found and normalized.reference is not None and normalized.granularity == "day":
                merged = self._edge_of(found[-1], match, normalized, text)
                if merged is not None:
                    found[-1] = merged
                    previous = merged[1].reference
                    continue
            if normalized.reference is not None:
                previous = normalized.reference
                if (
                    previous.granularity == "quarter"
                    and not (last_quarter is not None and previous.day.year < last_quarter.day.year)
                    and not _INDEFINITE.search(before)
                ):
                    # The quarter under discussion: not the year-earlier one it is compared with
                    # ("the 1988 period"), nor one named in passing ("after a flat second quarter").
                    last_quarter = previous
            found.append((match, normalized))
            if match.rule == "month_day" and normalized.reference is not None and "year" not in match.groups:
                second = self._second_day(text, match, normalized)
                if second is not None:
                    found.append(second)
                    previous = second[1].reference
        return found

    def _direction(self, doc: Doc, text: str, match: TimexMatch, before: str) -> Direction:
        """Past or future for the expression ``match``, from the words just ``before`` it and its clause.

        ``text`` is ``doc.text``, passed in because spaCy rebuilds that string on every access.
        """
        if text.startswith("'s", match.end) or _SINCE.search(before):
            # "Wednesday's ruling", "since Jan. 13": a day something already happened on.
            return "past"
        if _AS_SOON_AS.search(before):
            return "future"
        verb = governing_verb(doc, match.start, match.end)
        direction = verb_direction(verb, self.tense)
        if _EFFECTIVE.search(before) and not (verb is not None and _past_perfect(verb)):
            # "a new office, effective Feb. 1": the day a change takes effect, still ahead.
            return "future"
        if _UNTIL.search(before) and verb is not None and verb.lemma_ in self.tense.deadline_verbs:
            # "postponed until Tuesday", "gave them until noon Friday": a deadline still ahead,
            # unless pushed back in a past before the past ("had been delayed until Friday").
            return "past" if _past_perfect(verb) else "future"
        if direction is None and match.rule == "weekday" and _AS_EARLY_AS.search(before):
            # "could come as early as Tuesday": the earliest of days still ahead.
            return "future"
        return direction

    @staticmethod
    def _second_day(text: str, match: TimexMatch, normalized: Normalized) -> tuple[TimexMatch, Normalized] | None:
        """ "April 24 and 25", "March 3-5": the second day, in the first one's month and year."""
        m = _SECOND_DAY.match(text, match.end)
        if m is None or normalized.reference is None:
            return None
        first = normalized.reference.day
        try:
            day = first.replace(day=int(m.group("day")))
        except ValueError:
            return None
        if day <= first:
            return None
        start, end = m.start("day"), m.end()
        found = Normalized("DATE", _day(day), None, normalized.anchor, "day", Reference(day, "day", _day(day)))
        return TimexMatch(start, end, "second_day", {"day": m.group("day")}), found

    @staticmethod
    def _edge_of(
        last: tuple[TimexMatch, Normalized], match: TimexMatch, normalized: Normalized, text: str
    ) -> tuple[TimexMatch, Normalized] | None:
        """ "the day before" + "last Tuesday" -> one expression, the Monday; None when they are not one."""
        edge, _ = last
        if edge.rule != "narrative_edge" or text[edge.end : match.start].strip() or normalized.reference is None:
            return None
        unit = edge.groups["unit"].lower()
        if unit not in ("day", "week"):
            return None
        sign = -1 if edge.groups["nwhen"].lower() == "before" else 1
        day = normalized.reference.day + timedelta(days=sign * (1 if unit == "day" else 7))
        value = _day(day) if unit == "day" else _week(day)
        granularity: Granularity = "day" if unit == "day" else "week"
        combined = Normalized("DATE", value, None, normalized.anchor, granularity, Reference(day, granularity, value))
        return TimexMatch(edge.start, match.end, "edge_of", {**edge.groups, **match.groups}), combined

    def set_annotations(self, doc: Doc, found: list[tuple[TimexMatch, Normalized]]) -> None:
        """Append a `TimeExpression` for each found expression to ``doc._.dyad.times``."""
        analysis: Analysis = doc._.dyad
        text = analysis.article.text  # doc.text rebuilds the string on every access
        for match, n in found:
            analysis.times.append(
                TimeExpression(
                    id=f"T{len(analysis.times) + 1}",
                    span=Span.of(text, match.start, match.end),
                    type=n.type,
                    value=n.value,
                    mod=n.mod,
                    anchor=n.anchor,
                    granularity=n.granularity,
                )
            )
            analysis.times[-1]._reaches = n.reaches

    def __call__(self, doc: Doc) -> Doc:
        if doc._.dyad is None:
            return doc
        self.set_annotations(doc, self.find(doc))
        return doc


@Language.factory("dyad_time")
def make_time_expressions(nlp: Language, name: str) -> TimeExpressions:
    return TimeExpressions()
