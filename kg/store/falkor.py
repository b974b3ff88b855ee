"""FalkorDB backend over its own Redis protocol (the ``falkordb`` client), never over Bolt."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any, Callable, Iterable, TypeVar

import falkordb
from falkordb.edge import Edge
from falkordb.node import Node
from falkordb.path import Path as FalkorPath
from falkordb.query_result import QueryResult
from redis import exceptions as redis_errors
from redis.backoff import ExponentialBackoff
from redis.retry import Retry

from kg.store.base import Engine, Store, StoreError, Written, one_line, written_count
from kg.store.dialect import apply_falkordb_schema

T = TypeVar("T")

_JSON = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), allow_nan=False)


def rows_header(rows: list[Any]) -> str | None:
    """``CYPHER rows=[…] `` for positional rows (lists of strings, numbers, booleans, nulls and lists of those).

    FalkorDB's protocol carries parameters in this header.  For such rows JSON *is* its literal syntax (strings
    double-quoted with ``\\ \" \n \r \t \b \f`` escapes), and ``json`` writes it in C, several times faster
    than the client's pure-Python encoder.  ``None`` (use the client's encoder) when a row is a map (JSON's
    quoted keys are not Cypher) or when JSON had to write a ``\\u`` escape, which FalkorDB does not decode.
    """
    if not all(type(row) is list for row in rows):
        return None
    try:
        text = _JSON.encode(rows)
    except (TypeError, ValueError):
        return None
    if "\\u" in text or "{" in text:
        return None
    return f"CYPHER rows={text} "


class FalkorDBStore(Store):
    """One graph of a FalkorDB server; each statement is one atomic query."""

    engine: Engine = "falkordb"

    def __init__(self, host: str, port: int, password: str | None, graph_name: str,
                 connect_timeout: float = 5.0) -> None:
        self.address = f"{host}:{port}"
        self.graph_name = graph_name
        # the client's constructor already talks to the server (INFO), so connection errors surface here
        # two quick retries on a dropped connection (the loader's MERGEs are idempotent), not redis' 3 slow ones
        retry = Retry(ExponentialBackoff(cap=0.5, base=0.05), 2)
        self._db = self._call(lambda: falkordb.FalkorDB(host=host, port=port, password=password, retry=retry,
                                                        socket_connect_timeout=connect_timeout))
        self._graph = self._db.select_graph(graph_name)

    def apply_schema(self, labels: Iterable[str]) -> None:
        self._call(lambda: apply_falkordb_schema(self._graph, list(labels)))

    def write(self, statement: str, rows: list[Any]) -> Written:
        header = rows_header(rows)
        text, params = (statement, {"rows": rows}) if header is None else (header + statement, None)
        result = self._call(lambda: self._graph.query(text, params))
        return Written(written_count(_rows(result)), result.nodes_created + result.relationships_created)

    def query(self, statement: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        return self._run(statement, params or {})

    def delete_graph(self) -> None:
        """Drop the whole graph (its nodes, relationships, indexes and constraints); no error if absent."""
        if self.graph_name in self._call(self._db.list_graphs):
            self._call(self._graph.delete)

    def close(self) -> None:
        try:
            self._db.close()
        except redis_errors.RedisError:
            pass

    def _run(self, statement: str, params: dict[str, Any] | None) -> list[dict[str, Any]]:
        return _rows(self._call(lambda: self._graph.query(statement, params)))

    def _call(self, action: Callable[[], T]) -> T:
        try:
            return action()
        except redis_errors.AuthenticationError:
            raise StoreError(f"wrong password for embedded database at {self.address}") from None
        except redis_errors.ResponseError as exc:
            if "NOAUTH" in str(exc) or "WRONGPASS" in str(exc):
                raise StoreError(f"wrong password for embedded database at {self.address}") from None
            raise StoreError(f"FalkorDB: {one_line(exc)}") from None
        except (redis_errors.ConnectionError, redis_errors.TimeoutError, OSError) as exc:
            raise StoreError(f"cannot reach FalkorDB at {self.address}: {one_line(exc) or type(exc).__name__}"
                             ) from None
        except redis_errors.RedisError as exc:
            raise StoreError(f"FalkorDB: {one_line(exc)}") from None


def _rows(result: QueryResult) -> list[dict[str, Any]]:
    """A query's result rows as dicts keyed by column name, values plain Python."""
    columns = [str(column[1]) for column in result.header]
    return [dict(zip(columns, (plain(v) for v in row))) for row in result.result_set]


_PLAIN_SCALARS = frozenset({str, int, float, bool, type(None)})


def plain(value: Any) -> Any:
    """A FalkorDB result value as plain Python (str/int/float/bool/None, lists and dicts of those)."""
    kind = type(value)
    if kind in _PLAIN_SCALARS:  # the common case first: a read-back returns hundreds of thousands of these
        return value
    if kind is list:
        return [v if type(v) in _PLAIN_SCALARS else plain(v) for v in value]
    if isinstance(value, Node):
        return {k: plain(v) for k, v in value.properties.items()}
    if isinstance(value, Edge):
        return {k: plain(v) for k, v in value.properties.items()}
    if isinstance(value, FalkorPath):
        return {"nodes": [plain(n) for n in value.nodes()], "relationships": [plain(e) for e in value.edges()]}
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, (dt.date, dt.time, dt.datetime)):
        return value.isoformat()
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)
