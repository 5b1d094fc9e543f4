"""The index page as a report of the corpus: who is quoted most, and shares by kind and affiliation."""
from pathlib import Path

import lxml.html
from conftest import made_result

from annotator.io.files import safe_name
from annotator.output.corpus import corpus_summary, per_article, shares
from annotator.output.render import pager, report_pages, speaker_pages


def test_summary_counts_speakers_across_articles_and_shares():
    results = [made_result("a", [("Valérie Plante", "person", "mayor", "Montreal", 2), ("Hydro-Québec", "organisation", None, None, 1)]),
               made_result("b", [("Valerie Plante", "person", None, None, 1), ("a spokesman", "anonymous", "spokesman", None, 1)])]
    results[1]["quotes"][1].update(speaker=None, speaker_id=None)  # a quote with no speaker
    summary = corpus_summary(results)
    assert [(s["name"], s["quotes"], s["articles"]) for s in summary["speakers"]] == [
        ("Valérie Plante", 3, 2), ("Hydro-Québec", 1, 1)]
    assert {r["label"]: r["count"] for r in summary["kinds"]} == {"person": 3, "organisation": 1, "no speaker": 1}
    assert {r["label"]: r["count"] for r in summary["affiliations"]} == {"Montreal": 2, "none named": 2}
    assert summary["total"] == 5
    assert [(r["label"], r["count"]) for r in summary["per_article"] if r["count"]] == [("2", 1), ("3-4", 1)]


def test_articles_by_number_of_quotes_in_buckets_in_order():
    results = [made_result(str(n), [("Ann Lee", "person", None, None, n)] if n else []) for n in (0, 1, 4, 5, 25, 25)]
    rows = per_article(results)
    assert [r["label"] for r in rows] == ["none", "1", "2", "3-4", "5-9", "10-19", "20 or more"]
    assert [r["count"] for r in rows] == [1, 1, 0, 1, 1, 0, 2]
    assert abs(sum(r["share"] for r in rows) - 1) < 1e-9


def test_shares_keep_the_largest_and_sum_the_rest():
    from collections import Counter
    rows = shares(Counter({"a": 5, "b": 3, "c": 1, "d": 1}), limit=3)
    assert [(r["label"], r["count"]) for r in rows] == [("a", 5), ("b", 3), ("others", 2)]
    assert abs(sum(r["share"] for r in rows) - 1) < 1e-9


def test_index_report_draws_each_chart_with_its_table():
    results = [made_result("a", [("Ann Lee", "person", "minister", "Finance Ministry", 3), ("City Hall", "organisation", None, None, 1)])]
    entries = [{"id": "a", "href": "articles/a.html", "quotes": 4, "speakers": 2}]
    page = lxml.html.fromstring(report_pages(entries, corpus_summary(results))["index.html"])
    assert page.xpath("//section[@aria-labelledby='top-speakers']//tbody/tr[1]/td")[0].text == "Ann Lee"
    for key in ("speaker-kind", "affiliation", "quotations-per-article"):
        (chart,) = page.xpath(f"//section[@aria-labelledby='{key}']")
        assert len(chart.xpath(".//*[local-name()='rect']")) == len(chart.xpath(".//tbody/tr"))
    kinds = page.xpath("//section[@aria-labelledby='speaker-kind']//tbody/tr/td/text()")
    assert kinds[:3] == ["person", "3", "75%"]
    assert "Articles" in page.text_content()
    boxes = page.xpath("//div[@class='filter-box']")  # hidden until the script runs: without it, no dead control
    assert len(boxes) == 2 and all(box.get("hidden") is not None for box in boxes)


def test_the_report_runs_only_its_own_script():
    import base64
    import hashlib
    pages = report_pages([{"id": "a", "href": "articles/a.html", "quotes": 1, "speakers": 1}],
                         corpus_summary([made_result("a", [("Ann Lee", "person", None, None, 1)])]), True)
    assert set(pages) == {"index.html", "list/speakers-1.html"}
    for html in pages.values():
        page = lxml.html.fromstring(html)
        (script,) = page.xpath("//script")
        policy = page.xpath("//meta[@http-equiv='Content-Security-Policy']/@content")[0]
        digest = base64.b64encode(hashlib.sha256(script.text.encode("utf-8")).digest()).decode()
        assert f"script-src 'sha256-{digest}';" in policy and "default-src 'none'" in policy
        assert script.get("src") is None and "http" not in policy


def test_pager_shows_the_ends_and_three_pages_either_side():
    p = pager(10, 50, lambda k: f"p{k}")
    assert [link and link["number"] for link in p["links"]] == [1, None, 7, 8, 9, 10, 11, 12, 13, None, 50]
    assert (p["previous"], p["next"]) == ("p9", "p11") and [link["current"] for link in p["links"] if link][4]
    assert pager(1, 1, str)["previous"] is None and pager(1, 1, str)["next"] is None


def test_a_large_corpus_is_listed_in_pages_and_every_article_and_speaker_is_reachable():
    results = [made_result(f"a{i}", [(f"Speaker {i % 130}", "person", None, None, 1)]) for i in range(450)]
    entries = [{"id": r["id"], "href": f"articles/{r['id']}.html", "quotes": 1, "speakers": 1,
                "published": f"2020-01-{1 + i % 28:02d}"} for i, r in enumerate(results)]
    pages = report_pages(entries, corpus_summary(results), True, per_page=100)
    assert sorted(pages) == ["index.html", *(f"list/articles-{k}.html" for k in (2, 3, 4, 5)),
                             "list/speakers-1.html", "list/speakers-2.html"]
    listed, dates = [], []
    for name in ["index.html", *(f"list/articles-{k}.html" for k in (2, 3, 4, 5))]:
        page = lxml.html.fromstring(pages[name])
        listed += page.xpath("//table[@id='articles-table']//a/@href")
        dates += page.xpath("//table[@id='articles-table']//time/@datetime")
        for href in page.xpath("//nav[@class='pager']//a/@href"):  # every link of the pager goes to a page
            assert str((Path("/out") / name).parent.joinpath(href.split("#")[0]).resolve())[5:] in pages
    assert sorted(href.removeprefix("../") for href in listed) == sorted(f"articles/a{i}.html" for i in range(450))
    assert all(href.startswith("../") for href in listed[100:])  # a listing page is in list/
    assert dates == sorted(dates, reverse=True)  # the newest first
    speakers = [lxml.html.fromstring(pages[f"list/speakers-{k}.html"]).xpath("//tbody//a/@href") for k in (1, 2)]
    assert len(speakers[0]) == 100 and len(set(speakers[0] + speakers[1])) == 130


def test_a_speaker_page_lists_every_quote_linked_into_its_article(annotator, tmp_path):
    import json

    from annotator.scale.batch import run_batch
    feed = tmp_path / "feed.jsonl"
    feed.write_text("\n".join(json.dumps(r) for r in [
        {"id": "m1", "title": "Schools reopen", "outlet": "Gazette", "text": '"We will reopen," Valérie Plante said.'},
        {"id": "m2", "title": "Power is back", "text": '"It is too early," Valerie Plante said on Tuesday.'}]) + "\n")
    out = tmp_path / "out"
    run_batch([str(feed)], out, backend="spacy", workers=1, quiet=True)
    index = lxml.html.fromstring((out / "index.html").read_text())
    (link,) = index.xpath("//table[@id='top-speakers-table']/tbody//a")
    assert link.text == "Valérie Plante"
    page = lxml.html.fromstring((out / link.get("href")).read_text())
    targets = page.xpath("//tbody//a/@href")
    assert len(targets) == 2 and page.xpath("//h1")[0].text == "Valérie Plante"
    for target in targets:
        path, anchor = target.split("#")
        article = lxml.html.fromstring((out / "speakers" / path).resolve().read_text())
        assert article.xpath(f"//mark[@id='{anchor}']")  # the quote's first highlight
    (out / "speakers" / "s000000000000.html").write_text("stale")
    (out / "list" / "articles-9.html").write_text("stale")
    run_batch([str(feed)], out, backend="spacy", workers=1, quiet=True)
    assert [p.name for p in (out / "speakers").iterdir()] == [link.get("href").split("/")[1]]
    assert [p.name for p in (out / "list").iterdir()] == ["speakers-1.html"]


def test_a_speaker_of_many_quotes_has_pages_of_them_the_newest_first():
    results = [made_result(f"a{i}", [("Ann Lee", "person", None, None, 5)]) for i in range(50)]
    for i, result in enumerate(results):
        result["published"] = f"2021-{1 + i % 12:02d}-{1 + i % 28:02d}"
    (page,) = corpus_summary(results)["pages"]
    pages = speaker_pages(page, per_page=100)
    identity = page["speaker"]["id"]
    assert list(pages) == [f"{identity}.html", f"{identity}-2.html", f"{identity}-3.html"]
    links, dates = [], []
    for html in pages.values():
        tree = lxml.html.fromstring(html)
        links += tree.xpath("//table[@id='quotes-table']/tbody//a/@href")
        dates += tree.xpath("//table[@id='quotes-table']//time/@datetime")
        assert set(tree.xpath("//nav[@class='pager']//a/@href")) <= set(pages)
    assert sorted(links) == sorted(f"../articles/{safe_name(f'a{i}')}.html#quote-q{k}" for i in range(50) for k in range(1, 6))
    assert dates == sorted(dates, reverse=True)
