"""The hostile corpus (tests/fixtures/hostile) built into every format: nothing executes,
nothing escapes its field, no file outside the source tree is read, and every output
still passes its real consumer (Anki, gift-pegjs, the IMS schemas, Chromium)."""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import lxml.html  # type: ignore[import-untyped]
import pytest

from builder.build import BuildResult

from .conftest import FIXTURES, NO_PDF_NO_LOCK, require_tool, run_build

pytestmark = pytest.mark.consumer
HOSTILE = FIXTURES / "hostile"
SECRETS = [Path("/etc/passwd"), Path("/etc/hostname")]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, BuildResult]:
    out = tmp_path_factory.mktemp("hostile") / "dist"
    result = run_build(HOSTILE, out, options=NO_PDF_NO_LOCK)
    assert result.ok, [d.text() for d in result.diagnostics if d.severity.value == "error"]
    return out, result


def _files(out: Path, result: BuildResult, fmt: str) -> list[Path]:
    return [out / p for p in result.outputs[fmt]]


def test_anki_imports_and_every_card_renders(built: tuple[Path, BuildResult]) -> None:
    from .anki_helpers import card_problems, collection, import_package

    out, result = built
    (package,) = [p for p in _files(out, result, "anki") if p.name == "all.apkg"]
    with collection() as col:
        counts = import_package(col, package)
        assert counts.new == result.manifest["items"] and counts.conflicting == 0
        assert card_problems(col) == []
        fields = [f for n in col.find_notes("") for f in col.get_note(n).fields if f.strip()]
    # Raw HTML from the source arrives escaped, never as live markup: no element in any
    # field is a script, frame or object, and none has an event handler or js: link.
    for field in fields:
        for el in lxml.html.fragment_fromstring(field, create_parent="div").iter():
            assert el.tag not in ("script", "iframe", "object", "embed", "style", "meta")
            assert not [a for a in el.attrib if a.lower().startswith("on")]
            assert not el.get("href", "").lower().startswith("javascript:")
    assert any("&lt;script&gt;" in f for f in fields)


def test_no_file_outside_the_source_is_packaged(built: tuple[Path, BuildResult]) -> None:
    out, result = built
    secrets = {p.read_bytes() for p in SECRETS if p.is_file()}
    for package in _files(out, result, "anki"):
        with zipfile.ZipFile(package) as zf:
            assert not {zf.read(n) for n in zf.namelist()} & secrets
    codes = {d.code for d in result.diagnostics}
    assert "image-outside-source" in codes


def test_gift_parses_back_field_for_field(built: tuple[Path, BuildResult]) -> None:
    from .test_gift_consumer import check_build

    out, result = built
    check_build(out, result)


def test_qti_packages_validate(built: tuple[Path, BuildResult]) -> None:
    from .qti_schemas import validate_qti12_package, validate_qti21_package

    out, result = built
    failures = [f for p in _files(out, result, "qti12") if p.suffix == ".zip"
                for f in validate_qti12_package(p)]
    failures += [f for p in _files(out, result, "qti21") if p.suffix == ".zip"
                 for f in validate_qti21_package(p)]
    assert [str(f) for f in failures] == []


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    api = pytest.importorskip("playwright.sync_api")
    chromium = require_tool("chromium")
    from .test_html_browser import LAUNCH_ARGS

    with api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium, args=LAUNCH_ARGS)
        yield b
        b.close()


def _visit(browser: Any, sheet: Path) -> tuple[list[str], int]:
    """Everything a sheet did when opened (details too), and its live-markup count."""
    # bypass_csp: the markup itself must be inert, not only blocked by the policy.
    context = browser.new_context(bypass_csp=True)
    page = context.new_page()
    events: list[str] = []
    own = sheet.resolve().as_uri()
    def on_dialog(dialog: Any) -> None:
        events.append(f"dialog: {dialog.message}")
        dialog.dismiss()

    page.on("dialog", on_dialog)
    page.on("pageerror", lambda e: events.append(f"error: {e}"))
    page.on("console", lambda m: events.append(f"console: {m.text}"))
    page.on("request", lambda r: events.append(f"request: {r.url}") if r.url != own else None)
    context.route("**/*", lambda r: r.continue_() if r.request.url == own else r.abort())
    page.goto(own, wait_until="load")
    for summary in page.locator("details > summary").all():
        summary.click()
    page.wait_for_timeout(100)
    live = page.locator("script, iframe, object, embed, [onerror], [onload]").count()
    context.close()
    return events, live


def test_html_runs_nothing_and_requests_nothing(built: tuple[Path, BuildResult],
                                                browser: Any) -> None:
    out, result = built
    sheets = [p for p in _files(out, result, "html") if p.suffix == ".html"]
    assert len(sheets) >= 2 * len(list(HOSTILE.glob("*.txt")))
    for sheet in sheets:
        events, live = _visit(browser, sheet)
        assert events == [] and live == 0, f"{sheet.name}: {events}, {live} live elements"
