"""Articles/s of the Stanza path on the tiny test models (tests/tiny_stanza.py) next to spaCy's,
on the same articles in one process. A plumbing check only: the tiny models are one-layer networks
learnt from six sentences, so their speed says nothing about Stanza's real English models (and the
spaCy number is the real en_core_web_sm). It shows that the Stanza path runs a batch end to end and
what the adapter and the passes cost around it.

usage: python benchmarks/stanza_plumbing.py [--articles 50] [--gold ../shared/eval/dev.jsonl] [--device cpu] [--threads 1]
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests"), str(ROOT / "benchmarks")]


def articles_per_second(backend, articles: list[str]) -> float:
    from annotator.model import Article
    from annotator.pipeline import Annotator
    annotator = Annotator(backend)
    start = time.perf_counter()
    list(annotator.annotate_many(Article(str(i), t) for i, t in enumerate(articles)))
    return len(articles) / (time.perf_counter() - start)


def main() -> None:
    from run import texts
    from tiny_stanza import build
    from annotator.parse.backends import StanzaBackend, load_backend
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=50)
    parser.add_argument("--gold", type=Path, default=ROOT.parent / "shared" / "eval" / "dev.jsonl")
    parser.add_argument("--device", default="cpu", help="torch device for Stanza (cuda on a GPU machine)")
    parser.add_argument("--threads", type=int, default=1,
                        help="torch threads (spaCy's small model runs on one; more than the free cores slow tiny models)")
    args = parser.parse_args()
    import torch
    torch.set_num_threads(args.threads)
    articles = texts(args.gold, args.articles)
    with tempfile.TemporaryDirectory() as model_dir:
        started = time.perf_counter()
        build(Path(model_dir))
        built = time.perf_counter() - started
        stanza = articles_per_second(StanzaBackend(Path(model_dir), args.device), articles)
    spacy = articles_per_second(load_backend("spacy"), articles)
    print(f"PLUMBING CHECK ONLY (tiny Stanza models, trained in {built:.0f} s; not a measure of real models)")
    print(f"{len(articles)} articles, one process, {args.threads} torch thread(s):")
    print(f"  stanza (tiny models, {args.device}): {stanza:.1f} articles/s")
    print(f"  spacy en_core_web_sm (cpu):        {spacy:.1f} articles/s")


if __name__ == "__main__":
    main()
