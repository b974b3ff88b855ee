"""A local Neo4j 5 community server from Maven Central (no Docker): `make neo4j`, `kg neo4j start|stop|status`.

``tools/neo4j/pom.xml`` names Neo4j 5.26 LTS (``org.neo4j:neo4j``, which holds the server's entry point
``org.neo4j.server.CommunityEntryPoint``), APOC core and the Neo4j Browser's assets.  Maven resolves them into its
local repository (``~/.m2``, outside git) and writes the classpath, which is cached under
``$KG_NEO4J_CACHE`` (default ``~/.cache/kg/neo4j/<hash of the pom>/``).  Nothing is built or committed.

Layout of the server home (``<KG_DATA_DIR>/neo4j`` for ``make neo4j``)::

    password      the ``neo4j`` user's password, generated once (mode 0600), set before the first start
    conf/         neo4j.conf and apoc.conf, written at every start (ports may change)
    plugins/      links to the APOC jars
    data/ logs/   the databases (they survive restarts) and Neo4j's own logs (logs/neo4j.log, logs/console.log)
    server.json   pid and ports of the running server

The server binds 127.0.0.1 only (Bolt 7687 and HTTP 7474 when free, else free ports), authentication on.
A server started for a test session dies with the test process (parent-death signal); ``kg neo4j start``
detaches it, and ``kg neo4j stop`` stops it (SIGTERM: Neo4j checkpoints and exits cleanly).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Callable

from kg.store.base import StoreError, one_line
from kg.store.embedded import (HOST, _die_with_parent, _locked, _log_tail, _private_dir, _write_private, free_port,
                               read_or_create_password)

POM = Path(__file__).resolve().parents[2] / "tools" / "neo4j" / "pom.xml"
ENTRY_POINT = "org.neo4j.server.CommunityEntryPoint"
ADMIN_TOOL = "org.neo4j.cli.AdminTool"
USER = "neo4j"
DEFAULT_BOLT, DEFAULT_HTTP = 7687, 7474
_PORT_TAKEN = ("Address already in use", "BindException", "already in use")
#: what Neo4j's own launcher passes to the JVM (from the 5.26 distribution's neo4j.conf), heap aside
JVM_FLAGS = ("-XX:+UseG1GC", "-XX:-OmitStackTraceInFastThrow", "-XX:+UnlockExperimentalVMOptions",
             "-XX:+TrustFinalNonStaticFields", "-XX:+DisableExplicitGC", "-Djdk.nio.maxCachedBufferSize=1024",
             "-Dio.netty.tryReflectionSetAccessible=true", "-Djdk.tls.ephemeralDHKeySize=2048",
             "-Djdk.tls.rejectClientInitiatedRenegotiation=true", "-Dlog4j2.disable.jmx=true",
             "--add-opens=java.base/java.nio=ALL-UNNAMED", "--add-opens=java.base/java.io=ALL-UNNAMED",
             "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED", "-Xss2m")


@dataclass(frozen=True)
class Neo4jInfo:
    """A running local Neo4j as recorded in ``server.json``."""

    pid: int
    bolt_port: int
    http_port: int
    detached: bool

    @property
    def uri(self) -> str:
        return f"bolt://{HOST}:{self.bolt_port}"

    @property
    def browser_url(self) -> str:
        return f"http://{HOST}:{self.http_port}/browser/"


# -- resolving the jars ------------------------------------------------------------------------------------------
def cache_dir() -> Path:
    """``$KG_NEO4J_CACHE``, else ``$XDG_CACHE_HOME/kg/neo4j``, else ``~/.cache/kg/neo4j``."""
    if os.environ.get("KG_NEO4J_CACHE"):
        return Path(os.environ["KG_NEO4J_CACHE"]).expanduser()
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "kg" / "neo4j"


def resolve_classpath(pom: Path = POM, log: IO[str] | None = None) -> list[Path]:
    """The server's jars, resolved by Maven from ``pom`` on first use (downloads), then from the cache."""
    try:
        text = pom.read_bytes()
    except OSError as exc:
        raise StoreError(f"cannot read {pom}: {exc.strerror}") from None
    cached = cache_dir() / hashlib.sha256(text).hexdigest()[:16] / "classpath.txt"
    jars = _read_classpath(cached)
    if jars:
        return jars
    mvn = shutil.which("mvn")
    if mvn is None:
        raise StoreError("Maven (`mvn`) is needed to fetch Neo4j from Maven Central; install it "
                         "(Debian: apt-get install maven) and try again")
    cached.parent.mkdir(parents=True, exist_ok=True)
    partial = cached.with_suffix(f".{os.getpid()}.tmp")
    print(f"kg: resolving Neo4j, APOC and Neo4j Browser from Maven Central ({pom}) …", file=log or sys.stderr,
          flush=True)
    command = [mvn, "-B", "-q", "-f", str(pom), "dependency:build-classpath", f"-Dmdep.outputFile={partial}"]
    try:
        done = subprocess.run(command, stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=1800)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise StoreError(f"Maven could not resolve Neo4j ({' '.join(command[:5])}): {one_line(exc)}") from None
    if done.returncode != 0 or not partial.is_file():
        errors = [line for line in (done.stdout + done.stderr).splitlines() if "ERROR" in line]
        raise StoreError(f"Maven could not resolve Neo4j from {pom}: "
                         f"{one_line(' | '.join(errors[:3]) or done.stderr or done.returncode)}")
    partial.replace(cached)
    jars = _read_classpath(cached)
    if not jars:
        raise StoreError(f"Maven resolved no jars from {pom}")
    return jars


def _read_classpath(path: Path) -> list[Path]:
    """The jars listed in ``path`` when every one of them is still there, else []."""
    try:
        jars = [Path(p) for p in path.read_text(encoding="utf-8").strip().split(os.pathsep) if p]
    except OSError:
        return []
    return jars if jars and all(j.is_file() for j in jars) else []


def java_binary() -> str:
    """``$JAVA_HOME/bin/java``, else ``java`` on PATH (Neo4j 5.26 runs on Java 17 or 21)."""
    home = os.environ.get("JAVA_HOME")
    candidate = Path(home) / "bin" / "java" if home else None
    if candidate and candidate.is_file():
        return str(candidate)
    found = shutil.which("java")
    if found is None:
        raise StoreError("Java 17 or newer (`java`) is needed to run Neo4j; install it "
                         "(Debian: apt-get install default-jre-headless) and try again")
    return found


# -- the server --------------------------------------------------------------------------------------------------
class Neo4jServer:
    """Start (or reuse the running) Neo4j on ``home``; a context manager that stops a server it started
    unless ``detach`` (then ``stop_neo4j`` stops it)."""

    def __init__(self, home: Path | str, *, import_dir: Path | str | None = None, bolt_port: int | None = None,
                 http_port: int | None = None, detach: bool = False, heap: str | None = None,
                 pagecache: str | None = None, startup_timeout: float = 180.0, log: IO[str] | None = None) -> None:
        self.home = Path(home).absolute()
        self.import_dir = Path(import_dir).absolute() if import_dir else self.home / "import"
        self.detach = detach
        self.startup_timeout = startup_timeout
        self.heap = heap or os.environ.get("KG_NEO4J_HEAP", "1g")
        self.pagecache = pagecache or os.environ.get("KG_NEO4J_PAGECACHE", "512m")
        self.info: Neo4jInfo | None = None
        self._ports = (bolt_port, http_port)
        self._process: subprocess.Popen[bytes] | None = None
        self._log = log

    @property
    def password(self) -> str:
        return read_or_create_password(self.home)

    @property
    def uri(self) -> str:
        assert self.info is not None, "the server is not started"
        return self.info.uri

    @property
    def log_path(self) -> Path:
        return self.home / "logs" / "neo4j.log"

    def start(self) -> "Neo4jServer":
        """Start the server (resolving its jars first), or attach to the one already running on ``home``."""
        _private_dir(self.home)
        with _locked(self.home):
            running = neo4j_status(self.home)
            if running is not None:
                self.info = running
                wait_until_ready(running.uri, self.password, time.monotonic() + self.startup_timeout)
                return self
            jars = resolve_classpath(log=self._log)
            for _ in range(3):
                if self._spawn(jars):
                    return self
        raise StoreError(f"could not find free ports on {HOST} for Neo4j")

    def stop(self) -> None:
        """Stop the server this object started (a detached one keeps running)."""
        process, self._process = self._process, None
        if process is None or self.detach:
            return
        with _locked(self.home):
            _terminate(process.pid, lambda timeout: process.wait(timeout))
            (self.home / "server.json").unlink(missing_ok=True)

    def kill(self) -> None:
        """SIGKILL the server (for crash tests): no checkpoint, no clean shutdown."""
        process, self._process = self._process, None
        if process is not None:
            process.kill()
            process.wait()
        elif self.info is not None:
            try:
                os.kill(self.info.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        (self.home / "server.json").unlink(missing_ok=True)

    def __enter__(self) -> "Neo4jServer":
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _spawn(self, jars: list[Path]) -> bool:
        """Write the configuration and start the JVM; False when a chosen port was taken meanwhile."""
        password = self.password
        bolt, http = (_port(self._ports[0], DEFAULT_BOLT), _port(self._ports[1], DEFAULT_HTTP))
        for sub in ("conf", "plugins", "logs", "data"):
            _private_dir(self.home / sub)
        self.import_dir.mkdir(parents=True, exist_ok=True)
        self._write_config(bolt, http)
        self._link_plugins(jars)
        classpath = os.pathsep.join(str(j) for j in jars)
        env = {**os.environ, "NEO4J_HOME": str(self.home), "NEO4J_CONF": str(self.home / "conf")}
        if not (self.home / "data" / "databases" / "system").exists():
            self._set_initial_password(classpath, env, password)
        console = self.home / "logs" / "console.log"
        log_start = self.log_path.stat().st_size if self.log_path.exists() else 0
        console_start = console.stat().st_size if console.exists() else 0
        command = [java_binary(), f"-Xms{self.heap}", f"-Xmx{self.heap}", *JVM_FLAGS, "-cp", classpath,
                   ENTRY_POINT, f"--home-dir={self.home}", f"--config-dir={self.home / 'conf'}"]
        with open(console, "ab") as out:
            try:
                process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT,
                                           cwd=self.home, env=env, start_new_session=True, close_fds=True,
                                           preexec_fn=None if self.detach else _die_with_parent(os.getpid()))
            except OSError as exc:
                raise StoreError(f"cannot start Neo4j ({command[0]}): {exc.strerror or exc}") from None
        info = Neo4jInfo(pid=process.pid, bolt_port=bolt, http_port=http, detached=self.detach)
        try:
            wait_until_ready(info.uri, password, time.monotonic() + self.startup_timeout, process=process,
                             why=lambda: _why(self.log_path, log_start, console, console_start))
        except StoreError:
            if process.poll() is None:
                _terminate(process.pid, lambda timeout: process.wait(timeout))
            elif any(marker in _log_tail(self.log_path, log_start, lines=40) for marker in _PORT_TAKEN):
                return False
            raise
        self._process, self.info = process, info
        self._ports = (bolt, http)  # a restart of this object keeps its address
        _write_private(self.home / "server.json", json.dumps(
            {"pid": info.pid, "bolt_port": bolt, "http_port": http, "detached": self.detach}))
        return True

    def _write_config(self, bolt: int, http: int) -> None:
        conf = self.home / "conf"
        settings = {
            "server.default_listen_address": HOST,
            "server.default_advertised_address": HOST,
            "server.bolt.listen_address": f"{HOST}:{bolt}",
            "server.bolt.advertised_address": f"{HOST}:{bolt}",
            "server.http.listen_address": f"{HOST}:{http}",
            "server.http.advertised_address": f"{HOST}:{http}",
            "server.https.enabled": "false",
            "dbms.security.auth_enabled": "true",
            "server.memory.heap.initial_size": self.heap,
            "server.memory.heap.max_size": self.heap,
            "server.memory.pagecache.size": self.pagecache,
            "server.directories.import": str(self.import_dir),
            "dbms.security.procedures.unrestricted": "apoc.*",
            "dbms.usage_report.enabled": "false",
            "server.logs.gc.enabled": "false",
            "db.tx_log.rotation.retention_policy": "2 files",
        }
        text = "\n".join(f"{k}={v}" for k, v in settings.items())
        _write_private(conf / "neo4j.conf", "# written by kg at every start (kg/store/neo4j_server.py)\n"
                       + text + "\n")
        _write_private(conf / "apoc.conf", "apoc.import.file.enabled=true\napoc.import.file.use_neo4j_config=true\n"
                       "apoc.export.file.enabled=true\n")

    def _link_plugins(self, jars: list[Path]) -> None:
        plugins = self.home / "plugins"
        for old in plugins.iterdir():
            old.unlink()
        for jar in jars:
            if jar.name.startswith(("apoc-core-", "apoc-common-")):
                (plugins / jar.name).symlink_to(jar)

    def _set_initial_password(self, classpath: str, env: dict[str, str], password: str) -> None:
        """``neo4j-admin dbms set-initial-password`` before the first start (the admin tool takes the password
        as an argument; it runs for about a second, before anything listens)."""
        done = subprocess.run([java_binary(), "-Xmx256m", "-cp", classpath, ADMIN_TOOL, "dbms",
                               "set-initial-password", password], cwd=self.home, env=env, stdin=subprocess.DEVNULL,
                              capture_output=True, text=True, timeout=300)
        if done.returncode != 0:
            raise StoreError(f"could not set the initial Neo4j password: {one_line(done.stderr or done.stdout)}")


def wait_until_ready(uri: str, password: str, deadline: float, *, process: subprocess.Popen[bytes] | None = None,
                     why: Callable[[], str] = lambda: "") -> None:
    """Until the default database answers ``RETURN 1`` over Bolt with ``password`` (``why`` describes a failure,
    from the logs)."""
    from neo4j import GraphDatabase
    from neo4j import exceptions as neo4j_errors

    while True:
        if process is not None and process.poll() is not None:
            raise StoreError(f"Neo4j exited at start (code {process.returncode}); {why()}")
        try:
            with GraphDatabase.driver(uri, auth=(USER, password), connection_timeout=2,
                                      max_transaction_retry_time=0) as driver:
                driver.execute_query("RETURN 1")
            return
        except neo4j_errors.AuthError:
            raise StoreError(f"Neo4j at {uri} does not accept the password in its home's password file") from None
        except (neo4j_errors.ServiceUnavailable, neo4j_errors.SessionExpired, neo4j_errors.TransientError,
                neo4j_errors.DatabaseUnavailable, OSError):
            if time.monotonic() > deadline:
                raise StoreError(f"Neo4j did not answer on {uri}; {why()}") from None
            time.sleep(0.25)


def _why(log: Path, log_start: int, console: Path, console_start: int) -> str:
    """The last lines Neo4j logged since the start (its JVM's own errors go to the console log)."""
    for path, start in ((log, log_start), (console, console_start)):
        if path.exists() and path.stat().st_size > start:
            text = _log_tail(path, start)
            if "ERROR" in text or path == console:
                return f"{path}: {text}"
    return f"{log}: {_log_tail(log, log_start)}"


def neo4j_status(home: Path | str) -> Neo4jInfo | None:
    """The server recorded for ``home`` if its process still runs, else None."""
    try:
        state = json.loads((Path(home) / "server.json").read_text(encoding="utf-8"))
        info = Neo4jInfo(pid=int(state["pid"]), bolt_port=int(state["bolt_port"]),
                         http_port=int(state["http_port"]), detached=bool(state.get("detached")))
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return info if _is_neo4j(info.pid) else None


def stop_neo4j(home: Path | str) -> bool:
    """Stop whatever server runs on ``home``; False when none was running."""
    home = Path(home).absolute()
    info = neo4j_status(home)
    if info is None:
        (home / "server.json").unlink(missing_ok=True)
        return False

    def wait(timeout: float) -> int:
        deadline = time.monotonic() + timeout
        while _is_neo4j(info.pid):
            if time.monotonic() > deadline:
                raise subprocess.TimeoutExpired("neo4j", timeout)
            time.sleep(0.1)
        return 0
    with _locked(home):
        _terminate(info.pid, wait)
        (home / "server.json").unlink(missing_ok=True)
    return True


def _port(wanted: int | None, default: int) -> int:
    """``wanted`` (0 or None: the default when it is free, else any free port)."""
    if wanted:
        return wanted
    if wanted is None and _free(default):
        return default
    return free_port()


def _free(port: int) -> bool:
    import socket

    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as Neo4j binds: TIME_WAIT is no obstacle
        try:
            probe.bind((HOST, port))
        except OSError:
            return False
    return True


def _terminate(pid: int, wait: Callable[..., object]) -> None:
    """SIGTERM (Neo4j checkpoints and exits), then SIGKILL after 60 s."""
    for sig, grace in ((signal.SIGTERM, 60.0), (signal.SIGKILL, 15.0)):
        try:
            os.kill(pid, sig)
        except ProcessLookupError:
            return
        try:
            wait(timeout=grace)
            return
        except subprocess.TimeoutExpired:
            continue


def _is_neo4j(pid: int) -> bool:
    proc = Path(f"/proc/{pid}")
    try:
        state = (proc / "stat").read_text().rsplit(")", 1)[1].split()[0]
        return state not in ("Z", "X") and ENTRY_POINT.encode() in (proc / "cmdline").read_bytes()
    except (OSError, IndexError):
        return False
