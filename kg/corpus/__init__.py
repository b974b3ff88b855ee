"""Reading articles as analysts have them: plain text, saved web pages, record exports (JSON Lines, JSON, CSV)
and web archives (WARC).  Every reader yields cleaned ``Document``s (``kg.corpus.document``) and ``Skipped``
lines for what it could not read; ``kg.corpus.reader`` finds the files and picks the reader by suffix.

| module | job |
|---|---|
| ``document`` | ``Document``, ``Skipped``, ``CorpusError``; ``build_document`` (cleaning, headline, sha256) |
| ``text`` | decoding and cleaning plain text (boilerplate lines, bylines, repeated paragraphs) |
| ``html`` | a web page's main text and metadata (trafilatura, htmldate) |
| ``records`` | JSON Lines, JSON and CSV/TSV records, streamed, one article each |
| ``json_stream`` | the values of a JSON array (or of values one after another), a chunk at a time |
| ``warc`` | web archives (warcio), one article per HTML response |
| ``identity`` | URL normal form and the article id derived from it |
| ``reader`` | files and folders → documents, one id read once |
"""

from kg.corpus.document import MAX_BYTES, CorpusError, Document, Skipped, build_document
from kg.corpus.reader import (PAGE_SUFFIXES, TEXT_SUFFIXES, iter_corpus, iter_documents, iter_paths, read_corpus,
                              read_document)
from kg.corpus.records import RECORD_SUFFIXES, RecordFields
from kg.corpus.text import boilerplate_patterns, clean_text, decode, is_boilerplate

__all__ = ["MAX_BYTES", "PAGE_SUFFIXES", "RECORD_SUFFIXES", "TEXT_SUFFIXES", "CorpusError", "Document",
           "RecordFields", "Skipped", "boilerplate_patterns", "build_document", "clean_text", "decode",
           "is_boilerplate", "iter_corpus", "iter_documents", "iter_paths", "read_corpus", "read_document"]
