"""Checks of what the actors aim at and how a game is judged: doctrines, pars, indicators.

These sit beside :mod:`game.ruleset.validate` because they read the scoring side
of a scenario (who wins, how a bot weighs its moves, how a game is compared
with history) rather than the board: a doctrine weight that names no track,
objective, flag or region would silently do nothing, and a margin victory
without a par for every seat could not be decided.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import TypeVar

from game.ruleset.diagnostics import Diagnostic, Pos, did_you_mean
from game.ruleset.model import Ruleset

BUILTIN_DOCTRINES = ("scenario", "vp_only")
"""Doctrine names every actor has: its YAML doctrine as written, or none at all."""
T = TypeVar("T")

DOCTRINE_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
"""Doctrine names appear on the command line (``heuristic:defensive``): keep them plain."""


def check_aims(
    rs: Ruleset,
    ids: Mapping[str, frozenset[str]],
    manifest_ok: bool,
    mpos: Mapping[str, Pos],
) -> list[Diagnostic]:
    """Every problem with doctrines, pars, the control rule and historical indicators."""
    out: list[Diagnostic] = []
    out.extend(_doctrines(rs))
    out.extend(_indicators(rs))
    if manifest_ok:
        out.extend(_pars(rs, mpos))
        out.extend(_control(rs, ids, mpos))
    return out


def _where(rs: Ruleset, *keys: str) -> Pos | None:
    for key in keys:
        if key in rs.positions:
            return rs.positions[key]
    return None


def _items(d: Mapping[str, T]) -> Iterator[tuple[str, T]]:
    """The entries that structured cleanly (a broken entry is None in the ruleset)."""
    for k, v in d.items():
        if v is not None:
            yield k, v


def _doctrines(rs: Ruleset) -> Iterator[Diagnostic]:
    """Names of doctrines that a command line could not pick. (Weight keys are references,
    checked while the actor is read: see types.WeightKey.)"""
    for aid, actor in rs.actors.items():
        base = f"actors.{aid}"
        for name in actor.doctrines if actor is not None else _written_doctrines(rs, base):
            dkey = f"{base}.doctrines.{name}"
            pos = _where(rs, f"{dkey}#key", dkey, base)
            if name in BUILTIN_DOCTRINES:
                yield Diagnostic(
                    "E0302",
                    f"doctrine '{name}' of {aid} has a reserved name",
                    pos,
                    f"'{name}' already means "
                    + ("the actor's own doctrine" if name == "scenario" else "no doctrine")
                    + "; choose another name",
                )
            elif not DOCTRINE_NAME.match(name):
                yield Diagnostic(
                    "E0204",
                    f"doctrine name '{name}' of {aid} is not a plain id",
                    pos,
                    "use lower-case letters, digits and '_' (it is typed as "
                    f"'heuristic:{name}' on the command line)",
                )


def _written_doctrines(rs: Ruleset, base: str) -> list[str]:
    """The doctrine names an actor that did not structure (a mistake elsewhere in it) was
    written with, from the places of its keys: its names are checked in the same load."""
    prefix, suffix = f"{base}.doctrines.", "#key"
    return [
        key[len(prefix) : -len(suffix)]
        for key in rs.positions
        if key.startswith(prefix) and key.endswith(suffix) and "." not in key[len(prefix) :]
    ]


def _pars(rs: Ruleset, mpos: Mapping[str, Pos]) -> Iterator[Diagnostic]:
    by_margin = rs.manifest.victory.by == "margin"
    for seat in rs.manifest.seats:
        actor = rs.actors.get(seat)
        if actor is None:
            continue
        if by_margin and actor.par is None:
            yield Diagnostic(
                "E0202",
                f"victory is by margin over par, but seat '{seat}' has no par",
                _where(rs, f"actors.{seat}") or mpos.get("victory"),
                f"add 'par: <victory points>' to actors.{seat}, or set victory 'by: vp'",
            )
    if not by_margin:
        for aid, actor in _items(rs.actors):
            if actor.par is not None:
                yield Diagnostic(
                    "W0306",
                    f"actor '{aid}' has a par, but victory is by victory points",
                    _where(rs, f"actors.{aid}.par", f"actors.{aid}"),
                    "set 'victory: {by: margin}' in scenario.yaml for pars to count",
                )


def _control(
    rs: Ruleset, ids: Mapping[str, frozenset[str]], mpos: Mapping[str, Pos]
) -> Iterator[Diagnostic]:
    rule = rs.manifest.control
    pos = mpos.get("control")
    if rule.home_weight < 1:
        yield Diagnostic(
            "E0304",
            f"control home_weight {rule.home_weight} must be at least 1",
            pos,
            "1 gives no home advantage; 2 counts the home actor's influence twice",
        )
    for tag in rule.outsider_needs_forces:
        if tag not in ids["tag"]:
            yield Diagnostic(
                "E0301",
                f"unknown tag '{tag}' in control's outsider_needs_forces",
                pos,
                did_you_mean(tag, ids["tag"]) or "name a tag that regions carry",
            )
    if (rule.home_weight > 1 or rule.outsider_needs_forces) and not any(
        r is not None and r.home for r in rs.regions.values()
    ):
        yield Diagnostic(
            "W0306",
            "the control rule gives a home advantage, but no region names its 'home'",
            pos,
            "add 'home: <actor id>' to the regions that are an actor's own ground",
        )


def _indicators(rs: Ruleset) -> Iterator[Diagnostic]:
    for iid, ind in _items(rs.indicators):
        key = f"indicators.{iid}"
        pos = _where(rs, key)
        if (ind.condition is None) == (ind.value is None):
            yield Diagnostic(
                "E0202",
                f"indicator '{iid}' needs either a 'condition' or a 'value', not "
                + ("both" if ind.condition is not None else "neither"),
                pos,
                "a yes/no fact takes 'condition:'; a number read off the board takes 'value:'",
            )
            continue
        hpos = _where(rs, f"{key}.historical", key)
        if ind.condition is not None and not isinstance(ind.historical, bool):
            yield Diagnostic(
                "E0201",
                f"indicator '{iid}' has a condition, so its historical value must be true "
                f"or false (found {ind.historical:g})",
                hpos,
                "write 'historical: true' or 'historical: false'",
            )
        if ind.value is not None and isinstance(ind.historical, bool):
            yield Diagnostic(
                "E0201",
                f"indicator '{iid}' has a value, so its historical value must be a number "
                f"(found {str(ind.historical).lower()})",
                hpos,
                "write the number it had in history, e.g. 'historical: 5'",
            )
        if ind.scale <= 0:
            yield Diagnostic(
                "E0304",
                f"indicator '{iid}' has scale {ind.scale:g}; it must be above 0",
                _where(rs, f"{key}.scale", key),
                "the scale is how far from history counts as a full miss",
            )
