"""Static types: mypy over the whole package, with pyproject.toml's [tool.mypy] settings.

Marked ``typing`` (``pytest -m "not typing"`` leaves it out): it checks types, not behaviour, and
takes about 20 s on a cold mypy cache.
"""
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.typing
def test_mypy_passes_on_the_package():
    pytest.importorskip("mypy")
    result = subprocess.run([sys.executable, "-m", "mypy"], cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, f"mypy found type errors:\n{result.stdout}{result.stderr}"
