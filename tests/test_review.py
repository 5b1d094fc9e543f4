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


SPEAKER_TEXT = ('"We start in May," Dana Reyes said. "Costs will fall," Reyes added. '
                '"Nobody asked us," said Omar Haddad, who runs the tenants\' union.')


def test_accept_undecided_accepts_one_speakers_open_quotes_in_one_transaction(tmp_path, annotate):
    store = ReviewStore(tmp_path / "r.db")
    store.save_article(annotate(SPEAKER_TEXT, "a1"))
    result = store.article("a1")
    reyes = [q for q in result["quotes"] if q["speaker"] == "Dana Reyes"]
    assert len(reyes) == 2
    store.decide(result, reyes[0]["id"], "rejected", "kim", 0)  # decided before: it keeps its decision
    accepted = store.accept_undecided(result, [q["id"] for q in reyes], "kim")
    assert list(accepted) == [reyes[1]["id"]] and accepted[reyes[1]["id"]]["version"] == 1
    statuses = {q["id"]: (q["review"] or {}).get("status") for q in store.article("a1")["quotes"]}
    assert statuses[reyes[0]["id"]] == "rejected" and statuses[reyes[1]["id"]] == "accepted"
    assert all(status is None for qid, status in statuses.items() if qid not in {q["id"] for q in reyes})


def test_undo_all_takes_back_every_decision_or_none(tmp_path, annotate):
    store = ReviewStore(tmp_path / "r.db")
    store.save_article(annotate(SPEAKER_TEXT, "a1"))
    result = store.article("a1")
    ids = [q["id"] for q in result["quotes"]]
    store.accept_undecided(result, ids, "kim")
    store.decide(result, ids[0], "rejected", "other tab", 1)
    with pytest.raises(Conflict):  # the first changed elsewhere: nothing is taken back
        store.undo_all(result, [(i, 1) for i in ids])
    assert all(q["review"] for q in store.article("a1")["quotes"])
    back = store.undo_all(result, [(ids[0], 2)] + [(i, 1) for i in ids[1:]])
    assert back[ids[0]]["status"] == "accepted" and back[ids[0]]["version"] == 3
    assert all(back[i] is None for i in ids[1:])
    quotes = store.article("a1")["quotes"]
    assert quotes[0]["review"]["status"] == "accepted" and all(q["review"] is None for q in quotes[1:])


def test_api_accept_a_speaker_then_undo_it_at_once(tmp_path, annotate):
    store = ReviewStore(tmp_path / "r.db")
    store.save_article(annotate(SPEAKER_TEXT, "a1"))
    client = create_app(store, "127.0.0.1", 8765).test_client()
    page = client.get("/", headers={"Host": "127.0.0.1:8765"}).get_data(as_text=True)
    headers = {"Host": "127.0.0.1:8765", "X-CSRF-Token": page.split('name="csrf-token" content="')[1].split('"')[0]}
    reyes = next(s["id"] for s in store.article("a1")["speakers"] if s["name"] == "Dana Reyes")
    answer = client.post("/api/accept-speaker", json={"article_id": "a1", "speaker_id": reyes, "reviewer": "kim"},
                         headers=headers)
    decisions = answer.get_json()["decisions"]
    assert answer.status_code == 200 and len(decisions) == 2
    reviewed = {q["id"] for q in store.article("a1")["quotes"] if q["review"]}
    assert reviewed == set(decisions)
    assert client.post("/api/accept-speaker", json={"article_id": "a1", "speaker_id": "s99"},
                       headers=headers).status_code == 404
    undo = client.post("/api/undo", json={"article_id": "a1", "quotes": [{"quote_id": q, "version": d["version"]}
                                                                           for q, d in decisions.items()]},
                       headers=headers)
    assert undo.status_code == 200 and set(undo.get_json()["decisions"]) == set(decisions)
    assert all(q["review"] is None for q in store.article("a1")["quotes"])
    assert client.post("/api/undo", json={"article_id": "a1", "quotes": "q1"}, headers=headers).status_code == 400
    assert client.post("/api/undo", json={"article_id": "a1", "quote_id": "q1", "version": "x"},
                       headers=headers).status_code == 400


def test_queue_orders_by_doubt_by_rival_speaker_or_in_reading_order(tmp_path):
    from annotator.review.app import queue
    from conftest import made_result
    store = ReviewStore(tmp_path / "r.db")
    result = made_result("a1", [("Ann Lee", "person", None, None, 1), ("Bo Kim", "person", None, None, 1),
                                ("Cy Day", "person", None, None, 1)])
    for quote, confidence, rival in zip(result["quotes"], (0.9, 0.4, 0.4), (0.45, 0.05, 0.3)):
        quote.update(confidence=confidence, runner_up={"speaker_id": None, "speaker": "Someone", "kind": "person",
                                                      "mention": {"start": 0, "end": 1, "text": "S"},
                                                      "probability": rival})
    store.save_article(result)
    order = {name: [i["quote"]["speaker"] for i in queue(store, order=name)] for name in ("doubt", "contest", "article")}
    assert order["doubt"] == ["Cy Day", "Bo Kim", "Ann Lee"]  # lowest confidence; among equals the closer rival
    assert order["contest"] == ["Ann Lee", "Cy Day", "Bo Kim"]
    assert order["article"] == ["Ann Lee", "Bo Kim", "Cy Day"]
