"""Neo4j Browser for real: the Browser application served by the session's Neo4j, opened in headless Chromium,
logged in, a saved query pasted as README tells a user to, and the README's graph query drawn with
``cypher/style.grass`` applied.  The checks read the rendered page: rows in the result table, coloured nodes in
the drawn graph (DOM and screenshot pixels), not only that the page loaded."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Iterator

import pytest
from headless_browser import HeadlessChromium, png_rows

from kg.grass import parse_grass
from kg.model import Graph
from kg.queries import load_queries, run_query
from kg.store.base import Store
from kg.store.loader import load_graph

from conftest import Neo4jTarget

pytestmark = pytest.mark.neo4j

REPO = Path(__file__).resolve().parent.parent
CHROMIUM = next((p for p in (shutil.which("chromium"), shutil.which("chromium-browser"), "/usr/bin/chromium")
                 if p and Path(p).exists()), None)
GRAPH_QUERY = "MATCH (p:Person)-[:ATTENDED]->(m:Meeting)-[:HELD_IN]->(x) RETURN *"  # README, question 1
README_MEETING = re.compile(r'\*\*Which officials attended which talks\?\*\*.*?"([^"]+)"', re.S)
SCREENSHOTS = Path(__file__).resolve().parent.parent / "out" / "browser-test"


def count_color(png: bytes, hex_color: str, tolerance: int = 6) -> int:
    """Pixels of the screenshot within ``tolerance`` of ``hex_color`` (``#4C8EDA``) on every channel."""
    want = bytes.fromhex(hex_color.lstrip("#"))
    width, _, rows = png_rows(png)
    hits = 0
    for row in rows:
        for x in range(width):
            pixel = row[3 * x:3 * x + 3]
            if all(abs(pixel[c] - want[c]) <= tolerance for c in range(3)):
                hits += 1
    return hits


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[HeadlessChromium]:
    if CHROMIUM is None:
        pytest.skip("Chromium is not installed (.ci/run installs Debian's chromium)")
    with HeadlessChromium(CHROMIUM, tmp_path / "profile", width=1400, height=1000) as chromium:
        yield chromium


def _run_in_editor(browser: HeadlessChromium, text: str) -> None:
    """Paste ``text`` into the Browser's main editor and press its Run button."""
    browser.type_into(".monaco-editor textarea", text)
    browser.click("[data-testid=editor-Run]")


def _frames(browser: HeadlessChromium) -> int:
    return int(browser.evaluate("document.querySelectorAll('[data-testid=frame]').length") or 0)


def test_neo4j_browser_answers_a_pasted_favorite_and_draws_the_styled_graph(
        neo4j: Neo4jTarget, neo4j_store: Store, seed_graph: Graph, browser: HeadlessChromium) -> None:
    load_graph(neo4j_store, seed_graph, batch_size=1000)
    favorite = load_queries()["officials_at_talks"]
    expected = run_query(neo4j_store, favorite, {})
    named = README_MEETING.search((REPO / "README.md").read_text(encoding="utf-8"))
    assert named, "README's question 1 names no meeting"
    [readme_meeting] = [row for row in expected if row["meeting"] == named.group(1)]  # README is right
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    host_port = neo4j.uri.split("://", 1)[1]

    # log in as a user does: the connect form, the password typed, Connect pressed
    browser.open(f"{neo4j.http_url}/browser/?dbms=bolt://{neo4j.user}@{host_port}")
    assert browser.wait_for("!!document.querySelector('[data-testid=password]')"), "no connect form"
    browser.wait_for("false", seconds=2)  # the Browser re-renders the form once its settings have loaded
    browser.type_into("[data-testid=password]", neo4j.password)
    browser.click("[data-testid=connect]")
    assert browser.wait_for("document.body.innerText.includes('You are connected as user')"), \
        browser.evaluate("document.body.innerText.slice(0, 500)")

    # README: paste the whole favorite (comments, :param lines, query) and run it: two statements, both succeed
    text = Path(favorite.path).read_text(encoding="utf-8")
    _run_in_editor(browser, text)
    assert browser.wait_for("document.querySelectorAll('[data-testid=multi-statement-list-title]').length === 2 && "
                            "document.querySelectorAll('[data-testid=multi-statement-list] "
                            "[title=\"Status: success\"]').length === 2"), \
        browser.evaluate("document.body.innerText.slice(0, 1500)")
    # … then the query alone, with the parameter its :param line set, shows the table
    before = _frames(browser)
    query_only = "\n".join(line for line in text.splitlines() if not line.startswith((":param", "//")))
    _run_in_editor(browser, query_only)
    meetings = sorted(row["meeting"] for row in expected)
    shown = browser.wait_for(
        f"(() => {{ const t = document.querySelector('[data-testid=frame] table'); "
        f"return t && {json.dumps(meetings)}.every(m => t.innerText.includes(m)) && t.innerText; }})()")
    table_shot = browser.screenshot()
    (SCREENSHOTS / "officials_at_talks.png").write_bytes(table_shot)
    assert shown, browser.evaluate("document.body.innerText.slice(0, 2000)")
    assert _frames(browser) > before
    assert f"{len(expected)} record" in browser.evaluate("document.body.innerText") or \
        browser.evaluate("document.querySelectorAll('[data-testid=frame] table tbody tr').length") >= len(expected)
    for header in ("meeting", "officials", "place", "date", "cameo"):
        assert header in shown
    readme_row = browser.evaluate(
        "[...document.querySelectorAll('[data-testid=frame] table tr')].map(r => r.innerText)"
        f".find(t => t.includes({json.dumps(json.dumps(readme_meeting['meeting']))}))")
    cells = [readme_meeting[k] for k in ("kind", "cameo", "date", "place") if readme_meeting[k]]
    assert readme_row and all(json.dumps(cell) in readme_row for cell in cells + readme_meeting["officials"]), \
        readme_row  # README question 1, as the Browser shows it
    assert '"meet"' in readme_row and '"040"' in readme_row  # README: kind `meet`, CAMEO `040`

    # README: `:style` with cypher/style.grass pasted, then the graph query: a drawn graph in the grass colours
    grass = (REPO / "cypher" / "style.grass").read_text(encoding="utf-8")
    # README: `:style ` and the file's text after it on one line (`tr '\n' ' ' < cypher/style.grass`); pasted with
    # its line breaks, Browser 5.24 takes the lines after the first for Cypher and crashes ("Something went wrong")
    _run_in_editor(browser, ":style " + grass.replace("\n", " "))
    assert browser.wait_for("document.body.innerText.includes('node.Person') || "
                            "document.body.innerText.includes('Person')"), "the :style frame did not show"
    _run_in_editor(browser, GRAPH_QUERY)
    styles = parse_grass(grass)
    person, meeting = styles.color("Person").upper(), styles.color("Meeting").upper()
    drawn = browser.wait_for(
        "(() => { const fills = [...document.querySelectorAll('svg g.node circle')]"
        ".map(c => (c.getAttribute('fill') || '').toUpperCase()); "
        f"return fills.includes({json.dumps(person)}) && fills.includes({json.dumps(meeting)}) && fills; }})()",
        seconds=60)
    assert drawn, browser.evaluate("document.body.innerText.slice(0, 1500)")
    expected_people = {r.start for r in seed_graph.relationships.values() if r.type == "ATTENDED"
                       and any(h.type == "HELD_IN" and h.start == r.end for h in seed_graph.relationships.values())}
    assert drawn.count(person) == len(expected_people)
    shot = browser.screenshot_when(lambda png: count_color(png, person) > 500 and count_color(png, meeting) > 500,
                                   seconds=30)
    (SCREENSHOTS / "graph.png").write_bytes(shot)
    assert count_color(shot, person) > 500 and count_color(shot, meeting) > 500, "no styled nodes on screen"
    assert not browser.exceptions, browser.exceptions
