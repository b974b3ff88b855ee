"""Session fixtures over the seed articles: one spaCy pipeline, one extraction, shared by every test."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.corpus import Document, read_corpus
from kg.extract import Extractor
from kg.extract.types import DocumentExtraction
from kg.model import Graph
from kg.resolve import build_graph
from kg.settings import Settings

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"


@pytest.fixture(scope="session")
def extractor() -> Extractor:
    return Extractor(Settings().spacy_model)


@pytest.fixture(scope="session")
def seed_documents() -> list[Document]:
    documents, skipped = read_corpus([SEEDS])
    assert not skipped and len(documents) == 5
    return documents


@pytest.fixture(scope="session")
def seed_extractions(extractor: Extractor, seed_documents: list[Document]) -> list[DocumentExtraction]:
    return [extractor.extract(d) for d in seed_documents]


@pytest.fixture(scope="session")
def seed_graph(seed_extractions: list[DocumentExtraction]) -> Graph:
    return build_graph(seed_extractions)


@pytest.fixture(scope="session")
def seed_texts(seed_documents: list[Document]) -> dict[str, str]:
    return {d.id: d.text for d in seed_documents}
