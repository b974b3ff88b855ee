"""Reading throughput of every input kind against plain-text files, and the memory of streaming a large export
(not part of the test suite).

In one run, N synthetic articles (``benchmarks/corpus.py``) are written as plain ``.txt`` files (the baseline),
as one JSON Lines file, one JSON array, one CSV file, one saved web page each (``tests/pages.py``, the modern
style), and one web archive (``.warc.gz`` and ``.warc``, the portal style, built with warcio like the tests do).
Each is read with ``kg.corpus.iter_corpus`` (the reading kg does before extraction: decoding, page extraction,
cleaning, ids) and timed; figures are articles/s and input MB/s, and the ratio of articles/s to the plain files.
Then a JSON Lines export of about ``--big-mb`` MB and one a tenth that size are each read whole in a fresh process
and their peak RSS compared: streaming means the large file costs no more memory than the small one.

    python benchmarks/inputs.py                    # N = 1000, a 500 MB export; about 2 min on 2 cores
    python benchmarks/inputs.py --n 300 --big-mb 100
"""

from __future__ import annotations

import argparse
import csv
import json
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT / "tests"))

from archives import Capture, write_warc  # noqa: E402
from corpus import write_corpus  # noqa: E402
from pages import Article, page  # noqa: E402

from kg.corpus import Document, iter_corpus, read_corpus  # noqa: E402
from kg.extract.dates import article_date  # noqa: E402

MEASURE_RSS = """
import resource, sys
from pathlib import Path
from kg.corpus import iter_corpus
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
count = sum(1 for _ in iter_corpus([Path(sys.argv[1])]))
print(count, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, before)
"""


def _url(document: Document) -> str:
    return f"https://news.example.am/en/{document.id}/"


def _record(document: Document) -> dict[str, str | None]:
    body = document.text.split("\n", 1)[1] if document.title and "\n" in document.text else document.text
    return {"url": _url(document), "title": document.title, "date": article_date(document.text), "text": body}


def _page(document: Document, style: str) -> str:
    lines = document.text.split("\n")
    return page(Article(paragraphs=lines[1:] if document.title else lines, title=document.title, url=_url(document),
                        date=article_date(document.text), author=document.author), style)


def write_inputs(work: Path, n: int) -> dict[str, Path]:
    plain = work / "plain"
    write_corpus(n, plain, seed=11)
    documents, _ = read_corpus([plain])
    paths = {"plain .txt files": plain}
    jsonl = work / "export.jsonl"
    jsonl.write_text("".join(json.dumps(_record(d), ensure_ascii=False) + "\n" for d in documents), "utf-8")
    paths["JSON Lines"] = jsonl
    array = work / "export.json"
    array.write_text(json.dumps([_record(d) for d in documents], ensure_ascii=False, indent=1), "utf-8")
    paths["JSON array"] = array
    table = work / "export.csv"
    with table.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=["url", "title", "date", "text"])
        writer.writeheader()
        writer.writerows(_record(d) for d in documents)
    paths["CSV"] = table
    pages = work / "pages"
    pages.mkdir()
    for d in documents:
        (pages / f"{d.id}.html").write_text(_page(d, "modern"), "utf-8")
    paths["saved pages .html"] = pages
    captures = [Capture(_url(d), _page(d, "portal").encode("utf-8")) for d in documents]
    paths["WARC .warc.gz"] = write_warc(work / "crawl.warc.gz", captures)
    paths["WARC .warc"] = write_warc(work / "crawl.warc", captures)
    return paths


def _size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) if path.is_dir() else path.stat().st_size


def read_rate(path: Path, repeat: int) -> tuple[int, float]:
    best = float("inf")
    count = 0
    for _ in range(repeat):
        started = time.perf_counter()
        count = sum(1 for item in iter_corpus([path]) if isinstance(item, Document))
        best = min(best, time.perf_counter() - started)
    return count, best


def big_export(source: Path, target: Path, megabytes: float) -> int:
    """A JSON Lines file of about ``megabytes`` MB: the records of ``source`` over and over, each with its own URL."""
    lines = source.read_text("utf-8").splitlines()
    written = copies = 0
    with target.open("w", encoding="utf-8") as handle:
        while written < megabytes * 1e6:
            for line in lines:
                record = json.loads(line)
                record["url"] = record["url"].rstrip("/") + f"-{copies}/"
                text = json.dumps(record, ensure_ascii=False) + "\n"
                handle.write(text)
                written += len(text.encode("utf-8"))
            copies += 1
    return written


def peak_rss(path: Path) -> tuple[int, float]:
    out = subprocess.run([sys.executable, "-c", MEASURE_RSS, str(path)], capture_output=True, text=True, check=True,
                         cwd=ROOT).stdout.split()
    return int(out[0]), int(out[1]) / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=1000, help="articles per input kind")
    parser.add_argument("--big-mb", type=float, default=500.0, help="size of the large JSON Lines export")
    parser.add_argument("--repeat", type=int, default=2, help="timed passes per input (best is kept)")
    args = parser.parse_args()
    import trafilatura  # noqa: F401  - imported before timing (its import is a one-off ~0.3 s)
    import warcio  # noqa: F401

    print(f"kg input reading — {time.strftime('%Y-%m-%d %H:%M:%S')}, Python {platform.python_version()}, "
          f"N = {args.n} articles per kind")
    with tempfile.TemporaryDirectory(prefix="kg-inputs-") as tmp:
        work = Path(tmp)
        paths = write_inputs(work, args.n)
        rows = []
        for kind, path in paths.items():
            count, seconds = read_rate(path, args.repeat)
            rows.append((kind, count, seconds, _size(path)))
        base = rows[0][1] / rows[0][2]
        print(f"{'input':<20}{'articles':>9}{'seconds':>9}{'articles/s':>12}{'MB/s':>8}{'vs plain':>10}")
        for kind, count, seconds, size in rows:
            rate = count / seconds
            print(f"{kind:<20}{count:>9}{seconds:>9.2f}{rate:>12.0f}{size / 1e6 / seconds:>8.1f}{rate / base:>9.2f}x")
        big, small = work / "big.jsonl", work / "small.jsonl"
        size_big = big_export(paths["JSON Lines"], big, args.big_mb)
        size_small = big_export(paths["JSON Lines"], small, args.big_mb / 10)
        print(f"\nstreaming: peak RSS of a fresh process reading a whole JSON Lines export")
        for path, size in ((small, size_small), (big, size_big)):
            started = time.perf_counter()
            count, rss = peak_rss(path)
            print(f"  {size / 1e6:7.0f} MB, {count:>7} articles: peak RSS {rss:6.0f} MB "
                  f"({time.perf_counter() - started:.0f} s)")


if __name__ == "__main__":
    main()
