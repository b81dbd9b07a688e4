"""Every state of a game, in order, some of them made only when first asked for.

A session keeps the state after each step: undo goes back to one, a branch
starts from one, the replay view and the report read them. A game being played
makes each state anyway. A game being loaded does not have to: its steps are
checked and applied in runs on one working copy (issue 17: making and keeping a
State at every step was a fifth of a load), and only some states are made, at
least one every :data:`KEYFRAME_EVERY` steps (every checkpoint, the last
state, the states around a Control intervention). Any other state is made from
the nearest one before it when it is first read, by applying the steps between
again, unchecked (they were checked at load), and is kept from then on.

So a :class:`History` reads as the list of every state it stands for: the same
states, the same digests, whichever were made at load.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import overload

from game.engine import Action, State
from game.session.record import CHECKPOINT_EVERY

KEYFRAME_EVERY = CHECKPOINT_EVERY
"""The most steps between two states a load makes (the checkpoint spacing): reading any
other state costs at most this many steps applied again."""

Recipe = tuple[Action, bool, str]
"""How a state not made yet follows from the one before: (action, a Control
intervention?, the intervention's reason)."""


class History(Sequence[State]):
    """The states of a game, from the start: ``history[i]`` is the state after step ``i``."""

    __slots__ = ("_recipes", "_states")

    def __init__(self, states: Iterable[State] = ()) -> None:
        self._states: list[State | None] = list(states)
        self._recipes: list[Recipe | None] = [None] * len(self._states)

    def append(self, state: State) -> None:
        """Add the state after the next step."""
        self._states.append(state)
        self._recipes.append(None)

    def append_later(self, action: Action, control: bool = False, reason: str = "") -> None:
        """Stand for the state after the next step, ``action`` (checked already), made when
        first read. The history must not be empty."""
        if not self._states:
            raise ValueError("a history starts with a state")
        self._states.append(None)
        self._recipes.append((action, control, reason))

    def extend_later(self, actions: Sequence[Action]) -> None:
        """Stand for the states after the next steps, ``actions`` (checked already, none a
        Control intervention), each made when first read. The history must not be empty."""
        if not self._states:
            raise ValueError("a history starts with a state")
        self._states += [None] * len(actions)
        self._recipes += [(a, False, "") for a in actions]

    def set_made(self, i: int, state: State) -> None:
        """Keep ``state``, made elsewhere, as the state after step ``i`` (which this history
        stands for)."""
        self._states[i] = state
        self._recipes[i] = None

    def is_made(self, i: int) -> bool:
        """Is the state after step ``i`` made yet (no step to apply to read it)?"""
        return self._states[i] is not None

    def __len__(self) -> int:
        return len(self._states)

    @overload
    def __getitem__(self, i: int) -> State: ...
    @overload
    def __getitem__(self, i: slice) -> History: ...
    def __getitem__(self, i: int | slice) -> State | History:
        if isinstance(i, slice):
            start, stop, stride = i.indices(len(self._states))
            if stride != 1:
                return History(self[k] for k in range(start, stop, stride))
            part = History()
            if start < stop:
                self[start]  # the first state of a part is made: the rest follow from it
                part._states = self._states[start:stop]
                part._recipes = self._recipes[start:stop]
            return part
        state = self._states[i]
        return state if state is not None else self._make(i)

    def __setitem__(self, i: int, state: State) -> None:
        self.set_made(i, state)

    def __delitem__(self, i: slice) -> None:
        """Forget the states from ``i.start`` on (undo); only the end may be cut off."""
        start, stop, stride = i.indices(len(self._states))
        if stride != 1 or stop < len(self._states):
            raise TypeError("a history is cut only at its end (del history[k:])")
        del self._states[start:], self._recipes[start:]

    def __iter__(self) -> Iterator[State]:
        for k in range(len(self._states)):
            yield self[k]

    def __repr__(self) -> str:
        made = sum(s is not None for s in self._states)
        return f"<History of {len(self._states)} states, {made} made>"

    def _make(self, i: int) -> State:
        """Make the state at ``i`` (as an index, possibly negative) and those between it and
        the nearest made one before it, keeping each."""
        i = range(len(self._states))[i]  # a negative index counted from the end; IndexError
        states, recipes = self._states, self._recipes
        made = i
        while states[made] is None:
            made -= 1
        state = states[made]
        assert state is not None  # the first state is always made
        for k in range(made + 1, i + 1):
            recipe = recipes[k]
            assert recipe is not None  # a state not made has its step
            action, control, reason = recipe
            if control:
                state = state.apply_control(action, reason)
            else:
                state = state.apply_unchecked(action)
            states[k], recipes[k] = state, None
        return state


def as_history(states: Sequence[State]) -> History:
    """``states`` as a History (itself, when it is one)."""
    return states if isinstance(states, History) else History(states)
