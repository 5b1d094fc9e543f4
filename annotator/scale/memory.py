"""How much memory a batch worker may hold before it is replaced, and how that is measured."""
from __future__ import annotations

import re

import psutil

MACHINE_SHARE = 0.75  # of the machine's memory, split among the workers (the main process keeps the rest)
FLOOR = 2 * 2**30  # below this a worker with a loaded model would be renewed after nearly every article
UNITS = {"K": 2**10, "M": 2**20, "G": 2**30, "T": 2**40}
SIZE = re.compile(r"(\d+(?:\.\d+)?)\s*([KMGT])(?:I?B)?", re.IGNORECASE)


def default_memory_limit(workers: int, machine_bytes: int | None = None) -> int:
    """A worker's share of three quarters of the machine's memory, and never under ``FLOOR``."""
    total = psutil.virtual_memory().total if machine_bytes is None else machine_bytes
    return max(FLOOR, int(MACHINE_SHARE * total / max(1, workers)))


def parse_size(text: str) -> int:
    """Bytes of a size such as ``4G``, ``1.5GiB`` or ``800M`` (binary units); ValueError otherwise."""
    match = SIZE.fullmatch(text.strip())
    if not match:
        raise ValueError(f"{text!r}: give a size with a unit, such as 4G or 1500M")
    return int(float(match.group(1)) * UNITS[match.group(2).upper()])


def resident_bytes() -> int:
    """This process's resident set size, as the kernel's out-of-memory killer weighs it."""
    return int(psutil.Process().memory_info().rss)

