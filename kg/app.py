"""The jobs the CLI runs, as plain functions: corpus → extraction → resolution → graph; graph → store/exports."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Callable, Iterable

from kg.corpus import Document, Skipped
from kg.extract.types import DocumentExtraction
from kg.model import Graph
from kg.resolve import build_graph
from kg.settings import Settings
from kg.stream import ChunkHook, StreamLoad, chunks

IncrementalLoad = StreamLoad  # what a load did (the name callers know)

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


def load_incremental(store: "Store", documents: Iterable[Document], settings: Settings, jobs: int = 1,
                     full: bool = False, progress_factory: Callable[[int], Progress] | None = None,
                     load_progress: Callable[[int], Progress] | None = None, keep: bool = True,
                     on_chunk: ChunkHook | None = None) -> StreamLoad:
    """Extract and write only new or changed articles (all of them with ``full``), ``settings.chunk_size`` at a
    time (``kg.stream``): a changed article's old facts are pruned first, new people resolve against those
    already stored, and the graph equals the one built in one piece.  ``keep`` also returns the graph written
    and the extractions."""
    from kg.stream import stream_load

    return stream_load(store, documents, settings, jobs, full, progress_factory, load_progress, on_chunk, keep)
