"""Batches that survive: dying workers, stop signals, orphans, memory limits, and lost Dask workers.

Mid-batch events are made deterministic without any test hook in the package: the batch runs as a
subprocess, and the test acts once its first article records appear; in-process tests patch the
function a worker calls, which forked workers inherit.
"""
import csv
import json
import multiprocessing
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import psutil
import pytest
from click.testing import CliRunner

from annotator.model import Article
from annotator.parse.backends import SetupError
from annotator.pipeline import Options
from annotator.cli import main
from annotator.scale import workers
from annotator.scale.batch import run_batch
from annotator.scale.memory import default_memory_limit, parse_size
from annotator.scale.pool import WorkerPool
from annotator.scale.stopping import StopRequests
from annotator.scale.workers import Job

ROOT = Path(__file__).resolve().parent.parent
NAMES = ["Omar Haddad", "Lena Fischer", "Ana Ruiz", "Ivo Brandt", "Maria Vance", "Jeh Johnson"]
forked = pytest.mark.skipif(multiprocessing.get_context().get_start_method() != "fork",
                            reason="patches reach the workers only when they are forked")


def article_text(number: int) -> str:
    """About 1,500 characters of quotes and reported speech, different for each number."""
    name = NAMES[number % len(NAMES)]
    return "\n\n".join(f'"We will reopen school {number * 10 + k} in June," {name} said on Friday. The council '
                       f"said the repairs would cost {k + 1} million, and a spokeswoman added that nothing was decided."
                       for k in range(8))


def write_corpus(path: Path, count: int, length: int = 1) -> list[str]:
    """``count`` articles of ``length`` times about 1,500 characters."""
    ids = [f"a{i}" for i in range(count)]
    path.write_text("".join(json.dumps({"id": i, "text": "\n\n".join(article_text(n + k) for k in range(length))}) + "\n"
                            for n, i in enumerate(ids)))
    return ids


def jsonl_ids(path: Path) -> list[str]:
    return [json.loads(line)["id"] for line in path.read_text().splitlines()]


def records(out: Path) -> int:
    return len(list((out / "articles").glob("*.json"))) if (out / "articles").exists() else 0


def start_batch(corpus: Path, out: Path) -> subprocess.Popen:
    command = [sys.executable, "-m", "annotator.cli", "annotate", str(corpus), "-o", str(out), "--workers", "2",
               "--backend", "spacy", "--rules-only", "-q"]
    return subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def wait_for_records(batch: subprocess.Popen, out: Path, count: int, timeout: float = 120) -> list[psutil.Process]:
    """The batch's worker processes, once ``count`` articles are written (the batch still running)."""
    deadline = time.monotonic() + timeout
    while records(out) < count:
        assert batch.poll() is None, batch.communicate()
        assert time.monotonic() < deadline, "no articles written in time"
        time.sleep(0.02)
    main = psutil.Process(batch.pid)
    children = [c for c in main.children(recursive=True) if c.cmdline() == main.cmdline()]  # forked workers
    assert len(children) == 2 and batch.poll() is None
    return children


def gone(processes: list[psutil.Process], within: float) -> bool:
    _, alive = psutil.wait_procs(processes, timeout=within)
    return not alive


def test_a_worker_killed_mid_batch_costs_nothing(tmp_path):
    ids = write_corpus(tmp_path / "feed.jsonl", 60)
    out = tmp_path / "out"
    batch = start_batch(tmp_path / "feed.jsonl", out)
    children = wait_for_records(batch, out, 2)
    children[0].send_signal(signal.SIGKILL)
    _, stderr = batch.communicate(timeout=300)
    assert batch.returncode == 0, stderr  # its article was tried again, and went through
    assert "Traceback" not in stderr and "60 annotated" in stderr
    assert sorted(jsonl_ids(out / "quotes.jsonl")) == sorted(ids)
    assert (out / "errors.jsonl").read_text() == ""
    assert gone(children, 10)


def test_sigterm_writes_the_finished_articles_leaves_no_process_and_a_rerun_resumes(tmp_path):
    ids = write_corpus(tmp_path / "feed.jsonl", 60)
    out = tmp_path / "out"
    batch = start_batch(tmp_path / "feed.jsonl", out)
    children = wait_for_records(batch, out, 3)
    batch.send_signal(signal.SIGTERM)
    _, stderr = batch.communicate(timeout=30)
    assert batch.returncode == 143, stderr
    assert "stopped by SIGTERM" in stderr and "again to resume" in stderr and "Traceback" not in stderr
    assert gone(children, 10)
    finished = records(out)
    assert 3 <= finished < 60
    done = jsonl_ids(out / "quotes.jsonl")
    assert len(done) == len(set(done)) == finished
    rows = list(csv.DictReader((out / "quotes.csv").open(newline="")))
    assert rows and {r["article_id"] for r in rows} <= set(done)
    assert all(i in (out / "index.html").read_text() for i in done)
    assert (out / "errors.jsonl").read_text() == "" and not list(out.rglob("*.tmp"))

    again = start_batch(tmp_path / "feed.jsonl", out)
    _, stderr = again.communicate(timeout=300)
    assert again.returncode == 0, stderr
    assert f"{60 - finished} annotated, {finished} unchanged and skipped" in stderr
    assert sorted(jsonl_ids(out / "quotes.jsonl")) == sorted(ids)  # each article once


def test_a_second_ctrl_c_stops_at_once_and_leaves_every_file_whole(tmp_path):
    write_corpus(tmp_path / "feed.jsonl", 12, length=10)  # the first Ctrl+C waits for articles that take a while
    out = tmp_path / "out"
    batch = start_batch(tmp_path / "feed.jsonl", out)
    children = wait_for_records(batch, out, 1)
    batch.send_signal(signal.SIGINT)
    time.sleep(0.1)
    batch.send_signal(signal.SIGINT)
    _, stderr = batch.communicate(timeout=30)
    assert batch.returncode == 130 and "interrupted" in stderr and "Traceback" not in stderr, stderr
    assert gone(children, 10)
    assert not list(out.rglob("*.tmp"))
    for record in (out / "articles").glob("*.json"):
        assert json.loads(record.read_text())["quotes"] is not None


def test_workers_exit_when_the_main_process_is_killed(tmp_path):
    write_corpus(tmp_path / "feed.jsonl", 40)
    batch = start_batch(tmp_path / "feed.jsonl", tmp_path / "out")
    children = wait_for_records(batch, tmp_path / "out", 1)
    batch.kill()
    batch.communicate()
    assert gone(children, 5)


ORPHAN = """
import multiprocessing, os, sys, time
from annotator.scale.workers import watch_parent

def child(parent):
    watch_parent(parent)
    time.sleep(60)

if __name__ == "__main__":
    process = multiprocessing.Process(target=child, args=(os.getpid(),))
    process.start()
    print(process.pid, flush=True)
    os._exit(0)
"""


def test_the_watchdog_alone_ends_an_orphan_within_seconds(tmp_path):
    script = tmp_path / "orphan.py"
    script.write_text(ORPHAN)
    run = subprocess.run([sys.executable, str(script)], cwd=ROOT, capture_output=True, text=True, timeout=60)
    orphan = int(run.stdout.split()[0])
    try:
        assert gone([psutil.Process(orphan)], 5)
    except psutil.NoSuchProcess:
        pass  # already gone


@pytest.fixture()
def small_feed(tmp_path):
    path = tmp_path / "feed.jsonl"
    lines = [json.dumps({"id": f"n{i}", "text": article_text(i)[:300]}) for i in range(5)]
    path.write_text("\n".join(lines[:2] + [json.dumps({"id": "poison", "text": article_text(9)[:300]})] + lines[2:]) + "\n")
    return path


def kill_worker_on(monkeypatch, article_id: str, once_marker: Path | None = None):
    """Workers die (SIGKILL) on ``article_id``: every time, or only the first time with ``once_marker``."""
    annotate_one = workers.annotate_one

    def deadly(annotator, article, debug):
        if article.id == article_id and not (once_marker and once_marker.exists()):
            if once_marker:
                once_marker.touch()
            os.kill(os.getpid(), signal.SIGKILL)
        return annotate_one(annotator, article, debug)
    monkeypatch.setattr(workers, "annotate_one", deadly)


@forked
def test_an_article_that_kills_its_worker_twice_is_listed_with_the_cause(tmp_path, small_feed, monkeypatch):
    kill_worker_on(monkeypatch, "poison")
    summary = run_batch([str(small_feed)], tmp_path / "out", backend="spacy", workers=2, quiet=True,
                        options=Options(model=None))
    assert summary.done == 5 and [f["id"] for f in summary.failed] == ["poison"]
    entry = json.loads((tmp_path / "out" / "errors.jsonl").read_text())
    assert entry["error"].endswith("worker killed by signal 9 while annotating poison")
    assert sorted(jsonl_ids(tmp_path / "out" / "quotes.jsonl")) == [f"n{i}" for i in range(5)]


@forked
def test_an_article_that_killed_a_worker_once_is_annotated_on_its_second_try(tmp_path, small_feed, monkeypatch):
    kill_worker_on(monkeypatch, "poison", once_marker=tmp_path / "killed-once")
    summary = run_batch([str(small_feed)], tmp_path / "out", backend="spacy", workers=2, quiet=True,
                        options=Options(model=None))
    assert (tmp_path / "killed-once").exists()
    assert summary.done == 6 and not summary.failed


def test_a_worker_over_its_memory_limit_is_replaced_before_its_next_article():
    articles = [Article(f"m{i}", article_text(i)[:200], "test") for i in range(5)]
    with WorkerPool(2, Job("spacy", Options(model=None), False, memory_limit=1)) as pool:
        outcomes = list(pool.annotate(articles, StopRequests()))
    assert sorted(a.id for a, result, error in outcomes if result is not None and error is None) == [a.id for a in articles]
    assert pool.started >= len(articles)  # one worker per article: each was over the limit after it
    assert not pool.workers


def test_memory_limits_take_sizes_with_units_and_default_to_a_share_of_the_machine(tmp_path):
    assert parse_size("4G") == 4 * 2**30 and parse_size("1500M") == 1500 * 2**20 and parse_size(" 1.5 GiB") == 3 * 2**29
    with pytest.raises(ValueError, match="with a unit"):
        parse_size("4000")
    assert default_memory_limit(2, machine_bytes=24 * 2**30) == 9 * 2**30
    assert default_memory_limit(64, machine_bytes=16 * 2**30) == 2 * 2**30  # the floor
    (tmp_path / "a.txt").write_text(article_text(1))
    result = CliRunner().invoke(main, ["annotate", str(tmp_path), "--max-worker-memory", "lots"])
    assert result.exit_code == 2 and "give a size with a unit" in result.output and "Traceback" not in result.output


@pytest.mark.parametrize("args, message", [
    (["-", "--scheduler", "local"], "cannot read stdin"),
    (["feed.jsonl", "--scheduler", "tcp://127.0.0.1:9", "--max-worker-memory", "4G"], "dask worker --memory-limit"),
    (["feed.jsonl", "--scheduler", "local", "--pages", "-o", "memory://out"], "not a URL"),
])
def test_what_a_cluster_run_cannot_do_is_a_usage_error_before_it_starts(tmp_path, monkeypatch, args, message):
    monkeypatch.chdir(tmp_path)
    write_corpus(tmp_path / "feed.jsonl", 1)
    result = CliRunner().invoke(main, ["annotate", *args, "--rules-only"])
    assert result.exit_code == 2 and message in result.stderr and "Traceback" not in result.output


@forked
def test_a_worker_that_cannot_load_the_annotator_stops_the_batch_with_its_error(tmp_path, small_feed, monkeypatch):
    def broken(backend, options):
        raise SetupError("no model here")
    monkeypatch.setattr(workers, "shared_annotator", broken)
    with pytest.raises(SetupError, match="no model here"):
        run_batch([str(small_feed)], tmp_path / "out", backend="spacy", workers=2, quiet=True)


@forked
def test_a_stop_request_ends_the_batch_and_writes_the_collections(tmp_path, small_feed, monkeypatch):
    annotate_one = workers.annotate_one

    def stopping(annotator, article, debug):
        if article.id == "poison":
            os.kill(os.getppid(), signal.SIGTERM)  # as `kill PID` would
        return annotate_one(annotator, article, debug)
    monkeypatch.setattr(workers, "annotate_one", stopping)
    handler = signal.getsignal(signal.SIGTERM)
    summary = run_batch([str(small_feed)], tmp_path / "out", backend="spacy", workers=2, quiet=True,
                        options=Options(model=None))
    assert summary.stopped_by == signal.SIGTERM and 1 <= summary.done < 6
    assert len(jsonl_ids(tmp_path / "out" / "quotes.jsonl")) == summary.done
    assert "not done yet" in summary.line()
    assert signal.getsignal(signal.SIGTERM) == handler  # the batch's handler is gone with it


def test_a_lost_dask_worker_costs_nothing_and_no_partition_is_written_twice(tmp_path, dask_client):
    from annotator.scale.cluster import run_on_dask
    from annotator.scale.partitions import plan_partitions
    ids = write_corpus(tmp_path / "feed.jsonl", 100)
    assert len(plan_partitions([str(tmp_path / "feed.jsonl")], sum(dask_client.nthreads().values())).partitions) >= 8
    out = tmp_path / "dask"
    victim = next(iter(dask_client.run(os.getpid).values()))
    killed_mid_run = []

    def kill_a_worker_once_a_partition_is_written():
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and not list((out / "parts").glob("quotes-*.jsonl")):
            time.sleep(0.02)
        killed_mid_run.append(not (out / "quotes.jsonl").exists())
        os.kill(victim, signal.SIGKILL)
    killer = threading.Thread(target=kill_a_worker_once_a_partition_is_written)
    killer.start()
    summary = run_on_dask([str(tmp_path / "feed.jsonl")], out, backend="spacy", client=dask_client,
                          options=Options(model=None))
    killer.join()
    assert killed_mid_run == [True]
    assert summary.done == 100 and not summary.failed
    assert sorted(jsonl_ids(out / "quotes.jsonl")) == sorted(ids)  # every article exactly once
    rows = list(csv.DictReader((out / "quotes.csv").open(newline="")))
    assert {r["article_id"] for r in rows} == set(ids) and list(rows[0])[0] == "article_id"
    assert not (out / "parts").exists() and not list(out.glob("*.tmp"))
    assert (out / "errors.jsonl").read_text() == "" and "a99" in (out / "index.html").read_text()
