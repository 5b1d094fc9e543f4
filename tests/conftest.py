import json
from pathlib import Path

import pytest

from annotator.model import Article
from annotator.pipeline import Annotator, Options

ROOT = Path(__file__).resolve().parent.parent
SEED = next((ROOT / "seeds").glob("*.txt"))
SCHEMA = json.loads((ROOT / "annotator" / "output" / "schema.json").read_text())


@pytest.fixture(scope="session")
def annotator():
    return Annotator("spacy")


@pytest.fixture(scope="session")
def annotate(annotator):
    def run(text: str, article_id: str = "t") -> dict:
        return annotator.annotate(Article(article_id, text, "<test>"))
    return run


@pytest.fixture(scope="session")
def annotate_rules():
    """Annotation by the rules alone (no trained model): for tests of what one rule does."""
    rules = Annotator("spacy", Options(model=None))

    def run(text: str, article_id: str = "t") -> dict:
        return rules.annotate(Article(article_id, text, "<test>"))
    return run


def made_result(article_id: str, speakers: list[tuple], outlet: str | None = None) -> dict:
    """A result with ``speakers`` as (name, kind, role, affiliation, number of quotes), each named once."""
    text, records, quotes = "", [], []
    for number, (name, kind, role, affiliation, count) in enumerate(speakers, 1):
        start = len(text)
        text += f"{name} said. "
        records.append({"id": f"s{number}", "name": name, "kind": kind, "role": role, "affiliation": affiliation,
                        "mentions": [{"start": start, "end": start + len(name), "text": name, "rule": "speaker_name"}]})
        for _ in range(count):
            q_start = len(text)
            text += "Words here. "
            quotes.append({"id": f"q{len(quotes) + 1}", "start": q_start, "end": q_start + 10, "text": "Words here",
                           "fragments": [[q_start, q_start + 10]], "kind": "direct", "act": "speech",
                           "speaker_id": f"s{number}", "speaker": name, "role": role, "affiliation": affiliation,
                           "speaker_mention": None, "cue": {"start": start, "end": start + 1, "text": "said"},
                           "confidence": 0.9, "evidence": "", "rule": "cue_subject", "speaker_rule": "speaker_name"})
    result = {"id": article_id, "source": f"{article_id}.txt", "backend": "test", "text": text,
              "speakers": records, "quotes": quotes}
    return {**result, "outlet": outlet} if outlet else result


def by_text(result: dict, fragment: str) -> dict:
    """The quote whose text contains ``fragment``."""
    matches = [q for q in result["quotes"] if fragment in q["text"]]
    assert matches, f"no quote containing {fragment!r} in {[q['text'] for q in result['quotes']]}"
    return matches[0]


@pytest.fixture(scope="session")
def dask_client():
    """A local Dask cluster of two single-thread worker processes, shared by the tests that need one."""
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
            distributed.Client(cluster) as client:
        yield client


@pytest.fixture(scope="session")
def tiny_stanza_dir(tmp_path_factory):
    """A real, tiny Stanza English pipeline (``tests/tiny_stanza.py``), trained once per session."""
    from tiny_stanza import build
    return build(tmp_path_factory.mktemp("stanza_resources"))
