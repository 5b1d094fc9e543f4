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

from annotator.model import METADATA_FIELDS, Article, normalise

MAX_CHARS = 1_000_000  # the longest article parsed in one piece (spaCy's own default limit)
MAX_BYTES = 4 * MAX_CHARS  # no encoding needs more than four bytes per character
TEXT_SUFFIXES = {".txt", ".text", ".md"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
ARTICLE_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES

SEED_SECTION = re.compile(r"^schema:([A-Za-z]+)[ \t\r]*$", re.MULTILINE)
# The sample format's header sections, and JSON-LD's properties, named as schema.org names them.
SCHEMA_FIELDS = {"headline": "title", "name": "title", "url": "url", "datePublished": "published",
                 "publisher": "outlet", "author": "author"}
# Each field's names in a JSONL record, the first one present wins.
JSONL_FIELDS = {"title": ("title", "headline"), "url": ("url", "link"), "published": ("published", "date"),
                "outlet": ("outlet", "source"), "author": ("author", "byline")}
# A page's own <meta> and <link> metadata, the first one present wins (JSON-LD comes before them all).
META_XPATHS = {
    "title": ('//meta[@property="og:title"]/@content', "//title/text()"),
    "url": ('//meta[@property="og:url"]/@content', '//link[@rel="canonical"]/@href'),
    "published": ('//meta[@property="article:published_time"]/@content', '//meta[@itemprop="datePublished"]/@content',
                  "//time/@datetime"),
    "outlet": ('//meta[@property="og:site_name"]/@content',),
    "author": ('//meta[@name="author"]/@content', '//meta[@property="article:author"]/@content'),
}
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


def metadata_text(value) -> str | None:
    """A metadata value as one line of text: a string, a number, a schema.org object's ``name``, or
    several of them joined with commas (JSON-LD's list of authors); None for anything else or blank."""
    if isinstance(value, dict):
        value = value.get("name")
    if isinstance(value, list):
        value = ", ".join(t for t in map(metadata_text, value) if t)
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        return None
    return _clean(normalise(str(value))) or None


def seed_sections(raw: str) -> dict[str, str]:
    """The sample format's sections: a ``schema:NAME`` line, then its lines prefixed with '| '."""
    heads = list(SEED_SECTION.finditer(raw))
    sections = {}
    for head, following in zip(heads, heads[1:] + [None]):
        lines = raw[head.end():following.start() if following else len(raw)].splitlines()
        sections[head.group(1)] = "\n".join(line[2:] if line.startswith("| ") else line.lstrip("|") for line in lines)
    return sections


def seed_body(raw: str) -> str:
    """The body of the sample article format: its ``schema:articleBody`` section, without the
    leading dash and the wire service's sign-off."""
    body = seed_sections(raw).get("articleBody", "").strip()
    if body.startswith("- "):
        body = body[2:]
    return WIRE_SIGNOFF.sub("", body).strip()


def schema_metadata(item: dict) -> dict[str, str | None]:
    """Metadata from schema.org properties (a JSON-LD object, or the sample format's sections)."""
    found: dict[str, str | None] = dict.fromkeys(METADATA_FIELDS)
    for name, field in SCHEMA_FIELDS.items():
        found[field] = found[field] or metadata_text(item.get(name))
    return found


def first_present(*sources: dict[str, str | None]) -> dict[str, str | None]:
    """Each metadata field from the first source that has it."""
    return {field: next((s[field] for s in sources if s.get(field)), None) for field in METADATA_FIELDS}


def _clean(s: str) -> str:
    return re.sub(r"\s+", " ", s).strip()


def _paragraphs(element) -> list[str]:
    blocks = element.xpath(".//p | .//h2 | .//h3 | .//blockquote[not(.//p)] | .//li")
    texts = [_clean(b.text_content()) for b in blocks] if blocks else [_clean(element.text_content())]
    return [t for t in texts if t]


def _json_ld_articles(tree) -> Iterator[dict]:
    """The page's JSON-LD objects of an article type, wherever they are nested."""
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
                if kinds & ARTICLE_TYPES:
                    yield item
                stack.extend(v for v in item.values() if isinstance(v, (list, dict)))


def _page_tree(raw: str, name: str):
    try:
        # The page is decoded already: its bytes are UTF-8 whatever the page declares.
        return lxml.html.document_fromstring(normalise(raw).encode("utf-8"),
                                             parser=lxml.html.HTMLParser(encoding="utf-8"))
    except (etree.ParserError, ValueError) as exc:
        raise ReadError(f"{name}: not readable as HTML ({exc})") from None


def page_metadata(tree) -> dict[str, str | None]:
    """Title, URL, date, outlet and author of a page: JSON-LD first, then its <meta>, <title> and <time>."""
    own = {field: next((t for xpath in xpaths for t in map(metadata_text, tree.xpath(xpath)) if t), None)
           for field, xpaths in META_XPATHS.items()}
    return first_present(*map(schema_metadata, _json_ld_articles(tree)), own)


def html_body(raw: str, name: str = "page") -> str:
    """Article text of a saved news page: microdata articleBody, JSON-LD, <article>, then <p>."""
    return _tree_body(_page_tree(raw, name), name)


def html_article(raw: str, name: str = "page") -> tuple[str, dict[str, str | None]]:
    """A saved news page's article text (as ``html_body``) and metadata (as ``page_metadata``)."""
    tree = _page_tree(raw, name)
    metadata = page_metadata(tree)  # before the body's reading drops the scripts that hold JSON-LD
    return _tree_body(tree, name), metadata


def _tree_body(tree, name: str) -> str:
    json_ld = [item["articleBody"] for item in _json_ld_articles(tree) if isinstance(item.get("articleBody"), str)]
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
    metadata: dict[str, str | None] = {}
    sections = seed_sections(raw) if SEED_SECTION.match(raw.lstrip()) else {}
    if "articleBody" in sections:  # metadata in its other sections: schema:headline, schema:datePublished...
        text, metadata = seed_body(raw), schema_metadata(sections)
    elif looks_like_html(raw):
        text, metadata = html_article(raw, source)
    else:
        text = raw
    return Article(id=article_id, text=check_text(text, source), source=source, **metadata)


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
        yield Article(id=str(record.get("id") or f"{Path(source).stem}-{number}"), text=text, source=where,
                      **record_metadata(record))


def record_metadata(record: dict) -> dict[str, str | None]:
    """Metadata from a JSONL record's fields (``title``, ``url``, ``date``/``published``, ``outlet``/``source``...)."""
    return {field: next((t for name in names if (t := metadata_text(record.get(name)))), None)
            for field, names in JSONL_FIELDS.items()}


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
