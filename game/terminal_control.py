"""Control's commands in the terminal: names as shown, adding and setting told apart.

The engine's interventions keep their terse text forms (``adjust escalation:-2``,
``vp russia:12``), which saves record and replay. People at the Control desk
type what they see instead: an inject by its MSEL number or title, a track,
actor or region by its name or id, and a change as ``+N``/``-N`` (add) or
``=N`` (set). This module turns such a line into a typed intervention, or says
what is wrong with a did-you-mean. The old text forms are still accepted.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from game.engine import CONTROL
from game.engine.actions import ActionSyntaxError
from game.engine.control import (
    AdjustTrack,
    DelayInject,
    FireInject,
    Intervention,
    SetForces,
    SetInfluence,
    SetVp,
    SkipInject,
    parse_intervention,
)
from game.engine.state import State
from game.ruleset.diagnostics import did_you_mean
from game.ruleset.model import Ruleset

HELP = """Control commands (every intervention needs a reason after '--'):
  injects                                the MSEL: each inject's number, turn and status
  fire INJECT -- REASON                  fire an inject now (its number, e.g. M-24, or title)
  skip INJECT -- REASON                  skip an inject
  delay INJECT to TURN -- REASON         move an inject to a later turn
  track TRACK +N -- REASON               move a track up or down (+N or -N) by name or id
  vp SEAT +N -- REASON                   add to a seat's VP (+N, -N) or set them (=N)
  influence ACTOR REGION +N -- REASON    add (+N, -N) or set (=N) influence; forces likewise
  board   show everything         note TEXT   annotate the log     done   back to the game"""


class ControlInputError(ValueError):
    """A Control line that names nothing known or gives no amount; the message says how."""


def _find(kind: str, text: str, names: Mapping[str, Iterable[str]]) -> str:
    """The id whose id, name, title or number is ``text`` (case-insensitive; a unique
    beginning will do); ControlInputError with a did-you-mean otherwise."""
    want = text.strip().lower()
    if not want:
        raise ControlInputError(f"name the {kind}")
    exact = [i for i, words in names.items() if want in (w.lower() for w in (i, *words) if w)]
    if len(exact) == 1:
        return exact[0]
    start = [
        i for i, words in names.items() if any(w.lower().startswith(want) for w in (i, *words) if w)
    ]
    if len(start) == 1:
        return start[0]
    every = [w for i, words in names.items() for w in (i, *words) if w]
    hint = did_you_mean(text.strip(), every)
    if start:
        raise ControlInputError(f"'{text.strip()}' could be several {kind}s; {hint or 'say more'}")
    raise ControlInputError(
        f"no {kind} '{text.strip()}'; {hint or f'see the {kind}s on the board'}"
    )


def _amount(token: str) -> tuple[str, int]:
    """'+2' -> ('add', 2), '-1' -> ('add', -1), '=5' -> ('set', 5)."""
    t = token.strip()
    mode = "set" if t.startswith("=") else "add"
    digits = t[1:] if t[:1] in "=+" else t
    try:
        value = int(digits)
    except ValueError:
        raise ControlInputError(
            f"'{t}' is no amount: write +N or -N to add, =N to set (e.g. +2, -1, =5)"
        ) from None
    if mode == "add" and t[:1] not in "+-":
        raise ControlInputError(f"'{t}': write +{value} to add or ={value} to set")
    return mode, value


def parse(state: State, line: str, rules: Ruleset | None = None) -> Intervention:
    """One Control line (without its reason) as an intervention; ControlInputError if not.
    ``rules``: the ruleset whose words Control reads (a translation; default the game's)."""
    rules = rules or state.rules
    word, _, rest = line.strip().partition(" ")
    word = word.lower()
    en = rules.original or rules  # a translation's names, and the English ones too
    injects = {e: (ev.msel, ev.title, en.events[e].title) for e, ev in rules.events.items()}
    tracks = {t: (tr.name, en.tracks[t].name) for t, tr in rules.tracks.items()}
    actors = {
        a: (act.name, act.called, act.short, en.actors[a].name, en.actors[a].short)
        for a, act in rules.actors.items()
    }
    seats = {s: actors[s] for s in state.seats}
    regions = {r: (reg.name, en.regions[r].name) for r, reg in rules.regions.items()}
    if ":" in rest and word in ("fire", "skip", "delay", "adjust", "influence", "forces", "vp"):
        try:  # the old text forms ('adjust escalation:+1') still work
            return parse_intervention(f"{word} {rest.strip()}")
        except ActionSyntaxError:
            pass
    if word in ("fire", "skip"):
        event = _find("inject", rest, injects)
        return FireInject(event) if word == "fire" else SkipInject(event)
    if word == "delay":
        what, sep, turn = rest.rpartition(" to ")
        if not sep or not turn.strip().isdigit():
            raise ControlInputError("write it like 'delay M-07 to 5' (the new turn's number)")
        return DelayInject(_find("inject", what, injects), int(turn))
    parts = rest.split()
    if not parts:
        raise ControlInputError(f"'{word}' needs what to change and by how much; type 'help'")
    mode, value = _amount(parts[-1])
    body = parts[:-1]
    if word in ("track", "adjust"):
        if mode == "set":
            track = _find("track", " ".join(body), tracks)
            value -= state.tracks[track]
            return AdjustTrack(track, value)
        return AdjustTrack(_find("track", " ".join(body), tracks), value)
    if word == "vp":
        seat = _find("seat", " ".join(body), seats)
        return SetVp(seat, value if mode == "set" else state.scores()[seat] + value)
    if word in ("influence", "forces"):
        actor, region = _split(body, actors, regions)
        now = state.influence(actor, region) if word == "influence" else state.force(actor, region)
        total = value if mode == "set" else now + value
        if total < 0:
            raise ControlInputError(f"that would leave {total}; the least is 0")
        cls = SetInfluence if word == "influence" else SetForces
        return cls(actor, region, total)
    raise ControlInputError(f"'{word}' is not a Control command; type 'help'")


def _split(
    words: list[str], actors: Mapping[str, Iterable[str]], regions: Mapping[str, Iterable[str]]
) -> tuple[str, str]:
    """'the West Tbilisi' -> ('west', 'TBI'): the split where both halves name something."""
    last: ControlInputError | None = None
    for cut in range(1, len(words)):
        try:
            return _find("actor", " ".join(words[:cut]), actors), _find(
                "region", " ".join(words[cut:]), regions
            )
        except ControlInputError as exc:
            last = exc
    raise last or ControlInputError("name an actor, then a region: influence Russia Yerevan +1")


def inject_rows(state: State, rules: Ruleset | None = None) -> list[str]:
    """The MSEL as Control reads it: number, title, due turn and status, within 100 columns,
    in the words of ``rules`` (a translation; default the game's)."""
    from game.engine.status import InjectState, inject_status

    rows = []
    for st in inject_status(state, CONTROL):
        ev = (rules or state.rules).events[st.id]
        when = "manual" if ev.manual else (f"turn {st.due}" if st.due else "on condition")
        status = "pending" if st.state == InjectState.MANUAL else str(st.state)
        label = ev.msel or st.id
        title = ev.title if len(ev.title) <= 56 else ev.title[:55] + "\u2026"
        rows.append(f"  {label:<8} {title:<56} {when:<13} {status}")
    return rows
