"""The local Neo4j launcher's own logic, without starting a JVM: ports, state files, missing tools, the pom, the
schema check (the server itself is exercised by the session fixture in every Neo4j test)."""

from __future__ import annotations

import json
import socket
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from kg.model import LABELS
from kg.store.base import StoreError
from kg.store.dialect import neo4j_schema_missing
from kg.store.neo4j_server import POM, _port, cache_dir, java_binary, neo4j_status, resolve_classpath, stop_neo4j


def test_the_pom_names_neo4j_5_26_apoc_and_the_browser_and_keeps_hadoop_out() -> None:
    ns = {"m": "http://maven.apache.org/POM/4.0.0"}
    root = ET.parse(POM).getroot()
    props = {p.tag.split("}")[1]: p.text for p in root.find("m:properties", ns)}  # type: ignore[union-attr]
    assert props["neo4j.version"].startswith("5.26.") and props["apoc.version"].startswith("5.26.")
    deps = {(d.findtext("m:groupId", namespaces=ns), d.findtext("m:artifactId", namespaces=ns))
            for d in root.iter("{http://maven.apache.org/POM/4.0.0}dependency")}
    assert {("org.neo4j", "neo4j"), ("org.neo4j.procedure", "apoc-core"), ("org.neo4j.procedure", "apoc-common"),
            ("org.neo4j.client", "neo4j-browser")} <= deps
    excluded = [e.findtext("m:groupId", namespaces=ns)
                for e in root.iter("{http://maven.apache.org/POM/4.0.0}exclusion")]
    assert "org.apache.hadoop" in excluded


def test_a_taken_default_port_gives_a_free_one() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        chosen = _port(None, port)
        assert chosen != port and chosen > 0
    assert _port(None, port) == port  # free again: the default is kept
    assert _port(0, 7687) > 0  # 0: any free port
    assert _port(12345, 7687) == 12345


def test_a_stale_state_file_means_not_running(tmp_path: Path) -> None:
    (tmp_path / "server.json").write_text(json.dumps({"pid": 2**22 + 17, "bolt_port": 1, "http_port": 2}))
    assert neo4j_status(tmp_path) is None
    assert stop_neo4j(tmp_path) is False and not (tmp_path / "server.json").exists()


def test_missing_java_or_maven_is_one_clear_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.delenv("JAVA_HOME", raising=False)
    monkeypatch.setenv("KG_NEO4J_CACHE", str(tmp_path / "cache"))
    with pytest.raises(StoreError, match=r"Java 17 or newer \(`java`\) is needed"):
        java_binary()
    with pytest.raises(StoreError, match=r"Maven \(`mvn`\) is needed"):
        resolve_classpath()
    assert cache_dir() == tmp_path / "cache"


def test_schema_check_names_what_is_missing() -> None:
    unique = [{"type": "UNIQUENESS", "entityType": "NODE", "labelsOrTypes": [label], "properties": ["id"]}
              for label in LABELS]
    named = [{"type": "RANGE", "entityType": "NODE", "labelsOrTypes": [label], "properties": ["name"],
              "state": "ONLINE"} for label in LABELS]
    assert neo4j_schema_missing(unique, named) == []
    assert neo4j_schema_missing(unique[1:], named) == [f"unique constraint on :{LABELS[0]}(id)"]
    populating = [dict(named[0], state="POPULATING"), *named[1:]]
    assert neo4j_schema_missing(unique, populating) == [f"online index on :{LABELS[0]}(name)"]
