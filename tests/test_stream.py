"""Streaming loads (``kg.stream``): chunk by chunk, the graph of one piece.

Loading seeds + ``tests/corpus`` one article at a time gives exactly the export of loading them all at once (and
of building them in memory with ``kg.resolve.build_graph``); re-running changes nothing; a chunked ``kg load``
killed with SIGKILL part-way and run again gives the export of a clean one.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any, Iterator

import pytest

from kg.corpus import Document, read_corpus
from kg.export.apoc_json import graph_to_apoc_lines
from kg.extract.extractor import Extractor
from kg.model import Graph
from kg.resolve import build_graph
from kg.settings import Settings
from kg.store.falkor import FalkorDBStore
from kg.store.readback import read_graph
from kg.stream import stream_load
from test_crash_safety import _graph_nodes

REPO = Path(__file__).resolve().parent.parent
ARTICLES = [REPO / "seeds", REPO / "tests" / "corpus"]


@pytest.fixture(scope="module")
def documents() -> list[Document]:
    docs, skipped = read_corpus(ARTICLES)
    assert not skipped and len(docs) >= 20
    return docs


def _export(store: FalkorDBStore) -> list[str]:
    return graph_to_apoc_lines(read_graph(store))


def test_one_article_at_a_time_gives_the_graph_of_one_piece(falkor_store: FalkorDBStore, embedded_server: object,
                                                             documents: list[Document],
                                                             extractor: Extractor) -> None:
    one_piece = stream_load(falkor_store, documents, Settings(chunk_size=1000), extractor=extractor, keep=True)
    assert one_piece.chunks == 1
    whole = _export(falkor_store)
    assert whole == graph_to_apoc_lines(build_graph(one_piece.extractions).normalized())

    server = embedded_server
    chunked = FalkorDBStore(server.host, server.port, server.password, "stream_chunk_1")  # type: ignore[attr-defined]
    try:
        outcome = stream_load(chunked, documents, Settings(chunk_size=1, batch_size=7), extractor=extractor)
        assert outcome.chunks == len(documents) and len(outcome.new) == len(documents)
        assert _export(chunked) == whole
        again = stream_load(chunked, documents, Settings(chunk_size=1), extractor=extractor)
        assert (again.new, again.changed, len(again.unchanged), again.chunks) == ([], [], len(documents), 0)
        assert _export(chunked) == whole  # re-running changes nothing
        full = stream_load(chunked, documents, Settings(chunk_size=4), full=True, extractor=extractor)
        assert len(full.changed) == len(documents) and _export(chunked) == whole  # --full: the same again
    finally:
        chunked.delete_graph()
        chunked.close()


@pytest.fixture(scope="module")
def loaded(embedded_server: Any, documents: list[Document], extractor: Extractor) -> Iterator[FalkorDBStore]:
    """Seeds + tests/corpus loaded by a streaming load (for the module's read-only tests)."""
    store = FalkorDBStore(embedded_server.host, embedded_server.port, embedded_server.password, "stream_loaded")
    stream_load(store, documents, Settings(chunk_size=9), extractor=extractor)
    try:
        yield store
    finally:
        store.delete_graph()
        store.close()


def test_exports_stream_from_the_database_byte_for_byte(loaded: FalkorDBStore, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    import kg.export.stream as streamed
    import kg.store.pages as pages
    from kg.export.apoc_json import write_apoc_json
    from kg.export.rdf import write_rdf

    monkeypatch.setattr(streamed, "RUN_SIZE", 50)  # many runs on disk, merged
    monkeypatch.setattr(streamed, "MAX_TERMS", 100)  # the formatter's cache cleared again and again
    monkeypatch.setattr(pages, "PAGE", 7)  # many pages
    monkeypatch.setattr(pages, "REL_PAGE", 5)  # a hub's relationships read a few at a time
    graph = read_graph(loaded)
    base = Settings().base_iri
    for fmt, in_memory in (("json", lambda p: write_apoc_json(graph, p)),
                           ("turtle", lambda p: write_rdf(graph, p, base, "turtle")),
                           ("ntriples", lambda p: write_rdf(graph, p, base, "ntriples"))):
        expected = in_memory(tmp_path / f"memory.{fmt}").read_bytes()
        assert streamed.write_from_store(loaded, fmt, tmp_path / f"db.{fmt}", base).read_bytes() == expected
        assert len(expected) > 100_000


def _facts(graph: Graph) -> Counter[str]:
    return Counter(end for rel in graph.relationships.values() if rel.type != "MENTIONS"
                   for end in (rel.start, rel.end))


def test_the_view_of_a_large_graph_draws_its_most_connected_nodes(loaded: FalkorDBStore, tmp_path: Path) -> None:
    from kg.queries import load_queries, run_query
    from kg.subgraph import view_graph
    from kg.view import render_view

    whole = read_graph(loaded)
    everything = view_graph(loaded, None, limit=10_000)
    assert everything.note is None and len(everything.graph.nodes) == len(whole.nodes)

    part = view_graph(loaded, None, limit=12)
    assert len(part.graph.nodes) == 12 and part.note is not None
    degree = _facts(whole)
    drawn = [degree[n] for n in part.graph.nodes]
    left_out = [degree[n.id] for n in whole.nodes.values() if n.id not in part.graph.nodes and n.label != "Article"]
    assert min(drawn) >= max(left_out)  # really the most connected
    assert all(rel.start in part.graph.nodes and rel.end in part.graph.nodes
               for rel in part.graph.relationships.values()) and part.graph.relationships
    hidden = len([n for n in whole.nodes.values() if n.label != "Article"]) - 12
    assert f"left out: {hidden:,} nodes" in part.note
    summary = render_view(part.graph, tmp_path / "view.html", "kg", note=part.note)
    assert summary.nodes == 12 and "left out" in summary.path.read_text(encoding="utf-8")

    rows = run_query(loaded, load_queries()["officials_at_talks"])
    answer = view_graph(loaded, rows, limit=5)
    assert len(answer.graph.nodes) == 5 and answer.note is not None and "left out" in answer.note


def test_the_view_draws_the_best_attested_relationships_when_there_are_too_many(
        loaded: FalkorDBStore, monkeypatch: pytest.MonkeyPatch) -> None:
    import kg.subgraph
    from kg.subgraph import view_graph

    unbounded = view_graph(loaded, None, limit=40)
    monkeypatch.setattr(kg.subgraph, "VIEW_RELATIONSHIPS", 10)
    bounded = view_graph(loaded, None, limit=40)
    assert set(bounded.graph.nodes) == set(unbounded.graph.nodes)
    assert len(unbounded.graph.relationships) > 10 and len(bounded.graph.relationships) == 10
    kept = [len(r.sources) for r in bounded.graph.relationships.values()]
    dropped = [len(r.sources) for k, r in unbounded.graph.relationships.items() if k not in bounded.graph.relationships]
    assert min(kept) >= max(dropped)  # the facts most articles state
    hidden = len(unbounded.graph.relationships) - 10
    assert bounded.note is not None and f"({hidden:,} more between them not drawn" in bounded.note


def test_the_view_of_a_large_graph_reads_long_lists_cut_and_says_their_full_length(
        loaded: FalkorDBStore, tmp_path: Path) -> None:
    from kg.subgraph import view_graph
    from kg.view import VIEW_ITEMS, render_view

    whole = read_graph(loaded)
    part = view_graph(loaded, None, limit=12)
    hub = max(part.graph.nodes.values(), key=lambda n: len(whole.nodes[n.id].sources))
    full = len(whole.nodes[hub.id].sources)
    assert full > VIEW_ITEMS and len(hub.sources) == VIEW_ITEMS and part.totals[(hub.id, "sources")] == full
    assert hub.sources == whole.nodes[hub.id].sources[:VIEW_ITEMS]
    page = render_view(part.graph, tmp_path / "view.html", "kg", note=part.note, totals=part.totals).path
    assert f"\\u2026 {full - 20:,} more" in page.read_text(encoding="utf-8")  # the panel counts what was not read


def _env(data_dir: Path, **extra: str) -> dict[str, str]:
    env = {**os.environ, "KG_DATA_DIR": str(data_dir), **extra}
    env.pop("NEO4J_URI", None)
    return env


def _kg(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    result = subprocess.run([sys.executable, "-m", "kg.cli", *args], env=env, capture_output=True, text=True,
                            timeout=300)
    assert result.returncode == 0, result.stderr
    return result


def test_a_killed_chunked_load_run_again_equals_a_clean_one(tmp_path: Path) -> None:
    articles = [str(p) for p in ARTICLES]
    clean, crash = tmp_path / "clean", tmp_path / "crash"
    _kg("load", *articles, "--quiet", env=_env(clean))
    expected = _kg("export", "--from-db", "--format", "json", env=_env(clean)).stdout

    slow = _env(crash, KG_CHUNK_SIZE="3", KG_BATCH_SIZE="2")
    loader = subprocess.Popen([sys.executable, "-m", "kg.cli", "load", *articles, "--quiet"], env=slow,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 240
    while _graph_nodes(crash, "MATCH (a:Article) RETURN count(a)") < 7 and loader.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert loader.poll() is None, "the load finished before it could be killed"
    loader.send_signal(signal.SIGKILL)  # past two chunks, in the middle of the third or later
    loader.wait(timeout=30)
    assert loader.stderr is not None
    loader.stderr.close()
    partial = _kg("export", "--from-db", "--format", "json", env=_env(crash)).stdout
    assert partial != expected

    _kg("load", *articles, "--quiet", env=_env(crash))
    assert _kg("export", "--from-db", "--format", "json", env=_env(crash)).stdout == expected
