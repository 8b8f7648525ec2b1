"""Commands over the read side of the store: `dyad serve`, `dyad quotes`, `dyad events`, `dyad places`.

Each is a thin layer over `dyad.store.queries` (the same functions the API calls), printing text,
JSON or CSV.
"""

from __future__ import annotations

import csv
import json
import sys
from typing import Any

import click

from dyad.model import Modality
from dyad.settings import DEFAULT_DB
from dyad.store import open_store, queries

DB = click.option(
    "--db",
    default=DEFAULT_DB,
    show_default="$DYAD_DB or dyad.db",
    help="SQLite database file, or a postgresql://user@host/dbname URL.",
)
FORMAT = click.option("--format", "fmt", type=click.Choice(["text", "json", "csv"]), default="text", show_default=True)
LIMIT = click.option("--limit", default=50, show_default=True, type=click.IntRange(1, queries.MAX_LIMIT))
OFFSET = click.option("--offset", default=0, show_default=True, type=click.IntRange(0))


def _flat(row: dict[str, Any]) -> dict[str, Any]:
    """A row for CSV: lists of actors become codes (or names) joined by ';'."""
    out = {}
    for key, value in row.items():
        if isinstance(value, list):
            value = ";".join(
                str(v.get("code") or v.get("name") or "") if isinstance(v, dict) else str(v) for v in value
            )
        out[key] = value
    return out


def _emit(rows: list[dict[str, Any]], fmt: str, line: Any) -> None:
    if fmt == "json":
        for row in rows:
            click.echo(json.dumps(row, ensure_ascii=False))
    elif fmt == "csv":
        if rows:
            flat = [_flat(r) for r in rows]
            writer = csv.DictWriter(sys.stdout, fieldnames=list(flat[0]))
            writer.writeheader()
            writer.writerows(flat)
    else:
        for row in rows:
            click.echo(line(row))


def _clip(text: str | None, width: int = 110) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= width else text[: width - 1] + "…"


@click.command()
@DB
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.option("--allow-writes", is_flag=True, help="Enable POST /api/articles (needs --token).")
@click.option("--token", envvar="DYAD_TOKEN", help="Token clients must send to write ($DYAD_TOKEN).")
@click.option("--cors-origin", "cors", multiple=True, help="An origin allowed to call the API from a browser.")
def serve(db: str, host: str, port: int, allow_writes: bool, token: str | None, cors: tuple[str, ...]) -> None:
    """Serve the REST API (under /api, described at /openapi.json) and the web page on a store."""
    import uvicorn

    from dyad.api.app import create_app

    app = create_app(db, allow_writes=allow_writes, token=token, cors_origins=list(cors) or None)
    click.echo(f"dyad: serving {db} on http://{host}:{port}/ (writes {'on' if allow_writes else 'off'})", err=True)
    uvicorn.run(app, host=host, port=port, log_level="warning")


@click.command("quotes")
@click.option("--speaker", help="Words of the speaker's name.")
@click.option("--actor", help="Speaker's actor code (RUSGOV).")
@click.option("--text", help="Words of the quote (full-text search).")
@click.option("--since", help="From this date (YYYY, YYYY-MM or YYYY-MM-DD).")
@click.option("--until", help="Up to this date, inclusive.")
@click.option("--outlet", help="Outlet name.")
@click.option("--country", help="Speaker's country (ISO alpha-3).")
@DB
@FORMAT
@LIMIT
@OFFSET
def quotes_command(db: str, fmt: str, limit: int, offset: int, **filters: str | None) -> None:
    """Search stored quotations, newest first."""
    page = queries.search_quotes(open_store(db), **filters, limit=limit, offset=offset)

    def line(q: dict[str, Any]) -> str:
        day = (q["date"] or q["published"] or "undated")[:10]
        return f"{day}  {q['speaker_name'] or '?'} [{q['speaker_code'] or '-'}] ({q['cue'] or '-'}): {_clip(q['text'])}"

    _emit(page.items, fmt, line)
    if fmt == "text" and page.has_more:
        click.echo(f"… more: --offset {offset + limit}", err=True)


@click.command("events")
@click.option("--actor", help="Actor code among the event's actors.")
@click.option("--recipient", help="Actor code among the event's recipients.")
@click.option("--type", "type_", help="PLOVER event type.")
@click.option("--modality", type=click.Choice([m.value for m in Modality]), help="Modality.")
@click.option("--since", help="From this day (YYYY, YYYY-MM or YYYY-MM-DD).")
@click.option("--until", help="Up to this day, inclusive.")
@click.option("--place", help="Place name or GeoNames id.")
@click.option("--narrator-only", is_flag=True, help="Leave out events stated inside quotations.")
@DB
@FORMAT
@LIMIT
@OFFSET
def events_command(
    db: str, fmt: str, limit: int, offset: int, type_: str | None, narrator_only: bool, **filters: str | None
) -> None:
    """Filter stored events, newest day first."""
    page = queries.filter_events(
        open_store(db), type=type_, narrator_only=narrator_only, limit=limit, offset=offset, **filters
    )

    def line(e: dict[str, Any]) -> str:
        def who(xs: list[dict[str, Any]]) -> str:
            return ",".join(x["code"] or x["name"] or "?" for x in xs) or "?"

        arrow = "<->" if e["reciprocal"] else "->"
        return (
            f"{e['day'] or 'undated':10}  {e['type']:9} {who(e['actors'])} {arrow} {who(e['recipients'])}"
            f"  [{e['modality']}]  {_clip(e['sentence'], 80)}"
        )

    _emit(page.items, fmt, line)
    if fmt == "text" and page.has_more:
        click.echo(f"… more: --offset {offset + limit}", err=True)


@click.command("places")
@click.option("--country", help="ISO alpha-3 country.")
@DB
@FORMAT
@LIMIT
@OFFSET
def places_command(db: str, fmt: str, limit: int, offset: int, country: str | None) -> None:
    """Places named in the stored articles, with article and event counts."""
    page = queries.list_places(open_store(db), country=country, limit=limit, offset=offset)

    def line(p: dict[str, Any]) -> str:
        where = f"{p['lat']:.2f},{p['lon']:.2f}" if p["lat"] is not None else "-"
        return f"{p['articles']:6} articles {p['events']:5} events  {p['name']} ({p['country'] or '?'}) {where}"

    _emit(page.items, fmt, line)


COMMANDS: dict[str, click.Command] = {
    "serve": serve,
    "quotes": quotes_command,
    "events": events_command,
    "places": places_command,
}
