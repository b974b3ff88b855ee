"""Boundary types of extraction: what one document yields before cross-article resolution."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

from kg.model import Article

UNRESOLVED = "?"  # prefix of a ministry id whose country the phrase itself does not say


class ModelNotFound(Exception):
    """The configured spaCy model package is not installed."""


class LocalEntity(BaseModel):
    """A thing named in one document, keyed by ``(label, key)``; ``key`` is its canonical name there."""

    label: str
    key: str
    name: str
    aliases: list[str] = Field(default_factory=list)
    props: dict[str, Any] = Field(default_factory=dict)
    mentions: int = 0
    offsets: list[tuple[int, int]] = Field(default_factory=list)


class Fact(BaseModel):
    """A relationship stated by one sentence (or two adjacent ones) of one document."""

    type: str
    start_label: str
    start: str
    end_label: str
    end: str
    evidence: list[str] = Field(min_length=1)
    confidence: float = Field(ge=0.0, le=1.0)
    rule: str
    props: dict[str, Any] = Field(default_factory=dict)


class DocumentExtraction(BaseModel):
    """Everything extraction found in one article: the pure result of ``Extractor.extract(document)``."""

    article: Article
    entities: list[LocalEntity] = Field(default_factory=list)
    facts: list[Fact] = Field(default_factory=list)
