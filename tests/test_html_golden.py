"""The sample page's sheets, byte for byte (UPDATE_GOLDEN=1 rewrites them after a change
you have looked at in a browser)."""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import NO_PDF, ROOT, SAMPLE, run_build
from .golden import check_golden

GOLDEN = ROOT / "tests" / "golden" / "html"
FILES = ("pytorch-ddp-basics.html", "pytorch-ddp-basics.quiz.html", "index.html")


@pytest.fixture(scope="module")
def html_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SOURCE_DATE_EPOCH", "1700000000")
        out = tmp_path_factory.mktemp("golden") / "dist"
        result = run_build(SAMPLE, out, formats=["html"], keep_going=True,
                           options=NO_PDF)
    assert result.ok
    return out / "html"


@pytest.mark.parametrize("name", FILES)
def test_html_matches_golden(html_dir: Path, name: str) -> None:
    check_golden(GOLDEN / name, (html_dir / name).read_text(encoding="utf-8"))
