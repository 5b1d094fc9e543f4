"""What the ``quote_attribution`` component adds to a spaCy pipeline: one ``nlp.pipe`` over the
same articles (the dev texts, repeated past 84) without the component and with it, measured in
the same run, alternately, the best of ``--rounds`` each; and the component alone on the Docs
parsed without it, which the machine's noise moves less than the difference of two whole runs.

usage: python benchmarks/spacy_component.py [--articles 100] [--rounds 3] [--gold ../shared/eval/dev.jsonl]
"""
from __future__ import annotations

import argparse
import time
from pathlib import Path

from spacy.language import Language

from run import ROOT, texts  # benchmarks/run.py (which puts the checkout on sys.path): the same articles

COMPONENT = "quote_attribution"


def pipe_seconds(nlp: Language, articles: list[str], disable: list[str]) -> float:
    start = time.perf_counter()
    with nlp.select_pipes(disable=disable):
        for _ in nlp.pipe(articles, batch_size=16):
            pass
    return time.perf_counter() - start


def component_seconds(nlp: Language, articles: list[str]) -> tuple[float, int]:
    """Seconds the component takes over the articles parsed without it, and the quotes it finds."""
    with nlp.select_pipes(disable=[COMPONENT]):
        docs = list(nlp.pipe(articles, batch_size=16))
    component = nlp.get_pipe(COMPONENT)
    start = time.perf_counter()
    found = sum(len(component(doc)._.quotes) for doc in docs)
    return time.perf_counter() - start, found


def main():
    from annotator.parse.backends import load_english
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=100)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--gold", type=Path, default=ROOT.parent / "shared" / "eval" / "dev.jsonl")
    args = parser.parse_args()
    articles = texts(args.gold, args.articles)
    nlp = load_english()
    nlp.add_pipe(COMPONENT)
    pipe_seconds(nlp, articles[:8], [])  # load the model and warm the caches before timing
    without, with_component = [], []
    for _ in range(args.rounds):
        without.append(pipe_seconds(nlp, articles, [COMPONENT]))
        with_component.append(pipe_seconds(nlp, articles, []))
    base, added = min(without), min(with_component)
    alone, quotes = component_seconds(nlp, articles)
    n = len(articles)
    print(f"nlp.pipe over {n} articles, {nlp.meta['lang']}_{nlp.meta['name']} {nlp.meta['version']}, "
          f"best of {args.rounds}\n")
    print("| pipeline | seconds | articles/s | time vs without |\n|---|---|---|---|")
    for name, seconds in ((f"{', '.join(nlp.pipe_names[:-1])} (baseline)", base), (f"+ {COMPONENT}", added)):
        print(f"| {name} | {seconds:.1f} | {n / seconds:.1f} | {seconds / base:.2f}x |")
    print(f"\nall rounds, without: {', '.join(f'{s:.1f}' for s in without)} s; "
          f"with: {', '.join(f'{s:.1f}' for s in with_component)} s")
    print(f"the component alone on the parsed Docs: {alone:.1f} s ({quotes} quotes), "
          f"{100 * alone / base:.1f}% of the pipeline without it: {(base + alone) / base:.2f}x")


if __name__ == "__main__":
    main()
