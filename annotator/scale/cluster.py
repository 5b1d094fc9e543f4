"""Corpora beyond one machine: Dask's distributed scheduler runs the same pipeline on workers.

The command plans partitions of a few dozen articles (``partitions``); each task reads its own
articles, annotates them with its worker process's one annotator, and writes the partition's JSONL
and CSV under a temporary name that it then renames to ``parts/quotes-INDEX.jsonl`` (and ``.csv``):
a partition that Dask computes again, because its worker was lost, replaces its own files and never
adds to them. The command then joins the parts, in input order, into the collection files a local
batch writes (``quotes.jsonl``, ``quotes.csv``, ``quotes.db``, ``index.html``, ``errors.jsonl``) and
removes them.
The output folder must be reachable from every worker: a shared file system or an fsspec URL.
"""
from __future__ import annotations

import contextlib
import json
import tempfile
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import fsspec
from fsspec.implementations.local import LocalFileSystem
from distributed import Client, Future, wait
from tqdm import tqdm

from annotator.io.readers import ReadError
from annotator.model import Article
from annotator.output.corpus import corpus_summary
from annotator.output.database import write_database
from annotator.output.render import LISTINGS, report_pages, to_csv, to_jsonl_line
from annotator.pipeline import Options, shared_annotator
from annotator.scale.batch import (OutputFolder, Summary, errors_jsonl, failure, failure_entries, index_entry, read_failure,
                                   write_speaker_pages)
from annotator.scale.partitions import Partition, plan_partitions, read_partition
from annotator.scale.stopping import StopRequests

PARTS = "parts"
POLL_S = 0.5  # how often the command looks for a stop request while partitions run


class ClusterError(Exception):
    """A cluster run asked for what it cannot do; the message says what to do instead."""


@dataclass(frozen=True)
class Task:
    """What every partition's task is told: where to write, how to annotate, whether to write pages."""

    out: str
    backend: str
    options: Options
    pages: bool


@dataclass(frozen=True)
class PartReport:
    """What a task sends back: index.html's rows and errors.jsonl's entries (the results stay in its files)."""

    entries: list[dict]
    failed: list[dict]


def part_path(root: str, index: int, suffix: str) -> str:
    return f"{root}/{PARTS}/quotes-{index:05d}{suffix}"


@contextlib.contextmanager
def whole_file(fs: fsspec.AbstractFileSystem, path: str) -> Iterator[BinaryIO]:
    """A file to write that appears at ``path`` only once it is complete: it is written under a
    temporary name, renamed at the end, and removed if the writing stops half-way."""
    temporary = f"{path}.{uuid.uuid4().hex}.tmp"
    try:
        with fs.open(temporary, "wb") as handle:
            yield handle
        fs.mv(temporary, path)
    except BaseException:
        if fs.exists(temporary):
            fs.rm(temporary)
        raise


def write_whole(fs: fsspec.AbstractFileSystem, path: str, data: bytes) -> None:
    with whole_file(fs, path) as handle:
        handle.write(data)


def annotate_partition(index: int, partition: Partition, task: Task) -> PartReport:
    """Annotate one partition and write its parts (and, with ``task.pages``, each article's page and record)."""
    items = read_partition(partition)
    failed = [read_failure(item) for item in items if isinstance(item, ReadError)]
    articles = [item for item in items if isinstance(item, Article)]
    folder = OutputFolder(Path(task.out), task.options.fingerprint()) if task.pages else None
    results, entries = [], []
    for article, result, error in shared_annotator(task.backend, task.options).annotate_each(articles):
        if result is None:
            failed.append(failure(article, error or "annotation failed"))
            continue
        href = None
        if folder is not None:
            folder.save(article, result)
            href = f"articles/{folder.html_path(article.id).name}"
        results.append(result)
        entries.append(index_entry(article.id, result, href))
    fs, root = fsspec.core.url_to_fs(task.out)
    write_whole(fs, part_path(root, index, ".jsonl"), "".join(map(to_jsonl_line, results)).encode("utf-8"))
    write_whole(fs, part_path(root, index, ".csv"), to_csv(results, header=False).encode("utf-8"))
    return PartReport(entries, failed)


def joined_results(fs: fsspec.AbstractFileSystem, root: str) -> list[dict]:
    """The results of the joined ``quotes.jsonl``."""
    with fs.open(f"{root}/quotes.jsonl", "rt", encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def write_database_whole(fs: fsspec.AbstractFileSystem, root: str, results: list[dict]) -> None:
    """``root/quotes.db`` of ``results``: made in a local folder, then put in place whole."""
    with tempfile.TemporaryDirectory() as local:
        database = Path(local) / "quotes.db"
        write_database(database, results)
        write_whole(fs, f"{root}/quotes.db", database.read_bytes())


def partition_failure(partition: Partition, future: Future) -> dict:
    """The errors.jsonl entry of a partition whose task failed (the workers it ran on kept dying, say)."""
    error = future.exception() if future.status == "error" else None
    why = f"{type(error).__name__}: {error}" if error is not None else f"its task is {future.status}"
    return {"input": str(partition), "error": f"{partition}: partition not annotated ({why})"}


def combine_parts(fs: fsspec.AbstractFileSystem, root: str, indices: list[int], suffix: str, head: bytes = b"") -> None:
    """Join the parts of ``indices``, in order, into ``root/quotes.SUFFIX``, written whole."""
    with whole_file(fs, f"{root}/quotes{suffix}") as handle:
        handle.write(head)
        for index in indices:
            handle.write(fs.cat_file(part_path(root, index, suffix)))


@contextlib.contextmanager
def connected(client: Client | None, scheduler: str | None, workers: int | None,
              memory_limit: int | None) -> Iterator[Client]:
    """``client``, or one to ``scheduler`` (a local cluster for None or 'local') closed at the end."""
    if client is not None:
        yield client
        return
    if scheduler and scheduler != "local":
        made = Client(scheduler)
    else:
        made = Client(n_workers=workers, threads_per_worker=1, processes=True, memory_limit=memory_limit or "auto")
    with made:
        yield made


def check_request(inputs: list[str], fs: fsspec.AbstractFileSystem, scheduler: str | None, pages: bool,
                  memory_limit: int | None) -> None:
    if "-" in inputs:
        raise ClusterError("a cluster cannot read stdin ('-'): give files, folders or URLs")
    if pages and not isinstance(fs, LocalFileSystem):
        raise ClusterError("--pages writes each article's page to a folder: give -o a local or shared path, not a URL")
    if memory_limit is not None and scheduler not in (None, "local"):
        raise ClusterError("--max-worker-memory sets the workers of --scheduler local; a cluster's workers get "
                           "theirs from `dask worker --memory-limit`")


def run_on_dask(inputs: list[str], out: Path | str, scheduler: str | None = None, backend: str = "auto",
                client: Client | None = None, options: Options = Options(), pages: bool = False,
                workers: int | None = None, memory_limit: int | None = None, quiet: bool = True) -> Summary:
    """Annotate on a Dask cluster; ``scheduler`` is an address (tcp://HOST:8786), or None or 'local'
    for a local cluster of ``workers`` processes (each with ``memory_limit`` bytes); ``client``, when
    given, is used instead. SIGINT or SIGTERM stops it as it stops a local batch."""
    out = str(out).rstrip("/")
    fs, root = fsspec.core.url_to_fs(out)
    check_request(inputs, fs, scheduler, pages, memory_limit)
    with connected(client, scheduler, workers, memory_limit) as client, StopRequests() as stop:
        plan = plan_partitions(inputs, sum(client.nthreads().values()))
        if fs.exists(f"{root}/{PARTS}"):
            fs.rm(f"{root}/{PARTS}", recursive=True)  # what an earlier run left behind when it was stopped
        fs.makedirs(f"{root}/{PARTS}", exist_ok=True)
        task = Task(out, backend, options, pages)
        run = uuid.uuid4().hex[:8]
        futures = [client.submit(annotate_partition, index, partition, task, key=f"annotate-{run}-{index}", pure=False)
                   for index, partition in enumerate(plan.partitions)]
        reports, failed = collect(futures, plan.partitions, plan.sizes, stop, quiet)
        indices = sorted(reports)
        combine_parts(fs, root, indices, ".jsonl")
        combine_parts(fs, root, indices, ".csv", to_csv([]).encode("utf-8"))
        results = joined_results(fs, root)
        write_database_whole(fs, root, results)
        entries = [entry for index in indices for entry in reports[index].entries]
        failed = [read_failure(e) for e in plan.errors] + failed + [f for index in indices for f in reports[index].failed]
        corpus = corpus_summary(results)
        if pages:  # beside the article pages they link to
            write_speaker_pages(Path(root) / "speakers", corpus["pages"])
        report = report_pages(entries + failure_entries(failed), corpus, pages)
        for stale in fs.glob(f"{root}/{LISTINGS}/*.html"):
            if f"{LISTINGS}/{stale.rsplit('/', 1)[1]}" not in report:
                fs.rm(stale)
        fs.makedirs(f"{root}/{LISTINGS}", exist_ok=True)
        for name, page in report.items():
            write_whole(fs, f"{root}/{name}", page.encode("utf-8"))
        write_whole(fs, f"{root}/errors.jsonl", errors_jsonl(failed).encode("utf-8"))
        fs.rm(f"{root}/{PARTS}", recursive=True)
        return Summary(done=len(entries), failed=failed, total=sum(plan.sizes) + len(plan.errors),
                       stopped_by=stop.signum)


def collect(futures: list[Future], partitions: list[Partition], sizes: list[int], stop: StopRequests,
            quiet: bool) -> tuple[dict[int, PartReport], list[dict]]:
    """The report of each partition that finished (by index) and the failures of those that did not;
    on a stop request, the partitions not finished are cancelled."""
    index_of = {future.key: index for index, future in enumerate(futures)}
    reports: dict[int, PartReport] = {}
    failed: list[dict] = []
    pending = set(futures)
    progress = tqdm(total=sum(sizes), unit="article", disable=quiet or None, dynamic_ncols=True, smoothing=0.1)
    while pending and not stop.requested:
        try:
            done, pending = wait(pending, timeout=POLL_S, return_when="FIRST_COMPLETED")
        except TimeoutError:
            continue
        for future in done:
            index = index_of[future.key]
            if future.status == "finished":
                reports[index] = future.result()
            else:
                failed.append(partition_failure(partitions[index], future))
            progress.update(sizes[index])
    progress.close()
    for future in pending:
        future.cancel()
    return reports, failed
