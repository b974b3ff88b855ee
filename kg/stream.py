"""Streaming loads: a corpus of any size through one machine's memory, chunk by chunk, with the ids of one piece.

``stream_load`` runs in five steps; only the people of the run and one chunk are ever in memory:

1. **read and extract** the documents ``chunk_size`` at a time (unchanged articles — same ``sha256`` stored —
   are skipped); each extraction goes to a spill file on disk (SQLite, compressed JSON) with its document;
2. **prune** the changed articles (with ``full``: every stored one read again) before anything is written;
3. **resolve the people** of the whole run, seeded with those the database holds, in article-id order: the same
   clusters, canonical names and ids as ``kg.resolve.build_graph`` gives the whole corpus in one piece (this holds
   names, not documents);
4. **load** ``chunk_size`` articles at a time, in article-id order: the chunk's graph with the run's people, written
   by the loader's ``MERGE``, whose ``ON MATCH`` merges what is stored as ``Graph`` merges (a stored scalar stays,
   lists are unions, the higher confidence wins), so chunk after chunk gives the one-piece graph; then dropped;
5. **commit**: every article's ``sha256`` is written last, after all chunks.  A run killed anywhere leaves all its
   articles "changed"; the next run prunes them and loads them again, and equals a clean run.

A node's ``aliases`` are every surface form its articles gave but its name (``Graph.add_node`` drops the name
at each merge); a chunk's graph would drop the name *it* chose too, which another chunk may not have chosen, so
the rows of a chunk carry all the forms its articles gave and the statements drop the stored name.
"""

from __future__ import annotations

import gc
import sqlite3
import tempfile
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, TypeVar

from pydantic import PrivateAttr

from kg.corpus import Document
from kg.extract.types import DocumentExtraction, LocalEntity
from kg.model import Graph, _Node
from kg.resolve import PersonResolver, build_graph
from kg.settings import Settings

if TYPE_CHECKING:
    from kg.extract.extractor import Extractor
    from kg.store.base import Store

T = TypeVar("T")
Progress = Callable[[int], None]
ProgressFactory = Callable[[int], Progress]
#: called with each chunk's graph, documents and extractions once the chunk is loaded (the report's articles)
ChunkHook = Callable[[Graph, list[Document], list[DocumentExtraction]], None]


def chunks(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """``items`` in lists of at most ``size`` (the last one shorter), taken lazily."""
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def _pack(text: str) -> bytes:
    return zlib.compress(text.encode("utf-8"), 1)


def _unpack(blob: bytes) -> str:
    return zlib.decompress(blob).decode("utf-8")


class Spill:
    """One run's documents and extractions on disk, read back in article-id order (SQLite's binary collation
    orders ids as Python does).  The Person mentions are kept apart: resolution reads only them."""

    def __init__(self, directory: Path) -> None:
        self._db = sqlite3.connect(directory / "spill.sqlite")
        self._db.executescript(
            "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;"
            "CREATE TABLE articles (id TEXT PRIMARY KEY, document BLOB NOT NULL, extraction BLOB NOT NULL);"
            "CREATE TABLE people (article TEXT, seq INTEGER, entity TEXT, PRIMARY KEY (article, seq));"
            "CREATE TABLE loaded (id TEXT PRIMARY KEY, sha256 TEXT);")
        self.count = 0

    def put(self, document: Document, extraction: DocumentExtraction) -> None:
        article = extraction.article.id
        cursor = self._db.execute("INSERT OR IGNORE INTO articles VALUES (?, ?, ?)",
                                  (article, _pack(document.model_dump_json()), _pack(extraction.model_dump_json())))
        if cursor.rowcount == 0:  # the same id twice: the first one stays (as the corpus reader has it)
            return
        self.count += 1
        people = [(article, seq, entity.model_dump_json()) for seq, entity in enumerate(extraction.entities)
                  if entity.label == "Person"]
        self._db.executemany("INSERT INTO people VALUES (?, ?, ?)", people)

    def people(self) -> Iterator[tuple[str, LocalEntity]]:
        """(article id, Person entity) in article-id order, each article's in extraction order."""
        for article, entity in self._db.execute("SELECT article, entity FROM people ORDER BY article, seq"):
            yield article, LocalEntity.model_validate_json(entity)

    def chunks(self, size: int) -> Iterator[list[tuple[Document, DocumentExtraction]]]:
        """The spilled articles in article-id order, ``size`` at a time."""
        after: str | None = None
        while True:
            rows = self._db.execute(
                "SELECT id, document, extraction FROM articles WHERE ?1 IS NULL OR id > ?1 ORDER BY id LIMIT ?2",
                (after, size)).fetchall()
            if not rows:
                return
            after = rows[-1][0]
            yield [(Document.model_validate_json(_unpack(doc)), DocumentExtraction.model_validate_json(_unpack(ex)))
                   for _, doc, ex in rows]

    def mark_loaded(self, extractions: list[DocumentExtraction]) -> None:
        """Remember that these articles are written (their ``sha256`` goes to the database after the last chunk)."""
        self._db.executemany("INSERT OR REPLACE INTO loaded VALUES (?, ?)",
                             [(e.article.id, e.article.sha256) for e in extractions])

    def loaded(self, size: int) -> Iterator[list[dict[str, str | None]]]:
        """The loaded articles' ``{"id", "sha256"}``, ``size`` at a time, in id order."""
        rows = self._db.execute("SELECT id, sha256 FROM loaded ORDER BY id")
        while batch := rows.fetchmany(size):
            yield [{"id": article, "sha256": sha256} for article, sha256 in batch]

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> "Spill":
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()


class ChunkGraph(Graph):
    """A ``Graph`` that also remembers every alias each node was given, its name included (see the module)."""

    _forms: dict[str, set[str]] = PrivateAttr(default_factory=dict)

    def add_node(self, node: _Node) -> _Node:
        if node.aliases:
            self._forms.setdefault(node.id, set()).update(node.aliases)
        return super().add_node(node)

    def staged(self) -> Graph:
        """The graph to write: articles without their ``sha256`` (written last, ``mark_articles_complete``) and
        nodes with every form their articles gave, their name included when an article gave it."""
        nodes = dict(self.nodes)
        for node_id, node in self.nodes.items():
            forms = self._forms.get(node_id)
            if node.label == "Article":
                nodes[node_id] = node.model_copy(update={"sha256": None})  # type: ignore[assignment]
            elif forms and node.name in forms:
                nodes[node_id] = node.model_copy(update={"aliases": sorted(forms)})  # type: ignore[assignment]
        return Graph.model_construct(nodes=nodes, relationships=self.relationships)


@dataclass
class StreamLoad:
    """What a streaming load did: article ids by fate, rows written, and (only when asked) the graph written."""

    new: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    chunks: int = 0
    nodes: int = 0  # node rows written (a node in several chunks counts once per chunk)
    relationships: int = 0
    graph: Graph = field(default_factory=Graph)  # with ``keep``: every chunk's graph merged
    extractions: list[DocumentExtraction] = field(default_factory=list)  # with ``keep``


def _todo(documents: Iterable[Document], stored: dict[str, str | None], full: bool,
          outcome: StreamLoad) -> Iterator[Document]:
    for document in documents:
        if document.id not in stored:
            outcome.new.append(document.id)
        elif full or stored[document.id] != document.sha256:
            outcome.changed.append(document.id)
        else:
            outcome.unchanged.append(document.id)
            continue
        yield document


def extract_into(spill: Spill, documents: Iterable[Document], extractor: "Extractor", jobs: int, size: int,
                 progress: ProgressFactory | None = None) -> None:
    """Extract ``documents`` ``size`` at a time (in ``jobs`` processes when a chunk is big enough) into ``spill``."""
    for chunk in chunks(documents, size):
        by_id = {d.id: d for d in chunk}
        advance = progress(len(chunk)) if progress else None
        n_process = jobs if jobs > 1 and len(chunk) >= 4 * jobs else 1
        for extraction in extractor.extract_many(chunk, n_process=n_process):
            spill.put(by_id[extraction.article.id], extraction)
            if advance:
                advance(1)


def resolve_spilled(spill: Spill, store: "Store") -> PersonResolver:
    """The people of every spilled article, seeded with those ``store`` holds, in article-id order."""
    from kg.store.incremental import stored_people

    people = PersonResolver()
    people.seed(stored_people(store))
    for article, entity in spill.people():
        people.add(article, entity)
    return people


def stream_load(store: "Store", documents: Iterable[Document], settings: Settings, jobs: int = 1,
                full: bool = False, extract_progress: ProgressFactory | None = None,
                load_progress: ProgressFactory | None = None, on_chunk: ChunkHook | None = None,
                keep: bool = False, extractor: "Extractor | None" = None) -> StreamLoad:
    """Load new and changed articles of ``documents`` (all read again with ``full``) chunk by chunk (see the
    module); ``keep`` also returns the graph written and the extractions (tests, small corpora).  ``extractor``:
    one already built (else one is, once there is something to extract)."""
    from kg.store.incremental import mark_articles_complete, prune_articles, stored_articles
    from kg.store.loader import load_graph

    stored = stored_articles(store)
    outcome = StreamLoad()
    todo = _todo(documents, stored, full, outcome)
    first = next(todo, None)
    if first is None:
        return outcome
    with tempfile.TemporaryDirectory(prefix="kg-spill-") as tmp, Spill(Path(tmp)) as spill:
        if extractor is not None:
            extract_into(spill, _chained(first, todo), extractor, jobs, settings.chunk_size, extract_progress)
        else:
            from kg.extract.extractor import Extractor  # spaCy loads only when there is something to extract

            own = Extractor(settings.spacy_model)
            extract_into(spill, _chained(first, todo), own, jobs, settings.chunk_size, extract_progress)
            del own  # the spaCy pipeline is not needed again: what the rest of the run allocates reuses it
            gc.collect()
        prune_articles(store, [a for a in outcome.changed if a in stored])
        people = resolve_spilled(spill, store)
        for pairs in spill.chunks(settings.chunk_size):
            docs, extractions = [d for d, _ in pairs], [e for _, e in pairs]
            graph = build_graph(extractions, people=people, graph=ChunkGraph())
            staged = graph.staged()  # type: ignore[attr-defined]
            total = len(staged.nodes) + len(staged.relationships)
            report = load_graph(store, staged, settings.batch_size,
                                progress=load_progress(total) if load_progress and total else None)
            outcome.chunks += 1
            outcome.nodes += report.nodes
            outcome.relationships += report.relationships
            spill.mark_loaded(extractions)
            if on_chunk:
                on_chunk(graph, docs, extractions)
            if keep:
                outcome.graph.merge(graph)
                outcome.extractions += extractions
            del pairs, docs, extractions, graph, staged  # one chunk in memory at a time, not the last one too
        gc.collect()
        for batch in spill.loaded(settings.batch_size):
            mark_articles_complete(store, batch)
    return outcome


def _chained(first: T, rest: Iterator[T]) -> Iterator[T]:
    yield first
    yield from rest
