"""Plain-text views of analyses and store statistics, for the terminal."""

from __future__ import annotations

from dyad.model import Analysis


def _clip(text: str, width: int = 100) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def format_analysis(a: Analysis) -> str:
    """A readable summary of one analysis: article line, then one section per kind of fact."""
    art = a.article
    published = art.published.date().isoformat() if art.published else "unknown date"
    lines = [
        f"{art.title or '(untitled)'}",
        f"  id {art.id} · {art.outlet or 'unknown outlet'} · {published} ({art.published_source.value})"
        f" · {len(art.text.split())} words · {a.extractor_version}",
    ]
    if a.actors:
        lines.append(f"\nActors ({len(a.actors)})")
        for x in a.actors:
            roles = "; ".join(r.title for r in x.roles)
            lines.append(f"  {x.code or '-':8} {x.name}" + (f" — {roles}" if roles else "") + f"  [{x.kind}]")
    if a.quotes:
        lines.append(f"\nQuotes ({len(a.quotes)})")
        for q in a.quotes:
            who = a.actor(q.speaker_actor_id)
            speaker = who.name if who else (q.speaker.text if q.speaker else "unknown speaker")
            cue = q.cue.text if q.cue else "-"
            content = " … ".join(s.text for s in q.content)
            lines.append(f"  {speaker} ({cue}, {q.kind.value}): {_clip(content)}")
    if a.events:
        lines.append(f"\nEvents ({len(a.events)})")
        for e in a.events:
            names = [(x.code or x.name) for i in e.actors if (x := a.actor(i))]
            targets = [(x.code or x.name) for i in e.recipients if (x := a.actor(i))]
            if e.reciprocal and not targets:
                who = " <-> ".join(names) if len(names) > 1 else f"{names[0] if names else '?'} <-> ?"
            else:
                who = f"{', '.join(names) or '?'} -> {', '.join(targets) or '?'}"
            lines.append(f"  {e.type:9} {who}  [{e.modality.value}] {e.date or ''}  “{_clip(e.trigger.text, 40)}”")
    if a.times:
        lines.append(f"\nTime expressions ({len(a.times)})")
        for t in a.times:
            lines.append(f"  {t.span.text!r:30} {t.type:8} {t.value}" + (f" ({t.mod})" if t.mod else ""))
    if a.places:
        lines.append(f"\nPlaces ({len(a.places)})")
        for p in a.places:
            where = f"{p.lat:.2f},{p.lon:.2f}" if p.lat is not None and p.lon is not None else "no coordinates"
            lines.append(f"  {p.name:25} {p.country or '-':4} {p.kind:10} {where}  geonames {p.geonameid or '-'}")
    people = [m for m in a.mentions if m.label in ("PERSON", "ORG", "GPE", "NORP", "LOC")]
    if people and not a.actors:
        lines.append(f"\nEntity mentions ({len(people)})")
        for m in people:
            lines.append(f"  {m.label:7} {m.span.text}")
    for w in a.warnings:
        lines.append(f"\nwarning: {w}")
    return "\n".join(lines)


def format_stats(stats: dict) -> str:
    """The store's counts as aligned lines."""
    lines = []
    for key, value in stats.items():
        if isinstance(value, list):
            value = ", ".join(value) or "-"
        lines.append(f"{key.replace('_', ' '):20} {value}")
    return "\n".join(lines)
