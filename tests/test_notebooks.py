"""The tutorial notebooks run top to bottom, so they can never go stale; they are committed without outputs."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"
TUTORIALS = ["analyse_articles.ipynb", "batch_and_plot.ipynb"]


@pytest.mark.parametrize("name", TUTORIALS)
def test_notebook_is_committed_without_outputs(name):
    notebook = nbformat.read(NOTEBOOKS / name, as_version=4)
    nbformat.validate(notebook)
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    assert code
    assert all(not cell.outputs and cell.execution_count is None for cell in code)


@pytest.mark.slow
@pytest.mark.parametrize("name", TUTORIALS)
def test_notebook_runs_top_to_bottom(name, tmp_path, monkeypatch):
    from nbclient import NotebookClient

    monkeypatch.setenv("MPLBACKEND", "Agg")
    monkeypatch.setenv("TMPDIR", str(tmp_path))  # the notebooks' temporary folders land here
    notebook = nbformat.read(NOTEBOOKS / name, as_version=4)
    client = NotebookClient(
        notebook,
        timeout=180,  # per cell
        kernel_name="python3",
        resources={"metadata": {"path": str(NOTEBOOKS)}},  # run from notebooks/, as a reader would
    )
    client.execute()  # raises CellExecutionError, with the cell and its traceback, when a cell fails
    outputs = [output for cell in notebook.cells if cell.cell_type == "code" for output in cell.outputs]
    assert not [output for output in outputs if output.output_type == "error"]
    if name == "batch_and_plot.ipynb":  # the plot was drawn and shown
        assert any("image/png" in output.get("data", {}) for output in outputs)
    else:  # the rendered analysis was shown
        assert any("text/html" in output.get("data", {}) for output in outputs)
