"""Build annotator/rules/data/role_nouns.tsv: how often each common noun of a news corpus stands
as a person's role, counted on the parse alone (no gold annotation is read).

usage: python tools/build_role_nouns.py ../shared/eval/train.jsonl

Only singular uses count (a plural is never one person's role). A noun stands as a role when it is
written just before a person's name and its head is that name or after it ("strategist Simon
Rosenberg"), is in apposition to a name ("Rosenberg, a strategist"), or has a name in apposition to
it ("the mayor, Ivo Brandt"). Columns: lemma, times as a role, times in all; only nouns seen at
least MIN_SEEN times are kept, so that a share means something.
"""
from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

from spacy.tokens import Doc, Token

from annotator.parse.backends import load_backend
from annotator.parse.doc import entity_of
from annotator.rules.lexicon import ENTITY_PERSON
from annotator.training import GoldFile, parsed, read_gold

MIN_SEEN = 10
OUT = Path(__file__).resolve().parent.parent / "annotator" / "rules" / "data" / "role_nouns.tsv"


def _person(tok: Token) -> bool:
    ent = entity_of(tok)
    return ent is not None and ent.label_ == ENTITY_PERSON


def _as_role(doc: Doc, tok: Token) -> bool:
    following = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
    if following is not None and _person(following) and not _person(tok) and tok.head.i >= following.i:
        return True
    return tok.dep_ == "appos" and _person(tok.head) or any(c.dep_ == "appos" and _person(c) for c in tok.children)


def count(docs: list[Doc]) -> tuple[Counter[str], Counter[str]]:
    as_role: Counter[str] = Counter()
    seen: Counter[str] = Counter()
    for doc in docs:
        for tok in doc:
            if tok.pos_ == "NOUN" and tok.tag_ == "NN":
                lemma = tok.lemma_.lower()
                seen[lemma] += 1
                as_role[lemma] += _as_role(doc, tok)
    return as_role, seen


def main() -> None:
    docs = parsed(read_gold([GoldFile(Path(sys.argv[1]))]), load_backend("spacy"))
    as_role, seen = count(docs)
    lines = [f"# built by tools/build_role_nouns.py from {len(docs)} articles of {Path(sys.argv[1]).name}; "
             "lemma, times as a role, times in all"]
    lines += [f"{w}\t{as_role[w]}\t{n}" for w, n in sorted(seen.items()) if n >= MIN_SEEN and "\t" not in w]
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(lines) - 1} nouns written to {OUT}")


if __name__ == "__main__":
    main()
