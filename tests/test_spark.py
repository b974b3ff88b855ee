"""The Spark job in ``local[2]`` mode (one session for the module): the graph ``kg load`` gives, byte for byte.

It reads seeds + ``tests/corpus`` through Spark's ``binaryFile`` source, extracts in two partitions, resolves
people by block, folds every node and relationship by key and writes from the executors; the APOC export of
the result equals the export of a streaming load of the same articles.  Running it again changes nothing, and
its reading gives what ``kg.corpus`` reads (paths, ids, the first copy of an id, skipped files).
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any, Iterator

import pytest

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


def test_spark_job_gives_the_graph_kg_load_gives(spark: Any, embedded_server: EmbeddedServer,
                                                 extractor: Extractor, tmp_path: Path) -> None:
    settings = Settings(batch_size=50)
    documents, _ = read_corpus(ARTICLES)
    expected_store, _ = _store(embedded_server, "spark_expected")
    spark_store, address = _store(embedded_server, "spark_job")
    try:
        stream_load(expected_store, documents, settings, extractor=extractor)
        expected = write_apoc_json_from(expected_store, tmp_path / "expected.json").read_bytes()

        outcome = run_job(spark, [str(p) for p in ARTICLES], settings, spark_store, address, partitions=2)
        assert len(outcome.new) == len(documents) and not outcome.skipped
        assert outcome.nodes > 300 and outcome.relationships > 1000
        assert write_apoc_json_from(spark_store, tmp_path / "spark.json").read_bytes() == expected

        again = run_job(spark, [str(p) for p in ARTICLES], settings, spark_store, address, partitions=2)
        assert (again.new, again.changed, len(again.unchanged)) == ([], [], len(documents))
        assert write_apoc_json_from(spark_store, tmp_path / "again.json").read_bytes() == expected
    finally:
        for store in (expected_store, spark_store):
            store.delete_graph()
            store.close()


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
    inputs = [first, second]
    documents, skipped = read_corpus(inputs)
    rdd, listing_skipped = read_inputs(spark, [str(p) for p in inputs])
    read = sorted(rdd.values().collect(), key=lambda d: d.id)
    assert [(d.id, d.path, d.sha256) for d in read] == [(d.id, d.path, d.sha256) for d in documents]
    assert sorted(map(str, listing_skipped)) == sorted(map(str, skipped))
