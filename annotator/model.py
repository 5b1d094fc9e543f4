"""Dataclasses of the result, all positions as character offsets into ``Article.text``."""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

# Control characters other than tab and newline (C0, DEL, C1) and lone surrogates: no HTML page,
# XML parser or UTF-8 file can carry them, so they become spaces (offsets keep their meaning).
UNCARRIABLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")


def normalise(text: str) -> str:
    """The text with line breaks as \\n and uncarriable characters as spaces; same length as ``text``."""
    return UNCARRIABLE.sub(" ", text.replace("\r\n", " \n").replace("\r", "\n"))


@dataclass(frozen=True)
class TextSpan:
    """Characters [start, end) of the article text, and those characters."""

    start: int
    end: int
    text: str

    @classmethod
    def of(cls, text: str, start: int, end: int) -> TextSpan:
        return cls(start, end, text[start:end])

    def as_dict(self) -> dict:
        return {"start": self.start, "end": self.end, "text": self.text}


@dataclass(frozen=True)
class Mention(TextSpan):
    """Where the article names a speaker, and the id of the rule that tied it to the speaker."""

    rule: str = ""

    def as_dict(self) -> dict:
        return {**super().as_dict(), "rule": self.rule}


METADATA_FIELDS = ("title", "url", "published", "outlet", "author")


@dataclass
class Article:
    """An input article. ``text`` is what every offset points into; readers never alter it later.

    ``source`` is where it was read from (a path, ``file:line``); the metadata fields are what the
    input says of the article itself, each None when it does not say.
    """

    id: str
    text: str
    source: str = ""
    title: str | None = None
    url: str | None = None
    published: str | None = None  # as the input gives it, usually ISO 8601
    outlet: str | None = None
    author: str | None = None

    def __post_init__(self):
        self.text = normalise(self.text)

    def metadata(self) -> dict[str, str | None]:
        return {name: getattr(self, name) for name in METADATA_FIELDS}


@dataclass
class Speaker:
    id: str
    name: str
    kind: str  # person | organisation | anonymous
    role: str | None = None
    affiliation: str | None = None
    mentions: list[Mention] = field(default_factory=list)
    gender: str | None = None  # "m" or "f" where the article's evidence tells (an honorific, a first name, a role)


class Fragmented:
    """Something quoted in one or more fragments (split around its cue), from the first to the last."""

    fragments: Sequence[tuple[int, int]]

    @property
    def start(self) -> int:
        return self.fragments[0][0]

    @property
    def end(self) -> int:
        return self.fragments[-1][1]


@dataclass(frozen=True)
class RunnerUp:
    """The likeliest other speaker the source ranker saw for a quote: the one a reviewer would
    most likely pick instead. ``speaker_id`` is None for someone with no quotation of their own."""

    speaker_id: str | None
    name: str
    kind: str
    mention: TextSpan
    probability: float

    def as_dict(self) -> dict:
        return {"speaker_id": self.speaker_id, "speaker": self.name, "kind": self.kind,
                "mention": self.mention.as_dict(), "probability": self.probability}


@dataclass
class Quote(Fragmented):
    id: str
    fragments: list[tuple[int, int]]  # the quoted content; several when split around its cue
    kind: str  # direct | partial | indirect
    speaker_id: str | None = None
    speaker_mention: TextSpan | None = None
    cue: TextSpan | None = None
    confidence: float = 0.0
    evidence: str = ""  # the rules below, in words
    rule: str = ""  # id of the rule that found the quote and its cue (annotator.rules.evidence.Rule)
    speaker_rule: str = ""  # id of the rule that resolved its speaker
    act: str = "speech"  # speech | thought | finding (annotator.rules.acts)
    runner_up: RunnerUp | None = None  # only where a trained source ranker chose

    def content(self, text: str) -> str:
        """The quoted words; fragments of a split quote are joined with an ellipsis."""
        return " … ".join(text[s:e] for s, e in self.fragments)
