"""Memory of what ``kg run`` does after its load, phase by phase, on a database already loaded (not part of the
test suite): the saved queries' answers, the counts, the Turtle and APOC JSON exports, the view and the report.

For each phase: the RSS of this process when it starts, how far above that it rose (sampled every 10 ms), how long
it took, and where the main thread was at the highest sample.  Point it at the data of a ``kg run`` (the embedded
database in ``KG_DATA_DIR``, or ``NEO4J_URI``)::

    KG_DATA_DIR=/tmp/kg-scale-bench/data-run-5000-jdefault python benchmarks/phases.py --out /tmp/phases

A phase whose rise grows with the corpus is what holds a streaming run's peak (``benchmarks/scale.py memory``).
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
import threading
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Sequence

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

PHASES = ("answers", "counts", "turtle", "apoc-json", "view", "report")


def rss_mib() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


@dataclass
class Sampler:
    """The highest RSS since ``reset`` and the main thread's innermost frames then."""

    main: int = field(default_factory=threading.get_ident)
    top: float = 0.0
    where: list[str] = field(default_factory=list)
    stopped: bool = False

    def reset(self) -> float:
        self.top, self.where = rss_mib(), []
        return self.top

    def run(self) -> None:
        while not self.stopped:
            now = rss_mib()
            if now > self.top:
                frame = sys._current_frames().get(self.main)
                self.top = now
                self.where = [f"{Path(f.filename).name}:{f.lineno} {f.name}"
                              for f in traceback.extract_stack(frame)[-3:]] if frame else []
            time.sleep(0.01)


def measure(sampler: Sampler, name: str, job: Callable[[], Any]) -> Any:
    gc.collect()
    start = sampler.reset()
    started = time.perf_counter()
    result = job()
    took = time.perf_counter() - started
    time.sleep(0.05)
    print(f"| {name} | {start:.0f} | +{sampler.top - start:.0f} | {took:.1f} | {' ← '.join(reversed(sampler.where))} |",
          flush=True)
    return result


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, required=True, help="folder for the files the phases write")
    parser.add_argument("--phases", nargs="+", choices=PHASES, default=list(PHASES))
    args = parser.parse_args(argv)

    from kg.cli import _answers, _finish_report, _write_view
    from kg.export.stream import write_apoc_json_from, write_turtle_from
    from kg.process import tune_gc
    from kg.queries import load_queries
    from kg.report import StreamedReport
    from kg.settings import Settings
    from kg.store import open_store
    from kg.store.pages import label_counts, type_counts

    tune_gc()
    settings = Settings()
    args.out.mkdir(parents=True, exist_ok=True)
    sampler = Sampler()
    threading.Thread(target=sampler.run, daemon=True).start()
    print("| phase | RSS at start MiB | rise MiB | s | at the highest sample |\n|---|---|---|---|---|")
    with open_store(settings) as store:
        answers: Any = ([], set())
        jobs: dict[str, Callable[[], Any]] = {
            "answers": lambda: _answers(store, load_queries().values()),
            "counts": lambda: (label_counts(store), type_counts(store)),
            "turtle": lambda: write_turtle_from(store, args.out / "graph.ttl", settings.base_iri),
            "apoc-json": lambda: write_apoc_json_from(store, args.out / "graph.json"),
            "view": lambda: _write_view(store, args.out / "graph.html", "kg: the whole graph"),
            "report": lambda: _finish_report(store, StreamedReport(args.out / "report.html"), *answers),
        }
        for name in PHASES:
            if name in args.phases:
                result = measure(sampler, name, jobs[name])
                if name == "answers":
                    answers = result
    sampler.stopped = True


if __name__ == "__main__":
    main()
