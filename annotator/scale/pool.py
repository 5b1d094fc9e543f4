"""Worker processes for a batch, handed one article at a time so that the pool always knows what each
one holds: a worker that dies costs only its article (tried once more, first thing, by the worker
started in its place), a worker over its memory limit is replaced before its next article, and a
stop request ends the batch within a few seconds.

(``concurrent.futures``' pool cannot: one dead worker fails every future in flight, and the pool
with them, without saying which article it held. One article per task costs a worker some of the
parser's speed on batches; with no worker process, articles are parsed in batches of
``IN_PROCESS_BATCH``, which one process gains 1.3-1.5x from in benchmarks/run.py.)
"""
from __future__ import annotations

import multiprocessing
import os
import time
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from types import TracebackType
from typing import cast

from annotator.model import Article
from annotator.pipeline import Outcome, shared_annotator
from annotator.scale.stopping import StopRequests
from annotator.scale.workers import READY, Finished, Job, serve

GRACE_S = 3.0  # how long a stopping batch waits for the articles in hand
IN_PROCESS_BATCH = 8  # articles parsed together when no worker process is started
POLL_S = 0.2  # how often the pool looks for a stop request while it waits
JOIN_S = 2.0  # how long a worker told to exit may take before it is killed
MAX_FAILED_STARTS = 3  # workers in a row that die before they are ready: something is broken


class PoolError(Exception):
    """Workers cannot be started; the message says how they ended."""


@dataclass(eq=False)
class Worker:
    process: BaseProcess
    connection: Connection
    ready: bool = False
    held: Article | None = None
    second_try: bool = False  # whether ``held`` killed a worker before
    reserved: Article | None = None  # the article of the dead worker this one replaces: it goes first
    ended: bool = False  # its pipe is closed: it has exited or is exiting

    @property
    def idle(self) -> bool:
        return self.ready and self.held is None


def how_it_ended(exitcode: int | None) -> str:
    return f"killed by signal {-exitcode}" if exitcode is not None and exitcode < 0 else f"exited with code {exitcode}"


def death_cause(exitcode: int | None, article_id: str) -> str:
    return f"worker {how_it_ended(exitcode)} while annotating {article_id}"


class WorkerPool:
    """Up to ``size`` worker processes running ``job``; use it as a context manager, so that every
    worker is gone when it ends, and ask ``annotate`` for the outcomes."""

    def __init__(self, size: int, job: Job):
        self.size = size
        self.job = job
        self.workers: list[Worker] = []
        self.started = 0  # workers started in all, replacements included
        self._failed_starts = 0
        self._context = multiprocessing.get_context()

    def __enter__(self) -> WorkerPool:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.close()

    def annotate(self, articles: list[Article], stop: StopRequests) -> Iterator[Outcome]:
        """Outcomes as workers finish them; once ``stop`` is requested, only those of the articles in
        hand that finish within ``GRACE_S`` (the others are left for a re-run)."""
        waiting = deque(articles)
        deadline: float | None = None
        while True:
            if stop.requested and deadline is None:
                deadline = time.monotonic() + GRACE_S
            stopping = deadline is not None
            if not stopping:
                self._staff(len(waiting))
                self._hand_out(waiting)
            in_hand = [w for w in self.workers if w.held is not None or (w.reserved is not None and not stopping)]
            if not in_hand and (stopping or not waiting):
                return
            if deadline is not None and time.monotonic() >= deadline:
                return
            for worker in self._signalled(POLL_S):
                yield from self._collect(worker, replace=not stopping)

    def close(self) -> None:
        """Idle workers are told to exit, busy ones are stopped (their articles abandoned)."""
        for worker in self.workers:
            if worker.held is None:
                self._send(worker, None)
            else:
                worker.process.terminate()
        deadline = time.monotonic() + JOIN_S
        for worker in list(self.workers):
            self._remove(worker, max(0.0, deadline - time.monotonic()))

    def _start(self, reserved: Article | None = None) -> None:
        ours, theirs = self._context.Pipe()
        process = self._context.Process(target=serve, args=(theirs, self.job, os.getpid()),
                                        name=f"annotator-worker-{self.started + 1}", daemon=True)
        process.start()
        theirs.close()  # the worker holds the only other end: its exit closes the pipe
        self.workers.append(Worker(process, ours, reserved=reserved))
        self.started += 1

    def _staff(self, waiting: int) -> None:
        """As many workers as there is work for, up to ``size``."""
        in_hand = sum(w.held is not None or w.reserved is not None for w in self.workers)
        while len(self.workers) < min(self.size, in_hand + waiting):
            self._start()

    def _hand_out(self, waiting: deque[Article]) -> None:
        for worker in self.workers:
            if not worker.idle or (worker.reserved is None and not waiting):
                continue
            worker.second_try = worker.reserved is not None
            worker.held = worker.reserved if worker.reserved is not None else waiting.popleft()
            worker.reserved = None
            self._send(worker, worker.held)

    @staticmethod
    def _send(worker: Worker, message: Article | None) -> None:
        try:
            worker.connection.send(message)
        except OSError:  # it has died: its pipe will say so, and what it held is handled then
            pass

    def _signalled(self, timeout: float) -> list[Worker]:
        """The workers that sent something or exited, waiting up to ``timeout`` seconds for one."""
        handles: dict[object, Worker] = {}
        for worker in self.workers:
            handles[worker.connection] = handles[worker.process.sentinel] = worker
        ready = wait(list(handles), timeout)  # type: ignore[arg-type]  # connections and sentinels both
        return list(dict.fromkeys(handles[r] for r in ready))

    @staticmethod
    def _messages(worker: Worker) -> Iterator[object]:
        """What the worker has sent so far; a closed pipe marks it ``ended``."""
        try:
            while worker.connection.poll():
                yield worker.connection.recv()
        except (EOFError, OSError):
            worker.ended = True

    def _collect(self, worker: Worker, replace: bool) -> Iterator[Outcome]:
        for message in self._messages(worker):
            if isinstance(message, BaseException):
                raise message  # the worker could not load the annotator: no worker will
            if message == READY:
                worker.ready, self._failed_starts = True, 0
                continue
            outcome, over_limit = cast(Finished, message)  # the only other message
            worker.held = None
            yield outcome
            if over_limit:  # it exits now; a fresh worker takes its place when there is work
                self._remove(worker)
                return
        if worker.ended or not worker.process.is_alive():
            yield from self._bury(worker, replace)

    def _bury(self, worker: Worker, replace: bool) -> Iterator[Outcome]:
        """A worker that died: its article is tried once more on the worker that replaces it, or,
        on its second try, becomes a failure naming the cause."""
        self._remove(worker)
        if not worker.ready:
            self._failed_starts += 1
            if self._failed_starts >= MAX_FAILED_STARTS:
                raise PoolError(f"{MAX_FAILED_STARTS} worker processes in a row ended before they were ready "
                                f"(the last one {how_it_ended(worker.process.exitcode)})")
        if worker.held is not None and worker.second_try:
            yield worker.held, None, death_cause(worker.process.exitcode, worker.held.id)
            return
        to_retry = worker.held if worker.held is not None else worker.reserved
        if replace and to_retry is not None:
            self._start(reserved=to_retry)

    def _remove(self, worker: Worker, timeout: float = JOIN_S) -> None:
        worker.process.join(timeout)
        if worker.process.is_alive():
            worker.process.kill()
            worker.process.join()
        worker.connection.close()
        self.workers.remove(worker)


def annotate_articles(articles: list[Article], job: Job, workers: int,
                      stop: StopRequests | None = None) -> Iterator[Outcome]:
    """Outcomes as they complete: in this process for one worker, else from a ``WorkerPool``; once
    ``stop`` is requested, no new article is started."""
    stop = stop or StopRequests()
    if workers > 1:
        with WorkerPool(workers, job) as pool:
            yield from pool.annotate(articles, stop)
        return
    annotator = shared_annotator(job.backend, job.options)
    for start in range(0, len(articles), IN_PROCESS_BATCH):  # the parser is faster on batches
        if stop.requested:
            return
        yield from annotator.annotate_each(articles[start:start + IN_PROCESS_BATCH], keep_traceback=job.debug)
