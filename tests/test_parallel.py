"""``--jobs 2`` gives exactly what ``--jobs 1`` gives: extraction in spaCy worker processes changes nothing.

``kg.app.extract_documents`` only starts processes when there are at least ``4 * jobs`` documents, so these
tests use all 17 articles (the seeds and ``tests/corpus``) and check that worker processes were really used.
"""

from __future__ import annotations

import multiprocessing
from pathlib import Path
from typing import Any, Iterator

import pytest

from kg.app import extract_documents
from kg.corpus import Document, read_corpus
from kg.extract.extractor import Extractor
from kg.extract.types import DocumentExtraction
from kg.resolve import build_graph
from kg.settings import Settings

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def documents() -> list[Document]:
    docs, skipped = read_corpus([REPO / "seeds", REPO / "tests" / "corpus"])
    assert not skipped
    assert len(docs) >= 16, "need at least 4 * jobs documents for extract_documents to use processes"
    return docs


@pytest.fixture
def process_counts(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[int]]:
    """The ``n_process`` every ``Extractor.extract_many`` call got (to prove the parallel path was taken)."""
    seen: list[int] = []
    original = Extractor.extract_many

    def spy(self: Any, documents: Any, n_process: int = 1, **kwargs: Any) -> Any:
        seen.append(n_process)
        return original(self, documents, n_process=n_process, **kwargs)

    monkeypatch.setattr(Extractor, "extract_many", spy)
    yield seen


@pytest.fixture(scope="module")
def serial(documents: list[Document]) -> list[DocumentExtraction]:
    return extract_documents(documents, Settings(), jobs=1)


def _first_difference(a: list[DocumentExtraction], b: list[DocumentExtraction]) -> str:
    for x, y in zip(a, b):
        if x != y:
            for field in ("article", "entities", "facts"):
                if getattr(x, field) != getattr(y, field):
                    return f"{x.article.id}: {field} differ"
    return f"{len(a)} vs {len(b)} extractions"


def _assert_same(serial: list[DocumentExtraction], parallel: list[DocumentExtraction]) -> None:
    assert [e.article.id for e in parallel] == [e.article.id for e in serial]
    assert parallel == serial, _first_difference(serial, parallel)
    assert build_graph(parallel).normalized() == build_graph(serial).normalized()


def test_jobs_2_equals_jobs_1(documents: list[Document], serial: list[DocumentExtraction],
                              process_counts: list[int]) -> None:
    parallel = extract_documents(documents, Settings(), jobs=2)
    assert process_counts == [2], "extract_documents did not use worker processes"
    _assert_same(serial, parallel)
    graph = build_graph(parallel)
    assert len(graph.nodes_by_label("Article")) == len(documents)
    assert graph.nodes_by_label("Person") and graph.relationships


def test_jobs_2_with_spawned_workers(documents: list[Document], serial: list[DocumentExtraction],
                                     process_counts: list[int]) -> None:
    """Workers started with ``spawn`` (macOS, Windows; ``forkserver`` is Linux's default from Python 3.14) get the
    pipeline pickled, so the custom ``kg_paragraph_breaks`` component must be importable there too."""
    previous = multiprocessing.get_start_method(allow_none=True)
    multiprocessing.set_start_method("spawn", force=True)
    try:
        parallel = extract_documents(documents, Settings(), jobs=2)
    finally:
        multiprocessing.set_start_method(previous, force=True)
    assert process_counts == [2]
    _assert_same(serial, parallel)
