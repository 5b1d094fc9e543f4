"""Training the attribution model on gold articles (``annotator train``): parse once (cached),
fit the cue, content and source models, score by cross-validation and on dev, write the model
directory with its card."""
from __future__ import annotations

import hashlib
import json
import math
import random
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field, replace
from datetime import date
from pathlib import Path

from spacy.tokens import Doc, DocBin

from annotator.evaluate import (Scores, calibration_error, confidences_and_rights, decided, match, prediction_right,
                                score)
from annotator.learn.features import (Features, SourceQuery, calibration_features, cue_candidates, cue_features,
                                      source_candidates, source_features)
from annotator.learn.linear import LogisticModel, softmax
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
    key = hashlib.sha256(f"{backend.label}{backend.revision}".encode())
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


@dataclass(frozen=True)
class GoldFile:
    """A gold JSONL file and how much each of its articles counts in training."""

    path: Path
    weight: float = 1.0


def gold_file(spec: str) -> GoldFile:
    """``FILE`` or ``FILE:WEIGHT`` (``reviewed.jsonl:3``: each article counts three times); a file
    that exists by the whole name is that file. A missing file or a weight that is not a positive
    number is a ``TrainingError`` naming it."""
    path, weight = Path(spec), 1.0
    if not path.exists() and ":" in spec:
        name, _, written = spec.rpartition(":")
        try:
            weight = float(written)
        except ValueError:
            weight = math.nan
        if not (math.isfinite(weight) and weight > 0):
            raise TrainingError(f"{spec}: the weight after ':' must be a positive number (FILE:WEIGHT, "
                                "e.g. reviewed.jsonl:3)")
        path = Path(name)
    if not path.is_file():
        raise TrainingError(f"{path}: no such gold file")
    return GoldFile(path, weight)


def read_gold(files: Iterable[GoldFile]) -> list[dict]:
    """Gold documents of JSONL files (the format of shared/eval), each noting its file in ``_file``
    and its file's weight in ``_weight``; a document without "id", "text" and "quotes" is a
    ``TrainingError`` naming its line."""
    documents = []
    for file in files:
        path = file.path
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            try:
                document = json.loads(line)
            except ValueError as exc:
                raise TrainingError(f"{path}:{number}: not valid JSON ({exc})") from None
            if not isinstance(document, dict) or not {"id", "text", "quotes"} <= set(document):
                raise TrainingError(f'{path}:{number}: a gold document needs "id", "text" and "quotes"')
            documents.append({**document, "_file": str(path), "_weight": file.weight})
    return documents


ADAPTABLE = ("cue", "source")  # the components ``train --from`` can refit


@dataclass(frozen=True)
class TrainingSettings:
    """What ``annotator train`` fits, all fixed so that the same data gives the same model."""

    folds: int = 5
    seed: int = 0
    regularisation: float = 0.5  # scikit-learn's C for the cue and source models
    min_count: int = 2  # features seen fewer times are left out
    cue_threshold: float = 0.35
    typewriter_quotes: bool = False
    adapt: tuple[str, ...] = ADAPTABLE  # with --from: the components refitted (the others kept as they are)


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
    weight: float = 1.0


def _words(text: str | None) -> set[str]:
    return {w.strip(".,;:!?\"'“”’").lower() for w in (text or "").split()}


def _gold_of(gold: list[dict], start: int, end: int) -> dict | None:
    matched = match(gold, {"start": start, "end": end})
    return gold[matched[1]] if matched is not None else None


def _allowed(doc: Doc, heads: list[int], gold: dict) -> list[int]:
    """The source candidates a gold attribution allows: those in its source span (in reviewed gold,
    in any mention of its speaker: ``speaker_mentions``); where it has none but a reviewer
    rejected the model's mention (``not_speaker``), every other candidate."""
    spans = gold.get("speaker_mentions") or ([(gold["speaker_start"], gold["speaker_end"])]
                                             if gold.get("speaker_start") is not None else [])
    if spans:
        return [h for h in heads if any(start <= doc[h].idx < end for start, end in spans)]
    wrong = gold.get("not_speaker")
    if wrong is None:
        return []
    others = [h for h in heads if not wrong["start"] <= doc[h].idx < wrong["end"]]
    return others if len(others) < len(heads) else []


def article_examples(doc: Doc, document: dict, typewriter_quotes: bool = False) -> Examples:
    """The labelled rows one gold article gives: each (cue, content) candidate is right when its
    content matches a gold attribution whose cue holds the candidate's cue word; each source
    candidate of a draft that matches a gold attribution is right when it lies in the gold source
    (or, for a corrected speaker the text does not name, when it is not the rejected mention). In
    reviewed gold (``reviewed``), only candidates that match a decided quote are labelled: one
    matching a rejected quote is wrong, the rest of the text is unknown."""
    gold, rejected = document["quotes"], document.get("rejected", [])
    recorder = _Recorder()
    context = Context.of(doc, typewriter_quotes, recorder)
    drafts = find_quotes(context)
    examples = Examples(weight=document.get("_weight", 1.0))
    cue_drafts = []
    for candidate in cue_candidates(context, recorder.before):
        g = _gold_of(gold, *candidate.span)
        if g is None and "reviewed" in document and _gold_of(rejected, *candidate.span) is None:
            continue
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
        if g is None:
            continue
        query = SourceQuery.of(doc, draft, previous)
        heads = source_candidates(context, query)
        allowed = _allowed(doc, heads, g)
        if allowed:
            examples.source.append([(source_features(context, query, h), h in allowed) for h in heads])
            previous = allowed[0] if g.get("speaker_start") is not None else None
    return examples


def _matrix(rows: Rows, min_count: int, known: dict[str, float] | None = None):
    """The rows as a sparse matrix over the features seen at least ``min_count`` times (or at all,
    when ``known`` has a weight for them), with the feature names and the labels."""
    from sklearn.feature_extraction import DictVectorizer

    known = known or {}
    counts = Counter(name for features, _ in rows for name in features)
    kept = [{k: v for k, v in features.items() if counts[k] >= min_count or k in known} for features, _ in rows]
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


def fit_logistic(rows: Rows, settings: TrainingSettings, weights: list[float] | None = None) -> LogisticModel:
    """A logistic model over the features seen at least ``min_count`` times, each row counting
    its weight."""
    from sklearn.linear_model import LogisticRegression

    matrix, names, labels = _matrix(rows, settings.min_count)
    fitted = LogisticRegression(C=settings.regularisation, max_iter=2000, random_state=settings.seed,
                                solver="liblinear").fit(matrix, labels, sample_weight=weights)
    return LogisticModel(_rounded(names, fitted.coef_[0]), round(float(fitted.intercept_[0]), 5))


def fit_ranker(groups: list[Rows], settings: TrainingSettings, weights: list[float] | None = None,
               prior: LogisticModel | None = None, information: dict[str, float] | None = None) -> LogisticModel:
    """A conditional logit (softmax over each quote's candidates) maximising the probability of the
    right candidates, each group counting its weight: candidates compete for one quote, as they do
    when the model ranks them, rather than each being judged alone. The L2 penalty is 1/C on the
    distance from zero weights or, with a ``prior`` (``--from``), from the prior's weights, plus
    each weight's Fisher ``information`` on the data the prior was trained on: the MAP estimate
    under the Laplace approximation of the old model's posterior (a weight the old data fixed
    firmly moves little). Features the data does not have keep the prior's weight. L-BFGS from the
    prior: deterministic."""
    import numpy as np
    from scipy import sparse
    from scipy.optimize import minimize

    known = prior.weights if prior is not None else {}
    matrix, names, labels = _matrix([row for group in groups for row in group], settings.min_count, known)
    right = np.array(labels, dtype=float)
    group_of = np.repeat(np.arange(len(groups)), [len(g) for g in groups])
    members = sparse.csr_matrix((np.ones(len(group_of)), (group_of, np.arange(len(group_of)))),
                                shape=(len(groups), len(group_of)))
    counts = np.array(weights if weights is not None else np.ones(len(groups)), dtype=float)
    centre = np.array([known.get(name, 0.0) for name in names])
    penalty = 1.0 / settings.regularisation + np.array([(information or {}).get(name, 0.0) for name in names])

    def loss_and_gradient(w):
        scores = matrix @ w
        top = np.full(len(groups), -np.inf)
        np.maximum.at(top, group_of, scores)
        exp = np.exp(scores - top[group_of])
        probability = exp / (members @ exp)[group_of]
        right_mass = np.maximum(members @ (probability * right), 1e-12)
        target = probability * right / right_mass[group_of]  # the right candidates' share of it
        loss = -(counts * np.log(right_mass)).sum() + 0.5 * (penalty * (w - centre)) @ (w - centre)
        return loss, matrix.T @ (counts[group_of] * (probability - target)) + penalty * (w - centre)

    fitted = minimize(loss_and_gradient, centre, jac=True, method="L-BFGS-B", options={"maxiter": 1000})
    fitted_weights = {**known, **dict(zip(names, fitted.x))}  # features the data lacks keep the prior's
    return LogisticModel(_rounded(list(fitted_weights), list(fitted_weights.values())), 0.0)


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


INTERCEPT = "<intercept>"  # the cue model's bias, as a feature of the choice between a cue and none


def _as_choice(row: tuple[Features, bool]) -> Rows:
    """A binary example as a choice between the candidate (with the intercept) and nothing: a
    softmax over the two is the logistic, so the ranker's fit with a prior fits the cue model too."""
    features, right = row
    return [({**features, INTERCEPT: 1.0}, right), ({}, not right)]


def adapted_cue(rows: Rows, weights: list[float], prior: LogisticModel, settings: TrainingSettings,
                information: dict[str, float]) -> LogisticModel:
    """The cue-and-content model refitted on ``rows`` under a Gaussian prior centred on ``prior``
    (see ``fit_ranker``)."""
    fitted = fit_ranker([_as_choice(row) for row in rows], settings, weights,
                        LogisticModel({**prior.weights, INTERCEPT: prior.bias}, 0.0), information)
    weights_of = dict(fitted.weights)
    return LogisticModel(weights_of, weights_of.pop(INTERCEPT, 0.0))


def _components(examples: list[Examples], settings: TrainingSettings,
                base: AttributionModel | None = None) -> AttributionModel:
    """The cue-and-content model and the source ranker: from scratch, not yet calibrated; or,
    adapted from ``base`` (MAP under a prior centred on its weights), with its calibrator and
    threshold."""
    cue_rows = [row for e in examples for row in e.cue]
    cue_weights = [e.weight for e in examples for _ in e.cue]
    groups = [group for e in examples for group in e.source]
    group_weights = [e.weight for e in examples for _ in e.source]
    if base is None:
        return AttributionModel(fit_logistic(cue_rows, settings, cue_weights),
                                fit_ranker(groups, settings, group_weights), None, settings.cue_threshold)
    cue = adapted_cue(cue_rows, cue_weights, base.cue_scorer, settings, base.precision.get("cue", {})) \
        if cue_rows and "cue" in settings.adapt else base.cue_scorer
    source = fit_ranker(groups, settings, group_weights, base.source_ranker, base.precision.get("source")) \
        if groups and "source" in settings.adapt else base.source_ranker
    return AttributionModel(cue, source, base.calibrator, base.cue_threshold)


def information(examples: list[Examples], model: AttributionModel) -> dict[str, dict[str, float]]:
    """The Fisher information of each weight of the model's cue scorer and source ranker on the
    examples (each counting its article's weight): the diagonal of the loss's curvature, which the
    labels do not enter. Cue model: p(1-p)x² summed over the candidates (its bias under
    ``INTERCEPT``); ranker: the variance of x under each quote's softmax, summed over quotes. Only
    the model's own features are kept."""
    cue: dict[str, float] = defaultdict(float)
    source: dict[str, float] = defaultdict(float)
    for e in examples:
        for features, _ in e.cue:
            p = model.cue_scorer.probability(features)
            for name, value in {**features, INTERCEPT: 1.0}.items():
                cue[name] += e.weight * p * (1 - p) * value * value
        for group in e.source:
            shares = softmax([model.source_ranker.score(features) for features, _ in group])
            mean: dict[str, float] = defaultdict(float)
            square: dict[str, float] = defaultdict(float)
            for (features, _), share in zip(group, shares):
                for name, value in features.items():
                    mean[name] += share * value
                    square[name] += share * value * value
            for name in mean:
                source[name] += e.weight * max(0.0, square[name] - mean[name] ** 2)
    return {"cue": _significant(cue, {**model.cue_scorer.weights, INTERCEPT: 0.0}),
            "source": _significant(source, model.source_ranker.weights)}


def measured_precision(model: AttributionModel, golds: list[dict], backend: Backend,
                       settings: TrainingSettings = TrainingSettings(), cache_dir: Path = CACHE_DIR) -> dict[str, dict[str, float]]:
    """``information`` of a model on gold articles: for a model trained on them before ``annotator
    train`` wrote its ``precision.json`` (``tools/model_precision.py``)."""
    docs = parsed(golds, backend, cache_dir)
    return information([article_examples(doc, g, settings.typewriter_quotes) for doc, g in zip(docs, golds)], model)


def _significant(information_of: dict[str, float], features: dict[str, float]) -> dict[str, float]:
    return {name: float(f"{value:.4g}") for name, value in sorted(information_of.items()) if name in features and value > 0}


def _summed(a: dict[str, dict[str, float]], b: dict[str, dict[str, float]]) -> dict[str, dict[str, float]]:
    """Two precisions added, feature by feature (information of independent data adds up)."""
    def added(x: dict[str, float], y: dict[str, float]) -> dict[str, float]:
        return {name: x.get(name, 0.0) + y.get(name, 0.0) for name in {**x, **y}}
    return {part: _significant(added(a.get(part, {}), b.get(part, {})), {**a.get(part, {}), **b.get(part, {})})
            for part in sorted(set(a) | set(b))}


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
            for quote, features in zip(fold[golds[i]["id"]], rows):
                if decided(golds[i], quote):
                    calibration.append((features, prediction_right(golds[i]["quotes"], quote)))
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
    examples = [article_examples(doc, g, settings.typewriter_quotes) for doc, g in zip(docs, golds)]
    progress(f"examples: {sum(len(e.cue) for e in examples)} cue candidates, "
             f"{sum(len(g) for e in examples for g in e.source)} source candidates")
    cross, calibration = cross_validate(docs, golds, examples, settings, progress)
    model = _components(examples, settings)
    calibrator = fit_calibrator(calibration, settings)
    model = replace(model, calibrator=calibrator, precision=information(examples, model))
    evaluations = [cross]
    report = cross.lines(f"{settings.folds}-fold cross-validation on {len(golds)} articles")
    if dev:
        progress(f"parsing {len(dev)} dev articles")
        evaluations.append(evaluate_model(model, parsed(dev, backend, cache_dir), dev, settings.typewriter_quotes))
        report += evaluations[-1].lines(f"dev ({len(dev)} articles)")
    return model, evaluations, report


def held_out_reviewed(golds: list[dict], settings: TrainingSettings) -> list[int]:
    """The articles ``--from`` training leaves out to score itself on: one in ``folds`` of the
    reviewed ones (of all, when none is reviewed), chosen with the seed; none of fewer than two."""
    pool = [i for i, g in enumerate(golds) if "reviewed" in g] or list(range(len(golds)))
    if len(pool) < 2:
        return []
    random.Random(settings.seed).shuffle(pool)
    return sorted(pool[::settings.folds])


def adapt(base: AttributionModel, golds: list[dict], backend: Backend, settings: TrainingSettings = TrainingSettings(),
          dev: list[dict] | None = None, progress=print,
          cache_dir: Path = CACHE_DIR) -> tuple[AttributionModel, list[str]]:
    """``base`` adapted to the gold articles (``annotator train --from``): its cue model and source
    ranker refitted on them alone, each weight pulled toward the base model's (the original corpus
    is not parsed again), its calibrator kept; and the report: the base and the adapted model on
    the reviewed articles held out (``held_out_reviewed``; that adapted model never saw them, the
    one returned is fitted on every article), and on dev when given."""
    if not golds:
        raise TrainingError("no gold articles to adapt the model to")
    progress(f"parsing {len(golds)} articles ({backend.label}; cached after the first run)")
    docs = parsed(golds, backend, cache_dir)
    examples = [article_examples(doc, g, settings.typewriter_quotes) for doc, g in zip(docs, golds)]
    held = held_out_reviewed(golds, settings)
    report: list[str] = []
    if held:
        kept = [i for i in range(len(golds)) if i not in set(held)]
        split = _components([examples[i] for i in kept], settings, base)
        held_docs, held_golds = [docs[i] for i in held], [golds[i] for i in held]
        report += _before_after(base, split, held_docs, held_golds, settings,
                                f"{len(held)} held-out articles (trained on the other {len(kept)})")
    else:
        report.append("no reviewed articles held out to score on: it takes at least two")
    model = _components(examples, settings, base)
    model = replace(model, precision=_summed(base.precision, information(examples, model)))
    if dev:
        progress(f"parsing {len(dev)} dev articles")
        report += _before_after(base, model, parsed(dev, backend, cache_dir), dev, settings, f"dev ({len(dev)} articles)")
    return model, report


def _before_after(base: AttributionModel, model: AttributionModel, docs: list[Doc], golds: list[dict],
                  settings: TrainingSettings, title: str) -> list[str]:
    before = evaluate_model(base, docs, golds, settings.typewriter_quotes)
    after = evaluate_model(model, docs, golds, settings.typewriter_quotes)
    return before.lines(f"before (--from model), {title}") + after.lines(f"after, {title}")


def decision_counts(documents: list[dict]) -> dict[str, int]:
    """How many review decisions of each kind reviewed gold holds (and quotes left undecided)."""
    counts: Counter[str] = Counter()
    for document in documents:
        counts.update(document.get("reviewed", {}))
    return dict(counts)


def _data_entry(path: Path, documents: list[dict], weight: float = 1.0) -> dict:
    entry = {"file": path.name, "articles": len(documents), "attributions": sum(len(d["quotes"]) for d in documents),
             "sha256": hashlib.sha256(path.read_bytes()).hexdigest(), "weight": weight}
    decisions = decision_counts(documents)
    return {**entry, "decisions": decisions} if decisions else entry


def _data_line(entry: dict) -> str:
    decisions = entry.get("decisions")
    reviewed = (f"; reviewed decisions: {decisions.get('accepted', 0)} accepted, {decisions.get('corrected', 0)} "
                f"corrected, {decisions.get('rejected', 0)} rejected ({decisions.get('undecided', 0)} quotes "
                "undecided, left out)") if decisions else ""
    return (f"- `{entry['file']}` (weight {entry.get('weight', 1.0):g}): {entry['articles']} articles, "
            f"{entry['attributions']} attributions{reviewed} (sha256 `{entry['sha256'][:16]}…`)")


def model_card(meta: dict, report: list[str]) -> str:
    """The model directory's README: what it was trained on, when, how, and how well it does."""
    data = "\n".join(_data_line(d) for d in meta["data"])
    dev = "\n".join(f"- `{d['file']}`: {d['articles']} articles" for d in meta.get("dev", [])) or "- none"
    settings = "\n".join(f"- `{k}` = {v}" for k, v in meta["settings"].items())
    return f"""# Attribution model card

Trained {meta['date']} by `annotator train` (annotator {meta['annotator']}, scikit-learn {meta['sklearn']},
backend `{meta['backend']}`). Same data and settings give the same `model.json`.
{_adapted_from(meta["base"], meta["settings"]["adapt"]) if "base" in meta else ""}
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
`precision.json` holds each cue and source weight's Fisher information on the training data:
how firmly the data fixed it, which `annotator train --from` needs to adapt the model without
that data.

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


def _adapted_from(base: dict, parts: tuple[str, ...]) -> str:
    data = ", ".join(f"`{d['file']}` ({d['articles']} articles)" for d in base.get("data", [])) or "unknown data"
    refitted = " and ".join({"cue": "cue model", "source": "source ranker"}[part] for part in parts)
    return f"""
Adapted (`--from`) from the model at `{base['path']}` (trained {base.get('date', 'on an unknown date')} on
{data}): its {refitted} refitted on the data below alone (`--adapt`), each weight pulled toward
the base model's by an L2 penalty of 1/C plus that weight's Fisher information on the base model's
own data (its `precision.json`): the MAP estimate under the Laplace approximation of the base
model's posterior. Features the data below lacks keep the base weight. The calibrator and
`cue_threshold` are the base model's. "Before" scores are the base model's, "after"
the adapted one's; on held-out articles, "after" is a model fitted without them.
"""


def write_model(model: AttributionModel, directory: Path, gold_files: list[GoldFile], golds: list[dict],
                dev_path: Path | None, dev: list[dict] | None, backend: Backend, settings: TrainingSettings,
                report: list[str], base: tuple[Path, AttributionModel] | None = None) -> None:
    """Write the model and its card; ``base`` is the ``--from`` model (its directory and itself)."""
    from importlib.metadata import version

    from annotator import __version__
    meta = {"date": date.today().isoformat(), "annotator": __version__, "sklearn": version("scikit-learn"),
            "backend": backend.label, "settings": asdict(settings),
            "data": [_data_entry(f.path, [g for g in golds if g.get("_file") == str(f.path)], f.weight)
                     for f in gold_files],
            "dev": [_data_entry(dev_path, dev)] if dev_path is not None and dev is not None else [],
            "scores": report}
    if base is not None:
        meta["base"] = {"path": str(base[0]), "date": base[1].meta.get("date"), "data": base[1].meta.get("data", [])}
    model = replace(model, meta=meta)
    model.save(directory, model_card(meta, report))
