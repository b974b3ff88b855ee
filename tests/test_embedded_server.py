"""The embedded FalkorDB server: loopback only, password, durability, no orphan, clear errors."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from kg.settings import Settings
from kg.store import StoreError, open_store
from kg.store.embedded import EmbeddedServer, server_status, stop_server
from kg.store.falkor import FalkorDBStore

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc; PDEATHSIG is Linux-only")


def listening_addresses(port: int) -> list[str]:
    """Local addresses (hex, as in /proc/net/tcp*) of the sockets listening on ``port``."""
    found = []
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        if not Path(table).exists():
            continue
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()
            address, hex_port = fields[1].split(":")
            if int(hex_port, 16) == port and fields[3] == "0A":  # 0A = LISTEN
                found.append(address)
    return found


def running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"


def store_on(server: EmbeddedServer, graph: str = "kg") -> FalkorDBStore:
    assert server.port is not None
    return FalkorDBStore(server.host, server.port, server.password, graph)


def test_binds_loopback_only(embedded_server: EmbeddedServer) -> None:
    assert embedded_server.port is not None
    assert listening_addresses(embedded_server.port) == ["0100007F"]  # 127.0.0.1, and no IPv6 socket


def test_password_file_is_private_and_kept(embedded_server: EmbeddedServer) -> None:
    path = embedded_server.data_dir / "password"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert path.read_text().strip() == embedded_server.password
    assert len(embedded_server.password) >= 32


def test_wrong_or_missing_password_is_a_store_error(embedded_server: EmbeddedServer) -> None:
    assert embedded_server.port is not None
    for password in ("not-the-password", None):
        with pytest.raises(StoreError, match="^wrong password for embedded database"):
            FalkorDBStore(embedded_server.host, embedded_server.port, password, "kg")


def test_data_survives_stop_and_start(tmp_path: Path) -> None:
    with EmbeddedServer(tmp_path) as server:
        first_port = server.port
        with store_on(server) as store:
            store.query("UNWIND range(1, 500) AS i CREATE (:Person {id: 'person:' + toString(i), name: 'P'})")
    assert server_status(tmp_path) is None
    with EmbeddedServer(tmp_path) as server:
        with store_on(server) as store:
            assert store.query("MATCH (p:Person) RETURN count(p) AS c") == [{"c": 500}]
    assert first_port is not None


def test_env_password_overrides_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KG_EMBEDDED_PASSWORD", 'from env with "quotes" and spaces')
    with EmbeddedServer(tmp_path) as server:
        assert server.password == 'from env with "quotes" and spaces'
        with store_on(server) as store:
            assert store.query("RETURN 1 AS one") == [{"one": 1}]
    assert not (tmp_path / "password").exists()


def test_second_server_on_same_dir_waits_then_is_refused(embedded_server: EmbeddedServer,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KG_WAIT_FOR_DATABASE", "0.5")
    started = time.monotonic()
    with pytest.raises(StoreError, match="in use by another kg process"):
        EmbeddedServer(embedded_server.data_dir).start()
    assert time.monotonic() - started >= 0.5


def test_detached_server_is_reused_then_stopped(tmp_path: Path) -> None:
    detached = EmbeddedServer(tmp_path, detach=True).start()
    try:
        with EmbeddedServer(tmp_path) as attached:
            assert attached.port == detached.port and not attached.owned
        info = server_status(tmp_path)
        assert info is not None and info.detached and running(info.pid)
    finally:
        assert stop_server(tmp_path)
    assert server_status(tmp_path) is None
    assert not stop_server(tmp_path)


def test_open_store_embedded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NEO4J_URI", raising=False)
    settings = Settings(data_dir=tmp_path, graph_name="mine")
    with open_store(settings) as store:
        assert store.engine == "falkordb"
        store.query("CREATE (:Country {id: 'country:armenia', name: 'Armenia'})")
        info = server_status(tmp_path)
        assert info is not None and running(info.pid)
    assert server_status(tmp_path) is None and not running(info.pid)


def test_failed_start_shows_the_log(tmp_path: Path) -> None:
    aof = tmp_path / "falkordb" / "appendonlydir"
    aof.mkdir(parents=True)
    (aof / "appendonly.aof.manifest").write_text("this is not a manifest\n")
    with pytest.raises(StoreError, match=r"exited at start .*falkordb\.log: .*\S") as caught:
        EmbeddedServer(tmp_path, startup_timeout=10).start()
    assert "\n" not in str(caught.value)
    assert server_status(tmp_path) is None


def test_sigkill_of_kg_leaves_no_orphan(tmp_path: Path) -> None:
    script = textwrap.dedent(f"""
        import sys, time
        from kg.store.embedded import EmbeddedServer, server_status
        from kg.store.falkor import FalkorDBStore
        server = EmbeddedServer({str(tmp_path)!r}).start()
        FalkorDBStore(server.host, server.port, server.password, "kg").query("CREATE (:Country {{id: 'c', name: 'C'}})")
        print(server_status({str(tmp_path)!r}).pid, flush=True)
        time.sleep(60)
    """)
    kg = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    try:
        assert kg.stdout is not None
        redis_pid = int(kg.stdout.readline())
        assert running(redis_pid)
        os.kill(kg.pid, signal.SIGKILL)
        kg.wait(timeout=10)
        deadline = time.monotonic() + 10
        while running(redis_pid) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not running(redis_pid), "redis-server outlived the kg process that started it"
    finally:
        if kg.poll() is None:
            kg.kill()
    with EmbeddedServer(tmp_path) as server:  # the stale pid file does not block a restart; the write survived
        with store_on(server) as store:
            assert store.query("MATCH (c:Country) RETURN c.name AS name") == [{"name": "C"}]
