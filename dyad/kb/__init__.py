"""Actor knowledge: country facts, organisations, outlets, sector words and the code list.

`load_lexicon` reads the data files in ``dyad/data/actors/`` once; `make_code`
builds CAMEO-style codes (RUSGOV, PRKMIL, IGOUNO). The within-article
resolution that uses them is `dyad.nlp.actors`.
"""

from dyad.kb.lexicon import ActorLexicon, KnownPerson, Referent, SectorWord, load_lexicon, make_code

__all__ = ["ActorLexicon", "KnownPerson", "Referent", "SectorWord", "load_lexicon", "make_code"]
