"""A real, tiny Stanza English pipeline, trained offline in seconds on tests/data/stanza_tiny_en.conllu.

Each model is trained for a few hundred steps by Stanza's own training entry point and saved by it;
the files are laid out as ``stanza.download`` lays them out (``resources.json``,
``en/PROCESSOR/PACKAGE.pt``), so ``stanza.Pipeline(lang="en", dir=..., download_method=None)`` loads
them unchanged. The models learn the six sentences by heart and know nothing else: they exist to
exercise loading, processor output and offsets. The MWT expander and the lemmatizer are Stanza's
dictionary-only kind (the real English ones add a seq2seq model), and no model uses a character
language model (the real ``_charlm`` packages do). The NER sample is the same sentences, its tags
in the CoNLL-U MISC column (``NER=B-PERSON``).

usage: python tests/tiny_stanza.py DIR
"""
from __future__ import annotations

import contextlib
import io
import json
import logging
import random
import shutil
import sys
from pathlib import Path

SAMPLE = Path(__file__).resolve().parent / "data" / "stanza_tiny_en.conllu"
PACKAGES = {"tokenize": "combined", "mwt": "combined", "pos": "combined_nocharlm",
            "lemma": "combined_nocharlm", "depparse": "combined_nocharlm", "ner": "ontonotes_nocharlm"}
PRETRAIN = "conll17"
NEEDS_PRETRAIN = ("pos", "depparse", "ner")
STEPS = "150"
# small, one layer, no character model, no dropout, a fast optimiser: enough to learn the sample by heart
SMALL = ["--batch_size", "8", "--max_steps", STEPS, "--eval_interval", STEPS, "--hidden_dim", "16",
         "--word_emb_dim", "8", "--num_layers", "1", "--no_char", "--dropout", "0.0", "--optim", "adam"]


def sample_document():
    from stanza.utils.conll import CoNLL
    return CoNLL.conll2doc(str(SAMPLE))


def write_pretrain(doc, path: Path, work: Path, dim: int = 8) -> None:
    """Word vectors for the sample's words, in Stanza's .pt format (``Pretrain`` writes it on load)."""
    from stanza.models.common.pretrain import Pretrain
    rng = random.Random(0)
    words = sorted({w.text for s in doc.sentences for w in s.words} | {w.text.lower() for s in doc.sentences for w in s.words})
    text = work / "vectors.txt"
    text.write_text("".join(f"{w} {' '.join(f'{rng.uniform(-1, 1):.3f}' for _ in range(dim))}\n" for w in words),
                    encoding="utf-8")
    Pretrain(str(path), str(text)).load()


def tokenizer_files(doc, work: Path) -> tuple[Path, Path, Path]:
    """The raw text, per-character labels and MWT dictionary Stanza's tokenizer trains on."""
    from stanza.utils.datasets import prepare_tokenizer_data
    raw, labels, mwt = work / "tok.txt", work / "tok.labels", work / "tok_mwt.json"
    texts = [s.text for s in doc.sentences]
    half = len(texts) // 2  # two paragraphs, so that it learns sentence ends within one and at its end
    raw.write_text(" ".join(texts[:half]) + "\n\n" + " ".join(texts[half:]) + "\n", encoding="utf-8")
    prepare_tokenizer_data.main([str(raw), str(SAMPLE), "-o", str(labels), "-m", str(mwt)])
    return raw, labels, mwt


def ner_file(doc, work: Path) -> Path:
    """The sample as Stanza's NER training JSON: one tag per token, from its first word's MISC."""
    def tag(token) -> str:
        misc = dict(f.split("=", 1) for f in (token.words[0].misc or "").split("|") if "=" in f)
        return misc.get("NER", "O")
    path = work / "ner.json"
    path.write_text(json.dumps([[{"text": t.text, "ner": tag(t)} for t in s.tokens] for s in doc.sentences]),
                    encoding="utf-8")
    return path


def train_tokenizer(doc, work: Path, save: Path) -> None:
    from stanza.models import tokenizer
    raw, labels, mwt = tokenizer_files(doc, work)
    args = tokenizer.parse_args(["--txt_file", str(raw), "--label_file", str(labels), "--mwt_json_file", str(mwt),
                                 "--dev_txt_file", str(raw), "--dev_label_file", str(labels), "--lang", "en",
                                 "--shorthand", "en_tiny", "--save_dir", str(save.parent), "--save_name", save.name,
                                 "--steps", "600", "--eval_steps", "600", "--report_steps", "600", "--batch_size", "4",
                                 "--hidden_dim", "16", "--emb_dim", "8", "--rnn_layers", "1", "--device", "cpu"])
    args["feat_funcs"] = ["space_before", "capitalized", "numeric", "end_of_para", "start_of_para"]
    args["feat_dim"] = len(args["feat_funcs"])
    args["save_name"] = str(save)
    tokenizer.train(args)


def common_args(save: Path, work: Path, name: str) -> list[str]:
    return ["--mode", "train", "--train_file", str(SAMPLE), "--eval_file", str(SAMPLE),
            "--output_file", str(work / f"{name}.out"), "--shorthand", "en_tiny",
            "--save_dir", str(save.parent), "--save_name", save.name]


def train_mwt(work: Path, save: Path) -> None:
    from stanza.models import mwt_expander
    mwt_expander.main([*common_args(save, work, "mwt"), "--num_epoch", "1", "--dict_only", "--gold_file", str(SAMPLE)])


def train_lemma(work: Path, save: Path) -> None:
    from stanza.models import lemmatizer
    lemmatizer.main([*common_args(save, work, "lemma"), "--num_epoch", "1", "--dict_only"])


def train_pos(work: Path, save: Path, pretrain: Path) -> None:
    from stanza.models import tagger
    tagger.main([*common_args(save, work, "pos"), "--lang", "en", "--wordvec_pretrain_file", str(pretrain),
                 "--deep_biaff_hidden_dim", "16", "--composite_deep_biaff_hidden_dim", "16", "--tag_emb_dim", "8",
                 "--transformed_dim", "8", "--lr", "0.03", *SMALL])


def train_depparse(work: Path, save: Path, pretrain: Path) -> None:
    from stanza.models import parser
    parser.main([*common_args(save, work, "depparse"), "--lang", "en", "--wordvec_pretrain_file", str(pretrain),
                 "--deep_biaff_hidden_dim", "16", "--tag_emb_dim", "8", "--transformed_dim", "8",
                 "--augment_nopunct", "0.0", "--lr", "0.03", *SMALL])


def train_ner(doc, work: Path, save: Path, pretrain: Path) -> None:
    from stanza.models import ner_tagger
    data = str(ner_file(doc, work))
    ner_tagger.main(["--mode", "train", "--train_file", data, "--eval_file", data,
                     "--shorthand", "en_tiny", "--save_dir", str(save.parent), "--save_name", save.name,
                     "--wordvec_pretrain_file", str(pretrain), "--lr", "0.03", *SMALL])


def resources() -> dict:
    """The part of Stanza's resources.json that ``stanza.Pipeline`` reads when it downloads nothing."""
    pretrain = [{"model": "pretrain", "package": PRETRAIN}]
    processors = {name: {package: {"dependencies": pretrain} if name in NEEDS_PRETRAIN else {}}
                  for name, package in PACKAGES.items()}
    return {"en": {"lang_name": "English", **processors, "pretrain": {PRETRAIN: {}},
                   "default_processors": dict(PACKAGES), "packages": {"default": dict(PACKAGES)}}}


def build(model_dir: Path) -> Path:
    """Train the six models into ``model_dir`` (Stanza's layout) and return it."""
    import torch
    doc = sample_document()
    work = model_dir / "_work"
    lang = model_dir / "en"
    paths = {name: lang / name / f"{package}.pt" for name, package in PACKAGES.items()}
    pretrain = lang / "pretrain" / f"{PRETRAIN}.pt"
    for path in [*paths.values(), pretrain, work / "x"]:
        path.parent.mkdir(parents=True, exist_ok=True)
    threads = torch.get_num_threads()
    torch.set_num_threads(1)  # ten times faster than many threads for models this small
    logging.disable(logging.WARNING)  # the trainers log (and print) every step
    try:
        with contextlib.redirect_stdout(io.StringIO()):
            write_pretrain(doc, pretrain, work)
            train_tokenizer(doc, work, paths["tokenize"])
            train_mwt(work, paths["mwt"])
            train_lemma(work, paths["lemma"])
            train_pos(work, paths["pos"], pretrain)
            train_depparse(work, paths["depparse"], pretrain)
            train_ner(doc, work, paths["ner"], pretrain)
    finally:
        logging.disable(logging.NOTSET)
        torch.set_num_threads(threads)
    shutil.rmtree(work)
    for checkpoint in lang.glob("*/*_checkpoint.pt"):
        checkpoint.unlink()
    (model_dir / "resources.json").write_text(json.dumps(resources(), indent=1), encoding="utf-8")
    return model_dir


if __name__ == "__main__":
    print(build(Path(sys.argv[1])))
