"""Web pages written for the tests: an article's paragraphs wrapped in the furniture real news pages carry.

Four page styles, as news sites are built: a modern semantic page (JSON-LD, ``<article>``, share buttons, a
newsletter box, related articles, a comment section, a cookie banner), a blog-style page (WordPress-like ``div``
layout, sidebar of most-read links, threaded comments), a portal page (breadcrumbs, a "Read also" box, an
advertisement slot and a "Follow us" line inside the article body, photo captions in ``<figure>``, a tag list, a
related grid) and a legacy page (a table layout, paragraphs separated by ``<br><br>`` inside one cell, a "Print
version | Send to a friend" bar, a news ticker).  The
furniture deliberately names people, countries and weapons ("Putin and Aliyev discuss Karabakh in Sochi",
commenters on the S-400), so any of it leaking into the article text shows up as extra facts.
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass

SITE = "Caucasus Defense Review"
STYLES = ("modern", "blog", "portal", "legacy")

RELATED = ["Putin and Aliyev discuss Karabakh in Sochi", "Iran and Turkey hold naval drills in the Caspian Sea",
           "Lukashenko visits Beijing for talks with Xi Jinping", "NATO chief Stoltenberg meets Georgian premier"]
COMMENTS = [("Armen77", "Russia will never sell the S-400 to Armenia, and Lavrov knows it."),
            ("baku_watch", "Erdogan visited Baku yesterday and signed a defense pact, nobody talks about it."),
            ("K. Sargsyan", "Why does the ministry hide the price of the Su-30SM fighters?")]
COOKIE = ("We use cookies to improve your experience on our website. By continuing to browse the site you agree "
          "to our use of cookies.")


@dataclass(frozen=True)
class Article:
    """What a page shows: headline (may be empty), paragraphs, publication date, author, canonical URL."""

    paragraphs: list[str]
    url: str
    title: str | None = None
    date: str | None = None  # ISO date
    author: str | None = None


def _e(text: str | None) -> str:
    return html.escape(text or "", quote=True)


def _head(article: Article, extra: str = "") -> str:
    meta = [f'<meta charset="utf-8"><title>{_e(article.title + " | " if article.title else "")}{_e(SITE)}</title>',
            f'<link rel="canonical" href="{_e(article.url)}">',
            f'<meta property="og:site_name" content="{_e(SITE)}">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            '<link rel="stylesheet" href="/static/site.css"><script src="/static/analytics.js" async></script>']
    if article.title:
        meta.append(f'<meta property="og:title" content="{_e(article.title)}">')
    if article.date:
        meta.append(f'<meta property="article:published_time" content="{article.date}T09:30:00+04:00">')
    if article.author:
        meta.append(f'<meta name="author" content="{_e(article.author)}">')
    return f"<head>{''.join(meta)}{extra}</head>"


def _nav() -> str:
    items = ["Home", "Politics", "Armenia", "Russia", "South Caucasus", "World", "Video", "Opinion"]
    links = "".join(f'<li><a href="/{i.lower().replace(" ", "-")}">{i}</a></li>' for i in items)
    return (f'<header class="site-header"><a class="logo" href="/">{_e(SITE)}</a><nav class="main-menu"><ul>{links}'
            f'</ul></nav><form class="search"><input type="search" placeholder="Search"><button>Search</button>'
            f'</form><a href="/login">Log in</a> <a href="/subscribe">Subscribe</a></header>')


def _cookie() -> str:
    return (f'<div id="cookie-consent" class="cookie-banner"><p>{COOKIE}</p><button>Accept all</button>'
            f'<button>Settings</button></div>')


def _share() -> str:
    return ('<div class="share-buttons"><span>Share:</span> <a href="#">Facebook</a> <a href="#">Twitter</a> '
            '<a href="#">Telegram</a> <a href="#">WhatsApp</a> <a href="#">Copy link</a></div>')


def _related(tag: str = "aside") -> str:
    links = "".join(f'<li><a href="/news/{i}">{_e(t)}</a></li>' for i, t in enumerate(RELATED, start=100))
    return f'<{tag} class="related"><h2>Related articles</h2><ul>{links}</ul></{tag}>'


def _comments() -> str:
    items = "".join(f'<li class="comment"><div class="comment-author">{_e(who)}</div>'
                    f'<div class="comment-body"><p>{_e(said)}</p></div><a href="#">Reply</a></li>'
                    for who, said in COMMENTS)
    return (f'<section id="comments" class="comments"><h2>Comments ({len(COMMENTS)})</h2><ol>{items}</ol>'
            f'<form><textarea placeholder="Leave a comment"></textarea><button>Post comment</button></form>'
            f'</section>')


def _footer() -> str:
    return (f'<footer class="site-footer"><p>© 2024 {_e(SITE)}. All rights reserved. Reproduction of materials '
            f'is allowed only with a hyperlink to the source.</p><ul><li><a href="/about">About us</a></li>'
            f'<li><a href="/contact">Contact</a></li><li><a href="/privacy">Privacy policy</a></li>'
            f'<li><a href="/ads">Advertising</a></li></ul></footer>')


def _paragraphs(article: Article) -> str:
    return "".join(f"<p>{_e(p)}</p>" for p in article.paragraphs)


def _modern(article: Article) -> str:
    ld = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": article.title or "",
          "publisher": {"@type": "Organization", "name": SITE}, "mainEntityOfPage": article.url}
    if article.date:
        ld["datePublished"] = f"{article.date}T09:30:00+04:00"
    if article.author:
        ld["author"] = {"@type": "Person", "name": article.author}
    head = _head(article, f'<script type="application/ld+json">{json.dumps(ld)}</script>')
    byline = (f'<div class="byline">By <a rel="author" href="/authors/x">{_e(article.author)}</a></div>'
              if article.author else "")
    time = f'<time datetime="{article.date}">{article.date}</time>' if article.date else ""
    title = f"<h1>{_e(article.title)}</h1>" if article.title else ""
    return (f'<!DOCTYPE html><html lang="en">{head}<body>{_cookie()}{_nav()}<main><article>'
            f'<header>{title}{byline}{time}</header>{_share()}<div class="article-body">{_paragraphs(article)}</div>'
            f'{_share()}<div class="newsletter"><h3>Get the morning briefing</h3><p>Sign up for our newsletter.</p>'
            f'<input type="email"><button>Sign up</button></div></article>{_related()}{_comments()}</main>'
            f'{_footer()}</body></html>')


def _blog(article: Article) -> str:
    most_read = "".join(f'<li><a href="/archives/{i}">{_e(t)}</a></li>' for i, t in enumerate(RELATED[::-1]))
    title = f'<h2 class="entry-title">{_e(article.title)}</h2>' if article.title else ""
    meta = (f'<div class="entry-meta">Posted on <abbr class="published" title="{article.date}">{article.date}</abbr>'
            f'{" by " + _e(article.author) if article.author else ""}</div>' if article.date else "")
    return (f'<!DOCTYPE html><html>{_head(article)}<body><div id="wrapper"><div id="header"><h1 class="blog-title">'
            f'<a href="/">{_e(SITE)}</a></h1><div id="menu"><ul><li><a href="/">Home</a></li>'
            f'<li><a href="/category/defense">Defense</a></li><li><a href="/category/diplomacy">Diplomacy</a></li>'
            f'<li><a href="/about">About</a></li></ul></div></div>{_cookie()}<div id="content"><div class="post">'
            f'{title}{meta}<div class="entry">{_paragraphs(article)}</div><div class="postmeta">Filed under: '
            f'<a href="/category/defense">Defense</a> | <a href="#comments">3 Comments</a></div></div>'
            f'{_comments()}</div><div id="sidebar"><h3>Most read</h3><ul>{most_read}</ul><h3>Archives</h3><ul>'
            f'<li><a href="/2021/05">May 2021</a></li><li><a href="/2021/04">April 2021</a></li></ul></div>'
            f'<div id="footer">{_footer()}</div></div></body></html>')


def _portal(article: Article) -> str:
    paragraphs = [f"<p>{_e(p)}</p>" for p in article.paragraphs]
    read_also = (f'<div class="read-also"><strong>Read also:</strong> <a href="/news/77">{_e(RELATED[0])}</a>'
                 f'</div>')
    follow = '<p class="follow-us"><a href="https://t.me/example">Follow us on Telegram</a></p>'
    if len(paragraphs) > 2:
        paragraphs.insert(2, read_also)
    if len(paragraphs) > 5:
        paragraphs.insert(5, '<div class="ad-slot"><span>Advertisement</span><div id="ad-300x250"></div></div>')
    paragraphs.append(follow)
    crumbs = '<ol class="breadcrumbs"><li><a href="/">Home</a></li><li><a href="/politics">Politics</a></li></ol>'
    figure = ('<figure class="lead-photo"><img src="/img/lead.jpg" alt=""><figcaption>Photo: press service'
              '</figcaption></figure>')
    date = f'<span class="date"><time datetime="{article.date}T09:30">{article.date}</time></span>' \
        if article.date else ""
    author = f'<span class="author">{_e(article.author)}</span>' if article.author else ""
    title = f'<h1 class="article-title">{_e(article.title)}</h1>' if article.title else ""
    tags = ('<div class="tags">Tags: <a href="/tag/armenia">Armenia</a> <a href="/tag/russia">Russia</a> '
            '<a href="/tag/defense">defense</a></div>')
    grid = "".join(f'<div class="card"><a href="/news/{i}"><img src="/img/{i}.jpg" alt=""><span>{_e(t)}</span></a>'
                   f'</div>' for i, t in enumerate(RELATED, start=200))
    return (f'<!DOCTYPE html><html lang="en">{_head(article)}<body>{_nav()}{_cookie()}<div class="container">'
            f'{crumbs}<div class="article-page">{title}<div class="article-info">{date} {author}</div>{figure}'
            f'<div class="article-text">{"".join(paragraphs)}</div>{tags}{_share()}</div>'
            f'<div class="more-news"><h2>More news</h2>{grid}</div>{_comments()}</div>{_footer()}</body></html>')


def _legacy(article: Article) -> str:
    ticker = " &bull; ".join(_e(t) for t in RELATED)
    menu = "".join(f'<tr><td><a href="/{i}.php">{i}</a></td></tr>' for i in ("News", "Analysis", "Interviews",
                                                                             "Archive", "Contacts"))
    body = "<br><br>\n".join(_e(p) for p in article.paragraphs)
    title = f'<font size="4"><b>{_e(article.title)}</b></font><br>' if article.title else ""
    date = f'<font color="#888">{article.date}</font><br><br>' if article.date else ""
    author = f"<br><br><i>{_e(article.author)}</i>" if article.author else ""
    return (f'<html>{_head(article)}<body bgcolor="#ffffff"><table width="100%"><tr><td colspan="2">'
            f'<marquee>{ticker}</marquee></td></tr><tr><td width="180" valign="top"><table>{menu}</table></td>'
            f'<td valign="top" class="news">{title}{date}{body}{author}<br><br><a href="?print=1">Print version</a>'
            f' | <a href="/send">Send to a friend</a></td></tr><tr><td colspan="2"><small>Copyright 2009-2024 '
            f'{_e(SITE)}. Reproduction without permission is prohibited.</small></td></tr></table></body></html>')


def page(article: Article, style: str = "modern") -> str:
    """The article as a full HTML page in one of ``STYLES``."""
    return {"modern": _modern, "blog": _blog, "portal": _portal, "legacy": _legacy}[style](article)
