"""Stanza's English model files: where they are, which are installed, and fetching them whole.

The layout is ``stanza.download``'s: ``DIR/resources.json`` names a package per processor and its
dependencies (word vectors, character language models), each at ``DIR/en/PROCESSOR/PACKAGE.pt``.
"""
from __future__ import annotations

import json
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

STANZA_PROCESSORS = "tokenize,mwt,pos,lemma,depparse,ner"
STANZA_DIR_ENV = "STANZA_RESOURCES_DIR"  # Stanza's own variable, so that `stanza.download` agrees
DEVICE_ENV = "ANNOTATOR_DEVICE"  # the torch device Stanza runs on (`--device`)
LANG = "en"


@dataclass(frozen=True)
class ModelFile:
    processor: str  # a processor, or what one needs ("pretrain", "forward_charlm", ...)
    package: str
    path: Path
    needed_by: str  # the processor it serves

    @property
    def installed(self) -> bool:
        return self.path.is_file()


def stanza_model_dir() -> Path:
    from stanza.resources.common import DEFAULT_MODEL_DIR
    return Path(os.environ.get(STANZA_DIR_ENV, DEFAULT_MODEL_DIR))


def read_resources(model_dir: Path) -> dict:
    """The English part of ``resources.json``; empty when it is missing or unreadable."""
    try:
        resources = json.loads((model_dir / "resources.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    english = resources.get(LANG, {}) if isinstance(resources, dict) else {}
    return english if isinstance(english, dict) else {}


def model_files(model_dir: Path) -> list[ModelFile]:
    """The files Stanza's default English pipeline loads, in processor order, installed or not."""
    english = read_resources(model_dir)
    default = english.get("packages", {}).get("default", {}) or english.get("default_processors", {})
    files = []
    for processor in STANZA_PROCESSORS.split(","):
        package = default.get(processor, "default")
        files.append(ModelFile(processor, package, model_dir / LANG / processor / f"{package}.pt", processor))
        for dependency in english.get(processor, {}).get(package, {}).get("dependencies", []):
            name, dep_package = dependency["model"], dependency["package"]
            files.append(ModelFile(name, dep_package, model_dir / LANG / name / f"{dep_package}.pt", processor))
    return files


def stanza_models_installed(model_dir: Path | None = None) -> bool:
    """Whether ``resources.json`` and every file the English pipeline loads are there."""
    model_dir = model_dir or stanza_model_dir()
    return bool(read_resources(model_dir)) and all(f.installed for f in model_files(model_dir))


def download_stanza_models(model_dir: Path | None = None) -> Path:
    """Fetch the English models into a staging folder beside ``model_dir`` and move them in only
    when all have arrived, so that a failed download leaves nothing behind."""
    import stanza
    model_dir = model_dir or stanza_model_dir()
    model_dir.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=model_dir.parent, prefix=f".{model_dir.name}-download-") as staging:
        stanza.download(LANG, model_dir=staging, processors=STANZA_PROCESSORS, logging_level="WARN")
        move_tree(Path(staging), model_dir)
    return model_dir


def move_tree(source: Path, target: Path) -> None:
    """Move every file under ``source`` to the same place under ``target``, replacing what is there."""
    for path in sorted(p for p in source.rglob("*") if p.is_file()):
        destination = target / path.relative_to(source)
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(str(path), destination)
