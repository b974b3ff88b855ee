"""The one place where Neo4j and FalkorDB differ: schema DDL (and one planner option on Neo4j's writes).

Neo4j runs the statements of ``cypher/schema.cypher`` (``CREATE CONSTRAINT … IF NOT EXISTS`` and
``CREATE INDEX … IF NOT EXISTS``) and then checks with ``SHOW CONSTRAINTS`` / ``SHOW INDEXES`` that every label
has them (``IF NOT EXISTS`` also skips, silently, a statement whose *name* exists with another definition).
FalkorDB has neither ``IF NOT EXISTS`` nor ``CREATE CONSTRAINT``: it gets an exact-match index on ``id`` and
``name`` per label (ignoring "already indexed") and a unique constraint on ``id`` through its client (ignoring
"already exists").
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Iterable

from kg.model import LABELS
from kg.queries import queries_dir

if TYPE_CHECKING:
    from falkordb import Graph as FalkorGraph


def schema_file() -> Path:
    """``cypher/schema.cypher`` of the checkout (or of ``KG_CYPHER_DIR``, like the saved queries)."""
    return queries_dir() / "schema.cypher"


def neo4j_schema_text(labels: Iterable[str] = LABELS) -> str:
    """The content of ``cypher/schema.cypher``: a unique ``id`` and an index on ``name`` for every label."""
    lines = ["// Neo4j 5 schema of the kg graph: run by `kg` before every load (all statements are idempotent).",
             "// Generated from kg.model.LABELS by kg.store.dialect.neo4j_schema_text; keep the two in step."]
    for label in labels:
        _known(label)
        low = label.lower()
        lines.append(f"CREATE CONSTRAINT {low}_id IF NOT EXISTS FOR (n:{label}) REQUIRE n.id IS UNIQUE;")
        lines.append(f"CREATE INDEX {low}_name IF NOT EXISTS FOR (n:{label}) ON (n.name);")
    return "\n".join(lines) + "\n"


def split_statements(text: str) -> list[str]:
    """Statements of a ``;``-separated Cypher script, ``//`` comment lines dropped."""
    kept = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("//"))
    return [s.strip() for s in kept.split(";") if s.strip()]


def neo4j_schema(path: Path | None = None) -> list[str]:
    """The Neo4j DDL statements of ``schema.cypher`` (generated from the model when the file is not there)."""
    path = path or schema_file()
    text = path.read_text(encoding="utf-8") if path.is_file() else neo4j_schema_text()
    return split_statements(text)


#: Neo4j re-plans a cached statement when the store's statistics have moved far since it was planned (a load into
#: an emptied or fast-growing database: all ~40 loader statements, 2–3 s on a 2-core machine, before any row is
#: written).  The loader's plans are index seeks on the unique ``id`` whatever the counts, so its writes keep them.
#: FalkorDB has no such option (its ``CYPHER`` header carries parameters), so only the Neo4j store adds it.
NEO4J_WRITE_PREFIX = "CYPHER replan=skip "

#: what ``SHOW CONSTRAINTS`` / ``SHOW INDEXES`` give on Neo4j 5 (FalkorDB has neither statement)
SHOW_CONSTRAINTS = "SHOW CONSTRAINTS YIELD type, entityType, labelsOrTypes, properties RETURN *"
SHOW_INDEXES = "SHOW INDEXES YIELD type, entityType, labelsOrTypes, properties, state RETURN *"
AWAIT_INDEXES = "CALL db.awaitIndexes(300)"


def neo4j_schema_missing(constraints: list[dict[str, object]], indexes: list[dict[str, object]],
                         labels: Iterable[str] = LABELS) -> list[str]:
    """What of the schema a Neo4j database lacks, from its ``SHOW CONSTRAINTS`` and ``SHOW INDEXES`` rows:
    a unique ``id`` (any uniqueness or key constraint on exactly that property) and an online index on ``name``
    for every label.  Constraints or indexes the database has under other names count (``IF NOT EXISTS``
    skips an equivalent one silently, so the names are not to be relied on)."""
    def on(row: dict[str, object], label: str, prop: str) -> bool:
        return row.get("entityType") == "NODE" and row.get("labelsOrTypes") == [label] and \
            row.get("properties") == [prop]

    missing = []
    for label in labels:
        _known(label)
        if not any(on(c, label, "id") and str(c.get("type")) in ("UNIQUENESS", "NODE_PROPERTY_UNIQUENESS",
                                                                  "NODE_KEY") for c in constraints):
            missing.append(f"unique constraint on :{label}(id)")
        if not any(on(i, label, "name") and i.get("type") == "RANGE" and i.get("state") == "ONLINE"
                   for i in indexes):
            missing.append(f"online index on :{label}(name)")
    return missing


def apply_falkordb_schema(graph: FalkorGraph, labels: Iterable[str]) -> None:
    """Index ``id`` and ``name`` and make ``id`` unique for every label (errors that mean "exists" ignored).

    All the commands go in one pipeline (one round trip, not three per label)."""
    pipe = graph.client.connection.pipeline(transaction=False)
    for label in labels:
        _known(label)
        for prop in ("id", "name"):
            pipe.execute_command("GRAPH.QUERY", graph.name, f"CREATE INDEX FOR (n:{label}) ON (n.{prop})",
                                 "--compact")
        pipe.execute_command("GRAPH.CONSTRAINT", "CREATE", graph.name, "UNIQUE", "NODE", label, "PROPERTIES", 1,
                             "id")
    for reply in pipe.execute(raise_on_error=False):
        if isinstance(reply, Exception) and not any(p in str(reply) for p in ("already indexed", "already exists")):
            raise reply


def _known(label: str) -> None:
    if label not in LABELS:
        raise ValueError(f"unknown node label {label!r}")

