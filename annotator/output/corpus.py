"""Speakers across articles: one corpus-wide speaker per person or body, from the result dicts alone.

Two article speakers are the same corpus speaker when their names and kinds match, compared
without accents or case ("Valérie Plante" and "VALERIE PLANTE"), and their affiliations (else,
when neither has one, their roles) do not tell them apart: "John Smith" of the Senate and "John
Smith" of a farmers' union stay two. A speaker whose article names neither joins the namesake
quoted most. Anonymous sources ("a hospital spokeswoman") are never joined across articles.
"""
from __future__ import annotations

import hashlib
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

CORRECTED = "corrected:"  # the local id of a speaker a reviewer named who is not among the article's own


def folded(text: str | None) -> str:
    """``text`` compared without accents, case or spacing: "Valérie  Plante" is "valerie plante"."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    return " ".join("".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold().split())


@dataclass(frozen=True)
class ArticleSpeaker:
    """A speaker as one article names it; ``local_id`` is its id in that article's result."""

    article_id: str
    local_id: str
    name: str
    kind: str
    role: str | None
    affiliation: str | None

    def distinction(self) -> str | None:
        """What tells namesakes apart: the affiliation, else the role; None when neither is known."""
        return folded(self.affiliation) or folded(self.role) or None


@dataclass(frozen=True)
class CorpusSpeaker:
    id: str
    name: str  # the form written most often
    kind: str
    role: str | None  # the role and affiliation named most often
    affiliation: str | None


def article_speakers(result: dict) -> list[ArticleSpeaker]:
    """The result's speakers, and one for each speaker a reviewer named that the article did not."""
    own = [ArticleSpeaker(result["id"], s["id"], s["name"], s["kind"], s.get("role"), s.get("affiliation"))
           for s in result["speakers"]]
    named = {s.name for s in own}
    corrected = {q["speaker"]: ArticleSpeaker(result["id"], CORRECTED + q["speaker"], q["speaker"], "person",
                                              q.get("role"), q.get("affiliation"))
                 for q in result["quotes"] if q.get("speaker") and not q.get("speaker_id") and q["speaker"] not in named}
    return own + list(corrected.values())


def local_speaker_of(quote: dict) -> str | None:
    """The local id of a quote's speaker in ``article_speakers``' terms."""
    if quote.get("speaker_id"):
        return quote["speaker_id"]
    return CORRECTED + quote["speaker"] if quote.get("speaker") else None


def _identity(key: tuple[str, ...]) -> str:
    return "s" + hashlib.sha256("\0".join(key).encode("utf-8")).hexdigest()[:12]


def _most_common(values: Iterable[str | None]) -> str | None:
    counts = Counter(v for v in values if v)
    return counts.most_common(1)[0][0] if counts else None


def corpus_speakers(results: Iterable[dict]) -> tuple[list[CorpusSpeaker], dict[tuple[str, str], str]]:
    """The corpus speakers of ``results``, and each (article id, local speaker id)'s corpus speaker id."""
    groups: dict[tuple[str, ...], list[ArticleSpeaker]] = defaultdict(list)
    weight: Counter[tuple[str, ...]] = Counter()  # quotes per group, to choose where the unmarked ones go
    unmarked: list[ArticleSpeaker] = []
    for result in results:
        quotes = Counter(local_speaker_of(q) for q in result["quotes"])
        for speaker in article_speakers(result):
            name = (folded(speaker.name), speaker.kind)
            if speaker.kind == "anonymous":
                key: tuple[str, ...] = (*name, "article", speaker.article_id)
            elif speaker.distinction() is None:
                unmarked.append(speaker)
                continue
            else:
                key = (*name, speaker.distinction() or "")
            groups[key].append(speaker)
            weight[key] += quotes[speaker.local_id]
    namesakes: dict[tuple[str, ...], list[tuple[str, ...]]] = defaultdict(list)
    for key in groups:
        namesakes[key[:2]].append(key)
    for speaker in unmarked:
        name = (folded(speaker.name), speaker.kind)
        key = max(namesakes[name], key=lambda k: (weight[k], k)) if namesakes[name] else name
        groups[key].append(speaker)
    speakers, assigned = [], {}
    for key, members in groups.items():
        identity = _identity(key)
        speakers.append(CorpusSpeaker(identity, _most_common(m.name for m in members) or members[0].name,
                                      members[0].kind, _most_common(m.role for m in members),
                                      _most_common(m.affiliation for m in members)))
        assigned.update({(m.article_id, m.local_id): identity for m in members})
    return speakers, assigned
