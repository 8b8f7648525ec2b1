"""`dyad batch` and `dyad load`: thin commands over `run_batch` and `load_output`."""

from __future__ import annotations

import importlib.util
import sys

import click

from dyad.errors import DyadError
from dyad.scale.inputs import DEFAULT_CHUNK_SIZE
from dyad.settings import DEFAULT_DB, DEFAULT_MODEL


def require(*modules: str) -> None:
    """Fail with a clear message when the optional `scale` dependencies are not installed."""
    missing = [m for m in modules if importlib.util.find_spec(m) is None]
    if missing:
        raise DyadError(f"{', '.join(missing)} not installed; install dyad's scale extra: pip install 'dyad[scale]'")


def _records(n: int) -> str:
    return f"{n:,} record" + ("" if n == 1 else "s")


@click.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("--output", "-o", required=True, help="Output folder for the Parquet tables (a rerun resumes).")
@click.option("--engine", type=click.Choice(["local", "ray"]), default="local", show_default=True)
@click.option("--address", help="Ray cluster to join (e.g. ray://head:10001 or auto); default: a local Ray.")
@click.option("--workers", type=click.IntRange(min=1), help="Worker processes / Ray actors [default: all CPUs].")
@click.option(
    "--chunk-size",
    default=DEFAULT_CHUNK_SIZE,
    show_default=True,
    help="Records per chunk (one Parquet part per table).",
)
@click.option("--model", default=DEFAULT_MODEL, show_default=True, help="Installed spaCy model package.")
@click.option("--quiet", "-q", is_flag=True, help="No progress output.")
def batch(
    inputs: tuple[str, ...],
    output: str,
    engine: str,
    address: str | None,
    workers: int | None,
    chunk_size: int,
    model: str,
    quiet: bool,
) -> None:
    """Analyse JSONL, Parquet and WARC files (INPUTS: files, folders, globs) into Parquet tables.

    Writes articles, mentions, actors, quotes, events, times, places and errors under OUTPUT, one
    folder per table. Records that cannot be read or analysed go to the errors table and the job
    goes on. Input files finished by an earlier run into the same OUTPUT are skipped.
    """
    require("pyarrow", *(["ray"] if engine == "ray" else []))
    from dyad.scale.batch import BatchReport, run_batch

    show = not quiet and sys.stderr.isatty()

    def progress(report: BatchReport) -> None:
        if show:
            click.echo(
                f"\r{report.articles:,} articles, {report.errors:,} errors, {report.chunks} chunks", nl=False, err=True
            )

    report = run_batch(
        list(inputs), output, engine=engine, workers=workers, address=address, model=model,
        chunk_size=chunk_size, quiet=quiet, on_progress=progress,
    )  # fmt: skip
    if show:
        click.echo("", err=True)
    for error in report.input_errors:
        click.echo(f"  skipped: {error}", err=True)
    rate = f", {report.articles_per_second:.1f} articles/s start-up included" if report.articles else ""
    click.echo(f"{report.summary()} in {report.seconds:.1f} s on {report.workers} {engine} workers{rate} → {output}")
    if report.errors:
        click.echo(f"  {_records(report.errors)} could not be read or analysed: see {output}/errors/", err=True)


@click.command()
@click.argument("output", type=click.Path(exists=True, file_okay=False))
@click.option("--db", default=DEFAULT_DB, show_default="$DYAD_DB or dyad.db", help="Store to load into.")
def load(output: str, db: str) -> None:
    """Load a `dyad batch` OUTPUT folder into the store (idempotent: loading twice changes nothing)."""
    require("pyarrow")
    from dyad.scale.load import count_errors, load_output
    from dyad.store import open_store

    counts = load_output(output, open_store(db))
    click.echo(f"{counts['added']} added, {counts['replaced']} replaced, {counts['unchanged']} unchanged → {db}")
    errors = count_errors(output)
    if errors:
        click.echo(f"  {_records(errors)} of the batch could not be read or analysed: see {output}/errors/", err=True)


COMMANDS: dict[str, click.Command] = {"batch": batch, "load": load}
