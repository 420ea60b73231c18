"""The page of tests/fixtures/consumers/answer-kinds as model objects, for the tests
that need the new item kinds before (or without) the reader."""

from __future__ import annotations

from builder.model import (
    Blank,
    Cloze,
    Matching,
    Numeric,
    Page,
    Pair,
    ShortAnswer,
    Span,
    Tree,
    TrueFalse,
)

FILE = "git/answer-kinds.txt"


def _span(line: int) -> Span:
    return Span(file=FILE, start=line, end=line)


def answer_kinds_page() -> Page:
    s = _span
    items = (
        TrueFalse(id="git-kinds-parent", id_explicit=True, span=s(6), truth=True,
                  statement="A commit records the hash of its parent commit.",
                  explanation="Each commit names its parent by hash, which is what chains "
                              "history together."),
        TrueFalse(id="git-kinds-stash", id_explicit=True, span=s(10), truth=False,
                  statement="`git stash` deletes the stashed edits once they are stored."),
        Numeric(id="git-kinds-sha1-length", id_explicit=True, span=s(13),
                question="How many hexadecimal characters make up a full SHA-1 object name?",
                written_as="tolerance", answer=40, tolerance=0, low=40, high=40,
                explanation="SHA-1 gives 160 bits, written as 40 hexadecimal digits."),
        Numeric(id="git-kinds-big-file", id_explicit=True, span=s(17),
                question="What is the default core.bigFileThreshold of Git, in megabytes?",
                written_as="tolerance", answer=512, tolerance=0.5, low=511.5, high=512.5,
                units="MB"),
        Numeric(id="git-kinds-reflog-days", id_explicit=True, span=s(20),
                question="Pick any whole number of days inside Git's default reflog expiry "
                         "for unreachable entries.",
                written_as="range", answer=30, tolerance=1, low=29, high=31, units="days",
                explanation="Unreachable reflog entries expire after 30 days by default."),
        ShortAnswer(id="git-kinds-ahead", id_explicit=True, span=s(24),
                    question="Which command shows the commits that only your local branch has?",
                    accepted=("git log origin/main..HEAD", "git log @{u}.."),
                    explanation="The two-dot range lists what HEAD has and the upstream lacks."),
        ShortAnswer(id="git-kinds-ignore-file", id_explicit=True, span=s(28),
                    question="What is the file name Git reads ignore patterns from in each "
                             "folder?", accepted=(".gitignore",), case_sensitive=True),
        Cloze(id="git-kinds-objects", id_explicit=True, span=s(32),
              text=("Git stores file contents as ", " and folders as ", "."),
              blanks=(Blank(answer="blobs", span=s(33)),
                      Blank(answer="trees", hint="they list names and modes", span=s(33))),
              explanation="A tree maps each name to a blob or to another tree."),
        Cloze(id="git-kinds-branch", id_explicit=True, span=s(36),
              text=("A branch is a movable **pointer** to a ", "."),
              blanks=(Blank(answer="commit", span=s(37)),), distractors=("tree", "blob", "tag")),
        Matching(id="git-kinds-areas", id_explicit=True, span=s(40),
                 question="Match each command to what it changes:",
                 pairs=(Pair(left="git add", right="the index", span=s(41)),
                        Pair(left="git commit", right="the history", span=s(42)),
                        Pair(left="git checkout -- file", right="the working tree", span=s(43))),
                 distractors=("the remote", "the stash"),
                 explanation="Each command moves content between one pair of Git's areas."),
        Matching(id="git-kinds-object-types", id_explicit=True, span=s(47),
                 question="Match each object type to what it holds:",
                 pairs=(Pair(left="blob", right="a file's bytes", span=s(48)),
                        Pair(left="tree", right="names of blobs and trees", span=s(49)),
                        Pair(left="commit", right="a tree, its parents and a message",
                             span=s(50)))),
    )
    return Page(path=FILE, slug="answer-kinds", title="Git objects and numbers",
                subtitle="Recall & Review", subject="Git", deck="Tools::Git::Objects",
                tags=("git",), items=items, span=s(1))


def answer_kinds_tree() -> Tree:
    return Tree(root="src", pages=(answer_kinds_page(),))
