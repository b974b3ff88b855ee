"""Drive headless Chromium over the DevTools protocol on a pipe (``--remote-debugging-pipe``: commands on fd 3,
replies on fd 4, NUL-separated JSON), so a test can wait in *real* time until a page has drawn.

``--screenshot --virtual-time-budget`` is not enough for the graph view: whether the force layout has drawn by the
end of the virtual budget varies from run to run (the same file rendered blank about five times in six), so a
test that relied on it failed or passed by luck.  Here the test polls screenshots until the page is drawn.
"""

from __future__ import annotations

import base64
import fcntl
import json
import os
import struct
import subprocess
import time
import zlib
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import Any


class HeadlessChromium:
    """One headless Chromium process with one page; use as a context manager."""

    def __init__(self, binary: str, profile: Path, width: int = 1280, height: int = 900) -> None:
        to_browser_read, self._to_browser = os.pipe()
        self._from_browser, from_browser_write = os.pipe()
        # the child reads commands on fd 3 and writes replies on fd 4; bash sets them from copies above 10,
        # which can never be 3 or 4 themselves (no preexec_fn, which is unsafe in a threaded parent)
        child_read, child_write = (fcntl.fcntl(fd, fcntl.F_DUPFD, 10) for fd in (to_browser_read, from_browser_write))
        os.close(to_browser_read)
        os.close(from_browser_write)
        flags = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-sync",
                 "--disable-background-networking", "--disable-component-update", "--remote-debugging-pipe",
                 f"--user-data-dir={profile}", f"--window-size={width},{height}", "about:blank"]
        wiring = f'exec "$0" "$@" 3<&{child_read} 4>&{child_write} {child_read}<&- {child_write}>&-'
        try:
            self._process = subprocess.Popen(["/bin/bash", "-c", wiring, binary, *flags], stdin=subprocess.DEVNULL,
                                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                             pass_fds=(child_read, child_write))
        finally:
            os.close(child_read)
            os.close(child_write)
        self._next_id, self._buffer, self._session = 0, b"", ""
        self.exceptions: list[str] = []  # uncaught page exceptions, as Chromium describes them
        self._width, self._height = width, height

    def __enter__(self) -> HeadlessChromium:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        try:
            self._send("Browser.close", session=False)
        except OSError:
            pass
        try:
            self._process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()
        os.close(self._to_browser)
        os.close(self._from_browser)

    def _send(self, method: str, params: dict[str, Any] | None = None, *, session: bool = True) -> int:
        self._next_id += 1
        message: dict[str, Any] = {"id": self._next_id, "method": method, "params": params or {}}
        if session and self._session:
            message["sessionId"] = self._session
        os.write(self._to_browser, json.dumps(message).encode() + b"\0")
        return self._next_id

    def _receive(self) -> dict[str, Any]:
        while b"\0" not in self._buffer:
            chunk = os.read(self._from_browser, 1 << 20)
            if not chunk:
                raise RuntimeError("Chromium closed the DevTools pipe")
            self._buffer += chunk
        raw, self._buffer = self._buffer.split(b"\0", 1)
        message: dict[str, Any] = json.loads(raw)
        if message.get("method") == "Runtime.exceptionThrown":
            details = message["params"]["exceptionDetails"]
            self.exceptions.append(details.get("exception", {}).get("description") or details.get("text", ""))
        return message

    def call(self, method: str, params: dict[str, Any] | None = None, *, session: bool = True) -> dict[str, Any]:
        """Send one command and return its result (events that arrive meanwhile are recorded, not returned)."""
        wanted = self._send(method, params, session=session)
        while True:
            message = self._receive()
            if message.get("id") == wanted:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                result: dict[str, Any] = message.get("result", {})
                return result

    def open(self, url: str) -> None:
        """Open ``url`` in a new page and attach to it (uncaught exceptions are collected in ``exceptions``)."""
        target = self.call("Target.createTarget", {"url": "about:blank"}, session=False)["targetId"]
        self._session = self.call("Target.attachToTarget", {"targetId": target, "flatten": True},
                                  session=False)["sessionId"]
        self.call("Runtime.enable")
        self.call("Emulation.setDeviceMetricsOverride", {"width": self._width, "height": self._height,
                                                          "deviceScaleFactor": 1, "mobile": False})
        self.call("Page.navigate", {"url": url})

    def evaluate(self, expression: str) -> Any:
        return self.call("Runtime.evaluate", {"expression": expression, "returnByValue": True})["result"].get("value")

    def screenshot(self) -> bytes:
        return base64.b64decode(self.call("Page.captureScreenshot", {"format": "png"})["data"])

    def screenshot_when(self, drawn: Callable[[bytes], bool], seconds: float) -> bytes:
        """Screenshots every half second until ``drawn`` accepts one or ``seconds`` pass; returns the last."""
        deadline = time.monotonic() + seconds
        while True:
            if self.evaluate("document.readyState") == "complete":
                shot = self.screenshot()
                if drawn(shot) or time.monotonic() > deadline:
                    return shot
            elif time.monotonic() > deadline:
                return self.screenshot()
            time.sleep(0.5)

    # -- acting as a user ------------------------------------------------------------------------------------------
    def wait_for(self, expression: str, seconds: float = 60.0) -> Any:
        """Evaluate ``expression`` every quarter second until it is truthy; returns it (None after ``seconds``)."""
        deadline = time.monotonic() + seconds
        while True:
            value = self.evaluate(expression)
            if value or time.monotonic() > deadline:
                return value or None
            time.sleep(0.25)

    def click(self, selector: str) -> None:
        """A real mouse click (press and release) in the middle of the last element matching ``selector``."""
        box = self.evaluate(f"(() => {{ const all = document.querySelectorAll({json.dumps(selector)}); "
                            f"const e = all[all.length - 1]; if (!e) return null; "
                            f"e.scrollIntoView({{block: 'center'}}); const r = e.getBoundingClientRect(); "
                            f"return [r.x + r.width / 2, r.y + r.height / 2]; }})()")
        if not box:
            raise RuntimeError(f"nothing on the page matches {selector}")
        for kind in ("mousePressed", "mouseReleased"):
            self.call("Input.dispatchMouseEvent", {"type": kind, "x": box[0], "y": box[1], "button": "left",
                                                   "clickCount": 1})

    def type_into(self, selector: str, text: str) -> None:
        """Focus the first element matching ``selector`` and insert ``text`` as typing or pasting does."""
        if not self.evaluate(f"(() => {{ const e = document.querySelector({json.dumps(selector)}); "
                             f"if (!e) return false; e.focus(); return true; }})()"):
            raise RuntimeError(f"nothing on the page matches {selector}")
        self.call("Input.insertText", {"text": text})


def png_rows(png: bytes) -> tuple[int, int, list[bytes]]:
    """Width, height and the RGB rows (3 bytes a pixel) of a PNG screenshot Chromium wrote (8-bit RGB or RGBA,
    not interlaced), with PNG's row filters undone."""
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, width, height, channels = 8, b"", 0, 0, 4
    while pos < len(png):
        length, kind = struct.unpack(">I4s", png[pos:pos + 8])
        data = png[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height, _, colour_type = struct.unpack(">IIBB", data[:10])
            channels = {2: 3, 6: 4}[colour_type]
        elif kind == b"IDAT":
            idat += data
        pos += 12 + length
    raw, stride, previous = zlib.decompress(idat), width * channels, bytearray(width * channels)
    rows: list[bytes] = []
    for row in range(height):
        start = row * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1:start + 1 + stride])
        for i in range(stride):  # filters: none, sub, up, average, Paeth
            left = line[i - channels] if i >= channels else 0
            up, corner = previous[i], previous[i - channels] if i >= channels else 0
            if kind == 1:
                line[i] = (line[i] + left) & 255
            elif kind == 2:
                line[i] = (line[i] + up) & 255
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 255
            elif kind == 4:
                p = left + up - corner
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
                line[i] = (line[i] + (left if pa <= pb and pa <= pc else up if pb <= pc else corner)) & 255
        rows.append(bytes(line) if channels == 3 else bytes(b for j, b in enumerate(line) if j % 4 != 3))
        previous = line
    return width, height, rows
