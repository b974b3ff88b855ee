"""Web pages: the main text and metadata of a saved page (or an archived one) with trafilatura and htmldate.

trafilatura finds the article body and leaves out navigation, cookie banners, share buttons, related-article
lists, footers and (asked to) comment sections; it also reads the title, author, canonical URL and site name
from the page's markup, and htmldate its publication date.  The date comes from markup only (meta tags,
``<time>`` elements, JSON-LD, the URL), never from a date mentioned in the prose: an article about a 2015 treaty
is not dated 2015.  The body then gets the same cleaning as a plain-text article (``kg.corpus.text``).

Where trafilatura does worse the page is prepared first: on old table-layout pages (the article is one table cell
of ``<br><br>``-separated paragraphs, which trafilatura read as one data table, menus and all) a run of line
breaks becomes a paragraph break, a layout table (one holding another table, paragraphs or a cell of 40 words
or more) becomes plain blocks with its loose text in paragraphs, and a paragraph of nothing but links ("Print
version | Send to a friend") is dropped.  A line naming only the author (a byline at the end) or stamping only
the page's own date is dropped from the text too.  trafilatura's minimum for a main text is lowered (a two-
sentence brief otherwise fell through to its fallback, which returns the whole page).
"""

from __future__ import annotations

import logging
import re
from typing import Any

import trafilatura
from lxml.html import Element, HtmlElement
from trafilatura.settings import use_config
from trafilatura.utils import decode_file

from kg.corpus.document import CorpusError, Document, build_document
from kg.corpus.identity import normalize_url, url_id
from kg.extract.dates import article_date, metadata_date

logging.getLogger("trafilatura").setLevel(logging.CRITICAL)  # its "not enough text" notes are our Skipped lines
logging.getLogger("htmldate").setLevel(logging.CRITICAL)

#: htmldate: markup only (no guessing from the text), the original publication date rather than an update
DATE_PARAMS = {"extensive_search": False, "original_date": True}
#: trafilatura's settings, with a smaller minimum for the main text: at its default (250 characters) a news brief of
#: two sentences counted as "nothing found" and its fallback extractor returned the whole page, menus and all
CONFIG = use_config()
CONFIG.set("DEFAULT", "MIN_EXTRACTED_SIZE", "50")


def html_text(markup: str, where: str) -> str:
    """The main text of an HTML fragment (a record whose text field holds markup, as some news APIs export it)."""
    page = _extract(markup, where, None)
    author = _clean(page.author)
    return "\n".join(line for line in page.text.split("\n") if not _furniture_line(line, author, None, None))


def _extract(data: bytes | str, path: str, url: str | None) -> Any:
    """trafilatura's result for a page (text and metadata), or CorpusError when it holds no article text."""
    try:
        markup = decode_file(data) if isinstance(data, bytes) else data
        tree = trafilatura.load_html(_LINE_BREAKS.sub("\n<p>", markup))
        if tree is None:
            raise ValueError("not HTML")
        _prepare(tree)
        page = trafilatura.bare_extraction(tree, url=url, with_metadata=True, include_comments=False,
                                           include_tables=True, deduplicate=False,
                                           date_extraction_params=DATE_PARAMS, config=CONFIG)
    except (ValueError, TypeError, AttributeError) as exc:  # markup lxml cannot parse at all
        raise CorpusError(path, f"cannot read the page ({' '.join(str(exc).split())[:100]})") from None
    if page is None or not (page.text or "").strip():
        raise CorpusError(path, "no article text in the page")
    if not any(_PROSE.search(line) for line in page.text.split("\n")):
        raise CorpusError(path, "no article text in the page (only menus, links or buttons)")
    return page


def page_document(data: bytes | str, *, path: str, fallback_id: str, url: str | None = None,
                  url_gives_id: bool = True, fallback_date: str | None = None) -> Document:
    """The article in one HTML page.

    ``url`` is where the page was fetched (an archive's target URL); without it the page's canonical URL is used.
    The id is derived from that URL when there is one and ``url_gives_id`` (else ``fallback_id``).  The date is
    the page's publication date, else (``fallback_date`` given: an archive capture) the text's dateline, else
    ``fallback_date``."""
    page = _extract(data, path, url)
    address = normalize_url(url) if url else None
    address = address or (normalize_url(page.url) if page.url else None)
    date = metadata_date(page.date)
    if date is None and fallback_date:
        date = article_date(page.text) or fallback_date
    title, site, author = _clean(page.title), _clean(page.sitename), _clean(page.author)
    body = "\n".join(line for line in page.text.split("\n") if not _furniture_line(line, author, date, title))
    if title and site and title.casefold() == site.casefold():
        title = None  # a page without a headline of its own: the site's name is not the article's title
    return build_document(id=url_id(address) if address and url_gives_id else fallback_id, path=path,
                          raw=body, title=title, author=author, url=address, date=date, source=site)


_LINE_BREAKS = re.compile(r"(?:<br\s*/?>\s*){2,}", re.IGNORECASE)
_WORDY = re.compile(r"[^\W_]")


def _words(element: HtmlElement) -> int:
    return len(" ".join(element.itertext()).split())


def _prepare(tree: HtmlElement) -> None:
    """Layout tables to plain blocks, link-only paragraphs out (see the module docstring)."""
    for table in list(tree.iter("table")):
        cells = [c for c in table.iter("td", "th") if c.find(".//table") is None]
        if table.find(".//table") is not None or any(c.find(".//p") is not None or _words(c) >= 40 for c in cells):
            for element in [table, *table.iter("tbody", "thead", "tfoot", "tr", "td", "th")]:
                if element.tag in ("td", "th"):
                    _wrap_loose_text(element)
                element.tag = "div"
    for paragraph in list(tree.iter("p")):
        links = paragraph.findall(".//a")
        if links and not _WORDY.search(_own_text(paragraph)) and paragraph.getparent() is not None:
            paragraph.drop_tree()


_BLOCKS = frozenset({"p", "div", "table", "ul", "ol", "dl", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote",
                     "figure", "section", "article", "header", "footer", "nav", "aside", "form", "pre", "hr",
                     "tr", "td", "th", "tbody", "thead", "tfoot", "center", "script", "style"})


def _wrap_loose_text(cell: HtmlElement) -> None:
    """A layout cell's text outside paragraphs (runs of text and inline elements, ended by a line break or a
    block) wrapped in ``<p>``s, as a browser shows them: one paragraph per run."""
    items: list[HtmlElement | str] = [cell.text or ""]
    for child in list(cell):
        tail, child.tail = child.tail or "", None
        cell.remove(child)
        items += [child, tail]
    cell.text = None
    run: list[HtmlElement | str] = []

    def flush() -> None:
        if any(_WORDY.search(x if isinstance(x, str) else " ".join(x.itertext())) for x in run):
            paragraph = Element("p")
            for item in run:
                if isinstance(item, str):
                    last = paragraph[-1] if len(paragraph) else None
                    if last is None:
                        paragraph.text = (paragraph.text or "") + item
                    else:
                        last.tail = (last.tail or "") + item
                else:
                    paragraph.append(item)
            cell.append(paragraph)
        else:
            for item in run:
                if not isinstance(item, str):
                    cell.append(item)
        run.clear()

    for item in items:
        if isinstance(item, str) or (item.tag not in _BLOCKS and item.tag != "br"):
            run.append(item)
        else:
            flush()
            if item.tag != "br":
                cell.append(item)
    flush()


def _own_text(element: HtmlElement) -> str:
    """The element's text outside its links."""
    parts = [element.text or ""]
    for child in element:
        if child.tag != "a":
            parts.append(_own_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


#: a line of prose: four words or more ending as a sentence ends (a page of menus and buttons has none; trafilatura
#: falls back to whatever text a page has when it finds no article)
_PROSE = re.compile(r"\w+(?:\W+\w+){3,}\W*[.!?…”\"»)]\s*$")


_STAMP = re.compile(r"[\d\s./:|,+-]+")


def _furniture_line(line: str, author: str | None, date: str | None, title: str | None) -> bool:
    """A line that only names the author ("By Anna Petrosyan" at the end) or only stamps the page's own date
    ("2019-04-12", "12.04.2019 14:35" printed in the article cell of an old page)."""
    text = line.strip()
    if author and text.casefold().removeprefix("by ") == author.casefold():
        return True
    return bool(date and text != title and _STAMP.fullmatch(text) and metadata_date(text.split(" ")[0]) == date)


def _clean(value: str | None) -> str | None:
    text = " ".join(value.split()) if value else ""
    return text or None
