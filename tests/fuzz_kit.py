"""The project's own fuzz target (issue 15): what validates plays, what loads replays.

Two kinds of case, each drawn by Hypothesis:

- **rules**: a shipped scenario (or the small test ones) with its files mutated the way
  people break them (tests/strategies.py, plus numbers nudged to odd but legal values).
  A rule set that validates is played for up to 300 random steps with Control stepping in
  at random (fire, skip, delay, adjust, influence, forces, VP): no exception, and never a
  position where the game is not over and no one may act. Rules that loop without end
  must stop with RulesLoop (a clear message), not anything else.
- **files**: a save or a session log of a finished seminar game, damaged as disks, editors
  and people damage them (a value of another type, a key dropped or added, a number of
  thousands of digits, the file cut short, a byte changed). ``near-abroad replay`` on it
  must exit 0, 1 or 2 with a message, never with a traceback.

tests/property/test_fuzz.py runs both at a small budget; bench/fuzz.py runs them long and
counts the outcomes.
"""

from __future__ import annotations

import contextlib
import io
import json
import random
import re
from collections import Counter
from functools import cache
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

from game.engine import CHANCE, CONTROL, IllegalAction, RulesLoop
from game.ruleset.load import build_ruleset, load_ruleset
from game.ruleset.model import Ruleset
from game.session import storage
from game.session.journal import Journal
from game.session.session import Session
from tests.strategies import MUTATIONS, rule_files, scenario_folders

ROOT = Path(__file__).resolve().parent.parent
TINY = ROOT / "tests" / "scenarios" / "tiny"
STEPS = 300
_NUMBER = re.compile(r"(?<=: )-?\d+(?=\s*(?:#.*)?$)", re.M)


def nudge_number(data: st.DataObject, text: str) -> str:
    """Set one number to another whole number: odd games that still validate."""
    spots = [m.span() for m in _NUMBER.finditer(text)]
    if not spots:
        return text
    a, b = data.draw(st.sampled_from(spots), label="number at")
    new = data.draw(st.sampled_from(["0", "1", "2", "3", "5", "10", "-1", "50", "99"]))
    return text[:a] + new + text[b:]


RULE_MUTATIONS = {**MUTATIONS, "nudge_number": nudge_number}


def rules_case(data: st.DataObject, tally: Counter[str]) -> None:
    """One mutated rule set: built, and played if it validates (see the module's doc)."""
    folder = data.draw(st.sampled_from([*scenario_folders(), TINY]), label="scenario")
    files = dict(rule_files(folder))
    for _ in range(data.draw(st.integers(1, 3), label="mutations")):
        name = data.draw(st.sampled_from(sorted(files)), label="file")
        kind = data.draw(st.sampled_from(sorted(RULE_MUTATIONS)), label="mutation")
        files[name] = RULE_MUTATIONS[kind](data, files[name])
    seed = data.draw(st.integers(0, 2**32 - 1), label="seed")  # drawn before counting:
    # Hypothesis ends a case whose draws run out of data, and that case must not be counted
    tally["rules"] += 1
    rules, _ = build_ruleset(files, root=str(folder))
    if rules is None:
        tally["rules refused"] += 1
        return
    tally["rules played"] += 1
    tally[f"rules game {play(rules, seed)}"] += 1


def play(rules: Ruleset, seed: int, steps: int = STEPS) -> str:
    """Random play with Control stepping in: 'over', 'unfinished' (after ``steps``) or
    'looped' (stopped by RulesLoop, with its message). Fails
    the case (AssertionError) on a position with no legal action."""
    rng = random.Random(seed)
    try:
        session = Session(rules, seed=seed, control=True)
        for _ in range(steps):
            s = session.state
            if s.is_over():
                return "over"
            if rng.random() < 0.1:
                with contextlib.suppress(IllegalAction):  # refused: changes nothing
                    session.control(intervention(rules, rng), "fuzz")
                continue
            legal = s.legal_actions()
            actor = s.current_actor()
            assert legal, f"seed {seed}, step {s.step}: not over, and {actor} has no action"
            assert actor not in (None, CHANCE), f"seed {seed}, step {s.step}: {actor} decides"
            session.act(rng.choice(legal), actor)
    except RulesLoop:
        return "looped"
    return "over" if session.state.is_over() else "unfinished"


def intervention(rules: Ruleset, rng: random.Random) -> str:
    """A Control intervention in text form, often one the engine refuses."""
    events, tracks = sorted(rules.events) or ["none"], sorted(rules.tracks) or ["none"]
    actors, regions = sorted(rules.actors), sorted(rules.regions) or ["none"]
    return rng.choice(
        [
            f"fire {rng.choice(events)}",
            f"skip {rng.choice(events)}",
            f"delay {rng.choice(events)}:{rng.randint(0, 12)}",
            f"adjust {rng.choice(tracks)}:{rng.choice([-20, -3, -1, 1, 2, 20])}",
            f"influence {rng.choice(actors)}:{rng.choice(regions)}:{rng.randint(0, 100)}",
            f"forces {rng.choice(actors)}:{rng.choice(regions)}:{rng.randint(0, 100)}",
            f"vp {rng.choice(actors)}:{rng.randint(-5, 50)}",
        ]
    )


# -- damaged files ----------------------------------------------------------------------------
HOSTILE: list[Any] = [None, -1, 0, 10**30, 1.5, "", "x" * 300, "\u202e", [], {}, True, "1e999"]


@cache
def good_files(folder: Path) -> dict[str, str]:
    """A finished seminar game of the small scenario: its save and its session log."""
    rules = load_ruleset(TINY)
    session = Session(rules, seed=11, control=True)
    session.attach_journal(Journal(folder / "good.jsonl"))
    rng = random.Random(11)
    for n in range(10_000):
        if session.state.is_over():
            break
        if n % 7 == 3:
            with contextlib.suppress(IllegalAction):
                session.control(intervention(rules, rng), "a Control step")
            continue
        session.act(rng.choice(session.state.legal_actions()))
        if n == 5:
            session.annotate("control", "a note", tag="friction")
    return {
        "save": storage.dumps(session.record),
        "log": (folder / "good.jsonl").read_text(encoding="utf-8"),
    }


def damage_json(data: st.DataObject, doc: Any) -> Any:
    """One value in the document replaced, dropped or added (its place drawn)."""
    places: list[tuple[Any, Any]] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            places.extend((node, k) for k in node)
            for v in node.values():
                walk(v)
        elif isinstance(node, list):
            places.extend((node, i) for i in range(len(node)))
            for v in node:
                walk(v)

    walk(doc)
    if not places:
        return doc
    parent, key = data.draw(st.sampled_from(places), label="place")
    how = data.draw(st.sampled_from(["replace", "drop", "add", "nest"]), label="how")
    if how == "replace":
        parent[key] = data.draw(st.sampled_from(HOSTILE), label="value")
    elif how == "drop":
        del parent[key]
    elif how == "add" and isinstance(parent, dict):
        parent["zz_" + str(key)] = data.draw(st.sampled_from(HOSTILE), label="value")
    elif how == "nest":
        parent[key] = [parent[key]] if data.draw(st.booleans()) else {"x": parent[key]}
    return doc


def damage_text(data: st.DataObject, text: str) -> str:
    """The file cut short, a character changed, or text pasted in."""
    how = data.draw(st.sampled_from(["cut", "change", "paste"]), label="text damage")
    at = data.draw(st.integers(0, max(0, len(text) - 1)), label="at")
    if how == "cut":
        return text[:at]
    junk = data.draw(st.sampled_from(['"', "{", "]", ",", "\\", "\x00", "9" * 5000, "é", "\n"]))
    return text[:at] + junk + text[at + (how == "change") :]


def files_case(data: st.DataObject, folder: Path, tally: Counter[str]) -> None:
    """One damaged save or log, replayed by the command line (see the module's doc)."""
    from game.cli import main

    which = data.draw(st.sampled_from(["save", "log"]), label="file")
    text = good_files(folder)[which]
    if data.draw(st.booleans(), label="damage the JSON"):
        if which == "save":
            text = json.dumps(damage_json(data, json.loads(text)))
        else:
            lines = [json.loads(line) for line in text.splitlines()]
            n = data.draw(st.integers(0, len(lines) - 1), label="line")
            lines[n] = damage_json(data, lines[n])
            text = "\n".join(json.dumps(e) for e in lines) + "\n"
    else:
        text = damage_text(data, text)
    path = folder / ("case.json" if which == "save" else "case.jsonl")
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    err = io.StringIO()
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(err):
        try:
            code = main(["replay", str(path), "--scenario", str(TINY)])
        except SystemExit as exc:  # argparse's own refusals
            code = exc.code if isinstance(exc.code, int) else 1
    message = err.getvalue()
    assert code in (0, 1, 2), f"exit {code}: {message}"
    assert "Traceback" not in message, message
    assert code == 0 or message.strip(), f"exit {code} and no message"
    tally[f"{which} {'replayed' if code == 0 else 'refused'}"] += 1
    tally[which] += 1


__all__ = ["CONTROL", "RULE_MUTATIONS", "files_case", "good_files", "play", "rules_case"]
