"""The jobs the CLI runs, as plain functions: corpus → extraction → resolution → graph; graph → store/exports."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from kg.corpus import Document, Skipped, read_corpus
from kg.extract import Extractor
from kg.extract.types import DocumentExtraction
from kg.model import Graph
from kg.resolve import build_graph
from kg.settings import Settings

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
    extractor = Extractor(settings.spacy_model)
    n_process = jobs if jobs > 1 and len(documents) >= 4 * jobs else 1
    results: list[DocumentExtraction] = []
    for extraction in extractor.extract_many(documents, n_process=n_process):
        results.append(extraction)
        if progress:
            progress(1)
    return sorted(results, key=lambda e: e.article.id)


def extract_paths(paths: Iterable[Path], settings: Settings, jobs: int = 1,
                  progress_factory: Callable[[int], Progress] | None = None) -> ExtractionResult:
    documents, skipped = read_corpus(paths)
    progress = progress_factory(len(documents)) if progress_factory else None
    extractions = extract_documents(documents, settings, jobs, progress)
    return ExtractionResult(build_graph(extractions), documents, extractions, skipped)
