"""PLOVER events: who did what to whom, read from the dependency parse and a trigger lexicon.

"Iraqi troops launched an assault on the last rebel bastion." gives an ASSAULT
event (CAMEO 190, PentaClass 4, Goldstein -10) with actor "Iraqi troops",
recipient "the last rebel bastion" and trigger "assault"; the light verb
"launched" lends the noun its subject. The coder handles:

- verb triggers and phrasal verbs ("attacked", "called on", "stepped down"),
  from ``dyad/data/events/triggers.tsv``;
- nominal events, with a light verb ("held talks with") or on their own
  ("Russia's invasion of Ukraine", "the talks between Iran and Oman");
- passive voice ("The embassy was attacked by gunmen": actor "gunmen");
- reciprocal events ("Armenia and Azerbaijan signed a truce", "talks between
  A and B"): every party is an actor and there is no recipient;
- modality from auxiliaries, negation and governing verbs ("will support",
  "might attack", "urged Iran to release", "did not attack");
- promises and threats: "vowed to retaliate" is THREATEN, "pledged to help" AGREE;
- links to the quote whose content holds the trigger and to a place in the clause.

The CAMEO code of each trigger fixes the PLOVER type and mode, the QuadClass
and PentaClass (from the two-digit CAMEO root) and the intensity (the Goldstein
score of that CAMEO code, as GDELT uses it). Within a sentence, events are
listed main clause first, so ``events_by_sentence(...)[i][0]`` is the
sentence's main event.
"""

from __future__ import annotations

import csv
import json
import re
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc, Token

from dyad.model import Analysis, Event, Modality, Span
from dyad.nlp.places import place_in_span

DATA_DIR = Path(__file__).resolve().parents[1] / "data" / "events"

#: Dependency labels of a noun's right-hand children that end a participant's span
#: ("the envoy, who arrived on Monday" -> "the envoy").
_SPAN_STOP_DEPS = frozenset({"relcl", "conj", "cc", "appos", "punct", "advcl", "acl", "case"})
_SUBJECT_DEPS = frozenset({"nsubj", "csubj", "expl"})
_OBJECT_DEPS = frozenset({"dobj", "dative", "attr", "oprd"})
#: Where an event noun sits when a light verb lends it a clause ("launched an attack", "went on strike").
_NOMINAL_SLOT_DEPS = frozenset({"dobj", "nsubjpass", "pobj", "attr"})
#: Types whose event noun's "of" object, when it is a force, is what moves: its actor.
_MOVER_TYPES = frozenset({"MOBILIZE", "RETREAT"})
#: Meetings with the press, never a party to a meeting in passing ("said in an interview with ...").
_PRESS_OCCASIONS = frozenset({"interview", "briefing", "press", "conference"})
_PRESS_NOUNS = frozenset({"reporter", "journalist", "interviewer", "correspondent", "press", "media", "newspaper"})
#: Prepositions that set a meeting as the occasion of a clause ("during talks with", "at a meeting with").
_OCCASION_PREPS = frozenset({"during", "at", "after", "following", "on", "in"})
#: Clausal links through which a governing verb shapes an event's modality.
_COMPLEMENT_DEPS = frozenset({"xcomp", "ccomp", "acl", "advcl", "pcomp"})
#: Entity types that are never participants: "attacked on Friday", "donated $2 million".
_NON_PARTICIPANT_ENTS = frozenset({"DATE", "TIME", "CARDINAL", "MONEY", "PERCENT", "QUANTITY", "ORDINAL"})
#: Entity types that name a party: an object of one of them is a recipient, not a thing handed over.
_PARTY_ENTS = frozenset({"PERSON", "ORG", "GPE", "NORP"})
#: Pronouns that, as subject of reported speech, stand for the speaker ("the army said it had ...").
_REPORTED_PRONOUNS = frozenset({"it", "they", "he", "she", "we"})
#: Relative pronouns stand for the noun their clause modifies.
_RELATIVE_PRONOUNS = frozenset({"who", "which", "that", "whom"})


@dataclass(frozen=True)
class CameoCode:
    """One row of ``cameo.tsv``: a CAMEO code with its PLOVER type, mode and Goldstein score."""

    code: str
    type: str
    mode: str | None
    goldstein: float


@dataclass(frozen=True)
class Trigger:
    """One row of ``triggers.tsv``: a word that signals an event of a given CAMEO code."""

    lemma: str
    pos: str  # VERB or NOUN
    word: str | None  # particle a verb needs ("call on"), or modifier a noun needs ("air strike")
    cameo: str  # "none": a reading that is no event ("rejected the accusations", a denial)
    reciprocal: bool = False
    intent: bool = False  # "promise", "vow": the type follows the governed event
    needs_verb: bool = False  # "troops", "asylum": an event only as the object of a light verb
    topic_object: bool = False  # "discussed the budget": the object is a topic, not a party


@dataclass
class EventLexicon:
    """Everything the coder reads from ``dyad/data/events/``, loaded once."""

    cameo: dict[str, CameoCode]
    verbs: dict[str, list[Trigger]]
    nouns: dict[str, list[Trigger]]
    light_verbs: frozenset[str]
    frame_nouns: frozenset[str]
    recipient_preps: dict[str, frozenset[str]]
    theme_object: frozenset[str]  # types whose direct object is a thing, not the recipient
    object_recipient_cameo: frozenset[str]  # codes of those types whose object is the recipient after all
    reframe: dict[str, tuple[str, frozenset[str]]]  # type -> (CAMEO code, purpose words that recode it)
    modal_aux: dict[str, Modality]
    governors: dict[str, Modality]
    negators: frozenset[str]
    conditional_marks: frozenset[str]
    evidential_verbs: frozenset[str]
    evidential_nouns: frozenset[str]
    speech_verbs: frozenset[str] = frozenset()  # "said Israel must withdraw": a demand by the speaker
    force_nouns: frozenset[str] = frozenset()  # "the deployment of troops": the troops move
    issuer_nouns: frozenset[str] = frozenset()  # "issued a statement urging": the issuer urges

    @classmethod
    def load(cls, data_dir: Path = DATA_DIR) -> EventLexicon:
        """Read the lexicon files from ``data_dir``."""
        cameo: dict[str, CameoCode] = {}
        for row in _read_tsv(data_dir / "cameo.tsv"):
            cameo[row["cameo"]] = CameoCode(row["cameo"], row["type"], row["mode"] or None, float(row["goldstein"]))
        verbs: dict[str, list[Trigger]] = {}
        nouns: dict[str, list[Trigger]] = {}
        for row in _read_tsv(data_dir / "triggers.tsv"):
            flags = set(row["flags"].split(",")) - {"-"}
            trigger = Trigger(
                lemma=row["lemma"],
                pos=row["pos"],
                word=None if row["word"] == "-" else row["word"],
                cameo=row["cameo"],
                reciprocal="recip" in flags,
                intent="intent" in flags,
                needs_verb="verb" in flags,
                topic_object="topic" in flags,
            )
            if trigger.cameo != "none" and trigger.cameo not in cameo:
                raise ValueError(f"triggers.tsv: '{trigger.lemma}' uses CAMEO {trigger.cameo}, not in cameo.tsv")
            table = verbs if trigger.pos == "VERB" else nouns
            # Triggers that need a particle or modifier come first: they are the more specific reading.
            table.setdefault(trigger.lemma, []).append(trigger)
        for table in (verbs, nouns):
            for entries in table.values():
                entries.sort(key=lambda t: t.word is None)
        types = json.loads((data_dir / "types.json").read_text())
        modality = json.loads((data_dir / "modality.json").read_text())
        return cls(
            cameo=cameo,
            verbs=verbs,
            nouns=nouns,
            light_verbs=_read_words(data_dir / "light_verbs.txt"),
            frame_nouns=_read_words(data_dir / "frame_nouns.txt"),
            recipient_preps={k: frozenset(v["recipient_preps"]) for k, v in types.items() if not k.startswith("_")},
            theme_object=frozenset(k for k, v in types.items() if not k.startswith("_") and v["theme_object"]),
            object_recipient_cameo=frozenset(types["_object_recipient_cameo"]),
            reframe={k: (v["cameo"], frozenset(v["words"])) for k, v in types["_reframe"].items()},
            modal_aux={k: Modality(v) for k, v in modality["aux"].items()},
            governors={k: Modality(v) for k, v in modality["governors"].items()},
            negators=frozenset(modality["negators"]),
            conditional_marks=frozenset(modality["conditional_marks"]),
            evidential_verbs=frozenset(modality["evidential_verbs"]),
            evidential_nouns=frozenset(modality["evidential_nouns"]),
            speech_verbs=frozenset(modality.get("speech_verbs", ())),
            force_nouns=_read_words(data_dir / "force_nouns.txt"),
            issuer_nouns=_read_words(data_dir / "issuer_nouns.txt"),
        )


def _read_tsv(path: Path) -> Iterable[dict[str, str]]:
    with path.open(encoding="utf-8") as handle:
        lines = (line for line in handle if not line.startswith("#"))
        yield from csv.DictReader(lines, delimiter="\t")


def _read_words(path: Path) -> frozenset[str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


@lru_cache(maxsize=1)
def default_lexicon() -> EventLexicon:
    """The lexicon shipped with dyad (cached: every pipeline shares it)."""
    return EventLexicon.load()


def cameo_classes(code: str) -> tuple[int, int]:
    """QuadClass and PentaClass of a CAMEO code, from its two-digit root.

    PentaClass: 0 statement/appeal (01-02), 1 verbal cooperation (03-05), 2 material
    cooperation (06-08), 3 verbal conflict (09-13), 4 material conflict (14-20).
    QuadClass is the same with statements folded into verbal cooperation (1-4), as in GDELT.
    """
    root = int(code[:2])
    if root <= 2:
        penta = 0
    elif root <= 5:
        penta = 1
    elif root <= 8:
        penta = 2
    elif root <= 13:
        penta = 3
    else:
        penta = 4
    return max(penta, 1), penta


@dataclass
class EventCandidate:
    """An event found in the parse, before it is written as an `Event` (token level, testable alone)."""

    trigger: Token
    entry: Trigger
    anchor: Token  # the clause verb: the trigger itself, or the light verb of a nominal trigger
    cameo: str
    actors: list[Token] = field(default_factory=list)
    recipients: list[Token] = field(default_factory=list)
    reciprocal: bool = False
    modality: Modality = Modality.ASSERTED
    depth: int = 0  # distance of the anchor from the sentence root: the main event has the least
    confidence: float = 0.8


def _is_press(token: Token) -> bool:
    """A news outlet or a journalist ("a conversation with HuffPost Live", "talks with reporters")."""
    if token.lemma_.lower() in _PRESS_NOUNS:
        return True
    analysis: Analysis | None = token.doc._.dyad
    if analysis is None:
        return False
    outlets = {a.id for a in analysis.actors if a.kind == "media"}
    return any(
        m.actor_id in outlets and m.span.start <= token.idx < m.span.end for m in analysis.mentions if m.actor_id
    )


def _cue_speaker(verb: Token) -> list[Token]:
    """The speaker the quotation component found for ``verb`` as a cue ("…, stated the minister"), as a token."""
    analysis: Analysis | None = verb.doc._.dyad
    if analysis is None:
        return []
    for quote in analysis.quotes:
        if quote.cue is not None and quote.cue.start == verb.idx and quote.speaker is not None:
            span = verb.doc.char_span(quote.speaker.start, quote.speaker.end, alignment_mode="expand")
            return [span.root] if span is not None else []
    return []


def _depth(token: Token) -> int:
    depth = 0
    while token.head.i != token.i and depth < 50:
        token = token.head
        depth += 1
    return depth


def _with_conjuncts(token: Token) -> list[Token]:
    """A participant and the ones coordinated with it ("Armenia and Azerbaijan")."""
    return [token, *(c for c in token.conjuncts if c.i > token.i)]


def participant_extent(token: Token) -> tuple[int, int]:
    """Token range [start, end) of the noun phrase headed by ``token``, without relative clauses or conjuncts.

    "the envoy of Oman, who arrived on Monday" -> "the envoy of Oman"; an apposition that renames
    the participant is part of it: "the then mayor, Ana Ruiz, rejected ..." -> "the then mayor, Ana Ruiz".
    """
    start = token.i
    for child in token.lefts:
        if child.dep_ in ("cc", "conj", "punct", "preconj"):
            continue
        start = min(start, child.left_edge.i)
        break
    end = token.i + 1
    rights = list(token.rights)
    for n, child in enumerate(rights):
        if child.dep_ == "appos":
            end = child.right_edge.i + 1  # "the then mayor, Ana Ruiz": the apposition renames the participant
            continue
        if child.dep_ == "punct" and n + 1 < len(rights) and rights[n + 1].dep_ == "appos":
            continue
        if child.dep_ in _SPAN_STOP_DEPS:
            break
        end = child.right_edge.i + 1
    return start, end


#: Confidence is multiplied by this for an event told in passing (see `EventCoder._is_background`).
BACKGROUND_FACTOR = 0.5


class EventCoder:
    """The ``dyad_events`` component: finds events (`find`) and writes them (`set_annotations`)."""

    def __init__(self, nlp: Language, lexicon: EventLexicon | None = None):
        self.lexicon = lexicon or default_lexicon()
        # One Matcher pass finds every candidate trigger; the rest of the work is per trigger.
        self.matcher = Matcher(nlp.vocab)
        self.matcher.add("VERB", [[{"LEMMA": {"IN": sorted(self.lexicon.verbs)}, "POS": "VERB"}]])
        self.matcher.add("NOUN", [[{"LEMMA": {"IN": sorted(self.lexicon.nouns)}, "POS": {"IN": ["NOUN", "PROPN"]}}]])
        self._verb_key = nlp.vocab.strings["VERB"]

    # -- finding -----------------------------------------------------------------------------------

    def find(self, doc: Doc) -> list[EventCandidate]:
        """Every event in ``doc``, main clause first within each sentence."""
        verb_hits: dict[int, Trigger] = {}
        noun_hits: list[Token] = []
        for key, start, _end in self.matcher(doc):
            token = doc[start]
            if key == self._verb_key:
                if token.dep_ in ("amod", "compound"):
                    continue  # "government-backed troops", "a negotiated settlement": a participle modifier
                entry = self._verb_entry(token)
                if entry is not None:
                    # A "none" reading stays a hit so that its object is not coded on its own either.
                    verb_hits[token.i] = entry
            else:
                noun_hits.append(token)
        nominal = [c for c in (self._noun_candidate(n, verb_hits) for n in noun_hits) if c is not None]
        # "signed a truce": a verb that is both a trigger and a light verb yields to its event noun.
        lent = {c.anchor.i for c in nominal}
        candidates = [
            self._verb_candidate(doc[i], e) for i, e in verb_hits.items() if i not in lent and e.cameo != "none"
        ]
        candidates.extend(nominal)
        self._resolve_governed(candidates)
        for candidate in candidates:
            self._reported_demand(candidate)
        candidates.extend(self._untriggered_demands(doc, candidates))
        for candidate in candidates:
            if not candidate.recipients and not candidate.reciprocal:
                candidate.recipients = self._place_recipients(candidate)
        self._reframe(candidates)
        self._hostile_appeals(candidates)
        for candidate in candidates:
            if self._is_background(candidate.anchor):
                candidate.confidence *= BACKGROUND_FACTOR
        candidates.sort(key=lambda c: (c.anchor.sent.start, c.depth, c.trigger.i))
        return candidates

    def _verb_entry(self, verb: Token) -> Trigger | None:
        """The lexicon reading of a verb: a phrasal one when its particle or object is there, else the plain one."""
        words = set()
        for child in verb.children:
            if child.dep_ in ("prt", "prep", "advmod") and 0 < child.i - verb.i <= 2:
                words.add(child.lower_)  # "called on Iran", not "called ... on Tuesday"
            elif child.dep_ in ("dobj", "xcomp", "nsubjpass", "oprd", "acomp", "ccomp"):
                words.add(child.lemma_)
                if child.ent_type_ == "MONEY":
                    words.add("MONEY")  # "gave $2 million to Nigeria"
                # "ended mediation efforts": the event noun inside a frame noun object counts too.
                if child.lemma_ in self.lexicon.frame_nouns:
                    words.update(
                        c.lemma_ for c in child.children if c.dep_ == "compound"
                    )  # "violated the ceasefire", "declined to comment"
        for entry in self.lexicon.verbs.get(verb.lemma_, ()):
            if entry.word is None or entry.word in words:
                return entry
        return None

    def _noun_entry(self, noun: Token) -> Trigger | None:
        words = set()
        for child in noun.children:
            if child.dep_ in ("compound", "amod", "nmod"):
                words.add(child.lower_)
            elif child.dep_ == "prep" and child.lower_ == "of":  # "state of emergency"
                words.update(g.lemma_ for g in child.children if g.dep_ == "pobj")
        for entry in self.lexicon.nouns.get(noun.lemma_, ()):
            if entry.word is None or entry.word in words:
                return entry
        return None

    def _verb_candidate(self, verb: Token, entry: Trigger) -> EventCandidate:
        candidate = EventCandidate(trigger=verb, entry=entry, anchor=verb, cameo=entry.cameo, depth=_depth(verb))
        event_type = self._type(entry.cameo)
        actors, objects, prep_recipients = self._clause_participants(verb, event_type)
        recipients = self._pick_recipients(entry.cameo, objects, prep_recipients)
        if not recipients and all(o.lemma_ in self.lexicon.force_nouns for o in objects):
            # "called for sanctions against Iran", "agreed to a truce with the rebels", "mobilized the
            # army for an assault on X": the event noun after the verb's preposition names the recipient.
            recipients = next(
                (
                    found
                    for prep in verb.rights
                    if prep.dep_ == "prep"
                    for noun in prep.children
                    if noun.dep_ == "pobj" and noun.lemma_ in self.lexicon.nouns
                    for found in [self._inner_parties(noun)]
                    if found
                ),
                [],
            )
        self._assign(candidate, actors, recipients, verb)
        candidate.modality = self._modality(verb)
        candidate.confidence = (
            0.6 + 0.2 * bool(candidate.actors) + 0.1 * bool(candidate.recipients or candidate.reciprocal)
        )
        return candidate

    def _noun_candidate(self, noun: Token, verb_hits: dict[int, Trigger]) -> EventCandidate | None:
        """A nominal event: "launched an attack on X" (light verb), "Russia's invasion of Ukraine" (alone)."""
        entry = self._noun_entry(noun)
        if entry is None:
            return None
        site = self._frame_site(noun)
        if site is None:
            return None  # "attack helicopters", "peace talks envoy": a modifier, not an event
        governor = site.head
        if site.dep_ == "pobj" and governor.dep_ == "prep":
            governor = governor.head  # "went on strike", "held civilians as human shields"
        event_type = self._type(entry.cameo)
        if site.dep_ == "pobj" and event_type == "CONSULT" and governor.pos_ in ("VERB", "AUX"):
            meeting = self._meeting_in_passing(noun, site, governor, entry)
            if meeting is not None:
                return meeting
        if governor.i in verb_hits and governor.lemma_ not in self.lexicon.light_verbs:
            return None  # "rejected the request": the verb's event already covers its object
        if (
            governor.lemma_ in self.lexicon.light_verbs
            and governor.pos_ in ("VERB", "AUX")
            and site.dep_ in _NOMINAL_SLOT_DEPS
        ):
            candidate = EventCandidate(
                trigger=noun, entry=entry, anchor=governor, cameo=entry.cameo, depth=_depth(governor)
            )
            actors, objects, prep_recipients = self._clause_participants(governor, event_type, skip=site)
            own_actors, own_recipients, parties = self._noun_participants(
                site, event_type, skip=noun, reciprocal=entry.reciprocal
            )
            # "held civilians as human shields in Raqqa": an object outranks the noun's own prepositions.
            recipients = self._pick_recipients(entry.cameo, objects, own_recipients or prep_recipients)
            self._assign(candidate, actors or own_actors, recipients, governor, extra_parties=parties)
            candidate.modality = self._modality(governor)
            candidate.confidence = 0.55 + 0.2 * bool(candidate.actors) + 0.1 * bool(candidate.recipients)
            return candidate
        if entry.needs_verb or site.dep_ == "pobj":
            # "after the attack", "responsibility for the bombing", "during a meeting": a reference to
            # an event reported elsewhere, not a report of it.
            return None
        # A standalone nominal event: only when it names at least one participant, else it is
        # usually a reference ("after the attack") rather than a report of a new event.
        actors, recipients, parties = self._noun_participants(site, event_type, skip=noun, reciprocal=entry.reciprocal)
        if not (actors or recipients or parties):
            return None
        candidate = EventCandidate(trigger=noun, entry=entry, anchor=site, cameo=entry.cameo, depth=_depth(site) + 1)
        self._assign(candidate, actors, recipients, site, extra_parties=parties)
        candidate.modality = Modality.NEGATED if any(c.lower_ == "no" for c in site.children) else Modality.ASSERTED
        candidate.confidence = 0.5 + 0.15 * bool(candidate.actors) + 0.1 * bool(candidate.recipients)
        return candidate

    def _meeting_in_passing(self, noun: Token, site: Token, governor: Token, entry: Trigger) -> EventCandidate | None:
        """ "spoke during talks in Moscow with Lavrov", "raised it at a meeting with Xi": the clause's
        subject met the partner the meeting phrase names, though the clause reports something else.

        Only a meeting that names its partner ("with ..."), in a phrase of time or occasion; "after the
        meeting" alone refers to one reported elsewhere.
        """
        if site.head.lower_ not in _OCCASION_PREPS or noun.lemma_.lower() in _PRESS_OCCASIONS:
            return None
        partners = [g for prep in site.children if prep.dep_ == "prep" and prep.lower_ == "with" for g in _pobjs(prep)]
        if not partners or any(_is_press(g) for g in partners):
            return None  # "said in a conversation with CNN": the press, not a party
        actors = _cue_speaker(governor)
        if not actors:
            actors, _, _ = self._clause_participants(governor, "CONSULT", skip=site)
        if not actors:
            actors = self._inherited_subject(governor)
        if not actors:
            return None
        # Below the clause's own event: the sentence reports what was said or done there.
        candidate = EventCandidate(trigger=noun, entry=entry, anchor=site, cameo=entry.cameo, depth=_depth(site))
        self._assign(candidate, actors, [], site, extra_parties=partners)
        if len(candidate.actors) < 2:
            return None
        candidate.modality = Modality.ASSERTED
        candidate.confidence = 0.45
        return candidate

    def _place_recipients(self, candidate: EventCandidate) -> list[Token]:
        """The place an event with no other recipient is done in: "declared a ceasefire in Yemen".

        Only a named country, region or city after "in" on the trigger, its clause verb or an event
        noun the verb agrees to or calls for ("agreed to a ceasefire in Yemen"); the actors' own
        places ("troops in Iraq attacked") sit inside the actor phrase and are not read.
        """
        taken = {t.i for t in candidate.actors}
        agreed_to = [
            noun
            for prep in candidate.anchor.children
            if prep.dep_ == "prep" and prep.i > candidate.anchor.i
            for noun in prep.children
            if noun.dep_ == "pobj" and noun.lemma_ in self.lexicon.nouns
        ]
        for holder in _unique([candidate.trigger, candidate.anchor, *agreed_to]):
            for prep in holder.children:
                if prep.dep_ != "prep" or prep.lower_ != "in":
                    continue
                places = [g for g in _pobjs(prep) if g.ent_type_ in ("GPE", "LOC") and g.i not in taken]
                if places:
                    return places
        return []

    def _pick_recipients(self, cameo: str, objects: list[Token], prep_recipients: list[Token]) -> list[Token]:
        """Choose between the direct object and a prepositional recipient.

        "attacked the convoy near Aleppo": the object. "suspended military aid to Pakistan" (a type
        whose object is a thing given or withheld): "Pakistan", whether the preposition hangs on
        the verb, on the object or on a clause inside it ("the ban imposed on Chad"); the object
        when it names a party ("urged Iran to ...", "released the journalist") or nothing else does.
        """
        event_type = self._type(cameo)
        if event_type not in self.lexicon.theme_object or cameo in self.lexicon.object_recipient_cameo:
            return objects or prep_recipients
        if any(o.ent_type_ in _PARTY_ENTS or o.pos_ == "PRON" for o in objects):
            return objects
        if prep_recipients:
            return prep_recipients
        preps = self.lexicon.recipient_preps.get(event_type, frozenset())
        for obj in objects:
            # "returned a pendant engraved with a portrait to the museum": the parser may hang the
            # preposition on any word of the object phrase; its first recipient preposition counts.
            for holder in _phrase_holders(obj):
                for child in holder.children:
                    if child.dep_ == "prep" and child.lower_ in preps:
                        found = _pobjs(child)
                        found = [g for g in found if _can_participate(g)]
                        if found:
                            return found
        # "lifted its blockade of Yemen", "called off a strike against the company", "accepted the
        # demands by protesters": an event noun as the object names the recipient inside it; without
        # one ("ended the strike", "agreed a trade deal") the event noun is no recipient.
        for obj in objects:
            found = self._inner_parties(obj)
            if found:
                return found
        # "mobilized the army", "withdrew its troops": forces that move are what is moved, not the recipient.
        moved = self.lexicon.force_nouns if event_type in _MOVER_TYPES else frozenset()
        return [o for o in objects if o.lemma_ not in self.lexicon.nouns and o.lemma_ not in moved]

    def _inner_parties(self, noun: Token) -> list[Token]:
        """The recipient or parties named inside an event noun, else the actors of its "by" phrase."""
        entry = self._noun_entry(noun)
        if entry is None or entry.cameo == "none":
            return []
        actors, recipients, parties = self._noun_participants(
            noun, self._type(entry.cameo), reciprocal=entry.reciprocal
        )
        return recipients or parties or [a for a in actors if a.head.lower_ == "by"]

    def _frame_site(self, noun: Token) -> Token | None:
        """Where a nominal event sits in its clause: the noun itself, or the frame noun around it.

        "a mediation effort" and "a state of emergency" put the event noun inside a frame noun, which
        carries the clause relations; any other compound ("attack helicopters") is no event: None.
        """
        head = noun.head
        if noun.dep_ == "compound":
            return head if head.lemma_ in self.lexicon.frame_nouns else None
        if noun.dep_ == "pobj" and head.lower_ == "of" and head.head.lemma_ in self.lexicon.frame_nouns:
            return head.head
        return noun

    def _type(self, cameo: str) -> str:
        return self.lexicon.cameo[cameo].type

    def _noun_participants(
        self, noun: Token, event_type: str, skip: Token | None = None, reciprocal: bool = False
    ) -> tuple[list[Token], list[Token], list[Token]]:
        """Actors, recipients and reciprocal parties written inside a noun phrase.

        "Russia's invasion of Ukraine": actor Russia, recipient Ukraine. "the talks between Iran
        and Oman": parties Iran and Oman. "Israeli air strikes on Gaza": actor Israeli, recipient Gaza.
        """
        actors: list[Token] = []
        recipients: list[Token] = []
        parties: list[Token] = []
        preps = self.lexicon.recipient_preps.get(event_type, frozenset())
        of_objects: list[Token] = []
        for child in noun.children:
            if child.dep_ == "poss" and child.lower_ not in ("its", "their", "his", "her"):
                actors.append(child)
            elif child.dep_ in ("amod", "compound") and child.ent_type_ in ("NORP", "GPE", "ORG"):
                actors.append(child)
            elif child.dep_ == "prep":
                objects = [g for g in child.children if g.dep_ == "pobj" and (skip is None or g.i != skip.i)]
                if not objects:
                    continue
                word = child.lower_
                if word == "by":
                    actors.extend(_with_conjuncts(objects[0]))
                elif word in ("between", "among"):
                    parties.extend(_with_conjuncts(objects[0]))
                elif word == "with" and reciprocal:
                    parties.extend(_with_conjuncts(objects[0]))
                elif word in preps and not recipients:
                    recipients.extend(_with_conjuncts(objects[0]))
                elif word == "of" and not of_objects:
                    of_objects = _with_conjuncts(objects[0])
        if event_type in _MOVER_TYPES and of_objects and of_objects[0].lemma_.lower() in self.lexicon.force_nouns:
            # "the deployment of North Korean troops", "the withdrawal of Russian forces": the forces move; with
            # their country named they are the actor (bare "troops" leave the actor to the clause: "Nigeria
            # announced the deployment of 230 troops to Liberia"), and where they go is the recipient even when
            # the parser hung it on them.
            force = of_objects[0]
            destination = [
                g for prep in force.children if prep.dep_ == "prep" and prep.lower_ in preps for g in _pobjs(prep)
            ]
            if not actors and any(c.ent_type_ in ("NORP", "GPE", "ORG") for c in force.children):
                actors, of_objects = of_objects, []
            elif destination:
                of_objects = []
            recipients = recipients or destination
        # "the invasion of Ukraine": "of" names the recipient only when no other preposition does
        # ("the suspension of aid to Egypt": Egypt).
        return actors, recipients or of_objects, parties

    def _clause_participants(
        self, verb: Token, event_type: str, skip: Token | None = None
    ) -> tuple[list[Token], list[Token], list[Token]]:
        """Actors, objects and prepositional recipients of a clause.

        Actors: the subject, or the passive agent ("was attacked by gunmen"), or a subject shared with
        the clause above. Objects: direct object or passive subject. Prepositional recipients: the
        object of the first preposition that marks a recipient for this event type ("fired on").
        """
        actors: list[Token] = []
        recipients: list[Token] = []
        prep_recipients: list[Token] = []
        preps = self.lexicon.recipient_preps.get(event_type, frozenset())
        skip_i = skip.i if skip is not None else -1
        for child in verb.children:
            dep = child.dep_
            if dep in _SUBJECT_DEPS:
                actors.extend(_with_conjuncts(child))
            elif dep == "nsubjpass" and child.i != skip_i:
                recipients.extend(_with_conjuncts(child))
            elif dep == "agent":
                actors = _pobjs(child) or actors
            elif dep == "dative" and child.pos_ == "ADP":
                # "provided training to AMISOM" is sometimes parsed with "to" as the dative itself.
                prep_recipients = _pobjs(child)
            elif dep in _OBJECT_DEPS and child.i != skip_i:
                recipients.extend(_with_conjuncts(child))
            elif dep == "prep" and not prep_recipients and child.lower_ in preps:
                # "lifted sanctions on Friday": a date or number after the preposition is a circumstance;
                # a later preposition may still name the recipient.
                found = _pobjs(child)
                prep_recipients = [g for g in found if _can_participate(g)]
        if not actors:
            actors = self._inherited_subject(verb)
        return actors, recipients, prep_recipients

    def _inherited_subject(self, verb: Token) -> list[Token]:
        """The subject a clause shares with the clause above it.

        "agreed to resign" (control), "urged Iran to release" (object control: Iran),
        "attacked and killed" (shared subject), "forces who attacked" (relative clause).
        """
        token = verb
        for _ in range(4):
            head = token.head
            if head.i == token.i:
                return []
            dep = token.dep_
            if dep in ("relcl", "acl") and head.pos_ == "NOUN" and head.lemma_ in self.lexicon.issuer_nouns:
                return self._issuer(head)
            if dep in ("relcl", "acl") and head.pos_ in ("NOUN", "PROPN"):
                return [head]
            if dep == "xcomp":
                objects = [c for c in head.children if c.dep_ in ("dobj", "dative")]
                if objects:
                    return objects[:1]
            # "Sudan is willing to withdraw", "is ready to contribute": the adjective's subject is the copula's.
            if dep not in ("xcomp", "conj", "advcl", "pcomp", "acomp"):
                return []
            subjects = [c for c in head.children if c.dep_ in _SUBJECT_DEPS]
            if subjects:
                return _with_conjuncts(subjects[0])
            agents = [g for c in head.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
            if agents:
                return agents[:1]
            token = head
        return []

    def _issuer(self, noun: Token) -> list[Token]:
        """Who issued a statement, order or pledge: its possessor, else the subject of its clause.

        "The council issued a statement urging Iran to ...", "Iran's decision to withdraw", "the
        navy reaffirmed its commitment to support ...": the council, Iran, the navy.
        """
        owners = [c for c in noun.children if c.dep_ == "poss" and c.pos_ != "PRON"]
        if owners:
            return owners[:1]
        clause = noun.head
        if noun.dep_ == "pobj" and clause.dep_ == "prep":
            clause = clause.head  # "in a statement calling on ...": the verb the phrase hangs on
        if clause.i == noun.i or clause.pos_ not in ("VERB", "AUX") or noun.dep_ not in ("dobj", "pobj", "nsubjpass"):
            return []
        subjects = [c for c in clause.children if c.dep_ in _SUBJECT_DEPS]
        if subjects:
            return _with_conjuncts(subjects[0])
        agents = [g for c in clause.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
        return agents[:1] or self._inherited_subject(clause)

    def _assign(
        self,
        candidate: EventCandidate,
        actors: list[Token],
        recipients: list[Token],
        clause: Token,
        extra_parties: list[Token] | None = None,
    ) -> None:
        """Fill actors/recipients, making the event reciprocal when the trigger allows it and the text says so."""
        actors = [self._speaker_antecedent(self._relative_antecedent(t)) for t in actors if _can_participate(t)]
        recipients = [self._relative_antecedent(t) for t in recipients if _can_participate(t)]
        parties = [t for t in extra_parties or [] if _can_participate(t)]
        if candidate.entry.reciprocal:
            # "met with B", "held talks with B": the partner is a party, not a recipient.
            for prep in clause.children:
                if prep.dep_ == "prep" and prep.lower_ == "with":
                    parties.extend(_pobjs(prep))
            consult = self.lexicon.cameo[candidate.cameo].type == "CONSULT"
            if candidate.entry.topic_object:
                recipients = []  # "met the envoy" makes the envoy a party; "discussed the budget" does not
            # "Peru signed a truce with the rebels", "established ties with Bhutan": one party acts and
            # the "with" partner is its recipient; the act is mutual only when both are its subjects
            # ("Peru and the rebels signed a truce") or "between" them. A meeting stays mutual.
            if not consult and len(actors) == 1 and parties and all(_after_with(t) for t in parties):
                candidate.actors = _unique(actors)
                taken = {t.i for t in candidate.actors}
                candidate.recipients = [t for t in _unique(parties) if t.i not in taken]
                return
            if parties or len(actors) > 1 or (consult and candidate.trigger.pos_ == "VERB" and recipients):
                candidate.actors = _unique([*actors, *parties, *(recipients if consult else [])])
                taken = {t.i for t in candidate.actors}
                candidate.recipients = [] if consult else [t for t in recipients if t.i not in taken]
                candidate.reciprocal = len(candidate.actors) > 1
                return
        # "mediated between A and B": the parties of a one-sided event are its recipients.
        recipients = recipients or parties
        candidate.actors = _unique(actors)
        taken = {t.i for t in candidate.actors}
        candidate.recipients = [t for t in _unique(recipients) if t.i not in taken]

    @staticmethod
    def _speaker_antecedent(token: Token) -> Token:
        """A third-person pronoun subject of reported speech stands for the speaker.

        "The ministry said it would release the prisoners": "it" is the ministry. Only when the
        reporting verb's subject is a noun phrase; "I", "you" and unrelated pronouns stay as they are.
        """
        if token.lower_ not in _REPORTED_PRONOUNS:
            return token
        clause = token.head
        for _ in range(4):
            if clause.dep_ == "ccomp":
                speakers = [c for c in clause.head.children if c.dep_ == "nsubj" and c.pos_ in ("NOUN", "PROPN")]
                return speakers[0] if speakers else token
            if clause.dep_ not in ("conj", "xcomp") or clause.head.i == clause.i:
                return token
            clause = clause.head
        return token

    @staticmethod
    def _relative_antecedent(token: Token) -> Token:
        """ "the militia that attacked": the subject "that" stands for "the militia"."""
        if token.lower_ in _RELATIVE_PRONOUNS and token.head.dep_ == "relcl":
            return token.head.head
        return token

    def _modality(self, verb: Token) -> Modality:
        """Modality of the clause headed by ``verb``: its own negation and auxiliaries, then its governors.

        "did not attack" negated; "will support" intended; "might transfer" hypothetical;
        "hopes to sign" / "urged Iran to release" desired; "plans to deploy" intended;
        "if they attack" hypothetical.
        """
        lex = self.lexicon
        token = verb
        for _ in range(5):
            for child in token.children:
                dep = child.dep_
                if dep == "neg" or (dep in ("advmod", "det", "preconj") and child.lower_ in lex.negators):
                    return Modality.NEGATED
            for child in token.children:
                if child.dep_ == "aux" and child.lower_ in lex.modal_aux:
                    modality = lex.modal_aux[child.lower_]
                    # "said it would allow access": in reported speech "would" is the future of the past.
                    if child.lower_ == "would" and token.dep_ == "ccomp":
                        return Modality.INTENDED
                    return modality
                if child.dep_ == "mark" and child.lower_ in lex.conditional_marks:
                    return Modality.HYPOTHETICAL
            head = token.head
            if head.i == token.i or token.dep_ not in _COMPLEMENT_DEPS | {"conj", "acomp"}:
                return Modality.ASSERTED
            governed = lex.governors.get(head.lemma_) or lex.governors.get(head.lower_)
            if token.dep_ != "conj" and governed is not None:
                if governed != Modality.NEGATED and any(c.dep_ == "neg" for c in head.children):
                    return Modality.NEGATED  # "did not plan to attack"
                return governed
            if token.dep_ not in ("conj", "xcomp", "acomp"):
                return Modality.ASSERTED
            token = head
        return Modality.ASSERTED

    def _resolve_governed(self, candidates: list[EventCandidate]) -> None:
        """Events that govern another event borrow from it.

        Promises and vows take their type from what they govern ("vowed to retaliate" is a threat,
        "pledged to help" an agreement), and an event without a recipient takes the governed
        event's ("threatened to shell the border posts": the posts are threatened).
        """
        by_anchor = {c.anchor.i: c for c in candidates}
        for candidate in candidates:
            # "urged the council to release ...": the object of a verb that asks someone to act is
            # the one asked, a party, not a thing given for a purpose.
            asks = self.lexicon.governors.get(candidate.anchor.lemma_) == Modality.DESIRED
            if self._gives_only_things(candidate) and not asks:
                # "donated ventilators to help Ethiopia": the purpose clause names who is helped.
                purpose = next(
                    (
                        by_anchor[c.i]
                        for c in candidate.anchor.children
                        if c.dep_ in ("xcomp", "advcl")
                        and c.i in by_anchor
                        and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children)
                    ),
                    None,
                )
                if purpose is not None and purpose.recipients:
                    taken = {t.i for t in candidate.actors}
                    candidate.recipients = [t for t in purpose.recipients if t.i not in taken] or candidate.recipients
                continue
            if not (candidate.entry.intent or not candidate.recipients):
                continue
            governed = next(
                (
                    by_anchor[c.i]
                    for c in candidate.anchor.children
                    if c.dep_ in ("xcomp", "ccomp") and c.i in by_anchor
                ),
                None,
            )
            if governed is None:
                continue
            taken = {t.i for t in candidate.actors}
            candidate.recipients = candidate.recipients or [t for t in governed.recipients if t.i not in taken]
            if not candidate.entry.intent:
                continue
            if governed.recipients and not self._gives_only_things(governed):
                # "Bahrain and Kuwait agreed to lift the ban on Egyptian imports": they agree on an
                # act towards a third party, not with each other; "agreed to share information"
                # names no third party, only what they share.
                candidate.reciprocal = False
                candidate.recipients = [t for t in governed.recipients if t.i not in taken]
            elif candidate.reciprocal:
                candidate.recipients = []
            _, penta = cameo_classes(governed.cameo)
            if penta >= 3:
                violent = self._type(governed.cameo) in ("ASSAULT", "MOBILIZE")
                candidate.cameo = "138" if violent else "130"
            elif self._type(governed.cameo) == "CONSULT":
                candidate.cameo = "036"

    def _hostile_appeals(self, candidates: list[EventCandidate]) -> None:
        """An appeal for a hostile act is a demand: "called for sanctions against Belarus", "urged
        workers to mobilize against the war" (CAMEO 100, verbal conflict), not an appeal (02).

        What is appealed for is the event the appeal governs (a clause, "urged X to attack") or
        the event noun after its preposition or as its object ("called for sanctions").
        """
        by_anchor = {c.anchor.i: c for c in candidates}
        for candidate in candidates:
            if not candidate.cameo.startswith("02"):
                continue
            anchor = candidate.anchor
            wanted = [
                by_anchor[c.i].cameo for c in anchor.children if c.dep_ in ("xcomp", "ccomp") and c.i in by_anchor
            ]
            nouns = [
                n
                for c in anchor.children
                if c.dep_ in ("prep", "dobj") and c.i > anchor.i
                for n in ([c] if c.dep_ == "dobj" else [g for g in c.children if g.dep_ == "pobj"])
            ]
            wanted.extend(e.cameo for e in (self._noun_entry(n) for n in nouns) if e is not None and e.cameo != "none")
            if any(cameo_classes(code)[1] >= 3 for code in wanted):
                candidate.cameo = "100"

    def _reported_demand(self, candidate: EventCandidate) -> None:
        """ "Russia says Israel must end its strikes": a demand by the speaker of the one who must act.

        An event whose clause says it must or should happen, reported by a speech verb with a
        subject of its own, is recoded as that speaker's demand (CAMEO 100) on the clause's subject.
        A pronoun subject ("said it must act") may be the speaker itself and is left as it is.
        """
        lex = self.lexicon
        clause = candidate.anchor
        for _ in range(3):
            if clause.pos_ in ("VERB", "AUX") or clause.dep_ not in ("dobj", "pobj", "prep", "nsubjpass"):
                break
            clause = clause.head
        if clause.dep_ != "ccomp" or clause.head.lemma_ not in lex.speech_verbs:
            return
        if not any(c.dep_ == "aux" and lex.modal_aux.get(c.lower_) == Modality.DESIRED for c in clause.children):
            return
        speakers = [c for c in clause.head.children if c.dep_ == "nsubj" and _can_participate(c)]
        subjects = [c for c in clause.children if c.dep_ == "nsubj" and _can_participate(c)]
        if not speakers or not subjects or any(t.pos_ == "PRON" for t in subjects):
            return
        candidate.actors = _with_conjuncts(speakers[0])
        candidate.recipients = _with_conjuncts(subjects[0])
        candidate.reciprocal = False
        candidate.cameo = "100"
        candidate.modality = Modality.ASSERTED

    def _untriggered_demands(self, doc: Doc, candidates: list[EventCandidate]) -> list[EventCandidate]:
        """ "Trump said the oppression must end", "HRW said the authorities must ensure security": a
        demand by the speaker of the clause's subject, though the clause's verb is no event trigger.

        The same reading as `_reported_demand`, for a must- or should-clause whose own verb the
        lexicon does not code; a trigger deeper in it ("must ensure security and provide aid") is
        what is demanded, so the demand is the main event.
        """
        lex = self.lexicon
        anchored = {c.anchor.i for c in candidates}
        demands = [c.anchor for c in candidates if c.cameo == "100"]
        found = []
        for speech in doc:
            if speech.lemma_ not in lex.speech_verbs or speech.pos_ != "VERB":
                continue
            speakers = [c for c in speech.children if c.dep_ == "nsubj" and _can_participate(c)]
            for clause in speech.children:
                if clause.dep_ != "ccomp" or clause.i in anchored or not speakers:
                    continue
                if any(clause.left_edge.i <= d.i <= clause.right_edge.i for d in demands):
                    continue
                if not any(
                    c.dep_ == "aux" and lex.modal_aux.get(c.lower_) == Modality.DESIRED for c in clause.children
                ):
                    continue
                subjects = [c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass") and _can_participate(c)]
                if not subjects or subjects[0].pos_ == "PRON":
                    continue
                entry = Trigger(lemma=clause.lemma_, pos="VERB", word=None, cameo="100")
                candidate = EventCandidate(
                    trigger=clause, entry=entry, anchor=clause, cameo="100", depth=_depth(clause)
                )
                self._assign(candidate, _with_conjuncts(speakers[0]), _with_conjuncts(subjects[0]), clause)
                candidate.confidence = 0.7
                found.append(candidate)
        return found

    def _gives_only_things(self, candidate: EventCandidate) -> bool:
        """Whether an event of a type whose object is a thing has only its object, a thing, as recipient ("sent funds")."""
        return (
            bool(candidate.recipients)
            and candidate.recipients[0].dep_ == "dobj"
            and candidate.recipients[0].head.i == candidate.anchor.i
            and not candidate.entry.intent
            and self._type(candidate.cameo) in self.lexicon.theme_object
            and candidate.cameo not in self.lexicon.object_recipient_cameo
            and all(t.ent_type_ not in _PARTY_ENTS and t.pos_ not in ("PRON", "PROPN") for t in candidate.recipients)
        )

    def _is_background(self, anchor: Token) -> bool:
        """Whether an event is told in passing rather than reported by the sentence.

        "condolences to the families of farmers who were killed" (relative clause), "the group
        claimed that it had attacked the base" and "denied charges that it tortured" (an event
        someone claims or denies): the sentence reports the condolences, the claim, the denial.
        """
        token = anchor
        for _ in range(8):
            head = token.head
            if head.i == token.i:
                return False
            if token.dep_ == "relcl":
                return True
            if token.dep_ in ("ccomp", "acl") and (
                (head.pos_ == "VERB" and head.lemma_ in self.lexicon.evidential_verbs)
                or (head.pos_ == "NOUN" and head.lemma_ in self.lexicon.evidential_nouns)
            ):
                return True
            if token.dep_ not in ("ccomp", "xcomp", "conj", "advcl", "pcomp", "prep", "pobj", "dobj"):
                return False
            token = head
        return False

    def _reframe(self, candidates: list[EventCandidate]) -> None:
        """Recode an event whose clause names its purpose: troops deployed for peacekeeping are aid (074)."""
        for candidate in candidates:
            rule = self.lexicon.reframe.get(self._type(candidate.cameo))
            if rule is None:
                continue
            code, words = rule
            anchor = candidate.anchor
            if any(t.lemma_ in words for t in anchor.doc[anchor.left_edge.i : anchor.right_edge.i + 1]):
                candidate.cameo = code

    # -- writing annotations -----------------------------------------------------------------------

    def set_annotations(self, doc: Doc, candidates: list[EventCandidate]) -> None:
        """Append one `Event` per candidate to ``doc._.dyad.events``."""
        analysis: Analysis = doc._.dyad
        text = doc.text
        linker = _MentionLinker(analysis)
        pair: list[str] = []  # the two parties of the latest event between two actors

        def ids(spans: list[Span]) -> list[str]:
            # "both sides agreed", "the two leaders signed": the pair the text was last about.
            return _unique_ids(i for s in spans for i in (pair if _PAIR.fullmatch(s.text) else [linker.actor_id(s)]))

        for candidate in candidates:
            code = self.lexicon.cameo[candidate.cameo]
            quad, penta = cameo_classes(code.code)
            actor_spans = [_token_span(text, t) for t in candidate.actors]
            recipient_spans = [_token_span(text, t) for t in candidate.recipients]
            trigger = candidate.trigger
            sent = trigger.sent
            analysis.events.append(
                Event(
                    id=f"E{len(analysis.events) + 1}",
                    type=code.type,
                    mode=code.mode,
                    cameo=code.code,
                    quad_class=quad,
                    penta_class=penta,
                    intensity=code.goldstein,
                    actors=ids(actor_spans),
                    recipients=ids(recipient_spans),
                    actor_spans=actor_spans,
                    recipient_spans=recipient_spans,
                    reciprocal=candidate.reciprocal,
                    trigger=Span.of(text, trigger.idx, trigger.idx + len(trigger.text)),
                    sentence=_trimmed(text, sent.start_char, sent.end_char),
                    modality=candidate.modality,
                    quote_id=_quote_at(analysis, trigger.idx),
                    place_id=_place_in_clause(analysis, candidate),
                    confidence=round(candidate.confidence, 2),
                )
            )
            event = analysis.events[-1]
            parties = _unique_ids([*event.actors, *event.recipients])
            if len(parties) == 2:
                pair = parties

    def __call__(self, doc: Doc) -> Doc:
        if doc._.dyad is None:
            return doc
        self.set_annotations(doc, self.find(doc))
        return doc


def _can_participate(token: Token) -> bool:
    """Dates, amounts and numbers are circumstances of an event, not its actors or recipients."""
    if any(c.dep_ == "prep" and c.lower_ == "of" for c in token.children):
        return True  # "dozens of fighters", "four of the banks"
    return token.ent_type_ not in _NON_PARTICIPANT_ENTS and token.pos_ != "NUM"


#: Links inside a noun phrase along which a misattached preposition is looked for.
_PHRASE_LINKS = frozenset({"prep", "pobj", "acl", "amod"})


def _phrase_holders(noun: Token, limit: int = 12) -> list[Token]:
    """The noun and the words its phrase hangs on it, through prepositions and participles, never
    into relative clauses or "including ..." ("a pendant engraved with a portrait", "$2 million in aid")."""
    holders = [noun]
    for token in holders:
        if len(holders) >= limit:
            break
        holders.extend(
            c for c in token.children if c.dep_ in _PHRASE_LINKS and c.i > noun.i and c.lower_ != "including"
        )
    return holders


def _after_with(token: Token) -> bool:
    """Whether a party is named after "with" ("signed a truce with the rebels"), itself or as a conjunct."""
    while token.dep_ == "conj" and token.head.i != token.i:
        token = token.head
    return token.dep_ == "pobj" and token.head.lower_ == "with"


def _unique(tokens: Iterable[Token]) -> list[Token]:
    seen: set[int] = set()
    out = []
    for token in tokens:
        if token.i not in seen:
            seen.add(token.i)
            out.append(token)
    return out


#: A pair named by number ("both sides", "the two leaders"): the two parties the text was last about.
_PAIR = re.compile(
    r"(?i:both|the\s+two)\s+(?i:sides|parties|countries|nations|states|governments|leaders|men|women|ministers"
    r"|delegations|presidents|neighbou?rs|rivals|allies|capitals)"
)


def _pobjs(prep: Token) -> list[Token]:
    """The objects of a preposition, with their conjuncts ("sanctions on Iran and Syria": Iran, Syria)."""
    return [g for p in prep.children if p.dep_ == "pobj" for g in _with_conjuncts(p)]


def _unique_ids(ids: Iterable[str | None]) -> list[str]:
    return list(dict.fromkeys(i for i in ids if i))


def _token_span(text: str, token: Token) -> Span:
    doc = token.doc
    start, end = participant_extent(token)
    return Span.of(text, doc[start].idx, doc[end - 1].idx + len(doc[end - 1].text))


def _trimmed(text: str, start: int, end: int) -> Span:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Span.of(text, start, end)


class _MentionLinker:
    """Finds the actor of a participant span through the mentions the actors component resolved."""

    def __init__(self, analysis: Analysis):
        linked = sorted((m.span.start, m.span.end, m.actor_id) for m in analysis.mentions if m.actor_id)
        self._starts = [s for s, _, _ in linked]
        self._linked = linked

    def actor_id(self, span: Span) -> str | None:
        """The actor of the first linked mention inside ``span`` (or covering its start)."""
        i = max(bisect_right(self._starts, span.start) - 1, 0)
        for start, end, actor_id in self._linked[i:]:
            if start >= span.end:
                break
            if end > span.start:
                return actor_id
        return None


def _quote_at(analysis: Analysis, offset: int) -> str | None:
    """The quote whose content holds ``offset``: the event is stated by its speaker, not the narrator."""
    for quote in analysis.quotes:
        if any(part.start <= offset < part.end for part in quote.content):
            return quote.id
    return None


def _place_in_clause(analysis: Analysis, candidate: EventCandidate) -> str | None:
    """The place named in the event's clause: after the trigger first, then anywhere in the clause.

    "Syria's army shelled Idlib" -> Idlib (not Syria, which names the actor); "In Gjilan,
    protesters burned a flag" -> Gjilan. The places component's `place_in_span` picks within a
    range (a place after "in"/"at"/"near" first; demonyms such as "Russian" never).
    """
    if not analysis.places:
        return None
    anchor, trigger = candidate.anchor, candidate.trigger
    start = min(anchor.left_edge.idx, trigger.idx)
    last = max(anchor.right_edge, trigger.right_edge, key=lambda t: t.i)
    end = last.idx + len(last.text)
    for lower in (trigger.idx + len(trigger.text), start):
        place = place_in_span(analysis, lower, end)
        if place is not None:
            return place.id
    return None


def events_by_sentence(analysis: Analysis) -> list[list[Event]]:
    """The analysis's events grouped by sentence, in sentence order; each list starts with the main event."""
    groups: dict[int, list[Event]] = {}
    for event in analysis.events:
        groups.setdefault(event.sentence.start, []).append(event)
    return [groups[k] for k in sorted(groups)]


@Language.factory("dyad_events")
def make_event_coder(nlp: Language, name: str) -> EventCoder:
    return EventCoder(nlp)
