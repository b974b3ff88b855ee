"""Neo4j for real: parity with the embedded FalkorDB, the schema, APOC's JSON import, restarts and kills, two loads
at once, retried transient errors, and the one-line failures (the session's Neo4j from ``conftest.neo4j``)."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path
from typing import Any, Iterator

import pytest

from kg.corpus import read_corpus
from kg.export.apoc_json import graph_to_apoc_lines, write_apoc_json
from kg.export.rdf import serialize
from kg.extract import Extractor
from kg.model import LABELS, Graph
from kg.queries import load_queries, run_query
from kg.resolve import build_graph
from kg.store.base import Store, StoreError
from kg.store.dialect import SHOW_CONSTRAINTS, SHOW_INDEXES, neo4j_schema_missing
from kg.store.embedded import free_port
from kg.store.falkor import FalkorDBStore
from kg.store.loader import load_graph
from kg.store.neo4j_store import Neo4jStore
from kg.store.readback import read_graph

from conftest import Neo4jTarget

pytestmark = pytest.mark.neo4j

REPO = Path(__file__).resolve().parent.parent
ARTICLES = [REPO / "seeds", REPO / "tests" / "corpus"]
COUNTS = ("MATCH (n) RETURN labels(n)[0] AS what, count(n) AS n "
          "UNION ALL MATCH ()-[r]->() RETURN type(r) AS what, count(r) AS n")


@pytest.fixture(scope="session")
def corpus_graph(extractor: Extractor) -> Graph:
    """The seeds plus tests/corpus, extracted and resolved once."""
    documents, skipped = read_corpus(ARTICLES)
    assert not skipped and len(documents) > 20
    return build_graph([extractor.extract(d) for d in documents])


def counts(store: Store) -> Counter[str]:
    return Counter({row["what"]: row["n"] for row in store.query(COUNTS)})


def normalized(value: Any) -> Any:
    """Rows with every list sorted (collect() order is not defined by Cypher), as canonical JSON text."""
    if isinstance(value, dict):
        return {k: normalized(v) for k, v in value.items()}
    if isinstance(value, list):
        return sorted((normalized(v) for v in value), key=lambda v: json.dumps(v, sort_keys=True))
    return value


def _kg(*args: str, env: dict[str, str], timeout: float = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "kg.cli", *args], env=env, capture_output=True, text=True,
                          timeout=timeout, cwd=REPO)


def _env(data_dir: Path, neo4j: Neo4jTarget | None = None, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEO4J_")}
    env.update(KG_DATA_DIR=str(data_dir), KG_OUT_DIR=str(data_dir / "out"), **extra)
    if neo4j is not None:
        env.update(NEO4J_URI=neo4j.uri, NEO4J_USER=neo4j.user, NEO4J_PASSWORD=neo4j.password)
    return env


def _query_runs(graph: Graph) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every saved query with its defaults, and the name-taking ones for every node name of the graph."""
    queries = load_queries()
    for name, query in sorted(queries.items()):
        yield name, {}
        if "name" in query.params:
            wanted = [n for n in graph.nodes.values() if n.label == "Person"] if name == "person_profile" \
                else list(graph.nodes.values())
            for node in sorted(wanted, key=lambda n: n.id):
                yield name, {"name": node.name}
        if "minConfidence" in query.params:
            yield name, {"minConfidence": "0.8"}


# -- parity --------------------------------------------------------------------------------------------------------
def test_every_saved_query_gives_the_same_rows_on_both_engines(corpus_graph: Graph, falkor_store: FalkorDBStore,
                                                               neo4j_store: Store) -> None:
    load_graph(falkor_store, corpus_graph, batch_size=1000)
    load_graph(neo4j_store, corpus_graph, batch_size=1000)
    queries = load_queries()
    rows_per_query: Counter[str] = Counter()
    for name, params in _query_runs(corpus_graph):
        on_falkor = run_query(falkor_store, queries[name], params)
        on_neo4j = run_query(neo4j_store, queries[name], params)
        assert sorted(map(json.dumps, normalized(on_neo4j))) == sorted(map(json.dumps, normalized(on_falkor))), \
            (name, params)
        rows_per_query[name] += len(on_neo4j)
    assert all(rows_per_query[name] > 0 for name in queries), rows_per_query


def test_the_graph_read_back_is_identical_from_both_engines(corpus_graph: Graph, falkor_store: FalkorDBStore,
                                                            neo4j_store: Store) -> None:
    load_graph(falkor_store, corpus_graph, batch_size=500)
    load_graph(neo4j_store, corpus_graph, batch_size=500)
    from_falkor, from_neo4j = read_graph(falkor_store), read_graph(neo4j_store)
    assert from_neo4j == from_falkor == corpus_graph.normalized()
    assert graph_to_apoc_lines(from_neo4j) == graph_to_apoc_lines(from_falkor)
    base = "https://kg.example.org/"
    assert serialize(from_neo4j, base, "turtle") == serialize(from_falkor, base, "turtle")


def test_kg_run_on_neo4j_end_to_end_then_export_from_db_equals_the_embedded_one(neo4j: Neo4jTarget,
                                                                                neo4j_store: Store,
                                                                                tmp_path: Path) -> None:
    for statement in ("DROP CONSTRAINT person_id IF EXISTS", "DROP INDEX place_name IF EXISTS"):
        neo4j_store.query(statement)  # kg must put its schema back
    assert neo4j_schema_missing(neo4j_store.query(SHOW_CONSTRAINTS), neo4j_store.query(SHOW_INDEXES))
    on_neo4j, embedded = tmp_path / "neo4j", tmp_path / "embedded"
    run = _kg("run", str(REPO / "seeds"), "--quiet", env=_env(on_neo4j, neo4j))
    assert run.returncode == 0, run.stderr
    for name in ("graph.ttl", "graph.json", "graph.html", "report.html"):
        assert (on_neo4j / "out" / name).stat().st_size > 1000
    assert "officials_at_talks" in run.stdout and "Sergey Shoygu" in run.stdout
    constraints, indexes = neo4j_store.query(SHOW_CONSTRAINTS), neo4j_store.query(SHOW_INDEXES)
    assert neo4j_schema_missing(constraints, indexes) == []
    assert {(c["labelsOrTypes"][0], c["properties"][0]) for c in constraints if c["type"] == "UNIQUENESS"} >= \
        {(label, "id") for label in LABELS}
    assert counts(neo4j_store)["Article"] == 5

    load = _kg("load", str(REPO / "seeds"), "--quiet", env=_env(embedded))
    assert load.returncode == 0, load.stderr
    exports = {}
    for where, target in (("neo4j", neo4j), ("embedded", None)):
        out = tmp_path / f"{where}.ttl"
        done = _kg("export", "--from-db", "--format", "turtle", "--output", str(out),
                   env=_env(on_neo4j if target else embedded, target))
        assert done.returncode == 0, done.stderr
        exports[where] = out.read_bytes()
    assert exports["neo4j"] == exports["embedded"] and len(exports["neo4j"]) > 10_000


# -- APOC ----------------------------------------------------------------------------------------------------------
def test_apoc_import_json_of_the_export_gives_the_graph_kg_load_writes(neo4j: Neo4jTarget, neo4j_store: Store,
                                                                      corpus_graph: Graph) -> None:
    load_graph(neo4j_store, corpus_graph, batch_size=1000)
    loaded, by_kg = counts(neo4j_store), read_graph(neo4j_store)
    neo4j_store.query("MATCH (n) DETACH DELETE n")
    write_apoc_json(corpus_graph, neo4j.import_dir / "graph.json")
    with pytest.raises(StoreError, match="neo4jImportId"):  # APOC's default needs constraints of its own
        neo4j_store.query('CALL apoc.import.json("file:///graph.json")')
    [row] = neo4j_store.query('CALL apoc.import.json("file:///graph.json", {importIdName: "id"})')
    assert (row["nodes"], row["relationships"]) == (len(corpus_graph.nodes), len(corpus_graph.relationships))
    assert counts(neo4j_store) == loaded
    assert neo4j_store.query("MATCH (n) WHERE n.neo4jImportId IS NOT NULL RETURN count(n) AS n") == [{"n": 0}]
    assert read_graph(neo4j_store) == by_kg == corpus_graph.normalized()


# -- restarts, kills, two loads --------------------------------------------------------------------------------
def test_committed_data_survives_a_clean_restart_and_a_kill(neo4j: Neo4jTarget, neo4j_store: Store) -> None:
    server = neo4j.local_server()
    neo4j_store.query("CREATE (:Country {id: 'country:armenia', name: 'Armenia'})")
    server.stop()
    server.start()
    neo4j.kill()
    neo4j.restart()
    with neo4j.store() as again:
        assert again.query("MATCH (c:Country) RETURN c.id AS id") == [{"id": "country:armenia"}]


def test_neo4j_killed_mid_load_then_rerun_matches_a_clean_load(neo4j: Neo4jTarget, neo4j_store: Store,
                                                              corpus_graph: Graph, tmp_path: Path) -> None:
    load_graph(neo4j_store, corpus_graph, batch_size=1000)  # what `kg load` of ARTICLES writes
    expected = counts(neo4j_store)
    neo4j_store.query("MATCH (n) DETACH DELETE n")

    loader = subprocess.Popen([sys.executable, "-m", "kg.cli", "load", *map(str, ARTICLES), "--quiet"],
                              env=_env(tmp_path, neo4j, KG_BATCH_SIZE="1"), stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True, cwd=REPO)
    deadline = time.monotonic() + 180
    while neo4j_store.query("MATCH (n) RETURN count(n) AS n")[0]["n"] < 200 and loader.poll() is None \
            and time.monotonic() < deadline:
        time.sleep(0.05)
    assert loader.poll() is None, "the load finished before Neo4j could be killed"
    neo4j.kill()
    # the driver retries the lost transaction for 15 s (a restart that quick lets the load finish), then gives up
    _, stderr = loader.communicate(timeout=120)
    assert loader.returncode == 1 and len(stderr.strip().splitlines()) == 1, stderr
    assert "cannot reach Neo4j" in stderr and "Traceback" not in stderr
    neo4j.restart()
    with neo4j.store() as store:
        partial = counts(store)
        assert 0 < sum(partial.values()) < sum(expected.values())  # really killed part-way
        rerun = _kg("load", *map(str, ARTICLES), "--quiet", env=_env(tmp_path, neo4j))
        assert rerun.returncode == 0, rerun.stderr
        assert counts(store) == expected


def test_two_loads_at_once_make_no_duplicates(neo4j: Neo4jTarget, neo4j_store: Store, tmp_path: Path) -> None:
    # Both load the same articles at the same moment: every node and edge is MERGEd by two transactions racing
    # (each load resolves against what it finds stored, so different article sets would resolve differently).
    articles = [str(REPO / "seeds")]
    clean = _kg("load", *articles, "--quiet", env=_env(tmp_path / "clean", neo4j))
    assert clean.returncode == 0, clean.stderr
    expected = counts(neo4j_store)
    neo4j_store.query("MATCH (n) DETACH DELETE n")
    loads = [subprocess.Popen([sys.executable, "-m", "kg.cli", "load", *articles, "--quiet"],
                              env=_env(tmp_path / str(i), neo4j, KG_BATCH_SIZE="20"), stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True, cwd=REPO) for i in range(2)]
    for load in loads:
        _, stderr = load.communicate(timeout=300)
        assert load.returncode == 0, stderr
    duplicates = neo4j_store.query("MATCH (n) WITH labels(n) AS l, n.id AS id, count(*) AS c WHERE c > 1 "
                                   "RETURN count(id) AS n")
    # one edge per (start, type, end, identifying property): a person may hold two offices at one ministry
    twice = neo4j_store.query("MATCH (a)-[r]->(b) WITH a, type(r) AS t, b, r.title AS title, r.quantity AS q, "
                              "count(r) AS c, collect(properties(r)) AS p WHERE c > 1 "
                              "RETURN a.id AS a, t, b.id AS b, p")
    assert duplicates == [{"n": 0}] and twice == []
    assert counts(neo4j_store) == expected


def test_a_deadlock_is_retried_by_the_managed_transaction(neo4j: Neo4jTarget, neo4j_store: Store) -> None:
    # Two writes lock the same two nodes in opposite orders, sleeping in between: Neo4j aborts one with
    # DeadlockDetected (a transient error) and the driver's managed transaction runs it again.
    neo4j_store.query("UNWIND ['country:a', 'country:b'] AS id CREATE (:Country {id: id, name: id, hits: 0})")
    statement = ("UNWIND $rows AS id MATCH (c:Country {id: id}) SET c.hits = c.hits + 1 "
                 "WITH c CALL apoc.util.sleep(400) RETURN count(*) AS written")
    stores = [neo4j.store(), neo4j.store()]
    results: list[Any] = [None, None]

    def write(i: int, rows: list[str]) -> None:
        try:
            results[i] = stores[i].write(statement, rows)
        except StoreError as exc:  # pragma: no cover - reported by the assertion below
            results[i] = exc
    threads = [threading.Thread(target=write, args=(0, ["country:a", "country:b"])),
               threading.Thread(target=write, args=(1, ["country:b", "country:a"]))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert [r.rows if not isinstance(r, Exception) else r for r in results] == [2, 2]
    assert sum(s.attempts for s in stores) > 2  # one of them ran again
    assert neo4j_store.query("MATCH (c:Country) RETURN c.hits AS hits") == [{"hits": 2}, {"hits": 2}]
    for store in stores:
        store.close()


# -- one-line failures, nothing half-written ---------------------------------------------------------------------
@pytest.fixture
def silent_port() -> Iterator[int]:
    """A port that accepts connections and closes them without a word (a server not started yet)."""
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    listener.settimeout(0.2)
    stop = threading.Event()

    def serve() -> None:
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
                conn.close()
            except OSError:
                continue
    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield int(listener.getsockname()[1])
    stop.set()
    thread.join()
    listener.close()


def test_wrong_password_server_down_or_not_started_is_one_line_and_writes_nothing(
        neo4j: Neo4jTarget, neo4j_store: Store, tmp_path: Path, silent_port: int) -> None:
    neo4j_store.query("CREATE (:Country {id: 'country:armenia', name: 'Armenia'})")
    before = counts(neo4j_store)
    cases = {"wrong user or password": {"NEO4J_PASSWORD": "not-the-password"},
             "cannot reach Neo4j": {"NEO4J_URI": f"bolt://127.0.0.1:{free_port()}"},
             "Neo4j": {"NEO4J_URI": f"bolt://127.0.0.1:{silent_port}"}}
    for expected, change in cases.items():
        done = _kg("load", str(REPO / "seeds"), "--quiet", env={**_env(tmp_path, neo4j), **change}, timeout=120)
        assert done.returncode == 1, (change, done.stderr)
        assert len(done.stderr.strip().splitlines()) == 1 and expected in done.stderr, done.stderr
        assert "Traceback" not in done.stderr
    assert counts(neo4j_store) == before


def test_unreachable_store_error_names_the_server() -> None:
    with pytest.raises(StoreError, match="cannot reach Neo4j"):
        Neo4jStore(f"bolt://127.0.0.1:{free_port()}", "neo4j", "x")


# -- make neo4j's command ------------------------------------------------------------------------------------------
def test_kg_neo4j_start_prints_eval_lines_and_status_finds_the_server(neo4j: Neo4jTarget) -> None:
    if neo4j.data_dir is None:
        pytest.skip("the testcontainer is not started by `kg neo4j start`")
    env = _env(neo4j.data_dir)
    started = _kg("neo4j", "start", env=env)
    assert started.returncode == 0, started.stderr
    lines = started.stdout.splitlines()
    assert lines[0] == f"export NEO4J_URI={neo4j.uri}"
    assert lines[1] == f"export NEO4J_PASSWORD={neo4j.password}"
    assert lines[2].startswith("# Neo4j Browser: http://127.0.0.1:") and "/browser/" in lines[2]
    evaluated = subprocess.run(["bash", "-c", 'eval "$(cat)"; printf "%s %s" "$NEO4J_URI" "$NEO4J_PASSWORD"'],
                               input=started.stdout, capture_output=True, text=True, check=True)
    assert evaluated.stdout == f"{neo4j.uri} {neo4j.password}"
    status = _kg("neo4j", "status", env=env)
    assert status.returncode == 0 and neo4j.uri in status.stdout


def test_an_edge_without_its_identifying_property_is_created_once_by_two_transactions(neo4j: Neo4jTarget,
                                                                                    neo4j_store: Store) -> None:
    # SUPPLIED_TO without a quantity cannot be MERGEd (null): its statement looks for the edge, then creates it.
    # The second of two open transactions must wait for the first (the start node is locked), not create a twin.
    from neo4j import GraphDatabase

    from kg.store.statements import merge_unidentified_relationships, relationship_columns

    statement = merge_unidentified_relationships("SUPPLIED_TO", "Weapon", "Country")
    columns = relationship_columns("SUPPLIED_TO")
    names = columns.keys + columns.scalars + columns.lists
    edge = ["country:armenia"] + [["a1"] if name in columns.lists else None for name in names[1:]]
    neo4j_store.query("CREATE (:Weapon {id: 'weapon:smerch', name: 'Smerch'}), "
                      "(:Country {id: 'country:armenia', name: 'Armenia'})")
    rows = [["weapon:smerch", [edge]]]
    with GraphDatabase.driver(neo4j.uri, auth=(neo4j.user, neo4j.password)) as driver:
        with driver.session() as first, driver.session() as second:
            tx = first.begin_transaction()
            tx.run(statement, rows=rows).consume()
            other = threading.Thread(target=lambda: second.execute_write(
                lambda tx2: tx2.run(statement, rows=rows).consume()))
            other.start()
            other.join(timeout=1.5)
            waited = other.is_alive()
            tx.commit()
            other.join(timeout=30)
    assert waited, "the second transaction did not wait for the first"
    assert neo4j_store.query("MATCH ()-[r:SUPPLIED_TO]->() RETURN count(r) AS n") == [{"n": 1}]
