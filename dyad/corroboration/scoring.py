"""Pairwise precision and recall of a clustering against hand labels (the measure of issue 8).

Every pair of items is a link when both fall in one cluster. Precision is the share of predicted links
that the labels share; recall the share of labelled links that were predicted. Items the labels leave
out are ignored; an item the system missed stands alone.

>>> pairwise_scores({"a": 1, "b": 1, "c": 2}, {"a": "x", "b": "y", "c": "y"})
(0.0, 0.0)
>>> pairwise_scores({"a": 1, "b": 1, "c": 2}, {"a": "x", "b": "x", "c": "y"})
(1.0, 1.0)
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from itertools import combinations


def pairwise_scores(gold: Mapping[str, Hashable], predicted: Mapping[str, Hashable | None]) -> tuple[float, float]:
    """(precision, recall) of the pairs ``predicted`` puts together, against the pairs ``gold`` puts together.

    A missing or None prediction makes the item a cluster of its own. With no pairs on a side its score is 1.0.
    """
    items = sorted(gold)
    cluster = {i: predicted.get(i) if predicted.get(i) is not None else ("alone", i) for i in items}
    gold_pairs = {(a, b) for a, b in combinations(items, 2) if gold[a] == gold[b]}
    predicted_pairs = {(a, b) for a, b in combinations(items, 2) if cluster[a] == cluster[b]}
    right = len(gold_pairs & predicted_pairs)
    precision = right / len(predicted_pairs) if predicted_pairs else 1.0
    recall = right / len(gold_pairs) if gold_pairs else 1.0
    return precision, recall
