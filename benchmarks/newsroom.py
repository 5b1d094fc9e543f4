"""A newsroom teaching the model (issue #17): one publisher's articles of the training split, half
held out, the other half reviewed by a simulated reviewer through the review store's own API
(decisions taken from the gold), exported with ``export-gold`` and used to adapt the model
(``annotator train --from``) on the first 10, 25 and 50 reviewed articles. Prints end-to-end F1
and speaker accuracy on the held-out half before and after, and dev's, which must not fall by
more than 0.01.

usage: python benchmarks/newsroom.py [--publisher breitbart] [--sizes 10 25 50] [--weight 3]
                                     [--base shipped|leave-out]

``--base leave-out`` first trains a base model on the training split without that publisher (a
newsroom whose articles the model never saw; about 3 minutes on 2 cores); ``shipped`` (the
default) starts from the shipped model, which was trained on all of the training split, the
publisher's held-out half included. Parses are cached in ~/.cache/annotator/parsed.
"""
from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
EVAL = ROOT.parent / "shared" / "eval"


def publisher_of(document: dict) -> str:
    """The publisher an article id names: polnear/train/breitbart_2015-... -> breitbart."""
    return document["id"].split("/")[-1].split("_")[0]


def split_publisher(documents: list[dict], publisher: str, seed: int) -> tuple[list[dict], list[dict]]:
    """The publisher's articles in a seeded order, cut in half: (to review, held out)."""
    mine = [d for d in documents if publisher_of(d) == publisher]
    if len(mine) < 100:
        raise SystemExit(f"{publisher}: {len(mine)} articles; choose a publisher with at least 100")
    random.Random(seed).shuffle(mine)
    return mine[:len(mine) // 2], mine[len(mine) // 2:]


def reviewer_decision(result: dict, quote: dict, gold_quotes: list[dict]) -> tuple[str, str | None]:
    """What a reviewer who knows the gold decides: reject a quote the gold lacks, accept one whose
    speaker the gold confirms, else correct the speaker to the one the gold names, picked from the
    article's speakers when the gold's source is one of their mentions (as the review screen
    offers them), else typed as the gold writes it."""
    from annotator.evaluate import match, speaker_right
    matched = match(gold_quotes, quote)
    if matched is None:
        return "rejected", None
    gold = gold_quotes[matched[1]]
    if speaker_right(gold, quote) is not False:
        return "accepted", None
    named = next((s["name"] for s in result["speakers"] for m in s["mentions"]
                  if gold.get("speaker_start") is not None
                  and m["start"] < gold["speaker_end"] and gold["speaker_start"] < m["end"]), None)
    return "corrected", named or gold["speaker"]


def review(store, results: list[dict], golds: list[dict]) -> None:
    """Play the reviewer on every quote of the results, through ``ReviewStore``'s API."""
    for result, gold in zip(results, golds):
        store.save_article(result)
        for quote in result["quotes"]:
            status, speaker = reviewer_decision(result, quote, gold["quotes"])
            store.decide(result, quote["id"], status, "newsroom-benchmark", speaker=speaker)


def annotated(model, documents: list[dict], backend) -> list[dict]:
    """The results of ``model`` on gold documents, from their cached parses."""
    from annotator.model import Article
    from annotator.pipeline import annotate_doc
    from annotator.rules.acts import ACTS
    from annotator.rules.engine import Settings
    from annotator.training import parsed
    settings = Settings(model=model)
    return [annotate_doc(Article(d["id"], d["text"], "newsroom"), doc, backend.label, settings, ACTS)
            for d, doc in zip(documents, parsed(documents, backend))]


def scores(model, documents: list[dict], backend) -> dict[str, float]:
    """End-to-end F1 and speaker accuracy of a model, in both scopes."""
    from annotator.training import evaluate_model, parsed
    evaluation = evaluate_model(model, parsed(documents, backend), documents, False)
    return {f"{s.scope} {name}": value for s in evaluation.scores
            for name, value in (("e2e F1", s.e2e[2]), ("speaker", s.speaker_accuracy))}


def base_model(kind: str, others: list[dict], publisher: str, backend):
    """The shipped model, or one trained on the other publishers' articles (kept in the cache)."""
    from annotator.learn.model import load_model
    from annotator.training import CACHE_DIR, train as fit
    if kind == "shipped":
        return load_model()
    folder = CACHE_DIR.parent / "newsroom" / f"without-{publisher}-{len(others)}"
    if not (folder / "model.json").is_file():
        model, _, _ = fit(others, backend, progress=lambda line: print(f"  base: {line}", flush=True))
        model.save(folder, f"# trained on the training split without {publisher} (benchmarks/newsroom.py)\n")
    return load_model(folder)


def adapted(method: str, base, reviewed: list[dict], others: list[dict], backend):
    """The model after review: ``map``, the base adapted to the reviewed articles alone (``train
    --from``), ``map-cue`` the same refitting only the cue model (``--adapt cue``); ``retrain``,
    trained from scratch on the base's own data and the reviewed articles."""
    from annotator.training import TrainingSettings, adapt, train as fit
    if method == "retrain":
        return fit(others + reviewed, backend, progress=lambda _: None)[0]
    settings = TrainingSettings(adapt=("cue",)) if method == "map-cue" else TrainingSettings()
    return adapt(base, reviewed, backend, settings, progress=lambda _: None)[0]


def row(label: str, held: dict[str, float], dev: dict[str, float], before: tuple[dict, dict] | None) -> str:
    cells = [label]
    for measured, base in ((held, before[0] if before else None), (dev, before[1] if before else None)):
        for key in ("all e2e F1", "all speaker", "quoted e2e F1"):
            change = f" ({measured[key] - base[key]:+.3f})" if base else ""
            cells.append(f"{measured[key]:.3f}{change}")
    return "| " + " | ".join(cells) + " |"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--publisher", default="breitbart")
    parser.add_argument("--sizes", type=int, nargs="+", default=[10, 25, 50])
    parser.add_argument("--weight", type=float, default=3.0)
    parser.add_argument("--base", choices=("shipped", "leave-out"), default="shipped")
    parser.add_argument("--methods", nargs="+", choices=("map", "map-cue", "retrain"), default=["map"],
                        help="map: train --from on the reviewed articles alone (map-cue: --adapt cue); retrain: "
                             "from scratch on the base's data and the reviewed articles (weighted).")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--train", type=Path, default=EVAL / "train.jsonl")
    parser.add_argument("--dev", type=Path, default=EVAL / "dev.jsonl")
    args = parser.parse_args()

    from annotator.parse.backends import load_backend
    from annotator.review.gold import export_gold
    from annotator.review.store import ReviewStore
    from annotator.training import GoldFile, decision_counts, read_gold
    backend = load_backend("spacy")
    train, dev = read_gold([GoldFile(args.train)]), read_gold([GoldFile(args.dev)])
    to_review, held_out = split_publisher(train, args.publisher, args.seed)
    to_review = to_review[:max(args.sizes)]
    started = time.perf_counter()
    others = train if args.base == "shipped" else [d for d in train if publisher_of(d) != args.publisher]
    base = base_model(args.base, others, args.publisher, backend)
    before = scores(base, held_out, backend), scores(base, dev, backend)
    print(f"{args.publisher}: {len(to_review)} articles to review, {len(held_out)} held out; base {args.base}; "
          f"reviewed articles weigh {args.weight:g}", flush=True)
    lines = ["| reviewed articles | held-out all e2e F1 | held-out all speaker | held-out quoted e2e F1 "
             "| dev all e2e F1 | dev all speaker | dev quoted e2e F1 |", "|---" * 7 + "|",
             row("0 (base)", *before, None)]
    print("\n".join(lines), flush=True)
    with tempfile.TemporaryDirectory() as folder:
        store = ReviewStore(Path(folder) / "review.db")
        review(store, annotated(base, to_review, backend), to_review)
        exported = Path(folder) / "reviewed.jsonl"
        order = {d["id"]: i for i, d in enumerate(to_review)}
        documents = sorted(export_gold(store, exported), key=lambda d: order[d["id"]])
        for method in args.methods:
            for size in args.sizes:
                subset = Path(folder) / f"reviewed-{size}.jsonl"
                subset.write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in documents[:size]),
                                  encoding="utf-8")
                fitted = time.perf_counter()
                model = adapted(method, base, read_gold([GoldFile(subset, args.weight)]), others, backend)
                label = f"{size}, {method} ({time.perf_counter() - fitted:.0f} s)"
                lines.append(row(label, scores(model, held_out, backend), scores(model, dev, backend), before))
                print(lines[-1], flush=True)
    print(f"decisions over {len(documents)} reviewed articles: {decision_counts(documents)}; "
          f"{time.perf_counter() - started:.0f} s in all")


if __name__ == "__main__":
    main()
