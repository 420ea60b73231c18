"""Each lint rule fires on its positive fixture, not on its negative one, and an
`Allow:` line silences it."""

from __future__ import annotations

from pathlib import Path

import pytest

from builder.lint import rules
from builder.pipeline import check

FIXTURES = Path(__file__).parent / "fixtures" / "lint"
CODES = sorted(r.code for r in rules())


def codes_in(path: Path) -> list[str]:
    return [d.code for d in check([path]).diagnostics]


def test_every_rule_has_fixtures() -> None:
    assert len(CODES) == 13
    for code in CODES:
        assert (FIXTURES / f"{code}.pos.txt").is_file() and (FIXTURES / f"{code}.neg.txt").is_file()


@pytest.mark.parametrize("code", CODES)
def test_rule_fires_on_positive(code: str) -> None:
    found = check([FIXTURES / f"{code}.pos.txt"]).diagnostics
    hits = [d for d in found if d.code == code]
    assert hits, [d.text() for d in found]
    assert all(d.severity.value == "warning" and d.line > 0 and d.fix for d in hits)


@pytest.mark.parametrize("code", CODES)
def test_rule_quiet_on_negative(code: str) -> None:
    assert codes_in(FIXTURES / f"{code}.neg.txt") == []


@pytest.mark.parametrize("code", CODES)
def test_allow_silences_the_rule(code: str, tmp_path: Path) -> None:
    text = (FIXTURES / f"{code}.pos.txt").read_text(encoding="utf-8")
    if code == "answer-position-bias":
        silenced = text.replace("Subject: PyTorch\n", f"Subject: PyTorch\nAllow: {code}\n")
    else:
        # After every item: item lines may follow the item's last line.
        lines, out = text.splitlines(), []
        for n, line in enumerate(lines):
            out.append(line)
            nxt = lines[n + 1] if n + 1 < len(lines) else ""
            if line.startswith(("Explanation:", "Click to reveal", "Answer:")) and \
                    not nxt.startswith(("Explanation:", "Answer")):
                out.append(f"Allow: {code}")
        silenced = "\n".join(out) + "\n"
    page = tmp_path / "page.txt"
    page.write_text(silenced, encoding="utf-8")
    assert code not in codes_in(page), silenced


def test_strict_turns_lint_into_errors() -> None:
    found = check([FIXTURES / "missing-explanation.pos.txt"], strict=True).diagnostics
    assert [d.severity.value for d in found if d.code == "missing-explanation"] == ["error"]


def test_an_answer_kind_without_explanation_is_missing_one() -> None:
    found = check([FIXTURES / "missing-explanation-answer-kind.pos.txt"]).diagnostics
    assert [(d.code, d.line) for d in found] == [("missing-explanation", 5)]
