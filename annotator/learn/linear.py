"""A logistic model over named features, stored as JSON: what ``annotator train`` fits with
scikit-learn and what the engine scores with, no pickle and no scikit-learn needed to load it."""
from __future__ import annotations

import math
from dataclasses import dataclass

from annotator.learn.features import Features


def softmax(scores: list[float]) -> list[float]:
    """Each score's share of the probability when the scores compete (a conditional logit's
    candidates): exp(score), normalised, computed from the largest so that none overflows."""
    top = max(scores)
    weights = [math.exp(s - top) for s in scores]
    total = sum(weights)
    return [w / total for w in weights]


class ModelError(Exception):
    """A model directory that cannot be used; the message says what is wrong."""


@dataclass(frozen=True)
class LogisticModel:
    weights: dict[str, float]
    bias: float

    def probability(self, features: Features) -> float:
        return self.probability_at(self.bias + self.score(features))

    def score(self, features: Features) -> float:
        """The weighted sum of some features, without the bias: the score is additive, so parts
        that recur (a mention scored for many quotes) are summed once."""
        weight = self.weights.get
        return sum([weight(name, 0.0) * value for name, value in features.items()])

    @staticmethod
    def probability_at(z: float) -> float:
        return 1.0 / (1.0 + math.exp(-z)) if z > -500 else 0.0

    def to_json(self) -> dict:
        return {"bias": self.bias, "weights": dict(sorted(self.weights.items()))}

    @classmethod
    def from_json(cls, data: object, name: str) -> LogisticModel:
        if not isinstance(data, dict) or not isinstance(data.get("weights"), dict) \
                or not isinstance(data.get("bias"), (int, float)):
            raise ModelError(f"component {name!r} is not a logistic model (needs 'bias' and 'weights')")
        weights = data["weights"]
        if not all(isinstance(v, (int, float)) for v in weights.values()):
            raise ModelError(f"component {name!r} has a weight that is not a number")
        return cls({str(k): float(v) for k, v in weights.items()}, float(data["bias"]))
