"""Crash safety with real processes and real kills: a load killed with SIGKILL part-way and then re-run ends
with exactly the counts of a clean load; a server killed with SIGKILL right after a load loses nothing."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
import redis

from kg.model import Graph
from kg.store.embedded import EmbeddedServer
from kg.store.falkor import FalkorDBStore
from kg.store.loader import load_graph

REPO = Path(__file__).resolve().parent.parent
ARTICLES = [str(REPO / "seeds"), str(REPO / "tests" / "corpus")]
COUNTS = ("MATCH (n) RETURN labels(n)[0] AS what, count(n) AS n "
          "UNION ALL MATCH ()-[r]->() RETURN type(r) AS what, count(r) AS n")


def _env(data_dir: Path, **extra: str) -> dict[str, str]:
    env = {**os.environ, "KG_DATA_DIR": str(data_dir), **extra}
    env.pop("NEO4J_URI", None)
    return env


def _counts(data_dir: Path) -> Counter[str]:
    with EmbeddedServer(data_dir) as server:
        assert server.port is not None
        with FalkorDBStore(server.host, server.port, server.password, "kg") as store:
            return Counter({row["what"]: row["n"] for row in store.query(COUNTS)})


def _graph_nodes(data_dir: Path, count: str = "MATCH (n) RETURN count(n)") -> int:
    """Nodes (what ``count`` counts) the running server of ``data_dir`` holds right now (0 while it is not up)."""
    try:
        state = json.loads((data_dir / "server.json").read_text(encoding="utf-8"))
        password = (data_dir / "password").read_text(encoding="utf-8").strip()
        client = redis.Redis(host="127.0.0.1", port=state["port"], password=password, socket_timeout=2)
        reply = client.execute_command("GRAPH.RO_QUERY", "kg", count)
        return int(reply[1][0][0])
    except Exception:
        return 0


def test_sigkill_during_load_then_rerun_matches_a_clean_load(tmp_path: Path) -> None:
    clean_dir, crash_dir = tmp_path / "clean", tmp_path / "crash"
    clean = subprocess.run([sys.executable, "-m", "kg.cli", "load", *ARTICLES, "--quiet"], env=_env(clean_dir),
                           capture_output=True, text=True, timeout=300)
    assert clean.returncode == 0, clean.stderr
    expected = _counts(clean_dir)

    loader = subprocess.Popen([sys.executable, "-m", "kg.cli", "load", *ARTICLES, "--quiet"],
                              env=_env(crash_dir, KG_BATCH_SIZE="1"), stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 180
    while _graph_nodes(crash_dir) < 40 and loader.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    assert loader.poll() is None, "the load finished before it could be killed"
    loader.send_signal(signal.SIGKILL)
    loader.wait(timeout=30)
    partial = _counts(crash_dir)
    assert 0 < sum(partial.values()) < sum(expected.values())  # really killed part-way

    rerun = subprocess.run([sys.executable, "-m", "kg.cli", "load", *ARTICLES, "--quiet"], env=_env(crash_dir),
                           capture_output=True, text=True, timeout=300)
    assert rerun.returncode == 0, rerun.stderr
    assert _counts(crash_dir) == expected


def test_server_sigkilled_right_after_a_load_loses_nothing(tmp_path: Path, seed_graph: Graph) -> None:
    server = EmbeddedServer(tmp_path).start()
    pid = server.pid
    assert server.port is not None and pid is not None
    with FalkorDBStore(server.host, server.port, server.password, "kg") as store:
        load_graph(store, seed_graph, batch_size=100)
        loaded = Counter({row["what"]: row["n"] for row in store.query(COUNTS)})
    os.kill(pid, signal.SIGKILL)  # no shutdown, no save: only the append-only file can bring the data back
    server.stop()  # reaps the killed process
    assert sum(loaded.values()) == len(seed_graph.nodes) + len(seed_graph.relationships)
    assert _counts(tmp_path) == loaded


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="parent-death signal is Linux-only")
def test_kill_leaves_no_orphan_server(tmp_path: Path) -> None:
    loader = subprocess.Popen([sys.executable, "-m", "kg.cli", "load", *ARTICLES, "--quiet"],
                              env=_env(tmp_path, KG_BATCH_SIZE="1"), stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while not (tmp_path / "server.json").exists() and time.monotonic() < deadline:
        time.sleep(0.02)
    pid = json.loads((tmp_path / "server.json").read_text(encoding="utf-8"))["pid"]
    loader.send_signal(signal.SIGKILL)
    loader.wait(timeout=30)
    deadline = time.monotonic() + 15
    alive = True
    while alive and time.monotonic() < deadline:
        try:
            alive = Path(f"/proc/{pid}/stat").read_text().split()[2] != "Z"
        except OSError:
            alive = False
        time.sleep(0.05)
    assert not alive


def test_two_loads_at_once_make_no_duplicates(tmp_path: Path) -> None:
    seeds = sorted((REPO / "seeds").glob("*.txt"))
    first_half, second_half = [str(p) for p in seeds[:4]], [str(p) for p in seeds[1:]]  # three overlap
    clean_dir, busy_dir = tmp_path / "clean", tmp_path / "busy"
    clean = subprocess.run([sys.executable, "-m", "kg.cli", "load", str(REPO / "seeds"), "--quiet"],
                           env=_env(clean_dir), capture_output=True, text=True, timeout=300)
    assert clean.returncode == 0, clean.stderr
    loads = [subprocess.Popen([sys.executable, "-m", "kg.cli", "load", *half, "--quiet"], env=_env(busy_dir),
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for half in (first_half, second_half)]
    for load in loads:
        _, stderr = load.communicate(timeout=300)
        assert load.returncode == 0, stderr
    counts = _counts(busy_dir)
    with EmbeddedServer(busy_dir) as server:
        assert server.port is not None
        with FalkorDBStore(server.host, server.port, server.password, "kg") as store:
            duplicates = store.query("MATCH (n) WITH n.id AS id, count(*) AS c WHERE c > 1 RETURN count(id) AS n")
    assert duplicates[0]["n"] == 0
    assert sum(counts.values()) == sum(_counts(clean_dir).values())
