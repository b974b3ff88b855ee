"""The Spark job: read → extract per partition → resolve by block → fold by key → write from the executors.

Stages (``run_job``), each a plain function of ``kg.spark.read`` / ``kg.spark.resolve`` mapped over an RDD:

1. **read**: ``binaryFile`` lists and reads every file under each input (any Hadoop-compatible path); a file
   becomes documents (``read_file``); one id is read once, the first copy winning.
2. **fate**: the driver reads the stored ``sha256`` of every article; unchanged ones are dropped, changed ones
   pruned (``kg.store.incremental.prune_articles``) before anything is written; then the stored people.
3. **extract**: ``mapPartitions`` with one ``Extractor`` per Python worker process (built on its first partition
   and reused: Spark reuses its Python workers), ``nlp.pipe`` over the partition.
4. **resolve**: Person mentions grouped by resolution block, each block resolved with its stored people first.
5. **fold**: each article's contributions (the calls ``build_graph`` makes for it) grouped by node id and
   relationship key and folded in article order: the nodes and relationships of the one-piece graph.
6. **write**: nodes, then relationships (partitioned by start node), written by the executors with the loader's
   batched ``UNWIND … MERGE`` (``kg.store.loader.load_graph``) to FalkorDB or Neo4j; then the driver writes
   every article's ``sha256``: a job killed anywhere leaves its articles "changed", and the next run prunes them
   and loads them again.

Nothing is downloaded at run time: PySpark's own jars, no ``spark.jars.packages``.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Callable, Literal

from kg.corpus import Document, RecordFields, Skipped
from kg.extract.types import DocumentExtraction
from kg.model import Graph
from kg.settings import Settings
from kg.spark.read import input_uri, read_file, user_path
from kg.spark.resolve import (ResolvedPeople, contributions, fold_node, fold_relationship, known_by_block,
                              person_mentions, resolve_block)
from kg.store.base import Store

if TYPE_CHECKING:
    from kg.extract.extractor import Extractor

LOCAL_HOST = "127.0.0.1"
Log = Callable[[str], None]


class SparkUnavailable(Exception):
    """PySpark (or the Java it runs on) is missing: a one-line message saying what to install."""


@dataclass(frozen=True)
class StoreAddress:
    """Where the executors write; picklable (it travels with the tasks), opened once per partition."""

    engine: Literal["falkordb", "neo4j"]
    host: str = LOCAL_HOST
    port: int = 0
    password: str | None = None
    graph: str = "kg"
    uri: str = ""
    user: str = "neo4j"
    database: str = "neo4j"

    def open(self) -> Store:
        if self.engine == "neo4j":
            from kg.store.neo4j_store import Neo4jStore

            return Neo4jStore(self.uri, self.user, self.password, self.database)
        from kg.store.falkor import FalkorDBStore

        return FalkorDBStore(self.host, self.port, self.password, self.graph)


@contextmanager
def open_target(settings: Settings) -> Iterator[tuple[Store, StoreAddress]]:
    """The database ``open_store`` would use, for the driver, and its address for the executors."""
    if settings.neo4j_uri:
        password = settings.neo4j_password.get_secret_value() if settings.neo4j_password else None
        address = StoreAddress("neo4j", uri=settings.neo4j_uri, user=settings.neo4j_user, password=password,
                               database=settings.neo4j_database)
        with address.open() as store:
            yield store, address
        return
    from kg.store.embedded import EmbeddedServer

    with EmbeddedServer(settings.data_dir) as server:
        assert server.port is not None
        address = StoreAddress("falkordb", server.host, server.port, server.password, settings.graph_name)
        with address.open() as store:
            yield store, address


def spark_session(master: str | None = None, app_name: str = "kg") -> Any:
    """A SparkSession (PySpark's own jars only; the UI off; a local master bound to 127.0.0.1).  ``master``:
    a Spark master URL; by default the one ``spark-submit`` gives, else ``local[*]`` (every core here)."""
    try:
        from pyspark import SparkConf
        from pyspark.sql import SparkSession
    except ImportError:
        raise SparkUnavailable("PySpark is not installed (pip install 'kg[spark]'; it needs Java 17)") from None
    master = master or SparkConf().get("spark.master", None) or "local[*]"
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)  # executors run the same Python (and kg) as kg
    os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    builder = (SparkSession.builder.master(master).appName(app_name)
               .config("spark.ui.enabled", "false")
               .config("spark.ui.showConsoleProgress", "false")
               .config("spark.python.worker.reuse", "true"))
    if master.startswith("local"):
        builder = builder.config("spark.driver.host", LOCAL_HOST).config("spark.driver.bindAddress", LOCAL_HOST)
    try:
        spark = builder.getOrCreate()
    except Exception as exc:  # no Java, or it would not start
        raise SparkUnavailable(f"Spark did not start ({type(exc).__name__}: {str(exc).splitlines()[0][:200]}); "
                               f"it needs Java 17 (JAVA_HOME or java on PATH)") from None
    spark.sparkContext.setLogLevel("ERROR")
    return spark


@dataclass
class SparkOutcome:
    """What a Spark job did: article ids by fate, inputs skipped, rows written."""

    new: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    nodes: int = 0
    relationships: int = 0
    partitions: int = 0


# -- what the executors run (module functions: pickled by reference, so the worker's module keeps its cache) ----
@lru_cache(maxsize=1)
def worker_extractor(model: str) -> "Extractor":
    """The ``Extractor`` of this Python worker process, built on its first partition (spaCy loads once)."""
    from kg.extract.extractor import Extractor

    return Extractor(model)


def extract_partition(model: str, documents: Iterable[Document]) -> Iterator[tuple[str, DocumentExtraction]]:
    for extraction in worker_extractor(model).extract_many(documents):
        yield extraction.article.id, extraction


def read_items(index: int, given: str, uri: str, data: bytes,
               fields: RecordFields | None = None) -> Iterator[tuple[str, Any]]:
    """("doc", (id, (order, document))) or ("skip", Skipped) for one file Spark read; the order is the input's
    position, the file's path under it and the article's place in the file."""
    path, parts = user_path(given, uri)
    for number, item in enumerate(read_file(path, data, fields)):
        if isinstance(item, Skipped):
            yield "skip", item
        else:
            yield "doc", (item.id, ((index, parts or (), number), item))


def first_copy(article_id: str, copies: Iterable[tuple[Any, Document]]) -> Iterator[tuple[str, Any]]:
    """The first copy of an id in reading order ("doc"), the others as "skip" lines naming it."""
    ordered = sorted(copies, key=lambda c: c[0])
    first = ordered[0][1]
    yield "doc", first
    for _, later in ordered[1:]:
        yield "skip", Skipped(later.path, f"duplicate article id {article_id!r} (already read from {first.path})")


def write_partition(address: StoreAddress, batch_size: int, records: Iterable[Any]) -> Iterator[int]:
    """Write one partition's nodes or relationships (the loader's MERGE; nodes are all written before any
    relationship's partition runs); yields the rows written."""
    from kg.store.loader import load_graph

    graph = Graph()
    for record in records:
        if hasattr(record, "label"):
            graph.nodes[record.id] = record
        else:
            graph.relationships[_rel_id(record)] = record
    if not graph.nodes and not graph.relationships:
        return
    with address.open() as store:
        report = load_graph(store, graph, batch_size)
    yield report.nodes + report.relationships


def _rel_id(rel: Any) -> str:
    from kg.store.pages import graph_key

    return graph_key(rel)


def _partition_writer(address: StoreAddress, batch_size: int) -> Callable[[Iterable[Any]], Iterator[int]]:
    return lambda records: write_partition(address, batch_size, records)


# -- the driver ----------------------------------------------------------------------------------------------------
def read_inputs(spark: Any, inputs: list[str], fields: RecordFields | None = None) -> tuple[Any, list[Skipped]]:
    """The RDD of (id, document) of every input, one copy per id, and the inputs that could not be listed."""
    sc = spark.sparkContext
    frames, skipped = [], []
    for index, given in enumerate(inputs):
        try:
            frame = (spark.read.format("binaryFile").option("recursiveFileLookup", "true")
                     .load(input_uri(given)).select("path", "content"))
        except Exception as exc:  # Spark's AnalysisException: the path does not exist
            reason = "no such file or folder" if "PATH_NOT_FOUND" in str(exc) or "does not exist" in str(exc) \
                else str(exc).splitlines()[0][:200]
            skipped.append(Skipped(given, reason))
            continue
        frames.append(frame.rdd.flatMap(lambda row, i=index, g=given: read_items(i, g, row.path, bytes(row.content),
                                                                                  fields)))
        for uri in _empty_files(spark, input_uri(given)):  # Spark's file sources skip files of no bytes
            skipped += [item for _, item in read_items(index, given, uri, b"", fields) if isinstance(item, Skipped)]
    if not frames:
        return sc.emptyRDD(), skipped
    items = sc.union(frames)
    documents = (items.filter(lambda kv: kv[0] == "doc").map(lambda kv: kv[1]).groupByKey()
                 .flatMap(lambda kv: first_copy(kv[0], kv[1])))
    every = items.filter(lambda kv: kv[0] == "skip").union(documents).persist()
    skipped += sorted(every.filter(lambda kv: kv[0] == "skip").map(lambda kv: kv[1]).collect(), key=str)
    return every.filter(lambda kv: kv[0] == "doc").map(lambda kv: (kv[1].id, kv[1])), skipped


def _empty_files(spark: Any, uri: str) -> list[str]:
    """The files of no bytes under ``uri`` (listed by the Hadoop file system on the driver)."""
    jvm = spark.sparkContext._jvm
    path = jvm.org.apache.hadoop.fs.Path(uri)
    system = path.getFileSystem(spark.sparkContext._jsc.hadoopConfiguration())
    found, files = [], system.listFiles(path, True)
    while files.hasNext():
        status = files.next()
        if status.getLen() == 0:
            found.append(str(status.getPath().toString()))
    return found


def run_job(spark: Any, inputs: list[str], settings: Settings, store: Store, address: StoreAddress,
            full: bool = False, partitions: int | None = None, log: Log | None = None,
            fields: RecordFields | None = None) -> SparkOutcome:
    """The whole job (see the module): ``store`` is the driver's connection, ``address`` where executors write."""
    from pyspark import StorageLevel

    from kg.store.incremental import mark_articles_complete, prune_articles, stored_articles, stored_people

    say = log or (lambda _: None)
    sc = spark.sparkContext
    outcome = SparkOutcome(partitions=partitions or sc.defaultParallelism)
    documents, outcome.skipped = read_inputs(spark, inputs, fields)
    stored = sc.broadcast(stored_articles(store))
    fates = documents.map(lambda kv: (kv[0], _fate(stored.value, kv[1], full))).collect()
    for article_id, fate in sorted(fates):
        getattr(outcome, fate).append(article_id)
    say(f"articles: {len(outcome.new)} new, {len(outcome.changed)} changed, {len(outcome.unchanged)} unchanged")
    if not outcome.new and not outcome.changed:
        return outcome
    prune_articles(store, [a for a in outcome.changed if a in stored.value])
    known = sc.broadcast(known_by_block(stored_people(store)))
    model = settings.spacy_model

    todo = documents.filter(lambda kv: _fate(stored.value, kv[1], full) != "unchanged").values()
    extractions = (todo.repartition(outcome.partitions)
                   .mapPartitions(lambda docs: extract_partition(model, docs))
                   .persist(StorageLevel.MEMORY_AND_DISK))
    answers = (extractions.flatMap(lambda kv: person_mentions(kv[1])).groupByKey()
               .flatMap(lambda kv: resolve_block(known.value.get(kv[0], []), kv[1])).groupByKey())
    calls = extractions.leftOuterJoin(answers).flatMap(
        lambda kv: contributions(kv[1][0], ResolvedPeople(kv[0], kv[1][1] or ())))
    folded = (calls.groupByKey(outcome.partitions)
              .map(lambda kv: fold_node(kv[1]) if kv[0].startswith("n|") else fold_relationship(kv[1]))
              .persist(StorageLevel.MEMORY_AND_DISK))

    from kg.model import LABELS

    store.apply_schema(LABELS)
    writer = _partition_writer(address, settings.batch_size)
    outcome.nodes = int(folded.filter(lambda r: hasattr(r, "label")).mapPartitions(writer).sum())
    say(f"nodes written: {outcome.nodes}")
    outcome.relationships = int(folded.filter(lambda r: not hasattr(r, "label")).keyBy(lambda r: r.start)
                                .partitionBy(outcome.partitions).values().mapPartitions(writer).sum())
    say(f"relationships written: {outcome.relationships}")
    hashes = sorted(extractions.map(lambda kv: {"id": kv[0], "sha256": kv[1].article.sha256}).collect(),
                    key=lambda h: h["id"] or "")
    for i in range(0, len(hashes), settings.batch_size):
        mark_articles_complete(store, hashes[i:i + settings.batch_size])
    extractions.unpersist()
    folded.unpersist()
    return outcome


def _fate(stored: dict[str, str | None], document: Document, full: bool) -> str:
    if document.id not in stored:
        return "new"
    if full or stored[document.id] != document.sha256:
        return "changed"
    return "unchanged"
