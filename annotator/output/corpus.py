"""Speakers across articles: one corpus-wide speaker per person or body, from the result dicts alone.

Two article speakers are the same corpus speaker when their names and kinds match, compared
without accents or case ("Valérie Plante" and "VALERIE PLANTE"), and their affiliations do not
tell them apart: "John Smith" of the Senate and "John Smith" of a farmers' union stay two. Roles
do not: one person is a "nominee" in one article and a "businessman" in the next. A speaker whose
article names no affiliation joins the namesake quoted most. Anonymous sources ("a hospital
spokeswoman") are never joined across articles.
"""
from __future__ import annotations

import hashlib
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import asdict, dataclass

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
        """What tells namesakes apart: the affiliation; None when the article names none."""
        return folded(self.affiliation) or None


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


def unmarked_identity(name: str, kind: str) -> str:
    """The corpus speaker id of the speakers named ``name`` whose articles give them no
    affiliation, when none of their namesakes has one either."""
    return _identity((folded(name), kind))


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
            name, distinction = (folded(speaker.name), speaker.kind), speaker.distinction()
            if speaker.kind == "anonymous":
                key: tuple[str, ...] = (*name, "article", speaker.article_id)
            elif distinction is None:
                unmarked.append(speaker)
                continue
            else:
                key = (*name, distinction)
            groups[key].append(speaker)
            weight[key] += quotes[speaker.local_id]
    namesakes: dict[tuple[str, ...], list[tuple[str, ...]]] = defaultdict(list)
    for key in groups:
        namesakes[key[:2]].append(key)
    for speaker in unmarked:
        name = (folded(speaker.name), speaker.kind)
        key = max(namesakes[name], key=lambda k: (weight[k], k)) if namesakes[name] else name
        groups[key].append(speaker)
    speakers, assigned = [], {}  # the unmarked-only groups' keys are (name, kind): their ids are unmarked_identity
    for key, members in groups.items():
        identity = _identity(key)
        speakers.append(CorpusSpeaker(identity, _most_common(m.name for m in members) or members[0].name,
                                      members[0].kind, _most_common(m.role for m in members),
                                      _most_common(m.affiliation for m in members)))
        assigned.update({(m.article_id, m.local_id): identity for m in members})
    return speakers, assigned


def shares(counts: Counter[str], limit: int | None = None) -> list[dict]:
    """``counts`` as rows of label, count and share of the total, largest first; beyond ``limit``
    rows, the rest are one row "others"."""
    total = sum(counts.values()) or 1
    ranked = counts.most_common()
    if limit is not None and len(ranked) > limit:
        ranked = ranked[:limit - 1] + [("others", sum(n for _, n in ranked[limit - 1:]))]
    return [{"label": label, "count": n, "share": n / total} for label, n in ranked]


# The report's buckets of quotations per article: the least number of each, and its label.
QUOTE_BUCKETS = ((0, "none"), (1, "1"), (2, "2"), (3, "3-4"), (5, "5-9"), (10, "10-19"), (20, "20 or more"))


def per_article(results: list[dict]) -> list[dict]:
    """The articles by their number of quotations, as rows of label, count and share, one per
    bucket of ``QUOTE_BUCKETS`` in its order."""
    counts = Counter(next(label for least, label in reversed(QUOTE_BUCKETS) if len(r["quotes"]) >= least)
                     for r in results)
    return [{"label": label, "count": counts[label], "share": counts[label] / (len(results) or 1)}
            for _, label in QUOTE_BUCKETS]


def quote_entry(result: dict, quote: dict) -> dict:
    """A quote as a speaker's page lists it: its words, and the article it is in."""
    return {"article_id": result["id"], "quote_id": quote["id"], "text": quote["text"], "kind": quote["kind"],
            "confidence": quote["confidence"], "role": quote.get("role"), "title": result.get("title"),
            "outlet": result.get("outlet"), "published": result.get("published")}


def corpus_summary(results: list[dict], top: int = 20) -> dict:
    """What the corpus report shows: the speakers quoted most (with their numbers of quotes and
    articles), the share of quotes by kind of speaker and by affiliation, the articles by their
    number of quotes (``per_article``), and each speaker's page
    (``pages``: the speaker and every quote of theirs, the most quoted speaker first)."""
    speakers, speaker_of = corpus_speakers(results)
    by_id = {s.id: s for s in speakers}
    quoted: dict[str, list[dict]] = defaultdict(list)
    kinds: Counter[str] = Counter()
    affiliations: Counter[str] = Counter()
    for result in results:
        for quote in result["quotes"]:
            local = local_speaker_of(quote)
            identity = speaker_of.get((result["id"], local)) if local else None
            if identity is None:
                kinds["no speaker"] += 1
                continue
            quoted[identity].append(quote_entry(result, quote))
            kinds[by_id[identity].kind] += 1
            affiliations[quote.get("affiliation") or "none named"] += 1

    def record(identity: str) -> dict:
        return {**asdict(by_id[identity]), "quotes": len(quoted[identity]),
                "articles": len({q["article_id"] for q in quoted[identity]}),
                "roles": sorted({q["role"] for q in quoted[identity] if q["role"]})}
    ranked = [record(i) for i in sorted(quoted, key=lambda i: (-len(quoted[i]), by_id[i].name, i))]
    return {"speakers": ranked[:top], "kinds": shares(kinds), "affiliations": shares(affiliations, 10),
            "per_article": per_article(results), "total": sum(kinds.values()), "pages": [{"speaker": s, "quotes": quoted[s["id"]]} for s in ranked]}
