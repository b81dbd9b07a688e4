"""Doctrines: what an actor's bot cares about besides victory points.

The scenario gives each actor a doctrine in its YAML (``actors.<id>.doctrine``):
weights keyed by track id (per step of the track above or below its start),
objective id (on the objective being met, graded by how close it is), and, as
an extension the bots accept, flag id (on the flag being set) and region id
(per point of the actor's own influence and forces there). Positive weights
pull toward, negative weights away.

A seminar compares ways of playing the same actor, so a bot takes a doctrine
*override*: a dict merged over the scenario's weights (a key set to 0 drops
it), or the name of a preset kept here, or both. Presets are data about one
scenario's actors; a modder who wants others passes a dict (e.g. from the
command line's bot settings) until the rules format carries named doctrines.
"""

from __future__ import annotations

from collections.abc import Mapping

from game.ruleset.model import Ruleset

PRESETS: dict[str, dict[str, dict[str, dict[str, float]]]] = {
    "caucasus-2020": {
        "russia": {
            # Hold what Russia has: its own presence, and outsiders kept out of the region.
            "defensive": {
                "russian_presence": 1.2,
                "western_influence": -1.2,
                "turkish_role": -1.2,
                "islamist_threat": -1.0,
                "minsk_group": -0.4,
                "ceasefire": 0.2,
                "escalation": -0.6,
                "energy_security": 0.0,
                "ru_mediator": 0.3,
                "ru_peacekeepers": 0.6,
                "ru_no_nato": 1.2,
                "ru_no_west": 1.2,
                "ru_energy": 0.2,
                "ru_no_islamism": 1.0,
                "ru_sphere": 0.3,
                "NCA": 0.4,
                "GYU": 0.3,
            },
            # Reach out: broker the peace, put troops in Karabakh, pull both capitals in.
            "expansive": {
                "russian_presence": 0.8,
                "western_influence": -0.3,
                "turkish_role": -0.3,
                "islamist_threat": -0.2,
                "minsk_group": -1.0,
                "ceasefire": 1.0,
                "escalation": -0.2,
                "energy_security": -0.6,
                "ru_mediator": 1.5,
                "ru_peacekeepers": 1.4,
                "ru_no_nato": 0.2,
                "ru_no_west": 0.2,
                "ru_energy": 0.8,
                "ru_no_islamism": 0.1,
                "ru_sphere": 1.5,
                "YER": 0.4,
                "BAK": 0.4,
            },
        },
    },
}
"""Named doctrines by scenario id, actor and name; each is merged over the YAML doctrine."""

BUILTIN = ("scenario", "vp_only")
"""Names that work for every actor: the YAML doctrine as written, or no doctrine at all."""


def doctrine_names(rules: Ruleset, actor: str) -> tuple[str, ...]:
    """The doctrine names a bot of ``actor`` accepts in this scenario."""
    return BUILTIN + tuple(sorted(PRESETS.get(rules.id, {}).get(actor, {})))


def resolve_doctrine(
    rules: Ruleset,
    actor: str,
    doctrine: str | Mapping[str, float] | None = None,
    overrides: Mapping[str, float] | None = None,
) -> dict[str, float]:
    """The weights a bot of ``actor`` plays by: YAML doctrine, then a preset or dict, then
    ``overrides``. Raises ValueError for an unknown name or a key the rules do not define."""
    if actor not in rules.actors:
        raise ValueError(f"'{actor}' is not an actor of {rules.id}")
    weights = dict(rules.actors[actor].doctrine)
    if isinstance(doctrine, str):
        if doctrine == "vp_only":
            weights = {}
        elif doctrine != "scenario":
            presets = PRESETS.get(rules.id, {}).get(actor, {})
            if doctrine not in presets:
                names = ", ".join(doctrine_names(rules, actor))
                raise ValueError(f"no doctrine '{doctrine}' for {actor}; choose one of: {names}")
            weights.update(presets[doctrine])
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
