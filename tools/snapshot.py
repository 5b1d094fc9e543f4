"""Snapshot every attribution on a gold file (and the seed article), or compare two snapshots.

Used to show that a refactor keeps behaviour: every quote (offsets, kind, speaker, role,
affiliation, mention, cue, confidence, evidence) and every speaker (name, kind, role,
affiliation, mentions) is written one line per article, then compared field by field.

usage: python tools/snapshot.py write OUT.jsonl [--gold ../shared/eval/dev.jsonl] [--typewriter-quotes]
       python tools/snapshot.py compare BEFORE.jsonl AFTER.jsonl [--ignore FIELD ...]
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
QUOTE_FIELDS = ("start", "end", "fragments", "kind", "speaker", "role", "affiliation", "speaker_mention", "cue",
                "confidence", "evidence", "runner_up")
SPEAKER_FIELDS = ("name", "kind", "role", "affiliation", "mentions")


def snapshot(result: dict) -> dict:
    return {"id": result["id"],
            "quotes": [{k: q.get(k) for k in QUOTE_FIELDS} for q in result["quotes"]],
            "speakers": [{k: s.get(k) for k in SPEAKER_FIELDS} for s in result["speakers"]]}


def write(out: Path, gold: Path, typewriter: bool) -> None:
    sys.path.insert(0, str(ROOT))
    from annotator import Annotator, Article, Options
    from annotator.io.readers import read_inputs
    articles = [Article(d["id"], d["text"], "gold") for d in map(json.loads, gold.read_text().splitlines()) if d]
    articles += [a for a in read_inputs([str(p) for p in sorted((ROOT / "seeds").glob("*.txt"))])]
    annotator = Annotator("spacy", Options(typewriter_quotes=typewriter))
    with out.open("w", encoding="utf-8") as handle:
        for result in annotator.annotate_many(articles):
            handle.write(json.dumps(snapshot(result), ensure_ascii=False) + "\n")
    print(f"{len(articles)} articles -> {out}")


def compare(before: Path, after: Path, ignore: set[str]) -> int:
    old = {d["id"]: d for d in map(json.loads, before.read_text().splitlines())}
    new = {d["id"]: d for d in map(json.loads, after.read_text().splitlines())}
    differences = 0
    for article_id in sorted(old.keys() | new.keys()):
        a, b = old.get(article_id), new.get(article_id)
        if a is None or b is None:
            print(f"{article_id}: only in {'after' if a is None else 'before'}")
            differences += 1
            continue
        for part in ("quotes", "speakers"):
            x, y = a[part], b[part]
            if len(x) != len(y):
                print(f"{article_id}: {len(x)} {part} before, {len(y)} after")
                differences += 1
                continue
            for n, (p, q) in enumerate(zip(x, y), 1):
                for field in sorted((p.keys() | q.keys()) - ignore):
                    if p.get(field) != q.get(field):
                        print(f"{article_id} {part}[{n}].{field}: {p.get(field)!r} -> {q.get(field)!r}")
                        differences += 1
    quotes = sum(len(d["quotes"]) for d in old.values())
    speakers = sum(len(d["speakers"]) for d in old.values())
    print(f"{len(old)} articles, {quotes} quotes, {speakers} speakers compared: {differences} differences")
    return 1 if differences else 0


def main() -> None:
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="command", required=True)
    w = sub.add_parser("write")
    w.add_argument("out", type=Path)
    w.add_argument("--gold", type=Path, default=ROOT.parent / "shared" / "eval" / "dev.jsonl")
    w.add_argument("--typewriter-quotes", action="store_true")
    c = sub.add_parser("compare")
    c.add_argument("before", type=Path)
    c.add_argument("after", type=Path)
    c.add_argument("--ignore", nargs="*", default=[])
    args = parser.parse_args()
    if args.command == "write":
        write(args.out, args.gold, args.typewriter_quotes)
    else:
        sys.exit(compare(args.before, args.after, set(args.ignore)))


if __name__ == "__main__":
    main()
