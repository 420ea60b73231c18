"""The answer kinds (issue 16) in compare_canvas.py: what Canvas made of a true/false,
numeric, short-answer, fill-in-the-blanks or matching item, held against model.json.

Each kind has its Canvas question type and its answers: true/false the two answers
"True" and "False" with weight 100 on the model's truth; numeric one answer, an exact
answer with the model's number and margin (tolerance form) or a range from low to high
(range form); short answer one answer per accepted text, each weight 100; fill in the
blanks one answer per blank with blank id ``blank<n>`` and the blank's answer, the
question text holding ``[blank<n>]`` where the blank is; matching one answer per pair
(left, the right it matches) and the distractors as matches no answer takes.
"""
from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

TYPES = {"truefalse": "true_false_question", "numeric": "numerical_question",
         "short": "short_answer_question", "cloze": "fill_in_multiple_blanks_question",
         "matching": "matching_question"}

Diff = Callable[[str, Any, Any], None]


def stem(item: dict) -> str | None:
    """The Markdown Canvas's question text must hold; None for other kinds. A passage
    has its blanks as Canvas's ``[blank<n>]`` placeholders."""
    match item["kind"]:
        case "truefalse":
            return item["statement"]
        case "cloze":
            pieces = item["text"]
            return "".join(p + (f"[blank{n}]" if n <= len(item["blanks"]) else "")
                           for n, p in enumerate(pieces, 1))
        case "numeric" | "short" | "matching":
            return item["question"]
    return None


MARKDOWN = set("`*_[]\\<>&!")


def text_key(sig: Callable[[str], str]) -> Callable[[str], str]:
    """How a typed answer is compared: exactly (spaces collapsed) when its Markdown is
    plain text, where one character more or less is another answer; by word signature
    when it holds Markdown this script cannot render."""
    def key(text: str) -> str:
        if MARKDOWN & set(text):
            return "sig:" + sig(text)
        return " ".join(text.split())
    return key


def _same(a: float | None, b: float | None) -> bool:
    return a is not None and b is not None and math.isclose(a, b, rel_tol=1e-12, abs_tol=0)


def _truefalse(item: dict, answers: list[dict], diff: Diff, sig: Callable[[str], str]) -> None:
    got = [(a.get("text"), a.get("weight")) for a in answers]
    want = [("True", 100 if item["truth"] else 0), ("False", 0 if item["truth"] else 100)]
    if got != want:
        diff("true/false answers (text, weight)", want, got)


def _numeric(item: dict, answers: list[dict], diff: Diff, sig: Callable[[str], str]) -> None:
    if len(answers) != 1:
        diff("numeric answer count", 1, len(answers))
        return
    (ans,) = answers
    if ans.get("weight") != 100:
        diff("numeric answer weight", 100, ans.get("weight"))
    kind = ans.get("numerical_answer_type")
    if item["written_as"] == "range":
        if kind != "range_answer" or not (_same(ans.get("start"), item["low"])
                                          and _same(ans.get("end"), item["high"])):
            diff("numeric range (type, start, end)", ["range_answer", item["low"], item["high"]],
                 [kind, ans.get("start"), ans.get("end")])
        return
    margin = ans.get("margin", 0.0)
    if kind != "exact_answer" or not (_same(ans.get("exact"), item["answer"])
                                      and _same(margin, item["tolerance"])):
        diff("numeric exact answer (type, exact, margin)",
             ["exact_answer", item["answer"], item["tolerance"]],
             [kind, ans.get("exact"), ans.get("margin")])


def _short(item: dict, answers: list[dict], diff: Diff, sig: Callable[[str], str]) -> None:
    want = [sig(t) for t in dict.fromkeys(item["accepted"])]
    got = [sig(a.get("text") or "") for a in answers]
    if got != want:
        diff("accepted answers", item["accepted"], [a.get("text") for a in answers])
    weights = [a.get("weight") for a in answers]
    if any(w != 100 for w in weights):
        diff("accepted answer weights", [100] * len(answers), weights)


def _cloze(item: dict, answers: list[dict], diff: Diff, sig: Callable[[str], str]) -> None:
    want = [(f"blank{n}", sig(b["answer"]), 100) for n, b in enumerate(item["blanks"], 1)]
    got = [(a.get("blank_id"), sig(a.get("text") or ""), a.get("weight")) for a in answers]
    if got != want:
        diff("blanks (blank id, answer, weight)",
             [(f"blank{n}", b["answer"], 100) for n, b in enumerate(item["blanks"], 1)],
             [(a.get("blank_id"), a.get("text"), a.get("weight")) for a in answers])


def _matching(item: dict, answers: list[dict], matches: list[dict], diff: Diff, note: Diff,
              sig: Callable[[str], str], shown: Callable[[str], str]) -> None:
    # What a learner reads: the left as HTML when Canvas kept HTML, else its text; the
    # right as the match's text, which the drop-down lists. Canvas's answer "right" is
    # that text unescaped once more (AssociateInteraction#ensure_correct_format), which
    # turns a written "&lt;" into "<": a Canvas bug, noted, not counted.
    texts = {m.get("match_id"): m.get("text") or "" for m in matches}
    want = [(sig(p["left"]), sig(p["right"])) for p in item["pairs"]]
    got = [(sig(shown(a["left_html"]) if a.get("left_html") else a.get("left") or ""),
            sig(texts.get(a.get("match_id"), ""))) for a in answers]
    if got != want:
        diff("match pairs (left, right)", [(p["left"], p["right"]) for p in item["pairs"]],
             [(a.get("left_html") or a.get("left"), texts.get(a.get("match_id")))
              for a in answers])
    for a in answers:
        if a.get("match_id") in texts and a.get("right") != texts[a["match_id"]]:
            note("Canvas's answer right differs from its match text",
                 texts[a["match_id"]], a.get("right"))
    if any(a.get("match_id") not in texts for a in answers):
        diff("answers matching no match", [], [a for a in answers if a.get("match_id") not in texts])
    taken = {a.get("match_id") for a in answers}
    spare = sorted(sig(text) for mid, text in texts.items() if mid not in taken)
    rights = {sig(p["right"]) for p in item["pairs"]}
    wanted = sorted({sig(d) for d in item["distractors"]} - rights)
    if spare != wanted:
        diff("distractors (matches no left takes)", item["distractors"],
             [m.get("text") for m in matches if m.get("match_id") not in taken])


def check(item: dict, q: dict, diff: Diff, note: Diff, sig: Callable[[str], str],
          shown: Callable[[str], str]) -> None:
    """Every discrepancy between Canvas's answers of ``q`` and the model's ``item``
    (``sig``: the word signature of a Markdown text; ``shown``: the text of HTML)."""
    answers = q.get("answers") or []
    typed = text_key(sig)
    match item["kind"]:
        case "truefalse":
            _truefalse(item, answers, diff, sig)
        case "numeric":
            _numeric(item, answers, diff, sig)
        case "short":
            _short(item, answers, diff, typed)
        case "cloze":
            _cloze(item, answers, diff, typed)
            for n in range(1, len(item["blanks"]) + 1):
                if f"[blank{n}]" not in (q.get("question_text") or ""):
                    diff(f"question_text lacks [blank{n}]", f"[blank{n}]", q.get("question_text"))
        case "matching":
            _matching(item, answers, q.get("matches") or [], diff, note, sig, shown)
