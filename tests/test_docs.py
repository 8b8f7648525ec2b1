"""The documentation is tested: the site builds with warnings as errors, the CLI reference is the CLI's own,
the GDELT page's column table is the events table's, and every docstring example runs."""

from __future__ import annotations

import doctest
import importlib
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCTEST_MODULES = ["dyad.workbench", "dyad.model", "dyad.store.sqlite"]


@pytest.mark.slow
def test_cli_reference_is_generated_from_the_current_cli():
    # A subprocess, so that DYAD_DB / DYAD_MODEL defaults read at import match what the script documents.
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "gen_cli_docs.py"), "--check"], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr + "\nregenerate with: python scripts/gen_cli_docs.py"


def test_cli_reference_names_every_lazy_and_eval_command():
    from dyad.cli import EVAL_COMMANDS, LAZY_COMMANDS

    page = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    for name in LAZY_COMMANDS:
        assert f"## `dyad {name}`" in page
    for name in EVAL_COMMANDS:
        assert f"### `dyad eval {name}`" in page


def test_gdelt_page_lists_every_event_column_with_its_gdelt_equivalent():
    from dyad.workbench import EVENT_COLUMNS

    page = (ROOT / "docs" / "gdelt.md").read_text(encoding="utf-8")
    table = page.split("<!-- EVENT_COLUMNS -->")[1].split("<!-- /EVENT_COLUMNS -->")[0]
    rows = re.findall(r"^\| `(\w+)` \| (.+) \|$", table, flags=re.M)
    assert rows == list(EVENT_COLUMNS.items())


@pytest.mark.slow
@pytest.mark.parametrize("module", DOCTEST_MODULES)
def test_docstring_examples_run(module):
    result = doctest.testmod(importlib.import_module(module), optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.attempted > 0
    assert result.failed == 0


def test_every_public_function_of_the_python_api_has_an_example():
    from dyad import workbench

    public = [workbench.analyze, workbench.analyze_many, workbench.open, workbench.render, workbench.make_article]
    public += [
        member for name, member in vars(workbench.Dataset).items() if callable(member) and not name.startswith("_")
    ]
    missing = [f.__qualname__ for f in public if ">>>" not in (f.__doc__ or "")]
    assert not missing


@pytest.mark.slow
def test_site_builds_offline_with_warnings_as_errors(tmp_path):
    mkdocs = shutil.which("mkdocs", path=str(Path(sys.executable).parent))
    assert mkdocs, "mkdocs is in the dev extra: pip install -e '.[dev]'"
    result = subprocess.run(
        [mkdocs, "build", "--strict", "--site-dir", str(tmp_path / "site")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "site" / "index.html").exists()
    api = (tmp_path / "site" / "api.html").read_text(encoding="utf-8")
    assert "analyze_many" in api and "Dataset" in api  # the reference was generated from the docstrings
    head = (tmp_path / "site" / "index.html").read_text(encoding="utf-8").split("<body")[0]
    assert not re.search(r'(src|href)="(https?:)?//', head)  # no fonts, scripts or styles from the network
