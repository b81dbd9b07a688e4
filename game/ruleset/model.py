"""The ruleset model: frozen attrs classes for everything a scenario declares.

Each class maps one YAML definition; each field carries its documentation, from
which the JSON Schema and the modding reference are generated. Collections are
maps keyed by id. The loader fills these from YAML and nothing else writes them.
"""

from __future__ import annotations

from typing import Any, Literal

import attrs

from game.ruleset.diagnostics import Pos
from game.ruleset.effects import Effect, Option
from game.ruleset.layers import HistoryStep
from game.ruleset.texts import Catalogue
from game.ruleset.types import (
    ActorId,
    ActorRef,
    Amount,
    Colour,
    Condition,
    Date,
    EventId,
    RegionId,
    SideId,
    Version,
    WeightKey,
    const,
    field,
)

FORMAT_VERSION = 2
"""The rules format this engine reads; manifests declare theirs in `format:`."""


@attrs.frozen(kw_only=True)
class Turn:
    """One turn of the calendar."""

    label: str = field("How the turn is named on the board ('Week 1').", words=True)
    date: Date = field("The date the turn starts, YYYY-MM-DD.")


@attrs.frozen(kw_only=True)
class Victory:
    """How the game is won when it runs its full length."""

    tie: Literal["shared", "none"] = field(
        "When the top scores are equal: `shared` (all tied actors win) or `none`.", "shared"
    )
    by: Literal["vp", "margin"] = field(
        "What the top score is: `vp` (the most victory points) or `margin` (victory points "
        "minus the actor's own `par`, as in games where each side is judged against its own "
        "threshold; every seat then needs a par).",
        "vp",
    )
    text: str = field("The victory rules in words, for the help screen.", "", words=True)


@attrs.frozen(kw_only=True)
class Matrix:
    """Matrix arguments: a seat argues for an outcome in free text; dice decide."""

    enabled: bool = field("May seats make arguments instead of playing a card?", False)
    adjudication: Literal["control", "vote"] = field(
        "`control`: the Control cell sets the odds (needs a Control seat); `vote`: the other "
        "seats vote, each vote for lowering the roll needed by one, each against raising it.",
        "control",
    )
    need: int = field("The 2d6 roll an argument needs before adjudication (7: even odds).", 7)


@attrs.frozen(kw_only=True)
class Timer:
    """A countdown per action round, kept by the table's clock, never by the engine."""

    seconds: int = field("Seconds per seat's decision in a round (0: no timer).", 0)
    on_expiry: Literal["control", "pass"] = field(
        "When it runs out: `control` decides (the default), or the seat passes.", "control"
    )


@attrs.frozen(kw_only=True)
class Control:
    """Refinements of the control rule (influence beating every rival's by the stability)."""

    home_weight: int = field(
        "In a region whose `home` is an actor, that actor's influence counts this many times "
        "when control is decided (1: no advantage at home).",
        1,
    )
    outsider_needs_forces: tuple[str, ...] = field(
        "Region tags where the influence of an actor other than the region's `home` counts "
        "towards control only while it has forces there (e.g. `[capital]`: influence alone "
        "neither takes another state's capital nor contests it).",
        (),
    )


@attrs.frozen(kw_only=True)
class Manifest:
    """`scenario.yaml`: what the scenario is and how its turns run."""

    id: str = field("A short unique id, such as `caucasus-2020`.")
    title: str = field("The title shown on the start screen.", words=True)
    version: Version = field('The scenario\'s own version, as a quoted string: "1.0.0".')
    format: int = field("The rules format version this scenario is written in.")
    seats: tuple[ActorId, ...] = field(
        "The playable actors, in initiative order (who acts first in each round)."
    )
    calendar: tuple[Turn, ...] = field("The turns of the game, in order.")
    description: str = field("A paragraph introducing the scenario.", "", words=True)
    hand_size: int = field("Cards each seat holds after the draw at the start of a turn.", 4)
    action_rounds: int = field("Action rounds per turn; each seat plays one card per round.", 3)
    victory: Victory = field("How the game is won at the end.", attrs.Factory(Victory))
    turn_end: tuple[Effect, ...] = field("Effects applied at the end of every turn.", ())
    pass_allowed: bool = field("May a seat pass instead of playing a card?", False)
    matrix: Matrix = field("Matrix arguments for seminar play.", attrs.Factory(Matrix))
    timer: Timer = field("The phase timer for seminar play.", attrs.Factory(Timer))
    control: Control = field(
        "Refinements of the control rule (home advantage).", attrs.Factory(Control)
    )


@attrs.frozen(kw_only=True)
class Doctrine:
    """A named reading of how an actor plays: weights for its bot, merged over its doctrine."""

    title: str = field("A short name for menus ('Defensive realism').", words=True)
    text: str = field("What this reading of the actor wants, in a sentence or two.", "", words=True)
    weights: dict[WeightKey, float] = field(
        "Weights keyed by track, objective, flag or region id, merged over the actor's "
        "`doctrine` (0 drops a key).",
        factory=dict,
    )


@attrs.frozen(kw_only=True)
class Actor:
    """A party to the crisis: a state, a bloc or a non-state group."""

    name: str = field("The full name.", words=True)
    short: str = field("A label of 2 to 4 letters for the board (RU, AZ, ...).", words=True)
    called: str = field(
        "The name in running text and rules text ('Russia' for the Russian Federation); "
        "empty: the full name. Not translatable yet: the rules text it goes into is "
        "written in English by the game.",
        "",
    )
    colour: Colour = field("The actor's colour, #rrggbb (choose colour-blind-safe ones).")
    symbol: str = field("A second cue besides colour: one letter or a shape name.", "")
    kind: Literal["state", "bloc", "non_state"] = field(
        "`state`, `bloc` (an alliance or union) or `non_state`.", "state"
    )
    playable: bool = field("Can a player take this actor's seat?", True)
    description: str = field(
        "Who the actor is and what it wants, in a few sentences.", "", words=True
    )
    vp: int = field("Victory points at the start.", 0)
    resources: dict[str, int] = field("Starting resources by name (informational).", factory=dict)
    doctrine: dict[WeightKey, float] = field(
        "Weights a bot gives to tracks, objectives, flags and regions when it plays this actor "
        "(keyed by their ids; positive pulls towards, negative away).",
        factory=dict,
    )
    doctrines: dict[str, Doctrine] = field(
        "Named alternative ways of playing this actor, for bots and experiments; each one's "
        "weights are merged over `doctrine`.",
        factory=dict,
    )
    par: int | None = field(
        "The victory points this actor is expected to reach; with `victory: {by: margin}` the "
        "actor furthest above its own par wins.",
        None,
    )


@attrs.frozen(kw_only=True)
class Region:
    """A space on the board."""

    name: str = field("The region's name.", words=True)
    state: str = field("The state it belongs to (AM, AZ, GE, NK, RU, TR, IR, sea, ...).")
    lat: float = field("Latitude of its centre, degrees north.")
    lon: float = field("Longitude of its centre, degrees east.")
    adjacent: tuple[RegionId, ...] = field("Regions it borders (adjacency must be mutual).", ())
    stability: int = field("How hard it is to control: the margin of influence needed.", 2)
    tags: tuple[str, ...] = field(
        "Labels used by rules: battleground, energy, corridor, sea, off-map, ...", ()
    )
    influence: dict[ActorId, int] = field("Starting influence by actor.", factory=dict)
    forces: dict[ActorId, int] = field("Starting forces by actor.", factory=dict)
    text: str = field("A note on the region for the tooltip.", "", words=True)
    home: ActorId | None = field(
        "The actor whose own ground this is (for the scenario's `control` rule).", None
    )


@attrs.frozen(kw_only=True)
class Path:
    """A line of infrastructure drawn across regions: a pipeline, a railway, a corridor."""

    name: str = field("The name.", words=True)
    kind: Literal["pipeline", "railway", "corridor", "road"] = field("What kind of line.")
    regions: tuple[RegionId, ...] = field("The regions it runs through, in order.")
    text: str = field("A note for the tooltip.", "", words=True)


@attrs.frozen(kw_only=True)
class Threshold:
    """Effects that fire when a track reaches a value."""

    at: int = field("The value that triggers it.")
    effects: tuple[Effect, ...] = field("What happens.", ())
    direction: Literal["up", "down"] = field(
        "`up`: fires when the track rises to `at` or beyond; `down`: when it falls to it.", "up"
    )
    text: str = field("What it means, shown beside the track.", "", words=True)
    once: bool = field("Fire only the first time?", True)


@attrs.frozen(kw_only=True)
class Track:
    """A number the whole table watches: escalation, the peace process, ..."""

    name: str = field("The name shown beside the track.", words=True)
    min: int = field("The lowest value.", 0)
    max: int = field("The highest value.", 10)
    start: int = field("The value at the start.", 0)
    text: str = field("What the track measures.", "", words=True)
    thresholds: tuple[Threshold, ...] = field("Values that trigger effects.", ())


@attrs.frozen(kw_only=True)
class Operation:
    """What a card's operation points buy: one use targets one region."""

    name: str = field("The name on the button.", words=True)
    cost: Amount = field("Operation points per use (may use `self` and `target`).", const(1))
    target: Condition = field("Which regions may be targeted (uses `self`, `target`, `ops`).")
    effects: tuple[Effect, ...] = field("What one use does (uses `self` and `target`).", ())
    text: str = field("What the operation is, for the help screen.", "", words=True)
    per_card: int = field("Most uses per card played (0: no limit).", 0)


@attrs.frozen(kw_only=True)
class Outcome:
    """One row of a roll table: the totals it covers and what happens."""

    min: int = field("Lowest total (dice plus modifier) of this row.")
    max: int = field("Highest total of this row.")
    text: str = field("What happens, in words.", "", words=True)
    effects: tuple[Effect, ...] = field("The effects.", ())


@attrs.frozen(kw_only=True)
class RollTable:
    """Dice and outcomes; a total below the first row uses it, above the last uses the last."""

    outcomes: tuple[Outcome, ...] = field("The rows, from low totals to high.")
    dice: int = field("How many dice.", 1)
    sides: int = field("Sides per die.", 6)
    text: str = field("What the roll decides.", "", words=True)


@attrs.frozen(kw_only=True)
class Card:
    """A card: played for its event, or for operation points."""

    title: str = field("The title.", words=True)
    ops: int = field("Operation points when played for operations.")
    side: SideId = field("Whose event it is: an actor id, or `neutral` (anyone's).", "neutral")
    text: str = field("The card text, in our own words.", "", words=True)
    from_turn: int | None = field("The event is playable from this turn on.", None)
    until_turn: int | None = field("The event is playable up to this turn.", None)
    from_date: Date | None = field("The event is playable from the turn holding this date.", None)
    until_date: Date | None = field("The event is playable up to the turn holding this date.", None)
    when: Condition | None = field("The event is playable only when this holds.", None)
    event: tuple[Effect, ...] = field("The event's effects.", ())
    options: dict[str, Option] = field(
        "Instead of `event`: two or more options the player chooses between.", factory=dict
    )
    remove_after_event: bool = field(
        "Remove the card from the game once its event is played.", False
    )
    copies: int = field("How many copies are in the deck.", 1)
    date: Date | None = field("The historical date, for the card face.", None)


@attrs.frozen(kw_only=True)
class Objective:
    """What an actor wants: a condition worth victory points."""

    actor: ActorId = field("Whose objective.")
    title: str = field("A short title.", words=True)
    condition: Condition = field("When it is met (uses `self` for the owner).")
    vp: int = field("Victory points when scored.", 1)
    scoring: Literal["each_turn", "end", "once"] = field(
        "`each_turn`: at every turn's scoring; `end`: at the end of the game; `once`: the first "
        "time it is met at a scoring.",
        "each_turn",
    )
    text: str = field("The objective in words.", "", words=True)


@attrs.frozen(kw_only=True)
class Trigger:
    """When a scheduled event fires: on a turn, on a date, or when a condition first holds."""

    turn: int | None = field("At the start of this turn.", None)
    date: Date | None = field("At the start of the turn holding this date.", None)
    when: Condition | None = field("At the start of the first turn this holds.", None)


@attrs.frozen(kw_only=True)
class Contingency:
    """Another inject used instead of this one when a condition holds as it fires."""

    when: Condition = field("When the contingency replaces the inject.")
    use: EventId = field("The inject fired instead.")


@attrs.frozen(kw_only=True)
class Event:
    """A scheduled event or inject of the Master Scenario Events List: it fires once.

    It fires at the start of the turn its trigger names, or when Control fires it;
    Control may also delay or skip it.
    """

    title: str = field("The headline.", words=True)
    trigger: Trigger = field(
        "When it fires (empty with `manual: true`: only Control fires it).", attrs.Factory(Trigger)
    )
    text: str = field("What happens, in words.", "", words=True)
    effects: tuple[Effect, ...] = field("The effects.", ())
    audience: tuple[ActorRef, ...] = field("Who is told (empty: everyone).", ())
    visibility: Literal["public", "private"] = field(
        "`public`: every seat sees it; `private`: only the audience.", "public"
    )
    contingency: Contingency | None = field(
        "Another inject to fire instead when a condition holds.", None
    )
    manual: bool = field("Fired only by Control (no trigger of its own)?", False)
    msel: str = field("The inject's number in the Master Scenario Events List (e.g. 'M-07').", "")


@attrs.frozen(kw_only=True)
class Argument:
    """An outcome a seat may argue for in a matrix argument, and what success does."""

    title: str = field("The outcome, as the arguing seat would state it.", words=True)
    effects: tuple[Effect, ...] = field("What success does (`self` is the arguing seat).", ())
    text: str = field("What the outcome means, for the players and Control.", "", words=True)
    actors: tuple[ActorId, ...] = field("Who may argue for it (empty: every seat).", ())


@attrs.frozen(kw_only=True)
class EndCondition:
    """A sudden-death rule, checked after every card and at the end of every turn."""

    title: str = field("The headline.", words=True)
    when: Condition = field("When the game ends.")
    result: Literal["win", "most_vp", "none"] = field(
        "`win` (the `winner` wins), `most_vp` (the top score wins) or `none` (all lose)."
    )
    winner: ActorId | None = field("The winner, with result `win`.", None)
    text: str = field("What it means.", "", words=True)


@attrs.frozen(kw_only=True)
class Indicator:
    """A fact of the historical record, checked at the end of a game to compare it with history.

    Give either a `condition` with `historical: true|false`, or a `value` with a number.
    """

    title: str = field("What it records, as a short statement.", words=True)
    historical: bool | float = field(
        "What it was in history: true or false for a `condition`, a number for a `value`."
    )
    condition: Condition | None = field("A yes/no fact about the final state.", None)
    value: Amount | None = field("A number read off the final state.", None)
    scale: float = field(
        "For a `value`: how far from history counts as a full miss (distance = "
        "|value - historical| / scale, at most 1).",
        1.0,
    )
    text: str = field("Why it matters, and the source of the historical value.", "", words=True)


@attrs.frozen(kw_only=True)
class Flag:
    """A declared flag: a yes/no fact set by effects and read by conditions."""

    title: str = field(
        "A noun phrase with its article for rules text ('a signed ceasefire'): conditions read "
        "'needs a signed ceasefire' and, negated, 'needs no signed ceasefire'. Not "
        "translatable yet: the game builds English sentences around it.",
        "",
    )
    text: str = field("What it means when set (said when an effect sets it).", "", words=True)
    start: bool = field("Is it set at the start?", False)


# The collections a rule file may hold, with the class of their entries.
COLLECTIONS: dict[str, type] = {
    "actors": Actor,
    "regions": Region,
    "paths": Path,
    "tracks": Track,
    "operations": Operation,
    "roll_tables": RollTable,
    "cards": Card,
    "objectives": Objective,
    "events": Event,
    "end_conditions": EndCondition,
    "flags": Flag,
    "arguments": Argument,
    "indicators": Indicator,
}
# The id kind a reference names -> the collection holding it.
REF_COLLECTION = {
    "actor": "actors",
    "region": "regions",
    "track": "tracks",
    "card": "cards",
    "flag": "flags",
    "event": "events",
    "roll_table": "roll_tables",
    "objective": "objectives",
    "argument": "arguments",
    "indicator": "indicators",
}


@attrs.frozen(kw_only=True)
class Ruleset:
    """A whole scenario, loaded and validated; shared, never changed, by every game."""

    manifest: Manifest
    actors: dict[str, Actor]
    regions: dict[str, Region]
    paths: dict[str, Path]
    tracks: dict[str, Track]
    operations: dict[str, Operation]
    roll_tables: dict[str, RollTable]
    cards: dict[str, Card]
    objectives: dict[str, Objective]
    events: dict[str, Event]
    end_conditions: dict[str, EndCondition]
    flags: dict[str, Flag]
    arguments: dict[str, Argument]
    indicators: dict[str, Indicator]
    digest: str = attrs.field(eq=False)
    """SHA-256 of the rule files' contents: saves name the exact rules they were played on."""
    positions: dict[str, Pos] = attrs.field(eq=False, repr=False, factory=dict)
    """Where each definition and value stands: ``'cards.peacekeepers'`` (the id) and
    ``'cards.peacekeepers.ops'``, ``'cards.peacekeepers.event.0.add_forces.amount'`` (its
    values, after layering) -> file:line:col."""
    root: str = attrs.field(eq=False, default="")
    """The folder it was loaded from (for messages only; the engine never reads files)."""
    layers: tuple[str, ...] = attrs.field(eq=False, default=())
    """The mods layered on the scenario, in load order ('id version')."""
    history: dict[str, tuple[HistoryStep, ...]] = attrs.field(
        eq=False, repr=False, factory=dict
    )
    """Per definition, every layer that defined, patched or replaced it, and where (also
    the template it inherits from, and for each template its own history)."""
    templates: dict[str, Any] = attrs.field(eq=False, repr=False, factory=dict)
    """Abstract templates by ``'collection.id'``: their fields as written (plain data), for
    ``explain``; they are not definitions of the game."""
    original: Ruleset | None = attrs.field(eq=False, repr=False, default=None)
    """When this is a translation (game.ruleset.texts.localised): the ruleset in the words
    it was written in. Games are played on that one (game.engine.index_for), so no
    translated word ever reaches a game's state, its digest or its saves."""
    translation: dict[str, str] = attrs.field(eq=False, repr=False, factory=dict)
    """When this is a translation: its words by their English (texts.shown looks up the
    English words the engine put in a position, such as a turn's name)."""
    catalogues: dict[str, Catalogue] = attrs.field(eq=False, repr=False, factory=dict)
    """Translations of the words by language ('ru'), from the ``locale/`` folders of the
    scenario and its mods (game.ruleset.catalogues); never part of the digest or of play."""

    @property
    def id(self) -> str:
        return self.manifest.id

    @property
    def seats(self) -> tuple[str, ...]:
        return self.manifest.seats

    @property
    def turns(self) -> int:
        return len(self.manifest.calendar)

    def turn_of_date(self, date: str) -> int:
        """The turn whose period holds ``date`` (1-based); 0 before the first turn."""
        turn = 0
        for i, t in enumerate(self.manifest.calendar, start=1):
            if t.date <= date:
                turn = i
        return turn
