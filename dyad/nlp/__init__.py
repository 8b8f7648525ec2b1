"""The NLP side: a spaCy pipeline plus dyad's components, producing an `Analysis` per article.

Each `Doc` carries its `Analysis` in ``doc._.dyad``. spaCy moves docs between
worker processes (``nlp.pipe(n_process=…)``) with msgpack, so the analysis is
registered with srsly's msgpack encoders: it travels as its JSON.
"""

from __future__ import annotations

import srsly

from dyad.model import Analysis

_KEY = "__dyad_analysis__"


def _encode_analysis(obj, chain=None):
    if isinstance(obj, Analysis):
        return {_KEY: obj.to_json()}
    return obj if chain is None else chain(obj)


def _decode_analysis(obj, chain=None):
    if isinstance(obj, dict) and _KEY in obj:
        return Analysis.from_json(obj[_KEY])
    return obj if chain is None else chain(obj)


srsly.msgpack_encoders.register("dyad_analysis", func=_encode_analysis)
srsly.msgpack_decoders.register("dyad_analysis", func=_decode_analysis)
