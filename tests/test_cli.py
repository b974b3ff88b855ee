"""The `kg` command end to end, as a user runs it: real subprocesses, the real embedded database."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"


def kg(*args: str, cwd: Path, timeout: float = 240) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "KG_DATA_DIR": str(cwd / ".kg"), "KG_OUT_DIR": str(cwd / "out")}
    env.pop("NEO4J_URI", None)
    return subprocess.run([sys.executable, "-m", "kg.cli", *args], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=timeout)


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("kgrun")


@pytest.fixture(scope="module")
def first_run(workdir: Path) -> subprocess.CompletedProcess[str]:
    return kg("run", str(SEEDS), cwd=workdir)


def test_run_answers_every_saved_query_and_writes_exports(first_run: subprocess.CompletedProcess[str],
                                                         workdir: Path) -> None:
    assert first_run.returncode == 0, first_run.stderr
    for name in ("officials_at_talks", "positions", "weapons_supplied", "agreements", "bases", "person_profile",
                 "evidence"):
        assert name in first_run.stdout
    assert "Vagharshak Harutiunian" in first_run.stdout and "102nd Russian Military Base" in first_run.stdout
    ttl, js = workdir / "out" / "graph.ttl", workdir / "out" / "graph.json"
    import rdflib

    triples = rdflib.Graph().parse(ttl, format="turtle")
    assert len(triples) > 500
    lines = js.read_text(encoding="utf-8").splitlines()
    assert all(json.loads(line)["type"] in ("node", "relationship") for line in lines)


def test_second_run_finds_the_data_and_changes_nothing(first_run: subprocess.CompletedProcess[str],
                                                       workdir: Path) -> None:
    before = kg("query", "bases", "--json", cwd=workdir)
    second = kg("run", str(SEEDS), "--quiet", cwd=workdir)
    assert second.returncode == 0, second.stderr
    after = kg("query", "bases", "--json", cwd=workdir)
    assert before.stdout == after.stdout and before.stdout.strip()
    assert (workdir / ".kg" / "password").stat().st_mode & 0o777 == 0o600


def test_extract_needs_no_database(tmp_path: Path) -> None:
    result = kg("extract", str(SEEDS / "002_f64b12bfd424b458.txt"), "--format", "json", "--output",
                str(tmp_path / "g.json"), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert not (tmp_path / ".kg").exists()
    rows = [json.loads(line) for line in (tmp_path / "g.json").read_text(encoding="utf-8").splitlines()]
    names = {r["properties"].get("name") for r in rows if r["type"] == "node"}
    assert {"Sergei Shoigu", "Vagharshak Harutiunian", "Moscow"} <= names


def test_errors_are_one_line(tmp_path: Path) -> None:
    missing = kg("extract", str(tmp_path / "nothing-here"), cwd=tmp_path)
    assert missing.returncode == 1
    assert missing.stderr.strip().splitlines()[-1].startswith("kg: error: no readable articles")
    assert "Traceback" not in missing.stderr
    bad = kg("query", "no_such_query", cwd=tmp_path)
    assert bad.returncode == 1 and len(bad.stderr.strip().splitlines()) == 1
    assert "no saved query 'no_such_query'" in bad.stderr
    param = kg("query", "positions", "--param", "minConfidence=2", cwd=tmp_path)
    assert param.returncode == 1 and "confidence in [0, 1]" in param.stderr
    env = {**os.environ, "KG_DATA_DIR": str(tmp_path / ".kg"), "KG_BASE_IRI": "http://kg example/"}
    setting = subprocess.run([sys.executable, "-m", "kg.cli", "extract", str(SEEDS), "--format", "turtle"],
                             cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    assert setting.returncode == 1 and setting.stderr.strip().splitlines() == [
        "kg: error: KG_BASE_IRI: Value error, 'http://kg example/' is not an absolute IRI without spaces "
        "(e.g. https://kg.example.org/)"]


def test_skipped_inputs_give_exit_code_3(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Armenia is a member of the Collective Security Treaty Organization.")
    (tmp_path / "b.txt").write_bytes(b"\x00\x01\x02binary")
    result = kg("extract", str(tmp_path), "--format", "json", "--output", str(tmp_path / "o.json"), cwd=tmp_path)
    assert result.returncode == 3
    assert "b.txt: binary file, not text" in result.stderr
    assert (tmp_path / "o.json").read_text(encoding="utf-8").strip()


def test_run_prints_the_first_rows_of_a_long_answer_and_says_where_the_rest_is(
        capsys: pytest.CaptureFixture[str]) -> None:
    from kg.cli import RUN_ROWS_SHOWN, _print_rows
    from kg.queries import load_queries

    query = load_queries()["positions"]
    rows = [{"person": f"Person {i:03d}", "title": "Minister"} for i in range(RUN_ROWS_SHOWN + 12)]
    _print_rows(query, rows, limit=RUN_ROWS_SHOWN)
    printed = capsys.readouterr().out
    assert f"Person {RUN_ROWS_SHOWN - 1:03d}" in printed and f"Person {RUN_ROWS_SHOWN:03d}" not in printed
    assert "12 more rows" in printed and "kg query positions" in printed
