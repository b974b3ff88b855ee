"""Throughput benchmark of kg at hundreds and thousands of articles (not part of the test suite).

For each corpus size N (synthetic articles from ``benchmarks/corpus.py``), in one run:

1. **extraction**: words/s of ``Extractor.extract_many`` vs a bare ``nlp.pipe`` of the same spaCy model
   (``spacy.load(Settings().spacy_model)``, no ruler, no rules) over the same cleaned texts, same number of
   processes and batch size → ratio (target ≥ 0.7);
2. **load**: rows/s of ``kg.store.loader.load_graph`` (schema + batched ``UNWIND … MERGE``) into a fresh graph of
   an embedded FalkorDB vs a bare ``UNWIND $rows AS row CREATE (n:Bench) SET n = row`` of as many flat rows
   (every node and relationship as a property map), same server, same batch size → ratio (target ≥ 0.5);
3. **end to end**: wall time and peak RSS of ``python -m kg.cli run DIR --quiet --out TMP`` (fresh
   ``KG_DATA_DIR``), and the growth exponent log(t2/t1) / log(N2/N1) between the two largest N (target ≤ 1.1);
4. **batch size**: loader rows/s at 100 / 1,000 / 5,000 / 20,000 rows per batch on the largest graph.

Each load figure is the median of ``--repeats`` (default 3) kg loads and as many bare CREATEs, run alternately, so
a burst of other work on the machine does not decide a ratio.

``--engine neo4j`` measures the same on Neo4j 5: the server ``NEO4J_URI`` names, else a local Neo4j started for
the run (``kg.store.neo4j_server``, as ``make neo4j``).  Each measurement starts from an empty database whose kg
schema (constraints and indexes) is already in place: creating it on a fresh Neo4j is a one-off cost (timed once
and reported apart), not load throughput.  The bare CREATE runs through the driver's own managed transactions.

Run from the repository root::

    python benchmarks/bench.py                                  # N = 100 and 1000, about 8 min on 2 cores
    python benchmarks/bench.py --sizes 100 1000 --json out/bench.json
    python benchmarks/bench.py --sizes 1000 5000                # bigger: about 40 min on 2 cores
    python benchmarks/bench.py --sizes 100 1000 --jobs 1        # one process: per-core extraction overhead
    python benchmarks/bench.py --engine neo4j                   # the same on Neo4j (make bench ENGINE=neo4j)
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Sequence

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

from corpus import write_corpus  # noqa: E402

from kg.corpus import Document, read_corpus  # noqa: E402
from kg.model import Graph  # noqa: E402
from kg.settings import Settings  # noqa: E402

TARGET_EXTRACTION = 0.7
TARGET_LOAD = 0.5
TARGET_EXPONENT = 1.1
BATCH_SIZES = (100, 1000, 5000, 20000)
BARE_CREATE = "UNWIND $rows AS row CREATE (n:Bench) SET n = row"


@dataclass
class SizeResult:
    n: int
    words: int = 0
    people_truth: int = 0
    bare_pipe_s: float = 0.0
    kg_extract_s: float = 0.0
    resolve_s: float = 0.0
    nodes: int = 0
    relationships: int = 0
    person_nodes: int = 0
    kg_load_s: float = 0.0
    bare_create_s: float = 0.0
    run_wall_s: float = 0.0
    run_peak_rss_mib: float = 0.0
    run_peak_tree_rss_mib: float | None = None
    run_exit_code: int = 0

    @property
    def rows(self) -> int:
        return self.nodes + self.relationships

    def derived(self) -> dict[str, float]:
        bare_wps, kg_wps = self.words / self.bare_pipe_s, self.words / self.kg_extract_s
        kg_rps, bare_rps = self.rows / self.kg_load_s, self.rows / self.bare_create_s
        return {"bare_pipe_words_per_s": bare_wps, "kg_extract_words_per_s": kg_wps,
                "extraction_ratio": kg_wps / bare_wps, "kg_load_rows_per_s": kg_rps,
                "bare_create_rows_per_s": bare_rps, "load_ratio": kg_rps / bare_rps,
                "run_articles_per_s": self.n / self.run_wall_s if self.run_wall_s else 0.0}


@dataclass
class BatchPoint:
    batch_size: int
    rows: int
    kg_load_s: float
    bare_create_s: float

    def derived(self) -> dict[str, float]:
        return {"kg_rows_per_s": self.rows / self.kg_load_s, "bare_rows_per_s": self.rows / self.bare_create_s}


@dataclass
class Report:
    sizes: list[SizeResult] = field(default_factory=list)
    batch_curve: list[BatchPoint] = field(default_factory=list)
    baseline_rows_per_s: float = 0.0  # bare CREATE at the default batch size on the largest graph
    schema_s: float | None = None  # Neo4j: creating kg's schema on the fresh database
    exponent: float | None = None
    settings: dict[str, Any] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        return {
            "settings": self.settings,
            "sizes": [{**asdict(s), "rows": s.rows, **s.derived()} for s in self.sizes],
            "growth_exponent": self.exponent,
            "schema_s": self.schema_s,
            "batch_curve": [{**asdict(b), **b.derived(),
                             "ratio_to_baseline": b.derived()["kg_rows_per_s"] / self.baseline_rows_per_s}
                            for b in self.batch_curve],
            "targets": {"extraction_ratio": TARGET_EXTRACTION, "load_ratio": TARGET_LOAD,
                        "growth_exponent": TARGET_EXPONENT},
        }


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# -- extraction ----------------------------------------------------------------------------------------------------
def time_bare_pipe(nlp: Any, texts: list[str], n_process: int, batch_size: int) -> float:
    started = time.perf_counter()
    for _ in nlp.pipe(texts, n_process=n_process, batch_size=batch_size):
        pass
    return time.perf_counter() - started


def time_kg_extract(extractor: Any, documents: list[Document], n_process: int, batch_size: int) -> tuple[float, list]:
    started = time.perf_counter()
    extractions = list(extractor.extract_many(documents, n_process=n_process, batch_size=batch_size))
    return time.perf_counter() - started, extractions


# -- loading -------------------------------------------------------------------------------------------------------
def flat_rows(graph: Graph) -> list[dict[str, Any]]:
    """Every node and relationship of ``graph`` as one flat property map (what the bare CREATE writes)."""
    from kg.store.statements import (
        node_columns,
        node_row,
        relationship_columns,
        relationship_row,
        row_properties,
    )

    rows = [row_properties(node_row(node), node_columns(node.label)) for node in graph.sorted_nodes()]
    rows += [{"start": rel.start, **row_properties(relationship_row(rel), relationship_columns(rel.type))}
             for rel in graph.relationships.values()]
    return rows


def timed_load(store: Any, graph: Graph, batch_size: int) -> float:
    """Seconds ``kg.store.loader.load_graph`` takes to write ``graph`` into ``store`` (checked complete)."""
    from kg.store.loader import load_graph

    started = time.perf_counter()
    report = load_graph(store, graph, batch_size)
    elapsed = time.perf_counter() - started
    if report.nodes != len(graph.nodes) or report.missing_endpoints:
        raise RuntimeError(f"load wrote {report.nodes}/{len(graph.nodes)} nodes, "
                           f"{report.missing_endpoints} relationships lost endpoints")
    return elapsed


class Server:
    """One embedded FalkorDB server for the load benchmarks; a fresh graph per measurement."""

    def __init__(self, data_dir: Path) -> None:
        from kg.store.embedded import EmbeddedServer

        self.server = EmbeddedServer(data_dir, startup_timeout=30.0).start()

    def stop(self) -> None:
        self.server.stop()

    def store(self) -> Any:
        from kg.store.falkor import FalkorDBStore

        assert self.server.port is not None
        return FalkorDBStore(self.server.host, self.server.port, self.server.password, f"bench_{uuid.uuid4().hex[:10]}")

    def time_kg_load(self, graph: Graph, batch_size: int) -> float:
        store = self.store()
        try:
            return timed_load(store, graph, batch_size)
        finally:
            store.delete_graph()
            store.close()

    def time_bare_create(self, rows: list[dict[str, Any]], batch_size: int) -> float:
        store = self.store()
        graph = store._graph  # the bare client graph: no Store wrapping, no result conversion
        try:
            started = time.perf_counter()
            for i in range(0, len(rows), batch_size):
                graph.query(BARE_CREATE, {"rows": rows[i:i + batch_size]})
            elapsed = time.perf_counter() - started
            created = graph.query("MATCH (n:Bench) RETURN count(n)").result_set[0][0]
            if created != len(rows):
                raise RuntimeError(f"bare CREATE made {created} of {len(rows)} nodes")
            return elapsed
        finally:
            store.delete_graph()
            store.close()


class Neo4jServerBench:
    """The load benchmarks on Neo4j: the server of ``NEO4J_URI``, else a local one started in the work folder.
    One database, emptied (data, constraints, indexes) before every measurement."""

    def __init__(self, data_dir: Path) -> None:
        from kg.store.neo4j_server import USER, Neo4jServer

        self.server: Any = None
        if os.environ.get("NEO4J_URI"):
            self.uri = os.environ["NEO4J_URI"]
            self.user = os.environ.get("NEO4J_USER", USER)
            self.password = os.environ.get("NEO4J_PASSWORD", "")
        else:
            log("starting a local Neo4j for the benchmark (kg.store.neo4j_server) …")
            self.server = Neo4jServer(data_dir, bolt_port=0, http_port=0).start()
            self.uri, self.user, self.password = self.server.uri, USER, self.server.password
        self.env = {"NEO4J_URI": self.uri, "NEO4J_USER": self.user, "NEO4J_PASSWORD": self.password}
        self.schema_s = self._fresh_schema()

    def _fresh_schema(self) -> float:
        """Drop every constraint and index, then time kg's schema being created (and coming online)."""
        from kg.model import LABELS

        with self.store() as store:
            for row in store.query("SHOW CONSTRAINTS YIELD name"):
                store.query(f"DROP CONSTRAINT `{row['name']}` IF EXISTS")
            for row in store.query("SHOW INDEXES YIELD name, type"):
                if row["type"] != "LOOKUP":  # the built-in token lookup indexes stay
                    store.query(f"DROP INDEX `{row['name']}` IF EXISTS")
            started = time.perf_counter()
            store.apply_schema(LABELS)
            return time.perf_counter() - started

    def stop(self) -> None:
        if self.server is not None:
            self.server.stop()

    def store(self) -> Any:
        from kg.store.neo4j_store import Neo4jStore

        store = Neo4jStore(self.uri, self.user, self.password)
        store.query("MATCH (n) DETACH DELETE n")
        return store

    def time_kg_load(self, graph: Graph, batch_size: int) -> float:
        with self.store() as store:
            return timed_load(store, graph, batch_size)

    def time_bare_create(self, rows: list[dict[str, Any]], batch_size: int) -> float:
        from neo4j import GraphDatabase

        self.store().close()
        with GraphDatabase.driver(self.uri, auth=(self.user, self.password)) as driver:
            with driver.session(database=os.environ.get("NEO4J_DATABASE", "neo4j")) as session:
                started = time.perf_counter()
                for i in range(0, len(rows), batch_size):
                    batch = rows[i:i + batch_size]
                    session.execute_write(lambda tx: tx.run(BARE_CREATE, rows=batch).consume())
                elapsed = time.perf_counter() - started
                created = session.run("MATCH (n:Bench) RETURN count(n) AS n").single()["n"]
        if created != len(rows):
            raise RuntimeError(f"bare CREATE made {created} of {len(rows)} nodes")
        return elapsed

    def reset(self) -> None:
        """Empty the database before an end-to-end ``kg run`` (it loads incrementally)."""
        self.store().close()


def time_loads(server: Any, graph: Graph, rows: list[dict[str, Any]], batch_size: int,
               repeats: int) -> tuple[float, float]:
    """Median seconds of ``repeats`` kg loads and ``repeats`` bare CREATEs, run alternately."""
    kg, bare = [], []
    for _ in range(max(1, repeats)):
        kg.append(server.time_kg_load(graph, batch_size))
        bare.append(server.time_bare_create(rows, batch_size))
    return statistics.median(kg), statistics.median(bare)


# -- end to end ----------------------------------------------------------------------------------------------------
def run_kg(corpus_dir: Path, work: Path, jobs: int | None,
           extra_env: dict[str, str] | None = None) -> tuple[float, float, float | None, int]:
    """``python -m kg.cli run`` on ``corpus_dir``: (wall s, peak RSS MiB of the largest process in its tree,
    peak summed RSS MiB of the tree when psutil is installed, exit code).  ``extra_env`` (NEO4J_*) picks Neo4j."""
    env = {**{k: v for k, v in os.environ.items() if not k.startswith("NEO4J_")}, "KG_DATA_DIR": str(work / "data"),
           "PYTHONPATH": str(ROOT), **(extra_env or {})}
    command = [sys.executable, "-m", "kg.cli", "run", str(corpus_dir), "--quiet", "--out", str(work / "out")]
    if jobs:
        command += ["--jobs", str(jobs)]
    stderr_path = work / "stderr.txt"
    with open(stderr_path, "wb") as stderr:
        started = time.perf_counter()
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=stderr)
        tree_peak = _sample_tree_rss(process)
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode not in (0, 3):
        raise RuntimeError(f"kg run exited {process.returncode}: {stderr_path.read_text()[-800:]}")
    # ru_maxrss of wait4: the child and every descendant it reaped (spaCy workers, the FalkorDB server), in KiB
    return wall, usage.ru_maxrss / 1024, tree_peak, process.returncode


def _sample_tree_rss(process: subprocess.Popen[bytes]) -> float | None:
    """Peak of the summed RSS of the process tree (every 0.1 s) when psutil is installed, else None."""
    try:
        import psutil
    except ImportError:
        while process.poll() is None and _alive(process.pid):
            time.sleep(0.1)
        return None
    peak = 0
    try:
        root = psutil.Process(process.pid)
        while root.status() != psutil.STATUS_ZOMBIE:
            total = 0
            for proc in [root, *root.children(recursive=True)]:
                try:
                    total += proc.memory_info().rss
                except psutil.Error:
                    pass
            peak = max(peak, total)
            time.sleep(0.1)
    except psutil.Error:
        pass
    return peak / 2**20


def _alive(pid: int) -> bool:
    """True while ``pid`` has not exited (a zombie counts as exited); does not reap it."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        return state not in ("Z", "X")
    except (OSError, IndexError):
        return False


# -- the run -------------------------------------------------------------------------------------------------------
def benchmark(sizes: Sequence[int], jobs: int, seed: int, keep: Path | None, skip_run: bool,
              batch_size: int, pipe_batch: int, engine: str = "falkordb", repeats: int = 3) -> Report:
    import spacy

    from kg.extract import Extractor
    from kg.process import tune_gc
    from kg.resolve import build_graph

    tune_gc()  # the kg command's process settings, so the in-process stages are measured as `kg run` runs them
    settings = Settings()
    report = Report(settings={
        "sizes": list(sizes), "jobs": jobs, "seed": seed, "spacy_model": settings.spacy_model,
        "loader_batch_size": batch_size, "pipe_batch_size": pipe_batch, "python": platform.python_version(),
        "spacy": spacy.__version__, "cpus": os.cpu_count(), "machine": platform.machine(), "engine": engine,
        "load_repeats": repeats,
        "started": time.strftime("%Y-%m-%d %H:%M:%S")})
    work = Path(keep) if keep else Path(tempfile.mkdtemp(prefix="kg-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    log(f"work folder {work}; loading {settings.spacy_model} twice (bare and kg)")
    nlp = spacy.load(settings.spacy_model)
    extractor = Extractor(settings.spacy_model)
    warm = ["Defense Minister Sergei Shoigu met his Armenian counterpart in Yerevan on Friday."] * 2
    list(nlp.pipe(warm))
    list(extractor.nlp.pipe(warm))
    server: Any = Neo4jServerBench(work / "bench-neo4j") if engine == "neo4j" else Server(work / "bench-db")
    report.schema_s = getattr(server, "schema_s", None)
    largest: Graph | None = None
    try:
        for n in sorted(sizes):
            result = SizeResult(n)
            corpus_dir = work / f"corpus-{n}"
            articles = write_corpus(n, corpus_dir, seed=seed)
            result.people_truth = len({p for a in articles for p in a.people})
            documents, skipped = read_corpus([corpus_dir])
            if skipped or len(documents) != n:
                raise RuntimeError(f"corpus of {n}: {len(documents)} documents read, skipped {skipped[:3]}")
            texts = [d.text for d in documents]
            result.words = sum(len(t.split()) for t in texts)
            n_process = jobs if jobs > 1 and n >= 4 * jobs else 1  # as kg.app.extract_documents decides
            log(f"N={n}: {result.words} words; bare nlp.pipe (n_process={n_process}) …")
            result.bare_pipe_s = time_bare_pipe(nlp, texts, n_process, pipe_batch)
            log(f"N={n}: kg extract_many …")
            result.kg_extract_s, extractions = time_kg_extract(extractor, documents, n_process, pipe_batch)
            started = time.perf_counter()
            graph = build_graph(extractions)
            result.resolve_s = time.perf_counter() - started
            result.nodes, result.relationships = len(graph.nodes), len(graph.relationships)
            result.person_nodes = len(graph.nodes_by_label("Person"))
            log(f"N={n}: load {result.rows} rows (kg loader, then bare CREATE) …")
            result.kg_load_s, result.bare_create_s = time_loads(server, graph, flat_rows(graph), batch_size,
                                                                repeats)
            if not skip_run:
                log(f"N={n}: kg run …")
                run_dir = work / f"run-{n}"
                run_dir.mkdir(exist_ok=True)
                if engine == "neo4j":
                    server.reset()
                (result.run_wall_s, result.run_peak_rss_mib, result.run_peak_tree_rss_mib,
                 result.run_exit_code) = run_kg(corpus_dir, run_dir, None, getattr(server, "env", None))
            report.sizes.append(result)
            print(size_line(result), flush=True)
            largest = graph
        assert largest is not None
        rows = flat_rows(largest)
        for size in BATCH_SIZES:
            log(f"batch curve: {size} rows per batch …")
            report.batch_curve.append(BatchPoint(size, len(rows), server.time_kg_load(largest, size),
                                                 server.time_bare_create(rows, size)))
        report.baseline_rows_per_s = len(rows) / statistics.median(
            server.time_bare_create(rows, batch_size) for _ in range(max(1, repeats)))
    finally:
        server.stop()
    ran = [s for s in report.sizes if s.run_wall_s > 0]
    if len(ran) >= 2:
        a, b = ran[-2], ran[-1]
        report.exponent = math.log(b.run_wall_s / a.run_wall_s) / math.log(b.n / a.n)
    return report


def size_line(s: SizeResult) -> str:
    d = s.derived()
    return (f"N={s.n}: extraction {d['kg_extract_words_per_s']:.0f} vs {d['bare_pipe_words_per_s']:.0f} words/s "
            f"(×{d['extraction_ratio']:.2f}), load {d['kg_load_rows_per_s']:.0f} vs {d['bare_create_rows_per_s']:.0f} "
            f"rows/s (×{d['load_ratio']:.2f}), kg run {s.run_wall_s:.1f} s")


def _verdict(value: float | None, target: float, higher_is_better: bool = True) -> str:
    if value is None:
        return "n/a"
    ok = value >= target if higher_is_better else value <= target
    return "ok" if ok else "MISS"


def format_report(report: Report) -> str:
    lines: list[str] = []
    s = report.settings
    lines.append(f"kg benchmark on {s.get('engine', 'falkordb')} — {s['started']}, {s['cpus']} CPUs, Python {s['python']}, spaCy {s['spacy']} "
                 f"({s['spacy_model']}), extraction processes {s['jobs']}, loader batch {s['loader_batch_size']}, "
                 f"load figures: median of {s.get('load_repeats', 1)}")
    if report.schema_s is not None:
        lines.append("")
        lines.append(f"creating kg's schema on the fresh Neo4j (constraints and indexes, online): "
                     f"{report.schema_s:.2f} s (once; not in the load figures)")
    lines.append("")
    header = ("| N | words | kg extract words/s | bare nlp.pipe words/s | ratio (≥ 0.7) | rows | kg load rows/s "
              "| bare CREATE rows/s | ratio (≥ 0.5) | kg run s | articles/s | peak RSS MiB |")
    lines += [header, "|" + "---|" * (header.count("|") - 1)]
    for r in report.sizes:
        d = r.derived()
        rss = f"{r.run_peak_rss_mib:.0f}"
        if r.run_peak_tree_rss_mib is not None:
            rss += f" (tree {r.run_peak_tree_rss_mib:.0f})"
        lines.append(f"| {r.n} | {r.words} | {d['kg_extract_words_per_s']:.0f} | {d['bare_pipe_words_per_s']:.0f} | "
                     f"**{d['extraction_ratio']:.2f}** {_verdict(d['extraction_ratio'], TARGET_EXTRACTION)} | "
                     f"{r.rows} | {d['kg_load_rows_per_s']:.0f} | {d['bare_create_rows_per_s']:.0f} | "
                     f"**{d['load_ratio']:.2f}** {_verdict(d['load_ratio'], TARGET_LOAD)} | "
                     f"{r.run_wall_s:.1f} | {d['run_articles_per_s']:.2f} | {rss} |")
    lines.append("")
    if report.exponent is not None:
        a, b = [r for r in report.sizes if r.run_wall_s > 0][-2:]
        lines.append(f"growth exponent of `kg run` wall time, N={a.n}→{b.n}: log({b.run_wall_s:.1f}/{a.run_wall_s:.1f}) / "
                     f"log({b.n}/{a.n}) = **{report.exponent:.2f}** (≤ {TARGET_EXPONENT}: "
                     f"{_verdict(report.exponent, TARGET_EXPONENT, higher_is_better=False)})")
        lines.append("")
    lines.append("| N | distinct people in corpus | Person nodes | nodes | relationships | resolve (build_graph) s |")
    lines.append("|---|---|---|---|---|---|")
    for r in report.sizes:
        lines.append(f"| {r.n} | {r.people_truth} | {r.person_nodes} | {r.nodes} | {r.relationships} | "
                     f"{r.resolve_s:.2f} |")
    lines.append("")
    if report.batch_curve:
        largest = report.sizes[-1]
        lines.append(f"loader batch size on the largest graph (N={largest.n}, {largest.rows} rows); baseline = bare "
                     f"CREATE at batch {s['loader_batch_size']}: {report.baseline_rows_per_s:.0f} rows/s")
        lines.append("")
        lines.append("| batch size | kg load rows/s | × baseline | bare CREATE rows/s at that batch |")
        lines.append("|---|---|---|---|")
        for b in report.batch_curve:
            d = b.derived()
            lines.append(f"| {b.batch_size} | {d['kg_rows_per_s']:.0f} | {d['kg_rows_per_s'] / report.baseline_rows_per_s:.2f} "
                         f"| {d['bare_rows_per_s']:.0f} |")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="kg throughput benchmark (see the module docstring).")
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000], help="corpus sizes (articles)")
    parser.add_argument("--json", type=Path, default=None, help="also write the results as JSON here")
    parser.add_argument("--jobs", type=int, default=min(os.cpu_count() or 1, 8),
                        help="spaCy processes for both extraction measurements (default: cores, as kg run)")
    parser.add_argument("--seed", type=int, default=0, help="synthetic corpus seed")
    parser.add_argument("--batch-size", type=int, default=Settings().batch_size, help="loader rows per batch")
    parser.add_argument("--pipe-batch", type=int, default=16,
                        help="nlp.pipe batch size for both (Extractor.extract_many's default)")
    parser.add_argument("--keep", type=Path, default=None, help="work folder to keep (corpora, databases, logs)")
    parser.add_argument("--no-run", action="store_true", help="skip the end-to-end `kg run` measurements")
    parser.add_argument("--repeats", type=int, default=3, help="load measurements per figure (median)")
    parser.add_argument("--engine", choices=("falkordb", "neo4j"), default="falkordb",
                        help="database to load into: the embedded FalkorDB, or Neo4j (NEO4J_URI, else a local one)")
    args = parser.parse_args(argv)
    if len(args.sizes) < 2 and not args.no_run:
        log("note: the growth exponent needs at least two sizes")
    started = time.perf_counter()
    report = benchmark(args.sizes, args.jobs, args.seed, args.keep, args.no_run, args.batch_size, args.pipe_batch,
                       args.engine, args.repeats)
    report.settings["total_s"] = round(time.perf_counter() - started, 1)
    print()
    print(format_report(report))
    print(f"\n(total {report.settings['total_s']:.0f} s)")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(report.as_json(), indent=2) + "\n", encoding="utf-8")
        log(f"wrote {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
