"""The command line: a thin layer over the Python API (``Annotator``, ``run_batch``, ``score``)."""
from __future__ import annotations

import functools
import json
import os
import signal
import sys
import traceback
from pathlib import Path
from typing import NoReturn

import click

from annotator import __version__
from annotator.parse.stanza_models import DEVICE_ENV, STANZA_DIR_ENV
from annotator.io.files import OutputError, check_writable, write_atomic
from annotator.scale.debug import DEBUG_ENV
from annotator.scale.stopping import exit_code

# Everything else is imported by the command that needs it, so that `annotator --help` (and any
# command's --help) answers at once, without loading spaCy.
FORMATS = ("html", "csv", "json", "jsonl")
BACKENDS = click.Choice(("auto", "stanza", "spacy"))
EXIT_FAILED, EXIT_USAGE = 1, 2


class NamesOf(click.Choice):
    """A choice among names that a module defines, imported only when the option is used or its
    help is shown (``NamesOf("annotator.compare", "BASELINES")``)."""

    def __init__(self, module: str, name: str):
        self.where = (module, name)
        super().__init__(())

    @property  # type: ignore[override]
    def choices(self) -> tuple[str, ...]:
        import importlib
        return tuple(getattr(importlib.import_module(self.where[0]), self.where[1]))

    @choices.setter
    def choices(self, value) -> None:
        """Click's constructor sets the choices; here they come from the module."""


typewriter_option = click.option(
    "--typewriter-quotes", is_flag=True,
    help="Read '' and `` pairs as double quotation marks (''Yes,'' he said), as some newspaper archives write them.")


def _comma_names(value: str, allowed: tuple[str, ...]) -> tuple[str, ...]:
    """The names in a comma-separated option value, each one of ``allowed``; else a usage error."""
    names = tuple(a.strip() for a in value.split(",") if a.strip())
    unknown = [a for a in names if a not in allowed]
    if unknown or not names:
        raise click.BadParameter(f"{', '.join(unknown) or value!r}: choose from {', '.join(allowed)} (comma-separated)")
    return names


def _acts(context, parameter, value: str | None) -> tuple[str, ...]:
    from annotator.rules.acts import ACTS
    return _comma_names(value, ACTS) if value else ACTS


def _components(context, parameter, value: str | None) -> tuple[str, ...] | None:
    from annotator.training import ADAPTABLE
    return _comma_names(value, ADAPTABLE) if value is not None else None


def _size(context, parameter, value: str | None) -> int | None:
    from annotator.scale.memory import parse_size
    try:
        return None if value is None else parse_size(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None


def _to_environment(name: str):
    """A callback that hands an option's value to the backends (and batch workers) through the
    environment variable they read."""
    def store(context, parameter, value):
        if value is not None:
            os.environ[name] = str(value)
        return value
    return store


def stanza_options(command):
    """Where Stanza's models are and which device runs them (the backend reads both when it loads)."""
    command = click.option("--stanza-dir", type=click.Path(file_okay=False, path_type=Path), envvar=STANZA_DIR_ENV,
                  callback=_to_environment(STANZA_DIR_ENV), expose_value=False,
                  help=f"Stanza's model directory (default: {STANZA_DIR_ENV}, else ~/stanza_resources).")(command)
    return click.option("--device", envvar=DEVICE_ENV, callback=_to_environment(DEVICE_ENV), expose_value=False,
                        metavar="DEVICE",
                        help=f"Torch device for Stanza: cpu (default), cuda, cuda:1, mps. Also {DEVICE_ENV}.")(command)


def annotation_options(command):
    """The options that decide how articles are annotated, given to the command as one ``options``
    (``annotator.pipeline.Options``)."""
    @typewriter_option
    @click.option("--model", "model_dir", type=click.Path(path_type=Path), default=None,
                  help="Trained attribution model directory (from `annotator train`). Default: the model shipped "
                       "with the package.")
    @click.option("--rules-only", is_flag=True, help="No trained model: the rules alone decide.")
    @click.option("--acts", callback=_acts, default=None, metavar="ACTS",
                  help="Keep only attributions of these acts, comma-separated: speech (said, wrote), thought "
                       "(believes, wants), finding (a study found). Default: all.")
    @functools.wraps(command)
    def wrapper(*args, typewriter_quotes, model_dir, rules_only, acts, **kwargs):
        from annotator.pipeline import SHIPPED, Options
        if rules_only and model_dir is not None:
            fail("--rules-only and --model exclude each other")
        model = None if rules_only else str(model_dir) if model_dir is not None else SHIPPED
        return command(*args, options=Options(typewriter_quotes, tuple(kwargs.pop("without", ())), model, acts),
                       **kwargs)
    return wrapper


def debugging() -> bool:
    """Whether ``annotator --debug`` (or ANNOTATOR_DEBUG=1) is in effect for the running command."""
    context = click.get_current_context(silent=True)
    return bool(context is not None and (context.find_root().obj or {}).get("debug"))


def fail(message: str, code: int = EXIT_USAGE) -> NoReturn:
    """One line on stderr and exit ``code``; with ``--debug``, the traceback of the error being handled first."""
    if debugging() and sys.exc_info()[0] is not None:
        traceback.print_exc()
    click.echo(f"annotator: {message}", err=True)
    sys.exit(code)


def friendly_errors(command):
    """Set-up and input errors become one line on stderr and an exit code, never a traceback
    (unless ``--debug``: then the traceback comes first, and the exit code is the same)."""
    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        from annotator.io.readers import ReadError
        from annotator.learn.linear import ModelError
        from annotator.parse.backends import SetupError
        from annotator.scale.pool import PoolError
        try:
            return command(*args, **kwargs)
        except (SetupError, ModelError) as exc:
            fail(str(exc), EXIT_USAGE)
        except (ReadError, OutputError, PoolError) as exc:
            fail(str(exc), EXIT_FAILED)
        except OSError as exc:
            fail(f"{exc.filename or ''}: {exc.strerror or exc}".lstrip(": "), EXIT_FAILED)
        except KeyboardInterrupt as exc:  # a batch's second stop signal carries its number
            fail("interrupted; every file written so far is whole, and the same command again resumes",
                 exit_code(getattr(exc, "signum", signal.SIGINT)))
    return wrapper


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="annotator")
@click.option("--debug", is_flag=True, envvar=DEBUG_ENV,
              help=f"Print the traceback of an error; a batch keeps each failure's traceback in errors.jsonl. "
                   f"Also {DEBUG_ENV}=1.")
@click.pass_context
def main(context: click.Context, debug: bool):
    """Find quotations in news articles, attribute them to speakers, and review the result."""
    context.obj = {"debug": debug}


def _is_batch(inputs: tuple[str, ...]) -> bool:
    from annotator.io.readers import JSONL_SUFFIXES
    if len(inputs) != 1 or inputs[0] == "-":
        return len(inputs) != 1
    path = Path(inputs[0])
    return not path.is_file() or path.suffix.lower() in JSONL_SUFFIXES


def _render(result: dict, fmt: str) -> str:
    from annotator.output.render import to_csv, to_html, to_json, to_jsonl_line
    return {"html": to_html, "json": to_json, "jsonl": to_jsonl_line, "csv": lambda r: to_csv([r])}[fmt](result)


@main.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="html", show_default=True,
              help="Output for a single article (a batch writes all of them).")
@click.option("-o", "--output", type=click.Path(),
              help="Output file (one article) or folder (many; with --scheduler, also an fsspec URL). Default: NAME.annotated.FORMAT beside the input, stdout for '-', ./annotated for a batch.")
@click.option("--backend", type=BACKENDS, default="auto", show_default=True, help="NLP backend.")
@click.option("--workers", type=click.IntRange(1, 256), default=None,
              help="Processes for a batch, or for `--scheduler local` (default: cores).")
@click.option("--max-worker-memory", callback=_size, default=None, metavar="SIZE",
              help="Replace a worker before its next article once it holds more memory than this (4G, 1500M; "
                   "default: 3/4 of the machine's memory shared among the workers, at least 2G).")
@click.option("--scheduler", default=None,
              help="Dask scheduler address (tcp://HOST:8786), or 'local', to run a batch on a cluster.")
@click.option("--pages", is_flag=True, help="With --scheduler: also write articles/ID.html and .json (a local batch always does).")
@click.option("--db", type=click.Path(path_type=Path), default=None, help="Review database whose decisions to apply.")
@click.option("--quotes-db", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="One article: also put it into this corpus database (quotes.db; made if missing), in place "
                   "of the rows it had there. A batch writes OUT/quotes.db itself.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
@stanza_options
@friendly_errors
@annotation_options
def annotate(inputs, fmt, output, backend, workers, max_worker_memory, scheduler, pages, db, quotes_db, quiet,
             options):
    """Annotate articles: text, the seed format, saved HTML pages, JSONL, folders, globs or '-' (stdin)."""
    from annotator.io.readers import ARTICLE_SUFFIXES, ReadError, read_inputs
    from annotator.parse.backends import load_backend
    apply = None
    if db is not None:
        from annotator.review.store import ReviewStore
        apply = ReviewStore(db).apply
    if scheduler or _is_batch(inputs):
        if quotes_db is not None:
            fail("--quotes-db is for one article; a batch writes OUT/quotes.db of all its articles")
        out = output or "annotated"  # a string: Path would fold a URL's '//'
        if "://" not in out:
            check_writable(Path(out), folder=True)
        elif not scheduler:
            fail(f"{out}: a URL needs --scheduler; a local batch writes to a folder")
        if scheduler:
            from annotator.scale.cluster import ClusterError, run_on_dask
            options.load_model()  # a broken model is a set-up error before any work starts
            try:
                summary = run_on_dask(list(inputs), out, scheduler=scheduler, backend=backend, options=options,
                                      pages=pages, workers=workers, memory_limit=max_worker_memory, quiet=quiet)
            except ClusterError as exc:
                fail(str(exc))
        else:
            from annotator.scale.batch import run_batch
            load_backend(backend)  # a missing model is a set-up error before any work starts
            options.load_model()
            summary = run_batch(inputs, Path(out), backend=backend, workers=workers, quiet=quiet, apply=apply,
                                options=options, debug=debugging(), max_worker_memory=max_worker_memory)
        if not (summary.done or summary.skipped or summary.failed or summary.stopped_by):
            fail(f"no articles found in {' '.join(inputs)} (looked for {', '.join(sorted(ARTICLE_SUFFIXES))} files)",
                 EXIT_FAILED)
        if summary.stopped_by is not None:
            click.echo(f"annotator: {summary.line()}; outputs in {out} hold the finished ones; "
                       "run the same command again to resume", err=True)
            sys.exit(exit_code(summary.stopped_by))
        click.echo(f"{summary.line()}; outputs in {out}", err=True)
        sys.exit(EXIT_FAILED if summary.failed else 0)
    source = Path(inputs[0])
    target = None if output is None and inputs[0] == "-" else Path(output or source.with_name(f"{source.stem}.annotated.{fmt}"))
    if target is not None:
        check_writable(target)
    if quotes_db is not None:
        from annotator.output.database import check_corpus_database
        check_writable(quotes_db)
        check_corpus_database(quotes_db)  # before any work, as for the output
    item = list(read_inputs(inputs))[0]
    if isinstance(item, ReadError):
        fail(str(item), EXIT_FAILED)
    from annotator.pipeline import Annotator
    result = Annotator(backend, options).annotate(item)
    if apply is not None:
        result = apply(result)
    if quotes_db is not None:
        from annotator.output.database import add_to_database
        add_to_database(quotes_db, result)
    text = _render(result, fmt)
    if target is None:
        click.echo(text, nl=False)
        return
    write_atomic(target, text)
    click.echo(f"{len(result['quotes'])} quotations, {len(result['speakers'])} speakers -> {target}", err=True)


def read_jsonl(path: Path) -> list:
    """The JSON value of each non-blank line; a line that is not JSON is a usage error naming it."""
    values = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            try:
                values.append(json.loads(line))
            except ValueError as exc:
                fail(f"{path}:{number}: not valid JSON ({exc})")
    return values


@main.command()
@click.argument("gold", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--backend", type=BACKENDS, default="auto", show_default=True)
@click.option("--predictions-out", type=click.Path(path_type=Path), help="Write one {id, quotes} line per document.")
@click.option("--by-rule", is_flag=True, help="Also print, per rule id, how many quotes it decided and how many were right.")
@click.option("--without", multiple=True, type=NamesOf("annotator.rules.engine", "RULES_TO_LEAVE_OUT"),
              help="Leave out a quote pass or speaker step (repeatable), to measure its worth.")
@click.option("--names", "names_gold", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Also score canonical names on hand-annotated cases (gold/names/dev.jsonl).")
@click.option("--roles", "roles_gold", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Also score roles and affiliations of named speakers (gold/roles/dev.jsonl).")
@click.option("--compare", type=NamesOf("annotator.compare", "BASELINES"), default=None,
              help="Also score a baseline on the same gold file and parse: textacy's direct_quotations "
                   "(pip install annotator[compare]).")
@stanza_options
@friendly_errors
@annotation_options
def evaluate(gold, backend, predictions_out, by_rule, names_gold, roles_gold, compare, options):
    """Score attributions against gold JSONL (the format of shared/eval/dev.jsonl)."""
    from annotator.evaluate import (confidence_report, name_scores, pronoun_gender_report, role_scores, rule_report,
                                    score)
    from annotator.model import Article
    from annotator.pipeline import Annotator
    if compare:
        from annotator.compare import require_textacy
        require_textacy()  # missing, it is a set-up error before any work
    if predictions_out:
        check_writable(predictions_out)
    documents = read_jsonl(gold)
    if not all(isinstance(d, dict) and isinstance(d.get("text"), str) and "id" in d for d in documents):
        fail(f'{gold}: every line needs "id", "text" and "quotes"')
    articles = [Article(str(d["id"]), d["text"], str(gold)) for d in documents]
    annotator = Annotator(backend, options)
    results = {r["id"]: r for r in annotator.annotate_many(articles)}
    predictions = {article_id: r["quotes"] for article_id, r in results.items()}
    if predictions_out:
        write_atomic(predictions_out, "".join(json.dumps({"id": k, "quotes": v}, ensure_ascii=False) + "\n"
                                              for k, v in predictions.items()))
    if compare:
        click.echo(f"annotator ({annotator.backend.label}):")
    click.echo(f"model: {options.model or 'none (rules only)'}")
    if options.without:
        click.echo(f"without: {', '.join(options.without)}")
    for scores in score(documents, predictions):
        click.echo(scores.report())
    click.echo(confidence_report(documents, predictions))
    if by_rule:
        click.echo(rule_report(documents, predictions))
    click.echo(pronoun_gender_report(results))
    if names_gold:
        click.echo(name_scores(read_jsonl(names_gold), predictions).report())
    if roles_gold:
        click.echo(role_scores(read_jsonl(roles_gold), results).report())
    if compare:
        from importlib.metadata import version

        from annotator.compare import textacy_predictions
        baseline = textacy_predictions(documents, annotator.backend)
        click.echo(f"textacy {version('textacy')} direct_quotations (same {annotator.backend.label} parse):")
        for scores in score(documents, baseline.predictions):
            click.echo(scores.report())
        click.echo(f"  textacy refused {baseline.refused} of {baseline.documents} documents (an odd number of "
                   "quotation marks); they count as having no predictions")
    total = annotator.parse_seconds + annotator.attribution_seconds
    click.echo(f"time: parse {annotator.parse_seconds:.1f}s, attribution {annotator.attribution_seconds:.1f}s "
               f"({100 * annotator.attribution_seconds / (annotator.parse_seconds or 1):.1f}% of parse), "
               f"{len(articles) / (total or 1):.1f} articles/s, backend {annotator.backend.label}")


@main.command()
@click.argument("inputs", nargs=-1)
@click.option("--db", type=click.Path(path_type=Path), default=None,
              help="Review database. Default: OUT/review.db for a batch's folder OUT, else review.db.")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to bind; keep it local.")
@click.option("--port", type=click.IntRange(1, 65535), default=8765, show_default=True)
@click.option("--backend", type=BACKENDS, default="auto", show_default=True)
@stanza_options
@friendly_errors
@annotation_options
def review(inputs, db, host, port, backend, options):
    """Annotate INPUTS and serve the review app; or queue every quote of a batch's folder (annotator
    review OUT/, nothing annotated again); or, with no INPUTS, reuse the articles already in --db."""
    from annotator.io.readers import ReadError, read_inputs
    from annotator.review.app import create_app
    from annotator.review.store import ReviewStore
    from annotator.scale.batch import OutputFolder
    batch = OutputFolder(Path(inputs[0])) if len(inputs) == 1 else None
    batch = batch if batch is not None and batch.holds_batch() else None
    db = db or (batch.root / "review.db" if batch is not None else Path("review.db"))
    store = ReviewStore(db)
    if batch is not None:
        for result in batch.finished_results():
            store.save_article(result)
    elif inputs:
        from annotator.pipeline import Annotator
        items = list(read_inputs(inputs))
        for error in (i for i in items if isinstance(i, ReadError)):
            click.echo(f"annotator: skipped {error}", err=True)
        annotator = Annotator(backend, options)
        for result in annotator.annotate_many([i for i in items if not isinstance(i, ReadError)]):
            store.save_article(result)
    if not store.article_count():
        fail("nothing to review: give articles to annotate, or a --db that has some")
    click.echo(f"Review at http://{host}:{port}/ (decisions saved in {db}); Ctrl+C to stop", err=True)
    create_app(store, host, port).run(host=host, port=port, threaded=True)


@main.command()
@click.argument("out", type=click.Path(exists=True, path_type=Path))
@click.option("--port", type=click.IntRange(1, 65535), default=8001, show_default=True)
@friendly_errors
def explore(out, port):
    """Open a batch's quotes.db (OUT is the batch's folder, or the database) in Datasette on 127.0.0.1."""
    import importlib.util
    import subprocess
    import tempfile

    from annotator.output.database import datasette_metadata
    database = out / "quotes.db" if out.is_dir() else out
    if not database.is_file():
        fail(f"{database}: no such database; a batch (annotator annotate FOLDER -o OUT) writes OUT/quotes.db")
    if importlib.util.find_spec("datasette") is None:
        fail("annotator explore needs Datasette: pip install 'annotator[explore]'")
    with tempfile.TemporaryDirectory() as folder:
        metadata = Path(folder) / "metadata.json"
        metadata.write_text(json.dumps(datasette_metadata(database.stem)), encoding="utf-8")
        click.echo(f"Exploring {database} at http://127.0.0.1:{port}/; Ctrl+C to stop", err=True)
        try:
            served = subprocess.run([sys.executable, "-m", "datasette", "serve", str(database), "--host", "127.0.0.1",
                                     "--port", str(port), "--metadata", str(metadata)], check=False)
        except KeyboardInterrupt:
            sys.exit(exit_code(signal.SIGINT))
    sys.exit(served.returncode)


@main.command()
@click.option("--db", type=click.Path(exists=True, dir_okay=False, path_type=Path), required=True)
@click.option("--format", "fmt", type=click.Choice(("csv", "json", "jsonl")), default="csv", show_default=True)
@click.option("-o", "--output", type=click.Path(path_type=Path), help="Default: stdout.")
@click.option("--excel", is_flag=True, help="Start the CSV with a byte-order mark for Excel.")
@friendly_errors
def export(db, fmt, output, excel):
    """Write the reviewed attributions: decisions applied, review status in every row."""
    from annotator.output.render import to_csv, to_json, to_jsonl_line
    from annotator.review.store import ReviewStore
    results = ReviewStore(db).articles()
    text = to_csv(results, bom=excel) if fmt == "csv" else "".join(
        (to_json if fmt == "json" else to_jsonl_line)(r) for r in results)
    if output is None:
        click.echo(text, nl=False)
    else:
        write_atomic(output, text)


@main.command("export-gold")
@click.argument("db", type=click.Path(exists=True, dir_okay=False, path_type=Path), metavar="REVIEW_DB")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="Gold JSONL to write (the format of shared/eval), e.g. reviewed.jsonl.")
@friendly_errors
def export_gold(db, output):
    """Write the reviewed articles of REVIEW_DB as training gold: accepted and corrected quotes are
    gold, rejected ones negatives, undecided ones left out (README: "Reviewers teach the model")."""
    from annotator.review.gold import export_gold as write_gold
    from annotator.review.store import ReviewStore
    from annotator.training import decision_counts
    check_writable(output)
    documents = write_gold(ReviewStore(db), output)
    counts = decision_counts(documents)
    click.echo(f"{len(documents)} reviewed articles -> {output} ({counts.get('accepted', 0)} accepted, "
               f"{counts.get('corrected', 0)} corrected, {counts.get('rejected', 0)} rejected; "
               f"{counts.get('undecided', 0)} undecided quotes left out)", err=True)


@main.command()
@click.argument("gold", nargs=-1, metavar="[GOLD[:WEIGHT]]...")
@click.option("--gold", "weighted", multiple=True, metavar="FILE[:WEIGHT]",
              help="Gold JSONL to train on (repeatable); ':3' makes each of its articles count three times.")
@click.option("--from", "base_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Adapt this model directory ('shipped': the model in the package) to the gold instead of "
                   "training from scratch: weights pulled toward its own, the original corpus not needed.")
@click.option("--adapt", "parts", callback=_components, default=None, metavar="PARTS",
              help="With --from: the components to refit, comma-separated: cue (cue and content), source (the "
                   "speaker ranker). Default: both.")
@click.option("-o", "--output", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="Model directory to write (model.json and its card, README.md).")
@click.option("--dev", "dev_path", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Gold to score the trained model on (never trained on), e.g. shared/eval/dev.jsonl.")
@click.option("--folds", type=click.IntRange(2, 20), default=5, show_default=True,
              help="Cross-validation folds; with --from, one in this many reviewed articles is held out to score on.")
@click.option("--seed", type=int, default=0, show_default=True)
@click.option("--backend", type=BACKENDS, default="spacy", show_default=True)
@typewriter_option
@friendly_errors
def train(gold, weighted, base_dir, parts, output, dev_path, folds, seed, backend, typewriter_quotes):
    """Train the attribution model on gold JSONL files (the format of shared/eval/train.jsonl, or
    reviewed gold from `annotator export-gold`), given as arguments or with --gold FILE[:WEIGHT]."""
    from annotator.learn.model import SHIPPED_MODEL, load_model
    from annotator.parse.backends import load_backend
    from annotator.training import GoldFile, TrainingError, TrainingSettings, adapt, gold_file, read_gold, train as fit, write_model
    if not gold and not weighted:
        fail("no gold: give files to train on, e.g. annotator train --gold train.jsonl --gold reviewed.jsonl:3 -o DIR")
    base_path = SHIPPED_MODEL if base_dir is not None and str(base_dir) == "shipped" else base_dir
    if base_path is not None and output.resolve() == base_path.resolve():
        fail(f"-o {output} is the --from model itself: write the adapted model to another directory")
    check_writable(output, folder=True)
    if parts is not None and base_dir is None:
        fail("--adapt needs --from: it says which components of that model to refit")
    settings = TrainingSettings(folds=folds, seed=seed, typewriter_quotes=typewriter_quotes,
                                **({"adapt": parts} if parts is not None else {}))
    progress = functools.partial(click.echo, err=True)
    try:
        files = [gold_file(spec) for spec in (*gold, *weighted)]
        golds = read_gold(files)
        dev = read_gold([GoldFile(dev_path)]) if dev_path else None
        base = (base_path, load_model(base_path)) if base_path is not None else None
        nlp = load_backend(backend)
        if base is None:
            model, _, report = fit(golds, nlp, settings, dev, progress=progress)
        else:
            model, report = adapt(base[1], golds, nlp, settings, dev, progress=progress)
    except TrainingError as exc:
        fail(str(exc), EXIT_USAGE)
    write_model(model, output, files, golds, dev_path, dev, nlp, settings, report, base)
    click.echo("\n".join(report))
    click.echo(f"model written to {output} (card: {output / 'README.md'})", err=True)


@main.group()
def models():
    """Stanza's English models: download or check them."""


@models.command()
@stanza_options
@friendly_errors
def download():
    """Fetch Stanza's English models (needs internet access); a failed download leaves nothing behind."""
    from annotator.parse.stanza_models import download_stanza_models, stanza_model_dir
    try:
        path = download_stanza_models()
    except Exception as exc:  # the network's and HTTP's errors come in many types, and so do a folder's
        fail(f"could not download Stanza's models into {stanza_model_dir()} ({type(exc).__name__}: "
             f"{' '.join(str(exc).split())}); check the internet connection, or use --backend spacy", EXIT_USAGE)
    click.echo(f"Stanza English models installed in {path}")


@models.command()
@stanza_options
def status():
    """Say which backends can run here, and each Stanza model file: installed or missing, and where."""
    from annotator.parse.backends import SetupError, backend_versions, load_backend
    from annotator.parse.stanza_models import model_files, stanza_model_dir, stanza_models_installed
    versions = backend_versions()
    model_dir = stanza_model_dir()
    installed = stanza_models_installed(model_dir)
    click.echo(f"stanza {versions.get('stanza', 'not installed')}: English models "
               f"{'installed' if installed else 'missing (run `annotator models download`)'} in {model_dir}")
    for file in model_files(model_dir) if (model_dir / "resources.json").is_file() else []:
        role = file.processor if file.processor == file.needed_by else f"{file.processor} (for {file.needed_by})"
        click.echo(f"  {role:<24} {file.package:<28} {'installed' if file.installed else 'missing  '} {file.path}")
    try:
        click.echo(f"spacy {versions.get('spacy')}: model {load_backend('spacy').model}")
    except SetupError as exc:
        click.echo(f"spacy: {exc}")
    click.echo(f"--backend auto uses {'stanza' if installed else 'spacy'}")


if __name__ == "__main__":
    main()
