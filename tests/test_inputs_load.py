"""Every input kind through the real load: re-running over the same pages, records and archives changes nothing,
an edited record (same URL, new text) replaces its facts, a load killed part-way and run again equals a clean
load, and the CLI takes record field names as options."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

from archives import Capture, write_warc
from pages import Article, page

from kg.app import load_incremental
from kg.corpus import Document, read_corpus
from kg.settings import Settings
from kg.store.falkor import FalkorDBStore
from kg.store.readback import read_graph

REPO = Path(__file__).resolve().parent.parent
CORPUS = sorted((REPO / "tests" / "corpus").glob("c*.txt"))
SETTINGS = Settings(batch_size=200)


def _plain(path: Path) -> Document:
    return read_corpus([path])[0][0]


def _url(document: Document) -> str:
    return f"https://news.example.am/en/{document.id}/"


def mixed_inputs(root: Path, articles: list[Path]) -> Path:
    """The articles split over the input kinds: a third as JSON Lines records, a third in a WARC, the rest as
    saved pages (each with a URL, a date where its dateline has one, a title)."""
    from kg.extract.dates import article_date

    root.mkdir(parents=True, exist_ok=True)
    documents = [_plain(p) for p in articles]
    third = max(1, len(documents) // 3)
    records, archived, pages = documents[:third], documents[third:2 * third], documents[2 * third:]
    with (root / "export.jsonl").open("w", encoding="utf-8") as handle:
        for d in records:
            handle.write(json.dumps({"url": _url(d), "title": d.title, "date": article_date(d.text),
                                     "text": d.text.split("\n", 1)[1] if d.title else d.text}) + "\n")

    def as_page(d: Document, style: str) -> str:
        lines = d.text.split("\n")
        return page(Article(paragraphs=lines[1:] if d.title else lines, title=d.title, url=_url(d),
                            date=article_date(d.text), author=d.author), style)

    write_warc(root / "crawl.warc.gz", [Capture(_url(d), as_page(d, "portal").encode()) for d in archived])
    for d in pages:
        (root / f"{d.id}.html").write_text(as_page(d, "modern"), encoding="utf-8")
    return root


def _snapshot(store: FalkorDBStore) -> list[object]:
    nodes = store.query("MATCH (n) RETURN labels(n) AS labels, properties(n) AS p ORDER BY n.id")
    rels = store.query("MATCH (a)-[r]->(b) RETURN a.id AS a, type(r) AS t, b.id AS b, properties(r) AS p "
                       "ORDER BY a, t, b, coalesce(r.title, ''), coalesce(r.quantity, -1)")
    return [nodes, rels]


def test_every_input_kind_loads_once_and_again_changes_nothing(falkor_store: FalkorDBStore, tmp_path: Path) -> None:
    root = mixed_inputs(tmp_path / "inputs", CORPUS[:6])
    documents, skipped = read_corpus([root])
    assert not skipped and len(documents) == 6
    assert all(d.id.startswith("news.example.am/en/c0") and d.url for d in documents)
    first = load_incremental(falkor_store, documents, SETTINGS)
    assert len(first.new) == 6
    before = _snapshot(falkor_store)
    articles = falkor_store.query("MATCH (a:Article) RETURN a.id AS id, a.url AS url, a.source AS source "
                                  "ORDER BY id")
    assert [a["url"] for a in articles] == sorted(_url(_plain(p)) for p in CORPUS[:6])
    again = load_incremental(falkor_store, read_corpus([root])[0], SETTINGS)
    assert (again.new, again.changed, len(again.unchanged)) == ([], [], 6)
    assert _snapshot(falkor_store) == before


def test_an_edited_record_replaces_its_facts(falkor_store: FalkorDBStore, tmp_path: Path) -> None:
    path = tmp_path / "export.jsonl"
    tor = ("Russia will deliver six Tor-M2KM air defense systems to Armenia, the Armenian Defense Ministry said. "
           "Armenia is a member of the Collective Security Treaty Organization.")
    records = [{"url": "https://news.example.am/en/tor/", "date": "2017-09-21", "text": tor},
               {"url": "https://news.example.am/en/csto/", "date": "2018-02-01",
                "text": "Armenia is a member of the Collective Security Treaty Organization."}]
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    load_incremental(falkor_store, read_corpus([path])[0], SETTINGS)
    supplied = "MATCH (:Weapon)-[r:SUPPLIED_TO]->(:Country) RETURN r.quantity AS q, r.sources AS s"
    assert falkor_store.query(supplied) == [{"q": 6, "s": ["news.example.am/en/tor"]}]
    member = ("MATCH (:Country)-[r:MEMBER_OF]->() RETURN r.sources AS s, r.first_seen AS first, "
              "r.last_seen AS last")
    assert falkor_store.query(member) == [{"s": ["news.example.am/en/csto", "news.example.am/en/tor"],
                                           "first": "2017-09-21", "last": "2018-02-01"}]
    records[0]["text"] = "Armenia is a member of the Collective Security Treaty Organization."  # the deal is gone
    records[0]["date"] = "2017-09-22"
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    outcome = load_incremental(falkor_store, read_corpus([path])[0], SETTINGS)
    assert (outcome.changed, outcome.unchanged) == (["news.example.am/en/tor"], ["news.example.am/en/csto"])
    assert falkor_store.query(supplied) == []
    assert falkor_store.query(member) == [{"s": ["news.example.am/en/csto", "news.example.am/en/tor"],
                                           "first": "2017-09-22", "last": "2018-02-01"}]
    assert len([n for n in read_graph(falkor_store).nodes_by_label("Article")]) == 2


def _env(data_dir: Path, **extra: str) -> dict[str, str]:
    env = {**os.environ, "KG_DATA_DIR": str(data_dir), **extra}
    env.pop("NEO4J_URI", None)
    return env


COUNTS = ("MATCH (n) RETURN labels(n)[0] AS what, count(n) AS n "
          "UNION ALL MATCH ()-[r]->() RETURN type(r) AS what, count(r) AS n")


def _counts(data_dir: Path) -> Counter[str]:
    from kg.store.embedded import EmbeddedServer

    with EmbeddedServer(data_dir) as server:
        assert server.port is not None
        with FalkorDBStore(server.host, server.port, server.password, "kg") as store:
            return Counter({row["what"]: row["n"] for row in store.query(COUNTS)})


def test_a_load_of_records_archives_and_pages_killed_part_way_then_rerun_matches_a_clean_load(
        tmp_path: Path) -> None:
    root = mixed_inputs(tmp_path / "inputs", CORPUS)
    command = [sys.executable, "-m", "kg.cli", "load", str(root), "--quiet"]
    clean = subprocess.run(command, env=_env(tmp_path / "clean"), capture_output=True, text=True, timeout=300)
    assert clean.returncode == 0, clean.stderr
    expected = _counts(tmp_path / "clean")
    assert expected["Article"] == len(CORPUS)
    crash_dir = tmp_path / "crash"
    loader = subprocess.Popen(command, env=_env(crash_dir, KG_BATCH_SIZE="1"), stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 180
    while not _loaded_some(crash_dir) and loader.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    assert loader.poll() is None, "the load finished before it could be killed"
    loader.send_signal(signal.SIGKILL)
    loader.wait(timeout=30)
    partial = _counts(crash_dir)
    assert 0 < sum(partial.values()) < sum(expected.values())
    rerun = subprocess.run(command, env=_env(crash_dir), capture_output=True, text=True, timeout=300)
    assert rerun.returncode == 0, rerun.stderr
    assert _counts(crash_dir) == expected


def _loaded_some(data_dir: Path) -> bool:
    import redis

    try:
        state = json.loads((data_dir / "server.json").read_text(encoding="utf-8"))
        password = (data_dir / "password").read_text(encoding="utf-8").strip()
        client = redis.Redis(host="127.0.0.1", port=state["port"], password=password, socket_timeout=2)
        reply = client.execute_command("GRAPH.RO_QUERY", "kg", "MATCH (n) RETURN count(n)")
        return int(reply[1][0][0]) >= 40
    except Exception:
        return False


def test_cli_reads_records_with_other_field_names(tmp_path: Path) -> None:
    path = tmp_path / "api.jsonl"
    path.write_text("\n".join([
        json.dumps({"link": "https://news.example.am/en/talks", "published_at": "2021-05-28",
                    "body": "Russian Defense Minister Sergei Shoigu met Armenian Defense Minister Vagharshak "
                            "Harutiunian in Moscow on Friday."}),
        json.dumps({"link": "https://news.example.am/en/empty", "body": ""})]) + "\n", encoding="utf-8")
    out = tmp_path / "graph.json"
    result = subprocess.run([sys.executable, "-m", "kg.cli", "extract", str(path), "--text-field", "body",
                             "--date-field", "published_at", "--url-field", "link", "--output", str(out),
                             "--quiet", "--jobs", "1"], cwd=tmp_path, env=_env(tmp_path / ".kg"),
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 3, result.stderr  # one record skipped
    assert result.stderr.strip() == f"kg: skipped {path}:2: 'body' is empty"
    items = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    [article] = [i["properties"] for i in items if i.get("labels") == ["Article"]]
    assert (article["id"], article["url"], article["date"]) == (
        "news.example.am/en/talks", "https://news.example.am/en/talks", "2021-05-28")
    [meeting] = [i["properties"] for i in items if i.get("labels") == ["Meeting"]]
    assert meeting["date"] == "2021-05-28"  # "on Friday" against the record's date
