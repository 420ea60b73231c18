#!/usr/bin/env python3
"""exact_feedback.py DIST RESULTS: what a learner sees of every feedback Canvas stored
equals, character for character, the text of the HTML our QTI writer means.

compare_canvas.py compares a word signature (letters and digits), which cannot see how a
feedback is escaped: Canvas shows ``<field>_html`` as HTML and ``<field>`` (no ``_html``)
as plain text, escaped again when shown, so a plain comment holding ``2 &lt; 3`` reads
``&lt;`` to the learner (docs/outputs/qti.md, Feedback). This check reads every
feedback Canvas made of the packages (RESULTS/<package>.json from run_canvas.sh: the
general feedback ``neutral_comments`` and each answer's ``comments``) as Canvas shows it,
and holds it against the text of the HTML the project's QTI writer means for it
(builder.writers.qti.questions.question, or v12_answers.answer_question for the
answer kinds, on DIST/model.json): HTML whitespace removed on
both sides (block boundaries differ), an image as its alt text, every other character
exact. Needs the project's builder package (run it with the project's Python).

Prints one FEEDBACK line per difference, then "N feedback fields compared exactly, D
differ (T stored as text, H as HTML)"; exit 1 when any differs, 2 on usage errors. A
question canvas_import.rb could not convert (its Canvas converter is not in
canvas-qti-extra/) has no hash to compare: it is counted in a line of its own.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import lxml.html

from builder.model import AnswerKind, Page
from builder import resources
from builder.render.rendered import render_page
from builder.writers.qti.clean import clean_page
from builder.writers.qti.common import Conversions
from builder.writers.qti.questions import question
from builder.writers.qti.texts import Texts
from builder.writers.qti.v12_answers import answer_question

SPACE = re.compile("[ \t\n\r\f]+")


def shown_html(markup: str) -> str:
    root = lxml.html.fragment_fromstring(markup, create_parent="div")
    for img in root.iter("img"):
        img.tail = (img.get("alt") or "") + (img.tail or "")
    return SPACE.sub("", root.text_content())


def shown(data: dict, field: str) -> tuple[str | None, str | None]:
    """What Canvas shows of a comment, and whether it was stored as text or HTML."""
    if data.get(field + "_html"):
        return shown_html(data[field + "_html"]), "html"
    if data.get(field):
        return SPACE.sub("", data[field]), "text"
    return None, None


def answer_texts(qn, spec, q: dict) -> list[tuple[str, object, object]]:
    """(where, expected, got) for each text of an answer kind a learner types or reads
    as an answer: accepted texts and blank answers as Canvas compares them, the left of a
    match as Canvas shows it (HTML, or its text), the matches as its drop-down lists
    them; exact but for HTML whitespace."""
    answers = q.get("answers") or []
    found: list[tuple[str, object, object]] = []
    if spec.question_type in ("short_answer_question", "fill_in_multiple_blanks_question"):
        expected = list(dict.fromkeys(spec.texts)) if spec.question_type.startswith("short") \
            else list(spec.texts)
        found.append(("answers", expected, [a.get("text") for a in answers]))
    elif spec.question_type == "matching_question":
        for n, (choice, answer) in enumerate(zip(qn.choices, answers), 1):
            got = shown_html(answer["left_html"]) if answer.get("left_html") \
                else SPACE.sub("", answer.get("left") or "")
            found.append((f"left {n}", shown_html(choice.html), got))
        found.append(("matches", sorted(set(spec.texts)),
                      sorted(m.get("text") for m in q.get("matches") or [])))
    elif spec.question_type == "true_false_question":
        found.append(("answers", ["True", "False"], [a.get("text") for a in answers]))
    return found


def main() -> int:
    if len(sys.argv) != 3:
        print(__doc__)
        return 2
    dist, results = Path(sys.argv[1]), Path(sys.argv[2])
    model = json.loads((dist / "model.json").read_text(encoding="utf-8"))
    want = {}
    specs = {}
    texts = Texts(resources.templates())
    for page_json in model["pages"]:
        seen = Conversions()
        page = clean_page(Page.model_validate(page_json), seen)
        rendered = render_page(page)
        for item in page.items:
            if isinstance(item, AnswerKind):  # the QTI 1.2 writer's own types
                qn, specs[f"item-{item.id}"] = answer_question(rendered, item, texts, seen)
            else:
                qn = question(page, rendered, item, seen, texts)
            if qn:
                want[f"item-{item.id}"] = qn
    checked = bad = 0
    kinds = {"html": 0, "text": 0}
    typed = typed_bad = not_converted = 0
    for res in sorted(results.glob("*.json")):
        if res.name == "report.json":
            continue
        data = json.loads(res.read_text(encoding="utf-8"))
        for q in data["assessment_questions"].get("assessment_questions") or []:
            if "harness_not_converted" in q:
                # Canvas's converter of its type is not vendored: no hash to compare
                # (compare_canvas.py checks its QTI 2.1 and notes it).
                not_converted += 1
                continue
            qn = want.get(q["migration_id"])
            if qn is None:
                bad += 1
                print(f"FEEDBACK {res.stem} {q['migration_id']}: no such question in the model")
                continue
            pairs = [("general", qn.feedback, shown(q, "neutral_comments"))]
            answers = q.get("answers") or []
            if qn.choices and len(answers) != len(qn.choices):
                bad += 1
                print(f"FEEDBACK {res.stem} {q['migration_id']}: {len(answers)} answers, "
                      f"{len(qn.choices)} options")
            for choice, answer in zip(qn.choices, answers):
                pairs.append((choice.letter, choice.feedback, shown(answer, "comments")))
            spec = specs.get(q["migration_id"])
            if spec is not None:
                for where, expected, got in answer_texts(qn, spec, q):
                    typed += 1
                    if expected != got:
                        typed_bad += 1
                        print(f"ANSWER {res.stem} {q['migration_id']} {where}: expected "
                              f"{expected!r} got {got!r}")
            for where, markup, (got, kind) in pairs:
                # (no feedback and one with no text are the same to the learner)
                expected = (shown_html(markup) if markup else None) or None
                got = got or None
                checked += 1
                if kind:
                    kinds[kind] += 1
                if expected != got:
                    bad += 1
                    print(f"FEEDBACK {res.stem} {q['migration_id']} {where}: expected "
                          f"{expected!r} got {got!r} ({kind})")
    if not_converted:
        print(f"{not_converted} questions not compared: not converted by Canvas's Ruby step "
              "(its converters are not vendored, README)")
    print(f"{typed} answer texts compared exactly, {typed_bad} differ")
    bad += typed_bad
    print(f"{checked} feedback fields compared exactly, {bad} differ "
          f"({kinds['text']} stored as text, {kinds['html']} as HTML)")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
