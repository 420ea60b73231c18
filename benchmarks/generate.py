"""Synthetic source trees in our format, for benchmarks (not part of the test suite).

    python -m benchmarks.generate 10000 /tmp/bench-10k

writes ``/tmp/bench-10k/source/`` (pages of 30 items: flashcards, single and
multiple-answer questions with 4 options, open prompts, challenge problems; about 20%
of items carry code) and ``/tmp/bench-10k/text2qti/`` (the same choice and open
questions in text2qti's format, one quiz per page), deterministically from a seed.
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

WORDS = (
    "gradient", "bucket", "rank", "replica", "shard", "tensor", "device", "process", "group",
    "backend", "barrier", "checkpoint", "optimizer", "scheduler", "sampler", "epoch", "batch",
    "memory", "bandwidth", "latency", "overlap", "pipeline", "stage", "micro-batch",
    "activation", "parameter", "buffer", "stream", "kernel", "launch", "collective", "reduce",
    "gather", "scatter", "broadcast", "topology", "ring", "tree", "node", "worker", "elastic",
    "restart", "timeout", "heartbeat", "store", "rendezvous", "compile", "graph", "trace",
    "autograd", "precision", "scaling", "warm-up", "momentum", "decay", "accumulation",
    "clipping", "loss", "metric",
)
CODE = '''import torch
import torch.distributed as dist

def step(model, batch, rank):
    out = model(batch.to(rank))
    loss = out.sum()
    loss.backward()
    for p in model.parameters():
        dist.all_reduce(p.grad)
        p.grad /= dist.get_world_size()
    return loss.item()

print(step(model, torch.ones({n}, 8), {r}))'''
ITEMS_PER_PAGE = 30  # "several hundred pages" at 10k items, like real study pages


def sentence(rng: random.Random, lo: int, hi: int) -> str:
    words = rng.choices(WORDS, k=rng.randint(lo, hi))
    return " ".join(words).capitalize()


def question(rng: random.Random, n: int) -> str:
    # A serial number keeps every question distinct, as in a real bank.
    return f"{sentence(rng, 8, 16)} (case {n})?"


def write_tree(total: int, root: Path, seed: int = 7) -> tuple[int, int]:
    rng = random.Random(seed)
    source, t2q = root / "source", root / "text2qti"
    source.mkdir(parents=True, exist_ok=True)
    t2q.mkdir(parents=True, exist_ok=True)
    pages = max(1, -(-total // ITEMS_PER_PAGE))
    made = 0
    for p in range(pages):
        count = min(ITEMS_PER_PAGE, total - made)
        ours, theirs = _page(rng, p, count, made)
        (source / f"page-{p:04d}.txt").write_text(ours, encoding="utf-8")
        (t2q / f"page-{p:04d}.txt").write_text(theirs, encoding="utf-8")
        made += count
    return pages, made


def _page(rng: random.Random, p: int, count: int, base: int) -> tuple[str, str]:
    ours = [f"Title: Synthetic page {p}", "Subject: Benchmark", "Field: ml", "Minutes: 30",
            "Allow: answer-position-bias long-correct-option", "", "Recall & Review"]
    theirs = [f"Quiz title: Synthetic page {p}", ""]
    challenges: list[str] = []
    number = 0
    for k in range(count):
        n = base + k
        roll = rng.random()
        if roll < 0.08:  # challenge problems with code: with fenced answers, ~20% code
            challenges += _challenge(rng, n)
            continue
        number += 1
        if roll < 0.38:
            answer = sentence(rng, 12, 30) + "."
            if rng.random() < 0.4:
                answer += "\n\n```python\n" + CODE.format(n=n % 7 + 1, r=n % 4) + "\n```"
            ours += ["", rng.choice(("beginner", "intermediate", "advanced", "expert")),
                     question(rng, n), *answer.split("\n"), "Click to reveal answer",
                     f"Id: q{n}"]
        elif roll < 0.9:
            q = question(rng, n)
            opts = [sentence(rng, 3, 9) for _ in range(4)]
            multi = rng.random() < 0.2
            keys = sorted(rng.sample(range(4), 2)) if multi else [rng.randrange(4)]
            letters = ", ".join("ABCD"[i] for i in keys)
            ours += ["", q, *(f"{'ABCD'[i]}. {o}" for i, o in enumerate(opts)),
                     f"{'Answers' if multi else 'Answer'}: {letters}",
                     f"Explanation: {sentence(rng, 10, 20)}.",
                     f"Feedback {'ABCD'[(keys[0] + 1) % 4]}: {sentence(rng, 6, 12)}.",
                     f"Id: q{n}"]
            mark = "[*]" if multi else "*"
            plain = "[ ]" if multi else ""
            theirs += [f"{number}.  {q}", f"... {sentence(rng, 10, 20)}."]
            for i, o in enumerate(opts):
                tag = f"{mark}{'abcd'[i]})" if i in keys else (
                    f"{plain}{'abcd'[i]})" if not multi else f"{plain}")
                theirs.append(f"{tag} {o}" if not multi else f"{mark if i in keys else plain} {o}")
            theirs.append("")
        else:
            concepts = [sentence(rng, 2, 4) for _ in range(3)]
            q = "Explain " + sentence(rng, 8, 14).lower() + f" (case {n})."
            ours += ["", q, sentence(rng, 6, 12) + ".", "You got /3 concepts.",
                     f"Concepts: {'; '.join(concepts)}", f"Id: q{n}"]
            theirs += [f"{number}.  {q}", "___", ""]
    if challenges:
        n_problems = sum(1 for line in challenges if line.endswith("remaining"))
        ours += ["", f"Challenge - {n_problems} Problems", "🏅", "Benchmark Badge",
                 "Finish them all.", *challenges]
    return "\n".join(ours) + "\n", "\n".join(theirs) + "\n"


def _challenge(rng: random.Random, n: int) -> list[str]:
    return [
        rng.choice(("🧠 Conceptual", "Predict Output", "Hyperparameter", "Metrics")),
        rng.choice(("intermediate", "advanced", "expert")), "2:00remaining",
        f"{sentence(rng, 3, 6)} (case {n})", "", sentence(rng, 12, 24) + "?", "",
        "PyTorch", *CODE.format(n=n % 7 + 1, r=n % 4).split("\n"),
        *(f"{'ABCD'[i]}. {sentence(rng, 3, 8)}" for i in range(4)),
        "Attempts:", "2 left", "💡 Hint", "", sentence(rng, 6, 12) + ".", "",
        f"Answer: {'ABCD'[rng.randrange(4)]}", f"Explanation: {sentence(rng, 10, 18)}.",
        f"Id: q{n}", "",
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("items", type=int)
    parser.add_argument("root", type=Path)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    pages, items = write_tree(args.items, args.root, args.seed)
    print(f"wrote {items} items on {pages} pages under {args.root}")


if __name__ == "__main__":
    main()
