"""The corpus as one SQLite database (``quotes.db``), for Datasette, pandas, DuckDB or plain SQL.

Tables ``articles``, ``speakers`` (corpus-wide: ``annotator.output.corpus``), ``quotes``,
``mentions`` and ``decisions`` (the review decisions the quotes show), with foreign keys, indexes,
FTS5 full-text search over quote text and speaker names, and the view ``quote_details`` joining
each quote with its speaker and article. Writing it again updates it in place: each article is
replaced in one transaction, with its speakers' counts, so a run stopped half-way leaves a database
that is whole; the roles each speaker was seen in are gathered at the end of a write.
``add_to_database`` puts one article into a database and leaves the others there.
"""
from __future__ import annotations

import json
import sqlite3
from collections import Counter
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path

from annotator.io.files import OutputError, content_hash
from annotator.model import METADATA_FIELDS
from annotator.output.corpus import (CorpusSpeaker, article_speakers, corpus_speakers, folded, local_speaker_of,
                                     unmarked_identity)
from annotator.output.render import quote_rows

SCHEMA_VERSION = 1  # a database of another version is derived data: it is rebuilt, never migrated
QUOTE_COLUMNS = ("speaker", "speaker_kind", "role", "affiliation", "kind", "act", "text", "start", "end", "cue",
                 "confidence", "evidence", "review_status")
DECISION_COLUMNS = ("status", "speaker", "role", "affiliation", "note", "reviewer", "decided_at", "version")
SCHEMA = f"""
CREATE TABLE articles (
    id TEXT PRIMARY KEY, title TEXT, url TEXT, published TEXT, outlet TEXT, author TEXT,
    source TEXT NOT NULL, backend TEXT NOT NULL, content_hash TEXT NOT NULL,
    quote_count INTEGER NOT NULL, speaker_count INTEGER NOT NULL, text TEXT NOT NULL);
CREATE TABLE speakers (
    pk INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, name TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('person', 'organisation', 'anonymous', 'group')), role TEXT, affiliation TEXT,
    roles TEXT NOT NULL DEFAULT '[]', quote_count INTEGER NOT NULL DEFAULT 0, article_count INTEGER NOT NULL DEFAULT 0);
CREATE TABLE quotes (
    pk INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE,
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE, quote_id TEXT NOT NULL,
    speaker_id TEXT REFERENCES speakers(id), speaker TEXT, speaker_kind TEXT, role TEXT, affiliation TEXT,
    kind TEXT NOT NULL, act TEXT, text TEXT NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL, cue TEXT,
    confidence REAL NOT NULL, evidence TEXT, review_status TEXT NOT NULL);
CREATE TABLE mentions (
    pk INTEGER PRIMARY KEY, article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    speaker_id TEXT NOT NULL REFERENCES speakers(id), start INTEGER NOT NULL, "end" INTEGER NOT NULL,
    text TEXT NOT NULL, rule TEXT);
CREATE TABLE decisions (
    quote_id TEXT PRIMARY KEY REFERENCES quotes(id) ON DELETE CASCADE,
    status TEXT NOT NULL, speaker TEXT, role TEXT, affiliation TEXT, note TEXT, reviewer TEXT, decided_at TEXT,
    version INTEGER);
CREATE INDEX quotes_article ON quotes(article_id);
CREATE INDEX quotes_speaker ON quotes(speaker_id);
CREATE INDEX quotes_kind ON quotes(speaker_kind);
CREATE INDEX mentions_article ON mentions(article_id);
CREATE INDEX mentions_speaker ON mentions(speaker_id);
CREATE INDEX articles_outlet ON articles(outlet);
CREATE INDEX articles_published ON articles(published);
CREATE INDEX speakers_kind ON speakers(kind);
{{fts}}
CREATE VIEW quote_details AS
    SELECT q.id, q.text, q.kind, q.act, q.confidence, q.review_status, q.cue,
           s.name AS speaker, s.kind AS speaker_kind, q.speaker AS speaker_as_named, q.role, q.affiliation,
           q.article_id, a.title, a.outlet, a.published, a.url, q.speaker_id, q.start, q."end"
    FROM quotes q JOIN articles a ON a.id = q.article_id LEFT JOIN speakers s ON s.id = q.speaker_id;
PRAGMA user_version = {SCHEMA_VERSION};
"""


def full_text_search(table: str, columns: tuple[str, ...]) -> str:
    """An FTS5 index over ``table``'s ``columns``, kept in step by triggers (the layout Datasette
    detects, so its table pages get a search box)."""
    names, new, old = ", ".join(columns), ", ".join(f"new.{c}" for c in columns), ", ".join(f"old.{c}" for c in columns)
    return f"""
CREATE VIRTUAL TABLE {table}_fts USING fts5({names}, content=[{table}]);
CREATE TRIGGER {table}_fts_insert AFTER INSERT ON {table} BEGIN
    INSERT INTO {table}_fts (rowid, {names}) VALUES (new.rowid, {new}); END;
CREATE TRIGGER {table}_fts_delete AFTER DELETE ON {table} BEGIN
    INSERT INTO {table}_fts ({table}_fts, rowid, {names}) VALUES ('delete', old.rowid, {old}); END;
CREATE TRIGGER {table}_fts_update AFTER UPDATE ON {table} BEGIN
    INSERT INTO {table}_fts ({table}_fts, rowid, {names}) VALUES ('delete', old.rowid, {old});
    INSERT INTO {table}_fts (rowid, {names}) VALUES (new.rowid, {new}); END;
"""


def _connect(path: Path) -> sqlite3.Connection:
    """The database at ``path``, of this schema: an older one (or none) is made anew."""
    db = sqlite3.connect(str(path), timeout=30, isolation_level=None)
    if db.execute("PRAGMA user_version").fetchone()[0] != SCHEMA_VERSION:
        db.close()
        for stale in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
            stale.unlink(missing_ok=True)
        db = sqlite3.connect(str(path), timeout=30, isolation_level=None)
        db.executescript("BEGIN;" + SCHEMA.format(fts=full_text_search("quotes", ("text", "speaker"))
                                                  + full_text_search("speakers", ("name", "affiliation")))
                         + "COMMIT;")
    db.execute("PRAGMA journal_mode=WAL")  # while writing, fast commits that a crash never leaves half done
    db.execute("PRAGMA synchronous=NORMAL")
    db.execute("PRAGMA foreign_keys=ON")
    return db


@contextmanager
def transaction(db: sqlite3.Connection) -> Iterator[None]:
    """One write transaction: committed whole at the end, or rolled back whole."""
    db.execute("BEGIN IMMEDIATE")
    try:
        yield
        db.execute("COMMIT")
    except BaseException:
        db.execute("ROLLBACK")
        raise


def article_row(result: dict) -> tuple:
    return (result["id"], *(result.get(name) for name in METADATA_FIELDS), result["source"], result["backend"],
            content_hash(result["text"]), len(result["quotes"]), len(result["speakers"]), result["text"])


def quote_table_rows(result: dict, speaker_of: dict[tuple[str, str], str]) -> list[tuple]:
    rows = []
    for quote, row in zip(result["quotes"], quote_rows(result)):
        local = local_speaker_of(quote)
        rows.append((f"{result['id']}/{quote['id']}", result["id"], quote["id"],
                     speaker_of.get((result["id"], local)) if local else None, *(row[c] for c in QUOTE_COLUMNS)))
    return rows


def mention_rows(result: dict, speaker_of: dict[tuple[str, str], str]) -> list[tuple]:
    return [(result["id"], speaker_of[(result["id"], s["id"])], m["start"], m["end"], m["text"], m.get("rule"))
            for s in result["speakers"] for m in s["mentions"]]


def decision_rows(result: dict) -> list[tuple]:
    return [(f"{result['id']}/{q['id']}", *(q["review"].get(c) for c in DECISION_COLUMNS))
            for q in result["quotes"] if q.get("review")]


def _quotes_per_speaker(db: sqlite3.Connection, article_id: str) -> Counter[str]:
    return Counter(dict(db.execute("SELECT speaker_id, count(*) FROM quotes WHERE article_id = ? AND speaker_id IS NOT NULL "
                                   "GROUP BY speaker_id", (article_id,)).fetchall()))


def _recount(db: sqlite3.Connection, before: Counter[str], after: Counter[str]) -> None:
    """Move the quote and article counts of the speakers an article quoted ``before`` to what it
    quotes ``after``, and remove the speakers no quote or mention names any more: the cost of an
    article, not of the corpus."""
    db.executemany("UPDATE speakers SET quote_count = quote_count + ?, article_count = article_count + ? WHERE id = ?",
                   [(after[i] - before[i], (i in after) - (i in before), i) for i in set(before) | set(after)])
    db.executemany("DELETE FROM speakers WHERE id = ? AND quote_count = 0 "
                   "AND NOT EXISTS (SELECT 1 FROM mentions WHERE speaker_id = speakers.id)", [(i,) for i in before])


def refresh_speakers(db: sqlite3.Connection) -> None:
    """Count every speaker's quotes, articles and roles afresh, and remove those no quote or mention
    names any more."""
    db.execute("""UPDATE speakers SET
        quote_count = (SELECT count(*) FROM quotes WHERE speaker_id = speakers.id),
        article_count = (SELECT count(DISTINCT article_id) FROM quotes WHERE speaker_id = speakers.id),
        roles = (SELECT json_group_array(role) FROM (SELECT DISTINCT role FROM quotes
                 WHERE speaker_id = speakers.id AND role IS NOT NULL ORDER BY role))""")
    db.execute("""DELETE FROM speakers WHERE NOT EXISTS (SELECT 1 FROM quotes WHERE speaker_id = speakers.id)
        AND NOT EXISTS (SELECT 1 FROM mentions WHERE speaker_id = speakers.id)""")


def _upsert_speakers(db: sqlite3.Connection, speakers: list[CorpusSpeaker], rename: bool) -> None:
    """Add ``speakers``; those already there take these names, role and affiliation when ``rename``."""
    on_conflict = ("DO UPDATE SET name = excluded.name, kind = excluded.kind, role = excluded.role, "
                   "affiliation = excluded.affiliation") if rename else "DO NOTHING"
    db.executemany(f"INSERT INTO speakers (id, name, kind, role, affiliation) VALUES (?, ?, ?, ?, ?) "
                   f"ON CONFLICT(id) {on_conflict}", [(s.id, s.name, s.kind, s.role, s.affiliation) for s in speakers])


def _replace_article(db: sqlite3.Connection, result: dict, speakers: list[CorpusSpeaker],
                     speaker_of: dict[tuple[str, str], str], rename: bool = True) -> None:
    """One article's rows, in place of those it had, in one transaction; ``rename``: see ``_upsert_speakers``."""
    with transaction(db):
        before = _quotes_per_speaker(db, result["id"])
        _upsert_speakers(db, speakers, rename)
        columns = ("id", *METADATA_FIELDS, "source", "backend", "content_hash", "quote_count", "speaker_count", "text")
        db.execute(f"INSERT INTO articles ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))}) "
                   f"ON CONFLICT(id) DO UPDATE SET {', '.join(f'{c} = excluded.{c}' for c in columns[1:])}",
                   article_row(result))
        db.execute("DELETE FROM quotes WHERE article_id = ?", (result["id"],))  # and their decisions, by cascade
        db.execute("DELETE FROM mentions WHERE article_id = ?", (result["id"],))
        quote_columns = ", ".join(("id", "article_id", "quote_id", "speaker_id", *(f'"{c}"' for c in QUOTE_COLUMNS)))
        db.executemany(f"INSERT INTO quotes ({quote_columns}) VALUES ({', '.join('?' * (4 + len(QUOTE_COLUMNS)))})",
                       quote_table_rows(result, speaker_of))
        db.executemany('INSERT INTO mentions (article_id, speaker_id, start, "end", text, rule) VALUES (?, ?, ?, ?, ?, ?)',
                       mention_rows(result, speaker_of))
        db.executemany(f"INSERT INTO decisions (quote_id, {', '.join(DECISION_COLUMNS)}) "
                       f"VALUES (?, {', '.join('?' * len(DECISION_COLUMNS))})", decision_rows(result))
        _recount(db, before, _quotes_per_speaker(db, result["id"]))


def write_database(path: Path, results: list[dict]) -> None:
    """Make the database at ``path`` hold exactly ``results`` (the corpus), article by article."""
    speakers, speaker_of = corpus_speakers(results)
    by_id = {s.id: s for s in speakers}
    with closing(_connect(path)) as db:
        for result in results:
            own = sorted({speaker_of[(result["id"], s.local_id)] for s in article_speakers(result)})
            _replace_article(db, result, [by_id[i] for i in own], speaker_of)
        with transaction(db):  # articles no longer in the corpus go, with their quotes and mentions; roles seen
            kept = json.dumps([r["id"] for r in results])
            db.execute("DELETE FROM articles WHERE id NOT IN (SELECT value FROM json_each(?))", (kept,))
            refresh_speakers(db)
        db.execute("PRAGMA journal_mode=DELETE")  # one file again, which read-only readers such as Datasette open as it is


def _quoted_namesake(db: sqlite3.Connection, speaker: CorpusSpeaker) -> str | None:
    """The id of the database's speaker of ``speaker``'s name and kind (accents and case aside) that
    an affiliation marks, the one quoted most; None when there is none."""
    row = db.execute("SELECT id FROM speakers WHERE kind = ? AND folded(name) = ? AND id != ? "
                     "ORDER BY quote_count DESC, id LIMIT 1", (speaker.kind, folded(speaker.name), speaker.id)).fetchone()
    return row[0] if row else None


def check_corpus_database(path: Path) -> None:
    """Refuse a file at ``path`` that is not a quotes.db of this schema: adding to it would rebuild it
    from nothing, and it may be someone's other database. No file, or an empty one, is made anew."""
    if not path.exists() or not path.stat().st_size:
        return
    try:
        with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as db:
            version = db.execute("PRAGMA user_version").fetchone()[0]
    except sqlite3.DatabaseError as exc:
        raise OutputError(f"{path}: not an SQLite database ({exc}); name a new file or a quotes.db") from None
    if version != SCHEMA_VERSION:
        raise OutputError(f"{path}: not a quotes.db of this version (schema {version}, this one writes "
                          f"{SCHEMA_VERSION}); name a new file, or write it anew with a batch")


def add_to_database(path: Path, result: dict) -> None:
    """Put one article into the corpus database at ``path`` (made when there is none), in place of
    the rows it had there; the other articles stay. Its speakers join the corpus's as a batch joins
    them; one whose article gives no affiliation joins the namesake the database quotes most, and a
    speaker already there keeps the name, role and affiliation it has."""
    path = Path(path)
    check_corpus_database(path)
    speakers, speaker_of = corpus_speakers([result])
    with closing(_connect(path)) as db:
        db.create_function("folded", 1, folded, deterministic=True)
        joined = {s.id: _quoted_namesake(db, s) or s.id for s in speakers if s.id == unmarked_identity(s.name, s.kind)}
        _replace_article(db, result, [s for s in speakers if joined.get(s.id, s.id) == s.id],
                         {key: joined.get(i, i) for key, i in speaker_of.items()}, rename=False)
        with transaction(db):
            refresh_speakers(db)
        db.execute("PRAGMA journal_mode=DELETE")


def datasette_metadata(name: str) -> dict:
    """Datasette's metadata for the database named ``name``: a title, what each table holds, and the
    facets its table pages open with."""
    tables = {
        "quotes": ("One row per attribution; search it by quote text or speaker name.",
                   ["speaker_kind", "kind", "act", "review_status"]),
        "speakers": ("One row per person or body across the corpus, with their quotes and articles.", ["kind"]),
        "articles": ("One row per article, with its metadata where the input had it.", ["outlet"]),
        "quote_details": ("Each quote with its speaker and article.", ["speaker_kind", "outlet"]),
    }
    return {"title": "Quotes of the corpus", "databases": {name: {"tables": {
        table: {"description": description, "facets": facets} for table, (description, facets) in tables.items()}}}}
