"""Turn files, folders, stdin, HTML pages and JSONL into ``Article`` objects.

Readers decide the article text once; every later offset points into that text.
"""
from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

import lxml.html
from charset_normalizer import from_bytes
from lxml import etree

from annotator.model import Article, normalise

MAX_CHARS = 1_000_000  # the longest article parsed in one piece (spaCy's own default limit)
MAX_BYTES = 4 * MAX_CHARS  # no encoding needs more than four bytes per character
TEXT_SUFFIXES = {".txt", ".text", ".md"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
ARTICLE_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES

SEED_HEADER = "schema:articleBody"
WIRE_SIGNOFF = re.compile(r"\s+[a-z]{2,6}(?:-[a-z]{2,6})*/[a-z]{2,6}\s*$")
DROPPED_TAGS = ("script", "style", "nav", "header", "footer", "aside", "form", "iframe",
                "noscript", "template", "svg", "button", "figure")
ARTICLE_TYPES = {"NewsArticle", "Article", "ReportageNewsArticle", "AnalysisNewsArticle",
                 "BlogPosting", "OpinionNewsArticle", "WebPage"}


DECLARED_CHARSET = re.compile(rb"""<meta[^>]+charset=["']?([A-Za-z0-9_.:-]+)""", re.IGNORECASE)


class ReadError(Exception):
    """An input that cannot become an article; the message is shown to the user as is."""


def looks_binary(head: bytes) -> bool:
    """NUL bytes among many control bytes: an image, archive or executable rather than text
    (a stray NUL in scraped text, or UTF-16 with a byte-order mark, is still text)."""
    if b"\x00" not in head or head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return False
    controls = sum(1 for byte in head if byte < 32 and byte not in b"\t\n\r\f")
    return controls > 0.05 * len(head)


def refuse_binary(head: bytes, name: str) -> None:
    """Raise a ``ReadError`` for a file whose first bytes look binary."""
    if looks_binary(head):
        raise ReadError(f"{name}: looks like a binary file, not text, HTML or JSONL")


def empty_file(name: str) -> ReadError:
    return ReadError(f"{name}: the file is empty")


def decode(data: bytes, name: str) -> str:
    if not data.strip():
        raise empty_file(name)
    refuse_binary(data[:8192], name)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    declared = DECLARED_CHARSET.search(data[:4096])
    if declared:
        try:
            return data.decode(declared.group(1).decode("ascii"))
        except (LookupError, UnicodeDecodeError):
            pass
    matches = from_bytes(data)
    best = matches.best()
    if best is None:
        raise ReadError(f"{name}: cannot tell the text encoding; save it as UTF-8")
    # Single-byte code pages often fit equally well; on a tie take Windows-1252, the web's most
    # common legacy encoding (and what browsers read "latin-1" as).
    tied = [m for m in matches if (m.chaos, m.coherence) == (best.chaos, best.coherence)]
    return str(next((m for m in tied if "cp1252" in m.could_be_from_charset), best))


def check_text(text: str, name: str) -> str:
    if not text.strip():
        raise ReadError(f"{name}: no article text found")
    if len(text) > MAX_CHARS:
        raise ReadError(f"{name}: {len(text):,} characters is over the limit of {MAX_CHARS:,} characters per article")
    return text


def seed_body(raw: str) -> str:
    """The body of the sample article format: a header line, then lines prefixed with '| '."""
    lines = raw.splitlines()[1:]
    body = "\n".join(line[2:] if line.startswith("| ") else line.lstrip("|") for line in lines)
    body = body.strip()
    if body.startswith("- "):
        body = body[2:]
    return WIRE_SIGNOFF.sub("", body).strip()


def _clean(s: str) -> str:
    return re.sub(r"\s+", " ", s).strip()


def _paragraphs(element) -> list[str]:
    blocks = element.xpath(".//p | .//h2 | .//h3 | .//blockquote[not(.//p)] | .//li")
    texts = [_clean(b.text_content()) for b in blocks] if blocks else [_clean(element.text_content())]
    return [t for t in texts if t]


def _json_ld_bodies(tree) -> Iterator[str]:
    for script in tree.xpath('//script[@type="application/ld+json"]'):
        try:
            data = json.loads(script.text or "")
        except ValueError:
            continue
        stack = [data]
        while stack:
            item = stack.pop()
            if isinstance(item, list):
                stack.extend(item)
            elif isinstance(item, dict):
                kinds = item.get("@type")
                kinds = set(kinds) if isinstance(kinds, list) else {kinds}
                if kinds & ARTICLE_TYPES and isinstance(item.get("articleBody"), str):
                    yield item["articleBody"]
                stack.extend(v for v in item.values() if isinstance(v, (list, dict)))


def html_body(raw: str, name: str = "page") -> str:
    """Article text of a saved news page: microdata articleBody, JSON-LD, <article>, then <p>."""
    try:
        # The page is decoded already: its bytes are UTF-8 whatever the page declares.
        tree = lxml.html.document_fromstring(normalise(raw).encode("utf-8"),
                                             parser=lxml.html.HTMLParser(encoding="utf-8"))
    except (etree.ParserError, ValueError) as exc:
        raise ReadError(f"{name}: not readable as HTML ({exc})") from None
    json_ld = list(_json_ld_bodies(tree))
    # An XPath over the whole document also reaches what a broken page puts after </html>; a
    # node left at the top there is never inside the paragraphs read below.
    for hidden in tree.xpath(" | ".join([f"//{tag}" for tag in DROPPED_TAGS] + ["//comment()"])):
        if hidden.getparent() is not None:
            hidden.drop_tree()
    for xpath in ('//*[@itemprop="articleBody"]', "//article"):
        found = tree.xpath(xpath)
        if found:
            paragraphs = [p for el in found for p in _paragraphs(el)]
            if paragraphs:
                return "\n\n".join(paragraphs)
    if json_ld:
        return max(json_ld, key=len).strip()
    paragraphs = [_clean(p.text_content()) for p in tree.xpath("//p")]
    paragraphs = [p for p in paragraphs if p]
    if not paragraphs:
        raise ReadError(f"{name}: no article body found in the HTML page")
    return "\n\n".join(paragraphs)


def looks_like_html(text: str) -> bool:
    head = text.lstrip()[:500].lower()
    return head.startswith(("<!doctype html", "<html")) or ("<body" in head and "</" in text)


def article_from_text(raw: str, article_id: str, source: str) -> Article:
    """One article from decoded text in any single-article format."""
    if raw.lstrip().startswith(SEED_HEADER):
        text = seed_body(raw.lstrip())
    elif looks_like_html(raw):
        text = html_body(raw, source)
    else:
        text = raw
    return Article(id=article_id, text=check_text(text, source), source=source)


def jsonl_articles(lines: Iterable[str | bytes], source: str, first: int = 1) -> Iterator[Article | ReadError]:
    """Articles of JSONL lines; a broken line yields a ``ReadError`` naming its number.

    ``first`` is the number of the first line, for a part of a file read on its own: line numbers,
    and the ids of records without one, are then those of the whole file.
    """
    for number, line in enumerate(lines, first):
        where = f"{source}:{number}"
        if isinstance(line, bytes):
            try:
                line = line.decode("utf-8-sig" if number == 1 else "utf-8")
            except UnicodeDecodeError:
                yield ReadError(f"{where}: not UTF-8 text (JSON Lines must be UTF-8)")
                continue
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except ValueError as exc:  # a JSONDecodeError, or a number too long to convert, which has no .msg
            yield ReadError(f"{where}: not valid JSON ({getattr(exc, 'msg', exc)})")
            continue
        if not isinstance(record, dict) or not isinstance(record.get("text"), str):
            yield ReadError(f'{where}: expected an object with a "text" string')
            continue
        try:
            text = check_text(record["text"], where)
        except ReadError as exc:
            yield ReadError(str(exc))
            continue
        yield Article(id=str(record.get("id") or f"{Path(source).stem}-{number}"), text=text, source=where)


def read_bytes(data: bytes, source: str, article_id: str) -> Iterator[Article | ReadError]:
    raw = decode(data, source)
    if Path(source).suffix.lower() in JSONL_SUFFIXES:
        yield from jsonl_articles(raw.splitlines(), source)
    else:
        yield article_from_text(raw, article_id, source)


def read_file(path: Path) -> Iterator[Article | ReadError]:
    """A file's articles without reading more than needed: JSONL line by line, and an article
    file larger than any article could be refused before it is read."""
    name = str(path)
    if path.suffix.lower() in JSONL_SUFFIXES:
        with path.open("rb") as handle:
            refuse_binary(handle.read(8192), name)
            handle.seek(0)
            empty = True
            for item in jsonl_articles(handle, name):
                empty = False
                yield item
        if empty:
            raise empty_file(name)
        return
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise ReadError(f"{name}: {size:,} bytes is over the limit of {MAX_CHARS:,} characters per article")
    yield from read_bytes(path.read_bytes(), name, path.stem)


def expand_inputs(inputs: Iterable[str]) -> Iterator[str]:
    """Files named, files under folders (recursively, by suffix), and glob patterns; '-' is stdin."""
    for item in inputs:
        path = Path(item)
        if item == "-" or path.is_file():
            yield item
        elif path.is_dir():
            yield from sorted(str(p) for p in path.rglob("*")
                              if p.is_file() and p.suffix.lower() in ARTICLE_SUFFIXES
                              and not any(part.startswith(".") for part in p.relative_to(path).parts))
        elif any(ch in item for ch in "*?["):
            matches = sorted(str(p) for p in Path().glob(item) if p.is_file())
            if not matches:
                raise ReadError(f"{item}: no files match this pattern")
            yield from matches
        else:
            raise ReadError(f"{item}: no such file or folder")


def read_inputs(inputs: Iterable[str]) -> Iterator[Article | ReadError]:
    """Every article of every input; an unreadable input yields its ``ReadError`` instead."""
    for name in expand_inputs(inputs):
        try:
            if name == "-":
                yield from read_bytes(sys.stdin.buffer.read(MAX_BYTES + 1), "<stdin>", "stdin")
            else:
                yield from read_file(Path(name))
        except ReadError as exc:
            yield exc
        except OSError as exc:
            yield ReadError(f"{name}: cannot read ({exc.strerror or exc})")
