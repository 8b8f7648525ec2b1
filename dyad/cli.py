"""The `dyad` command line: a thin layer over the Python API."""

from __future__ import annotations

import importlib
import sys

import click

from dyad import __version__
from dyad.errors import DyadError

# `dyad eval NAME` commands live beside their scorers; each module exposes a click command `command`.
EVAL_COMMANDS: dict[str, str] = {
    "actors": "dyad.evaluation.actors",
    "quotes": "dyad.evaluation.quotes",
    "time": "dyad.evaluation.timeml",
    "places": "dyad.evaluation.places",
    "events": "dyad.evaluation.events",
}


class LazyEvalGroup(click.Group):
    """Loads each scorer only when its command runs, so `dyad --help` stays fast."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(name for name, mod in EVAL_COMMANDS.items() if importlib.util.find_spec(mod) is not None)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        module = EVAL_COMMANDS.get(name)
        if module is None or importlib.util.find_spec(module) is None:
            return None
        return importlib.import_module(module).command


@click.group()
@click.version_option(__version__, prog_name="dyad")
def cli() -> None:
    """dyad: who said and did what to whom, when and where."""


@cli.group(cls=LazyEvalGroup, name="eval")
def eval_group() -> None:
    """Score an extractor against gold data and print precision/recall/F1."""


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
