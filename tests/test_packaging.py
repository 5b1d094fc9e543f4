"""A wheel built from this checkout works where the checkout is absent: templates and subpackages ship."""
import json
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_a_wheel_install_renders_html_without_the_checkout(tmp_path):
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation",
                    "-w", str(tmp_path / "dist"), str(ROOT)], check=True, cwd=tmp_path)
    wheel = next((tmp_path / "dist").glob("annotator-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    assert {"annotator/templates/article.html.j2", "annotator/templates/review.js", "annotator/review/app.py",
            "annotator/output/schema.json", "annotator/py.typed", "annotator/learn/trained/model.json",
            "annotator/learn/trained/README.md", "annotator/learn/trained/precision.json"} <= names
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(tmp_path / "site"),
                    str(wheel)], check=True, cwd=tmp_path)
    result = {"id": "w1", "source": "x", "backend": "none", "text": "Hi.", "speakers": [], "quotes": []}
    script = ("import json, sys, annotator.output.render as r; result = json.loads(sys.argv[1]); "
              "print(json.dumps([r.__file__, str(r.TEMPLATES), '<html' in r.to_html(result) "
              "and 'annotator-view' in r.inline_html(result)]))")
    out = subprocess.run([sys.executable, "-c", script, json.dumps(result)], check=True, capture_output=True,
                         text=True, cwd=tmp_path, env={"PYTHONPATH": str(tmp_path / "site")}).stdout
    module, templates, rendered = json.loads(out)
    assert module.startswith(str(tmp_path / "site")) and templates.startswith(str(tmp_path / "site")) and rendered
