"""The review store: SQLite (WAL, one transaction per decision, versioned migrations).

A decision is keyed by the article's content hash and the quote's span, so it survives
re-running the annotator on the same article. Each decision carries a version; a write that
names an older version is refused, so two tabs never silently overwrite each other.
"""
from __future__ import annotations

import json
import sqlite3
from collections import defaultdict
from contextlib import closing
from datetime import datetime, timezone
from pathlib import Path

from annotator.io.files import content_hash

STATUSES = ("accepted", "rejected", "corrected")
MIGRATIONS = [
    """
    CREATE TABLE articles (
        id TEXT PRIMARY KEY, content_hash TEXT NOT NULL, result TEXT NOT NULL, updated_at TEXT NOT NULL);
    CREATE TABLE decisions (
        content_hash TEXT NOT NULL, quote_start INTEGER NOT NULL, quote_end INTEGER NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('accepted', 'rejected', 'corrected')),
        speaker TEXT, role TEXT, affiliation TEXT, note TEXT, reviewer TEXT NOT NULL,
        decided_at TEXT NOT NULL, version INTEGER NOT NULL,
        PRIMARY KEY (content_hash, quote_start, quote_end));
    """,
]


class Conflict(Exception):
    """Someone saved a newer decision for this quote first."""

    def __init__(self, current: dict):
        super().__init__("this quote was changed elsewhere; reload to see the latest decision")
        self.current = current


class ReviewStore:
    def __init__(self, path: Path | str):
        self.path = str(path)
        with closing(self._connect()) as db:
            db.execute("PRAGMA journal_mode=WAL")
            version = db.execute("PRAGMA user_version").fetchone()[0]
            for number, script in enumerate(MIGRATIONS[version:], version + 1):
                with db:
                    db.executescript(f"BEGIN; {script} PRAGMA user_version = {number}; COMMIT;")

    def _connect(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, timeout=10, isolation_level=None)
        db.row_factory = sqlite3.Row
        db.execute("PRAGMA synchronous=FULL")
        return db

    def save_article(self, result: dict) -> None:
        with closing(self._connect()) as db:
            db.execute("INSERT OR REPLACE INTO articles VALUES (?, ?, ?, ?)",
                       (result["id"], content_hash(result["text"]), json.dumps(result, ensure_ascii=False), _now()))

    def articles(self) -> list[dict]:
        """Every stored article with its decisions applied, read in one connection."""
        with closing(self._connect()) as db:
            rows = db.execute("SELECT content_hash, result FROM articles ORDER BY id").fetchall()
            decided: dict[str, dict] = defaultdict(dict)
            for r in db.execute("SELECT * FROM decisions"):
                decided[r["content_hash"]][(r["quote_start"], r["quote_end"])] = dict(r)
        return [_applied(json.loads(row["result"]), decided[row["content_hash"]]) for row in rows]

    def article_count(self) -> int:
        with closing(self._connect()) as db:
            return db.execute("SELECT count(*) FROM articles").fetchone()[0]

    def article(self, article_id: str) -> dict | None:
        with closing(self._connect()) as db:
            row = db.execute("SELECT result FROM articles WHERE id = ?", (article_id,)).fetchone()
        return self.apply(json.loads(row["result"])) if row else None

    def decisions(self, text_hash: str) -> dict[tuple[int, int], dict]:
        with closing(self._connect()) as db:
            rows = db.execute("SELECT * FROM decisions WHERE content_hash = ?", (text_hash,)).fetchall()
        return {(r["quote_start"], r["quote_end"]): dict(r) for r in rows}

    def decide(self, result: dict, quote_id: str, status: str, reviewer: str, expected_version: int = 0,
               speaker: str | None = None, role: str | None = None, affiliation: str | None = None,
               note: str | None = None) -> dict:
        """Record one decision in its own transaction; returns it with its new version."""
        if status not in STATUSES:
            raise ValueError(f"status must be one of {', '.join(STATUSES)}")
        quote = next((q for q in result["quotes"] if q["id"] == quote_id), None)
        if quote is None:
            raise KeyError(f"no quote {quote_id!r} in article {result['id']!r}")
        key = (content_hash(result["text"]), quote["start"], quote["end"])
        with closing(self._connect()) as db:
            db.execute("BEGIN IMMEDIATE")
            try:
                row = db.execute("SELECT * FROM decisions WHERE content_hash = ? AND quote_start = ? AND quote_end = ?",
                                 key).fetchone()
                current = row["version"] if row else 0
                if current != expected_version:
                    raise Conflict(dict(row) if row else {})
                values = (*key, status, speaker, role, affiliation, note, reviewer or "anonymous", _now(), current + 1)
                db.execute("INSERT OR REPLACE INTO decisions VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", values)
                db.execute("COMMIT")
            except BaseException:
                db.execute("ROLLBACK")
                raise
        return dict(zip(("content_hash", "quote_start", "quote_end", "status", "speaker", "role", "affiliation",
                         "note", "reviewer", "decided_at", "version"), values))

    def apply(self, result: dict) -> dict:
        """The result with every stored decision applied; each quote gains a ``review`` entry."""
        return _applied(result, self.decisions(content_hash(result["text"])))


def _applied(result: dict, decisions: dict[tuple[int, int], dict]) -> dict:
    """The result with ``decisions`` (keyed by quote span) applied; each quote gains ``review``."""
    quotes = []
    names = {s["name"]: s["id"] for s in result["speakers"]}
    for quote in result["quotes"]:
        decision = decisions.get((quote["start"], quote["end"]))
        quote = {**quote, "review": None}
        if decision is not None:
            quote["review"] = {k: decision[k] for k in ("status", "speaker", "role", "affiliation", "note",
                                                        "reviewer", "decided_at", "version")}
            if decision["status"] == "corrected":
                if decision["speaker"]:
                    quote.update(speaker=decision["speaker"], speaker_id=names.get(decision["speaker"]),
                                 speaker_mention=None)
                quote.update(role=decision["role"], affiliation=decision["affiliation"])
        quotes.append(quote)
    return {**result, "quotes": quotes}


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")
