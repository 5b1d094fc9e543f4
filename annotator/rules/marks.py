"""Where the quotations in marks are: a scan of the raw text, before any parsing.

Pure functions of the text, so they are cheap to test on anything (see tests/test_marks.py).
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache

CLOSER = {"“": "”", '"': '"', "«": "»", "„": "“", "‘": "’", "‹": "›", "»": "«", "”": "”"}
DOUBLE_OPENERS = frozenset("“\"«„»")
ALL_MARKS = frozenset(CLOSER) | frozenset(CLOSER.values())
MIXED_CLOSERS = {'"': "”", "“": '"'}  # a straight and a curly mark paired by a careless edit
OPENING_CONTEXT = frozenset(" \t\n([{—–-:/…")
FILLER = "\x01"
TWO_CHAR_MARK = '"' + FILLER


@dataclass(frozen=True)
class Marked:
    """The content between a pair of quotation marks, the marks excluded."""

    start: int
    end: int
    open_width: int = 1
    close_width: int = 1

    @property
    def outer_start(self) -> int:
        """Where the opening mark begins."""
        return self.start - self.open_width

    @property
    def outer_end(self) -> int:
        """Where the closing mark ends."""
        return self.end + self.close_width


def _opens(text: str, i: int) -> bool:
    before = text[i - 1] if i else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    if after.isspace():
        return False
    mark = text[i]
    if mark in "\"‘‹":  # ambiguous marks open only after a space or an opening context
        return before in OPENING_CONTEXT or before in ALL_MARKS
    if mark == "»":  # a reversed guillemet opens only where « is not used
        return "«" not in text
    if mark == "”":  # a closing curly mark typed to open a paragraph
        return not text[text.rfind("\n", 0, i) + 1:i].strip()
    return True


def _closes(text: str, i: int, opener: str) -> bool:
    mark = text[i]
    if mark != CLOSER[opener] and mark not in MIXED_CLOSERS.get(opener, ""):
        return False
    before = text[i - 1] if i else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    if mark == "’":  # an apostrophe inside a word ("don’t") is not a closing mark
        return not after.isalnum() and not before.isspace()
    if mark == '"':
        return not before.isspace() or not after.isalnum()
    return True


PARAGRAPH_BREAK = re.compile(r"\n\s*\n")


def paragraph_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The start of the paragraph holding ``start`` and the end of the one holding ``end``."""
    ends = _paragraph_break_ends(text)
    before = bisect.bisect_right(ends, start)
    after = PARAGRAPH_BREAK.search(text, end)
    return (ends[before - 1] if before else 0), (after.start() if after else len(text))


@lru_cache(maxsize=4)
def _paragraph_break_ends(text: str) -> list[int]:
    """Where each paragraph break of a text ends, found once per text (a quote's paragraph is
    asked for many times)."""
    return [m.end() for m in PARAGRAPH_BREAK.finditer(text)]


def _next_paragraph_opens(text: str, end: int, opener: str) -> int | None:
    """Where the next paragraph's opening mark is, when that paragraph opens with ``opener``."""
    j = end
    while j < len(text) and text[j].isspace():
        j += 1
    return j if j < len(text) and text[j] == opener else None


def find_marked(text: str, typewriter: bool = False) -> list[Marked]:
    """Every quotation in marks, in order, never overlapping.

    Straight, curly and single curly quotes and guillemets; with ``typewriter``, also '' and ``
    pairs (the style of some newspaper archives). A quote left open at the end of a paragraph
    continues when the next paragraph opens with the same mark (the newspaper convention);
    otherwise its opening mark is taken as stray and scanning resumes after it.
    Marks of another kind inside a quote are nested quotes and belong to its content.
    """
    if typewriter:  # scan a copy where each pair reads as '"' and a filler the content never starts with
        text = text.replace("''", TWO_CHAR_MARK).replace("``", TWO_CHAR_MARK)
    found: list[Marked] = []
    i, n = 0, len(text)
    while i < n:
        mark = text[i]
        if mark not in CLOSER or not _opens(text, i):
            i += 1
            continue
        opener, start = mark, i + 1
        j = start
        closed = None
        nested = 0  # curly quotes opened inside a straight one: their ” is theirs, not a careless close
        while j < n:
            c = text[j]
            if opener == '"' and c == "“" and _opens(text, j):
                nested += 1
            elif opener == '"' and c == "”" and nested:
                nested -= 1
                j += 1
                continue
            if c == "\n":
                resume = _next_paragraph_opens(text, j, opener)
                if resume is None or opener not in DOUBLE_OPENERS:
                    break
                j = resume + 1
                continue
            if c == opener and opener != CLOSER[opener] and _opens(text, j):
                break  # the same opening mark again before a close: the first one was stray
            if _closes(text, j, opener):
                closed = j
                break
            j += 1
        open_width = 2 if text[start:start + 1] == FILLER else 1
        start += open_width - 1
        if closed is not None and closed > start:
            close_width = 2 if text[closed + 1:closed + 2] == FILLER else 1
            found.append(Marked(start, closed, open_width, close_width))
            i = closed + 1
        else:
            i += 1
    return found
