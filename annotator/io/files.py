"""Writing files so that an interrupted run never leaves half of one behind."""
from __future__ import annotations

import hashlib
import os
import re
import tempfile
from pathlib import Path


class OutputError(Exception):
    """An output that cannot be written; the message names the path the user gave."""


def check_writable(path: Path, folder: bool = False) -> None:
    """Fail before any work if ``path`` (a file, or with ``folder`` a folder) cannot be written."""
    if folder and path.exists() and not path.is_dir():
        raise OutputError(f"{path}: exists and is not a folder; name a folder for the outputs")
    if not folder and path.is_dir():
        raise OutputError(f"{path}: is a folder; name a file for the output")
    where = path if folder else path.parent
    existing = next(p for p in (where, *where.parents) if p.exists())
    if not existing.is_dir():
        raise OutputError(f"cannot write to {where}: {existing} is a file, not a folder")
    try:
        where.mkdir(parents=True, exist_ok=True)
        tempfile.TemporaryFile(dir=where).close()
    except OSError as exc:
        raise OutputError(f"cannot write to {where}: {exc.strerror or exc}") from None


def write_atomic(path: Path, content: str) -> None:
    """Write to a temporary file beside ``path``, then rename it into place."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise OutputError(f"cannot write {path}: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(content)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException as exc:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise OutputError(f"cannot write {path}: {exc.strerror or exc}") from None
        raise


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def safe_name(article_id: str) -> str:
    """A file name for an article id: readable, and distinct for distinct ids."""
    slug = re.sub(r"[^A-Za-z0-9._-]+", "_", article_id).strip("._")[:80] or "article"
    return f"{slug}-{hashlib.sha1(article_id.encode('utf-8')).hexdigest()[:8]}"
