"""Outputs from the result dict alone (never from a parsed document): JSON, CSV and HTML."""
from __future__ import annotations

import base64
import csv
import hashlib
import io
import json
import re
from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape

from annotator.io.files import safe_name
from annotator.model import METADATA_FIELDS
from annotator.rules.evidence import words_of

# An installed wheel carries templates/ inside the package; a checkout keeps it at the repository root.
_PACKAGE = Path(__file__).resolve().parent.parent
TEMPLATES = _PACKAGE / "templates" if (_PACKAGE / "templates").is_dir() else _PACKAGE.parent / "templates"
CSV_COLUMNS = ("article_id", "quote_id", "kind", "act", "text", "start", "end", "speaker", "speaker_kind", "role",
               "affiliation", "cue", "confidence", "evidence", "review_status", "backend",
               *METADATA_FIELDS)  # the article's metadata last, so that older readers of the columns keep working
PAGE_COLUMNS = CSV_COLUMNS[:-len(METADATA_FIELDS)]  # an article page's quote table: its header says the rest
WEB_LINK = re.compile(r"https?://", re.IGNORECASE)
ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}(?=T|\s|$)")
FORMULA_LEADS = ("=", "+", "-", "@", "\t", "\r")
# Okabe & Ito's palette: distinguishable with the common colour-vision deficiencies.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#D55E00", "#56B4E9", "#8C6D00", "#999999")
LOW_CONFIDENCE = 0.6
ROWS_PER_PAGE = 200  # rows of a report's listing page: index.html stays small with 10,000 articles
LISTINGS = "list"  # the report's folder of listing pages


def to_json(result: dict) -> str:
    return json.dumps(result, ensure_ascii=False, indent=2) + "\n"


def to_jsonl_line(result: dict) -> str:
    return json.dumps(result, ensure_ascii=False) + "\n"


def safe_cell(value) -> str:
    """A spreadsheet cell that cannot run as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_LEADS) else text


def quote_rows(result: dict) -> Iterator[dict]:
    """One row per quote, keyed by ``CSV_COLUMNS`` in their order, values as they are (numbers
    stay numbers, a missing value is None): what the CSV writes and ``to_records`` returns."""
    kinds = {s["id"]: s["kind"] for s in result["speakers"]}
    for q in result["quotes"]:
        review = q.get("review") or {}
        row = {"article_id": result["id"], "quote_id": q["id"], "kind": q["kind"], "act": q.get("act"), "text": q["text"],
               "start": q["start"], "end": q["end"], "speaker": q["speaker"],
               "speaker_kind": kinds.get(q["speaker_id"]), "role": q["role"], "affiliation": q["affiliation"],
               "cue": (q["cue"] or {}).get("text"), "confidence": q["confidence"], "evidence": q["evidence"],
               "review_status": review.get("status", "unreviewed"), "backend": result["backend"],
               **{name: result.get(name) for name in METADATA_FIELDS}}
        yield {c: row[c] for c in CSV_COLUMNS}


def csv_rows(result: dict) -> Iterable[list[str]]:
    for row in quote_rows(result):
        yield [safe_cell(value) for value in row.values()]


def to_records(results: dict | Iterable[dict]) -> list[dict]:
    """The quote table without a file: one dict per quote of one result or of many, with the
    CSV's columns. The values are not made safe for spreadsheets as the CSV's cells are."""
    return [row for result in ([results] if isinstance(results, dict) else results) for row in quote_rows(result)]


def to_dataframe(results: dict | Iterable[dict]):
    """``to_records`` as a pandas DataFrame (pandas is an optional extra), its columns the CSV's
    even when there is no quote."""
    try:
        import pandas
    except ImportError:
        raise ImportError("annotator.to_dataframe needs pandas: pip install 'annotator[pandas]'") from None
    return pandas.DataFrame(to_records(results), columns=list(CSV_COLUMNS))


def to_csv(results: Iterable[dict], header: bool = True, bom: bool = False) -> str:
    buffer = io.StringIO()
    if bom:
        buffer.write("\ufeff")
    writer = csv.writer(buffer, lineterminator="\r\n")
    if header:
        writer.writerow(CSV_COLUMNS)
    for result in results:
        writer.writerows(csv_rows(result))
    return buffer.getvalue()


@lru_cache(maxsize=1)
def _environment() -> Environment:
    """Built once per process: templates are compiled on first use and reused for every article."""
    env = Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=select_autoescape(default=True),
                      trim_blocks=True, lstrip_blocks=True)
    env.filters["percent"] = lambda x: f"{round(100 * (x or 0))}%"
    env.filters["day"] = day_of
    env.filters["thousands"] = lambda n: f"{n:,}"  # for figures, not table cells: the script sorts those as numbers
    return env


def day_of(published: str) -> str:
    """The day of an ISO 8601 timestamp ("2020-01-07T10:00:00Z" is 2020-01-07); another date as it is."""
    match = ISO_DAY.match(published)
    return match.group() if match else published


def web_link(url: str | None) -> str | None:
    """``url`` when it is a web address a page may link to (never javascript: or a local file)."""
    return url if url and WEB_LINK.match(url) else None


def colour_of(speakers: list[dict]) -> dict[str, str]:
    return {s["id"]: PALETTE[i % len(PALETTE)] for i, s in enumerate(speakers)}


def segments(result: dict) -> list[list[dict]]:
    """Paragraphs of runs of text, each run with the quote and speaker mention it belongs to."""
    text = result["text"]
    marks: list[tuple[int, int, str, dict]] = []
    for q in result["quotes"]:
        for s, e in q.get("fragments") or [[q["start"], q["end"]]]:
            marks.append((s, e, "quote", q))
    for speaker in result["speakers"]:
        for m in speaker["mentions"]:
            marks.append((m["start"], m["end"], "mention", {**speaker, "via": words_of(m.get("rule"))}))
    cuts = {0, len(text)} | {s for s, _, _, _ in marks} | {e for _, e, _, _ in marks}
    cuts |= {i for i, ch in enumerate(text) if ch == "\n"} | {i + 1 for i, ch in enumerate(text) if ch == "\n"}
    points = sorted(c for c in cuts if 0 <= c <= len(text))
    paragraphs: list[list[dict]] = [[]]
    anchored: set[str] = set()  # quotes whose first run carries their anchor (#quote-q3) already
    for a, b in zip(points, points[1:]):
        piece = text[a:b]
        if piece == "\n":
            if paragraphs[-1]:
                paragraphs.append([])
            continue
        quotes = [m for s, e, k, m in marks if k == "quote" and s <= a and b <= e]
        quote = min(quotes, key=lambda q: q["end"] - q["start"]) if quotes else None
        mention = next((m for s, e, k, m in marks if k == "mention" and s <= a and b <= e), None)
        anchor = quote["id"] if quote and quote["id"] not in anchored else None
        if anchor:
            anchored.add(anchor)
        paragraphs[-1].append({"text": piece, "quote": quote, "mention": mention, "anchor": anchor})
    return [p for p in paragraphs if p]


@lru_cache(maxsize=None)
def _script(name: str) -> tuple[str, str]:
    """A page's one script (a file of templates/) and its CSP hash, so no other script can ever run there."""
    script = (TEMPLATES / name).read_text(encoding="utf-8")
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode()
    return script, f"sha256-{digest}"


def _article_view(result: dict) -> dict:
    """What the article's body template (``article_body.html.j2``) shows of a result."""
    counts = {s["id"]: sum(q["speaker_id"] == s["id"] for q in result["quotes"]) for s in result["speakers"]}
    return {"r": result, "paragraphs": segments(result), "colours": colour_of(result["speakers"]), "counts": counts,
            "columns": PAGE_COLUMNS, "rows": [row[:len(PAGE_COLUMNS)] for row in csv_rows(result)],
            "low": LOW_CONFIDENCE, "link": web_link(result.get("url")),
            "number": {s["id"]: i + 1 for i, s in enumerate(result["speakers"])}}


def to_html(result: dict) -> str:
    script, script_hash = _script("article.js")
    return _environment().get_template("article.html.j2").render(
        **_article_view(result), interactive=True, script=script, script_hash=script_hash)


def inline_html(result: dict) -> str:
    """The article as the page shows it (highlights, legend, quote table), as a fragment for a
    notebook cell: styles scoped to it, no script, so it shows where scripts are not run."""
    return _environment().get_template("article_inline.html.j2").render(**_article_view(result), interactive=False)


def newest_first(entries: list[dict]) -> list[dict]:
    """The report's order of articles (or of quotes, by their article's day): the newest first,
    undated ones after them in their input order, failures last."""
    dated = sorted(entries, key=lambda e: e.get("published") or "", reverse=True)  # stable: ties keep their order
    return sorted(dated, key=lambda e: bool(e.get("error")))


def chunks(rows: list, size: int) -> list[list]:
    """``rows`` in pages of ``size`` (one empty page when there are none)."""
    return [rows[i:i + size] for i in range(0, len(rows), size)] or [[]]


def pager(current: int, count: int, href: Callable[[int], str]) -> dict:
    """Links to the pages of a listing (numbered from 1) around ``current``: the first, the last
    and three either side, a gap (None) where pages are left out, and the previous and next."""
    shown = sorted({1, count, *range(max(1, current - 3), min(count, current + 3) + 1)})
    links: list[dict | None] = []
    for before, number in zip([0, *shown], shown):
        if number > before + 1:
            links.append(None)
        links.append({"number": number, "href": href(number), "current": number == current})
    return {"links": links, "page": current, "pages": count,
            "previous": href(current - 1) if current > 1 else None,
            "next": href(current + 1) if current < count else None}


def report_pages(entries: list[dict], summary: dict | None = None, speaker_pages: bool = False,
                 per_page: int | None = None) -> dict[str, str]:
    """The batch's report, by path under the output folder: ``index.html`` (the corpus report of
    ``summary``, ``annotator.output.corpus.corpus_summary``, and the first ``per_page`` articles)
    and, in ``list/``, every article and every speaker ``per_page`` a page, so that the report stays
    small however large the corpus. Speakers link to ``speakers/ID.html`` when ``speaker_pages``;
    ``entries`` are {"id", "href", "quotes", "speakers", "title", "outlet", "published"} or {"id", "error"};
    ``per_page`` is ``ROWS_PER_PAGE`` unless given."""
    script, script_hash = _script("report.js")
    per_page = per_page or ROWS_PER_PAGE
    articles = chunks(newest_first(entries), per_page)
    speakers = chunks([page["speaker"] for page in (summary or {}).get("pages", [])], per_page)

    def articles_at(root: str) -> Callable[[int], str]:
        return lambda k: f"{root}index.html#articles" if k == 1 else f"{root}{LISTINGS}/articles-{k}.html"

    def speakers_at(root: str) -> Callable[[int], str]:
        return lambda k: f"{root}{LISTINGS}/speakers-{k}.html"
    common = {"palette": PALETTE, "speaker_pages": speaker_pages, "script": script, "script_hash": script_hash,
              "corpus": {"articles": len(entries), "quotes": sum(e["quotes"] for e in entries),
                         "failed": sum(bool(e.get("error")) for e in entries),
                         "speakers": sum(map(len, speakers))}}
    render = _environment().get_template
    pages = {"index.html": render("index.html.j2").render(
        **common, root="", summary=summary, entries=articles[0], articles=pager(1, len(articles), articles_at("")),
        all_speakers=speakers_at("")(1))}
    for k, rows in enumerate(articles[1:], 2):
        pages[f"{LISTINGS}/articles-{k}.html"] = render("listing.html.j2").render(
            **common, root="../", what="Articles", entries=rows, p=pager(k, len(articles), articles_at("../")))
    if summary is not None and summary["pages"]:
        for k, rows in enumerate(speakers, 1):
            pages[f"{LISTINGS}/speakers-{k}.html"] = render("listing.html.j2").render(
                **common, root="../", what="Speakers", speakers=rows, p=pager(k, len(speakers), speakers_at("../")))
    return pages


def speaker_pages(page: dict, per_page: int | None = None) -> dict[str, str]:
    """A speaker's pages (one of ``corpus_summary``'s ``pages``) by file name, for ``speakers/``
    beside the batch's ``articles/``: ``ID.html``, then ``ID-2.html`` and on, ``per_page`` quotes
    (default ``ROWS_PER_PAGE``) a page, the newest first, each linked to its place in its article's page."""
    def href(quote: dict) -> str:
        return f"../articles/{safe_name(quote['article_id'])}.html#quote-{quote['quote_id']}"

    def at(k: int) -> str:
        return f"{page['speaker']['id']}{'' if k == 1 else f'-{k}'}.html"
    script, script_hash = _script("report.js")
    quotes = chunks(newest_first(page["quotes"]), per_page or ROWS_PER_PAGE)
    template = _environment().get_template("speaker.html.j2")
    return {at(k): template.render(s=page["speaker"], quotes=rows, href=href, low=LOW_CONFIDENCE, root="../",
                                   p=pager(k, len(quotes), at), script=script, script_hash=script_hash)
            for k, rows in enumerate(quotes, 1)}
