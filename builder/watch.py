"""`watch`: rebuild on every change and serve the output on localhost with auto-reload.

The server adds a few lines of script to each HTML page it serves (never to the files on
disk): the page polls ``/__status`` and reloads when a new build lands, or shows the
build's errors over the page when the source is broken.
"""

from __future__ import annotations

import json
import re
import sys
import tempfile
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from builder.build import build
from builder.cache import Cache
from builder.diagnostics import Severity
from builder.writers.options import HtmlOptions, Options


@dataclass
class Status:
    version: int = 0
    ok: bool = True
    errors: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def as_json(self) -> bytes:
        with self.lock:
            return json.dumps({"version": self.version, "ok": self.ok,
                               "errors": self.errors}).encode()


def reload_script(templates: Path) -> str:
    """The script the server adds before ``</body>`` of every page it serves."""
    return "\n" + (templates / "watch" / "reload.html").read_text(encoding="utf-8")


class Handler(SimpleHTTPRequestHandler):
    status: Status

    def __init__(self, *args: object, status: Status, script: str, **kwargs: object) -> None:
        self.status = status
        self.script = script
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]

    def do_GET(self) -> None:
        if self.path.split("?")[0] == "/__status":
            self._send(self.status.as_json(), "application/json")
            return
        target = Path(self.translate_path(self.path))
        if target.is_dir():
            target = target / "index.html"
        if target.suffix == ".html" and target.is_file():
            html = target.read_text(encoding="utf-8")
            # The sheets forbid every script by CSP; the dev server's reload script needs
            # one (and a fetch), so served copies drop that policy. Files on disk keep it.
            html = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>\n?', "", html)
            cut = html.lower().rfind("</body>")
            html = html[:cut] + self.script + html[cut:] if cut >= 0 else html + self.script
            self._send(html.encode("utf-8"), "text/html; charset=utf-8")
            return
        super().do_GET()

    def _send(self, body: bytes, kind: str) -> None:
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", kind)
        self.send_header("Cache-Control", "no-store")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass  # a request log would drown the build messages


def rebuild(source: Path, out: Path, templates: Path, formats: list[str] | None,
            status: Status, say: Callable[[str], None], cache: Cache,
            jobs: int | None = None) -> None:
    # PDFs would start a browser and print every edited page's sheets: too slow for a
    # rebuild on every save (and the browser shows the HTML anyway).
    result = build(source, out, templates, formats=formats,
                   options=Options(html=HtmlOptions(pdf=False)), cache=cache, jobs=jobs)
    errors = [d.text() for d in result.diagnostics if d.severity is Severity.ERROR]
    with status.lock:
        status.ok = result.ok
        status.errors = errors
        if result.ok:
            status.version += 1
    if result.ok:
        say(f"rebuilt: {result.manifest['items']} items")
    else:
        say("build failed; the page shows the errors:\n" + "\n".join(errors))


def serve(source: Path, out: Path, templates: Path, *, host: str = "127.0.0.1",
          port: int = 8000, formats: list[str] | None = None,
          stop: threading.Event | None = None, cache: Path | None = None) -> None:
    def say(msg: str) -> None:
        print(msg, file=sys.stderr, flush=True)

    with tempfile.TemporaryDirectory(prefix="sb-watch-") as scratch:
        # One cache for the whole session: what every build looks up stays in memory.
        store = Cache(cache or Path(scratch), memory=True)
        _serve(source, out, templates, host, port, formats, stop, store, say)


def _serve(source: Path, out: Path, templates: Path, host: str, port: int,
           formats: list[str] | None, stop: threading.Event | None, store: Cache,
           say: Callable[[str], None]) -> None:
    from watchfiles import watch

    status = Status()
    rebuild(source, out, templates, formats, status, say, store)
    out.mkdir(parents=True, exist_ok=True)
    site = out / "html" if (out / "html").is_dir() else out
    handler = partial(Handler, directory=str(site), status=status,
                      script=reload_script(templates))
    server = ThreadingHTTPServer((host, port), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    say(f"serving {site} on http://{host}:{server.server_address[1]}/ (Ctrl-C stops)")
    try:
        for _changes in watch(source, templates, stop_event=stop, debounce=200,
                              raise_interrupt=False):
            # A save changes a page or two: this process, with the state in memory,
            # beats starting workers (which would not share it).
            rebuild(source, out, templates, formats, status, say, store, jobs=1)
    finally:
        server.shutdown()
        server.server_close()
