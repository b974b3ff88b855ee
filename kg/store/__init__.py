"""Stores: one interface (``Store``), two backends (Neo4j, embedded FalkorDB), the embedded server, the loader."""

from __future__ import annotations

from contextlib import contextmanager
from typing import Iterator

from kg.settings import Settings
from kg.store.base import Store, StoreError

__all__ = ["Store", "StoreError", "open_store"]


@contextmanager
def open_store(settings: Settings) -> Iterator[Store]:
    """Neo4j when ``NEO4J_URI`` is set, else the embedded FalkorDB server under ``settings.data_dir``.

    An embedded server started here is stopped on exit (a detached one, from ``kg db start``, is reused and
    left running).
    """
    if settings.neo4j_uri:
        from kg.store.neo4j_store import Neo4jStore

        password = settings.neo4j_password.get_secret_value() if settings.neo4j_password else None
        with Neo4jStore(settings.neo4j_uri, settings.neo4j_user, password, settings.neo4j_database) as store:
            yield store
        return
    from kg.store.embedded import EmbeddedServer
    from kg.store.falkor import FalkorDBStore

    with EmbeddedServer(settings.data_dir) as server:
        assert server.port is not None
        with FalkorDBStore(server.host, server.port, server.password, settings.graph_name) as falkor:
            yield falkor
