"""A scenario as an OpenSpiel game, so OpenSpiel's algorithms and tests can play it.

This is a shell around the engine (the ``openspiel`` extra): the engine never
imports pyspiel, this module does. ``register(rules)`` registers a ruleset as a
pyspiel Python game (sequential, explicit chance, imperfect information,
general sum, terminal rewards) and returns its short name; ``load_game(rules)``
registers it and loads it.

Action ids come from two fixed tables built from the ruleset: every decision a
seat could ever face (``play <card>``, ``event``, ``ops``, ``op <id>``,
``target <region>``, ``option <key>``, ``done``, ``pass``) and every chance
outcome (``draw <card>``, ``discard <card>``, ``roll <n>``), each sorted by its
string form, so an id means the same action in every state of every game of
that ruleset and the engine's sorted legal actions map to sorted ids.

What a player observes is rendered from ``view_for(seat)``, the engine's one
function that strips other seats' secrets; the record of moves in an
information state shows other seats' draws only as "<seat> draws a card".

Clone and serialization: OpenSpiel deep-copies (clone) and pickles
(serialize) the Python attributes of a state. Engine states are immutable, so a
copy shares them; a pickle holds the short name, the seed and the actions'
strings, and loading replays them from the first state (the engine is
deterministic given its actions), so a game can be restored in any process
where the same ruleset was registered.
"""

from __future__ import annotations

import builtins
import re
from typing import Any

import attrs
import pyspiel

from game.engine import CHANCE, CONTROL, Action, ActionKind, State, View, new_game, parse_action
from game.engine.choices import decision_of
from game.integrations.openspiel_tables import action_tables, length_bounds
from game.ruleset.model import Ruleset

__all__ = [
    "NearAbroadGame",
    "NearAbroadObserver",
    "NearAbroadState",
    "action_tables",
    "length_bounds",
    "load_game",
    "register",
    "short_name_of",
]

_SPECS: dict[str, _Spec] = {}
"""Registered rulesets by short name: pyspiel's game factory and unpickling look here."""


def short_name_of(rules: Ruleset) -> str:
    """The default short name: ``near_abroad_<id>`` with every other character as ``_``."""
    return "near_abroad_" + re.sub(r"[^0-9A-Za-z_]", "_", rules.id)


def _spec_named(name: str) -> _Spec:
    if name not in _SPECS:
        raise ValueError(f"no Near Abroad ruleset is registered as '{name}': call register()")
    return _SPECS[name]


class _Spec:
    """A ruleset registered under a short name, with its action tables and bounds."""

    def __init__(self, rules: Ruleset, name: str):
        self.rules, self.name, self.seats = rules, name, tuple(rules.seats)
        self.seat_index = {s: i for i, s in enumerate(self.seats)}
        self.decisions, self.chances = action_tables(rules)
        self.decision_actions = tuple(parse_action(a) for a in self.decisions)
        self.chance_actions = tuple(parse_action(a) for a in self.chances)
        self.decision_ids = {a: i for i, a in enumerate(self.decision_actions)}
        self.chance_ids = {a: i for i, a in enumerate(self.chance_actions)}
        self.max_game_length, self.max_chance_nodes = length_bounds(rules)
        self.game_type = pyspiel.GameType(
            short_name=name,
            long_name=f"Near Abroad: {rules.manifest.title}",
            dynamics=pyspiel.GameType.Dynamics.SEQUENTIAL,
            chance_mode=pyspiel.GameType.ChanceMode.EXPLICIT_STOCHASTIC,
            information=pyspiel.GameType.Information.IMPERFECT_INFORMATION,
            utility=pyspiel.GameType.Utility.GENERAL_SUM,
            reward_model=pyspiel.GameType.RewardModel.TERMINAL,
            max_num_players=len(self.seats),
            min_num_players=len(self.seats),
            provides_information_state_string=True,
            provides_information_state_tensor=False,
            provides_observation_string=True,
            provides_observation_tensor=False,
            parameter_specification={"seed": 0},
        )
        self.game_info = pyspiel.GameInfo(
            num_distinct_actions=len(self.decisions),
            max_chance_outcomes=len(self.chances),
            num_players=len(self.seats),
            min_utility=0.0,
            max_utility=1.0,
            utility_sum=None,
            max_game_length=self.max_game_length,
        )

    def __deepcopy__(self, memo: dict[int, Any]) -> _Spec:
        return self  # shared by every state of the ruleset, never changed

    def __reduce__(self) -> tuple[Any, ...]:
        return (_spec_named, (self.name,))


@attrs.frozen
class _Move:
    """One applied action as the record of moves shows it."""

    actor: str
    """The seat that chose it, or ``chance``."""
    text: str
    """The action's string form (what a replay applies)."""
    private_to: str | None = None
    """For a draw: the seat whose hand the card went to; only it reads ``private``."""
    private: str = ""
    public: str = ""


class _Node:
    """An engine state with the moves that led to it: immutable, so copies share it."""

    __slots__ = ("moves", "seed", "spec", "state", "strings")

    def __init__(self, spec: _Spec, state: State, moves: tuple[_Move, Any] | None, seed: int):
        self.spec, self.state, self.moves, self.seed = spec, state, moves, seed
        self.strings: dict[tuple[object, ...], str] = {}
        """Rendered strings of this position (OpenSpiel asks for each several times)."""

    def move_list(self) -> list[_Move]:
        out, node = [], self.moves
        while node is not None:
            out.append(node[0])
            node = node[1]
        out.reverse()
        return out

    def __deepcopy__(self, memo: dict[int, Any]) -> _Node:
        return self

    def __reduce__(self) -> tuple[Any, ...]:
        return (_replay, (self.spec.name, self.seed, tuple(m.text for m in self.move_list())))


def _start(spec: _Spec, seed: int) -> _Node:
    return _Node(spec, new_game(spec.rules, seed=seed), None, seed)


def _step(node: _Node, action: Action) -> _Node:
    s = node.state
    actor = s.current_actor()
    assert actor is not None, "the game is over"
    move = _Move(actor, str(action))
    if actor == CHANCE and action.kind == ActionKind.DRAW:
        seat = decision_of(s, CONTROL, detail=False).chance_for
        if seat is not None:
            move = _Move(
                actor,
                str(action),
                seat,
                f"{seat} draws {action.arg}",
                f"{seat} draws a card",
            )
    return _Node(node.spec, s.apply(action), (move, node.moves), node.seed)


def _replay(name: str, seed: int, actions: tuple[str, ...]) -> _Node:
    node = _start(_spec_named(name), seed)
    for text in actions:
        node = _step(node, parse_action(text))
    return node


# -- the pyspiel game and state --------------------------------------------------------------
class NearAbroadGame(pyspiel.Game):  # type: ignore[misc]
    """A registered scenario as a pyspiel game; parameter ``seed`` (default 0) seeds the
    engine state (it matters only to the engine's own sampling: OpenSpiel picks chance)."""

    registered_spec: _Spec | None = None
    """Set on the class registered for each ruleset (see :func:`register`)."""

    def __init__(self, params: dict[str, Any] | None = None, spec: _Spec | None = None):
        spec = spec or self.registered_spec
        if spec is None:
            raise ValueError("load a registered game: register(rules), then load_game(rules)")
        params = dict(params or {})
        params.setdefault("seed", 0)
        super().__init__(spec.game_type, spec.game_info, params)
        self.spec = spec
        self.seed = int(params["seed"])
        self.initial = _start(spec, self.seed)
        """The first position, shared by every new state (it is immutable): clone() creates
        a new state before copying attributes into it, so this keeps that cheap."""

    @property
    def rules(self) -> Ruleset:
        return self.spec.rules

    def new_initial_state(self) -> NearAbroadState:
        return NearAbroadState(self)

    def max_chance_nodes_in_history(self) -> int:
        return self.spec.max_chance_nodes

    def make_py_observer(
        self, iig_obs_type: Any = None, params: dict[str, Any] | None = None
    ) -> NearAbroadObserver:
        return NearAbroadObserver(
            iig_obs_type or pyspiel.IIGObservationType(perfect_recall=False), params
        )


class NearAbroadState(pyspiel.State):  # type: ignore[misc]
    """A game position: the engine state, its moves, and the mapping to action ids."""

    def __init__(self, game: NearAbroadGame):
        super().__init__(game)
        self._spec = game.spec
        self._node = game.initial

    @property
    def engine_state(self) -> State:
        """The engine's state (immutable): digest, views, scores."""
        return self._node.state

    def seat_of(self, player: int) -> str:
        return self._spec.seats[player]

    def action_id(self, action: Action | str) -> int:
        """The id of a decision or chance outcome (chance when this is a chance node)."""
        if isinstance(action, str):
            action = parse_action(action)
        ids = self._spec.chance_ids if action.is_chance else self._spec.decision_ids
        if action not in ids:
            raise KeyError(f"'{action}' is not in the action table of {self._spec.name}")
        return ids[action]

    def current_player(self) -> int:
        actor = self._node.state.current_actor()
        if actor is None:
            return int(pyspiel.PlayerId.TERMINAL)
        if actor == CHANCE:
            return int(pyspiel.PlayerId.CHANCE)
        return self._spec.seat_index[actor]

    def _legal_actions(self, player: int) -> list[int]:
        ids = self._spec.decision_ids
        return sorted(ids[a] for a in self._node.state.legal_actions())

    def chance_outcomes(self) -> list[tuple[int, float]]:
        ids = self._spec.chance_ids
        return sorted((ids[a], p) for a, p in self._node.state.chance_outcomes())

    def _apply_action(self, action: int) -> None:
        chance = self._node.state.current_actor() == CHANCE
        table = self._spec.chance_actions if chance else self._spec.decision_actions
        self._node = _step(self._node, table[action])

    def _action_to_string(self, player: int, action: int) -> str:
        if player == pyspiel.PlayerId.CHANCE:
            return self._spec.chances[action]
        return self._spec.decisions[action]

    def is_terminal(self) -> bool:
        return self._node.state.is_over()

    def returns(self) -> list[float]:
        return self._node.state.returns()

    def __str__(self) -> str:
        node = self._node
        if ("str",) not in node.strings:
            s = node.state
            node.strings["str",] = (
                _render(s.view_for(CONTROL), log=False) + f"\ndigest {s.digest()}"
            )
        return node.strings["str",]


# -- what a player observes ------------------------------------------------------------------
class NearAbroadObserver:
    """String observations from ``view_for(seat)``; no tensor (``tensor`` is None).

    ``private_info``: SINGLE_PLAYER shows the seat's own hand and its own
    draws, NONE only what every seat sees, ALL_PLAYERS everything (Control's
    view). ``perfect_recall`` adds the visible log and the record of moves.
    """

    tensor = None
    """No tensor: OpenSpiel then offers strings only."""
    dict: builtins.dict[str, Any] = {}
    """Named views of the tensor (none here); the PyObserver interface's name."""

    def __init__(self, iig_obs_type: Any, params: builtins.dict[str, Any] | None):
        if params:
            raise ValueError(f"observation parameters not supported; passed {params}")
        self.perfect_recall = bool(iig_obs_type.perfect_recall)
        self.public_info = bool(iig_obs_type.public_info)
        self.private = iig_obs_type.private_info

    def set_from(self, state: NearAbroadState, player: int) -> None:
        """No tensor to fill."""

    def string_from(self, state: NearAbroadState, player: int) -> str:
        key = (self.private, self.public_info, self.perfect_recall, player)
        cache = state._node.strings
        if key not in cache:
            cache[key] = self._string(state, player)
        return cache[key]

    def _string(self, state: NearAbroadState, player: int) -> str:
        seat = state.seat_of(player)
        engine = state.engine_state
        if self.private == pyspiel.PrivateInfoType.ALL_PLAYERS:
            view, mode = engine.view_for(CONTROL), "all"
        elif self.private == pyspiel.PrivateInfoType.NONE:
            view, mode = engine.view_for(seat), "public"
        else:
            view, mode = engine.view_for(seat), "own"
        if not self.public_info:
            return f"{seat}: hand {' '.join(view.hand) or '-'}" if mode == "own" else ""
        text = _render(view, log=self.perfect_recall, public_only=mode == "public")
        if self.perfect_recall:
            moves = []
            for m in state._node.move_list():
                if m.private_to is None:
                    moves.append(f"{m.actor}: {m.text}")
                elif mode == "all" or (mode == "own" and m.private_to == seat):
                    moves.append(f"chance: {m.private}")
                else:
                    moves.append(f"chance: {m.public}")
            text += "\nmoves: " + "; ".join(moves)
        return text


def _render(view: View, log: bool, public_only: bool = False) -> str:
    """A view as text: the board, the hands it may see, and (with ``log``) its log."""

    def kv(d: dict[str, int]) -> str:
        return " ".join(f"{k}={v}" for k, v in d.items()) or "-"

    lines = [
        f"turn {view.turn} ({view.turn_label}, {view.date}) round {view.round} phase {view.phase}",
        f"acting: {view.acting or '-'}; {view.prompt}",
        f"tracks: {kv(view.tracks)}",
        f"flags: {' '.join(sorted(view.flags)) or '-'}",
        f"vp: {kv(view.vp)}",
    ]
    for region, infl in view.influence.items():
        forces = view.forces.get(region, {})
        lines.append(
            f"{region} ({view.controllers[region]}): influence {kv(infl)}; forces {kv(forces)}"
        )
    lines.append(f"hand sizes: {kv(view.hand_sizes)}; deck {view.deck_size}")
    lines.append(
        f"discard: {' '.join(view.discard) or '-'}; removed: {' '.join(view.removed) or '-'}"
    )
    if not public_only:
        for seat, hand in view.hands.items():
            lines.append(f"hand {seat}: {' '.join(hand) or '-'}")
        if view.legal:
            lines.append(f"legal: {', '.join(str(a) for a in view.legal)}")
    if view.result is not None:
        winners = ", ".join(view.result.winners) or "nobody"
        lines.append(f"result: {view.result.kind} ({winners}): {view.result.reason}")
    if log:
        lines.append("log:")
        for e in view.log:
            text = e.text
            if public_only and e.audience:
                if not e.public_text:
                    continue
                text = e.public_text
            lines.append(f"  {e.step}: {text}")
    return "\n".join(lines)


# -- registration ----------------------------------------------------------------------------
def register(rules: Ruleset, short_name: str | None = None) -> str:
    """Register ``rules`` as a pyspiel game and return its short name.

    Registering the same rules (same digest) again is a no-op; other rules under
    a name already taken raise ValueError (choose another ``short_name``).
    """
    name = short_name or short_name_of(rules)
    if name in _SPECS:
        if _SPECS[name].rules.digest != rules.digest:
            raise ValueError(
                f"'{name}' is already registered for other rules "
                f"({_SPECS[name].rules.root or _SPECS[name].rules.id}); pass another short_name"
            )
        return name
    if name in pyspiel.registered_names():
        raise ValueError(f"'{name}' is already an OpenSpiel game; pass another short_name")
    spec = _Spec(rules, name)
    _SPECS[name] = spec
    # A class, like OpenSpiel's own Python games: pyspiel keeps the factory until the
    # process exits, and a class (unlike a plain function) is never freed by that last
    # release, which happens after Python has shut down.
    game_class = type(f"NearAbroadGame_{name}", (NearAbroadGame,), {"registered_spec": spec})
    pyspiel.register_game(spec.game_type, game_class)
    return name


def load_game(rules: Ruleset, seed: int = 0) -> NearAbroadGame:
    """Register ``rules`` (if needed) and load the game with ``seed``."""
    name = register(rules)
    game: NearAbroadGame = pyspiel.load_game(name, {"seed": seed})
    return game
