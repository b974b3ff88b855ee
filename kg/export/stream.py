"""Exports written straight from a database a page at a time (``kg.store.pages``): APOC JSON, Turtle and
N-Triples of a graph of any size in bounded memory, byte for byte what the in-memory writers give for the same
graph (``kg.export.apoc_json``, ``kg.export.rdf``).

APOC JSON lines come out in the order the pages are read.  Turtle groups each subject's triples and sorts the
subjects by their text, and N-Triples sorts its lines: both go through an external sort (``ExternalSort``, runs
of sorted items on disk merged lazily).  A node and the relationships leaving it are read together, so a node's
block holds its own triples and the plain triples of its relationships; each relationship's reified statement is
a block of its own.  JSON-LD and RDF/XML are written by rdflib from a graph in memory and do not stream.
"""

from __future__ import annotations

import heapq
import json
import tempfile
from collections.abc import Iterable, Iterator
from itertools import chain
from pathlib import Path
from typing import IO

from rdflib import RDF

from kg.export.apoc_json import apoc_lines
from kg.export.rdf import namespaces, node_iri, node_triples, prefixes, relationship_triples
from kg.export.turtle import Formatter, Triple, subject_block, turtle_header
from kg.store.base import Store
from kg.store.pages import iter_nodes, iter_nodes_with_outgoing, iter_relationships, label_ids

STREAMED_FORMATS = ("json", "turtle", "ntriples")
RUN_SIZE = 10_000  # items sorted in memory before they go to a run file
MAX_TERMS = 20_000  # terms the formatter keeps formatted (IRIs recur; most literals, evidence above all, do not)


class ExternalSort:
    """``(key, text)`` items sorted by key (stable), ``run_size`` at a time in memory, the runs merged from disk."""

    def __init__(self, directory: Path, run_size: int | None = None) -> None:
        self._directory = directory
        self._run_size = run_size or RUN_SIZE
        self._items: list[tuple[str, str]] = []
        self._runs: list[Path] = []

    def add(self, key: str, text: str) -> None:
        self._items.append((key, text))
        if len(self._items) >= self._run_size:
            self._spill()

    def _spill(self) -> None:
        path = self._directory / f"run-{len(self._runs):05d}.jsonl"
        with path.open("w", encoding="utf-8") as handle:
            for item in sorted(self._items, key=lambda kv: kv[0]):
                handle.write(json.dumps(item, ensure_ascii=False) + "\n")
        self._runs.append(path)
        self._items = []

    def sorted(self) -> Iterator[tuple[str, str]]:
        if not self._runs:
            yield from sorted(self._items, key=lambda kv: kv[0])
            return
        if self._items:
            self._spill()
        handles = [path.open(encoding="utf-8") for path in self._runs]
        try:
            runs = [(tuple(json.loads(line)) for line in handle) for handle in handles]
            yield from heapq.merge(*runs, key=lambda kv: kv[0])  # type: ignore[arg-type, misc]
        finally:
            for handle in handles:
                handle.close()


def write_apoc_json_from(store: Store, path: Path) -> Path:
    """``graph.json`` from the database (what ``write_apoc_json(read_graph(store), path)`` writes)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as handle:
        wrote = False
        for line in apoc_lines(iter_nodes(store), iter_relationships(store)):
            handle.write(line + "\n")
            wrote = True
        if not wrote:
            handle.write("\n")
    return path


def _grouped(formatter: Formatter, triples: list[Triple]) -> dict[str, set[str]]:
    predicates: dict[str, set[str]] = {}
    for _, p, o in triples:
        predicate = "a" if p == RDF.type else formatter.turtle(p)
        predicates.setdefault(predicate, set()).add(formatter.turtle(o))
    return predicates


def _subject_blocks(store: Store, base_iri: str, formatter: Formatter) -> Iterator[tuple[str, str]]:
    """(subject text, Turtle block) for every node and every relationship's statement, in no particular order."""
    kg, res = namespaces(base_iri)
    articles = set(label_ids(store, "Article"))
    for node, rels in iter_nodes_with_outgoing(store):
        own = list(node_triples(node, kg, res, articles))
        for rel in rels:
            plain, *statement = relationship_triples(rel, kg, res, articles)
            own.append(plain)
            subject = formatter.turtle(statement[0][0])
            yield subject, subject_block(subject, _grouped(formatter, statement))
        subject = formatter.turtle(node_iri(res, node.id, node.label))
        yield subject, subject_block(subject, _grouped(formatter, own))


def write_turtle_from(store: Store, path: Path, base_iri: str) -> Path:
    """``graph.ttl`` from the database (what ``write_rdf(read_graph(store), path, base_iri)`` writes)."""
    namespaces_ = prefixes(base_iri)
    formatter = Formatter(namespaces_, max_cache=MAX_TERMS)
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="kg-export-") as tmp:
        sorter = ExternalSort(Path(tmp))
        for subject, block in _subject_blocks(store, base_iri, formatter):
            sorter.add(subject, block)
        with path.open("w", encoding="utf-8") as handle:
            _write_joined(handle, chain(turtle_header(formatter, namespaces_), (b for _, b in sorter.sorted())))
    return path


def _write_joined(handle: IO[str], parts: Iterable[str]) -> None:
    """``handle.write("\\n".join(parts))`` without building the string."""
    for i, part in enumerate(parts):
        if i:
            handle.write("\n")
        handle.write(part)


def write_ntriples_from(store: Store, path: Path, base_iri: str) -> Path:
    """N-Triples from the database (what ``write_rdf(read_graph(store), path, base_iri, "ntriples")`` writes)."""
    kg, res = namespaces(base_iri)
    formatter = Formatter({}, shorthand=False, max_cache=MAX_TERMS)
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="kg-export-") as tmp:
        sorter = ExternalSort(Path(tmp))
        articles = set(label_ids(store, "Article"))
        for node, rels in iter_nodes_with_outgoing(store):
            triples = chain(node_triples(node, kg, res, articles),
                            (t for rel in rels for t in relationship_triples(rel, kg, res, articles)))
            for s, p, o in triples:
                line = f"{formatter.turtle(s)} {formatter.turtle(p)} {formatter.turtle(o)} ."
                sorter.add(line, "")
        with path.open("w", encoding="utf-8") as handle:
            previous = None
            for line, _ in sorter.sorted():
                if line != previous:
                    handle.write(line + "\n")
                previous = line
            if previous is None:
                handle.write("\n")
    return path


def write_from_store(store: Store, fmt: str, path: Path, base_iri: str) -> Path:
    """One of ``STREAMED_FORMATS`` written from the database."""
    if fmt == "json":
        return write_apoc_json_from(store, path)
    if fmt == "turtle":
        return write_turtle_from(store, path, base_iri)
    if fmt == "ntriples":
        return write_ntriples_from(store, path, base_iri)
    raise ValueError(f"{fmt!r} is not streamed from the database ({', '.join(STREAMED_FORMATS)})")
