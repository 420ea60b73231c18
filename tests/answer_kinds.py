"""The page of tests/fixtures/consumers/answer-kinds as the model holds it, built in Python
until the reader of the new kinds lands (then the tests read the fixture itself)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import lxml.html  # type: ignore[import-untyped]

from builder.model import (
    Blank,
    Cloze,
    Item,
    Matching,
    Numeric,
    Page,
    Pair,
    ShortAnswer,
    Span,
    Tree,
    TrueFalse,
    number_text,
)
from builder.pipeline import check
from builder.render import render_inline
from builder.writers.options import Options

from .conftest import FIXTURES, NO_PDF, build_model, run_build

FILE = "git/answer-kinds.txt"
FIXTURE = FIXTURES / "consumers" / "answer-kinds"


def span(start: int, end: int | None = None) -> Span:
    return Span(file=FILE, start=start, end=end or start)


def _ids(item_id: str, start: int, end: int) -> dict[str, object]:
    return {"id": item_id, "id_explicit": True, "id_span": span(end), "span": span(start, end)}


def _true_false() -> list[Item]:
    return [
        TrueFalse(statement="A commit records the hash of its parent commit.", truth=True,
                  explanation="Each commit names its parent by hash, which is what chains "
                  "history together.", key_span=span(7),
                  **_ids("git-kinds-parent", 6, 9)),
        TrueFalse(statement="`git stash` deletes the stashed edits once they are stored.",
                  truth=False, key_span=span(11),
                  **_ids("git-kinds-stash", 10, 12)),
    ]


def _numbers() -> list[Item]:
    return [
        Numeric(question="How many hexadecimal characters make up a full SHA-1 object name?",
                written_as="tolerance", answer=40, tolerance=0, low=40, high=40,
                explanation="SHA-1 gives 160 bits, written as 40 hexadecimal digits.",
                key_span=span(14),
                **_ids("git-kinds-sha1-length", 13, 16)),
        Numeric(question="What is the default core.bigFileThreshold of Git, in megabytes?",
                written_as="tolerance", answer=512, tolerance=0.5, low=511.5, high=512.5,
                units="MB", key_span=span(18),
                **_ids("git-kinds-big-file", 17, 19)),
        Numeric(question="Pick any whole number of days inside Git's default reflog expiry "
                "for unreachable entries.", written_as="range", answer=30, tolerance=1,
                low=29, high=31, units="days",
                explanation="Unreachable reflog entries expire after 30 days by default.",
                key_span=span(21),
                **_ids("git-kinds-reflog-days", 20, 23)),
    ]


def _short() -> list[Item]:
    return [
        ShortAnswer(question="Which command shows the commits that only your local branch "
                    "has?", accepted=("git log origin/main..HEAD", "git log @{u}.."),
                    explanation="The two-dot range lists what HEAD has and the upstream "
                    "lacks.", key_span=span(25),
                    **_ids("git-kinds-ahead", 24, 27)),
        ShortAnswer(question="What is the file name Git reads ignore patterns from in each "
                    "folder?", accepted=(".gitignore",), case_sensitive=True,
                    key_span=span(29),
                    **_ids("git-kinds-ignore-file", 28, 31)),
    ]


def _clozes() -> list[Item]:
    return [
        Cloze(text=("Git stores file contents as ", " and folders as ", "."),
              blanks=(Blank(answer="blobs", span=span(33)),
                      Blank(answer="trees", hint="they list names and modes", span=span(33))),
              explanation="A tree maps each name to a blob or to another tree.",
              **_ids("git-kinds-objects", 32, 35)),
        Cloze(text=("A branch is a movable **pointer** to a ", "."),
              blanks=(Blank(answer="commit", span=span(37)),),
              distractors=("tree", "blob", "tag"),
              **_ids("git-kinds-branch", 36, 39)),
    ]


def _matching() -> list[Item]:
    return [
        Matching(question="Match each command to what it changes:",
                 pairs=(Pair(left="git add", right="the index", span=span(41)),
                        Pair(left="git commit", right="the history", span=span(42)),
                        Pair(left="git checkout -- file", right="the working tree",
                             span=span(43))),
                 distractors=("the remote", "the stash"),
                 explanation="Each command moves content between one pair of Git's areas.",
                 **_ids("git-kinds-areas", 40, 46)),
        Matching(question="Match each object type to what it holds:",
                 pairs=(Pair(left="blob", right="a file's bytes", span=span(48)),
                        Pair(left="tree", right="names of blobs and trees", span=span(49)),
                        Pair(left="commit", right="a tree, its parents and a message",
                             span=span(50))),
                 **_ids("git-kinds-object-types", 47, 51)),
    ]


def answer_kinds_tree(root: str) -> Tree:
    items = [*_true_false(), *_numbers(), *_short(), *_clozes(), *_matching()]
    page = Page(path=FILE, slug="git-answer-kinds", title="Git objects and numbers",
                subject="Git", deck="Tools::Git::Objects", items=tuple(items),
                span=span(1, 51))
    return Tree(root=root, pages=(page,))


def reader_reads_them() -> bool:
    """Whether the reader of the new kinds has landed (then the fixture itself is read)."""
    return importlib.util.find_spec("builder.reader.answers") is not None


def answer_kinds_page() -> Page:
    if reader_reads_them():
        result = check([FIXTURE])
        assert not result.errors, [d.text() for d in result.diagnostics]
        (page,) = result.tree.pages
        return page
    (page,) = answer_kinds_tree(str(FIXTURE)).pages
    return page


def build_sheets(out: Path, options: Options = NO_PDF) -> Path:
    """The fixture's sheets (html only) in ``out``/html."""
    if reader_reads_them():
        result = run_build(FIXTURE, out, formats=["html"], options=options)
        assert result.ok, [d.text() for d in result.diagnostics]
    else:
        build_model(answer_kinds_tree(str(FIXTURE)), out, ["html"], options=options,
                    source_root=FIXTURE)
    return out / "html"


def plain_inline(markdown: str) -> str:
    """What a reader sees of an inline Markdown text."""
    el = lxml.html.fragment_fromstring(render_inline(markdown), create_parent="span")
    return str(el.text_content())


def answers(item: Item) -> list[str]:
    """The texts that answer ``item``, as a sheet shows them: on the revision sheet and
    in the quiz's answer key, never elsewhere in the quiz (see hidden_in_quiz)."""
    match item:
        case TrueFalse():
            return ["True" if item.truth else "False"]
        case Numeric() if item.written_as == "range":
            return [number_text(item.low), number_text(item.high)]
        case Numeric():
            return [number_text(item.answer)]
        case ShortAnswer():
            return [plain_inline(a) for a in item.accepted]
        case Cloze():
            return [plain_inline(b.answer) for b in item.blanks]
        case Matching():
            return [plain_inline(p.right) for p in item.pairs]
    raise AssertionError(item)


def hidden_in_quiz(item: Item) -> list[str]:
    """The answers a quiz must not show outside its answer key: not the words True and
    False (both are offered), nor a word bank's words or matching's right-hand texts."""
    if isinstance(item, (Numeric, ShortAnswer)) or (isinstance(item, Cloze)
                                                   and not item.distractors):
        return answers(item)
    return []


def offered(item: Item) -> list[str]:
    """The texts a quiz shows of ``item`` besides its room to answer: an answer found in
    one of these (a word of another item's passage) proves nothing by its absence."""
    match item:
        case TrueFalse():
            return [plain_inline(item.statement), "True", "False"]
        case Numeric() | ShortAnswer():
            return [plain_inline(item.question)] + ([plain_inline(item.units)]
                                                    if isinstance(item, Numeric)
                                                    and item.units else [])
        case Cloze():
            pieces = plain_inline(item.gapped).split("___")
            hints = [plain_inline(b.hint) for b in item.blanks if b.hint]
            return [*(p.strip() for p in pieces if p.strip()), *hints,
                    *(plain_inline(d) for d in item.distractors)]
        case Matching():
            return [plain_inline(item.question), *(plain_inline(p.left) for p in item.pairs),
                    *(plain_inline(p.right) for p in item.pairs),
                    *(plain_inline(d) for d in item.distractors)]
    raise AssertionError(item)
