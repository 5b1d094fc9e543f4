"""Training the attribution model on gold articles (``annotator train``): parse once (cached),
fit the cue, content and source models, score by cross-validation and on dev, write the model
directory with its card."""
from __future__ import annotations

import hashlib
import json
import math
import random
from collections import Counter
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field, replace
from datetime import date
from pathlib import Path

from spacy.tokens import Doc, DocBin

from annotator.evaluate import Scores, calibration_error, confidences_and_rights, match, prediction_right, score
from annotator.learn.features import (Features, SourceQuery, calibration_features, cue_candidates, cue_features,
                                      source_candidates, source_features)
from annotator.learn.linear import LogisticModel
from annotator.learn.model import AttributionModel
from annotator.model import Article
from annotator.output.result import build_result
from annotator.parse.backends import Backend
from annotator.parse.doc import text_of
from annotator.rules.drafts import Context, Draft, SourceRanking
from annotator.rules.engine import Settings, attribute
from annotator.rules.evidence import Rule
from annotator.rules.passes import find_quotes
from annotator.rules.passes.reported import reported_kind

CACHE_DIR = Path.home() / ".cache" / "annotator" / "parsed"


class TrainingError(Exception):
    """Gold that cannot train a model; the message says why."""


def parsed(documents: list[dict], backend: Backend, cache_dir: Path = CACHE_DIR, batch_size: int = 16) -> list[Doc]:
    """The parsed ``Doc`` of each gold document, from a cache keyed by backend and texts: the same
    data parses once, whatever is trained on it afterwards."""
    key = hashlib.sha256(backend.label.encode())
    for doc in documents:
        key.update(doc["text"].encode())
    path = cache_dir / f"{key.hexdigest()[:20]}.spacy"
    if path.exists():
        return list(DocBin().from_disk(path).get_docs(backend.vocab))
    docs = list(backend.pipe((d["text"] for d in documents), batch_size=batch_size))
    cache_dir.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".part")
    DocBin(store_user_data=False, docs=docs).to_disk(partial)
    partial.replace(path)
    return docs


def read_gold(paths: Iterable[Path]) -> list[dict]:
    """Gold documents of JSONL files (the format of shared/eval), each noting its file in ``_file``;
    a document without "id", "text" and "quotes" is a ``TrainingError`` naming its line."""
    documents = []
    for path in paths:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            try:
                document = json.loads(line)
            except ValueError as exc:
                raise TrainingError(f"{path}:{number}: not valid JSON ({exc})") from None
            if not isinstance(document, dict) or not {"id", "text", "quotes"} <= set(document):
                raise TrainingError(f'{path}:{number}: a gold document needs "id", "text" and "quotes"')
            documents.append({**document, "_file": str(path)})
    return documents


@dataclass(frozen=True)
class TrainingSettings:
    """What ``annotator train`` fits, all fixed so that the same data gives the same model."""

    folds: int = 5
    seed: int = 0
    regularisation: float = 0.5  # scikit-learn's C for the cue and source models
    min_count: int = 2  # features seen fewer times are left out
    cue_threshold: float = 0.35
    typewriter_quotes: bool = False


class _Recorder:
    """Stands in for a model while examples are gathered: keeps the drafts the rule passes found
    before reported speech, and decides nothing."""

    def __init__(self) -> None:
        self.before: list[Draft] = []

    def reported(self, context: Context, drafts: list[Draft]) -> list[Draft]:
        self.before = list(drafts)
        return []

    def source(self, context: Context, draft: Draft, previous: int | None) -> SourceRanking:
        return [(draft.cue.speaker_head if draft.cue is not None else None, 0.0)]

    def confidence(self, draft: Draft, speaker_rule: Rule, source_probability: float | None) -> float:
        return 0.0


Rows = list[tuple[Features, bool]]


@dataclass
class Examples:
    """Training rows of the cue-and-content model, and the source ranker's candidate lists (one
    per quote), for one article (so that folds split by article)."""

    cue: Rows = field(default_factory=list)
    source: list[Rows] = field(default_factory=list)


def _words(text: str | None) -> set[str]:
    return {w.strip(".,;:!?\"'“”’").lower() for w in (text or "").split()}


def _gold_of(gold: list[dict], start: int, end: int) -> dict | None:
    matched = match(gold, {"start": start, "end": end})
    return gold[matched[1]] if matched is not None else None


def article_examples(doc: Doc, gold: list[dict], typewriter_quotes: bool = False) -> Examples:
    """The labelled rows one article gives: each (cue, content) candidate is right when its content
    matches a gold attribution whose cue holds the candidate's cue word; each source candidate of a
    draft that matches a gold attribution is right when it lies in the gold source."""
    recorder = _Recorder()
    context = Context.of(doc, typewriter_quotes, recorder)
    drafts = find_quotes(context)
    examples = Examples()
    cue_drafts = []
    for candidate in cue_candidates(context, recorder.before):
        g = _gold_of(gold, *candidate.span)
        right = g is not None and doc[candidate.cue.token].lower_ in _words(g.get("cue"))
        examples.cue.append((cue_features(context, candidate), right))
        if right:
            kind = reported_kind(context, *candidate.span)
            cue_drafts.append(Draft(f"c{candidate.cue.token}", (candidate.span,), kind, Rule.LEARNED_CUE,
                                    candidate.cue, probability=1.0))
    previous = None
    for draft in sorted([d for d in drafts if d.follows is None] + cue_drafts,
                        key=lambda d: d.start):
        g = _gold_of(gold, draft.start, draft.end)
        if g is None or g.get("speaker_start") is None:
            continue
        query = SourceQuery.of(doc, draft, previous)
        heads = source_candidates(context, query)
        inside = [h for h in heads if g["speaker_start"] <= doc[h].idx < g["speaker_end"]]
        if inside:
            examples.source.append([(source_features(context, query, h), h in inside) for h in heads])
            previous = inside[0]
    return examples


def _matrix(rows: Rows, min_count: int):
    """The rows as a sparse matrix over the features seen at least ``min_count`` times, with the
    feature names and the labels."""
    from sklearn.feature_extraction import DictVectorizer

    counts = Counter(name for features, _ in rows for name in features)
    kept = [{k: v for k, v in features.items() if counts[k] >= min_count} for features, _ in rows]
    labels = [bool(right) for _, right in rows]
    if len(set(labels)) < 2:
        raise TrainingError("the gold gives only one kind of example (all right or all wrong): "
                            "train on more articles")
    vectorizer = DictVectorizer()
    matrix = vectorizer.fit_transform(kept).tocsr()
    matrix.indices, matrix.indptr = matrix.indices.astype("int32"), matrix.indptr.astype("int32")  # liblinear's index width
    return matrix, list(vectorizer.get_feature_names_out()), labels


def _rounded(names: list[str], weights) -> dict[str, float]:
    return {name: round(float(w), 5) for name, w in zip(names, weights) if abs(w) >= 1e-5}


def fit_logistic(rows: Rows, settings: TrainingSettings) -> LogisticModel:
    """A logistic model over the features seen at least ``min_count`` times."""
    from sklearn.linear_model import LogisticRegression

    matrix, names, labels = _matrix(rows, settings.min_count)
    fitted = LogisticRegression(C=settings.regularisation, max_iter=2000, random_state=settings.seed,
                                solver="liblinear").fit(matrix, labels)
    return LogisticModel(_rounded(names, fitted.coef_[0]), round(float(fitted.intercept_[0]), 5))


def fit_ranker(groups: list[Rows], settings: TrainingSettings) -> LogisticModel:
    """A conditional logit (softmax over each quote's candidates) maximising the probability of the
    right candidates, with an L2 penalty of 1/C: candidates compete for one quote, as they do when
    the model ranks them, rather than each being judged alone. L-BFGS from zero weights:
    deterministic."""
    import numpy as np
    from scipy import sparse
    from scipy.optimize import minimize

    matrix, names, labels = _matrix([row for group in groups for row in group], settings.min_count)
    right = np.array(labels, dtype=float)
    group_of = np.repeat(np.arange(len(groups)), [len(g) for g in groups])
    members = sparse.csr_matrix((np.ones(len(group_of)), (group_of, np.arange(len(group_of)))),
                                shape=(len(groups), len(group_of)))
    penalty = 1.0 / settings.regularisation

    def loss_and_gradient(weights):
        scores = matrix @ weights
        top = np.full(len(groups), -np.inf)
        np.maximum.at(top, group_of, scores)
        exp = np.exp(scores - top[group_of])
        probability = exp / (members @ exp)[group_of]
        right_mass = np.maximum(members @ (probability * right), 1e-12)
        target = probability * right / right_mass[group_of]  # the right candidates' share of it
        loss = -np.log(right_mass).sum() + 0.5 * penalty * weights @ weights
        return loss, matrix.T @ (probability - target) + penalty * weights

    fitted = minimize(loss_and_gradient, np.zeros(matrix.shape[1]), jac=True, method="L-BFGS-B",
                      options={"maxiter": 1000})
    return LogisticModel(_rounded(names, fitted.x), 0.0)


def _attribute_all(docs: list[Doc], ids: list[str], model, typewriter_quotes: bool) -> dict[str, list[dict]]:
    settings = Settings(typewriter_quotes, model=model)
    predictions = {}
    for article_id, doc in zip(ids, docs):
        quotes, speakers = attribute(doc, settings)
        result = build_result(Article(article_id, text_of(doc), "gold"), "training", quotes, speakers)
        predictions[article_id] = result["quotes"]
    return predictions


def fit_calibrator(rows: Rows, settings: TrainingSettings) -> LogisticModel:
    """The calibrator, on held-out predictions; when they were all right (or all wrong) it can
    only say the rate, smoothed (Laplace): a constant model."""
    right = sum(1 for _, r in rows if r)
    if 0 < right < len(rows):
        return fit_logistic(rows, replace(settings, min_count=1))
    rate = (right + 1) / (len(rows) + 2)
    return LogisticModel({}, round(math.log(rate / (1 - rate)), 5))


class _CalibrationRecorder:
    """Wraps an uncalibrated model and keeps the calibrator's features of each quote, in order."""

    def __init__(self, model: AttributionModel):
        self.model = model
        self.rows: list[Features] = []

    def reported(self, context: Context, drafts: list[Draft]) -> list[Draft]:
        return self.model.reported(context, drafts)

    def source(self, context: Context, draft: Draft, previous: int | None) -> SourceRanking:
        return self.model.source(context, draft, previous)

    def confidence(self, draft: Draft, speaker_rule: Rule, source_probability: float | None) -> float:
        self.rows.append(calibration_features(draft, speaker_rule.value, source_probability))
        return 0.0


@dataclass
class Evaluation:
    scores: list[Scores]
    predictions: dict[str, list[dict]]
    calibration_error: float | None = None

    def lines(self, title: str) -> list[str]:
        lines = [f"{title}:"]
        for s in self.scores:
            p, r, f = s.e2e
            lines.append(f"  {s.scope:<6} detection P={s.precision:.3f} R={s.recall:.3f} F1={s.f1:.3f}; "
                         f"speaker accuracy {s.speaker_accuracy:.3f}; end-to-end F1 {f:.3f}")
        if self.calibration_error is not None:
            lines.append(f"  expected calibration error {self.calibration_error:.3f}")
        return lines


def _components(examples: list[Examples], settings: TrainingSettings) -> AttributionModel:
    """The cue-and-content model and the source ranker, not yet calibrated."""
    cue = fit_logistic([row for e in examples for row in e.cue], settings)
    source = fit_ranker([group for e in examples for group in e.source], settings)
    return AttributionModel(cue, source, None, settings.cue_threshold)


def cross_validate(docs: list[Doc], golds: list[dict], examples: list[Examples], settings: TrainingSettings,
                   progress=None) -> tuple[Evaluation, Rows]:
    """Scores of models trained on all folds but one, on that one; and the calibrator's rows
    (features and whether the quote was right end to end) from those held-out predictions."""
    order = list(range(len(docs)))
    random.Random(settings.seed).shuffle(order)
    folds = [order[k::settings.folds] for k in range(settings.folds)]
    predictions: dict[str, list[dict]] = {}
    calibration: Rows = []
    for k, held_out in enumerate(folds):
        kept = set(held_out)
        train = [i for i in range(len(docs)) if i not in kept]
        model = _components([examples[i] for i in train], settings)
        recorder = _CalibrationRecorder(model)
        fold = _attribute_all([docs[i] for i in held_out], [golds[i]["id"] for i in held_out], recorder,
                              settings.typewriter_quotes)
        rows = iter(recorder.rows)
        for i in held_out:
            for quote in fold[golds[i]["id"]]:
                calibration.append((next(rows), prediction_right(golds[i]["quotes"], quote)))
        predictions.update(fold)
        if progress is not None:
            progress(f"fold {k + 1}/{settings.folds} done")
    return Evaluation(score(golds, predictions), predictions), calibration


def evaluate_model(model: AttributionModel, docs: list[Doc], golds: list[dict], typewriter_quotes: bool) -> Evaluation:
    predictions = _attribute_all(docs, [g["id"] for g in golds], model, typewriter_quotes)
    return Evaluation(score(golds, predictions), predictions, calibration_error(*confidences_and_rights(golds, predictions)))


def train(golds: list[dict], backend: Backend, settings: TrainingSettings = TrainingSettings(),
          dev: list[dict] | None = None, progress=print,
          cache_dir: Path = CACHE_DIR) -> tuple[AttributionModel, list[Evaluation], list[str]]:
    """The model trained on all gold articles (calibrated on cross-validation predictions), and the
    report lines: cross-validation scores, and dev scores when dev gold is given."""
    if len(golds) < settings.folds:
        raise TrainingError(f"need at least {settings.folds} gold articles for {settings.folds}-fold cross-validation")
    progress(f"parsing {len(golds)} articles ({backend.label}; cached after the first run)")
    docs = parsed(golds, backend, cache_dir)
    examples = [article_examples(doc, g["quotes"], settings.typewriter_quotes) for doc, g in zip(docs, golds)]
    progress(f"examples: {sum(len(e.cue) for e in examples)} cue candidates, "
             f"{sum(len(g) for e in examples for g in e.source)} source candidates")
    cross, calibration = cross_validate(docs, golds, examples, settings, progress)
    model = _components(examples, settings)
    calibrator = fit_calibrator(calibration, settings)
    model = replace(model, calibrator=calibrator)
    evaluations = [cross]
    report = cross.lines(f"{settings.folds}-fold cross-validation on {len(golds)} articles")
    if dev:
        progress(f"parsing {len(dev)} dev articles")
        evaluations.append(evaluate_model(model, parsed(dev, backend, cache_dir), dev, settings.typewriter_quotes))
        report += evaluations[-1].lines(f"dev ({len(dev)} articles)")
    return model, evaluations, report


def _data_entry(path: Path, documents: list[dict]) -> dict:
    return {"file": path.name, "articles": len(documents), "attributions": sum(len(d["quotes"]) for d in documents),
            "sha256": hashlib.sha256(path.read_bytes()).hexdigest()}


def model_card(meta: dict, report: list[str]) -> str:
    """The model directory's README: what it was trained on, when, how, and how well it does."""
    data = "\n".join(f"- `{d['file']}`: {d['articles']} articles, {d['attributions']} attributions "
                     f"(sha256 `{d['sha256'][:16]}…`)" for d in meta["data"])
    dev = "\n".join(f"- `{d['file']}`: {d['articles']} articles" for d in meta.get("dev", [])) or "- none"
    settings = "\n".join(f"- `{k}` = {v}" for k, v in meta["settings"].items())
    return f"""# Attribution model card

Trained {meta['date']} by `annotator train` (annotator {meta['annotator']}, scikit-learn {meta['sklearn']},
backend `{meta['backend']}`). Same data and settings give the same `model.json`.

## What it decides
- **cue and content** (`cue`): for every verb and noun outside quotation marks, with each extent the
  parse offers for its content (its clause, the clause it hangs on, its object, its preposition's
  object, or the rules' own cue), the probability that it is an attribution. Kept at or above
  `cue_threshold`; the likeliest content per cue word.
- **source** (`source`): every noun, name and pronoun from the sentence before the quote to the one
  after it is scored, and the scores are compared within that quote (a softmax over its candidates,
  trained as a conditional logit); the first is the speaker. The rules' choice, the previous speaker
  and the parse relation to the cue are features.
- **confidence** (`calibrator`): the probability that a quote and its speaker are both right, fitted on
  the cross-validation predictions (never on predictions for articles the model was trained on).

All three are linear models (logistic regressions; the source ranker a conditional logit) over named
features (`annotator/learn/features.py`), stored as JSON weights. The rules stay: they give
candidates and features, and attribute quotes in marks.

## Data
{data}

Dev (scored only, never trained on):
{dev}

## Settings
{settings}

## Scores (`annotator evaluate` matching: content overlap of half the shorter span; speaker by mention or surname)
```
{chr(10).join(report)}
```

## Limits
Trained on US political news of 2015-2016 (PolNeAR), which annotates every attribution — thoughts
and findings as well as speech. Articles of another kind, era or house style will score lower;
`annotator train` on your own gold adapts it.
"""


def write_model(model: AttributionModel, directory: Path, gold_paths: list[Path], golds: list[dict],
                dev_path: Path | None, dev: list[dict] | None, backend: Backend, settings: TrainingSettings,
                report: list[str]) -> None:
    from importlib.metadata import version

    from annotator import __version__
    meta = {"date": date.today().isoformat(), "annotator": __version__, "sklearn": version("scikit-learn"),
            "backend": backend.label, "settings": asdict(settings),
            "data": [_data_entry(p, [g for g in golds if g.get("_file") == str(p)]) for p in gold_paths],
            "dev": [_data_entry(dev_path, dev)] if dev_path is not None and dev is not None else [],
            "scores": report}
    model = replace(model, meta=meta)
    model.save(directory, model_card(meta, report))
