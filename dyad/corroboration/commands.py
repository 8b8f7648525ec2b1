"""`dyad cluster`, `dyad timeline` and `dyad explain`: across-article commands, thin over `dyad.store.clusters`."""

from __future__ import annotations

import csv
import io

import click

from dyad.settings import DEFAULT_DB
from dyad.store import clusters as store_clusters
from dyad.store import open_store

DB_OPTION = click.option("--db", default=DEFAULT_DB, show_default="$DYAD_DB or dyad.db", help="SQLite database file.")


@click.command()
@DB_OPTION
def cluster(db: str) -> None:
    """Group near-duplicate articles and cluster events and statements across the stored articles.

    Incremental: only articles stored since the last run are read, and only the clusters they can join
    are recomputed. Any ingest order gives the same clusters.
    """
    store = open_store(db)
    report = store_clusters.update_clusters(store)
    click.echo(report.summary())


def _table(rows: list[dict], columns: list[str]) -> str:
    widths = [max([len(c)] + [len(_cell(r.get(c))) for r in rows]) for c in columns]
    lines = ["  ".join(c.ljust(w) for c, w in zip(columns, widths, strict=True)).rstrip()]
    lines += ["  ".join(_cell(r.get(c)).ljust(w) for c, w in zip(columns, widths, strict=True)).rstrip() for r in rows]
    return "\n".join(lines)


def _cell(value: object) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:+.2f}"
    return str(value)


@click.command()
@click.option("--actor", required=True, help="Actor code or its prefix (RUS matches RUSGOV, RUSMIL).")
@click.option("--recipient", help="Recipient code or its prefix.")
@click.option("--by", type=click.Choice(["week", "month"]), default="month", show_default=True)
@click.option("--all-modalities", is_flag=True, help="Count planned, hypothetical, desired and negated events too.")
@click.option("--include-quoted", is_flag=True, help="Count events known only from inside quotations too.")
@click.option("--format", "fmt", type=click.Choice(["text", "csv", "json"]), default="text", show_default=True)
@DB_OPTION
def timeline(
    actor: str, recipient: str | None, by: str, all_modalities: bool, include_quoted: bool, fmt: str, db: str
) -> None:
    """Events of an actor (towards a recipient) per week or month and PLOVER type, with mean intensity.

    Counts events, not articles: a meeting reported by forty outlets counts once (the articles and
    independent reports columns say how well each period's events are attested). Clusters are
    brought up to date with the stored articles first.
    """
    store = open_store(db)
    store_clusters.update_clusters(store)
    rows = store_clusters.timeline(store, actor, recipient, by, all_modalities, include_quoted)
    columns = ["period", "type", "events", "mean_intensity", "articles", "reports"]
    if fmt == "json":
        click.echo(store_clusters.dumps(rows))
    elif fmt == "csv":
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        click.echo(out.getvalue(), nl=False)
    elif rows:
        click.echo(_table(rows, columns))
    else:
        click.echo(f"no events of {actor}{' towards ' + recipient if recipient else ''} (try --all-modalities)")


def highlight(sentence: str, marks: dict[str, list[tuple[int, int]]]) -> str:
    """The sentence with the trigger in bold red, actors in cyan and recipients in yellow (offsets are local)."""
    styles = {"trigger": {"fg": "red", "bold": True}, "actors": {"fg": "cyan"}, "recipients": {"fg": "yellow"}}
    spans = sorted(((s, e, kind) for kind, ranges in marks.items() for s, e in ranges), key=lambda x: (x[0], -x[1]))
    out, at = [], 0
    for start, end, kind in spans:
        if start < at:  # overlapping marks: the first one wins
            continue
        out.append(sentence[at:start])
        out.append(click.style(sentence[start:end], **styles[kind]))
        at = end
    out.append(sentence[at:])
    return "".join(out)


def _date(value: str | None) -> str:
    return value[:10] if value else "undated"


@click.command()
@click.argument("event_id")
@DB_OPTION
def explain(event_id: str, db: str) -> None:
    """Show the evidence for an event: each supporting sentence with its article, outlet and date.

    EVENT_ID is an event cluster id (EC…), a statement id (SC…), or one mention as ARTICLE_ID:EVENT_ID
    (a unique prefix of the article id will do).
    """
    store = open_store(db)
    store_clusters.update_clusters(store)
    if event_id.startswith("SC"):
        _explain_statement(store, event_id)
        return
    cid = store_clusters.resolve_event_cluster(store, event_id)
    row = store_clusters.event_cluster(store, cid)
    parties = " ↔ ".join(filter(None, [row["actor_codes"], row["recipient_codes"]]))
    if not row["reciprocal"]:
        parties = f"{row['actor_codes'] or '?'} → {row['recipient_codes'] or '?'}"
    click.echo(click.style(f"{cid}  {row['type']}  {parties}", bold=True))
    click.echo(
        f"date {row['date'] or 'unknown'} ({row['granularity']})  place {row['place_name'] or 'unknown'}  "
        f"modality {row['modality']}  intensity {_cell(row['intensity'])}"
    )
    click.echo(
        f"{row['mentions']} mentions in {row['articles']} articles, {row['reports']} independent reports, "
        f"{row['outlets']} outlets; first reported {_date(row['first_report'])}, last {_date(row['last_report'])}"
    )
    for item in store_clusters.event_evidence(store, cid):
        size = item["group_size"] or 1
        copy = f"  (one of {size} near-duplicate articles, group {item['dup_group'][:12]})" if size > 1 else ""
        inside = f"  [inside quote {item['quote_id']}]" if item["quote_id"] else ""
        click.echo(
            f"\n{_date(item['published'])}  {item['outlet'] or 'unknown outlet'}  "
            f"{item['article_id'][:12]}:{item['event_id']}{copy}{inside}"
        )
        if item["title"]:
            click.echo(f"  {item['title']}")
        marks = {k: item[k] for k in ("trigger", "actors", "recipients")}
        click.echo("  " + highlight(item["sentence"], marks))


def _explain_statement(store, cluster_id: str) -> None:
    row = store_clusters.statement_cluster(store, cluster_id)
    click.echo(
        click.style(
            f"{cluster_id}  {row['speaker_name'] or 'unknown speaker'} ({row['speaker_code'] or '-'})", bold=True
        )
    )
    click.echo(f"  {row['text']}")
    click.echo(
        f"{row['mentions']} reports in {row['articles']} articles, {row['reports']} independent, "
        f"{row['outlets']} outlets; first {_date(row['first_report'])}, last {_date(row['last_report'])}"
    )
    for item in store_clusters.statement_evidence(store, cluster_id):
        click.echo(
            f"\n{_date(item['published'])}  {item['outlet'] or 'unknown outlet'}  {item['article_id'][:12]}:{item['quote_id']}"
        )
        click.echo(f"  {item['speaker'] or '?'} {item['cue'] or ''}: " + click.style(item["text"], fg="green"))


COMMANDS: dict[str, click.Command] = {"cluster": cluster, "timeline": timeline, "explain": explain}
