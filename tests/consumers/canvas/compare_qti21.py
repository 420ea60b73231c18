"""The answer kinds Canvas's Ruby step could not convert here, held against model.json as
far as QTIMigrationTool's QTI 2.1 (RESULTS/<package>.qti21/) holds them.

canvas_import.rb runs Canvas's converters of numerical, fill-in-multiple-blanks and
matching questions only when canvas-qti-extra/ holds them (README.md, "Converters of the
answer kinds"); without them such a question comes out as a ``harness_not_converted``
record. What Canvas's own converter stage, QTIMigrationTool (vendored, unchanged), made
of it is still there, and is what those Ruby converters would read:

- the question type Canvas dispatches on: ``question_type`` in the manifest's and the
  item's ``instructureMetadata``, and the converter Canvas's dispatch picked (the record);
- the question text: the item body's ``div`` (the ``[blank<n>]`` of a passage included);
- numeric: the scoring condition's ``stringMatch`` (the exact answer) and its
  ``vargte``/``varlte`` bounds (exact - margin, exact + margin; low and high of a range);
- fill in the blanks: one ``choiceInteraction`` per blank, ``response_blank<n>`` with
  prompt ``blank<n>``, whose scoring condition takes the choice holding the blank's answer;
- matching: one ``choiceInteraction`` per pair, its prompt the left, its scoring
  condition the choice holding the right; the choices no condition takes, the distractors.

A prompt's or the body's ``div`` is read by its class (``html``: HTML source as its text);
a choice's text as written (see _choices).
"""
from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple

import lxml.etree

import compare_answers

# The Canvas class each type goes to (AssessmentItemConverter.create_instructure_question).
CONVERTERS = {"numerical_question": "NumericInteraction",
              "fill_in_multiple_blanks_question": "FillInTheBlank",
              "matching_question": "AssociateInteraction"}

Diff = Callable[[str, Any, Any], None]


class Item(NamedTuple):
    manifest_type: str | None
    root: Any  # the assessmentItem element


def _all(node: Any, path: str) -> list[Any]:
    """Elements by local name (QTIMigrationTool's namespaces vary by file)."""
    steps = []
    for step in path.split("/"):
        name, _, test = step.partition("[")
        steps.append(f"*[local-name()='{name}']" + (f"[{test}" if test else ""))
    return node.xpath(".//" + "/".join(steps))


def _type(node: Any) -> str | None:
    values = node.xpath(".//*[local-name()='instructureField'][@name='question_type']/@value")
    return values[0] if values else None


def read_package(folder: Path) -> dict[str, Item]:
    """Every item QTIMigrationTool wrote, by the migration id Canvas gives it."""
    manifest = lxml.etree.parse(str(folder / "imsmanifest.xml")).getroot()
    items = {}
    for resource in _all(manifest, "resource"):
        if not (resource.get("type") or "").startswith("imsqti_item_xmlv2p"):
            continue
        root = lxml.etree.parse(str(folder / resource.get("href"))).getroot()
        ident = (root.get("identifier") or "").replace(":", "-")
        items[ident] = Item(_type(resource), root)
    return items


def _text(div: Any, shown: Callable[[str], str]) -> str:
    """A ``div class="html"`` holds HTML source as its text; ``class="text"``, text."""
    if div is None:
        return ""
    text = div.xpath("string()")
    return shown(text) if div.get("class") == "html" else text


def _scoring(root: Any) -> list[Any]:
    """The conditions that give points (SCORE set to, or summed with, more than 0)."""
    found = []
    for cond in _all(root, "responseProcessing/responseCondition"):
        for out in _all(cond, "setOutcomeValue"):
            if out.get("identifier") != "SCORE" or _all(cond, "gt"):
                continue  # (the condition that caps SCORE at 100 gives nothing)
            values = [float(v) for v in out.xpath(
                ".//*[local-name()='baseValue'][@baseType='float']/text()")]
            if any(v > 0 for v in values):
                found.append(cond)
    return found


def _numbers(cond: Any, path: str) -> list[float]:
    return [float(v.xpath("string()")) for v in _all(cond, path + "/baseValue")]


def _numeric(item: dict, root: Any, diff: Diff) -> None:
    conds = _scoring(root)
    if len(conds) != 1:
        diff("QTIMigrationTool numeric scoring conditions", 1, len(conds))
        return
    (cond,) = conds
    exact = _numbers(cond, "stringMatch")
    low = _numbers(cond, "customOperator[@class='vargte']")
    high = _numbers(cond, "customOperator[@class='varlte']")
    if item["written_as"] == "range":
        want, got = [[], [item["low"]], [item["high"]]], [exact, low, high]
        what = "QTIMigrationTool numeric range (exact, low, high)"
    else:
        # The margin Canvas reads is the distance of the bounds from the exact answer;
        # tolerance 0 is the exact answer alone, no bounds.
        answer, margin = item["answer"], item["tolerance"]
        want = [[answer], [answer - margin] if margin else [], [answer + margin] if margin else []]
        got = [exact, low, high]
        what = "QTIMigrationTool numeric exact answer (exact, exact - margin, exact + margin)"
    same = all(len(w) == len(g) and all(math.isclose(a, b, rel_tol=1e-12) for a, b in zip(w, g))
               for w, g in zip(want, got))
    if not same:
        diff(what, want, got)


def _taken(root: Any) -> dict[str, str]:
    """Response identifier -> the choice identifier its scoring condition takes."""
    taken = {}
    for cond in _scoring(root):
        for match in _all(cond, "match"):
            var = _all(match, "variable")
            val = _all(match, "baseValue")
            if var and val:
                taken[var[0].get("identifier")] = val[0].xpath("string()")
    return taken


def _choices(inter: Any) -> dict[str, str]:
    """A choice's text as written, whatever its div's class: QTIMigrationTool labels a
    mattext without texttype "html", and the text of the choice is what Canvas keeps as
    a match or a blank's answer (the run with canvas-qti-extra/ shows a written ``<b>``
    stored as ``<b>``)."""
    return {c.get("identifier"): c.xpath("string()").strip()
            for c in _all(inter, "simpleChoice")}


def _first(node: Any, path: str) -> Any:
    found = _all(node, path)
    return found[0] if found else None


def _cloze(item: dict, root: Any, body: str, diff: Diff, key: Callable[[str], str],
           shown: Callable[[str], str]) -> None:
    taken = _taken(root)
    got = []
    for inter in _all(root, "itemBody/choiceInteraction"):
        ident = inter.get("responseIdentifier") or ""
        answer = _choices(inter).get(taken.get(ident, ""))
        prompt = _text(_first(inter, "prompt/div"), shown)
        got.append((ident.removeprefix("response_"), prompt, answer))
    want = [(f"blank{n}", f"blank{n}", b["answer"]) for n, b in enumerate(item["blanks"], 1)]
    if [(i, p, key(a or "")) for i, p, a in got] != [(i, p, key(a)) for i, p, a in want]:
        diff("QTIMigrationTool blanks (blank id, prompt, answer)", want, got)
    for n in range(1, len(item["blanks"]) + 1):
        if f"[blank{n}]" not in body:
            diff(f"QTIMigrationTool question text lacks [blank{n}]", f"[blank{n}]", body)


def _matching(item: dict, root: Any, diff: Diff, sig: Callable[[str], str],
              shown: Callable[[str], str]) -> None:
    taken = _taken(root)
    got, used, every = [], set(), {}
    for inter in _all(root, "itemBody/choiceInteraction"):
        choices = _choices(inter)
        every.update(choices)
        choice = taken.get(inter.get("responseIdentifier") or "")
        used.add(choice)
        got.append((_text(_first(inter, "prompt/div"), shown), choices.get(choice or "")))
    want = [(p["left"], p["right"]) for p in item["pairs"]]
    if [(sig(a), sig(b or "")) for a, b in got] != [(sig(a), sig(b)) for a, b in want]:
        diff("QTIMigrationTool match pairs (left, right)", want, got)
    spare = sorted(sig(text) for ident, text in every.items() if ident not in used)
    wanted = sorted({sig(d) for d in item["distractors"]} - {sig(p["right"]) for p in item["pairs"]})
    if spare != wanted:
        diff("QTIMigrationTool distractors (choices no left takes)", item["distractors"],
             sorted(text for ident, text in every.items() if ident not in used))


def check(item: dict, record: dict, found: Item | None, diff: Diff,
          sig: Callable[[str], str], text_sig: Callable[[str], str],
          shown: Callable[[str], str]) -> None:
    """Every discrepancy between ``item`` and what QTIMigrationTool wrote of it
    (``record``: canvas_import.rb's harness_not_converted; ``sig``: the word signature of
    a Markdown text, ``text_sig`` of a plain one; ``shown``: the text of HTML)."""
    etype = compare_answers.TYPES.get(item["kind"])
    if etype not in CONVERTERS:
        diff("not converted by Canvas's Ruby step, and no check of this kind at "
             "QTIMigrationTool's stage", etype, record)
        return
    if record.get("qti_error"):
        diff("Canvas import error (its generic stage)", None, record["qti_error"])
    if record.get("converter") != CONVERTERS[etype]:
        diff("Canvas converter the dispatch picked", CONVERTERS[etype], record.get("converter"))
    if found is None:
        diff("QTIMigrationTool wrote no such item", etype, None)
        return
    types = [found.manifest_type, _type(found.root), record.get("question_type")]
    if types != [etype] * 3:
        diff("QTIMigrationTool question_type (manifest, item, as Canvas read it)", [etype] * 3,
             types)
    body = _text(_first(found.root, "itemBody/div"), shown)
    stem = compare_answers.stem(item) or ""
    if sig(stem) not in text_sig(body):
        diff("QTIMigrationTool question text does not contain the stem", stem, body)
    feedback = text_sig(" ".join(_text(d, shown) for d in _all(found.root, "modalFeedback/div")))
    explanation = item.get("explanation")
    if (sig(explanation) not in feedback) if explanation else feedback:
        diff("QTIMigrationTool general feedback (modalFeedback)", explanation, feedback)
    match item["kind"]:
        case "numeric":
            _numeric(item, found.root, diff)
        case "cloze":
            _cloze(item, found.root, body, diff, compare_answers.text_key(sig), shown)
        case "matching":
            _matching(item, found.root, diff, sig, shown)
