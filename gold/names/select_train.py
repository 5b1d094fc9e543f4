"""Pick a seeded random sample of TRAIN articles and list their attributions whose gold source is a
pronoun, a surname alone or a title (select_cases.source_form), to be annotated by hand by
reading the articles (see ../README.md).

usage: python gold/names/select_train.py ../shared/eval/train.jsonl OUT.todo.jsonl [--sample N] [--seed S] [--skip K]

Articles are shuffled with random.Random(S) (default 2026); the sample then takes them in that
order, round-robin over publishers (sorted by name), until N (default 25) articles are chosen,
so that every publisher is represented. ``--skip K`` leaves out the first K articles of that order:
``--sample 65 --skip 25`` gives 40 articles disjoint from the default 25 (the order does not depend
on N). Cases are written in article order, one a line.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from select_cases import write_cases  # noqa: E402


def publisher(doc_id: str) -> str:
    return doc_id.split("/")[-1].split("_")[0]


def sample(documents: list[dict], n: int, seed: int) -> list[dict]:
    order = list(documents)
    random.Random(seed).shuffle(order)
    queues: dict[str, list[dict]] = {}
    for d in order:
        queues.setdefault(publisher(d["id"]), []).append(d)
    chosen: list[dict] = []
    while len(chosen) < n and any(queues.values()):
        for p in sorted(queues):
            if queues[p] and len(chosen) < n:
                chosen.append(queues[p].pop(0))
    return chosen


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("gold")
    ap.add_argument("out")
    ap.add_argument("--sample", type=int, default=25)
    ap.add_argument("--seed", type=int, default=2026)
    ap.add_argument("--skip", type=int, default=0)
    a = ap.parse_args()
    documents = [json.loads(line) for line in open(a.gold, encoding="utf-8") if line.strip()]
    with open(a.out, "w", encoding="utf-8") as out:
        write_cases(sample(documents, a.sample, a.seed)[a.skip:], out)

if __name__ == "__main__":
    main()
