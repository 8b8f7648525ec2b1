"""Statement identity: the same words of the same speaker, however many outlets print them.

'"The window for diplomacy will not stay open forever," Bruce said.' in one outlet,
'"The window for diplomacy will not stay open forever"' trimmed into another's sentence, and
'Bruce warned that the window for diplomacy would not stay open forever.' a day later are one
statement. Two quotations of one speaker (see `speaker_key`) are linked when:

- their wording is the same once punctuation and case are set aside (at any distance in time:
  a quote repeated as background months later in the year is still that statement);
- within ``statement_edit_days``, the wording is lightly edited (rapidfuzz ratio) or one is a
  trimmed part of the other (partial ratio, for parts of at least a few words);
- within ``statement_paraphrase_days``, a quoted fragment lies word for word in the full quote
  (said Manila bore "full responsibility"), or one is a direct quote and the other shares most of
  its content words (an indirect paraphrase of it).

Statements are the connected groups of these links within a speaker's block (speaker and year), which makes them
independent of the order reports arrive in. Anonymous speakers ("a senior EU diplomat") are
linked only on near-identical wording: two anonymous officials are not known to be one person.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from rapidfuzz import fuzz

from dyad.corroboration.events import cluster_id
from dyad.corroboration.records import QuoteRecord, content_words, settings


def link_kind(a: QuoteRecord, b: QuoteRecord) -> str | None:
    """How two quotations of one speaker are the same statement: exact, edited, trimmed, fragment, paraphrase or None."""
    config = settings()
    if not a.text or not b.text:
        return None
    if a.text == b.text or (a.quoted and a.quoted == b.quoted):
        return "exact"
    days = abs((a.day - b.day).days) if a.day and b.day else 0
    if days > config.edit_days:
        return None
    left = a.quoted if a.quoted and b.quoted else a.text
    right = b.quoted if a.quoted and b.quoted else b.text
    if a.anonymous or b.anonymous:
        return "edited" if fuzz.ratio(left, right) >= config.anonymous_ratio else None
    if fuzz.ratio(left, right) >= config.same_ratio:
        return "edited"
    shorter = min(left, right, key=len)
    if len(shorter.split()) >= config.trimmed_min_words and fuzz.partial_ratio(left, right) >= config.trimmed_ratio:
        return "trimmed"
    if days > config.paraphrase_days or not (a.quoted or b.quoted):
        return None
    if _is_fragment(a.quoted, b.quoted) or _is_fragment(b.quoted, a.quoted):
        return "fragment"
    shared = len(set(a.words) & set(b.words))
    smaller = min(len(a.words), len(b.words))
    if smaller and shared >= config.paraphrase_min_shared and shared / smaller >= config.paraphrase_overlap:
        return "paraphrase"
    return None


def _is_fragment(part: str, whole: str) -> bool:
    """Whether ``part`` (a quoted fragment: said Manila bore "full responsibility") lies word for word in
    ``whole`` (the full quote: "The Philippine side bears full responsibility"), with two content words at least."""
    if not part or not whole or len(part) >= len(whole):
        return False
    return f" {part} " in f" {whole} " and len(content_words(part)) >= 2


@dataclass
class StatementCluster:
    """One statement and every report of it."""

    block_key: str
    members: list[QuoteRecord] = field(default_factory=list)

    @property
    def id(self) -> str:
        return cluster_id("SC", (m.key for m in self.members))

    @property
    def canonical(self) -> QuoteRecord:
        """The report that best stands for the statement: a direct quote, in the wording most reports use."""
        wording = Counter(m.quoted for m in self.members if m.quoted)
        return min(
            self.members,
            key=lambda m: (m.kind != "direct", -wording.get(m.quoted, 0), -len(m.display), m.key),
        )

    @property
    def speaker_name(self) -> str | None:
        names = Counter(m.speaker_name for m in self.members if m.speaker_name)
        return max(names, key=lambda n: (names[n], len(n), n)) if names else None

    @property
    def speaker_code(self) -> str | None:
        codes = Counter(m.speaker_code for m in self.members if m.speaker_code)
        return min(codes, key=lambda c: (-codes[c], -len(c), c)) if codes else None

    @property
    def day(self) -> str | None:
        days = [m.day for m in self.members if m.day]
        return min(days).isoformat() if days else None


def _find(parent: dict[str, str], key: str) -> str:
    while parent[key] != key:
        parent[key] = parent[parent[key]]
        key = parent[key]
    return key


def _link_same_wording(
    records: Iterable[QuoteRecord], first_with: dict[str, str], union: Callable[[str, str], None]
) -> None:
    """Identical wording links at any distance in time: one pass, each wording to the first record that has it."""
    for record in records:
        for wording in {record.text, record.quoted} - {""}:
            if wording in first_with:
                union(first_with[wording], record.key)
            else:
                first_with[wording] = record.key


def cluster_statement_block(records: Iterable[QuoteRecord]) -> list[StatementCluster]:
    """Group one speaker's quotations into statements (connected groups of `link_kind` links)."""
    config = settings()
    ordered = sorted(records, key=lambda r: (r.day or date.min, r.key))
    parent = {r.key: r.key for r in ordered}

    def union(a: str, b: str) -> None:
        ra, rb = _find(parent, a), _find(parent, b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)

    _link_same_wording(ordered, {}, union)
    # Edited, trimmed and paraphrased wording: only within the edit window of days, in date order.
    for i, record in enumerate(ordered):
        for other in ordered[i + 1 :]:
            if record.day and other.day and (other.day - record.day).days > config.edit_days:
                break
            if _find(parent, record.key) != _find(parent, other.key) and link_kind(record, other):
                union(record.key, other.key)
    groups: dict[str, StatementCluster] = {}
    for record in ordered:
        root = _find(parent, record.key)
        groups.setdefault(root, StatementCluster(block_key=record.block_key)).members.append(record)
    return sorted(groups.values(), key=lambda c: c.id)


def extend_statement_block(
    stored: Iterable[tuple[QuoteRecord, str]], new: Iterable[QuoteRecord]
) -> tuple[list[StatementCluster], set[str]]:
    """Add ``new`` quotations to a block whose ``stored`` ones are clustered already ((record, statement id) pairs).

    Returns the statements that changed (new, grown or merged) and the ids of the stored statements they
    replace; the others stay as they are. The result is the block's `cluster_statement_block`: statements are
    connected groups of links, so a new quotation can only join stored statements to itself and to each other,
    and it is compared only with the stored quotations it can be linked to: the same wording at any distance,
    other wording within the edit window (undated quotations are within every window).
    """
    config = settings()
    stored = list(stored)
    new = sorted(new, key=lambda r: (r.day or date.min, r.key))
    # A stored statement is one node of the union-find; each new quotation is a node of its own.
    node_of = {record.key: f"S:{cid}" for record, cid in stored}
    parent = {node: node for node in node_of.values()} | {r.key: r.key for r in new}
    node_of.update((r.key, r.key) for r in new)

    def union(a: str, b: str) -> None:
        ra, rb = _find(parent, node_of[a]), _find(parent, node_of[b])
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)

    first_with: dict[str, str] = {}
    for record, _ in sorted(stored, key=lambda pair: pair[0].key):
        for wording in {record.text, record.quoted} - {""}:
            first_with.setdefault(wording, record.key)
    _link_same_wording(new, first_with, union)
    undated = [r for r, _ in stored if r.day is None]
    dated = sorted((r for r, _ in stored if r.day is not None), key=lambda r: r.day)
    days = [r.day for r in dated]
    window = timedelta(days=config.edit_days)
    for i, record in enumerate(new):
        if record.day is None:
            reachable = [r for r, _ in stored]
        else:
            lo, hi = bisect_left(days, record.day - window), bisect_right(days, record.day + window)
            reachable = undated + dated[lo:hi]
        others = [
            o for o in new[i + 1 :] if not (record.day and o.day and abs((o.day - record.day).days) > config.edit_days)
        ]
        for other in (*reachable, *others):
            if _find(parent, node_of[record.key]) != _find(parent, node_of[other.key]) and link_kind(record, other):
                union(record.key, other.key)
    touched = {_find(parent, r.key) for r in new}
    groups: dict[str, StatementCluster] = {}
    replaced: set[str] = set()
    for record, cid in stored:
        root = _find(parent, node_of[record.key])
        if root in touched:
            replaced.add(cid)
            groups.setdefault(root, StatementCluster(block_key=record.block_key)).members.append(record)
    for record in new:
        groups.setdefault(_find(parent, record.key), StatementCluster(block_key=record.block_key)).members.append(
            record
        )
    for cluster in groups.values():
        cluster.members.sort(key=lambda r: (r.day or date.min, r.key))
    return sorted(groups.values(), key=lambda c: c.id), replaced


def cluster_statements(records: Iterable[QuoteRecord]) -> list[StatementCluster]:
    """Cluster any number of quotation records, speaker block by speaker block."""
    blocks: dict[str, list[QuoteRecord]] = {}
    for record in records:
        blocks.setdefault(record.block_key, []).append(record)
    clusters = [c for key in sorted(blocks) for c in cluster_statement_block(blocks[key])]
    return sorted(clusters, key=lambda c: c.id)
