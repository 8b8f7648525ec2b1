"""Quotations: who said (or believes, or intends) what, with the cue that attributes it.

Handles, on top of spaCy's dependency parse:

- direct quotes in curly or straight marks, split around the attribution
  (“The talks were useful,” Lavrov said. “We will meet again.”), introduced
  by a colon (He said: “…”) or followed by a dash (“…” — a source told Reuters),
  running over several paragraphs (a paragraph that opens a quote without
  closing it, the next one reopening it); stray marks close at the paragraph end;
- indirect speech: a clausal complement of a cue verb ("Officials said that
  the border would reopen", "She warned the deal could collapse"), beliefs and
  intentions as PolNeAR annotates them ("He believes the vote was rigged",
  "The minister plans to resign");
- mixed quotes: indirect speech holding quoted fragments ("He said the plan
  was “dead on arrival”"): the content is the whole clause, the fragments are
  its ``quoted_parts``;
- inverted and parenthetical forms ("…, said Lavrov", "The plan, he said, is
  dead"), passive agents ("was told by an aide"), and source phrases
  ("According to a senior official, the talks failed");
- floating quotes: a paragraph that is one quotation with no cue of its own
  inherits the speaker of the quotation just before it.

The speaker is the subject of the cue (or the object of "according to"); a
channel ("told Reuters", "in an interview with CNN") is kept apart from it. A
relative pronoun ("Lavrov, who said …") is the speaker as a personal pronoun is,
its actor read from the noun it stands for (the noun stays the speaker when it
names no actor).
The cue lexicon is ``dyad/data/quotes/cues.json``.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc, Token

from dyad.model import Analysis, Mention, Quote, QuoteKind, Span

Range = tuple[int, int]

_TEXT_KEY = "dyad_quotes_text"
LEXICON_PATH = Path(__file__).resolve().parents[1] / "data" / "quotes" / "cues.json"

OPENING_MARKS = frozenset("“„«")
CLOSING_MARKS = frozenset("”»")
#: A dash, then a name to the end of the paragraph: "“…” — Maria Lopez, a nurse".
_DASH_SIGNATURE_RE = re.compile(r"[^\S\n]*[—–―-]{1,2}[^\S\n]*([A-Z][^\n]{1,79}?)[^\S\n.]*\.?[^\S\n]*(?:\n|$)")
#: A paragraph opened by a speaker's name and a colon: a headline ("Pence: No deal") or a transcript turn.
_SPEAKER_LABEL_RE = re.compile(
    r"^[\"“”]?((?:[A-Z][\w.'’-]*)(?:[^\S\n]+(?:[A-Z][\w.'’-]*|of|the|and|de|van|von)){0,4}):[^\S\n]+(\S[^\n]*)$",
    re.MULTILINE,
)
# two apostrophes stand for a double quotation mark in some newspapers' archives (''Yes,'' she said)
_MARK_RE = re.compile(r"''|[\"“”„«»]")
#: Characters before an opening mark / after a closing mark that show which side a mark is on.
_OPEN_CONTEXT = frozenset(" \t\n([{—–―-/")
_CLOSE_CONTEXT = frozenset(" \t\n)]}.,;:!?—–―-…'’")

#: Quotations shorter than this (in words) are names, titles or scare quotes unless a cue claims them.
MIN_QUOTE_WORDS = 4
#: The longest attribution that may interrupt one quotation ("“A,” said the minister of defence. “B.”").
MAX_INTERRUPTION_WORDS = 8
#: How many tokens after a closing mark (or before an opening one) the cue may be.
CUE_WINDOW = 12

SUBJECT_DEPS = frozenset({"nsubj", "csubj"})
PASSIVE_SUBJECT_DEPS = frozenset({"nsubjpass", "csubjpass"})
#: Dependencies through which a cue inherits the subject of the verb it hangs from
#: ("…, adding that", "went on to say", "smiled and said").
INHERIT_DEPS = frozenset({"advcl", "xcomp", "conj", "ccomp", "pcomp"})
#: Dependencies of a noun a cue qualifies ("Lavrov, who said …", "a statement saying …").
NOUN_ATTACH_DEPS = frozenset({"relcl", "acl"})
COMPLEMENT_DEPS = frozenset({"ccomp"})
#: What may follow a reported object: "called the ruling [a huge win]", "urged Congress [to act]".
OBJECT_COMPLEMENT_DEPS = frozenset({"dobj", "oprd", "xcomp", "ccomp", "dative", "attr", "acomp"})
#: Prepositions that carry on a reported object: "criticized the officer [for the shooting]".
OBJECT_PREPS = frozenset({"for", "of", "as", "over", "against", "to"})
INFINITIVE_DEPS = frozenset({"xcomp"})
SPEAKER_TAIL_DEPS = frozenset({"cc", "conj", "compound", "flat", "nummod"})
TRIM_CHARS = " \t\n,;:—–-"
#: Word forms the English model lemmatizes wrongly ("hoped" -> "hop"), with the lemma they have.
LEMMA_FIXES = {"hoped": "hope", "hopes": "hope", "hoping": "hope"}


@dataclass(frozen=True)
class QuotedSpan:
    """Text between quotation marks (marks included), one segment per paragraph it runs over."""

    segments: tuple[Range, ...]

    @property
    def start(self) -> int:
        return self.segments[0][0]

    @property
    def end(self) -> int:
        return self.segments[-1][1]


@dataclass
class CueLexicon:
    """The attribution cues of ``cues.json``, compiled for lookup."""

    speech: dict[str, str | None]
    belief: dict[str, str | None]
    intention: dict[str, str | None]
    quote_only: dict[str, str | None]
    objects: frozenset[str]
    object_preps: dict[str, frozenset[str]]
    raising: frozenset[str]
    nouns: frozenset[str]
    source_phrases: list[list[str]]
    channel_nouns: frozenset[str]
    channel_frames: frozenset[str]
    not_speaker_labels: frozenset[str]
    #: adjective -> the verb it must be predicated through ("make clear"), or None for any
    adjectives: dict[str, str | None] = field(default_factory=dict)
    #: verbs whose object is reported only with an 'as' phrase ("voters see him as honest")
    objects_as: frozenset[str] = frozenset()
    #: verbs of saying whose object after them, in a comma-joined clause, is their speaker
    inverting: frozenset[str] = frozenset()
    #: noun -> prepositions whose object it reports ("made no mention of X", "took issue with X")
    noun_preps: dict[str, frozenset[str]] = field(default_factory=dict)
    #: verbs whose 'if' or 'whether' clause is the question they report ("asked if the vote was rigged")
    asking: frozenset[str] = frozenset()
    #: verbs that carry a noun of saying as their object ("made no mention of", "took issue with")
    light_verbs: frozenset[str] = frozenset()
    #: adjective -> prepositions whose object it judges ("critical of the plan", "proud of the record")
    adjective_preps: dict[str, frozenset[str]] = field(default_factory=dict)

    @staticmethod
    def _entries(words: list[str]) -> dict[str, str | None]:
        # "point out" -> {"point": "out"}: the verb lemma and the particle it needs
        entries: dict[str, str | None] = {}
        for word in words:
            lemma, _, particle = word.partition(" ")
            entries.setdefault(lemma, particle or None)
        return entries

    @classmethod
    def load(cls) -> CueLexicon:
        """Read the packaged lexicon."""
        data = json.loads(LEXICON_PATH.read_text(encoding="utf-8"))
        return cls(
            speech=cls._entries(data["speech"]),
            belief=cls._entries(data["belief"]),
            intention=cls._entries(data["intention"]),
            quote_only=cls._entries(data["quote_only"]),
            objects=frozenset(data["object"]),
            object_preps={verb: frozenset(preps) for verb, preps in data["object_preps"].items()},
            raising=frozenset(data["raising"]),
            nouns=frozenset(data["nouns"]),
            source_phrases=data["source_phrases"],
            channel_nouns=frozenset(data["channel_nouns"]),
            channel_frames=frozenset(data["channel_frames"]),
            not_speaker_labels=frozenset(data["not_speaker_labels"]),
            objects_as=frozenset(data["object_as"]),
            inverting=frozenset(data["inverting"]),
            noun_preps={noun: frozenset(preps) for noun, preps in data["noun_preps"].items()},
            asking=frozenset(data["asking"]),
            light_verbs=frozenset(data["light_verbs"]),
            adjective_preps={adj: frozenset(preps) for adj, preps in data["adjective_preps"].items()},
            adjectives={adj: verb or None for verb, _, adj in (w.rpartition(" ") for w in data["adjectives"])},
        )

    def verb_lemmas(self) -> list[str]:
        """Every verb lemma that can be a cue."""
        clausal = set(self.speech) | set(self.belief) | set(self.intention) | set(self.quote_only)
        return sorted(clausal | self.objects | self.objects_as | set(self.object_preps))


@dataclass
class FoundQuote:
    """A quotation found in a doc, before it is written into the analysis (character offsets)."""

    content: list[Range]
    cue: Range | None = None
    cue_lemma: str | None = None
    speaker: Range | None = None
    #: The phrase the speaker stands for when that is not the speaker itself ("the minister" for the
    #: relative pronoun of "the minister, who said …"): the speaker's actor is read from it.
    speaker_ref: Range | None = None
    channel: Range | None = None
    quoted: list[QuotedSpan] = field(default_factory=list)
    floating: bool = False


# --------------------------------------------------------------------------- quotation marks


def _mark_side(text: str, i: int, j: int) -> str:
    """'open', 'close' or '?' for the quotation mark ``text[i:j]``, from the characters around it.

    Context wins over the glyph, so a closing quote typed as “ at a paragraph end still closes.
    """
    before = text[i - 1] if i > 0 else " "
    after = text[j] if j < len(text) else " "
    if before in _OPEN_CONTEXT and after not in " \t\n":
        return "open"
    if after in _CLOSE_CONTEXT and before not in " \t\n":
        return "close"
    char = text[i]
    if char in OPENING_MARKS:
        return "open"
    if char in CLOSING_MARKS:
        return "close"
    return "?"


def find_quoted_spans(text: str) -> list[QuotedSpan]:
    """Pair the double quotation marks of ``text`` into quoted spans; never fails on stray marks.

    A quotation still open at a paragraph end continues when the next paragraph
    opens with a quotation mark (the newspaper convention for multi-paragraph
    quotes); otherwise it ends with its paragraph. A closing mark with nothing
    open is ignored. Nested double quotes stay inside the outer quotation.

    >>> text = 'He said “yes.” Then "no'
    >>> [text[q.start : q.end] for q in find_quoted_spans(text)]
    ['“yes.”', '"no']
    """
    spans: list[QuotedSpan] = []
    segments: list[Range] = []
    depth = 0
    start = 0
    marks = [(m.start(), m.end(), _mark_side(text, m.start(), m.end())) for m in _MARK_RE.finditer(text)]
    k = 0
    while k < len(marks):
        pos, mark_end, side = marks[k]
        if depth and "\n" in text[start:pos]:
            # the quotation reached a paragraph end while still open
            para_end = text.index("\n", start)
            segments.append((start, _rstrip(text, start, para_end)))
            next_para = _paragraph_start(text, para_end)
            if next_para == pos and side != "close":
                start, depth = pos, 1  # reopened: the quotation continues
                k += 1
                continue
            spans.append(QuotedSpan(tuple(segments)))
            segments, depth = [], 0
        if side == "open" or (side == "?" and depth == 0):
            if depth == 0:
                start = pos
            depth += 1
        elif depth:
            depth -= 1
            if depth == 0:
                segments.append((start, mark_end))
                spans.append(QuotedSpan(tuple(segments)))
                segments = []
        k += 1
    if depth:
        end = text.find("\n", start)
        end = len(text) if end < 0 else end
        segments.append((start, _rstrip(text, start, end)))
        spans.append(QuotedSpan(tuple(segments)))
    return spans


def _rstrip(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1].isspace():
        end -= 1
    return end


def _paragraph_start(text: str, newline: int) -> int:
    """Offset of the first non-space character after a line break."""
    i = newline
    while i < len(text) and text[i].isspace():
        i += 1
    return i


# --------------------------------------------------------------------------- finding


def _text_of(doc: Doc) -> str:
    """The doc's text, built once: ``Doc.text`` joins every token on each access."""
    text = doc.user_data.get(_TEXT_KEY)
    if text is None:
        text = doc.user_data[_TEXT_KEY] = doc.text
    return text


def _trim(text: str, start: int, end: int) -> Range:
    while start < end and text[start] in TRIM_CHARS:
        start += 1
    while end > start and text[end - 1] in TRIM_CHARS:
        end -= 1
    return start, end


def _subtree_range(token: Token, exclude: Token | None = None) -> list[Range]:
    """Character ranges of ``token``'s subtree, less the subtree of ``exclude`` (one or two ranges)."""
    text = _text_of(token.doc)
    start, end = token.left_edge.idx, token.right_edge.idx + len(token.right_edge)
    if exclude is None or not (start <= exclude.idx < end):
        return [_trim(text, start, end)]
    ex_start, ex_end = exclude.left_edge.idx, exclude.right_edge.idx + len(exclude.right_edge)
    parts = [_trim(text, start, ex_start), _trim(text, ex_end, end)]
    return [p for p in parts if p[1] > p[0]]


def _clause_range(head: Token) -> Range:
    """Character range of a clause's subtree, less a trailing comment clause ("…, implicitly putting …")."""
    end = head.right_edge
    rights = list(head.rights)
    if rights and rights[-1].dep_ == "advcl" and rights[-1].tag_ == "VBG":
        comment = rights[-1]
        if comment.left_edge.i > head.i and comment.doc[comment.left_edge.i - 1].text == ",":
            end = comment.doc[comment.left_edge.i - 1]
    return _trim(_text_of(head.doc), head.left_edge.idx, end.idx + len(end))


def _before_comment(token: Token) -> Token:
    """The last token of ``token``'s phrase before a comma-set comment that closes it: a description of
    its final noun ("likened RT to the BBC[, which receives …]", "endorsed his campaign[, the latest
    chapter …]") or a participle clause remarking on it ("rejected the idea that he would lose[, saying
    the crowds prove …]")."""
    end = token.right_edge
    # walk down the phrase's right spine: each word whose subtree ends where the phrase ends
    node = token
    while True:
        for child in node.rights:
            if child.right_edge.i == end.i and _is_comment(child):
                before = child.left_edge.i - 1
                if before > node.i and token.doc[before].text == ",":
                    return token.doc[before - 1]
        later = [c for c in node.rights if c.right_edge.i == end.i]
        if not later or later[0].dep_ in ("relcl", "appos"):
            return end
        node = later[0]


def _is_comment(child: Token) -> bool:
    """A relative clause or apposition, or a participle clause with no subject of its own."""
    if child.dep_ in ("relcl", "appos"):
        return True
    return (
        child.dep_ == "advcl"
        and child.tag_ == "VBG"
        and child.head.pos_ in ("VERB", "AUX")
        and not any(c.dep_ in SUBJECT_DEPS or c.dep_ == "mark" for c in child.children)
        and any(c.i > child.i for c in child.children)  # "outstretched, shoving hands" is no clause
    )


def _join(text: str, ranges: list[Range]) -> list[Range]:
    """Merge ranges that only punctuation and spaces separate: [(0, 5), (7, 9)] over "a b c, d e" -> [(0, 9)]."""
    joined: list[Range] = []
    for start, end in sorted(r for r in ranges if r[1] > r[0]):
        if joined and all(ch in TRIM_CHARS for ch in text[joined[-1][1] : start]):
            joined[-1] = (joined[-1][0], max(joined[-1][1], end))
        else:
            joined.append((start, end))
    return joined


def _noun_phrase(head: Token) -> Range:
    """The compact phrase around a noun: its left modifiers, itself and coordinated names ("Trump and Pence")."""
    start = head.left_edge
    while start.i < head.i and (start.is_punct or start.is_space):
        start = start.doc[start.i + 1]
    end = head
    for child in head.rights:
        if child.dep_ in SPEAKER_TAIL_DEPS:
            end = child.right_edge if child.right_edge.i > end.i else end
        else:
            break
    return start.idx, end.idx + len(end)


class QuoteFinder:
    """Finds quotations in a parsed doc (`find`) and writes them into its `Analysis` (`set_annotations`)."""

    def __init__(self, nlp: Language, lexicon: CueLexicon | None = None):
        self.lexicon = lexicon or CueLexicon.load()
        self.matcher = Matcher(nlp.vocab)
        lemmas = self.lexicon.verb_lemmas()
        misread = sorted(form for form, lemma in LEMMA_FIXES.items() if lemma in lemmas)
        self.matcher.add(
            "CUE_VERB",
            [[{"LEMMA": {"IN": lemmas}, "POS": "VERB"}], [{"LOWER": {"IN": misread}, "POS": "VERB"}]],
        )
        self.matcher.add("RAISING", [[{"LEMMA": {"IN": sorted(self.lexicon.raising)}, "POS": {"IN": ["VERB", "AUX"]}}]])
        self.matcher.add("CUE_NOUN", [[{"LEMMA": {"IN": sorted(self.lexicon.nouns)}, "POS": "NOUN"}]])
        self.matcher.add("CUE_NOUN_PREP", [[{"LEMMA": {"IN": sorted(self.lexicon.noun_preps)}, "POS": "NOUN"}]])
        self.matcher.add("CUE_ADJ", [[{"LOWER": {"IN": sorted(self.lexicon.adjectives)}}]])
        self.matcher.add("CUE_ADJ_PREP", [[{"LOWER": {"IN": sorted(self.lexicon.adjective_preps)}}]])
        self.matcher.add("SOURCE_PHRASE", [[{"LOWER": w} for w in phrase] for phrase in self.lexicon.source_phrases])

    # ---- cues

    def _cue_kind(self, verb: Token) -> str | None:
        """'speech', 'belief', 'intention' or 'quote_only' for a verb token, honouring required particles."""
        particles = {c.lower_ for c in verb.children if c.dep_ == "prt"}
        for kind in ("speech", "belief", "intention", "quote_only"):
            entries: dict[str, str | None] = getattr(self.lexicon, kind)
            lemma = _lemma(verb)
            if lemma in entries:
                needed = entries[lemma]
                if needed is None or needed in particles:
                    return kind
        return None

    def speaker_of(self, verb: Token) -> Token | None:
        """The head token of who speaks through ``verb``: its subject, its passive agent, or inherited.

        "…, adding that" and "went on to say" take the subject of the verb they hang from;
        "Lavrov, who said …" gives the relative pronoun (see `_antecedent` for the noun it stands for).
        """
        inverted = self._inverted_speaker(verb)
        if inverted is not None:
            return inverted
        current = verb
        for _ in range(4):
            passive = False
            for child in current.children:
                if child.dep_ in SUBJECT_DEPS:
                    return child
                if child.dep_ in PASSIVE_SUBJECT_DEPS:
                    passive = True
                if child.dep_ == "agent":
                    objects = [g for g in child.children if g.dep_ == "pobj"]
                    if objects:
                        return objects[0]
            if passive:
                return None
            if current.dep_ in NOUN_ATTACH_DEPS:
                return current.head
            if current.dep_ in INHERIT_DEPS and current.head.i != current.i:
                participle = (current.dep_ == "advcl" and current.tag_ == "VBG") or (
                    current.dep_ == "conj" and current.i == verb.i
                )
                current = current.head
                if participle and current.dep_ in COMPLEMENT_DEPS and self._cue_kind(current.head) is not None:
                    # "said the team had played well, adding that …", "said that she will try … and insisted
                    # that …": the parser hung the cue on the reported clause; it is the speaker's, not the
                    # clause subject's
                    current = current.head
                # "…, before insisting that": through the preposition to the verb it hangs from;
                # "is quick to point out": through the adjective to its copula
                if (current.dep_ == "prep" and current.head.pos_ in ("VERB", "AUX")) or (
                    current.dep_ == "acomp" and current.pos_ == "ADJ"
                ):
                    current = current.head
                continue
            return None
        return None

    def _inverted_speaker(self, verb: Token) -> Token | None:
        """The speaker of a cue the parser coordinated with what it reports: in "Pyongyang will fight
        on, stated Foreign Minister Choe" the report is the root, the cue a comma-joined conjunct
        with no subject of its own, and the speaker its object. None for any other cue."""
        if (
            verb.dep_ != "conj"
            or verb.head.i > verb.i
            or verb.i == 0
            or verb.nbor(-1).text != ","
            or _lemma(verb) not in self.lexicon.inverting
            or any(
                c.dep_ in SUBJECT_DEPS or c.dep_ in PASSIVE_SUBJECT_DEPS or self._is_complement(c)
                for c in verb.children
            )
            or any(c.dep_ == "cc" and c.i < verb.i for c in verb.head.children)
        ):
            return None
        for child in verb.rights:
            if child.dep_ == "dobj":
                named = child.pos_ == "PROPN" or child.ent_type_ in ("PERSON", "ORG", "NORP", "GPE")
                if named or self._is_channel(child) or any(g.dep_ == "appos" for g in child.children):
                    return child
                return None
        return None

    def channel_of(self, verb: Token) -> Range | None:
        """A medium the words went through: "told Reuters", "said in an interview with CNN", "told reporters"."""
        for child in verb.children:
            if child.dep_ in ("dative", "dobj") and self._is_channel(child):
                return _noun_phrase(child)
            if child.dep_ == "prep":
                for obj in (g for g in child.children if g.dep_ == "pobj"):
                    if child.lower_ in ("to", "on") and self._is_channel(obj):
                        return _noun_phrase(obj)
                    if obj.lemma_.lower() in self.lexicon.channel_frames:
                        for prep in (g for g in obj.children if g.dep_ == "prep" and g.lower_ in ("with", "to", "on")):
                            for inner in (g for g in prep.children if g.dep_ == "pobj"):
                                return _noun_phrase(inner)
        return None

    def _is_channel(self, token: Token) -> bool:
        return (
            token.lower_ in self.lexicon.channel_nouns
            or token.lemma_.lower() in self.lexicon.channel_nouns
            or (token.ent_type_ == "ORG" and token.dep_ in ("dative", "dobj", "pobj"))
        )

    def _complement_content(self, verb: Token, kind: str) -> list[Range]:
        """What a cue verb reports, read from the parse.

        A clausal complement ("said that the talks failed"), with what the parser hung
        on the cue after it ("said the talks failed, and that …"); for beliefs and
        intentions, a 'to' infinitive ("plans to resign", "Turnout is expected to
        rise" with its passive subject); for a parenthetical cue ("The plan, he
        said, is dead") the clause it interrupts, less the cue's own words.
        """
        complements = [c for c in verb.children if self._is_complement(c) and not self._after_other_cue(verb, c)]
        # "A: Republicans said B" — a complement after the cue is its statement, before it only when nothing is after
        complements.sort(key=lambda c: c.i < verb.i)
        if complements:
            child = complements[0]
            ranges = [self._reported_clause(child)]
            after = child.i > verb.i
            text = _text_of(verb.doc)
            # a missed sentence split can hang the next paragraph's clauses on the cue: they are not its report
            para_end = text.find("\n", verb.idx)
            for sibling in verb.rights:
                if sibling.i <= child.right_edge.i:
                    continue
                if not self._continues_content(sibling, after) or 0 <= para_end < sibling.left_edge.idx:
                    break
                ranges.append(_clause_range(sibling))
            return _join(text, ranges)
        # a verb of saying that is also one of intention reports its 'to' infinitive too ("asked voters to stay")
        if kind in ("intention", "belief") or _lemma(verb) in self.lexicon.intention:
            for child in verb.children:
                if child.dep_ in INFINITIVE_DEPS and any(g.dep_ == "aux" and g.lower_ == "to" for g in child.children):
                    ranges = [_clause_range(child)]
                    ranges += [_clause_range(c) for c in verb.lefts if c.dep_ in PASSIVE_SUBJECT_DEPS]
                    return ranges
        if (verb.dep_ == "parataxis" and kind != "quote_only") or self._inverted_speaker(verb) is not None:
            return _subtree_range(verb.head, exclude=verb)
        return []

    def _after_other_cue(self, verb: Token, clause: Token) -> bool:
        """Whether another verb of saying stands between a cue and a clause after it, so that the clause is
        what that verb reports ("“…,” Cruz said as the heckler yelled: “You suck!”")."""
        doc = verb.doc
        return any(
            doc[i].pos_ == "VERB" and self._cue_kind(doc[i]) in ("speech", "quote_only")
            for i in range(verb.i + 1, clause.left_edge.i)
        )

    def _reported_clause(self, head: Token) -> Range:
        """A reported clause, less a later coordinated report of its own ("he would win[, and more than
        half said …]", "he would stay[ and tells the crowd …]")."""
        start, end = _clause_range(head)
        last = _before_comment(head)
        # a comma-set description of the clause's last noun is the writer's, unless it quotes the speaker
        if last.i < head.right_edge.i and not _MARK_RE.search(_text_of(head.doc), last.idx, end):
            end = min(end, last.idx + len(last))
        for conj in head.rights:
            # "…, and more than half said B", "…, while Cruz said B": a report of its own, coordinated or contrasted
            contrasted = conj.dep_ == "advcl" and any(c.dep_ == "mark" for c in conj.children)
            if (conj.dep_ != "conj" and not contrasted) or self._cue_kind(conj) != "speech":
                continue
            if not any(c.dep_ in COMPLEMENT_DEPS for c in conj.children):
                continue
            first = conj.left_edge
            while first.i > head.i and first.doc[first.i - 1].dep_ in ("cc", "punct"):
                first = first.doc[first.i - 1]
            end = min(end, _trim(_text_of(head.doc), start, first.idx)[1])
            break
        return start, end

    def _object_content(self, verb: Token) -> list[Range]:
        """What a verb of judging or proposing reports through its object, when it has a speaker.

        "She called the ruling a huge win" (object and predicate), "He criticized the
        officer for the shooting" (object and its 'for' phrase), "They called for a
        recount" (prepositional object).
        """
        lemma = _lemma(verb)
        objects = self.lexicon.objects | self.lexicon.objects_as
        if lemma not in objects and lemma not in self.lexicon.object_preps:
            return []
        # "was asked about the strike": the one asked is the subject, the asker unnamed
        asked = lemma in self.lexicon.asking and any(c.dep_ == "nsubjpass" for c in verb.children)
        if self.speaker_of(verb) is None and not asked:
            return []
        preps = self.lexicon.object_preps.get(lemma, frozenset())
        first: Token | None = None
        last: Token | None = None
        fronted: Token | None = None
        seen_as = False
        for child in verb.rights:
            if first is None:
                if child.dep_ == "dobj" and lemma in objects:
                    first = last = child
                elif child.dep_ == "oprd" and lemma in objects:
                    # "what he calls corruption": the object stands before the verb
                    fronted = self._fronted_object(verb)
                    if fronted is not None:
                        first = last = child
                elif child.dep_ in ("prep", "prt") and child.lower_ in preps:
                    objects = [g for g in child.children if g.dep_ in ("pobj", "pcomp")]
                    if objects:
                        first, last = objects[0], child
                elif child.dep_ in ("advcl", "ccomp"):
                    # "called for the United States to step up": the parser reads 'for' as the clause's mark
                    marks = [g for g in child.children if g.dep_ == "mark" and g.lower_ in preps and g.i < child.i]
                    if marks:
                        first, last = child.doc[marks[0].i + 1], child
                    elif lemma in objects and child.left_edge.tag_ == "WP" and child.left_edge.lower_ == "what":
                        # "condemned what he called a breach": a free relative, read as a clause, is the object
                        first = last = child
                continue
            if child.dep_ in OBJECT_COMPLEMENT_DEPS or (child.dep_ == "prep" and self._carries_object(child)):
                last = child
                seen_as = seen_as or child.lower_ == "as"
            elif child.dep_ == "punct" and child.is_quote:
                continue  # 'called it "a historic day"': the parser hung the opening mark on the verb
            elif child.dep_ == "npadvmod" and any(t.is_quote for t in verb.doc[last.i + 1 : child.left_edge.i]):
                last = child  # 'called it “a historic day,”': a quoted predicate the parser read as an adverb
            else:
                break
        if first is None or last is None:
            return []
        if lemma not in self.lexicon.objects and lemma in self.lexicon.objects_as and not seen_as:
            return []  # "see the film" reports nothing; "see the film as a warning" does
        end = _before_comment(last)
        text = _text_of(verb.doc)
        content = [_trim(text, first.left_edge.idx, end.idx + len(end))]
        if fronted is not None:
            content.insert(0, (fronted.idx, fronted.idx + len(fronted)))
        return content

    def _carries_object(self, prep: Token) -> bool:
        """Whether a prepositional phrase after a reported object is part of it: "criticized the officer
        for the shooting", "backed the governor in the primary"; not the time or the medium of the
        words ("on Friday", "on his radio show", "in a statement")."""
        if prep.lower_ in OBJECT_PREPS:
            return True
        objects = [g for g in prep.children if g.dep_ == "pobj"]
        return bool(objects) and not any(
            o.ent_type_ in ("DATE", "TIME") or self._is_channel(o) or o.lemma_.lower() in self.lexicon.channel_frames
            for o in objects
        )

    @staticmethod
    def _fronted_object(verb: Token) -> Token | None:
        """The object of ``verb`` that stands before it: "what" in "what he calls X"."""
        return next((child for child in verb.lefts if child.dep_ == "dobj"), None)

    def _passive_object_content(self, verb: Token, kind: str | None) -> list[Range]:
        """What a verb of saying or judging reports through its passive subject, when a 'by' phrase names
        the speaker: "The merger was first reported by a local paper", "The attack was condemned by NATO"."""
        if kind != "speech" and _lemma(verb) not in self.lexicon.objects:
            return []
        if not any(c.dep_ == "agent" and any(g.dep_ == "pobj" for g in c.children) for c in verb.children):
            return []
        for child in verb.lefts:
            if child.dep_ == "nsubjpass":
                end = _before_comment(child)
                return [_trim(_text_of(verb.doc), child.left_edge.idx, end.idx + len(end))]
        return []

    def _is_complement(self, child: Token) -> bool:
        """A clause a cue reports: its clausal complement, or a subordinate clause with its own subject and no
        conjunction, which is how the parser often reads "said after the vote he would resign"."""
        if child.dep_ in COMPLEMENT_DEPS:
            return not self._is_participle_cue(child)
        if _lemma(child.head) in self.lexicon.asking and child.i > child.head.i and child.dep_ == "advcl":
            # "asked if the vote was rigged": after a verb of asking, an 'if' clause is the question, not a condition
            return any(c.dep_ == "mark" and c.lower_ in ("if", "whether") for c in child.children)
        return (
            child.dep_ == "advcl"
            and child.i > child.head.i
            and any(c.dep_ in SUBJECT_DEPS for c in child.children)
            and not any(c.dep_ == "mark" for c in child.children)
        )

    def _is_participle_cue(self, verb: Token) -> bool:
        """A subjectless cue hung on another ("…, he said, suggesting that …"): a statement of its own, not content."""
        # a passive subject makes it a reported clause of its own ("said the deal was confirmed")
        subjects = SUBJECT_DEPS | PASSIVE_SUBJECT_DEPS
        return self._cue_kind(verb) is not None and not any(c.dep_ in subjects for c in verb.children)

    def _continues_content(self, sibling: Token, complement_after: bool) -> bool:
        """Whether a later dependent of the cue carries on its reported clause.

        After "said that A": ", and that B", ", so B", "if B" do; "in a statement", "on
        Friday", ", adding …" and "and left" do not. After a fronted clause ("A, he said,
        B") only a further clause does.
        """
        if sibling.dep_ in ("punct", "cc"):
            return True
        if sibling.dep_ in ("ccomp", "parataxis"):
            return True
        if not complement_after:
            return False
        if sibling.dep_ == "conj":
            if sibling.pos_ not in ("VERB", "AUX"):
                return True
            # "said that A, and that B", "said A, but “B”": a second clause of the report, not narration
            if self._cue_kind(sibling) is not None:
                return False
            first = sibling.left_edge
            return any(c.dep_ == "mark" and c.lower_ == "that" for c in sibling.children) or (
                first.text in OPENING_MARKS or first.text == '"'
            )
        if sibling.dep_ == "advcl":
            return self._cue_kind(sibling) is None and any(c.dep_ == "mark" for c in sibling.children)
        return sibling.dep_ == "dep"

    # ---- the search

    def find(self, doc: Doc) -> list[FoundQuote]:
        """Every quotation in ``doc``, in text order of its cue or first quoted part."""
        text = _text_of(doc)
        quoted = find_quoted_spans(text)
        records: dict[int, FoundQuote] = {}  # cue token index -> quote
        cue_tokens: dict[int, str] = {}
        quoted_starts = [q.start for q in quoted]
        for match_id, start, end in self.matcher(doc):
            if _inside(quoted, quoted_starts, doc[start].idx):
                # a cue inside a quotation reports what the quoted speaker says others said or think;
                # news annotation (PolNeAR) attributes the quotation as a whole, not these nested claims
                continue
            label = doc.vocab.strings[match_id]
            if label in ("SOURCE_PHRASE", "RAISING", "CUE_NOUN", "CUE_NOUN_PREP", "CUE_ADJ", "CUE_ADJ_PREP"):
                if label == "CUE_ADJ_PREP":
                    found = self._adjective_prep_cue(doc[start])
                elif label == "CUE_NOUN_PREP":
                    found = self._noun_prep_cue(doc[start])
                elif label == "SOURCE_PHRASE":
                    found = self._source_phrase(doc, start, end)
                elif label == "CUE_ADJ":
                    found = self._adjective_cue(doc[start])
                elif label == "CUE_NOUN":
                    found = self._noun_cue(doc[start])
                    if found is not None and found.speaker is None:
                        start = self._noun_cue_verb(doc[start], found, start)
                else:
                    found = self._raising(doc[start])
                if found is not None and start not in records:
                    records[start] = found
                continue
            verb = doc[start]
            kind = self._cue_kind(verb)
            if kind is not None:
                cue_tokens[verb.i] = kind
            content = self._complement_content(verb, kind) if kind not in (None, "quote_only") else []
            if not content:
                content = self._object_content(verb) or self._passive_object_content(verb, kind)
            if content:
                records[verb.i] = self._record(verb, content)

        labelled: set[int] = set()
        for found in self._speaker_labels(doc):
            records[-1 - len(records)] = found
            para_start = text.rfind("\n", 0, found.content[0][0]) + 1
            labelled.update((para_start, para_start + 1))
        token_starts = doc.to_array("IDX").tolist()
        quote_starts = {q.start for q in quoted}
        previous: tuple[QuotedSpan, int] | None = None  # the last quotation long enough to float on
        for span in quoted:
            if span.start in labelled:
                continue  # a transcript: its speaker labels attribute it, paragraph by paragraph
            owner = self._covering_record(records, span)
            if owner is None:
                cue = self._cue_near(doc, token_starts, quote_starts, span, cue_tokens)
                if cue is not None:
                    owner = cue
                    if cue not in records:
                        records[cue] = self._record(doc[cue], [])
            if owner is None:
                signed = self._dash_signature(text, span)
                if signed is not None:
                    owner = -1 - len(records)
                    records[owner] = signed
            if owner is None and previous is not None and self._continues(doc, token_starts, previous[0], span):
                owner = previous[1]
            long_enough = len(text[span.start : span.end].split()) >= MIN_QUOTE_WORDS
            if owner is None:
                if long_enough and previous is not None and self._floats(text, span):
                    owner = -1 - len(records)
                    records[owner] = self._floating(records[previous[1]], span)
                    previous = (span, owner)
                continue
            record = records[owner]
            # what the parse gave the cue beyond its paragraph (a missed sentence split) is no content of it
            direct = _mostly_inside(text, _clip_to_paragraph(text, record), span)
            record.quoted.append(span)
            record.content.extend(span.segments)
            if long_enough or direct:
                # a quotation attributed from beside its cue (even “Yes,” he said) may be continued
                previous = (span, owner)

        for key, record in records.items():
            record.content = _merge(_clip_to_paragraph(text, record))
            if key >= 0 and (
                (record.speaker is not None and _inside(quoted, quoted_starts, record.speaker[0]))
                or (record.speaker is None and record.quoted)
            ):
                # the parser took a word of the quotation as the subject of the cue after it
                # ("“… Full panic mode,” said Leslie Wimes"), or read an inverted subject as an object
                # ("“…,” added another delegate"): the speaker is outside the marks
                record.speaker = self._speaker_outside(doc, doc[key], quoted, quoted_starts)
                record.speaker_ref = None
        found = [r for r in records.values() if r.content and not _nested(r, records.values())]
        found.sort(key=lambda r: r.content[0][0])
        return found

    @staticmethod
    def _speaker_outside(doc: Doc, verb: Token, quoted: list[QuotedSpan], starts: list[int]) -> Range | None:
        """The first noun phrase next to a cue outside quotation marks: between the closing mark and the cue
        ("…,” Mr. Daniloff, now retired, said by telephone), else after it ("said Leslie Wimes, …")."""
        sentence = verb.sent
        before = doc[sentence.start : verb.i]
        marks = [t.i for t in before if _inside(quoted, starts, t.idx)]
        between = doc[marks[-1] + 1 : verb.i] if marks else reversed(before)
        for side in (between, doc[verb.i + 1 : sentence.end]):
            for token in side:
                if _inside(quoted, starts, token.idx) or token.text in OPENING_MARKS or token.text in CLOSING_MARKS:
                    break
                if token.pos_ in ("PROPN", "NOUN", "PRON") and token.ent_type_ not in ("DATE", "TIME"):
                    head = token
                    while head.dep_ in ("compound", "amod", "poss", "nmod", "det") and head.head.i != head.i:
                        head = head.head
                    return _noun_phrase(head)
        return None

    def _record(self, verb: Token, content: list[Range]) -> FoundQuote:
        cue_end = verb
        for child in verb.rights:
            if child.dep_ == "prt" and child.i == cue_end.i + 1:
                cue_end = child
        found = FoundQuote(
            content=list(content),
            cue=(verb.idx, cue_end.idx + len(cue_end)),
            cue_lemma=_lemma(verb) if cue_end is verb else f"{_lemma(verb)} {cue_end.lower_}",
            channel=self.channel_of(verb),
        )
        _set_speaker(found, self.speaker_of(verb))
        return found

    def _source_phrase(self, doc: Doc, start: int, end: int) -> FoundQuote | None:
        """ "According to X, <clause>": X is the source, the clause it attaches to the content."""
        last = doc[end - 1]
        objects = [c for c in last.children if c.dep_ == "pobj"]
        if not objects:
            return None
        first = doc[start]
        prep = first if first.dep_ == "prep" else last
        phrase = prep if prep.dep_ == "prep" else first
        # the phrase frames its whole sentence, wherever the parser hung it ("A would see B go up, according
        # to X"), but not beyond a cue that reports it ("he said that, according to X, A")
        clause = phrase.head
        while clause.head.i != clause.i and self._cue_kind(clause.head) is None:
            clause = clause.head
        if clause.pos_ not in ("VERB", "AUX"):
            return None
        content = _subtree_range(clause, exclude=phrase)
        if not content:
            return None
        speaker = objects[0]
        return FoundQuote(
            content=content,
            cue=(doc[start].idx, last.idx + len(last)),
            cue_lemma=" ".join(t.lower_ for t in doc[start:end]),
            speaker=_noun_phrase(speaker),
        )

    def _adjective_cue(self, adj: Token) -> FoundQuote | None:
        """ "Aides were worried that the rally …", "she made it clear that …": an adjective of attitude
        predicated of a speaker, reporting the clause it governs (a 'to' infinitive is no report)."""
        verb = adj.head
        needed = self.lexicon.adjectives[adj.lower_]
        if adj.dep_ not in ("acomp", "ccomp", "oprd", "amod", "xcomp") or verb.i > adj.i:
            return None
        if verb.pos_ not in ("VERB", "AUX") or (needed is not None and _lemma(verb) != needed):
            return None
        clauses = [c for c in adj.children if c.dep_ in ("ccomp", "advcl", "csubj") and c.i > adj.i]
        clauses += [c for c in verb.children if c.dep_ == "ccomp" and c.i > adj.i]
        clauses = [
            c
            for c in clauses
            if any(g.dep_ in SUBJECT_DEPS | PASSIVE_SUBJECT_DEPS or g.lower_ in ("that", "whether") for g in c.children)
        ]
        speaker = self.speaker_of(verb)
        if not clauses or speaker is None or speaker.lower_ == "it":
            return None
        found = FoundQuote(
            content=_join(_text_of(adj.doc), [self._reported_clause(clauses[0])]),
            cue=(verb.idx, adj.idx + len(adj)),
            cue_lemma=f"{_lemma(verb)} {adj.lower_}",
            channel=self.channel_of(verb),
        )
        _set_speaker(found, speaker)
        return found

    def _noun_prep_cue(self, noun: Token) -> FoundQuote | None:
        """ "He made no mention of the deal", "She took issue with the ruling", "their criticism of the
        plan": a noun of saying or judging reports the object of its preposition; the speaker is its
        owner, or the subject of the verb it is the object of (none otherwise: "the criticism of X" alone
        names no one).
        """
        preps = self.lexicon.noun_preps[noun.lemma_.lower()]
        verb = noun.head if noun.dep_ == "dobj" and _lemma(noun.head) in self.lexicon.light_verbs else None
        # the parser hangs the preposition on the noun or, after a light verb, on the verb itself
        candidates = list(noun.rights) + ([c for c in verb.rights if c.i > noun.i] if verb is not None else [])
        prep = next((c for c in candidates if c.dep_ == "prep" and c.lower_ in preps), None)
        objects = [g for g in prep.children if g.dep_ in ("pobj", "pcomp")] if prep is not None else []
        if not objects:
            return None
        owners = [c for c in noun.children if c.dep_ == "poss"]
        speaker = owners[0] if owners else (self.speaker_of(verb) if verb is not None else None)
        if speaker is None:
            return None
        end = _before_comment(objects[0])
        cue_start = verb if verb is not None and not owners else noun
        found = FoundQuote(
            content=[_trim(_text_of(noun.doc), objects[0].left_edge.idx, end.idx + len(end))],
            cue=(cue_start.idx, prep.idx + len(prep)),
            cue_lemma=f"{noun.lemma_.lower()} {prep.lower_}",
            channel=self.channel_of(verb) if verb is not None else None,
        )
        _set_speaker(found, speaker)
        return found

    def _adjective_prep_cue(self, adj: Token) -> FoundQuote | None:
        """ "Republicans have been critical of the deal", "she is proud of her record": an adjective of
        judgement predicated of a speaker reports the object of its preposition."""
        verb = adj.head
        if adj.dep_ not in ("acomp", "oprd") or verb.i > adj.i or verb.pos_ not in ("VERB", "AUX"):
            return None
        preps = self.lexicon.adjective_preps[adj.lower_]
        prep = next((c for c in adj.rights if c.dep_ == "prep" and c.lower_ in preps), None)
        objects = [g for g in prep.children if g.dep_ in ("pobj", "pcomp")] if prep is not None else []
        speaker = self.speaker_of(verb)
        if not objects or speaker is None or speaker.lower_ == "it":
            return None
        end = _before_comment(objects[0])
        found = FoundQuote(
            content=[_trim(_text_of(adj.doc), objects[0].left_edge.idx, end.idx + len(end))],
            cue=(verb.idx, prep.idx + len(prep)),
            cue_lemma=f"{_lemma(verb)} {adj.lower_} {prep.lower_}",
            channel=self.channel_of(verb),
        )
        _set_speaker(found, speaker)
        return found

    @staticmethod
    def _noun_cue(noun: Token) -> FoundQuote | None:
        """ "The police's claim that he ran", "her promise to resign": a noun of saying with its clause.

        The clause must be a complement ("that" as a conjunction, or a 'to' infinitive),
        not a relative clause ("the claim that he made"); a possessive is the source.
        """
        for clause in noun.children:
            if clause.dep_ not in ("acl", "ccomp"):
                continue
            marked = any(c.dep_ == "mark" and c.lower_ in ("that", "whether") for c in clause.children)
            infinitive = any(c.dep_ == "aux" and c.lower_ == "to" for c in clause.children)
            if not (marked or infinitive):
                continue
            owners = [c for c in noun.children if c.dep_ == "poss"]
            return FoundQuote(
                content=[_clause_range(clause)],
                cue=(noun.idx, noun.idx + len(noun)),
                cue_lemma=noun.lemma_,
                speaker=_noun_phrase(owners[0]) if owners else None,
            )
        return None

    def _noun_cue_verb(self, noun: Token, found: FoundQuote, key: int) -> int:
        """The speaker of a noun of saying with no owner, from the verb that governs it.

        "Voters raised concern that …": the noun is the verb's object, its speaker the verb's subject.
        "She said in a statement that …": the parser hung the clause on the noun of a speech verb's
        phrase; the verb is the cue. Returns the key to file the record under (the verb's, then).
        """
        verb = noun.head
        if noun.dep_ == "pobj" and verb.dep_ == "prep":
            verb = verb.head
        elif noun.dep_ not in ("dobj", "attr"):
            return key
        if verb.pos_ not in ("VERB", "AUX") or verb.i == noun.i:
            return key
        _set_speaker(found, self.speaker_of(verb))
        if noun.dep_ == "pobj" and self._cue_kind(verb) == "speech":
            found.cue = (verb.idx, verb.idx + len(verb))
            found.cue_lemma = _lemma(verb)
            found.channel = self.channel_of(verb)
            return verb.i
        return key

    @staticmethod
    def _raising(verb: Token) -> FoundQuote | None:
        """ "The plan seems to work", "It appears that talks failed": an impression with no named source.

        The content is the subject (unless an empty "it") with the complement.
        """
        complements = [c for c in verb.children if c.dep_ in ("xcomp", "ccomp", "acomp", "oprd")]
        if not complements:
            return None
        ranges = [_clause_range(c) for c in complements]
        for child in verb.lefts:
            if child.dep_ in ("nsubj", "nsubjpass") and child.lower_ != "it":
                ranges.append(
                    _trim(_text_of(verb.doc), child.left_edge.idx, child.right_edge.idx + len(child.right_edge))
                )
        return FoundQuote(content=ranges, cue=(verb.idx, verb.idx + len(verb)), cue_lemma=_lemma(verb))

    @staticmethod
    def _covering_record(records: dict[int, FoundQuote], span: QuotedSpan) -> int | None:
        """The cue whose reported clause already contains most of this quotation (“said that ‘…’”).

        A cue inside the quotation itself (“I know that …”) reports a nested statement and never owns it.
        """
        length = span.end - span.start
        covering = []
        for key, record in records.items():
            if record.cue is not None and span.start <= record.cue[0] < span.end:
                continue
            inside = sum(max(0, min(e, span.end) - max(s, span.start)) for s, e in record.content)
            if inside * 2 > length:
                covering.append(key)
        # A report inside another that covers the quotation too is left to the outer one (`_nested`), and so
        # is the quotation: "X will support Y in “…”, stated the minister" is the minister's.
        kept = [k for k in covering if not _nested(records[k], [records[o] for o in covering if o != k])]
        return (kept or covering)[0] if covering else None

    def _cue_near(
        self, doc: Doc, starts: list[int], quote_starts: set[int], span: QuotedSpan, cues: dict[int, str]
    ) -> int | None:
        """The cue verb that attributes a quotation from beside it, if any.

        After it: "“…,” he said", "“…,” said Lavrov", "“…” — a source told Reuters".
        Before it: "He said: “…”", "She told reporters, “…”", also across a paragraph
        break after a colon ("The Times reports:\\n\\n“…”").
        """
        text = _text_of(doc)
        # after the closing mark, within the paragraph, up to the sentence end or the next quotation
        first = bisect_left(starts, span.end)
        for i in range(first, min(first + CUE_WINDOW, len(doc))):
            token = doc[i]
            if "\n" in token.text or token.idx in quote_starts:
                break
            if i in cues:
                # the nearest cue decides: if it reports a clause of its own, the quotation is not its
                return None if self._reports_elsewhere(token, span) else i
            if token.text in (".", "!", "?") and i > first:
                break
        # before the opening mark: the clause that introduces it with a colon or comma
        before = span.start
        while before > 0 and text[before - 1].isspace():
            before -= 1
        if before == 0 or text[before - 1] not in ":,":
            return None
        last = bisect_right(starts, before - 1) - 1
        sentence = doc[last].sent
        candidates = [i for i in range(max(sentence.start, last - CUE_WINDOW), last + 1) if i in cues]
        if candidates:
            return candidates[-1]
        if text[before - 1] == ":" and sentence.root.pos_ == "VERB":
            # "Sanders made the following comment:" — the colon itself attributes
            cues[sentence.root.i] = "quote_only"
            return sentence.root.i
        return None

    @staticmethod
    def _reports_elsewhere(verb: Token, span: QuotedSpan) -> bool:
        """Whether a cue after a quotation reports its own clause after it (then the quotation is not its)."""
        return any(c.dep_ in COMPLEMENT_DEPS and c.idx >= span.end for c in verb.children)

    def _speaker_labels(self, doc: Doc) -> list[FoundQuote]:
        """Paragraphs that open with a name and a colon ("Pence: Trump was mocking", "WALLACE: Let's start").

        Not newspaper furniture ("Correction: …", "Contributing: Ann Lee"), nor a label over a name, a
        list of names or a figure ("Iowa: Tim Albrecht, Brad Anderson, …", "Clinton: 1,769"): these are
        bylines and tallies, not statements.
        """
        text = _text_of(doc)
        found = []
        for match in _SPEAKER_LABEL_RE.finditer(text):
            colon = match.end(1)
            start, end = _trim(text, *match.span(2))
            if end > start and self._is_speaker_label(doc, match.span(1), (start, end)):
                found.append(
                    FoundQuote(content=[(start, end)], cue=(colon, colon + 1), cue_lemma=":", speaker=match.span(1))
                )
        return found

    def _is_speaker_label(self, doc: Doc, label: Range, content: Range) -> bool:
        text = _text_of(doc)
        if text[label[0] : label[1]].lower() in self.lexicon.not_speaker_labels:
            return False
        content_tokens = doc.char_span(*content, alignment_mode="expand")
        if content_tokens is None:
            return True
        # a statement has a word that is not a name, a number or punctuation
        return any(t.is_alpha and t.pos_ not in ("PROPN", "CCONJ") for t in content_tokens)

    @staticmethod
    def _dash_signature(text: str, span: QuotedSpan) -> FoundQuote | None:
        """A quotation signed after a dash ("“…” — Maria Lopez"): the dash is the cue, the name the speaker."""
        match = _DASH_SIGNATURE_RE.match(text, span.end)
        if match is None:
            return None
        name_start, name_end = match.span(1)
        name_end = name_start + len(text[name_start:name_end].split(",")[0].rstrip())
        dash = text.find(match.group(0).strip()[0], span.end)
        return FoundQuote(
            content=[],
            cue=(dash, dash + 1),
            cue_lemma="—",
            speaker=(name_start, name_end),
        )

    @staticmethod
    def _continues(doc: Doc, starts: list[int], previous: QuotedSpan, span: QuotedSpan) -> bool:
        """Whether ``span`` goes on with the previous quotation in the same paragraph (“A,” he said. “B.”).

        Only the attribution may stand between the two (a short one, or one whose only
        verb is the cue: "said David Plouffe, a close aide in 2012."); after narration
        ("Sanders said, going on to contrast …") the second quotation is a statement of its own.
        """
        between = _text_of(doc)[previous.end : span.start]
        if "\n" in between:
            return False
        if len(between.split()) <= MAX_INTERRUPTION_WORDS:
            return True
        gap = doc[bisect_left(starts, previous.end) : bisect_left(starts, span.start)]
        # verbs inside relative clauses ("…, where Mrs. Clinton also spoke.", "who has not read it but knows
        # its gist") describe the speaker or scene, as does a trailing participle ("…, referring to …")
        return sum(1 for t in gap if t.pos_ == "VERB" and not _describes(t)) <= 1

    @staticmethod
    def _floats(text: str, span: QuotedSpan) -> bool:
        """Whether a quotation is a paragraph of its own (so it may float on the previous speaker)."""
        start = span.start
        para_start = text.rfind("\n", 0, start) + 1
        para_end = text.find("\n", span.end)
        para_end = len(text) if para_end < 0 else para_end
        return not text[para_start:start].strip() and len(text[span.end : para_end].strip()) <= 2

    @staticmethod
    def _floating(source: FoundQuote, span: QuotedSpan) -> FoundQuote:
        return FoundQuote(
            content=list(span.segments),
            speaker=source.speaker,
            speaker_ref=source.speaker_ref,
            quoted=[span],
            floating=True,
        )

    # ---- writing

    def set_annotations(self, doc: Doc, found: list[FoundQuote]) -> None:
        """Append the found quotations to ``doc._.dyad.quotes``, linking speakers to actors (and their role)
        through the mentions the actors component resolved."""
        analysis: Analysis = doc._.dyad
        text = _text_of(doc)
        # actors may append pronoun and nominal mentions after the entities: sort for bisecting
        mentions = sorted(analysis.mentions, key=lambda m: m.span.start)
        mention_starts = [m.span.start for m in mentions]
        token_starts = doc.to_array("IDX").tolist()
        actors = {actor.id: actor for actor in analysis.actors}
        for record in found:
            quoted_parts = [seg for q in record.quoted for seg in q.segments]
            kind = _kind(text, record.content, quoted_parts)
            speaker_actor = None
            speaker = record.speaker
            if speaker is not None:
                speaker_actor = _actor_at(mentions, mention_starts, record.speaker_ref or speaker)
                if record.speaker_ref is not None and speaker_actor is None:
                    # no actor to name the relative pronoun's noun by: the noun stays the speaker, so
                    # readers see "the pollster", not "who"
                    speaker = record.speaker_ref
            actor = actors.get(speaker_actor) if speaker_actor else None
            # the role the actors component read for the speaker in this article ("foreign minister")
            role = actor.roles[0].title if actor is not None and actor.roles else None
            sentence = None
            anchor = record.cue[0] if record.cue else record.content[0][0]
            sent = doc[max(0, bisect_right(token_starts, anchor) - 1)].sent if len(doc) else None
            if sent is not None:
                s, e = _trim(text, sent.start_char, sent.end_char)
                sentence = Span.of(text, s, e)
            analysis.quotes.append(
                Quote(
                    id=f"Q{len(analysis.quotes) + 1}",
                    kind=kind,
                    content=[Span.of(text, s, e) for s, e in record.content],
                    quoted_parts=[Span.of(text, s, e) for s, e in quoted_parts] if kind is not QuoteKind.DIRECT else [],
                    cue=Span.of(text, *record.cue) if record.cue else None,
                    cue_lemma=record.cue_lemma,
                    speaker=Span.of(text, *speaker) if speaker else None,
                    speaker_actor_id=speaker_actor,
                    speaker_role=role,
                    channel=Span.of(text, *record.channel) if record.channel else None,
                    sentence=sentence,
                    confidence=0.6 if record.floating else 0.9,
                )
            )

    def __call__(self, doc: Doc) -> Doc:
        if doc._.dyad is None:
            return doc
        self.set_annotations(doc, self.find(doc))
        return doc


def _lemma(token: Token) -> str:
    """The token's lemma, corrected where the model gets it wrong ("hoped" is not "hop")."""
    return LEMMA_FIXES.get(token.lower_, token.lemma_) if token.lemma_ == "hop" else token.lemma_


def _antecedent(speaker: Token) -> Token | None:
    """The noun a relative pronoun subject stands for: "Lavrov" for the "who" of "Lavrov, who said …"."""
    if speaker.tag_ in ("WP", "WDT") and speaker.head.dep_ == "relcl" and speaker.head.head.i != speaker.head.i:
        return speaker.head.head
    return None


def _set_speaker(found: FoundQuote, speaker: Token | None) -> None:
    """Record a speaker token's phrase; a relative pronoun is the speaker as the text gives it, while its
    actor is read from the noun the relative clause qualifies (as a personal pronoun's is, through
    coreference)."""
    if speaker is None:
        return
    found.speaker = _noun_phrase(speaker)
    antecedent = _antecedent(speaker)
    found.speaker_ref = _noun_phrase(antecedent) if antecedent is not None else None


def _describes(verb: Token) -> bool:
    """Whether a verb in an attribution only describes its speaker or scene: it sits in a relative clause,
    participle or apposition (at any depth), or is a subjectless participle comment ("…, referring to …")."""
    if verb.dep_ == "advcl" and verb.tag_ == "VBG" and not any(c.dep_ in SUBJECT_DEPS for c in verb.children):
        return True
    token = verb
    for _ in range(6):
        if token.dep_ in ("relcl", "acl", "amod", "appos"):
            return True
        if token.head.i == token.i:
            return False
        token = token.head
    return False


def _nested(record: FoundQuote, records: Iterable[FoundQuote]) -> bool:
    """Whether a cue lies inside what another cue reports ("she said he believes A", "officials said it
    plans to B"): a report within a report, which news annotation (PolNeAR) leaves to the outer one.

    A nested "say" is kept: it is nearly always a report of its own that the outer clause ran on into
    ("…, while nine in 10 said they …"), not a report inside a report.
    """
    if record.cue is None or record.cue_lemma == "say":
        return False
    cue_start = record.cue[0]
    return any(
        other.cue is not None
        and other.cue != record.cue
        and any(start <= cue_start < end for start, end in other.content)
        for other in records
    )


def _mostly_inside(text: str, content: list[Range], span: QuotedSpan) -> bool:
    """Whether a record's content so far is (all but punctuation) inside ``span``: the quotation is its statement."""
    return not any(
        ch.isalnum()
        for start, end in content
        for ch in text[start : max(start, min(end, span.start))] + text[min(end, max(start, span.end)) : end]
    )


def _clip_to_paragraph(text: str, record: FoundQuote) -> list[Range]:
    """The record's content within its cue's paragraph (quoted parts may run over several), without bare punctuation.

    A sentence split missed at a paragraph break can make a parsed clause run into
    the next paragraph; reported content never does unless it is quoted.
    """
    if not record.content:
        return []
    keep: list[Range] = []
    quoted_segments = {seg for q in record.quoted for seg in q.segments}
    anchor = record.cue[0] if record.cue else record.content[0][0]
    para_start = text.rfind("\n", 0, anchor) + 1
    para_end = text.find("\n", anchor)
    para_end = len(text) if para_end < 0 else para_end
    for start, end in record.content:
        if (start, end) not in quoted_segments:
            start, end = max(start, para_start), min(end, para_end)
            # a reported clause stops before the sentence's full stop (the stop belongs to the report)
            while end > start and text[end - 1] in ". \n":
                end -= 1
        if end > start and any(ch.isalnum() for ch in text[start:end]):
            keep.append(_trim(text, start, end))
    return keep


def _inside(quoted: list[QuotedSpan], starts: list[int], offset: int) -> bool:
    """Whether ``offset`` falls inside one of the (sorted) quoted spans."""
    i = bisect_right(starts, offset) - 1
    return i >= 0 and offset < quoted[i].end


def _merge(ranges: list[Range]) -> list[Range]:
    merged: list[Range] = []
    for start, end in sorted(r for r in ranges if r[1] > r[0]):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _kind(text: str, content: list[Range], quoted: list[Range]) -> QuoteKind:
    """DIRECT when everything but punctuation lies inside quotation marks, MIXED when some does, else INDIRECT."""
    if not quoted:
        return QuoteKind.INDIRECT
    outside = 0
    for start, end in content:
        pos = start
        for q_start, q_end in quoted:
            if q_end <= pos or q_start >= end:
                continue
            outside += sum(ch.isalnum() for ch in text[pos : max(pos, q_start)])
            pos = max(pos, q_end)
        outside += sum(ch.isalnum() for ch in text[pos:end])
    return QuoteKind.DIRECT if outside == 0 else QuoteKind.MIXED


def _actor_at(mentions: list[Mention], starts: list[int], speaker: Range) -> str | None:
    """The actor of the mention that overlaps the speaker phrase (the one nearest its end: the head noun)."""
    i = bisect_right(starts, speaker[1] - 1) - 1
    while i >= 0:
        mention = mentions[i]
        if mention.span.end <= speaker[0]:
            break
        if mention.span.end > speaker[0] and mention.span.start < speaker[1] and mention.actor_id:
            return mention.actor_id
        i -= 1
    return None


@Language.factory("dyad_quotes")
def make_quote_finder(nlp: Language, name: str) -> QuoteFinder:
    return QuoteFinder(nlp)
