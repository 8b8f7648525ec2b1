"""Turn analyses and query results into what the templates draw: highlighted text, SVG geometry.

Nothing here builds HTML: it returns plain data (text pieces, coordinates, labels) and the Jinja2
templates, which escape every value, turn them into markup. So no text from an article can become
markup, whatever it contains.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from importlib import resources
from typing import Any

from dyad.model import Analysis

# Which highlight wins the click when several overlap: the most specific fact first.
_KIND_ORDER = {"event": 0, "time": 1, "place": 2, "actor": 3, "quote": 4}


@dataclass
class Item:
    """One fact of an article as the page shows it: its spans, a label, and its evidence lines."""

    id: str
    kind: str
    label: str
    spans: list[tuple[int, int]]
    evidence: list[tuple[str, str]] = field(default_factory=list)
    links: list[tuple[str, str, dict[str, str]]] = field(default_factory=list)


@dataclass
class Segment:
    """A stretch of article text with the ids and kinds of the facts that cover it."""

    text: str
    ids: list[str]
    kinds: list[str]


def article_items(a: Analysis, kb_ids: dict[str, str] | None = None) -> list[Item]:
    """The facts of an analysis as page items: actors, quotes, events, times and places, with evidence.

    ``kb_ids`` maps the article's actor ids to their knowledge-base actors, whose pages the actors link to."""
    text = a.article.text
    items: list[Item] = []
    for actor in a.actors:
        spans = [(m.span.start, m.span.end) for m in a.mentions if m.actor_id == actor.id]
        evidence = [("kind", actor.kind), ("code", actor.code or "—"), ("country", actor.country or "—")]
        evidence += [("role", r.title + (f" ({r.organization})" if r.organization else "")) for r in actor.roles]
        if actor.aliases:
            evidence.append(("also called", ", ".join(actor.aliases)))
        kb_id = (kb_ids or {}).get(actor.id)
        link = {"id": kb_id} if kb_id else {"code": actor.code} if actor.code else {"name": actor.name}
        items.append(Item(actor.id, "actor", actor.name, spans, evidence, [("actor page", "actor_page", link)]))
    for q in a.quotes:
        speaker = a.actor(q.speaker_actor_id)
        who = speaker.name if speaker else (q.speaker.text if q.speaker else "unknown speaker")
        evidence = [("speaker", who), ("kind", q.kind.value)]
        if q.speaker_role:
            evidence.append(("role", q.speaker_role))
        if q.cue:
            evidence.append(("cue", q.cue.text))
        if q.channel:
            evidence.append(("channel", q.channel.text))
        if q.date:
            evidence.append(("date", f"{q.date} ({q.date_source})"))
        if q.sentence:
            evidence.append(("sentence", q.sentence.text))
        links = []
        if speaker:
            links.append(("speaker: " + speaker.name, "actor_page",
                          {"code": speaker.code} if speaker.code else {"name": speaker.name}))  # fmt: skip
        content = " … ".join(s.text for s in q.content)
        items.append(Item(q.id, "quote", _clip(f"{who}: {content}"), [(s.start, s.end) for s in q.content],
                          evidence, links))  # fmt: skip
    for e in a.events:

        def names(ids: list[str]) -> str:
            return ", ".join(f"{x.name} ({x.code})" if x.code else x.name for i in ids if (x := a.actor(i))) or "—"

        evidence = [("type", e.type + (f" / {e.mode}" if e.mode else "")), ("actors", names(e.actors))]
        if not e.reciprocal:
            evidence.append(("recipients", names(e.recipients)))
        evidence += [("modality", e.modality.value), ("stated by", "a quotation" if e.quote_id else "the narrator")]
        if e.cameo:
            evidence.append(("CAMEO", e.cameo))
        if e.intensity is not None:
            evidence.append(("intensity", f"{e.intensity:+.1f}"))
        if e.date:
            evidence.append(("date", f"{e.date} ({e.date_source})"))
        place = next((p for p in a.places if p.id == e.place_id), None)
        if place:
            evidence.append(("place", place.name))
        evidence.append(("sentence", e.sentence.text))
        label = f"{e.type}: {e.trigger.text}"
        items.append(Item(e.id, "event", label, [(e.trigger.start, e.trigger.end)], evidence))
    for t in a.times:
        evidence = [("value", t.value), ("type", t.type), ("granularity", t.granularity), ("anchor", t.anchor)]
        if t.mod:
            evidence.append(("mod", t.mod))
        items.append(Item(t.id, "time", f"{t.span.text} → {t.value}", [(t.span.start, t.span.end)], evidence))
    for p in a.places:
        evidence = [("country", p.country or "—"), ("kind", p.kind)]
        if p.admin1:
            evidence.append(("region", p.admin1))
        if p.lat is not None and p.lon is not None:
            evidence.append(("coordinates", f"{p.lat:.3f}, {p.lon:.3f}"))
        if p.geonameid:
            evidence.append(("GeoNames id", str(p.geonameid)))
        items.append(Item(p.id, "place", p.name, [(s.start, s.end) for s in p.spans], evidence))
    for item in items:
        # Keep only spans that lie inside the text (a bad offset must not break the page).
        item.spans = [(s, e) for s, e in item.spans if 0 <= s < e <= len(text)]
    return items


def segments(text: str, items: list[Item]) -> list[Segment]:
    """Cut the text at every span boundary; each piece lists the items covering it (innermost first).

    >>> [(s.text, s.ids) for s in segments("Keller met Li.", [Item("A1", "actor", "Keller", [(0, 6)])])]
    [('Keller', ['A1']), (' met Li.', [])]
    """
    cuts = {0, len(text)}
    for item in items:
        for start, end in item.spans:
            cuts.update((start, end))
    bounds = sorted(cuts)
    # Starts and ends by position, so one sweep keeps the set of open items.
    opens: dict[int, list[Item]] = {}
    closes: dict[int, list[Item]] = {}
    for item in items:
        for start, end in item.spans:
            opens.setdefault(start, []).append(item)
            closes.setdefault(end, []).append(item)
    active: dict[str, tuple[Item, int]] = {}
    out: list[Segment] = []
    for left, right in zip(bounds, bounds[1:], strict=False):
        for item in closes.get(left, []):
            count = active.get(item.id, (item, 0))[1] - 1
            if count <= 0:
                active.pop(item.id, None)
            else:
                active[item.id] = (item, count)
        for item in opens.get(left, []):
            active[item.id] = (item, active.get(item.id, (item, 0))[1] + 1)
        covering = sorted((it for it, _ in active.values()), key=lambda it: (_KIND_ORDER[it.kind], it.id))
        out.append(
            Segment(
                text[left:right], [it.id for it in covering], sorted({it.kind for it in covering}, key=_KIND_ORDER.get)
            )
        )
    return out


def _clip(text: str, width: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


# -- charts ------------------------------------------------------------------------------------------------------
def intensity_colour(value: float | None) -> str:
    """A colour for a mean Goldstein intensity: red for conflict (-10), grey for 0, green for cooperation (+10)."""
    if value is None:
        return "#888888"
    t = max(-1.0, min(1.0, value / 10.0))
    grey, red, green = (136, 136, 136), (200, 40, 40), (30, 150, 70)
    end = green if t > 0 else red
    mix = [round(g + (e - g) * abs(t)) for g, e in zip(grey, end, strict=True)]
    return "#{:02x}{:02x}{:02x}".format(*mix)


def graph_layout(graph: dict[str, Any], size: int = 640, max_nodes: int = 40) -> dict[str, Any]:
    """Place the graph's nodes on a circle (heaviest first, clockwise from the top) and its edges between them."""
    nodes = graph["nodes"][:max_nodes]
    centre, radius = size / 2, size / 2 - 70
    placed = {}
    for i, node in enumerate(nodes):
        angle = 2 * math.pi * i / max(1, len(nodes)) - math.pi / 2
        placed[node["id"]] = {
            **node,
            "x": round(centre + radius * math.cos(angle), 1),
            "y": round(centre + radius * math.sin(angle), 1),
            "r": round(5 + 3 * math.sqrt(node["events"]), 1),
            "anchor": "start" if math.cos(angle) > 0.1 else ("end" if math.cos(angle) < -0.1 else "middle"),
            "lx": round(centre + (radius + 14) * math.cos(angle), 1),
            "ly": round(centre + (radius + 14) * math.sin(angle) + 4, 1),
        }
    heaviest = max((e["events"] for e in graph["edges"]), default=1)
    edges = []
    for edge in graph["edges"]:
        source, target = placed.get(edge["source"]), placed.get(edge["target"])
        if not source or not target:
            continue
        # Bend each directed edge a little, so A→B and B→A are two visible curves.
        mx, my = (source["x"] + target["x"]) / 2, (source["y"] + target["y"]) / 2
        dx, dy = target["x"] - source["x"], target["y"] - source["y"]
        cx, cy = mx - dy * 0.12, my + dx * 0.12
        # Stop at the target's rim, so the arrowhead is not hidden under the node.
        tx, ty = target["x"] - cx, target["y"] - cy
        norm = math.hypot(tx, ty) or 1.0
        ex, ey = target["x"] - tx / norm * (target["r"] + 2), target["y"] - ty / norm * (target["r"] + 2)
        edges.append(
            {
                **edge,
                "path": f"M{source['x']},{source['y']} Q{cx:.1f},{cy:.1f} {ex:.1f},{ey:.1f}",
                "width": round(1 + 7 * edge["events"] / heaviest, 1),
                "colour": intensity_colour(edge["mean_intensity"]),
            }
        )
    return {"size": size, "nodes": list(placed.values()), "edges": edges}


def fill_periods(periods: list[str], interval: str) -> list[str]:
    """Every period from the first to the last, so that quiet months or weeks show as zero, not as a gap.

    >>> fill_periods(["2024-11", "2025-01"], "month")
    ['2024-11', '2024-12', '2025-01']
    """
    if not periods:
        return []
    first, last = min(periods), max(periods)
    out = [first]
    while out[-1] < last and len(out) < 1000:
        if interval == "month":
            year, month = int(out[-1][:4]), int(out[-1][5:7])
            out.append(f"{year + (month == 12):04d}-{month % 12 + 1:02d}")
        else:
            out.append((date.fromisoformat(out[-1]) + timedelta(days=7)).isoformat())
    return out


def timeline_chart(
    rows: list[dict[str, Any]], interval: str = "month", width: int = 760, height: int = 260
) -> dict[str, Any]:
    """Cooperation (QuadClass 1–2) and conflict (3–4) counts per period as two polylines, plus axis labels."""
    periods = fill_periods(sorted({r["period"] for r in rows}), interval)
    coop = {p: 0 for p in periods}
    conflict = {p: 0 for p in periods}
    for r in rows:
        if r["quad_class"] in (1, 2):
            coop[r["period"]] += r["count"]
        elif r["quad_class"] in (3, 4):
            conflict[r["period"]] += r["count"]
    top = max([1, *coop.values(), *conflict.values()])
    left, right, upper, lower = 40, width - 40, 10, height - 30
    step = (right - left) / max(1, len(periods) - 1)

    def points(series: dict[str, int]) -> list[tuple[float, float]]:
        return [
            (round(left + i * step if len(periods) > 1 else (left + right) / 2, 1),
             round(lower - (lower - upper) * series[p] / top, 1))
            for i, p in enumerate(periods)
        ]  # fmt: skip

    every = max(1, math.ceil(len(periods) / 10))
    return {
        "width": width,
        "height": height,
        "periods": periods,
        "top": top,
        "cooperation": points(coop),
        "conflict": points(conflict),
        "ticks": [(x, p) for i, ((x, _), p) in enumerate(zip(points(coop), periods, strict=True)) if i % every == 0],
        "axis": {"left": left, "right": right, "upper": upper, "lower": lower},
        "totals": {"cooperation": sum(coop.values()), "conflict": sum(conflict.values())},
    }


# -- map ---------------------------------------------------------------------------------------------------------
MAP_WIDTH, MAP_HEIGHT = 960, 480


def project(lat: float, lon: float) -> tuple[float, float]:
    """Equirectangular projection onto the map's SVG coordinates."""
    return round((lon + 180) / 360 * MAP_WIDTH, 1), round((90 - lat) / 180 * MAP_HEIGHT, 1)


@lru_cache(maxsize=1)
def country_paths() -> list[tuple[str, str]]:
    """(country name, SVG path) for every country of the vendored world-atlas TopoJSON, decoded once."""
    raw = resources.files("dyad.web").joinpath("static/vendor/world-atlas/countries-110m.json").read_text()
    topo = json.loads(raw)
    (sx, sy), (tx, ty) = topo["transform"]["scale"], topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:
        # TopoJSON arcs are quantised and delta-encoded.
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append(project(y * sy + ty, x * sx + tx))
        arcs.append(points)

    def ring(indices: list[int]) -> str:
        points: list[tuple[float, float]] = []
        for index in indices:
            arc = arcs[index] if index >= 0 else arcs[~index][::-1]
            points.extend(arc if not points else arc[1:])
        # A ring that crosses the antimeridian (Russia, Fiji) jumps across the map: lift the pen there.
        path, last_x, cut = [], None, False
        for x, y in points:
            jump = last_x is not None and abs(x - last_x) > MAP_WIDTH / 2
            cut = cut or jump
            path.append(f"{'M' if jump or last_x is None else 'L'}{x},{y}")
            last_x = x
        # A cut ring is left open: closing it would draw a line back across the map.
        return "".join(path) + ("" if cut else "Z")

    out = []
    for geometry in topo["objects"]["countries"]["geometries"]:
        polygons = geometry.get("arcs", [])
        if geometry["type"] == "Polygon":
            polygons = [polygons]
        path = "".join(ring(r) for polygon in polygons for r in polygon)
        if path:
            out.append((geometry.get("properties", {}).get("name", ""), path))
    return out


def map_points(locations: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Event locations as circles on the map, sized by their event counts."""
    heaviest = max((p["events"] for p in locations), default=1)
    out = []
    for p in locations:
        x, y = project(p["lat"], p["lon"])
        out.append({**p, "x": x, "y": y, "r": round(3 + 9 * math.sqrt(p["events"] / heaviest), 1)})
    return out
