"""Print HTML sheets to PDF through one headless Chromium per build (DevTools protocol).

Playwright's async API drives the system Chromium (``executable_path``: Playwright never
downloads a browser here) from an event loop in a thread of its own, so that the link
step's threads can each ask for a PDF and wait. The browser starts on the first print a
build needs (a build whose PDFs all come from the last build or the cache starts none)
and prints ``jobs`` sheets at once, in tabs of one private context with scripts off,
offline and every request aborted. A process per sheet took over a second each (startup
dominates); a tab of a running browser about a ninth of that (``benchmarks.pdf``).

Chromium stamps the print time into the PDF's info dictionary; we overwrite both dates
with the build's epoch in place (same length, so the cross-reference offsets stay
valid), which makes the PDF bytes depend only on the HTML, Chromium and the fonts: so
:func:`.chromium.print_key` names a print well enough to reuse it from the build cache
(the dates: :mod:`.pdfbytes`).
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

from .chromium import FLAGS, PAPER, PDF_OPTIONS
from .pdfbytes import stamp_dates

if TYPE_CHECKING:
    from playwright.async_api import Browser, BrowserContext, Playwright
    from playwright.async_api import Page as Tab


class PdfError(Exception):
    """Chromium did not produce a PDF; the message says why."""


def with_paper(html: str, paper: str) -> str:
    """The sheet with its page box fixed to ``paper``: the file itself says ``size: auto``
    so that a reader's own printer paper wins, but a PDF needs one size."""
    size = PAPER[paper]
    rule = f"<style>@page {{ size: {size}; }}</style>\n"
    cut = html.find("</head>")
    return html[:cut] + rule + html[cut:] if cut >= 0 else rule + html


def _first_line(exc: BaseException) -> str:
    # Playwright's messages go on with a call log; the first line says what happened.
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
    return lines[0] if lines else type(exc).__name__


class Printer:
    """One Chromium for many prints: :meth:`print` may be called from many threads at
    once, each call waiting for its own PDF; at most ``jobs`` print at a time. The
    browser starts on the first call, and again if it died; :meth:`close` (or the end of
    a ``with`` block) stops it. ``launches`` counts the browsers started."""

    def __init__(self, engine: str, *, paper: str, timeout: float, jobs: int,
                 epoch: int) -> None:
        self.engine = engine
        self.paper = paper
        self.timeout = timeout
        self.jobs = max(1, jobs)
        self.epoch = epoch
        self.launches = 0
        self._start_lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._tabs: _Tabs | None = None

    def __enter__(self) -> Printer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def print(self, html: str) -> bytes:
        """``html`` (a whole sheet) on this printer's paper, dated at the epoch. Raises
        PdfError."""
        loop, tabs = self._started()
        pdf = asyncio.run_coroutine_threadsafe(tabs.print(with_paper(html, self.paper)),
                                               loop).result()
        return stamp_dates(pdf, self.epoch)

    def close(self) -> None:
        with self._start_lock:
            loop, thread, tabs = self._loop, self._thread, self._tabs
            self._loop = self._thread = self._tabs = None
        if loop is None or thread is None or tabs is None:
            return
        # A browser that will not close is left to die with Playwright's driver.
        with contextlib.suppress(Exception):
            asyncio.run_coroutine_threadsafe(tabs.close(), loop).result(self.timeout + 5)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(self.timeout + 5)
        if not thread.is_alive():
            loop.close()

    def _started(self) -> tuple[asyncio.AbstractEventLoop, _Tabs]:
        with self._start_lock:
            if self._loop is None or self._tabs is None:
                loop = asyncio.new_event_loop()
                # A daemon: a browser that hangs must not keep the build from exiting.
                thread = threading.Thread(target=loop.run_forever, daemon=True,
                                          name="study-builder-pdf")
                thread.start()
                self._loop, self._thread = loop, thread
                self._tabs = _Tabs(self.engine, self.timeout, self.jobs, self._launched)
            return self._loop, self._tabs

    def _launched(self) -> None:
        self.launches += 1


class _Tabs:
    """The printer's state inside its event loop (touched only from that loop)."""

    def __init__(self, engine: str, timeout: float, jobs: int,
                 launched: Callable[[], None]) -> None:
        self.engine = engine
        self.timeout = timeout
        self.jobs = jobs
        self.launched = launched
        self.driver: Playwright | None = None
        self.browser: Browser | None = None
        self.context: BrowserContext | None = None
        self.idle: list[Tab] = []
        self.failed: PdfError | None = None  # the browser could not start: say so fast
        self._ready: asyncio.Lock | None = None
        self._slots: asyncio.Semaphore | None = None

    async def print(self, html: str) -> bytes:
        if self._slots is None:
            self._slots = asyncio.Semaphore(self.jobs)
        async with self._slots:
            context = await self._context()
            tab: Tab | None = self.idle.pop() if self.idle else None
            try:
                if tab is None:
                    tab = await context.new_page()
                    # The sheet is laid out for paper from the start: loaded for the
                    # screen, Chromium would lay it out twice (a fifth of the work).
                    await tab.emulate_media(media="print")
                pdf = await asyncio.wait_for(self._print_on(tab, html), self.timeout)
            except TimeoutError:
                await self._discard(tab)
                raise PdfError(f"Chromium took more than {self.timeout:g} s") from None
            except Exception as exc:  # Playwright's errors: a closed tab, a dead browser
                await self._discard(tab)
                raise PdfError(f"Chromium could not print it ({_first_line(exc)})") from None
            self.idle.append(tab)
        if not pdf.startswith(b"%PDF"):
            raise PdfError("Chromium returned something that is not a PDF")
        return pdf

    @staticmethod
    async def _print_on(tab: Tab, html: str) -> bytes:
        await tab.set_content(html, wait_until="load")
        return await tab.pdf(**PDF_OPTIONS)

    async def _context(self) -> BrowserContext:
        if self._ready is None:
            self._ready = asyncio.Lock()
        async with self._ready:
            if self.failed is not None:
                raise self.failed
            if self.context is not None and self.browser is not None \
                    and self.browser.is_connected():
                return self.context
            await self._stop()  # a browser that died mid-build is started again
            try:
                self.context = await asyncio.wait_for(self._launch(), self.timeout)
            except TimeoutError:
                self.failed = PdfError(f"Chromium did not start in {self.timeout:g} s")
            except ImportError:
                self.failed = PdfError("Playwright is not installed (pip install playwright)")
            except Exception as exc:
                self.failed = PdfError(f"Chromium did not start ({_first_line(exc)})")
            if self.failed is not None:
                await self._stop()
                raise self.failed
            assert self.context is not None
            return self.context

    async def _launch(self) -> BrowserContext:
        # Imported here: a build without PDFs never pays for Playwright's import.
        from playwright.async_api import async_playwright

        self.driver = await async_playwright().start()
        self.launched()
        self.browser = await self.driver.chromium.launch(
            executable_path=self.engine, args=list(FLAGS), timeout=self.timeout * 1000)
        # A sheet needs nothing but its own markup: no script, no network, no request.
        context = await self.browser.new_context(java_script_enabled=False, offline=True)
        await context.route("**/*", lambda route: route.abort())
        return context

    async def _discard(self, tab: Tab | None) -> None:
        if tab is None:
            return
        with contextlib.suppress(Exception):  # a tab of a dead browser is gone anyway
            await asyncio.wait_for(tab.close(), 5)

    async def _stop(self) -> None:
        self.idle.clear()
        browser, driver = self.browser, self.driver
        self.context = self.browser = self.driver = None
        # What will not stop dies with the driver, and the driver with this process.
        if browser is not None:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(browser.close(), self.timeout)
        if driver is not None:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(driver.stop(), self.timeout)

    async def close(self) -> None:
        await self._stop()
