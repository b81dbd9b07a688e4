"""Time loading a long seminar game: a save of N Control steps loaded, replayed, and its
new session log written (issue 15, item 6: 100,000 steps ran past a minute, an fsync per
log line and the whole log listed for every step).

    .venv/bin/python bench/bench_resume.py [N]     (default 20000)

Prints the seconds of each part: building the game (N Control adjustments through the
session), storage.load (JSON, schema check, record), resume (replaying every step), and
attach_journal (the new log with the whole history), and the log's size.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from game.ruleset.load import load_ruleset  # noqa: E402
from game.session import storage  # noqa: E402
from game.session.journal import Journal  # noqa: E402
from game.session.replay import resume  # noqa: E402
from game.session.session import Session  # noqa: E402


def main() -> int:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 20_000
    rules = load_ruleset(REPO / "rules" / "caucasus-2020")
    session = Session(rules, seed=1, control=True)
    start = time.perf_counter()
    for i in range(n):
        session.control("adjust ceasefire:1" if i % 2 == 0 else "adjust ceasefire:-1", "seesaw")
    print(f"build {n} Control steps: {time.perf_counter() - start:.2f} s")
    with tempfile.TemporaryDirectory() as tmp:
        path = storage.save(session.record, Path(tmp) / "long.json")
        start = time.perf_counter()
        record = storage.load(path)
        print(f"storage.load: {time.perf_counter() - start:.2f} s")
        start = time.perf_counter()
        resumed = resume(record, rules, str(path))
        print(f"resume (replay): {time.perf_counter() - start:.2f} s")
        log = Path(tmp) / "session.jsonl"
        start = time.perf_counter()
        resumed.attach_journal(Journal(log))
        took = time.perf_counter() - start
        size = log.stat().st_size
        print(f"attach_journal (new log, whole history): {took:.2f} s, {size:,} bytes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
