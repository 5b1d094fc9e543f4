"""A corpus cut into partitions of a few dozen articles for a cluster. The plan is made where the
command runs, from the byte offset of each JSONL line, so that only (file, byte range) pairs travel
to the workers, and each worker reads its own articles.

Partitions count articles, not bytes: a lost worker then costs a known, small amount of work, and
no task takes much longer than the others at the end of the run.
"""
from __future__ import annotations

import io
from array import array
from dataclasses import dataclass, field
from pathlib import Path

import fsspec

from annotator.io.readers import JSONL_SUFFIXES, ReadError, empty_file, expand_inputs, jsonl_articles, read_bytes, refuse_binary
from annotator.model import Article

PARTITION_ARTICLES = 48  # the most articles of one task
PARTITIONS_PER_THREAD = 8  # for smaller inputs: the threads finish within a small partition of each other


@dataclass(frozen=True)
class Lines:
    """Lines of a JSONL file: bytes ``start`` to ``end``, the first of them line number ``first``."""

    url: str
    start: int
    end: int
    first: int

    def __str__(self) -> str:
        return f"{self.url}:{self.first}"


@dataclass(frozen=True)
class Files:
    """Whole text or HTML files, an article each."""

    urls: tuple[str, ...]

    def __str__(self) -> str:
        return self.urls[0] + (f" and {len(self.urls) - 1} more files" if len(self.urls) > 1 else "")


Partition = Lines | Files


@dataclass
class Plan:
    partitions: list[Partition] = field(default_factory=list)
    sizes: list[int] = field(default_factory=list)  # articles (JSONL lines or files) in each partition
    errors: list[ReadError] = field(default_factory=list)  # inputs that give no article at all

    def add(self, partition: Partition, size: int) -> None:
        self.partitions.append(partition)
        self.sizes.append(size)


@dataclass
class JsonlLines:
    """Where a JSONL file's non-blank lines start, and their numbers."""

    url: str
    starts: array = field(default_factory=lambda: array("q"))
    numbers: array = field(default_factory=lambda: array("q"))
    end: int = 0

    def ranges(self, size: int) -> list[tuple[Lines, int]]:
        """Partitions of ``size`` lines (the last may have fewer), each with its number of lines."""
        count = len(self.starts)
        return [(Lines(self.url, self.starts[i], self.starts[i + size] if i + size < count else self.end,
                       self.numbers[i]), min(size, count - i))
                for i in range(0, count, size)]


def partition_size(articles: int, threads: int) -> int:
    """Articles per partition: ``PARTITION_ARTICLES``, or fewer so that each of ``threads`` gets
    ``PARTITIONS_PER_THREAD`` partitions."""
    return max(1, min(PARTITION_ARTICLES, articles // (PARTITIONS_PER_THREAD * max(1, threads))))


def input_urls(inputs: list[str]) -> list[str]:
    """The files of local paths, folders and globs, and of fsspec URLs (globs included)."""
    urls: list[str] = []
    for item in inputs:
        if "://" not in item:
            urls.extend(expand_inputs([item]))
            continue
        found = [f.fs.unstrip_protocol(f.path) for f in fsspec.open_files(item)]
        if not found:
            raise ReadError(f"{item}: no files match this address")
        urls.extend(found)
    return urls


def scan_jsonl(url: str) -> JsonlLines:
    """The non-blank lines of a JSONL file; ``ReadError`` for a binary, empty or unreadable one."""
    lines = JsonlLines(url)
    try:
        with fsspec.open(url, "rb") as handle:
            refuse_binary(handle.read(8192), url)
            handle.seek(0)
            for number, line in enumerate(handle, 1):
                if line.strip():
                    lines.starts.append(lines.end)
                    lines.numbers.append(number)
                lines.end += len(line)
    except OSError as exc:
        raise ReadError(f"{url}: cannot read ({exc.strerror or exc})") from None
    if not lines.starts:
        raise empty_file(url)
    return lines


def plan_partitions(inputs: list[str], threads: int) -> Plan:
    """Partitions in input order: ranges of each JSONL file's lines, and runs of other files."""
    sources: list[JsonlLines | str] = []
    plan = Plan()
    for url in input_urls(inputs):
        if Path(url).suffix.lower() not in JSONL_SUFFIXES:
            sources.append(url)
            continue
        try:
            sources.append(scan_jsonl(url))
        except ReadError as exc:
            plan.errors.append(exc)
    size = partition_size(sum(len(s.starts) if isinstance(s, JsonlLines) else 1 for s in sources), threads)
    files: list[str] = []
    for source in sources:
        if isinstance(source, str):
            files.append(source)
        if files and (len(files) == size or not isinstance(source, str)):
            plan.add(Files(tuple(files)), len(files))
            files = []
        if isinstance(source, JsonlLines):
            for lines, count in source.ranges(size):
                plan.add(lines, count)
    if files:
        plan.add(Files(tuple(files)), len(files))
    return plan


def _read_url(url: str) -> list[Article | ReadError]:
    try:
        with fsspec.open(url, "rb") as handle:
            return list(read_bytes(handle.read(), url, Path(url).stem))
    except ReadError as exc:
        return [exc]
    except OSError as exc:
        return [ReadError(f"{url}: cannot read ({exc.strerror or exc})")]


def read_partition(partition: Partition) -> list[Article | ReadError]:
    """A partition's articles, and a ``ReadError`` for each line or file that gives none."""
    if isinstance(partition, Files):
        return [item for url in partition.urls for item in _read_url(url)]
    try:
        with fsspec.open(partition.url, "rb") as handle:
            handle.seek(partition.start)
            data = handle.read(partition.end - partition.start)
    except OSError as exc:
        return [ReadError(f"{partition}: cannot read ({exc.strerror or exc})")]
    return list(jsonl_articles(io.BytesIO(data), partition.url, partition.first))
