"""The review server as a real process: a `kill -9` during a run of edits loses no committed decision."""
import http.client
import json
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request

from annotator.review.store import ReviewStore

TEXT = ('"The dam will hold," engineer Rosa Lind said. "We checked it twice," she added. '
        'Mayor Tim Ek said the town was "calm". "Stay inside tonight," police chief Ola Berg told residents.')


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, db):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.process = subprocess.Popen([sys.executable, "-m", "annotator.cli", "review", "--db", str(db),
                                         "--port", str(self.port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 60
        while True:
            try:
                page = urllib.request.urlopen(self.base + "/", timeout=2).read().decode()
                break
            except OSError:
                assert self.process.poll() is None and time.monotonic() < deadline, "the review server did not start"
                time.sleep(0.2)
        self.token = page.split('name="csrf-token" content="')[1].split('"')[0]

    def get(self, path):
        return json.loads(urllib.request.urlopen(self.base + path, timeout=5).read())

    def decide(self, body):
        request = urllib.request.Request(self.base + "/api/decisions", data=json.dumps(body).encode(), method="POST",
                                         headers={"Content-Type": "application/json", "X-CSRF-Token": self.token})
        return json.loads(urllib.request.urlopen(request, timeout=5).read())["decision"]


def test_kill_9_during_edits_loses_no_committed_decision(tmp_path, annotate):
    db = tmp_path / "review.db"
    ReviewStore(db).save_article(annotate(TEXT, "dam"))
    server = Server(db)
    quote_ids = [item["quote"]["id"] for item in server.get("/api/queue")["items"]]
    assert len(quote_ids) >= 3
    acknowledged = {q: 0 for q in quote_ids}  # the version the server confirmed, per quote
    stopped = threading.Event()

    def edit():
        n = 0
        while not stopped.is_set():
            quote_id = quote_ids[n % len(quote_ids)]
            body = {"article_id": "dam", "quote_id": quote_id, "status": ("accepted", "corrected")[n % 2],
                    "speaker": f"Reviewer pick {n}", "reviewer": "kill-test", "version": acknowledged[quote_id]}
            try:
                acknowledged[quote_id] = server.decide(body)["version"]
            except (OSError, urllib.error.URLError, http.client.HTTPException):
                return  # the server is gone, maybe halfway through its answer
            n += 1

    editor = threading.Thread(target=edit)
    editor.start()
    while sum(acknowledged.values()) < 40 and editor.is_alive():
        time.sleep(0.01)
    server.process.send_signal(signal.SIGKILL)
    server.process.wait(10)
    stopped.set()
    editor.join(10)
    committed = sum(acknowledged.values())
    assert committed >= 40

    restarted = Server(db)
    try:
        stored = {i["quote"]["id"]: (i["quote"]["review"] or {}).get("version", 0)
                  for i in restarted.get("/api/queue")["items"]}
    finally:
        restarted.process.kill()
        restarted.process.wait(10)
    assert all(stored[q] >= acknowledged[q] for q in quote_ids), (stored, acknowledged)
    assert sum(stored.values()) - committed in (0, 1)  # at most the one edit in flight at the kill
