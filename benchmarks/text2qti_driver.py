"""Compile every text2qti page of a benchmark tree to QTI in one process (the baseline)."""

from __future__ import annotations

import sys
from pathlib import Path

from text2qti.config import Config
from text2qti.qti import QTI
from text2qti.quiz import Quiz


def main() -> None:
    pages, out = Path(sys.argv[1]), Path(sys.argv[2])
    out.mkdir(parents=True, exist_ok=True)
    config = Config()
    config.load()
    for page in sorted(pages.glob("*.txt")):
        quiz = Quiz(page.read_text(encoding="utf-8"), config=config,
                    source_name=page.as_posix())
        QTI(quiz).save(out / f"{page.stem}.zip")


if __name__ == "__main__":
    main()
