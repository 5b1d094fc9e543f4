"""Corpora beyond one machine: Dask's distributed scheduler runs the same pipeline on workers.

Inputs become a Dask bag (JSONL lines, or whole text/HTML files; local paths or any fsspec
URL); each worker process loads the model once and annotates whole partitions; JSONL and CSV
partitions are written by the workers themselves, so the output folder must be reachable from
every worker (a shared file system or an fsspec URL such as s3://).
"""
from __future__ import annotations

import json
from pathlib import Path

import dask.bag as db
import fsspec
from dask import delayed

from annotator.io.readers import JSONL_SUFFIXES, ReadError, expand_inputs, jsonl_articles, read_bytes
from annotator.output.render import to_csv, to_jsonl_line
from annotator.pipeline import Options, shared_annotator

PARTITION_BYTES = 8 * 2**20


def _read_file(url: str) -> list:
    try:
        with fsspec.open(url, "rb") as handle:
            return list(read_bytes(handle.read(), url, Path(url).stem))
    except ReadError as exc:
        return [exc]
    except OSError as exc:
        return [ReadError(f"{url}: cannot read ({exc})")]


def _jsonl_block(lines: list[str], name: str, index: int) -> list:
    return list(jsonl_articles(lines, name, block=f"#block{index}" if index else ""))


def _annotate_partition(items, backend: str, options: Options) -> list[dict]:
    """Records of one partition; the model is loaded once per worker process (``shared_annotator``)."""
    items = list(items)  # a partition can arrive as a one-pass iterator
    articles = [i for i in items if not isinstance(i, ReadError)]
    records: list[dict] = [{"error": str(i)} for i in items if isinstance(i, ReadError)]
    for article, result, error in shared_annotator(backend, options).annotate_each(articles):
        records.append({"result": result} if error is None else {"error": f"{article.source}: {error}"})
    return records


def articles_bag(inputs: list[str]) -> db.Bag:
    """A bag of articles (or read errors) from local paths, globs, folders and fsspec URLs."""
    bags = []
    for item in inputs:
        local = "://" not in item
        names = list(expand_inputs([item])) if local else [item]
        jsonl = [n for n in names if Path(n).suffix.lower() in JSONL_SUFFIXES]
        others = [n for n in names if n not in jsonl]
        for name in jsonl:
            blocks = db.read_text(name, blocksize=PARTITION_BYTES).to_delayed()
            bags.append(db.from_delayed([delayed(_jsonl_block)(part, name, index) for index, part in enumerate(blocks)]))
        if others:
            bags.append(db.from_sequence(others, partition_size=16).map(_read_file).flatten())
    return db.concat(bags) if len(bags) > 1 else bags[0]


def run_on_dask(inputs: list[str], out: Path | str, scheduler: str | None = None, backend: str = "auto",
                client=None, options: Options = Options()):
    """Annotate on a Dask cluster; ``scheduler`` is an address (tcp://HOST:8786) or None for a local one."""
    from distributed import Client, LocalCluster

    from annotator.scale.batch import Summary
    owned = client is None
    if owned:
        client = Client(scheduler) if scheduler and scheduler != "local" else Client(LocalCluster(processes=True))
    try:
        out = str(out).rstrip("/")
        fs, root = fsspec.core.url_to_fs(out)
        fs.makedirs(root, exist_ok=True)
        records = articles_bag(inputs).map_partitions(_annotate_partition, backend, options).persist()
        results = records.filter(lambda r: "result" in r).map(lambda r: r["result"])
        results.map(to_jsonl_line).to_textfiles(f"{out}/quotes-*.jsonl", last_endline=False)
        results.map_partitions(lambda part: [to_csv(part)]).to_textfiles(f"{out}/quotes-*.csv", last_endline=False)
        errors = records.filter(lambda r: "error" in r).map(lambda r: {"error": r["error"]}).compute()
        with fs.open(f"{root}/errors.jsonl", "w") as handle:
            handle.write("".join(json.dumps(e, ensure_ascii=False) + "\n" for e in errors))
        return Summary(done=results.count().compute(), failed=errors)
    finally:
        if owned:
            client.close()
