"""The trained attribution model: loading a model directory, and the decisions it makes where it
plugs into the engine (``annotator.rules.drafts.LearnedDecisions``).

A model directory holds ``model.json`` (the format tag, the settings and the weights of the
three components: cue-and-content, source ranker and calibrator), ``README.md``, its card, and
``precision.json``, how firmly its training data fixed each weight (what ``annotator train --from``
needs to adapt it without that data; a model without one adapts under the plain L2 prior).
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from annotator.learn.features import (CueCandidate, SourceQuery, calibration_features, cue_candidates,
                                      cue_extent_features, cue_word_features, cue_word_key, mention_features,
                                      relation_features_of, relation_key, source_candidates)
from annotator.learn.linear import LogisticModel, ModelError, softmax
from annotator.rules.drafts import Context, Draft, SourceRanking
from annotator.rules.evidence import Rule
from annotator.rules.mentions import can_speak
from annotator.rules.passes.reported import reported_kind, reported_rule

FORMAT = "annotator-attribution/2"  # /2: the source ranker is a softmax over candidates
MODEL_FILE, CARD_FILE, PRECISION_FILE = "model.json", "README.md", "precision.json"
SHIPPED_MODEL = Path(__file__).resolve().parent / "trained"
COMPONENTS = {"cue": "cue_scorer", "source": "source_ranker", "calibrator": "calibrator"}  # JSON key: attribute
UNCUED_SOURCE_PROBABILITY = 0.5  # a quote with no cue needs a speaker this likely
# Two accepted contents this similar (share of each covered by the other) are one attribution.
SAME_CONTENT_SHARE = 0.8
# Relation keys are bucketed, so few: 125 articles meet 7,000; a long-running worker still
# forgets them all past this many.
RELATION_SCORES_KEPT = 200_000


@dataclass(frozen=True)
class AttributionModel:
    """The three trained components: the cue-and-content scorer (kept at or above
    ``cue_threshold``), the source ranker (a conditional logit: scores compared within one quote's
    candidates) and the calibrator (None only while cross-validating);
    ``meta`` is what the card says (data, date, settings, scores); ``precision``, for the cue model
    and the source ranker ("cue", "source"), the Fisher information of each weight on the training
    data (the diagonal of the loss's curvature there)."""

    cue_scorer: LogisticModel
    source_ranker: LogisticModel
    calibrator: LogisticModel | None = None
    cue_threshold: float = 0.5
    meta: dict = field(default_factory=dict)
    precision: dict[str, dict[str, float]] = field(default_factory=dict)
    # the source ranker's score of each relation key met so far (see ``relation_key``)
    _relation_scores: dict = field(default_factory=dict, init=False, repr=False, compare=False)

    def reported(self, context: Context, drafts: list[Draft]) -> list[Draft]:
        """Reported speech the model believes: for each cue word its most probable content, kept
        when the probability reaches the threshold and no likelier attribution has that content."""
        scorer = self.cue_scorer
        best: dict[int, tuple[float, CueCandidate]] = {}
        word_scores: dict[tuple, float] = {}  # a cue word's part, the same for its extents
        for candidate in cue_candidates(context, drafts):
            word = cue_word_key(candidate)
            if word not in word_scores:
                word_scores[word] = scorer.score(cue_word_features(context, candidate))
            p = scorer.probability_at(scorer.bias + word_scores[word]
                                      + scorer.score(cue_extent_features(context, candidate)))
            token = candidate.cue.token
            if p >= self.cue_threshold and (token not in best or p > best[token][0]):
                best[token] = (p, candidate)
        kept: list[tuple[float, CueCandidate]] = []
        for p, candidate in sorted(best.values(), key=lambda pc: (-pc[0], pc[1].cue.token)):
            if not any(_same_content(candidate.span, other.span) for _, other in kept):
                kept.append((p, candidate))
        return [Draft(f"c{c.cue.token}", (c.span,), reported_kind(context, *c.span), _rule_of(c), c.cue,
                      probability=round(p, 4))
                for p, c in kept]

    def source(self, context: Context, draft: Draft, previous: int | None) -> SourceRanking:
        """The candidates, likeliest first (the earliest of equals), with their share of the
        probability (the ranker's softmax over them). A quote with no cue gets a speaker only
        among the mentions that can speak (a person, a group, an organisation), and only when the
        likeliest holds ``UNCUED_SOURCE_PROBABILITY``; else none."""
        query = SourceQuery.of(context.doc, draft, previous)
        heads = source_candidates(context, query)
        if draft.cue is None:
            heads = [h for h in heads if can_speak(context.doc[h])]
        if not heads:
            return [] if draft.cue is None else [(draft.cue.speaker_head, 0.0)]
        ranker = self.source_ranker
        mention_scores: dict[int, float] = context.memo.setdefault("mention_scores", {})
        for head in heads:
            if head not in mention_scores:
                mention_scores[head] = ranker.score(mention_features(context, head))
        relation_scores = self._relation_scores
        if len(relation_scores) > RELATION_SCORES_KEPT:
            relation_scores.clear()
        scores = []
        for head in heads:
            key = relation_key(context, query, head)
            if key not in relation_scores:
                relation_scores[key] = ranker.score(relation_features_of(key))
            scores.append(mention_scores[head] + relation_scores[key])
        ranking: SourceRanking = sorted(zip(heads, softmax(scores)), key=lambda hp: -hp[1])
        if draft.cue is None and ranking[0][1] < UNCUED_SOURCE_PROBABILITY:
            return []
        return ranking

    def confidence(self, draft: Draft, speaker_rule: Rule, source_probability: float | None) -> float:
        if self.calibrator is None:
            raise ModelError("this model has no calibrator (a model being cross-validated)")
        return self.calibrator.probability(calibration_features(draft, speaker_rule.value, source_probability))

    def to_json(self) -> dict:
        return {"format": FORMAT, "cue_threshold": self.cue_threshold, "meta": self.meta,
                **{key: getattr(self, attribute).to_json() for key, attribute in COMPONENTS.items()
                   if getattr(self, attribute) is not None}}

    def save(self, directory: Path, card: str) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        _write(directory / MODEL_FILE, json.dumps(self.to_json(), indent=0, sort_keys=True))
        _write(directory / CARD_FILE, card)
        if self.precision:
            save_precision(directory, self.precision)


def save_precision(directory: Path, precision: dict[str, dict[str, float]]) -> None:
    """Write a model directory's ``precision.json`` (alone: a model trained before it was written
    gains one without its ``model.json`` being touched)."""
    _write(directory / PRECISION_FILE, json.dumps(precision, indent=0, sort_keys=True))


def _write(path: Path, text: str) -> None:
    partial = path.with_name(f".{path.name}.part")
    partial.write_text(text + "\n", encoding="utf-8")
    partial.replace(path)


def _rule_of(candidate: CueCandidate) -> Rule:
    """The rules' own rule when the model kept the rules' cue and content; else the model's."""
    return reported_rule(candidate.cue) if candidate.extent == "rule" else Rule.LEARNED_CUE


def _same_content(a: tuple[int, int], b: tuple[int, int]) -> bool:
    shared = max(0, min(a[1], b[1]) - max(a[0], b[0]))
    return shared >= SAME_CONTENT_SHARE * (a[1] - a[0]) and shared >= SAME_CONTENT_SHARE * (b[1] - b[0])


@lru_cache(maxsize=8)
def load_model(directory: Path = SHIPPED_MODEL) -> AttributionModel:
    """The model in a directory; a missing or broken one raises ``ModelError`` naming the problem."""
    path = Path(directory) / MODEL_FILE
    if not path.is_file():
        raise ModelError(f"no trained model at {directory} ({MODEL_FILE} is missing): "
                         f"train one with `annotator train GOLD.jsonl -o DIR`")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise ModelError(f"{path} is not a readable model file ({exc})") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        found = data.get("format") if isinstance(data, dict) else None
        raise ModelError(f"{path} is not an attribution model of format {FORMAT} (found {found!r})")
    for name in COMPONENTS:
        if name not in data:
            raise ModelError(f"{path} lacks the {name!r} component")
    threshold = data.get("cue_threshold", 0.5)
    if not isinstance(threshold, (int, float)) or not 0 <= threshold <= 1:
        raise ModelError(f"{path}: cue_threshold must be a number between 0 and 1")
    return AttributionModel(LogisticModel.from_json(data["cue"], "cue"), LogisticModel.from_json(data["source"], "source"),
                            LogisticModel.from_json(data["calibrator"], "calibrator"),
                            float(threshold), meta if isinstance(meta := data.get("meta"), dict) else {},
                            _precision(Path(directory) / PRECISION_FILE))


def _precision(path: Path) -> dict[str, dict[str, float]]:
    """The Fisher information of a model's weights (empty without the file)."""
    if not path.is_file():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise ModelError(f"{path} is not a readable precision file ({exc})") from None
    if not isinstance(data, dict) or not all(isinstance(v, dict) and all(isinstance(x, (int, float)) for x in v.values())
                                             for v in data.values()):
        raise ModelError(f"{path}: each component needs a number per feature")
    return {str(k): {str(f): float(x) for f, x in v.items()} for k, v in data.items()}
