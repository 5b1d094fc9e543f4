"""The notebook in examples/ runs from top to bottom in a Jupyter kernel, as a user runs it, and
shows what it says it shows: the article inline and a chart of who is quoted."""
from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")
for needed in ("ipykernel", "pandas", "matplotlib"):
    pytest.importorskip(needed)

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def test_the_notebook_tour_runs_and_shows_the_article_and_the_chart():
    notebook = nbformat.read(EXAMPLES / "notebook_tour.ipynb", as_version=4)
    nbclient.NotebookClient(notebook, timeout=300, kernel_name="python3",
                            resources={"metadata": {"path": str(EXAMPLES)}}).execute()
    outputs = [output for cell in notebook.cells if cell.cell_type == "code" for output in cell.outputs]
    shown = [output.get("data", {}) for output in outputs]
    assert any('<div class="annotator-view">' in data.get("text/html", "") for data in shown)
    assert any("image/png" in data for data in shown)
    assert not [output for output in outputs if output.output_type == "error"]
