"""What the terminal prints: the board, hands, cards, objectives and log lines, as text that
fits 100 columns and speaks names, not ids.

Pure functions of a view and the rules, returning lines; the terminal loop
(game.terminal) decides when to print them. Kept apart so the loop stays short
and every table can be tested for width on its own.
"""

from __future__ import annotations

import textwrap

from game.engine import CONTROL, Action, ActionKind, View
from game.engine.events import LogEntry, LogKind
from game.render.logwords import entry_words
from game.ruleset.model import Ruleset
from game.ruleset.texts import shown
from game.ruleset.words import Namer, card_rules, objective_rules

WIDTH = 100
"""Every line the terminal prints fits this many columns."""


def wrap(text: str, indent: int, first: str | None = None) -> list[str]:
    """A paragraph wrapped to WIDTH, indented (``first`` replaces the first line's indent)."""
    pad = " " * indent
    lead = pad if first is None else first
    return textwrap.wrap(text, WIDTH, initial_indent=lead, subsequent_indent=pad) or [lead]


def name(rules: Ruleset, actor: str) -> str:
    """An actor as people call it ('Russia'); Control and chance as such."""
    if actor == CONTROL:
        return "Control"
    return Namer(rules).actor(actor) if actor in rules.actors else actor


def header(rules: Ruleset, view: View) -> list[str]:
    """The turn banner: '=== Week 2: … — 4 October 2020 · round 1 of 3 · Russia's view ==='."""
    turns = len(rules.manifest.calendar)
    whose = "Control's view" if view.seat == CONTROL else f"{name(rules, view.seat)}\u2019s view"
    head = (
        f"=== Turn {view.turn}/{turns}: {shown(rules, view.turn_label)} "
        f"({Namer(rules).date(view.date)}), "
        f"round {view.round} \u2014 {whose} ==="
    )
    return wrap(head, 4, "")


def board(rules: Ruleset, view: View) -> list[str]:
    """Tracks, VP, hand sizes and the regions table (names, influence+forces, controller)."""
    lines = header(rules, view)
    tracks = [f"{rules.tracks[t].name} {v}/{rules.tracks[t].max}" for t, v in view.tracks.items()]
    lines += wrap("  ".join(tracks), 8, "Tracks: ")
    seats = view.seats or tuple(rules.manifest.seats)
    lines += wrap("  ".join(f"{name(rules, s)} {view.vp[s]}" for s in seats), 8, "VP:     ")
    sizes = "  ".join(f"{name(rules, s)} {n}" for s, n in view.hand_sizes.items())
    lines += wrap(f"{sizes}   deck {view.deck_size}", 8, "Hands:  ")
    actors = [a for a in rules.actors if any(a in view.influence[r] or a in view.forces[r]
                                             for r in rules.regions)]  # fmt: skip
    cols = " ".join(f"{rules.actors[a].short:>4}" for a in actors)
    lines.append(f"{'region':<26}{'stab':>4}  {cols}  control")
    for rid, region in rules.regions.items():
        infl, forces = view.influence[rid], view.forces[rid]
        if not infl and not forces and "off-map" in region.tags:
            continue
        cells = []
        for a in actors:
            i, f = infl.get(a, 0), forces.get(a, 0)
            cell = (str(i) if i else "") + (f"+{f}f" if f else "")
            cells.append(f"{cell or '.':>4}")
        ctl = view.controllers[rid]
        who = "" if ctl == "nobody" else name(rules, ctl)
        row = f"{_cut(region.name, 25):<26}{region.stability:>4}  {' '.join(cells)}  {who}"
        lines.append(_cut(row, WIDTH))
    lines.append(f"{'':<26}{'':>4}  (influence+forces, e.g. 3+1f; '.' none)")
    return lines


def card(rules: Ruleset, cid: str, note: str = "") -> list[str]:
    """A card: its title and head line, what it does, why its event is closed, its flavour."""
    c = rules.cards[cid]
    head, *body = card_rules(rules, c)
    lines = wrap(f"{c.title} \u2014 {head} [{cid}]", 8, "  ")
    for line in body:
        lines += wrap(line, 8)
    if note:
        lines += wrap(f"Event not playable now: {note}.", 8)
    if c.text:
        lines += wrap(f"\u201c{c.text.strip()}\u201d", 8)
    return lines


def objectives(rules: Ruleset, view: View) -> list[str]:
    """The viewer's objectives (Control: everyone's): needs, scoring, and what is missing."""
    status = {o.id: o for o in view.objectives}
    lines = []
    for oid, o in rules.objectives.items():
        if view.seat not in (o.actor, CONTROL):
            continue
        st = status.get(oid)
        mark = "met" if st is not None and (st.holds or st.achieved) else "   "
        who = f"{name(rules, o.actor)}: " if view.seat == CONTROL else ""
        lines.append(_cut(f"  [{mark}] {who}{o.title}", WIDTH))
        lines += wrap(objective_rules(rules, o), 10)
        if st is not None and st.missing:
            lines += wrap(f"Missing: {st.missing}.", 10)
    return lines


def log_line(rules: Ruleset, entry: LogEntry) -> list[str]:
    """One log event as the terminal shows it: a turn as a banner, the rest as '  · …'."""
    said = entry_words(rules, entry)
    if entry.kind == LogKind.TURN:
        return ["", *wrap(f"=== {said} ===", 4, "")]
    return wrap(said, 6, "  \u00b7 ") if said.strip() else []


def describe(rules: Ruleset, action: Action, view: View) -> str:
    """A numbered option: its text form and, for cards, operations and targets, its label
    (and cost) from the engine's description of the decision."""
    choice = next((c for c in view.decision.options if c.action == action), None)
    if action.kind == ActionKind.PLAY:
        card = rules.cards[action.arg]
        say = Namer(rules)
        side = "" if card.side == "neutral" else f", {say.actor(card.side)}\u2019s event"
        ops = f"{card.ops} op{'' if card.ops == 1 else 's'}"
        closed = " (event closed)" if action.arg in view.event_notes else ""
        return f"{action}  \u2014 {card.title} ({ops}{side}){closed}"
    if choice is not None and action.kind in (ActionKind.OP, ActionKind.TARGET):
        cost = f" for {choice.cost} point(s)" if choice.cost is not None else ""
        return f"{action}  \u2014 {choice.label}{cost}"
    return str(action)


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "\u2026"
