"""Raw genanki writing the same notes as our Anki writer (the baseline).

Reads the model JSON our `export` wrote (outside the timing that matters: the load is
printed separately) and writes one package with one note per item, fields as plain text.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import genanki

MODEL = genanki.Model(
    1607392319, "Bench", fields=[{"name": "Front"}, {"name": "Back"}],
    templates=[{"name": "Card", "qfmt": "{{Front}}", "afmt": "{{FrontSide}}<hr>{{Back}}"}])


def front_back(item: dict[str, object]) -> tuple[str, str]:
    kind = item["kind"]
    if kind == "flashcard":
        return str(item["question"]), str(item["answer"])
    if kind == "open":
        return str(item["prompt"]), "; ".join(item["concepts"])  # type: ignore[arg-type]
    options = "<br>".join(f"{o['letter']}. {o['text']}" for o in item["options"])  # type: ignore[attr-defined]
    question = item.get("question") or f"{item['title']}<br>{item['body']}"
    return f"{question}<br>{options}", str(item.get("explanation") or "")


def main() -> None:
    model_json, target = Path(sys.argv[1]), Path(sys.argv[2])
    started = time.monotonic()
    tree = json.loads(model_json.read_text(encoding="utf-8"))
    loaded = time.monotonic()
    deck = genanki.Deck(2059400110, "Bench")
    for page in tree["pages"]:
        for item in page["items"]:
            front, back = front_back(item)
            deck.add_note(genanki.Note(model=MODEL, fields=[front, back], guid=item["id"]))
    genanki.Package(deck).write_to_file(target)
    print(f"load {loaded - started:.2f}s write {time.monotonic() - loaded:.2f}s",
          file=sys.stderr)


if __name__ == "__main__":
    main()
