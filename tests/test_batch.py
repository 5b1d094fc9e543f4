import json

import pytest

from annotator.pipeline import Options
from annotator.scale.batch import run_batch

ARTICLES = [
    '"We will reopen the school," principal Omar Haddad said on Friday.',
    "A hospital spokeswoman said the ward would close in June. ''We have no nurses,'' she added.",
    '"Nothing is decided," Lena Fischer said. "We talk again next week."',
]


@pytest.fixture()
def corpus(tmp_path):
    folder = tmp_path / "in"
    (folder / "deep").mkdir(parents=True)
    for i, text in enumerate(ARTICLES[:2]):
        (folder / f"a{i}.txt").write_text(text)
    (folder / "deep" / "bad.txt").write_bytes(b"\x00\x01\x02binary")
    lines = [json.dumps({"id": "j1", "text": ARTICLES[2]}), "{broken", json.dumps({"id": "j2", "text": ARTICLES[0]})]
    (tmp_path / "more.jsonl").write_text("\n".join(lines) + "\n")
    return [str(folder), str(tmp_path / "more.jsonl")]


def test_batch_writes_everything_records_errors_and_resumes(tmp_path, corpus):
    out = tmp_path / "out"
    summary = run_batch(corpus, out, backend="spacy", workers=1, quiet=True)
    assert summary.done == 4 and len(summary.failed) == 2
    errors = [json.loads(l)["error"] for l in (out / "errors.jsonl").read_text().splitlines()]
    assert any("binary" in e for e in errors) and any("more.jsonl:2" in e for e in errors)
    lines = (out / "quotes.jsonl").read_text().splitlines()
    assert sorted(json.loads(l)["id"] for l in lines) == ["a0", "a1", "j1", "j2"]
    assert (out / "quotes.csv").read_text().count("\n") >= 5 and "a0" in (out / "index.html").read_text()
    assert len(list((out / "articles").glob("*.html"))) == 4
    again = run_batch(corpus, out, backend="spacy", workers=1, quiet=True)
    assert again.done == 0 and again.skipped == 4
    assert not list(out.rglob("*.tmp"))


def test_two_worker_processes_give_the_same_quotes_and_settings(tmp_path, corpus):
    one = run_batch(corpus, tmp_path / "one", backend="spacy", workers=1, quiet=True, options=Options(typewriter_quotes=True))
    two = run_batch(corpus, tmp_path / "two", backend="spacy", workers=2, quiet=True, options=Options(typewriter_quotes=True))
    plain = run_batch(corpus, tmp_path / "plain", backend="spacy", workers=2, quiet=True)
    assert one.done == two.done == plain.done == 4

    def quotes(folder):
        return sorted((r["id"], q["start"], q["end"], q["speaker"], q["kind"])
                      for r in map(json.loads, (folder / "quotes.jsonl").read_text().splitlines()) for q in r["quotes"])
    assert quotes(tmp_path / "one") == quotes(tmp_path / "two")
    assert ("a1", "direct") in {(q[0], q[4]) for q in quotes(tmp_path / "two")}
    assert ("a1", "direct") not in {(q[0], q[4]) for q in quotes(tmp_path / "plain")}


def test_dask_local_cluster_writes_what_a_single_process_does(tmp_path, corpus, dask_client):
    from annotator.scale.cluster import run_on_dask
    single = run_batch(corpus, tmp_path / "single", backend="spacy", workers=1, quiet=True, options=Options(typewriter_quotes=True))
    summary = run_on_dask(corpus, tmp_path / "dask", backend="spacy", client=dask_client,
                          options=Options(typewriter_quotes=True), pages=True)
    assert summary.done == single.done and len(summary.failed) == len(single.failed)

    def quotes(folder):
        return sorted((r["id"], q["start"], q["end"], q["speaker"], q["kind"])
                      for r in map(json.loads, (folder / "quotes.jsonl").read_text().splitlines()) for q in r["quotes"])
    assert quotes(tmp_path / "dask") == quotes(tmp_path / "single")
    assert any(q[0] == "a1" and q[4] == "direct" for q in quotes(tmp_path / "dask"))
    for name in ("quotes.csv", "errors.jsonl"):
        assert sorted((tmp_path / "dask" / name).read_text().splitlines()) == \
            sorted((tmp_path / "single" / name).read_text().splitlines())
    assert sorted(p.name for p in (tmp_path / "dask" / "articles").iterdir()) == \
        sorted(p.name for p in (tmp_path / "single" / "articles").iterdir())
    assert 'href="articles/' in (tmp_path / "dask" / "index.html").read_text()
    assert sorted(p.name for p in (tmp_path / "dask").iterdir()) == sorted(p.name for p in (tmp_path / "single").iterdir())
    for folder in ("list", "speakers"):  # the report's listing pages and the speaker pages
        assert sorted(p.name for p in (tmp_path / "dask" / folder).iterdir()) == \
            sorted(p.name for p in (tmp_path / "single" / folder).iterdir())


def test_dask_partitions_count_articles_and_keep_the_readers_line_numbers_and_ids(tmp_path):
    from annotator.io.readers import read_inputs
    from annotator.scale.partitions import partition_size, plan_partitions, read_partition
    path = tmp_path / "feed.jsonl"
    path.write_text("".join(json.dumps({"text": f"Article number {i} is here."}) + "\n" + "\n" * (i % 3 == 0)
                            for i in range(40)) + "{oops\n")
    (tmp_path / "page.txt").write_text("A page of its own.")
    plan = plan_partitions([str(path), str(tmp_path / "page.txt")], threads=2)
    assert plan.sizes == [2] * 20 + [1, 1] and not plan.errors  # 41 lines, 8 partitions per thread, then the file
    items = [item for part in plan.partitions for item in read_partition(part)]
    local = list(read_inputs([str(path), str(tmp_path / "page.txt")]))
    assert [getattr(i, "id", str(i)) for i in items] == [getattr(i, "id", str(i)) for i in local]
    assert str(items[-2]).startswith(f"{path}:55: not valid JSON")  # 40 lines, 14 blank ones, then this
    assert partition_size(100_000, 8) == 48 and partition_size(100, 2) == 6 and partition_size(3, 8) == 1
    (tmp_path / "empty.jsonl").write_text("\n\n")
    assert [str(e) for e in plan_partitions([str(tmp_path / "empty.jsonl")], 1).errors] == [f"{tmp_path / 'empty.jsonl'}: the file is empty"]


def test_a_partition_that_failed_is_one_error_naming_its_file_and_first_line():
    from annotator.scale.cluster import partition_failure
    from annotator.scale.partitions import Lines

    class FailedTask:
        status = "error"

        @staticmethod
        def exception():
            return RuntimeError("its workers kept dying")
    assert partition_failure(Lines("feed.jsonl", 0, 10, 97), FailedTask()) == {
        "input": "feed.jsonl:97", "error": "feed.jsonl:97: partition not annotated (RuntimeError: its workers kept dying)"}


def test_review_decisions_reach_the_pages_and_follow_the_database(tmp_path, corpus):
    from annotator.review.store import ReviewStore
    from annotator.scale.batch import OutputFolder
    out, store = tmp_path / "out", ReviewStore(tmp_path / "review.db")
    assert run_batch(corpus, out, backend="spacy", workers=1, quiet=True, apply=store.apply).done == 4
    folder = OutputFolder(out)
    page = folder.html_path("a0")
    assert "Someone Else" not in page.read_text()
    result = folder.load("a0")
    store.decide(result, result["quotes"][0]["id"], "corrected", "kim", 0, speaker="Someone Else", role="critic")

    again = run_batch(corpus, out, backend="spacy", workers=1, quiet=True, apply=store.apply)
    assert again.done == 0 and again.skipped == 4  # the raw record still resumes
    assert "Someone Else" in page.read_text() and "corrected" in page.read_text()
    assert "Someone Else" in (out / "quotes.jsonl").read_text()
    record = json.loads(folder.json_path("a0").read_text())
    assert "input_hash" in record and "Someone Else" not in json.dumps(record["quotes"])
    assert "Someone Else" not in folder.html_path("a1").read_text()

    store.decide(folder.load("a0"), result["quotes"][0]["id"], "corrected", "kim", 1, speaker="Third Person")
    run_batch(corpus, out, backend="spacy", workers=1, quiet=True, apply=store.apply)
    assert "Third Person" in page.read_text() and "Someone Else" not in page.read_text()
    run_batch(corpus, out, backend="spacy", workers=1, quiet=True)  # without the database: the raw page again
    assert "Third Person" not in page.read_text() and "unreviewed" in page.read_text()

    fresh = tmp_path / "fresh"  # articles annotated in the same run as the decisions are applied
    run_batch(corpus, fresh, backend="spacy", workers=1, quiet=True, apply=store.apply)
    assert "Third Person" in OutputFolder(fresh).html_path("a0").read_text()


def test_debug_keeps_each_failure_traceback_in_errors_jsonl(tmp_path, corpus, monkeypatch):
    from annotator.parse.backends import Backend, load_backend
    from annotator.pipeline import Annotator
    from annotator.scale import pool

    class Exploding(Backend):
        name, model = "exploding", "test"

        def pipe(self, texts, batch_size=16):
            for text in texts:
                if "school" in text:
                    raise RuntimeError("boom in the parser")
                yield from load_backend("spacy").pipe([text])

    annotator = Annotator(Exploding())
    monkeypatch.setattr(pool, "shared_annotator", lambda backend, options=None: annotator)
    plain = run_batch(corpus, tmp_path / "plain", backend="spacy", workers=1, quiet=True, debug=False)
    assert plain.done == 2 and not any("traceback" in f for f in plain.failed)
    monkeypatch.setenv("ANNOTATOR_DEBUG", "1")
    debug = run_batch(corpus, tmp_path / "debug", backend="spacy", workers=1, quiet=True)
    entries = [json.loads(l) for l in (tmp_path / "debug" / "errors.jsonl").read_text().splitlines()]
    exploded = [e for e in entries if "boom" in e["error"]]
    assert debug.done == 2 and len(exploded) == 2  # a0 and j2 hold the same text
    for entry in exploded:
        assert "\n" not in entry["error"] and entry["error"].endswith("RuntimeError: boom in the parser")
        assert entry["traceback"].startswith("Traceback (most recent call last):")
        assert "in pipe" in entry["traceback"] and "RuntimeError: boom in the parser" in entry["traceback"]
    assert all("traceback" not in e for e in entries if "boom" not in e["error"])  # read errors have none
