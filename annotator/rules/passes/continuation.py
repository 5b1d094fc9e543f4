"""The last passes: a quote standing alone after an attributed one continues its speaker, and
quoted words nobody is said to have said are dropped."""
from __future__ import annotations

from dataclasses import replace

from annotator.rules.drafts import Context, Draft
from annotator.rules.evidence import Rule
from annotator.rules.marks import PARAGRAPH_BREAK

# A continuation follows the quote before it within this many sentence starts and paragraph breaks.
CONTINUATION_MAX_SENTENCES, CONTINUATION_MAX_PARAGRAPHS = 2, 1
SCARE_QUOTE_MAX_WORDS = 3  # unattributed words in marks this short are scare quotes


def continue_speakers(context: Context, drafts: list[Draft]) -> list[Draft]:
    """A quote standing on its own with no cue, right after an attributed quote or reported
    speech ('..., Schiff said. "The other factor ..."'), continues that speaker."""
    out: list[Draft] = []
    for draft in drafts:
        if draft.cue is None and draft.kind == "direct" and out:
            prev = out[-1]
            gap = context.doc.char_span(prev.end, draft.start, alignment_mode="contract")
            sentences_between = sum(1 for t in gap if t.is_sent_start) if gap is not None else 0
            paragraphs_between = len(PARAGRAPH_BREAK.findall(context.text, prev.end, draft.start))
            if prev.attributed and sentences_between <= CONTINUATION_MAX_SENTENCES \
                    and paragraphs_between <= CONTINUATION_MAX_PARAGRAPHS:
                draft = replace(draft, follows=prev.id, rule=Rule.CONTINUATION)
        out.append(draft)
    return out


def keep_quotations(context: Context, drafts: list[Draft]) -> list[Draft]:
    """Drop scare quotes: marked words that nobody is said to have said."""
    return [d for d in drafts if d.attributed
            or (d.kind != "partial" and len(context.text[d.start:d.end].split()) > SCARE_QUOTE_MAX_WORDS)]
