"""Shared fixtures: the seed-article plugin, an embedded FalkorDB server, and a ``store`` per database engine."""

from __future__ import annotations

import uuid
from typing import Iterator

import pytest

from kg.store.base import Store, one_line
from kg.store.embedded import EmbeddedServer
from kg.store.falkor import FalkorDBStore

pytest_plugins = ["plugin_seeds"]

NEO4J_IMAGE = "neo4j:5.26-community"


@pytest.fixture(scope="session")
def embedded_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmbeddedServer]:
    """One private FalkorDB server for the session, on a free port, data in a temporary directory."""
    with EmbeddedServer(tmp_path_factory.mktemp("embedded"), startup_timeout=20.0) as server:
        yield server


@pytest.fixture
def falkor_store(embedded_server: EmbeddedServer) -> Iterator[FalkorDBStore]:
    """A FalkorDB store on a fresh, uniquely named graph, deleted afterwards."""
    assert embedded_server.port is not None
    store = FalkorDBStore(embedded_server.host, embedded_server.port, embedded_server.password,
                          f"test_{uuid.uuid4().hex[:12]}")
    try:
        yield store
    finally:
        store.delete_graph()
        store.close()


def docker_unavailable() -> str | None:
    """Why no Docker engine can be used (None when one answers); gives up within a few seconds."""
    try:
        import docker

        client = docker.from_env(timeout=3)
        try:
            client.ping()
        finally:
            client.close()
    except Exception as exc:  # any failure means: no usable engine
        return one_line(exc, limit=160) or type(exc).__name__
    return None


@pytest.fixture(scope="session")
def neo4j_container() -> Iterator[object]:
    """A Neo4j 5 community testcontainer for the session (skips when no Docker engine answers)."""
    reason = docker_unavailable()
    if reason is not None:
        pytest.skip(f"no Docker engine answers: {reason}")
    from testcontainers.community.neo4j import Neo4jContainer

    with Neo4jContainer(NEO4J_IMAGE) as container:
        yield container


@pytest.fixture(params=["falkordb", pytest.param("neo4j", marks=pytest.mark.neo4j)])
def store(request: pytest.FixtureRequest) -> Iterator[Store]:
    """An empty graph on each engine: a fresh FalkorDB graph, or the (wiped) Neo4j testcontainer database."""
    if request.param == "falkordb":
        yield request.getfixturevalue("falkor_store")
        return
    from kg.store.neo4j_store import Neo4jStore

    container = request.getfixturevalue("neo4j_container")
    neo = Neo4jStore(container.get_connection_url(), container.username, container.password)
    neo.query("MATCH (n) DETACH DELETE n")
    try:
        yield neo
    finally:
        neo.query("MATCH (n) DETACH DELETE n")
        neo.close()

