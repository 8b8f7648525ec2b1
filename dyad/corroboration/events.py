"""Event identity: many reports of one happening become one event cluster.

"Lavrov met Choe in Moscow on Friday." (one outlet), "Russia and North Korea held talks in
Moscow" (another, dated by its publication the next day) and "North Korea's foreign minister
was received by Lavrov on 1 November" are one CONSULT event. Two reports are the same event
when they share:

- a type family (``identity.json``: SUPPORT and AGREE are one family, CONSULT its own);
- the participants' roots (RUSGOV and RUS are both Russia), order-free when either report is
  reciprocal or the family is symmetric (talks), otherwise actor side and recipient side apart;
  a report that leaves a party out fits, one that names another party does not;
- the modality (a planned visit is not the visit);
- a compatible date: intervals that overlap within a day's tolerance, so "2024-10" contains
  "2024-10-29" and an undated report covers the days before its publication;
- a compatible place: the same gazetteer entry or towns close by (countries and regions never veto).

Clustering runs block by block (a block holds the events sharing family, modality, anchor
party, the party root that sorts first, and year) and is a function of the block's members only: members
are sorted by a stable key, fine-dated reports naming most parties seat clusters first, and
vaguer or partial reports join the largest compatible cluster. So adding an article re-clusters
only its blocks, and any ingest order gives the same clusters, whose ids derive from their
members. A partial report that leaves out the anchor party ("the Turkish minister met ...",
Egypt unresolved, where EGY sorts before TUR) lands in another block and stays apart: a known
limit, traded for blocks that stay small.
"""

from __future__ import annotations

import hashlib
import math
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from dyad.corroboration.records import GRANULARITY_RANK, EventRecord, PlaceRef, code_root, settings

#: Families whose direction carries no meaning: "A met B" and "B met A" are the same talks.
SYMMETRIC_FAMILIES = frozenset({"CONSULT"})

#: Place kinds precise enough to tell two events apart.
_POINT_KINDS = frozenset({"city", "landmark"})


def cluster_id(prefix: str, member_keys: Iterable[str]) -> str:
    """A cluster id derived from its members (the smallest member key), the same whatever the ingest order."""
    return prefix + hashlib.sha1(min(member_keys).encode("utf-8")).hexdigest()[:12]


def _roots(codes: tuple[str, ...]) -> frozenset[str]:
    return frozenset(code_root(c) for c in codes)


def _fits(part: frozenset[str], whole: frozenset[str]) -> bool:
    """Whether two sets of parties can name the same side: equal, or one leaves some out."""
    return not part or not whole or part <= whole or whole <= part


def _directional(record: EventRecord) -> bool:
    return not record.reciprocal and record.family not in SYMMETRIC_FAMILIES


def dates_compatible(lo: date | None, hi: date | None, other_lo: date | None, other_hi: date | None) -> bool:
    """Whether two date intervals overlap within the day tolerance; an unknown date agrees with any."""
    if lo is None or hi is None or other_lo is None or other_hi is None:
        return True
    tolerance = timedelta(days=settings().day_tolerance)
    return lo <= other_hi + tolerance and other_lo <= hi + tolerance


def _distance_km(a: PlaceRef, b: PlaceRef) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (a.lat, a.lon, b.lat, b.lon))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(min(1.0, h)))


def places_compatible(a: PlaceRef | None, b: PlaceRef | None) -> bool:
    """Whether two places can be where one event happened: the same entry or two towns close by.

    "in Kharkiv" and "in Odesa" on one day are two attacks; "in Moscow" and "near Moscow" are one. Only
    towns and landmarks can tell events apart: a country or region named beside an event is as often one
    of its parties ("aid to the Philippines") as its location, so it never vetoes. An unknown place agrees
    with any.
    """
    if a is None or b is None:
        return True
    if a.geonameid is not None and a.geonameid == b.geonameid:
        return True
    if a.kind not in _POINT_KINDS or b.kind not in _POINT_KINDS:
        return True
    if None not in (a.lat, a.lon, b.lat, b.lon):
        return _distance_km(a, b) <= settings().place_distance_km
    return a.name.casefold() == b.name.casefold()


def _more_specific(current: PlaceRef | None, new: PlaceRef | None) -> PlaceRef | None:
    """Keep the finer of two compatible places (a city over its country)."""
    if current is None:
        return new
    if new is not None and current.kind not in _POINT_KINDS and new.kind in _POINT_KINDS:
        return new
    return current


@dataclass
class EventCluster:
    """One event as many reports give it: its members and canonical type, parties, date and place."""

    block_key: str
    members: list[EventRecord] = field(default_factory=list)
    lo: date | None = None
    hi: date | None = None
    place: PlaceRef | None = None
    roots: frozenset[str] = frozenset()
    actor_roots: frozenset[str] = frozenset()
    recipient_roots: frozenset[str] = frozenset()

    @property
    def id(self) -> str:
        return cluster_id("EC", (m.key for m in self.members))

    def accepts(self, record: EventRecord) -> bool:
        """Whether ``record`` can be one more report of this event."""
        return (
            self.parties_fit(record)
            and dates_compatible(self.lo, self.hi, record.date_lo, record.date_hi)
            and places_compatible(self.place, record.place)
        )

    def parties_fit(self, record: EventRecord) -> bool:
        """Whether a report agrees with the event on who did it to whom.

        "Iran accused Israel" and "Israel accused Iran" are two accusations; "Iran met Israel" and "Israel and
        Iran held talks" are the same talks (reciprocal or symmetric). A report that leaves a party out
        ("the Egyptian minister held talks") fits; one that adds a different party does not.
        """
        if not _fits(record.roots, self.roots):
            return False
        if _directional(record):
            return _fits(_roots(record.actors), self.actor_roots) and _fits(
                _roots(record.recipients), self.recipient_roots
            )
        return True

    def add(self, record: EventRecord) -> None:
        """Add a report, narrowing the cluster's date to the overlap when the report's date overlaps it."""
        self.members.append(record)
        self.roots = self.roots | record.roots
        if _directional(record):
            self.actor_roots |= _roots(record.actors)
            self.recipient_roots |= _roots(record.recipients)
        if record.date_lo is not None and record.date_hi is not None:
            if self.lo is None or self.hi is None:
                self.lo, self.hi = record.date_lo, record.date_hi
            elif record.date_lo <= self.hi and self.lo <= record.date_hi:
                self.lo, self.hi = max(self.lo, record.date_lo), min(self.hi, record.date_hi)
        self.place = _more_specific(self.place, record.place)

    # -- canonical values ---------------------------------------------------------------------------------------
    @property
    def type(self) -> str:
        """The type most reports give (ties: alphabetical)."""
        counts = Counter(m.type for m in self.members)
        return min(counts, key=lambda t: (-counts[t], t))

    @property
    def parties(self) -> tuple[tuple[str, ...], tuple[str, ...], bool]:
        """(actor codes, recipient codes, reciprocal) as most reports give them, the most specific codes first."""
        counts = Counter((m.actors, m.recipients, m.reciprocal) for m in self.members)
        return min(counts, key=lambda p: (-counts[p], -sum(map(len, p[0] + p[1])), p))

    @property
    def granularity(self) -> str:
        return min((m.granularity for m in self.members), key=GRANULARITY_RANK.__getitem__)

    @property
    def date(self) -> str | None:
        """The event's date: a day when the reports pin it down, else the finest value a report gives."""
        if self.lo is not None and self.lo == self.hi:
            return self.lo.isoformat()
        values = [m for m in self.members if m.date_value]
        if values:
            return min(values, key=lambda m: (GRANULARITY_RANK[m.granularity], m.key)).date_value
        return self.hi.isoformat() if self.hi else None

    @property
    def modality(self) -> str:
        return self.members[0].modality

    @property
    def narrator_mentions(self) -> int:
        return sum(m.narrator for m in self.members)

    @property
    def intensity(self) -> float | None:
        """Mean Goldstein intensity over the reports that carry one."""
        values = [m.intensity for m in self.members if m.intensity is not None]
        return round(sum(values) / len(values), 2) if values else None


def _sort_key(record: EventRecord) -> tuple:
    # Finest dates first, and among them the reports naming most parties: they seat the clusters that
    # vaguer and partial reports then join.
    lo = record.date_lo or date.max
    return (GRANULARITY_RANK[record.granularity], -len(record.roots), lo, record.date_hi or date.max, record.key)


def cluster_block(records: Iterable[EventRecord]) -> list[EventCluster]:
    """Cluster the events of one block; the result depends only on the set of records, not their order."""
    ordered = sorted(records, key=_sort_key)
    tolerance = timedelta(days=settings().day_tolerance)
    clusters: list[EventCluster] = []
    # Clusters seated by dated reports, by their first date, and the widest date span any of them started
    # with (a cluster's span only narrows): together they bound the search for a report's candidates.
    starts: list[date] = []
    seated: list[EventCluster] = []
    widest = timedelta(0)
    undated: list[EventCluster] = []
    for record in ordered:
        if record.date_lo is None or record.date_hi is None:
            candidates = clusters
        else:
            lo = bisect_left(starts, record.date_lo - widest - tolerance)
            hi = bisect_right(starts, record.date_hi + tolerance)
            candidates = seated[lo:hi] + undated
        best: EventCluster | None = None
        for cluster in candidates:
            if cluster.accepts(record) and (best is None or len(cluster.members) > len(best.members)):
                best = cluster
        if best is None:
            best = EventCluster(block_key=record.block_key)
            if record.date_lo is None or record.date_hi is None:
                undated.append(best)
            else:
                at = bisect_right(starts, record.date_lo)
                starts.insert(at, record.date_lo)
                seated.insert(at, best)
                widest = max(widest, record.date_hi - record.date_lo)
            clusters.append(best)
        best.add(record)
    return sorted(clusters, key=lambda c: c.id)


def cluster_events(records: Iterable[EventRecord]) -> list[EventCluster]:
    """Cluster any number of event records: block by block (see `EventRecord.block_key`)."""
    blocks: dict[str, list[EventRecord]] = {}
    for record in records:
        blocks.setdefault(record.block_key, []).append(record)
    clusters = [c for key in sorted(blocks) for c in cluster_block(blocks[key])]
    return sorted(clusters, key=lambda c: c.id)
