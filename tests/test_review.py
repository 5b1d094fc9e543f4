import csv
import io
import sqlite3

import pytest
from click.testing import CliRunner
from conftest import SEED

from annotator.cli import main
from annotator.review.app import create_app
from annotator.review.store import MIGRATIONS, Conflict, ReviewStore

TEXT = '"Costs will fall," Dana Reyes said. The agency said prices were "stable, for now".'


@pytest.fixture()
def store(tmp_path, annotate):
    s = ReviewStore(tmp_path / "r.db")
    s.save_article(annotate(TEXT, "a1"))
    return s


@pytest.fixture()
def client(store):
    app = create_app(store, "127.0.0.1", 8765)
    c = app.test_client()
    page = c.get("/", headers={"Host": "127.0.0.1:8765"}).get_data(as_text=True)
    c.token = page.split('name="csrf-token" content="')[1].split('"')[0]
    return c


def post(client, body, token=None, host="127.0.0.1:8765"):
    return client.post("/api/decisions", json=body, headers={"Host": host, "X-CSRF-Token": token or client.token})


def test_schema_is_migrated_and_in_wal_mode(store):
    db = sqlite3.connect(store.path)
    assert db.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_decisions_survive_reannotation_and_apply(store, annotate):
    result = store.article("a1")
    quote = result["quotes"][0]
    store.decide(result, quote["id"], "corrected", "kim", 0, speaker="Someone Else", role="critic")
    fresh = store.apply(annotate(TEXT, "a1"))  # a new run over the same text
    changed = next(q for q in fresh["quotes"] if q["start"] == quote["start"])
    assert changed["speaker"] == "Someone Else" and changed["role"] == "critic"
    assert changed["review"]["status"] == "corrected" and changed["review"]["reviewer"] == "kim"


def test_stale_version_is_a_conflict(store):
    result = store.article("a1")
    qid = result["quotes"][0]["id"]
    store.decide(result, qid, "accepted", "tab1", 0)
    with pytest.raises(Conflict):
        store.decide(result, qid, "rejected", "tab2", 0)
    assert store.decide(result, qid, "rejected", "tab2", 1)["version"] == 2


def test_api_queue_decide_and_export(client):
    queue = client.get("/api/queue", headers={"Host": "127.0.0.1:8765"}).get_json()
    assert queue["reviewed"] == 0 and queue["total"] >= 2
    confidences = [i["quote"]["confidence"] for i in queue["items"]]
    assert confidences == sorted(confidences)
    item = queue["items"][0]
    ok = post(client, {"article_id": "a1", "quote_id": item["quote"]["id"], "status": "corrected",
                       "speaker": "=HYPERLINK(1)", "reviewer": "lee", "version": 0})
    assert ok.status_code == 200 and ok.get_json()["decision"]["version"] == 1
    again = post(client, {"article_id": "a1", "quote_id": item["quote"]["id"], "status": "accepted", "version": 0})
    assert again.status_code == 409
    rows = list(csv.DictReader(io.StringIO(client.get("/api/export", headers={"Host": "127.0.0.1:8765"}).get_data(as_text=True))))
    row = next(r for r in rows if r["quote_id"] == item["quote"]["id"])
    assert row["speaker"] == "'=HYPERLINK(1)" and row["review_status"] == "corrected"


def test_api_refuses_bad_host_missing_token_bad_status_and_big_bodies(client):
    body = {"article_id": "a1", "quote_id": "q1", "status": "accepted"}
    assert post(client, body, host="evil.example:8765").status_code == 400
    assert post(client, body, token="wrong").status_code == 403
    assert post(client, {**body, "status": "deleted"}).status_code == 400
    assert post(client, {**body, "article_id": "nope"}).status_code == 404
    big = {**body, "note": "x" * 100_000}
    assert post(client, big).status_code == 413


def test_cli_export_and_annotate_with_db(tmp_path):
    db = tmp_path / "r.db"
    store = ReviewStore(db)
    runner = CliRunner()
    out = tmp_path / "seed.json"
    assert runner.invoke(main, ["annotate", str(SEED), "--format", "json", "-o", str(out), "--backend", "spacy"]).exit_code == 0
    import json
    result = json.loads(out.read_text())
    store.save_article(result)
    store.decide(result, result["quotes"][0]["id"], "rejected", "ana", 0)
    exported = runner.invoke(main, ["export", "--db", str(db), "--format", "csv"]).output
    assert "rejected" in exported
    again = runner.invoke(main, ["annotate", str(SEED), "--format", "json", "-o", str(out), "--db", str(db), "--backend", "spacy"])
    assert again.exit_code == 0 and json.loads(out.read_text())["quotes"][0]["review"]["status"] == "rejected"


def test_review_a_batch_folder_without_annotating_again(tmp_path, monkeypatch):
    import json

    import flask

    from annotator.scale.batch import run_batch
    feed = tmp_path / "feed.jsonl"
    feed.write_text("\n".join(json.dumps({"id": f"a{i}", "text": t}) for i, t in enumerate([TEXT, '"No," Eli Stone said.'])))
    out = tmp_path / "out"
    run_batch([str(feed)], out, backend="spacy", workers=1, quiet=True)
    served = []
    monkeypatch.setattr(flask.Flask, "run", lambda self, **kwargs: served.append(kwargs))
    monkeypatch.setattr("annotator.pipeline.Annotator.annotate_many", lambda *a: pytest.fail("annotated again"))
    result = CliRunner().invoke(main, ["review", str(out)])
    assert result.exit_code == 0, result.output
    assert served and str(out / "review.db") in result.output
    store = ReviewStore(out / "review.db")
    assert [a["id"] for a in store.articles()] == ["a0", "a1"]
    first = store.article("a0")
    store.decide(first, first["quotes"][0]["id"], "rejected", "kim")
    run_batch([str(feed)], out, backend="spacy", workers=1, quiet=True, apply=store.apply)  # the decisions, applied
    db = sqlite3.connect(out / "quotes.db")
    assert db.execute("SELECT quote_id, status FROM decisions").fetchall() == [(f"a0/{first['quotes'][0]['id']}", "rejected")]


def test_the_context_marks_the_quote_the_speakers_mention_and_the_cue():
    from annotator.review.app import context_pieces
    text = 'He arrived. "We are ready," she told reporters on Monday.'
    start = text.index("We")
    quote = {"start": start, "end": start + 14, "fragments": [[start, start + 14]],
             "speaker_mention": {"start": text.index("she"), "end": text.index("she") + 3, "text": "she"},
             "cue": {"start": text.index("told"), "end": text.index("told") + 4, "text": "told"}}
    pieces = context_pieces(text, quote)
    assert "".join(p["text"] for p in pieces) == text
    assert [p["text"] for p in pieces if p["quote"]] == [text[start:start + 14]]
    assert [p["text"] for p in pieces if p["mention"]] == ["she"] and [p["text"] for p in pieces if p["cue"]] == ["told"]
    assert not any(p["quote"] and (p["mention"] or p["cue"]) for p in pieces)


def test_undo_brings_back_the_decision_before_or_none(store):
    result = store.article("a1")
    qid = result["quotes"][0]["id"]
    store.decide(result, qid, "accepted", "kim", 0)
    store.decide(result, qid, "corrected", "kim", 1, speaker="Someone Else")
    back = store.undo(result, qid, 2)
    assert back["status"] == "accepted" and back["version"] == 3  # newer than what other tabs saw
    assert store.article("a1")["quotes"][0]["review"]["status"] == "accepted"
    with pytest.raises(Conflict):
        store.undo(result, qid, 2)  # a stale tab
    assert store.undo(result, qid, 3) is None and store.article("a1")["quotes"][0]["review"] is None
    assert store.undo(result, qid, 0) is None  # nothing to take back


def test_a_store_of_the_first_schema_gains_the_history(tmp_path, annotate):
    path = tmp_path / "old.db"
    db = sqlite3.connect(path)
    db.executescript(MIGRATIONS[0] + "PRAGMA user_version = 1;")
    db.close()
    store = ReviewStore(path)
    store.save_article(annotate(TEXT, "a1"))
    result = store.article("a1")
    store.decide(result, result["quotes"][0]["id"], "accepted", "kim", 0)
    assert sqlite3.connect(path).execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)


def test_the_queue_filters_by_speaker_kind_state_and_confidence(client):
    def items(query):
        return client.get(f"/api/queue?{query}", headers={"Host": "127.0.0.1:8765"}).get_json()["items"]
    everything = items("")
    reyes = items("speaker=reyes")
    assert reyes and all("Reyes" in i["quote"]["speaker"] for i in reyes) and len(reyes) < len(everything)
    assert all(i["quote"]["kind"] == "direct" for i in items("kind=direct"))
    first = everything[0]
    post(client, {"article_id": "a1", "quote_id": first["quote"]["id"], "status": "rejected", "version": 0})
    assert [i["quote"]["id"] for i in items("state=rejected")] == [first["quote"]["id"]]
    assert first["quote"]["id"] not in [i["quote"]["id"] for i in items("state=unreviewed")]
    low = first["quote"]["confidence"]
    assert all(i["quote"]["confidence"] <= low for i in items(f"max_confidence={low}"))
    assert client.get("/api/queue?max_confidence=x", headers={"Host": "127.0.0.1:8765"}).status_code == 400


def test_api_undo(client):
    item = client.get("/api/queue", headers={"Host": "127.0.0.1:8765"}).get_json()["items"][0]
    post(client, {"article_id": "a1", "quote_id": item["quote"]["id"], "status": "rejected", "version": 0})
    headers = {"Host": "127.0.0.1:8765", "X-CSRF-Token": client.token}
    undo = client.post("/api/undo", json={"article_id": "a1", "quote_id": item["quote"]["id"], "version": 1},
                       headers=headers)
    assert undo.status_code == 200 and undo.get_json()["decision"] is None
    stale = client.post("/api/undo", json={"article_id": "a1", "quote_id": item["quote"]["id"], "version": 1},
                        headers=headers)
    assert stale.status_code == 409
    no_token = client.post("/api/undo", json={"article_id": "a1", "quote_id": item["quote"]["id"], "version": 0},
                           headers={"Host": "127.0.0.1:8765"})
    assert no_token.status_code == 403
