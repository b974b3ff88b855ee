"""Streaming JSON: the values of a JSON array, or of JSON values written one after another (a pretty-printed
JSON Lines file), read a chunk at a time with the line each starts on, never the whole file.

The standard ``json`` decoder parses each value (``raw_decode``) from a buffer that holds what is not consumed
yet plus the next chunk; a value that runs past the buffer is parsed again once more has been read.  Invalid JSON
ends the stream with one error naming its line: where the next value would start cannot be found reliably.
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterator
from typing import Any, BinaryIO

CHUNK = 1 << 20
_SPACE = re.compile(r"[ \t\r\n]*")


class _Buffer:
    """Text of a stream, read a chunk at a time, with the line number of any position still held."""

    def __init__(self, text: io.TextIOBase) -> None:
        self.text, self.data, self.pos, self.eof = text, "", 0, False
        self._line, self._counted = 1, 0  # line number at index _counted of data

    def more(self) -> bool:
        """Read another chunk (dropping what has been consumed); False at the end of the stream."""
        if self.eof:
            return False
        chunk = self.text.read(CHUNK)
        if not chunk:
            self.eof = True
            return False
        self.line_at(self.pos)
        self.data, self._counted, self.pos = self.data[self.pos:] + chunk, 0, 0
        return True

    def line_at(self, pos: int) -> int:
        self._line += self.data.count("\n", self._counted, pos)
        self._counted = pos
        return self._line

    def next_char(self) -> str:
        """The next non-space character ("" at the end of the stream), the position left on it."""
        while True:
            self.pos = _SPACE.match(self.data, self.pos).end()  # type: ignore[union-attr]
            if self.pos < len(self.data) or not self.more():
                return self.data[self.pos:self.pos + 1]


def json_values(handle: BinaryIO, limit: int) -> Iterator[tuple[int, Any, str | None]]:
    """``(line, value, None)`` for every value of the stream, then ``(line, None, reason)`` if it turns out not to
    be valid JSON (or a value is larger than ``limit`` characters)."""
    start = handle.peek(4)[:4]  # type: ignore[attr-defined]
    encoding = "utf-16" if start[:2] in (b"\xff\xfe", b"\xfe\xff") else "utf-8-sig"
    buffer = _Buffer(io.TextIOWrapper(handle, encoding=encoding, errors="replace"))
    decoder = json.JSONDecoder()
    array = buffer.next_char() == "["
    if array:
        buffer.pos += 1
    first = True
    while True:
        char = buffer.next_char()
        if not char or (array and char == "]"):
            if array and not char:
                yield buffer.line_at(buffer.pos), None, "the JSON array is not closed (file cut short?)"
            return
        if array and not first:
            if char != ",":
                yield buffer.line_at(buffer.pos), None, (f"not valid JSON (expected ',' or ']', found {char!r}); "
                                                         f"the rest of the file is not read")
                return
            buffer.pos += 1
            buffer.next_char()
        first = False
        while True:
            try:
                value, end = decoder.raw_decode(buffer.data, buffer.pos)
                break
            except json.JSONDecodeError as exc:
                if len(buffer.data) - buffer.pos <= limit and buffer.more():
                    continue  # the value may just run past what has been read so far
                yield buffer.line_at(min(exc.pos, len(buffer.data))), None, \
                    f"not valid JSON ({exc.msg}); the rest of the file is not read"
                return
        line = buffer.line_at(buffer.pos)
        buffer.pos = end
        yield line, value, None
