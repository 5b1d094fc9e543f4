"""quotes.db: the corpus in SQLite, with speakers across articles, written in place, whole after a crash."""
import json
import sqlite3
from pathlib import Path

import pytest

import annotator.output.database as database
from annotator.output.corpus import corpus_speakers, folded
from annotator.output.database import datasette_metadata, write_database
from annotator.scale.batch import run_batch
from conftest import made_result


def test_names_meet_without_accents_or_case_and_namesakes_stay_apart():
    results = [made_result("a", [("Valérie Plante", "person", "mayor", "Montreal", 2), ("John Smith", "person", "senator", "Senate", 1)]),
               made_result("b", [("VALERIE PLANTE", "person", None, None, 1), ("John Smith", "person", "farmer", "Farmers Union", 3)]),
               made_result("c", [("John Smith", "person", None, None, 1), ("a spokesman", "anonymous", "spokesman", None, 1)]),
               made_result("d", [("A Spokesman", "anonymous", "spokesman", None, 1)])]
    speakers, of = corpus_speakers(results)
    assert folded("Valérie  Plante") == "valerie plante"
    assert of[("a", "s1")] == of[("b", "s1")]  # the same mayor, her affiliation unsaid in b
    assert of[("a", "s2")] != of[("b", "s2")]  # two John Smiths
    assert of[("c", "s1")] == of[("b", "s2")]  # an unmarked John Smith joins the one quoted most
    assert of[("c", "s2")] != of[("d", "s1")]  # anonymous sources never meet across articles
    plante = next(s for s in speakers if s.id == of[("a", "s1")])
    assert (plante.name, plante.role, plante.affiliation) == ("Valérie Plante", "mayor", "Montreal")
    assert len(speakers) == 5
    roles = [made_result("e", [("Ian Roe", "person", "nominee", None, 1)]),
             made_result("f", [("Ian Roe", "person", "businessman", None, 2)])]
    assert len({corpus_speakers(roles)[1][(r["id"], "s1")] for r in roles}) == 1  # roles vary; he is one


def test_a_reviewer_named_speaker_is_a_corpus_speaker():
    result = made_result("a", [("Ann Lee", "person", None, None, 2)])
    result["quotes"][1].update(speaker="Bo Chen", speaker_id=None, review={"status": "corrected", "speaker": "Bo Chen"})
    speakers, of = corpus_speakers([result, made_result("b", [("Bo Chen", "person", None, None, 1)])])
    assert of[("a", "corrected:Bo Chen")] == of[("b", "s1")] and len(speakers) == 2


def rows(db, sql, *args):
    return db.execute(sql, args).fetchall()


def test_tables_keys_search_and_view(tmp_path):
    path = tmp_path / "quotes.db"
    results = [made_result("a", [("Valérie Plante", "person", "mayor", "Montreal", 2)], outlet="Gazette"),
               made_result("b", [("Valerie Plante", "person", "Mayor of Montreal", "Montreal", 1),
                                 ("Hydro-Québec", "organisation", None, None, 1)], outlet="Post")]
    results[1]["quotes"][0]["review"] = {"status": "accepted", "speaker": None, "role": None, "affiliation": None,
                                         "note": None, "reviewer": "kim", "decided_at": "2026-12-01T10:00:00+00:00",
                                         "version": 1}
    write_database(path, results)
    db = sqlite3.connect(path)
    assert rows(db, "PRAGMA foreign_key_check") == [] and rows(db, "PRAGMA foreign_keys") == [(0,)]
    assert rows(db, "SELECT name, kind, quote_count, article_count, roles FROM speakers ORDER BY name") == [
        ("Hydro-Québec", "organisation", 1, 1, "[]"), ("Valérie Plante", "person", 3, 2, '["Mayor of Montreal","mayor"]')]
    assert rows(db, "SELECT count(*) FROM mentions") == [(3,)]
    assert rows(db, "SELECT quote_id, status, reviewer FROM decisions") == [("b/q1", "accepted", "kim")]
    assert rows(db, "SELECT review_status, count(*) FROM quotes GROUP BY 1 ORDER BY 1") == [("accepted", 1), ("unreviewed", 3)]
    assert len(rows(db, "SELECT rowid FROM quotes_fts WHERE quotes_fts MATCH 'valerie'")) == 3  # accents folded too
    assert rows(db, "SELECT name FROM speakers_fts WHERE speakers_fts MATCH 'hydro'") == [("Hydro-Québec",)]
    assert rows(db, "SELECT speaker, outlet, count(*) FROM quote_details GROUP BY 1, 2 ORDER BY 1, 2") == [
        ("Hydro-Québec", "Post", 1), ("Valérie Plante", "Gazette", 2), ("Valérie Plante", "Post", 1)]


def test_a_rerun_updates_in_place_and_drops_articles_no_longer_there(tmp_path):
    path = tmp_path / "quotes.db"
    first = [made_result("a", [("Ann Lee", "person", None, None, 2)]), made_result("b", [("Bo Chen", "person", None, None, 1)])]
    write_database(path, first)
    write_database(path, first)
    db = sqlite3.connect(path)
    assert rows(db, "SELECT count(*) FROM quotes") == [(3,)] and rows(db, "SELECT count(*) FROM speakers") == [(2,)]
    write_database(path, [made_result("a", [("Ann Lee", "person", None, None, 1)], outlet="Post")])
    assert rows(db, "SELECT id, outlet, quote_count FROM articles") == [("a", "Post", 1)]
    assert rows(db, "SELECT name, quote_count FROM speakers") == [("Ann Lee", 1)]
    assert rows(db, "SELECT count(*) FROM quotes_fts") == [(1,)] and rows(db, "SELECT count(*) FROM mentions") == [(1,)]


def test_a_write_that_fails_half_way_leaves_every_article_whole(tmp_path, monkeypatch):
    path = tmp_path / "quotes.db"
    write_database(path, [made_result("a", [("Ann Lee", "person", None, None, 1)])])
    real = database.mention_rows

    def failing(result, speaker_of):
        if result["id"] == "b":
            raise RuntimeError("disk on fire")
        return real(result, speaker_of)
    monkeypatch.setattr(database, "mention_rows", failing)
    with pytest.raises(RuntimeError):
        write_database(path, [made_result("a", [("Ann Lee", "person", None, None, 2)]),
                              made_result("b", [("Bo Chen", "person", None, None, 1)])])
    db = sqlite3.connect(path)
    assert rows(db, "SELECT id, quote_count FROM articles") == [("a", 2)]  # a rewritten whole, b not at all
    assert rows(db, "SELECT name, quote_count FROM speakers") == [("Ann Lee", 2)]
    assert rows(db, "PRAGMA foreign_key_check") == [] and rows(db, "SELECT count(*) FROM quotes") == [(2,)]


def test_a_database_of_another_schema_version_is_rebuilt(tmp_path):
    path = tmp_path / "quotes.db"
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE quotes (x)")
        db.execute("PRAGMA user_version = 99")
    write_database(path, [made_result("a", [("Ann Lee", "person", None, None, 1)])])
    assert rows(sqlite3.connect(path), "SELECT speaker FROM quotes") == [("Ann Lee",)]


def test_a_batch_writes_quotes_db(tmp_path):
    (tmp_path / "feed.jsonl").write_text(json.dumps({"id": "j1", "outlet": "Gazette", "title": "Rain",
                                                     "text": '"Rain is coming," Eli Stone said on Monday.'}) + "\n")
    run_batch([str(tmp_path / "feed.jsonl")], tmp_path / "out", backend="spacy", workers=1, quiet=True)
    db = sqlite3.connect(tmp_path / "out" / "quotes.db")
    assert rows(db, "SELECT speaker, title, outlet FROM quote_details") == [("Eli Stone", "Rain", "Gazette")]
    assert sorted(p.name for p in (tmp_path / "out").iterdir() if p.name.startswith("quotes")) == \
        ["quotes.csv", "quotes.db", "quotes.jsonl"]  # no -wal or -shm left beside it


def test_datasette_serves_the_database_with_facets_and_search(tmp_path):
    datasette = pytest.importorskip("datasette.app")
    import asyncio
    path = tmp_path / "quotes.db"
    write_database(path, [made_result("a", [("Valérie Plante", "person", "mayor", "Montreal", 2)], outlet="Gazette"),
                          made_result("b", [("Valerie Plante", "person", None, None, 1),
                                            ("Hydro-Québec", "organisation", None, None, 1)], outlet="Post")])

    async def get(url: str) -> dict:
        response = await datasette.Datasette([str(path)], metadata=datasette_metadata("quotes")).client.get(url)
        assert response.status_code == 200, response.text
        return response.json()
    facets = asyncio.run(get("/quotes/quotes.json?_facet=speaker_id&_size=0"))  # speaker_kind: a default facet
    kinds = {r["value"]: r["count"] for r in facets["facet_results"]["speaker_kind"]["results"]}
    assert kinds == {"person": 3, "organisation": 1}
    speakers = {r["label"]: r["count"] for r in facets["facet_results"]["speaker_id"]["results"]}
    assert speakers == {"Valérie Plante": 3, "Hydro-Québec": 1}  # labelled by the speakers table's name
    found = asyncio.run(get("/quotes/quotes.json?_search=valerie&_shape=objects"))
    assert len(found["rows"]) == 3
    view = asyncio.run(get("/quotes/quote_details.json?_facet=outlet&_size=0"))
    assert {r["value"]: r["count"] for r in view["facet_results"]["outlet"]["results"]} == {"Gazette": 2, "Post": 2}


def test_explore_serves_the_batch_database_on_localhost(tmp_path, monkeypatch):
    import subprocess

    from click.testing import CliRunner

    from annotator.cli import main
    missing = CliRunner().invoke(main, ["explore", str(tmp_path)])
    assert missing.exit_code == 2 and "quotes.db: no such database" in missing.output
    write_database(tmp_path / "quotes.db", [made_result("a", [("Ann Lee", "person", None, None, 1)])])
    calls = []

    def run(argv, check):
        metadata = json.loads(open(argv[argv.index("--metadata") + 1], encoding="utf-8").read())
        calls.append((argv, metadata))
        return subprocess.CompletedProcess(argv, 0)
    monkeypatch.setattr(subprocess, "run", run)
    assert CliRunner().invoke(main, ["explore", str(tmp_path), "--port", "8123"]).exit_code == 0
    ((argv, metadata),) = calls
    assert argv[1:5] == ["-m", "datasette", "serve", str(tmp_path / "quotes.db")]
    assert argv[argv.index("--host") + 1] == "127.0.0.1" and argv[argv.index("--port") + 1] == "8123"
    assert "speaker_kind" in metadata["databases"]["quotes"]["tables"]["quotes"]["facets"]


def test_every_speaker_kind_of_the_schema_is_stored(tmp_path):
    schema = json.loads((Path(database.__file__).parent / "schema.json").read_text())
    kinds = schema["properties"]["speakers"]["items"]["properties"]["kind"]["enum"]
    path = tmp_path / "quotes.db"
    write_database(path, [made_result("a", [(f"Speaker {k}", k, None, None, 1) for k in kinds])])
    assert sorted(k for (k,) in rows(sqlite3.connect(path), "SELECT kind FROM speakers")) == sorted(kinds)


def test_one_article_goes_into_a_corpus_database_in_place(tmp_path):
    from annotator import add_to_database
    path = tmp_path / "quotes.db"
    write_database(path, [made_result("a", [("Valérie Plante", "person", "mayor", "Montreal", 2)]),
                          made_result("b", [("Valérie Plante", "person", "nurse", "Union", 1)])])
    one = made_result("c", [("VALERIE PLANTE", "person", None, None, 1), ("Bo Chen", "person", "chef", None, 1)])
    add_to_database(path, one)
    add_to_database(path, one)  # again: the same rows, not twice as many
    db = sqlite3.connect(path)
    assert rows(db, "SELECT name, role, quote_count, article_count FROM speakers ORDER BY name, role") == [
        ("Bo Chen", "chef", 1, 1), ("Valérie Plante", "mayor", 3, 2), ("Valérie Plante", "nurse", 1, 1)]
    assert rows(db, "SELECT count(*) FROM articles") == [(3,)] and rows(db, "SELECT count(*) FROM quotes") == [(5,)]
    add_to_database(path, made_result("c", [("Bo Chen", "person", "chef", None, 2)]))  # c changed: Plante gone from it
    assert rows(db, "SELECT name, role, quote_count, article_count FROM speakers ORDER BY name, role") == [
        ("Bo Chen", "chef", 2, 1), ("Valérie Plante", "mayor", 2, 1), ("Valérie Plante", "nurse", 1, 1)]
    assert rows(db, "SELECT count(*) FROM quotes_fts") == [(5,)] and rows(db, "PRAGMA foreign_key_check") == []
    add_to_database(tmp_path / "new.db", one)  # no database yet: it is made
    assert rows(sqlite3.connect(tmp_path / "new.db"), "SELECT name FROM speakers ORDER BY name") == [
        ("Bo Chen",), ("VALERIE PLANTE",)]


def test_another_database_is_refused_and_left_as_it_is(tmp_path):
    from annotator.io.files import OutputError
    other = tmp_path / "notes.db"
    with sqlite3.connect(other) as db:
        db.execute("CREATE TABLE notes (x)")
    with pytest.raises(OutputError, match="not a quotes.db of this version"):
        database.add_to_database(other, made_result("a", [("Ann Lee", "person", None, None, 1)]))
    assert rows(sqlite3.connect(other), "SELECT name FROM sqlite_master") == [("notes",)]
    (tmp_path / "text.db").write_text("not a database at all, but words" * 50)
    with pytest.raises(OutputError, match="not an SQLite database"):
        database.add_to_database(tmp_path / "text.db", made_result("a", [("Ann Lee", "person", None, None, 1)]))


def test_annotate_one_article_into_quotes_db_from_the_command_line(tmp_path, annotate):
    from click.testing import CliRunner

    from annotator import add_to_database
    from annotator.cli import main
    path = tmp_path / "quotes.db"
    add_to_database(path, annotate('"Prices will fall," Eli Stone said on Monday.', "first"))  # the Python API
    story = tmp_path / "story.txt"
    story.write_text('"Rain is coming," Eli Stone said. "Stay inside," the mayor Ann Lee said.')
    for _ in range(2):
        done = CliRunner().invoke(main, ["annotate", str(story), "--backend", "spacy", "--quotes-db", str(path)])
        assert done.exit_code == 0, done.output
    db = sqlite3.connect(path)
    assert rows(db, "SELECT id FROM articles ORDER BY id") == [("first",), ("story",)]
    assert rows(db, "SELECT name, quote_count, article_count FROM speakers ORDER BY name") == [
        ("Ann Lee", 1, 1), ("Eli Stone", 2, 2)]
    batch = CliRunner().invoke(main, ["annotate", str(story), str(story), "--quotes-db", str(path)])
    assert batch.exit_code == 2 and "--quotes-db is for one article" in batch.output
    (tmp_path / "notes.db").write_text("x" * 200)
    page = (tmp_path / "story.annotated.html").stat().st_mtime_ns
    refused = CliRunner().invoke(main, ["annotate", str(story), "--backend", "spacy", "--quotes-db",
                                        str(tmp_path / "notes.db")])
    assert refused.exit_code == 1 and "notes.db: not an SQLite database" in refused.output
    assert "Traceback" not in refused.output
    assert (tmp_path / "story.annotated.html").stat().st_mtime_ns == page  # refused before any work
