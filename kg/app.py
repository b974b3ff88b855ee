"""The jobs the CLI runs, as plain functions: corpus → extraction → resolution → graph; graph → store/exports."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Callable

from kg.corpus import Document, Skipped
from kg.extract.types import DocumentExtraction
from kg.model import Graph
from kg.resolve import build_graph
from kg.settings import Settings

if TYPE_CHECKING:
    from kg.store.base import Store

Progress = Callable[[int], None]


@dataclass
class ExtractionResult:
    graph: Graph
    documents: list[Document]
    extractions: list[DocumentExtraction]
    skipped: list[Skipped] = field(default_factory=list)


def default_jobs() -> int:
    return max(1, min(os.cpu_count() or 1, 8))


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


def extract_corpus(documents: list[Document], skipped: list[Skipped], settings: Settings, jobs: int = 1,
                   progress_factory: Callable[[int], Progress] | None = None) -> ExtractionResult:
    """Extract already-read documents and resolve them into one graph."""
    progress = progress_factory(len(documents)) if progress_factory else None
    extractions = extract_documents(documents, settings, jobs, progress)
    return ExtractionResult(build_graph(extractions), documents, extractions, skipped)


@dataclass
class IncrementalLoad:
    """What an incremental load did: article ids by fate, and the graph it wrote."""

    new: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    graph: Graph = field(default_factory=Graph)
    extractions: list[DocumentExtraction] = field(default_factory=list)


def load_incremental(store: "Store", documents: list[Document], settings: Settings, jobs: int = 1,
                     full: bool = False, progress_factory: Callable[[int], Progress] | None = None,
                     load_progress: Callable[[int], Progress] | None = None) -> IncrementalLoad:
    """Extract and write only new or changed articles (all of them with ``full``); a changed article's old
    facts are pruned first, and new people resolve against those already stored."""
    from kg.store.incremental import mark_articles_complete, prune_article, stored_articles, stored_people
    from kg.store.loader import load_graph

    stored = {} if full else stored_articles(store)
    outcome = IncrementalLoad()
    todo: list[Document] = []
    for document in documents:
        previous = stored.get(document.id, "")
        if document.id not in stored:
            outcome.new.append(document.id)
            todo.append(document)
        elif previous != document.sha256:
            outcome.changed.append(document.id)
            todo.append(document)
        else:
            outcome.unchanged.append(document.id)
    for article_id in outcome.changed:
        prune_article(store, article_id)
    progress = progress_factory(len(todo)) if progress_factory and todo else None
    outcome.extractions = extract_documents(todo, settings, jobs, progress)
    outcome.graph = build_graph(outcome.extractions, stored_people(store))
    # An article counts as stored only once all its facts are: its sha256 is written last, so a load killed
    # part-way leaves the article "changed", and the next run prunes and reloads it.
    hashes = [{"id": a.id, "sha256": a.sha256} for a in outcome.graph.nodes_by_label("Article")]
    staged = outcome.graph.model_copy(update={"nodes": dict(outcome.graph.nodes)})  # only articles change
    for article in outcome.graph.nodes_by_label("Article"):
        staged.nodes[article.id] = article.model_copy(update={"sha256": None})
    total = len(staged.nodes) + len(staged.relationships)
    load_graph(store, staged, settings.batch_size,
               progress=load_progress(total) if load_progress and total else None)
    mark_articles_complete(store, hashes)
    return outcome
