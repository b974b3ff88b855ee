"""The ``kg`` command: run, extract, load, query, queries, export, eval, db, neo4j."""

from __future__ import annotations

import functools
import inspect
import json
import shutil
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Optional

import typer
from pydantic import ValidationError
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from kg.app import ExtractionResult, IncrementalLoad, default_jobs, extract_corpus, load_incremental
from kg.corpus import CorpusError, Document, RecordFields, Skipped, iter_corpus
from kg.extract.types import ModelNotFound
from kg.model import Graph
from kg.process import tune_gc
from kg.queries import QueryError, SavedQuery, load_queries, run_query
from kg.settings import Settings

app = typer.Typer(add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False,
                  help="Turn news articles on Russian–Armenian defense cooperation into a knowledge graph.")
db_app = typer.Typer(add_completion=False, no_args_is_help=True, help="The embedded database server.")
app.add_typer(db_app, name="db")
neo4j_app = typer.Typer(add_completion=False, no_args_is_help=True,
                        help="A local Neo4j 5 server from Maven Central (no Docker needed).")
app.add_typer(neo4j_app, name="neo4j")

EXIT_ERROR = 1
EXIT_SKIPPED = 3  # the job finished, but some inputs were skipped (each named on stderr)
RUN_ROWS_SHOWN = 30  # rows of each saved query `kg run` prints (`kg query NAME` prints all)

out = Console(highlight=False, soft_wrap=False, width=None if sys.stdout.isatty() else 160)
err = Console(stderr=True, highlight=False, soft_wrap=True)


@app.callback()
def _every_command() -> None:
    tune_gc()
    try:
        Settings()
    except ValidationError as exc:  # a bad KG_*/NEO4J_* variable: one line naming it, no traceback
        problem = exc.errors()[0]
        name = str(problem["loc"][0]) if problem["loc"] else "settings"
        variable = name.upper() if name.startswith("neo4j") else f"KG_{name.upper()}"
        err.print(f"[bold red]kg: error:[/] {variable}: {problem['msg']}")
        raise typer.Exit(EXIT_ERROR) from None


PathsArg = typer.Argument(..., help="Article files or folders (read recursively): .txt/.md, .html/.htm, "
                                         ".jsonl/.json/.csv/.tsv records, .warc/.warc.gz archives.")
QuietOpt = typer.Option(False, "--quiet", "-q", help="No progress bars or summaries.")
JobsOpt = typer.Option(None, "--jobs", "-j", min=1, help="Extraction processes (default: number of cores).")


class KgError(Exception):
    """Anything the user can fix: printed as one line, exit code 1."""


def _known_errors() -> tuple[type[BaseException], ...]:
    from kg.store import StoreError

    return (KgError, CorpusError, QueryError, ModelNotFound, StoreError, OSError)


@contextmanager
def _friendly_errors() -> Iterator[None]:
    try:
        yield
    except _known_errors() as exc:
        message = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        err.print(f"[bold red]kg: error:[/] {message}")
        raise typer.Exit(EXIT_ERROR) from None
    except KeyboardInterrupt:
        err.print("kg: interrupted")
        raise typer.Exit(130) from None


def _progress_factory(quiet: bool, what: str) -> Callable[[int], Callable[[int], None]] | None:
    if quiet or not err.is_terminal:
        return None
    progress = Progress(TextColumn(f"[bold]{what}"), BarColumn(), MofNCompleteColumn(),
                        TextColumn("{task.fields[rate]}"), TimeElapsedColumn(), console=err, transient=True)

    def factory(total: int) -> Callable[[int], None]:
        progress.start()
        task = progress.add_task(what, total=total, rate="")
        started = time.perf_counter()

        def advance(n: int) -> None:
            progress.advance(task, n)
            done = progress.tasks[0].completed
            progress.update(task, rate=f"{done / max(time.perf_counter() - started, 1e-6):.1f} articles/s")
            if done >= total:
                progress.stop()
        return advance
    return factory


Command = Callable[..., None]


def record_fields(command: Command) -> Command:
    """Give ``command`` the ``--text-field``, ``--id-field`` … options of record files; it receives them as one
    ``fields: RecordFields`` argument."""
    names = list(RecordFields.model_fields)
    extra = [inspect.Parameter(
        f"{name}_field", inspect.Parameter.KEYWORD_ONLY, annotation=str,
        default=typer.Option(RecordFields.model_fields[name].default, f"--{name}-field",
                             help=f"Field (or CSV column) of records holding the {name}" +
                                  (" (required)." if name == "text" else "."), rich_help_panel="Record files"))
        for name in names]
    signature = inspect.signature(command)
    own = [p for p in signature.parameters.values() if p.name != "fields"]

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> None:
        fields = RecordFields(**{name: kwargs.pop(f"{name}_field") for name in names})
        command(*args, fields=fields, **kwargs)

    wrapper.__signature__ = signature.replace(parameters=own + extra)  # type: ignore[attr-defined]
    wrapper.__annotations__ = {k: v for k, v in command.__annotations__.items() if k != "fields"} | {
        p.name: str for p in extra}
    return wrapper


def _extract(paths: list[Path], settings: Settings, jobs: int | None, quiet: bool, fields: RecordFields,
             keep_documents: bool = True) -> ExtractionResult:
    documents, skipped = _stream(paths, fields)
    return extract_corpus(documents, skipped, settings, jobs or default_jobs(), _progress_factory(quiet, "extracting"),
                          keep_documents=keep_documents)


def _summary(label_counts: dict[str, int], type_counts: dict[str, int], title: str) -> None:
    table = Table(title=title, show_edge=False)
    table.add_column("nodes", style="bold")
    table.add_column("count", justify="right")
    table.add_column("relationships", style="bold")
    table.add_column("count", justify="right")
    labels, types = list(label_counts.items()), list(type_counts.items())
    for i in range(max(len(labels), len(types))):
        left = labels[i] if i < len(labels) else ("", "")
        right = types[i] if i < len(types) else ("", "")
        table.add_row(left[0], str(left[1]), right[0], str(right[1]))
    out.print(table)


def _cell(value: Any, width: int | None) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        text = "; ".join(_cell(v, None) for v in value)
    elif isinstance(value, float):
        text = f"{value:.2f}"
    else:
        text = str(value)
    if width and len(text) > width:
        text = text[: width - 1] + "…"
    return text


def _print_rows(query: SavedQuery, rows: list[dict[str, Any]], width: int | None = 90,
                limit: int | None = None, more: bool = False) -> None:
    """One saved query's answer as a table; with ``limit``, only its first rows and a line saying where the rest
    is (a run over thousands of articles answers with thousands of rows)."""
    if not rows:
        out.print(f"[bold]{query.name}[/] — {query.description}\n  (no rows)\n")
        return
    shown = rows if limit is None else rows[:limit]
    table = Table(title=f"{query.name} — {query.description}", title_justify="left", show_lines=False,
                  expand=False)
    columns = list(rows[0])
    for column in columns:
        table.add_column(column, overflow="fold")
    for row in shown:
        table.add_row(*(_cell(row[c], width) for c in columns))
    out.print(table)
    if more:
        out.print(f"… more than {len(rows):,} rows: [bold]kg query {query.name}[/] prints them all")
    elif len(shown) < len(rows):
        out.print(f"… {len(rows) - len(shown)} more rows: [bold]kg query {query.name}[/] prints them all "
                  f"(report.html lists them too)")
    out.print()


def _parse_params(params: list[str]) -> dict[str, str]:
    parsed: dict[str, str] = {}
    for item in params:
        if "=" not in item:
            raise KgError(f"--param {item!r}: expected key=value")
        key, value = item.split("=", 1)
        parsed[key.strip()] = value
    return parsed


def _write_exports(store: Any, settings: Settings, out_dir: Path) -> list[Path]:
    """graph.ttl and graph.json, streamed from the database."""
    from kg.export.stream import write_apoc_json_from, write_turtle_from

    out_dir.mkdir(parents=True, exist_ok=True)
    return [write_turtle_from(store, out_dir / "graph.ttl", settings.base_iri),
            write_apoc_json_from(store, out_dir / "graph.json")]


def _write_view(store: Any, path: Path, title: str, rows: list[dict[str, Any]] | None = None,
                limit: int | None = None) -> Any:
    """The HTML view: the whole graph, or the part ``kg.subgraph`` chooses of a large one (and says so)."""
    from kg.subgraph import VIEW_LIMIT, view_graph
    from kg.view import render_view

    part = view_graph(store, rows, limit or VIEW_LIMIT)
    return render_view(part.graph, path, title, rows, note=part.note, totals=part.totals)


def _finish_report(store: Any, report: Any, answers: list[tuple[SavedQuery, list[dict[str, Any]]]],
                   more: set[str] | None = None) -> Path:
    from kg.report import store_timeline
    from kg.store.pages import label_counts, type_counts

    labels = label_counts(store)
    return report.write(labels.get("Article", 0), labels, type_counts(store), store_timeline(store), answers,
                        more=more)


def _answers(store: Any, queries: Iterable[SavedQuery]) -> tuple[list[tuple[SavedQuery, list[dict[str, Any]]]],
                                                                 set[str]]:
    """Every saved query's first ``ANSWER_ROWS`` rows (what a run prints and its report lists, cut in the
    database), and the names of those that have more: a run's memory stays bounded however many rows a large
    graph answers with."""
    from kg.report import ANSWER_ROWS

    answers: list[tuple[SavedQuery, list[dict[str, Any]]]] = []
    more: set[str] = set()
    for query in queries:
        rows = run_query(store, query, limit=ANSWER_ROWS + 1)
        if len(rows) > ANSWER_ROWS:
            more.add(query.name)
        answers.append((query, rows[:ANSWER_ROWS]))
    return answers, more


def _stream(paths: list[Path], fields: RecordFields) -> tuple[Iterator[Document], list[Skipped]]:
    """The articles of ``paths``, read lazily (a large export or archive streams), and the list of inputs skipped,
    which grows as they are met (each is printed then).  Reads up to the first article before returning: no
    readable article at all is an error before anything starts."""
    skipped: list[Skipped] = []

    def documents() -> Iterator[Document]:
        for item in iter_corpus(paths, fields):
            if isinstance(item, Skipped):
                err.print(f"kg: skipped {item}", markup=False)
                skipped.append(item)
            else:
                yield item

    stream = documents()
    first = next(stream, None)
    if first is None:
        raise KgError("no readable articles in " + ", ".join(str(p) for p in paths))
    return _chain(first, stream), skipped


def _chain(first: Document, rest: Iterator[Document]) -> Iterator[Document]:
    yield first
    yield from rest


def _load_incremental(store: Any, documents: Iterable[Document], settings: Settings, jobs: int | None, full: bool,
                      quiet: bool, on_chunk: Any = None) -> IncrementalLoad:
    outcome = load_incremental(store, documents, settings, jobs or default_jobs(), full,
                               _progress_factory(quiet, "extracting"), _progress_factory(quiet, "loading"),
                               keep=False, on_chunk=on_chunk)
    if not quiet:
        err.print(f"articles: {len(outcome.new)} new, {len(outcome.changed)} changed, "
                  f"{len(outcome.unchanged)} unchanged (skipped)")
    return outcome


FullOpt = typer.Option(False, "--full", help="Re-extract and reload every article, changed or not.")


@app.command()
@record_fields
def run(paths: list[Path] = PathsArg,
        out_dir: Optional[Path] = typer.Option(None, "--out", "-o", help="Folder for graph.ttl and graph.json."),
        jobs: Optional[int] = JobsOpt, full: bool = FullOpt, quiet: bool = QuietOpt,
        fields: RecordFields = RecordFields()) -> None:
    """Extract, load into the database, answer every saved query, write Turtle and APOC JSON."""
    from kg.report import StreamedReport
    from kg.store import open_store
    from kg.store.pages import label_counts, type_counts

    settings = Settings()
    with _friendly_errors():
        started = time.perf_counter()
        documents, skipped = _stream(paths, fields)  # streamed: the report renders each chunk's articles
        queries = load_queries()
        target = out_dir or settings.out_dir
        report = StreamedReport(target / "report.html")
        with open_store(settings) as store:
            _load_incremental(store, documents, settings, jobs, full, quiet, on_chunk=report.add)
            answers, more = _answers(store, queries.values())
            labels, types = label_counts(store), type_counts(store)  # the whole database: earlier runs' too
            if not quiet:
                _summary(labels, types, f"graph: {labels.get('Article', 0)} articles in the database")
            for query, rows in answers:
                _print_rows(query, rows, limit=RUN_ROWS_SHOWN, more=query.name in more)
            written = _write_exports(store, settings, target)
            written.append(_write_view(store, target / "graph.html", "kg: the whole graph").path)
            written.append(_finish_report(store, report, answers, more))
        if not quiet:
            err.print(f"wrote {', '.join(str(p) for p in written)} in {time.perf_counter() - started:.1f} s")
    if skipped:
        raise typer.Exit(EXIT_SKIPPED)


@app.command()
@record_fields
def extract(paths: list[Path] = PathsArg,
            fmt: str = typer.Option("json", "--format", "-f", help="json (APOC lines), turtle, jsonld, ntriples."),
            output: Optional[Path] = typer.Option(None, "--output", "-o", help="File to write (default: stdout)."),
            jobs: Optional[int] = JobsOpt, quiet: bool = QuietOpt, fields: RecordFields = RecordFields()) -> None:
    """Extract the graph from articles and write it, without any database."""
    settings = Settings()
    with _friendly_errors():
        result = _extract(paths, settings, jobs, quiet, fields, keep_documents=False)
        _write_graph(result.graph, settings, fmt, output)
    if result.skipped:
        raise typer.Exit(EXIT_SKIPPED)


def _write_graph(graph: Graph, settings: Settings, fmt: str, output: Path | None) -> None:
    from kg.export.apoc_json import graph_to_apoc_lines
    from kg.export.rdf import serialize

    if fmt == "json":
        text = "\n".join(graph_to_apoc_lines(graph)) + "\n"
    elif fmt in ("turtle", "ttl", "jsonld", "json-ld", "ntriples", "nt", "xml"):
        canonical = {"ttl": "turtle", "json-ld": "jsonld", "nt": "ntriples"}.get(fmt, fmt)
        text = serialize(graph, settings.base_iri, canonical)
    else:
        raise KgError(f"unknown format {fmt!r} (json, turtle, jsonld, ntriples, xml)")
    if output is None:
        sys.stdout.write(text)
    else:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(text, encoding="utf-8")


@app.command()
@record_fields
def load(paths: list[Path] = PathsArg, jobs: Optional[int] = JobsOpt, full: bool = FullOpt,
         quiet: bool = QuietOpt, fields: RecordFields = RecordFields()) -> None:
    """Load articles into the database: only new or changed ones (idempotent: loading twice changes nothing)."""
    from kg.store import open_store

    settings = Settings()
    with _friendly_errors():
        documents, skipped = _stream(paths, fields)  # streamed: a large export never sits in memory
        with open_store(settings) as store:
            _load_incremental(store, documents, settings, jobs, full, quiet)
            if not quiet:
                from kg.store.pages import label_counts, type_counts

                labels = label_counts(store)
                _summary(labels, type_counts(store), f"graph: {labels.get('Article', 0)} articles in the database")
    if skipped:
        raise typer.Exit(EXIT_SKIPPED)


@app.command("spark")
@record_fields
def spark_cmd(paths: list[str] = typer.Argument(..., help="Article files or folders: local paths or any Hadoop "
                                                          "URI (hdfs://…, s3a://… where the cluster has it)."),
              master: Optional[str] = typer.Option(None, "--master", help="Spark master URL (default: what "
                                                   "spark-submit gives, else local[*])."),
              partitions: Optional[int] = typer.Option(None, "--partitions", min=1,
                                                       help="Extraction partitions (default: Spark's parallelism)."),
              full: bool = FullOpt, quiet: bool = QuietOpt, fields: RecordFields = RecordFields()) -> None:
    """Extract, resolve and load with Spark (PySpark): the graph `kg load` gives, computed on a cluster."""
    from kg.spark.job import SparkUnavailable, open_target, run_job, spark_session
    from kg.store.pages import label_counts, type_counts

    settings = Settings()
    with _friendly_errors():
        started = time.perf_counter()
        try:
            session = spark_session(master)
        except SparkUnavailable as exc:
            raise KgError(str(exc)) from None
        try:
            with open_target(settings) as (store, address):
                outcome = run_job(session, paths, settings, store, address, full, partitions,
                                  log=None if quiet else err.print, fields=fields)
                labels = label_counts(store) if not quiet else {}
                types = type_counts(store) if not quiet else {}
        finally:
            session.stop()
        for item in outcome.skipped:
            err.print(f"kg: skipped {item}", markup=False)
        if not outcome.new and not outcome.changed and not outcome.unchanged:
            raise KgError("no readable articles in " + ", ".join(paths))
        if not quiet:
            _summary(labels, types, f"graph: {labels.get('Article', 0)} articles in the database")
            err.print(f"spark ({master or 'local[*]'}): "
                      f"{len(outcome.new) + len(outcome.changed)} articles in "
                      f"{time.perf_counter() - started:.1f} s")
    if outcome.skipped:
        raise typer.Exit(EXIT_SKIPPED)


@app.command()
def prune(article_ids: list[str] = typer.Argument(..., help="Article ids (file name stems, or the ids derived from "
                                                               "URLs, e.g. news.example.am/en/talks) to remove."),
          quiet: bool = QuietOpt) -> None:
    """Remove articles' contribution: facts and nodes only they support go, shared ones lose them as a source."""
    from kg.store import open_store
    from kg.store.incremental import prune_article, stored_articles

    settings = Settings()
    with _friendly_errors():
        with open_store(settings) as store:
            known = stored_articles(store)
            unknown = [a for a in article_ids if a not in known]
            if unknown:
                raise KgError(f"no article {', '.join(repr(a) for a in unknown)} in the database")
            for article_id in article_ids:
                report = prune_article(store, article_id)
                if not quiet:
                    out.print(f"{article_id}: " + ", ".join(f"{n} {what}" for what, n in report.items()))


@app.command()
def query(name: str = typer.Argument(..., help="Saved query name (see `kg queries`)."),
          param: list[str] = typer.Option([], "--param", "-p", help="key=value, repeatable."),
          as_json: bool = typer.Option(False, "--json", help="Rows as JSON lines (machine output).")) -> None:
    """Run one saved query against the database."""
    from kg.store import open_store

    settings = Settings()
    with _friendly_errors():
        queries = load_queries()
        if name not in queries:
            raise KgError(f"no saved query {name!r} (have: {', '.join(sorted(queries))})")
        saved = queries[name]
        given = _parse_params(param)
        saved.bind(given)  # validate before starting anything
        with open_store(settings) as store:
            rows = run_query(store, saved, given)
        if as_json:
            for row in rows:
                sys.stdout.write(json.dumps(row, ensure_ascii=False, sort_keys=True) + "\n")
        else:
            _print_rows(saved, rows, width=None)


@app.command("queries")
def list_queries() -> None:
    """List the saved queries and their parameters."""
    with _friendly_errors():
        table = Table(show_edge=False)
        table.add_column("name", style="bold")
        table.add_column("parameters")
        table.add_column("what it answers")
        for saved in load_queries().values():
            params = ", ".join(f"{k}={v!r}" for k, v in saved.params.items())
            table.add_row(saved.name, params, saved.description)
        out.print(table)


@app.command()
@record_fields
def export(paths: list[Path] = typer.Argument(None, help="Articles to extract (omit to read the database)."),
           fmt: str = typer.Option("turtle", "--format", "-f", help="turtle, json, jsonld, ntriples, xml."),
           output: Optional[Path] = typer.Option(None, "--output", "-o", help="File (default: stdout)."),
           from_db: bool = typer.Option(False, "--from-db", help="Read the graph back from the database."),
           jobs: Optional[int] = JobsOpt, quiet: bool = QuietOpt, fields: RecordFields = RecordFields()) -> None:
    """Write the graph as Turtle/JSON-LD/N-Triples or APOC JSON, from articles or from the database."""
    settings = Settings()
    with _friendly_errors():
        if paths and not from_db:
            _write_graph(_extract(paths, settings, jobs, quiet, fields, keep_documents=False).graph, settings, fmt,
                         output)
            return
        from kg.export.stream import STREAMED_FORMATS, write_from_store
        from kg.store import open_store
        from kg.store.readback import read_graph

        canonical = {"ttl": "turtle", "json-ld": "jsonld", "nt": "ntriples"}.get(fmt, fmt)
        with open_store(settings) as store:
            if canonical not in STREAMED_FORMATS:  # JSON-LD and RDF/XML: rdflib writes a graph in memory
                _write_graph(read_graph(store), settings, fmt, output)
            elif output is not None:
                write_from_store(store, canonical, output, settings.base_iri)
            else:
                with tempfile.TemporaryDirectory(prefix="kg-export-") as tmp:
                    written = write_from_store(store, canonical, Path(tmp) / "graph", settings.base_iri)
                    with written.open(encoding="utf-8") as handle:
                        shutil.copyfileobj(handle, sys.stdout)


@app.command("eval")
@record_fields
def evaluate_cmd(gold_dir: Path = typer.Argument(..., help="Folder of gold annotations (tests/gold)."),
                 paths: list[Path] = PathsArg,
                 as_json: bool = typer.Option(False, "--json", help="Scores as JSON (machine output)."),
                 errors: int = typer.Option(0, "--errors", help="Also list this many errors per class."),
                 jobs: Optional[int] = JobsOpt, quiet: bool = QuietOpt, fields: RecordFields = RecordFields()) -> None:
    """Score extraction against gold annotations: precision, recall and F1 per label and relationship type."""
    from kg.evaluate import evaluate, load_gold, render_json

    settings = Settings()
    with _friendly_errors():
        result = _extract(paths, settings, jobs, quiet, fields)
        gold = load_gold(gold_dir, [d.id for d in result.documents])
        if not gold:
            raise KgError(f"no gold annotations in {gold_dir} for these articles")
        report = evaluate(result.graph, gold)
        if as_json:
            sys.stdout.write(render_json(report) + "\n")
            return
        for which, title in (("entities", "named entities"), ("relations", "relationships")):
            table = Table(title=f"{title} — {len(gold)} articles", title_justify="left", show_edge=False)
            for column in ("", "tp", "fp", "fn", "precision", "recall", "F1"):
                table.add_column(column, justify="left" if not column else "right")
            scores = getattr(report, which)
            for name, score in sorted(scores.items()):
                table.add_row(name, str(score.tp), str(score.fp), str(score.fn), f"{score.precision:.3f}",
                              f"{score.recall:.3f}", f"{score.f1:.3f}")
            total = report.total(which)
            table.add_row("[bold]micro[/]", str(total.tp), str(total.fp), str(total.fn), f"{total.precision:.3f}",
                          f"{total.recall:.3f}", f"[bold]{total.f1:.3f}[/]")
            out.print(table)
        if errors:
            by_class: dict[str, list[str]] = {}
            for e in report.errors:
                by_class.setdefault(f"{e['kind']} {e['label']}", []).append(f"{e['article']}: {e['item']}")
            for name, items in sorted(by_class.items(), key=lambda kv: -len(kv[1])):
                out.print(f"[bold]{name}[/] ({len(items)})")
                for item in items[:errors]:
                    out.print(f"  {item}")


@app.command()
def view(query_name: Optional[str] = typer.Option(None, "--query", help="Draw only what this saved query returns."),
         param: list[str] = typer.Option([], "--param", "-p", help="key=value for the query, repeatable."),
         output: Path = typer.Option(Path("out/graph.html"), "--output", "-o", help="HTML file to write."),
         limit: Optional[int] = typer.Option(None, "--limit", min=1,
                                             help="Nodes drawn at most (default 300): the most connected.")) -> None:
    """Write the graph in the database (or one saved query's result) as a self-contained interactive HTML page;
    of a large graph, only its most connected nodes (the page says what it left out)."""
    from kg.store import open_store

    settings = Settings()
    with _friendly_errors():
        rows = None
        with open_store(settings) as store:
            if query_name is not None:
                queries = load_queries()
                if query_name not in queries:
                    raise KgError(f"no saved query {query_name!r} (have: {', '.join(sorted(queries))})")
                rows = run_query(store, queries[query_name], _parse_params(param))
            summary = _write_view(store, output, f"kg: {query_name or 'the whole graph'}", rows, limit)
        err.print(f"wrote {summary.path} ({summary.nodes} nodes, {summary.relationships} relationships)")


@app.command()
@record_fields
def report(paths: list[Path] = typer.Argument(None, help="Articles to show with highlighted entities."),
           output: Path = typer.Option(Path("out/report.html"), "--output", "-o", help="HTML file to write."),
           jobs: Optional[int] = JobsOpt, quiet: bool = QuietOpt, fields: RecordFields = RecordFields()) -> None:
    """Write the evidence report: counts, every saved query's answer, and per article its highlighted entities."""
    from kg.report import StreamedReport
    from kg.store import open_store

    settings = Settings()
    with _friendly_errors():
        report = StreamedReport(output)
        if paths:
            result = _extract(paths, settings, jobs, quiet, fields)
            report.add(result.graph, result.documents, result.extractions)
        with open_store(settings) as store:
            answers, more = _answers(store, load_queries().values())
            err.print(f"wrote {_finish_report(store, report, answers, more)}")


@db_app.command("start")
def db_start() -> None:
    """Start the embedded server in the background; later kg commands share it until `kg db stop`."""
    from kg.store.embedded import EmbeddedServer, server_status

    settings = Settings()
    with _friendly_errors():
        running = server_status(settings.data_dir)
        if running is not None:
            out.print(f"embedded database already running: pid {running.pid}, 127.0.0.1:{running.port}")
            return
        server = EmbeddedServer(settings.data_dir, detach=True).start()
        out.print(f"embedded database started: pid {server.pid}, 127.0.0.1:{server.port}, data in "
                  f"{settings.data_dir}")


@db_app.command("stop")
def db_stop() -> None:
    """Stop the embedded server (saving its data)."""
    from kg.store.embedded import stop_server

    settings = Settings()
    with _friendly_errors():
        stopped = stop_server(settings.data_dir)
        out.print("embedded database stopped" if stopped else "embedded database was not running")


@db_app.command("status")
def db_status() -> None:
    """Say whether the embedded server runs, where, and for which data directory."""
    from kg.store.embedded import server_status

    settings = Settings()
    running = server_status(settings.data_dir)
    if running is None:
        out.print(f"embedded database not running (data in {settings.data_dir})")
        raise typer.Exit(1)
    kind = "shared (kg db start)" if running.detached else "owned by a running kg command"
    out.print(f"embedded database running: pid {running.pid}, 127.0.0.1:{running.port}, {kind}, "
              f"data in {settings.data_dir}")


def _neo4j_home(settings: Settings) -> Path:
    return settings.data_dir / "neo4j"


@neo4j_app.command("start")
def neo4j_start() -> None:
    """Start (or find running) the local Neo4j; print `export NEO4J_URI=…` and `export NEO4J_PASSWORD=…` lines
    for `eval` and the Neo4j Browser's address (a comment line)."""
    import shlex

    from kg.store.neo4j_server import USER, Neo4jServer

    settings = Settings()
    with _friendly_errors():
        server = Neo4jServer(_neo4j_home(settings), import_dir=settings.out_dir, detach=True).start()
        assert server.info is not None
        sys.stdout.write(f"export NEO4J_URI={server.info.uri}\n"
                         f"export NEO4J_PASSWORD={shlex.quote(server.password)}\n"
                         f"# Neo4j Browser: {server.info.browser_url} (user {USER}; pid {server.info.pid}, "
                         f"data in {server.home})\n")


@neo4j_app.command("stop")
def neo4j_stop() -> None:
    """Stop the local Neo4j (its data stays for the next start)."""
    from kg.store.neo4j_server import stop_neo4j

    settings = Settings()
    with _friendly_errors():
        stopped = stop_neo4j(_neo4j_home(settings))
        err.print("Neo4j stopped" if stopped else "Neo4j was not running")


@neo4j_app.command("status")
def neo4j_status_cmd() -> None:
    """Say whether the local Neo4j runs and where (exit code 1 when it does not)."""
    from kg.store.neo4j_server import neo4j_status

    settings = Settings()
    running = neo4j_status(_neo4j_home(settings))
    if running is None:
        out.print(f"Neo4j not running (data in {_neo4j_home(settings)})")
        raise typer.Exit(1)
    out.print(f"Neo4j running: pid {running.pid}, {running.uri}, Browser {running.browser_url}, "
              f"data in {_neo4j_home(settings)}")


def main() -> None:  # pragma: no cover - console entry
    app()


if __name__ == "__main__":  # pragma: no cover
    main()
