"""What analysts touch in Neo4j: docker compose, the Browser style sheet, saved queries as favorites."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from kg.model import LABELS
from kg.queries import load_queries

REPO = Path(__file__).resolve().parent.parent


def test_compose_runs_neo4j_5_with_apoc_auth_from_env_and_volumes() -> None:
    compose = yaml.safe_load((REPO / "docker-compose.yml").read_text(encoding="utf-8"))
    neo4j = compose["services"]["neo4j"]
    assert re.fullmatch(r"neo4j:5\.\d+-community", neo4j["image"])
    assert {"7474:7474", "7687:7687"} <= set(neo4j["ports"])
    assert "${NEO4J_PASSWORD" in neo4j["environment"]["NEO4J_AUTH"]
    assert "apoc" in neo4j["environment"]["NEO4J_PLUGINS"]
    assert set(compose["volumes"]) == {"neo4j-data", "neo4j-logs"} and "healthcheck" in neo4j
    example = (REPO / ".env.example").read_text(encoding="utf-8")
    assert "NEO4J_PASSWORD=" in example and ".env" in (REPO / ".gitignore").read_text(encoding="utf-8")


def test_style_sheet_has_a_colour_and_caption_per_label() -> None:
    grass = (REPO / "cypher" / "style.grass").read_text(encoding="utf-8")
    colours = set()
    for label in LABELS:
        block = re.search(rf"node\.{label} \{{(.*?)\}}", grass, re.S)
        assert block, label
        colour = re.search(r"\bcolor: (#[0-9A-F]{6});", block.group(1))
        assert colour and "caption:" in block.group(1)
        colours.add(colour.group(1))
    assert len(colours) == len(LABELS)


def test_saved_queries_are_browser_favorites() -> None:
    for path in sorted((REPO / "cypher").glob("*.cypher")):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("// ") and first[3:].strip(), path
    for query in load_queries().values():
        text = Path(query.path).read_text(encoding="utf-8")
        for name in query.params:
            assert re.search(rf"^:param {name} => .+;$", text, re.M), (query.name, name)
        assert not re.search(r"\b(EXISTS|COUNT|COLLECT)\s*\{|=~|elementId\(|apoc\.", query.text), query.name
