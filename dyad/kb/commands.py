"""`dyad actors` and `dyad actor`: the knowledge base from the command line."""

from __future__ import annotations

import json

import click

from dyad.settings import DEFAULT_DB
from dyad.store import kb, open_store

DB_OPTION = click.option("--db", default=DEFAULT_DB, show_default="$DYAD_DB or dyad.db", help="Database.")


@click.group(invoke_without_command=True)
@DB_OPTION
@click.option("--kind", type=click.Choice(kb.LINKED_KINDS), help="Only actors of this kind.")
@click.option("--country", help="Only actors of this ISO alpha-3 country.")
@click.option("--limit", default=50, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="One JSON object per line.")
@click.pass_context
def actors(ctx: click.Context, db: str, kind: str | None, country: str | None, limit: int, as_json: bool) -> None:
    """List the knowledge base's actors, most reported first (or edit it: merge, rename, export, import)."""
    if ctx.invoked_subcommand is not None:
        return
    for row in kb.list_actors(open_store(db), kind=kind, country=country, limit=limit):
        if as_json:
            click.echo(json.dumps(row))
        else:
            click.echo(
                f"{row['id']}  {(row['code'] or '-'):8} {row['kind']:12} {row['name'][:40]:40} "
                f"articles {row['articles']:<4} quotes {row['quotes']:<4} events {row['events']}"
            )


@actors.command()
@click.argument("keep")
@click.argument("other")
@DB_OPTION
def merge(keep: str, other: str, db: str) -> None:
    """Merge OTHER into KEEP (names or ids): aliases, roles and article links move to KEEP."""
    merged = kb.merge_actors(open_store(db), keep, other)
    click.echo(f"merged into {merged['id']} ({merged['name']})")


@actors.command()
@click.argument("actor")
@click.argument("new_name")
@DB_OPTION
def rename(actor: str, new_name: str, db: str) -> None:
    """Give ACTOR a new canonical name; the old name stays an alias."""
    renamed = kb.rename_actor(open_store(db), actor, new_name)
    click.echo(f"{renamed['id']} is now '{renamed['name']}'")


@actors.command("export")
@click.option("--output", "-o", type=click.Path(dir_okay=False, writable=True), default="-")
@DB_OPTION
def export_command(output: str, db: str) -> None:
    """Write the knowledge base as JSON (to share it, or to undo later edits by importing it back)."""
    data = kb.export_kb(open_store(db))
    with click.open_file(output, "w", encoding="utf-8") as out:
        json.dump(data, out, indent=1, ensure_ascii=False)
        out.write("\n")
    if output != "-":
        click.echo(f"{len(data['actors'])} actors → {output}", err=True)


@actors.command("import")
@click.argument("file", type=click.File("r", encoding="utf-8"))
@DB_OPTION
def import_command(file, db: str) -> None:
    """Replace the knowledge base with FILE (from `dyad actors export`) and re-link every stored article."""
    try:
        data = json.load(file)
    except json.JSONDecodeError as exc:
        raise click.ClickException(f"{file.name}: not JSON ({exc.msg} at line {exc.lineno})") from None
    n = kb.import_kb(open_store(db), data)
    click.echo(f"imported {n} actors from {file.name}")


@click.command()
@click.argument("name")
@DB_OPTION
@click.option("--json", "as_json", is_flag=True)
def actor(name: str, db: str, as_json: bool) -> None:
    """Profile of one actor (name, alias or id): roles over time, aliases, quote and event counts."""
    profile = kb.actor_profile(open_store(db), name)
    if as_json:
        click.echo(json.dumps(profile, indent=2))
        return
    click.echo(f"{profile['name']}  [{profile['kind']}] {profile['code'] or ''}  id {profile['id']}")
    click.echo(
        f"  seen {profile['first_seen'] or '?'} … {profile['last_seen'] or '?'} in {profile['articles']} articles;"
        f" {profile['quotes']} quotes, {profile['events']} events"
    )
    click.echo(f"  aliases: {', '.join(profile['aliases']) or '-'}")
    for role in profile["roles"]:
        where = ", ".join(x for x in (role["organization"], role["country"]) if x)
        click.echo(
            f"  role: {role['title']}"
            + (f" ({where})" if where else "")
            + f"  {role['first_seen'] or '?'} … {role['last_seen'] or '?'}  ×{role['evidence']}"
        )


COMMANDS = {"actors": actors, "actor": actor}
