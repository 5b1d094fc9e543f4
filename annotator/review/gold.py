"""Review decisions as training gold (``annotator export-gold``): each reviewed article in the gold
format of ``shared/eval`` (text, quotes with offsets, source span, cue), with what the reviewer
rejected kept as negative examples.

- an **accepted** quote is gold as the model gave it (content, speaker mention, cue);
- a **corrected** quote's gold source is the mention of the corrected speaker nearest the quote:
  one of that speaker's mentions in the article's speakers table, else the name (or, failing
  that, its last word) where the text writes it; the mention the model chose is kept as the
  quote's ``not_speaker``, a candidate known to be wrong for it, and ``speaker_mentions`` lists
  every place the article names the corrected speaker (the reviewer said who spoke, not where),
  any of which is a right source;
- a **rejected** quote is not gold: it goes to the article's ``rejected`` list, content known not
  to be an attribution (with that cue);
- a quote nobody decided is left out, and so is an article with no decision. An exported
  article's ``reviewed`` field (the count of each decision) says that its gold holds only what was
  decided: text outside its quotes and ``rejected`` is unknown, not a negative.

Readers of the gold format that know none of these extra fields (``annotator evaluate``) ignore
them.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

from annotator.io.files import write_atomic
from annotator.output.corpus import folded
from annotator.review.store import STATUSES, ReviewStore

Span = tuple[int, int]
Decisions = dict[Span, dict]


def reviewed_gold(reviewed: list[tuple[dict, Decisions]]) -> list[dict]:
    """The gold document of each article (as the annotator gave it, with its decisions keyed by
    quote span: ``ReviewStore.results_and_decisions``) that has at least one decision."""
    documents = [gold_document(result, decisions) for result, decisions in reviewed]
    return [d for d in documents if d is not None]


def gold_document(result: dict, decisions: Decisions) -> dict | None:
    """One article's decided quotes as gold; None when nothing in it was decided."""
    decided = [(q, decisions[q["start"], q["end"]]) for q in result["quotes"] if (q["start"], q["end"]) in decisions]
    if not decided:
        return None
    counts = {status: sum(d["status"] == status for _, d in decided) for status in STATUSES}
    return {"id": result["id"], "source": "review", "text": result["text"],
            "quotes": [gold_quote(result, q, d) for q, d in decided if d["status"] != "rejected"],
            "rejected": [_content(q) for q, d in decided if d["status"] == "rejected"],
            "reviewed": {**counts, "undecided": len(result["quotes"]) - len(decided)}}


def _content(quote: dict) -> dict:
    cue = quote.get("cue")
    return {"text": quote["text"], "start": quote["start"], "end": quote["end"],
            "fragments": quote.get("fragments") or [[quote["start"], quote["end"]]], "kind": quote["kind"],
            "cue": cue["text"] if cue else None}


def gold_quote(result: dict, quote: dict, decision: dict) -> dict:
    """An accepted or corrected quote as a gold attribution: the model's speaker mention, unless
    the reviewer named another speaker; then the mention of that one nearest the quote, and the
    model's mention as ``not_speaker``, and every place the article names the corrected speaker as
    ``speaker_mentions`` (outside the quote, nearest first): the reviewer said who spoke, not
    where the text names them, so any of them is a right source."""
    corrected = decision["status"] == "corrected"
    gold = {**_content(quote), "role": decision["role"] if corrected else quote.get("role"),
            "affiliation": decision["affiliation"] if corrected else quote.get("affiliation"),
            "review": decision["status"]}
    name, mention = quote.get("speaker"), quote.get("speaker_mention")
    span = (mention["start"], mention["end"]) if mention else None
    if corrected and decision["speaker"] and folded(decision["speaker"]) != folded(name or ""):
        name, mentions = decision["speaker"], speaker_spans(result, quote, decision["speaker"])
        span = mentions[0] if mentions else None
        gold["speaker_mentions"] = [list(m) for m in mentions]
        if mention:
            gold["not_speaker"] = {k: mention[k] for k in ("text", "start", "end")}
    gold.update(speaker=result["text"][span[0]:span[1]] if span else name,
                speaker_start=span[0] if span else None, speaker_end=span[1] if span else None)
    return gold


def speaker_spans(article: dict, quote: dict, name: str) -> list[Span]:
    """Where the article names the speaker a reviewer typed, outside the quote, nearest first: the
    mentions of the speaker of that name in the speakers table, else the name written in the text,
    else its last word (the surname) written with a capital; none when the text has neither."""
    wanted = folded(name)
    spans = [(m["start"], m["end"]) for s in article["speakers"] if folded(s["name"]) == wanted
             for m in s["mentions"]]
    words = name.split()
    for pattern in (_written(" ".join(words)), _written(words[-1]) if len(words) > 1 else None):
        if spans or pattern is None:
            break
        spans = [m.span() for m in pattern.finditer(article["text"])]
    return _nearest_first(quote, spans)


def _nearest_first(quote: dict, spans: list[Span]) -> list[Span]:
    """The spans that start outside the quote's fragments, nearest the quote first."""
    fragments = quote.get("fragments") or [[quote["start"], quote["end"]]]
    outside = [s for s in spans if not any(a <= s[0] < b for a, b in fragments)]
    return sorted(outside, key=lambda s: (_distance(s, (quote["start"], quote["end"])), s))


def _written(words: str) -> re.Pattern:
    return re.compile(rf"(?<!\w){re.escape(words)}(?!\w)", re.IGNORECASE if " " in words else 0)


def _distance(a: Span, b: Span) -> int:
    return max(0, b[0] - a[1], a[0] - b[1])


def export_gold(store: ReviewStore, path: Path) -> list[dict]:
    """Write the reviewed articles of a review database as gold JSONL (one readable line per
    article); returns the documents written."""
    documents = reviewed_gold(store.results_and_decisions())
    write_atomic(path, "".join(json.dumps(d, ensure_ascii=False) + "\n" for d in documents))
    return documents
