"""The record of a game: everything needed to rebuild it, and nothing that can be derived.

A game is its ruleset (id, version, content digest), its seed, its seats and the
list of actions taken. States are rebuilt by replaying; digests of the state at
checkpoints catch any divergence (a changed ruleset, a tampered file).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Literal

import attrs
import cattrs

from game.engine.fastmake import maker

RECORD_FORMAT = 1
CHECKPOINT_EVERY = 25
SEED_MIN, SEED_MAX = -(2**63), 2**63 - 1
"""The seeds a game may have: a 64-bit whole number (a save holding another is damaged)."""


BOT_KINDS = ("random", "heuristic", "ismcts")
"""The kinds of bot a seat may name (game.ai.registry makes them; a save names them)."""


@attrs.frozen
class SeatConfig:
    """Who plays a seat."""

    seat: str
    kind: Literal["human", "bot"] = "human"
    bot: str = ""
    """The bot's name (``random``, ``heuristic``, ...), for bot seats."""
    settings: dict[str, Any] = attrs.field(factory=dict)
    """The bot's settings (difficulty, budget)."""


@attrs.frozen(weakref_slot=False)
class Step:
    """One applied action."""

    action: str
    """The action's string form."""
    actor: str
    """Who took it: a seat, ``chance`` or ``control``."""
    at: str = ""
    """When, as an ISO 8601 timestamp (informational; replay ignores it)."""
    reason: str = ""
    """Why: required for Control's interventions, and a matrix argument's reasons."""
    text: str = ""
    """A matrix argument's case in the seat's own words."""


@attrs.frozen
class Annotation:
    """A note attached to a step: Control's remarks, an analyst's tag."""

    step: int
    author: str
    text: str
    at: str = ""
    tag: str = ""
    """An analyst's label for the step ('turning point', 'friction', ...)."""


@attrs.frozen
class Record:
    """A saved game."""

    ruleset_id: str
    ruleset_version: str
    ruleset_digest: str
    seed: int
    seats: tuple[SeatConfig, ...]
    steps: tuple[Step, ...] = ()
    checkpoints: dict[int, str] = attrs.field(factory=dict)
    """Step count -> state digest after that many steps (0 is the start)."""
    annotations: tuple[Annotation, ...] = ()
    format: int = RECORD_FORMAT
    app: str = "near-abroad"
    control: bool = False
    """Did a Control cell take part (seminar play)?"""
    mods: tuple[str, ...] = ()
    """The mods the game was played with ('id version'), in load order."""

    @property
    def seat_ids(self) -> tuple[str, ...]:
        return tuple(s.seat for s in self.seats)


def make_converter() -> cattrs.Converter:
    """A cattrs converter that refuses unknown keys, so foreign files fail loudly."""
    return cattrs.Converter(forbid_extra_keys=True)


CONVERTER = make_converter()

_GENERIC_STEPS: Callable[[Any, Any], tuple[Step, ...]] = CONVERTER.get_structure_hook(
    tuple[Step, ...]
)
_STEP_FIELDS = ("action", "actor", "at", "reason", "text")


def _step_maker() -> Callable[[str, str, str, str, str], Step] | None:
    """fastmake's maker of Steps, or None when Step's ``__init__`` does more than store its
    five fields (then every save is read cattrs' way)."""
    if tuple(f.name for f in attrs.fields(Step)) != _STEP_FIELDS:
        return None
    try:
        return maker(Step)
    except TypeError:
        return None


_MAKE_STEP = _step_maker()


def _structure_steps(data: Any, kind: Any) -> tuple[Step, ...]:
    """A save's steps, the bulk of a save: each a dict of its five texts, as the game writes
    them, is made into a Step by game.engine.fastmake's maker (plain stores into a twin of
    the class, then made a Step).

    cattrs' generated code and a frozen class's ``__init__`` (one ``object.__setattr__``
    per field) cost 18,000 instructions a step, a tenth of loading a save (issue 17).
    Step has no validators, converters or post-init for it to skip (the maker refuses a
    class that has: then this is not used). Anything else, such as a missing field, an
    unknown one or a number where text belongs, goes cattrs' way, with cattrs'
    conversions and error messages."""
    make = _MAKE_STEP
    if type(data) is not list or make is None:
        return _GENERIC_STEPS(data, kind)
    out = []
    for d in data:
        if type(d) is not dict or len(d) != 5:
            return _GENERIC_STEPS(data, kind)
        try:
            action, actor, at, reason, text = (
                d["action"], d["actor"], d["at"], d["reason"], d["text"]
            )  # fmt: skip
        except KeyError:
            return _GENERIC_STEPS(data, kind)
        if not (type(action) is type(actor) is type(at) is type(reason) is type(text) is str):
            return _GENERIC_STEPS(data, kind)
        out.append(make(action, actor, at, reason, text))
    return tuple(out)


if _MAKE_STEP is not None:
    CONVERTER.register_structure_hook_func(lambda t: t == tuple[Step, ...], _structure_steps)


def to_data(record: Record) -> dict[str, Any]:
    data: dict[str, Any] = CONVERTER.unstructure(record)
    data["checkpoints"] = {str(k): v for k, v in sorted(record.checkpoints.items())}
    # Put the identifying fields first so a person opening the file sees what it is.
    order = [
        "app",
        "format",
        "ruleset_id",
        "ruleset_version",
        "ruleset_digest",
        "seed",
        "control",
        "mods",
        "seats",
        "checkpoints",
        "annotations",
        "steps",
    ]
    return {**{k: data[k] for k in order}, **{k: v for k, v in data.items() if k not in order}}


def from_data(data: Any) -> Record:
    """Structure a record; raises cattrs errors (callers turn them into messages)."""
    return CONVERTER.structure(data, Record)
