"""Extraction: one cleaned ``Document`` in, its entities and facts out (a pure per-document function).

``Extractor.extract`` depends only on the document and the pipeline, so Spark, Dask or a process pool can map it
over articles unchanged; cross-article identity is ``kg.resolve``'s job.

``Extractor`` (``kg.extract.extractor``) is imported on first use: spaCy takes a second or more to import, and
commands that extract nothing (``kg query``, ``kg export``, an unchanged re-run) should not pay for it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from kg.extract.types import DocumentExtraction, Fact, LocalEntity

if TYPE_CHECKING:
    from kg.extract.extractor import Extractor

__all__ = ["Extractor", "DocumentExtraction", "Fact", "LocalEntity"]


def __getattr__(name: str) -> Any:
    if name == "Extractor":
        from kg.extract.extractor import Extractor

        return Extractor
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
