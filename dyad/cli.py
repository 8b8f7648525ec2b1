"""The `dyad` command line: a thin layer over the Python API."""

from __future__ import annotations

import importlib
import importlib.util
import sys
from pathlib import Path

import click

from dyad import __version__
from dyad.errors import DyadError, InputError
from dyad.export import CSV_TABLES
from dyad.ingest import NotEnglish
from dyad.ingest.common import parse_published
from dyad.report import format_analysis, format_stats
from dyad.settings import DEFAULT_DB, DEFAULT_MODEL
from dyad.store import open_store

# `dyad eval NAME` commands live beside their scorers; each module exposes a click command `command`.
EVAL_COMMANDS: dict[str, str] = {
    "actors": "dyad.evaluation.actors",
    "quotes": "dyad.evaluation.quotes",
    "time": "dyad.evaluation.timeml",
    "places": "dyad.evaluation.places",
    "events": "dyad.evaluation.events",
    "dating": "dyad.evaluation.dating",
}


# Commands that live beside the part they drive (and import heavy libraries: FastAPI, Ray), loaded
# only when run. Each module has COMMANDS: dict[str, click.Command].
LAZY_COMMANDS: dict[str, str] = {
    "serve": "dyad.api.commands",
    "quotes": "dyad.api.commands",
    "events": "dyad.api.commands",
    "places": "dyad.api.commands",
    "batch": "dyad.scale.commands",
    "load": "dyad.scale.commands",
    "cluster": "dyad.corroboration.commands",
    "timeline": "dyad.corroboration.commands",
    "explain": "dyad.corroboration.commands",
    "actors": "dyad.kb.commands",
    "actor": "dyad.kb.commands",
}


def _find_module(module: str) -> bool:
    try:
        return importlib.util.find_spec(module) is not None
    except ModuleNotFoundError:  # its parent package does not exist yet
        return False


class LazyGroup(click.Group):
    """The top-level group: built-in commands plus those of `LAZY_COMMANDS` whose module exists."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        lazy = [name for name, module in LAZY_COMMANDS.items() if _find_module(module)]
        return sorted(set(super().list_commands(ctx)) | set(lazy))

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        command = super().get_command(ctx, name)
        if command is not None or name not in LAZY_COMMANDS or not _find_module(LAZY_COMMANDS[name]):
            return command
        return importlib.import_module(LAZY_COMMANDS[name]).COMMANDS.get(name)


class LazyEvalGroup(click.Group):
    """Loads each scorer only when its command runs, so `dyad --help` stays fast."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(name for name, mod in EVAL_COMMANDS.items() if _find_module(mod))

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        module = EVAL_COMMANDS.get(name)
        if module is None or not _find_module(module):
            return None
        return importlib.import_module(module).command


@click.group(cls=LazyGroup)
@click.version_option(__version__, prog_name="dyad")
def cli() -> None:
    """dyad: who said and did what to whom, when and where."""


@cli.group(cls=LazyEvalGroup, name="eval")
def eval_group() -> None:
    """Score an extractor against gold data and print precision/recall/F1."""


DB_OPTION = click.option(
    "--db",
    default=DEFAULT_DB,
    show_default="$DYAD_DB or dyad.db",
    help="SQLite database file, or a postgresql://user@host/dbname URL.",
)
MODEL_OPTION = click.option("--model", default=DEFAULT_MODEL, show_default=True, help="Installed spaCy model package.")


def _analyzer(model: str):
    from dyad.nlp.pipeline import Analyzer  # loads spaCy: only for the commands that analyse

    return Analyzer(model)


@cli.command()
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--published", help="Publication date (ISO 8601) when the file does not give one.")
@click.option("--outlet", help="Outlet name when the file does not give one.")
@click.option("--format", "fmt", type=click.Choice(["json", "text"]), default="json", show_default=True)
@MODEL_OPTION
def analyze(file: Path, published: str | None, outlet: str | None, fmt: str, model: str) -> None:
    """Analyse FILE (text, HTML, JSONL, RSS/Atom or WARC) and print the analysis without storing it.

    One article prints one JSON object; a file of several prints one JSON object per line.
    """
    if not file.exists():
        raise InputError(str(file), "no such file")
    analyzer = _analyzer(model)
    override = parse_published(published, "--published") if published else None
    from dyad.runner import analyze_paths

    results = list(analyze_paths([file], analyzer, published=override, outlet=outlet))
    errors = [r for r in results if isinstance(r, InputError)]
    analyses = [r for r in results if not isinstance(r, InputError)]
    for error in errors:
        click.echo(f"dyad: skipped {error}", err=True)
    for analysis in analyses:
        if fmt == "json":
            click.echo(analysis.to_json(indent=2 if len(analyses) == 1 else None))
        else:
            click.echo(format_analysis(analysis) + "\n")
    if not analyses:
        raise DyadError(f"{file}: no article could be analysed")


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@DB_OPTION
@MODEL_OPTION
@click.option("--workers", default=1, show_default=True, help="Parser processes (spaCy n_process).")
@click.option("--force", is_flag=True, help="Analyse again articles already stored with this extractor version.")
@click.option("--quiet", "-q", is_flag=True, help="No progress line.")
def ingest(paths: tuple[str, ...], db: str, model: str, workers: int, force: bool, quiet: bool) -> None:
    """Read, analyse and store articles from files, folders and globs (PATHS).

    Articles already stored with the same extractor version are left as they are; an article
    stored by another version is replaced, all its facts at once. Unreadable inputs are
    reported with their reason and the batch goes on; the exit code is 1 when any failed.
    """
    from dyad.runner import IngestReport
    from dyad.runner import ingest as run_ingest

    store = open_store(db)
    analyzer = _analyzer(model)
    show = not quiet and sys.stderr.isatty()

    def progress(report: IngestReport) -> None:
        if show:
            click.echo(f"\r{report.seen} articles: {report.summary()}", nl=False, err=True)

    report = run_ingest(paths, store, analyzer, force=force, n_process=workers, on_progress=progress)
    if show:
        click.echo("", err=True)
    for error in report.errors:
        click.echo(f"  {'skipped' if isinstance(error, NotEnglish) else 'failed'}: {error}", err=True)
    click.echo(f"{report.summary()} → {db}")
    if report.failed:
        sys.exit(1)


@cli.command()
@DB_OPTION
def stats(db: str) -> None:
    """Counts of stored articles and facts."""
    click.echo(format_stats(open_store(db).stats()))


@cli.command()
@click.argument("article_id")
@DB_OPTION
@click.option("--format", "fmt", type=click.Choice(["json", "text"]), default="text", show_default=True)
def show(article_id: str, db: str, fmt: str) -> None:
    """Print a stored article's analysis (ARTICLE_ID may be a unique prefix of 6+ characters)."""
    analysis = open_store(db).analysis(article_id)
    click.echo(analysis.to_json(indent=2) if fmt == "json" else format_analysis(analysis))


@cli.command()
@DB_OPTION
@click.option("--limit", default=50, show_default=True)
def articles(db: str, limit: int) -> None:
    """List stored articles, newest first."""
    for row in open_store(db).articles(limit=limit):
        date = (row["published"] or "undated")[:10]
        click.echo(
            f"{row['id'][:12]}  {date:10}  {(row['outlet'] or '-')[:18]:18}  q{row['quotes']:<3} e{row['events']:<3} "
            f"{row['title'] or row['source'] or ''}"
        )


@cli.command()
@DB_OPTION
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["jsonl", "csv", "parquet", "gdelt", "dyads", "plover"]),
    default="jsonl",
    show_default=True,
    help="jsonl: whole analyses; csv/parquet: one table; gdelt: a tab-separated GDELT-style event table; "
    "dyads: counts and mean intensity per actor pair and period; plover: PLOVER JSON records.",
)
@click.option(
    "--table", type=click.Choice(CSV_TABLES), default="events", show_default=True, help="Table for csv/parquet."
)
@click.option(
    "--by", type=click.Choice(["week", "month"]), default="month", show_default=True, help="Period for dyads."
)
@click.option("--narrator-only", is_flag=True, help="gdelt: only events the narrator asserts (not inside quotes).")
@click.option("--output", "-o", type=click.Path(dir_okay=False, writable=True), help="File to write (default stdout).")
def export(db: str, fmt: str, table: str, by: str, narrator_only: bool, output: str | None) -> None:
    """Export analyses, tables, a GDELT-style event table, a dyadic series or PLOVER records."""
    from dyad import export as exports

    store = open_store(db)
    if fmt == "parquet":
        if not output:
            raise click.UsageError("--format parquet needs --output FILE")
        n = exports.export_parquet(store, table, Path(output))
        click.echo(f"{n} {table} rows → {output}", err=True)
        return
    with click.open_file(output or "-", "w", encoding="utf-8") as out:
        if fmt == "jsonl":
            n, what = exports.export_jsonl(store, out), "analyses"
        elif fmt == "csv":
            n, what = exports.export_csv(store, table, out), f"{table} rows"
        elif fmt == "gdelt":
            n, what = exports.write_rows(exports.gdelt_rows(store, narrator_only), out, delimiter="\t"), "events"
        elif fmt == "dyads":
            n, what = exports.write_rows(exports.dyad_rows(store, by), out), "dyad-period rows"
        else:
            n, what = exports.export_plover(store, out), "events"
    if output:
        click.echo(f"{n} {what} → {output}", err=True)


@cli.command()
@DB_OPTION
def check(db: str) -> None:
    """Check the database: SQLite integrity, orphan facts, and every span against its article text."""
    problems = open_store(db).check_integrity()
    for problem in problems:
        click.echo(problem)
    if problems:
        sys.exit(1)
    click.echo("ok")


def main() -> None:
    """Entry point: turns DyadError into a one-line message and a non-zero exit."""
    try:
        cli(standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("Aborted.", err=True)
        sys.exit(130)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except DyadError as exc:
        click.echo(f"dyad: error: {exc}", err=True)
        sys.exit(1)
    except KeyboardInterrupt:
        click.echo("Interrupted.", err=True)
        sys.exit(130)
