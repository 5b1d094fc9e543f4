"""Write a model directory's precision.json: the Fisher information of its weights on the gold it
was trained on, which `annotator train --from` needs to adapt it without that gold. `annotator
train` writes one with every model; this is for a model trained before it did (the shipped one
was given its file so: python tools/model_precision.py annotator/learn/trained ../shared/eval/train.jsonl).

usage: python tools/model_precision.py MODEL_DIR GOLD.jsonl [GOLD.jsonl ...] [--typewriter-quotes]
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("model", type=Path)
    parser.add_argument("gold", type=Path, nargs="+")
    parser.add_argument("--typewriter-quotes", action="store_true")
    args = parser.parse_args()

    from annotator.learn.model import load_model, save_precision
    from annotator.parse.backends import load_backend
    from annotator.training import GoldFile, TrainingSettings, measured_precision, read_gold
    model = load_model(args.model)
    golds = read_gold([GoldFile(path) for path in args.gold])
    settings = TrainingSettings(typewriter_quotes=args.typewriter_quotes)
    save_precision(args.model, measured_precision(model, golds, load_backend("spacy"), settings))
    print(f"{args.model / 'precision.json'}: Fisher information of {len(model.cue_scorer.weights)} cue and "
          f"{len(model.source_ranker.weights)} source weights on {len(golds)} articles")


if __name__ == "__main__":
    main()
