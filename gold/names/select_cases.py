"""Pick the dev attributions whose gold source is a pronoun, a surname alone or a title, to be
annotated by hand with the canonical name the article gives (see README.md here).

usage: python gold/names/select_cases.py ../shared/eval/dev.jsonl PARTS OUT_PREFIX
Writes OUT_PREFIX{k}.todo.jsonl for k in 1..PARTS (articles split in order), one case a line.
"""
from __future__ import annotations

import json
import sys

PRONOUNS = {"he", "she", "they", "him", "her", "them", "who", "his", "their", "its", "it", "we", "i"}
TITLE_OPENERS = {"the", "a", "an"}


def source_form(speaker: str) -> str | None:
    words = speaker.split()
    if speaker.lower() in PRONOUNS:
        return "pronoun"
    if len(words) == 1 and words[0][:1].isupper():
        return "surname"
    if 2 <= len(words) <= 4 and words[0].lower() == "the" and all(w[:1].islower() for w in words[1:]):
        return "title"
    if len(words) == 2 and words[0].rstrip(".") in {"Mr", "Mrs", "Ms", "Dr", "Sen", "Rep", "Gov", "President"}:
        return "surname"
    return None


def write_cases(documents: list[dict], out) -> None:
    """One line to annotate for each attribution of ``documents`` whose source is a pronoun, a
    surname alone or a title."""
    for d in documents:
        for q in d["quotes"]:
            form = source_form(q.get("speaker") or "")
            if form is None or q.get("speaker_start") is None:
                continue
            out.write(json.dumps({"id": d["id"], "form": form, "quote_start": q["start"], "quote_end": q["end"],
                                  "speaker": q["speaker"], "speaker_start": q["speaker_start"],
                                  "speaker_end": q["speaker_end"], "canonical": None, "named": None},
                                 ensure_ascii=False) + "\n")


def main() -> None:
    gold, parts, prefix = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    documents = [json.loads(line) for line in open(gold, encoding="utf-8") if line.strip()]
    for k in range(parts):
        chunk = documents[k * len(documents) // parts:(k + 1) * len(documents) // parts]
        with open(f"{prefix}{k + 1}.todo.jsonl", "w", encoding="utf-8") as out:
            write_cases(chunk, out)


if __name__ == "__main__":
    main()
