"""Every saved query and the schema DDL pass Neo4j's own Cypher linter (offline, strict), against a schema
generated from the pydantic model; a typo'd label, relationship type, property or variable fails it."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from kg.lint_schema import lint_schema
from kg.model import LABELS, REL_PATTERNS

REPO = Path(__file__).resolve().parent.parent
LINTER = REPO / "tools" / "cypherlint"


@pytest.fixture(scope="module")
def lint(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    if shutil.which("node") is None or shutil.which("npm") is None:
        pytest.skip("Node.js/npm not installed: Neo4j's Cypher linter runs on Node")
    if not (LINTER / "node_modules" / "@neo4j-cypher" / "language-support").exists():
        installed = subprocess.run(["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=LINTER,
                                   capture_output=True, text=True, timeout=600)
        assert installed.returncode == 0, installed.stderr
    schema = tmp_path_factory.mktemp("lint") / "schema.json"
    schema.write_text(json.dumps(lint_schema()), encoding="utf-8")

    def run(*targets: Path) -> subprocess.CompletedProcess[str]:
        return subprocess.run(["node", str(LINTER / "lint.mjs"), "--schema", str(schema), "--params", "error",
                               "--strict", *map(str, targets)], capture_output=True, text=True, timeout=120)
    return run


def test_saved_queries_and_schema_lint_clean(lint) -> None:  # type: ignore[no-untyped-def]
    result = lint(REPO / "cypher")
    assert result.returncode == 0 and result.stdout == "", result.stdout + result.stderr


def test_the_loaders_statements_lint_clean(lint, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Every write kg sends (MERGE per label and pattern, both variants, the MERGE-on-null fallback of
    HOLDS_POSITION/SUPPLIED_TO, prune, the completion mark) is Neo4j 5 Cypher by Neo4j's own parser."""
    from kg.model import REL_IDENTITY
    from kg.store.incremental import MARK_COMPLETE, PRUNE_STATEMENTS
    from kg.store.statements import merge_nodes, merge_relationships, merge_unidentified_relationships

    statements = [(merge_nodes(label, update), "rows") for label in LABELS for update in (True, False)]
    for rel_type, (starts, ends) in REL_PATTERNS.items():
        for start in sorted(starts):
            for end in sorted(ends):
                statements += [(merge_relationships(rel_type, start, end, update), "rows") for update in (True, False)]
                if rel_type in REL_IDENTITY:
                    statements.append((merge_unidentified_relationships(rel_type, start, end), "rows"))
    statements += [(text, "articles") for _, text in PRUNE_STATEMENTS] + [(MARK_COMPLETE, "rows")]
    statements += _streaming_reads()
    for number, (text, params) in enumerate(statements):
        declared = "".join(f":param {name} => [];\n" for name in params.split())
        (tmp_path / f"write_{number:03d}.cypher").write_text(f"{declared}{text}\n", encoding="utf-8")
    result = lint(tmp_path)
    assert result.returncode == 0 and result.stdout == "", result.stdout + result.stderr


def _streaming_reads() -> list[tuple[str, str]]:
    """The reads of exports, views and reports that stream from the database (``kg.store.pages``,
    ``kg.subgraph``, ``kg.report``), with their parameters."""
    from kg.report import STORE_EVENTS, STORE_PUBLISHED
    from kg.store import pages
    from kg.subgraph import MOST_CONNECTED, NAMED

    reads = [(pages.COUNT_LABELS, ""), (pages.COUNT_TYPES, ""), (MOST_CONNECTED, "limit"), (NAMED, "names"),
             (STORE_PUBLISHED, "")]
    reads += [(STORE_EVENTS.format(label=label), "ids") for label in ("Agreement", "Meeting")]
    for label in LABELS:
        reads += [(pages.LABEL_IDS.format(label=label), ""), (pages.NODES_OF.format(label=label), "ids"),
                  (pages.DEGREES.format(label=label), "ids")]
    for label in sorted(pages.STARTING):
        reads += [(pages.OUTGOING_KEYS.format(label=label, pattern="[r]", where=""), "ids"),
                  (pages.OUTGOING_KEYS.format(label=label, pattern="[r]", where=" WHERE b.id IN $ends"), "ids ends")]
    for rel_type, (starts, ends) in REL_PATTERNS.items():
        reads += [(pages.OUTGOING_KEYS.format(label=label, pattern=f"[r:{rel_type}]", where=""), "ids")
                  for label in sorted(starts)]
        reads += [(pages.OUTGOING_PAIRS.format(label=label, rel_type=rel_type, end_label=end), "pairs")
                  for label in sorted(starts) for end in sorted(ends)]
    return reads


def test_the_linter_catches_typos(lint, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "bad.cypher"
    bad.write_text("// bad\n:param minConfidence => 0.0;\n"
                   "MATCH (p:Persn)-[a:ATTENDS]->(m:Meeting)\n"
                   "WHERE a.confidence >= $minConfidence AND m.dat = '2021'\n"
                   "RETURN p.name, q.name\n", encoding="utf-8")
    result = lint(bad)
    assert result.returncode == 1
    assert "Label Persn is not present" in result.stdout
    assert "Relationship type ATTENDS is not present" in result.stdout
    assert "dat is not present" in result.stdout
    assert "Variable `q` not defined" in result.stdout


def test_lint_schema_comes_from_the_model() -> None:
    schema = lint_schema()
    assert schema["labels"] == list(LABELS) and set(schema["relationshipTypes"]) == set(REL_PATTERNS)
    assert {"from": "Person", "relType": "ATTENDED", "to": "Meeting"} in schema["graphSchema"]
    assert {"sources", "evidence", "confidence", "aliases", "cameo"} <= set(schema["propertyKeys"])
