"""`pin`: derived ids written into the pages, nothing else about the files changed."""

from __future__ import annotations

import re
import shutil
from itertools import pairwise
from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from builder.cli import main
from builder.pin import insert_ids, pin
from builder.pipeline import check

from .conftest import FIXTURES, SAMPLE

READER = FIXTURES / "reader"
ODD_FILES = ["bom-crlf-trailing-spaces.txt", "cr-only-line-ends.txt",
             "tabs-no-final-newline.txt", "indented-prompts.txt", "challenge-code.txt",
             "lost-options.txt", "question-starts-with-letter.txt"]


def _ids(root: Path) -> dict[str, list[tuple[str, bool]]]:
    return {p.path: [(i.id, i.id_explicit) for i in p.items] for p in check([root]).tree.pages}


def _without_id_lines(data: bytes, added: list[str]) -> bytes:
    for item_id in added:
        for eol in (b"\r\n", b"\r", b"\n"):
            line = f"Id: {item_id}".encode() + eol
            if line in data:
                data = data.replace(line, b"", 1)
                break
        else:  # the last line of a file without a final newline
            tail = f"Id: {item_id}".encode()
            assert data.endswith(tail)
            data = data[: -len(tail)]
            data = data[:-2] if data.endswith(b"\r\n") else data[:-1]
    return data


def test_pin_keeps_every_id_and_makes_it_explicit(tmp_path: Path) -> None:
    src = tmp_path / "src"
    shutil.copytree(SAMPLE, src)
    before = _ids(src)
    result = pin([src], src)
    page = src / "pytorch" / "ddp-basics.txt"
    assert list(result.pinned) == [page] and len(result.pinned[page]) == 7
    after = _ids(src)
    assert [i for i, _ in after["pytorch/ddp-basics.txt"]] == [
        i for i, _ in before["pytorch/ddp-basics.txt"]]
    assert all(explicit for _, explicit in after["pytorch/ddp-basics.txt"])
    assert _without_id_lines(page.read_bytes(), result.pinned[page]) == (
        SAMPLE / "pytorch" / "ddp-basics.txt").read_bytes()


def test_pin_is_idempotent_and_leaves_pinned_files_alone(tmp_path: Path) -> None:
    src = tmp_path / "src"
    shutil.copytree(SAMPLE, src)
    pin([src], src)
    page = src / "pytorch" / "ddp-basics.txt"
    data, stamp = page.read_bytes(), page.stat().st_mtime_ns
    again = pin([src], src)
    assert again.pinned == {} and again.refused == []
    assert page.read_bytes() == data and page.stat().st_mtime_ns == stamp


def test_pinned_id_survives_a_reworded_question(tmp_path: Path) -> None:
    src = tmp_path / "src"
    shutil.copytree(SAMPLE, src)
    page = src / "pytorch" / "ddp-basics.txt"
    old = "What does one DDP process usually drive?"
    (derived,) = [i.id for p in check([src]).tree.pages for i in p.items
                  if getattr(i, "question", "") == old]
    pin([page], src)  # one page, read relative to the source root: the same ids
    page.write_text(page.read_text(encoding="utf-8").replace(old, "What does a DDP process "
                                                             "drive, usually?"), encoding="utf-8")
    ids = [i.id for p in check([src]).tree.pages for i in p.items]
    assert derived in ids


@pytest.mark.parametrize("name", ODD_FILES)
def test_line_ends_bom_and_final_newline_are_kept(tmp_path: Path, name: str) -> None:
    src = tmp_path / "src"
    src.mkdir()
    original = (READER / name).read_bytes()
    (src / name).write_bytes(original)
    before = _ids(src)
    result = pin([src], src)
    data = (src / name).read_bytes()
    added = result.pinned.get(src / name, [])
    assert added, "every fixture here has an item without an Id"
    assert _without_id_lines(data, added) == original
    assert data.startswith(b"\xef\xbb\xbf") == original.startswith(b"\xef\xbb\xbf")
    assert data.endswith((b"\n", b"\r")) == original.endswith((b"\n", b"\r"))
    after = _ids(src)
    assert [i for i, _ in after[name]] == [i for i, _ in before[name]]
    assert all(explicit for _, explicit in after[name])
    if b"\r\n" in original:
        assert b"\r\n" in data and data.replace(b"\r\n", b"").count(b"\n") == 0


def test_page_with_errors_is_left_untouched(tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    shutil.copy(READER / "problems.txt", src / "problems.txt")
    original = (src / "problems.txt").read_bytes()
    result = pin([src], src)
    assert result.pinned == {} and result.refused
    assert (src / "problems.txt").read_bytes() == original


def test_cli_pin(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "src"
    shutil.copytree(SAMPLE, src)
    assert main(["pin", str(src)]) == 0
    assert "pinned 7 id(s)" in capsys.readouterr().err
    assert main(["pin", str(src)]) == 0
    assert "nothing to do" in capsys.readouterr().err


_EOL = st.sampled_from(["\n", "\r\n", "\r"])
# U+FEFF is left out: at the start of a file it *is* the byte-order mark, drawn by `bom`.
_TEXT = st.text(st.characters(blacklist_categories=["Cs"],
                              blacklist_characters="\r\n\ufeff"), max_size=8)


@settings(max_examples=80, deadline=None)
@given(st.lists(st.tuples(_TEXT, _EOL), min_size=1, max_size=8), st.booleans(), st.booleans(),
       st.data())
def test_insert_ids_adds_only_its_lines(lines: list[tuple[str, str]], bom: bool, final: bool,
                                        data: st.DataObject) -> None:
    if not final and lines[-1][0]:  # a file without a final newline ends in text
        lines[-1] = (lines[-1][0], "")
    # "\r" then an empty line ending "\n" is one CRLF line end, not two lines.
    assume(not any(e == "\r" and not t2 and e2.startswith("\n")
                   for (_, e), (t2, e2) in pairwise(lines)))
    raw = (b"\xef\xbb\xbf" if bom else b"") + "".join(t + e for t, e in lines).encode()
    picks = data.draw(st.sets(st.integers(1, len(lines)), max_size=3))
    out = insert_ids(raw, {no: f"id-{no}" for no in picks})
    assert out.startswith(b"\xef\xbb\xbf") == bom
    got = re.findall(r"[^\r\n]*(?:\r\n|\r|\n)?", out.removeprefix(b"\xef\xbb\xbf").decode())
    got = [g for g in got if g]
    expected_eol = {e for _, e in lines if e} or {"\n"}
    k = 0
    for no, (text, eol) in enumerate(lines, start=1):
        if no in picks and not eol:  # the last line gains an ending so the Id can follow
            assert got[k][: len(text)] == text and got[k][len(text):] in expected_eol
            assert got[k + 1] == f"Id: id-{no}"
        else:
            assert got[k] == text + eol
        if no in picks:
            assert got[k + 1].rstrip("\r\n") == f"Id: id-{no}"
            assert got[k + 1][len(f"Id: id-{no}"):] == eol  # the line's own ending
            k += 1
        k += 1
    assert k == len(got)
