"""Neo4j 5 backend over Bolt with the official driver: managed transactions, retried on transient errors."""

from __future__ import annotations

import logging
import re
from typing import Any, Callable, Iterable, TypeVar

from neo4j import GraphDatabase, ManagedTransaction, Record
from neo4j import exceptions as neo4j_errors
from neo4j.graph import Node, Path, Relationship

from kg.store.base import Engine, Store, StoreError, Written, one_line, written_count
from kg.store.dialect import (AWAIT_INDEXES, NEO4J_WRITE_PREFIX, SHOW_CONSTRAINTS, SHOW_INDEXES, neo4j_schema,
                              neo4j_schema_missing)

T = TypeVar("T")
_ERRNO = re.compile(r"\[Errno -?\d+\] ([^)\]]+)")
# the driver logs a lost connection at ERROR level before raising: without a handler of its own, Python's
# last-resort handler printed that to stderr on top of kg's one-line error
logging.getLogger("neo4j").addHandler(logging.NullHandler())
_SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")


class Neo4jStore(Store):
    """One database of a Neo4j server.  Connectivity is checked at construction, so errors surface early."""

    engine: Engine = "neo4j"

    def __init__(self, uri: str, user: str, password: str | None, database: str = "neo4j",
                 connect_timeout: float = 10.0, retry_time: float = 15.0) -> None:
        self.uri = uri
        self.database = database
        #: transaction-function runs of ``write`` (more than the writes made when the driver retried one)
        self.attempts = 0
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
        """Make sure every label has its unique ``id`` and ``name`` index: when ``SHOW CONSTRAINTS`` /
        ``SHOW INDEXES`` lack any, run ``cypher/schema.cypher``, wait for the indexes to come online and check
        again (a StoreError names what is still missing, e.g. when an existing index blocks a constraint)."""
        labels = list(labels)
        if not self.schema_missing(labels):
            return
        for statement in neo4j_schema():
            self._call(lambda: self._driver.execute_query(statement, database_=self.database))
        self.query(AWAIT_INDEXES)
        missing = self.schema_missing(labels)
        if missing:
            raise StoreError(f"Neo4j database {self.database!r} lacks, after cypher/schema.cypher: "
                             f"{', '.join(missing)}")

    def schema_missing(self, labels: Iterable[str]) -> list[str]:
        """What of the schema the database lacks (empty when complete), per ``SHOW CONSTRAINTS``/``INDEXES``."""
        return neo4j_schema_missing(self.query(SHOW_CONSTRAINTS), self.query(SHOW_INDEXES), labels)

    def write(self, statement: str, rows: list[Any]) -> Written:
        text = NEO4J_WRITE_PREFIX + statement  # keep the cached index-seek plan (see kg.store.dialect)

        def work(tx: ManagedTransaction) -> Written:
            self.attempts += 1
            result = tx.run(text, rows=rows)
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
    if "defunct connection" in text or "Connection reset" in text:
        return "the connection was lost"
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

