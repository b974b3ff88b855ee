"""The one small interface every database backend implements, and the one error type users see."""

from __future__ import annotations

from abc import ABC, abstractmethod
from types import TracebackType
from typing import Any, Iterable, Literal, NamedTuple

Engine = Literal["falkordb", "neo4j"]


class StoreError(Exception):
    """A database problem the user can act on, with a one-line message (no driver traceback)."""

    def __init__(self, message: str) -> None:
        super().__init__(one_line(message))


def one_line(text: object, limit: int = 300) -> str:
    """``text`` with its whitespace runs (newlines included) collapsed, cut to ``limit`` characters."""
    flat = " ".join(str(text).split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


class Written(NamedTuple):
    """What one write statement did: its ``written`` column (rows MERGEd) and the nodes + relationships it
    created (the rest already existed)."""

    rows: int
    created: int


class Store(ABC):
    """Apply the schema, write one batch per transaction, run a query and get plain rows back."""

    engine: Engine

    @abstractmethod
    def apply_schema(self, labels: Iterable[str]) -> None:
        """Create the unique-``id`` constraints and ``id``/``name`` indexes (idempotent)."""

    @abstractmethod
    def write(self, statement: str, rows: list[Any]) -> Written:
        """Run ``statement`` with ``$rows`` = ``rows`` in one transaction.

        Returns the ``written`` column of its single result row (the loader's statements end in
        ``RETURN count(*) AS written``; 0 when the statement returns nothing) and how many nodes and
        relationships it created.
        """

    @abstractmethod
    def query(self, statement: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        """Rows as dicts keyed by the RETURN column names, values plain Python.

        Nodes and relationships become dicts of their properties, paths ``{"nodes": …, "relationships": …}``,
        temporal values ISO 8601 strings.
        """

    @abstractmethod
    def close(self) -> None:
        """Release connections (does not stop an embedded server; ``open_store`` does that)."""

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()


def written_count(rows: list[dict[str, Any]]) -> int:
    """The ``written`` column of a write statement's result (0 when absent)."""
    if not rows:
        return 0
    value = rows[0].get("written", 0)
    return int(value) if isinstance(value, (int, float)) else 0
