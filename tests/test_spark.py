"""The Spark job in ``local[2]`` mode (one session for the module): the graph ``kg load`` gives, byte for byte,
written into the embedded FalkorDB and into Neo4j.

It reads seeds + ``tests/corpus`` through Spark's ``binaryFile`` source, extracts in two partitions, resolves
people by block, folds every node and relationship by key and writes from the executors; the APOC export of
the result equals the export of a streaming load of the same articles.  Running it again changes nothing, and
its reading gives what ``kg.corpus`` reads from folders, text files, a page, a JSON Lines export and a WARC
archive (ids, paths, texts and metadata, the first copy of an id, every line skipped).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any, Iterator

import pytest
from archives import write_warc
from pages import page
from test_inputs_warc import TALKS, captures

from kg.corpus import read_corpus
from kg.export.stream import write_apoc_json_from
from kg.extract.extractor import Extractor
from kg.settings import Settings
from kg.store.embedded import EmbeddedServer
from kg.store.falkor import FalkorDBStore
from kg.stream import stream_load

pyspark = pytest.importorskip("pyspark", reason="PySpark is not installed (the dev extra installs it)")
if shutil.which("java") is None and not Path(str(__import__("os").environ.get("JAVA_HOME", "/none"))).exists():
    pytest.skip("no Java for Spark", allow_module_level=True)

from kg.spark.job import StoreAddress, read_inputs, run_job, spark_session  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
ARTICLES = [REPO / "seeds", REPO / "tests" / "corpus"]


@pytest.fixture(scope="module")
def spark() -> Iterator[Any]:
    session = spark_session("local[2]", "kg-tests")
    try:
        yield session
    finally:
        session.stop()


def _store(server: EmbeddedServer, name: str) -> tuple[FalkorDBStore, StoreAddress]:
    assert server.port is not None
    address = StoreAddress("falkordb", server.host, server.port, server.password, name)
    return FalkorDBStore(server.host, server.port, server.password, name), address


@pytest.fixture(scope="module")
def expected_export(embedded_server: EmbeddedServer, extractor: Extractor,
                    tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """The APOC export of a streaming load (``kg load``) of seeds + tests/corpus."""
    documents, _ = read_corpus(ARTICLES)
    store, _ = _store(embedded_server, "spark_expected")
    try:
        stream_load(store, documents, Settings(batch_size=50), extractor=extractor)
        return write_apoc_json_from(store, tmp_path_factory.mktemp("spark") / "expected.json").read_bytes()
    finally:
        store.delete_graph()
        store.close()


def _run_twice(spark: Any, store: Any, address: StoreAddress, expected: bytes, tmp_path: Path) -> None:
    settings = Settings(batch_size=50)
    documents, _ = read_corpus(ARTICLES)
    outcome = run_job(spark, [str(p) for p in ARTICLES], settings, store, address, partitions=2)
    assert len(outcome.new) == len(documents) and not outcome.skipped
    assert outcome.nodes > 300 and outcome.relationships > 1000
    assert write_apoc_json_from(store, tmp_path / "spark.json").read_bytes() == expected

    again = run_job(spark, [str(p) for p in ARTICLES], settings, store, address, partitions=2)
    assert (again.new, again.changed, len(again.unchanged)) == ([], [], len(documents))
    assert write_apoc_json_from(store, tmp_path / "again.json").read_bytes() == expected


def test_spark_job_gives_the_graph_kg_load_gives(spark: Any, embedded_server: EmbeddedServer,
                                                 expected_export: bytes, tmp_path: Path) -> None:
    spark_store, address = _store(embedded_server, "spark_job")
    try:
        _run_twice(spark, spark_store, address, expected_export, tmp_path)
    finally:
        spark_store.delete_graph()
        spark_store.close()


@pytest.mark.neo4j
def test_spark_job_writes_the_same_graph_into_neo4j(spark: Any, expected_export: bytes, neo4j: Any,
                                                    neo4j_store: Any, tmp_path: Path) -> None:
    """The executors write with the Neo4j driver (the address travels with the tasks): the export read back from
    Neo4j is the one a streaming load into the embedded database gives."""
    address = StoreAddress("neo4j", uri=neo4j.uri, user=neo4j.user, password=neo4j.password)
    _run_twice(spark, neo4j_store, address, expected_export, tmp_path)


def test_spark_reads_what_kg_reads(spark: Any, tmp_path: Path) -> None:
    first, second = tmp_path / "first", tmp_path / "second"
    (first / "sub").mkdir(parents=True)
    second.mkdir()
    seeds = sorted((REPO / "seeds").glob("*.txt"))
    shutil.copy(seeds[0], first / "Talks (2).txt")
    shutil.copy(seeds[1], first / "sub" / seeds[1].name)
    shutil.copy(seeds[2], second / seeds[1].name)  # the same id again: the first copy wins
    (first / "notes.pdf").write_bytes(b"%PDF-1.4")
    (first / "empty.txt").write_text("")
    records = [{"url": "https://news.example.am/en/2021/05/28/talks", "date": "2021-05-28",
                "text": seeds[3].read_text(encoding="utf-8")}, {"id": "r2", "text": ""},
               {"id": "r3", "title": "Talks", "text": seeds[4].read_text(encoding="utf-8")}]
    (second / "export.jsonl").write_text("\n".join(json.dumps(r) for r in records) + "\n{broken\n", encoding="utf-8")
    (second / "page.html").write_text(page(TALKS, "modern"), encoding="utf-8")
    write_warc(second / "crawl.warc.gz", captures())
    inputs = [first, second]
    documents, skipped = read_corpus(inputs)
    rdd, listing_skipped = read_inputs(spark, [str(p) for p in inputs])
    read = sorted(rdd.values().collect(), key=lambda d: d.id)
    assert len(documents) >= 6 and {d.url for d in documents if d.url} >= {records[0]["url"], TALKS.url}
    assert [d.model_dump() for d in read] == [d.model_dump() for d in documents]  # ids, paths, texts, dates, urls
    assert sorted(map(str, listing_skipped)) == sorted(map(str, skipped))
