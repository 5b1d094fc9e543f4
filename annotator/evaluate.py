"""Score predicted attributions against gold ones (the PolNeAR-style JSONL of shared/eval).

Matching, as the eval README states it: a prediction matches the gold quote it overlaps most when
the overlap covers at least half of the shorter span (gold measured over its fragments); the
speaker is right when the predicted speaker mention overlaps the gold source span or, for a gold
source that is not a pronoun, the surname of one name is among the words of the other.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

QUOTED = frozenset({"direct", "partial"})
PRONOUNS = frozenset({"he", "she", "they", "i", "we", "it", "you", "him", "her", "them", "who", "this", "that"})


def scored_words(name: str | None) -> list[str]:
    """The words a speaker name is compared by: lower case, without a possessive 's or an article."""
    name = re.sub(r"[’']s\b", "", (name or "").lower())
    return [w for w in re.findall(r"[a-z0-9][a-z0-9\-]*", name) if w not in {"the", "a", "an"}]


def speaker_right(gold: dict, pred: dict) -> bool | None:
    """None when gold names no speaker (then any speaker counts as right end to end)."""
    if not gold.get("speaker"):
        return None
    mention = pred.get("speaker_mention") or {}
    if mention.get("start") is not None and gold.get("speaker_start") is not None:
        if min(mention["end"], gold["speaker_end"]) > max(mention["start"], gold["speaker_start"]):
            return True
    gw, pw = scored_words(gold["speaker"]), scored_words(pred.get("speaker"))
    if not gw or not pw or (len(gw) == 1 and gw[0] in PRONOUNS):
        return False
    return gw[-1] in pw or pw[-1] in gw


def overlap(gold: dict, pred: dict) -> tuple[int, float]:
    fragments = gold.get("fragments") or [[gold["start"], gold["end"]]]
    shared = sum(max(0, min(e, pred["end"]) - max(s, pred["start"])) for s, e in fragments)
    shorter = min(sum(e - s for s, e in fragments), pred["end"] - pred["start"]) or 1
    return shared, shared / shorter


def match(gold: list[dict], pred: dict) -> tuple[int, int] | None:
    """(characters shared, index) of the gold quote a prediction matches: the one it overlaps
    most, among those whose overlap covers at least half of the shorter span."""
    candidates = [(shared, i) for i, g in enumerate(gold) for shared, fraction in [overlap(g, pred)] if fraction >= 0.5]
    return max(candidates) if candidates else None


def prediction_right(gold: list[dict], pred: dict) -> bool:
    """Whether a prediction is right end to end: it matches a gold quote, and its speaker is that
    quote's (or the gold names none)."""
    matched = match(gold, pred)
    if matched is None:
        return False
    right = speaker_right(gold[matched[1]], pred)
    return right is None or right


def decided(document: dict, pred: dict) -> bool:
    """Whether a gold document says anything of a prediction: always, unless it is reviewed gold
    (``annotator export-gold``: a ``reviewed`` field), which knows only the quotes a reviewer
    decided, accepted or rejected; a prediction matching none of them is not counted."""
    return "reviewed" not in document or match(document["quotes"], pred) is not None \
        or match(document.get("rejected", []), pred) is not None


def calibration_error(confidences: list[float], rights: list[bool], bins: int = 10) -> float:
    """Expected calibration error: over equal-width confidence bins, the mean gap between
    confidence and the share right, weighted by the bin's size."""
    if not confidences:
        return 0.0
    gaps = 0.0
    for b in range(bins):
        members = [(c, r) for c, r in zip(confidences, rights) if min(int(c * bins), bins - 1) == b]
        if members:
            gaps += abs(sum(c for c, _ in members) - sum(r for _, r in members))
    return gaps / len(confidences)


def confidences_and_rights(gold_documents: list[dict],
                           predictions: dict[str, list[dict]]) -> tuple[list[float], list[bool]]:
    """Each prediction's confidence, and whether it is right end to end."""
    confidences, rights = [], []
    for document in gold_documents:
        for p in (p for p in predictions.get(document["id"], []) if decided(document, p)):
            confidences.append(float(p.get("confidence", 0.0)))
            rights.append(prediction_right(document["quotes"], p))
    return confidences, rights


def confidence_report(gold_documents: list[dict], predictions: dict[str, list[dict]]) -> str:
    """The expected calibration error of the quotes' confidence, end to end over all attributions."""
    confidences, rights = confidences_and_rights(gold_documents, predictions)
    return (f"confidence: expected calibration error {calibration_error(confidences, rights):.3f} "
            f"over {len(confidences)} predictions ({sum(rights)} right end to end)")


@dataclass
class Scores:
    scope: str
    gold: int = 0
    predicted: int = 0
    matched_predictions: int = 0
    found_gold: int = 0
    right_predictions: int = 0
    right_gold: int = 0
    speaker_checked: int = 0
    speaker_right: int = 0
    by_kind: dict[str | None, list[int]] = field(default_factory=dict)  # kind -> [found, gold]

    @staticmethod
    def _f1(p: float, r: float) -> float:
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def precision(self) -> float:
        return self.matched_predictions / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.found_gold / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        return self._f1(self.precision, self.recall)

    @property
    def speaker_accuracy(self) -> float:
        return self.speaker_right / self.speaker_checked if self.speaker_checked else 0.0

    @property
    def e2e(self) -> tuple[float, float, float]:
        p = self.right_predictions / self.predicted if self.predicted else 0.0
        r = self.right_gold / self.gold if self.gold else 0.0
        return p, r, self._f1(p, r)

    def add_document(self, gold_quotes: list[dict], predicted: list[dict]) -> None:
        keep = (lambda q: q.get("kind") in QUOTED) if self.scope == "quoted" else (lambda q: True)
        gold = [q for q in gold_quotes if keep(q)]
        pred = [q for q in predicted if keep(q)]
        self.gold += len(gold)
        self.predicted += len(pred)
        best: dict[int, tuple[int, dict]] = {}
        for p in pred:
            matched = match(gold, p)
            if matched is None:
                continue
            shared, i = matched
            self.matched_predictions += 1
            self.right_predictions += prediction_right(gold, p)
            if i not in best or shared > best[i][0]:
                best[i] = (shared, p)
        for i, g in enumerate(gold):
            tally = self.by_kind.setdefault(g.get("kind"), [0, 0])
            tally[1] += 1
            if i not in best:
                continue
            tally[0] += 1
            self.found_gold += 1
            right = speaker_right(g, best[i][1])
            if right is not None:
                self.speaker_checked += 1
                self.speaker_right += right
            self.right_gold += right is None or right

    def report(self) -> str:
        p, r, f = self.e2e
        kinds = ", ".join(f"{k}={v[0]}/{v[1]}" for k, v in sorted(self.by_kind.items(), key=str))
        return (f"scope={self.scope} gold={self.gold} predicted={self.predicted}\n"
                f"  detection P={self.precision:.3f} R={self.recall:.3f} F1={self.f1:.3f}\n"
                f"  recall by kind: {kinds}\n"
                f"  speaker accuracy on detected = {self.speaker_right}/{self.speaker_checked} = {self.speaker_accuracy:.3f}\n"
                f"  end-to-end P={p:.3f} R={r:.3f} F1={f:.3f}")


def score(gold_documents: list[dict], predictions: dict[str, list[dict]]) -> list[Scores]:
    """Scores for both scopes: quotes in marks, and every attribution."""
    results = [Scores("quoted"), Scores("all")]
    for document in gold_documents:
        for s in results:
            s.add_document(document["quotes"], [p for p in predictions.get(document["id"], []) if decided(document, p)])
    return results


@dataclass
class RuleTally:
    """What one rule decided: its quotes, how many match a gold quote, and how many of those
    whose gold names a speaker got it right."""

    rule: str
    quotes: int = 0
    detected: int = 0
    speaker_checked: int = 0
    speaker_right: int = 0

    def row(self) -> str:
        detected = f"{self.detected / self.quotes:.3f}" if self.quotes else "-"
        speaker = f"{self.speaker_right / self.speaker_checked:.3f}" if self.speaker_checked else "-"
        return (f"  {self.rule:<24} {self.quotes:>6} {detected:>9} {f'({self.detected})':<8}"
                f" {speaker:>9} ({self.speaker_right}/{self.speaker_checked})")


def by_rule(gold_documents: list[dict], predictions: dict[str, list[dict]]) -> tuple[list[RuleTally], list[RuleTally]]:
    """Tallies per quote rule (``rule``) and per speaker rule (``speaker_rule``) over every predicted
    quote, matched against all gold attributions as ``score`` matches them."""
    quote_rules: dict[str, RuleTally] = {}
    speaker_rules: dict[str, RuleTally] = {}
    for document in gold_documents:
        gold = document["quotes"]
        for p in predictions.get(document["id"], []):
            matched = match(gold, p)
            right = speaker_right(gold[matched[1]], p) if matched is not None else None
            for tallies, rule in ((quote_rules, p.get("rule") or "?"), (speaker_rules, p.get("speaker_rule") or "?")):
                tally = tallies.setdefault(rule, RuleTally(rule))
                tally.quotes += 1
                tally.detected += matched is not None
                if right is not None:
                    tally.speaker_checked += 1
                    tally.speaker_right += right
    return sorted(quote_rules.values(), key=_most_quotes), sorted(speaker_rules.values(), key=_most_quotes)


def _most_quotes(tally: RuleTally) -> tuple[int, str]:
    return -tally.quotes, tally.rule


def rule_report(gold_documents: list[dict], predictions: dict[str, list[dict]]) -> str:
    """The ``--by-rule`` table: for each rule, quotes decided, share detected, share of speakers right."""
    quote_rules, speaker_rules = by_rule(gold_documents, predictions)
    header = f"  {'rule':<24} {'quotes':>6} {'detected':>9} {'':<8} {'speaker':>9}"
    lines = ["by rule (all scope; detected: matches a gold attribution; speaker: right where gold names one)",
             header, *(t.row() for t in quote_rules), "by speaker rule", header, *(t.row() for t in speaker_rules)]
    return "\n".join(lines)


HONORIFIC_WORDS = frozenset({"mr", "mrs", "ms", "dr", "sen", "rep", "gov", "president", "senator"})


def _person_words(name: str | None) -> list[str]:
    words = scored_words(name)
    while len(words) > 1 and words[0] in HONORIFIC_WORDS:
        words = words[1:]
    return words


def same_name(predicted: str | None, gold: str) -> bool:
    """Whether a predicted speaker name is the gold canonical name: the same first and last word
    ("Hillary Clinton" is "Hillary Rodham Clinton", not "Bill Clinton"; "Clinton" alone is neither),
    or the same one word when both are one word ("Melanie")."""
    p, g = _person_words(predicted), _person_words(gold)
    if not p or not g:
        return False
    if len(g) == 1 or len(p) == 1:
        return len(p) == len(g) == 1 and p == g
    return p[0] == g[0] and p[-1] == g[-1]


@dataclass
class NameScores:
    """Canonical name accuracy: for each hand-annotated attribution whose source is a pronoun, a
    surname or a title, whether the predicted quote that matches it names the right speaker."""

    cases: int = 0
    detected: int = 0
    right: int = 0
    by_form: dict[str, list[int]] = field(default_factory=dict)  # form -> [right, detected]

    @property
    def accuracy(self) -> float:
        return self.right / self.detected if self.detected else 0.0

    def report(self) -> str:
        forms = ", ".join(f"{k}={v[0]}/{v[1]}" for k, v in sorted(self.by_form.items()))
        return (f"canonical names: {self.cases} named cases, {self.detected} detected\n"
                f"  canonical name accuracy on detected = {self.right}/{self.detected} = {self.accuracy:.3f} ({forms})")


def name_scores(cases: list[dict], predictions: dict[str, list[dict]]) -> NameScores:
    """``cases``: lines of gold/names/*.jsonl; only named referents are scored."""
    scores = NameScores()
    for case in cases:
        if not case.get("named") or not case.get("canonical") or case.get("outside"):
            continue  # unnamed referents, and full names only known from outside the article
        scores.cases += 1
        gold = [{"start": case["quote_start"], "end": case["quote_end"]}]
        matched = [(found[0], p) for p in predictions.get(case["id"], []) if (found := match(gold, p)) is not None]
        if not matched:
            continue
        best = max(matched, key=lambda shared_and_prediction: shared_and_prediction[0])[1]
        tally = scores.by_form.setdefault(case["form"], [0, 0])
        scores.detected += 1
        tally[1] += 1
        if same_name(best.get("speaker"), case["canonical"]):
            scores.right += 1
            tally[0] += 1
    return scores


# the scorer reads results alone, as a user's script would: it imports none of the rules' lexicons
PRONOUN_GENDERS = {"he": "m", "him": "m", "his": "m", "himself": "m", "she": "f", "her": "f", "herself": "f"}


def pronoun_gender_report(results: dict[str, dict]) -> str:
    """How many "he"/"she" mentions are tied to a speaker of the other gender as the article's
    evidence finally tells it (an honorific or a first name can come after the pronoun); needs no gold."""
    pronouns = against = 0
    for result in results.values():
        for speaker in result.get("speakers", []):
            for mention in speaker["mentions"]:
                gender = PRONOUN_GENDERS.get(mention["text"].lower())
                if gender is not None:
                    pronouns += 1
                    against += speaker.get("gender") not in (None, gender)
    return f"pronouns: {pronouns} he/she mentions of speakers, {against} tied to a speaker of the other known gender"


def _role_words(text: str | None) -> set[str]:
    return {w for w in scored_words(text) if w not in {"of", "for", "and", "in", "at", "to"}}


def same_role(predicted: str | None, gold: str | None) -> bool:
    """A role is right when both are missing, or the words of one hold the other's."""
    if gold is None or predicted is None:
        return gold is None and predicted is None
    p, g = _role_words(predicted), _role_words(gold)
    return bool(p) and bool(g) and (p <= g or g <= p)


@dataclass
class RoleScores:
    speakers: int = 0
    found: int = 0
    roles_right: int = 0
    affiliations_right: int = 0

    def report(self) -> str:
        found = self.found or 1
        return (f"roles: {self.speakers} gold speakers, {self.found} found by name\n"
                f"  role right = {self.roles_right}/{self.found} = {self.roles_right / found:.3f}; "
                f"affiliation right = {self.affiliations_right}/{self.found} = {self.affiliations_right / found:.3f}")


def role_scores(gold_speakers: list[dict], results: dict[str, dict]) -> RoleScores:
    """``gold_speakers``: lines of gold/roles/*.jsonl; each is found among its article's speakers by name."""
    scores = RoleScores()
    for gold in gold_speakers:
        scores.speakers += 1
        result = results.get(gold["id"])
        speaker = next((s for s in (result or {}).get("speakers", []) if same_name(s["name"], gold["name"])), None)
        if speaker is None:
            continue
        scores.found += 1
        scores.roles_right += same_role(speaker["role"], gold.get("role"))
        scores.affiliations_right += same_role(speaker["affiliation"], gold.get("affiliation"))
    return scores
