"""Make the three saves of tests/data/saves with the code of commit 3da8e0a (before issue 12)."""

import random
import sys
from pathlib import Path

from game.ruleset.load import load_ruleset
from game.session import storage
from game.session.session import Session

out = Path(sys.argv[1])
ticks = iter(range(100000))


def clock():
    n = next(ticks)
    return f"2026-11-30T{9 + n // 3600:02d}:{n // 60 % 60:02d}:{n % 60:02d}+00:00"


# 1. tiny, a whole game of random play
tiny = load_ruleset("tests/scenarios/tiny")
s = Session(tiny, seed=11, clock=clock)
rng = random.Random(1)
while not s.state.is_over():
    s.act(rng.choice(s.state.legal_actions()))
storage.save(s.record, out / "tiny-finished.json")
# 2. the seminar scenario: every kind of intervention and two arguments, to the end
sem = load_ruleset(str(out / "seminar"))
s = Session(sem, seed=5, control=True, clock=clock)
rng = random.Random(2)


def plain():
    acts = [a for a in s.state.legal_actions() if a.kind != "argue"]
    s.act(rng.choice(acts))


plain()
s.control("adjust tension:+1", "the talks stall")
s.control("influence red:B:2", "a correction after a misplaced counter")
s.control("forces blue:C:1", "reinforcements the rules forgot")
s.control("vp red:2", "an excellent brief")
s.control("delay talks:3", "the delegations are late")
s.control("skip storm", "not in this run")
s.control("fire envoy", "to test Blue's discretion")
while "argue corridor" not in [str(a) for a in s.state.legal_actions()]:
    plain()
s.act("argue corridor", s.state.current_actor(), text="the wounded need a road", reason="ICRC asks")
s.act("odds 6", "control")
while "argue border" not in [str(a) for a in s.state.legal_actions()]:
    plain()
s.act("argue border", s.state.current_actor(), text="close it", reason="smugglers")
s.act("deny", "control")
s.control("fire rally", "the capital wants a show")
while not s.state.is_over():
    plain()
storage.save(s.record, out / "seminar-finished.json")
# 3. the seminar scenario in progress: an argument waits for Control's ruling
s = Session(sem, seed=8, control=True, clock=clock)
rng = random.Random(3)
for _ in range(9):
    plain()
s.control("adjust tension:-1", "calm returns")
while "argue corridor" not in [str(a) for a in s.state.legal_actions()]:
    plain()
s.act("argue corridor", s.state.current_actor(), text="open it", reason="because")
storage.save(s.record, out / "seminar-in-progress.json")
for f in sorted(out.glob("*.json")):
    print(f.name, f.stat().st_size)
