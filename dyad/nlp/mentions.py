"""Named-entity mentions from spaCy's NER, placed in their sentences.

"Russian Foreign Minister Sergey Lavrov met Choe in Moscow." gives mentions
for "Russian" (NORP), "Sergey Lavrov" (PERSON), "Choe" (PERSON) and "Moscow"
(GPE). Later components (actors, places) link these mentions to what they
refer to; this one only records what the NER saw.
"""

from __future__ import annotations

from bisect import bisect_right

from spacy.language import Language
from spacy.tokens import Doc

from dyad.model import Analysis, Mention, Span

#: NER labels kept as mentions (numbers, money, ordinals and the like are not).
MENTION_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "EVENT", "LAW", "PRODUCT", "DATE", "TIME"})


def sentence_index(doc: Doc) -> list[int]:
    """Start character of each sentence, for bisecting a character offset to a sentence number."""
    return [s.start_char for s in doc.sents]


class EntityMentions:
    """Turns ``doc.ents`` into `Mention`s in ``doc._.dyad``."""

    def __call__(self, doc: Doc) -> Doc:
        analysis: Analysis = doc._.dyad
        if analysis is None:
            return doc
        starts = sentence_index(doc)
        text = analysis.article.text  # doc.text is rebuilt from the tokens on every access
        for ent in doc.ents:
            if ent.label_ not in MENTION_LABELS:
                continue
            analysis.mentions.append(
                Mention(
                    id=f"M{len(analysis.mentions) + 1}",
                    span=Span.of(text, ent.start_char, ent.end_char),
                    label=ent.label_,
                    sentence=bisect_right(starts, ent.start_char) - 1,
                )
            )
        return doc


@Language.factory("dyad_mentions")
def make_entity_mentions(nlp: Language, name: str) -> EntityMentions:
    return EntityMentions()
