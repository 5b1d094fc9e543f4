"""The index page as a report of the corpus: who is quoted most, and shares by kind and affiliation."""
import lxml.html
from conftest import made_result

from annotator.output.corpus import corpus_summary, shares
from annotator.output.render import index_html


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


def test_shares_keep_the_largest_and_sum_the_rest():
    from collections import Counter
    rows = shares(Counter({"a": 5, "b": 3, "c": 1, "d": 1}), limit=3)
    assert [(r["label"], r["count"]) for r in rows] == [("a", 5), ("b", 3), ("others", 2)]
    assert abs(sum(r["share"] for r in rows) - 1) < 1e-9


def test_index_report_draws_each_chart_with_its_table():
    results = [made_result("a", [("Ann Lee", "person", "minister", "Finance Ministry", 3), ("City Hall", "organisation", None, None, 1)])]
    entries = [{"id": "a", "href": "articles/a.html", "quotes": 4, "speakers": 2}]
    page = lxml.html.fromstring(index_html(entries, corpus_summary(results)))
    assert page.xpath("//section[@aria-labelledby='top-speakers']//tbody/tr[1]/td")[0].text == "Ann Lee"
    for key in ("speaker-kind", "affiliation"):
        (chart,) = page.xpath(f"//section[@aria-labelledby='{key}']")
        assert len(chart.xpath(".//*[local-name()='rect']")) == len(chart.xpath(".//tbody/tr"))
    kinds = page.xpath("//section[@aria-labelledby='speaker-kind']//tbody/tr/td/text()")
    assert kinds[:3] == ["person", "3", "75%"]
    assert not page.xpath("//script") and "Articles" in page.text_content()


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
    (link,) = index.xpath("//section[@aria-labelledby='top-speakers']//a")
    assert link.text == "Valérie Plante"
    page = lxml.html.fromstring((out / link.get("href")).read_text())
    targets = page.xpath("//tbody//a/@href")
    assert len(targets) == 2 and page.xpath("//h1")[0].text == "Valérie Plante"
    for target in targets:
        path, anchor = target.split("#")
        article = lxml.html.fromstring((out / "speakers" / path).resolve().read_text())
        assert article.xpath(f"//mark[@id='{anchor}']")  # the quote's first highlight
    (out / "speakers" / "s000000000000.html").write_text("stale")
    run_batch([str(feed)], out, backend="spacy", workers=1, quiet=True)
    assert [p.name for p in (out / "speakers").iterdir()] == [link.get("href").split("/")[1]]
