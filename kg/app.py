"""The jobs the CLI runs, as plain functions: corpus → extraction → resolution → graph; graph → store/exports."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from typing import TYPE_CHECKING, Callable, TypeVar

from kg.corpus import Document, Skipped
from kg.extract.types import DocumentExtraction
from kg.model import Graph
from kg.resolve import build_graph
from kg.settings import Settings

if TYPE_CHECKING:
    from kg.store.base import Store

Progress = Callable[[int], None]
T = TypeVar("T")


@dataclass
class ExtractionResult:
    graph: Graph
    documents: list[Document]
    extractions: list[DocumentExtraction]
    skipped: list[Skipped] = field(default_factory=list)


def default_jobs() -> int:
    return max(1, min(os.cpu_count() or 1, 8))


def chunks(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """``items`` in lists of at most ``size`` (the last one shorter), taken lazily."""
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def extract_documents(documents: list[Document], settings: Settings, jobs: int = 1,
                      progress: Progress | None = None) -> list[DocumentExtraction]:
    """Run extraction over documents (in ``jobs`` processes when there are enough of them to pay off)."""
    if not documents:
        return []
    from kg.extract.extractor import Extractor  # spaCy loads only when there is something to extract

    extractor = Extractor(settings.spacy_model)
    n_process = jobs if jobs > 1 and len(documents) >= 4 * jobs else 1
    results: list[DocumentExtraction] = []
    for extraction in extractor.extract_many(documents, n_process=n_process):
        results.append(extraction)
        if progress:
            progress(1)
    return sorted(results, key=lambda e: e.article.id)


def extract_corpus(documents: Iterable[Document], skipped: list[Skipped], settings: Settings, jobs: int = 1,
                   progress_factory: Callable[[int], Progress] | None = None,
                   keep_documents: bool = True) -> ExtractionResult:
    """Extract documents (read lazily, ``settings.chunk_size`` at a time) and resolve them into one graph.

    ``skipped`` may still grow while ``documents`` is read; without ``keep_documents`` the texts are dropped once
    extracted (the result's ``documents`` is then empty)."""
    extractions: list[DocumentExtraction] = []
    kept: list[Document] = []
    for chunk in chunks(documents, settings.chunk_size):
        progress = progress_factory(len(chunk)) if progress_factory else None
        extractions += extract_documents(chunk, settings, jobs, progress)
        if keep_documents:
            kept += chunk
    extractions.sort(key=lambda e: e.article.id)
    kept.sort(key=lambda d: d.id)
    return ExtractionResult(build_graph(extractions), kept, extractions, skipped)


@dataclass
class IncrementalLoad:
    """What an incremental load did: article ids by fate, and the graph it wrote."""

    new: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    graph: Graph = field(default_factory=Graph)
    extractions: list[DocumentExtraction] = field(default_factory=list)


def load_incremental(store: "Store", documents: Iterable[Document], settings: Settings, jobs: int = 1,
                     full: bool = False, progress_factory: Callable[[int], Progress] | None = None,
                     load_progress: Callable[[int], Progress] | None = None,
                     keep_extractions: bool = True) -> IncrementalLoad:
    """Extract and write only new or changed articles (all of them with ``full``); a changed article's old
    facts are pruned first, and new people resolve against those already stored.

    Documents are read lazily and handled ``settings.chunk_size`` at a time (read, extract, resolve against the
    database, load, drop), so a large export or archive streams through; each chunk is crash-safe on its own."""
    from kg.store.incremental import stored_articles

    stored = {} if full else stored_articles(store)
    outcome = IncrementalLoad()
    for chunk in chunks(documents, settings.chunk_size):
        _load_chunk(store, chunk, stored, settings, jobs, outcome, progress_factory, load_progress,
                    keep_extractions)
    return outcome


def _load_chunk(store: "Store", documents: list[Document], stored: dict[str, str | None], settings: Settings,
                jobs: int, outcome: IncrementalLoad, progress_factory: Callable[[int], Progress] | None,
                load_progress: Callable[[int], Progress] | None, keep_extractions: bool) -> None:
    from kg.store.incremental import mark_articles_complete, prune_article, stored_people
    from kg.store.loader import load_graph

    todo: list[Document] = []
    changed: list[str] = []
    for document in documents:
        previous = stored.get(document.id, "")
        if document.id not in stored:
            outcome.new.append(document.id)
            todo.append(document)
        elif previous != document.sha256:
            changed.append(document.id)
            todo.append(document)
        else:
            outcome.unchanged.append(document.id)
        stored[document.id] = document.sha256
    outcome.changed += changed
    for article_id in changed:
        prune_article(store, article_id)
    if not todo:
        return
    progress = progress_factory(len(todo)) if progress_factory else None
    extractions = extract_documents(todo, settings, jobs, progress)
    graph = build_graph(extractions, stored_people(store))
    # An article counts as stored only once all its facts are: its sha256 is written last, so a load killed
    # part-way leaves the article "changed", and the next run prunes and reloads it.
    hashes = [{"id": a.id, "sha256": a.sha256} for a in graph.nodes_by_label("Article")]
    staged = graph.model_copy(update={"nodes": dict(graph.nodes)})  # only articles change
    for article in graph.nodes_by_label("Article"):
        staged.nodes[article.id] = article.model_copy(update={"sha256": None})
    total = len(staged.nodes) + len(staged.relationships)
    load_graph(store, staged, settings.batch_size,
               progress=load_progress(total) if load_progress and total else None)
    mark_articles_complete(store, hashes)
    if keep_extractions:
        outcome.extractions += extractions
    outcome.graph = graph if not outcome.graph.nodes else outcome.graph.merge(graph)
