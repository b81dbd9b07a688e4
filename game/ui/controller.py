"""The table: who sits where, whose eyes are on the screen, bots, autosave and undo.

This is the board's counterpart of the terminal game's loop (game/terminal.py),
without pygame so it can be tested on its own. It decides nothing about the
rules: actions come from ``view.legal`` (people) or a bot's ``choose(view)``,
and the session applies them. What it does decide is etiquette: whose view
is shown, when the screen must be covered for a hand-off, and when to save.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, Protocol

import attrs

from game.ai.random_bot import RandomBot
from game.ai.registry import make_bot
from game.engine import CHANCE, CONTROL, Action, IllegalAction, View
from game.engine.choices import Decision, decision_of
from game.engine.control import Intervention
from game.engine.explain import what, who_does
from game.engine.status import objective_status
from game.render.logwords import entry_words
from game.ruleset.model import Ruleset
from game.session import storage
from game.session.journal import Journal
from game.session.record import SeatConfig
from game.session.replay import resume
from game.session.session import Session, UndoRefused


class Bot(Protocol):
    """Anything that picks an action from a seat's view (RandomBot, later smarter ones)."""

    def choose(self, view: View) -> Action: ...


@attrs.frozen
class Move:
    """A decision just taken, for the board to highlight and the activity list to show."""

    seat: str
    action: Action
    text: str
    """What it did in words, after the actor ('targets Stepanakert with 'Build influence' for
    1 point(s)'): the board puts the actor's symbol and name first."""
    by_bot: bool
    region: str | None = None
    """The region it acted on (target actions), for the highlight."""


def now() -> str:
    return datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")


def make_bots(
    seats: tuple[SeatConfig, ...], seed: int, rules: Ruleset | None = None
) -> dict[str, Bot]:
    """Bots for the bot seats of a game (the same seeds as the terminal game uses)."""
    out: dict[str, Bot] = {}
    for i, s in enumerate(s for s in seats if s.kind == "bot"):
        kind = s.bot or "random"
        if kind == "random" or rules is None:
            out[s.seat] = RandomBot(seed * 31 + i)
        else:
            difficulty = str(s.settings.get("difficulty", "normal"))
            out[s.seat] = make_bot(kind, s.seat, rules, difficulty, seed * 31 + i)
    return out


class Table:
    """One game at the screen: the session plus the hotseat etiquette around it.

    In a seminar game (``session.state.control``) the Control cell is one more
    person at the table: it takes the screen through its own hand-off when
    someone presses the Control button or when the engine waits on it, and it
    may pause the game (no seat or bot moves until it resumes).
    """

    def __init__(
        self,
        session: Session,
        bots: Mapping[str, Bot],
        *,
        autosave: Path | None = None,
        handoff: bool = True,
    ):
        self.session = session
        self.bots = dict(bots)
        self.autosave = autosave
        self.handoff = handoff
        self.humans = tuple(s for s in session.state.seats if s not in self.bots)
        self.control = bool(session.state.control)
        """A seminar game: Control is a person at the table, with its own hand-off."""
        self.people = (*self.humans, CONTROL) if self.control else self.humans
        """Everyone who takes the screen: the human seats, and Control in a seminar game."""
        alone = self.people[0] if len(self.people) == 1 else None
        self.viewer: str = alone or CONTROL
        """Whose view is on screen: the person at the screen (CONTROL when only bots play)."""
        self.revealed_for: str | None = alone
        """The person who has uncovered the screen; others must pass the cover first."""
        self.control_requested = False
        """Someone pressed the Control button: the screen goes to Control until it hands back."""
        self.passed_to: str | None = None
        """Whom the person at the screen last passed it to ('Done — pass the screen')."""
        self._decision: tuple[tuple[object, str], Decision] | None = None
        self.paused = False
        """Control paused the game: no seat or bot moves, the timer stands still."""
        self.warning: str | None = None
        """The last problem worth telling the players (a failed autosave)."""

    @classmethod
    def new(
        cls,
        rules: Ruleset,
        seats: tuple[SeatConfig, ...],
        seed: int,
        *,
        autosave: Path | None = None,
        handoff: bool = True,
        clock: Callable[[], str] = now,
        control: bool = False,
        journal: Path | None = None,
    ) -> Table:
        """A new game; ``control`` adds a Control cell, ``journal`` the session log's path."""
        session = Session(rules, seats, seed=seed, clock=clock, control=control)
        if journal is not None:
            session.attach_journal(Journal(journal))
        table = cls(session, make_bots(seats, seed, rules), autosave=autosave, handoff=handoff)
        table.save_auto()
        return table

    @classmethod
    def load(
        cls,
        rules: Ruleset,
        path: str | Path,
        *,
        autosave: Path | None = None,
        handoff: bool = True,
        clock: Callable[[], str] = now,
        journal: Path | None = None,
    ) -> Table:
        """Continue a saved game; raises storage.SaveError with a clear message.

        ``journal`` is used for a seminar game's session log (a new file gets the
        game so far first).
        """
        record = storage.load(path)
        session = resume(record, rules, str(path), clock=clock)
        if journal is not None and record.control:
            session.attach_journal(Journal(journal))
        return cls(
            session, make_bots(record.seats, record.seed, rules), autosave=autosave, handoff=handoff
        )

    def branch(self, step: int, *, rewind: bool = False, journal: Path | None = None) -> Table:
        """A new table playing on from ``step`` of this game (same seats, bots and settings).

        ``rewind``: Control takes the live game back; the session log goes on in
        the same file with a branch entry, so it reconstructs the game as now
        played. Otherwise the branch is a new session, with a new log at ``journal``.
        """
        new = self.session.branch(step)
        old = self.session.journal
        if rewind and old is not None:
            old.append({"kind": "branch", "step": step, "at": self.session.clock(), "by": CONTROL})
            new.journal = old
        elif journal is not None and new.record.control:
            new.attach_journal(Journal(journal))
        while not new.state.is_over() and new.state.current_actor() == CHANCE:
            new.act(new.state.sample_chance())  # the seeded outcome the game had at this step
        table = Table(
            new,
            make_bots(new.record.seats, new.record.seed, new.rules),
            autosave=self.autosave,
            handoff=self.handoff,
        )
        table.save_auto()
        return table

    def poll(self) -> list[str]:
        """News from outside the screen, once a frame: nothing here (a networked table reads
        its connection; see game.net.remote_board)."""
        return []

    # -- who acts, who looks ---------------------------------------------------------------
    @property
    def rules(self) -> Ruleset:
        return self.session.rules

    @property
    def acting(self) -> str | None:
        state = self.session.state
        return None if state.is_over() else state.current_actor()

    def is_over(self) -> bool:
        return self.session.state.is_over()

    def bot_to_move(self) -> bool:
        return self.acting in self.bots

    def seat_name(self, seat: str | None) -> str:
        if seat == CONTROL:
            return "Control"
        actor = self.rules.actors.get(seat or "")
        return actor.name if actor else (seat or "nobody")

    def holder(self) -> str | None:
        """Who should hold the screen now: Control, the acting human seat, or None (a bot)."""
        if self.control and (self.control_requested or self.acting == CONTROL):
            return CONTROL
        seat = self.acting
        if seat is None or seat in self.bots or seat in (CONTROL, CHANCE):
            return None
        return seat

    def needs_cover(self) -> bool:
        """True when a person must take the screen before anything of theirs is shown.

        Only with more than one person at the table (and hand-off on): the person
        who should hold the screen differs from the one who last uncovered it.
        """
        who = self.holder()
        if not self.handoff or len(self.people) < 2 or who is None:
            return False
        return who != self.revealed_for and not self.pass_pending()

    def pass_pending(self) -> bool:
        """The person at the screen is done and someone else is next: the board stays, with
        the outcome in view, until they press 'Done — pass the screen' (the cover follows).
        Control's own button and the start of the game cover at once."""
        who = self.holder()
        if not self.handoff or len(self.people) < 2 or who in (None, CONTROL):
            return False
        if self.viewer == CONTROL:  # Control hands back with its own button: no second step
            return False
        return (
            who != self.revealed_for
            and self.revealed_for is not None
            and self.viewer == self.revealed_for
            and self.passed_to != who
        )

    def pass_screen(self) -> None:
        """'Done — pass the screen': the cover for the next person comes down."""
        self.passed_to = self.holder()

    def reveal(self) -> None:
        """The person named on the cover clicked (or no cover is needed): show their view."""
        who = self.holder()
        if who is not None:
            self.revealed_for = who
            self.viewer = who

    def control_at_screen(self) -> bool:
        """Is the Control panel to be shown (Control holds the uncovered screen)?"""
        return self.control and self.holder() == CONTROL and self.viewer == CONTROL

    def request_control(self) -> None:
        """The Control button: the screen goes to Control (through its cover)."""
        if self.control:
            self.control_requested = True

    def release_control(self) -> str | None:
        """Control hands the screen back; None, or why it cannot yet."""
        if self.acting == CONTROL:
            return "An argument waits for Control's ruling first."
        self.control_requested = False
        return None

    def view(self) -> View:
        """The view on screen: the viewer's (the app shows none of it while covered)."""
        return self.session.state.view_for(self.viewer)

    # -- deciding ---------------------------------------------------------------------------
    def act(self, action: Action, *, text: str = "", reason: str = "") -> Move:
        """Apply the decision of the person at the screen; raises IllegalAction.

        ``text`` and ``reason`` carry a matrix argument's words, or Control's
        reasons for a ruling on one.
        """
        seat = self.acting
        if seat is None or seat in self.bots or self.needs_cover():
            raise IllegalAction("it is not a human player's decision now")
        if seat != self.viewer:
            raise IllegalAction(f"it is {self.seat_name(seat)}'s decision, not the screen's")
        if self.paused and seat != CONTROL:
            raise IllegalAction("the game is paused by Control")
        return self._apply(seat, action, by_bot=False, text=text, reason=reason)

    def decide_for(self, action: Action, why: str) -> Move:
        """Take ``action`` for the acting seat when its time ran out (recorded as a note)."""
        seat = self.acting
        if seat is None or seat == CONTROL or seat in self.bots:
            raise IllegalAction("no seat is waiting")
        move = self._apply(seat, action, by_bot=False)
        self.session.annotate(CONTROL, why, tag="timer", step=len(self.session.record.steps))
        self.save_auto()
        return move

    def intervene(self, command: Intervention | str, reason: str) -> list[str]:
        """A Control intervention with its reason; returns what the log says it did.

        Raises ActionError (an empty reason, a bad value, an inject already fired).
        """
        if not self.control:
            raise IllegalAction("this game has no Control cell")
        if not reason.strip():
            raise IllegalAction("give a reason: every intervention is recorded with its reason")
        before = len(self.session.state.log_entries())
        self.session.control(command, reason)
        self.save_auto()
        return [entry_words(self.rules, e) for e in self.session.state.log_entries()[before:]]

    def annotate(self, author: str, text: str, tag: str = "", step: int | None = None) -> None:
        """A note on a step (Control's, an observer's), kept in the record and the log."""
        self.session.annotate(author, text.strip(), tag=tag.strip(), step=step)
        self.save_auto()

    def bot_step(self) -> Move | None:
        """Let the acting bot take one decision; None if no bot is to move."""
        seat = self.acting
        if seat is None or seat not in self.bots:
            return None
        action = self.bots[seat].choose(self.session.state.view_for(seat))
        return self._apply(seat, action, by_bot=True)

    def _apply(
        self, seat: str, action: Action, by_bot: bool, text: str = "", reason: str = ""
    ) -> Move:
        said = self._words(action)
        self.session.act(action, seat, text=text, reason=reason)
        self.save_auto()
        region = action.arg if action.kind == "target" else None
        return Move(seat, action, said, by_bot, region)

    def _words(self, action: Action) -> str:
        """A decision in words for the 'last move' line (arguments and rulings by name)."""
        arg = self.rules.arguments.get(action.arg)
        if action.kind == "argue" and arg is not None:
            return f"argues: {arg.title}"
        if action.kind == "vote":
            return f"votes {action.arg}"
        if action.kind in ("approve", "deny"):
            return f"{action.kind}s the argument"
        if action.kind == "odds":
            return f"sets the odds: {action.arg}+ on two dice"
        return who_does(self.session.state, action)[1]

    def undo(self) -> str:
        """Take back the viewer's last decision; returns what happened, in words."""
        seat = self.viewer if self.viewer != CONTROL else None
        try:
            self.session.undo(seat)
        except UndoRefused as exc:
            return f"Cannot undo: {exc}"
        self.save_auto()
        return "Undone."

    # -- files ------------------------------------------------------------------------------
    def save(self, path: str | Path) -> str:
        try:
            written = storage.save(self.session.record, path)
        except OSError as exc:
            return f"Could not save to {path}: {exc.strerror or exc}"
        return f"Saved to {written}"

    def save_auto(self) -> None:
        if self.autosave is None:
            return
        try:
            storage.save(self.session.record, self.autosave)
            self.warning = None
        except OSError as exc:  # never stop the game over a full disk: say so
            self.warning = f"Autosave failed ({exc.strerror or exc}); use Save."

    def decision(self) -> Decision:
        """The decision at hand, as the screen's viewer sees it (the engine's own data); kept
        until the state or the viewer changes (the screen asks every frame)."""
        key = (self.session.state, self.viewer)
        if self._decision is None or self._decision[0] != key:
            self._decision = (key, decision_of(self.session.state, self.viewer))
        return self._decision[1]

    def explain(self, action: Action) -> str:
        """What a legal action would do, in the engine's words (for tooltips)."""
        return what(self.session.state, action)

    def objectives_met(self) -> dict[str, bool]:
        """Which objectives hold now, or (`once` objectives) have scored: public to everyone."""
        return {o.id: o.holds or o.achieved for o in objective_status(self.session.state)}

    def scores(self) -> dict[str, int]:
        return dict(self.session.state.scores())

    def info(self) -> dict[str, Any]:
        """A few facts for the status line and tests."""
        return {
            "steps": len(self.session.record.steps),
            "acting": self.acting,
            "viewer": self.viewer,
            "humans": self.humans,
        }
