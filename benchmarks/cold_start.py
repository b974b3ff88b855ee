"""Where the time of a cold ``kg run seeds/`` goes: wall time, then the profile's biggest costs.

A cold run is a fresh data directory (so the embedded server starts and every article is extracted) in a fresh
Python process (so every import and the spaCy model load are paid).  The script times one such run without a
profiler, then repeats it under ``cProfile`` and prints the top-level costs (cumulative seconds of the functions
named in ``PHASES``, in the profiled run, which is slower than the plain one) and the most expensive imports.

    python benchmarks/cold_start.py [--json FILE]
"""

from __future__ import annotations

import argparse
import json
import os
import pstats
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Sequence

ROOT = Path(__file__).resolve().parents[1]

#: (what a reader calls it, substring of "file:function" in the profile)
PHASES: tuple[tuple[str, str], ...] = (
    ("imports before `main` (kg.cli and the libraries it pulls in)", "kg/cli.py:<module>-kg/cli.py:main"),
    ("spaCy model load (spacy.load)", "/spacy/__init__.py:load"),
    ("entity ruler patterns (lexicon → PhraseMatcher)", "spacy/pipeline/entityruler.py:add_patterns"),
    ("lexicon and rules YAML", "kg/extract/lexicon.py:load_lexicon"),
    ("extraction (nlp.pipe + rules) of the articles", "kg/extract/extractor.py:extract_many"),
    ("resolution (build_graph)", "kg/resolve.py:build_graph"),
    ("embedded FalkorDB start", "kg/store/embedded.py:start"),
    ("load into FalkorDB (load_graph)", "kg/store/loader.py:load_graph"),
    ("saved queries", "kg/queries.py:run_query"),
    ("HTML graph view (neo4j-viz import + render)", "kg/view.py:render_view"),
    ("HTML evidence report", "kg/report.py:render_report"),
    ("Turtle export (kg.export.turtle)", "kg/export/rdf.py:write_rdf"),
    ("APOC JSON export", "kg/export/apoc_json.py:write_apoc_json"),
)


def _env(work: Path) -> dict[str, str]:
    return {**os.environ, "KG_DATA_DIR": str(work / ".kg"), "KG_OUT_DIR": str(work / "out")}


def _stop(work: Path) -> None:
    subprocess.run([sys.executable, "-m", "kg.cli", "db", "stop"], env=_env(work), capture_output=True, check=False)


def timed_run(work: Path, seeds: Path) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "kg.cli", "run", str(seeds), "-q"], env=_env(work), check=True,
                   stdout=subprocess.DEVNULL)
    elapsed = time.perf_counter() - started
    _stop(work)
    return elapsed


def profiled_run(work: Path, seeds: Path) -> pstats.Stats:
    out = work / "run.prof"
    subprocess.run([sys.executable, "-m", "cProfile", "-o", str(out), "-m", "kg.cli", "run", str(seeds), "-q"],
                   env=_env(work), check=True, stdout=subprocess.DEVNULL)
    _stop(work)
    return pstats.Stats(str(out))


def _cumulative(stats: pstats.Stats, pattern: str) -> float:
    """Cumulative seconds of the functions matching ``pattern``; ``a-b`` is a's minus b's."""
    if "-" in pattern:
        first, second = pattern.split("-", 1)
        return _cumulative(stats, first) - _cumulative(stats, second)
    return sum(cumulative for (path, _line, name), (_cc, _nc, _tt, cumulative, _callers)
               in stats.stats.items() if pattern in f"{path}:{name}")  # type: ignore[attr-defined]


def top_imports(stats: pstats.Stats, limit: int = 8) -> list[tuple[str, float]]:
    """The most expensive top-level package imports (cumulative seconds of their ``<module>``)."""
    found: dict[str, float] = {}
    for (path, _line, name), (_cc, _nc, _tt, cumulative, _callers) in stats.stats.items():  # type: ignore[attr-defined]
        if name != "<module>" or "site-packages/" not in path:
            continue
        package = path.split("site-packages/")[1].split("/")[0]
        if path.endswith(f"{package}/__init__.py"):
            found[package] = max(found.get(package, 0.0), cumulative)
    return sorted(found.items(), key=lambda item: -item[1])[:limit]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seeds", type=Path, default=ROOT / "seeds")
    parser.add_argument("--json", type=Path, help="also write the figures as JSON here")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="kg-cold-") as tmp:
        wall = timed_run(Path(tmp) / "plain", args.seeds)
        stats = profiled_run(Path(tmp) / "profiled", args.seeds)
    total = stats.total_tt  # type: ignore[attr-defined]
    phases = sorted(((label, _cumulative(stats, pattern)) for label, pattern in PHASES), key=lambda p: -p[1])
    print(f"cold `kg run {args.seeds.name}/`: {wall:.1f} s wall (target < 15 s); profiled run {total:.1f} s\n")
    print("| rank | cost | profiled s | share |\n|---|---|---|---|")
    for rank, (label, seconds) in enumerate(phases, 1):
        print(f"| {rank} | {label} | {seconds:.2f} | {seconds / total:.0%} |")
    imports = top_imports(stats)
    print("\nbiggest package imports (profiled s): " + ", ".join(f"{name} {s:.2f}" for name, s in imports))
    if args.json:
        args.json.write_text(json.dumps({"wall_s": wall, "profiled_s": total, "phases": dict(phases),
                                         "imports": dict(imports)}, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
