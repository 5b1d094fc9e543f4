"""End to end in real headless Chromium: the review app and the annotated page."""
import csv
import io
import os
import shutil
import socket
import threading
import urllib.request
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from annotator.output.render import to_html
from annotator.review.app import create_app
from annotator.review.store import ReviewStore
from conftest import SEED

webdriver = pytest.importorskip("selenium.webdriver")
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

CHROMIUM, DRIVER = shutil.which("chromium"), shutil.which("chromedriver")
pytestmark = pytest.mark.skipif(not (CHROMIUM and DRIVER), reason="Debian chromium and chromium-driver not installed")
FLAGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic", "--window-size=1280,900"]


@pytest.fixture()
def browser(tmp_path):
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in FLAGS + [f"--user-data-dir={tmp_path / 'profile'}"]:
        options.add_argument(flag)
    driver = webdriver.Chrome(options=options, service=webdriver.ChromeService(executable_path=DRIVER))
    yield driver
    driver.quit()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture()
def server(tmp_path, annotate):
    store = ReviewStore(tmp_path / "review.db")
    store.save_article(annotate(SEED.read_text(encoding="utf-8").split("\n", 1)[1].replace("| ", ""), "seed"))
    port = free_port()
    httpd = make_server("127.0.0.1", port, create_app(store, "127.0.0.1", port), threaded=True)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{port}", store
    httpd.shutdown()


def wait_for(driver, predicate, timeout=10):
    return WebDriverWait(driver, timeout).until(lambda d: predicate(d))


def test_change_a_speaker_with_the_keyboard_reload_and_export(browser, server):
    url, store = server
    browser.get(url + "/")
    wait_for(browser, lambda d: "reviewed" in d.find_element(By.ID, "progress-text").text)
    first_quote = browser.find_element(By.CSS_SELECTOR, "#context mark").text
    body = browser.find_element(By.TAG_NAME, "body")
    body.send_keys("e")
    field = wait_for(browser, lambda d: d.find_element(By.ID, "f-speaker") if d.find_element(By.ID, "f-speaker").is_displayed() else None)
    field.clear()
    field.send_keys("Reviewer Chosen Name\n")
    wait_for(browser, lambda d: d.find_element(By.ID, "progress-text").text.startswith("1 /"))
    browser.refresh()
    wait_for(browser, lambda d: d.find_element(By.ID, "progress-text").text.startswith("1 /"))
    body = browser.find_element(By.TAG_NAME, "body")
    for _ in range(60):  # walk back to the corrected quote with the keyboard
        if browser.find_element(By.CSS_SELECTOR, "#context mark").text == first_quote:
            break
        body.send_keys("k")
    assert browser.find_element(By.ID, "speaker").text == "Reviewer Chosen Name"
    assert browser.find_element(By.ID, "status").text.startswith("corrected")
    exported = urllib.request.urlopen(url + "/api/export?format=csv").read().decode("utf-8")
    rows = [r for r in csv.DictReader(io.StringIO(exported)) if r["speaker"] == "Reviewer Chosen Name"]
    assert len(rows) == 1 and rows[0]["review_status"] == "corrected"


def test_filter_the_queue_decide_and_undo_with_the_keyboard(browser, server):
    url, store = server
    browser.get(url + "/")
    wait_for(browser, lambda d: "reviewed" in d.find_element(By.ID, "progress-text").text)
    kind = browser.find_element(By.ID, "filter-kind")
    kind.find_element(By.CSS_SELECTOR, "option[value='']")  # "any" is there
    kind.send_keys("direct")  # choose "direct": the change reloads the queue
    wait_for(browser, lambda d: d.find_element(By.ID, "kind").text.startswith("direct"))
    total = int(browser.find_element(By.ID, "progress-text").text.split("/ ")[1].split()[0])
    assert 0 < total < len([q for r in store.articles() for q in r["quotes"]])
    body = browser.find_element(By.TAG_NAME, "body")
    body.click()
    body.send_keys("r")
    wait_for(browser, lambda d: d.find_element(By.ID, "progress-text").text.startswith("1 /"))
    body.send_keys("u")
    wait_for(browser, lambda d: d.find_element(By.ID, "progress-text").text.startswith("0 /"))
    assert browser.find_element(By.ID, "status").text == "not reviewed"
    assert all(q["review"] is None for r in store.articles() for q in r["quotes"])


SECOND_ARTICLE = ('Mayor Lena Ford met Omar Haddad, who leads the tenants\' union, on Monday. '
                  '"The rents will fall," she said. "We doubt it," Haddad said. "He never learns," Haddad added.')


def test_review_two_articles_runner_up_accept_a_speaker_undo_and_export(browser, server, annotate, tmp_path):
    url, store = server
    store.save_article(annotate(SECOND_ARTICLE, "tenants"))
    browser.get(url + "/")
    wait_for(browser, lambda d: "reviewed" in d.find_element(By.ID, "progress-text").text)
    browser.find_element(By.ID, "filter-order").send_keys("reading order")
    wait_for(browser, lambda d: d.find_element(By.ID, "where").text.startswith("seed · 1 of"))
    body = browser.find_element(By.TAG_NAME, "body")
    body.click()
    seen = set()
    for _ in range(60):  # walk the queue with the keyboard from the seed into the second article
        seen.add(browser.find_element(By.ID, "where").text.split(" · ")[0])
        if browser.find_element(By.ID, "speaker").text == "Omar Haddad":
            break
        body.send_keys("j")
    assert seen == {"seed", "tenants"}
    assert browser.find_element(By.ID, "accept-speaker-count").text == "(2)"
    body.send_keys(Keys.SHIFT, "a")
    alert = wait_for(browser, lambda d: d.switch_to.alert)
    assert "Omar Haddad" in alert.text
    alert.accept()
    wait_for(browser, lambda d: d.find_element(By.ID, "progress-text").text.startswith("2 /"))
    body.send_keys("u")  # takes back both at once
    wait_for(browser, lambda d: d.find_element(By.ID, "progress-text").text.startswith("0 /"))
    assert all(q["review"] is None for r in store.articles() for q in r["quotes"])
    speaker = browser.find_element(By.ID, "filter-speaker")  # the filter: Lena Ford's quotes, both articles searched
    speaker.send_keys("lena", Keys.TAB)
    wait_for(browser, lambda d: d.find_element(By.ID, "speaker").text == "Lena Ford")
    rival = browser.find_element(By.ID, "runner-up").text
    assert rival.startswith("Omar Haddad")
    shots = Path(os.environ.get("ANNOTATOR_SCREENSHOTS", tmp_path))
    shots.mkdir(parents=True, exist_ok=True)
    assert browser.save_screenshot(str(shots / "review.png"))
    body.click()
    body.send_keys("2")  # the quote is Omar Haddad's now, so the filter on Lena lets it go
    wait_for(browser, lambda d: any(q["review"] for r in store.articles() for q in r["quotes"]))
    exported = urllib.request.urlopen(url + "/api/export?format=csv").read().decode("utf-8")
    reviewed = [r for r in csv.DictReader(io.StringIO(exported)) if r["review_status"] != "unreviewed"]
    assert [(r["article_id"], r["speaker"], r["review_status"]) for r in reviewed] == [
        ("tenants", "Omar Haddad", "corrected")]
    assert not [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]


def test_annotated_seed_page_screenshot(browser, annotate, tmp_path):
    from annotator.io.readers import read_inputs
    article = next(read_inputs([str(SEED)]))
    page = tmp_path / "seed.html"
    page.write_text(to_html(annotate(article.text, article.id)), encoding="utf-8")
    browser.get(page.as_uri())
    marks = browser.find_elements(By.CSS_SELECTOR, "mark.q")
    assert len(marks) >= 11
    speaker = browser.find_element(By.CSS_SELECTOR, "button.speaker")
    speaker.click()
    assert "filtering" in browser.find_element(By.TAG_NAME, "body").get_attribute("class")
    speaker.click()
    shots = Path(os.environ.get("ANNOTATOR_SCREENSHOTS", tmp_path))
    shots.mkdir(parents=True, exist_ok=True)
    assert browser.save_screenshot(str(shots / "seed-page.png"))
    assert not [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]


def test_follow_a_speaker_from_the_report_to_a_quote_in_its_article(browser, tmp_path):
    import json

    from annotator.scale.batch import run_batch
    feed = tmp_path / "feed.jsonl"
    feed.write_text("\n".join(json.dumps(r) for r in [
        {"id": "m1", "title": "Schools reopen", "outlet": "Gazette", "date": "2020-01-07",
         "text": '"We will reopen," Valérie Plante said. Hydro-Québec said power would be back by noon.'},
        {"id": "m2", "title": "Power is back", "outlet": "Post",
         "text": '"It is too early," Valerie Plante said on Tuesday.'}]) + "\n")
    out = tmp_path / "out"
    run_batch([str(feed)], out, backend="spacy", workers=1, quiet=True)
    browser.get((out / "index.html").as_uri())
    shots = Path(os.environ.get("ANNOTATOR_SCREENSHOTS", tmp_path))
    shots.mkdir(parents=True, exist_ok=True)
    assert browser.save_screenshot(str(shots / "report.png"))
    browser.find_element(By.LINK_TEXT, "Valérie Plante").click()
    assert browser.find_element(By.TAG_NAME, "h1").text == "Valérie Plante"
    quotes = browser.find_elements(By.CSS_SELECTOR, "tbody a")
    assert [q.text for q in quotes] == ["We will reopen,", "It is too early,"]
    quotes[1].click()
    anchor = browser.current_url.split("#")[1]
    assert browser.find_element(By.TAG_NAME, "h1").text == "Power is back"
    assert browser.find_element(By.ID, anchor).text == "It is too early,"
    assert not [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]


STORIES = [  # (title, outlet, day, text): Valérie Plante in four articles, so that her quotes take two pages of two
    ("Schools reopen", "Gazette", "2020-01-07", '"We will reopen," Valérie Plante said. "Not yet," Bo Chen said.'),
    ("Power is back", "Post", "2020-01-09", '"It is too early," Valerie Plante said on Tuesday.'),
    ("Snow in March", "Gazette", "2020-03-02", '"Clear the roads," Valérie Plante said.'),
    ("Budget vote", "Herald", "2020-02-11", '"We have the votes," Valérie Plante said. "We do not," Bo Chen said.'),
    ("Metro delays", "Post", "2020-02-20", '"Trains run late," Hydro-Québec said.'),
]


def test_sort_filter_and_page_through_the_report(browser, tmp_path, monkeypatch):
    import json

    import annotator.output.render as render
    from annotator.scale.batch import run_batch
    feed = tmp_path / "feed.jsonl"
    feed.write_text("".join(json.dumps({"id": f"m{i}", "title": t, "outlet": o, "date": d, "text": x}) + "\n"
                            for i, (t, o, d, x) in enumerate(STORIES)))
    monkeypatch.setattr(render, "ROWS_PER_PAGE", 2)
    out = tmp_path / "out"
    run_batch([str(feed)], out, backend="spacy", workers=1, quiet=True)
    shots = Path(os.environ.get("ANNOTATOR_SCREENSHOTS", tmp_path))
    shots.mkdir(parents=True, exist_ok=True)
    browser.get((out / "index.html").as_uri())

    def cells(table: str, column: int) -> list[str]:
        return [row.find_elements(By.TAG_NAME, "td")[column].text
                for row in browser.find_elements(By.CSS_SELECTOR, f"#{table} tbody tr") if row.is_displayed()]
    assert cells("articles-table", 0) == ["Snow in March m2", "Metro delays m4"]  # the newest first, two a page
    speakers = browser.find_element(By.CSS_SELECTOR, "#top-speakers-table th:nth-child(4) button")
    speakers.click()  # sort the speakers by quotations, fewest first
    counts = [int(n) for n in cells("top-speakers-table", 3)]
    assert counts == sorted(counts) and counts[0] < counts[-1]
    speakers.click()
    assert [int(n) for n in cells("top-speakers-table", 3)] == sorted(counts, reverse=True)
    browser.find_element(By.CSS_SELECTOR, "#top-speakers-table th:nth-child(1) button").click()
    names = cells("top-speakers-table", 0)
    assert names == sorted(names, key=lambda n: n.replace("é", "e").lower())  # by name, accents aside
    search = browser.find_element(By.ID, "top-speakers-table-filter")
    search.send_keys("valerie")  # without its accent
    assert cells("top-speakers-table", 0) == ["Valérie Plante"]
    assert browser.find_element(By.ID, "top-speakers-table-filter-count").text == f"1 of {len(names)} shown"
    browser.set_window_size(1280, 1500)
    assert browser.save_screenshot(str(shots / "report-sorted-filtered.png"))
    browser.set_window_size(1280, 900)
    titles = cells("articles-table", 0)
    while browser.find_elements(By.CSS_SELECTOR, "nav.pager a[rel=next]"):  # every article, page by page
        browser.find_element(By.CSS_SELECTOR, "nav.pager a[rel=next]").click()
        titles += cells("articles-table", 0)
    assert sorted(t.rsplit(" ", 1)[0] for t in titles) == sorted(t for t, _, _, _ in STORIES)
    assert browser.current_url.endswith("list/articles-3.html")
    browser.find_element(By.LINK_TEXT, "the report").click()
    browser.find_element(By.PARTIAL_LINK_TEXT, "speakers →").click()
    assert browser.current_url.endswith("list/speakers-1.html")
    assert browser.save_screenshot(str(shots / "speakers-listing.png"))
    browser.find_element(By.LINK_TEXT, "Valérie Plante").click()
    assert browser.save_screenshot(str(shots / "speaker.png"))
    quotes = cells("quotes-table", 0)
    browser.find_element(By.CSS_SELECTOR, "nav.pager a[rel=next]").click()
    quotes += cells("quotes-table", 0)
    assert quotes == ["Clear the roads,", "We have the votes,", "It is too early,", "We will reopen,"]
    browser.find_element(By.LINK_TEXT, "We will reopen,").click()
    assert browser.find_element(By.TAG_NAME, "h1").text == "Schools reopen"
    assert browser.find_element(By.ID, browser.current_url.split("#")[1]).text == "We will reopen,"
    assert not [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]  # a script the CSP refused, say
