"""Dataclasses of the result, all positions as character offsets into ``Article.text``."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    text: str

    @classmethod
    def of(cls, text: str, start: int, end: int) -> "Span":
        return cls(start, end, text[start:end])

    def as_dict(self) -> dict:
        return {"start": self.start, "end": self.end, "text": self.text}


@dataclass
class Article:
    """An input article. ``text`` is what every offset points into; readers never alter it later."""

    id: str
    text: str
    source: str = ""


@dataclass
class Speaker:
    id: str
    name: str
    kind: str  # person | organisation | anonymous
    role: str | None = None
    affiliation: str | None = None
    mentions: list[Span] = field(default_factory=list)


@dataclass
class Quote:
    id: str
    fragments: list[tuple[int, int]]  # the quoted content; several when split around its cue
    kind: str  # direct | partial | indirect
    speaker_id: str | None = None
    speaker_mention: Span | None = None
    cue: Span | None = None
    confidence: float = 0.0
    evidence: str = ""

    @property
    def start(self) -> int:
        return self.fragments[0][0]

    @property
    def end(self) -> int:
        return self.fragments[-1][1]

    def content(self, text: str) -> str:
        """The quoted words; fragments of a split quote are joined with an ellipsis."""
        return " … ".join(text[s:e] for s, e in self.fragments)
