"""Log events in words for players: names, titles and dice, from each event's kind and data.

The engine's own log text is terse and speaks ids ("russia draws drone_parts_embargo");
it stays as it is for saves and debugging. Screens (the terminal, the board's log, the
seminar tools) say each event from its typed data instead, so a player reads "Russia
draws ‘Drone parts embargoed’". An event kind this module does not know falls back to
the engine's text, so a new kind never breaks a screen.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from game.engine.events import LogEntry, LogKind
from game.ruleset.model import Ruleset
from game.ruleset.texts import shown
from game.ruleset.words import MINUS, Namer, humanize, possessive, sentence

Say = Callable[[Namer, dict[str, Any]], str]
DASH = " \u2014 "


def _signed(n: int) -> str:
    return f"+{n}" if n >= 0 else f"{MINUS}{-n}"


def _op(n: Namer, op: str) -> str:
    o = n.rules.operations.get(op)
    return f"\u2018{o.name if o else humanize(op)}\u2019"


def _ops(k: object) -> str:
    return f"{k} op{'' if k == 1 else 's'}"


def _points(k: int) -> str:
    return f"{k} operation point{'' if k == 1 else 's'}"


def _threshold(n: Namer, d: dict[str, Any]) -> str:
    track = n.rules.tracks.get(str(d["track"]))
    verb = "reaches" if d.get("direction") == "up" else "falls to"
    text = next((th.text for th in (track.thresholds if track else ()) if th.at == d.get("at")), "")
    head = f"{n.track(str(d['track']))} {verb} {d.get('at')}"
    return f"{head}: {text.strip()}" if text.strip() else head


def _change(before: int, after: int) -> str:
    return f"{before} \u2192 {after} ({_signed(after - before)})"


def _turn(n: Namer, d: dict[str, Any]) -> str:
    label = shown(n.rules, str(d.get("label", "")))  # the engine's (original) words
    date = n.date(str(d["date"])) if d.get("date") else ""
    return (label + (DASH + date if date else "")).strip() or f"Turn {d.get('turn')}"


def _roll(n: Namer, d: dict[str, Any]) -> str:
    table = str(d.get("table", ""))
    rt = n.rules.roll_tables.get(table)
    dice = f"{rt.dice}d{rt.sides}" if rt else "the dice"
    mod = int(d.get("modifier", 0) or 0)
    total = d.get("total")
    row = d.get("row")
    outcome = ""
    if rt is not None and isinstance(row, int) and 0 <= row < len(rt.outcomes):
        o = rt.outcomes[row]
        outcome = o.text.strip() or n.effects_text(o.effects)
    with_mod = f", modifier {_signed(mod)}" if mod else ""
    head = f"Roll {dice}{with_mod}: {total}"
    return f"{head} \u2014 {outcome}" if outcome else head


def _control(n: Namer, d: dict[str, Any]) -> str:
    """Control's intervention, by kind: what it did, with names, then its reason."""
    kind = str(d.get("intervention", ""))
    reason = str(d.get("reason", "")).strip()
    event = n.titled("event", str(d["event"])) if d.get("event") else ""
    if kind == "fire":
        said = f"Control fires {event}"
    elif kind == "skip":
        said = f"Control skips {event}"
    elif kind == "delay":
        said = f"Control delays {event} to {n.turn(int(d['turn']))}"
    elif kind == "adjust":
        said = f"Control moves {n.track(str(d['track']))} by {_signed(int(d['by']))}"
    elif kind in ("influence", "forces"):
        who = possessive(n.actor(str(d["actor"])))
        said = (
            f"Control sets {who} {kind} in {n.region(str(d['region']))}: "
            f"{d.get('before')} \u2192 {d.get('after')}"
        )
    elif kind == "vp":
        who = possessive(n.actor(str(d["actor"])))
        said = f"Control sets {who} VP: {d.get('before')} \u2192 {d.get('after')}"
    else:
        said = f"Control: {humanize(kind or 'an intervention')}"
    return said + (DASH + reason if reason else "")


_SAY: dict[LogKind, Say] = {
    LogKind.TURN: _turn,
    LogKind.INJECT: lambda n, d: (
        f"Inject {d.get('msel') or ''} {n.titled('event', str(d['event']))}"
        + (" (fired by Control)" if d.get("by") == "control" else "")
    ),
    LogKind.INJECT_REPLACED: lambda n, d: (
        f"{n.titled('event', str(d['event']))} gives way to {n.titled('event', str(d['use']))}"
    ),
    LogKind.INJECT_SPENT: lambda n, d: (
        f"{n.titled('event', str(d['event']))} does not fire: "
        f"{n.titled('event', str(d['use']))} came first"
    ),
    LogKind.PLAY: lambda n, d: (
        f"{n.actor(str(d['seat']))} plays {n.card(str(d['card']))} ({_ops(d.get('ops'))})"
    ),
    LogKind.EVENT: lambda n, d: (
        f"{n.actor(str(d['seat']))} plays the event of {n.card(str(d['card']))}"
    ),
    LogKind.PASS: lambda n, d: f"{n.actor(str(d['seat']))} passes",
    LogKind.OPERATION: lambda n, d: (
        f"{n.actor(str(d['seat']))}: {_op(n, str(d['op']))} in "
        f"{n.region(str(d['region']))} for {d.get('cost')} (left: {d.get('left')})"
    ),
    LogKind.GIVE_UP: lambda n, d: (
        f"{n.actor(str(d['seat']))} leaves {_points(int(d['points']))} unspent"
    ),
    LogKind.OPTION: lambda n, d: (
        f"{n.actor(str(d['seat']))} chooses: "
        f"\u201c{str(d.get('words') or humanize(str(d['option']))).strip().rstrip('.')}\u201d"
    ),
    LogKind.GAME_OVER: lambda n, d: (
        f"Game over: {str(d.get('reason', '')).rstrip('.')}. "
        + (
            "Winner: " + " and ".join(n.actor(w) for w in str(d["winners"]).split())
            if str(d.get("winners", "")).strip()
            else "Nobody wins"
        )
    ),
    LogKind.SAY: lambda n, d: "",
    LogKind.NO_OPTION: lambda n, d: f"{n.actor(str(d['seat']))} has no option to choose",
    LogKind.DRAW: lambda n, d: (
        f"{n.actor(str(d['seat']))} draws "
        + (n.card(str(d["card"])) if d.get("card") else "a card")
    ),
    LogKind.CANNOT_DRAW: lambda n, d: f"{n.actor(str(d['seat']))} cannot draw: the deck is empty",
    LogKind.DISCARD: lambda n, d: (
        f"{n.actor(str(d['seat']))} discards {n.card(str(d['card']))} at random"
    ),
    LogKind.RESHUFFLE: lambda n, d: "The discards are shuffled into a new deck",
    LogKind.ROLL: _roll,
    LogKind.INFLUENCE: lambda n, d: (
        f"{possessive(n.actor(str(d['actor'])))} influence in "
        f"{n.region(str(d['region']))}: {_change(int(d['before']), int(d['after']))}"
    ),
    LogKind.FORCES: lambda n, d: (
        f"{possessive(n.actor(str(d['actor'])))} forces in "
        f"{n.region(str(d['region']))}: {_change(int(d['before']), int(d['after']))}"
    ),
    LogKind.TRACK: lambda n, d: (
        f"{n.track(str(d['track']))}: {_change(int(d['before']), int(d['after']))}"
    ),
    LogKind.THRESHOLD: _threshold,
    LogKind.FLAG: lambda n, d: (
        sentence(n.rules.flags[str(d["flag"])].text).rstrip(".")
        if d.get("set") and str(d["flag"]) in n.rules.flags and n.rules.flags[str(d["flag"])].text
        else ("Now " if d.get("set") else "No longer ") + n.flag(str(d["flag"]))
    ),
    LogKind.VP: lambda n, d: (
        f"{n.actor(str(d['actor']))}: {_signed(int(d['delta']))} VP (now {d.get('total')})"
    ),
    LogKind.SCORE: lambda n, d: (
        f"{n.actor(str(d['actor']))} scores "
        f"{n.name('objective', str(d['objective']))}: +{d.get('vp')} VP (now {d.get('total')})"
    ),
    LogKind.RETURN_CARD: lambda n, d: f"{n.card(str(d['card']))} goes back into the deck",
    LogKind.ARGUMENT: lambda n, d: (
        f"{n.actor(str(d['seat']))} argues for {n.titled('argument', str(d['argument']))}"
    ),
    LogKind.RULING: lambda n, d: (
        f"Control rules on {n.titled('argument', str(d['argument']))}: "
        + {"approve": "it succeeds", "deny": "it fails"}.get(
            str(d.get("ruling")), f"it needs {d.get('need')}+ on 2d6"
        )
    ),
    LogKind.VOTE: lambda n, d: f"{n.actor(str(d['seat']))} votes {d.get('vote')}",
    LogKind.TALLY: lambda n, d: (
        f"The vote on {n.titled('argument', str(d['argument']))}: "
        f"{d.get('yes')} yes, {d.get('no')} no; it needs {d.get('need')}+"
    ),
    LogKind.ARGUMENT_ROLL: lambda n, d: (
        f"The dice for {n.titled('argument', str(d['argument']))}"
        f": {d.get('total')} (needs {d.get('need')}+) \u2014 "
        + ("it succeeds" if d.get("success") else "it fails")
    ),
    LogKind.FACT: lambda n, d: (
        f"{n.titled('argument', str(d['argument']))} is now an established fact"
    ),
    LogKind.CONTROL: _control,
}


def entry_words(rules: Ruleset, entry: LogEntry) -> str:
    """One log event as a player reads it (the engine's text when its kind or data is odd)."""
    say = _SAY.get(entry.kind)
    if say is None:
        return entry.text
    try:
        words = say(Namer(rules), dict(entry.data)) or entry.text
    except (KeyError, ValueError, TypeError):
        return entry.text
    return words[:1].upper() + words[1:]
