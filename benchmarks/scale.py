"""Scale benchmark (issue 16; not part of the test suite): memory of streaming runs, and Spark beside ``kg run``.

``memory``: for each N (synthetic articles from ``benchmarks/corpus.py``), ``python -m kg.cli run DIR --quiet``
on a fresh data directory: wall time, the peak RSS of the ``kg`` process itself (``VmHWM``, the kernel's
high-water mark, read until it exits), of its spaCy worker processes and of the FalkorDB server (the database:
it holds the graph, so it grows with it), and the growth exponent log(t2/t1)/log(N2/N1) between successive N.
Targets: peak RSS of ``kg`` at the largest N ≤ 1.2× the smallest N's and < 1.5 GiB; exponent ≤ 1.1.

``spark``: on N articles (default 2,000), articles/s of ``kg run --jobs 1`` and ``--jobs 2`` and of
``kg spark --master local[1]`` and ``local[2]``, each into a fresh database.

Run from the repository root::

    python benchmarks/scale.py memory --sizes 1000 5000 20000 --json out/scale-memory.json   # ~1.5 h on 2 cores
    python benchmarks/scale.py spark --n 2000 --json out/scale-spark.json                    # ~40 min
    python benchmarks/scale.py write-path                                                    # ~2 min

``write-path``: the cost of one chunk's merge into a hub node whose ``sources`` list holds 1,000 … 1,000,000
article ids, and nodes/s with one and two writers at once.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import subprocess
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Sequence

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from corpus import write_corpus  # noqa: E402

TARGET_RSS_RATIO = 1.2
TARGET_RSS_MIB = 1536
TARGET_EXPONENT = 1.1


@dataclass
class Run:
    command: str
    n: int
    wall_s: float
    kg_peak_mib: float  # the kg process (VmHWM)
    workers_peak_mib: float  # the largest spaCy worker process (VmHWM), 0 when none ran
    server_peak_mib: float  # the embedded FalkorDB server, or the Spark JVM for kg spark (largest seen)
    exit_code: int

    @property
    def articles_per_s(self) -> float:
        return self.n / self.wall_s


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _hwm_mib(pid: int) -> float:
    """VmHWM of a process in MiB (0 when it is gone)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def _descendants(pid: int) -> list[tuple[int, str]]:
    """(pid, command name) of every descendant process."""
    children: dict[int, list[int]] = {}
    names: dict[int, str] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        name = stat[stat.index("(") + 1:stat.rindex(")")]
        ppid = int(stat[stat.rindex(")") + 2:].split()[1])
        children.setdefault(ppid, []).append(int(entry.name))
        names[int(entry.name)] = name
    out: list[tuple[int, str]] = []
    todo = list(children.get(pid, []))
    while todo:
        child = todo.pop()
        out.append((child, names.get(child, "")))
        todo.extend(children.get(child, []))
    return out


def measure(command: list[str], n: int, work: Path, env: dict[str, str], label: str) -> Run:
    """Run ``command`` and follow the high-water marks of it and its descendants until it exits."""
    stderr_path = work / f"{label}.stderr.txt"
    with open(stderr_path, "wb") as stderr:
        started = time.perf_counter()
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=stderr)
        kg_peak = workers_peak = server_peak = 0.0
        while process.poll() is None:
            kg_peak = max(kg_peak, _hwm_mib(process.pid))
            for pid, name in _descendants(process.pid):
                hwm = _hwm_mib(pid)
                if name.startswith("redis") or name == "java":
                    server_peak = max(server_peak, hwm)
                else:
                    workers_peak = max(workers_peak, hwm)
            time.sleep(0.25)
        wall = time.perf_counter() - started
    if process.returncode not in (0, 3):
        raise RuntimeError(f"{label} exited {process.returncode}: {stderr_path.read_text()[-1500:]}")
    return Run(" ".join(command[2:]), n, wall, kg_peak, workers_peak, server_peak, process.returncode)


def corpus(n: int, work: Path, seed: int) -> Path:
    directory = work / f"corpus-{n}"
    if not (directory / ".complete").exists():
        log(f"writing {n} synthetic articles to {directory}")
        write_corpus(n, directory, seed=seed)
        (directory / ".complete").write_text("")
    return directory


def kg_env(work: Path, name: str) -> dict[str, str]:
    data = work / f"data-{name}"
    subprocess.run(["rm", "-rf", str(data)], check=True)
    env = {**os.environ, "KG_DATA_DIR": str(data), "PYTHONPATH": str(ROOT)}
    env.pop("NEO4J_URI", None)
    return env


def kg_run(n: int, work: Path, seed: int, jobs: int | None = None) -> Run:
    directory = corpus(n, work, seed)
    name = f"run-{n}-j{jobs or 'default'}"
    command = [sys.executable, "-m", "kg.cli", "run", str(directory), "--quiet", "--out", str(work / f"out-{name}")]
    if jobs:
        command += ["--jobs", str(jobs)]
    log(f"kg run on {n} articles (jobs {jobs or 'default'})")
    result = measure(command, n, work, kg_env(work, name), name)
    log(f"  {result.wall_s:.1f} s, {result.articles_per_s:.2f} articles/s, kg {result.kg_peak_mib:.0f} MiB, "
        f"workers {result.workers_peak_mib:.0f} MiB, server {result.server_peak_mib:.0f} MiB")
    return result


def kg_spark(n: int, work: Path, seed: int, master: str) -> Run:
    directory = corpus(n, work, seed)
    name = f"spark-{n}-{master.replace('[', '').replace(']', '')}"
    command = [sys.executable, "-m", "kg.cli", "spark", str(directory), "--master", master, "--quiet"]
    log(f"kg spark on {n} articles ({master})")
    result = measure(command, n, work, kg_env(work, name), name)
    log(f"  {result.wall_s:.1f} s, {result.articles_per_s:.2f} articles/s")
    return result


def header() -> str:
    import spacy

    return (f"{time.strftime('%Y-%m-%d %H:%M:%S')}, {os.cpu_count()} CPUs, Python {platform.python_version()}, "
            f"spaCy {spacy.__version__}")


def memory(args: argparse.Namespace) -> dict[str, object]:
    runs = [kg_run(n, args.work, args.seed, args.jobs) for n in args.sizes]
    print(f"kg scale benchmark (memory) — {header()}\n")
    print("| N | kg run s | articles/s | peak RSS kg MiB | peak RSS spaCy worker MiB | FalkorDB server MiB |")
    print("|---|---|---|---|---|---|")
    for r in runs:
        print(f"| {r.n:,} | {r.wall_s:.1f} | {r.articles_per_s:.2f} | {r.kg_peak_mib:.0f} | "
              f"{r.workers_peak_mib:.0f} | {r.server_peak_mib:.0f} |")
    exponents = [(a.n, b.n, math.log(b.wall_s / a.wall_s) / math.log(b.n / a.n)) for a, b in zip(runs, runs[1:])]
    print()
    for n1, n2, e in exponents:
        print(f"growth exponent of wall time, N={n1:,}→{n2:,}: **{e:.2f}** (≤ {TARGET_EXPONENT})")
    ratio = runs[-1].kg_peak_mib / runs[0].kg_peak_mib
    print(f"peak RSS of kg at N={runs[-1].n:,} / at N={runs[0].n:,}: {runs[-1].kg_peak_mib:.0f} / "
          f"{runs[0].kg_peak_mib:.0f} MiB = **{ratio:.2f}** (≤ {TARGET_RSS_RATIO}; and < {TARGET_RSS_MIB} MiB)")
    return {"header": header(), "runs": [{**asdict(r), "articles_per_s": r.articles_per_s} for r in runs],
            "exponents": exponents, "rss_ratio": ratio}


def spark(args: argparse.Namespace) -> dict[str, object]:
    runs = [kg_run(args.n, args.work, args.seed, 1), kg_run(args.n, args.work, args.seed, 2),
            kg_spark(args.n, args.work, args.seed, "local[1]"), kg_spark(args.n, args.work, args.seed, "local[2]")]
    print(f"kg scale benchmark (Spark) — {header()}\n")
    print("| command | N | wall s | articles/s | × the one-core run |")
    print("|---|---|---|---|---|")
    for r in runs:
        base = runs[0] if "spark" not in r.command else runs[2]
        words = r.command.split()
        what = (f"kg spark --master {words[words.index('--master') + 1]}" if "spark" in words
                else f"kg run --jobs {words[words.index('--jobs') + 1]}" if "--jobs" in words else "kg run")
        print(f"| `{what}` | {r.n:,} | {r.wall_s:.1f} | {r.articles_per_s:.2f} | {base.wall_s / r.wall_s:.2f} |")
    return {"header": header(), "runs": [{**asdict(r), "articles_per_s": r.articles_per_s} for r in runs]}


def write_path(args: argparse.Namespace) -> dict[str, object]:
    """Where one database's write path saturates: the cost of merging one chunk into a hub node (a country every
    article names) whose ``sources`` list has S entries, and nodes/s with 1 and 2 writers at once."""
    import tempfile
    from concurrent.futures import ThreadPoolExecutor

    sys.path.insert(0, str(ROOT))
    from kg.model import Country
    from kg.store.embedded import EmbeddedServer
    from kg.store.falkor import FalkorDBStore
    from kg.store.statements import merge_nodes, node_row

    statement = merge_nodes("Country")
    hub: list[tuple[int, float]] = []
    writers: list[tuple[int, float]] = []
    with tempfile.TemporaryDirectory() as tmp, EmbeddedServer(Path(tmp)) as server:
        assert server.port is not None
        with FalkorDBStore(server.host, server.port, server.password, "bench_write_path") as store:
            store.apply_schema(["Country"])
            for size in args.hub_sizes:
                sources = [f"article-{i:08d}" for i in range(size)]
                store.write(statement, [node_row(Country(id="country:hub", name="Hub", sources=sources))])
                chunk = [f"new-{size}-{i:04d}" for i in range(args.chunk)]
                row = node_row(Country(id="country:hub", name="Hub", sources=chunk))
                started = time.perf_counter()
                store.write(statement, [row])
                hub.append((size, time.perf_counter() - started))
                store.query("MATCH (c:Country {id: 'country:hub'}) DELETE c")
                log(f"hub node with {size:,} sources: one chunk of {args.chunk} merged in {hub[-1][1] * 1000:.0f} ms")
        names = ["bench_w0", "bench_w1"]
        for count in (1, 2):
            stores = [FalkorDBStore(server.host, server.port, server.password, names[i]) for i in range(count)]
            for store in stores:
                store.apply_schema(["Country"])
            rows = [[node_row(Country(id=f"country:w{w}-{i}", name=f"W {i}", sources=["a"])) for i in range(n, n + 1000)]
                    for w in range(count) for n in range(0, args.rows, 1000)]

            def work(worker: int) -> None:
                for batch in rows[worker::count]:
                    stores[worker].write(statement, batch)
            started = time.perf_counter()
            with ThreadPoolExecutor(count) as pool:
                list(pool.map(work, range(count)))
            writers.append((count, len(rows) * 1000 / (time.perf_counter() - started)))
            for store in stores:
                store.delete_graph()
                store.close()
            log(f"{count} writer(s), one graph each: {writers[-1][1]:,.0f} nodes/s")
    print(f"kg scale benchmark (write path) — {header()}\n")
    print(f"| hub node's sources | ms to merge one chunk of {args.chunk} new sources |")
    print("|---|---|")
    for size, seconds in hub:
        print(f"| {size:,} | {seconds * 1000:.0f} |")
    print("\n| writers at once (separate graphs, one server) | nodes/s (1,000-row batches) |")
    print("|---|---|")
    for count, rate in writers:
        print(f"| {count} | {rate:,.0f} |")
    return {"header": header(), "hub": hub, "writers": writers}


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("what", choices=("memory", "spark", "write-path"))
    parser.add_argument("--hub-sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000, 1_000_000])
    parser.add_argument("--chunk", type=int, default=500, help="new sources merged into the hub at once")
    parser.add_argument("--rows", type=int, default=50_000, help="nodes each writer writes")
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000, 20000])
    parser.add_argument("--n", type=int, default=2000, help="articles for the Spark comparison")
    parser.add_argument("--jobs", type=int, default=None, help="kg run --jobs for the memory runs")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--work", type=Path, default=Path("/tmp/kg-scale-bench"))
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args(argv)
    args.work.mkdir(parents=True, exist_ok=True)
    result = {"memory": memory, "spark": spark, "write-path": write_path}[args.what](args)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(result, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
