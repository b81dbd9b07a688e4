"""Hotseat play in a terminal: tables of the board, numbered choices, hand-off between seats.

The main way to play where there is no display, and the simplest shell over the
engine: it renders views as text and sends actions, nothing more. Every seat
sees only its own view; between two human seats a hand-off prompt hides the
screen until the next player is ready.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any, TextIO

from game.engine import CONTROL, Action, ActionError, ActionKind, LogKind, View, parse_action
from game.engine.choices import DecisionKind
from game.engine.explain import what
from game.engine.status import InjectState, inject_status
from game.ruleset.diagnostics import did_you_mean
from game.ruleset.words import Namer, card_rules, objective_rules
from game.session import storage
from game.session.replay import resume
from game.session.session import Session, UndoRefused

HELP = """Commands:
  <number>        take the numbered action
  <action>        type an action's text, e.g. 'play peacekeepers', 'target STK', 'done'
  board           show the board again        log      show the game log
  hand            your cards and what they do  why <action>  explain an action
  card <card>     what a card does (its id or title)
  objectives      your objectives: what each needs and how it stands
  undo            take back your last decision (not across a draw or a roll)
  save [FILE]     save the game (default: the autosave)
  load FILE       load a saved game
  help            this text                   quit     leave (the autosave keeps the game)
  control         hand the screen to the Control cell (seminar games)"""

CONTROL_HELP = """Control commands (every intervention needs a reason after '--'):
  injects                         the MSEL: every inject, its turn and status
  fire ID -- REASON               fire an inject now        skip ID -- REASON
  delay ID:TURN -- REASON         move an inject to a later turn
  adjust TRACK:+N -- REASON       move a track              vp SEAT:N -- REASON
  influence ACTOR:REGION:N -- REASON    forces ACTOR:REGION:N -- REASON
  board   show everything         note TEXT   annotate the log     done   back to the game"""


class TerminalGame:
    """One terminal game loop over a session."""

    def __init__(
        self,
        session: Session,
        bots: dict[str, Any],
        inp: TextIO,
        out: TextIO,
        autosave: Path | None = None,
        handoff: bool = True,
        clock: Callable[[], str] | None = None,
    ):
        self.session = session
        self.bots = bots
        self.inp = inp
        self.out = out
        self.autosave = autosave
        self.handoff = handoff
        self.last_seat: str | None = None
        self.shown_board_for: tuple[str, int, int] | None = None

    def say(self, text: str = "") -> None:
        print(text, file=self.out, flush=True)

    def ask(self, prompt: str) -> str | None:
        self.out.write(prompt)
        self.out.flush()
        line = self.inp.readline()
        return None if line == "" else line.strip()

    # -- the loop ----------------------------------------------------------------------------
    def run(self) -> int:
        rules = self.session.rules
        self.say(
            f"{rules.manifest.title} — {len(rules.manifest.calendar)} turns, seats: "
            f"{', '.join(self.session.state.seats)}. Type 'help' for commands."
        )
        while True:
            state = self.session.state
            if state.is_over():
                self.game_over()
                return 0
            seat = state.current_actor()
            assert seat is not None
            if seat in self.bots:
                view = state.view_for(seat)
                action = self.bots[seat].choose(view)
                self.say(f"  [{seat} (bot)] {action}  — {what(state, action)}")
                self.session.act(action, seat)
                self.save_auto()
                continue
            if not self.turn_of(seat):
                return 0

    def turn_of(self, seat: str) -> bool:
        """Let a human seat take one decision; False when the player quits."""
        humans = [s for s in self.session.state.seats if s not in self.bots]
        if seat == CONTROL:
            humans.append(CONTROL)
        if self.handoff and len(humans) > 1 and seat != self.last_seat:
            self.say("\n" * 3 + "=" * 60)
            if (
                self.ask(
                    f"Pass the screen to {seat.upper()}. Press Enter when only {seat} is looking: "
                )
                is None
            ):
                return self.quit()
        self.last_seat = seat
        view = self.session.state.view_for(seat)
        key = (seat, view.turn, view.round)
        if view.decision.kind == DecisionKind.CARD and self.shown_board_for != key:
            self.board(view)
            self.shown_board_for = key
        self.say(f"\n{view.prompt}")
        for i, action in enumerate(view.legal, start=1):
            self.say(f"  {i:2}. {self.describe(action, view)}")
        while True:
            line = self.ask(f"{seat}> ")
            if line is None:
                return self.quit()
            if not line:
                continue
            result = self.command(seat, line, view)
            if result == "quit":
                return self.quit()
            if result == "done":
                return True

    def command(self, seat: str, line: str, view: View) -> str:
        """Handle one input line: 'done' (a decision was taken), 'again', or 'quit'."""
        word, _, rest = line.partition(" ")
        word = word.lower()
        if word in ("quit", "exit", "q"):
            return "quit"
        if word == "control":
            return self.control_cell(seat)
        if word == "argue" and rest:
            return self.argue(seat, line, view)
        if word == "help":
            self.say(HELP)
        elif word == "board":
            self.board(self.session.state.view_for(seat))
        elif word == "hand":
            self.hand(self.session.state.view_for(seat))
        elif word == "card":
            self.card(rest)
        elif word in ("objectives", "obj"):
            self.objectives(self.session.state.view_for(seat))
        elif word == "log":
            for e in self.session.state.view_for(seat).log[-40:]:
                self.say(f"  t{e.turn} {e.text}")
        elif word == "why" and rest:
            self.say("  " + self.session.state.explain(rest))
        elif word == "undo":
            try:
                self.session.undo(seat)
                self.say("  undone.")
                self.save_auto()
                return "done"
            except UndoRefused as exc:
                self.say(f"  cannot undo: {exc}")
        elif word == "save":
            path = Path(rest) if rest else self.autosave
            if path is None:
                self.say("  give a file name: save FILE")
            else:
                try:
                    storage.save(self.session.record, path)
                    self.say(f"  saved to {path}")
                except OSError as exc:
                    self.say(f"  could not save to {path}: {exc.strerror or exc}")
        elif word == "load" and rest:
            try:
                record = storage.load(rest)
                self.session = resume(record, self.session.rules, rest)
                self.say(f"  loaded {rest} (step {len(record.steps)})")
                return "done"
            except storage.SaveError as exc:
                self.say(f"  {exc}")
        else:
            return self.decide(seat, line, view)
        return "again"

    def argue(self, seat: str, line: str, view: View) -> str:
        """A matrix argument: the outcome, then the case in the seat's words and its reasons."""
        try:
            action = parse_action(line)
        except ActionError as exc:
            self.say(f"  not allowed: {exc}")
            return "again"
        if action not in view.legal:
            self.say(f"  not allowed: {self.session.state.explain(action)}")
            return "again"
        text = self.ask("  Your argument, in a sentence or two: ")
        reason = self.ask("  Your reasons (why it would happen): ")
        if text is None or reason is None:
            return "quit"
        self.session.act(action, seat, text=text, reason=reason)
        self.save_auto()
        return "done"

    def control_cell(self, seat: str) -> str:
        """Hand the screen to Control for interventions, then back to ``seat``."""
        if not self.session.state.control:
            self.say("  this game has no Control cell (start it with --control)")
            return "again"
        self.say("\n" * 3 + "=" * 60)
        if (
            self.ask("Pass the screen to CONTROL. Press Enter when only Control is looking: ")
            is None
        ):
            return "quit"
        self.board(self.session.state.view_for(CONTROL))
        self.say(CONTROL_HELP)
        while True:
            line = self.ask("control> ")
            if line is None:
                return "quit"
            word, _, rest = line.partition(" ")
            if word in ("done", "back"):
                break
            if word == "board":
                self.board(self.session.state.view_for(CONTROL))
            elif word == "injects":
                self.injects()
            elif word == "note" and rest:
                self.session.annotate("control", rest)
                self.say("  noted.")
            elif word in ("help", "?"):
                self.say(CONTROL_HELP)
            elif line.strip():
                self.intervene(line)
        self.last_seat = CONTROL
        self.say("\n" * 3 + "=" * 60)
        if (
            self.handoff
            and self.ask(f"Pass the screen back to {seat.upper()}. Press Enter: ") is None
        ):
            return "quit"
        self.last_seat = seat
        return "done"

    def intervene(self, line: str) -> None:
        command, sep, reason = line.partition("--")
        if not sep or not reason.strip():
            self.say(
                "  every intervention needs a reason: e.g. 'adjust escalation:+1 -- "
                "the shelling of Ganja'"
            )
            return
        before = self.session.state.step
        try:
            self.session.control(command.strip(), reason.strip())
        except ActionError as exc:
            self.say(f"  not done: {exc}")
            return
        self.save_auto()
        for entry in self.session.state.view_for(CONTROL).log:
            if entry.step > before:
                self.say(f"  {entry.text}")

    def injects(self) -> None:
        for st in inject_status(self.session.state, CONTROL):
            ev = self.session.rules.events[st.id]
            when = "manual" if ev.manual else (f"turn {st.due}" if st.due else "on condition")
            status = "pending" if st.state == InjectState.MANUAL else str(st.state)
            self.say(f"  {ev.msel or '-':<6} {st.id:<28} {when:<13} {status:<8} {ev.title}")

    def decide(self, seat: str, line: str, view: View) -> str:
        action: Action | str = line
        if line.isdigit():
            n = int(line)
            if not 1 <= n <= len(view.legal):
                self.say(f"  choose a number from 1 to {len(view.legal)}, or type 'help'")
                return "again"
            action = view.legal[n - 1]
        before = self.session.state.step
        try:
            self.session.act(action, seat)
        except ActionError as exc:
            self.say(f"  not allowed: {exc}")
            self.say("  type a number from the list, or 'help'")
            return "again"
        self.save_auto()
        self.show_new(seat, before)
        return "done"

    def show_new(self, seat: str, since: int) -> None:
        """What the decision led to (dice, effects, scores), as this seat may see it."""
        for entry in self.session.state.view_for(seat).log:
            quiet = (entry.kind == LogKind.PLAY and entry.data.get("seat") == seat) or (
                entry.kind == LogKind.DRAW and "card" not in entry.data
            )
            if entry.step > since and not quiet:
                self.say(f"  · {entry.text}")

    def quit(self) -> bool:
        if self.autosave is not None:
            self.save_auto()
            self.say(
                f"\nThe game is kept in {self.autosave}; continue it with "
                "'near-abroad play --text --resume'."
            )
        return False

    def save_auto(self) -> None:
        if self.autosave is None:
            return
        try:
            storage.save(self.session.record, self.autosave)
        except OSError as exc:  # never lose the game over a full disk: say so and go on
            self.say(f"  warning: autosave failed ({exc.strerror or exc}); use 'save FILE'")

    # -- rendering ---------------------------------------------------------------------------
    def describe(self, action: Action, view: View) -> str:
        """A numbered option: its text form and, for cards, operations and targets, its label
        (and cost) from the engine's description of the decision."""
        rules = self.session.rules
        choice = next((c for c in view.decision.options if c.action == action), None)
        if action.kind == ActionKind.PLAY:
            card = rules.cards[action.arg]
            say = Namer(rules)
            side = "" if card.side == "neutral" else f", {say.actor(card.side)}\u2019s event"
            ops = f"{card.ops} op{'' if card.ops == 1 else 's'}"
            closed = " (event closed now)" if action.arg in view.event_notes else ""
            return f"{action}  \u2014 {card.title} ({ops}{side}){closed}"
        if choice is not None and action.kind in (ActionKind.OP, ActionKind.TARGET):
            cost = f" for {choice.cost} point(s)" if choice.cost is not None else ""
            return f"{action}  — {choice.label}{cost}"
        return str(action)

    def hand(self, view: View) -> None:
        """Each card with what it does (its rules text), why its event is closed if it is,
        and its flavour text."""
        self.say(f"Your hand ({view.seat}):")
        for cid in view.hand:
            self.say_card(cid, view.event_notes.get(cid, ""))

    def say_card(self, cid: str, note: str = "") -> None:
        card = self.session.rules.cards[cid]
        head, *body = card_rules(self.session.rules, card)
        self.say(f"  {cid}: {card.title} \u2014 {head}")
        for line in body:
            self.say(_wrap(line, 8))
        if note:
            self.say(_wrap(f"Event not playable now: {note}.", 8))
        if card.text:
            self.say(_wrap(f"\u201c{card.text.strip()}\u201d", 8))

    def card(self, name: str) -> None:
        """'card X': any card of the scenario, found by id or title."""
        rules = self.session.rules
        wanted = name.strip().lower()
        found = [c for c, k in rules.cards.items() if wanted in (c.lower(), k.title.lower())]
        if not found:
            found = [c for c, k in rules.cards.items() if wanted and wanted in k.title.lower()]
        if len(found) != 1:
            hint = did_you_mean(name.strip(), rules.cards) or "give a card's id or title"
            many = f"{len(found)} cards match" if found else f"no card '{name.strip()}'"
            self.say(f"  {many}; {hint}")
            return
        self.say_card(found[0])

    def objectives(self, view: View) -> None:
        """The seat's objectives (Control: everyone's): what each needs, scores, and lacks now."""
        rules = self.session.rules
        status = {o.id: o for o in view.objectives}
        for oid, o in rules.objectives.items():
            if view.seat not in (o.actor, CONTROL):
                continue
            st = status.get(oid)
            mark = "met" if st is not None and (st.holds or st.achieved) else "   "
            who = f"{o.actor}: " if view.seat == CONTROL else ""
            self.say(f"  [{mark}] {who}{o.title}")
            self.say(_wrap(objective_rules(rules, o), 10))
            if st is not None and st.missing:
                self.say(_wrap(f"Missing: {st.missing}.", 10))

    def board(self, view: View) -> None:
        rules = self.session.rules
        state = self.session.state
        seats = state.seats
        self.say("")
        self.say(
            f"=== Turn {view.turn}/{len(rules.manifest.calendar)}: {view.turn_label} "
            f"({view.date}), round {view.round} — {view.seat}'s view ==="
        )
        self.say(
            "Tracks: "
            + "  ".join(
                f"{rules.tracks[t].name} {v}/{rules.tracks[t].max}" for t, v in view.tracks.items()
            )
        )
        self.say("VP:     " + "  ".join(f"{s} {view.vp[s]}" for s in seats))
        self.say(
            "Hands:  "
            + "  ".join(f"{s} {n}" for s, n in view.hand_sizes.items())
            + f"   deck {view.deck_size}"
        )
        head = (
            f"{'region':<6}{'stab':>5}  "
            + " ".join(f"{rules.actors[a].short:>4}" for a in rules.actors)
            + "   control"
        )
        self.say(head)
        for rid, region in rules.regions.items():
            infl = view.influence[rid]
            forces = view.forces[rid]
            if not infl and not forces and "off-map" in region.tags:
                continue
            cells = []
            for a in rules.actors:
                i, f = infl.get(a, 0), forces.get(a, 0)
                cell = (str(i) if i else "") + (f"+{f}f" if f else "")
                cells.append(f"{cell or '.':>4}")
            ctl = view.controllers[rid]
            self.say(
                f"{rid:<6}{region.stability:>5}  "
                + " ".join(cells)
                + f"   {'' if ctl == 'nobody' else ctl}"
            )
        if view.seat == CONTROL:
            for seat, hand in view.hands.items():
                self.say(f"{seat}'s hand: {', '.join(hand) or '(empty)'}")
            if view.facts:
                self.say(
                    "Established facts: "
                    + "; ".join(f"{rules.arguments[a].title} ({s})" for s, a in view.facts)
                )
        else:
            mine = [(oid, o) for oid, o in rules.objectives.items() if o.actor == view.seat]
            if mine:
                self.say("Your objectives:")
                holds = {o.id: o.holds for o in view.objectives}
                for oid, o in mine:
                    mark = "met" if holds.get(oid) else "   "
                    self.say(f"  [{mark}] {o.title} ({o.vp} VP, {o.scoring.replace('_', ' ')})")
            self.hand(view)

    def game_over(self) -> None:
        state = self.session.state
        result = state.result
        assert result is not None
        self.say("\n=== Game over ===")
        self.say(
            f"{result.reason}. Result: {result.kind}; winners: "
            f"{', '.join(result.winners) or 'none'}"
        )
        for seat, vp in sorted(state.scores().items(), key=lambda kv: -kv[1]):
            self.say(f"  {seat:<12} {vp:>4} VP")


def _wrap(text: str, indent: int, width: int = 100) -> str:
    """A paragraph wrapped to fit the terminal's 100 columns, indented."""
    pad = " " * indent
    return textwrap.fill(text, width, initial_indent=pad, subsequent_indent=pad)
