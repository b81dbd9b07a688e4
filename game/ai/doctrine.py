"""Doctrines: what an actor's bot cares about besides victory points.

The scenario gives each actor a doctrine in its YAML (``actors.<id>.doctrine``):
weights keyed by track id (per step of the track above or below its start),
objective id (on the objective being met, graded by how close it is), flag id
(on the flag being set) and region id (per point of the actor's own influence
and forces there). Positive weights pull toward, negative weights away.

A seminar or an experiment compares ways of playing the same actor, so the
actor may also name alternative readings (``actors.<id>.doctrines``), each
merged over its doctrine; a bot takes one by name, or a dict of weights, plus
overrides. Everything about a scenario's actors is in its YAML: this module
holds only the mechanics of choosing and merging.
"""

from __future__ import annotations

from collections.abc import Mapping

from game.ruleset.diagnostics import did_you_mean
from game.ruleset.model import Ruleset
from game.ruleset.validate_aims import BUILTIN_DOCTRINES

BUILTIN = BUILTIN_DOCTRINES
"""Names that work for every actor: the YAML doctrine as written, or no doctrine at all."""


def doctrine_names(rules: Ruleset, actor: str) -> tuple[str, ...]:
    """The doctrine names a bot of ``actor`` accepts in this scenario."""
    named = rules.actors[actor].doctrines if actor in rules.actors else {}
    return BUILTIN + tuple(named)


def doctrine_title(rules: Ruleset, actor: str, name: str) -> str:
    """A doctrine's name for menus: its title in the YAML, or words for a built-in one."""
    if name == "scenario":
        return "As the scenario says"
    if name == "vp_only":
        return "Victory points only"
    return rules.actors[actor].doctrines[name].title


def check_doctrine_name(rules: Ruleset, actor: str, name: str) -> None:
    """Raise ValueError, with a did-you-mean, unless ``name`` is a doctrine of ``actor``."""
    names = doctrine_names(rules, actor)
    if name not in names:
        hint = did_you_mean(name, names)
        raise ValueError(
            f"no doctrine '{name}' for {actor} in {rules.id}; "
            + (hint if hint else f"choose one of: {', '.join(names)}")
        )


def resolve_doctrine(
    rules: Ruleset,
    actor: str,
    doctrine: str | Mapping[str, float] | None = None,
    overrides: Mapping[str, float] | None = None,
) -> dict[str, float]:
    """The weights a bot of ``actor`` plays by: YAML doctrine, then a named doctrine or a
    dict, then ``overrides``. Raises ValueError for an unknown name or a key the rules do
    not define."""
    if actor not in rules.actors:
        raise ValueError(f"'{actor}' is not an actor of {rules.id}")
    weights = dict(rules.actors[actor].doctrine)
    if isinstance(doctrine, str):
        check_doctrine_name(rules, actor, doctrine)
        if doctrine == "vp_only":
            weights = {}
        elif doctrine != "scenario":
            weights.update(rules.actors[actor].doctrines[doctrine].weights)
    elif doctrine is not None:
        weights.update(doctrine)
    if overrides:
        weights.update(overrides)
    known = set(rules.tracks) | set(rules.objectives) | set(rules.flags) | set(rules.regions)
    unknown = sorted(k for k in weights if k not in known)
    if unknown:
        raise ValueError(
            f"doctrine keys must be track, objective, flag or region ids; unknown: "
            f"{', '.join(unknown)}"
        )
    return {k: float(v) for k, v in weights.items() if v}
