"""dyad's offline gazetteer: place names to GeoNames ids, countries, admin regions and coordinates.

See `dyad.geo.build` for the sources and `dyad.geo.gazetteer` for lookups.
"""

from dyad.geo.gazetteer import Gazetteer, GeoEntry, haversine_km, load_gazetteer
from dyad.geo.names import normalize_name

__all__ = ["GeoEntry", "Gazetteer", "haversine_km", "load_gazetteer", "normalize_name"]
