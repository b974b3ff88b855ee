"""Shared fixtures: the seed-article plugin, an embedded FalkorDB server, one real Neo4j for the session, and a
``store`` per database engine.

Neo4j is a testcontainer where a Docker engine answers, else the same local Neo4j 5.26 server `make neo4j` runs
(resolved from Maven Central by ``tools/neo4j/pom.xml``, started on free ports): every Neo4j test runs either
way, with the same bodies.
"""

from __future__ import annotations

import os
import shutil
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Iterator

import pytest

from kg.store.base import Store, one_line
from kg.store.embedded import EmbeddedServer
from kg.store.falkor import FalkorDBStore

if TYPE_CHECKING:
    from kg.store.neo4j_server import Neo4jServer

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


@dataclass
class Neo4jTarget:
    """The session's Neo4j: where it listens, its credentials, and the folder it reads ``file:///…`` from."""

    uri: str
    user: str
    password: str
    import_dir: Path
    http_url: str
    server: object | None = None  # the local Neo4jServer (None for a testcontainer)
    data_dir: Path | None = None  # its KG_DATA_DIR (the server home is data_dir/neo4j)

    def local_server(self) -> "Neo4jServer":
        from kg.store.neo4j_server import Neo4jServer

        if not isinstance(self.server, Neo4jServer):
            pytest.skip("killing or restarting the server needs the local Neo4j (not a testcontainer)")
        return self.server

    def kill(self) -> None:
        """SIGKILL the server: no checkpoint, no clean shutdown."""
        self.local_server().kill()

    def restart(self) -> None:
        """Start the (stopped or killed) server again on the same data and address."""
        server = self.local_server()
        server.start()
        assert server.uri == self.uri

    def store(self) -> "Store":
        from kg.store.neo4j_store import Neo4jStore

        return Neo4jStore(self.uri, self.user, self.password)


def _local_neo4j_missing() -> str | None:
    missing = [tool for tool in ("java", "mvn") if shutil.which(tool) is None and not (
        tool == "java" and os.environ.get("JAVA_HOME"))]
    return f"{' and '.join(missing)} not installed" if missing else None


@pytest.fixture(scope="session")
def neo4j(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Neo4jTarget]:
    """One real Neo4j 5 for the session: a testcontainer where Docker answers, else the local Maven-built server."""
    import_dir = tmp_path_factory.mktemp("neo4j-import")
    if docker_unavailable() is None:
        from testcontainers.community.neo4j import Neo4jContainer

        container = (Neo4jContainer(NEO4J_IMAGE).with_env("NEO4J_PLUGINS", '["apoc"]')
                     .with_env("NEO4J_apoc_import_file_enabled", "true")
                     .with_env("NEO4J_apoc_import_file_use__neo4j__config", "true")
                     .with_volume_mapping(str(import_dir), "/import", "rw").with_exposed_ports(7474, 7687))
        with container:
            http = f"http://{container.get_container_host_ip()}:{container.get_exposed_port(7474)}"
            yield Neo4jTarget(container.get_connection_url(), container.username, container.password, import_dir,
                              http)
        return
    missing = _local_neo4j_missing()
    if missing:
        if os.environ.get("CI"):
            pytest.fail(f"CI must run the Neo4j tests, but {missing} (.ci/run installs them)")
        pytest.skip(f"no Docker engine and {missing}: no Neo4j to test on")
    from kg.store.neo4j_server import USER, Neo4jServer

    data_dir = tmp_path_factory.mktemp("neo4j-data")  # a KG_DATA_DIR: `kg neo4j status` finds the server
    server = Neo4jServer(data_dir / "neo4j", import_dir=import_dir, bolt_port=0, http_port=0, heap="768m",
                         pagecache="256m")
    with server:
        assert server.info is not None
        yield Neo4jTarget(server.uri, USER, server.password, import_dir, f"http://127.0.0.1:{server.info.http_port}",
                          server, data_dir)




@pytest.fixture(params=["falkordb", pytest.param("neo4j", marks=pytest.mark.neo4j)])
def store(request: pytest.FixtureRequest) -> Iterator[Store]:
    """An empty graph on each engine: a fresh FalkorDB graph, or the session's Neo4j database, wiped."""
    if request.param == "falkordb":
        yield request.getfixturevalue("falkor_store")
        return
    yield from _wiped(request.getfixturevalue("neo4j"))


def _wiped(target: Neo4jTarget) -> Iterator[Store]:
    neo = target.store()
    neo.query("MATCH (n) DETACH DELETE n")
    try:
        yield neo
    finally:
        neo.query("MATCH (n) DETACH DELETE n")
        neo.close()


@pytest.fixture
def neo4j_store(neo4j: Neo4jTarget) -> Iterator[Store]:
    """The session's Neo4j database, empty (wiped before and after)."""
    yield from _wiped(neo4j)

