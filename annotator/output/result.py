"""The one result shape (a dict, the JSON schema) that every output and the review store read."""
from __future__ import annotations

from annotator.model import Article, Quote, Speaker
from annotator.output.render import inline_html


class Result(dict):
    """The result dict as it is (its keys, JSON, equality with plain dicts, pickling); in a
    notebook it shows itself as the annotated article."""

    def _repr_html_(self) -> str:
        return inline_html(self)


def quote_record(q: Quote, text: str, speakers: dict[str, Speaker]) -> dict:
    speaker = speakers.get(q.speaker_id) if q.speaker_id else None
    return {
        "id": q.id, "start": q.start, "end": q.end, "text": q.content(text),
        "fragments": [[s, e] for s, e in q.fragments], "kind": q.kind, "act": q.act,
        "speaker_id": q.speaker_id, "speaker": speaker.name if speaker else None,
        "role": speaker.role if speaker else None, "affiliation": speaker.affiliation if speaker else None,
        "speaker_mention": q.speaker_mention.as_dict() if q.speaker_mention else None,
        "cue": q.cue.as_dict() if q.cue else None,
        "confidence": q.confidence, "evidence": q.evidence, "rule": q.rule, "speaker_rule": q.speaker_rule,
        "runner_up": q.runner_up.as_dict() if q.runner_up else None,
    }


def build_result(article: Article, backend: str, quotes: list[Quote], speakers: list[Speaker]) -> Result:
    by_id = {s.id: s for s in speakers}
    return Result({
        "id": article.id,
        "source": article.source,
        **{name: value for name, value in article.metadata().items() if value is not None},  # what the input says
        "backend": backend,
        "text": article.text,
        "speakers": [{"id": s.id, "name": s.name, "kind": s.kind, "role": s.role, "affiliation": s.affiliation,
                      "gender": s.gender, "mentions": [m.as_dict() for m in s.mentions]} for s in speakers],
        "quotes": [quote_record(q, article.text, by_id) for q in quotes],
    })
