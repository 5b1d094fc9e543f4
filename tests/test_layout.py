"""The package's folders are the steps of the flow, and imports only go down the floors:
no module imports one on a higher floor (lazy imports inside functions included)."""
import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "annotator"
# Each top-level module or folder of the package and its floor; a module may import its own
# floor or lower ones.
FLOORS = {"model": 0, "io": 0, "parse": 1, "rules": 2, "learn": 3, "output": 3, "pipeline": 4, "spacy_component": 5,
          "evaluate": 5, "training": 5, "compare": 5, "review": 5, "scale": 5, "cli": 6, "__init__": 6}


def part_of(module: str) -> str:
    return module.split(".")[1] if "." in module else "__init__"


def imports_of(path: Path):
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("annotator"):
            yield node.module, node.lineno
        elif isinstance(node, ast.Import):
            yield from ((a.name, node.lineno) for a in node.names if a.name.startswith("annotator"))


def test_every_part_of_the_package_has_a_floor():
    parts = {p.stem for p in PACKAGE.iterdir() if p.suffix == ".py" or (p.is_dir() and (p / "__init__.py").exists())}
    assert parts - {"templates"} == set(FLOORS)


def test_imports_only_go_down_the_floors():
    upward = []
    for path in PACKAGE.rglob("*.py"):
        module = ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        floor = FLOORS[part_of(module)]
        for imported, line in imports_of(path):
            if imported != "annotator" and FLOORS[part_of(imported)] > floor:
                upward.append(f"{path.relative_to(PACKAGE.parent)}:{line} imports {imported}")
    assert not upward, "imports that go up a floor:\n" + "\n".join(upward)
