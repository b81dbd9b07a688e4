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
from game.engine import CONTROL, Action, IllegalAction, View
from game.engine.explain import explain
from game.engine.scoring import objective_met
from game.ruleset.model import Ruleset
from game.session import storage
from game.session.record import SeatConfig
from game.session.replay import resume
from game.session.session import Session, UndoRefused


class Bot(Protocol):
    """Anything that picks an action from a seat's view (RandomBot, later smarter ones)."""

    def choose(self, view: View) -> Action: ...


@attrs.frozen
class Decision:
    """Public facts about the decision at hand that the view does not carry (yet).

    Read from the top of the engine's decision stack by attribute name only,
    for labels ('Use 3 operation points', the options' words); no rule is
    evaluated here.
    """

    card: str | None = None
    """The card being played."""
    points: int | None = None
    """Operation points left."""
    op: str | None = None
    """The operation whose target is being chosen."""
    options: tuple[tuple[str, str], ...] = ()
    """(key, words) of the options offered."""


@attrs.frozen
class Move:
    """A decision just taken, for the board to highlight and the activity list to show."""

    seat: str
    action: Action
    text: str
    """In words, e.g. 'russia targets Stepanakert with Build influence for 1 point(s)'."""
    by_bot: bool
    region: str | None = None
    """The region it acted on (target actions), for the highlight."""


def now() -> str:
    return datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")


def make_bots(seats: tuple[SeatConfig, ...], seed: int) -> dict[str, Bot]:
    """Bots for the bot seats of a game (the same seeds as the terminal game uses)."""
    return {
        s.seat: RandomBot(seed * 31 + i) for i, s in enumerate(s for s in seats if s.kind == "bot")
    }


class Table:
    """One game at the screen: the session plus the hotseat etiquette around it."""

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
        self.viewer: str = self.humans[0] if len(self.humans) == 1 else CONTROL
        """Whose view is on screen: the human at the screen (CONTROL when only bots play)."""
        self.revealed_for: str | None = self.humans[0] if len(self.humans) == 1 else None
        """The human seat that has uncovered the screen; others must pass the cover first."""
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
    ) -> Table:
        session = Session(rules, seats, seed=seed, clock=clock)
        table = cls(session, make_bots(seats, seed), autosave=autosave, handoff=handoff)
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
    ) -> Table:
        """Continue a saved game; raises storage.SaveError with a clear message."""
        record = storage.load(path)
        session = resume(record, rules, str(path), clock=clock)
        return cls(
            session, make_bots(record.seats, record.seed), autosave=autosave, handoff=handoff
        )

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

    def needs_cover(self) -> bool:
        """True when a human must take the screen before anything of theirs is shown.

        Only with more than one human (and hand-off on): the acting human seat
        differs from the one who last uncovered the screen.
        """
        seat = self.acting
        if not self.handoff or len(self.humans) < 2 or seat is None or seat in self.bots:
            return False
        return seat != self.revealed_for

    def reveal(self) -> None:
        """The player named on the cover clicked: show their view."""
        seat = self.acting
        if seat is not None and seat not in self.bots:
            self.revealed_for = seat
            self.viewer = seat

    def view(self) -> View:
        """The view on screen: the viewer's (the app shows none of it while covered)."""
        return self.session.state.view_for(self.viewer)

    # -- deciding ---------------------------------------------------------------------------
    def act(self, action: Action) -> Move:
        """Apply a human's decision (one of ``view().legal``); raises IllegalAction."""
        seat = self.acting
        if seat is None or seat in self.bots or self.needs_cover():
            raise IllegalAction("it is not a human player's decision now")
        return self._apply(seat, action, by_bot=False)

    def bot_step(self) -> Move | None:
        """Let the acting bot take one decision; None if no bot is to move."""
        seat = self.acting
        if seat is None or seat not in self.bots:
            return None
        action = self.bots[seat].choose(self.session.state.view_for(seat))
        return self._apply(seat, action, by_bot=True)

    def _apply(self, seat: str, action: Action, by_bot: bool) -> Move:
        state = self.session.state
        words = explain(state, action)
        text = words.split(": ", 1)[1] if ": " in words else words
        self.session.act(action, seat)
        self.save_auto()
        region = action.arg if action.kind == "target" else None
        return Move(seat, action, text, by_bot, region)

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
        stack = self.session.state.stack
        top = stack[-1] if stack else None
        options = tuple(
            (str(key), str(getattr(opt, "text", "") or key))
            for key, opt in getattr(top, "options", ()) or ()
        )
        points = getattr(top, "points", None)
        return Decision(
            card=getattr(top, "card", None),
            points=points if isinstance(points, int) else None,
            op=getattr(top, "op", None),
            options=options,
        )

    def explain(self, action: Action) -> str:
        """What a legal action would do, in the engine's words (for tooltips)."""
        words = explain(self.session.state, action)
        return words.split(": ", 1)[1] if ": " in words else words

    def objectives_met(self) -> dict[str, bool]:
        """Which objectives hold now, or (`once` objectives) have scored: public to everyone."""
        state = self.session.state
        return {
            oid: oid in state.scored or objective_met(state, oid) for oid in self.rules.objectives
        }

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
