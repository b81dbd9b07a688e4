"""Hotseat play in a terminal: tables of the board, numbered choices, hand-off between seats.

The main way to play where there is no display, and the simplest shell over the
engine: it renders views as text and sends actions, nothing more. Every seat
sees only its own view; between two human seats a hand-off prompt hides the
screen until the next player is ready.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TextIO

from game import terminal_control as control_words
from game import terminal_text as txt
from game.engine import CONTROL, Action, ActionError, View, parse_action
from game.engine.choices import DecisionKind
from game.engine.explain import who_does
from game.ruleset.diagnostics import did_you_mean
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

CONTROL_HELP = control_words.HELP


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
        resumed: bool = False,
    ):
        self.session = session
        self.bots = bots
        self.inp = inp
        self.out = out
        self.autosave = autosave
        self.handoff = handoff
        self.resumed = resumed
        """A game picked up from a save: the position is printed first."""
        self.last_seat: str | None = None
        self.shown_board_for: tuple[str, int, int] | None = None
        self.printed = len(session.state.log_entries())
        """Log entries already printed (what happens is printed as it happens)."""
        self.board_turn = session.state.turn

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
        self.say_lines(
            txt.wrap(
                f"{rules.manifest.title} \u2014 {len(rules.manifest.calendar)} turns, seats: "
                + ", ".join(txt.name(rules, s) for s in self.session.state.seats)
                + ". Type 'help' for commands.",
                2,
                "",
            )
        )
        if self.resumed:  # a resumed game: where it stands, then the position of who is to act
            view = self.session.state.view_for(self.public_seat())
            self.say(f"Resumed after step {len(self.session.record.steps)}.")
            self.say_lines(txt.board(rules, view))
        else:
            self.printed = 0
            self.catch_up(None)
        while True:
            state = self.session.state
            if state.is_over():
                self.catch_up(None)
                self.game_over()
                return 0
            seat = state.current_actor()
            assert seat is not None
            if seat in self.bots:
                view = state.view_for(seat)
                action = self.bots[seat].choose(view)
                subject, predicate = who_does(state, action)
                who = txt.name(rules, subject)
                self.say_lines(txt.wrap(f"[{who} (bot)] {who} {predicate}", 6, "  "))
                self.session.act(action, seat)
                self.save_auto()
                self.catch_up(None)
                if not self.humans() and self.turn_started():
                    self.say_lines(txt.board(rules, self.session.state.view_for(seat)))
                continue
            if not self.turn_of(seat):
                return 0

    def humans(self) -> list[str]:
        return [s for s in self.session.state.seats if s not in self.bots]

    def public_seat(self) -> str:
        """A seat whose view is the table's for public facts: the next human, else any seat."""
        state = self.session.state
        acting = state.current_actor()
        humans = self.humans()
        if acting in humans:
            return acting  # type: ignore[return-value]
        return humans[0] if humans else state.seats[0]

    def turn_started(self) -> bool:
        """True once when a new turn's first decision comes (for the all-bots board)."""
        turn = self.session.state.turn
        if turn != self.board_turn:
            self.board_turn = turn
            return True
        return False

    def catch_up(self, seat: str | None) -> None:
        """Print what happened since the last print: as ``seat`` saw it (its own decision),
        or the public copy of each event (bots, chance, Control). Repeats are counted."""
        entries = self.session.state.log_entries()
        self.printed = min(self.printed, len(entries))
        new, self.printed = entries[self.printed :], len(entries)
        last, count = "", 0
        lines: list[list[str]] = []
        for entry in new:
            shown = entry if (not entry.audience or seat in entry.audience) else entry.public()
            if shown is None:
                continue
            said = txt.log_line(self.session.rules, shown)
            key = "\n".join(said)
            if key == last and lines:
                count += 1
                lines[-1] = [*said[:-1], said[-1] + f" \u00d7{count}"]
                continue
            last, count = key, 1
            lines.append(said)
        for said in lines:
            self.say_lines(said)

    def say_lines(self, lines: list[str]) -> None:
        for line in lines:
            self.say(line)

    def clear(self) -> None:
        """Clear the screen and its scrollback before a hand-off (a rule on a pipe)."""
        if getattr(self.out, "isatty", lambda: False)():
            self.out.write("\033[H\033[2J\033[3J")
            self.out.flush()
        else:
            self.say("\n" + "=" * 60)

    def pass_screen(self, to: str, words: str = "") -> bool:
        """Clear the screen and wait for Enter alone; False at the end of input.

        Anything typed at the hand-off is not taken as a move: the next player has not seen
        the screen yet. It is refused aloud, so nobody thinks it was played."""
        self.clear()
        who = txt.name(self.session.rules, to)
        while True:
            line = self.ask(words or f"Pass the screen to {who}. Press Enter when only {who} is "
                            "looking: ")  # fmt: skip
            if line is None:
                return False
            if not line:
                return True
            self.say(f"  ('{line}' was not taken: the hand-off waits for Enter alone.)")

    def turn_of(self, seat: str) -> bool:
        """Let a human seat take one decision; False when the player quits."""
        humans = self.humans()
        if seat == CONTROL:
            humans.append(CONTROL)
        if self.handoff and len(humans) > 1 and seat != self.last_seat:
            if not self.pass_screen(seat):
                return self.quit()
            self.shown_board_for = None  # the screen is clear: show the position again
        self.last_seat = seat
        view = self.session.state.view_for(seat)
        key = (seat, view.turn, view.round)
        first = self.shown_board_for is None
        if first or (view.decision.kind == DecisionKind.CARD and self.shown_board_for != key):
            self.board(view)
            self.shown_board_for = key
        question = view.decision.question or view.prompt
        self.say(_fit(f"\n{txt.name(self.session.rules, seat)}: {question}"))
        for i, action in enumerate(listed(view), start=1):
            self.say(_fit(f"  {i:2}. {self.describe(action, view)}"))
        if view.decision.kind == DecisionKind.OPTION:  # the options closed now, and why
            for refusal in view.decision.refused:
                self.say_lines(txt.wrap(f"not now: {refusal.reason}", 10, "   --  "))
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
                self.say_lines(txt.log_line(self.session.rules, e))
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
        if not self.pass_screen(CONTROL):
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
        who = txt.name(self.session.rules, seat)
        if self.handoff and not self.pass_screen(
            seat, f"Pass the screen back to {who}. Press Enter when only they are looking: "
        ):
            return "quit"
        self.last_seat = seat
        self.shown_board_for = None
        self.printed = len(self.session.state.log_entries())  # Control's moves stay Control's
        return "done"

    def intervene(self, line: str) -> None:
        command, sep, reason = line.partition("--")
        if not sep or not reason.strip():
            self.say(
                "  every intervention needs a reason: e.g. 'adjust escalation:+1 -- "
                "the shelling of Ganja'"
            )
            return
        try:
            intervention = control_words.parse(self.session.state, command, self.session.rules)
            self.session.control(intervention, reason.strip())
        except (ActionError, control_words.ControlInputError) as exc:
            self.say(f"  not done: {exc}")
            return
        self.save_auto()
        self.catch_up(CONTROL)

    def injects(self) -> None:
        self.say_lines(control_words.inject_rows(self.session.state, self.session.rules))

    def decide(self, seat: str, line: str, view: View) -> str:
        action: Action | str = line
        if line.isdigit():
            n = int(line)
            if not 1 <= n <= len(view.legal):
                self.say(f"  choose a number from 1 to {len(view.legal)}, or type 'help'")
                return "again"
            action = listed(view)[n - 1]
        try:
            self.session.act(action, seat)
        except ActionError as exc:
            self.say(f"  not allowed: {exc}")
            self.say("  type a number from the list, or 'help'")
            return "again"
        self.save_auto()
        self.catch_up(seat)
        return "done"

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
        return txt.describe(self.session.rules, action, view)

    def hand(self, view: View) -> None:
        """Each card with what it does (its rules text), why its event is closed if it is,
        and its flavour text."""
        self.say(f"Your hand ({txt.name(self.session.rules, view.seat)}):")
        for cid in view.hand:
            self.say_lines(txt.card(self.session.rules, cid, view.event_notes.get(cid, "")))

    def card(self, wanted: str) -> None:
        """'card X': any card of the scenario, found by id or title."""
        rules = self.session.rules
        key = wanted.strip().lower()
        found = [c for c, k in rules.cards.items() if key in (c.lower(), k.title.lower())]
        if not found:
            found = [c for c, k in rules.cards.items() if key and key in k.title.lower()]
        if len(found) != 1:
            hint = did_you_mean(wanted.strip(), rules.cards) or "give a card's id or title"
            many = f"{len(found)} cards match" if found else f"no card '{wanted.strip()}'"
            self.say(f"  {many}; {hint}")
            return
        self.say_lines(txt.card(rules, found[0]))

    def objectives(self, view: View) -> None:
        self.say_lines(txt.objectives(self.session.rules, view))

    def board(self, view: View) -> None:
        rules = self.session.rules
        self.say("")
        self.say_lines(txt.board(rules, view))
        if view.seat == CONTROL:
            for seat, hand in view.hands.items():
                titles = ", ".join(rules.cards[c].title for c in hand) or "(empty)"
                self.say_lines(txt.wrap(titles, 6, f"{txt.name(rules, seat)}: "))
            if view.facts:
                facts = "; ".join(
                    f"{rules.arguments[a].title} ({txt.name(rules, s)})" for s, a in view.facts
                )
                self.say_lines(txt.wrap(facts, 6, "Established facts: "))
        else:
            status = {o.id: o for o in view.objectives}
            mine = [(oid, o) for oid, o in rules.objectives.items() if o.actor == view.seat]
            if mine:
                self.say("Your objectives ('objectives' says what each needs):")
                for oid, o in mine:
                    st = status.get(oid)
                    mark = "met" if st is not None and (st.holds or st.achieved) else "   "
                    when = o.scoring.replace("_", " ")
                    self.say(_fit(f"  [{mark}] {o.title} ({o.vp} VP, {when})"))
            self.hand(view)

    def game_over(self) -> None:
        rules = self.session.rules
        state = self.session.state
        result = state.result
        assert result is not None
        winners = ", ".join(txt.name(rules, w) for w in result.winners) or "nobody"
        self.say("\n=== Game over ===")
        self.say_lines(txt.wrap(f"{result.reason}. Result: {result.kind}; winners: {winners}", 2))
        for seat, vp in sorted(state.scores().items(), key=lambda kv: -kv[1]):
            self.say(f"  {txt.name(rules, seat):<24} {vp:>4} VP")


def listed(view: View) -> list[Action]:
    """The options in the order they are numbered: numbers as numbers (odds 2, 3 … 12)."""

    def key(a: Action) -> tuple[str, int, str]:
        return (a.kind, int(a.arg), "") if a.arg.isdigit() else (a.kind, -1, a.arg)

    return sorted(view.legal, key=key)


def _fit(line: str) -> str:
    """A line cut to the terminal's width (an ellipsis shows the cut)."""
    return line if len(line) <= txt.WIDTH else line[: txt.WIDTH - 1] + "\u2026"
