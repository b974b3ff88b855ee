"""Neo4j 5 backend over Bolt with the official driver: managed transactions, retried on transient errors."""

from __future__ import annotations

import re
from typing import Any, Callable, Iterable, TypeVar

from neo4j import GraphDatabase, ManagedTransaction, Record
from neo4j import exceptions as neo4j_errors
from neo4j.graph import Node, Path, Relationship

from kg.store.base import Engine, Store, StoreError, Written, one_line, written_count
from kg.store.dialect import neo4j_schema

T = TypeVar("T")
_ERRNO = re.compile(r"\[Errno -?\d+\] ([^)\]]+)")
_SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")


class Neo4jStore(Store):
    """One database of a Neo4j server.  Connectivity is checked at construction, so errors surface early."""

    engine: Engine = "neo4j"

    def __init__(self, uri: str, user: str, password: str | None, database: str = "neo4j",
                 connect_timeout: float = 10.0, retry_time: float = 15.0) -> None:
        self.uri = uri
        self.database = database
        if uri.split("://", 1)[0].lower() not in _SCHEMES or "://" not in uri:
            raise StoreError(f"NEO4J_URI {uri!r} is not a Bolt URI (bolt://host:7687 or neo4j://host:7687)")
        auth = (user, password) if password is not None else None
        self._driver = self._call(lambda: GraphDatabase.driver(
            uri, auth=auth, connection_timeout=connect_timeout, max_transaction_retry_time=retry_time))
        try:
            self._call(self._driver.verify_connectivity)
        except StoreError:
            self._driver.close()
            raise

    def apply_schema(self, labels: Iterable[str]) -> None:
        """Run every statement of ``cypher/schema.cypher`` (it covers all labels; ``labels`` is not needed)."""
        for statement in neo4j_schema():
            self._call(lambda: self._driver.execute_query(statement, database_=self.database))

    def write(self, statement: str, rows: list[Any]) -> Written:
        def work(tx: ManagedTransaction) -> Written:
            result = tx.run(statement, rows=rows)
            written = written_count([_row(record) for record in result])
            counters = result.consume().counters
            return Written(written, counters.nodes_created + counters.relationships_created)

        def run() -> Written:
            with self._driver.session(database=self.database) as session:
                return session.execute_write(work)
        return self._call(run)

    def query(self, statement: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        result = self._call(lambda: self._driver.execute_query(statement, params or {}, database_=self.database))
        return [_row(record) for record in result.records]

    def close(self) -> None:
        self._driver.close()

    def _call(self, action: Callable[[], T]) -> T:
        try:
            return action()
        except neo4j_errors.AuthError:
            raise StoreError(f"wrong user or password for Neo4j at {self.uri}") from None
        except (neo4j_errors.ServiceUnavailable, neo4j_errors.SessionExpired) as exc:
            raise StoreError(f"cannot reach Neo4j at {self.uri}: {_reason(exc)}") from None
        except neo4j_errors.Neo4jError as exc:
            raise StoreError(f"Neo4j: {one_line(exc.message or exc)}") from None
        except (neo4j_errors.DriverError, neo4j_errors.ConfigurationError, ValueError) as exc:
            raise StoreError(f"Neo4j at {self.uri}: {one_line(exc)}") from None


def _row(record: Record) -> dict[str, Any]:
    return {key: plain(value) for key, value in zip(record.keys(), record.values())}


def _reason(exc: BaseException) -> str:
    text = str(exc)
    match = _ERRNO.search(text)
    if match:
        return match.group(1).strip().lower()
    if "DNS resolve" in text:
        return "unknown host"
    return one_line(text.splitlines()[0] if text else type(exc).__name__)


def plain(value: Any) -> Any:
    """A Neo4j result value as plain Python (str/int/float/bool/None, lists and dicts of those)."""
    if isinstance(value, (Node, Relationship)):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, Path):
        return {"nodes": [plain(n) for n in value.nodes], "relationships": [plain(r) for r in value.relationships]}
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    if hasattr(value, "iso_format"):  # neo4j.time Date, DateTime, Time, Duration
        return str(value.iso_format())
    return str(value)

