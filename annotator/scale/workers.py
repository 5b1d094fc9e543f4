"""What runs inside a batch's worker process: one article at a time in, its outcome out; the worker
exits when its parent is gone, and steps down when it holds more memory than it may."""
from __future__ import annotations

import ctypes
import os
import signal
import sys
import threading
import time
from dataclasses import dataclass
from multiprocessing.connection import Connection

from annotator.model import Article
from annotator.pipeline import Annotator, Options, Outcome, shared_annotator
from annotator.scale.memory import resident_bytes

READY = "ready"  # a worker's first message once its annotator is loaded (else the exception that stopped it)
Finished = tuple[Outcome, bool]  # a worker's message after each article: the outcome, and whether it now exits
PR_SET_PDEATHSIG = 1  # from <sys/prctl.h>
PARENT_POLL_S = 1.0
EXIT_ORPHANED = 3


@dataclass(frozen=True)
class Job:
    """What every worker of a batch is told once: how to annotate, and how much memory it may hold."""

    backend: str
    options: Options
    debug: bool
    memory_limit: int


def annotate_one(annotator: Annotator, article: Article, debug: bool) -> Outcome:
    return annotator.annotate_each([article], batch_size=1, keep_traceback=debug)[0]


def die_with_parent(parent: int) -> None:
    """Exit when process ``parent`` is gone: on Linux the kernel sends SIGKILL (PR_SET_PDEATHSIG);
    everywhere, a thread polling ``os.getppid()`` does it within a second or two (it also covers a
    parent that died before prctl took effect)."""
    if sys.platform.startswith("linux"):
        try:
            ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
        except (OSError, AttributeError):  # no libc to call: the watchdog alone
            pass
    watch_parent(parent)


def watch_parent(parent: int) -> None:
    """A thread that exits this process once its parent is no longer ``parent``."""
    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(PARENT_POLL_S)
        os._exit(EXIT_ORPHANED)
    threading.Thread(target=watch, name="parent-watchdog", daemon=True).start()


def serve(connection: Connection, job: Job, parent: int) -> None:
    """The worker's loop, until it is sent None or its memory is over ``job.memory_limit``: each
    outcome goes back with whether the worker now steps down (it exits right after)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C reaches the whole process group: the parent decides
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    die_with_parent(parent)
    try:
        annotator = shared_annotator(job.backend, job.options)
    except Exception as exc:  # a backend or model that cannot load: the parent raises it, once, for the batch
        connection.send(exc)
        return
    connection.send(READY)
    try:
        while (article := connection.recv()) is not None:
            outcome = annotate_one(annotator, article, job.debug)
            over_limit = resident_bytes() > job.memory_limit
            finished: Finished = (outcome, over_limit)
            connection.send(finished)
            if over_limit:
                return
    except (EOFError, BrokenPipeError):  # the parent closed its end: nothing more to do
        return
