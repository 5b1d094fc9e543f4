"""The review web app: a queue of attributions, what the model doubts most first.

Flask, because it is small, well kept, and its test client exercises the HTTP API without a
server. It binds to 127.0.0.1, refuses other Host headers (DNS rebinding), checks a per-session
CSRF token on every change, and caps request sizes.
"""
from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass

from flask import Flask, Response, abort, jsonify, render_template, request

from annotator.output.render import TEMPLATES, colour_of, to_csv, to_json
from annotator.review.store import STATUSES, Conflict, ReviewStore

MAX_REQUEST_BYTES = 64 * 1024
TEXT_LIMIT = 500


CONTEXT_CHARS = 300  # shown before and after a quote


def context_pieces(text: str, quote: dict) -> list[dict]:
    """The text around ``quote`` in pieces, each with what it is part of: the quote (its fragments),
    the speaker's mention and the cue (each a flag), so the reviewer sees all three at once."""
    start, end = max(0, quote["start"] - CONTEXT_CHARS), min(len(text), quote["end"] + CONTEXT_CHARS)
    spans = {"quote": [tuple(f) for f in quote.get("fragments") or [[quote["start"], quote["end"]]]],
             "mention": [(m["start"], m["end"]) for m in [quote.get("speaker_mention")] if m],
             "cue": [(c["start"], c["end"]) for c in [quote.get("cue")] if c]}
    cuts = sorted({start, end} | {i for pairs in spans.values() for pair in pairs for i in pair if start < i < end})
    return [{"text": text[a:b], **{part: any(s <= a and b <= e for s, e in pairs) for part, pairs in spans.items()}}
            for a, b in zip(cuts, cuts[1:])]


@dataclass(frozen=True)
class QueueFilter:
    """Which quotes the queue shows: by speaker (words of the name), kind, review state
    ("unreviewed", "reviewed" or a status) and highest confidence."""

    speaker: str = ""
    kind: str = ""
    state: str = ""
    max_confidence: float = 1.0

    @classmethod
    def of(cls, args) -> QueueFilter:
        try:
            highest = float(args.get("max_confidence") or 1.0)
        except ValueError:
            abort(400, description="max_confidence must be a number")
        return cls(args.get("speaker", "").strip().lower(), args.get("kind", ""), args.get("state", ""), highest)

    def keeps(self, quote: dict) -> bool:
        status = (quote.get("review") or {}).get("status")
        state_ok = not self.state or (self.state == "unreviewed" and status is None) \
            or (self.state == "reviewed" and status is not None) or self.state == status
        return state_ok and (not self.kind or quote["kind"] == self.kind) and quote["confidence"] <= self.max_confidence \
            and (not self.speaker or self.speaker in (quote.get("speaker") or "").lower())


def _rival(quote: dict) -> float:
    """The probability of a quote's runner-up speaker (0 without one)."""
    return (quote.get("runner_up") or {}).get("probability") or 0.0


def _doubt(item: dict) -> tuple:
    """Lowest calibrated confidence first; among equals, the closest runner-up speaker first."""
    return item["quote"]["confidence"], -_rival(item["quote"])


def _contest(item: dict) -> tuple:
    """The closest competing speakers first: the likeliest runner-up, then the lowest confidence."""
    return -_rival(item["quote"]), item["quote"]["confidence"]


QUEUE_ORDERS: dict[str, Callable[[dict], tuple]] = {
    "doubt": _doubt, "contest": _contest, "article": lambda item: ()}  # "article": reading order


def queue(store: ReviewStore, only: QueueFilter = QueueFilter(), order: str = "doubt") -> list[dict]:
    """Every quote of every article that the filter keeps, in the ``order`` of ``QUEUE_ORDERS``
    (then by article and position), with the context to judge it."""
    items = []
    for result in store.articles():
        colours = colour_of(result["speakers"])
        for q in (q for q in result["quotes"] if only.keeps(q)):
            items.append({"article_id": result["id"], "article_title": result.get("title"), "quote": q,
                          "colour": colours.get(q["speaker_id"], "#777"), "context": context_pieces(result["text"], q),
                          "speakers": [{"name": s["name"], "role": s["role"], "affiliation": s["affiliation"]}
                                       for s in result["speakers"]]})
    first = QUEUE_ORDERS[order]
    return sorted(items, key=lambda i: (*first(i), i["article_id"], i["quote"]["start"]))


def _version(value) -> int:
    """The decision version a request names (0: the quote was undecided); 400 when not a number."""
    try:
        return int(value or 0)
    except (TypeError, ValueError):
        abort(400, description="version must be a whole number")


def create_app(store: ReviewStore, host: str = "127.0.0.1", port: int = 8765) -> Flask:
    app = Flask(__name__, template_folder=str(TEMPLATES))
    app.config["MAX_CONTENT_LENGTH"] = MAX_REQUEST_BYTES
    allowed_hosts = {f"{host}:{port}", f"127.0.0.1:{port}", f"localhost:{port}", host}
    token = secrets.token_urlsafe(32)

    @app.before_request
    def check_host_and_token():
        if request.host not in allowed_hosts:
            abort(400, description="unexpected Host header")
        if request.method not in {"GET", "HEAD", "OPTIONS"} and not secrets.compare_digest(
                request.headers.get("X-CSRF-Token", ""), token):
            abort(403, description="missing or wrong CSRF token")

    @app.after_request
    def headers(response: Response) -> Response:
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "no-referrer")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Content-Security-Policy", "default-src 'self'; style-src 'self' 'unsafe-inline'; "
                                    "frame-ancestors 'none'; form-action 'none'; base-uri 'none'")
        return response

    @app.errorhandler(400)
    @app.errorhandler(403)
    @app.errorhandler(404)
    @app.errorhandler(413)
    def error(exc):
        return jsonify(error=getattr(exc, "description", str(exc))), exc.code

    @app.get("/")
    def page():
        return render_template("review.html.j2", token=token)

    @app.get("/static/review.js")
    def script():
        return Response((TEMPLATES / "review.js").read_text(encoding="utf-8"), mimetype="text/javascript")

    @app.get("/favicon.ico")
    def favicon():
        return Response(status=204)  # no icon, and no 404 in the browser's console

    @app.get("/api/queue")
    def api_queue():
        order = request.args.get("order") or "doubt"
        if order not in QUEUE_ORDERS:
            abort(400, description=f"order must be one of {', '.join(QUEUE_ORDERS)}")
        items = queue(store, QueueFilter.of(request.args), order)
        reviewed = sum(1 for i in items if i["quote"].get("review"))
        return jsonify(items=items, reviewed=reviewed, total=len(items))

    def decision_request() -> tuple[dict, dict]:
        body = request.get_json(silent=True)
        if not isinstance(body, dict):
            abort(400, description="expected a JSON object")
        result = store.article(str(body.get("article_id", "")))
        if result is None:
            abort(404, description="no such article")
        return body, result

    def decision_response(change: Callable[[], dict | None], name: str = "decision"):
        """The decision (or, under ``name``, decisions) a change to the store made; 404 for a quote
        the article lacks, 409 (with the current decision) when another tab changed it first."""
        try:
            return jsonify({name: change()})
        except KeyError as exc:
            abort(404, description=str(exc))
        except Conflict as exc:
            return jsonify(error=str(exc), current=exc.current), 409

    @app.post("/api/undo")
    def api_undo():
        """The latest decision on a quote taken back (the one before it, or none); with
        ``quotes`` (a list of ``{quote_id, version}``), on all of them at once or on none."""
        body, result = decision_request()
        if "quotes" not in body:
            return decision_response(lambda: store.undo(result, str(body.get("quote_id")), _version(body.get("version"))))
        quotes = body["quotes"]
        if not isinstance(quotes, list) or not all(isinstance(q, dict) for q in quotes):
            abort(400, description="quotes must be a list of {quote_id, version}")
        versions = [(str(q.get("quote_id")), _version(q.get("version"))) for q in quotes]
        return decision_response(lambda: store.undo_all(result, versions), "decisions")

    @app.post("/api/accept-speaker")
    def api_accept_speaker():
        """Accept every quote of one speaker in one article that nobody has decided yet."""
        body, result = decision_request()
        speaker_id = body.get("speaker_id")
        if not any(s["id"] == speaker_id for s in result["speakers"]):
            abort(404, description="no such speaker in this article")
        quote_ids = [q["id"] for q in result["quotes"] if q["speaker_id"] == speaker_id]
        return decision_response(lambda: store.accept_undecided(result, quote_ids, str(body.get("reviewer") or "")[:100]),
                                 "decisions")

    @app.post("/api/decisions")
    def api_decide():
        body, result = decision_request()
        status = body.get("status")
        if status not in STATUSES:
            abort(400, description=f"status must be one of {', '.join(STATUSES)}")
        fields = {k: (str(body[k])[:TEXT_LIMIT].strip() or None) if body.get(k) is not None else None
                  for k in ("speaker", "role", "affiliation", "note")}
        return decision_response(lambda: store.decide(result, str(body.get("quote_id")), status,
                                                      str(body.get("reviewer") or "")[:100],
                                                      _version(body.get("version")), **fields))

    @app.get("/api/export")
    def api_export():
        results = store.articles()
        if request.args.get("format", "csv") == "json":
            return Response("".join(to_json(r) for r in results), mimetype="application/json")
        return Response(to_csv(results), mimetype="text/csv",
                        headers={"Content-Disposition": "attachment; filename=reviewed-quotes.csv"})

    return app
