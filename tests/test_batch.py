import json

import pytest

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
    one = run_batch(corpus, tmp_path / "one", backend="spacy", workers=1, quiet=True, typewriter_quotes=True)
    two = run_batch(corpus, tmp_path / "two", backend="spacy", workers=2, quiet=True, typewriter_quotes=True)
    plain = run_batch(corpus, tmp_path / "plain", backend="spacy", workers=2, quiet=True)
    assert one.done == two.done == plain.done == 4

    def quotes(folder):
        return sorted((r["id"], q["start"], q["end"], q["speaker"], q["kind"])
                      for r in map(json.loads, (folder / "quotes.jsonl").read_text().splitlines()) for q in r["quotes"])
    assert quotes(tmp_path / "one") == quotes(tmp_path / "two")
    assert ("a1", "direct") in {(q[0], q[4]) for q in quotes(tmp_path / "two")}
    assert ("a1", "direct") not in {(q[0], q[4]) for q in quotes(tmp_path / "plain")}


def test_dask_local_cluster_matches_single_process(tmp_path, corpus):
    distributed = pytest.importorskip("distributed")
    from annotator.scale.cluster import run_on_dask
    single = run_batch(corpus, tmp_path / "single", backend="spacy", workers=1, quiet=True, typewriter_quotes=True)
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
            distributed.Client(cluster) as client:
        summary = run_on_dask(corpus, tmp_path / "dask", backend="spacy", client=client, typewriter_quotes=True)
    assert summary.done == single.done and len(summary.failed) == len(single.failed)

    def quotes(lines):
        return sorted((r["id"], q["start"], q["end"], q["speaker"], q["kind"]) for r in map(json.loads, lines) for q in r["quotes"])
    dask_lines = [l for f in sorted((tmp_path / "dask").glob("quotes-*.jsonl")) for l in f.read_text().splitlines() if l]
    assert quotes(dask_lines) == quotes((tmp_path / "single" / "quotes.jsonl").read_text().splitlines())
    assert any(q[0] == "a1" and q[4] == "direct" for q in quotes(dask_lines))


def test_dask_blocks_of_one_jsonl_keep_line_numbers_and_ids_distinct(tmp_path, monkeypatch):
    from annotator.scale import cluster
    monkeypatch.setattr(cluster, "PARTITION_BYTES", 300)
    path = tmp_path / "feed.jsonl"
    path.write_text("".join(json.dumps({"text": f"Article number {i} is here."}) + "\n" for i in range(40)) + "{oops\n")
    items = cluster.articles_bag([str(path)]).compute(scheduler="sync")
    ids = [a.id for a in items if not isinstance(a, Exception)]
    assert len(ids) == 40 == len(set(ids))
    assert cluster.articles_bag([str(path)]).npartitions > 1 and sum(isinstance(a, Exception) for a in items) == 1
