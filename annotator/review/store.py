"""The review store: SQLite (WAL, one transaction per decision, versioned migrations).

A decision is keyed by the article's content hash and the quote's span, so it survives
re-running the annotator on the same article. Each decision carries a version; a write that
names an older version is refused, so two tabs never silently overwrite each other.
"""
from __future__ import annotations

import json
import sqlite3
from collections import defaultdict
from collections.abc import Iterator
from contextlib import closing, contextmanager
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
    """
    CREATE TABLE decision_history (
        content_hash TEXT NOT NULL, quote_start INTEGER NOT NULL, quote_end INTEGER NOT NULL,
        status TEXT NOT NULL, speaker TEXT, role TEXT, affiliation TEXT, note TEXT, reviewer TEXT NOT NULL,
        decided_at TEXT NOT NULL, version INTEGER NOT NULL,
        PRIMARY KEY (content_hash, quote_start, quote_end, version));
    """,
]
DECISION_FIELDS = ("content_hash", "quote_start", "quote_end", "status", "speaker", "role", "affiliation",
                   "note", "reviewer", "decided_at", "version")
KEY_WHERE = "content_hash = ? AND quote_start = ? AND quote_end = ?"


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
        return [_applied(result, decisions) for result, decisions in self.results_and_decisions()]

    def results_and_decisions(self) -> list[tuple[dict, dict[tuple[int, int], dict]]]:
        """Every stored article as the annotator gave it, with its decisions keyed by quote span
        (not applied), read in one connection."""
        with closing(self._connect()) as db:
            rows = db.execute("SELECT content_hash, result FROM articles ORDER BY id").fetchall()
            decided: dict[str, dict] = defaultdict(dict)
            for r in db.execute("SELECT * FROM decisions"):
                decided[r["content_hash"]][(r["quote_start"], r["quote_end"])] = dict(r)
        return [(json.loads(row["result"]), decided[row["content_hash"]]) for row in rows]

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
        """Record one decision in its own transaction (the one it replaces kept for undo); returns
        it with its new version."""
        if status not in STATUSES:
            raise ValueError(f"status must be one of {', '.join(STATUSES)}")
        key = _quote_key(result, quote_id)
        with self._transaction() as db:
            return _decide_in(db, key, _current(db, key, expected_version), status, reviewer,
                              speaker, role, affiliation, note)

    def accept_undecided(self, result: dict, quote_ids: list[str], reviewer: str) -> dict[str, dict]:
        """Accept those of ``quote_ids`` that nobody has decided yet, all in one transaction (a
        quote decided meanwhile, in another tab, keeps its decision); returns the new decisions by
        quote id."""
        keys = {quote_id: _quote_key(result, quote_id) for quote_id in quote_ids}
        with self._transaction() as db:
            return {quote_id: _decide_in(db, key, None, "accepted", reviewer)
                    for quote_id, key in keys.items()
                    if db.execute(f"SELECT 1 FROM decisions WHERE {KEY_WHERE}", key).fetchone() is None}

    def undo(self, result: dict, quote_id: str, expected_version: int) -> dict | None:
        """Take back the latest decision on a quote, in its own transaction: the one it replaced
        comes back (with a new version, so that other tabs see the change), or the quote is
        undecided again (None)."""
        return self.undo_all(result, [(quote_id, expected_version)])[quote_id]

    def undo_all(self, result: dict, versions: list[tuple[str, int]]) -> dict[str, dict | None]:
        """``undo`` for several quotes (quote id, the version the caller saw) in one transaction:
        all are taken back, or none when one changed elsewhere (``Conflict``)."""
        keys = [(quote_id, _quote_key(result, quote_id), version) for quote_id, version in versions]
        with self._transaction() as db:
            return {quote_id: _undo_in(db, key, version) for quote_id, key, version in keys}

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        with closing(self._connect()) as db:
            db.execute("BEGIN IMMEDIATE")
            try:
                yield db
                db.execute("COMMIT")
            except BaseException:
                db.execute("ROLLBACK")
                raise

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


def _quote_key(result: dict, quote_id: str) -> tuple[str, int, int]:
    quote = next((q for q in result["quotes"] if q["id"] == quote_id), None)
    if quote is None:
        raise KeyError(f"no quote {quote_id!r} in article {result['id']!r}")
    return content_hash(result["text"]), quote["start"], quote["end"]


def _current(db: sqlite3.Connection, key: tuple[str, int, int], expected_version: int) -> sqlite3.Row | None:
    """The decision on a quote now; a ``Conflict`` when it is not the version the caller saw."""
    row = db.execute(f"SELECT * FROM decisions WHERE {KEY_WHERE}", key).fetchone()
    if (row["version"] if row else 0) != expected_version:
        raise Conflict(dict(row) if row else {})
    return row


def _decide_in(db: sqlite3.Connection, key: tuple[str, int, int], row: sqlite3.Row | None, status: str,
               reviewer: str, speaker: str | None = None, role: str | None = None, affiliation: str | None = None,
               note: str | None = None) -> dict:
    """Write a decision on a quote whose current one is ``row``, kept in the history for undo."""
    if row is not None:
        db.execute(f"INSERT OR REPLACE INTO decision_history VALUES ({', '.join('?' * len(DECISION_FIELDS))})",
                   tuple(row))
    values = (*key, status, speaker, role, affiliation, note, reviewer or "anonymous", _now(),
              (row["version"] if row else 0) + 1)
    db.execute(f"INSERT OR REPLACE INTO decisions VALUES ({', '.join('?' * len(DECISION_FIELDS))})", values)
    return dict(zip(DECISION_FIELDS, values))


def _undo_in(db: sqlite3.Connection, key: tuple[str, int, int], expected_version: int) -> dict | None:
    """Take back the decision on a quote: the one it replaced comes back with a new version, or none."""
    row = _current(db, key, expected_version)
    if row is None:
        return None
    before = db.execute(f"SELECT * FROM decision_history WHERE {KEY_WHERE} ORDER BY version DESC LIMIT 1",
                        key).fetchone()
    db.execute(f"DELETE FROM decisions WHERE {KEY_WHERE}", key)
    if before is None:
        return None
    db.execute(f"DELETE FROM decision_history WHERE {KEY_WHERE} AND version = ?", (*key, before["version"]))
    values = (*tuple(before)[:-1], row["version"] + 1)
    db.execute(f"INSERT INTO decisions VALUES ({', '.join('?' * len(DECISION_FIELDS))})", values)
    return dict(zip(DECISION_FIELDS, values))


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")
